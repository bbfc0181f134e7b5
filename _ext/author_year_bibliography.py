"""The bibliography's labels in author-year form, like the citations in the text.

The chapters cite with sphinxcontrib-bibtex's author-year style ("Lin et al., 2014"),
but pybtex's styles label the list numerically ([1], [2], ...). This registers the style
``authoryear``: pybtex's plain formatting with labels "Lin et al. 2014".
"""

from __future__ import annotations

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle


def _names(entry) -> list[str]:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(n.render_as("text") for n in p.rich_last_names) for p in people]
    if not names:  # an organisation as author, e.g. {PyTorch contributors}
        names = [entry.fields.get("title", entry.key)[:20]]
    return names


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            names = _names(entry)
            if len(names) > 2 or "others" in names:
                who = f"{names[0]} et al."
            else:
                who = " and ".join(names)
            yield f"{who} {entry.fields.get('year', 'n.d.')}"


class AuthorYearStyle(PlainStyle):
    default_label_style = "authoryear"
    default_sorting_style = "author_year_title"


def setup(app):
    register_plugin("pybtex.style.labels", "authoryear", AuthorYearLabels)
    register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
