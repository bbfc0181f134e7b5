"""The book build's parallel executor (_ext/parallel_execution.py): a kernel that fails to
start is started again, a cell's error is not, and a notebook whose kernel never starts is
handed back as failed (myst-nb then runs it on its own and reports it) instead of crashing
the build. Seen in a fresh-clone run: two kernels launched at once picked the same TCP port,
the second died with "Address already in use", and the whole build stopped."""

from __future__ import annotations

import nbformat
import parallel_execution
import pytest
from jupyter_cache.executors.utils import ExecutionResult


@pytest.fixture
def notebook():
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr(parallel_execution.time, "sleep", lambda seconds: None)


def fake_runs(monkeypatch, outcomes):
    """single_nb_execution replaced: each call takes the next outcome: an exception to raise
    (the kernel's), ("cell", error) for a cell's error that it reports, or None."""
    calls = []

    def run(nb, cwd, timeout, allow_errors):
        calls.append(nb)
        outcome = outcomes[len(calls) - 1]
        if isinstance(outcome, BaseException):
            raise outcome
        cell_error = outcome[1] if outcome else None
        return ExecutionResult(nb, cwd, 2.5, cell_error, None)

    monkeypatch.setattr(parallel_execution, "single_nb_execution", run)
    return calls


def test_a_kernel_that_failed_to_start_is_started_again(monkeypatch, notebook, tmp_path):
    calls = fake_runs(monkeypatch, [RuntimeError("Kernel didn't respond in 60 seconds"), None])
    _, seconds, failed, kernel_error = parallel_execution._execute(
        str(tmp_path / "a.md"), notebook, 60
    )
    assert len(calls) == 2
    assert not failed
    assert kernel_error is None
    assert seconds == 2.5
    assert calls[0] is not notebook  # each attempt runs a fresh copy


def test_a_kernel_that_never_starts_gives_a_failed_notebook_not_a_crash(
    monkeypatch, notebook, tmp_path
):
    calls = fake_runs(monkeypatch, [RuntimeError("Kernel didn't respond in 60 seconds")] * 3)
    _, _, failed, kernel_error = parallel_execution._execute(str(tmp_path / "a.md"), notebook, 60)
    assert len(calls) == 3
    assert failed
    assert kernel_error == "RuntimeError: Kernel didn't respond in 60 seconds"


def test_a_cells_error_is_not_retried(monkeypatch, notebook, tmp_path):
    calls = fake_runs(monkeypatch, [("cell", ValueError("a cell raised"))])
    _, _, failed, kernel_error = parallel_execution._execute(str(tmp_path / "a.md"), notebook, 60)
    assert len(calls) == 1
    assert failed
    assert kernel_error is None
