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
