"""The app icons (PNG), drawn from the favicon's shapes: run `python -m site_build.icons` after
changing the favicon, and commit the files it writes to overrides/assets/images/.

The favicon (a 24-unit square) is a rounded indigo square with a check mark cut out. PNGs are
written with zlib and struct only (no imaging library): each shape is filled by scanlines,
with 4 sub-rows per pixel row and exact coverage along each sub-row, for smooth edges.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

IMAGES = Path(__file__).resolve().parents[1] / "overrides" / "assets" / "images"
INDIGO = (0x3F, 0x51, 0xB5)  # the favicon's fill
WHITE = (0xFF, 0xFF, 0xFF)
SUBROWS = 4
# The favicon's check mark, in its 24-unit square (favicon.svg's path, as a polygon).
CHECK = [(10, 17), (5, 12), (6.41, 10.59), (10, 14.17), (17.59, 6.58), (19, 8)]
ROUNDED = (3.0, 3.0, 21.0, 21.0, 2.0)  # the square: left, top, right, bottom, corner radius

# name: (size, the favicon on transparent ("any") or a full-bleed square (maskable, Apple))
ICONS = {
    "icon-192.png": (192, "any"),
    "icon-512.png": (512, "any"),
    "icon-maskable-512.png": (512, "full"),
    "apple-touch-icon.png": (180, "full"),
}
# In a full-bleed icon the 24-unit design takes this share of the side: the check (at most
# 0.33 of the side from the centre) stays in the maskable safe zone, a centred circle of 0.4.
FULL_BLEED_SHARE = 1.0


def polygon_spans(points: list[tuple[float, float]], y: float) -> list[tuple[float, float]]:
    """The x intervals inside `points` on the line at height `y` (even-odd)."""
    xs = []
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        if (y1 <= y < y2) or (y2 <= y < y1):
            xs.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    xs.sort()
    return list(zip(xs[::2], xs[1::2], strict=True))


def rounded_span(y: float) -> list[tuple[float, float]]:
    """The x interval of the favicon's rounded square at height `y`."""
    left, top, right, bottom, r = ROUNDED
    if not top <= y < bottom:
        return []
    dy = max(top + r - y, y - (bottom - r), 0.0)
    inset = r - (r * r - dy * dy) ** 0.5 if dy else 0.0
    return [(left + inset, right - inset)]


def coverage(spans_at, size: int, scale: float, offset: float) -> list[list[float]]:
    """Per pixel, the share covered by the shape whose spans (in design units) `spans_at(y)`
    gives; the design is scaled by `scale` pixels a unit and moved by `offset` pixels."""
    rows = []
    for row in range(size):
        cover = [0.0] * size
        for sub in range(SUBROWS):
            y = (row + (sub + 0.5) / SUBROWS - offset) / scale
            for start, end in spans_at(y):
                a, b = start * scale + offset, end * scale + offset
                for x in range(max(int(a), 0), min(int(b) + 1, size)):
                    cover[x] += max(0.0, min(b, x + 1) - max(a, x)) / SUBROWS
        rows.append(cover)
    return rows


def draw(size: int, kind: str) -> bytes:
    """RGBA rows of the icon."""
    if kind == "any":
        scale, offset = size / 24, 0.0
        shape = coverage(rounded_span, size, scale, offset)
    else:
        scale = size * FULL_BLEED_SHARE / 24
        offset = (size - 24 * scale) / 2
        shape = [[1.0] * size for _ in range(size)]
    check = coverage(lambda y: polygon_spans(CHECK, y), size, scale, offset)
    out = bytearray()
    for shape_row, check_row in zip(shape, check, strict=True):
        out.append(0)  # filter: none
        for s, c in zip(shape_row, check_row, strict=True):
            s, c = min(s, 1.0), min(c, 1.0)
            if kind == "any":  # the check is a hole in the square
                out += bytes((*INDIGO, round(255 * max(s - c, 0.0))))
            else:  # a white check on indigo
                rgb = (round(i + (w - i) * c) for i, w in zip(INDIGO, WHITE, strict=True))
                out += bytes((*rgb, 255))
    return bytes(out)


def png(size: int, rgba_rows: bytes) -> bytes:
    """A PNG file: 8-bit RGBA, `size` square."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rgba_rows, 9)) + chunk(b"IEND", b""))


def main() -> None:
    for name, (size, kind) in ICONS.items():
        (IMAGES / name).write_bytes(png(size, draw(size, kind)))
        print(IMAGES / name)


if __name__ == "__main__":
    main()
