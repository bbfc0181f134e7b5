// The reader's own input (issue 31): a panel, opened by "edit the input", where the
// explorer's grid is typed cell by cell, resized, reset, or pasted whole as NumPy,
// PyTorch or a spreadsheet prints it. Every change sets the widget's `x` (model.set and
// save_changes, as the other controls do), so the page redraws and, in a notebook,
// Python recomputes with pooltools. Bad input is said in words and changes nothing.
// withInput(widget, limits) gives an explorer the panel; parseGrid is the paste's parser.

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
  const rows = t.rows.filter(r => r.length && !(r.length === 1 && r[0] === ""));
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
      grid[r].push(v);
    }
  }
  const why = sizeProblem(grid.length, grid[0].length, limits);
  return why ? { error: why } : { grid };
}

// The rule a size breaks, in words, or null.
function sizeProblem(H, W, limits) {
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
  "move between cells. Change the size, or paste a whole grid below: the results follow at once.";

// The editor of the explorer in root, bound to model's x. Returns its clean-up.
function attach(root, model, limits) {
  const id = "pt-input-" + (++panels) + "-" + Math.random().toString(36).slice(2, 7);
  const example = JSON.parse(JSON.stringify(model.get("x")));
  const box = document.createElement("div");
  box.className = "pt-input";
  box.innerHTML = "<button type=\"button\" class=\"pt-input-toggle\" aria-expanded=\"false\" aria-controls=\"" + id +
    "\">✎ edit the input</button><div class=\"pt-input-panel\" id=\"" + id + "\" role=\"group\" " +
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
    model.set("x", x);
    model.save_changes();
  }

  // the cells as a grid of boxes, the size and the paste: drawn when the panel opens
  function cellsHTML(x) {
    const label = t => "<span class=\"pt-input-index\" aria-hidden=\"true\">" + t + "</span>";
    return label("") + x[0].map((_, c) => label(c)).join("") + x.map((row, r) => label(r) + row.map((v, c) => "<input type=\"text\" class=\"pt-input-cell\" data-at=\"" + r + "," + c +
      "\" value=\"" + esc(show(v)) + "\" autocomplete=\"off\" spellcheck=\"false\" aria-label=\"" +
      "row " + r + ", column " + c + "\">").join("")).join("");
  }
  function drawCells(x) {
    const grid = panel.querySelector(".pt-input-grid"), focused = panel.contains(document.activeElement) &&
      document.activeElement.dataset.at;
    grid.style.setProperty("--pt-cols", x[0].length);
    grid.setAttribute("aria-label", "input " + x.length + "×" + x[0].length + ", one box a cell");
    grid.innerHTML = cellsHTML(x);
    panel.querySelector("[data-size=rows]").value = x.length;
    panel.querySelector("[data-size=cols]").value = x[0].length;
    if (focused && cellAt(...focused.split(","))) cellAt(...focused.split(",")).focus();
  }
  function open() {
    const x = model.get("x"), range = ([a, b]) => "min=\"" + a + "\" max=\"" + b + "\"";
    panel.innerHTML = "<p class=\"pt-input-hint\">" + HINT + "</p>" +
      "<div class=\"pt-input-grid\" role=\"group\"></div>" +
      "<div class=\"pt-input-size\"><label>rows <input type=\"number\" data-size=\"rows\" step=\"1\" " + range(limits.rows) +
      "></label><label>columns <input type=\"number\" data-size=\"cols\" step=\"1\" " + range(limits.cols) + "></label>" +
      "<button type=\"button\" data-input=\"reset\">↺ reset to the example</button></div>" +
      "<div class=\"pt-input-error\" role=\"alert\" data-for=\"cells\" id=\"" + id + "-cells\"></div>" +
      "<div class=\"pt-input-paste\"><label for=\"" + id + "-paste\">paste a grid: as NumPy or PyTorch prints it, or " +
      "rows of a spreadsheet, one a line</label><textarea id=\"" + id + "-paste\" rows=\"3\" spellcheck=\"false\" " +
      "autocomplete=\"off\" placeholder=\"[[1 2 3] [4 5 6]]\"></textarea>" +
      "<button type=\"button\" data-input=\"paste\">use this grid</button></div>" +
      "<div class=\"pt-input-error\" role=\"alert\" data-for=\"paste\" id=\"" + id + "-paste-error\"></div>";
    message = panel.querySelector(".pt-input-error");
    drawCells(x);
  }
  function setOpen(on) {
    toggle.setAttribute("aria-expanded", on ? "true" : "false");
    toggle.textContent = on ? "✎ close the editor" : "✎ edit the input";
    box.classList.toggle("pt-open", on);
    if (on) open();
    else { panel.innerHTML = ""; message = null; }
  }
  toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));

  // a cell's text into x: true if it is a number (then set, if it changed)
  function commit(e, leaving) {
    const [r, c] = at(e), x = model.get("x");
    if (r >= x.length || c >= x[0].length) return true;
    const v = number(e.value, "cell (" + r + ", " + c + ")");
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
    const len = t.value.length, all = t.selectionStart === 0 && t.selectionEnd === len;
    const [r, c] = at(t), x = model.get("x");
    if (e.key === "Enter") { e.preventDefault(); if (commit(t)) t.select(); }
    else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      t.value = show(x[r][c]);
      say("");
      t.select();
    } else if (e.key === "ArrowUp" || e.key === "ArrowDown") { e.preventDefault(); move(t, e.key === "ArrowUp" ? -1 : 1, 0); }
    else if (e.key === "ArrowLeft" && (all || t.selectionEnd === 0)) { e.preventDefault(); move(t, 0, -1); }
    else if (e.key === "ArrowRight" && (all || t.selectionStart === len)) { e.preventDefault(); move(t, 0, 1); }
  });

  function resize(e) {
    const rows = panel.querySelector("[data-size=rows]"), cols = panel.querySelector("[data-size=cols]");
    const x = model.get("x");
    for (const [box, name, [lo, hi]] of [[rows, "Rows", limits.rows], [cols, "Columns", limits.cols]]) {
      const v = Number(box.value);
      if (box.value.trim() === "" || !Number.isInteger(v) || v < lo || v > hi) {
        say(name + " must be a whole number from " + lo + " to " + hi + " here" +
          (box.value.trim() === "" ? ": the box is empty." : ", not " + minus(box.value.trim()) + "."), box);
        return;
      }
    }
    say("");
    if (Number(rows.value) !== x.length || Number(cols.value) !== x[0].length) {
      use(resized(x, Number(rows.value), Number(cols.value)));
    }
    if (e) e.focus();
  }
  panel.addEventListener("change", e => { if (e.target.matches("[data-size]")) resize(e.target); });
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
    const x = model.get("x"), grid = panel.querySelector(".pt-input-grid");
    if (cellsOf().length !== x.length * x[0].length || grid.style.getPropertyValue("--pt-cols") !== String(x[0].length)) {
      drawCells(x);
      return;
    }
    cellsOf().forEach(e => {
      const [r, c] = at(e);
      if (e !== document.activeElement || Number(e.value) === x[r][c]) e.value = show(x[r][c]);
    });
    panel.querySelector("[data-size=rows]").value = x.length;
    panel.querySelector("[data-size=cols]").value = x[0].length;
  }
  model.on("change:x", follow);
  return () => { model.off("change:x", follow); box.remove(); };
}

// The editor for widget(kind, spec, withInput(limits)) (controls.js): limits {rows: [min,
// max], cols: [min, max]}, the sizes Python's explorer accepts.
const withInput = limits => (root, model) => attach(root, model, limits);

export { parseGrid, resized, withInput };
