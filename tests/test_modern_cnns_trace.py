"""architecture_trace (chapter 9): it checks the traced data it is given, computes the
total strides, and names the architecture, the step, the field and the rule it breaks."""

from __future__ import annotations

import copy
import json
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


def test_the_html_selects_the_architecture_and_carries_its_script():
    page = architecture_trace(TOY, architecture="other")._repr_html_()
    assert 'data-pooltools-explorer="trace"' in page
    assert '<option value="other" selected>' in page
    assert 'pooltoolsJS.register("trace"' in page
    for control in ('name="cell"', 'data-step="next"', 'data-step="prev"'):
        assert control in page
    assert json.loads(json.dumps(architecture_trace(TOY).config)) == architecture_trace(TOY).config


def test_the_script_ships_with_the_package():
    script = resources.files("pooltools").joinpath("explorer_trace.js").read_text()
    assert 'pooltoolsJS.register("trace"' in script


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
