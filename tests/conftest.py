import os

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

from booksite import CHROMIUM, HTML, Server

settings.register_profile(
    "default",
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# CI explores the same examples on every run, so a red build is reproducible.
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True)
settings.register_profile("thorough", parent=settings.get_profile("default"), max_examples=2000)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)

# The longest files first: under `make test` (pytest-xdist, a file per worker, taken in this
# order) the learner's JupyterLab, a third of the suite's time on its own, starts at once on
# one core while the other core takes everything else.
SLOW_FIRST = ["test_learner.py", "test_takeaway.py", "test_pages_browser.py",
              "test_learner_without_address.py"]  # fmt: skip


def pytest_collection_modifyitems(items):
    def rank(item):
        name = item.path.name
        return SLOW_FIRST.index(name) if name in SLOW_FIRST else len(SLOW_FIRST)

    items.sort(key=rank)  # stable: each file keeps its own order


torch = pytest.importorskip("torch")
torch.set_num_threads(1)


@pytest.fixture
def rng():
    return np.random.default_rng(0)


# ---- the built book in a browser: one Chromium and one file server per test session ----


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = (
            f"Chromium is missing at {CHROMIUM}: sudo apt-get install chromium-headless-shell"
            " (Debian's), or set TEST_CHROMIUM to a Chromium binary"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make book` first (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def base_url():
    with Server() as url:
        yield url


@pytest.fixture
def blank_page(browser):
    """An empty page that fails the test on any console or page error."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    yield page
    page.close()
    assert not problems, "\n".join(problems)
