// Numbers and text as the explorers write them: values, HTML escapes, lists of
// words, the rows or columns a window reads, and a grid as an HTML table.

function fmt(v) {
  if (v === -Infinity) return "−∞";
  if (Number.isInteger(v)) return String(v);
  return (Math.round(v * 100) / 100).toString();
}

function esc(text) {
  return String(text).replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]);
}

const list = items => items.length < 2 ? items.join("") : items.slice(0, -1).join(", ") + " and " + items[items.length - 1];

// "2–4" or "0, 2 and 4": the rows or columns a window reads.
function span(first, k, d) {
  const at = Array.from({ length: k }, (_, a) => fmt(first + a * d).replace("-", "−"));
  if (k === 1) return at[0];
  if (d > 1) return at.slice(0, -1).join(", ") + " and " + at[k - 1];
  return at[0] + (first < 0 ? " to " : "–") + at[k - 1];
}

// A grid as a table; a cell is {cls, text, title, attrs}; attrs (a string) go on the table.
function table(caption, rows, attrs) {
  return "<table" + (attrs ? " " + attrs : "") + "><caption>" + caption + "</caption>" + rows.map(cells =>
    "<tr>" + cells.map(c => "<td class=\"" + (c.cls || "") + "\"" +
      (c.title ? " title=\"" + c.title + "\"" : "") + (c.attrs ? " " + c.attrs : "") + ">" + c.text +
      "</td>").join("") + "</tr>"
  ).join("") + "</table>";
}

// The rule a select breaks when Python set it to what it does not offer, in the
// reader's words: "Signal must be one of a, b or c, not “d”."
function oneOf(label, value, choices) {
  const options = choices.map(c => "“" + c + "”");
  return label + " must be one of " + (options.length < 2 ? options.join("")
    : options.slice(0, -1).join(", ") + " or " + options[options.length - 1]) + ", not “" + value + "”.";
}

export { fmt, esc, list, span, table, oneOf };
