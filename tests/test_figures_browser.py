"""Every figure as a phone shows it, in light and in dark mode.

At 375x812, for every page of the table of contents: each figure shows exactly one
image, the dark one in dark mode (the theme's ``only-dark``, never the light one dimmed),
described by its alt text; its lettering, scaled to the width it is shown at, is at
least 11 px; and no figure is wider than the screen. The lettering is read from the PNG
itself: figures/make_figures.py and pooltools.viz.show record the smallest font size in
pixels at natural size in the text chunk ``min-font-px``.
"""

from __future__ import annotations

import base64
import io
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from booksite import HTML, open_in, toc_pages

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}
SMALLEST_PX = 11

# each <figure> of the article that holds an image, outside the explorers (whose views
# are drawn by their own module): its images, as the page lays them out
FIGURES = """() => [...document.querySelectorAll('article figure')]
  .filter(f => f.querySelector('img') && !f.closest('[data-pooltools-explorer], .pt-host'))
  .map(f => ({
  caption: (f.querySelector('figcaption')?.innerText || '').trim().slice(0, 60),
  right: f.getBoundingClientRect().right,
  scrollWidth: f.scrollWidth, clientWidth: f.clientWidth,
  images: [...f.querySelectorAll('img')].map(i => ({
    src: i.currentSrc || i.src, alt: (i.alt || '').trim(), classes: i.className,
    visible: i.checkVisibility() && i.getBoundingClientRect().width > 0,
    loaded: i.complete && i.naturalWidth > 0,
    width: i.getBoundingClientRect().width, right: i.getBoundingClientRect().right,
    naturalWidth: i.naturalWidth,
  })),
}))"""


def png_text(src: str) -> dict[str, str]:
    """The text chunks of the PNG an <img> shows: a data: URI, or a file of the site."""
    if src.startswith("data:"):
        data = base64.b64decode(src.split(",", 1)[1])
    else:
        data = (HTML / unquote(urlsplit(src).path).lstrip("/")).read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.text)


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("name", toc_pages())
def test_every_figure_reads_on_a_phone(browser, base_url, name, mode):
    context, page = open_in(browser, base_url + name, mode, viewport=PHONE)
    try:
        viewport = page.evaluate("document.documentElement.clientWidth")
        figures = page.evaluate(FIGURES)
    finally:
        context.close()
    problems = []
    for n, figure in enumerate(figures, 1):
        where = f"{name} ({mode}), figure {n} ({figure['caption']!r})"
        shown = [i for i in figure["images"] if i["visible"]]
        if len(shown) != 1:
            problems.append(f"{where}: {len(shown)} visible images, not 1")
            continue
        image = shown[0]
        if not image["loaded"]:
            problems.append(f"{where}: did not load: {image['src'][:80]}")
            continue
        if len(image["alt"]) < 20:
            problems.append(f"{where}: no real alt text")
        themed = f"only-{mode}" in image["classes"].split()
        if not themed:
            problems.append(f"{where}: shows an image not drawn for {mode} mode")
        from_site = not image["src"].startswith("data:")
        if mode == "dark" and from_site and not urlsplit(image["src"]).path.endswith("-dark.png"):
            problems.append(f"{where}: dark mode shows {image['src']}")
        text = png_text(image["src"])
        if "min-font-px" not in text:
            problems.append(f"{where}: the PNG does not record its smallest lettering")
            continue
        lettering = float(text["min-font-px"]) * image["width"] / image["naturalWidth"]
        if lettering < SMALLEST_PX:
            problems.append(f"{where}: lettering {lettering:.1f} px < {SMALLEST_PX} px")
        if max(figure["right"], image["right"]) > viewport + 0.5 or (
            figure["scrollWidth"] > figure["clientWidth"] + 1
        ):
            problems.append(f"{where}: wider than the {viewport} px screen")
    assert not problems, "\n".join(problems)
