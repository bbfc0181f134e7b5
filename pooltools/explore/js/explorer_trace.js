// The architecture trace (chapter 9): step through where a network downsamples. The data
// (shapes, strides, layer names) was traced from real PyTorch models in the chapter and
// checked by pooltools.explore.architecture_trace, which also computed the total strides.
// Python gives the current step in the widget's `output`. An ES module (see bundle.py).
import { esc, oneOf } from "./format.js";
import { register, widget } from "./controls.js";

const COLOUR = { input: "#999999", pooling: "#E69F00", "strided conv": "#0072B2", "global pooling": "#009E73" };
const NAME = { input: "input", pooling: "pooling", "strided conv": "strided convolution", "global pooling": "global average pooling" };
const BIG = 240, SMALL = 56;  // the input's side in the main view and in the strip

const shapeText = shape => shape.join("×");

// A side of a feature map in pixels: proportional to its cells, the input's longer side
// drawn `scale` pixels long.
function side(size, full, scale) {
  return Math.max(2, Math.round(scale * size / full));
}

function mainView(steps, i) {
  const [H0, W0] = steps[0].shape.slice(1), M = Math.max(H0, W0), step = steps[i], [, H, W] = step.shape;
  const pad = 10, box = BIG + 2 * pad;  // and 70 pixels on the right for the label
  let svg = "<rect x=\"" + pad + "\" y=\"" + pad + "\" width=\"" + side(W0, M, BIG) + "\" height=\"" +
    side(H0, M, BIG) + "\" fill=\"#f2f2f2\" stroke=\"#888\"/>";
  if (i > 0) {
    const [, Hp, Wp] = steps[i - 1].shape;
    svg += "<rect x=\"" + pad + "\" y=\"" + pad + "\" width=\"" + side(Wp, M, BIG) + "\" height=\"" +
      side(Hp, M, BIG) + "\" fill=\"none\" stroke=\"#333\" stroke-dasharray=\"3 3\"/>";
  }
  svg += "<rect x=\"" + pad + "\" y=\"" + pad + "\" width=\"" + side(W, M, BIG) + "\" height=\"" +
    side(H, M, BIG) + "\" fill=\"" + COLOUR[step.kind] + "\" fill-opacity=\"0.55\" stroke=\"" +
    COLOUR[step.kind] + "\" stroke-width=\"2\"/>";
  svg += "<text x=\"" + (pad + side(W, M, BIG) + 6) + "\" y=\"" + (pad + Math.min(side(H, M, BIG), BIG - 10) + 4) +
    "\" font-size=\"13\">" + H + "×" + W + "</text>";
  const label = "feature map " + shapeText(step.shape) + ", drawn to scale over the " +
    H0 + "×" + W0 + " input";
  return "<svg role=\"img\" aria-label=\"" + esc(label) + "\" width=\"" + (box + 70) + "\" height=\"" + box + "\">" +
    svg + "</svg>";
}

// Every step as a small rectangle over its side in cells, in order; the current one
// outlined. A click on a step selects it; with the strip focused, arrow keys move.
function strip(steps, i) {
  const M = Math.max(...steps[0].shape.slice(1)), column = w => Math.max(w, 30) + 10;
  let x = 4, svg = "";
  steps.forEach((step, j) => {
    const [, H, W] = step.shape, w = side(W, M, SMALL), h = side(H, M, SMALL);
    const left = x + (column(w) - w) / 2, y = 6 + SMALL - h;
    svg += "<g data-flat=\"" + j + "\" style=\"cursor:pointer\"><rect x=\"" + x + "\" y=\"0\" width=\"" + column(w) +
      "\" height=\"" + (SMALL + 30) + "\" fill=\"transparent\"/>";
    svg += "<rect x=\"" + left + "\" y=\"" + y + "\" width=\"" + w + "\" height=\"" + h + "\" fill=\"" +
      COLOUR[step.kind] + "\"" + (j === i ? " stroke=\"#000\" stroke-width=\"2\"" : "") + "/>";
    svg += "<text x=\"" + (x + column(w) / 2) + "\" y=\"" + (SMALL + 24) + "\" text-anchor=\"middle\" " +
      "font-size=\"12\"" + (j === i ? " font-weight=\"bold\"" : "") + ">" + H + "</text></g>";
    x += column(w);
  });
  const label = steps.length + " steps, sides " + steps.map(s => s.shape[1]).join(", ") + "; step " + i +
    " is outlined; arrow keys move";
  return "<svg role=\"img\" tabindex=\"0\" data-grid=\"1," + steps.length + "\" data-focus-key=\"strip\" aria-label=\"" +
    esc(label) + "\" width=\"" + x + "\" height=\"" + (SMALL + 30) + "\">" + svg + "</svg>";
}

function legend(kinds) {
  return "<div class=\"pt-note\">" + kinds.map(k => "<span style=\"margin-right:14px;white-space:nowrap\"><span style=\"display:inline-block;" +
    "width:12px;height:12px;margin-right:4px;vertical-align:middle;background:" + COLOUR[k] + "\"></span>" + NAME[k] + "</span>").join(" ") + "</div>";
}

function trace(root, config, get) {
  const name = get("architecture"), steps = config.architectures[name];
  if (!steps) return { error: oneOf("Architecture", name, Object.keys(config.architectures)), invalid: "architecture" };
  // the stepper spans this architecture; a step past its end becomes the last (as in
  // Python), and mount tells the model
  root.querySelector("[name=cell]").max = steps.length - 1;
  const i = Math.min(Math.max(get("step"), 0), steps.length - 1), step = steps[i];
  let what;
  if (step.kind === "input") {
    what = "the input image";
  } else {
    what = esc(step.op || NAME[step.kind]) + " (" + NAME[step.kind] + ", layer <code>" + esc(step.layer) + "</code>)";
  }
  const stride = step.kind === "global pooling"
    ? "total stride of the feature extractor: <b>" + step.total_stride + "</b>; global pooling then averages the whole map"
    : "total stride so far: <b>" + step.total_stride + "</b> (one cell of this map moves " + step.total_stride +
      " input pixel" + (step.total_stride === 1 ? "" : "s") + ")";
  const html = "<div class=\"pt-note\"><b>" + esc(name) + "</b>, step " + i + " of " + (steps.length - 1) + ": " + what + "</div>" +
    "<div class=\"pt-formula\">output " + shapeText(step.shape) + " (C×H×W)" +
    (step.stride ? ", stride " + step.stride : "") + "</div>" +
    "<div class=\"pt-note\">" + stride + "</div>" +
    "<div class=\"pt-grids\">" + mainView(steps, i) + "<div>" + strip(steps, i) +
    "<div class=\"pt-note\">Sides are proportional to height and width: the grey square is the input, " +
    "the dotted outline the map before this step; below each step of the strip, its height.</div>" + legend(config.kinds) + "</div></div>";
  return {
    html,
    status: "step " + i + " of " + (steps.length - 1) + ": " + NAME[step.kind] + ", " + shapeText(step.shape) +
      ", total stride " + step.total_stride,
    output: { architecture: name, step: i, layer: step.layer, kind: step.kind, shape: step.shape,
      total_stride: step.total_stride },
  };
}

register("trace", trace);
export default widget("trace", [
  {
    name: "arch", trait: "architecture", type: "select", label: "architecture",
    options: model => Object.keys(model.get("config").architectures),
  },
  { type: "br" },
  { name: "cell", trait: "step", type: "stepper", label: "step" },
]);
