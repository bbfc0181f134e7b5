"""The feature-map explorer's "Open a picture…" (issue 31), in the built book (chapter 2).

A reader opens a picture (the file control, the keyboard, or a drop); the page makes it
grayscale and square as ``compute.square_gray`` does and computes its edge response and
every pooled map itself: the numbers it draws (``data-picture``) are pooltools' on the
same input, within float32 rounding. A file that is not a picture is said in words and
changes nothing; "Back to the book's photograph" restores the photograph. With a picture
open, the page stays accessible (axe, AA contrast) in light and dark mode and fits a
390 px phone. A picture set on the widget's ``image`` in Python is drawn the same way.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from explorer_text import ROOTS, show, texts
from PIL import Image
from test_explorers_browser import set_controls
from test_pages_browser import OVERFLOW, PAGE_WIDTH, axe_violations, low_contrast

import pooltools
from booksite import HTML, open_page
from pooltools import explore
from pooltools.explore.compute import square_gray

pytestmark = pytest.mark.browser
CHAPTER = "chapters/02_max_pooling.html"
KERNELS = (2, 4, 8)
SHOTS = HTML.parent / "screenshots" / "features"


def picture(path, height, width, seed=0):
    """A PNG with vertical edges (bright and dark stripes) over noise; its RGB array."""
    rng = np.random.default_rng(seed)
    rgb = rng.integers(0, 80, (height, width, 3)).astype(np.uint8)
    rgb[:, (np.arange(width) // max(1, width // 9)) % 2 == 1] += 150
    Image.fromarray(rgb).save(path)
    return rgb


def numbers(root) -> dict:
    return json.loads(root.get_attribute("data-picture"))


def assert_like_pooltools(root, gray):
    """Every number the page drew, for every mode and kernel, is pooltools'."""
    response = np.maximum(explore.vertical_edges(gray), 0)
    shown = numbers(root)
    # the page rounds to 6 decimals; float32 differs in the 7th digit of values up to 4
    np.testing.assert_allclose(shown["input"], gray, rtol=0, atol=1e-6)
    np.testing.assert_allclose(shown["response"], response, rtol=0, atol=2e-6)
    for mode, pool in (("max", pooltools.max_pool2d), ("avg", pooltools.avg_pool2d)):
        for k in KERNELS:
            set_controls(root, mode=mode, kernel=k)
            shown = numbers(root)
            assert (shown["mode"], shown["kernel_size"]) == (mode, k)
            expected = pool(response[None], k)[0]
            np.testing.assert_allclose(shown["pooled"], expected, rtol=0, atol=2e-6)
            assert json.loads(root.get_attribute("data-output")) == list(expected.shape)
            images = root.locator(".pt-view img")
            assert images.count() == 3
            for i in range(3):
                assert images.nth(i).evaluate("i => i.complete && i.naturalWidth > 0")
                assert images.nth(i).get_attribute("alt")


@pytest.fixture
def chapter(browser, base_url):
    page, problems = open_page(browser, base_url + CHAPTER)
    yield page, page.locator("[data-pooltools-explorer=features]")
    page.close()
    assert not problems, "\n".join(problems)


def book_view(root) -> tuple[str, str, str | None]:
    return (
        root.locator(".pt-view").inner_html(),
        root.get_attribute("data-output"),
        root.get_attribute("data-picture"),
    )


# (height, width): averaged over 3x3 blocks; a square taken as it is; enlarged
@pytest.mark.parametrize(("height", "width"), [(410, 397), (128, 200), (90, 70)])
def test_an_opened_picture_is_pooled_exactly_as_pooltools_pools_it(
    chapter, tmp_path, height, width
):
    page, root = chapter
    book = book_view(root)
    rgb = picture(tmp_path / "mine.png", height, width)
    root.get_by_label("Open a picture…").set_input_files(tmp_path / "mine.png")
    page.wait_for_selector("[data-pooltools-explorer=features][data-picture]")
    assert_like_pooltools(root, square_gray(rgb, 128))
    said = root.locator(".pt-picture-said").inner_text()
    side = min(height, width) // 128 * 128 or min(height, width)
    assert said.startswith(
        f"Showing “mine.png” ({width}×{height} pixels): its centred {side}×{side}"
    )
    assert said.endswith("in grayscale.")
    # back to the book's photograph: the view it had, with its own controls' settings
    set_controls(root, mode="max", kernel=2)
    root.get_by_role("button", name="Back to the book's photograph").click()
    assert book_view(root) == book
    assert root.locator("[data-picture=back]").is_hidden()
    assert root.locator(".pt-picture-said").inner_text() == ""


def test_the_page_says_nothing_is_uploaded(chapter):
    _, root = chapter
    note = root.locator(".pt-picture-note").inner_text()
    assert note == (
        "Or drop one on the explorer. Nothing is uploaded: the picture stays in your browser."
    )


@pytest.mark.parametrize(
    ("name", "content", "mime", "words"),
    [
        (
            "notes.txt",
            b"not a picture",
            "text/plain",
            "“notes.txt” is not a picture (its type is text/plain): open a PNG, JPEG, GIF or "
            "WebP file.",
        ),
        (
            "broken.png",
            b"\x89PNG\r\n\x1a\n but not one",
            "image/png",
            "“broken.png” could not be read as a picture: the browser cannot decode it. Open a "
            "PNG, JPEG, GIF or WebP file.",
        ),
    ],
)
def test_a_file_that_is_no_picture_is_said_and_changes_nothing(
    chapter, tmp_path, name, content, mime, words
):
    page, root = chapter
    before = book_view(root)
    root.get_by_label("Open a picture…").set_input_files(
        {"name": name, "mimeType": mime, "buffer": content}
    )
    error = root.locator(".pt-picture-error")
    error.wait_for(state="visible")
    assert error.get_attribute("role") == "alert"
    assert error.inner_text() == (
        words + " Nothing changed: the explorer still shows the book's photograph."
    )
    assert book_view(root) == before
    # after a picture, the same file leaves that picture
    picture(tmp_path / "mine.png", 160, 160)
    root.get_by_label("Open a picture…").set_input_files(tmp_path / "mine.png")
    page.wait_for_selector("[data-pooltools-explorer=features][data-picture]")
    assert error.inner_text() == ""
    shown = book_view(root)
    root.get_by_label("Open a picture…").set_input_files(
        {"name": name, "mimeType": mime, "buffer": content}
    )
    error.wait_for(state="visible")
    assert error.inner_text().endswith("the explorer still shows the picture from before.")
    assert book_view(root) == shown


def test_a_picture_opens_and_closes_from_the_keyboard(chapter, tmp_path):
    page, root = chapter
    rgb = picture(tmp_path / "keys.png", 256, 300)
    root.locator("[name=kernel]").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.type, document.activeElement.labels[0].textContent]"
    )
    assert focused == ["file", "Open a picture…"]  # a native file input, its label its name
    # Enter and Space activate it (the browser's file chooser, which a test cannot answer
    # reliably: the activation is caught, and the file given as the chooser would give it)
    root.get_by_label("Open a picture…").evaluate(
        "i => i.addEventListener('click', e => { e.preventDefault(); i.dataset.activated ="
        " (+i.dataset.activated || 0) + 1; })"
    )
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert root.get_by_label("Open a picture…").get_attribute("data-activated") == "2"
    root.get_by_label("Open a picture…").set_input_files(tmp_path / "keys.png")
    page.wait_for_selector("[data-pooltools-explorer=features][data-picture]")
    assert_like_pooltools(root, square_gray(rgb, 128))
    # the accessible tree names both controls
    tree = root.locator(".pt-picture").aria_snapshot()
    assert 'button "Open a picture…"' in tree
    assert 'button "Back to the book\'s photograph"' in tree
    root.get_by_label("Open a picture…").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Back: the photograph, and the focus on the file control
    page.wait_for_function(
        "() => !document.querySelector('[data-pooltools-explorer=features][data-picture]')"
    )
    assert page.evaluate("() => document.activeElement.type") == "file"


def test_a_picture_dropped_on_the_explorer_opens(chapter, tmp_path):
    page, root = chapter
    rgb = picture(tmp_path / "dropped.png", 300, 260)
    data = list((tmp_path / "dropped.png").read_bytes())
    root.evaluate(
        """(root, bytes) => {
          const dt = new DataTransfer();
          dt.items.add(new File([new Uint8Array(bytes)], "dropped.png", {type: "image/png"}));
          const view = root.querySelector(".pt-view");
          for (const type of ["dragenter", "dragover", "drop"]) {
            const options = {dataTransfer: dt, bubbles: true, cancelable: true};
            view.dispatchEvent(new DragEvent(type, options));
          }
        }""",
        data,
    )
    page.wait_for_selector("[data-pooltools-explorer=features][data-picture]")
    assert_like_pooltools(root, square_gray(rgb, 128))
    assert "pt-dropping" not in root.get_attribute("class")


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_an_opened_picture_is_accessible_in_light_and_dark_mode(browser, base_url, tmp_path, mode):
    page, problems = open_page(browser, base_url + CHAPTER, mode)
    try:
        root = page.locator("[data-pooltools-explorer=features]")
        picture(tmp_path / "mine.png", 300, 400)
        root.get_by_label("Open a picture…").set_input_files(tmp_path / "mine.png")
        page.wait_for_selector("[data-pooltools-explorer=features][data-picture]")
        root.get_by_label("Open a picture…").set_input_files(
            {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"x"}
        )
        root.locator(".pt-picture-error").wait_for(state="visible")
        SHOTS.mkdir(parents=True, exist_ok=True)
        root.screenshot(path=SHOTS / f"opened-{mode}.png")
        found = [f"{v['id']}: {v['help']} {v['nodes']}" for v in axe_violations(page)]
        found += low_contrast(page)
    finally:
        page.context.close()
    assert not found + problems, "\n".join(found + problems)


def test_an_opened_picture_fits_a_phone(browser, base_url, tmp_path):
    page, problems = open_page(browser, base_url + CHAPTER, "light", {"width": 390, "height": 844})
    try:
        root = page.locator("[data-pooltools-explorer=features]")
        picture(tmp_path / "a-picture-with-a-long-file-name.png", 300, 400)
        root.get_by_label("Open a picture…").set_input_files(
            tmp_path / "a-picture-with-a-long-file-name.png"
        )
        page.wait_for_selector("[data-pooltools-explorer=features][data-picture]")
        SHOTS.mkdir(parents=True, exist_ok=True)  # the card alone, not the theme's bars over it
        box = root.bounding_box()
        box["y"] += page.evaluate("scrollY")
        page.screenshot(path=SHOTS / "opened-phone.png", full_page=True, clip=box)
        width, screen, wide = page.evaluate(PAGE_WIDTH)
        found = [f"{width} px wide on a {screen} px screen: {wide}"] if width > screen else []
        found += page.evaluate(OVERFLOW, ROOTS)
        small = [r for r in texts(page) if r["px"] < 11]
        found += [f"texts under 11 px:\n{show(small)}"] if small else []
    finally:
        page.context.close()
    assert not found + problems, "\n".join(found + problems)


def test_a_picture_set_from_python_is_drawn_and_pooled_by_the_page(blank_page, rng):
    widget = explore.feature_maps()
    gray = rng.random((60, 80)).astype(np.float32)
    widget.image, widget.mode, widget.kernel_size = gray.tolist(), "avg", 4
    blank_page.set_content(widget._repr_html_())
    blank_page.wait_for_selector("[data-pooltools-explorer][data-picture]")
    root = blank_page.locator("[data-pooltools-explorer]")
    shown = numbers(root)
    np.testing.assert_allclose(shown["pooled"], widget.pooled, rtol=0, atol=2e-6)
    assert json.loads(root.get_attribute("data-output")) == widget.output == [14, 19]
    assert root.locator(".pt-picture-said").inner_text() == (
        "Showing a picture set from Python, 60×80."
    )
    # one Python could not make: the rule, in words, and no view
    widget.image = [[0.5] * 9] * 9
    assert "must be a 2-D grid with sides from 10 to 1024" in widget.error
    blank_page.set_content(widget._repr_html_())
    blank_page.wait_for_selector("[data-pooltools-explorer][data-output]")
    root = blank_page.locator("[data-pooltools-explorer]")
    assert root.locator(".pt-error").inner_text() == (
        "The picture set from Python is 9×9: its sides must be from 10 to 1024 pixels, so "
        "that the 8×8 window fits in its edge response."
    )
    assert root.get_attribute("data-output") == "null"
