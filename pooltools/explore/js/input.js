// The reader's own input (issue 31): a panel, opened by "edit the input", where the
// explorer's grid is typed cell by cell, resized, reset, or pasted whole as NumPy,
// PyTorch or a spreadsheet prints it. Every change sets the widget's `x` (model.set and
// save_changes, as the other controls do), so the page redraws and, in a notebook,
// Python recomputes with pooltools. Bad input is said in words and changes nothing.
// withInput(widget, limits) gives an explorer the panel; parseGrid is the paste's parser.
// A 1-D input (the shift explorer's signal) has the panel in one row, and a plot to draw
// it on with the pointer; Up and Down on a sample change it by a step.

import { esc } from "./format.js";

const minus = text => String(text).replace(/^-/, "−");
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

// A number as typed ("−2", "1.", "3e-2"), or {error} saying what it is instead; `where`
// names its place ("row 2", "cell (0, 1)").
function number(token, where) {
  const t = token.trim().replace(/^[−–]/, "-");
  if (NUMBER.test(t)) return Number(t);
  if (/^[+-]?(nan|inf|infinity)$/i.test(t)) return { error: "“" + token.trim() + "” in " + where + " is not a finite number." };
  if (t === "") {
    return { error: where.startsWith("row") ? "R" + where.slice(1) + " has an empty cell: every cell needs a number."
      : "C" + where.slice(1) + " is empty: type a number." };
  }
  return { error: "“" + token.trim() + "” in " + where + " is not a number." };
}

// The rows of text, each a list of tokens, or {error}: bracketed (NumPy's and PyTorch's
// print, with or without commas, inside array(...) or tensor(...)) or one row a line.
function tokens(text) {
  if (text.includes("...") || text.includes("…")) {
    return { error: "The grid is abbreviated (…): print it in full (np.set_printoptions(threshold=1000) " +
      "or torch.set_printoptions(profile=\"full\")) and paste it again." };
  }
  const open = text.indexOf("[");
  if (open < 0) {
    if (text.includes("]")) return { error: "A “]” closes a “[” that is never opened." };
    // a spreadsheet's rows: tab-, comma-, semicolon- or space-separated, one a line
    const lines = text.split(/\r?\n/).map(l => l.trim()).filter(l => l);
    const split = l => l.split(l.includes("\t") ? "\t" : /[,;]/.test(l) ? /[,;]/ : /\s+/).map(t => t.trim());
    return { rows: lines.map(l => { const row = split(l); if (row.length > 1 && row[row.length - 1] === "") row.pop(); return row; }) };
  }
  const parts = text.slice(open).match(/\[|\]|[^\s,[\]()]+|[()]/g) || [];
  let i = 0;
  function list() {  // parts[i] is "["
    i += 1;
    const items = [];
    while (i < parts.length && parts[i] !== "]") items.push(parts[i] === "[" ? list() : parts[i++]);
    if (i >= parts.length) throw new Error("A “[” is never closed: the grid is cut short.");
    i += 1;
    return items;
  }
  let value;
  try { value = list(); } catch (e) { return { error: e.message }; }
  // before the brackets, at most a name and "(" (array(, tensor(); after, keywords and ")"
  const before = text.slice(0, open).trim(), after = parts.slice(i);
  if (before && !/^[\w.]*\s*\($/.test(before)) return { error: "“" + before + "” before the grid is not part of a grid." };
  if (after.includes("[") || after.includes("]")) return { error: "There is more after the grid: paste one grid at a time." };
  // leading sizes of 1 go (a 1×1×H×W tensor is an H×W grid); a single list is one row
  while (value.length === 1 && Array.isArray(value[0]) && value[0].some(Array.isArray)) value = value[0];
  if (value.every(v => !Array.isArray(v))) value = [value];
  if (!value.every(Array.isArray)) return { error: "Some rows are in brackets and some are not: paste the grid as printed." };
  if (value.some(row => row.some(Array.isArray))) {
    return { error: "This array has more than two dimensions: paste one 2-D grid (an image's one channel)." };
  }
  return { rows: value };
}

// Text pasted by the reader as a grid of numbers, or {error}: limits {rows: [min, max],
// cols: [min, max]}.
function parseGrid(text, limits) {
  if (!text.trim()) return { error: "There is no grid to use: paste or type one in the box first." };
  const t = tokens(text);
  if (t.error) return t;
  let rows = t.rows.filter(r => r.length && !(r.length === 1 && r[0] === ""));
  if (limits.row && rows.length > 1 && rows.every(r => r.length === 1)) rows = [rows.map(r => r[0])];  // a column
  if (!rows.length) return { error: "There are no numbers in the box." };
  for (let r = 1; r < rows.length; r++) {
    if (rows[r].length !== rows[0].length) {
      return { error: "Row " + (r + 1) + " has " + rows[r].length + " number" + (rows[r].length === 1 ? "" : "s") +
        ", row 1 has " + rows[0].length + ": every row needs as many." };
    }
  }
  const grid = [];
  for (let r = 0; r < rows.length; r++) {
    grid.push([]);
    for (const token of rows[r]) {
      const v = number(token, "row " + (r + 1));
      if (v.error) return v;
      const low = below(v, "row " + (r + 1), limits);
      if (low) return { error: low };
      grid[r].push(v);
    }
  }
  const why = sizeProblem(grid.length, grid[0].length, limits);
  return why ? { error: why } : { grid };
}

// The rule a value breaks (limits.min, the smallest value the explorer takes, and
// limits.why, the reason), in words, or null.
function below(v, where, limits) {
  if (limits.min === undefined || v >= limits.min) return null;
  return minus(String(v)) + " in " + where + " is below " + minus(String(limits.min)) + ": " + limits.why;
}

// The rule a size breaks, in words, or null.
function sizeProblem(H, W, limits) {
  if (limits.row) {  // one row: a signal of an even length within cols
    const [lo, hi] = limits.cols;
    if (H !== 1) return "This is a grid of " + H + " rows: paste one row of numbers, a " + (limits.noun || "signal") + ".";
    if (W < lo || W > hi || (limits.even && W % 2)) {
      return "This " + (limits.noun || "signal") + " has " + W + " value" + (W === 1 ? "" : "s") + ": it needs " + (limits.even ? "an even number" :
        "a number") + " from " + lo + " to " + hi + " here" + (limits.even ? " (kernel 2, stride 2 must tile it)." : ".");
    }
    return null;
  }
  const [r0, r1] = limits.rows, [c0, c1] = limits.cols;
  if (H > r1 || W > c1) return "This grid is " + H + "×" + W + ": at most " + r1 + "×" + c1 + " here.";
  if (H < r0 || W < c0) return "This grid is " + H + "×" + W + ": at least " + r0 + "×" + c0 + " here.";
  return null;
}

// x cut or grown to rows × cols: kept cells kept, new cells 0.
function resized(x, rows, cols) {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) =>
    r < x.length && c < x[0].length ? x[r][c] : 0));
}

let panels = 0;
const HINT = "Type a number in a cell (Enter or leaving the cell keeps it, Escape takes it back); the arrow keys " +
  "move between cells. Change the size, or paste a whole grid below: the results follow at once. To draw, tick " +
  "“draw” and drag the pointer over cells, or press Space on a cell: each takes the paint value.";
const HINT_ROW = "Draw it: drag the pointer across the bars. Or type a value in a box (Enter or leaving " +
  "the box keeps it, Escape takes it back); Left and Right move between samples, Up and Down change a value by 1. " +
  "Change the length, or paste a list below: the results follow at once.";

// The bars of a signal, to draw on: sample i spans [i, i + 1) across, values lo to hi up.
const PLOT_H = 96;
function plotSVG(v, [lo, hi]) {
  const W = 24 * v.length, y = u => PLOT_H * (hi - u) / (hi - lo);
  const bars = v.map((u, i) => "<rect x=\"" + (24 * i + 3) + "\" y=\"" + Math.min(y(u), y(0)).toFixed(1) +
    "\" width=\"18\" height=\"" + Math.max(Math.abs(y(u) - y(0)), 1).toFixed(1) + "\"/>").join("");
  return "<svg class=\"pt-input-plot\" viewBox=\"0 0 " + W + " " + PLOT_H + "\" preserveAspectRatio=\"none\" " +
    "aria-hidden=\"true\"><line x1=\"0\" x2=\"" + W + "\" y1=\"" + y(0) + "\" y2=\"" + y(0) + "\"/>" + bars + "</svg>";
}
// the values the plot spans: whole numbers, 0 and one above the largest value included
const plotRange = v => [Math.floor(Math.min(0, ...v)), Math.ceil(Math.max(1, ...v)) + 1];
// (an explorer whose values have a floor, limits.min, is drawn down to it at most)

// The editor of the explorer in root, bound to model's x (limits.read and limits.write
// may read and set other traits too). Returns its clean-up.
function attach(root, model, limits) {
  const id = "pt-input-" + (++panels) + "-" + Math.random().toString(36).slice(2, 7);
  const one = !!limits.row;  // a 1-D input, shown as one row
  const read = () => { const v = limits.read ? limits.read(model) : model.get("x"); return one ? [v] : v; };
  const example = JSON.parse(JSON.stringify(limits.example ? [limits.example(model)] : read()));
  const box = document.createElement("div");
  box.className = "pt-input";
  box.innerHTML = "<button type=\"button\" class=\"pt-input-toggle\" aria-expanded=\"false\" aria-controls=\"" + id +
    "\">" + (limits.title || "✎ edit the input") + "</button><div class=\"pt-input-panel\" id=\"" + id + "\" role=\"group\" " +
    "aria-label=\"the input grid, to edit\"></div>";
  root.querySelector(".pt-controls").after(box);
  const toggle = box.firstChild, panel = box.lastChild;
  const cellsOf = () => [...panel.querySelectorAll(".pt-input-cell")];
  const cellAt = (r, c) => panel.querySelector("[data-at=\"" + r + "," + c + "\"]");
  const at = e => e.dataset.at.split(",").map(Number);
  const show = v => String(v);
  let message = null;

  function say(text, invalid, where) {
    panel.querySelectorAll(".pt-input-error").forEach(m => { m.textContent = ""; });
    message = panel.querySelector(".pt-input-error[data-for=" + (where || "cells") + "]");
    message.textContent = text || "";
    panel.querySelectorAll("[aria-invalid]").forEach(e => {
      e.removeAttribute("aria-invalid");
      e.removeAttribute("aria-describedby");
    });
    if (invalid) {
      invalid.setAttribute("aria-invalid", "true");
      invalid.setAttribute("aria-describedby", message.id);
    }
  }
  function use(x) {
    if (limits.write) limits.write(model, one ? x[0] : x);
    else model.set("x", one ? x[0] : x);
    model.save_changes();
  }

  // the cells as a grid of boxes, the size and the paste: drawn when the panel opens
  function cellsHTML(x) {
    const label = t => "<span class=\"pt-input-index\" aria-hidden=\"true\">" + t + "</span>";
    const box = (v, r, c) => "<input type=\"text\" class=\"pt-input-cell\" data-at=\"" + r + "," + c +
      "\" value=\"" + esc(show(v)) + "\" autocomplete=\"off\" spellcheck=\"false\" aria-label=\"" +
      (one ? "sample " + c : "row " + r + ", column " + c) + "\">";
    // one row wraps on a narrow page, each box under its index
    if (one) return x[0].map((v, c) => "<span class=\"pt-input-sample\">" + label(c) + box(v, 0, c) + "</span>").join("");
    return label("") + x[0].map((_, c) => label(c)).join("") + x.map((row, r) => label(r) + row.map((v, c) =>
      box(v, r, c)).join("")).join("");
  }
  function drawCells(x) {
    const grid = panel.querySelector(".pt-input-grid"), focused = panel.contains(document.activeElement) &&
      document.activeElement.dataset.at;
    grid.style.setProperty("--pt-cols", x[0].length);
    grid.setAttribute("aria-label", one ? (limits.noun || "signal") + " of " + x[0].length + " samples, one box a sample"
      : "input " + x.length + "×" + x[0].length + ", one box a cell");
    grid.innerHTML = cellsHTML(x);
    sizes(x);
    plot(x);
    if (focused && cellAt(...focused.split(","))) cellAt(...focused.split(",")).focus();
  }
  function sizes(x) {
    panel.querySelectorAll("[data-size]").forEach(e => { e.value = e.dataset.size === "rows" ? x.length : x[0].length; });
  }
  // the plot of a 1-D input: its range stays put while the pointer draws
  let drawing = null;
  function plot(x) {
    const where = panel.querySelector(".pt-input-draw");
    if (where) where.innerHTML = plotSVG(x[0], drawing ? drawing.range : plotRange(x[0]));
  }
  function open() {
    const x = read(), range = ([a, b]) => "min=\"" + a + "\" max=\"" + b + "\"";
    const what = one ? "a list" : "a grid";
    panel.innerHTML = "<p class=\"pt-input-hint\">" + (one ? HINT_ROW : HINT) + "</p>" +
      (one ? "<div class=\"pt-input-draw\"></div>" : "") +
      "<div class=\"pt-input-grid" + (one ? " pt-input-row" : "") + "\" role=\"group\"></div>" +
      "<div class=\"pt-input-size\">" + (one
        ? "<label>length <input type=\"number\" data-size=\"cols\" step=\"" + (limits.even ? 2 : 1) + "\" " +
          range(limits.cols) + "></label>"
        : "<label>rows <input type=\"number\" data-size=\"rows\" step=\"1\" " + range(limits.rows) +
          "></label><label>columns <input type=\"number\" data-size=\"cols\" step=\"1\" " + range(limits.cols) + "></label>" +
          "<label><input type=\"checkbox\" data-draw> draw</label><label>paint value <input type=\"text\" " +
          "data-paint value=\"1\" size=\"5\" inputmode=\"decimal\" autocomplete=\"off\" spellcheck=\"false\"></label>") +
      "<button type=\"button\" data-input=\"reset\">↺ reset to the example</button></div>" +
      "<div class=\"pt-input-error\" role=\"alert\" data-for=\"cells\" id=\"" + id + "-cells\"></div>" +
      "<div class=\"pt-input-paste\"><label for=\"" + id + "-paste\">paste " + what + ": as NumPy or PyTorch prints it, or " +
      (one ? "a row of a spreadsheet" : "rows of a spreadsheet, one a line") + "</label><textarea id=\"" + id +
      "-paste\" rows=\"" + (one ? 2 : 3) + "\" spellcheck=\"false\" autocomplete=\"off\" placeholder=\"" +
      (one ? "[0 1 2 3 2 1]" : "[[1 2 3] [4 5 6]]") + "\"></textarea>" +
      "<button type=\"button\" data-input=\"paste\">use this " + (one ? limits.noun || "signal" : "grid") + "</button></div>" +
      "<div class=\"pt-input-error\" role=\"alert\" data-for=\"paste\" id=\"" + id + "-paste-error\"></div>";
    message = panel.querySelector(".pt-input-error");
    drawCells(x);
  }
  function setOpen(on) {
    toggle.setAttribute("aria-expanded", on ? "true" : "false");
    toggle.textContent = on ? "✎ close the editor" : limits.title || "✎ edit the input";
    box.classList.toggle("pt-open", on);
    if (on) open();
    else { panel.innerHTML = ""; message = null; }
  }
  toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));

  // a cell's text into x: true if it is a number (then set, if it changed)
  function commit(e, leaving) {
    const [r, c] = at(e), x = read();
    if (r >= x.length || c >= x[0].length) return true;
    const where = one ? "sample " + c : "cell (" + r + ", " + c + ")";
    let v = number(e.value, where);
    if (!v.error && below(v, where, limits)) v = { error: below(v, where, limits) };
    if (v.error && leaving) {  // the box shows the input again; the message stays
      e.value = show(x[r][c]);
      say(v.error + " The cell keeps " + minus(show(x[r][c])) + ".");
      return false;
    }
    if (v.error) {
      say(v.error + " Type a number, or Escape to put back " + minus(show(x[r][c])) + ".", e);
      return false;
    }
    if (e.getAttribute("aria-invalid")) say("");
    if (v !== x[r][c]) {
      const y = x.map(row => row.slice());
      y[r][c] = v;
      use(y);
    }
    return true;
  }
  // draw mode (a grid): a cell takes the paint value
  const drawMode = () => { const d = panel.querySelector("[data-draw]"); return !!d && d.checked; };
  function paint(e) {
    const field = panel.querySelector("[data-paint]"), text = field.value.trim();
    if (!NUMBER.test(text.replace(/^[−–]/, "-"))) {
      say("The paint value must be a number" + (text ? ", not “" + text + "”." : ": the box is empty."), field);
      return;
    }
    const v = Number(text.replace(/^[−–]/, "-"));
    if (below(v, "the paint value", limits)) { say(below(v, "the paint value", limits), field); return; }
    if (field.getAttribute("aria-invalid")) say("");
    const [r, c] = at(e), x = read();
    if (x[r][c] === v) return;
    const y = x.map(row => row.slice());
    y[r][c] = v;
    e.value = show(v);
    use(y);
  }
  function move(e, dr, dc) {
    const [r, c] = at(e), next = cellAt(r + dr, c + dc);
    if (commit(e) && next) next.focus();
  }
  panel.addEventListener("focusin", e => { if (e.target.matches(".pt-input-cell")) e.target.select(); });
  panel.addEventListener("focusout", e => {
    if (e.target.matches(".pt-input-cell")) commit(e.target, true);
  });
  panel.addEventListener("keydown", e => {
    const t = e.target;
    if (t.matches("[data-size]") && e.key === "Enter") { resize(t); return; }
    if (!t.matches(".pt-input-cell")) return;
    if (e.key === " " && drawMode()) { e.preventDefault(); paint(t); return; }
    const len = t.value.length, all = t.selectionStart === 0 && t.selectionEnd === len;
    const [r, c] = at(t), x = read();
    if (e.key === "Enter") { e.preventDefault(); if (commit(t)) t.select(); }
    else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      t.value = show(x[r][c]);
      say("");
      t.select();
    } else if (one && (e.key === "ArrowUp" || e.key === "ArrowDown")) {  // draw by keyboard: a step up or down
      e.preventDefault();
      if (!commit(t)) return;
      const y = read().map(row => row.slice());
      y[0][c] = Math.round((y[0][c] + (e.key === "ArrowUp" ? 1 : -1)) * 1e9) / 1e9;
      if (limits.min !== undefined) y[0][c] = Math.max(limits.min, y[0][c]);
      use(y);
      t.value = show(y[0][c]);
      t.select();
    } else if (e.key === "ArrowUp" || e.key === "ArrowDown") { e.preventDefault(); move(t, e.key === "ArrowUp" ? -1 : 1, 0); }
    else if (e.key === "ArrowLeft" && (all || t.selectionEnd === 0)) { e.preventDefault(); move(t, 0, -1); }
    else if (e.key === "ArrowRight" && (all || t.selectionStart === len)) { e.preventDefault(); move(t, 0, 1); }
  });

  function resize(e) {
    const rows = panel.querySelector("[data-size=rows]"), cols = panel.querySelector("[data-size=cols]");
    const x = read(), boxes = one ? [[cols, "The length", limits.cols]]
      : [[rows, "Rows", limits.rows], [cols, "Columns", limits.cols]];
    for (const [box, name, [lo, hi]] of boxes) {
      const v = Number(box.value), even = one && limits.even;
      if (box.value.trim() === "" || !Number.isInteger(v) || v < lo || v > hi || (even && v % 2)) {
        say(name + " must be " + (even ? "an even" : "a") + " whole number from " + lo + " to " + hi + " here" +
          (box.value.trim() === "" ? ": the box is empty." : ", not " + minus(box.value.trim()) + "."), box);
        return;
      }
    }
    say("");
    const H = one ? 1 : Number(rows.value);
    if (H !== x.length || Number(cols.value) !== x[0].length) use(resized(x, H, Number(cols.value)));
    if (e) e.focus();
  }
  panel.addEventListener("change", e => {
    if (e.target.matches("[data-size]")) resize(e.target);
    if (e.target.matches("[data-draw]")) panel.querySelector(".pt-input-grid").classList.toggle("pt-drawing", drawMode());
  });
  panel.addEventListener("click", e => {
    const what = e.target.closest("[data-input]");
    if (!what) return;
    if (what.dataset.input === "reset") { say(""); use(JSON.parse(JSON.stringify(example))); return; }
    const parsed = parseGrid(panel.querySelector("textarea").value, limits);
    if (parsed.error) { say(parsed.error, panel.querySelector("textarea"), "paste"); return; }
    say("");
    use(parsed.grid);
  });

  // x changed (here, from Python or from another view): the boxes follow, but a box
  // being typed in keeps what the reader typed
  function follow() {
    if (!message) return;
    const x = read(), grid = panel.querySelector(".pt-input-grid");
    if (cellsOf().length !== x.length * x[0].length || grid.style.getPropertyValue("--pt-cols") !== String(x[0].length)) {
      drawCells(x);
      return;
    }
    cellsOf().forEach(e => {
      const [r, c] = at(e);
      if (e !== document.activeElement || Number(e.value) === x[r][c]) e.value = show(x[r][c]);
    });
    sizes(x);
    plot(x);
  }

  // drawing a 1-D input: the pointer's place on the plot sets the sample under it (and
  // those it passed over since the last move, not the one it came from) to the value at
  // its height, a whole number
  function draw(e) {
    const svg = panel.querySelector(".pt-input-plot"), b = svg.getBoundingClientRect(), x = read();
    const L = x[0].length, [lo, hi] = drawing.range;
    const i = Math.min(L - 1, Math.max(0, Math.floor((e.clientX - b.left) / b.width * L)));
    const floor = limits.min === undefined ? lo : Math.max(lo, limits.min);
    const v = Math.min(hi, Math.max(floor, Math.round(hi - (e.clientY - b.top) / b.height * (hi - lo))));
    const from = drawing.last === null ? i : drawing.last, y = x.map(row => row.slice());
    const first = from + Math.sign(i - from);  // i itself when the pointer stayed on it
    for (let j = Math.min(first, i); j <= Math.max(first, i); j++) y[0][j] = v;
    drawing.last = i;
    if (JSON.stringify(y) !== JSON.stringify(x)) { say(""); use(y); }
  }
  let painting = false;
  panel.addEventListener("pointerdown", e => {
    if (!one && drawMode() && e.target.matches(".pt-input-cell") && e.button === 0) {
      e.preventDefault();  // no caret: the cell is painted, not typed in
      painting = true;
      e.target.focus();
      paint(e.target);
      return;
    }
    if (!e.target.closest(".pt-input-plot") || e.button !== 0) return;
    e.preventDefault();
    drawing = { range: plotRange(read()[0]), last: null };
    panel.querySelector(".pt-input-draw").setPointerCapture(e.pointerId);
    draw(e);
  });
  panel.addEventListener("pointermove", e => {
    if (drawing) draw(e);
    if (!painting) return;
    if (!(e.buttons & 1)) { painting = false; return; }  // released outside the panel
    const under = document.elementFromPoint(e.clientX, e.clientY);  // a touch stays captured by its first cell
    if (under && under.matches(".pt-input-cell") && panel.contains(under)) paint(under);
  });
  const stop = () => { painting = false; if (drawing) { drawing = null; plot(read()); } };
  panel.addEventListener("pointerup", stop);
  panel.addEventListener("pointercancel", stop);

  const events = limits.on || "change:x";
  model.on(events, follow);
  return () => { model.off(events, follow); box.remove(); };
}

// The editor for widget(kind, spec, withInput(limits)) (controls.js): limits {rows: [min,
// max], cols: [min, max]}, the sizes Python's explorer accepts. For a 1-D input, row:
// true (and even: true if its length must be even); read(model) and write(model, value)
// get and set it, on (the model's events it changes with), example(model) (what reset
// restores) and title (the button's words) as the explorer needs; min and why, the
// smallest value it takes and the reason, said when a value is refused; noun, what a
// 1-D input is called ("signal" unless said).
const withInput = limits => (root, model) => attach(root, model, limits);

export { parseGrid, resized, withInput };
