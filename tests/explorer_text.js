// What tests/explorer_text.py measures: see its docstring. Called with the roots' selector.
((roots) => {
  const parse = c => {
    const m = /rgba?\(([^)]+)\)/.exec(c || "");
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const colours = s => (s.match(/rgba?\([^)]+\)/g) || []).map(parse);
  const over = (top, below) => [0, 1, 2].map(i => top[i] * top[3] + below[i] * (1 - top[3])).concat(1);
  const lum = c => {
    const l = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const hex = c => "#" + c.slice(0, 3).map(v => Math.round(v).toString(16).padStart(2, "0")).join("");
  // the colours an HTML element's text may sit on: backgrounds up the tree, blended
  const page = parse(getComputedStyle(document.body).backgroundColor);
  const base = page && page[3] > 0 ? over(page, [255, 255, 255, 1]) : [255, 255, 255, 1];
  function backdrop(el) {
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const cs = getComputedStyle(e), stops = colours(cs.backgroundImage);
      if (stops.length) { layers.push(stops); if (stops.every(s => s[3] >= 1)) break; }
      const bg = parse(cs.backgroundColor);
      if (bg && bg[3] > 0) { layers.push([bg]); if (bg[3] >= 1) break; }
    }
    let under = [base];
    for (const layer of layers.reverse()) under = layer.flatMap(c => under.map(u => over(c, u)));
    return under;
  }
  // opacity from e up to (not including) stop
  const opacity = (e, stop) => {
    let a = 1;
    for (; e && e !== stop; e = e.parentElement) a *= parseFloat(getComputedStyle(e).opacity);
    return a;
  };
  function paint(e, value, svg) {
    if (!value || value === "none") return [];
    const url = /url\("?#([^")]+)"?\)/.exec(value);
    if (url) {
      const pat = document.getElementById(url[1]);
      if (!pat) return [];
      // a line paints only its stroke; a shape its fill and stroke
      return [...pat.querySelectorAll("*")].flatMap(n => n.matches("line, polyline") ? [getComputedStyle(n).stroke]
        : [getComputedStyle(n).fill, getComputedStyle(n).stroke]).map(parse).filter(c => c && c[3] > 0);
    }
    const c = parse(value);
    return c ? [c] : [];
  }
  const shown = e => e.getClientRects().length > 0 && e.checkVisibility({ visibilityProperty: true });
  const records = [];
  function record(root, el, text, colour, under, px, where) {
    const cs = getComputedStyle(el), bold = parseInt(cs.fontWeight, 10) >= 700;
    const worst = Math.min(...under.map(u => ratio(over(colour, u), u)));
    const b = under.find(u => ratio(over(colour, u), u) === worst);
    records.push({ kind: root.dataset.pooltoolsExplorer || "answer box", text: text.trim().slice(0, 24), where,
      px: Math.round(px * 100) / 100, bold, large: px >= 24 || (bold && px >= 18.66),
      ratio: Math.round(worst * 100) / 100, ink: hex(over(colour, b)), on: hex(b) });
  }
  const label = e => e.tagName.toLowerCase() + (e.getAttribute("class") ? "." + e.getAttribute("class").trim().split(/\s+/).join(".") : "");
  for (const root of document.querySelectorAll(roots)) {
    if (!shown(root)) continue;
    const seen = new Set();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (!t.nodeValue.trim()) continue;
      let el = t.parentElement;
      if (el.closest("title, desc, defs, style, script, option, noscript, template")) continue;
      if (el instanceof SVGElement) el = el.closest("text") || el;
      if (seen.has(el) || !shown(el)) continue;
      seen.add(el);
      const cs = getComputedStyle(el);
      if (el instanceof SVGElement) {
        const svg = el.ownerSVGElement, top = (() => { let s = svg; while (s.ownerSVGElement) s = s.ownerSVGElement; return s; })();
        const m = el.getScreenCTM(), scale = Math.hypot(m.a, m.b);
        const fill = parse(cs.fill);
        if (!fill) continue;
        const colour = [...fill.slice(0, 3), fill[3] * parseFloat(cs.fillOpacity) * opacity(el, top.parentElement)];
        const box = el.getBoundingClientRect(), x = box.left + box.width / 2, y = box.top + box.height / 2;
        let under = backdrop(top.parentElement);
        for (const s of top.querySelectorAll("rect, circle, ellipse, path, polygon")) {
          if (!(s.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) || s.closest("defs, pattern")) continue;
          const r = s.getBoundingClientRect();
          if (x < r.left || x > r.right || y < r.top || y > r.bottom || !shown(s)) continue;
          const ss = getComputedStyle(s), fills = paint(s, ss.fill, top);
          if (!fills.length) continue;
          const a = parseFloat(ss.fillOpacity) * opacity(s, top.parentElement);
          under = fills.flatMap(f => under.map(u => over([...f.slice(0, 3), f[3] * a], u)));
          if (under.length > 8) under = under.slice(0, 8);
        }
        record(root, el, el.textContent, colour, under, parseFloat(cs.fontSize) * scale,
          label(el.parentElement) + " > " + label(el));
      } else {
        const c = parse(cs.color);
        record(root, el, t.nodeValue, [...c.slice(0, 3), c[3] * opacity(el, null)], backdrop(el),
          parseFloat(cs.fontSize), label(el));
      }
    }
    for (const el of root.querySelectorAll("input[type=number], input[type=text], input:not([type]), select")) {
      if (!shown(el)) continue;
      const cs = getComputedStyle(el), c = parse(cs.color);
      const text = el.tagName === "SELECT" ? (el.selectedOptions[0] || {}).text || "" : el.value || el.placeholder || "";
      if (!text.trim()) continue;
      record(root, el, text, [...c.slice(0, 3), c[3] * opacity(el, null)], backdrop(el), parseFloat(cs.fontSize), label(el));
    }
  }
  return records;
})
