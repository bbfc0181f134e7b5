"""Every piece of text a reader sees in the explorers and answer boxes of a page, measured
in one ``page.evaluate``: its rendered size in CSS pixels and its contrast against what
is drawn behind it, for the contrast and phone tests.

HTML text is read against its effective background (the nearest ancestors' background
colours, a gradient's every stop); SVG ``<text>`` against the fills of the shapes painted
before it under its centre (a pattern's every colour), over the card. Opacity counts:
``opacity`` of the element and its ancestors and ``fill-opacity`` blend the text (and each
shape) into what lies beneath. SVG text size is its font-size times the SVG's scale on
screen (its screen CTM: getBoundingClientRect over viewBox)."""

from __future__ import annotations

from pathlib import Path

ROOTS = ".pt-explorer, .pt-check"

MEASURE = (Path(__file__).parent / "explorer_text.js").read_text()


def texts(page) -> list[dict]:
    """Every visible text in the page's explorers and answer boxes, measured."""
    return page.evaluate(MEASURE, ROOTS)


def show(records) -> str:
    return "\n".join(
        f"  {r['kind']}: {r['text']!r} {r['px']} px{' bold' if r['bold'] else ''}, "
        f"{r['ink']} on {r['on']} = {r['ratio']}:1 ({r['where']})"
        for r in records[:25]
    ) + (f"\n  ... and {len(records) - 25} more" if len(records) > 25 else "")
