// pooltools' explorers: pooling geometry and drawing in the browser, with no kernel.
// Each explorer's root element carries data-pooltools-explorer="<kind>" and data-config
// (JSON); its script calls pooltoolsJS.start(root). The rules follow pooltools exactly,
// and the browser test checks the results against pooltools on shared cases.
window.pooltoolsJS = window.pooltoolsJS || (function () {
  "use strict";

  // ---- geometry: the same rules as pooltools/_geometry.py and _validate.py ----------

  function outLen(L, k, s, p, d, ceil) {
    const span = L + 2 * p - d * (k - 1) - 1;
    let out = Math.floor((span + (ceil ? s - 1 : 0)) / s) + 1;
    if (ceil && (out - 1) * s >= L + p) out -= 1;
    return out;
  }

  // The rule a configuration breaks, in pooltools' words, or null.
  function problem(sizes, k, s, p, d, ceil) {
    const bad = (name, v, min) => !(Number.isInteger(v) && v >= min) &&
      name + "=" + v + " must be " + (min === 1 ? "positive" : "at least " + min);
    const first = bad("kernel_size", k, 1) || bad("stride", s, 1) ||
      bad("padding", p, 0) || bad("dilation", d, 1);
    if (first) return first;
    if (p > Math.floor(k / 2)) {
      return "padding=" + p + " must be at most half the kernel size (" + k + " // 2 = " +
        Math.floor(k / 2) + ")";
    }
    const outs = sizes.map(L => outLen(L, k, s, p, d, ceil));
    if (Math.min(...outs) < 1) {
      return "output size would be (" + outs.join(", ") + "): floor((L + 2p - d(k-1) - 1)/s) + 1 " +
        "must give at least 1 (use a smaller kernel or more padding)";
    }
    return null;
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

  // ---- drawing helpers ----------------------------------------------------------------

  const PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7"];

  function fmt(v) {
    if (v === -Infinity) return "−∞";
    if (Number.isInteger(v)) return String(v);
    return (Math.round(v * 100) / 100).toString();
  }

  function table(caption, rows) {
    return "<table><caption>" + caption + "</caption>" + rows.map(cells =>
      "<tr>" + cells.map(c => "<td class=\"" + (c.cls || "") + "\"" +
        (c.title ? " title=\"" + c.title + "\"" : "") + ">" + c.text + "</td>").join("") + "</tr>"
    ).join("") + "</table>";
  }

  // The input grid with its padding ring, plus the ceil-mode overhang past the bottom
  // and right padding (extra rows and columns), with the marked cells.
  function inputRows(x, p, mode, marks, extraRows, extraCols) {
    const H = x.length, W = x[0].length, rows = [];
    for (let r = -p; r < H + p + extraRows; r++) {
      const cells = [];
      for (let c = -p; c < W + p + extraCols; c++) {
        const inside = r >= 0 && r < H && c >= 0 && c < W;
        const pad = !inside && r >= -p && r < H + p && c >= -p && c < W + p;
        const mark = marks[r + "," + c] || "";
        if (!inside && !pad && !mark) { cells.push({ cls: "blank", text: "" }); continue; }
        const text = inside ? fmt(x[r][c]) : pad ? (mode === "max" ? "−∞" : "0") : "";
        cells.push({ cls: (inside ? "" : pad ? "pad" : "blank") + " " + mark, text });
      }
      rows.push(cells);
    }
    return rows;
  }

  function controls(root) {
    const value = name => {
      const el = root.querySelector("[name=" + name + "]");
      if (!el) return undefined;
      if (el.tagName === "SELECT" && (el.value === "on" || el.value === "off")) return el.value === "on";
      return el.type === "number" || el.type === "range" ? parseInt(el.value, 10) : el.value;
    };
    return value;
  }

  // ---- the explorers ------------------------------------------------------------------

  function windowExplorer(root, config, get) {
    const x = config.input, H = x.length, W = x[0].length;
    const mode = get("mode"), k = get("kernel"), s = get("stride"), p = get("padding"),
      d = get("dilation"), ceil = get("ceil");
    const why = problem([H, W], k, s, p, d, ceil);
    if (why) return { error: why };
    const f = pool2d(x, mode, k, s, p, d, ceil, true);
    const cell = root.querySelector("[name=cell]");
    cell.max = f.Ho * f.Wo - 1;
    if (get("cell") > f.Ho * f.Wo - 1) cell.value = 0;
    const sel = get("cell"), si = Math.floor(sel / f.Wo), sj = sel % f.Wo;
    const marks = {};
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        const r = si * s - p + a * d, c = sj * s - p + b * d;
        const kinds = [kind(r, H, p), kind(c, W, p)];
        marks[r + "," + c] = kinds.includes("overhang") ? "over" : "win";
      }
    }
    // how far the last window reaches past the right padding (only in ceil mode)
    const overhang = (L, out) => Math.max(0, (out - 1) * s - p + (k - 1) * d + 1 - (L + p));
    const w = f.arg[si][sj];
    if (mode === "max" && w !== null) marks[Math.floor(w / W) + "," + (w % W)] += " best";
    const outRows = f.out.map((row, i) => row.map((v, j) =>
      ({ cls: i === si && j === sj ? "sel" : "", text: fmt(v) })));
    const formula = (L, o) => "floor((" + L + " + 2·" + p + " − " + d + "·(" + k + " − 1) − 1) / " +
      s + ")" + (ceil ? " rounded up" : "") + " + 1 = " + o;
    const value = f.out[si][sj];
    return {
      output: f.out,
      html: "<div class=\"pt-formula\">H_out = " + formula(H, f.Ho) + "<br>W_out = " + formula(W, f.Wo) +
        "</div><div class=\"pt-note\">output cell (" + si + ", " + sj + ") = " + mode + " of its window = <b>" +
        fmt(value) + "</b>" + (mode === "max" ? " (the marked cell; ties go to the first in scan order)" : "") +
        "</div><div class=\"pt-grids\">" +
        table("input " + H + "×" + W + (p ? ", padding " + p : ""),
          inputRows(x, p, mode, marks, overhang(H, f.Ho), overhang(W, f.Wo))) +
        table(mode + " pooled " + f.Ho + "×" + f.Wo, outRows) + "</div>",
    };
  }

  function gradientExplorer(root, config, get) {
    const x = config.input, H = x.length, W = x[0].length;
    const mode = get("mode"), k = get("kernel"), s = get("stride"), p = get("padding"),
      ceil = get("ceil"), includePad = get("count_include_pad"), upstream = get("upstream");
    const why = problem([H, W], k, s, p, 1, ceil);
    if (why) return { error: why };
    const Ho = outLen(H, k, s, p, 1, ceil), Wo = outLen(W, k, s, p, 1, ceil);
    const cell = root.querySelector("[name=cell]");
    cell.max = Ho * Wo - 1;
    if (get("cell") > Ho * Wo - 1) cell.value = 0;
    const sel = get("cell"), si = Math.floor(sel / Wo), sj = sel % Wo;
    const allOnes = upstream === "all ones";
    const g = [];
    for (let i = 0; i < Ho; i++) {
      g.push([]);
      for (let j = 0; j < Wo; j++) g[i].push(allOnes || (i === si && j === sj) ? 1 : 0);
    }
    const b = backward2d(x, g, mode, k, s, p, 1, ceil, includePad), f = b.forward;
    // Where each gradient comes from: how many windows (with a non-zero upstream gradient)
    // send some to each input cell, and, for max pooling, the cells that tie their
    // window's maximum but lose to the first one in scan order.
    const sources = x.map(row => row.map(() => 0));
    const marks = {};
    const mark = (r, c, name) => { marks[r + "," + c] = (marks[r + "," + c] || "") + " " + name; };
    let tiedWindows = 0;
    for (let i = 0; i < Ho; i++) {
      for (let j = 0; j < Wo; j++) {
        if (!g[i][j]) continue;
        const r0 = i * s - p, c0 = j * s - p;
        if (!allOnes) {
          for (let r = r0; r < r0 + k; r++) {
            for (let c = c0; c < c0 + k; c++) {
              mark(r, c, [kind(r, H, p), kind(c, W, p)].includes("overhang") ? "over" : "win");
            }
          }
        }
        const w = f.arg[i][j];
        let ties = 0;
        for (let r = Math.max(r0, 0); r < Math.min(r0 + k, H); r++) {
          for (let c = Math.max(c0, 0); c < Math.min(c0 + k, W); c++) {
            if (mode === "avg") { sources[r][c] += 1; continue; }
            if (r * W + c === w) { sources[r][c] += 1; mark(r, c, "best"); }
            else if (x[r][c] === f.out[i][j]) { ties += 1; mark(r, c, "tie"); }
          }
        }
        if (ties) tiedWindows += 1;
      }
    }
    let multi = 0;
    const gradRows = b.grad.map((row, r) => row.map((v, c) => {
      const n = sources[r][c];
      if (n > 1) multi += 1;
      return {
        cls: (v ? "hot" : "") + (n > 1 ? " multi" : ""),
        text: fmt(v) + (n > 1 ? "<span class=\"pt-count\">×" + n + "</span>" : ""),
        title: n ? "gradient from " + n + " window" + (n > 1 ? "s" : "") : "",
      };
    }));
    const upRows = g.map((row, i) => row.map((v, j) => ({
      cls: (v ? "hot" : "") + (i === si && j === sj && !allOnes ? " sel" : ""),
      text: fmt(v), title: mode === "avg" ? "divisor " + f.div[i][j] : "",
    })));
    const divisors = mode === "avg"
      ? table("divisor of each window", f.div.map(row => row.map(v => ({ text: fmt(v) }))))
      : "";
    // how far the last window reaches past the right padding (only in ceil mode)
    const overhang = (L, out) => allOnes ? 0 : Math.max(0, (out - 1) * s - p + k - (L + p));
    const plural = (n, one, many) => n + " " + (n === 1 ? one : many);
    const counts = (multi
      ? " " + plural(multi, "cell receives", "cells receive") + " gradient from more than one window (marked ×n)."
      : "") + (tiedWindows
      ? " " + plural(tiedWindows, "window has", "windows have") + " a tied maximum: the dashed cells equal the maximum, but all of the gradient goes to the first in scan order (bold, orange)."
      : "");
    return {
      output: b.grad,
      html: "<div class=\"pt-note\">" + (mode === "max"
        ? "Max pooling sends each output's gradient to its window's winning cell only (the first maximum in scan order); where windows overlap, gradients add up."
        : "Average pooling shares each output's gradient equally among its window's cells: gradient ÷ divisor. At the borders the divisor " +
          (includePad ? "counts the padding cells (count_include_pad=True)." : "counts only real cells (count_include_pad=False).")) +
        counts + "</div><div class=\"pt-grids\">" +
        table("input " + H + "×" + W + (p ? ", padding " + p : ""),
          inputRows(x, p, mode, marks, overhang(H, Ho), overhang(W, Wo))) +
        table("upstream gradient " + Ho + "×" + Wo, upRows) + divisors +
        table("gradient reaching the input", gradRows) + "</div>",
    };
  }

  function shapeLab(root, config, get) {
    const L = get("length"), k = get("kernel"), s = get("stride"), p = get("padding"),
      d = get("dilation"), ceil = get("ceil");
    const lengthBad = !(Number.isInteger(L) && L >= 1) && "input size " + L + " must be positive";
    const why = lengthBad || problem([L], k, s, p, d, ceil);
    if (why) return { error: why, output: null };
    const out = outLen(L, k, s, p, d, ceil), span = d * (k - 1) + 1;
    const first = -p, last = Math.max(L + p, (out - 1) * s - p + span);
    const unit = Math.max(10, Math.min(28, Math.floor(560 / (last - first))));
    const left = c => (c - first) * unit;
    let svg = "";
    for (let c = first; c < last; c++) {
      const kd = kind(c, L, p);
      svg += "<rect x=\"" + left(c) + "\" y=\"0\" width=\"" + unit + "\" height=\"" + unit + "\" class=\"" + kd + "\"/>";
    }
    for (let o = 0; o < out; o++) {
      const y = unit + 6 + o * 9, colour = PALETTE[o % PALETTE.length];
      for (let j = 0; j < k; j++) {
        const c = o * s - p + j * d;
        svg += "<rect x=\"" + (left(c) + 2) + "\" y=\"" + y + "\" width=\"" + (unit - 4) + "\" height=\"6\" fill=\"" + colour + "\"/>";
      }
    }
    const height = unit + 10 + out * 9;
    const rounding = ceil ? "ceil" : "floor";
    // Ceil mode drops a last window that would start in the right padding: say so.
    const raw = Math.floor((L + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
    const dropped = raw > out ? " − 1 (the last window would start in the right padding)" : "";
    return {
      output: out,
      html: "<div class=\"pt-formula\">L_out = " + rounding + "((" + L + " + 2·" + p + " − " + d + "·(" + k +
        " − 1) − 1) / " + s + ") + 1" + dropped + " = <b>" + out + "</b></div>" +
        "<svg role=\"img\" aria-label=\"" + out + " windows over an input of " + L + " cells\" width=\"" +
        (last - first) * unit + "\" height=\"" + height + "\">" + svg + "</svg>" +
        "<div class=\"pt-note\">Each coloured row is one window: the cells it reads. Grey: padding; dashed: ceil-mode overhang.</div>",
    };
  }

  function adaptiveBins(root, config, get) {
    const L = get("length"), n = get("bins");
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
      html: "<div class=\"pt-formula\">bin i covers [floor(i·" + L + "/" + n + "), ceil((i+1)·" + L + "/" + n + ")): " +
        result.map(([a, b]) => "[" + a + ", " + b + ")").join(" ") + "</div>" +
        "<svg role=\"img\" aria-label=\"" + n + " bins over " + L + " cells\" width=\"" + L * unit + "\" height=\"" +
        (unit + 10 + n * 9) + "\">" + svg + "</svg><div class=\"pt-note\">" +
        (overlap ? "Neighbouring bins overlap: some cells feed two outputs." : "The bins do not overlap.") +
        (n > L ? " There are more bins than cells, so cells repeat." : "") + "</div>",
    };
  }

  function featureMaps(root, config, get) {
    const key = get("mode") + "-" + get("kernel");
    const view = config.views[key];
    return {
      output: view.shape,
      html: "<div class=\"pt-grids\">" + config.stages.map(stage =>
        "<figure><img alt=\"" + stage.alt + "\" src=\"" + stage.src + "\"><figcaption>" + stage.caption +
        "</figcaption></figure>").join("") +
        "<figure><img alt=\"" + view.alt + "\" src=\"" + view.src + "\"><figcaption>" + view.caption +
        "</figcaption></figure></div>",
    };
  }

  const KINDS = {
    window: windowExplorer, gradient: gradientExplorer, shape: shapeLab,
    adaptive: adaptiveBins, features: featureMaps,
  };

  // A chapter's own explorer lives in its own file (explorer_<kind>.js), which calls
  // pooltoolsJS.register(kind, draw) before start(root). draw(root, config, get) returns
  // {html, output} or {error}, like the explorers above.
  function register(name, draw) {
    KINDS[name] = draw;
  }

  // Wire an explorer's controls to its view; redraw on every change.
  function start(root) {
    if (root.dataset.started) return;
    root.dataset.started = "1";
    const config = JSON.parse(root.dataset.config), draw = KINDS[root.dataset.pooltoolsExplorer];
    const get = controls(root), view = root.querySelector(".pt-view"), error = root.querySelector(".pt-error");
    function render() {
      const t0 = performance.now();
      const result = draw(root, config, get);
      error.textContent = result.error || "";
      view.innerHTML = result.error ? "" : result.html;
      root.dataset.output = JSON.stringify(result.error ? null : result.output);
      root.dataset.renderMs = (performance.now() - t0).toFixed(3);
    }
    root.querySelectorAll("input, select").forEach(el => el.addEventListener("input", render));
    root.querySelectorAll("button[data-step]").forEach(button => button.addEventListener("click", () => {
      const cell = root.querySelector("[name=cell]"), n = parseInt(cell.max, 10) + 1;
      cell.value = (parseInt(cell.value, 10) + (button.dataset.step === "next" ? 1 : n - 1)) % n;
      render();
    }));
    render();
  }

  return { outLen, problem, pool2d, backward2d, bins, start, register, fmt, table, PALETTE };
})();
