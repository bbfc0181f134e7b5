// What a pointer reads in a tooltip, a keyboard reads too (issue 20). A drawing in an
// explorer's view whose parts carry tooltips (an SVG <title>: a cell's value, a bar's
// softmax weight, a window's cells) and that is not a control of its own (a [data-grid]
// of steps, the one-axis figure, a focusable result) takes Tab; the arrow keys, Home and
// End then walk its parts, the part reached is ringed and its tooltip read out in the
// explorer's status line (a polite live region). Up and Down move by a row in a grid
// of cells (data-cell="i,j"), else like Left and Right.

const hint = " Arrow keys read each part.";
// the parts of a drawing that carry a tooltip, in document order
const parts = svg => [...svg.querySelectorAll("title")].map(t => t.parentElement).filter(e => e !== svg);
const says = part => part.querySelector(":scope > title").textContent;

function tipsByKeyboard(view, status) {
  const at = new Map();  // a drawing's focus key -> the index of the part reached
  function ring(svg, i) {
    const all = parts(svg);
    if (!all.length) return;
    i = Math.max(0, Math.min(all.length - 1, i));
    at.set(svg.dataset.focusKey, i);
    all.forEach((part, n) => part.classList.toggle("pt-tip", n === i));
    status.textContent = says(all[i]);
  }
  view.addEventListener("focusin", e => {
    if (e.target.matches && e.target.matches("svg[data-tips]")) ring(e.target, at.get(e.target.dataset.focusKey) || 0);
  });
  view.addEventListener("focusout", e => {
    if (e.target.matches && e.target.matches("svg[data-tips]")) {
      e.target.querySelectorAll(".pt-tip").forEach(n => n.classList.remove("pt-tip"));
    }
  });
  view.addEventListener("keydown", e => {
    const svg = e.target;
    if (!svg.matches || !svg.matches("svg[data-tips]")) return;
    const all = parts(svg), now = at.get(svg.dataset.focusKey) || 0, by = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    let next;
    if (by) next = now + by;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = all.length - 1;
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      const d = e.key === "ArrowDown" ? 1 : -1, [i, j] = (all[now].dataset.cell || "").split(",");
      const below = all.findIndex(p => p.dataset.cell === (Number(i) + d) + "," + j);
      next = below >= 0 ? below : now + d;
    } else return;
    e.preventDefault();
    ring(svg, next);
  });
  // after every draw: the drawings with tooltips take Tab (a redraw may have rewritten
  // their attributes), and the focused one keeps its ring
  return function mark() {
    let n = 0;
    view.querySelectorAll("svg").forEach(svg => {
      const mine = svg.dataset.tips !== undefined || (!svg.hasAttribute("tabindex") && !svg.matches("[data-grid], .pt-line") &&
        !svg.parentElement.closest("svg") && svg.querySelector("title"));
      if (!mine) return;
      svg.setAttribute("tabindex", "0");
      svg.dataset.tips = "";
      svg.dataset.focusKey = "tips-" + n++;
      const label = svg.getAttribute("aria-label") || "";
      if (!label.endsWith(hint)) svg.setAttribute("aria-label", label + hint);
      if (document.activeElement === svg) ring(svg, at.get(svg.dataset.focusKey) || 0);
    });
  };
}

export { tipsByKeyboard };
