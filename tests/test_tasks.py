"""cluttered_digits: the harder task chapters 7 and 8 train on, made from scikit-learn's digits."""

import numpy as np
import pytest
from sklearn.datasets import load_digits

from pooltools.tasks import cluttered_digits

DIGITS = load_digits()


def test_same_seed_same_examples_other_seed_other_ones():
    a = cluttered_digits(DIGITS.images, DIGITS.target, 50, seed=3)
    b = cluttered_digits(DIGITS.images, DIGITS.target, 50, seed=3)
    c = cluttered_digits(DIGITS.images, DIGITS.target, 50, seed=4)
    assert np.array_equal(a[0], b[0])
    assert np.array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_each_example_holds_its_digit_whole_and_its_label():
    images, labels = DIGITS.images[:40], DIGITS.target[:40]
    x, y = cluttered_digits(images, labels, 200, canvas=16, clutter=3, seed=1)
    assert x.shape == (200, 1, 16, 16)
    assert x.dtype == np.float32
    assert y.dtype == np.int64
    assert x.min() >= 0
    assert x.max() <= 1
    scaled = images / images.max()
    for example, label in zip(x[:, 0], y):
        # somewhere on the canvas, an image of that label lies under the example (max only adds)
        found = any(
            np.all(example[r : r + 8, c : c + 8] >= scaled[k] - 1e-6)
            for k in np.flatnonzero(labels == label)
            for r in range(9)
            for c in range(9)
        )
        assert found, label


def test_no_clutter_is_the_digit_alone_and_clutter_adds_ink():
    plain, _ = cluttered_digits(DIGITS.images, DIGITS.target, 300, clutter=0, seed=2)
    busy, _ = cluttered_digits(DIGITS.images, DIGITS.target, 300, clutter=4, seed=2)
    ink = DIGITS.images / DIGITS.images.max()
    assert np.isclose(plain.sum(axis=(1, 2, 3)).mean(), ink.sum(axis=(1, 2)).mean(), rtol=0.1)
    assert busy.sum() > 1.2 * plain.sum()


def test_positions_cover_the_canvas():
    x, _ = cluttered_digits(DIGITS.images, DIGITS.target, 500, canvas=16, clutter=0, seed=5)
    columns = x[:, 0].sum(axis=1) > 0  # (examples, 16): which columns hold ink
    first = columns.argmax(axis=1)
    assert first.min() <= 1
    assert first.max() >= 7


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(images=np.zeros((3, 8))), "images must be 3-D"),
        (dict(images=-np.ones((3, 8, 8))), "non-negative"),
        (dict(labels=[1, 2]), "labels must have one entry per image"),
        (dict(count=0), "count must be an integer >= 1"),
        (dict(canvas=6), "canvas must be an integer >= 8"),
        (dict(clutter=-1), "clutter must be an integer >= 0"),
        (dict(piece=9), "piece must be an integer from 1 to 8"),
        (dict(spread=-1), "spread must be None or an integer >= 0"),
    ],
)
def test_bad_arguments_name_the_parameter_and_the_rule(kwargs, message):
    args = dict(images=np.ones((3, 8, 8)), labels=[0, 1, 2], count=2)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        cluttered_digits(args.pop("images"), args.pop("labels"), args.pop("count"), **args)


def test_spread_keeps_the_digit_near_the_centre():
    x, _ = cluttered_digits(DIGITS.images, DIGITS.target, 300, canvas=16, clutter=0, spread=0)
    assert not x[:, 0, :4].any()
    assert not x[:, 0, :, 12:].any()  # always rows and columns 4 to 11
    x, _ = cluttered_digits(DIGITS.images, DIGITS.target, 300, canvas=16, clutter=0, spread=2)
    assert not x[:, 0, :2].any()
    assert x[:, 0, 2].any()  # from 2 to 6 pixels down: both ends are reached
