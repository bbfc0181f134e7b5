// The adaptive bins explorer (chapters 5, 10): the bins adaptive pooling uses for an input
// and output size, drawn over the input. An ES module: Python prepends explorers.js.
const { bins, PALETTE } = pooltoolsJS;

function adaptiveBins(root, config, get) {
  const L = get("input_size"), n = get("output_size");
  if (!(Number.isInteger(L) && L >= 1)) return { error: "input_size=" + L + " must be positive" };
  if (!(Number.isInteger(n) && n >= 1)) return { error: "output_size=" + n + " must be positive" };
  const result = bins(L, n), unit = Math.max(8, Math.min(28, Math.floor(560 / L)));
  let svg = "";
  for (let c = 0; c < L; c++) {
    svg += "<rect x=\"" + c * unit + "\" y=\"0\" width=\"" + unit + "\" height=\"" + unit + "\" class=\"input\"/>";
  }
  result.forEach(([a, b], i) => {
    svg += "<rect x=\"" + (a * unit + 2) + "\" y=\"" + (unit + 6 + i * 9) + "\" width=\"" + ((b - a) * unit - 4) +
      "\" height=\"6\" fill=\"" + PALETTE[i % PALETTE.length] + "\"/>";
  });
  const overlap = result.some(([, b], i) => i + 1 < n && result[i + 1][0] < b);
  return {
    output: result,
    status: n + " bin" + (n === 1 ? "" : "s") + " over " + L + " cell" + (L === 1 ? "" : "s") + ": " +
      result.map(([a, b]) => "[" + a + ", " + b + ")").join(", ") + ".",
    html: "<div class=\"pt-formula\">bin i covers [floor(i·" + L + "/" + n + "), ceil((i+1)·" + L + "/" + n + ")): " +
      result.map(([a, b]) => "[" + a + ", " + b + ")").join(" ") + "</div>" +
      "<svg role=\"img\" aria-label=\"" + n + " bins over " + L + " cells\" width=\"" + L * unit + "\" height=\"" +
      (unit + 10 + n * 9) + "\">" + svg + "</svg><div class=\"pt-note\">" +
      (overlap ? "Neighbouring bins overlap: some cells feed two outputs." : "The bins do not overlap.") +
      (n > L ? " There are more bins than cells, so cells repeat." : "") + "</div>",
  };
}

pooltoolsJS.register("adaptive", adaptiveBins);
export default pooltoolsJS.widget("adaptive", [
  { name: "length", trait: "input_size", type: "number", label: "input size", min: 1, max: 40 },
  { name: "bins", trait: "output_size", type: "number", label: "output size", min: 1, max: 40 },
]);
