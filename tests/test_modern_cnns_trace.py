"""architecture_trace (chapter 9): it checks the traced data it is given, computes the
total strides, and names the architecture, the step, the field and the rule it breaks."""

from __future__ import annotations

import copy
import json
import re
from importlib import resources

import pytest

from pooltools.explore import TRACE_KINDS, architecture_trace

TOY = {
    "toy": [
        {"layer": "input", "kind": "input", "shape": [3, 32, 32]},
        {"layer": "features.0", "kind": "strided conv", "shape": [8, 16, 16], "stride": 2},
        {"layer": "features.2", "kind": "pooling", "shape": [8, 7, 7], "stride": 2, "op": "max"},
        {"layer": "head.0", "kind": "global pooling", "shape": [8, 1, 1], "stride": None},
    ],
    "other": [
        {"layer": "input", "kind": "input", "shape": [1, 28, 28]},
        {"layer": "conv", "kind": "strided conv", "shape": [4, 7, 7], "stride": 4},
    ],
}


def test_total_strides_are_the_products_of_the_strides_so_far():
    explorer = architecture_trace(TOY)
    toy = explorer.config["architectures"]["toy"]
    assert [s["total_stride"] for s in toy] == [1, 2, 4, 4]  # global pooling has no stride
    assert [s["total_stride"] for s in explorer.config["architectures"]["other"]] == [1, 4]
    assert explorer.config["kinds"] == list(TRACE_KINDS)
    assert [s["op"] for s in toy] == ["", "", "max", ""]


def test_the_widget_selects_the_architecture_and_carries_its_module():
    explorer = architecture_trace(TOY, architecture="other")
    assert (explorer.architecture, explorer.step, explorer.error) == ("other", 0, "")
    assert 'register("trace"' in explorer._esm
    assert 'export default widget("trace"' in explorer._esm
    # the menu and the stepper keep the names the browser tests select them by
    assert 'name: "arch", trait: "architecture"' in explorer._esm
    assert 'name: "cell", trait: "step", type: "stepper"' in explorer._esm
    page = explorer._repr_mimebundle_()[0]["text/html"]
    assert "import(url)" in page  # the fallback imports the widget's own module
    state = json.loads(re.search(r"const state = (.*);\n", page).group(1))
    assert (state["architecture"], state["step"]) == ("other", 0)
    assert state["config"] == explorer.config
    assert json.loads(json.dumps(architecture_trace(TOY).config)) == architecture_trace(TOY).config


def test_stepping_gives_each_step_and_stays_inside_the_architecture():
    explorer = architecture_trace(TOY)
    for i, step in enumerate(explorer.config["architectures"]["toy"]):
        explorer.step = i  # as the stepper sets it
        assert explorer.output == {
            "architecture": "toy",
            "step": i,
            **{key: step[key] for key in ("layer", "kind", "shape", "total_stride")},
        }
    assert explorer.output["total_stride"] == 4
    explorer.architecture = "other"  # two steps: step 3 becomes the last, as on the page
    assert (explorer.step, explorer.output["layer"], explorer.error) == (1, "conv", "")
    explorer.step = 9
    assert explorer.step == 1
    explorer.step = -1
    assert explorer.step == 0


def test_an_unknown_architecture_set_from_python_gives_the_rule():
    explorer = architecture_trace(TOY)
    explorer.architecture = "VGG"
    assert explorer.output is None
    rule = "architecture='VGG' must be one of ['toy', 'other']"
    assert explorer.error == f"architecture_trace: {rule}"
    explorer.architecture = "other"
    assert (explorer.error, explorer.output["layer"]) == ("", "input")


def test_the_script_ships_with_the_package():
    script = resources.files("pooltools.explore").joinpath("js/explorer_trace.js").read_text()
    assert 'register("trace"' in script
    assert 'export default widget("trace"' in script


def broken(name, index, **changes):
    traces = copy.deepcopy(TOY)
    traces[name][index].update(changes)
    return traces


@pytest.mark.parametrize(
    ("traces", "message"),
    [
        ({}, "must be a dict of 1 to 12 architectures"),
        ([("toy", TOY["toy"])], "must be a dict of 1 to 12 architectures"),
        ({"<b>": TOY["toy"]}, "must be plain, non-empty text"),
        ({"toy": []}, "must be a list of 1 to 64 steps"),
        ({"toy": TOY["toy"][1:]}, "the first step, and only it, is the input"),
        (broken("toy", 1, kind="input"), "the first step, and only it, is the input"),
        (broken("toy", 1, kind="dilated conv"), "kind='dilated conv' must be one of"),
        (broken("toy", 1, layer=""), "layer='' must be a non-empty string"),
        (broken("toy", 1, shape=[8, 16]), "must be [C, H, W] of positive ints"),
        (broken("toy", 1, shape=[8, 0, 16]), "must be [C, H, W] of positive ints"),
        (broken("toy", 1, shape=[8, 16.0, 16]), "must be [C, H, W] of positive ints"),
        (broken("toy", 1, shape=[True, 16, 16]), "must be [C, H, W] of positive ints"),
        (broken("toy", 1, stride=1), "stride=1 must be an int of at least 2"),
        (broken("toy", 2, stride=None), "stride=None must be an int of at least 2"),
        (broken("toy", 3, stride=7), "stride=7 must be None for kind 'global pooling'"),
        (broken("toy", 3, shape=[8, 2, 2]), "must be 1×1 after global pooling"),
        (broken("toy", 2, shape=[8, 17, 16]), "must not be larger than the step before"),
    ],
)
def test_broken_traces_are_refused_with_the_rule(traces, message):
    with pytest.raises(ValueError, match="architecture_trace") as info:
        architecture_trace(traces)
    assert message in str(info.value)


def test_global_pooling_must_come_last():
    traces = copy.deepcopy(TOY)
    traces["toy"] = traces["toy"][:1] + traces["toy"][3:] + traces["toy"][1:2]
    with pytest.raises(ValueError, match="global pooling must be the last step"):
        architecture_trace(traces)


def test_a_step_that_is_not_a_dict_is_a_type_error():
    with pytest.raises(TypeError, match=r"traces\['toy'\]\[1\] must be a dict, got list"):
        architecture_trace({"toy": [TOY["toy"][0], ["features.0", "pooling"]]})


def test_an_unknown_architecture_is_named():
    with pytest.raises(ValueError, match=r"architecture='nope' must be one of \['toy', 'other'\]"):
        architecture_trace(TOY, architecture="nope")
