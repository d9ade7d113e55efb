#!/usr/bin/env python3
"""Draws the Tramontane icon (packaging/icons/hicolor/<n>x<n>/apps/tramontane.png) with the
standard library only: a blue rounded square, a white "T" and two wind strokes, 4x4 supersampled.
Run from anywhere: python3 packaging/make_icon.py"""
import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SIZES = (48, 128, 256)
SS = 4  # samples per pixel side


def inside(x, y):
    """Colour (r, g, b, a) of the point (x, y) in the unit square [0, 1)^2, or None (transparent)."""
    # Rounded square background with a vertical gradient.
    r, m = 0.18, 0.04
    cx = min(max(x, m + r), 1 - m - r)
    cy = min(max(y, m + r), 1 - m - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return None
    top, bottom = (52, 120, 196), (20, 54, 110)
    bg = tuple(int(top[i] + (bottom[i] - top[i]) * y) for i in range(3))
    white = (255, 255, 255)
    # The "T": bar and stem.
    if 0.24 <= x <= 0.76 and 0.22 <= y <= 0.33:
        return white + (255,)
    if 0.445 <= x <= 0.555 and 0.22 <= y <= 0.80:
        return white + (255,)
    # Two wind strokes: arcs to the right of the stem.
    for (ax, ay, rad) in ((0.62, 0.52, 0.12), (0.60, 0.70, 0.09)):
        d = math.hypot(x - ax, y - ay)
        ang = math.atan2(y - ay, x - ax)
        if abs(d - rad) < 0.022 and -math.pi * 0.95 < ang < math.pi * 0.1 and x > 0.58:
            return (170, 220, 255, 255)
    return bg + (255,)


def render(n):
    rows = []
    for py in range(n):
        row = bytearray([0])
        for px in range(n):
            acc = [0, 0, 0, 0]
            for sy in range(SS):
                for sx in range(SS):
                    c = inside((px + (sx + 0.5) / SS) / n, (py + (sy + 0.5) / SS) / n)
                    if c:
                        for i in range(3):
                            acc[i] += c[i] * c[3]
                        acc[3] += c[3]
            a = acc[3]
            if a:
                row += bytes((acc[0] // a, acc[1] // a, acc[2] // a, a // (SS * SS)))
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return b"".join(rows)


def png(n, pixels):
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(pixels, 9)) + chunk(b"IEND", b""))


for n in SIZES:
    out = os.path.join(HERE, "icons", "hicolor", f"{n}x{n}", "apps", "tramontane.png")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as f:
        f.write(png(n, render(n)))
    print(out)
