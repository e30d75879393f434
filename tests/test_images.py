"""Pictures (`image:`, issue 17): the header reader, the check of each image, and what
pages, TimelineJS, JSON-LD and the data export say about them.

The content has no picture we may publish; every image here is made by tests/images.py.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import data_export, jsonld, timelinejs
from generator.check import check_content
from generator.errors import ContentError
from generator.fragments import Fragments
from generator.image_headers import ImageError, ImageInfo, read_image
from generator.images import alt_problem
from generator.model_builder import build_timeline
from tests import images
from tests.conftest import REPO, SAMPLE, examples
from tests.helpers import check_ok, write_files


def _read(data: bytes) -> ImageInfo:
    return read_image(io.BytesIO(data))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (images.png(7, 3), ImageInfo("image/png", 7, 3)),
        (images.jpeg(640, 480), ImageInfo("image/jpeg", 640, 480)),
        (images.jpeg(640, 480, orientation=1), ImageInfo("image/jpeg", 640, 480)),
        # EXIF 6 and 8 turn the picture by a quarter: browsers show it 480 wide.
        (images.jpeg(640, 480, orientation=6), ImageInfo("image/jpeg", 480, 640)),
        (images.jpeg(640, 480, orientation=8), ImageInfo("image/jpeg", 480, 640)),
        (images.jpeg(640, 480, orientation=3), ImageInfo("image/jpeg", 640, 480)),
        (images.webp(800, 600, "VP8X"), ImageInfo("image/webp", 800, 600)),
        (images.webp(801, 601, "VP8L"), ImageInfo("image/webp", 801, 601)),
        (images.webp(320, 200, "VP8 "), ImageInfo("image/webp", 320, 200)),
        (images.avif(1200, 800), ImageInfo("image/avif", 1200, 800)),
        (images.avif(1200, 800, rotation=1), ImageInfo("image/avif", 800, 1200)),
        (images.avif(1200, 800, rotation=2), ImageInfo("image/avif", 1200, 800)),
    ],
)
def test_type_and_shown_size_from_the_header(data: bytes, expected: ImageInfo) -> None:
    assert _read(data) == expected


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
        (b"\xef\xbb\xbf  <?xml version='1.0'?><svg/>", "SVG"),
        (b"<!DOCTYPE html><html><script>alert(1)</script>", "markup"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"%PDF-1.7", "not an image"),
        (images.png(4, 4)[:20], "damaged PNG"),
        (images.jpeg(4, 4)[:30], "damaged JPEG"),
        (images.png_header(0, 5), "size is 0"),
        (images.webp(4, 4)[:20], "damaged WebP"),
        (images.avif(4, 4)[:40], "damaged AVIF"),
        (images.avif(4, 4).replace(b"avif", b"heic"), "not an AVIF"),
    ],
)
def test_what_is_not_an_accepted_image_says_what_it_is(data: bytes, says: str) -> None:
    with pytest.raises(ImageError, match=says):
        _read(data)


@settings(max_examples=examples(1))
@given(st.binary(max_size=300), st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"]))
def test_any_bytes_give_an_image_or_an_image_error(tail: bytes, head: bytes) -> None:
    """Hostile files: every input ends in a size or an ImageError, never another error."""
    for data in (head + tail, b"RIFF\x00\x00\x00\x00WEBP" + tail, b"\x00\x00\x00\x18ftyp" + tail):
        try:
            info = _read(data)
        except ImageError:
            continue
        assert info.width > 0 and info.height > 0


def test_alt_text_must_say_something() -> None:
    assert alt_problem("ada-lovelace.png", "images/ada-lovelace.png") == "is the file's name"
    assert alt_problem("Ada Lovelace", "images/ada_lovelace.jpg") == "is the file's name"
    assert alt_problem("Photo", "a.png") == "'Photo' says nothing about the picture"
    assert alt_problem("Ada Lovelace at a piano, about 1840", "images/ada.png") is None


def _project_with_image(tmp_path: Path, credit: str, caption: str | None = None) -> Path:
    cap = f"\n{' ' * 18}caption: {json.dumps(caption)}" if caption else ""
    return write_files(
        tmp_path / "content",
        {
            "static/images/ada.png": images.png(40, 30),
            "static/images/notes.webp": images.webp(300, 400),
            "people/ada.yaml": f"""\
                name: Ada
                image:
                  file: images/ada.png
                  alt: Ada seated at a piano
                  credit: {json.dumps(credit)}{cap}
                events:
                  - date: 1843
                    title: Publishes
                    sources: [{{title: Notes}}]
                    image:
                      file: images/notes.webp
                      alt: The first page of the Notes
                      credit: Scan, public domain
                """,
        },
    )


HOSTILE = 'Photo: "Tom" & Jerry\'s www.example.org"onmouseover="alert(1)'


def test_sizes_and_words_reach_every_output(tmp_path: Path) -> None:
    t = build_timeline(check_ok(_project_with_image(tmp_path, HOSTILE, "Caption & more")))
    ada = t.entities["ada"]
    assert ada.image is not None and (ada.image.width, ada.image.height) == (40, 30)
    ev = t.own_events["ada"][0]
    assert ev.image is not None and (ev.image.mime, ev.image.width) == ("image/webp", 300)
    f = Fragments(t)
    figure = str(f.figure(ada.image, lazy=False))
    assert 'width="40" height="30"' in figure and "loading" not in figure
    assert "Credit: Photo: &quot;Tom&quot; &amp; Jerry&#x27;s www.example.org&quot;" in figure
    block = str(f.event(ev, "ada"))
    assert 'src="\ue000images/notes.webp"' in block.replace("\x00", "")
    assert 'loading="lazy"' in block and 'width="300" height="400"' in block
    base = "https://example.org/s/"
    assert 'src="https://example.org/s/images/notes.webp"' in str(f.event_export(ev, base))
    assert "<img" not in str(f.slide_export(ev, base, "ada"))  # the slide's media shows it
    doc = timelinejs.timelinejs_document(f, "S", base, ada, today=dt.date(2024, 1, 1))
    assert doc is not None
    assert doc["title"]["media"] == {
        "url": "https://example.org/s/images/ada.png",
        "alt": "Ada seated at a piano",
        "credit": "Photo: &quot;Tom&quot; &amp; Jerry&#x27;s www.example.org&quot;"
        "onmouseover=&quot;alert(1)",
        "caption": "Caption &amp; more",
        "title": "Caption & more",
    }
    assert doc["events"][0]["media"]["url"] == "https://example.org/s/images/notes.webp"
    ld = jsonld.profile_jsonld(t, "S", base, ada)["mainEntity"]["image"]
    assert ld == {
        "@type": "ImageObject",
        "contentUrl": "https://example.org/s/images/ada.png",
        "encodingFormat": "image/png",
        "width": 40,
        "height": 30,
        "description": "Ada seated at a piano",
        "creditText": HOSTILE,
        "caption": "Caption & more",
    }
    assert "</" not in jsonld.safe_json(ld) and "&" not in jsonld.safe_json(ld)
    data = data_export.dataset(t, "S", base)
    assert data["entities"][0]["image"]["credit"] == HOSTILE
    assert data["events"][0]["image"]["type"] == "image/webp"


def test_an_image_that_changes_on_disk_is_read_again(tmp_path: Path) -> None:
    root = _project_with_image(tmp_path, "Photo by a test")
    assert build_timeline(check_ok(root)).entities["ada"].image.width == 40
    (root / "static/images/ada.png").write_bytes(images.png(64, 48))
    assert build_timeline(check_ok(root)).entities["ada"].image.width == 64
    (root / "static/images/ada.png").write_bytes(images.jpeg(64, 48))
    with pytest.raises(ContentError, match=r"is a JPEG file named \.png"):
        check_content(root)


def test_the_sample_carries_its_test_pictures() -> None:
    t = build_timeline(check_content(SAMPLE))
    org = t.entities["analytical-engines"].image
    assert org is not None and (org.width, org.height, org.mime) == (240, 160, "image/png")
    default = build_timeline(check_content(REPO / "content"))  # no picture we may publish
    assert not any(e.image for e in default.entities.values())
    assert not any(ev.image for ev in default.events)
