// The family explorer (chapter 11): one window pooled by the whole family from the mean to
// the max (power mean / GeM with exponent p, the Lp norm torch's lp_pool computes, softmax
// pooling with inverse temperature beta), and below it the windows of fractional max
// pooling for a ratio and a sample u. Python computes the same in the widget's `output`
// with pooltools.explore.family_outputs and fractional_starts, the reference the browser
// test checks the page against. An ES module (see bundle.py).
import { fmt, esc } from "./format.js";
import { register, widget } from "./controls.js";
import { withInput } from "./input.js";
const COLOURS = { mean: "#0072B2", max: "#D55E00", power_mean: "#009E73", softmax: "#CC79A7", lp_norm: "#7d7c78" };
const NAMES = { mean: "mean", max: "max", power_mean: "power mean (GeM)", softmax: "softmax pooling", lp_norm: "Lp norm (lp_pool)" };
const SHORT = { mean: "mean", max: "max", power_mean: "GeM", softmax: "softmax", lp_norm: "Lp" };
const ORDER = ["mean", "power_mean", "softmax", "max", "lp_norm"];  // the rows, as in the table
// each output its own marker as well as its colour (told apart without colour), centred
// on (x, y), edged in the card's colour so that it stands off the line it sits on
const MARKERS = {
  mean: (x, y) => "<circle cx=\"" + x + "\" cy=\"" + y + "\" r=\"5.5\"",
  power_mean: (x, y) => "<path d=\"M" + x + " " + (y - 7) + "l7 7l-7 7l-7-7z\"",
  softmax: (x, y) => "<path d=\"M" + x + " " + (y - 6.5) + "l6.5 11.5h-13z\"",
  max: (x, y) => "<rect x=\"" + (x - 5) + "\" y=\"" + (y - 5) + "\" width=\"10\" height=\"10\"",
  lp_norm: (x, y) => "<path d=\"M" + (x - 2.2) + " " + (y - 6.5) + "h4.4v4.3h4.3v4.4h-4.3v4.3h-4.4v-4.3h-4.3v-4.4h4.3z\"",
};
const marker = (name, x, y) => MARKERS[name](x, y) + " class=\"pt-marker\" fill=\"" + COLOURS[name] + "\"/>";
// a marker alone, as a key beside its name in the table
const markerKey = name => "<svg class=\"pt-marker-key\" aria-hidden=\"true\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\">" +
  marker(name, 8, 8) + "</svg>";
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
// column), the family's values on one axis, a row each, so that no output hides another
// however close their values come (softmax and the Lp norm meet the max as p and β grow).
// The names are in the text colour; each row's marker carries its colour and shape
// (coloured 11 px text would read under 4.5:1).
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
  const barsW = 10 + x.length * (barW + 6) + 4, lineW = 290, x0 = 60, x1 = lineW - 12;
  const X = v => x0 + (x1 - x0) * v / top, rowY = j => 10 + j * 19, axisY = rowY(ORDER.length - 1) + 13;
  // the axis: 0, the mean and the max marked (the family runs between them), dashed up
  // through the rows
  let line = "<line class=\"pt-family-axis\" x1=\"" + x0 + "\" x2=\"" + x1 + "\" y1=\"" + axisY + "\" y2=\"" + axisY +
    "\" stroke=\"currentColor\"/>";
  // (a tick's number only where it has room: the mean's may sit on the 0 or the max)
  const room = (a, b) => Math.abs(X(a) - X(b)) >= 26;
  const ticks = [[0, "0"], [out.mean, room(out.mean, 0) && room(out.mean, out.max) ? fmt(out.mean) : ""],
    [out.max, fmt(out.max)]];
  ticks.forEach(([v, said], i) => {
    if (i && v !== 0) {
      line += "<line class=\"pt-family-guide\" x1=\"" + X(v) + "\" x2=\"" + X(v) + "\" y1=\"2\" y2=\"" + axisY + "\"/>";
    }
    line += "<line x1=\"" + X(v) + "\" x2=\"" + X(v) + "\" y1=\"" + axisY + "\" y2=\"" + (axisY + 4) +
      "\" stroke=\"currentColor\"/>" + (said ? "<text class=\"pt-family-tick\" x=\"" + X(v) + "\" y=\"" + (axisY + 13) +
      "\">" + said + "</text>" : "");
  });
  ORDER.forEach((name, j) => {
    const v = out[name], y = rowY(j);
    line += "<g data-out=\"" + name + "\"><title>" + NAMES[name] + " = " + f3(v) + "</title>" +
      "<line class=\"pt-family-row\" x1=\"" + x0 + "\" x2=\"" + x1 + "\" y1=\"" + y + "\" y2=\"" + y + "\"/>" +
      "<text class=\"pt-family-label\" x=\"" + (x0 - 8) + "\" y=\"" + y + "\">" + esc(SHORT[name]) + "</text>" +
      marker(name, X(v), y) + "</g>";
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
// every fifth is numbered; the numbers are 11 px either way.
function fractionalSVG(L, k, s, width) {
  const fits = 30 + L * 18 <= (width || Infinity), u = fits ? 18 : Math.max(8, Math.floor((width - 30) / L));
  const W = 20 + L * u + 10, H = 24 + 2 * 14 + 12;
  let g = "";
  for (let c = 0; c < L; c++) {
    g += "<rect x=\"" + (10 + c * u) + "\" y=\"4\" width=\"" + (u - 2) + "\" height=\"16\" fill=\"#e8e8ec\"/>";
    if (fits || c % 5 === 0) {
      g += "<text x=\"" + (10 + c * u + u / 2 - 1) + "\" y=\"14\" fill=\"#1d1d1f\" style=\"font-size:11px\">" + c + "</text>";
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
  const x = get("x"), P = config.p_values, B = config.beta_values;
  if (!Array.isArray(x) || x.length < 2 || x.length > 8 || !x.every(v => Number.isFinite(v) && v >= 0)) {
    return { error: "The window must be 2 to 8 finite non-negative numbers." };
  }
  root.querySelector("[name=p]").max = P.length - 1;
  root.querySelector("[name=beta]").max = B.length - 1;
  root.querySelector("[name=u]").max = 99;
  const p = get("p"), beta = get("beta"), ratio = get("ratio"), u = get("u");
  const L = config.length, k = config.kernel, n = Math.floor(L * ratio);
  if (!(n >= 1 && n + k - 1 <= L)) {
    return { error: "Fractional ratio must give 1 to " + (L - k + 1) + " windows over " + L + " cells, not " + n + " (ratio " +
      ratio + ").", invalid: "ratio" };
  }
  const out = family(x, p, beta), s = starts(L, n, k, u);
  const output = { p, beta, mean: out.mean, max: out.max, power_mean: out.power_mean, lp_norm: out.lp_norm,
    softmax: out.softmax, weights: out.weights, n, starts: s };
  // the line's colour as a swatch beside the name: coloured text would fall below 4.5:1
  const row = name => "<tr><th scope=\"row\">" + markerKey(name) + NAMES[name] + "</th><td>" + f3(out[name]) + "</td></tr>";
  const steps = s.slice(1).map((v, i) => v - s[i]);
  const html = "<p class=\"pt-note\">The window " + x.map(fmt).join(", ") + " pooled by the family (under each value, its softmax weight). p = " + fmt(p) +
    " moves the power mean, β = " + fmt(beta) + " the softmax pooling, both from the mean towards the max; the Lp " +
    "norm falls from the sum.</p>" + familySVG(x, out) + "<table class=\"pt-family-table\"><tbody>" +
    ORDER.map(row).join("") + "</tbody></table>" +
    "<p class=\"pt-note\">Fractional max pooling, kernel " + k + ", " + L + " cells to " + n + " (ratio " + ratio +
    ", u = " + u.toFixed(2) + "): starts " + s.join(", ") + "; steps " + steps.join(", ") + ".</p>" + fractionalSVG(L, k, s, root.ptWidth);
  return {
    output, html,
    status: "p " + fmt(p) + ": power mean " + f3(out.power_mean) + "; β " + fmt(beta) + ": softmax " + f3(out.softmax) +
      "; mean " + f3(out.mean) + ", max " + f3(out.max) + ". Fractional: " + n + " windows starting at " + s.join(", ") + ".",
  };
}

// a slider over a list of values: the trait holds the value, the control its index
// (the nearest in the list, as Python snaps it)
const listSlider = (name, label, key) => ({
  name, trait: name, type: "range", label, value: fmt,
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
  // u in [0, 1), on a slider of hundredths
  { name: "u", trait: "u", type: "range", label: "random sample u", value: u => u.toFixed(2),
    toControl: v => Math.round(v * 100), fromControl: i => i / 100 },
], withInput({  // the reader's own window, as Python's family_explorer takes it
  row: true, rows: [1, 1], cols: [2, 8], noun: "window", title: "✎ edit or draw the window", min: 0,
  why: "the window takes values of 0 or more (the power mean of a negative number is not defined for every p).",
}));
