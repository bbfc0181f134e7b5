// The gradient explorer (chapters 3, 6, 10): run pooling backwards and see where an output
// cell's gradient lands in the input. An ES module (see bundle.py).
import { outLen, check, backward2d, kind } from "./geometry.js";
import { fmt, esc, span } from "./format.js";
import { colorScale, colorBar } from "./colour.js";
import { gridView, outline, swatch, uid, hatch, slideMs } from "./grid.js";
import { cellStepper, register, widget } from "./controls.js";
import { withInput } from "./input.js";

function gradientExplorer(root, config, get) {
  const x = config.input, H = x.length, W = x[0].length;
  const mode = get("mode"), k = get("kernel_size"), s = get("stride"), p = get("padding"),
    ceil = get("ceil_mode"), includePad = get("count_include_pad"), upstream = get("upstream");
  const why = check([H, W], k, s, p, 1, ceil);
  if (why) return { error: why.message, invalid: why.trait };
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
  // how far the last window reaches past the bottom and right padding (only in ceil mode)
  const overhang = (L, out) => Math.max(0, (out - 1) * s - p + k - (L + p));
  const extraRows = overhang(H, Ho), extraCols = overhang(W, Wo);
  const id = uid(root) + "-hatch", at = (r, c) => ("(" + r + ", " + c + ")").replace(/-/g, "−");
  const values = colorScale("cividis", x.flat());
  const flat = b.grad.flat(), total = flat.reduce((a, v) => a + v, 0);
  const grads = colorScale("viridis", [], { lo: 0, hi: Math.max(1, ...flat), zeroWhite: true });

  const inputCell = (r, c) => {
    const m = marks[r + "," + c] || "";
    if (r >= 0 && r < H && c >= 0 && c < W) {
      const v = x[r][c], best = m.includes("best"), tie = m.includes("tie");
      return {
        cls: m, fill: values.fill(v), text: fmt(v),
        title: best ? "★ winner: input " + at(r, c) + " = " + fmt(v)
          : tie ? "tied maximum, loses to the first in scan order: input " + at(r, c) + " = " + fmt(v) : "",
      };
    }
    if (r < H + p && c < W + p) {
      return {
        cls: "pad " + m, fill: "url(#" + id + ")", ink: "#333", text: mode === "max" ? "−∞" : "0",
        title: "padding " + at(r, c) + " = " + (mode === "max" ? "−∞" : "0"),
      };
    }
    return { cls: "overhang " + m, title: "ceil-mode overhang " + at(r, c) + ": past the padding, reads nothing" };
  };
  let multi = 0;
  const gradCell = (r, c) => {
    const v = b.grad[r][c], n = sources[r][c];
    if (n > 1) multi += 1;
    return {
      cls: (v ? "hot" : "zero") + (n > 1 ? " multi" : ""), fill: grads.fill(v), text: fmt(v), count: n > 1 ? "×" + n : "",
      title: n ? "gradient from " + n + " window" + (n > 1 ? "s" : "") + ": input " + at(r, c) + " receives " + fmt(v)
        : "",
    };
  };
  const r0 = si * s - p, c0 = sj * s - p, rows = span(r0, k, 1), cols = span(c0, k, 1);
  const winner = f.arg[si][sj], wr = Math.floor(winner / W), wc = winner % W;
  const v = gridView();  // the grids: patched cell by cell on a redraw
  const input = v.grid({
    rows: H + 2 * p + extraRows, cols: W + 2 * p + extraCols, first: [-p, -p], cell: inputCell, defs: hatch(id),
    over: allOnes ? "" : outline(r0 + p, c0 + p, k, k, { ms: slideMs(root) }),
    attrs: "role=\"img\" aria-label=\"" + esc("Input " + H + "×" + W + (p ? " with padding " + p : "") + (allOnes
      ? ": every window sends gradient back"
      : ": the window of output " + at(si, sj) + " covers rows " + rows + " and columns " + cols +
        (mode === "max" ? "; winner at " + at(wr, wc) : ""))) + "\"",
  });
  const up = v.grid({
    rows: Ho, cols: Wo, first: [0, 0],
    cell: (i, j) => ({
      cls: (g[i][j] ? "hot" : "zero") + (i === si && j === sj && !allOnes ? " sel" : ""), fill: grads.fill(g[i][j]),
      text: fmt(g[i][j]), attrs: "data-flat=\"" + (i * Wo + j) + "\"",
      title: mode === "avg" ? "divisor " + f.div[i][j] : "",
    }),
    over: allOnes ? "" : outline(si, sj, 1, 1, { ms: slideMs(root), cls: "pt-select" }),
    attrs: "tabindex=\"0\" role=\"group\" data-grid=\"" + Ho + "," + Wo + "\" data-focus-key=\"gradient-upstream\" " +
      "aria-label=\"" + esc("Upstream gradient " + Ho + "×" + Wo + (allOnes ? ", all ones" : ", 1 at output " + at(si, sj)) +
      ". Arrow keys or a click select an output cell.") + "\"",
  });
  const divisors = mode === "avg" ? v.grid({
    rows: Ho, cols: Wo, first: [0, 0],
    cell: (i, j) => ({ cls: "divisor", fill: "#f3f3f3", text: fmt(f.div[i][j]) }),
    attrs: "role=\"img\" aria-label=\"" + esc("The divisor of each window: " + f.div.map(row => row.join(" ")).join("; ")) + "\"",
  }) : "";
  const grad = v.grid({
    rows: H, cols: W, first: [0, 0], cell: gradCell,
    attrs: "role=\"img\" aria-label=\"" + esc("Gradient reaching the input: " + b.grad.map(row => row.map(fmt).join(" ")).join("; ")) + "\"",
  });

  const plural = (n, one, many) => n + " " + (n === 1 ? one : many);
  const counts = (multi
    ? " " + plural(multi, "cell receives", "cells receive") + " gradient from more than one window (marked ×n)."
    : "") + (tiedWindows
    ? " " + plural(tiedWindows, "window has", "windows have") + " a tied maximum: the dashed cells equal the maximum, but all of the gradient goes to the first in scan order (★, orange)."
    : "");
  const note = (mode === "max"
    ? "Max pooling sends each output's gradient to its window's winning cell only (the first maximum in scan order); where windows overlap, gradients add up."
    : "Average pooling shares each output's gradient equally among its window's cells: gradient ÷ divisor. At the borders the divisor " +
      (includePad ? "counts the padding cells (count_include_pad=True)." : "counts only real cells (count_include_pad=False).")) + counts;
  const fig = (caption, svg) => "<figure class=\"pt-fig\"><figcaption>" + caption + "</figcaption>" + svg + "</figure>";
  const legend = colorBar(values, "input value") + colorBar(grads, "gradient") +
    (allOnes ? "" : swatch("window", "window of the selected output")) +
    (mode === "max" ? swatch("best", "★ winner: gets the gradient") : "") +
    (tiedWindows ? swatch("tie", "tied maximum: gets nothing") : "") +
    (multi ? swatch("multi", "×n: fed by n windows") : "") +
    (p ? swatch("padding", "padding: " + (mode === "max" ? "−∞" : "0"), id) : "") +
    (extraRows || extraCols ? swatch("overhang", "ceil-mode overhang") : "");
  const frame = "<p class=\"pt-note\">" + note + "</p><div class=\"pt-grids\">" +
    fig("input " + H + "×" + W + (p ? ", padding " + p : ""), input) +
    fig("upstream gradient " + Ho + "×" + Wo, up) + (divisors ? fig("divisor of each window", divisors) : "") +
    fig("gradient reaching the input", grad) + "</div><div class=\"pt-legend\">" + legend + "</div>";
  const status = allOnes
    ? "Upstream all ones over " + Ho + "×" + Wo + " outputs: gradient reaches " + flat.filter(v => v).length +
      " input cells" + (multi ? ", " + multi + " of them from several windows" : "") + "; total " + fmt(total)
    : "Upstream 1 at output cell " + at(si, sj) + ": " + (mode === "max"
      ? "it all goes to the winner at " + at(wr, wc)
      : "1 ÷ " + f.div[si][sj] + " = " + fmt(1 / f.div[si][sj]) + " to each real cell of rows " + rows + ", columns " + cols);
  return v.result(frame, JSON.stringify([H, W, mode, k, s, p, ceil, includePad, upstream]), { output: b.grad, status });
}

register("gradient", gradientExplorer);
// the reader may edit the input (input.js), within the sizes Python's explorer takes
export default widget("gradient", [
  { name: "mode", trait: "mode", type: "select", label: "mode", options: ["max", "avg"] },
  { name: "kernel", trait: "kernel_size", type: "number", label: "kernel", min: 1, max: 12 },
  { name: "stride", trait: "stride", type: "number", label: "stride", min: 1, max: 12 },
  { name: "padding", trait: "padding", type: "number", label: "padding", min: 0, max: 12 },
  { name: "ceil", trait: "ceil_mode", type: "onoff", label: "ceil mode" },
  {
    name: "count_include_pad", trait: "count_include_pad", type: "onoff", label: "count_include_pad",
    idle: get => get("mode") === "max", unused: "average pooling only",
  },
  { type: "br" },
  { name: "upstream", trait: "upstream", type: "select", label: "upstream gradient", options: ["one cell", "all ones"] },
  cellStepper(get => {
    const x = get("x"), args = [get("kernel_size"), get("stride"), get("padding"), 1, get("ceil_mode")];
    return check([x.length, x[0].length], ...args) ? null : [outLen(x.length, ...args), outLen(x[0].length, ...args)];
  }),
], withInput({ rows: [1, 12], cols: [1, 12] }));
