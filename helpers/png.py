"""PNG bytes of a figure's pixels, fast: what a LiveFigure sends to the browser on every change.

* :class:`PaletteEncoder` (live frames): palette PNGs of successive frames of one figure. The
  palette (at most 256 colours, Pillow's fast octree quantiser, no dithering) is chosen once and
  reused: mapping a frame onto a known palette takes ~0.6 ms for a ~1000 × 600 px figure,
  choosing a palette 5-15 ms. A sampled check makes a new palette when a frame strays from it
  (a colour that was not there before). With zlib level 1 a 06 frame is ~2 ms and ~45 KB (a
  lossless RGB PNG of it is 100-120 KB and takes ~6 ms).
* :func:`png_palette`: the same for one picture (the palette chosen for it).
* :func:`png_exact`: lossless RGB(A), no row filters, zlib level 1 with run-length matching.

All take an ``(height, width, 4)`` uint8 RGBA array such as
``numpy.asarray(canvas.buffer_rgba())``; transparent pictures are always written exactly.
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _check(pixels) -> np.ndarray:
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] != 4:
        raise ValueError(
            f"pixels must be an (height, width, 4) uint8 RGBA array, got {pixels.dtype} "
            f"of shape {pixels.shape}"
        )
    if pixels.shape[0] == 0 or pixels.shape[1] == 0:
        raise ValueError(f"pixels must not be empty, got shape {pixels.shape}")
    return pixels


def _rgb_image(pixels):
    from PIL import Image

    height, width = pixels.shape[:2]
    pixels = np.ascontiguousarray(pixels)
    return Image.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1).convert("RGB")


def _choose_palette(image, colors: int):
    from PIL import Image

    return image.quantize(colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def _save(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "png", compress_level=1)
    return out.getvalue()


def png_palette(pixels, colors: int = 256) -> bytes:
    """A palette PNG of an opaque RGBA image, with a palette of at most ``colors`` chosen for it.

    Quantised with Pillow's fast octree method, without dithering (dithering would make
    unchanged regions flicker from frame to frame), written at zlib level 1. A transparent
    image falls back to :func:`png_exact`, which keeps its alpha.

    >>> from PIL import Image
    >>> pixels = np.full((2, 3, 4), 255, np.uint8); pixels[0, 1, :3] = (0, 114, 178)
    >>> back = np.asarray(Image.open(io.BytesIO(png_palette(pixels))).convert("RGBA"))
    >>> np.array_equal(back, pixels)
    True
    """
    pixels = _check(pixels)
    _check_colors(colors)
    if (pixels[:, :, 3] != 255).any():
        return png_exact(pixels)
    return _save(_choose_palette(_rgb_image(pixels), colors))


def _check_colors(colors: int) -> None:
    if not 2 <= colors <= 256:
        raise ValueError(f"colors must be between 2 and 256, got {colors}")


class PaletteEncoder:
    """Palette PNGs of the successive frames of one figure, reusing one palette.

    Parameters
    ----------
    colors : int
        Palette size, 2 to 256.
    tolerance : int
        A new palette is chosen when, on every 4th row, some channel of the mapped frame is
        more than this many levels (of 255) away from the original: a colour the palette does
        not have. Antialiased blends of known colours stay well below it.

    Examples
    --------
    >>> from PIL import Image
    >>> encoder = PaletteEncoder()
    >>> frame = np.full((4, 5, 4), 255, np.uint8); frame[1, 2, :3] = (213, 94, 0)
    >>> _ = encoder.encode(frame); frame[0, 3, :3] = (0, 158, 115)   # a new colour appears
    >>> back = np.asarray(Image.open(io.BytesIO(encoder.encode(frame))).convert("RGBA"))
    >>> np.array_equal(back, frame), encoder.palettes
    (True, 2)
    """

    def __init__(self, colors: int = 256, tolerance: int = 48):
        _check_colors(colors)
        self.colors, self.tolerance = colors, tolerance
        self.palettes = 0  # how many palettes were chosen (for the tests and benchmarks)
        self._palette, self._lut, self._size = None, None, None

    def encode(self, pixels, new_palette: bool = False) -> bytes:
        """PNG bytes of ``pixels``; ``new_palette`` forces a fresh palette for this frame."""
        from PIL import Image

        pixels = _check(pixels)
        if (pixels[:, :, 3] != 255).any():
            return png_exact(pixels)
        image = _rgb_image(pixels)
        if new_palette or self._palette is None or image.size != self._size:
            return _save(self._new_palette(image))
        mapped = image.quantize(palette=self._palette, dither=Image.Dither.NONE)
        sample = np.asarray(mapped)[::4]
        error = np.abs(self._lut[sample].astype(np.int16) - pixels[::4, :, :3]).max()
        if error > self.tolerance:
            mapped = self._new_palette(image)
        return _save(mapped)

    def _new_palette(self, image):
        chosen = _choose_palette(image, self.colors)
        self._palette, self._size = chosen, image.size
        entries = np.zeros((256, 3), np.uint8)
        palette = np.asarray(chosen.getpalette("RGB"), np.uint8).reshape(-1, 3)
        entries[: len(palette)] = palette
        self._lut = entries
        self.palettes += 1
        return chosen


def png_exact(pixels) -> bytes:
    """A lossless PNG: RGB when every pixel is opaque, else RGBA; no filters, zlib level 1.

    >>> from PIL import Image
    >>> pixels = np.zeros((3, 4, 4), np.uint8); pixels[1, 2] = (10, 20, 30, 255)
    >>> np.array_equal(np.asarray(Image.open(io.BytesIO(png_exact(pixels)))), pixels)
    True
    """
    pixels = _check(pixels)
    opaque = bool((pixels[:, :, 3] == 255).all())
    if opaque:
        pixels, color_type = pixels[:, :, :3], 2  # 8-bit RGB
    else:
        color_type = 6  # 8-bit RGBA
    height, width, channels = pixels.shape
    rows = np.zeros((height, 1 + channels * width), np.uint8)  # filter type 0, then pixels
    rows[:, 1:] = pixels.reshape(height, channels * width)
    packer = zlib.compressobj(1, zlib.DEFLATED, 15, 9, zlib.Z_RLE)
    body = packer.compress(rows.tobytes()) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
