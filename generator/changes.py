"""content/changes.lock: when each event's content last changed, so its feed entry says so.

Why a committed file and not git history: the Pages workflow checks out a single commit,
and dating one event from history would mean re-reading every past version of its file.
The file maps each event (`<entity id>/<event id>`) to a fingerprint of its content and
the day that content was stamped as changed. Only commands write it: `timeline stamp`
(stamp.py), `rename` (carrying records to the new keys) and `init`; `check` reports each
event whose record is missing or stale. A build never reads the clock for it: an event's
`updated` is the latest of its date, its record's day and its corrections' days.

The fingerprint hashes the event's fields as written in its file, once the file has
validated (dates, title, text, participants, tags, sources as cited, other dates,
corrections, picture), as JSON with sorted keys: stable across runs, Python and pydantic
versions, blind to comments, quoting and layout, to templates and to other files
(renaming a participant or retitling a shared source in sources.yaml does not mark every
event that names it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from generator.content_files import ChangeRecord, Content, EntityFile, display_path, special_file
from generator.content_models import Event, event_id
from generator.errors import ContentError, Location, Problem
from generator.limits import MAX_CHANGES_BYTES
from generator.load import ParsedFile, decode, load_text
from generator.paths import ID_RE

#: Beside sources.yaml; not YAML by name, so no tool takes it for an entity file.
CHANGES_FILE = "changes.lock"

_HEADER = (
    "# When each event's content last changed (the day its feed entry shows as updated),\n"
    "# with a fingerprint of that content. Written by `timeline stamp`: run it after\n"
    "# editing events and commit this file with them. Do not edit it by hand.\n"
)
_KEY_RE = re.compile(rf"{ID_RE.pattern}/{ID_RE.pattern}")
_FINGERPRINT_RE = re.compile(r"[0-9a-f]{16}")
_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FIELDS = ("changed", "fingerprint")
#: The one encoder of fingerprints (made once: `json.dumps` would build one per event).
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint(written: object) -> str:
    """16 hex digits of SHA-256 over an event as written (`written_event`), as JSON with
    sorted keys."""
    return hashlib.sha256(_JSON.encode(written).encode("utf-8")).hexdigest()[:16]


def written_event(ent: EntityFile, index: int) -> object:
    """The event at `index` of a file that validated, as the strict loader read it: plain
    mappings, lists and text (every value the text written), so comments, quoting, layout
    and key order leave its fingerprint alone, and so do changes to the content models."""
    events = ent.parsed.data["events"]
    assert isinstance(events, list)
    return events[index]


def event_key(entity_id: str, ev: Event) -> str:
    """The event's key in the file: the same as the model's `Event.key`."""
    return f"{entity_id}/{event_id(ev)}"


def events(content: Content) -> Iterator[tuple[str, EntityFile, int, Event]]:
    """(key, its file, its index in the file's `events`, the event) for every event."""
    for eid, ent in sorted(content.entities.items()):
        for index, ev in enumerate(ent.model.events):
            yield event_key(eid, ev), ent, index, ev


def first_updated(ev: Event) -> dt.date:
    """What a feed showed as the event's `updated` before it had a record: its date's
    first day, or its newest correction's day when that is later."""
    return max([ev.date.lower(), *(c.date.lower() for c in ev.corrections)])


def lock_path(root: Path) -> Path:
    return root / CHANGES_FILE


def read_changes(content: Content) -> None:
    """Fill `content.changes` from the file when there is one; a malformed file is a
    located problem (and then no record is reported as stale)."""
    file = lock_path(content.root)
    if special_file(content, file) or not file.exists():
        return
    path = display_path(file)
    fix = f"restore {path} from git and run `timeline stamp`"
    try:
        size = file.stat().st_size
        if size > MAX_CHANGES_BYTES:
            content.add(
                Location(path),
                "file-too-large",
                f"file is {size:,} bytes; the limit is {MAX_CHANGES_BYTES:,}",
            )
            return
        text = decode(file.read_bytes(), path)
        fast = _canonical_records(text)
        if fast is not None:
            content.changes = fast
            return
        parsed = load_text(text, path)
    except OSError as exc:
        content.add(Location(path), "unreadable", f"cannot read file: {exc.strerror}")
        return
    except ContentError as exc:
        if [p.code for p in exc.problems] == ["empty-file"]:  # comments only: no records
            content.changes = {}
            return
        content.problems.extend(exc.problems)
        return
    records, errors = _records(parsed, fix)
    content.problems.extend(errors)
    if not errors:
        content.changes = records


#: A record line as `lock_text` writes it: what nearly every file holds.
_LINE_RE = re.compile(
    rf"({_KEY_RE.pattern}): \{{changed: ({_DAY_RE.pattern}), "
    rf"fingerprint: ({_FINGERPRINT_RE.pattern})\}}"
)


def _canonical_records(text: str) -> dict[str, ChangeRecord] | None:
    """The records of a file laid out exactly as `lock_text` writes it, read line by line
    (a tenth of the YAML reader's time); None for anything else (edited by hand, merged,
    broken), which the YAML reader then reads with located errors."""
    records: dict[str, ChangeRecord] = {}
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, 1):
        if line.startswith("#") or (line == "{}" and not records):
            continue
        m = _LINE_RE.fullmatch(line)
        day = _day(m[2]) if m else None
        if m is None or day is None or m[1] in records:
            return None
        records[m[1]] = ChangeRecord(m[3], day, number)
    return records


def _records(parsed: ParsedFile, fix: str) -> tuple[dict[str, ChangeRecord], list[Problem]]:
    """The records of a parsed file, and what is wrong with it."""
    records: dict[str, ChangeRecord] = {}
    errors: list[Problem] = []
    for key, value in parsed.data.items():
        where = parsed.locate((key,), key=True)
        if not _KEY_RE.fullmatch(key):
            errors.append(Problem(where, "invalid-value", f"'{key}' is not an event key: {fix}"))
            continue
        if not isinstance(value, dict) or sorted(value) != sorted(_FIELDS):
            shape = "{changed: YYYY-MM-DD, fingerprint: …}"
            errors.append(Problem(where, "wrong-type", f"expected {shape}: {fix}"))
            continue
        changed, print_ = value["changed"], value["fingerprint"]
        day = _day(changed) if isinstance(changed, str) else None
        if day is None:
            at = parsed.locate((key, "changed"))
            errors.append(Problem(at, "invalid-date", f"'changed' must be YYYY-MM-DD: {fix}"))
            continue
        if not (isinstance(print_, str) and _FINGERPRINT_RE.fullmatch(print_)):
            at = parsed.locate((key, "fingerprint"))
            errors.append(Problem(at, "invalid-value", f"not a fingerprint (16 hex digits): {fix}"))
            continue
        records[key] = ChangeRecord(print_, day, where.line)
    return records, errors


def _day(text: str) -> dt.date | None:
    if not _DAY_RE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def unstamped(content: Content) -> None:
    """Report each event whose record is missing or stale, and each record of an event
    no file holds, when the file exists (without it the feature is off)."""
    records = content.changes
    if records is None:
        return
    lock = display_path(lock_path(content.root))
    then = f"run `timeline stamp` and commit {lock}"
    seen: set[str] = set()
    for key, ent, index, _ in events(content):
        seen.add(key)
        record = records.get(key)
        if record is not None and record.fingerprint == fingerprint(written_event(ent, index)):
            continue
        why = "has no record in" if record is None else "changed since it was recorded in"
        content.add(
            ent.parsed.locate(("events", index)),
            "unstamped-change",
            f"event '{key}' {why} {lock}: {then}",
        )
    for key in sorted(set(records) - seen, key=lambda k: records[k].line):
        content.add(
            Location(lock, records[key].line, 1),
            "unstamped-change",
            f"records event '{key}', which no file holds (removed, or its id changed): {then}",
        )


def stamped(content: Content, today: dt.date) -> tuple[dict[str, ChangeRecord], dict[str, int]]:
    """The records after stamping, and how many events were new, changed and removed.

    Without a file yet, each event's day is its current `updated` (first_updated), so
    adopting the file changes no feed; afterwards a new or changed event gets `today`.
    """
    old = content.changes
    out: dict[str, ChangeRecord] = {}
    counts = {"new": 0, "changed": 0, "removed": 0}
    for key, ent, index, ev in events(content):
        fp = fingerprint(written_event(ent, index))
        record = old.get(key) if old is not None else None
        if record is not None and record.fingerprint == fp:
            out[key] = record
        elif old is None:
            out[key] = ChangeRecord(fp, first_updated(ev), 0)
        else:
            out[key] = ChangeRecord(fp, today, 0)
            counts["changed" if record is not None else "new"] += 1
    counts["removed"] = len(set(old or ()) - set(out))
    return out, counts


def carried(
    before: Content, after: Content, renamed: Mapping[str, str]
) -> dict[str, ChangeRecord] | None:
    """The records after entities were renamed (`renamed`: old id -> new id): each under
    its event's new key with the dates kept. A current record gets the event's new
    fingerprint (ids written in it changed), so a rename marks nothing as changed; a
    record that was already stale stays stale, and `check` still reports it."""
    if before.changes is None:
        return None
    was = {key: fingerprint(written_event(ent, i)) for key, ent, i, _ in events(before)}
    now = {key: fingerprint(written_event(ent, i)) for key, ent, i, _ in events(after)}
    out: dict[str, ChangeRecord] = {}
    for key, record in before.changes.items():
        home, _, eid = key.partition("/")
        new_key = f"{renamed.get(home, home)}/{eid}"
        if new_key in now and was.get(key) == record.fingerprint:
            record = ChangeRecord(now[new_key], record.changed, record.line)
        out[new_key] = record
    return out


def lock_text(records: Mapping[str, ChangeRecord]) -> str:
    """The file: a comment, then one line per event, sorted by key (stable diffs)."""
    lines = [
        f"{key}: {{changed: {records[key].changed.isoformat()}, "
        f"fingerprint: {records[key].fingerprint}}}\n"
        for key in sorted(records)
    ]
    return _HEADER + ("".join(lines) or "{}\n")


def write_changes(root: Path, records: Mapping[str, ChangeRecord]) -> Path:
    """Write the file whole, atomically (a temporary file renamed into place)."""
    file = lock_path(root)
    tmp = file.with_name(f".{CHANGES_FILE}.tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(lock_text(records))
    os.replace(tmp, file)
    return file
