"""Every figure in the theme's colours: a ``{figure}`` of ``figures/NAME.png`` shows
``figures/NAME-dark.png`` in dark mode.

figures/make_figures.py draws each figure twice, for a light and a dark page. A chapter
names the light one; this transform puts its dark twin beside it, the light image with
the theme's class ``only-light`` and the dark one with ``only-dark``
(pydata-sphinx-theme hides each in the other mode with ``display: none``, so a screen
reader meets one image and one alt text). Both sit in one ``<div>``: the theme also
hides a ``figcaption`` that follows a hidden image as its sibling.

It runs when a page is read, before Sphinx collects the page's images, so the dark PNG
is copied to ``_images/`` like the light one. Figures drawn by code cells are themed by
``pooltools.viz.show`` in the cell's output instead; themed_figures.css (beside this
file) keeps the theme from putting those on the light panel it gives cell outputs in dark
mode.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform


def dark_twin(uri: str) -> str | None:
    """``figures/NAME-dark.png`` for ``figures/NAME.png`` (only for figures/ PNGs)."""
    path = Path(uri)
    if path.suffix != ".png" or path.parent.name != "figures" or path.stem.endswith("-dark"):
        return None
    return str(path.with_name(f"{path.stem}-dark{path.suffix}")).replace("\\", "/")


class ThemedFigures(SphinxTransform):
    default_priority = 400  # after the figure directive has made its image node

    def apply(self, **kwargs) -> None:
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri", "")
            twin = dark_twin(uri)
            if twin is None or "only-light" in image["classes"]:
                continue
            _, path = self.env.relfn2path(twin, self.env.docname)
            if not Path(path).exists():
                continue  # no dark variant: the theme's own dimming applies
            dark = image.deepcopy()
            dark["uri"] = twin
            dark.get("candidates", {}).clear()
            image["classes"].append("only-light")
            dark["classes"].append("only-dark")
            pair = nodes.container(classes=["themed-figure"])
            image.parent.replace(image, pair)  # (replace_self would move the classes)
            pair += [image, dark]


def _add_static(app) -> None:
    static = str(Path(__file__).parent / "static")
    if static not in app.config.html_static_path:
        app.config.html_static_path.append(static)


def setup(app):
    app.add_transform(ThemedFigures)
    app.connect("builder-inited", _add_static)
    app.add_css_file("themed_figures.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
