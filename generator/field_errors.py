"""pydantic's validation errors to located problems with stable codes, and the
"did you mean" hints that every check shares (capped per run)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError

from generator import content_models as schema
from generator.content_models import SourceFile, SourceRecord
from generator.errors import Location, Problem
from generator.limits import MAX_HINTS
from generator.load import ParsedFile

_TYPE_CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "too_short": "too-short",
    "too_long": "too-long",
    "string_too_long": "too-long",
    "literal_error": "invalid-value",
    "union_tag_invalid": "wrong-type",
}


_hints_left = [MAX_HINTS]


def reset_hints() -> None:
    """Give a new check its MAX_HINTS hints."""
    _hints_left[0] = MAX_HINTS


def take_hint() -> bool:
    """Whether this check may still give a hint (and count one): at most MAX_HINTS per
    check, since each costs a comparison with every candidate (40,000 misspelt ids took
    minutes)."""
    if _hints_left[0] <= 0:
        return False
    _hints_left[0] -= 1
    return True


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the closest candidate (see `take_hint`)."""
    if not take_hint():
        return ""
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _data_loc(data: object, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union-tag and key markers from `loc`, keeping the data path."""
    out: list[Any] = []
    for part in loc:
        if (isinstance(data, dict) and isinstance(part, str) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        ):
            data = data[part]
        elif isinstance(data, dict) and isinstance(part, str) and part not in data:
            if out and part in ("ref", "cite", "inline", "[key]"):
                continue  # a union tag or key marker: the data stays where it was
            out.append(part)  # a missing field
            data = None
            continue
        else:
            continue
        out.append(part)
    return tuple(out)


def error_paths(src: ParsedFile, exc: ValidationError) -> list[tuple[Any, ...]]:
    """The data path of each of pydantic's errors (what salvage.py sets aside)."""
    return [_data_loc(src.data, tuple(err["loc"])) for err in exc.errors(include_url=False)]


def name_references(src: ParsedFile, exc: ValidationError) -> tuple[NameReference, ...]:
    """The references written as something other than an id (`with: [Andrej Karpathy]`,
    `organization: Stanford`): the rules add "did you mean" once every entity is known."""
    out = []
    for err in exc.errors(include_url=False):
        loc = _data_loc(src.data, tuple(err["loc"]))
        kinds = reference_kinds(loc)
        if err["type"] == "invalid-id" and kinds and isinstance(err["input"], str):
            out.append(NameReference(src.locate(loc), err["input"], kinds))
    return tuple(out)


def reference_kinds(loc: tuple[Any, ...]) -> tuple[str, ...] | None:
    """The kinds of entity a reference at data path `loc` may name, or None when `loc`
    is not a reference."""
    match loc:
        case ("events", int(), "with", int()):
            return ("person", "organization")
        case ("roles", int(), "organization"):
            return ("organization",)
    return None


@dataclass(frozen=True, slots=True)
class NameReference:
    """A reference the schema refused as an id, at `location` (its problem's place)."""

    location: Location
    value: str
    kinds: tuple[str, ...]


#: Fields of the other kind of entity: a file in the wrong folder shows them first.
_OTHER_KIND_FIELDS: dict[str, dict[str, str]] = {
    "Organization": {
        "roles": "only people have roles",
        "born": "only people are born",
        "died": "only people die",
    },
    "Person": {
        "founded": "only organizations are founded",
        "dissolved": "only organizations are dissolved",
    },
}


def model_problems(src: ParsedFile, exc: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Turn pydantic's errors into located Problems with stable codes."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = _data_loc(src.data, tuple(err["loc"]))
        etype = err["type"]
        code = _TYPE_CODES.get(etype, etype if "-" in etype else "wrong-type")
        where = _field_path(loc)
        if etype == "missing":
            msg = f"missing required field '{loc[-1]}'"
            location = src.locate(loc[:-1])
        elif etype == "extra_forbidden" and loc[-1] in _OTHER_KIND_FIELDS.get(model.__name__, ()):
            other = _OTHER_KIND_FIELDS[model.__name__]
            folder = "people" if model.__name__ == "Organization" else "organizations"
            home = PurePosixPath(src.path).parent.parent / folder  # content/<folder>
            msg = (
                f"unknown field '{loc[-1]}': {other[loc[-1]]}; if this file is about a "
                f"{'person' if model.__name__ == 'Organization' else 'organization'}, move it "
                f"to {home}/"
            )
            location = src.locate(loc, key=True)
        elif etype == "extra_forbidden":
            msg = f"unknown field '{loc[-1]}'" + did_you_mean(
                str(loc[-1]), _known_fields(model, loc)
            )
            location = src.locate(loc, key=True)
        else:
            msg = _humane(err)
            # A bad mapping key (a source id in sources.yaml) is reported at the key.
            location = src.locate(loc, key="[key]" in err["loc"])
        if where and etype not in ("missing", "extra_forbidden"):
            msg = f"{where}: {msg}"
        elif where and len(loc) > 1:
            msg = f"{_field_path(loc[:-1])}: {msg}"
        problems.append(Problem(location, code, msg))
    return problems


def _humane(err: Any) -> str:
    etype, ctx = err["type"], err.get("ctx") or {}
    if etype == "list_type":
        return "expected a list (lines starting with '- ', or [a, b])"
    if etype in ("dict_type", "model_type", "model_attributes_type"):
        return "expected a mapping of fields (key: value lines)"
    if etype == "string_type":
        return "expected text, not a list or mapping"
    if etype == "too_short":
        return "needs at least one item" if ctx.get("min_length") == 1 else err["msg"]
    if etype in ("too_long", "string_too_long"):
        return f"too long: at most {ctx.get('max_length')}"
    if etype == "literal_error":
        return f"'{err['input']}' is not one of: {ctx.get('expected')}"
    return str(err["msg"])


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed where an unknown key was found (for "did you mean")."""
    nested: dict[str, list[type[BaseModel]]] = {
        "events": [schema.Event],
        "roles": [schema.Role],
        "links": [schema.Link],
        "other_dates": [schema.OtherDate],
        "corrections": [schema.Correction],
        "posts": [schema.Post],
        "sources": [schema.Citation, schema.InlineSource],
    }
    classes: list[type[BaseModel]] = [model]
    if model is SourceFile:
        classes = [SourceRecord]
    else:
        for part in loc[:-1]:
            if isinstance(part, str) and part in nested:
                classes = nested[part]
    names = {info.alias or name for cls in classes for name, info in cls.model_fields.items()}
    names.discard(str(loc[-1]))
    return sorted(names)
