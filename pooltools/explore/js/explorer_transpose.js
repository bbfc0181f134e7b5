// The transposed-convolution explorer (chapter 12): which input cell paints which output
// cells. With the all-ones kernel, input cell (i, j) adds its value to k×k cells of the
// full canvas, d apart, from row i·s and column j·s; where those patches overlap the
// values add up. Padding then crops p rows and columns off each side of the canvas, and
// output padding adds op at the bottom and right. The page computes the output and the
// counts as pooltools' conv_transpose2d does (Python computes the same in the widget's
// output and counts; the browser test compares the page's data-output with both). An ES
// module (see assets.py).
import { wholeNumber } from "./geometry.js";
import { fmt, esc, span, list } from "./format.js";
import { colorScale, colorBar } from "./colour.js";
import { gridView, outline, swatch, uid, hatch, slideMs, CELL, MARGIN } from "./grid.js";
import { cellStepper, register, widget } from "./controls.js";
import { withInput } from "./input.js";

// The largest settings drawn (Python's TRANSPOSE_LIMITS comes in config.limits), and the
// settings as the controls name them.
const LIMITS = { kernel_size: 7, stride: 4, padding: 6, output_padding: 3, dilation: 3 };
const LABELS = { kernel_size: "Kernel", stride: "Stride", padding: "Padding", output_padding: "Output padding",
  dilation: "Dilation" };
const MINIMA = { kernel_size: 1, stride: 1, padding: 0, output_padding: 0, dilation: 1 };

// The full canvas along an axis, and the output: what padding and output padding leave.
const fullLen = (L, k, s, d) => (L - 1) * s + d * (k - 1) + 1;

// The rule the settings break, in the reader's words, or null (pooltools' rules, as
// pooltools/_validate.py's transpose_sizes says them to a programmer, and the drawing's).
function check(H, W, v, limits) {
  for (const trait in MINIMA) {
    const message = wholeNumber(LABELS[trait], v[trait], MINIMA[trait]);
    if (message) return { trait, message };
  }
  for (const trait in MINIMA) {
    if (v[trait] > limits[trait]) {
      return { trait, message: LABELS[trait] + " must be at most " + limits[trait] + " here, not " + v[trait] +
        ": a larger drawing would not fit the page." };
    }
  }
  const { kernel_size: k, stride: s, padding: p, output_padding: op, dilation: d } = v;
  if (op >= Math.max(s, d)) {
    return { trait: "output_padding", message: "Output padding must be smaller than the stride or the dilation, " +
      "whichever is larger: at most " + (Math.max(s, d) - 1) + " for stride " + s + " and dilation " + d + ", not " + op + "." };
  }
  const F = fullLen(Math.min(H, W), k, s, d);
  if (F - 2 * p + op < 1) {
    return { trait: "padding", message: "Padding crops " + p + " cells off each side of the full canvas, " + 2 * p +
      " in all, but it is only " + F + " cells across" + (H !== W ? " on its shorter side" : "") +
      (op ? ", and output padding adds back " + op : "") + ": there is no output. Use less padding." };
  }
  return null;
}

// The transposed convolution with the all-ones kernel: the full canvas (sums, and the
// input cells that paint each cell), and the output and counts cut from it.
function transpose(x, k, s, p, op, d) {
  const H = x.length, W = x[0].length, Fh = fullLen(H, k, s, d), Fw = fullLen(W, k, s, d);
  const sum = [], from = [];
  for (let r = 0; r < Fh; r++) {
    sum.push(new Array(Fw).fill(0));
    from.push(Array.from({ length: Fw }, () => []));
  }
  for (let i = 0; i < H; i++) {
    for (let j = 0; j < W; j++) {
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          const r = i * s + a * d, c = j * s + b * d;
          sum[r][c] += x[i][j];
          from[r][c].push([i, j]);
        }
      }
    }
  }
  const Ho = Fh - 2 * p + op, Wo = Fw - 2 * p + op, output = [], counts = [];
  // output (o, q) is canvas (o + p, q + p); past the canvas (output padding beyond it): 0
  const inCanvas = (r, c) => r < Fh && c < Fw;
  for (let o = 0; o < Ho; o++) {
    output.push([]);
    counts.push([]);
    for (let q = 0; q < Wo; q++) {
      const r = o + p, c = q + p;
      output[o].push(inCanvas(r, c) ? sum[r][c] : 0);
      counts[o].push(inCanvas(r, c) ? from[r][c].length : 0);
    }
  }
  return { sum, from, Fh, Fw, Ho, Wo, output, counts };
}

// Along one axis, away from the borders: how many input cells paint a cell, for each
// position in the stride's period (a long input, so no border is near).
function interior(k, s, d) {
  const found = new Set(), t0 = d * (k - 1) + s * k;
  for (let t = t0; t < t0 + s; t++) {
    let n = 0;
    for (let a = 0; a < k; a++) if ((t - a * d) % s === 0) n += 1;
    found.add(n);
  }
  return [...found].sort((a, b) => a - b);
}

// legend keys of this drawing: a cell with a count, the output's frame, output padding
const key = (svg, text, w) => "<span class=\"pt-key\"><svg aria-hidden=\"true\" viewBox=\"0 0 " + (w || 22) + " 22\" " +
  "width=\"" + (w || 22) + "\" height=\"22\">" + svg + "</svg>" + text + "</span>";
const COUNT_KEY = "<rect x=\"0.5\" y=\"0.5\" width=\"29\" height=\"21\" fill=\"#fff\" stroke=\"#999\"/><text x=\"27\" " +
  "y=\"11\" text-anchor=\"end\" style=\"fill:#000;font-size:11px;font-weight:600\">×n</text>";

function transposeExplorer(root, config, get) {
  const x = config.input, H = x.length, W = x[0].length, limits = config.limits || LIMITS;
  const v = {};
  for (const trait in MINIMA) v[trait] = get(trait);
  const why = check(H, W, v, limits);
  if (why) return { error: why.message, invalid: why.trait };
  const { kernel_size: k, stride: s, padding: p, output_padding: op, dilation: d } = v;
  const t = transpose(x, k, s, p, op, d), { Fh, Fw, Ho, Wo } = t;
  const cell = root.querySelector("[name=cell]");
  cell.max = H * W - 1;
  if (parseInt(cell.value, 10) > H * W - 1) cell.value = 0;
  const sel = parseInt(cell.value, 10), si = Math.floor(sel / W), sj = sel % W;
  const at = (r, c) => ("(" + r + ", " + c + ")").replace(/-/g, "−");
  const plural = (n, one, many) => n + " " + (n === 1 ? one : many);

  // the output cells (in output coordinates, from −p) the selected input cell paints
  const r0 = si * s - p, c0 = sj * s - p, painted = new Set(), inside = [];
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const r = r0 + a * d, c = c0 + b * d;
      painted.add(r + "," + c);
      if (r >= 0 && r < Ho && c >= 0 && c < Wo) inside.push([r, c]);
    }
  }
  const cropped = k * k - inside.length;

  // one colour scale for input and output values; 0 (no input cell paints it) white
  const values = [...x.flat(), ...t.sum.flat(), ...t.output.flat()];
  const lo = Math.min(0, ...values), hi = Math.max(0, ...values);
  const scale = colorScale("viridis", values, { lo, hi, zeroWhite: lo === 0 });
  const id = uid(root) + "-hatch";
  let multi = 0;

  // the drawing's rows and columns, in output coordinates: from −p (cropped) to the end
  // of the canvas or of the output, whichever is further
  const rows = p + Math.max(Fh - p, Ho), cols = p + Math.max(Fw - p, Wo);
  const canvasCell = (r, c) => {
    const cr = r + p, cc = c + p, onCanvas = cr < Fh && cc < Fw;
    const val = onCanvas ? t.sum[cr][cc] : 0, by = onCanvas ? t.from[cr][cc] : [], n = by.length;
    const out = r >= 0 && r < Ho && c >= 0 && c < Wo, pad = out && (r >= Ho - op || c >= Wo - op);
    if (!out && !onCanvas) return null;
    if (n > 1) multi += 1;
    const whom = n ? "painted by " + plural(n, "input cell", "input cells") + ": " + list(by.map(([i, j]) => at(i, j)))
      : onCanvas ? "painted by no input cell" : "past the full canvas, painted by no input cell";
    const mine = painted.has(r + "," + c), fill = out ? scale.fill(val) : "url(#" + id + ")";
    return {
      cls: (out ? "" : "pad") + (pad ? " outpad" : "") + (mine ? " paint" : "") + (fill === "#ffffff" ? " zero" : ""),
      fill, ink: out ? undefined : "#333",
      text: fmt(val), count: n > 1 ? "×" + n : "",
      title: (out ? "output " + at(r, c) + " = " + fmt(val) + (pad ? " (added by output padding)" : "")
        : "cropped by padding: " + at(r, c) + " = " + fmt(val) + ", not in the output") + ", " + whom +
        (mine ? "; the selected input cell paints it" : ""),
    };
  };
  const g = gridView();  // the grids: patched cell by cell on a redraw
  const ms = slideMs(root), xi = x[si][sj];
  const paints = k === 1 ? "paints output cell " + at(r0, c0)
    : "paints output rows " + span(r0, k, d) + ", columns " + span(c0, k, d) + " (" + k + "×" + k + " cells, " + d + " apart)";
  const croppedText = k === 1 ? (cropped ? ", which padding crops off" : "") : "; " + cropped + " of them cropped by padding";
  const status = "Input " + at(si, sj) + " = " + fmt(xi) + " " + paints + croppedText;
  const input = g.grid({
    rows: H, cols: W, first: [0, 0],
    cell: (i, j) => ({
      cls: i === si && j === sj ? "sel" : "", fill: scale.fill(x[i][j]), text: fmt(x[i][j]),
      title: i === si && j === sj ? "selected: input " + at(i, j) + " = " + fmt(x[i][j]) : "",
      attrs: "data-flat=\"" + (i * W + j) + "\"",
    }),
    over: outline(si, sj, 1, 1, { ms, cls: "pt-select" }),
    attrs: "tabindex=\"0\" role=\"group\" data-grid=\"" + H + "," + W + "\" data-focus-key=\"transpose-input\" " +
      "aria-label=\"" + esc("Input " + H + "×" + W + "; selected cell " + at(si, sj) + " = " + fmt(xi) + " " + paints +
      croppedText + ". Arrow keys or a click select another input cell.") + "\"",
  });
  // over the canvas: the output's frame, and the rows and columns output padding adds
  const box = (cls, r, c, h, w, inset) => "<rect class=\"" + cls + "\" x=\"" + (MARGIN + c * CELL + inset) + "\" y=\"" +
    (MARGIN + r * CELL + inset) + "\" width=\"" + (w * CELL - 2 * inset) + "\" height=\"" + (h * CELL - 2 * inset) + "\"/>";
  const over = "<g aria-hidden=\"true\">" + (op ? box("pt-outpad-box", p + Ho - op, p, op, Wo, 2.5) +
    box("pt-outpad-box", p, p + Wo - op, Ho, op, 2.5) : "") + (p || op ? box("pt-out-frame", p, p, Ho, Wo, 0) : "") + "</g>";
  const canvasLabel = "Output " + Ho + "×" + Wo + (p ? ", cut from the full " + Fh + "×" + Fw + " canvas: padding crops " +
    plural(p, "row and column", "rows and columns") + " off each side (hatched)" : "") +
    (op ? "; output padding adds " + plural(op, "row and column", "rows and columns") + " at the bottom and right" : "") +
    (Ho * Wo <= 144 ? ". Values: " + t.output.map(row => row.map(fmt).join(" ")).join("; ") : "");
  const canvas = g.grid({
    rows, cols, first: [-p, -p], cell: canvasCell, defs: hatch(id), over,
    attrs: "role=\"img\" data-focus-key=\"transpose-output\" aria-label=\"" + esc(canvasLabel) + "\"",
  });

  const formula = (name, L, o) => name + " = (" + L + " − 1)·" + s + " − 2·" + p + " + " + d + "·(" + k + " − 1) + " + op +
    " <span class=\"pt-nowrap\">+ 1 = <b>" + o + "</b></span>";
  const evenly = interior(k, s, d), per = evenly.map(n => n * n);
  const counts2d = [...new Set(evenly.flatMap(a => evenly.map(b => a * b)))].sort((a, b) => a - b);
  const inner = evenly.length === 1
    ? "Away from the borders every output cell is painted by " + plural(per[0], "input cell", "input cells") +
      ": a flat input comes out flat there."
    : "Away from the borders, output cells are painted by " + list(counts2d.map(String)).replace(/ and /, " or ") +
      " input cells in a repeating pattern: " + (counts2d[0] === 0 ? "the output has holes no input cell paints."
        : "even a flat input comes out as a checkerboard.");
  // where the cells an input cell paints start: row i·s − p (the cropped ones count from −p)
  const from = i => i + "·" + s + (p ? " − " + p : "") + " = " + (i * s - p).toString().replace("-", "−");
  const note = "Input cell " + at(si, sj) + " adds its value to " + (k === 1 ? "one cell" : k + "×" + k + " cells, " + d +
    " apart,") + " from row " + from(si) + " and column " + from(sj) + "; where the patches of " +
    "input cells overlap, their values add up (×n). " + (p ? "Padding " + p + " then crops " +
    plural(p, "row and column", "rows and columns") + " off each side (hatched): computed, then dropped. " : "") +
    (op ? "Output padding " + op + " adds " + plural(op, "row and column", "rows and columns") + " at the bottom and right " +
      "(dashed)" + (op <= p ? ", which padding would have cropped. " : p ? ", partly past the canvas (zeros there). "
      : ", past the canvas: zeros. ") : "") + inner;
  const fig = (caption, svg) => "<figure class=\"pt-fig\"><figcaption>" + caption + "</figcaption>" + svg + "</figure>";
  const legend = colorBar(scale, "value (input and output)") +
    swatch("window", "selected input cell, and the output cells it paints") +
    (multi ? key(COUNT_KEY, "×n: painted by n input cells", 30) : "") +
    (p ? swatch("padding", "cropped by padding", id) : "") +
    (op ? key("<rect x=\"2.5\" y=\"2.5\" width=\"17\" height=\"17\" class=\"pt-outpad-box\"/>", "output padding") : "") +
    (p || op ? key("<rect x=\"2\" y=\"2\" width=\"18\" height=\"18\" class=\"pt-out-frame\"/>", "the output") : "");
  const caption = "output " + Ho + "×" + Wo + (p || op ? " <span class=\"pt-aside\">(framed; full canvas " + Fh + "×" + Fw +
    ")</span>" : " <span class=\"pt-aside\">(the full canvas)</span>");
  const frame = "<div class=\"pt-formula\"><span class=\"pt-aside\">H_out = (H_in − 1)·stride − 2·padding + " +
    "dilation·(kernel − 1) + output padding + 1</span><br>" + formula("H_out", H, Ho) + "<br>" + formula("W_out", W, Wo) +
    "</div><p class=\"pt-note\">" + note + "</p><div class=\"pt-grids\">" +
    fig("input " + H + "×" + W, input) +
    "<div class=\"pt-op\" aria-hidden=\"true\">transposed conv<br>" + k + "×" + k + " ones, stride " + s +
    (d > 1 ? "<br>dilation " + d : "") + " <span class=\"pt-arrow\">→</span></div>" +
    fig(caption, canvas) + "</div><div class=\"pt-legend\">" + legend + "</div>";
  return g.result(frame, JSON.stringify([H, W, k, s, p, op, d]), {
    output: { output: t.output, counts: t.counts, cell: [si, sj], painted: inside },
    status,
  });
}

register("transpose", transposeExplorer);
// the reader may edit the input (input.js), within the sizes Python's explorer takes
export default widget("transpose", [
  { name: "kernel", trait: "kernel_size", type: "number", label: "kernel", min: 1, max: LIMITS.kernel_size },
  { name: "stride", trait: "stride", type: "number", label: "stride", min: 1, max: LIMITS.stride },
  { name: "padding", trait: "padding", type: "number", label: "padding", min: 0, max: LIMITS.padding },
  { name: "output_padding", trait: "output_padding", type: "number", label: "output padding", min: 0, max: LIMITS.output_padding },
  { name: "dilation", trait: "dilation", type: "number", label: "dilation", min: 1, max: LIMITS.dilation },
  { type: "br" },
  cellStepper(get => [get("x").length, get("x")[0].length], "input cell"),
], withInput({ rows: [1, 6], cols: [1, 6] }));
