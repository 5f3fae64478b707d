#!/usr/bin/env python3
"""Counts the pixels of exact colours in a PNG (8-bit RGB or RGBA, non-interlaced, as Chromium's --screenshot
writes), with the standard library only. The HTML report test uses it to check the severity chart really drew:
the chart's bar colours appear nowhere else on the page.

usage: png_colour_count.py FILE.png '#rrggbb' [...]   -> one "#rrggbb COUNT" line per colour
"""
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        raise SystemExit(f"{path}: only 8-bit RGB/RGBA non-interlaced PNGs are supported")
    return width, height, 3 if colour == 2 else 4, zlib.decompress(b"".join(idat))


def rows(width, height, channels, raw):
    """Yields each unfiltered scanline (PNG filters 0-4)."""
    stride = width * channels
    previous = bytearray(stride)
    pos = 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        yield line
        previous = line


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    wanted = {bytes.fromhex(c.lstrip("#")): c for c in sys.argv[2:]}
    width, height, channels, raw = read_png(sys.argv[1])
    counts = dict.fromkeys(wanted, 0)
    for line in rows(width, height, channels, raw):
        for x in range(0, len(line), channels):
            rgb = bytes(line[x:x + 3])
            if rgb in counts:
                counts[rgb] += 1
    for rgb, name in wanted.items():
        print(name, counts[rgb])


if __name__ == "__main__":
    main()
