"""PNG bytes of a figure's pixels, fast: what a LiveFigure sends to the browser on every change.

Two encoders:

* :func:`png_palette` (the default for live frames, and what a kernel-free page wants):
  at most 256 colours chosen by Pillow's fast octree quantiser, no dithering, zlib level 1.
  A ~1000 × 600 px figure: ~5 ms and ~45 KB (a lossless RGB PNG of it is 100-120 KB), every
  channel within 15/255 of the original, antialiased text and curves included.
* :func:`png_exact`: lossless RGB(A), no row filters, zlib level 1 with run-length matching
  (about twice as fast as Pillow's own encoder at its fastest level).

Both take an ``(height, width, 4)`` uint8 RGBA array such as
``numpy.asarray(canvas.buffer_rgba())``.
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


def png_palette(pixels, colors: int = 256) -> bytes:
    """A palette PNG of an RGBA image with at most ``colors`` colours (opaque images only).

    Quantised with Pillow's fast octree method, without dithering (dithering would make
    unchanged regions flicker from frame to frame), written at zlib level 1. A transparent
    image falls back to :func:`png_exact`, which keeps its alpha.

    >>> from PIL import Image
    >>> pixels = np.full((2, 3, 4), 255, np.uint8); pixels[0, 1, :3] = (0, 114, 178)
    >>> back = np.asarray(Image.open(io.BytesIO(png_palette(pixels))).convert("RGBA"))
    >>> np.array_equal(back, pixels)
    True
    """
    from PIL import Image

    pixels = _check(pixels)
    if not 2 <= colors <= 256:
        raise ValueError(f"colors must be between 2 and 256, got {colors}")
    if (pixels[:, :, 3] != 255).any():
        return png_exact(pixels)
    rgb = Image.fromarray(np.ascontiguousarray(pixels[:, :, :3]))
    image = rgb.quantize(colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, "png", compress_level=1)
    return out.getvalue()


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
