// pooltools' explorers: the one JavaScript source of the pooling they compute and of the
// machinery they share. Every explorer is an ES module (explorer_<kind>.js) that Python
// prepends this file to: in a kernel anywidget runs it against the widget's model; in the
// static book and in front-ends without widgets, the widget's text/html fallback imports
// the same module and runs it against pooltoolsJS.model(state), a stand-in for the model.
// Loaded alone (a classic script) it defines window.pooltoolsJS and draws nothing. The
// rules follow pooltools exactly; the browser tests check results against pooltools.
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

  // A grid as a table; a cell is {cls, text, title, attrs}; attrs (a string) go on the table.
  function table(caption, rows, attrs) {
    return "<table" + (attrs ? " " + attrs : "") + "><caption>" + caption + "</caption>" + rows.map(cells =>
      "<tr>" + cells.map(c => "<td class=\"" + (c.cls || "") + "\"" +
        (c.title ? " title=\"" + c.title + "\"" : "") + (c.attrs ? " " + c.attrs : "") + ">" + c.text +
        "</td>").join("") + "</tr>"
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

  // ---- the model and the views ---------------------------------------------------------

  // draw(root, config, get) of each kind, registered by its module (explorer_<kind>.js).
  // It returns {html, output, status} or {error}; get(trait) reads a setting.
  const KINDS = {};
  function register(name, draw) {
    KINDS[name] = draw;
  }

  // A stand-in for an anywidget model, for pages with no kernel: the same get, set, on,
  // off and save_changes, over a plain object; set() tells the listeners at once.
  function model(state) {
    const values = Object.assign({}, state), listeners = {};
    return {
      get: name => values[name],
      set(name, value) {
        const old = values[name];
        values[name] = value;
        if (JSON.stringify(old) !== JSON.stringify(value)) {
          (listeners["change:" + name] || []).slice().forEach(f => f(this, value));
        }
      },
      on(event, f) { event.split(" ").forEach(e => (listeners[e] = listeners[e] || []).push(f)); },
      off(event, f) {
        event.split(" ").forEach(e => { listeners[e] = (listeners[e] || []).filter(g => f && g !== f); });
      },
      save_changes() {},
      send() {},
    };
  }

  function esc(text) {
    return String(text).replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]);
  }

  // One control of a spec, as HTML. A spec item: {name, trait, type, label, min, max,
  // options}; type is "number", "select", "onoff" (a select of on/off for a bool),
  // "range" or "stepper" (a range with previous, play/pause, speed and next).
  function controlHTML(c, model) {
    const label = t => "<label>" + esc(c.label) + " " + t + "</label>";
    if (c.type === "br") return "<br>";
    if (c.type === "number") {
      return label("<input type=\"number\" name=\"" + c.name + "\" min=\"" + c.min + "\" max=\"" + c.max + "\" step=\"1\">");
    }
    if (c.type === "select" || c.type === "onoff") {
      const options = c.type === "onoff" ? ["off", "on"] : typeof c.options === "function" ? c.options(model) : c.options;
      return label("<select name=\"" + c.name + "\">" + options.map(o =>
        "<option value=\"" + esc(o) + "\">" + esc(o) + "</option>").join("") + "</select>");
    }
    const range = label("<input type=\"range\" name=\"" + c.name + "\" min=\"0\" max=\"0\" value=\"0\">") +
      (c.after ? " " + esc(c.after) : "");
    if (c.type === "range") return range;
    return "<span class=\"pt-stepper\">" + range +
      "<button type=\"button\" data-step=\"prev\" aria-label=\"previous " + esc(c.label) + "\">◀ previous</button>" +
      "<button type=\"button\" data-step=\"play\" aria-pressed=\"false\">▶ play</button>" +
      "<button type=\"button\" data-step=\"next\" aria-label=\"next " + esc(c.label) + "\">next ▶</button>" +
      "<label>speed <select name=\"speed\" data-local=\"1\"><option value=\"1200\">slow</option>" +
      "<option value=\"600\" selected>normal</option><option value=\"250\">fast</option></select></label></span>";
  }

  // Render an explorer of `kind` into el, bound to model (anywidget's or the stand-in).
  // Controls and model stay in step both ways; returns the clean-up function anywidget
  // calls when the view goes away.
  function mount(el, model, kind, spec) {
    const draw = KINDS[kind];
    const root = document.createElement("div");
    root.className = "pt-explorer";
    root.dataset.pooltoolsExplorer = kind;
    root.dataset.lmSuppressShortcuts = "true";  // keys typed here are not JupyterLab commands
    root.innerHTML = "<div class=\"pt-controls\">" + spec.map(c => controlHTML(c, model)).join("") + "</div>" +
      "<div class=\"pt-error\" role=\"alert\"></div><div class=\"pt-view\"></div>" +
      "<div class=\"pt-status\" aria-live=\"polite\"></div>";
    el.appendChild(root);
    const view = root.querySelector(".pt-view"), error = root.querySelector(".pt-error"),
      status = root.querySelector(".pt-status"), byTrait = {}, byName = {};
    spec.filter(c => c.trait).forEach(c => { byTrait[c.trait] = c; byName[c.name] = c; });
    const stepper = spec.find(c => c.type === "stepper");
    const element = c => root.querySelector("[name=" + c.name + "]");
    const config = () => {
      const x = model.get("x");
      return Object.assign({}, model.get("config") || {}, x === undefined ? {} : { input: x });
    };

    // A setting as the view shows it: from its control if it has one (a number box may
    // hold what is not yet a number), otherwise from the model.
    function get(trait) {
      const c = byTrait[trait];
      if (!c) return model.get(trait);
      const v = element(c).value;
      if (c.type === "onoff") return v === "on";
      if (c.type === "number") return v.trim() === "" ? NaN : Number(v);
      if (c.type === "range" || c.type === "stepper") {
        return c.fromControl ? c.fromControl(parseInt(v, 10), get) : parseInt(v, 10);
      }
      return c.numeric ? Number(v) : v;
    }

    function show(c) {
      const v = model.get(c.trait), e = element(c);
      if (c.type === "onoff") e.value = v ? "on" : "off";
      else if (c.type === "range" || c.type === "stepper") {
        const flat = c.toControl ? c.toControl(v, get) : v;
        if (flat > parseInt(e.max, 10)) e.max = flat;
        e.value = flat;
      } else e.value = String(v);
    }

    let lastStatus = "";
    function render() {
      const t0 = performance.now(), focused = root.contains(document.activeElement) &&
        document.activeElement.closest(".pt-view") ? document.activeElement.dataset.focusKey : null;
      root.dataset.config = JSON.stringify(config());
      if (stepper && stepper.toControl) show(stepper);
      const result = draw(root, config(), get);
      if (stepper && !result.error) {  // the view clamped the step: tell the model
        const now = get(stepper.trait);
        if (JSON.stringify(now) !== JSON.stringify(model.get(stepper.trait))) {
          model.set(stepper.trait, now);
          model.save_changes();
        }
      }
      error.textContent = result.error || "";
      view.innerHTML = result.error ? "" : result.html;
      root.dataset.output = JSON.stringify(result.error ? null : result.output);
      const said = result.error || result.status || "";
      if (said !== lastStatus) status.textContent = lastStatus = said;
      if (focused) {
        const again = view.querySelector("[data-focus-key=\"" + focused + "\"]");
        if (again) again.focus();
      }
      root.dataset.renderMs = (performance.now() - t0).toFixed(3);
    }

    // control -> model: a valid value is set and sent; an invalid one is only shown
    function changed(c) {
      const v = get(c.trait);
      const valid = c.type !== "number" || Number.isInteger(v);
      if (valid) {
        model.set(c.trait, v);
        model.save_changes();
      }
      render();
    }
    spec.filter(c => c.trait).forEach(c => {
      show(c);
      element(c).addEventListener("input", () => changed(c));
    });
    // model -> controls (a change from Python, jslink, or another view of the same model)
    const handlers = spec.filter(c => c.trait).map(c => {
      const f = () => {
        const before = element(c).value;
        show(c);
        if (element(c).value !== before) render();
      };
      model.on("change:" + c.trait, f);
      return [c.trait, f];
    });
    const redraw = () => render();
    ["x", "config"].forEach(t => model.on("change:" + t, redraw));

    // stepping: previous / next, play / pause at the chosen speed, clicks on [data-flat]
    let timer = null;
    function step(by) {
      const e = element(stepper), n = parseInt(e.max, 10) + 1;
      e.value = ((parseInt(e.value, 10) + by) % n + n) % n;
      changed(stepper);
    }
    function play(on) {
      const button = root.querySelector("button[data-step=play]");
      clearInterval(timer);
      timer = on ? setInterval(() => step(1), parseInt(root.querySelector("[name=speed]").value, 10)) : null;
      button.textContent = on ? "❚❚ pause" : "▶ play";
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }
    if (stepper) {
      root.querySelector("button[data-step=prev]").addEventListener("click", () => { play(false); step(-1); });
      root.querySelector("button[data-step=next]").addEventListener("click", () => { play(false); step(1); });
      root.querySelector("button[data-step=play]").addEventListener("click", () => play(timer === null));
      root.querySelector("[name=speed]").addEventListener("change", () => { if (timer !== null) play(true); });
      view.addEventListener("click", e => {
        const target = e.target.closest("[data-flat]");
        if (!target) return;
        play(false);
        element(stepper).value = target.dataset.flat;
        changed(stepper);
      });
      // arrow keys on a focused grid of steps ([data-grid="rows,cols"]) move the selection
      view.addEventListener("keydown", e => {
        const grid = e.target.closest("[data-grid]");
        const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
        if (!grid || !moves[e.key]) return;
        e.preventDefault();
        const [rows, cols] = grid.dataset.grid.split(",").map(Number), now = parseInt(element(stepper).value, 10);
        const r = Math.min(rows - 1, Math.max(0, Math.floor(now / cols) + moves[e.key][0]));
        const c = Math.min(cols - 1, Math.max(0, now % cols + moves[e.key][1]));
        play(false);
        element(stepper).value = r * cols + c;
        changed(stepper);
      });
    }
    render();
    return () => {
      play(false);
      handlers.forEach(([t, f]) => model.off("change:" + t, f));
      ["x", "config"].forEach(t => model.off("change:" + t, redraw));
    };
  }

  // The stepper over output cells: the trait holds (row, column), the control the flat
  // index. A cell outside the output (after a change of settings) becomes (0, 0), as in
  // Python. outSize(get) gives [rows, columns] of the output, or null if invalid.
  function cellStepper(outSize) {
    const size = get => outSize(get) || [1, 1];
    return {
      name: "cell", trait: "cell", type: "stepper", label: "output cell",
      toControl: (v, get) => {
        const [rows, cols] = size(get);
        return v && v[0] < rows && v[1] < cols ? v[0] * cols + v[1] : 0;
      },
      fromControl: (flat, get) => [Math.floor(flat / size(get)[1]), flat % size(get)[1]],
    };
  }

  // An explorer's module exports widget(kind, spec): anywidget calls its render.
  function widget(kind, spec) {
    return { render: ({ model, el }) => mount(el, model, kind, spec) };
  }

  return { outLen, problem, pool2d, backward2d, bins, register, model, mount, widget, cellStepper, fmt, table, esc,
    inputRows, cellKind: kind, PALETTE };
})();
