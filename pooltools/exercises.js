// pooltools' answer boxes: the self-checks of pooltools/exercises.py, in the page, with
// no kernel. The comparison and the messages are the same as exercises.py's _compare
// (the browser test checks them against check()). Each box's root carries
// data-pooltools-check="<id>" and data-check (JSON: kind, expected, hint).
window.pooltoolsCheck = window.pooltoolsCheck || (function () {
  "use strict";

  const close = (a, e, rtol, atol) => Math.abs(a - e) <= atol + rtol * Math.abs(e);

  // Python's repr of what the learner typed, as check() echoes it ("111", "2.5").
  function parseNumbers(text) {
    const cleaned = text.trim().replace(/^[([]+|[)\]]+$/g, "");
    if (cleaned === "") return null;
    const parts = cleaned.split(/\s*,\s*|\s+/).filter(s => s !== "");
    const values = parts.map(Number);
    return values.some(v => Number.isNaN(v)) ? null : values;
  }

  function parseArray(text) {
    try {
      const value = JSON.parse(text.trim().replace(/\(/g, "[").replace(/\)/g, "]"));
      return Array.isArray(value) ? value : null;
    } catch (e) {
      return null;
    }
  }

  function shape(a) {
    const s = [];
    for (let v = a; Array.isArray(v); v = v[0]) s.push(v.length);
    return s;
  }

  function flat(a) {
    return Array.isArray(a) ? a.flatMap(flat) : [a];
  }

  const pyShape = s => "(" + s.join(", ") + (s.length === 1 ? ",)" : ")");

  // The problem with an answer, in exercises.py's words, or null if it is right.
  function compare(text, expected, kind) {
    if (kind === "a shape tuple") {
      const answer = parseNumbers(text);
      if (answer === null || answer.some(v => !Number.isInteger(v))) {
        return "not yet: the answer should be " + kind + ", like (1, 2, 3, 4).";
      }
      if (answer.length !== expected.length) {
        return "not yet: a shape with " + answer.length + " entries; this one has " +
          expected.length + ".";
      }
      const wrong = answer.map((v, i) => (v !== expected[i] ? i : -1)).filter(i => i >= 0);
      return wrong.length ? "not yet: dimension(s) [" + wrong.join(", ") + "] are off." : null;
    }
    if (Array.isArray(expected)) {
      const answer = parseArray(text);
      const bad = answer === null || flat(answer).some(v => typeof v !== "number");
      if (bad) return "not yet: the answer should be " + kind + " of numbers.";
      const got = shape(answer), want = shape(expected);
      if (got.join() !== want.join()) {
        return "not yet: your array has shape " + pyShape(got) +
          "; the output has a different shape.";
      }
      const a = flat(answer), e = flat(expected);
      const wrong = a.filter((v, i) => !close(v, e[i], 1e-5, 1e-8)).length;
      return wrong ? "not yet: " + wrong + " of " + e.length + " cells are wrong." : null;
    }
    const cleaned = text.trim();
    const value = cleaned === "" ? NaN : Number(cleaned);
    if (Number.isNaN(value)) return "not yet: the answer should be " + kind + ".";
    // A whole-number answer (a size, a count of parameters) must be exact; others close.
    if (close(value, expected, Number.isInteger(expected) ? 0 : 1e-3, 1e-6)) return null;
    return "not yet: " + cleaned + " is " + (value < expected ? "too small" : "too large") + ".";
  }

  function start(root) {
    if (root.dataset.started) return;
    root.dataset.started = "1";
    const spec = JSON.parse(root.dataset.check), id = root.dataset.pooltoolsCheck;
    const input = root.querySelector("input"), verdict = root.querySelector(".pt-verdict");
    function answer() {
      const problem = compare(input.value, spec.expected, spec.kind);
      const ok = problem === null;
      verdict.textContent = (ok ? "✓ " : "✗ ") + id + ": " +
        (ok ? "right." : problem + " Hint: " + spec.hint);
      verdict.className = "pt-verdict " + (ok ? "pt-right" : "pt-wrong");
      root.dataset.ok = ok ? "1" : "0";
    }
    root.querySelector("form").addEventListener("submit", event => {
      event.preventDefault();
      answer();
    });
    // Enter answers here, before a notebook front-end can take the key for itself.
    input.addEventListener("keydown", event => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      event.stopPropagation();
      answer();
    });
  }

  return { compare, start };
})();
