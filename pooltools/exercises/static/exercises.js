// pooltools' answer boxes: the self-checks of pooltools/exercises/checks.py, in the page,
// with no kernel. The parsing, the comparison and the messages are checks.py's, step for
// step (the tests check them against check()). Each box's root carries
// data-pooltools-check="<id>" and data-check (JSON: kind, example, hint, and the answer as
// salted SHA-256 digests, never the answer itself: see answer_spec in checks.py).
window.pooltoolsCheck = window.pooltoolsCheck || (function () {
  "use strict";

  const SALT = "pooltools-exercises-1";

  // SHA-256 of a string's UTF-8 bytes, as hex (synchronous: crypto.subtle is async and
  // missing on plain-http pages).
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2]);

  function sha256(text) {
    const bytes = new TextEncoder().encode(text);
    const n = ((bytes.length + 9 + 63) >> 6) << 6;
    const data = new Uint8Array(n);
    data.set(bytes);
    data[bytes.length] = 0x80;
    const view = new DataView(data.buffer);
    view.setUint32(n - 4, bytes.length * 8);
    view.setUint32(n - 8, Math.floor(bytes.length / 0x20000000));
    const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f,
      0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const w = new Uint32Array(64);
    const rot = (x, r) => (x >>> r) | (x << (32 - r));
    for (let off = 0; off < n; off += 64) {
      for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + 4 * i);
      for (let i = 16; i < 64; i++) {
        const s0 = rot(w[i - 15], 7) ^ rot(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        const s1 = rot(w[i - 2], 17) ^ rot(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
      }
      let [a, b, c, d, e, f, g, k] = h;
      for (let i = 0; i < 64; i++) {
        const t1 = (k + (rot(e, 6) ^ rot(e, 11) ^ rot(e, 25)) + ((e & f) ^ (~e & g)) + K[i] +
          w[i]) >>> 0;
        const t2 = ((rot(a, 2) ^ rot(a, 13) ^ rot(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        k = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
    }
    return Array.from(h, x => x.toString(16).padStart(8, "0")).join("");
  }

  const digest = (salt, text) => sha256(salt + "|" + text).slice(0, 16);
  const scaled = (v, e) => (e < 0 ? v * 10 ** -e : v / 10 ** e);

  function numberMatches(value, spec, salt) {
    if (!Number.isFinite(value)) return false;
    if (spec.e === null) {
      return Number.isInteger(value) && digest(salt, "i:" + value) === spec.h;
    }
    const q = Math.floor(scaled(value, spec.e) + 0.5);
    return digest(salt, "r:" + spec.e + ":" + q) === spec.h;
  }

  // ---- what people type (checks.py's parse_number and parse_nested) ----------------
  const WRAPPER = /^\s*(?:tensor|array|torch\.Size|(?:np|numpy)\.\w+)\s*\(([\s\S]*)\)\s*$/;
  const KEYWORDS = /,\s*(?:dtype|requires_grad|grad_fn|device)\s*=[\s\S]*$/;
  const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

  function unwrap(text) {
    const match = WRAPPER.exec(text);
    return (match ? match[1] : text).replace(KEYWORDS, "").trim();
  }

  function parseNumber(text) {
    const parts = unwrap(text).split("/").map(p => p.trim());
    if (parts.length > 2 || !parts.every(p => NUMBER.test(p))) return null;
    let value = Number(parts[0]);
    if (parts.length === 2) {
      if (Number(parts[1]) === 0) return null;
      value /= Number(parts[1]);
    }
    return value;
  }

  function parseNested(text) {
    const tokens = unwrap(text).match(/[[\]()]|[^\s,[\]()]+/g);
    if (!tokens || !"[(".includes(tokens[0])) return null;
    const stack = [[]];
    for (const token of tokens) {
      if (token === "[" || token === "(") {
        stack.push([]);
      } else if (token === "]" || token === ")") {
        if (stack.length < 2) return null;
        const done = stack.pop();
        stack[stack.length - 1].push(done);
      } else {
        const value = parseNumber(token);
        if (value === null) return null;
        stack[stack.length - 1].push(value);
      }
    }
    return stack.length === 1 && stack[0].length === 1 ? stack[0][0] : null;
  }

  function shapeOf(value) {
    if (!Array.isArray(value)) return [];
    if (!value.length) return [0];
    const inner = value.map(shapeOf);
    if (inner.some(s => s === null || s.join() !== inner[0].join())) return null;
    return [value.length, ...inner[0]];
  }

  const flat = a => (Array.isArray(a) ? a.flatMap(flat) : [a]);
  const pyShape = s => "(" + s.join(", ") + (s.length === 1 ? ",)" : ")");

  // The problem with an answer, in checks.py's words, or null if it is right. kind is the
  // bank's whole noun phrase ("a list of 7 numbers"), example an answer of its form.
  function compare(text, spec, kind, example, exercise) {
    const salt = SALT + ":" + exercise, t = spec.t;
    if (t === "shape") {
      let value = parseNested(text);
      if (value === null) value = parseNested("(" + text + ")");
      const dims = Array.isArray(value) ? flat(value) : null;
      const s = value === null ? null : shapeOf(value);
      if (!dims || !dims.length || s === null || s.join() !== String(dims.length) ||
          dims.some(d => !Number.isInteger(d))) {
        return "not yet: the answer should be " + kind + ", like " + example + ".";
      }
      if (dims.length !== spec.n) {
        return "not yet: you gave " + dims.length + " entries; the answer has " + spec.n + ".";
      }
      const wrong = dims.map((d, i) => (digest(salt + "#" + i, "i:" + d) !== spec.dims[i] ? i : -1))
        .filter(i => i >= 0);
      if (!wrong.length) return null;
      if (wrong.length === 1) return "not yet: dimension " + wrong[0] + " is off.";
      return "not yet: dimensions " + wrong.slice(0, -1).join(", ") + " and " +
        wrong[wrong.length - 1] + " are off.";
    }
    if (t === "array") {
      const value = parseNested(text);
      const shape = value === null ? null : shapeOf(value);
      if (!shape || !shape.length) return "not yet: the answer should be " + kind + ".";
      if (digest(salt, "shape:" + shape.join("x")) !== spec.shape) {
        return "not yet: yours has shape " + pyShape(shape) + "; the answer has a different shape.";
      }
      const cells = flat(value);
      const wrong = cells.filter((v, i) => !numberMatches(v, spec.cells[i], salt + "#" + i)).length;
      if (!wrong) return null;
      const noun = shape.length === 1 ? " entries " : " cells ";
      return "not yet: " + wrong + " of " + cells.length + noun + (wrong === 1 ? "is" : "are") +
        " wrong.";
    }
    const value = parseNumber(text);
    if (value === null) return "not yet: the answer should be " + kind + ".";
    if (numberMatches(value, spec, salt)) return null;
    return "not yet: " + text.trim() + " is not the answer.";
  }

  // One box: its form, its input and its verdict.
  function start(root) {
    if (root.dataset.started) return;
    root.dataset.started = "1";
    const spec = JSON.parse(root.dataset.check), id = root.dataset.pooltoolsCheck;
    const form = root.querySelector("form"), input = form.querySelector("input");
    const verdict = form.querySelector(".pt-verdict");
    function answer() {
      const problem = compare(input.value, spec.answer, spec.kind, spec.example, id);
      const ok = problem === null;
      verdict.textContent = (ok ? "✓ " : "✗ ") + id + ": " +
        (ok ? "right." : problem + " Hint: " + spec.hint);
      verdict.className = "pt-verdict " + (ok ? "pt-right" : "pt-wrong");
      root.dataset.ok = ok ? "1" : "0";
    }
    form.addEventListener("submit", event => {
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

  return { compare, start, sha256, parseNumber, parseNested };
})();
