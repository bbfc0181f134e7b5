// The shift explorer (chapter 8): shift a 1-D signal circularly and compare max, average
// and max-blur pooling (kernel 2, stride 2) with their unshifted outputs. Pooling reuses
// pooltoolsJS.pool2d; Python computes the same in the widget's `output` with
// pooltools.explore.shift_outputs, the reference the browser test checks the page
// against. An ES module: Python prepends explorers.js.
const { pool2d, fmt } = pooltoolsJS;
const NAMES = { max: "max pooling", avg: "average pooling", blur: "max-blur pooling" };

function roll(x, k) {  // np.roll(x, k): every sample moves k places to the right, wrapping
  const L = x.length;
  return x.map((_, i) => x[((i - k) % L + L) % L]);
}

// pool2d's windows are square, so a signal is pooled as a 2 x L grid of two equal rows:
// a 2 x 2 window then holds one pair of samples twice (the same maximum, the same mean).
const pool = (x, mode, stride) => pool2d([x, x], mode, 2, stride, 0, 1, false, true).out[0];

function pooled(x) {
  const L = x.length;
  // max-blur: a stride-1 max over pairs (wrapping around), then [1, 2, 1] / 4 at every
  // second sample, with circular padding
  const pairs = pool(x.concat([x[0]]), "max", 1);
  const blur = [];
  for (let c = 0; c < L; c += 2) {
    blur.push(0.25 * pairs[(c - 1 + L) % L] + 0.5 * pairs[c] + 0.25 * pairs[(c + 1) % L]);
  }
  return { max: pool(x, "max", 2), avg: pool(x, "avg", 2), blur };
}

const same = (a, b) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) < 1e-9);

// The r (preferring shift / 2) for which y is the unshifted output moved by r, or null.
function copyOf(y, y0, shift) {
  const n = y0.length, tries = [];
  if (shift % 2 === 0) tries.push(shift / 2);
  for (let r = 0; r < n; r++) tries.push(r);
  for (const r of tries) if (same(y, roll(y0, r))) return r;
  return null;
}

// One row of cells; an output cell spans the two input cells of its window.
function row(label, values, marks, span) {
  const cells = values.map((v, i) => {
    const style = i > 0 && (span === 2 || i % 2 === 0) ? " style=\"border-left:3px solid #555\"" : "";
    return "<td" + (span === 2 ? " colspan=\"2\"" : "") + " class=\"" + (marks[i] ? "hot" : "") + "\"" + style +
      (marks[i] ? " title=\"changed\"" : "") + ">" + fmt(v) + "</td>";
  });
  return "<tr><th scope=\"row\" style=\"text-align:right;padding-right:8px;font-weight:normal\">" +
    label + "</th>" + cells.join("") + "</tr>";
}

function shiftExplorer(root, config, get) {
  const name = get("signal"), base = config.signals[name];
  if (!base) return { error: "signal=" + JSON.stringify(name) + " must be one of " + Object.keys(config.signals).join(", ") };
  // the slider spans this signal; a shift past its end is clamped to L - 1 (as in Python)
  const L = base.length;
  root.querySelector("[name=shift]").max = L - 1;
  const shift = Math.min(Math.max(get("shift"), 0), L - 1);
  const x = roll(base, shift), y0 = pooled(base), y = pooled(x);
  const output = { shift, input: x }, notes = [], said = [];
  let rows = row("input shifted by " + shift, x, x.map(() => false), 1);
  for (const op of ["max", "avg", "blur"]) {
    const changed = y[op].map((v, i) => Math.abs(v - y0[op][i]) >= 1e-9);
    const count = changed.filter(Boolean).length, r = copyOf(y[op], y0[op], shift);
    output[op] = y[op];
    output[op + "_copy"] = r;
    rows += row(NAMES[op], y[op], changed, 2);
    notes.push("<b>" + NAMES[op] + "</b>: " + count + " of " + y[op].length +
      " outputs changed; " + (r === null
      ? "<b>not</b> a shifted copy of the unshifted output."
      : "equal to the unshifted output shifted by " + r + (r === 1 ? " cell." : " cells.")));
    said.push(NAMES[op] + (r === null ? " not a shifted copy" : " moved by " + r));
  }
  return {
    output,
    status: "shift " + shift + ": " + said.join(", "),
    html: "<div class=\"pt-note\">Kernel 2, stride 2. Thick lines separate the windows of max " +
      "and average pooling; blue cells changed against shift 0.</div>" +
      "<table style=\"margin-top:6px\">" + rows + "</table><div class=\"pt-note\">" +
      notes.join("<br>") + "</div>",
  };
}

pooltoolsJS.register("shift", shiftExplorer);
export default pooltoolsJS.widget("shift", [
  {
    name: "signal", trait: "signal", type: "select", label: "signal",
    options: model => Object.keys(model.get("config").signals),
  },
  { name: "shift", trait: "shift", type: "range", label: "shift the input by", after: "samples" },
]);
