"""The references page lists what the chapters cite, and only that."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "chapters" / "references.md"
ISSUE = re.compile(r"\b([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)#(\d+)\b")
# a link to an issue or pull request, whatever its text ([pytorch#3298](...))
LINK = re.compile(r"https://github\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/(?:issues|pull)/(\d+)")


def cited_issues():
    found = set()
    for path in [*sorted((ROOT / "chapters").glob("*.md")), ROOT / "intro.md"]:
        if path != PAGE:
            text = path.read_text(encoding="utf-8")
            found |= set(ISSUE.findall(text)) | set(LINK.findall(text))
    return found


def test_every_inline_issue_is_listed_with_its_link():
    page = PAGE.read_text(encoding="utf-8")
    missing = [
        f"{repo}#{number}"
        for repo, number in sorted(cited_issues())
        if not re.search(
            rf"\[{re.escape(repo)}#{number}\]\(https://github\.com/"
            rf"{re.escape(repo)}/(issues|pull)/{number}\)",
            page,
        )
    ]
    assert not missing, f"cited in the chapters but not listed on the references page: {missing}"


def test_page_lists_no_issue_the_chapters_do_not_cite():
    listed = set(ISSUE.findall(PAGE.read_text(encoding="utf-8")))
    assert listed <= cited_issues(), sorted(listed - cited_issues())


def test_bibliography_lists_only_cited_works():
    page = PAGE.read_text(encoding="utf-8")
    assert ":all:" not in page
    assert ":filter: cited" in page
