"""Small image files made by the tests (the content has no picture we may publish):
valid PNGs of any size, and the headers of the other types."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png(width: int, height: int, colour: tuple[int, int, int] = (40, 90, 160)) -> bytes:
    """A valid RGB PNG of `width` × `height`: diagonal stripes of `colour` on white."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # no filter
        for x in range(width):
            rows += bytes(colour) if (x + y) // 8 % 2 else b"\xff\xff\xff"
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )


def png_header(width: int, height: int) -> bytes:
    """Only a PNG's signature and IHDR: enough for `check` to read its size."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)


def jpeg(width: int, height: int, orientation: int | None = None) -> bytes:
    """A JPEG's segments up to its frame header, with an EXIF orientation if given."""
    out = b"\xff\xd8"
    out += b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    if orientation is not None:
        ifd = struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0)
        tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + ifd + b"\x00\x00\x00\x00"
        exif = b"Exif\x00\x00" + tiff
        out += b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    sof = struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    out += b"\xff\xc0" + struct.pack(">H", len(sof) + 2) + sof
    return out + b"\xff\xd9"


def webp(width: int, height: int, kind: str = "VP8X") -> bytes:
    """A WebP's RIFF header and first chunk, of the given `kind`."""
    if kind == "VP8X":
        payload = b"\x00\x00\x00\x00" + (width - 1).to_bytes(3, "little")
        payload += (height - 1).to_bytes(3, "little")
    elif kind == "VP8L":
        bits = (width - 1) | ((height - 1) << 14)
        payload = b"\x2f" + struct.pack("<I", bits)
    else:
        payload = b"\x00\x00\x00\x9d\x01\x2a" + struct.pack("<HH", width, height)
    chunk = kind.encode().ljust(4) + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def avif(width: int, height: int, rotation: int | None = None) -> bytes:
    """An AVIF's ftyp and meta boxes, with the image's size (ispe) and a thumbnail's."""
    ftyp = _box(b"ftyp", b"avif\x00\x00\x00\x00avifmif1miaf")
    props = _box(b"ispe", b"\x00" * 4 + struct.pack(">II", width, height))
    props += _box(b"ispe", b"\x00" * 4 + struct.pack(">II", 16, 16))  # a thumbnail
    if rotation is not None:
        props += _box(b"irot", bytes([rotation]))
    meta = _box(b"meta", b"\x00" * 4 + _box(b"iprp", _box(b"ipco", props)))
    return ftyp + meta
