// The model and the views: the explorers' registry, a stand-in for anywidget's model
// (for pages with no kernel), the controls bound to the model both ways, and mount(),
// which renders an explorer and redraws it as its settings change.

import { esc } from "./format.js";
import { tipsByKeyboard } from "./tips.js";

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

// One control of a spec, as HTML. A spec item: {name, trait, type, label, min, max,
// options}; type is "number", "select", "onoff" (a select of on/off for a bool),
// "range" or "stepper" (a range with previous, play/pause, speed and next). Optional:
// idle(get), true when the setting has no effect now (then the control is disabled,
// with `unused` said beside it; with `neutral`, only once it holds that value, which a
// change the reader makes elsewhere sets: dilation goes back to 1 for average pooling);
// value(v), a range's value as the reader reads it, shown beside the slider.
function controlHTML(c, model) {
  const label = t => "<label>" + esc(c.label) + " " + t +
    (c.idle ? "<span class=\"pt-unused\">" + esc(c.unused) + "</span>" : "") + "</label>";
  if (c.type === "br") return "<br>";
  if (c.type === "number") {
    return label("<input type=\"number\" name=\"" + c.name + "\" min=\"" + c.min + "\" max=\"" + c.max + "\" step=\"1\">");
  }
  if (c.type === "select" || c.type === "onoff") {
    const options = c.type === "onoff" ? ["off", "on"] : typeof c.options === "function" ? c.options(model) : c.options;
    return label("<select name=\"" + c.name + "\">" + options.map(o =>
      "<option value=\"" + esc(o) + "\">" + esc(o) + "</option>").join("") + "</select>");
  }
  const slider = "<input type=\"range\" name=\"" + c.name + "\" min=\"0\" max=\"0\" value=\"0\">";
  const range = label((c.value  // the value beside the slider, on the same line on a phone
    ? "<span class=\"pt-range\">" + slider + "<output class=\"pt-value\" aria-hidden=\"true\"></output></span>" : slider) +
    (c.after ? " " + esc(c.after) : ""));
  if (c.type === "range") return range;
  return "<span class=\"pt-stepper\">" + range +
    "<button type=\"button\" data-step=\"prev\" aria-label=\"previous " + esc(c.label) + "\">◀ previous</button>" +
    "<button type=\"button\" data-step=\"play\" aria-pressed=\"false\">▶ play</button>" +
    "<button type=\"button\" data-step=\"next\" aria-label=\"next " + esc(c.label) + "\">next ▶</button>" +
    "<label>speed <select name=\"speed\" data-local=\"1\"><option value=\"1200\">slow</option>" +
    "<option value=\"600\" selected>normal</option><option value=\"250\">fast</option></select></label></span>";
}

// The traits with no control of their own whose change redraws an explorer: the input
// grid, the drawing's data, and the feature-map explorer's picture.
const REDRAWN = ["x", "config", "image"];

// Render an explorer of `kind` into el, bound to model (anywidget's or the stand-in).
// Controls and model stay in step both ways; returns the clean-up function anywidget
// calls when the view goes away.
function mount(el, model, kind, spec) {
  const draw = KINDS[kind];
  const root = document.createElement("div");
  root.className = "pt-explorer";
  root.dataset.pooltoolsExplorer = kind;
  root.dataset.lmSuppressShortcuts = "true";  // keys typed here are not JupyterLab commands
  // an id for the error message (each explorer's bundle has its own copy of this module)
  const errorId = "pt-error-" + kind + "-" + Math.random().toString(36).slice(2, 10);
  root.innerHTML = "<div class=\"pt-controls\">" + spec.map(c => controlHTML(c, model)).join("") + "</div>" +
    "<div class=\"pt-error\" role=\"alert\" id=\"" + errorId + "\"></div><div class=\"pt-view\"></div>" +
    "<div class=\"pt-status\" aria-live=\"polite\"></div>";
  el.appendChild(root);
  const view = root.querySelector(".pt-view"), error = root.querySelector(".pt-error"),
    status = root.querySelector(".pt-status"), bound = spec.filter(c => c.trait), byTrait = {};
  const markTips = tipsByKeyboard(view, status);
  // the room the view has, for the draws that lay out by it (root.ptWidth, 0 if unknown):
  // a change of width (a phone turned, a column resized) draws again
  let width = 0;
  const resized = typeof ResizeObserver === "function" && new ResizeObserver(() => {
    if (Math.round(view.clientWidth) !== width) render();
  });
  if (resized) resized.observe(view);
  bound.forEach(c => { byTrait[c.trait] = c; });
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
    const e = element(c), v = e.value;
    if (c.type === "select" && e.selectedIndex < 0) return model.get(trait);  // set from Python to no option
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

  // The controls as the settings stand: a setting with no effect disabled (and said so
  // beside it), a slider's value shown beside it, the setting an error names marked.
  function showState(invalid) {
    bound.forEach(c => {
      const e = element(c);
      if (c.idle) {
        const off = !!c.idle(get) && (c.neutral === undefined || get(c.trait) === c.neutral);
        e.disabled = off;
        e.closest("label").classList.toggle("pt-off", off);
      }
      if (c.value) {
        const said = c.value(get(c.trait));
        e.setAttribute("aria-valuetext", said);
        e.parentElement.querySelector(".pt-value").textContent = said;
      }
      if (c.trait === invalid) {
        e.setAttribute("aria-invalid", "true");
        e.setAttribute("aria-describedby", errorId);
      } else {
        e.removeAttribute("aria-invalid");
        e.removeAttribute("aria-describedby");
      }
    });
  }

  let lastStatus = "";
  function render() {
    const t0 = performance.now(), focused = root.contains(document.activeElement) &&
      document.activeElement.closest(".pt-view") ? document.activeElement.dataset.focusKey : null;
    const settings = config();
    root.ptWidth = width = Math.round(view.clientWidth);
    root.dataset.config = JSON.stringify(settings);
    if (stepper && stepper.toControl) show(stepper);
    const result = draw(root, settings, get);
    if (stepper && !result.error) {  // the view clamped the step: tell the model
      const now = get(stepper.trait);
      if (JSON.stringify(now) !== JSON.stringify(model.get(stepper.trait))) {
        model.set(stepper.trait, now);
        model.save_changes();
      }
    }
    error.textContent = result.error || "";
    showState(result.error ? result.invalid : null);
    // a draw may patch the view in place (result.update(view) is true), so that its
    // elements persist and move with CSS transitions; otherwise the view is drawn anew
    if (result.error) view.innerHTML = "";
    else if (!(result.update && result.update(view))) view.innerHTML = result.html;
    root.dataset.output = JSON.stringify(result.error ? null : result.output);
    // an error is said once, by the alert above the view; the status line says the rest
    const said = result.error ? "" : result.status || "";
    if (said !== lastStatus) status.textContent = lastStatus = said;
    markTips();
    legible(view);
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
      bound.forEach(o => {  // a setting this change leaves with no effect goes back to neutral
        if (o !== c && o.neutral !== undefined && o.idle(get) && get(o.trait) !== o.neutral) {
          element(o).value = String(o.neutral);
          model.set(o.trait, o.neutral);
        }
      });
      model.save_changes();
    }
    render();
  }
  bound.forEach(c => {
    show(c);
    element(c).addEventListener("input", () => changed(c));
  });
  // model -> controls (a change from Python, jslink, or another view of the same model)
  const handlers = bound.map(c => {
    const f = () => {
      const before = element(c).value;
      show(c);
      if (element(c).value !== before) render();
    };
    model.on("change:" + c.trait, f);
    return [c.trait, f];
  });
  REDRAWN.forEach(t => model.on("change:" + t, render));

  // stepping: previous / next, play / pause at the chosen speed, clicks on [data-flat]
  let timer = null;
  function goTo(flat) {
    element(stepper).value = flat;
    changed(stepper);
  }
  function step(by) {
    const e = element(stepper), n = parseInt(e.max, 10) + 1;
    goTo(((parseInt(e.value, 10) + by) % n + n) % n);
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
      goTo(target.dataset.flat);
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
      goTo(r * cols + c);
    });
  }
  render();
  return () => {  // explorers without a stepper have no play button: only stop the timer
    clearInterval(timer);
    if (resized) resized.disconnect();
    handlers.forEach(([t, f]) => model.off("change:" + t, f));
    REDRAWN.forEach(t => model.off("change:" + t, render));
  };
}

// A drawing scaled down to fit a narrow column (a phone) would shrink its type with it:
// text that would show under 11 px is set larger in the drawing's units, so that it
// shows at 11 px. At full size (a desktop column) nothing changes.
const SMALLEST = 11;
function legible(view) {
  view.querySelectorAll("svg[viewBox]").forEach(svg => {
    const box = svg.viewBox.baseVal, shown = svg.getBoundingClientRect().width;
    if (!box || !box.width || !shown) return;
    const zoom = shown / box.width;
    svg.querySelectorAll("text[data-legible]").forEach(t => {  // back to the size it was drawn at
      t.style.fontSize = t.getAttribute("data-legible");
      t.removeAttribute("data-legible");
    });
    if (zoom > 0.999) return;
    svg.querySelectorAll("text").forEach(t => {
      if (parseFloat(getComputedStyle(t).fontSize) * zoom < SMALLEST - 0.01) {
        t.setAttribute("data-legible", t.style.fontSize);
        t.style.fontSize = (SMALLEST / zoom).toFixed(2) + "px";
      }
    });
  });
}

// The stepper over output cells (or the grid `label` names: "input cell"): the trait
// holds (row, column), the control the flat index. A cell outside the output (after a
// change of settings) becomes (0, 0), as in Python. outSize(get) gives [rows, columns]
// of the output, or null if invalid.
function cellStepper(outSize, label) {
  const size = get => outSize(get) || [1, 1];
  return {
    name: "cell", trait: "cell", type: "stepper", label: label || "output cell",
    toControl: (v, get) => {
      const [rows, cols] = size(get);
      return v && v[0] < rows && v[1] < cols ? v[0] * cols + v[1] : 0;
    },
    fromControl: (flat, get) => [Math.floor(flat / size(get)[1]), flat % size(get)[1]],
  };
}

// An explorer's module exports widget(kind, spec): anywidget calls its render. extend
// (optional) adds to the explorer once drawn: extend(root, model) returns its clean-up
// (input.js's editor of the input grid).
function widget(kind, spec, extend) {
  return {
    render: ({ model, el }) => {
      const done = mount(el, model, kind, spec);
      if (!extend) return done;
      const off = extend(el.lastElementChild, model);
      return () => { off(); done(); };
    },
  };
}

export { register, model, mount, cellStepper, widget };
