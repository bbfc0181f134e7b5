// The shift explorer (chapter 8): shift a 1-D signal circularly and compare max, average
// and max-blur pooling (kernel 2, stride 2) with their unshifted outputs. Pooling reuses
// geometry.js's pool2d; Python computes the same in the widget's `output` with
// pooltools.explore.shift_outputs, the reference the browser test checks the page
// against. An ES module (see bundle.py).
import { pool2d } from "./geometry.js";
import { fmt, esc, oneOf } from "./format.js";
import { colorScale, colorBar } from "./colour.js";
import { patch } from "./dom.js";
import { register, widget } from "./controls.js";
import { withInput } from "./input.js";
const NAMES = { max: "max pooling", avg: "average pooling", blur: "max-blur pooling" };

function roll(x, k) {  // np.roll(x, k): every sample moves k places to the right, wrapping
  const L = x.length;
  return x.map((_, i) => x[((i - k) % L + L) % L]);
}

// pool2d's windows are square, so a signal is pooled as a 2 x L grid of two equal rows:
// a 2 x 2 window then holds one pair of samples twice (the same maximum, the same mean).
const pool = (x, mode, stride) => pool2d([x, x], mode, 2, stride, 0, 1, false, true).out[0];

function pooled(x) {
  const L = x.length;
  // max-blur: a stride-1 max over pairs (wrapping around), then [1, 2, 1] / 4 at every
  // second sample, with circular padding
  const pairs = pool(x.concat([x[0]]), "max", 1);
  const blur = [];
  for (let c = 0; c < L; c += 2) {
    blur.push(0.25 * pairs[(c - 1 + L) % L] + 0.5 * pairs[c] + 0.25 * pairs[(c + 1) % L]);
  }
  return { max: pool(x, "max", 2), avg: pool(x, "avg", 2), blur };
}

const same = (a, b) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) < 1e-9);

// The r (preferring shift / 2) for which y is the unshifted output moved by r, or null.
function copyOf(y, y0, shift) {
  const n = y0.length, tries = [];
  if (shift % 2 === 0) tries.push(shift / 2);
  for (let r = 0; r < n; r++) tries.push(r);
  for (const r of tries) if (same(y, roll(y0, r))) return r;
  return null;
}

// One row as an SVG in the grids' language (svg.pt-grid, .pt-cell with data-cell, index
// labels): input sample i at left(i), a gap between windows of two samples; an output cell
// spans its window. Every row has the same width, so the rows line up as they scale.
// Cells are CW wide, or narrower where the view has less room (a long signal on a phone),
// so that the type keeps its size: then only every few cells is numbered, and a value
// is printed in its cell only where it fits at 11 px or more (its tooltip has it always).
const CW = 32, CH = 34, GAP = 6, TOP = 15;
const minus = text => String(text).replace("-", "−");
function cellWidth(L, room) {
  if (!room) return CW;
  return Math.max(10, Math.min(CW, Math.floor((room - 2 - (L / 2 - 1) * GAP) / L)));
}
function rowSVG(L, cells, label, cw) {
  const left = i => 1 + i * cw + Math.floor(i / 2) * GAP;
  const width = left(L - 1) + cw + 1, span = cells.length === L ? 1 : 2;
  const every = Math.ceil(20 / (span === 1 ? cw : 2 * cw + GAP));  // index labels 20 px apart at least
  let index = "", body = "";
  cells.forEach((c, j) => {
    const x = left(j * span), w = span === 1 ? cw : 2 * cw, text = minus(fmt(c.value));
    if (j % every === 0) index += "<text x=\"" + (x + w / 2) + "\" y=\"" + (TOP / 2) + "\">" + j + "</text>";
    const full = span === 1 ? [15.5, 15.5, 15.5, 13.5, 11.5][text.length] || 10 : text.length > 5 ? 13 : 15.5;
    // a digit is about 0.6 em wide: the largest size up to full that fits the cell
    const size = Math.min(full, Math.floor((w - 4) / (0.6 * text.length) * 2) / 2);
    const ring = (cls, inset) => "<rect class=\"" + cls + "\" x=\"" + (x + inset) + "\" y=\"" + (TOP + inset) +
      "\" width=\"" + (w - 2 * inset) + "\" height=\"" + (CH - 2 * inset) + "\" rx=\"2\"/>";
    body += "<g class=\"pt-cell" + (c.changed ? " changed" : "") + "\" data-cell=\"0," + j + "\"><title>" + esc(c.title) +
      "</title><rect class=\"pt-bg\" x=\"" + x + "\" y=\"" + TOP + "\" width=\"" + w + "\" height=\"" + CH + "\" fill=\"" +
      c.fill + "\"/>" + (c.changed ? ring("pt-ring-changed-halo", w < 16 ? 1.5 : 3) + ring("pt-ring-changed", w < 16 ? 1.5 : 3) : "") +
      (size >= 11 || cw === CW ? "<text x=\"" + (x + w / 2) + "\" y=\"" + (TOP + CH / 2) + "\" fill=\"" + c.ink +
        "\" font-size=\"" + (cw === CW ? full : size) + "\">" + text + "</text>" : "") + "</g>";
  });
  const height = TOP + CH + 1;
  return "<svg class=\"pt-grid pt-shift-row\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + width + " " + height +
    "\" width=\"" + width + "\" height=\"" + height + "\" role=\"img\" aria-label=\"" + esc(label) + "\">" +
    "<g class=\"pt-index\" aria-hidden=\"true\">" + index + "</g><g class=\"pt-cells\">" + body + "</g></svg>";
}

// The legend's key for a changed cell: a small cell with the ring.
const CHANGED_KEY = "<span class=\"pt-key\"><svg aria-hidden=\"true\" viewBox=\"0 0 30 22\" width=\"30\" height=\"22\">" +
  "<rect x=\"1\" y=\"1\" width=\"28\" height=\"20\" fill=\"#7d7c78\"/>" +
  "<rect class=\"pt-ring-changed-halo\" x=\"3.5\" y=\"3.5\" width=\"23\" height=\"15\" rx=\"2\"/>" +
  "<rect class=\"pt-ring-changed\" x=\"3.5\" y=\"3.5\" width=\"23\" height=\"15\" rx=\"2\"/></svg>" +
  "ringed in vermilion: differs from the output at shift 0</span>";

// "your signal" is the reader's: its values are the trait x (the editor's), the others
// are config.signals'. Its length as Python's shift_outputs takes it, or the rule, in words.
const YOURS = "your signal", LENGTHS = [4, 32];
const signalOf = (model, name) => name === YOURS ? model.get("x") : model.get("config").signals[name];
function problem(x) {
  if (!Array.isArray(x) || !x.every(v => typeof v === "number" && Number.isFinite(v))) {
    return "Your signal must be a list of finite numbers.";
  }
  if (x.length % 2 || x.length < LENGTHS[0] || x.length > LENGTHS[1]) {
    return "Your signal has " + x.length + " values: it needs an even number from " + LENGTHS[0] + " to " +
      LENGTHS[1] + " (kernel 2, stride 2 must tile it).";
  }
  return null;
}

function shiftExplorer(root, config, get) {
  const name = get("signal"), base = name === YOURS && name in config.signals ? get("x") : config.signals[name];
  if (!base) return { error: oneOf("Signal", name, Object.keys(config.signals)), invalid: "signal" };
  if (name === YOURS && problem(base)) return { error: problem(base), invalid: "signal" };
  // the slider spans this signal; a shift past its end is clamped to L - 1 (as in Python)
  const L = base.length;
  root.querySelector("[name=shift]").max = L - 1;
  const shift = Math.min(Math.max(get("shift"), 0), L - 1);
  const x = roll(base, shift), y0 = pooled(base), y = pooled(x);
  // every pooling keeps values within the signal's range: one scale for all rows
  const scale = colorScale("cividis", base);
  const output = { shift, input: x }, said = [], cw = cellWidth(L, root.ptWidth);
  const row = (caption, svg) => "<figure class=\"pt-fig pt-shift-fig\"><figcaption>" + caption + "</figcaption>" + svg +
    "</figure>";
  let rows = row("<b>input</b>, shifted by " + shift + (shift === 1 ? " sample" : " samples"), rowSVG(L, x.map((v, i) => ({
    value: v, fill: scale.fill(v), ink: scale.ink(v), title: "sample " + i + " = " + minus(fmt(v)) + " (sample " +
      ((i - shift + L) % L) + " of the unshifted signal)",
  })), "Input shifted by " + shift + ": " + x.map(v => minus(fmt(v))).join(" "), cw));
  for (const op of ["max", "avg", "blur"]) {
    const changed = y[op].map((v, i) => Math.abs(v - y0[op][i]) >= 1e-9);
    const count = changed.filter(Boolean).length, r = copyOf(y[op], y0[op], shift), n = y[op].length;
    output[op] = y[op];
    output[op + "_copy"] = r;
    const sentence = count + " of " + n + " outputs changed; " + (r === null
      ? "<b>not</b> a shifted copy of the unshifted output."
      : "equal to the unshifted output shifted by " + r + (r === 1 ? " cell." : " cells."));
    const reads = j => op === "blur"
      ? "samples " + ((2 * j - 1 + L) % L) + " to " + ((2 * j + 2) % L) + ", wrapping"
      : "samples " + 2 * j + " and " + (2 * j + 1);
    rows += row("<b>" + NAMES[op] + "</b>: " + sentence, rowSVG(L, y[op].map((v, j) => ({
      value: v, fill: scale.fill(v), ink: scale.ink(v), changed: changed[j],
      title: NAMES[op] + " output " + j + " = " + minus(fmt(v)) + " (" + reads(j) + ")" +
        (changed[j] ? "; changed: " + minus(fmt(y0[op][j])) + " at shift 0" : "; as at shift 0"),
    })), NAMES[op] + ": " + y[op].map(v => minus(fmt(v))).join(" ") + ". " + count + " of " + n + " outputs changed" +
      (r === null ? "; not a shifted copy" : "; the unshifted output moved by " + r), cw));
    said.push(NAMES[op] + " " + count + " of " + n + " changed (" +
      (r === null ? "not a shifted copy" : "a copy moved by " + r) + ")");
  }
  const html = "<p class=\"pt-note\">Kernel 2, stride 2: each output cell sits over the window of two samples it " +
    "pools, and gaps separate the windows. Max-blur pooling also reads one sample on either side (wrapping round). " +
    "Outputs that differ from those at shift 0 are ringed." + (cw < CW ? " At this width a cell too narrow for its " +
    "value shows it by its colour (and in its tooltip)." : "") + "</p><div class=\"pt-shift\">" + rows + "</div>" +
    "<div class=\"pt-legend\">" + colorBar(scale, "value (input and outputs)") + CHANGED_KEY + "</div>";
  return {
    output,
    html,
    update: view => patch(view, html, JSON.stringify([name, L, cw])),
    status: "Shift " + shift + ": " + said.join("; ") + ".",
  };
}

register("shift", shiftExplorer);
export default widget("shift", [
  {
    name: "signal", trait: "signal", type: "select", label: "signal",
    options: model => Object.keys(model.get("config").signals),
  },
  { name: "shift", trait: "shift", type: "range", label: "shift the input by", after: "samples" },
], withInput({
  // the editor shows the signal in view; a change makes it the reader's own
  row: true, even: true, rows: [1, 1], cols: LENGTHS, title: "✎ edit or draw your signal",
  read: model => signalOf(model, model.get("signal")) || model.get("x"),
  write: (model, x) => { model.set("x", x); model.set("signal", YOURS); },
  example: model => model.get("config").signals[YOURS] || model.get("x"),
  on: "change:x change:signal",
}));
