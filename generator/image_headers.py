"""What an image file is and how large it shows, read from its first bytes.

`timeline check` must know an image's type by its content (a `.png` name proves
nothing) and its width and height (written into the page so nothing shifts while it
loads). PNG, JPEG, WebP and AVIF keep both in small headers, so they are read here
without decoding the picture (no image library: we never decode, resize or convert);
a JPEG's EXIF orientation and an AVIF's rotation swap the sides, as browsers do.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

#: Bytes read to find an AVIF's boxes (its `meta` comes first in every encoder we know).
_AVIF_HEAD = 256 * 1024

#: The types `image:` accepts, by what their bytes say: (MIME type, file suffixes).
IMAGE_TYPES: dict[str, tuple[str, ...]] = {
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/webp": (".webp",),
    "image/avif": (".avif",),
}


class ImageError(ValueError):
    """The file is not an image `image:` accepts; the message says what it is instead."""


@dataclass(frozen=True, slots=True)
class ImageInfo:
    mime: str
    width: int  # as shown: after EXIF orientation or AVIF rotation
    height: int


def read_image(f: BinaryIO) -> ImageInfo:
    """The type and shown size of the image in `f` (opened in binary mode)."""
    head = f.read(32)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png(head)
    if head.startswith(b"\xff\xd8\xff"):
        f.seek(2)
        return _jpeg(f)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp(head)
    if head[4:8] == b"ftyp":
        f.seek(0)
        return _avif(f.read(_AVIF_HEAD))
    raise ImageError(f"is {_what(head)}: use a PNG, JPEG, WebP or AVIF file")


def _what(head: bytes) -> str:
    """What a file that is not an accepted image is, in words, for the message."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml", b"<!doctype", b"<html", b"<")):
        return "SVG or other markup (it can hold scripts that run on the site)"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF"
    if not head:
        return "empty"
    return "not an image"


def _png(head: bytes) -> ImageInfo:
    if head[12:16] != b"IHDR" or len(head) < 24:
        raise ImageError("is a damaged PNG (no IHDR header)")
    width, height = struct.unpack(">II", head[16:24])
    return _sized("image/png", width, height)


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg(f: BinaryIO) -> ImageInfo:
    """Walk the JPEG's segments to its frame header (SOF), noting EXIF's orientation."""
    swap = False
    while True:
        marker = f.read(2)
        while marker[:1] == b"\xff" and marker[1:] == b"\xff":  # fill bytes
            marker = marker[1:] + f.read(1)
        if len(marker) < 2 or marker[0] != 0xFF:
            raise ImageError("is a damaged JPEG (no frame header)")
        kind = marker[1]
        if kind == 0x01 or 0xD0 <= kind <= 0xD8:
            continue  # markers without a length
        size = f.read(2)
        if len(size) < 2 or struct.unpack(">H", size)[0] < 2:
            raise ImageError("is a damaged JPEG (a segment has no length)")
        length = struct.unpack(">H", size)[0] - 2
        body = f.read(length)
        if len(body) < length:
            raise ImageError("is a damaged JPEG (cut off in a segment)")
        if kind in _SOF:
            if len(body) < 5:
                raise ImageError("is a damaged JPEG (short frame header)")
            height, width = struct.unpack(">HH", body[1:5])
            if swap:  # shown turned by a quarter, as browsers do
                width, height = height, width
            return _sized("image/jpeg", width, height)
        if kind == 0xE1 and body.startswith(b"Exif\x00\x00"):
            swap = _exif_orientation(body[6:]) in (5, 6, 7, 8)


def _exif_orientation(tiff: bytes) -> int:
    """EXIF's Orientation tag (0x0112) in the first IFD, 1 (as stored) if absent."""
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None or len(tiff) < 8:
        return 1
    (ifd,) = struct.unpack(order + "I", tiff[4:8])
    if ifd + 2 > len(tiff):
        return 1
    (count,) = struct.unpack(order + "H", tiff[ifd : ifd + 2])
    for i in range(count):
        at = ifd + 2 + 12 * i
        if at + 12 > len(tiff):
            break
        tag, _type, _n = struct.unpack(order + "HHI", tiff[at : at + 8])
        if tag == 0x0112:
            return struct.unpack(order + "H", tiff[at + 8 : at + 10])[0]
    return 1


def _webp(head: bytes) -> ImageInfo:
    chunk, body = head[12:16], head[20:32]
    if chunk == b"VP8 " and body[3:6] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", body[6:10])
        return _sized("image/webp", width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and body[:1] == b"\x2f":
        (bits,) = struct.unpack("<I", body[1:5])
        return _sized("image/webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X" and len(body) >= 10:
        width = int.from_bytes(body[4:7], "little") + 1
        height = int.from_bytes(body[7:10], "little") + 1
        return _sized("image/webp", width, height)
    raise ImageError("is a damaged WebP (no VP8, VP8L or VP8X header)")


def _boxes(data: bytes, start: int, end: int) -> dict[bytes, list[tuple[int, int]]]:
    """The ISO BMFF boxes in data[start:end]: type -> [(payload start, box end)]."""
    out: dict[bytes, list[tuple[int, int]]] = {}
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        payload = at + 8
        if size == 1 and at + 16 <= end:
            size, payload = struct.unpack(">Q", data[at + 8 : at + 16])[0], at + 16
        elif size == 0:
            size = end - at
        if size < payload - at or at + size > end:
            break
        out.setdefault(kind, []).append((payload, at + size))
        at += size
    return out


def _avif(data: bytes) -> ImageInfo:
    """An AVIF's size: the largest `ispe` (the primary image; thumbnails and alpha
    planes are smaller or equal) under meta/iprp/ipco, sides swapped by `irot` 90°/270°."""
    top = _boxes(data, 0, len(data))
    ftyp = top.get(b"ftyp", [(0, 0)])[0]
    brands = {data[i : i + 4] for i in range(ftyp[0], ftyp[1] - 3, 4)}
    if not brands & {b"avif", b"avis"}:
        raise ImageError("is an ISO media file (HEIC or MP4?), not an AVIF image")
    meta = top.get(b"meta")
    props = None
    if meta:
        iprp = _boxes(data, meta[0][0] + 4, meta[0][1]).get(b"iprp")  # meta is a full box
        ipco = _boxes(data, iprp[0][0], iprp[0][1]).get(b"ipco") if iprp else None
        props = _boxes(data, ipco[0][0], ipco[0][1]) if ipco else None
    sizes = [struct.unpack(">II", data[p + 4 : p + 12]) for p, _ in (props or {}).get(b"ispe", [])]
    if not sizes:
        raise ImageError("is a damaged AVIF (no image size, ispe, near the start)")
    width, height = max(sizes, key=lambda s: s[0] * s[1])
    turns = [data[p] & 3 for p, _ in (props or {}).get(b"irot", [])]
    if turns and turns[0] in (1, 3):
        width, height = height, width
    return _sized("image/avif", width, height)


def _sized(mime: str, width: int, height: int) -> ImageInfo:
    if width <= 0 or height <= 0:
        raise ImageError(f"is a damaged {mime.split('/')[1].upper()} (its size is 0)")
    return ImageInfo(mime, width, height)
