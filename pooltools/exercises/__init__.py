"""Self-checks for the book's exercises: they say right, or what is wrong, never the answer.

    >>> from pooltools.exercises import check
    >>> check("shape-224", 112)
    ✓ shape-224: right.
    >>> check("shape-224", 111)
    ✗ shape-224: not yet: 111 is not the answer. Hint: Use floor((L + 2p - d(k-1) - 1)/s) + 1.

Each expected answer is computed by pooltools when you check, not stored.

The package: ``bank.py`` (every exercise and how its answer is computed), ``checks.py``
(``check``, its verdicts and answer boxes; their browser side is ``static/``), and
``implementation_check.py`` (the lab's ``check_implementation``).
"""

from .bank import _ANSWERS, GRID  # noqa: F401  (_ANSWERS: the tests read the bank)
from .checks import (
    SALT,
    AnswerBox,
    Verdict,
    _compare,  # noqa: F401  (the tests compare answers with it)
    answer_spec,
    check,
    exercises,
    parse_nested,
    parse_number,
)
from .implementation_check import check_implementation

__all__ = [
    "GRID",
    "SALT",
    "AnswerBox",
    "Verdict",
    "answer_spec",
    "check",
    "check_implementation",
    "exercises",
    "parse_nested",
    "parse_number",
]
