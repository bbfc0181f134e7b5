// Feature maps (chapter 2): a photograph, an edge filter's response, and that response
// max or average pooled. Every picture was computed by pooltools in Python and travels in
// the model's config. An ES module (see bundle.py).
import { oneOf } from "./format.js";
import { register, widget } from "./controls.js";

function featureMaps(root, config, get) {
  const key = get("mode") + "-" + get("kernel_size");
  const view = config.views[key];
  if (!view) return { error: oneOf("Kernel = stride", get("kernel_size"), config.kernels.map(String)), invalid: "kernel_size" };
  return {
    output: view.shape,
    status: view.caption + ".",
    html: "<div class=\"pt-grids\">" + config.stages.map(stage =>
      "<figure><img alt=\"" + stage.alt + "\" src=\"" + stage.src + "\"><figcaption>" + stage.caption +
      "</figcaption></figure>").join("") +
      "<figure><img alt=\"" + view.alt + "\" src=\"" + view.src + "\"><figcaption>" + view.caption +
      "</figcaption></figure></div>",
  };
}

register("features", featureMaps);
export default widget("features", [
  { name: "mode", trait: "mode", type: "select", label: "pooling", options: ["max", "avg"] },
  {
    name: "kernel", trait: "kernel_size", type: "select", label: "kernel = stride", numeric: true,
    options: model => model.get("config").kernels.map(String),
  },
]);
