"""The teaching guide and the errata state numbers, exercises, commands and dates that
live elsewhere in the repository: each is checked here against its source, with no build.

- reading minutes: the intro's reading map (tools/reading.py writes it from the build);
- exercises and answer boxes: counted in the chapters' sources;
- the lab's functions and points: pooltools' ``OP_RULES``, which the graded tests follow;
- the grading commands: the READMEs tools/classroom.py writes into the packs;
- the errata's dates: the commits named in each row's comment (``<!-- abc1234 -->``).

tests/test_book.py checks the built pages.
"""

from __future__ import annotations

import re
import subprocess

import pytest
import reading  # tools/reading.py

import classroom  # tools/classroom.py
from booksite import ROOT
from pooltools.exercises.implementation_check import OP_RULES

CHAPTERS = ROOT / "chapters"
GUIDE = (CHAPTERS / "teaching_guide.md").read_text(encoding="utf-8")
ERRATA = (CHAPTERS / "errata.md").read_text(encoding="utf-8")
MINUTES = reading.map_minutes((ROOT / "intro.md").read_text(encoding="utf-8"))
NUMBERED = sorted(stem for stem in MINUTES if stem[:2].isdigit())
LAB = "lab_build_pooling"
EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise\}[^\n]*\n(.*?)^\1[ \t]*$", re.M | re.S)
NAMED = re.compile(r"\{ref\}`(\d+)\.(\d+) <(ex-[\w-]+)>`")
WORDS = {4: "four"}


def exercises(stem: str) -> list[tuple[str, bool]]:
    """A chapter's exercises in order: (label, whether an answer box follows it)."""
    source = (CHAPTERS / f"{stem}.md").read_text(encoding="utf-8")
    found = []
    for match in EXERCISE.finditer(source):
        label = re.search(r":label:\s*(\S+)", match[2])[1]
        rest = source[match.end() :]
        solution = re.search(r"\{solution\}\s*" + re.escape(label) + r"\b", rest)
        assert solution, f"{stem}: no solution for {label}"
        found.append((label, 'check("' in rest[: solution.start()]))
    return found


def table(text: str, heading: str) -> list[list[str]]:
    """The body rows of the first table after the line ``heading``, cell by cell."""
    rows = []
    for line in text.split(heading + "\n", 1)[1].splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows:
            break
    assert len(rows) > 2, f"no table after {heading!r}"
    return rows[2:]  # without the header and the --- line


def chapters_in(cell: str) -> list[str]:
    """The chapters a cell names: '1–4', '5, 6, 10 and the lab', ..."""
    numbers = set()
    for first, last in re.findall(r"(\d+)(?:–(\d+))?", cell):
        numbers |= set(range(int(first), int(last or first) + 1))
    named = [stem for stem in NUMBERED if int(stem[:2]) in numbers]
    assert len(named) == len(numbers), f"{cell!r} names a chapter the map does not have"
    return named + [LAB] * ("lab" in cell)


def minutes(cell: str) -> int:
    return int(re.fullmatch(r"(\d+) min", cell)[1])


def prose(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_glance_table_gives_each_chapters_minutes_exercises_and_answer_boxes():
    rows = table(GUIDE, "## Chapters at a glance")
    said = {re.fullmatch(r"\{doc\}`(\w+)`", row[0])[1]: row[1:] for row in rows}
    assert list(said) == [*NUMBERED, LAB], "one row per chapter of the reading map, in its order"
    for stem, (reading_time, count, boxes) in said.items():
        assert minutes(reading_time) == MINUTES[stem], f"{stem}: not the reading map's minutes"
        if stem == LAB:
            assert count == boxes == "—"
            continue
        found = exercises(stem)
        assert int(count) == len(found), f"{stem}: {len(found)} exercises in the source"
        assert int(boxes) == sum(box for _, box in found), f"{stem}: answer boxes"


@pytest.mark.parametrize(
    "heading", ["## Three plans", "### A three-week module"], ids=["plans", "weeks"]
)
def test_each_plan_adds_up_its_chapters(heading):
    for row in table(GUIDE, heading):
        stems = chapters_in(row[1])
        assert minutes(row[2]) == sum(MINUTES[s] for s in stems), f"{row[0]}: reading"
        count = sum(len(exercises(s)) for s in stems if s != LAB)
        assert int(row[3]) == count, f"{row[0]}: exercises in chapters {row[1]}"


def test_the_module_covers_every_chapter_once():
    weeks = [chapters_in(row[1]) for row in table(GUIDE, "### A three-week module")]
    covered = [stem for week in weeks for stem in week]
    assert sorted(covered) == sorted([*NUMBERED, LAB])


def test_every_named_exercise_is_that_chapters_exercise_of_that_number():
    named = NAMED.findall(GUIDE)
    assert len(named) >= 10
    for chapter, number, label in named:
        stem = NUMBERED[int(chapter) - 1]
        assert stem.startswith(f"{int(chapter):02d}_")
        labels = [lab for lab, _ in exercises(stem)]
        assert label in labels, f"{label} is not an exercise of {stem}"
        assert labels.index(label) + 1 == int(number), f"{label} is not exercise {number}"
    for heading in ("### One lecture", "### A week's unit"):
        for row in table(GUIDE, heading):
            assert NAMED.search(row[1])[1] == row[0], f"{row[1]} sits in chapter {row[0]}'s row"


def named_in(heading: str) -> list[str]:
    return [NAMED.search(row[1])[3] for row in table(GUIDE, heading)]


def test_the_guides_other_numbers_come_from_their_sources():
    text = prose(GUIDE)
    assert f"at {reading.WORDS_PER_MINUTE} words a minute" in text
    core = [stem for stem in NUMBERED if int(stem[:2]) in reading.CORE]
    boxes = sum(box for stem in core for _, box in exercises(stem))
    assert f"as self-study ({boxes} in these chapters)" in text
    written = {label for stem in NUMBERED for label, box in exercises(stem) if not box}
    assert "the two that ask for a prediction" in text
    assert len(set(named_in("### One lecture")) & written) == 2
    assert set(named_in("### A week's unit")) <= written, "the week discusses written answers"
    points = sum(len(rules) for rules in OP_RULES.values())
    assert f"one point per rule of each function, {points} points in all" in text
    assert f"the lab's {WORDS[len(OP_RULES)]} functions" in text
    assert f"students write {WORDS[len(OP_RULES)]} functions" in text


def test_the_grading_commands_are_the_packs_own():
    """Every command the guide gives is one the packs' READMEs give (or the Makefile's
    target that makes the packs), and the whole grading flow is there."""
    said = classroom.INSTRUCTOR_README + classroom.STUDENT_README
    blocks = re.findall(r"^```sh\n(.*?)^```", GUIDE, re.M | re.S)
    commands = [line.split("  #")[0].strip() for b in blocks for line in b.splitlines()]
    commands = [c for c in commands if c]
    assert "make classroom" in commands
    assert re.search(
        r"^classroom:.*\n\t.*tools/classroom\.py", (ROOT / "Makefile").read_text(), re.M
    )
    invented = [c for c in commands if c != "make classroom" and c not in said]
    assert not invented, f"commands the packs' READMEs do not give: {invented}"
    for step in ("db student add", "generate_assignment lab", "autograde lab",
                 "generate_feedback lab", "export"):  # fmt: skip
        assert any(c.startswith(f"nbgrader {step}") for c in commands), step


def test_the_guide_says_what_stays_private_as_the_build_does():
    config = (ROOT / "_config.yml").read_text()
    assert re.search(r"^\s+html_copy_source: false$", config, re.M)
    assert "`html_copy_source: false`" in GUIDE


# ---- the errata --------------------------------------------------------------------------

ROW = re.compile(r"^\| (\S+) \| (.+?) \| (.+?) <!-- ([0-9a-f]{7,40}) --> \|$", re.M)


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_errata_list_dated_changes_in_iso_form():
    rows = table(ERRATA, "## Changes")
    assert len(rows) >= 10
    found = ROW.findall(ERRATA)
    assert len(found) == len(rows), "every row names its commit: <!-- abc1234 --> at the end"
    for date, chapter, what, _ in found:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", date), f"{date!r} is not YYYY-MM-DD"
        assert chapter, f"{date}: which chapter?"
        assert what.endswith("."), f"{date}: one sentence on what changed"
    dates = [date for date, *_ in found]
    assert dates == sorted(dates, reverse=True), "newest first"


def test_each_errata_date_is_its_commits_date_newest_first():
    commits = [commit for *_, commit in ROW.findall(ERRATA)]
    try:
        known = all(git("cat-file", "-t", c) == "commit" for c in commits)
    except (OSError, subprocess.CalledProcessError):
        known = False
    if not known:
        pytest.skip("the commits are not in this checkout's history (a shallow clone?)")
    times = []
    for date, _, _, commit in ROW.findall(ERRATA):
        assert git("show", "-s", "--format=%cs", commit) == date, f"{commit} is not of {date}"
        times.append(int(git("show", "-s", "--format=%ct", commit)))
    assert times == sorted(times, reverse=True), "rows in the order of their commits, newest first"
