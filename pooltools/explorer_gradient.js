// The gradient explorer (chapters 3, 6, 10): run pooling backwards and see where an output
// cell's gradient lands in the input. An ES module: Python prepends explorers.js.
const { outLen, problem, backward2d, fmt, table, inputRows, cellKind: kind } = pooltoolsJS;

function gradientExplorer(root, config, get) {
  const x = config.input, H = x.length, W = x[0].length;
  const mode = get("mode"), k = get("kernel_size"), s = get("stride"), p = get("padding"),
    ceil = get("ceil_mode"), includePad = get("count_include_pad"), upstream = get("upstream");
  const why = problem([H, W], k, s, p, 1, ceil);
  if (why) return { error: why };
  const Ho = outLen(H, k, s, p, 1, ceil), Wo = outLen(W, k, s, p, 1, ceil);
  const cell = root.querySelector("[name=cell]");
  cell.max = Ho * Wo - 1;
  if (parseInt(cell.value, 10) > Ho * Wo - 1) cell.value = 0;
  const sel = parseInt(cell.value, 10), si = Math.floor(sel / Wo), sj = sel % Wo;
  const allOnes = upstream === "all ones";
  const g = [];
  for (let i = 0; i < Ho; i++) {
    g.push([]);
    for (let j = 0; j < Wo; j++) g[i].push(allOnes || (i === si && j === sj) ? 1 : 0);
  }
  const b = backward2d(x, g, mode, k, s, p, 1, ceil, includePad), f = b.forward;
  // Where each gradient comes from: how many windows (with a non-zero upstream gradient)
  // send some to each input cell, and, for max pooling, the cells that tie their
  // window's maximum but lose to the first one in scan order.
  const sources = x.map(row => row.map(() => 0));
  const marks = {};
  const mark = (r, c, name) => { marks[r + "," + c] = (marks[r + "," + c] || "") + " " + name; };
  let tiedWindows = 0;
  for (let i = 0; i < Ho; i++) {
    for (let j = 0; j < Wo; j++) {
      if (!g[i][j]) continue;
      const r0 = i * s - p, c0 = j * s - p;
      if (!allOnes) {
        for (let r = r0; r < r0 + k; r++) {
          for (let c = c0; c < c0 + k; c++) {
            mark(r, c, [kind(r, H, p), kind(c, W, p)].includes("overhang") ? "over" : "win");
          }
        }
      }
      const w = f.arg[i][j];
      let ties = 0;
      for (let r = Math.max(r0, 0); r < Math.min(r0 + k, H); r++) {
        for (let c = Math.max(c0, 0); c < Math.min(c0 + k, W); c++) {
          if (mode === "avg") { sources[r][c] += 1; continue; }
          if (r * W + c === w) { sources[r][c] += 1; mark(r, c, "best"); }
          else if (x[r][c] === f.out[i][j]) { ties += 1; mark(r, c, "tie"); }
        }
      }
      if (ties) tiedWindows += 1;
    }
  }
  let multi = 0;
  const gradRows = b.grad.map((row, r) => row.map((v, c) => {
    const n = sources[r][c];
    if (n > 1) multi += 1;
    return {
      cls: (v ? "hot" : "") + (n > 1 ? " multi" : ""),
      text: fmt(v) + (n > 1 ? "<span class=\"pt-count\">×" + n + "</span>" : ""),
      title: n ? "gradient from " + n + " window" + (n > 1 ? "s" : "") : "",
    };
  }));
  const upRows = g.map((row, i) => row.map((v, j) => ({
    cls: (v ? "hot" : "") + (i === si && j === sj && !allOnes ? " sel" : ""),
    text: fmt(v), title: mode === "avg" ? "divisor " + f.div[i][j] : "",
  })));
  const divisors = mode === "avg"
    ? table("divisor of each window", f.div.map(row => row.map(v => ({ text: fmt(v) }))))
    : "";
  // how far the last window reaches past the right padding (only in ceil mode)
  const overhang = (L, out) => allOnes ? 0 : Math.max(0, (out - 1) * s - p + k - (L + p));
  const plural = (n, one, many) => n + " " + (n === 1 ? one : many);
  const counts = (multi
    ? " " + plural(multi, "cell receives", "cells receive") + " gradient from more than one window (marked ×n)."
    : "") + (tiedWindows
    ? " " + plural(tiedWindows, "window has", "windows have") + " a tied maximum: the dashed cells equal the maximum, but all of the gradient goes to the first in scan order (bold, orange)."
    : "");
  return {
    output: b.grad,
    html: "<div class=\"pt-note\">" + (mode === "max"
      ? "Max pooling sends each output's gradient to its window's winning cell only (the first maximum in scan order); where windows overlap, gradients add up."
      : "Average pooling shares each output's gradient equally among its window's cells: gradient ÷ divisor. At the borders the divisor " +
        (includePad ? "counts the padding cells (count_include_pad=True)." : "counts only real cells (count_include_pad=False).")) +
      counts + "</div><div class=\"pt-grids\">" +
      table("input " + H + "×" + W + (p ? ", padding " + p : ""),
        inputRows(x, p, mode, marks, overhang(H, Ho), overhang(W, Wo))) +
      table("upstream gradient " + Ho + "×" + Wo, upRows) + divisors +
      table("gradient reaching the input", gradRows) + "</div>",
  };
}


pooltoolsJS.register("gradient", gradientExplorer);
export default pooltoolsJS.widget("gradient", [
  { name: "mode", trait: "mode", type: "select", label: "mode", options: ["max", "avg"] },
  { name: "kernel", trait: "kernel_size", type: "number", label: "kernel", min: 1, max: 12 },
  { name: "stride", trait: "stride", type: "number", label: "stride", min: 1, max: 12 },
  { name: "padding", trait: "padding", type: "number", label: "padding", min: 0, max: 12 },
  { name: "ceil", trait: "ceil_mode", type: "onoff", label: "ceil mode" },
  { name: "count_include_pad", trait: "count_include_pad", type: "onoff", label: "count_include_pad" },
  { type: "br" },
  { name: "upstream", trait: "upstream", type: "select", label: "upstream gradient", options: ["one cell", "all ones"] },
  pooltoolsJS.cellStepper(get => {
    const x = get("x"), args = [get("kernel_size"), get("stride"), get("padding"), 1, get("ceil_mode")];
    return problem([x.length, x[0].length], ...args) ? null : [outLen(x.length, ...args), outLen(x[0].length, ...args)];
  }),
]);
