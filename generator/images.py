"""Every `image:` checked against its file in content/static/: that it is there, what it
is by its content, its size, and that its alt text says something.

Runs in `check` after content/static/ itself was checked (static_files.py), so only
files the build will publish can be shown; fills `Content.images` with each file's type
and shown size, which pages write as `width` and `height` (nothing shifts as it loads).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from generator.content_files import Content, EntityFile
from generator.content_models import Image
from generator.errors import Location, Problem
from generator.image_headers import IMAGE_TYPES, ImageError, ImageInfo, read_image
from generator.limits import MAX_IMAGE_BYTES, MAX_IMAGE_SIDE

#: Alt texts that say nothing about the picture.
_EMPTY_WORDS = frozenset({"image", "picture", "photo", "photograph", "img", "pic", "logo"})
_WORDS_RE = re.compile(r"[\W_]+")


def alt_problem(alt: str, file: str) -> str | None:
    """Why `alt` does not stand for the picture in `file`, or None."""
    words = _WORDS_RE.sub(" ", alt).strip().casefold()
    name = PurePosixPath(file)
    if words in {_WORDS_RE.sub(" ", n).strip().casefold() for n in (name.name, name.stem)}:
        return "is the file's name"
    if words in _EMPTY_WORDS:
        return f"'{alt}' says nothing about the picture"
    return None


def _images(ent: EntityFile) -> list[tuple[tuple[Any, ...], Image]]:
    """(path in the file, image) of the entity's image and its events' images."""
    m = ent.model
    out = [(("image",), m.image)] if m.image else []
    out += [(("events", i, "image"), ev.image) for i, ev in enumerate(m.events) if ev.image]
    return out


class ImageCheck:
    """Checks each distinct file once; reports at every `image:` that names it."""

    def __init__(self, content: Content):
        self.c = content
        self.static = {f.rel: f for f in content.static}
        self.read: dict[str, ImageInfo | None] = {}  # file -> info; None: refused
        self.refusals: dict[str, list[Problem]] = {}  # file -> why, to repeat at each use

    def check(self) -> None:
        for ent in self.c.entities.values():
            for path, image in _images(ent):
                self._one(ent, path, image)
        self.c.images = {k: v for k, v in sorted(self.read.items()) if v is not None}

    def _one(self, ent: EntityFile, path: tuple[Any, ...], image: Image) -> None:
        where = ent.parsed.locate((*path, "file"))
        if image.file in self.read:
            for p in self.refusals[image.file]:
                self.c.add(where, p.code, p.message)
        else:
            before = len(self.c.problems)
            self.read[image.file] = self._read(image.file, where)
            self.refusals[image.file] = self.c.problems[before:]
        why = alt_problem(image.alt, image.file)
        if why:
            self.c.add(
                ent.parsed.locate((*path, "alt")),
                "invalid-alt",
                f"the alt text {why}: say what the picture shows, for readers who cannot see it",
            )

    def _read(self, rel: str, where: Location) -> ImageInfo | None:
        """The image's type and size, or None after saying why it cannot be shown."""
        shown = f"content/static/{rel}"
        file = self.static.get(rel)
        if file is None:
            near = [r for r in self.static if r.casefold() == rel.casefold()]
            hint = f" (did you mean {near[0]}? paths are case-sensitive)" if near else ""
            self.c.add(
                where,
                "missing-image",
                f"{shown} does not exist or did not pass the checks of content/static/"
                f"{hint}: add the file, or fix the path",
            )
            return None
        if file.size > MAX_IMAGE_BYTES:
            self.c.add(
                where,
                "image-too-large",
                f"{shown} is {file.size:,} bytes; an image may have at most "
                f"{MAX_IMAGE_BYTES:,} (every reader downloads it): save it smaller",
            )
            return None
        try:
            with file.path.open("rb") as f:
                info = read_image(f)
        except OSError as exc:
            self.c.add(where, "unreadable", f"cannot read {shown}: {exc.strerror}")
            return None
        except ImageError as exc:
            self.c.add(where, "invalid-image", f"{shown} {exc}")
            return None
        return self._fits(rel, shown, info, where)

    def _fits(self, rel: str, shown: str, info: ImageInfo, where: Location) -> ImageInfo | None:
        """`info` if its name says its type and its sides are within the limit."""
        suffixes = IMAGE_TYPES[info.mime]
        suffix = PurePosixPath(rel).suffix
        if suffix.lower() not in suffixes:
            kind = info.mime.split("/")[1].upper()
            self.c.add(
                where,
                "invalid-image",
                f"{shown} is a {kind} file named {suffix}: rename it to {suffixes[0]} "
                "(servers send its type by the name)",
            )
            return None
        if max(info.width, info.height) > MAX_IMAGE_SIDE:
            self.c.add(
                where,
                "image-too-large",
                f"{shown} is {info.width:,} × {info.height:,} pixels; at most "
                f"{MAX_IMAGE_SIDE:,} on a side (browsers decode it whole): scale it down",
            )
            return None
        return info
