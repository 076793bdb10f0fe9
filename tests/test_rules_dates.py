"""Rule R203's date reading agrees with the calendar for every date, date-time and year-month."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from teikit.validate.rules import parse_when


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_every_real_date_is_accepted(day):
    assert parse_when(day.isoformat()) == day
    assert parse_when(f"{day.isoformat()}T17:00:00") == day
    assert parse_when(day.strftime("%Y-%m")) == day.replace(day=1)


@given(st.integers(1000, 2999), st.integers(1, 12), st.integers(1, 31))
def test_a_day_is_accepted_exactly_when_the_month_has_it(year, month, day):
    try:
        expected = dt.date(year, month, day)
    except ValueError:
        expected = None
    assert parse_when(f"{year:04}-{month:02}-{day:02}") == expected


@given(st.text(max_size=12))
def test_whatever_is_accepted_starts_with_the_year_it_names(text):
    day = parse_when(text)
    if day is not None:
        assert text.strip()[:4] == f"{day.year:04}"


def test_months_and_times_out_of_range_are_refused():
    assert parse_when("1964-13") is None
    assert parse_when("1964-00-10") is None
    assert parse_when("1964-09-05T25:00") is None
    assert parse_when("0000") is None
