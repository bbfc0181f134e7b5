// Pooling in the browser: the one JavaScript source of the geometry, values, winners,
// gradients and adaptive bins the explorers show. The rules follow pooltools exactly
// (pooltools/_geometry.py, _validate.py, max_pool.py, avg_pool.py, shapes.py); the
// browser tests check these results against pooltools.

function outLen(L, k, s, p, d, ceil) {
  const span = L + 2 * p - d * (k - 1) - 1;
  let out = Math.floor((span + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (out - 1) * s >= L + p) out -= 1;
  return out;
}

// The rule a configuration breaks, or null: {trait, message}, the setting to change and
// the rule in the reader's words, naming the controls as the explorers label them
// (kernel, stride, padding, dilation). pooltools' errors say the same for a programmer
// (max_pool2d: padding=2 must be at most half ...); the page speaks to a reader.
const minus = v => String(v).replace("-", "−");
// "Kernel must be a whole number, 1 or more, not 0." (a number box may be empty or hold 2.5)
function wholeNumber(label, v, min) {
  if (Number.isInteger(v) && v >= min) return null;
  return label + " must be a whole number, " + min + " or more" +
    (Number.isNaN(v) ? ": the box is empty." : ", not " + minus(v) + ".");
}
function check(sizes, k, s, p, d, ceil) {
  const settings = [["kernel_size", "Kernel", k, 1], ["stride", "Stride", s, 1], ["padding", "Padding", p, 0],
    ["dilation", "Dilation", d, 1]];
  for (const [trait, label, v, min] of settings) {
    const message = wholeNumber(label, v, min);
    if (message) return { trait, message };
  }
  if (p > Math.floor(k / 2)) {
    return { trait: "padding", message: "Padding must be at most half the kernel, rounded down: at most " +
      Math.floor(k / 2) + " for a kernel of " + k + ", not " + p + "." };
  }
  const outs = sizes.map(L => outLen(L, k, s, p, d, ceil));
  if (Math.min(...outs) < 1) {
    const L = sizes[outs.indexOf(Math.min(...outs))], reach = d * (k - 1) + 1;
    return { trait: "kernel_size", message: "The window spans " + reach + " cells" +
      (d > 1 ? " (kernel " + k + ", dilation " + d + ")" : "") + ", but the " + (p ? "padded " : "") +
      "input has only " + (L + 2 * p) + ": there is no output. Use a smaller kernel" + (d > 1 ? " or dilation" : "") +
      (p < Math.floor(k / 2) ? ", or more padding." : ".") };
  }
  return null;
}
// The same rule as a sentence, or null (pooltoolsJS.problem).
function problem(sizes, k, s, p, d, ceil) {
  const broken = check(sizes, k, s, p, d, ceil);
  return broken && broken.message;
}

// The kind of input coordinate c along an axis: input, padding or overhang.
function kind(c, L, p) {
  if (c >= L + p) return "overhang";
  return c >= 0 && c < L ? "input" : "padding";
}

// Forward 2-D pooling of one plane: values, winners (flat index, max only), divisors.
function pool2d(x, mode, k, s, p, d, ceil, includePad) {
  const H = x.length, W = x[0].length;
  const Ho = outLen(H, k, s, p, d, ceil), Wo = outLen(W, k, s, p, d, ceil);
  const out = [], arg = [], div = [];
  for (let i = 0; i < Ho; i++) {
    const row = [], argRow = [], divRow = [];
    for (let j = 0; j < Wo; j++) {
      const r0 = i * s - p, c0 = j * s - p;
      let best = -Infinity, win = null, sum = 0;
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          const r = r0 + a * d, c = c0 + b * d;
          if (r < 0 || r >= H || c < 0 || c >= W) continue;  // padding: never wins, adds 0
          const v = x[r][c];
          if (win === null) win = r * W + c;  // torch starts from the first real cell
          if (v > best || Number.isNaN(v)) { best = v; win = r * W + c; }
          sum += v;
        }
      }
      const count = (start, L) => includePad
        ? Math.min(start + k, L + p) - start
        : Math.min(start + k, L) - Math.max(start, 0);
      const divisor = count(r0, H) * count(c0, W);
      row.push(mode === "max" ? best : sum / divisor);
      argRow.push(win);
      divRow.push(divisor);
    }
    out.push(row); arg.push(argRow); div.push(divRow);
  }
  return { out, arg, div, Ho, Wo };
}

// The gradient with respect to the input, for upstream gradients g (Ho x Wo).
function backward2d(x, g, mode, k, s, p, d, ceil, includePad) {
  const H = x.length, W = x[0].length;
  const f = pool2d(x, mode, k, s, p, d, ceil, includePad);
  const grad = x.map(row => row.map(() => 0));
  for (let i = 0; i < f.Ho; i++) {
    for (let j = 0; j < f.Wo; j++) {
      if (mode === "max") {
        const w = f.arg[i][j];
        if (w !== null) grad[Math.floor(w / W)][w % W] += g[i][j];
        continue;
      }
      const r0 = i * s - p, c0 = j * s - p;
      for (let r = Math.max(r0, 0); r < Math.min(r0 + k, H); r++) {
        for (let c = Math.max(c0, 0); c < Math.min(c0 + k, W); c++) {
          grad[r][c] += g[i][j] / f.div[i][j];
        }
      }
    }
  }
  return { grad, forward: f };
}

// Adaptive bins: bin i covers [floor(i*L/n), ceil((i+1)*L/n)).
function bins(L, n) {
  const result = [];
  for (let i = 0; i < n; i++) result.push([Math.floor(i * L / n), Math.ceil((i + 1) * L / n)]);
  return result;
}

export { outLen, check, wholeNumber, problem, kind, pool2d, backward2d, bins };
