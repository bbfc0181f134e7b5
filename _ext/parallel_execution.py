"""Execute the chapters that are not in the execution cache on all cores, before Sphinx reads them.

myst-nb's cache mode executes each notebook when Sphinx reads it, one after another. Here,
when Sphinx knows which documents it will read, each one is turned into its notebook by
myst-nb's own reader (so the cache's hash is the one myst-nb will look up), the ones the
cache lacks run in ``nb_execution_workers`` processes at once (longest first), and each
success is stored in the cache exactly as myst-nb stores it. Sphinx then reads every page
from the cache. A notebook that fails here is left out of the cache, so myst-nb runs it
again itself and reports the error the usual way, and the build fails as before.
"""

from __future__ import annotations

import copy
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from myst_nb.core.read import create_nb_reader
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _execute(path: str, notebook, timeout: int):
    """In a worker process: run one notebook in its own folder, as myst-nb would.

    A kernel that fails to start is started again, twice at most: two kernels launched at
    the same moment can pick the same free TCP port, and the second one's bind fails ("Address
    already in use"; nbclient then reports "Kernel didn't respond"). A cell's error is not
    retried. If the kernel still fails, the notebook counts as failed, and myst-nb runs it
    again on its own and reports what happens.
    """
    for attempt in range(3):
        try:
            result = single_nb_execution(
                copy.deepcopy(notebook), cwd=str(Path(path).parent), timeout=timeout,
                allow_errors=False,
            )  # fmt: skip
        except Exception as error:  # the kernel, not a cell: cells' errors are in result.err
            reason = f"{type(error).__name__}: {error}"
            time.sleep(1 + attempt)
            continue
        return result.nb, result.time, result.err is not None, None
    return notebook, 0.0, True, reason


def execute_missing(app, env, docnames) -> None:
    config = env.mystnb_config
    workers = app.config.nb_execution_workers
    if config.execution_mode != "cache" or workers < 2:
        return
    cache = get_cache(config.execution_cache_path or ".jupyter_cache")
    missing = []
    for docname in docnames:
        path = str(env.doc2path(docname))
        text = Path(path).read_text(encoding="utf8")
        reader = create_nb_reader(path, env.myst_config, config, text)
        if reader is None:
            continue  # a plain Markdown page: nothing to run
        notebook = reader.read(text)
        if not any(c.cell_type == "code" for c in notebook.cells):
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            missing.append((path, notebook, reader.read_fmt))
    if not missing:
        return
    missing.sort(key=lambda m: -Path(m[0]).stat().st_size)  # the longest first, roughly
    logger.info(f"executing {len(missing)} notebooks in {workers} processes")
    start, timings = time.monotonic(), []
    with ProcessPoolExecutor(min(workers, len(missing))) as pool:
        futures = [
            (m, pool.submit(_execute, m[0], m[1], config.execution_timeout)) for m in missing
        ]
        for (path, _, read_fmt), future in futures:
            executed, seconds, failed, kernel_error = future.result()
            name = os.path.relpath(path, app.srcdir)
            if failed:  # myst-nb runs it again and reports the error
                why = f" (its kernel: {kernel_error})" if kernel_error else ""
                logger.info(f"{name}: failed{why}; myst-nb will run it again and report it")
                continue
            record = cache.add_nb_to_project(path, read_data=read_fmt)
            cache.cache_notebook_bundle(
                CacheBundleIn(executed, record.uri, data={"execution_seconds": seconds}),
                check_validity=False,
                overwrite=True,
            )
            logger.info(f"{name}: executed in {seconds:.1f} s")
            timings.append(f"{name}\t{seconds:.1f}\texecuted")
    wall = time.monotonic() - start
    logger.info(f"executed {len(missing)} notebooks in {wall:.0f} s (wall)")
    log = Path(app.outdir).parent / "timings" / "book.tsv"  # for tools/timed.py's table
    log.parent.mkdir(parents=True, exist_ok=True)
    timings.append(f"all notebooks, {workers} at a time (wall)\t{wall:.1f}\t")
    log.write_text("\n".join(timings) + "\n")


def setup(app):
    app.add_config_value("nb_execution_workers", min(2, os.cpu_count() or 1), "env")
    app.connect("env-before-read-docs", execute_missing)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
