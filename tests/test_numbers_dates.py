"""Counts and dates as news text writes them; no year is ever invented."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictkg.nlp.dates import find_dates, resolve
from conflictkg.nlp.numbers import Count, parse_count


@pytest.mark.parametrize("text,expected", [
    ("at least 50", Count(50, None)), ("more than 20", Count(21, None)), ("three", Count(3, 3)),
    ("dozens", Count(24, None, True)), ("scores", Count(40, None, True)), ("up to 10", Count(None, 10)),
    ("twenty-one", Count(21, 21)), ("1,200", Count(1200, 1200)), ("between 5 and 7", Count(5, 7)),
    ("3-5", Count(3, 5)), ("about 20", Count(20, 20, True)), ("over 60", Count(61, None)),
    ("two hundred", Count(200, 200)), ("10 or more", Count(10, None)), ("a third", Count(1, 1)),
])
def test_parse_count(text, expected):
    assert parse_count(text) == expected


def test_parse_count_rejects_non_numbers():
    assert parse_count("soldiers") is None


def _one(text, anchor=None, previous=None):
    ms = find_dates(text)
    assert ms, text
    return resolve(ms[0], anchor, previous)


def test_day_without_year_in_undated_article_keeps_month_day_only():
    t = _one("Late on December 20, gunmen attacked a post")
    assert t.date is None and t.month_day == "--12-20" and t.text == "Late on December 20"


def test_day_without_year_takes_the_year_of_the_anchor_and_never_the_future():
    assert _one("on December 20", dt.date(2017, 1, 28)).date == dt.date(2016, 12, 20)
    assert _one("on January 20", dt.date(2017, 1, 28)).date == dt.date(2017, 1, 20)


def test_absolute_dates():
    assert _one("On 9 May 2020, clashes").date == dt.date(2020, 5, 9)
    assert _one("on March 14, 2016 the").date == dt.date(2016, 3, 14)
    assert _one("in 2024-02-03 reports").date == dt.date(2024, 2, 3)


def test_weekday_relative_to_publication():
    a = dt.date(2024, 3, 6)  # a Wednesday
    t = _one("on Tuesday evening", a)
    assert t.date == dt.date(2024, 3, 5) and t.precision == "Day"
    assert _one("on Wednesday", a).date == a
    assert _one("on Tuesday", None).date is None


@pytest.mark.parametrize("phrase,expected", [
    ("two days ago", (dt.date(2024, 3, 4), None, None, "Day")),
    ("yesterday", (dt.date(2024, 3, 5), None, None, "Day")),
    ("last week", (None, dt.date(2024, 2, 26), dt.date(2024, 3, 3), "Week")),
    ("earlier this week", (None, dt.date(2024, 3, 4), dt.date(2024, 3, 6), "Week")),
    ("last month", (None, dt.date(2024, 2, 1), dt.date(2024, 2, 29), "Month")),
])
def test_relative_phrases(phrase, expected):
    t = _one(phrase, dt.date(2024, 3, 6))
    assert (t.date, t.earliest, t.latest, t.precision) == expected


def test_relative_to_previous_event_month_day():
    from conflictkg.models import TimeSpec
    prev = TimeSpec(month_day="--06-23", precision="Day")
    t = _one("Two days after the attack, jets struck", None, prev)
    assert t.month_day == "--06-25" and t.date is None


def test_ranges_and_periods_are_found():
    kinds = [m.kind for m in find_dates("Between September 30, 2015 and March 14, 2016, and since 2011, and in the last few months")]
    assert kinds == ["range", "since", "period"]
