// The SVG grid renderer: a grid of cells (values, fills, rings for winners and ties,
// padding hatched) with its index labels, drawn once and then patched cell by cell on
// each redraw; the moving window outline, the legend swatches, and the input grid's
// rows with its padding ring and ceil-mode overhang.

import { fmt, esc } from "./format.js";
import { ink, mix } from "./colour.js";
import { nodeHTML, makeNode, patchNode, parseSVG, setAttributes, morph } from "./dom.js";

const CELL = 36, MARGIN = 18;  // a cell's side and the room for the index labels, in SVG units
let uids = 0;
// A short id unique to an explorer on the page, for its SVG patterns.
function uid(root) {
  if (!root.dataset.ptUid) root.dataset.ptUid = "pt" + (++uids) + "-" + Math.random().toString(36).slice(2, 7);
  return root.dataset.ptUid;
}
// The hatch of padding cells, as a pattern with this id.
function hatch(id) {
  return "<pattern id=\"" + id + "\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" " +
    "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f4f4f4\"/>" +
    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#c4c4c4\" stroke-width=\"3\"/></pattern>";
}

// One cell: {cls, fill, ink, text, title, attrs, count}. Its outline rings (winner ★,
// tie, several windows, painted by the selected input cell) come from its classes; the
// text takes the colour that reads on its fill (or ink). A cell whose title would only
// repeat what it shows has none.
// The cell is a node {t: tag, id: tag and class, a: [name, value, name, value, ...],
// k: children or x: text}: drawn anew it is written as HTML (nodeHTML); on a redraw the
// cell drawn before is patched to match it (patchNode).
function cellNode(i, j, x, y, c) {
  const cls = " " + (c.cls || "") + " ", fill = c.fill || "#ffffff", text = c.text === undefined ? "" : String(c.text);
  const kids = [], color = c.ink || ink(fill);
  const ring = (name, inset) => kids.push({ t: "rect", id: "rect." + name,
    a: ["class", name, "x", x + inset, "y", y + inset, "width", CELL - 2 * inset, "height", CELL - 2 * inset] });
  if (c.title) kids.push({ t: "title", id: "title", a: [], x: c.title });
  kids.push({ t: "rect", id: "rect.pt-bg", a: ["class", "pt-bg", "x", x, "y", y, "width", CELL, "height", CELL, "fill", fill] });
  if (cls.includes(" multi ")) ring("pt-ring-multi", 2.5);
  if (cls.includes(" paint ")) { ring("pt-ring-paint-halo", 2.5); ring("pt-ring-paint", 2.5); }
  if (cls.includes(" tie ")) { ring("pt-ring-halo", 4); ring("pt-ring-tie", 4); }
  if (cls.includes(" best ")) {
    ring("pt-ring-edge", 3);
    ring("pt-ring-best", 3);
    kids.push({ t: "text", id: "text.pt-star", a: ["class", "pt-star", "x", x + 10.5, "y", y + 10.5, "fill", color], x: "★" });
  }
  const size = text.length > 4 ? 10 : text.length > 3 ? 11.5 : 0;  // 0: the grid's 13px
  if (text) {
    const a = ["x", x + CELL / 2, "y", y + CELL / 2 + (c.count ? 5 : 0), "fill", color];
    if (size) a.push("font-size", size);
    kids.push({ t: "text", id: "text", a, x: text });
  }
  if (c.count) {
    kids.push({ t: "text", id: "text.pt-count", a: ["class", "pt-count", "x", x + CELL - 5, "y", y + 12, "fill", color], x: c.count });
  }
  const a = ["class", "pt-cell" + (c.cls ? " " + c.cls.trim().replace(/\s+/g, " ") : ""), "data-cell", i + "," + j];
  if (c.attrs) c.attrs.replace(/([^\s=]+)="([^"]*)"/g, (_, name, value) => a.push(name, unesc(value)));
  return { t: "g", id: "g", a, k: kids };
}
const unesc = s => s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => ({ amp: "&", lt: "<", gt: ">", quot: "\"", "#39": "'" })[e]);

// A grid of cells as one SVG. o: {label, rows, cols, first: [row, col] of its top-left
// cell (negative in the padding), cell(r, c) -> a cell for cellNode or null (nothing
// drawn), defs, over (SVG drawn above the cells, e.g. a window), attrs (on the svg)}.
// The svg holds four layers (defs, index labels, cells, over) so a redraw patches each
// layer in place; the cells carry data-cell="i,j" counted from the top-left.
function gridSVG(o) {
  const g = gridLayers(o);
  return g.open + gridInner(g) + "</svg>";
}
// The parts of a grid's SVG: its opening tag, the layers, and its cells: each with its
// key ("i,j"), its signature (what it shows) and its node, made when it is needed.
function gridLayers(o) {
  const [r0, c0] = o.first || [0, 0], w = MARGIN + o.cols * CELL + 2, h = MARGIN + o.rows * CELL + 2;
  let labels = "";
  const cells = [];
  for (let c = 0; c < o.cols; c++) {
    labels += "<text x=\"" + (MARGIN + c * CELL + CELL / 2) + "\" y=\"" + (MARGIN / 2 + 1) + "\">" + fmt(c0 + c).replace("-", "−") + "</text>";
  }
  for (let r = 0; r < o.rows; r++) {
    labels += "<text x=\"" + (MARGIN / 2) + "\" y=\"" + (MARGIN + r * CELL + CELL / 2) + "\">" + fmt(r0 + r).replace("-", "−") + "</text>";
    for (let c = 0; c < o.cols; c++) {
      const cell = o.cell(r0 + r, c0 + c);
      if (cell) cells.push({ r, c, cell, key: r + "," + c, sig: cellSig(cell), v: null });
    }
  }
  return {
    open: "<svg class=\"pt-grid\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + h + "\" width=\"" + w +
      "\" height=\"" + h + "\" data-cells=\"" + o.rows + "," + o.cols + "\"" + (o.attrs ? " " + o.attrs : "") + ">",
    defs: o.defs || "", labels, cells, over: o.over || "",
  };
}
// All that a cell shows: cells with the same key and signature are drawn the same.
const cellSig = c => [c.cls, c.fill, c.ink, c.text, c.title, c.attrs, c.count].join("\u0001");
const cellOf = e => e.v || (e.v = cellNode(e.r, e.c, MARGIN + e.c * CELL, MARGIN + e.r * CELL, e.cell));
function gridInner(g) {
  let cells = "";
  for (const e of g.cells) cells += nodeHTML(cellOf(e));
  return "<defs>" + g.defs + "</defs><g class=\"pt-index\" aria-hidden=\"true\">" + g.labels + "</g><g class=\"pt-cells\">" +
    cells + "</g><g class=\"pt-over\">" + g.over + "</g>";
}

// A view with grids that a redraw patches cell by cell rather than drawing anew: a draw
// puts v.grid(o) (the options of gridSVG) in its HTML in place of gridSVG(o), and
// returns v.result(html, layout, result): result with html (the whole view, written
// only if needed) and update(view). A redraw sets only the attributes and text of the
// cells that changed, adds and removes cells as a grid's shape changes, and parses only
// the small HTML around the grids, so the browser styles and lays out again only what
// changed. layout: a key of the settings (not the step); when it is the same, moving
// outlines slide to their new place (a CSS transition), else they jump.
function gridView() {
  const grids = [], HOLE = "<!--pt-grid-->";
  return {
    grid(o) {
      const g = gridLayers(o);
      grids.push(g);
      return g.open + HOLE + "</svg>";
    },
    result(frame, layout, result) {
      const html = () => frame.split(HOLE).reduce((h, part, i) => h + gridInner(grids[i - 1]) + part);
      result.update = view => patchGrids(view, frame, html, grids, layout);
      // the whole HTML is written only if the view is drawn anew
      return Object.defineProperty(result, "html", { get: html, enumerable: true });
    },
  };
}

// Remember a grid's layers on its svg, whose children were just drawn from g.
function remember(svg, g) {
  const [, , layer] = svg.children, cells = new Map();
  let node = layer.firstChild;
  for (const e of g.cells) { cells.set(e.key, { node, sig: e.sig, v: cellOf(e) }); node = node.nextSibling; }
  svg.ptGrid = { defs: g.defs, labels: g.labels, over: g.over, cells };
}
function fill(svg, g) {
  svg.innerHTML = gridInner(g);
  remember(svg, g);
}

// Patch a grid's svg (drawn by gridView) to show grid g: each layer and each cell that
// changed; cells come and go with the grid's shape.
function patchGrid(svg, g, same) {
  const was = svg.ptGrid;
  if (!was || svg.children.length !== 4) { fill(svg, g); return; }
  const [defs, labels, layer, over] = svg.children;
  if (g.defs !== was.defs) defs.innerHTML = g.defs;
  if (g.labels !== was.labels) labels.innerHTML = g.labels;
  if (g.over !== was.over) {
    if (same) morph(over, parseSVG(g.over));
    else over.innerHTML = g.over;
  }
  // the cells: those gone are removed, those changed patched, the new ones inserted
  // where they belong (the cells stay in row-major order)
  const cells = was.cells, keep = new Set(g.cells.map(e => e.key));
  for (const [key, old] of cells) if (!keep.has(key)) { old.node.remove(); cells.delete(key); }
  let at = layer.firstChild;
  for (const e of g.cells) {
    const old = cells.get(e.key);
    if (old) {
      if (old.node !== at) layer.insertBefore(old.node, at);
      if (old.sig !== e.sig) {
        patchNode(old.node, old.v, cellOf(e));
        Object.assign(old, { sig: e.sig, v: e.v });
      }
      at = old.node.nextSibling;
    } else cells.set(e.key, { node: layer.insertBefore(makeNode(cellOf(e)), at), sig: e.sig, v: e.v });
  }
  Object.assign(was, { defs: g.defs, labels: g.labels, over: g.over });
}
// Patch a view drawn from a gridView: the HTML around the grids (small) by morph, each
// grid by patchGrid. An empty view is drawn anew. Always true: the view is up to date.
function patchGrids(view, frame, html, grids, layout) {
  const same = view.dataset.layout === layout;
  view.dataset.layout = layout;
  if (!view.firstElementChild) {
    view.innerHTML = html();
    view.querySelectorAll("svg.pt-grid").forEach((svg, i) => remember(svg, grids[i]));
    return true;
  }
  const t = document.createElement("template");
  t.innerHTML = frame;
  const holes = new Map();
  t.content.querySelectorAll("svg.pt-grid").forEach((svg, i) => {
    svg.textContent = "";
    holes.set(svg, grids[i]);
  });
  morph(view, t.content, { holes, same, fill, patchGrid });
  return true;
}

// A moving outline over a grid: rows x cols cells from grid cell (i, j) (counted from
// the grid's top-left), drawn as one group whose CSS transform slides from one place to
// the next.
function outline(i, j, rows, cols, opts) {
  const o = opts || {}, w = cols * CELL, h = rows * CELL;
  const frame = (cls, inset) => "<rect class=\"" + cls + "\" x=\"" + inset + "\" y=\"" + inset + "\" width=\"" +
    (w - 2 * inset) + "\" height=\"" + (h - 2 * inset) + "\" rx=\"3\"/>";
  return "<g class=\"pt-window" + (o.cls ? " " + o.cls : "") + "\" style=\"transform: translate(" + (MARGIN + j * CELL) +
    "px, " + (MARGIN + i * CELL) + "px)" + (o.ms !== undefined ? "; transition-duration: " + o.ms + "ms" : "") +
    "\" aria-hidden=\"true\">" + frame("pt-window-halo", 1) + frame("pt-window-line", 1) + "</g>";
}

// How long a moving outline takes to slide: shorter than one step at the stepper's speed.
function slideMs(root) {
  const speed = root.querySelector("[name=speed]");
  return Math.round(Math.min(320, 0.7 * (speed ? parseInt(speed.value, 10) : 600)));
}

// A legend entry: a swatch (a cell drawn like the grid's) and what it means.
function swatch(kind, text, patternId) {
  const s = 22, inner = {
    window: "<rect x=\"3\" y=\"3\" width=\"16\" height=\"16\" fill=\"#fff\" stroke=\"#fff\" stroke-width=\"5\"/>" +
      "<rect x=\"3\" y=\"3\" width=\"16\" height=\"16\" rx=\"2\" fill=\"#fff\" class=\"pt-window-line\"/>",
    best: "<rect x=\"2\" y=\"2\" width=\"18\" height=\"18\" fill=\"#e5cf52\"/><rect x=\"4\" y=\"4\" width=\"14\" height=\"14\" class=\"pt-ring-edge\"/>" +
      "<rect x=\"4\" y=\"4\" width=\"14\" height=\"14\" class=\"pt-ring-best\"/>",
    tie: "<rect x=\"2\" y=\"2\" width=\"18\" height=\"18\" fill=\"#e5cf52\"/><rect x=\"4\" y=\"4\" width=\"14\" height=\"14\" class=\"pt-ring-halo\"/>" +
      "<rect x=\"4\" y=\"4\" width=\"14\" height=\"14\" class=\"pt-ring-tie\"/>",
    multi: "<rect x=\"2\" y=\"2\" width=\"18\" height=\"18\" fill=\"#fff\" stroke=\"#ccc\"/><rect x=\"3.5\" y=\"3.5\" width=\"15\" height=\"15\" class=\"pt-ring-multi\"/>",
    padding: "<rect x=\"2\" y=\"2\" width=\"18\" height=\"18\" fill=\"url(#" + patternId + ")\" stroke=\"#bbb\"/>",
    overhang: "<rect x=\"2\" y=\"2\" width=\"18\" height=\"18\" class=\"pt-overhang-box\"/>",
    skip: "<rect x=\"2\" y=\"2\" width=\"18\" height=\"18\" fill=\"" + mix("#4f576c", "#ffffff", 0.65) + "\"/>",
  }[kind];
  return "<span class=\"pt-key\"><svg aria-hidden=\"true\" viewBox=\"0 0 " + s + " " + s + "\" width=\"" + s + "\" height=\"" + s + "\">" +
    inner + "</svg>" + text + "</span>";
}

// The input grid with its padding ring, plus the ceil-mode overhang past the bottom
// and right padding (extra rows and columns), with the marked cells.
function inputRows(x, p, mode, marks, extraRows, extraCols) {
  const H = x.length, W = x[0].length, rows = [];
  for (let r = -p; r < H + p + extraRows; r++) {
    const cells = [];
    for (let c = -p; c < W + p + extraCols; c++) {
      const inside = r >= 0 && r < H && c >= 0 && c < W;
      const pad = !inside && r >= -p && r < H + p && c >= -p && c < W + p;
      const mark = marks[r + "," + c] || "";
      if (!inside && !pad && !mark) { cells.push({ cls: "blank", text: "" }); continue; }
      const text = inside ? fmt(x[r][c]) : pad ? (mode === "max" ? "−∞" : "0") : "";
      cells.push({ cls: (inside ? "" : pad ? "pad" : "blank") + " " + mark, text });
    }
    rows.push(cells);
  }
  return rows;
}

export { CELL, MARGIN, uid, hatch, cellNode, gridSVG, gridView, outline, slideMs, swatch, inputRows };
