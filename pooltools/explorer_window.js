// The window explorer (chapters 1-4): step through the output cells and see the window
// each one reads, its value, and the output-size formula. An ES module: Python prepends
// explorers.js, which defines pooltoolsJS.
const { outLen, problem, pool2d, fmt, table, inputRows, cellKind: kind } = pooltoolsJS;

function windowExplorer(root, config, get) {
  const x = config.input, H = x.length, W = x[0].length;
  const mode = get("mode"), k = get("kernel_size"), s = get("stride"), p = get("padding"),
    d = get("dilation"), ceil = get("ceil_mode");
  const why = problem([H, W], k, s, p, d, ceil);
  if (why) return { error: why };
  const f = pool2d(x, mode, k, s, p, d, ceil, true);
  const cell = root.querySelector("[name=cell]");
  cell.max = f.Ho * f.Wo - 1;
  if (parseInt(cell.value, 10) > f.Ho * f.Wo - 1) cell.value = 0;
  const sel = parseInt(cell.value, 10), si = Math.floor(sel / f.Wo), sj = sel % f.Wo;
  const marks = {};
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const r = si * s - p + a * d, c = sj * s - p + b * d;
      const kinds = [kind(r, H, p), kind(c, W, p)];
      marks[r + "," + c] = kinds.includes("overhang") ? "over" : "win";
    }
  }
  // how far the last window reaches past the right padding (only in ceil mode)
  const overhang = (L, out) => Math.max(0, (out - 1) * s - p + (k - 1) * d + 1 - (L + p));
  const w = f.arg[si][sj];
  if (mode === "max" && w !== null) marks[Math.floor(w / W) + "," + (w % W)] += " best";
  const outRows = f.out.map((row, i) => row.map((v, j) =>
    ({ cls: i === si && j === sj ? "sel" : "", text: fmt(v) })));
  const formula = (L, o) => "floor((" + L + " + 2·" + p + " − " + d + "·(" + k + " − 1) − 1) / " +
    s + ")" + (ceil ? " rounded up" : "") + " + 1 = " + o;
  const value = f.out[si][sj];
  return {
    output: f.out,
    html: "<div class=\"pt-formula\">H_out = " + formula(H, f.Ho) + "<br>W_out = " + formula(W, f.Wo) +
      "</div><div class=\"pt-note\">output cell (" + si + ", " + sj + ") = " + mode + " of its window = <b>" +
      fmt(value) + "</b>" + (mode === "max" ? " (the marked cell; ties go to the first in scan order)" : "") +
      "</div><div class=\"pt-grids\">" +
      table("input " + H + "×" + W + (p ? ", padding " + p : ""),
        inputRows(x, p, mode, marks, overhang(H, f.Ho), overhang(W, f.Wo))) +
      table(mode + " pooled " + f.Ho + "×" + f.Wo, outRows) + "</div>",
  };
}

const POOLING = [
  { name: "mode", trait: "mode", type: "select", label: "mode", options: ["max", "avg"] },
  { name: "kernel", trait: "kernel_size", type: "number", label: "kernel", min: 1, max: 12 },
  { name: "stride", trait: "stride", type: "number", label: "stride", min: 1, max: 12 },
  { name: "padding", trait: "padding", type: "number", label: "padding", min: 0, max: 12 },
];

pooltoolsJS.register("window", windowExplorer);
export default pooltoolsJS.widget("window", [
  ...POOLING,
  { name: "dilation", trait: "dilation", type: "number", label: "dilation", min: 1, max: 12 },
  { name: "ceil", trait: "ceil_mode", type: "onoff", label: "ceil mode" },
  { type: "br" },
  pooltoolsJS.cellStepper(get => {
    const x = get("x"), d = get("dilation"), args = [get("kernel_size"), get("stride"), get("padding"), d, get("ceil_mode")];
    return problem([x.length, x[0].length], ...args) ? null : [outLen(x.length, ...args), outLen(x[0].length, ...args)];
  }),
]);
