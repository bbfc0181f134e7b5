// Feature maps (chapter 2): a photograph, an edge filter's response, and that response
// max or average pooled. The book's photograph comes computed by pooltools in Python, as
// PNGs in the model's config. A picture the reader opens ("Open a picture…", or dropped
// on the explorer) is read in the page and never uploaded: made grayscale and square
// (squareGray), set on the model's `image` (in a notebook Python then recomputes with
// pooltools), and its edge response and pooled maps computed here as pooltools computes
// them (edgeResponse, and pool2d from geometry.js). An ES module (see assets.py).
import { oneOf, esc } from "./format.js";
import { pool2d } from "./geometry.js";
import { register, widget } from "./controls.js";

const MAX_SIDE = 1024;  // compute.FEATURE_MAX_SIDE: the largest side Python's explorer takes
const f32 = Math.fround;  // a float32, as NumPy computes the picture

// A picture's RGBA pixels (W x H, drawn over white) as the explorer's grayscale grid,
// size x size, exactly as pooltools.explore.compute.square_gray makes it: the mean of R,
// G and B over 255 (in float32, as NumPy computes it); the centred square of side
// factor * size, factor = shorter side // size, averaged over factor x factor blocks;
// a picture under `size` on its shorter side: its centred square, enlarged by repeating
// pixels (cell (i, j) takes pixel (i * side // size, j * side // size) of the square).
function squareGray(rgba, W, H, size) {
  const short = Math.min(W, H), factor = Math.floor(short / size);
  const side = factor ? factor * size : short;
  const top = Math.floor((H - side) / 2), left = Math.floor((W - side) / 2);
  const gray = (r, c) => {
    const i = ((top + r) * W + left + c) * 4;
    return f32(f32((rgba[i] + rgba[i + 1] + rgba[i + 2]) / 3) / 255);
  };
  const grid = [];
  for (let i = 0; i < size; i++) {
    const row = [];
    for (let j = 0; j < size; j++) {
      if (!factor) {
        row.push(gray(Math.floor(i * side / size), Math.floor(j * side / size)));
        continue;
      }
      let sum = 0;
      for (let a = 0; a < factor; a++) for (let b = 0; b < factor; b++) sum += gray(i * factor + a, j * factor + b);
      row.push(f32(sum / (factor * factor)));
    }
    grid.push(row);
  }
  return { grid, factor, side };
}

// relu of the 3x3 Sobel filter for vertical edges, a valid convolution (no padding):
// pooltools.explore.vertical_edges, kernel [[1, 0, -1], [2, 0, -2], [1, 0, -1]].
const SOBEL = [[1, 0, -1], [2, 0, -2], [1, 0, -1]];
function edgeResponse(x) {
  const h = x.length - 2, w = x[0].length - 2, out = [];
  for (let i = 0; i < h; i++) {
    const row = [];
    for (let j = 0; j < w; j++) {
      let v = 0;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) v += SOBEL[a][b] * x[i + a][j + b];
      row.push(Math.max(f32(v), 0));
    }
    out.push(row);
  }
  return out;
}

// NumPy's percentile (linear interpolation between the nearest ranks).
function percentile(grid, q) {
  const v = grid.flat().sort((a, b) => a - b), at = q / 100 * (v.length - 1), lo = Math.floor(at);
  return lo + 1 < v.length ? v[lo] + (v[lo + 1] - v[lo]) * (at - lo) : v[lo];
}

// A grid as a PNG data URL, coloured as matplotlib's imsave colours it (vmin 0, vmax, the
// colour map's 256 colours from config.colours).
function png(grid, colours, vmax) {
  const h = grid.length, w = grid[0].length, canvas = document.createElement("canvas");
  canvas.width = w;
  canvas.height = h;
  const context = canvas.getContext("2d"), image = context.createImageData(w, h);
  const rgb = colours.map(c => [1, 3, 5].map(i => parseInt(c.slice(i, i + 2), 16)));
  const top = vmax || 1;
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const n = Math.min(255, Math.max(0, Math.floor(grid[i][j] / top * 256))), p = (i * w + j) * 4;
      [image.data[p], image.data[p + 1], image.data[p + 2]] = rgb[n];
      image.data[p + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
  return canvas.toDataURL("image/png");
}

// The rule a picture set from Python breaks, in the reader's words, or null.
function pictureProblem(image, kernels) {
  const least = Math.max(...kernels) + 2;
  if (!Array.isArray(image) || !image.every(r => Array.isArray(r) && r.length === image[0].length)) {
    return "The picture set from Python must be a grid whose rows are all one length.";
  }
  const h = image.length, w = image[0].length;
  if (Math.min(h, w) < least || Math.max(h, w) > MAX_SIDE) {
    return "The picture set from Python is " + h + "×" + w + ": its sides must be from " + least + " to " +
      MAX_SIDE + " pixels, so that the " + Math.max(...kernels) + "×" + Math.max(...kernels) +
      " window fits in its edge response.";
  }
  if (!image.every(r => r.every(v => typeof v === "number" && Number.isFinite(v)))) {
    return "The picture set from Python must hold finite numbers only.";
  }
  return null;
}

// What the page computes for a picture (once per picture; its pooled maps once each).
const rounded = grid => JSON.stringify(grid.map(r => r.map(v => Math.round(v * 1e6) / 1e6)));
const computed = new WeakMap();
function maps(image, config) {
  let m = computed.get(image);
  if (m) return m;
  const response = edgeResponse(image), bright = percentile(response, 99) || 1;
  const peak = Math.max(...image.map(r => Math.max(...r)));
  m = {
    response, bright, pooled: {},
    input: png(image, config.colours.gray, peak), edges: png(response, config.colours.cividis, bright),
    json: '"input":' + rounded(image) + ',"response":' + rounded(response),
  };
  computed.set(image, m);
  return m;
}

const figure = (src, alt, caption) =>
  "<figure><img alt=\"" + esc(alt) + "\" src=\"" + src + "\"><figcaption>" + esc(caption) + "</figcaption></figure>";

function featureMaps(root, config, get) {
  const mode = get("mode"), k = get("kernel_size"), key = mode + "-" + k, image = get("image");
  const view = config.views[key];
  if (!view) return { error: oneOf("Kernel = stride", k, config.kernels.map(String)), invalid: "kernel_size" };
  if (!image || !image.length) {  // the explorer's own picture, drawn by pooltools
    delete root.dataset.picture;
    return {
      output: view.shape,
      status: view.caption + ".",
      html: "<div class=\"pt-grids\">" + config.stages.map(s => figure(s.src, s.alt, s.caption)).join("") +
        figure(view.src, view.alt, view.caption) + "</div>",
    };
  }
  const broken = pictureProblem(image, config.kernels);
  if (broken) {
    delete root.dataset.picture;
    return { error: broken, invalid: null };
  }
  const m = maps(image, config);
  if (!m.pooled[key]) {
    const out = pool2d(m.response, mode, k, k, 0, 1, false, true).out;
    m.pooled[key] = { out, src: png(out, config.colours.cividis, m.bright) };
  }
  const { out, src } = m.pooled[key], r = m.response;
  const caption = mode + " pooled, kernel " + k + ": " + out.length + "×" + out[0].length;
  // the numbers the page drew, for tests and the curious: rounded to 6 decimals
  root.dataset.picture = "{\"mode\":\"" + mode + "\",\"kernel_size\":" + k + "," + m.json +
    ",\"pooled\":" + rounded(out) + "}";
  return {
    output: [out.length, out[0].length],
    status: caption + ".",
    html: "<div class=\"pt-grids\">" +
      figure(m.input, "your picture, in grayscale", "input " + image.length + "×" + image[0].length) +
      figure(m.edges, "its vertical-edge response, bright where edges are", "edge response " + r.length + "×" + r[0].length) +
      figure(src, "the edge response " + mode + " pooled with " + k + "×" + k + " windows", caption) + "</div>",
  };
}

// ---- "Open a picture…": a file control, drag and drop, and the way back ----

const FORMATS = "a PNG, JPEG, GIF or WebP file";

// The file as the explorer's grid, or a thrown Error whose message is the reader's.
async function readPicture(file, size) {
  const name = "“" + file.name + "”";
  if (file.type && !file.type.startsWith("image/")) {
    throw new Error(name + " is not a picture (its type is " + file.type + "): open " + FORMATS + ".");
  }
  let bitmap;
  try {  // the pixels as stored, as Python reads them (no colour management)
    bitmap = await createImageBitmap(file, { colorSpaceConversion: "none", premultiplyAlpha: "none" });
  } catch (e) {
    throw new Error(name + " could not be read as a picture: the browser cannot decode it. Open " + FORMATS + ".");
  }
  const W = bitmap.width, H = bitmap.height;
  let rgba;
  try {
    const canvas = document.createElement("canvas");
    canvas.width = W;
    canvas.height = H;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.fillStyle = "#fff";  // transparent parts count as white
    context.fillRect(0, 0, W, H);
    context.drawImage(bitmap, 0, 0);
    rgba = context.getImageData(0, 0, W, H).data;
  } catch (e) {
    throw new Error(name + " (" + W + "×" + H + " pixels) is too large for the page to read: open a smaller picture.");
  } finally {
    bitmap.close();
  }
  const { grid, factor, side } = squareGray(rgba, W, H, size);
  const how = factor > 1 ? "averaged over " + factor + "×" + factor + " blocks to " + size + "×" + size
    : factor === 1 ? size + "×" + size : "enlarged to " + size + "×" + size + " by repeating pixels";
  return {
    grid,
    said: "Showing " + name + " (" + W + "×" + H + " pixels): its centred " + side + "×" + side + " square" +
      (factor === 1 ? "" : ", " + how) + ", in grayscale.",
  };
}

// The controls for the reader's own picture, put under the explorer's other controls
// (controls.js's widget calls it once the explorer is drawn; it returns the clean-up).
function attachPicture(root, model) {
  const config = model.get("config") || {}, size = config.size || 128, original = config.original || "the original picture";
  const box = document.createElement("div");
  box.className = "pt-picture";
  box.innerHTML =
    "<label class=\"pt-file\"><input type=\"file\" accept=\"image/*\">Open a picture…</label>" +
    "<button type=\"button\" data-picture=\"back\" hidden>Back to " + esc(original) + "</button>" +
    "<p class=\"pt-picture-note\">Or drop one on the explorer. Nothing is uploaded: the picture stays in your browser.</p>" +
    "<p class=\"pt-picture-said\" aria-live=\"polite\"></p>" +
    "<div class=\"pt-picture-error\" role=\"alert\"></div>";
  root.querySelector(".pt-controls").appendChild(box);
  const input = box.querySelector("input"), back = box.querySelector("[data-picture=back]");
  const said = box.querySelector(".pt-picture-said"), error = box.querySelector(".pt-picture-error");
  let opened = null;  // the image this page opened, and what it says about it

  function follow() {  // the picture shown changed (here, or from Python)
    const image = model.get("image"), own = !image || !image.length;
    back.hidden = own;
    said.textContent = own ? "" : opened && opened.grid === image ? opened.said
      : "Showing a picture set from Python, " + image.length + "×" + (image[0] || []).length + ".";
  }
  async function open(file) {
    if (!file) return;
    root.classList.add("pt-reading");
    try {
      opened = await readPicture(file, size);
    } catch (e) {
      const image = model.get("image");
      error.textContent = e.message + " Nothing changed: the explorer still shows " +
        (image && image.length ? "the picture from before." : original + ".");
      return;
    } finally {
      root.classList.remove("pt-reading");
      input.value = "";  // the same file, chosen again, opens again
    }
    error.textContent = "";
    model.set("image", opened.grid);
    model.save_changes();
    follow();
  }
  input.addEventListener("change", () => open(input.files[0]));
  back.addEventListener("click", () => {
    error.textContent = "";
    model.set("image", []);
    model.save_changes();
    follow();
    input.focus();  // the button has gone: the keyboard goes on from the file control
  });

  // drag and drop onto the explorer: only files; the card shows where they will land
  const files = e => e.dataTransfer && [...e.dataTransfer.types].includes("Files");
  const over = e => {
    if (!files(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
    root.classList.add("pt-dropping");
  };
  const leave = e => { if (!root.contains(e.relatedTarget)) root.classList.remove("pt-dropping"); };
  const drop = e => {
    if (!files(e)) return;
    e.preventDefault();
    root.classList.remove("pt-dropping");
    open(e.dataTransfer.files[0]);
  };
  root.addEventListener("dragenter", over);
  root.addEventListener("dragover", over);
  root.addEventListener("dragleave", leave);
  root.addEventListener("drop", drop);
  // mount() draws the view again when image changes; the controls here follow it
  model.on("change:image", follow);
  follow();
  return () => { model.off("change:image", follow); box.remove(); };
}

register("features", featureMaps);
export default widget("features", [
  { name: "mode", trait: "mode", type: "select", label: "pooling", options: ["max", "avg"] },
  {
    name: "kernel", trait: "kernel_size", type: "select", label: "kernel = stride", numeric: true,
    options: model => model.get("config").kernels.map(String),
  },
], attachPicture);
