// Colours: the Okabe-Ito palette, matplotlib's cividis and viridis ramps, the ink
// (near-black or white) that reads on a fill, colour scales over a grid's values, and
// the colour bar that says what a scale's colours mean.

import { fmt, esc } from "./format.js";

const PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7"];

// Colour scales: matplotlib's cividis and viridis at 11 even steps (colour-blind safe).
const RAMPS = {
  cividis: ["#00224e", "#083370", "#35456c", "#4f576c", "#666970", "#7d7c78", "#948e77", "#aea371",
    "#c8b866", "#e5cf52", "#fee838"],
  viridis: ["#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c", "#22a884", "#44bf70",
    "#7ad151", "#bddf26", "#fde725"],
};
const rgb = hex => [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
const hex = c => "#" + c.map(v => Math.round(v).toString(16).padStart(2, "0")).join("");
function ramp(name, t) {
  const stops = RAMPS[name], u = Math.min(1, Math.max(0, t)) * (stops.length - 1), i = Math.min(stops.length - 2, Math.floor(u));
  const a = rgb(stops[i]), b = rgb(stops[i + 1]);
  return hex(a.map((v, n) => v + (b[n] - v) * (u - i)));
}
// a colour mixed with another: t = 0 gives a, 1 gives b
const mix = (a, b, t) => hex(rgb(a).map((v, n) => v + (rgb(b)[n] - v) * t));
// The text colour with the better contrast on a fill: black or white (WCAG ratios).
const inks = new Map();  // fill -> ink: a grid has few distinct fills
function ink(fill) {
  let said = inks.get(fill);
  if (said) return said;
  if (!/^#[0-9a-f]{6}$/i.test(fill)) return "#333";
  const lum = rgb(fill).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  const L = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
  // black, not a softer near-black: on the mid-tones where black and white read alike
  // (L about 0.18), black gives 4.58:1 and #111 only 4.35:1, under WCAG AA
  said = (L + 0.05) / 0.05 >= 1.05 / (L + 0.05) ? "#000" : "#fff";
  if (inks.size < 4096) inks.set(fill, said);
  return said;
}
// A scale over [lo, hi]: fill(v) and ink(v). With zero: "white", 0 is drawn white (no
// gradient) and the ramp covers the rest.
function colorScale(name, values, opts) {
  const finite = values.filter(Number.isFinite), o = opts || {};
  const lo = o.lo !== undefined ? o.lo : Math.min(...finite), hi = o.hi !== undefined ? o.hi : Math.max(...finite);
  const fill = v => !Number.isFinite(v) ? "#bbbbbb" : o.zeroWhite && v === 0 ? "#ffffff"
    : ramp(name, hi > lo ? (v - lo) / (hi - lo) : 0.5);
  return { name, lo, hi, zeroWhite: !!o.zeroWhite, fill, ink: v => ink(fill(v)) };
}

// A colour bar: what the colours of a scale mean, as a small labelled SVG. A scale that
// draws 0 white starts with a white box for 0, then the ramp for the values above it.
function colorBar(scale, label) {
  const n = 24, w = 140, h = 12, z = scale.zeroWhite ? h + 5 : 0, x0 = 4 + z;
  let bar = "";
  for (let i = 0; i < n; i++) {
    bar += "<rect x=\"" + (x0 + i * w / n) + "\" y=\"2\" width=\"" + (w / n + 0.5) + "\" height=\"" + h + "\" fill=\"" +
      (scale.hi > scale.lo ? ramp(scale.name, (i + 0.5) / n) : scale.fill(scale.lo)) + "\"/>";
  }
  const text = (x, anchor, t) => "<text x=\"" + x + "\" y=\"27\" text-anchor=\"" + anchor + "\">" + t + "</text>";
  const zero = z ? "<rect x=\"4\" y=\"2\" width=\"" + h + "\" height=\"" + h + "\" fill=\"#fff\" stroke=\"#777\" stroke-width=\"0.6\"/>" +
    text(4 + h / 2, "middle", "0") : text(x0, "start", fmt(scale.lo).replace("-", "−"));
  const width = x0 + w + 4;
  return "<span class=\"pt-colorbar\"><span class=\"pt-legend-label\">" + esc(label) + "</span>" +
    "<svg role=\"img\" aria-label=\"" + esc(label + ": " + scale.name + " colours" + (z ? ", white for 0, then" : ",") +
    " dark for " + (z ? "small values" : fmt(scale.lo)) + " to light for " + fmt(scale.hi)) + "\" viewBox=\"0 0 " + width +
    " 30\" width=\"" + width + "\" height=\"30\">" + bar + "<rect x=\"" + x0 + "\" y=\"2\" width=\"" + w + "\" height=\"" + h +
    "\" fill=\"none\" stroke=\"#777\" stroke-width=\"0.6\"/>" + zero + text(x0 + w, "end", fmt(scale.hi)) + "</svg></span>";
}

export { PALETTE, RAMPS, ramp, mix, ink, colorScale, colorBar };
