"""Every text in every explorer and answer box reads, in light and in dark mode (issue 20):
WCAG 2.1 AA contrast, 4.5:1 (3:1 for large text: 24 px, or 18.66 px bold), measured on
what the reader's browser paints. axe-core leaves SVG text out; here each SVG ``<text>``
is read against the fill of the cell, bar or card behind it, with its opacity.

One page load per chapter and mode; the measuring is one ``page.evaluate``
(tests/explorer_text.py)."""

from __future__ import annotations

import pytest
from explorer_text import CHAPTERS, show, texts

from booksite import open_in

pytestmark = pytest.mark.browser
# an answer box's verdicts appear only once answered: one of each is shown to be measured
VERDICTS = """() => document.querySelectorAll('.pt-check').forEach((box, i) => {
  if (i) return;
  for (const [cls, text] of [['pt-right', '✓ right'], ['pt-wrong', '✗ not yet: a hint']]) {
    const v = document.createElement('div');
    v.className = 'pt-verdict ' + cls;
    v.textContent = text;
    box.appendChild(v);
  }
})"""


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("path", CHAPTERS)
def test_every_explorer_text_has_aa_contrast(browser, base_url, path, mode):
    context, page = open_in(browser, base_url + path, mode)
    try:
        page.evaluate(VERDICTS)
        measured = texts(page)
    finally:
        context.close()
    if not measured:
        pytest.skip(f"{path} has no explorer and no answer box")
    low = sorted(
        (r for r in measured if r["ratio"] < (3 if r["large"] else 4.5)), key=lambda r: r["ratio"]
    )
    assert not low, f"{path} in {mode} mode: {len(low)} texts under AA contrast\n" + show(low)
