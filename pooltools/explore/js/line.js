// The one-axis figure of the shape lab and the adaptive bins explorer: the input axis
// as a row of cells, one bar per output over the cells it reads, and the linking of
// bars and cells by pointer and by keyboard.

import { fmt, esc } from "./format.js";
import { PALETTE, mix, ink } from "./colour.js";
import { CELL, hatch } from "./grid.js";

// The input axis as a row of cells with their index above (padding hatched, ceil-mode
// overhang dashed), each cell saying how many bars read it (×n); under it one bar per
// output, in lanes, over the cells it reads: a thin line over the cells a dilated window
// skips, a dashed part over the overhang (it reads nothing there). o: {first (index of
// the first cell), cells: [{kind, reads: [bar], title}], bars: [{read: [cell index],
// label, title}], cuts (optional: positions, in cells, of dashed lines across the row),
// hatchId, barsLabel, aria}. Bars come in order of their first cell.
const BAR_COLOURS = [0, 1, 2, 4, 5].map(i => PALETTE[i]);  // Okabe-Ito; vermilion is the overhang's
// an unread cell's ×0: vermilion darkened to read on white (5.7:1; #D55E00 gives 3.9:1)
const UNREAD = "#b04600";
function lineSVG(o) {
  // cells as wide as the room allows (o.width: the view's width, from mount), up to a grid
  // cell: on a phone the figure keeps its type at its own size instead of scaling down
  const n = o.cells.length, room = Math.min(1040, o.width ? o.width - 8 : 1040), pad = 4, top = 18;
  const u = Math.max(o.width ? 16 : 20, Math.min(CELL, Math.floor(room / n)));
  const x = c => pad + (c - o.first) * u, cellAt = c => o.cells[c - o.first];
  // lanes: as many as bars overlap at most; each bar takes the next lane (round the
  // lanes) free at its start, so that regular windows make a staircase
  const span = b => [b.read[0], b.read[b.read.length - 1] + 1];
  const count = o.bars.reduce((ends, b) => {
    const lane = ends.findIndex(e => e <= span(b)[0]);
    ends[lane < 0 ? ends.length : lane] = span(b)[1];
    return ends;
  }, []).length;
  const ends = Array(count).fill(-Infinity);
  let prev = -1;
  const lanes = o.bars.map(b => {
    const [from, to] = span(b);
    let lane = 0;
    for (let t = 1; t <= count; t++) if (ends[(prev + t) % count] <= from) { lane = (prev + t) % count; break; }
    ends[lane] = to;
    return (prev = lane);
  });
  const barsTop = top + u + 26, laneH = 24, barH = 18;
  const width = Math.max(2 * pad + n * u, 300), height = barsTop + count * laneH;
  let index = "", cells = "", bars = "", guides = "<g class=\"pt-guides\" aria-hidden=\"true\">";
  for (let i = 0; i <= n; i++) {
    guides += "<line x1=\"" + (pad + i * u) + "\" x2=\"" + (pad + i * u) + "\" y1=\"" + (barsTop - 4) + "\" y2=\"" + (height - 2) + "\"/>";
  }
  guides += "</g>";
  o.cells.forEach((cell, i) => {
    const c = o.first + i, cx = pad + i * u, reads = cell.kind === "overhang" ? 0 : cell.reads.length;
    index += "<text x=\"" + (cx + u / 2) + "\" y=\"" + (top / 2 + 1) + "\">" + fmt(c).replace("-", "−") + "</text>";
    const fill = cell.kind === "padding" ? "url(#" + o.hatchId + ")" : cell.kind === "overhang" ? "#fff"
      : reads ? mix("#ffffff", "#0072B2", Math.min(0.62, 0.2 + 0.21 * (reads - 1))) : "#ffffff";
    const cls = cell.kind + (cell.kind === "input" && !reads ? " unread" : "") + (reads === 1 ? " once" : reads > 1 ? " multi-read" : "");
    const text = cell.kind === "overhang" ? "" : "×" + reads;
    cells += "<g class=\"pt-cell " + cls + "\" tabindex=\"-1\" aria-label=\"" + esc(cell.title) + "\" data-reads=\" " +
      cell.reads.join(" ") + " \"><title>" + esc(cell.title) +
      "</title><rect class=\"pt-bg\" x=\"" + cx + "\" y=\"" + top + "\" width=\"" + u + "\" height=\"" + u + "\" fill=\"" +
      fill + "\"/>" + (text ? "<text x=\"" + (cx + u / 2) + "\" y=\"" + (top + u / 2) + "\" fill=\"" +
      (cell.kind === "padding" ? "#333" : reads ? ink(fill) : UNREAD) + "\"" +
      (text.length > 2 && u < 26 ? " font-size=\"11\"" : " font-size=\"12\"") + ">" + text + "</text>" : "") + "</g>";
  });
  o.bars.forEach((b, i) => {
    const colour = BAR_COLOURS[i % BAR_COLOURS.length], y = barsTop + lanes[i] * laneH;
    const first = b.read[0], last = b.read[b.read.length - 1];
    let g = "";
    if (last - first + 1 > b.read.length) {  // a dilated window: a thin line over the cells it skips
      g += "<line class=\"pt-bar-skip\" x1=\"" + (x(first) + u / 2) + "\" x2=\"" + (x(last) + u / 2) + "\" y1=\"" +
        (y + barH / 2) + "\" y2=\"" + (y + barH / 2) + "\" stroke=\"" + colour + "\"/>";
    }
    // runs of neighbouring cells read, split where the overhang begins
    const runs = [];
    b.read.forEach(c => {
      const over = cellAt(c).kind === "overhang", run = runs[runs.length - 1];
      if (run && run.to === c && run.over === over) run.to = c + 1;
      else runs.push({ from: c, to: c + 1, over });
    });
    runs.forEach(r => {
      g += "<rect class=\"" + (r.over ? "pt-bar-over" : "pt-bar-seg") + "\" x=\"" + (x(r.from) + 2) + "\" y=\"" + y +
        "\" width=\"" + ((r.to - r.from) * u - 4) + "\" height=\"" + barH + "\" rx=\"3\" " +
        (r.over ? "stroke=\"" + colour + "\"" : "fill=\"" + colour + "\"") + "/>";
    });
    const solid = runs.find(r => !r.over) || runs[0];
    g += "<text x=\"" + (x(solid.from) + (solid.to - solid.from) * u / 2) + "\" y=\"" + (y + barH / 2 + 0.5) + "\" fill=\"" +
      (solid.over ? "#333" : ink(colour)) + "\">" + b.label + "</text>";
    bars += "<g class=\"pt-bar\" tabindex=\"" + (i === 0 ? 0 : -1) + "\" aria-label=\"" + esc(b.title) + "\" data-bar=\"" +
      i + "\"><title>" + esc(b.title) + "</title>" + g + "</g>";
  });
  return "<svg class=\"pt-grid pt-line\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + width + " " + height +
    "\" width=\"" + width + "\" height=\"" + height + "\" role=\"img\" aria-label=\"" + esc(o.aria) + "\"><defs>" +
    hatch(o.hatchId) + "</defs><g class=\"pt-index\" aria-hidden=\"true\">" + index + "</g><g class=\"pt-cells\">" + cells +
    "</g>" + (o.cuts || []).map(t => [[top - 3, top + u * 0.27], [top + u * 0.73, top + u + 3]].map(([y1, y2]) =>
      "<line class=\"pt-cut\" x1=\"" + x(t) + "\" x2=\"" + x(t) + "\" y1=\"" + y1 + "\" y2=\"" + y2 + "\"/>").join("")).join("") +
      guides + "<text class=\"pt-lane-label\" x=\"" + pad + "\" y=\"" + (top + u + 15) + "\">" + esc(o.barsLabel) +
    "</text><g class=\"pt-bars\">" + bars + "</g>" +
    "<g class=\"pt-focus\" aria-hidden=\"true\"><rect class=\"pt-focus-halo\"/><rect class=\"pt-focus-ring\"/></g></svg>";
}
// A legend key drawn like the figure: a bar, a count, a skip line.
function lineKey(what, text) {
  const svg = {
    bar: "<rect x=\"1\" y=\"4\" width=\"30\" height=\"14\" rx=\"3\" fill=\"" + BAR_COLOURS[0] + "\"/>" +
      "<text x=\"16\" y=\"15\" text-anchor=\"middle\" style=\"fill:#111;font-size:11px\">0</text>",
    count: "<rect x=\"1\" y=\"1\" width=\"30\" height=\"20\" fill=\"" + mix("#ffffff", "#0072B2", 0.45) + "\"/>" +
      "<text x=\"16\" y=\"15\" text-anchor=\"middle\" style=\"fill:#111;font-size:11px\">×2</text>",
    unread: "<rect x=\"1.5\" y=\"1.5\" width=\"29\" height=\"19\" fill=\"#fff\" stroke=\"#b9b9c0\"/>" +
      "<text x=\"16\" y=\"15\" text-anchor=\"middle\" style=\"fill:" + UNREAD + ";font-size:11px;font-weight:700\">×0</text>",
    skip: "<rect x=\"1\" y=\"4\" width=\"8\" height=\"14\" rx=\"2\" fill=\"" + BAR_COLOURS[1] + "\"/><line x1=\"9\" x2=\"23\" " +
      "y1=\"11\" y2=\"11\" stroke=\"" + BAR_COLOURS[1] + "\" stroke-width=\"2\"/><rect x=\"23\" y=\"4\" width=\"8\" height=\"14\" " +
      "rx=\"2\" fill=\"" + BAR_COLOURS[1] + "\"/>",
    cut: "<rect x=\"1.5\" y=\"1.5\" width=\"29\" height=\"19\" fill=\"#fff\" stroke=\"#b9b9c0\"/><line x1=\"16\" x2=\"16\" " +
      "y1=\"0\" y2=\"22\" stroke=\"#1d1d1f\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>",
  }[what];
  return "<span class=\"pt-key\"><svg aria-hidden=\"true\" viewBox=\"0 0 32 22\" width=\"32\" height=\"22\">" + svg +
    "</svg>" + text + "</span>";
}
// Hovering (or tapping) a bar lights the cells it reads; a cell, the bars that read it.
// The keyboard gets the same: Tab reaches the first bar, the arrow keys (and Home, End)
// move through the bars and the cells, and the focused one is lit and read out.
function linkOnHover(root) {
  if (root.ptLineHover) return;
  root.ptLineHover = true;
  const PICK = "svg.pt-line [data-bar], svg.pt-line [data-reads]";
  const light = t => {
    const svg = root.querySelector("svg.pt-line");
    if (!svg) return;
    svg.querySelectorAll(".pt-lit").forEach(n => n.classList.remove("pt-lit"));
    svg.classList.toggle("pt-linking", !!t);
    if (!t) return;
    const lit = t.dataset.bar !== undefined
      ? svg.querySelectorAll("[data-reads~=\"" + t.dataset.bar + "\"]")
      : t.dataset.reads.trim().split(/\s+/).filter(Boolean).map(b => svg.querySelector("[data-bar=\"" + b + "\"]"));
    [t, ...lit].forEach(n => n && n.classList.add("pt-lit"));
  };
  // The keyboard's ring round the focused bar or cell: one pair of outlines drawn last (over
  // the neighbours that would cover a ring of its own), just outside it: a halo in the
  // card's colour, then a ring in the text colour. The two differ by 15:1 or more, so
  // one of them stands out 3:1 or more against whatever they cross (WCAG technique C40).
  const ring = t => {
    const svg = root.querySelector("svg.pt-line"), g = svg && svg.querySelector(".pt-focus");
    if (!g) return;
    g.classList.toggle("pt-on", !!t);
    if (!t) return;
    const boxes = [...t.querySelectorAll(t.dataset.bar !== undefined ? ".pt-bar-seg, .pt-bar-over" : ".pt-bg")]
      .map(s => s.getBBox());
    const x0 = Math.min(...boxes.map(b => b.x)), y0 = Math.min(...boxes.map(b => b.y));
    const x1 = Math.max(...boxes.map(b => b.x + b.width)), y1 = Math.max(...boxes.map(b => b.y + b.height));
    [[".pt-focus-halo", 0.75], [".pt-focus-ring", 2.5]].forEach(([name, out]) => {
      const r = g.querySelector(name);
      [["x", x0 - out], ["y", y0 - out], ["width", x1 - x0 + 2 * out], ["height", y1 - y0 + 2 * out]]
        .forEach(([a, v]) => r.setAttribute(a, v));
    });
  };
  const pointed = e => e.target.closest ? e.target.closest(PICK) : null;
  root.addEventListener("mouseover", e => light(pointed(e)));
  root.addEventListener("mouseout", () => light(root.contains(document.activeElement) ? pointed({ target: document.activeElement }) : null));
  root.addEventListener("focusin", e => {
    const t = pointed(e);
    if (!t) return;
    light(t);
    ring(t.matches(":focus-visible") ? t : null);
    const status = root.querySelector(".pt-status");
    if (status) status.textContent = t.getAttribute("aria-label") || "";
  });
  root.addEventListener("focusout", e => {
    ring(null);
    if (!root.contains(e.relatedTarget)) light(null);
  });
  root.addEventListener("keydown", e => {
    const t = pointed(e);
    const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -Infinity, End: Infinity };
    if (!t || !(e.key in moves)) return;
    const items = [...t.closest("svg").querySelectorAll(".pt-bars [data-bar], .pt-cells [data-reads]")];
    const order = [...items.filter(n => n.dataset.bar !== undefined), ...items.filter(n => n.dataset.bar === undefined)];
    const now = order.indexOf(t), step = moves[e.key];
    const next = order[Math.max(0, Math.min(order.length - 1, Number.isFinite(step) ? now + step : step < 0 ? 0 : order.length - 1))];
    e.preventDefault();
    if (!next || next === t) return;
    order.forEach(n => n.setAttribute("tabindex", n === next ? "0" : "-1"));
    next.focus();
  });
}

export { BAR_COLOURS, lineSVG, lineKey, linkOnHover };
