#!/usr/bin/env python3
"""Rasterises the shapes of extension/icons/icon.svg into the PNG sizes the manifest names.
Pure standard library (no image packages on a fresh machine); 4x4 supersampling."""
import math, struct, zlib, pathlib

BLUE, WHITE = (0x0F, 0x6C, 0xBD), (0xFF, 0xFF, 0xFF)

def rounded(x, y, x0, y0, w, h, r):
    if not (x0 <= x <= x0 + w and y0 <= y <= y0 + h):
        return False
    cx = min(max(x, x0 + r), x0 + w - r)
    cy = min(max(y, y0 + r), y0 + h - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r

def colour_at(x, y):
    """The colour at a point of the 128-unit canvas, or None for transparent."""
    if not rounded(x, y, 4, 4, 120, 120, 24):
        return None
    if x >= 61 and x <= 67 and 80 <= y <= 94 or (x - 64) ** 2 + (y - 78) ** 2 <= 49:
        return BLUE
    if rounded(x, y, 32, 58, 64, 46, 8):
        return WHITE
    # the shackle: vertical bars and a half ring, 10 units wide
    if 44 <= y <= 58 and (39 <= x <= 49 or 79 <= x <= 89):
        return WHITE
    if y <= 44 and 15 <= math.hypot(x - 64, y - 44) <= 25:
        return WHITE
    return BLUE

def png(size):
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc, n = [0, 0, 0, 0], 4
            for sy in range(n):
                for sx in range(n):
                    c = colour_at((px + (sx + .5) / n) * 128 / size, (py + (sy + .5) / n) * 128 / size)
                    if c:
                        acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
            a = acc[3] // (n * n)
            cov = max(acc[3] // 255, 1)
            row += bytes([acc[0] // cov, acc[1] // cov, acc[2] // cov, a])
        rows.append(bytes(row))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")

if __name__ == "__main__":
    out = pathlib.Path(__file__).resolve().parent.parent / "extension" / "icons"
    for size in (16, 32, 48, 128):
        (out / f"icon-{size}.png").write_bytes(png(size))
        print(f"wrote icon-{size}.png")
