"""What the explorers show on hover, a keyboard shows too (issue 20): in the shape lab
and the adaptive-bins explorer, Tab reaches the bars and the arrow keys walk the bars and
cells, lighting what a pointer would light and reading it out; in the downsample
explorer, Tab reaches each result and the arrow keys pick the output cell whose input
cells are outlined, with its value read out as pooltools computes it. And in every
explorer, what a pointer reads in a tooltip (a cell's value, a bar's softmax weight, a
window's cells) a keyboard reads: each drawing with tooltips takes Tab, and the arrow
keys walk its parts, ringing each and reading its tooltip out. The ring the keyboard
sees on the shape lab's and adaptive bins' bars and cells stands out 3:1 or more from
what it crosses, in light and dark mode (WCAG 2.1, 1.4.11; issue 26)."""

from __future__ import annotations

import json

import pytest

from booksite import open_in, open_page

pytestmark = pytest.mark.browser


def tab_until(page, selector, limit=12):
    """Press Tab until the focused element matches selector (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focused(page, script):
    return page.evaluate(f"() => {{ const e = document.activeElement; return {script}; }}")


@pytest.mark.parametrize(
    ("chapter", "kind"),
    [("04_output_shapes", "shape"), ("05_global_and_adaptive", "adaptive")],
)
def test_the_bars_and_cells_are_reached_and_read_out_by_keyboard(browser, base_url, chapter, kind):
    page, problems = open_page(browser, base_url + f"chapters/{chapter}.html")
    root = page.locator(f"[data-pooltools-explorer={kind}]").first
    root.locator("select, input").last.focus()
    tab_until(page, "svg.pt-line [data-bar]")
    assert focused(page, "e.dataset.bar") == "0"
    status = root.locator(".pt-status")
    label = focused(page, "e.getAttribute('aria-label')")
    assert label
    assert status.text_content() == label
    lit = root.locator("svg.pt-line .pt-cells .pt-lit")
    reads_bar_0 = root.locator('svg.pt-line [data-reads~="0"]')
    assert lit.count() == reads_bar_0.count() > 0
    page.keyboard.press("ArrowRight")
    assert focused(page, "e.dataset.bar") == "1"
    assert status.text_content() == focused(page, "e.getAttribute('aria-label')")
    assert lit.count() == root.locator('svg.pt-line [data-reads~="1"]').count()
    page.keyboard.press("End")  # past the bars: the last cell, which lights its bars
    assert focused(page, "e.dataset.reads !== undefined")
    reads = focused(page, "e.dataset.reads.trim().split(/\\s+/).filter(Boolean).length")
    assert root.locator("svg.pt-line .pt-bars .pt-lit").count() == reads
    # roving focus: Tab leaves the drawing instead of stepping through every cell
    assert root.locator("svg.pt-line [tabindex='0']").count() == 1
    page.close()
    assert not problems, "\n".join(problems)


def test_the_downsample_explorer_picks_cells_by_keyboard(browser, base_url):
    page, problems = open_page(browser, base_url + "chapters/07_strided_convolution.html")
    root = page.locator("[data-pooltools-explorer=downsample]").first
    root.locator("select").last.focus()
    tab_until(page, "svg.pt-grid[data-ds=max]")
    output = json.loads(root.get_attribute("data-output"))
    status = root.locator(".pt-status")
    first = output["max"][0][0]
    assert status.text_content().startswith(f"Output (0, 0) of max pooling = {first:g}")
    assert root.locator("svg.pt-grid[data-ds=input] .pt-over rect").count() > 0
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert status.text_content().startswith(
        f"Output (1, 1) of max pooling = {output['max'][1][1]:g}"
    )
    assert "reads input rows 2–3, columns 2–3" in status.text_content()
    tab_until(page, "svg.pt-grid[data-ds=conv]")
    assert "reads input rows 0–1, columns 0–1" in status.text_content()  # padding cut off
    page.close()
    assert not problems, "\n".join(problems)


TIPS = "() => [...document.activeElement.querySelectorAll('title')].map(t => t.parentElement)"
TIPPED = (
    "r => [...r.querySelectorAll('.pt-view svg')].filter(s => s.querySelector('title')"
    " && !s.matches('[data-grid], .pt-line, [data-ds]')).length"
)


@pytest.mark.parametrize(
    ("chapter", "kind"),
    [
        ("02_max_pooling", "window"),
        ("06_backpropagation", "gradient"),
        ("08_translation_robustness", "shift"),
        ("11_beyond_max_and_average", "family"),
        ("12_dilation_and_upsampling", "transpose"),
    ],
)
def test_every_tooltip_is_read_out_by_keyboard(browser, base_url, chapter, kind):
    page, problems = open_page(browser, base_url + f"chapters/{chapter}.html")
    root = page.locator(f"[data-pooltools-explorer={kind}]").first
    drawings = root.evaluate(TIPPED)
    assert drawings >= 1
    assert root.locator("svg[data-tips][tabindex='0']").count() == drawings
    root.locator("select, input").last.focus()
    tab_until(page, "svg[data-tips]")
    status = root.locator(".pt-status")
    tips = page.evaluate(TIPS + ".map(p => p.querySelector(':scope > title').textContent)")
    assert tips
    # Right walks every part in turn, each ringed alone and its tooltip read out
    heard = [status.text_content()]
    for _ in tips[1:]:
        page.keyboard.press("ArrowRight")
        heard.append(status.text_content())
        assert root.locator(".pt-tip").count() == 1
    assert heard == tips
    page.keyboard.press("Home")
    assert status.text_content() == tips[0]
    page.keyboard.press("End")
    assert status.text_content() == tips[-1]
    # Tab moves on to the next drawing (roving focus within one), and leaving clears the ring
    page.keyboard.press("Tab")
    assert root.locator("svg[data-tips] .pt-tip").count() == (
        1 if focused(page, "e.matches('svg[data-tips]')") else 0
    )
    page.close()
    assert not problems, "\n".join(problems)


# The focus ring round the focused bar or cell, measured: its two outlines (the ring, and
# the halo inside it) as painted, the box of what they ring, the card's colour, and every
# fill a ring on this drawing may cross (the cells and bars around it).
RING = """() => {
  const t = document.activeElement, svg = t.closest("svg"), g = svg.querySelector(".pt-focus");
  const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const paint = sel => {
    const e = g.querySelector(sel), s = getComputedStyle(e), r = e.getBoundingClientRect();
    return {stroke: rgb(s.stroke), width: parseFloat(s.strokeWidth),
            box: [r.left, r.top, r.right, r.bottom]};
  };
  const parts = t.dataset.bar !== undefined ? ".pt-bar-seg, .pt-bar-over" : ".pt-bg";
  const boxes = [...t.querySelectorAll(parts)].map(s => s.getBoundingClientRect());
  let card = null;
  for (let e = svg; e && !card; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg && !bg.endsWith(", 0)") && bg !== "transparent") card = rgb(bg);
  }
  const fills = [...svg.querySelectorAll(".pt-cells .pt-bg, .pt-bars rect")]
    .map(s => getComputedStyle(s).fill).filter(f => f.startsWith("rgb")).map(rgb);
  return {shown: getComputedStyle(g).display !== "none", scale: svg.getScreenCTM().a, card, fills,
    ring: paint(".pt-focus-ring"), halo: paint(".pt-focus-halo"),
    item: [Math.min(...boxes.map(b => b.left)), Math.min(...boxes.map(b => b.top)),
           Math.max(...boxes.map(b => b.right)), Math.max(...boxes.map(b => b.bottom))]};
}"""


def contrast(a, b):
    def lum(c):
        v = [x / 255 for x in c]
        v = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in v]
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def check_ring(page, what):
    m = page.evaluate(RING)
    assert m["shown"], f"no focus ring on the {what}"
    ring, halo = m["ring"], m["halo"]
    assert ring["width"] >= 2, what
    # outside what it rings (it does not sit on the bar's or cell's own colour): the
    # ring's inner edge, half its width inside its box, clears the item's box
    inset = ring["width"] * m["scale"] / 2
    left, top, right, bottom = m["item"]
    assert ring["box"][0] + inset <= left + 0.01, what
    assert ring["box"][1] + inset <= top + 0.01, what
    assert ring["box"][2] - inset >= right - 0.01, what
    assert ring["box"][3] - inset >= bottom - 0.01, what
    # 3:1 against the card and the halo beside it; and the two outlines so far apart
    # (9:1, WCAG technique C40) that whatever colour they cross, one of them stands out
    # 3:1 from it: checked for every fill on the drawing
    assert contrast(ring["stroke"], m["card"]) >= 3, (what, ring["stroke"], m["card"])
    assert contrast(ring["stroke"], halo["stroke"]) >= 9, (what, ring["stroke"], halo["stroke"])
    for fill in m["fills"] + [m["card"]]:
        best = max(contrast(ring["stroke"], fill), contrast(halo["stroke"], fill))
        assert best >= 3, (what, fill, ring["stroke"], halo["stroke"])


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize(
    ("chapter", "kind"),
    [
        ("04_output_shapes", "shape"),
        ("05_global_and_adaptive", "adaptive"),
        ("10_common_mistakes", "shape"),
        ("10_common_mistakes", "adaptive"),
    ],
)
def test_the_focus_ring_on_bars_and_cells_stands_out(browser, base_url, chapter, kind, mode):
    context, page = open_in(browser, base_url + f"chapters/{chapter}.html", mode)
    try:
        root = page.locator(f"[data-pooltools-explorer={kind}]").first
        root.locator("select, input").last.focus()
        tab_until(page, "svg.pt-line [data-bar]")
        check_ring(page, "first bar")
        page.keyboard.press("ArrowRight")
        check_ring(page, "second bar")
        page.keyboard.press("End")  # the last cell
        assert focused(page, "e.dataset.reads !== undefined")
        check_ring(page, "last cell")
        page.keyboard.press("ArrowLeft")
        check_ring(page, "a cell")
        page.keyboard.press("Tab")  # leaving: the ring goes
        ring = root.locator("svg.pt-line .pt-focus")
        assert ring.evaluate("g => getComputedStyle(g).display") == "none", focused(
            page, "e.outerHTML.slice(0, 80)"
        )
    finally:
        context.close()
