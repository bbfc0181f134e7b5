// pooltools' explorers in the browser, as one namespace: window.pooltoolsJS. Tests and
// pages that are not explorers use it (the browser tests compare its pooling with
// pooltools'; a widget's static fallback makes its stand-in model with it). Every
// explorer module includes it (see bundle.py), and the first one a page runs defines it.

import { outLen, problem, kind, pool2d, backward2d, bins } from "./geometry.js";
import { fmt, esc, list, span, table } from "./format.js";
import { PALETTE, ramp, mix, ink, colorScale, colorBar } from "./colour.js";
import { patch } from "./dom.js";
import { CELL, MARGIN, uid, hatch, gridSVG, gridView, outline, slideMs, swatch, inputRows } from "./grid.js";
import { lineSVG, lineKey, linkOnHover } from "./line.js";
import { register, model, mount, cellStepper, widget } from "./controls.js";

const pooltoolsJS = globalThis.pooltoolsJS || (globalThis.pooltoolsJS = {
  outLen, problem, pool2d, backward2d, bins, register, model, mount, widget, cellStepper, fmt, table, esc,
  inputRows, cellKind: kind, PALETTE, colorScale, ramp, mix, ink, gridSVG, gridView, outline, colorBar, swatch, patch, uid,
  hatch, span, slideMs, CELL, MARGIN, lineSVG, lineKey, linkOnHover, list,
});

export default pooltoolsJS;
