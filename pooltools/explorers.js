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
  // The text colour with the better contrast on a fill: near-black or white (WCAG ratios).
  const inks = new Map();  // fill -> ink: a grid has few distinct fills
  function ink(fill) {
    let said = inks.get(fill);
    if (said) return said;
    if (!/^#[0-9a-f]{6}$/i.test(fill)) return "#333";
    const lum = rgb(fill).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    const L = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    said = (L + 0.05) / 0.0627 >= 1.05 / (L + 0.05) ? "#111" : "#fff";  // 0.0627: L of #111 + 0.05
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

  const CELL = 36, MARGIN = 18;  // a cell's side and the room for the index labels, in SVG units
  let uids = 0;
  // A short id unique to an explorer on the page, for its SVG patterns.
  function uid(root) {
    if (!root.dataset.ptUid) root.dataset.ptUid = "pt" + (++uids) + "-" + Math.random().toString(36).slice(2, 7);
    return root.dataset.ptUid;
  }
  // The hatch of padding cells, as a pattern with this id.
  function hatch(id) {
    return "<pattern id=\"" + id + "\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" " +
      "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f4f4f4\"/>" +
      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#c4c4c4\" stroke-width=\"3\"/></pattern>";
  }

  // One cell: {cls, fill, ink, text, title, attrs, count}. Its outline rings (winner ★,
  // tie, several windows) come from its classes; the text takes the colour that reads on
  // its fill (or ink). A cell whose title would only repeat what it shows has none.
  // The cell is a node {t: tag, id: tag and class, a: [name, value, name, value, ...],
  // k: children or x: text}: drawn anew it is written as HTML (nodeHTML); on a redraw the
  // cell drawn before is patched to match it (patchNode).
  function cellNode(i, j, x, y, c) {
    const cls = " " + (c.cls || "") + " ", fill = c.fill || "#ffffff", text = c.text === undefined ? "" : String(c.text);
    const kids = [], color = c.ink || ink(fill);
    const ring = (name, inset) => kids.push({ t: "rect", id: "rect." + name,
      a: ["class", name, "x", x + inset, "y", y + inset, "width", CELL - 2 * inset, "height", CELL - 2 * inset] });
    if (c.title) kids.push({ t: "title", id: "title", a: [], x: c.title });
    kids.push({ t: "rect", id: "rect.pt-bg", a: ["class", "pt-bg", "x", x, "y", y, "width", CELL, "height", CELL, "fill", fill] });
    if (cls.includes(" multi ")) ring("pt-ring-multi", 2.5);
    if (cls.includes(" tie ")) { ring("pt-ring-halo", 4); ring("pt-ring-tie", 4); }
    if (cls.includes(" best ")) {
      ring("pt-ring-edge", 3);
      ring("pt-ring-best", 3);
      kids.push({ t: "text", id: "text.pt-star", a: ["class", "pt-star", "x", x + 10.5, "y", y + 10.5, "fill", color], x: "★" });
    }
    const size = text.length > 4 ? 10 : text.length > 3 ? 11.5 : 0;  // 0: the grid's 13px
    if (text) {
      const a = ["x", x + CELL / 2, "y", y + CELL / 2 + (c.count ? 5 : 0), "fill", color];
      if (size) a.push("font-size", size);
      kids.push({ t: "text", id: "text", a, x: text });
    }
    if (c.count) {
      kids.push({ t: "text", id: "text.pt-count", a: ["class", "pt-count", "x", x + CELL - 5, "y", y + 12, "fill", color], x: c.count });
    }
    const a = ["class", "pt-cell" + (c.cls ? " " + c.cls.trim().replace(/\s+/g, " ") : ""), "data-cell", i + "," + j];
    if (c.attrs) c.attrs.replace(/([^\s=]+)="([^"]*)"/g, (_, name, value) => a.push(name, unesc(value)));
    return { t: "g", id: "g", a, k: kids };
  }
  const unesc = s => s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => ({ amp: "&", lt: "<", gt: ">", quot: "\"", "#39": "'" })[e]);
  function nodeHTML(n) {
    let h = "<" + n.t;
    for (let i = 0; i < n.a.length; i += 2) h += " " + n.a[i] + "=\"" + esc(n.a[i + 1]) + "\"";
    if (n.x !== undefined) return h + ">" + esc(n.x) + "</" + n.t + ">";
    if (!n.k) return h + "/>";
    h += ">";
    for (const k of n.k) h += nodeHTML(k);
    return h + "</" + n.t + ">";
  }
  const SVG = "http://www.w3.org/2000/svg";
  function makeNode(n) {
    const e = document.createElementNS(SVG, n.t);
    for (let i = 0; i < n.a.length; i += 2) e.setAttribute(n.a[i], n.a[i + 1]);
    if (n.x !== undefined) e.textContent = n.x;
    else if (n.k) for (const k of n.k) e.appendChild(makeNode(k));
    return e;
  }
  // Patch element e, drawn from node was, to match node now (the same tag): the attributes
  // that differ, the text, and the children matched by id (a cell has at most one of
  // each), so that a ring or a title coming or going leaves the rest alone.
  function patchNode(e, was, now) {
    const wa = was.a, na = now.a;
    let same = wa.length === na.length;
    for (let i = 0; same && i < na.length; i += 2) same = wa[i] === na[i];
    if (same) {  // the same attributes (the usual case): set the values that changed
      for (let i = 1; i < na.length; i += 2) if (wa[i] !== na[i]) e.setAttribute(na[i - 1], na[i]);
    } else {
      for (let i = 0; i < wa.length; i += 2) if (!na.includes(wa[i])) e.removeAttribute(wa[i]);
      for (let i = 0; i < na.length; i += 2) e.setAttribute(na[i], na[i + 1]);
    }
    if (now.x !== undefined) {
      if (now.x === was.x) return;
      if (e.childNodes.length === 1 && e.firstChild.nodeType === 3) e.firstChild.nodeValue = now.x;
      else e.textContent = now.x;
      return;
    }
    const wk = was.k, nk = now.k;
    if (!nk) return;
    same = wk.length === nk.length;
    for (let i = 0; same && i < nk.length; i++) same = wk[i].id === nk[i].id;
    if (same) {  // the same children
      let child = e.firstElementChild;
      for (let i = 0; i < nk.length; i++, child = child.nextElementSibling) patchNode(child, wk[i], nk[i]);
      return;
    }
    const before = new Map();
    let child = e.firstElementChild;
    for (const k of wk) { before.set(k.id, [child, k]); child = child.nextElementSibling; }
    let at = e.firstElementChild;
    for (const k of nk) {
      const had = before.get(k.id);
      if (had) {
        before.delete(k.id);
        if (had[0] !== at) e.insertBefore(had[0], at);
        patchNode(had[0], had[1], k);
        at = had[0].nextElementSibling;
      } else e.insertBefore(makeNode(k), at);
    }
    for (const [node] of before.values()) node.remove();
  }

  // A grid of cells as one SVG. o: {label, rows, cols, first: [row, col] of its top-left
  // cell (negative in the padding), cell(r, c) -> a cell for cellNode or null (nothing
  // drawn), defs, over (SVG drawn above the cells, e.g. a window), attrs (on the svg)}.
  // The svg holds four layers (defs, index labels, cells, over) so a redraw patches each
  // layer in place; the cells carry data-cell="i,j" counted from the top-left.
  function gridSVG(o) {
    const g = gridLayers(o);
    return g.open + gridInner(g) + "</svg>";
  }
  // The parts of a grid's SVG: its opening tag, the layers, and its cells: each with its
  // key ("i,j"), its signature (what it shows) and its node, made when it is needed.
  function gridLayers(o) {
    const [r0, c0] = o.first || [0, 0], w = MARGIN + o.cols * CELL + 2, h = MARGIN + o.rows * CELL + 2;
    let labels = "";
    const cells = [];
    for (let c = 0; c < o.cols; c++) {
      labels += "<text x=\"" + (MARGIN + c * CELL + CELL / 2) + "\" y=\"" + (MARGIN / 2 + 1) + "\">" + fmt(c0 + c).replace("-", "−") + "</text>";
    }
    for (let r = 0; r < o.rows; r++) {
      labels += "<text x=\"" + (MARGIN / 2) + "\" y=\"" + (MARGIN + r * CELL + CELL / 2) + "\">" + fmt(r0 + r).replace("-", "−") + "</text>";
      for (let c = 0; c < o.cols; c++) {
        const cell = o.cell(r0 + r, c0 + c);
        if (cell) cells.push({ r, c, cell, key: r + "," + c, sig: cellSig(cell), v: null });
      }
    }
    return {
      open: "<svg class=\"pt-grid\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + h + "\" width=\"" + w +
        "\" height=\"" + h + "\" data-cells=\"" + o.rows + "," + o.cols + "\"" + (o.attrs ? " " + o.attrs : "") + ">",
      defs: o.defs || "", labels, cells, over: o.over || "",
    };
  }
  // All that a cell shows: cells with the same key and signature are drawn the same.
  const cellSig = c => [c.cls, c.fill, c.ink, c.text, c.title, c.attrs, c.count].join("\u0001");
  const cellOf = e => e.v || (e.v = cellNode(e.r, e.c, MARGIN + e.c * CELL, MARGIN + e.r * CELL, e.cell));
  function gridInner(g) {
    let cells = "";
    for (const e of g.cells) cells += nodeHTML(cellOf(e));
    return "<defs>" + g.defs + "</defs><g class=\"pt-index\" aria-hidden=\"true\">" + g.labels + "</g><g class=\"pt-cells\">" +
      cells + "</g><g class=\"pt-over\">" + g.over + "</g>";
  }

  // A view with grids that a redraw patches cell by cell rather than drawing anew: a draw
  // puts v.grid(o) (the options of gridSVG) in its HTML in place of gridSVG(o), and
  // returns v.result(html, layout, result): result with html (the whole view, written
  // only if needed) and update(view). A redraw sets only the attributes and text of the
  // cells that changed, adds and removes cells as a grid's shape changes, and parses only
  // the small HTML around the grids, so the browser styles and lays out again only what
  // changed. layout: a key of the settings (not the step); when it is the same, moving
  // outlines slide to their new place (a CSS transition), else they jump.
  function gridView() {
    const grids = [], HOLE = "<!--pt-grid-->";
    return {
      grid(o) {
        const g = gridLayers(o);
        grids.push(g);
        return g.open + HOLE + "</svg>";
      },
      result(frame, layout, result) {
        const html = () => frame.split(HOLE).reduce((h, part, i) => h + gridInner(grids[i - 1]) + part);
        result.update = view => patchGrids(view, frame, html, grids, layout);
        // the whole HTML is written only if the view is drawn anew
        return Object.defineProperty(result, "html", { get: html, enumerable: true });
      },
    };
  }
  // An SVG fragment parsed as SVG (in a template, so nothing loads or runs).
  function parseSVG(markup) {
    const t = document.createElement("template");
    t.innerHTML = "<svg xmlns=\"http://www.w3.org/2000/svg\">" + markup + "</svg>";
    return t.content.firstChild;
  }
  // Remember a grid's layers on its svg, whose children were just drawn from g.
  function remember(svg, g) {
    const [, , layer] = svg.children, cells = new Map();
    let node = layer.firstChild;
    for (const e of g.cells) { cells.set(e.key, { node, sig: e.sig, v: cellOf(e) }); node = node.nextSibling; }
    svg.ptGrid = { defs: g.defs, labels: g.labels, over: g.over, cells };
  }
  function fill(svg, g) {
    svg.innerHTML = gridInner(g);
    remember(svg, g);
  }
  function setAttributes(o, n) {
    const oa = o.attributes, na = n.attributes;
    for (let i = oa.length - 1; i >= 0; i--) if (!n.hasAttribute(oa[i].name)) o.removeAttribute(oa[i].name);
    for (let i = 0; i < na.length; i++) if (o.getAttribute(na[i].name) !== na[i].value) o.setAttribute(na[i].name, na[i].value);
  }
  // Patch a grid's svg (drawn by gridView) to show grid g: each layer and each cell that
  // changed; cells come and go with the grid's shape.
  function patchGrid(svg, g, same) {
    const was = svg.ptGrid;
    if (!was || svg.children.length !== 4) { fill(svg, g); return; }
    const [defs, labels, layer, over] = svg.children;
    if (g.defs !== was.defs) defs.innerHTML = g.defs;
    if (g.labels !== was.labels) labels.innerHTML = g.labels;
    if (g.over !== was.over) {
      if (same) morph(over, parseSVG(g.over));
      else over.innerHTML = g.over;
    }
    // the cells: those gone are removed, those changed patched, the new ones inserted
    // where they belong (the cells stay in row-major order)
    const cells = was.cells, keep = new Set(g.cells.map(e => e.key));
    for (const [key, old] of cells) if (!keep.has(key)) { old.node.remove(); cells.delete(key); }
    let at = layer.firstChild;
    for (const e of g.cells) {
      const old = cells.get(e.key);
      if (old) {
        if (old.node !== at) layer.insertBefore(old.node, at);
        if (old.sig !== e.sig) {
          patchNode(old.node, old.v, cellOf(e));
          Object.assign(old, { sig: e.sig, v: e.v });
        }
        at = old.node.nextSibling;
      } else cells.set(e.key, { node: layer.insertBefore(makeNode(cellOf(e)), at), sig: e.sig, v: e.v });
    }
    Object.assign(was, { defs: g.defs, labels: g.labels, over: g.over });
  }
  // Patch a view drawn from a gridView: the HTML around the grids (small) by morph, each
  // grid by patchGrid. An empty view is drawn anew. Always true: the view is up to date.
  function patchGrids(view, frame, html, grids, layout) {
    const same = view.dataset.layout === layout;
    view.dataset.layout = layout;
    if (!view.firstElementChild) {
      view.innerHTML = html();
      view.querySelectorAll("svg.pt-grid").forEach((svg, i) => remember(svg, grids[i]));
      return true;
    }
    const t = document.createElement("template");
    t.innerHTML = frame;
    const holes = new Map();
    t.content.querySelectorAll("svg.pt-grid").forEach((svg, i) => {
      svg.textContent = "";
      holes.set(svg, grids[i]);
    });
    morph(view, t.content, { holes, same });
    return true;
  }

  // A moving outline over a grid: rows x cols cells from grid cell (i, j) (counted from
  // the grid's top-left), drawn as one group whose CSS transform slides from one place to
  // the next.
  function outline(i, j, rows, cols, opts) {
    const o = opts || {}, w = cols * CELL, h = rows * CELL;
    const frame = (cls, inset) => "<rect class=\"" + cls + "\" x=\"" + inset + "\" y=\"" + inset + "\" width=\"" +
      (w - 2 * inset) + "\" height=\"" + (h - 2 * inset) + "\" rx=\"3\"/>";
    return "<g class=\"pt-window" + (o.cls ? " " + o.cls : "") + "\" style=\"transform: translate(" + (MARGIN + j * CELL) +
      "px, " + (MARGIN + i * CELL) + "px)" + (o.ms !== undefined ? "; transition-duration: " + o.ms + "ms" : "") +
      "\" aria-hidden=\"true\">" + frame("pt-window-halo", 1) + frame("pt-window-line", 1) + "</g>";
  }

  // How long a moving outline takes to slide: shorter than one step at the stepper's speed.
  function slideMs(root) {
    const speed = root.querySelector("[name=speed]");
    return Math.round(Math.min(320, 0.7 * (speed ? parseInt(speed.value, 10) : 600)));
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

  // A legend entry: a swatch (a cell drawn like the grid's) and what it means.
  function swatch(kind, text, patternId) {
    const s = 22, inner = {
      window: "<rect x=\"3\" y=\"3\" width=\"16\" height=\"16\" fill=\"#fff\" stroke=\"#fff\" stroke-width=\"5\"/>" +
        "<rect x=\"3\" y=\"3\" width=\"16\" height=\"16\" rx=\"2\" fill=\"#fff\" class=\"pt-window-line\"/>",
      best: "<rect x=\"2\" y=\"2\" width=\"18\" height=\"18\" fill=\"#e5cf52\"/><rect x=\"4\" y=\"4\" width=\"14\" height=\"14\" class=\"pt-ring-edge\"/>" +
        "<rect x=\"4\" y=\"4\" width=\"14\" height=\"14\" class=\"pt-ring-best\"/>",
      tie: "<rect x=\"2\" y=\"2\" width=\"18\" height=\"18\" fill=\"#e5cf52\"/><rect x=\"4\" y=\"4\" width=\"14\" height=\"14\" class=\"pt-ring-halo\"/>" +
        "<rect x=\"4\" y=\"4\" width=\"14\" height=\"14\" class=\"pt-ring-tie\"/>",
      multi: "<rect x=\"2\" y=\"2\" width=\"18\" height=\"18\" fill=\"#fff\" stroke=\"#ccc\"/><rect x=\"3.5\" y=\"3.5\" width=\"15\" height=\"15\" class=\"pt-ring-multi\"/>",
      padding: "<rect x=\"2\" y=\"2\" width=\"18\" height=\"18\" fill=\"url(#" + patternId + ")\" stroke=\"#bbb\"/>",
      overhang: "<rect x=\"2\" y=\"2\" width=\"18\" height=\"18\" class=\"pt-overhang-box\"/>",
      skip: "<rect x=\"2\" y=\"2\" width=\"18\" height=\"18\" fill=\"" + mix("#4f576c", "#ffffff", 0.65) + "\"/>",
    }[kind];
    return "<span class=\"pt-key\"><svg aria-hidden=\"true\" viewBox=\"0 0 " + s + " " + s + "\" width=\"" + s + "\" height=\"" + s + "\">" +
      inner + "</svg>" + text + "</span>";
  }

  // Patch the view in place from new HTML: elements stay (so CSS transitions run and focus
  // stays), their attributes and text change. False if the view is empty or its layout
  // (a key the draw gives: sizes and settings) changed: then it is drawn anew, which is
  // quicker than patching every cell.
  function patch(view, html, layout) {
    const same = view.firstElementChild && view.dataset.layout === layout;
    view.dataset.layout = layout;
    if (!same) return false;
    const t = document.createElement("template");
    t.innerHTML = html;
    morph(view, t.content);
    return true;
  }
  // Walk both trees by siblings (a live childNodes list is slow to index), skip what is
  // equal (isEqualNode is native), patch the attributes and text that differ. grids (from
  // patchGrids): {holes: Map of empty grid svgs in `now` to their layers, same}.
  function morph(old, now, grids) {
    // a new node put in the view: its grids (if any) are drawn first
    const adopt = n => {
      if (grids && n.nodeType === 1) {
        (grids.holes.has(n) ? [n] : n.querySelectorAll("svg.pt-grid")).forEach(svg => fill(svg, grids.holes.get(svg)));
      }
      return n;
    };
    let o = old.firstChild, n = now.firstChild;
    while (n) {
      const next = n.nextSibling, g = grids && grids.holes.get(n);
      if (!o) old.appendChild(adopt(n));
      else if (o.nodeType !== n.nodeType || o.nodeName !== n.nodeName || (g && !o.ptGrid)) {
        const after = o.nextSibling;
        old.replaceChild(adopt(n), o);
        o = after;
      } else {
        if (g) {
          setAttributes(o, n);
          patchGrid(o, g, grids.same);
        } else if (o.nodeType !== 1) {
          if (o.nodeValue !== n.nodeValue) o.nodeValue = n.nodeValue;
        } else if (!o.isEqualNode(n)) {
          setAttributes(o, n);
          morph(o, n, grids);
        }
        o = o.nextSibling;
      }
      n = next;
    }
    while (o) {
      const after = o.nextSibling;
      old.removeChild(o);
      o = after;
    }
  }

  // "2–4" or "0, 2 and 4": the rows or columns a window reads.
  function span(first, k, d) {
    const at = Array.from({ length: k }, (_, a) => fmt(first + a * d).replace("-", "−"));
    if (k === 1) return at[0];
    if (d > 1) return at.slice(0, -1).join(", ") + " and " + at[k - 1];
    return at[0] + (first < 0 ? " to " : "–") + at[k - 1];
  }

  // ---- the one-axis figure of the shape lab and the adaptive bins explorer ------------
  // The input axis as a row of cells with their index above (padding hatched, ceil-mode
  // overhang dashed), each cell saying how many bars read it (×n); under it one bar per
  // output, in lanes, over the cells it reads: a thin line over the cells a dilated window
  // skips, a dashed part over the overhang (it reads nothing there). o: {first (index of
  // the first cell), cells: [{kind, reads: [bar], title}], bars: [{read: [cell index],
  // label, title}], cuts (optional: positions, in cells, of dashed lines across the row),
  // hatchId, barsLabel, aria}. Bars come in order of their first cell.
  const BAR_COLOURS = [0, 1, 2, 4, 5].map(i => PALETTE[i]);  // Okabe-Ito; vermilion is the overhang's
  function lineSVG(o) {
    const n = o.cells.length, u = Math.max(20, Math.min(CELL, Math.floor(1040 / n))), pad = 4, top = 18;
    const x = c => pad + (c - o.first) * u, cellAt = c => o.cells[c - o.first];
    // lanes: as many as bars overlap at most; each bar takes the next lane (round the
    // lanes) free at its start, so that regular windows make a staircase
    const span = b => [b.read[0], b.read[b.read.length - 1] + 1];
    const count = o.bars.reduce((ends, b) => {
      const lane = ends.findIndex(e => e <= span(b)[0]);
      ends[lane < 0 ? ends.length : lane] = span(b)[1];
      return ends;
    }, []).length;
    const ends = Array(count).fill(-Infinity);
    let prev = -1;
    const lanes = o.bars.map(b => {
      const [from, to] = span(b);
      let lane = 0;
      for (let t = 1; t <= count; t++) if (ends[(prev + t) % count] <= from) { lane = (prev + t) % count; break; }
      ends[lane] = to;
      return (prev = lane);
    });
    const barsTop = top + u + 26, laneH = 24, barH = 18;
    const width = Math.max(2 * pad + n * u, 300), height = barsTop + count * laneH;
    let index = "", cells = "", bars = "", guides = "<g class=\"pt-guides\" aria-hidden=\"true\">";
    for (let i = 0; i <= n; i++) {
      guides += "<line x1=\"" + (pad + i * u) + "\" x2=\"" + (pad + i * u) + "\" y1=\"" + (barsTop - 4) + "\" y2=\"" + (height - 2) + "\"/>";
    }
    guides += "</g>";
    o.cells.forEach((cell, i) => {
      const c = o.first + i, cx = pad + i * u, reads = cell.kind === "overhang" ? 0 : cell.reads.length;
      index += "<text x=\"" + (cx + u / 2) + "\" y=\"" + (top / 2 + 1) + "\">" + fmt(c).replace("-", "−") + "</text>";
      const fill = cell.kind === "padding" ? "url(#" + o.hatchId + ")" : cell.kind === "overhang" ? "#fff"
        : reads ? mix("#ffffff", "#0072B2", Math.min(0.62, 0.2 + 0.21 * (reads - 1))) : "#ffffff";
      const cls = cell.kind + (cell.kind === "input" && !reads ? " unread" : "") + (reads === 1 ? " once" : reads > 1 ? " multi-read" : "");
      const text = cell.kind === "overhang" ? "" : "×" + reads;
      cells += "<g class=\"pt-cell " + cls + "\" tabindex=\"-1\" aria-label=\"" + esc(cell.title) + "\" data-reads=\" " +
        cell.reads.join(" ") + " \"><title>" + esc(cell.title) +
        "</title><rect class=\"pt-bg\" x=\"" + cx + "\" y=\"" + top + "\" width=\"" + u + "\" height=\"" + u + "\" fill=\"" +
        fill + "\"/>" + (text ? "<text x=\"" + (cx + u / 2) + "\" y=\"" + (top + u / 2) + "\" fill=\"" +
        (cell.kind === "padding" ? "#333" : reads ? ink(fill) : "#D55E00") + "\"" +
        (text.length > 2 && u < 26 ? " font-size=\"10\"" : " font-size=\"12\"") + ">" + text + "</text>" : "") + "</g>";
    });
    o.bars.forEach((b, i) => {
      const colour = BAR_COLOURS[i % BAR_COLOURS.length], y = barsTop + lanes[i] * laneH;
      const first = b.read[0], last = b.read[b.read.length - 1];
      let g = "";
      if (last - first + 1 > b.read.length) {  // a dilated window: a thin line over the cells it skips
        g += "<line class=\"pt-bar-skip\" x1=\"" + (x(first) + u / 2) + "\" x2=\"" + (x(last) + u / 2) + "\" y1=\"" +
          (y + barH / 2) + "\" y2=\"" + (y + barH / 2) + "\" stroke=\"" + colour + "\"/>";
      }
      // runs of neighbouring cells read, split where the overhang begins
      const runs = [];
      b.read.forEach(c => {
        const over = cellAt(c).kind === "overhang", run = runs[runs.length - 1];
        if (run && run.to === c && run.over === over) run.to = c + 1;
        else runs.push({ from: c, to: c + 1, over });
      });
      runs.forEach(r => {
        g += "<rect class=\"" + (r.over ? "pt-bar-over" : "pt-bar-seg") + "\" x=\"" + (x(r.from) + 2) + "\" y=\"" + y +
          "\" width=\"" + ((r.to - r.from) * u - 4) + "\" height=\"" + barH + "\" rx=\"3\" " +
          (r.over ? "stroke=\"" + colour + "\"" : "fill=\"" + colour + "\"") + "/>";
      });
      const solid = runs.find(r => !r.over) || runs[0];
      g += "<text x=\"" + (x(solid.from) + (solid.to - solid.from) * u / 2) + "\" y=\"" + (y + barH / 2 + 0.5) + "\" fill=\"" +
        (solid.over ? "#333" : ink(colour)) + "\">" + b.label + "</text>";
      bars += "<g class=\"pt-bar\" tabindex=\"" + (i === 0 ? 0 : -1) + "\" aria-label=\"" + esc(b.title) + "\" data-bar=\"" +
        i + "\"><title>" + esc(b.title) + "</title>" + g + "</g>";
    });
    return "<svg class=\"pt-grid pt-line\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + width + " " + height +
      "\" width=\"" + width + "\" height=\"" + height + "\" role=\"img\" aria-label=\"" + esc(o.aria) + "\"><defs>" +
      hatch(o.hatchId) + "</defs><g class=\"pt-index\" aria-hidden=\"true\">" + index + "</g><g class=\"pt-cells\">" + cells +
      "</g>" + (o.cuts || []).map(t => [[top - 3, top + u * 0.27], [top + u * 0.73, top + u + 3]].map(([y1, y2]) =>
        "<line class=\"pt-cut\" x1=\"" + x(t) + "\" x2=\"" + x(t) + "\" y1=\"" + y1 + "\" y2=\"" + y2 + "\"/>").join("")).join("") +
        guides + "<text class=\"pt-lane-label\" x=\"" + pad + "\" y=\"" + (top + u + 15) + "\">" + esc(o.barsLabel) +
      "</text><g class=\"pt-bars\">" + bars + "</g></svg>";
  }
  // A legend key drawn like the figure: a bar, a count, a skip line.
  function lineKey(what, text) {
    const svg = {
      bar: "<rect x=\"1\" y=\"4\" width=\"30\" height=\"14\" rx=\"3\" fill=\"" + BAR_COLOURS[0] + "\"/>" +
        "<text x=\"16\" y=\"15\" text-anchor=\"middle\" style=\"fill:#111;font-size:10px\">0</text>",
      count: "<rect x=\"1\" y=\"1\" width=\"30\" height=\"20\" fill=\"" + mix("#ffffff", "#0072B2", 0.45) + "\"/>" +
        "<text x=\"16\" y=\"15\" text-anchor=\"middle\" style=\"fill:#111;font-size:10px\">×2</text>",
      unread: "<rect x=\"1.5\" y=\"1.5\" width=\"29\" height=\"19\" fill=\"#fff\" stroke=\"#b9b9c0\"/>" +
        "<text x=\"16\" y=\"15\" text-anchor=\"middle\" style=\"fill:#D55E00;font-size:10px;font-weight:700\">×0</text>",
      skip: "<rect x=\"1\" y=\"4\" width=\"8\" height=\"14\" rx=\"2\" fill=\"" + BAR_COLOURS[1] + "\"/><line x1=\"9\" x2=\"23\" " +
        "y1=\"11\" y2=\"11\" stroke=\"" + BAR_COLOURS[1] + "\" stroke-width=\"2\"/><rect x=\"23\" y=\"4\" width=\"8\" height=\"14\" " +
        "rx=\"2\" fill=\"" + BAR_COLOURS[1] + "\"/>",
      cut: "<rect x=\"1.5\" y=\"1.5\" width=\"29\" height=\"19\" fill=\"#fff\" stroke=\"#b9b9c0\"/><line x1=\"16\" x2=\"16\" " +
        "y1=\"0\" y2=\"22\" stroke=\"#1d1d1f\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>",
    }[what];
    return "<span class=\"pt-key\"><svg aria-hidden=\"true\" viewBox=\"0 0 32 22\" width=\"32\" height=\"22\">" + svg +
      "</svg>" + text + "</span>";
  }
  // Hovering (or tapping) a bar lights the cells it reads; a cell, the bars that read it.
  // The keyboard gets the same: Tab reaches the first bar, the arrow keys (and Home, End)
  // move through the bars and the cells, and the focused one is lit and read out.
  function linkOnHover(root) {
    if (root.ptLineHover) return;
    root.ptLineHover = true;
    const PICK = "svg.pt-line [data-bar], svg.pt-line [data-reads]";
    const light = t => {
      const svg = root.querySelector("svg.pt-line");
      if (!svg) return;
      svg.querySelectorAll(".pt-lit").forEach(n => n.classList.remove("pt-lit"));
      svg.classList.toggle("pt-linking", !!t);
      if (!t) return;
      const lit = t.dataset.bar !== undefined
        ? svg.querySelectorAll("[data-reads~=\"" + t.dataset.bar + "\"]")
        : t.dataset.reads.trim().split(/\s+/).filter(Boolean).map(b => svg.querySelector("[data-bar=\"" + b + "\"]"));
      [t, ...lit].forEach(n => n && n.classList.add("pt-lit"));
    };
    const pointed = e => e.target.closest ? e.target.closest(PICK) : null;
    root.addEventListener("mouseover", e => light(pointed(e)));
    root.addEventListener("mouseout", () => light(root.contains(document.activeElement) ? pointed({ target: document.activeElement }) : null));
    root.addEventListener("focusin", e => {
      const t = pointed(e);
      if (!t) return;
      light(t);
      const status = root.querySelector(".pt-status");
      if (status) status.textContent = t.getAttribute("aria-label") || "";
    });
    root.addEventListener("focusout", e => { if (!root.contains(e.relatedTarget)) light(null); });
    root.addEventListener("keydown", e => {
      const t = pointed(e);
      const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -Infinity, End: Infinity };
      if (!t || !(e.key in moves)) return;
      const items = [...t.closest("svg").querySelectorAll(".pt-bars [data-bar], .pt-cells [data-reads]")];
      const order = [...items.filter(n => n.dataset.bar !== undefined), ...items.filter(n => n.dataset.bar === undefined)];
      const now = order.indexOf(t), step = moves[e.key];
      const next = order[Math.max(0, Math.min(order.length - 1, Number.isFinite(step) ? now + step : step < 0 ? 0 : order.length - 1))];
      e.preventDefault();
      if (!next || next === t) return;
      order.forEach(n => n.setAttribute("tabindex", n === next ? "0" : "-1"));
      next.focus();
    });
  }
  const list = items => items.length < 2 ? items.join("") : items.slice(0, -1).join(", ") + " and " + items[items.length - 1];

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
    const range = label("<input type=\"range\" name=\"" + c.name + "\" min=\"0\" max=\"0\" value=\"0\">" +
      (c.after ? " " + esc(c.after) : ""));
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
      status = root.querySelector(".pt-status"), bound = spec.filter(c => c.trait), byTrait = {};
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
      const settings = config();
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
      // a draw may patch the view in place (result.update(view) is true), so that its
      // elements persist and move with CSS transitions; otherwise the view is drawn anew
      if (result.error) view.innerHTML = "";
      else if (!(result.update && result.update(view))) view.innerHTML = result.html;
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
    ["x", "config"].forEach(t => model.on("change:" + t, render));

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
      handlers.forEach(([t, f]) => model.off("change:" + t, f));
      ["x", "config"].forEach(t => model.off("change:" + t, render));
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
    inputRows, cellKind: kind, PALETTE, colorScale, ramp, mix, ink, gridSVG, gridView, outline, colorBar, swatch, patch, uid, hatch,
    span, slideMs, CELL, MARGIN, lineSVG, lineKey, linkOnHover, list };
})();
