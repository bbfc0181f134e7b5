// The window explorer (chapters 1-4): step through the output cells and watch the window
// each one reads slide over the input, with its value, its winner and the output-size
// formula. An ES module (see bundle.py).
import { outLen, check, pool2d, kind } from "./geometry.js";
import { fmt, esc, span } from "./format.js";
import { colorScale, mix, colorBar } from "./colour.js";
import { gridView, outline, swatch, uid, hatch, slideMs } from "./grid.js";
import { cellStepper, register, widget } from "./controls.js";
import { withInput } from "./input.js";

// Average pooling has no dilation (the rule Python's WindowExplorer applies, in the
// reader's words). The page disables the dilation box in average mode, so the reader
// meets this only when Python sets a dilation there.
function noDilation(mode, d) {
  return mode === "avg" && Number.isInteger(d) && d !== 1
    ? { trait: "dilation", message: "Dilation must be 1 for average pooling, not " + d + ": average pooling has no " +
      "dilation (in torch as in pooltools). Set it to 1, or choose max." }
    : null;
}

function windowExplorer(root, config, get) {
  const x = config.input, H = x.length, W = x[0].length;
  const mode = get("mode"), k = get("kernel_size"), s = get("stride"), p = get("padding"),
    d = get("dilation"), ceil = get("ceil_mode");
  const why = noDilation(mode, d) || check([H, W], k, s, p, d, ceil);
  if (why) return { error: why.message, invalid: why.trait };
  const f = pool2d(x, mode, k, s, p, d, ceil, true);
  const cell = root.querySelector("[name=cell]");
  cell.max = f.Ho * f.Wo - 1;
  if (parseInt(cell.value, 10) > f.Ho * f.Wo - 1) cell.value = 0;
  const sel = parseInt(cell.value, 10), si = Math.floor(sel / f.Wo), sj = sel % f.Wo;
  const reach = (k - 1) * d + 1, r0 = si * s - p, c0 = sj * s - p;
  const marks = {};
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const r = r0 + a * d, c = c0 + b * d;
      marks[r + "," + c] = [kind(r, H, p), kind(c, W, p)].includes("overhang") ? "over" : "win";
    }
  }
  // a dilated window skips the cells between those it reads: drawn faded
  let skipped = 0;
  for (let a = 0; a < reach; a++) {
    for (let b = 0; b < reach; b++) {
      if (a % d || b % d) { marks[(r0 + a) + "," + (c0 + b)] = "skip"; skipped += 1; }
    }
  }
  // how far the last window reaches past the bottom and right padding (only in ceil mode)
  const overhang = (L, out) => Math.max(0, (out - 1) * s - p + reach - (L + p));
  const extraRows = overhang(H, f.Ho), extraCols = overhang(W, f.Wo);
  const w = f.arg[si][sj], wr = w === null ? null : Math.floor(w / W), wc = w === null ? null : w % W;
  if (mode === "max" && w !== null) marks[wr + "," + wc] += " best";
  const value = f.out[si][sj], id = uid(root) + "-hatch", ms = slideMs(root);
  const scale = colorScale("cividis", x.flat());
  const at = (r, c) => ("(" + r + ", " + c + ")").replace(/-/g, "−");

  const inputCell = (r, c) => {
    const m = marks[r + "," + c] || "";
    if (r >= 0 && r < H && c >= 0 && c < W) {
      const v = x[r][c], best = m.includes("best");
      return {
        cls: m, fill: m === "skip" ? mix(scale.fill(v), "#ffffff", 0.65) : scale.fill(v), text: fmt(v),
        title: best ? "★ winner: input " + at(r, c) + " = " + fmt(v) + ", the maximum of the window" : "",
      };
    }
    if (r < H + p && c < W + p) {
      return {
        cls: "pad " + m, fill: "url(#" + id + ")", ink: "#333", text: mode === "max" ? "−∞" : "0",
        title: "padding " + at(r, c) + " = " + (mode === "max" ? "−∞" : "0"),
      };
    }
    return {
      cls: "overhang " + m, title: "ceil-mode overhang " + at(r, c) + ": past the padding, reads nothing",
    };
  };
  const rows = span(r0, k, d), cols = span(c0, k, d);
  const winnerText = w === null ? "" : "; winner at " + at(wr, wc);
  const v = gridView();  // the grids: patched cell by cell on a redraw
  const input = v.grid({
    rows: H + 2 * p + extraRows, cols: W + 2 * p + extraCols, first: [-p, -p], cell: inputCell,
    defs: hatch(id), over: outline(r0 + p, c0 + p, reach, reach, { ms }),
    attrs: "role=\"img\" aria-label=\"" + esc("Input " + H + "×" + W + (p ? " with padding " + p : "") +
      ": the window of output " + at(si, sj) + " covers rows " + rows + " and columns " + cols +
      (mode === "max" ? winnerText : "")) + "\"",
  });
  const output = v.grid({
    rows: f.Ho, cols: f.Wo, first: [0, 0],
    cell: (i, j) => ({
      cls: i === si && j === sj ? "sel" : "", fill: scale.fill(f.out[i][j]), text: fmt(f.out[i][j]),
      title: i === si && j === sj ? "selected: output " + at(i, j) + " = " + fmt(f.out[i][j]) : "",
      attrs: "data-flat=\"" + (i * f.Wo + j) + "\"",
    }),
    over: outline(si, sj, 1, 1, { ms, cls: "pt-select" }),
    attrs: "tabindex=\"0\" role=\"group\" data-grid=\"" + f.Ho + "," + f.Wo + "\" data-focus-key=\"window-output\" " +
      "aria-label=\"" + esc("Output " + f.Ho + "×" + f.Wo + ", " + mode + " pooled; selected cell " + at(si, sj) + " = " +
      fmt(value) + ". Arrow keys or a click select another cell.") + "\"",
  });

  const formula = (name, L, o) => {
    const num = L + 2 * p - d * (k - 1) - 1, raw = (ceil ? Math.ceil(num / s) : Math.floor(num / s)) + 1;
    return name + " = " + (ceil ? "ceil" : "floor") + "((" + L + " + 2·" + p + " − " + d + "·(" + k + " − 1) − 1) / " +
      s + ") + 1" + (raw !== o ? " − 1" : "") + " = <b>" + o + "</b>" +
      (raw !== o ? " <span class=\"pt-aside\">(a last window starting in the right padding is dropped)</span>" : "");
  };
  const divisor = f.div[si][sj];
  const note = mode === "max"
    ? "Output cell " + at(si, sj) + " = <b>" + fmt(value) + "</b>, the maximum of rows " + rows + " and columns " + cols +
      (w === null ? "" : ": ★ the winner at " + at(wr, wc) + ", outlined orange (a tie goes to the first in scan order)") +
      (p ? ". Padding is −∞, so it never wins." : ".")
    : "Output cell " + at(si, sj) + " = <b>" + fmt(value) + "</b>, the average of rows " + rows + " and columns " + cols +
      ": sum " + fmt(value * divisor) + " ÷ " + divisor + " cells" + (p ? " (padding counts as 0)." : ".");
  const legend = colorBar(scale, "value (input and output)") + swatch("window", "window of the selected output") +
    (skipped ? swatch("skip", "faded: cells the dilated window skips") : "") +
    (mode === "max" ? swatch("best", "★ winner: the window's maximum") : "") +
    (p ? swatch("padding", "padding: " + (mode === "max" ? "−∞" : "0"), id) : "") +
    (extraRows || extraCols ? swatch("overhang", "ceil-mode overhang") : "");
  const frame = "<div class=\"pt-formula\">" + formula("H_out", H, f.Ho) + "<br>" + formula("W_out", W, f.Wo) + "</div>" +
    "<p class=\"pt-note\">" + note + "</p><div class=\"pt-grids\">" +
    "<figure class=\"pt-fig\"><figcaption>input " + H + "×" + W + (p ? ", padding " + p : "") + "</figcaption>" + input + "</figure>" +
    "<div class=\"pt-op\" aria-hidden=\"true\">" + mode + " " + k + "×" + k + (d > 1 ? ", dilation " + d : "") +
    "<br>stride " + s + " <span class=\"pt-arrow\">→</span></div>" +
    "<figure class=\"pt-fig\"><figcaption>" + mode + " pooled " + f.Ho + "×" + f.Wo + "</figcaption>" + output + "</figure>" +
    "</div><div class=\"pt-legend\">" + legend + "</div>";
  return v.result(frame, JSON.stringify([H, W, mode, k, s, p, d, ceil]), {
    output: f.out,
    status: "Output cell " + at(si, sj) + " = " + fmt(value) + ": " + (mode === "max" ? "max" : "average") + " of rows " +
      rows + ", columns " + cols + (mode === "max" ? winnerText : " (" + divisor + " cells)"),
  });
}

const POOLING = [
  { name: "mode", trait: "mode", type: "select", label: "mode", options: ["max", "avg"] },
  { name: "kernel", trait: "kernel_size", type: "number", label: "kernel", min: 1, max: 12 },
  { name: "stride", trait: "stride", type: "number", label: "stride", min: 1, max: 12 },
  { name: "padding", trait: "padding", type: "number", label: "padding", min: 0, max: 12 },
];

register("window", windowExplorer);
// the reader may edit the input (input.js), within the sizes Python's explorer takes
export default widget("window", [
  ...POOLING,
  {
    name: "dilation", trait: "dilation", type: "number", label: "dilation", min: 1, max: 12,
    idle: get => get("mode") === "avg", unused: "max pooling only", neutral: 1,
  },
  { name: "ceil", trait: "ceil_mode", type: "onoff", label: "ceil mode" },
  { type: "br" },
  cellStepper(get => {
    const x = get("x"), d = get("dilation"), args = [get("kernel_size"), get("stride"), get("padding"), d, get("ceil_mode")];
    return noDilation(get("mode"), d) || check([x.length, x[0].length], ...args)
      ? null : [outLen(x.length, ...args), outLen(x[0].length, ...args)];
  }),
], withInput({ rows: [1, 12], cols: [1, 12] }));
