"""Fetch the front-end files the book's pages load, at pinned versions, into vendor/.

The built site must work with no network: MathJax is served with the book instead of
from a CDN. Files come from the npm registry (``npm pack``), are checked against a
pinned SHA-256, and are never committed (vendor/ is git-ignored).

The browser tests' own tools (axe-core, which checks the pages' accessibility) go to
tests/vendor/ instead, and the slides' reveal.js (tools/slides.py copies it into
_build/slides/) to tools/vendor/: the site never serves them (everything in vendor/ is
copied into the book's _static/).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "vendor"
TEST_VENDOR = ROOT / "tests" / "vendor"
TOOLS_VENDOR = ROOT / "tools" / "vendor"

# package, version, sha256 of the npm tarball, folder inside it, where it goes in vendor/
ASSETS = [
    (
        "mathjax",
        "3.2.2",
        "1b9c0a1c44df864e915690558e72adb9cc5203360daefd385084ced3b6c64c09",
        "package/es5",
        "mathjax/es5",
    ),
]

# the same, for what only the slides load (tools/slides.py), never the book's pages
SLIDE_ASSETS = [
    (
        "reveal.js",
        "6.0.2",
        "2f0c20bfb02447a198a1ebe8a8c097a5437d035caa38f2820bf4ba887a3eac91",
        "package/dist",
        "reveal.js",
    ),
]

# the same, for what only the tests load (injected into the pages by Playwright)
TEST_ASSETS = [
    (
        "axe-core",
        "4.14.1",
        "e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745",
        "package",
        "axe-core",
    ),
]


def fetch(package: str, version: str, sha256: str, inner: str, dest: Path) -> None:
    stamp = dest / ".version"
    if stamp.exists() and stamp.read_text() == f"{version} {sha256}":
        print(f"{package}@{version}: already in {dest.relative_to(ROOT)}")
        return
    if not shutil.which("npm"):
        sys.exit("fetch_assets: npm is needed to fetch front-end assets (apt-get install npm)")
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{package}@{version}: downloading with npm pack ...", flush=True)
        name = (
            subprocess.run(
                ["npm", "pack", f"{package}@{version}", "--silent", "--pack-destination", tmp],
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        tarball = Path(tmp) / name
        digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
        if digest != sha256:
            sys.exit(f"fetch_assets: {name} has sha256 {digest}, expected {sha256}")
        with tarfile.open(tarball) as tar:
            members = [m for m in tar.getmembers() if m.name.startswith(inner + "/")]
            tar.extractall(tmp, members=members, filter="data")
        shutil.rmtree(dest, ignore_errors=True)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(Path(tmp) / inner), dest)
    stamp.write_text(f"{version} {sha256}")
    print(
        f"{package}@{version}: {sum(1 for _ in dest.rglob('*'))} files in {dest.relative_to(ROOT)}"
    )


def main() -> None:
    for package, version, sha256, inner, dest in ASSETS:
        fetch(package, version, sha256, inner, VENDOR / dest)
    for package, version, sha256, inner, dest in SLIDE_ASSETS:
        fetch(package, version, sha256, inner, TOOLS_VENDOR / dest)
    for package, version, sha256, inner, dest in TEST_ASSETS:
        fetch(package, version, sha256, inner, TEST_VENDOR / dest)


if __name__ == "__main__":
    main()
