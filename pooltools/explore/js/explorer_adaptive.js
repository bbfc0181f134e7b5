// The adaptive bins explorer (chapters 5, 10): the bins adaptive pooling uses for an input
// and output size, drawn over the input. An ES module (see bundle.py).
import { bins, wholeNumber } from "./geometry.js";
import { fmt, list } from "./format.js";
import { uid } from "./grid.js";
import { lineSVG, lineKey, linkOnHover } from "./line.js";
import { register, widget } from "./controls.js";

// ---- the adaptive bins explorer ---------------------------------------------------------
function adaptiveBins(root, config, get) {
  const L = get("input_size"), n = get("output_size");
  const bad = [["input_size", wholeNumber("Input size", L, 1)], ["output_size", wholeNumber("Output size", n, 1)]]
    .find(([, message]) => message);
  if (bad) return { error: bad[1], invalid: bad[0] };
  const result = bins(L, n), reads = Array.from({ length: L }, () => []);
  result.forEach(([a, b], i) => { for (let c = a; c < b; c++) reads[c].push(i); });
  const cellsWord = m => m === 1 ? "cell" : "cells";
  const range = ([a, b]) => "[" + a + ", " + b + ")";
  const bars = result.map(([a, b], i) => ({
    read: Array.from({ length: b - a }, (_, j) => a + j), label: String(i),
    title: "output " + i + ": bin " + range([a, b]) + ", " + (b - a) + " " + cellsWord(b - a) + " (" +
      (b - a === 1 ? "cell " + a : "cells " + a + "–" + (b - 1)) + ")",
  }));
  const cells = reads.map((by, c) => ({
    kind: "input", reads: by,
    title: "input cell " + c + ": in " + (by.length === 1 ? "bin " : "bins ") + list(by.map(String)),
  }));
  // the even split: piece i is [i·L/n, (i+1)·L/n); each bin takes every cell its piece touches
  const cuts = Array.from({ length: n - 1 }, (_, i) => (i + 1) * L / n).filter(t => !Number.isInteger(t));
  const shared = reads.map((by, c) => by.length > 1 ? c : -1).filter(c => c >= 0);
  const most = Math.max(...reads.map(by => by.length));
  const sizes = [...new Set(result.map(([a, b]) => b - a))].sort((a, b) => a - b);
  const svg = lineSVG({
    width: root.ptWidth,
    first: 0, cells, bars, cuts, hatchId: uid(root) + "-hatch", barsLabel: "one bar per bin, numbered by its output",
    aria: n + " bins over " + L + " " + cellsWord(L) + ": " + bars.map(b => b.title).join("; ") + ".",
  });
  const notes = [];
  if (L % n === 0) {
    notes.push(n + " divides " + L + ": the bins tile the input, " + L / n + " " + cellsWord(L / n) + " each, as pooling with kernel = stride = " +
      L / n + " would.");
  } else {
    notes.push("Bins of " + list(sizes.map(String)).replace(/ and /, " or ") + " cells. " + n + " does not divide " + L +
      ", so the even split (dashed) cuts through cells, and each bin takes every cell its piece touches" +
      (n > L ? ": there are more bins than cells, so cells repeat, up to ×" + most + "."
        : ": neighbouring bins overlap, and " + (shared.length === 1 ? "cell " : "cells ") + list(shared.map(String)) + " feed two outputs (×2)."));
  }
  const legend = lineKey("bar", "a bin: the cells it pools; its number, the output") +
    lineKey("count", "×n: in n bins") + (cuts.length ? lineKey("cut", "the even split i·" + L + "/" + n) : "") +
    "<span class=\"pt-hint\">Point at a bar or a cell, or Tab to the bars and use the arrow keys, to link them.</span>";
  linkOnHover(root);
  return {
    output: result,
    status: n + " bin" + (n === 1 ? "" : "s") + " over " + L + " " + cellsWord(L) + ": " + result.map(range).join(", ") +
      (shared.length ? "; " + shared.length + " " + cellsWord(shared.length) + " in more than one bin" : "") + ".",
    html: "<div class=\"pt-formula\">bin i covers [floor(i·" + L + "/" + n + "), ceil((i+1)·" + L + "/" + n + ")): " +
      result.map(range).join(" ") + "</div><p class=\"pt-note\">" + notes.join(" ") + "</p>" +
      "<figure class=\"pt-fig pt-line-fig\"><figcaption>input: " + L + " " + cellsWord(L) + " → " + n + " output" +
      (n === 1 ? "" : "s") + "</figcaption>" + svg + "</figure><div class=\"pt-legend\">" + legend + "</div>",
  };
}

register("adaptive", adaptiveBins);
export default widget("adaptive", [
  { name: "length", trait: "input_size", type: "number", label: "input size", min: 1, max: 40 },
  { name: "bins", trait: "output_size", type: "number", label: "output size", min: 1, max: 40 },
]);
