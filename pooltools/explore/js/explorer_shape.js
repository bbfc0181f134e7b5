// The shape lab (chapters 4, 10): the output size along one axis and the windows drawn
// over the input, or the rule a configuration breaks. An ES module (see bundle.py).
import { outLen, check, wholeNumber, kind } from "./geometry.js";
import { fmt, list } from "./format.js";
import { swatch, uid } from "./grid.js";
import { lineSVG, lineKey, linkOnHover } from "./line.js";
import { register, widget } from "./controls.js";

// ---- the shape lab -----------------------------------------------------------------------
const minus = c => fmt(c).replace("-", "−");
function shapeLab(root, config, get) {
  const L = get("length"), k = get("kernel_size"), s = get("stride"), p = get("padding"),
    d = get("dilation"), ceil = get("ceil_mode");
  const lengthBad = wholeNumber("Input size", L, 1);
  const why = lengthBad ? { trait: "length", message: lengthBad } : check([L], k, s, p, d, ceil);
  if (why) return { error: why.message, invalid: why.trait, output: null };
  const out = outLen(L, k, s, p, d, ceil), span = d * (k - 1) + 1;
  const first = -p, last = Math.max(L + p, (out - 1) * s - p + span);
  const reads = {};
  const windows = Array.from({ length: out }, (_, o) => {
    const read = Array.from({ length: k }, (_, j) => o * s - p + j * d);
    read.forEach(c => (reads[c] = reads[c] || []).push(o));
    const real = read.filter(c => kind(c, L, p) !== "overhang");
    return {
      read, label: String(o),
      title: "output " + o + " reads " + (real.length === 1 ? "cell " : "cells ") + list(real.map(minus)) +
        (d > 1 ? " (dilation " + d + ": " + d + " apart)" : "") +
        (real.length < k ? "; " + (k - real.length) + " past the padding read nothing" : ""),
    };
  });
  const cells = [];
  for (let c = first; c < last; c++) {
    const kd = kind(c, L, p), by = kd === "overhang" ? [] : reads[c] || [];
    const what = kd === "input" ? "input cell " + c : kd === "padding" ? "padding cell " + minus(c) : "ceil-mode overhang at " + c;
    cells.push({
      kind: kd, reads: reads[c] || [],  // the overhang's list the windows that reach it (for the hover)
      title: kd === "overhang" ? what + ": past the padding, reads nothing"
        : what + ": read by " + (by.length ? (by.length === 1 ? "output " : "outputs ") + list(by.map(String)) : "no window"),
    });
  }
  const id = uid(root) + "-hatch";
  const unread = [], multi = [];
  for (let c = 0; c < L; c++) {
    const n = (reads[c] || []).length;
    if (!n) unread.push(c);
    else if (n > 1) multi.push(c);
  }
  const overhang = last > L + p;
  const rounding = ceil ? "ceil" : "floor";
  // Ceil mode drops a last window that would start in the right padding: say so.
  const raw = Math.floor((L + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
  const dropped = raw > out ? " − 1 (the last window would start in the right padding)" : "";
  const svg = lineSVG({
    width: root.ptWidth,
    first, cells, bars: windows, hatchId: id, barsLabel: "one bar per window, numbered by its output",
    aria: out + " windows of " + k + " cells" + (d > 1 ? " (dilation " + d + ")" : "") + ", stride " + s + ", over an input of " +
      L + " cells" + (p ? " with padding " + p : "") + ". " + windows.map(w => w.title).join("; ") + ".",
  });
  const plural = (n, one, many) => n + " " + (n === 1 ? one : many);
  const notes = [];
  notes.push(plural(out, "window", "windows") + " of " + plural(k, "cell", "cells") + (d > 1
    ? " spread over " + span + " (dilation " + d + ": the cells a window reads are " + d + " apart; the thin line crosses those it skips)"
    : "") + ", each starting " + plural(s, "cell", "cells") + " after the one before.");
  if (multi.length) notes.push("Windows overlap: " + plural(multi.length, "input cell is", "input cells are") + " read more than once (×2 and up).");
  else if (!unread.length && out > 1) notes.push("The windows tile the input: each input cell is read once.");
  if (unread.length) {
    // cells past the last window's reach, and cells the windows step over
    // why: a window floor mode drops would read it, or it lies between the cells the
    // windows read, or past the last window
    const reach = (out - 1) * s - p + span, next = out * s - p;
    const dropped = !ceil && outLen(L, k, s, p, d, true) > out ? Array.from({ length: k }, (_, j) => next + j * d) : [];
    const group = { drop: [], gap: [], after: [] };
    unread.forEach(c => group[dropped.includes(c) ? "drop" : c < reach ? "gap" : "after"].push(c));
    const cellList = cs => (cs.length === 1 ? "cell " : "cells ") + list(cs.map(String));
    const why = [];
    if (group.gap.length) why.push(cellList(group.gap) + (group.gap.length === 1 ? " falls" : " fall") +
      (s <= span ? " between the cells the dilated windows read" : " between windows (the stride is longer than the window)"));
    if (group.drop.length) why.push(cellList(group.drop) + " would be read only by a window hanging past the end, which floor mode drops (ceil mode keeps it)");
    if (group.after.length) why.push(cellList(group.after) + (group.after.length === 1 ? " comes" : " come") + " after the last window");
    notes.push("<b>" + (unread.length === 1 ? "Input cell " : "Input cells ") + list(unread.map(String)) + "</b> " +
      (unread.length === 1 ? "is" : "are") + " read by no window (×0): " + why.join("; ") + ".");
  }
  if (p) notes.push("Padding adds " + plural(p, "cell", "cells") + " on each side (hatched): windows read it, but it holds no data.");
  if (overhang) notes.push("Ceil mode keeps a last window that hangs past the end" + (p ? " and its padding" : "") +
    " (dashed): it reads only the cells it covers.");
  const legend = lineKey("bar", "a window: the cells it reads; its number, the output") +
    lineKey("count", "×n: read by n windows") + (unread.length ? lineKey("unread", "read by no window") : "") +
    (d > 1 ? lineKey("skip", "cells a dilated window skips") : "") + (p ? swatch("padding", "padding", id) : "") +
    (overhang ? swatch("overhang", "ceil-mode overhang: reads nothing") : "") +
    "<span class=\"pt-hint\">Point at a bar or a cell, or Tab to the bars and use the arrow keys, to link them.</span>";
  linkOnHover(root);
  return {
    output: out,
    status: "Input size " + L + ", kernel " + k + ", stride " + s + ", padding " + p + ", dilation " + d +
      (ceil ? ", ceil mode" : "") + ": " + out + " output" + (out === 1 ? "" : "s") +
      (multi.length ? "; " + plural(multi.length, "cell", "cells") + " read by more than one window" : "") +
      (unread.length ? "; input " + (unread.length === 1 ? "cell " : "cells ") + list(unread.map(String)) + " never read" : "") + ".",
    html: "<div class=\"pt-formula\">L_out = " + rounding + "((" + L + " + 2·" + p + " − " + d + "·(" + k +
      " − 1) − 1) / " + s + ") + 1" + dropped + " = <b>" + out + "</b></div>" +
      "<p class=\"pt-note\">" + notes.join(" ") + "</p>" +
      "<figure class=\"pt-fig pt-line-fig\"><figcaption>input: " + plural(L, "cell", "cells") +
      (p ? ", padding " + p + " on each side" : "") + "</figcaption>" + svg + "</figure>" +
      "<div class=\"pt-legend\">" + legend + "</div>",
  };
}

register("shape", shapeLab);
export default widget("shape", [
  { name: "length", trait: "length", type: "number", label: "input size", min: 1, max: 40 },
  { name: "kernel", trait: "kernel_size", type: "number", label: "kernel", min: 1, max: 12 },
  { name: "stride", trait: "stride", type: "number", label: "stride", min: 1, max: 12 },
  { name: "padding", trait: "padding", type: "number", label: "padding", min: 0, max: 12 },
  { name: "dilation", trait: "dilation", type: "number", label: "dilation", min: 1, max: 12 },
  { name: "ceil", trait: "ceil_mode", type: "onoff", label: "ceil mode" },
]);
