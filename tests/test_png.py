"""helpers.png: the frames LiveFigure sends are valid PNGs, exact or within the palette's error."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from helpers.png import png_exact, png_palette


def _decode(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


def _figure_pixels() -> np.ndarray:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3), dpi=96)
    ax = fig.subplots()
    x = np.linspace(-3, 3, 400)
    ax.fill_between(x, np.exp(-x**2), alpha=0.3)
    ax.plot(x, np.exp(-((x - 1) ** 2)), lw=3)
    ax.set_title("KL(P‖Q) = 0.551 nats")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def test_exact_round_trip_rgb_and_rgba():
    pixels = _figure_pixels()
    assert np.array_equal(_decode(png_exact(pixels)), pixels)
    pixels[0, 0, 3] = 0  # one transparent pixel: RGBA is kept
    assert np.array_equal(_decode(png_exact(pixels)), pixels)


def test_palette_is_close_and_smaller():
    pixels = _figure_pixels()
    palette, exact = png_palette(pixels), png_exact(pixels)
    assert Image.open(io.BytesIO(palette)).mode == "P"
    assert len(palette) < len(exact)
    error = np.abs(_decode(palette).astype(int) - pixels.astype(int))
    assert error.max() <= 24 and error.mean() < 2


def test_palette_keeps_transparency_by_falling_back_to_exact():
    pixels = _figure_pixels()
    pixels[:5, :5, 3] = 0
    assert np.array_equal(_decode(png_palette(pixels)), pixels)


@pytest.mark.parametrize(
    "bad, message",
    [
        (np.zeros((2, 2, 3), np.uint8), "RGBA"),
        (np.zeros((2, 2, 4), np.float64), "uint8"),
        (np.zeros((0, 2, 4), np.uint8), "empty"),
    ],
)
def test_bad_pixels_are_rejected(bad, message):
    for encode in (png_exact, png_palette):
        with pytest.raises(ValueError, match=message):
            encode(bad)
    with pytest.raises(ValueError, match="colors"):
        png_palette(np.zeros((2, 2, 4), np.uint8), colors=1)


def _frames(count: int = 6):
    """Frames of a figure whose curve and title move, as a slider would move them."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3), dpi=96)
    ax = fig.subplots()
    x = np.linspace(-3, 3, 400)
    ax.fill_between(x, np.exp(-x**2), alpha=0.3)
    (line,) = ax.plot(x, x, lw=3)
    title = ax.set_title("")
    ax.set_ylim(0, 1.1)
    canvas = FigureCanvasAgg(fig)
    for k in range(count):
        line.set_ydata(np.exp(-((x - k / 4) ** 2)))
        title.set_text(f"shift {k / 4:.2f}")
        canvas.draw()
        yield np.asarray(canvas.buffer_rgba()).copy()


def test_encoder_frames_equal_mapping_each_whole_frame_onto_its_palette():
    from helpers.png import PaletteEncoder

    encoder = PaletteEncoder()
    for k, pixels in enumerate(_frames()):
        png = encoder.encode(pixels, new_palette=k == 0)
        whole = Image.frombuffer("RGBA", pixels.shape[1::-1], pixels, "raw", "RGBA", 0, 1)
        reference = whole.convert("RGB").quantize(palette=encoder._palette, dither=0)
        assert np.array_equal(_decode(png), np.asarray(reference.convert("RGBA"))), k
        assert np.abs(_decode(png).astype(int) - pixels.astype(int)).max() <= 48
    assert encoder.palettes == 1
    # the later frames compressed only the bands where the curve and the title moved
    bands = -(-pixels.shape[0] // encoder.BAND)
    assert bands < encoder.bands_compressed < 6 * bands


def test_encoder_returns_the_same_bytes_for_an_unchanged_frame():
    from helpers.png import PaletteEncoder

    encoder = PaletteEncoder()
    pixels = next(_frames(1))
    first = encoder.encode(pixels)
    compressed = encoder.bands_compressed
    assert encoder.encode(pixels.copy()) is first
    assert encoder.bands_compressed == compressed


def test_encoder_new_colours_and_transparency():
    from helpers.png import PaletteEncoder

    encoder = PaletteEncoder()
    pixels = next(_frames(1))
    encoder.encode(pixels)
    pixels[10:20, 10:20, :3] = (255, 0, 255)  # a colour the figure did not have
    png = encoder.encode(pixels)
    assert encoder.palettes == 2
    assert np.abs(_decode(png).astype(int) - pixels.astype(int)).max() <= 48
    pixels[0, 0, 3] = 0  # transparent: written exactly
    assert np.array_equal(_decode(encoder.encode(pixels)), pixels)
    pixels[0, 0, 3] = 255  # opaque again: a palette PNG again
    assert Image.open(io.BytesIO(encoder.encode(pixels))).mode == "P"
