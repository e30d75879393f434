"""Partial dates: parsing, calendar checks, display, precision-aware order and bounds."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.dates import DateError, PartialDate, Precision, display_range


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("2017", (2017, None, None, False, False)),
        ("2024-02", (2024, 2, None, False, False)),
        ("2024-02-12", (2024, 2, 12, False, False)),
        ("2017?", (2017, None, None, True, False)),
        ("2017~", (2017, None, None, False, True)),
        ("2017%", (2017, None, None, True, True)),
        ("2024-02-29", (2024, 2, 29, False, False)),
        ("2000-02-29~", (2000, 2, 29, False, True)),
        ("0001-01-01", (1, 1, 1, False, False)),
        ("9999-12-31%", (9999, 12, 31, True, True)),
    ],
)
def test_parse(text: str, fields: tuple[object, ...]) -> None:
    d = PartialDate.parse(text)
    assert (d.year, d.month, d.day, d.uncertain, d.approximate) == fields
    assert str(d) == text


@pytest.mark.parametrize(
    ("text", "precision"),
    [("2017", Precision.YEAR), ("2017-03?", Precision.MONTH), ("2017-03-04~", Precision.DAY)],
)
def test_precision(text: str, precision: Precision) -> None:
    assert PartialDate.parse(text).precision is precision


@pytest.mark.parametrize(
    "text",
    [
        "2023-02-29",
        "1900-02-29",
        "2024-04-31",
        "2024-13",
        "2024-00",
        "2024-01-00",
        "2024-01-32",
        "0000",
        "0000-01-01",
        "\u0662\u0660\u0662\u0664",  # Arabic-Indic digits for 2024
        "\uff12\uff10\uff12\uff14",  # full-width digits
        "2024-1",
        "2024-01-1",
        "24",
        "20240",
        "-2024",
        "+2024",
        "2024-02-12T10:00",
        "2024/2025",
        "2024..",
        "2024?~",
        "?2024",
        "2024-02-12 ",
        " 2024",
        "2024\n",
        "2024-XX",
        "201X",
        "Y12345",
        "21st century",
        "",
        "2024-02-",
    ],
)
def test_invalid(text: str) -> None:
    with pytest.raises(DateError):
        PartialDate.parse(text)


def test_error_messages_say_why() -> None:
    with pytest.raises(DateError, match="Feb 2023 has 28 days"):
        PartialDate.parse("2023-02-29")
    with pytest.raises(DateError, match="month 13"):
        PartialDate.parse("2024-13")
    with pytest.raises(DateError, match="year 0000"):
        PartialDate.parse("0000")
    with pytest.raises(DateError, match="YYYY-MM-DD"):
        PartialDate.parse("2024-1")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2017", "2017"),
        ("2024-02", "Feb 2024"),
        ("2024-02-12", "12 Feb 2024"),
        ("2017~", "c. 2017"),
        ("2024-02?", "Feb 2024?"),
        ("2024-02-01%", "c. 1 Feb 2024?"),
        ("0005", "5"),
    ],
)
def test_display(text: str, shown: str) -> None:
    assert PartialDate.parse(text).display() == shown


def test_iso_drops_the_qualifier() -> None:
    assert PartialDate.parse("2024-02%").iso() == "2024-02"
    assert PartialDate.parse("0042").iso() == "0042"


@pytest.mark.parametrize(
    ("text", "lower", "upper"),
    [
        ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023-02", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ("2024-02-12~", dt.date(2024, 2, 12), dt.date(2024, 2, 12)),
        ("9999", dt.date(9999, 1, 1), dt.date(9999, 12, 31)),
    ],
)
def test_bounds(text: str, lower: dt.date, upper: dt.date) -> None:
    d = PartialDate.parse(text)
    assert (d.lower(), d.upper()) == (lower, upper)


def test_sort_is_precision_aware() -> None:
    texts = ["2024-01-01~", "2023-12-31", "2024-01", "2024-01-01", "2024", "2024?", "2024-02"]
    ordered = [str(d) for d in sorted(PartialDate.parse(t) for t in texts)]
    assert ordered == [
        "2023-12-31",
        "2024",
        "2024?",
        "2024-01",
        "2024-01-01",
        "2024-01-01~",
        "2024-02",
    ]


def test_equality_and_hash_keep_precision_and_qualifier() -> None:
    assert PartialDate.parse("2024") == PartialDate.parse("2024")
    assert PartialDate.parse("2024") != PartialDate.parse("2024-01")
    assert PartialDate.parse("2024") != PartialDate.parse("2024~")
    assert len({PartialDate.parse("2024"), PartialDate.parse("2024")}) == 1


def test_display_range() -> None:
    start, end = PartialDate.parse("2017"), PartialDate.parse("2022-05")
    assert display_range(start, end) == "2017 – May 2022"
    assert display_range(start, None) == "2017"
    assert display_range(start, None, ongoing="present") == "2017 – present"
    assert display_range(start, PartialDate.parse("2017")) == "2017"


# -- Properties -----------------------------------------------------------------------


@st.composite
def valid_dates(draw: st.DrawFn) -> tuple[str, tuple[int, int | None, int | None, str]]:
    year = draw(st.integers(1, 9999))
    precision = draw(st.sampled_from(Precision))
    month = draw(st.integers(1, 12)) if precision >= Precision.MONTH else None
    day = (
        draw(st.integers(1, calendar.monthrange(year, month)[1]))
        if precision is Precision.DAY and month
        else None
    )
    qualifier = draw(st.sampled_from(["", "?", "~", "%"]))
    text = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    return text + qualifier, (year, month, day, qualifier)


@given(valid_dates())
def test_valid_dates_round_trip(case: tuple[str, tuple[int, int | None, int | None, str]]) -> None:
    text, (year, month, day, qualifier) = case
    d = PartialDate.parse(text)
    assert (d.year, d.month, d.day, d.qualifier) == (year, month, day, qualifier)
    assert str(d) == text
    assert PartialDate.parse(str(d)) == d
    assert d.display()
    assert str(year) in d.display()
    assert d.lower() <= d.upper()
    assert d.lower().year == d.upper().year == year
    assert PartialDate.parse(d.iso()).lower() == d.lower()


@given(valid_dates(), valid_dates())
def test_order_follows_the_earliest_day(a: tuple[str, object], b: tuple[str, object]) -> None:
    da, db = PartialDate.parse(a[0]), PartialDate.parse(b[0])
    if da.lower() < db.lower():
        assert da < db
    if da < db:
        assert not db < da
        assert da.lower() <= db.lower()


DATE_ALPHABET = st.sampled_from(list("0123456789-?~%/. XTZ:+u\u0661\uff10\n"))


@given(st.one_of(st.text(), st.text(DATE_ALPHABET, max_size=14)))
def test_arbitrary_text_parses_or_raises_date_error(text: str) -> None:
    try:
        d = PartialDate.parse(text)
    except DateError:
        return
    assert str(d) == text
    assert d.display()
    assert d.lower() <= d.upper()
