"""A real JupyterLab for the tests: started on 127.0.0.1, driven by Playwright in Chromium.

    with JupyterLab(folder) as lab:          # serves `folder` with a fresh token
        page, problems = lab.open(browser, "01_why_pooling.ipynb")
        lab.run_all(page)
        lab.run_cell(page, lab.find_cell(page, "i, j = explorer.cell"))
        lab.cell(page, lab.append_cell(page, "print(6 * 7)")).locator(".jp-OutputArea")

The server gets its own config, data and runtime folders, with JupyterLab's news
announcements off (they would ask the network), and is stopped at the end.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

JUPYTER = Path(sys.executable).parent / "jupyter"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLab:
    NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"  # the one in view

    def __init__(self, root: Path, jupyter: Path = JUPYTER, env: dict | None = None):
        """``jupyter``: another venv's (a learner's); ``env``: the environment it starts in."""
        self.root, self.token, self.port = Path(root), secrets.token_hex(16), _free_port()
        self.jupyter, self.base_env = jupyter, env if env is not None else dict(os.environ)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> JupyterLab:
        self.home = Path(tempfile.mkdtemp(prefix="lab-home-"))
        labconfig = self.home / "config" / "labconfig"
        labconfig.mkdir(parents=True)
        disabled = {"@jupyterlab/apputils-extension:announcements": True}
        (labconfig / "page_config.json").write_text(json.dumps({"disabledExtensions": disabled}))
        # every cell in the DOM (no windowing), so the test sees what the learner scrolls to
        tracker = self.home / "settings" / "@jupyterlab" / "notebook-extension"
        tracker.mkdir(parents=True)
        (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
        env = {
            **self.base_env,
            "JUPYTER_CONFIG_DIR": str(self.home / "config"),
            "JUPYTER_RUNTIME_DIR": str(self.home / "runtime"),
            "IPYTHONDIR": str(self.home / "ipython"),
            "JUPYTERLAB_SETTINGS_DIR": str(self.home / "settings"),
            "HOME": str(self.home),
        }
        self.log = open(self.home / "server.log", "w")
        self.process = subprocess.Popen(
            [
                str(self.jupyter),
                "lab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={self.port}",
                f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root}",
                "--ServerApp.port_retries=0",
                "--allow-root",  # CI runs as root
                "--LabApp.extension_manager=readonly",
                "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, for run_all
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2)
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = (self.home / "server.log").read_text()
                    self.__exit__(None, None, None)
                    raise RuntimeError("JupyterLab did not start:\n" + log) from None
                time.sleep(0.5)

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.home, ignore_errors=True)

    def open(self, browser, notebook: str, width: int = 1280):
        """Open a notebook; returns the page and the list the console errors go to."""
        page, problems = self._page(browser, width)
        self.load(page, notebook)
        return page, problems

    def open_app(self, browser, width: int = 1280):
        """JupyterLab with no document open, in a page the tests keep: (page, problems),
        the list every console or page error goes to. Then ``show`` each notebook."""
        page, problems = self._page(browser, width)
        page.goto(f"{self.url}/lab?reset&token={self.token}")
        page.wait_for_function("() => window.jupyterapp", timeout=60000)
        page.evaluate("async () => { await window.jupyterapp.restored; }")  # plugins active
        return page, problems

    @staticmethod
    def _page(browser, width: int):
        """A new page and the list its console and page errors go to."""
        problems: list[str] = []
        page = browser.new_page(viewport={"width": width, "height": 1000})
        page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        return page, problems

    def load(self, page, notebook: str) -> None:
        """Load (or reload, as a learner does) JupyterLab in ``page`` with ``notebook`` open."""
        # ?reset: a fresh workspace, so no notebook of an earlier test is open behind this one
        page.goto(f"{self.url}/lab/tree/{notebook}?reset&token={self.token}")
        page.locator(self.NOTEBOOK + " .jp-Cell").first.wait_for(timeout=60000)
        self.wait_idle(page)

    def show(self, page, notebook: str) -> None:
        """Open ``notebook`` in the app already in ``page``, as a learner does from the file
        browser, once every document open before is closed (a test's notebook is saved by
        then, or not wanted: no dialog asks)."""
        self.close_all(page)
        page.evaluate(
            "path => window.jupyterapp.commands.execute('docmanager:open', {path})", notebook
        )
        page.locator(self.NOTEBOOK + " .jp-Cell").first.wait_for(timeout=60000)
        self.wait_idle(page)

    @staticmethod
    def close_all(page) -> None:
        """Close every document in the main area, unsaved changes dropped (no dialog)."""
        page.evaluate(
            "() => { for (const w of [...window.jupyterapp.shell.widgets('main')]) {"
            " if (w.context) w.context.model.dirty = false; w.dispose(); } }"
        )

    @staticmethod
    def wait_idle(page, timeout: float = 120) -> None:
        """Wait until the kernel is idle and no cell is queued or running."""
        page.wait_for_function(
            "() => { const s = document.querySelector('.jp-Notebook-ExecutionIndicator');"
            " const busy = [...document.querySelectorAll('.jp-InputPrompt')]"
            "   .some(p => p.textContent.includes('*'));"
            " return s && s.getAttribute('data-status') === 'idle' && !busy; }",
            timeout=timeout * 1000,
            polling=500,
        )

    def run_all(self, page, timeout: float = 180) -> None:
        """Run All Cells (the Run menu's command) once the kernel is ready; wait for the end."""
        page.wait_for_function("() => window.jupyterapp?.shell.currentWidget?.sessionContext")
        page.evaluate(
            "async () => { const app = window.jupyterapp, panel = app.shell.currentWidget;"
            " await panel.context.ready; await panel.sessionContext.ready;"
            " while (!panel.sessionContext.session?.kernel)"
            "   await new Promise(r => setTimeout(r, 200));"
            " await app.commands.execute('notebook:run-all-cells'); }"
        )
        self.wait_idle(page, timeout)

    # ---- one cell at a time: by its index in the notebook, as the model counts ----------

    def cell(self, page, index: int):
        """The cell at ``index`` (every cell is in the DOM: windowing is off)."""
        return page.locator(self.NOTEBOOK + " .jp-Cell").nth(index)

    @staticmethod
    def find_cell(page, start: str) -> int:
        """The index of the first cell whose source starts with ``start``."""
        index = page.evaluate(
            "start => window.jupyterapp.shell.currentWidget.content.widgets"
            ".findIndex(c => c.model.sharedModel.getSource().startsWith(start))",
            start,
        )
        if index < 0:
            raise LookupError(f"no cell starts with {start!r}")
        return index

    def run_cell(self, page, index: int, timeout: float = 60) -> None:
        """Select the cell at ``index`` and run it (Run Selected Cell); wait for the end."""
        page.evaluate(
            "async index => { const app = window.jupyterapp;"
            " app.shell.currentWidget.content.activeCellIndex = index;"
            " await app.commands.execute('notebook:run-cell'); }",
            index,
        )
        self.wait_idle(page, timeout)

    def append_cell(self, page, source: str, timeout: float = 60) -> int:
        """Insert a code cell holding ``source`` after the last one and run it; its index."""
        index = page.evaluate(
            "async source => { const app = window.jupyterapp,"
            " notebook = app.shell.currentWidget.content;"
            " notebook.activeCellIndex = notebook.widgets.length - 1;"
            " await app.commands.execute('notebook:insert-cell-below');"
            " if (notebook.activeCell.model.type !== 'code')"
            "   await app.commands.execute('notebook:change-cell-to-code');"
            " notebook.activeCell.model.sharedModel.setSource(source);"
            " return notebook.activeCellIndex; }",
            source,
        )
        self.run_cell(page, index, timeout)
        return index

    @staticmethod
    def screenshots(page, prefix) -> list[str]:
        """The whole notebook, one viewport at a time (JupyterLab scrolls inside a panel)."""
        scroller = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
        height = page.evaluate(f"() => document.querySelector('{scroller}').scrollHeight")
        step = page.evaluate(f"() => document.querySelector('{scroller}').clientHeight")
        paths = []
        for i, top in enumerate(range(0, max(height, 1), max(step - 40, 100))):
            page.evaluate(  # scrolled, then painted: two animation frames
                f"() => new Promise(done => {{ document.querySelector('{scroller}')"
                f".scrollTo(0, {top}); requestAnimationFrame(() => requestAnimationFrame(done));"
                " })"
            )
            paths.append(f"{prefix}-{i + 1:02d}.jpg")  # to look at: JPEG is cheaper
            page.screenshot(path=paths[-1], type="jpeg", quality=80)
        return paths

    def shut_down_kernels(self) -> None:
        """Stop every kernel the server runs, so one test's kernel does not idle into the next."""
        request = urllib.request.Request(f"{self.url}/api/kernels?token={self.token}")
        for kernel in json.load(urllib.request.urlopen(request, timeout=10)):
            stop = urllib.request.Request(
                f"{self.url}/api/kernels/{kernel['id']}?token={self.token}", method="DELETE"
            )
            urllib.request.urlopen(stop, timeout=30)
