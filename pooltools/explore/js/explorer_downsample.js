// The downsampling explorer (chapter 7): one grid downsampled three ways, side by side.
// Max and average pooling (2x2, stride 2) come from geometry.js's pool2d; the strided
// convolution (3x3, stride 2, padding 1, zero padding, no bias) is a cross-correlation,
// as in torch.nn.functional.conv2d. Python computes the same in the widget's `output`;
// the browser test compares the page's data-output ({max, avg, conv, kernel}) with
// pooltools and torch. An ES module (see bundle.py).
import { outLen, pool2d } from "./geometry.js";
import { fmt, esc, oneOf } from "./format.js";
import { colorScale, colorBar, mix, ink } from "./colour.js";
import { gridView, outline, CELL, MARGIN } from "./grid.js";
import { register, widget } from "./controls.js";
import { withInput } from "./input.js";

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

// The convolution's output has a sign: a diverging scale centred on 0 (ColorBrewer's
// RdBu, colour-blind safe): blue below 0, white at 0, red above, symmetric in +-m.
const RDBU = ["#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d",
  "#b2182b", "#67001f"];
function diverging(t) {  // t in [0, 1]: 0 is -m, 0.5 is 0, 1 is +m
  const u = Math.min(1, Math.max(0, t)) * (RDBU.length - 1), i = Math.min(RDBU.length - 2, Math.floor(u));
  return mix(RDBU[i], RDBU[i + 1], u - i);
}
function signedScale(values) {
  const m = Math.max(0, ...values.map(Math.abs));
  const fill = v => m ? diverging(0.5 + v / (2 * m)) : RDBU[5];
  return { m, fill, ink: v => ink(fill(v)) };
}
const minus = text => String(text).replace("-", "−");
// Its bar: -m, 0 and m under a blue-white-red ramp, in the look of colour.js's colorBar.
function signedBar(scale, label) {
  const n = 24, w = 140, h = 12, x0 = 4, m = scale.m;
  let bar = "";
  for (let i = 0; i < n; i++) {
    bar += "<rect x=\"" + (x0 + i * w / n) + "\" y=\"2\" width=\"" + (w / n + 0.5) + "\" height=\"" + h + "\" fill=\"" +
      (m ? diverging((i + 0.5) / n) : RDBU[5]) + "\"/>";
  }
  const text = (x, anchor, t) => "<text x=\"" + x + "\" y=\"27\" text-anchor=\"" + anchor + "\">" + t + "</text>";
  const width = x0 + w + 4;
  return "<span class=\"pt-colorbar\"><span class=\"pt-legend-label\">" + esc(label) + "</span>" +
    "<svg role=\"img\" aria-label=\"" + esc(label + ": blue for negative values down to " + minus(fmt(-m)) +
      ", white for 0, red for positive values up to " + fmt(m)) + "\" viewBox=\"0 0 " + width + " 30\" width=\"" + width +
    "\" height=\"30\">" + bar + "<rect x=\"" + x0 + "\" y=\"2\" width=\"" + w + "\" height=\"" + h +
    "\" fill=\"none\" stroke=\"#777\" stroke-width=\"0.6\"/>" + "<line x1=\"" + (x0 + w / 2) + "\" y1=\"0\" x2=\"" +
    (x0 + w / 2) + "\" y2=\"16\" stroke=\"#777\" stroke-width=\"0.8\"/>" + text(x0, "start", minus(fmt(m ? -m : 0))) +
    text(x0 + w / 2, "middle", "0") + text(x0 + w, "end", fmt(m)) + "</svg></span>";
}

// The kernel as small integers times one common factor 1/d (d up to 16), if it is one.
function asIntegers(w) {
  for (let d = 1; d <= 16; d++) {
    if (w.flat().every(v => Math.abs(v * d - Math.round(v * d)) < 1e-9)) return d;
  }
  return 0;
}

// The input cells output (i, j) of an op reads, cut to the grid: [row, column, rows, columns].
function reads(op, i, j, H, W) {
  if (op !== "conv") return [2 * i, 2 * j, 2, 2];
  const r0 = Math.max(0, 2 * i - 1), c0 = Math.max(0, 2 * j - 1);
  return [r0, c0, Math.min(H, 2 * i + 2) - r0, Math.min(W, 2 * j + 2) - c0];
}

// Pointing at (or tapping) an output cell outlines it and the input cells it reads. The
// outlines live in the grids' top layers, drawn from root.ptDsAt by the draw below
// and by these handlers alike, so a redraw and a pointer agree on what is shown.
function overs(root, op) {
  const at = root.ptDsAt, d = root.ptDsDims;
  if (!at || !d || at.i >= d[at.op === "conv" ? "Hc" : "Hp"] || at.j >= d[at.op === "conv" ? "Wc" : "Wp"]) return "";
  if (op === "input") {
    const [r, c, h, w] = reads(at.op, at.i, at.j, d.H, d.W);
    return outline(r, c, h, w, { ms: 0 });
  }
  return op === at.op ? outline(at.i, at.j, 1, 1, { ms: 0, cls: "pt-select" }) : "";
}
function point(root, view, at) {
  if (JSON.stringify(at) === JSON.stringify(root.ptDsAt || null)) return;
  root.ptDsAt = at;
  view.querySelectorAll("svg.pt-grid[data-ds]").forEach(svg => {
    const layer = svg.querySelector(".pt-over");
    if (layer) layer.innerHTML = overs(root, svg.dataset.ds);
  });
}
function listen(root) {
  if (root.ptDsListening) return;
  root.ptDsListening = true;
  const view = root.querySelector(".pt-view");
  const target = e => {
    const cell = e.target.closest && e.target.closest("svg.pt-grid[data-ds] .pt-cell");
    const op = cell && cell.closest("svg").dataset.ds;
    if (!cell || op === "input" || op === "kernel") return null;
    const [i, j] = cell.dataset.cell.split(",").map(Number);
    return { op, i, j };
  };
  view.addEventListener("pointerover", e => point(root, view, target(e)));
  view.addEventListener("pointerleave", () => point(root, view, keyboardAt(root) || null));
  view.addEventListener("click", e => point(root, view, target(e)));
  // the keyboard does what the pointer does: Tab to a result, the arrow keys pick its cell
  const OPS = { max: "max pooling", avg: "average pooling", conv: "the strided convolution" };
  const focusedOp = () => {
    const svg = document.activeElement && document.activeElement.closest &&
      document.activeElement.closest("svg.pt-grid[data-ds]");
    return svg && root.contains(svg) && OPS[svg.dataset.ds] ? svg.dataset.ds : null;
  };
  function keyboardAt(r) {
    const op = focusedOp();
    return op && r.ptDsAt && r.ptDsAt.op === op ? r.ptDsAt : null;
  }
  const say = at => {
    const status = root.querySelector(".pt-status"), d = root.ptDsDims, out = root.ptDsOut;
    if (!status || !at || !out) return;
    const [r, c, h, w] = reads(at.op, at.i, at.j, d.H, d.W);
    status.textContent = "Output (" + at.i + ", " + at.j + ") of " + OPS[at.op] + " = " + minus(fmt(out[at.op][at.i][at.j])) +
      ": it reads input rows " + r + "–" + (r + h - 1) + ", columns " + c + "–" + (c + w - 1) + ".";
  };
  view.addEventListener("focusin", () => {
    const op = focusedOp();
    if (!op) return;
    const at = root.ptDsAt && root.ptDsAt.op === op ? root.ptDsAt : { op, i: 0, j: 0 };
    point(root, view, at);
    say(at);
  });
  view.addEventListener("focusout", e => { if (!view.contains(e.relatedTarget)) point(root, view, null); });
  view.addEventListener("keydown", e => {
    const op = focusedOp(), moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    if (!op || !moves[e.key]) return;
    e.preventDefault();
    const d = root.ptDsDims, rows = d[op === "conv" ? "Hc" : "Hp"], cols = d[op === "conv" ? "Wc" : "Wp"];
    const now = root.ptDsAt && root.ptDsAt.op === op ? root.ptDsAt : { op, i: 0, j: 0 }, [di, dj] = moves[e.key];
    const at = { op, i: Math.max(0, Math.min(rows - 1, now.i + di)), j: Math.max(0, Math.min(cols - 1, now.j + dj)) };
    point(root, view, at);
    say(at);
  });
}

function downsample(root, config, get) {
  const x = config.input, name = get("kernel"), w = config.kernels[name];
  if (!w) return { error: oneOf("The convolution's kernel", name, Object.keys(config.kernels)), invalid: "kernel" };
  const H = x.length, W = x[0].length;
  const max = pool2d(x, "max", 2, 2, 0, 1, false, true).out;
  const avg = pool2d(x, "avg", 2, 2, 0, 1, false, true).out;
  const conv = stridedConv(x, w);
  const size = g => g.length + "×" + g[0].length;
  root.ptDsDims = { H, W, Hp: max.length, Wp: max[0].length, Hc: conv.length, Wc: conv[0].length };
  root.ptDsOut = { max, avg, conv };
  listen(root);

  // pooling keeps values in the input's range: input and both poolings share one scale
  const values = colorScale("cividis", x.flat()), signed = signedScale(conv.flat());
  const list = g => g.map(row => row.map(v => minus(fmt(v))).join(" ")).join("; ");
  const v = gridView();  // the grids: patched cell by cell on a redraw
  const grid = (op, g, label, cell) => v.grid({
    rows: g.length, cols: g[0].length, first: [0, 0], cell, over: overs(root, op),
    attrs: "data-ds=\"" + op + "\" " + (op === "input" ? "role=\"img\"" : "tabindex=\"0\" role=\"group\"") +
      " aria-label=\"" + esc(label + " " + size(g) + ": " + list(g) +
      (op === "input" ? "" : ". Arrow keys pick an output cell and outline the input cells it reads.")) + "\"",
  });
  const valued = g => (r, c) => ({ fill: values.fill(g[r][c]), text: minus(fmt(g[r][c])) });
  const input = grid("input", x, "Input", valued(x));
  const maxGrid = grid("max", max, "Max pooled", valued(max));
  const avgGrid = grid("avg", avg, "Average pooled", valued(avg));
  const convGrid = grid("conv", conv, "Strided convolution", (r, c) => {
    const y = conv[r][c], fill = signed.fill(y);
    return { cls: Math.abs(y) <= 0.12 * signed.m || !signed.m ? "pale" : "", fill, text: minus(fmt(y)) };
  });
  // the kernel: integers times 1/d when it is so (1/9, 1/16), tinted by sign
  const d = asIntegers(w), weight = y => d ? y * d : y;
  const kernel = v.grid({
    rows: 3, cols: 3, first: [0, 0],
    cell: (r, c) => {
      const y = w[r][c];
      return { cls: "weight", fill: y > 0 ? RDBU[6] : y < 0 ? RDBU[4] : "#ffffff", ink: "#222", text: minus(fmt(weight(y))) };
    },
    attrs: "data-ds=\"kernel\" role=\"img\" aria-label=\"" + esc("Kernel " + name + (d > 1 ? ", times 1/" + d : "") + ": " +
      list(w.map(row => row.map(weight)))) + "\"",
  });

  const fig = (caption, svg, cls, style) => "<figure class=\"pt-fig" + (cls ? " " + cls : "") + "\"" +
    (style ? " style=\"" + style + "\"" : "") + "><figcaption>" + caption + "</figcaption>" + svg + "</figure>";
  // a grid may shrink a little to keep its neighbour beside it: the input (to 70%) its
  // results, a result (to 85%) the next; two results a row at most
  const shrink = (g, w, by) => fig(g[0], g[1], g[2], "flex: 1 1 " + Math.round(by * w) + "px; max-width: " + w + "px");
  const inputWidth = MARGIN + CELL * W + 2, outWidth = MARGIN + CELL * conv[0].length + 2;
  const lo = Math.min(...conv.flat()), hi = Math.max(...conv.flat());
  const frame = "<p class=\"pt-note\">Max pooling keeps each 2×2 block's largest value; average pooling is a " +
    "convolution with the fixed 2×2 kernel of ¼s and stride 2. The convolution weighs the 3×3 cells around every " +
    "second cell by its kernel (outside the grid: 0); in a network that kernel is learned. Point at or tap an output " +
    "cell (or Tab to a result and use the arrow keys) to outline the input cells it reads.</p>" +
    "<div class=\"pt-grids pt-ds\">" +
    shrink(["input " + H + "×" + W, input, "pt-ds-input"], inputWidth, 0.7) +
    "<div class=\"pt-ds-outs\" style=\"max-width: " + (2 * Math.max(164, outWidth) + 22) + "px\">" +
    shrink(["max pooling 2×2<br>stride 2 → " + size(max), maxGrid], Math.max(164, outWidth), 0.85) +
    shrink(["average pooling 2×2<br>stride 2 → " + size(avg), avgGrid], Math.max(164, outWidth), 0.85) +
    shrink(["convolution 3×3<br>stride 2, pad 1 → " + size(conv), convGrid], Math.max(164, outWidth), 0.85) +
    fig("its kernel" + (d > 1 ? " <span class=\"pt-ds-factor\">× 1/" + d + "</span>" : "") + "<br>" + esc(name), kernel,
      "pt-ds-kernel") +
    "</div></div><div class=\"pt-legend\">" + colorBar(values, "value (input, max and average pooled)") +
    signedBar(signed, "convolution output (centred on 0)") + "</div>" +
    "<p class=\"pt-note pt-ds-aside\">Pooling keeps values within the input's range, so input and both poolings share " +
    "one colour scale. A convolution's output can be negative: it has its own scale, blue below 0, white at 0 and " +
    "red above; the kernel's cells are tinted by the sign of their weights.</p>";
  return v.result(frame, JSON.stringify([H, W]), {
    output: { max, avg, conv, kernel: name },
    status: "Kernel " + name + ": the strided convolution gives " + size(conv) + (lo === hi ? ", all " + minus(fmt(lo))
      : " values from " + minus(fmt(lo)) + " to " + minus(fmt(hi))) + "; max and average pooling give " + size(max) + ".",
  });
}

register("downsample", downsample);
// the reader may edit the input (input.js), within the sizes Python's explorer takes
export default widget("downsample", [
  {
    name: "kernel", trait: "kernel", type: "select", label: "convolution's kernel",
    options: model => Object.keys(model.get("config").kernels),
  },
], withInput({ rows: [2, 12], cols: [2, 12] }));
