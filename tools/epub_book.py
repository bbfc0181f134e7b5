"""The whole book as one EPUB 3, offline, from the built site: no chapter is executed again.

    make epub     # _build/epub/pooling-book.epub, copied into the site (_build/html/epub/),
                  # which links to it (make book runs it too, where Chromium is installed)

The book is the full PDF edition's document (tools/print_book.py, whose pieces it uses):
every page of the table of contents in its order, the article only, without the code the
chapters collapse or the answer boxes, and every worked solution in the appendix
"Solutions to the exercises", linked to its exercise both ways. Chromium renders it as
the printer does (the book's MathJax typesets the equations, each explorer draws itself
in its initial state); the rendered page is then made static for an e-reader:

- each equation becomes the MathML that MathJax keeps for screen readers (EPUB 3 reads
  MathML);
- each explorer keeps its drawing (SVG and HTML, with the styles it was drawn with
  written onto it) and the line saying where the live one is, not its controls;
- no script and no style is left but the book's own stylesheet (STYLE, light);
- images, the site's files and those the page carried as data, become files of the book.

Each part (the introduction, each chapter, the lab, each reference page, the solutions) is
an XHTML file of its own, and links inside the book point from file to file; nav.xhtml is
the table of contents, with each part's sections. The package is written with zipfile as
EPUB 3 asks (the mimetype first, stored), dated by the last commit (or SOURCE_DATE_EPOCH),
byte for byte the same from the same pages. tests/test_epub.py checks it with epubcheck.
"""

from __future__ import annotations

import asyncio
import html
import mimetypes
import shutil
import sys
import time
import urllib.request
import uuid
import zipfile
from pathlib import Path
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parent))
import print_book
from print_book import CHROMIUM, HTML, ROOT, TITLE

OUT = ROOT / "_build" / "epub"
NAME = "pooling-book.epub"
EDITION = "pooling-book.pdf"  # the document of the full edition: with worked solutions
APPENDIX = ("p-solutions", "solutions.xhtml", "Solutions to the exercises")
XHTML_NS = "http://www.w3.org/1999/xhtml"

STYLE = """\
html { color: #1d1d1f; background: #fff; }
body { line-height: 1.5; margin: 0 2%; }
h1 { font-size: 1.6em; line-height: 1.2; margin: 0.4em 0 0.8em; }
h2 { font-size: 1.3em; line-height: 1.25; margin: 1.6em 0 0.5em; }
h3 { font-size: 1.1em; margin: 1.3em 0 0.4em; }
h1, h2, h3, h4 { page-break-after: avoid; break-after: avoid; }
p { margin: 0.6em 0; }
a { color: #0b5394; text-decoration: none; }
img, svg { max-width: 100%; height: auto; }
figure { margin: 1.2em 0; text-align: center; page-break-inside: avoid; break-inside: avoid; }
figcaption { font-size: 0.9em; color: #444; text-align: left; }
math[display="block"] { margin: 0.8em 0; overflow-x: auto; }
pre { white-space: pre-wrap; overflow-wrap: break-word; font-size: 0.82em; line-height: 1.4;
  background: #f5f5f7; border: 1px solid #e3e3e8; padding: 0.5em 0.7em; }
code { font-family: monospace; font-size: 0.92em; }
pre code { font-size: 1em; }
.cell_output pre, .output pre { background: #fff; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #d9d9de; padding: 0.25em 0.5em; vertical-align: top; }
th { background: #f5f5f7; }
th > p, td > p { margin: 0.1em 0; }
dt { font-weight: bold; margin-top: 0.6em; }
dd { margin: 0.2em 0 0.6em 1.5em; }
blockquote { margin: 1em 1.5em; color: #333; }
.admonition, div.exercise, div.proof { border-left: 4px solid #0072B2; background: #f4f8fc;
  padding: 0.2em 0.9em; margin: 1.2em 0; }
.admonition.warning, .admonition.caution, .admonition.danger { border-left-color: #D55E00; }
.admonition-title { font-weight: bold; margin-top: 0.4em; }
.caption-number { font-weight: bold; }
.print-live { font-size: 0.9em; color: #444; border-left: 3px solid #0072B2;
  padding: 0.2em 0.7em; margin: 0.4em 0 1.4em; }
.print-back { font-size: 0.9em; }
.print-solution { margin: 0 0 1.4em; }
.print-solution h3 { font-size: 1.05em; }
.highlight .c, .highlight .c1, .highlight .cm { color: #5f6368; font-style: italic; }
.highlight .k, .highlight .kn, .highlight .kc, .highlight .ow { color: #0b5394; font-weight: bold; }
.highlight .s, .highlight .s1, .highlight .s2, .highlight .sa, .highlight .si { color: #8a4b08; }
.highlight .mi, .highlight .mf { color: #1b6b3a; }
.title-page { text-align: center; margin-top: 20%; }
.title-page h1 { font-size: 2em; margin-bottom: 1.2em; }
.title-page p { color: #444; }
nav ol { list-style: none; padding-left: 1.2em; }
nav > ol { padding-left: 0; }
nav li { margin: 0.3em 0; }
"""

# Run in the rendered page: the book made static, each part serialized as XHTML.
STATIC = r"""(files) => {
  const SVG = "http://www.w3.org/2000/svg";
  const book = document.querySelector("main");
  book.querySelectorAll(".print-title, .print-toc").forEach(e => e.remove());

  // Explorers: write the styles they were drawn with onto them, read first, written after
  // (writing as one reads would restyle the page once per element).
  const INHERITED = ["color", "font-family", "font-size", "font-style", "font-weight",
    "font-variant-numeric", "line-height", "text-align", "white-space", "fill", "fill-opacity",
    "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "text-anchor", "dominant-baseline", "paint-order", "image-rendering"];
  const OWN = ["display", "background-color", "border-top", "border-right", "border-bottom",
    "border-left", "border-radius", "padding", "margin", "vertical-align", "opacity",
    "flex-direction", "flex-wrap", "align-items", "justify-content", "gap",
    "grid-template-columns", "min-width", "max-width", "text-decoration-line"];
  const CONTROLS = ".pt-controls, .pt-input, .pt-picture, .pt-status, .pt-input-toggle, " +
    ".pt-hint, button, input, select, textarea, form";
  // what a value amounts to: no border is no border, whatever its colour
  const norm = (p, v) => p.startsWith("border-") && p !== "border-radius" &&
    (v.startsWith("0px") || v.includes(" none")) ? "none"
    : p === "min-width" && v === "auto" ? "0px" : v;
  const sandbox = document.createElement("div");
  sandbox.style.cssText = "position: absolute; left: -9999px; top: 0";
  const sandboxSvg = document.createElementNS(SVG, "svg");
  sandbox.appendChild(sandboxSvg);
  document.body.appendChild(sandbox);
  const blanks = new Map();
  const blank = el => {  // an element of the same kind with no class: what it would have been
    const key = el.namespaceURI + " " + el.localName;
    if (!blanks.has(key)) {
      const b = document.createElementNS(el.namespaceURI, el.localName);
      (el.namespaceURI === SVG ? sandboxSvg : sandbox).appendChild(b);
      blanks.set(key, getComputedStyle(b));
    }
    return blanks.get(key);
  };
  const DRAWN = new Set(["g", "rect", "text", "line", "path", "circle", "polygon", "polyline",
    "ellipse", "tspan", "use", "image"]);
  const plans = [];
  for (const root of book.querySelectorAll(".pt-explorer")) {
    root.querySelectorAll(CONTROLS).forEach(e => e.remove());
    for (const el of [root, ...root.querySelectorAll("*")]) {
      const cs = getComputedStyle(el), base = blank(el);
      const parent = el === root ? null : getComputedStyle(el.parentElement);
      const svg = el.namespaceURI === SVG;
      if (cs.display === "none" && (!svg || DRAWN.has(el.localName))) {
        plans.push([el, null]);
        continue;
      }
      const said = new Set([...el.style].map(p => p.toLowerCase()));
      const decls = [];
      for (const p of INHERITED) {
        const v = cs.getPropertyValue(p);
        if (!said.has(p) && (!parent || v !== parent.getPropertyValue(p))) decls.push(p + ": " + v);
      }
      for (const p of OWN) {
        const v = norm(p, cs.getPropertyValue(p));
        if (!said.has(p) && v !== norm(p, base.getPropertyValue(p))) decls.push(p + ": " + v);
      }
      const box = ["inline-block", "block", "inline-flex"].includes(cs.display);
      if (el.localName === "img") decls.push("width: " + cs.width);  // as drawn, not as stored
      else if (!svg && box && !el.children.length && !el.textContent.trim()) {
        decls.push("width: " + cs.width, "height: " + cs.height);  // a swatch
      }
      plans.push([el, decls]);
    }
  }
  for (const [el, decls] of plans) {
    if (decls === null) { el.remove(); continue; }
    const own = el.getAttribute("style");
    if (decls.length || own) el.setAttribute("style", decls.join("; ") + (own ? "; " + own : ""));
  }
  sandbox.remove();
  // what a drawing's description says about keys and clicks is for the live one
  const USE = /\s*[^.;:]*\b(arrow keys|a click|tab to|point at)\b[^.;]*[.;]?/gi;
  for (const e of book.querySelectorAll(".pt-explorer [aria-label]")) {
    const label = e.getAttribute("aria-label");
    e.setAttribute("aria-label", label.replace(USE, "").replace(/[;,\s]+$/, ""));
  }
  book.querySelectorAll(".pt-explorer .pt-error:empty").forEach(e => e.remove());

  // Explorer ids are random (one per drawing): make them the book's, and what points at them
  let explorer = 0;
  for (const root of book.querySelectorAll(".pt-explorer")) {
    const part = root.closest("section.print-part").id;
    const named = [...root.querySelectorAll("[id]")];
    const renamed = new Map(named.map((e, i) => [e.id, part + "--explorer-" + explorer + "-" + i]));
    named.forEach(e => { e.id = renamed.get(e.id); });
    explorer += 1;
    if (!renamed.size) continue;
    const pattern = new RegExp("#(" + [...renamed.keys()].map(k =>
      k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|") + ")(?![\\w-])", "g");
    for (const el of [root, ...root.querySelectorAll("*")]) {
      for (const a of [...el.attributes]) {
        if (a.value.includes("#")) {
          el.setAttribute(a.name, a.value.replace(pattern, (_, id) => "#" + renamed.get(id)));
        }
        if (a.name === "aria-labelledby" || a.name === "aria-describedby") {
          const ids = a.value.split(/\s+/).map(i => renamed.get(i) || i)
            .filter(i => document.getElementById(i));
          if (ids.length) el.setAttribute(a.name, ids.join(" "));
          else el.removeAttribute(a.name);
        }
      }
    }
  }

  // Equations: the MathML MathJax carries for screen readers
  let unread = 0;
  for (const c of [...book.querySelectorAll("mjx-container")]) {
    const math = c.querySelector("mjx-assistive-mml > math");
    if (!math) { unread += 1; continue; }
    const m = math.cloneNode(true);
    if (c.getAttribute("display") === "true") m.setAttribute("display", "block");
    c.replaceWith(m);
  }

  // No script, no style, no control, nothing for a browser only
  book.querySelectorAll("script, style, link, noscript, template, " + CONTROLS)
    .forEach(e => e.remove());
  const DROP = ["tabindex", "unselectable", "aria-controls", "aria-expanded", "aria-pressed",
    "loading", "decoding", "contenteditable", "download"];
  for (const el of book.querySelectorAll("*")) {
    for (const a of [...el.attributes]) {
      if (a.name.startsWith("data-") || a.name.startsWith("on") || DROP.includes(a.name)) {
        el.removeAttribute(a.name);
      }
    }
  }
  // an SVG drawing is one image now (XHTML allows it no other role)
  book.querySelectorAll("svg[role]").forEach(e => e.setAttribute("role", "img"));
  const comments = document.createTreeWalker(book, NodeFilter.SHOW_COMMENT), dropped = [];
  while (comments.nextNode()) dropped.push(comments.currentNode);
  dropped.forEach(c => c.remove());
  // ids the site repeats within a page (each exercise's "exercise-content"): made unique
  const seen = new Set();
  for (const e of book.querySelectorAll("[id]")) {
    let id = e.id;
    for (let k = 2; seen.has(id); k++) id = e.id + "-" + k;
    e.id = id;
    seen.add(id);
  }
  const leftover = [...book.querySelectorAll("*")].filter(e => e.localName.includes("-"))
    .map(e => e.localName);

  // Links inside the book: from file to file
  const sections = [...book.querySelectorAll(":scope > section.print-part")];
  const fileOf = new Map(files);
  const idFile = new Map();
  for (const s of sections) {
    if (!fileOf.has(s.id)) return { error: "no file for the part " + s.id };
    for (const e of [s, ...s.querySelectorAll("[id]")]) idFile.set(e.id, fileOf.get(s.id));
  }
  const unresolved = [];
  for (const s of sections) {
    for (const a of s.querySelectorAll("a[href^='#']")) {
      const id = decodeURIComponent(a.getAttribute("href").slice(1)), file = idFile.get(id);
      if (!file) { unresolved.push(s.id + ": " + id); continue; }
      const here = file === fileOf.get(s.id);
      a.setAttribute("href", fileOf.has(id) ? file : (here ? "" : file) + "#" + id);
    }
  }

  // Images: files of the book
  const images = new Map();
  for (const img of book.querySelectorAll("img[src]")) {
    const src = img.getAttribute("src");
    if (!images.has(src)) {
      const type = src.startsWith("data:") ? src.slice(5).split(/[;,]/)[0] : "";
      const name = type ? "inline-" + images.size + "." + (type.split("/")[1] || "bin")
        .replace("svg+xml", "svg").replace("jpeg", "jpg") : src.split("/").pop();
      images.set(src, "images/" + name);
    }
    img.setAttribute("src", images.get(src));
  }

  const xml = new XMLSerializer();
  const parts = sections.map(s => {
    let k = 0;
    const heads = [...s.querySelectorAll("h2")].map(h => {
      const sec = h.parentElement.closest("section");
      if (!h.id && (!sec || sec === s)) h.id = s.id + "--heading-" + k++;
      const target = sec && sec !== s && sec.id ? sec.id : h.id;
      return [target, h.textContent.replace(/\s+/g, " ").trim()];
    });
    return { id: s.id, file: fileOf.get(s.id), sections: heads, xhtml: xml.serializeToString(s) };
  });
  return { parts, images: [...images], unread, unresolved, leftover };
}"""


def xhtml(title: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="{XHTML_NS}" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" '
        'xml:lang="en">\n<head>\n<meta charset="utf-8"/>\n'
        f"<title>{html.escape(title, quote=False)}</title>\n"
        '<link rel="stylesheet" type="text/css" href="book.css"/>\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def title_page(date: str) -> str:
    return xhtml(
        TITLE,
        f'<section class="title-page" epub:type="titlepage"><h1>{TITLE}</h1>'
        f"<p>{print_book.EDITIONS[EDITION].capitalize()}</p><p>The pooling book authors</p>"
        f"<p>{date}</p><p>An EPUB of the interactive book: its explorers are live in the HTML"
        " edition and in the chapters' notebooks; here each is drawn in its initial state.</p>"
        "</section>",
    )


def nav_page(entries: list[tuple[str | None, str, str, list[tuple[str, str]]]]) -> str:
    """entries: (group, file, title, [(id, section title)]), in the book's order."""
    items, group, inner = [], None, []

    def close():
        if group is not None:
            items.append(f"<li><span>{html.escape(group)}</span><ol>{''.join(inner)}</ol></li>")

    for g, file, title, sections in entries:
        subs = "".join(
            f'<li><a href="{file}#{i}">{html.escape(t)}</a></li>' for i, t in sections if i
        )
        li = f'<li><a href="{file}">{html.escape(title)}</a>' + (
            f"<ol>{subs}</ol></li>" if subs else "</li>"
        )
        if g != group:
            close()
            group, inner = g, []
        (inner if g is not None else items).append(li)
    close()
    first = entries[0][1]
    return xhtml(
        "Contents",
        '<nav epub:type="toc" id="toc" role="doc-toc"><h1>Contents</h1>'
        f"<ol>{''.join(items)}</ol></nav>"
        '<nav epub:type="landmarks" id="landmarks" hidden=""><h2>Landmarks</h2><ol>'
        '<li><a epub:type="toc" href="nav.xhtml">Contents</a></li>'
        f'<li><a epub:type="bodymatter" href="{first}">{html.escape(entries[0][2])}</a></li>'
        "</ol></nav>",
    )


def package(date: str, items: list[tuple[str, str, str]], spine: list[str], site_url: str):
    """content.opf: items are (id, href, properties), spine the ids read in order."""
    book_id = uuid.uuid5(uuid.NAMESPACE_URL, site_url or f"urn:book:{TITLE}")
    manifest = []
    for item_id, href, props in items:
        kind = mimetypes.guess_type(href)[0] or "application/octet-stream"
        kind = "application/xhtml+xml" if href.endswith(".xhtml") else kind
        extra = f' properties="{props}"' if props else ""
        manifest.append(f'<item id="{item_id}" href="{href}" media-type="{kind}"{extra}/>')
    refs = "".join(f'<itemref idref="{i}"/>' for i in spine)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
        'unique-identifier="book-id" xml:lang="en">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'<dc:identifier id="book-id">urn:uuid:{book_id}</dc:identifier>\n'
        f"<dc:title>{TITLE}</dc:title>\n<dc:language>en</dc:language>\n"
        "<dc:creator>The pooling book authors</dc:creator>\n"
        f"<dc:date>{date}</dc:date>\n"
        f'<meta property="dcterms:modified">{date}T00:00:00Z</meta>\n'
        '<meta property="schema:accessMode">textual</meta>\n'
        '<meta property="schema:accessMode">visual</meta>\n'
        '<meta property="schema:accessibilityFeature">MathML</meta>\n'
        '<meta property="schema:accessibilityFeature">alternativeText</meta>\n'
        '<meta property="schema:accessibilityFeature">tableOfContents</meta>\n'
        '<meta property="schema:accessibilityHazard">none</meta>\n'
        "</metadata>\n<manifest>\n" + "\n".join(manifest) + "\n</manifest>\n"
        f"<spine>{refs}</spine>\n</package>\n"
    )


CONTAINER = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="OEBPS/content.opf" '
    'media-type="application/oebps-package+xml"/></rootfiles></container>\n'
)


async def _render(html_doc: str, files: list[tuple[str, str]]) -> dict:
    from playwright.async_api import async_playwright

    with print_book.Server() as server:
        async with async_playwright() as p:
            browser = await p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            try:
                source = OUT / "pooling-book.html"
                async with print_book.typeset(browser, server, html_doc, source) as page:
                    made = await page.evaluate(STATIC, files)
            finally:
                await browser.close()
    source.unlink()
    return made


def image_bytes(src: str) -> bytes:
    if src.startswith("data:"):
        with urllib.request.urlopen(src) as data:  # a data: URL, read in memory
            return data.read()
    path = (OUT / unquote(src)).resolve()  # the document's images point at ../html/
    if not path.is_relative_to(HTML) or not path.is_file():
        sys.exit(f"epub_book: the image {src} is not a file of the site")
    return path.read_bytes()


def book_files(made: dict, parts, titles: dict[str, str], date: str, site_url: str):
    """The files of OEBPS/, by name: the rendered parts as XHTML, the title page, the
    contents, the stylesheet, the images and the package document."""
    contents: dict[str, bytes] = {"book.css": STYLE.encode()}
    contents["title.xhtml"] = title_page(date).encode()
    items = [("nav", "nav.xhtml", "nav"), ("css", "book.css", ""), ("title", "title.xhtml", "")]
    spine, entries = ["title", "nav"], []
    groups = {p.id: p.group for p in parts}
    for part in made["parts"]:
        body = part["xhtml"]
        props = " ".join(p for p, tag in (("mathml", "<math"), ("svg", "<svg")) if tag in body)
        contents[part["file"]] = xhtml(titles[part["id"]], body).encode()
        item_id = "x-" + part["file"].removesuffix(".xhtml").replace("_", "-")
        items.append((item_id, part["file"], props))
        spine.append(item_id)
        group = groups.get(part["id"], "Appendix")
        entries.append((group, part["file"], titles[part["id"]], part["sections"]))
    contents["nav.xhtml"] = nav_page(entries).encode()
    for i, (src, name) in enumerate(made["images"]):
        if name in contents:
            sys.exit(f"epub_book: two images named {name}")
        contents[name] = image_bytes(src)
        items.append((f"img-{i}", name, ""))
    contents["content.opf"] = package(date, items, spine, site_url).encode()
    return contents


def write(out: Path, contents: dict[str, bytes], date) -> None:
    """The EPUB's zip: the mimetype first and stored, then the container and OEBPS/, every
    entry dated by the last commit (the same bytes from the same pages)."""
    stamp = (*date.timetuple()[:3], 0, 0, 0)
    members = [("mimetype", b"application/epub+zip"), ("META-INF/container.xml", CONTAINER)]
    members += [(f"OEBPS/{name}", contents[name]) for name in sorted(contents)]
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, stamp)
            info.external_attr = 0o644 << 16  # readable once unzipped
            stored = name == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def build(site_url: str = "") -> Path:
    if not Path(CHROMIUM).exists():
        sys.exit(
            f"epub_book: Chromium is missing at {CHROMIUM}: "
            "sudo apt-get install chromium-headless-shell"
        )
    t0 = time.perf_counter()
    OUT.mkdir(parents=True, exist_ok=True)
    parts = print_book.book_parts(site_url)
    titles = {p.id: (f"{p.number}. {p.title}" if p.number else p.title) for p in parts}
    files = [(p.id, p.page.rsplit("/", 1)[-1] + ".xhtml") for p in parts]
    if any(p.answers for p in parts):  # the appendix
        files.append(APPENDIX[:2])
        titles[APPENDIX[0]] = APPENDIX[2]
    if len({f for _, f in files}) != len(files):
        sys.exit(f"epub_book: two parts would share a file: {files}")
    made = asyncio.run(_render(print_book.document(parts, EDITION, None), files))
    if "error" in made:
        sys.exit(f"epub_book: {made['error']}")
    problems = [f"{made['unread']} equations without MathML"] if made["unread"] else []
    problems += [f"a link to no id: {u}" for u in made["unresolved"][:10]]
    problems += [f"an element left for a browser only: <{e}>" for e in made["leftover"][:10]]
    if problems:
        sys.exit("epub_book: the book is not ready for an e-reader:\n  " + "\n  ".join(problems))

    date = print_book.last_commit_date()
    out = OUT / NAME
    write(out, book_files(made, parts, titles, date.isoformat(), site_url), date)
    site = HTML / "epub"
    site.mkdir(exist_ok=True)
    shutil.copyfile(out, site / NAME)
    print(
        f"epub_book: {out.relative_to(ROOT)}, {len(made['parts'])} parts, "
        f"{len(made['images'])} images, {out.stat().st_size / 1e6:.1f} MB, "
        f"in {time.perf_counter() - t0:.0f} s, copied to {site.relative_to(ROOT)}/",
        flush=True,
    )
    return out


def main() -> None:
    print_book.run("epub_book", "the EPUB", [HTML / "epub" / NAME], build, (Path(__file__),))


if __name__ == "__main__":
    main()
