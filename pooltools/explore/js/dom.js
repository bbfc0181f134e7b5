// A small DOM differ: nodes written as HTML or made as SVG elements, and a view patched
// in place from new HTML (elements stay, so CSS transitions run and focus stays; only
// the attributes and text that differ change).

import { esc } from "./format.js";

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

// An SVG fragment parsed as SVG (in a template, so nothing loads or runs).
function parseSVG(markup) {
  const t = document.createElement("template");
  t.innerHTML = "<svg xmlns=\"http://www.w3.org/2000/svg\">" + markup + "</svg>";
  return t.content.firstChild;
}

function setAttributes(o, n) {
  const oa = o.attributes, na = n.attributes;
  for (let i = oa.length - 1; i >= 0; i--) if (!n.hasAttribute(oa[i].name)) o.removeAttribute(oa[i].name);
  for (let i = 0; i < na.length; i++) if (o.getAttribute(na[i].name) !== na[i].value) o.setAttribute(na[i].name, na[i].value);
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
// patchGrids in grid.js): {holes: Map of empty grid svgs in `now` to their layers, same,
// fill(svg, layers) to draw a new grid, patchGrid(svg, layers, same) to patch one}.
function morph(old, now, grids) {
  // a new node put in the view: its grids (if any) are drawn first
  const adopt = n => {
    if (grids && n.nodeType === 1) {
      (grids.holes.has(n) ? [n] : n.querySelectorAll("svg.pt-grid")).forEach(svg => grids.fill(svg, grids.holes.get(svg)));
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
        grids.patchGrid(o, g, grids.same);
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

export { nodeHTML, makeNode, patchNode, parseSVG, setAttributes, patch, morph };
