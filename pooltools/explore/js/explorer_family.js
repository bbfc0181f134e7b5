// The family explorer (chapter 11): one window pooled by the whole family from the mean to
// the max (power mean / GeM with exponent p, the Lp norm torch's lp_pool computes, softmax
// pooling with inverse temperature beta), and below it the windows of fractional max
// pooling for a ratio and a sample u. Python computes the same in the widget's `output`
// with pooltools.explore.family_outputs and fractional_starts, the reference the browser
// test checks the page against. An ES module (see bundle.py).
import { fmt, esc } from "./format.js";
import { register, widget } from "./controls.js";
const COLOURS = { mean: "#0072B2", max: "#D55E00", power_mean: "#009E73", softmax: "#CC79A7", lp_norm: "#7d7c78" };
const NAMES = { mean: "mean", max: "max", power_mean: "power mean (GeM)", softmax: "softmax pooling", lp_norm: "Lp norm (lp_pool)" };
const f3 = v => (Math.round(v * 1000) / 1000).toString();

// The same arithmetic as family_outputs: x ** p averaged, then ** (1 / p); the Lp norm
// as torch's lp_pool (the window's sum of x ** p, ** (1 / p)); softmax weights shifted by
// the maximum for stability.
function family(x, p, beta) {
  const n = x.length, top = Math.max(...x);
  let sum = 0, sumP = 0, z = 0, zx = 0;
  const e = x.map(v => Math.exp(beta * (v - top)));
  x.forEach((v, i) => { sum += v; sumP += Math.pow(v, p); z += e[i]; zx += e[i] * v; });
  const meanP = sumP / n;
  return {
    mean: sum / n, max: top, power_mean: Math.pow(meanP, 1 / p), lp_norm: Math.pow(meanP * n, 1 / p),
    softmax: zx / z, weights: e.map(v => v / z),
  };
}

// torch's fractional max pooling starts along one axis (FractionalMaxPool2d.cpp).
function starts(L, n, k, u) {
  if (n === 1) return [L - k];
  const alpha = (L - k) / (n - 1), s = [];
  for (let i = 0; i < n - 1; i++) s.push(Math.trunc((i + u) * alpha) - Math.trunc(u * alpha));
  s.push(L - k);
  return s;
}

// The window as bars (value above its softmax weight) and, beside it (under it on a narrow
// column), the line the family's values lie on: two drawings, so that each keeps its
// size as the column narrows. The names on the line are in the text colour; the dot
// beside each carries the line's colour (coloured 11 px text would read under 4.5:1).
function familySVG(x, out) {
  const top = Math.max(out.lp_norm, out.max) * 1.05, barW = 44, H = 122;
  let g = "";
  x.forEach((v, i) => {  // the window: bars whose height is the value, the softmax weight below
    const h = 70 * v / top, x0 = 10 + i * (barW + 6);
    g += "<g class=\"pt-cell\" data-cell=\"0," + i + "\"><title>x" + i + " = " + fmt(v) + ", softmax weight " +
      f3(out.weights[i]) + "</title><rect x=\"" + x0 + "\" y=\"" + (80 - h) + "\" width=\"" + barW + "\" height=\"" + h +
      "\" fill=\"#b9b9c0\"/><text x=\"" + (x0 + barW / 2) + "\" y=\"94\">" + fmt(v) + "</text>" +
      "<text x=\"" + (x0 + barW / 2) + "\" y=\"110\" style=\"font-size:11px\">" +
      (Math.round(out.weights[i] * 1000) / 10) + "%</text></g>";
  });
  const barsW = 10 + x.length * (barW + 6) + 4, lineW = 290, Y = v => 14 + (lineW - 24) * v / top;
  let line = "<line x1=\"4\" x2=\"" + (lineW - 4) + "\" y1=\"60\" y2=\"60\" stroke=\"currentColor\"/>";
  ["mean", "max", "power_mean", "softmax", "lp_norm"].forEach((name, j) => {
    const v = out[name], px = Y(v), y = [44, 82, 30, 96, 16][j];  // five heights: no two labels collide
    line += "<g data-out=\"" + name + "\"><title>" + NAMES[name] + " = " + f3(v) + "</title><circle cx=\"" + px +
      "\" cy=\"60\" r=\"5\" fill=\"" + COLOURS[name] + "\"/><text class=\"pt-family-label\" x=\"" + px + "\" y=\"" + y +
      "\">" + esc(name === "power_mean" ? "GeM" : name === "lp_norm" ? "Lp" : name) + "</text></g>";
  });
  const svg = (cls, w, label, body) => "<svg class=\"pt-grid " + cls + "\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
    w + " " + H + "\" width=\"" + w + "\" height=\"" + H + "\" role=\"img\" aria-label=\"" + esc(label) + "\">" + body + "</svg>";
  return "<div class=\"pt-family-figs\">" + svg("pt-family", barsW, "Window " + x.map(fmt).join(", ") + ", softmax weights " +
    out.weights.map(f3).join(", "), "<g class=\"pt-cells\">" + g + "</g>") +
    svg("pt-family-line", lineW, "Mean " + f3(out.mean) + ", max " + f3(out.max) + ", power mean " + f3(out.power_mean) +
      ", softmax " + f3(out.softmax) + ", Lp norm " + f3(out.lp_norm), line) + "</div>";
}

// The fractional windows over the L cells. On a column narrower than the drawing at its
// own size (width: the room the view has, from mount), the cells narrow to fit and only
// every fifth is numbered, in type as large as the rest (11 px or more on screen).
function fractionalSVG(L, k, s, width) {
  const fits = 30 + L * 18 <= (width || Infinity), u = fits ? 18 : Math.max(8, Math.floor((width - 30) / L));
  const W = 20 + L * u + 10, H = 24 + 2 * 14 + 12;
  let g = "";
  for (let c = 0; c < L; c++) {
    g += "<rect x=\"" + (10 + c * u) + "\" y=\"4\" width=\"" + (u - 2) + "\" height=\"16\" fill=\"#e8e8ec\"/>";
    if (fits || c % 5 === 0) {
      g += "<text x=\"" + (10 + c * u + u / 2 - 1) + "\" y=\"" + (fits ? 15 : 14) + "\" fill=\"#1d1d1f\" style=\"font-size:" +
        (fits ? 9 : 11) + "px\">" + c + "</text>";
    }
  }
  s.forEach((start, i) => {  // alternate lanes, so that overlapping windows stay visible
    const y = 24 + (i % 2) * 14;
    g += "<rect class=\"pt-frac-window\" data-window=\"" + i + "\" x=\"" + (10 + start * u + 1) + "\" y=\"" + y +
      "\" width=\"" + (k * u - 4) + "\" height=\"11\" rx=\"3\" fill=\"" + (i % 2 ? "#0072B2" : "#E69F00") +
      "\"><title>window " + i + ": cells " + start + " to " + (start + k - 1) + "</title></rect>";
  });
  return "<svg class=\"pt-grid pt-fractional\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + W + " " + H +
    "\" width=\"" + W + "\" height=\"" + H + "\" role=\"img\" aria-label=\"" + esc("Fractional windows of size " + k +
    " over " + L + " cells, starting at " + s.join(", ")) + "\">" + g + "</svg>";
}

function familyExplorer(root, config, get) {
  const x = config.window, P = config.p_values, B = config.beta_values;
  root.querySelector("[name=p]").max = P.length - 1;
  root.querySelector("[name=beta]").max = B.length - 1;
  root.querySelector("[name=u]").max = 99;
  const p = get("p"), beta = get("beta"), ratio = get("ratio"), u = get("u");
  const L = config.length, k = config.kernel, n = Math.floor(L * ratio);
  if (!(n >= 1 && n + k - 1 <= L)) return { error: "output_ratio=" + ratio + " gives " + n + " outputs, which do not fit" };
  const out = family(x, p, beta), s = starts(L, n, k, u);
  const output = { p, beta, mean: out.mean, max: out.max, power_mean: out.power_mean, lp_norm: out.lp_norm,
    softmax: out.softmax, weights: out.weights, n, starts: s };
  // the line's colour as a swatch beside the name: coloured text would fall below 4.5:1
  const row = name => "<tr><th scope=\"row\"><span class=\"pt-swatch\" aria-hidden=\"true\" style=\"background:" +
    COLOURS[name] + "\"></span>" + NAMES[name] + "</th><td>" +
    f3(out[name]) + "</td></tr>";
  const steps = s.slice(1).map((v, i) => v - s[i]);
  const html = "<p class=\"pt-note\">The window " + x.map(fmt).join(", ") + " pooled by the family (under each value, its softmax weight). p = " + fmt(p) +
    " moves the power mean, β = " + fmt(beta) + " the softmax pooling, both from the mean towards the max; the Lp " +
    "norm falls from the sum.</p>" + familySVG(x, out) + "<table class=\"pt-family-table\"><tbody>" +
    ["mean", "power_mean", "softmax", "max", "lp_norm"].map(row).join("") + "</tbody></table>" +
    "<p class=\"pt-note\">Fractional max pooling, kernel " + k + ", " + L + " cells to " + n + " (ratio " + ratio +
    ", u = " + fmt(u) + "): starts " + s.join(", ") + "; steps " + steps.join(", ") + ".</p>" + fractionalSVG(L, k, s, root.ptWidth);
  return {
    output, html,
    status: "p " + fmt(p) + ": power mean " + f3(out.power_mean) + "; β " + fmt(beta) + ": softmax " + f3(out.softmax) +
      "; mean " + f3(out.mean) + ", max " + f3(out.max) + ". Fractional: " + n + " windows starting at " + s.join(", ") + ".",
  };
}

// a slider over a list of values: the trait holds the value, the control its index
// (the nearest in the list, as Python snaps it)
const listSlider = (name, label, key) => ({
  name, trait: name, type: "range", label,
  toControl: (v, get) => {
    const l = get("config")[key];
    let best = 0;
    l.forEach((w, i) => { if (Math.abs(w - v) < Math.abs(l[best] - v)) best = i; });
    return best;
  },
  fromControl: (i, get) => { const l = get("config")[key]; return l[Math.min(Math.max(i, 0), l.length - 1)]; },
});
register("family", familyExplorer);
export default widget("family", [
  listSlider("p", "power p", "p_values"),
  listSlider("beta", "softmax β", "beta_values"),
  { type: "br" },
  { name: "ratio", trait: "ratio", type: "select", label: "fractional ratio", numeric: true,
    options: model => model.get("config").ratios.map(String) },
  { name: "u", trait: "u", type: "range", label: "sample u (hundredths)",
    toControl: v => Math.round(v * 100), fromControl: i => i / 100 },
]);
