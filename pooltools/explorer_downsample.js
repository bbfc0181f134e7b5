// The downsampling explorer (chapter 7): one grid downsampled three ways, side by side.
// Max and average pooling (2x2, stride 2) come from pooltoolsJS.pool2d; the strided
// convolution (3x3, stride 2, padding 1, zero padding, no bias) is a cross-correlation,
// as in torch.nn.functional.conv2d. Python computes the same in the widget's `output`;
// the browser test compares the page's data-output ({max, avg, conv, kernel}) with
// pooltools and torch. An ES module: Python prepends explorers.js.
const { outLen, pool2d, fmt, table } = pooltoolsJS;

// cividis, 8 steps (dark to light); light cells get dark text
const SHADES = ["#00224e", "#213b6e", "#4c556c", "#6c6e72", "#8e8978", "#b1a570", "#d9c55c", "#fee838"];
const STYLE = "<style>" + SHADES.map((c, i) =>
  ".pt-explorer td.ds" + i + "{background:" + c + ";color:" + (i < 4 ? "#fff" : "#000") + "}"
).join("") + ".pt-explorer td.dsk{font-size:12px}</style>";

// A stride-2, padding-1 convolution of one plane with a 3x3 kernel w.
function stridedConv(x, w) {
  const H = x.length, W = x[0].length, k = 3, s = 2, p = 1;
  const Ho = outLen(H, k, s, p, 1, false), Wo = outLen(W, k, s, p, 1, false);
  const out = [];
  for (let i = 0; i < Ho; i++) {
    const row = [];
    for (let j = 0; j < Wo; j++) {
      let sum = 0;
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          const r = i * s - p + a, c = j * s - p + b;
          if (r >= 0 && r < H && c >= 0 && c < W) sum += w[a][b] * x[r][c];  // zero padding
        }
      }
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}

// A grid as table rows, each cell shaded by its value (scaled to the grid's own range).
function shaded(values) {
  const flat = values.flat(), lo = Math.min(...flat), hi = Math.max(...flat);
  return values.map(row => row.map(v => {
    const shade = hi > lo ? Math.min(7, Math.floor(8 * (v - lo) / (hi - lo))) : 0;
    return { cls: "ds" + shade, text: fmt(v) };
  }));
}

function downsample(root, config, get) {
  const x = config.input, name = get("kernel"), w = config.kernels[name];
  if (!w) return { error: "kernel=" + JSON.stringify(name) + " must be one of " + Object.keys(config.kernels).join(", ") };
  const H = x.length, W = x[0].length;
  const max = pool2d(x, "max", 2, 2, 0, 1, false, true).out;
  const avg = pool2d(x, "avg", 2, 2, 0, 1, false, true).out;
  const conv = stridedConv(x, w);
  const size = g => g.length + "×" + g[0].length;
  const weights = w.map(row => row.map(v => ({ cls: "dsk", text: fmt(v) })));
  return {
    output: { max, avg, conv, kernel: name },
    status: "Convolution kernel: " + name + ". Max and average pooling give " + size(max) +
      ", the strided convolution " + size(conv) + ".",
    html: STYLE + "<div class=\"pt-grids\">" +
      table("input " + H + "×" + W, shaded(x)) +
      table("max pooling 2×2, stride 2: " + size(max), shaded(max)) +
      table("average pooling 2×2, stride 2: " + size(avg), shaded(avg)) +
      table("convolution 3×3, stride 2, padding 1: " + size(conv), shaded(conv)) +
      table("its kernel: " + name, weights) + "</div>" +
      "<div class=\"pt-note\">Max pooling keeps each 2×2 block's largest value; average pooling " +
      "is a convolution with the fixed 2×2 kernel of ¼s and stride 2. The convolution weighs the " +
      "3×3 cells around every second cell by the kernel (outside the grid: 0). In a network its " +
      "kernel is learned. Colours are scaled to each grid's own range: dark low, light high.</div>",
  };
}

pooltoolsJS.register("downsample", downsample);
export default pooltoolsJS.widget("downsample", [
  {
    name: "kernel", trait: "kernel", type: "select", label: "convolution's kernel",
    options: model => Object.keys(model.get("config").kernels),
  },
]);
