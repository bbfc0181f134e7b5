"""Small fixes so every page works offline and without page errors.

- sphinx-thebe and sphinx-book-theme both declare ``const THEBE_JS_URL`` in an inline
  script: the second declaration is a page error on every page. Keep one of each script.
- The book theme gets no default colour mode from jupyter-book and logs an error; use light.
"""

from __future__ import annotations


def _dedupe_scripts(app, pagename, templatename, context, doctree) -> None:
    seen, kept = set(), []
    for script in context.get("script_files", []):
        name = getattr(script, "filename", script) or ""  # None and "" both mean inline
        key = (str(name), getattr(script, "attributes", {}).get("body"))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept
    context["default_mode"] = context.get("default_mode") or "light"


def setup(app):
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
