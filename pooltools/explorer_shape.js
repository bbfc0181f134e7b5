// The shape lab (chapters 4, 10): the output size along one axis and the windows drawn
// over the input, or the rule a configuration breaks. An ES module: Python prepends
// explorers.js.
const { outLen, problem, cellKind: kind, PALETTE } = pooltoolsJS;

function shapeLab(root, config, get) {
  const L = get("length"), k = get("kernel_size"), s = get("stride"), p = get("padding"),
    d = get("dilation"), ceil = get("ceil_mode");
  const lengthBad = !(Number.isInteger(L) && L >= 1) && "input size " + L + " must be positive";
  const why = lengthBad || problem([L], k, s, p, d, ceil);
  if (why) return { error: why, output: null };
  const out = outLen(L, k, s, p, d, ceil), span = d * (k - 1) + 1;
  const first = -p, last = Math.max(L + p, (out - 1) * s - p + span);
  const unit = Math.max(10, Math.min(28, Math.floor(560 / (last - first))));
  const left = c => (c - first) * unit;
  let svg = "";
  for (let c = first; c < last; c++) {
    const kd = kind(c, L, p);
    svg += "<rect x=\"" + left(c) + "\" y=\"0\" width=\"" + unit + "\" height=\"" + unit + "\" class=\"" + kd + "\"/>";
  }
  for (let o = 0; o < out; o++) {
    const y = unit + 6 + o * 9, colour = PALETTE[o % PALETTE.length];
    for (let j = 0; j < k; j++) {
      const c = o * s - p + j * d;
      svg += "<rect x=\"" + (left(c) + 2) + "\" y=\"" + y + "\" width=\"" + (unit - 4) + "\" height=\"6\" fill=\"" + colour + "\"/>";
    }
  }
  const height = unit + 10 + out * 9;
  const rounding = ceil ? "ceil" : "floor";
  // Ceil mode drops a last window that would start in the right padding: say so.
  const raw = Math.floor((L + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
  const dropped = raw > out ? " − 1 (the last window would start in the right padding)" : "";
  return {
    output: out,
    status: "Input size " + L + ", kernel " + k + ", stride " + s + ", padding " + p + ", dilation " + d +
      (ceil ? ", ceil mode" : "") + ": " + out + " output" + (out === 1 ? "" : "s") + ".",
    html: "<div class=\"pt-formula\">L_out = " + rounding + "((" + L + " + 2·" + p + " − " + d + "·(" + k +
      " − 1) − 1) / " + s + ") + 1" + dropped + " = <b>" + out + "</b></div>" +
      "<svg role=\"img\" aria-label=\"" + out + " windows over an input of " + L + " cells\" width=\"" +
      (last - first) * unit + "\" height=\"" + height + "\">" + svg + "</svg>" +
      "<div class=\"pt-note\">Each coloured row is one window: the cells it reads. Grey: padding; dashed: ceil-mode overhang.</div>",
  };
}

pooltoolsJS.register("shape", shapeLab);
export default pooltoolsJS.widget("shape", [
  { name: "length", trait: "length", type: "number", label: "input size", min: 1, max: 40 },
  { name: "kernel", trait: "kernel_size", type: "number", label: "kernel", min: 1, max: 12 },
  { name: "stride", trait: "stride", type: "number", label: "stride", min: 1, max: 12 },
  { name: "padding", trait: "padding", type: "number", label: "padding", min: 0, max: 12 },
  { name: "dilation", trait: "dilation", type: "number", label: "dilation", min: 1, max: 12 },
  { name: "ceil", trait: "ceil_mode", type: "onoff", label: "ceil mode" },
]);
