"""Date phrases in news text, resolved against the publication date without inventing a year.

Absolute dates are parsed as written. A day without a year ("on December 20") gets a year only
from the anchor (publication date or dateline); with no anchor it keeps its month and day
(``--12-20``) and no year. Relative phrases ("on Tuesday", "two days ago", "last week",
"earlier this week") resolve against the anchor with the precision they carry.

dateparser is not used for these: it fills a missing year with the current one, which is
exactly the invention the data must not contain. It reads publication-date lines (articles.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..models import TimeSpec
from .numbers import word_to_int

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_M = r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night|midnight|dawn))?"
_PRE = r"(?:(?:late|early)\s+(?:on\s+)?|on\s+(?:the\s+night\s+of\s+)?|around\s+)?"
_SMALL = r"(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"

# Ordered: longer, more precise patterns first; a span is taken by the first pattern that claims it.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [(k, re.compile(p, re.IGNORECASE)) for k, p in [
    ("range", r"\bbetween\s+(?P<a>[^.;]{3,40}?(?:19|20)\d\d)\s+and\s+(?P<b>[^.;]{3,40}?(?:19|20)\d\d)\b"),
    ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    ("dmy", rf"\b{_PRE}{_D}(?:\s+of)?\s+{_M},?\s+{_Y}\b"),
    ("mdy", rf"\b{_PRE}{_M}\s+{_D},?\s+{_Y}\b"),
    ("dm", rf"\b{_PRE}{_D}(?:\s+of)?\s+{_M}(?!\w)"),
    ("md", rf"\b{_PRE}{_M}\s+{_D}(?!\d|\w)"),
    ("my", rf"\b(?:in\s+|early\s+|late\s+|mid-?)?{_M}(?:\s+of)?\s+{_Y}\b"),
    ("since", rf"\b(?:since|in|during|until|by)\s+(?:the\s+)?(?:end\s+of\s+|early\s+|late\s+)?{_Y}\b"),
    ("after", rf"\b{_SMALL}\s+(?P<unit>day|days|week|weeks)\s+(?P<dir>after|before|later|earlier)\b"),
    ("following", r"\b(?:on\s+)?the\s+(?P<which>following|next|same|previous)\s+(?:day|night|morning|evening)\b"),
    ("ago", rf"\b{_SMALL}\s+(?P<unit>day|days|week|weeks|month|months)\s+ago\b"),
    ("weekday", rf"\b(?:(?:late|early)\s+)?(?:on\s+|last\s+|this\s+|(?:late|early)\s+on\s+)?{_WD}{_PART}\b"),
    ("today", r"\b(?:earlier\s+|later\s+)?(?:today|this\s+morning|this\s+afternoon|this\s+evening|tonight|on\s+the\s+same\s+day)\b"),
    ("yesterday", r"\b(?:the\s+day\s+before\s+yesterday|yesterday(?:\s+(?:morning|afternoon|evening))?|last\s+night|overnight)\b"),
    ("thisweek", r"\b(?:earlier\s+this\s+week|this\s+week|since\s+the\s+beginning\s+of\s+this\s+week|over\s+the\s+weekend|this\s+weekend)\b"),
    ("lastweek", r"\b(?:last\s+week|the\s+previous\s+week|last\s+weekend)\b"),
    ("lastmonth", r"\b(?:last\s+month|earlier\s+this\s+month|this\s+month)\b"),
    ("period", r"\b(?:in|over|during)\s+the\s+(?:last|past)\s+(?:few\s+|several\s+|\w+\s+)?(?:days|weeks|months|years)\b"),
]]

BACKGROUND_KINDS = {"range", "since", "period"}


@dataclass
class DateMention:
    kind: str
    text: str
    start: int
    end: int
    groups: dict[str, str | None]


def find_dates(text: str) -> list[DateMention]:
    """Date phrases in ``text``, non-overlapping, in order of appearance."""
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, rx in PATTERNS:
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            if kind in ("dm", "md") and not _plausible_day(m.group("day")):
                continue
            if kind == "md" and m.group("month").lower() == "may" and not re.match(r"\s*\d", text[m.start("day") - 1:]):
                continue
            taken.append((s, e))
            out.append(DateMention(kind, m.group(0), s, e, m.groupdict()))
    out.sort(key=lambda d: d.start)
    return out


def _plausible_day(day: str | None) -> bool:
    return day is not None and 1 <= int(day) <= 31


def _month(name: str | None) -> int:
    return MONTHS[(name or "").lower().rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_bounds(y: int, m: int) -> tuple[dt.date, dt.date]:
    first = dt.date(y, m, 1)
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def _as_date(anchor: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(anchor, dt.datetime):
        return anchor.date()
    return anchor


def resolve(mention: DateMention, anchor: dt.date | dt.datetime | None,
            previous: TimeSpec | None = None) -> TimeSpec:
    """A :class:`TimeSpec` for ``mention``; ``anchor`` is the publication date (or None)."""
    a = _as_date(anchor)
    g = mention.groups
    text = mention.text.strip()
    k = mention.kind
    if k == "iso":
        d = _safe_date(int(g["year"]), int(g["mnum"]), int(g["day"]))  # type: ignore[arg-type]
        return TimeSpec(date=d, text=text, precision="Day") if d else TimeSpec(text=text)
    if k in ("dmy", "mdy"):
        d = _safe_date(int(g["year"]), _month(g["month"]), int(g["day"]))  # type: ignore[arg-type]
        return TimeSpec(date=d, text=text, precision="Day") if d else TimeSpec(text=text)
    if k in ("dm", "md"):
        mo, day = _month(g["month"]), int(g["day"])  # type: ignore[arg-type]
        md = f"--{mo:02d}-{day:02d}"
        if a is None:
            return TimeSpec(text=text, precision="Day", month_day=md)
        d = _safe_date(a.year, mo, day)
        if d is not None and d > a + dt.timedelta(days=1):
            d = _safe_date(a.year - 1, mo, day)
        return TimeSpec(date=d, text=text, precision="Day", month_day=md)
    if k == "my":
        lo, hi = _month_bounds(int(g["year"]), _month(g["month"]))  # type: ignore[arg-type]
        return TimeSpec(earliest=lo, latest=hi, text=text, precision="Month")
    if k == "since":
        y = int(g["year"])  # type: ignore[arg-type]
        if text.lower().startswith(("in ", "during ")):
            return TimeSpec(earliest=dt.date(y, 1, 1), latest=dt.date(y, 12, 31), text=text, precision="Year")
        return TimeSpec(text=text, precision="Unknown")
    if k == "range":
        lo_m = find_dates(g["a"] or "")
        hi_m = find_dates(g["b"] or "")
        lo = resolve(lo_m[0], anchor) if lo_m else None
        hi = resolve(hi_m[0], anchor) if hi_m else None
        return TimeSpec(earliest=lo.date or lo.earliest if lo else None,
                        latest=hi.date or hi.latest if hi else None, text=text, precision="Unknown")
    if k in ("after", "following"):
        n = 1
        if k == "after":
            n = word_to_int(g["n"] or "") or 1  # type: ignore[assignment]
            if (g["unit"] or "").startswith("week"):
                n *= 7
            if (g["dir"] or "") in ("before", "earlier"):
                n = -n
        else:
            which = (g["which"] or "").lower()
            n = {"following": 1, "next": 1, "same": 0, "previous": -1}[which]
        if previous is not None and previous.date is not None:
            return TimeSpec(date=previous.date + dt.timedelta(days=n), text=text, precision="Day")
        if previous is not None and previous.month_day:
            # A leap year lets --02-29 shift too; only month and day are kept.
            base = dt.date(2000, int(previous.month_day[2:4]), int(previous.month_day[5:7]))
            shifted = base + dt.timedelta(days=n)
            return TimeSpec(text=text, precision="Day", month_day=f"--{shifted.month:02d}-{shifted.day:02d}")
        return TimeSpec(text=text)
    if a is None:
        return TimeSpec(text=text, precision="Unknown")
    if k == "weekday":
        wd = WEEKDAYS[(g["weekday"] or "").lower()]
        back = (a.weekday() - wd) % 7
        if text.lower().startswith("last ") and back == 0:
            back = 7
        return TimeSpec(date=a - dt.timedelta(days=back), text=text, precision="Day")
    if k == "today":
        return TimeSpec(date=a, text=text, precision="Day")
    if k == "yesterday":
        back = 2 if "before" in text.lower() else 1
        if text.lower() == "overnight":
            back = 0
        return TimeSpec(date=a - dt.timedelta(days=back), text=text, precision="Day")
    if k == "ago":
        n = word_to_int(g["n"] or "") or 1
        unit = (g["unit"] or "").lower()
        if unit.startswith("day"):
            return TimeSpec(date=a - dt.timedelta(days=n), text=text, precision="Day")
        if unit.startswith("week"):
            c = a - dt.timedelta(days=7 * n)
            return TimeSpec(earliest=c - dt.timedelta(days=3), latest=c + dt.timedelta(days=3), text=text, precision="Week")
        y, m = a.year, a.month - n
        while m <= 0:
            y, m = y - 1, m + 12
        lo, hi = _month_bounds(y, m)
        return TimeSpec(earliest=lo, latest=hi, text=text, precision="Month")
    if k == "thisweek":
        monday = a - dt.timedelta(days=a.weekday())
        if "weekend" in text.lower():
            sat = a - dt.timedelta(days=(a.weekday() - 5) % 7)
            return TimeSpec(earliest=sat, latest=min(a, sat + dt.timedelta(days=1)), text=text, precision="Week")
        return TimeSpec(earliest=monday, latest=a, text=text, precision="Week")
    if k == "lastweek":
        monday = a - dt.timedelta(days=a.weekday() + 7)
        return TimeSpec(earliest=monday, latest=monday + dt.timedelta(days=6), text=text, precision="Week")
    if k == "lastmonth":
        if text.lower().startswith("last"):
            y, m = (a.year, a.month - 1) if a.month > 1 else (a.year - 1, 12)
            lo, hi = _month_bounds(y, m)
            return TimeSpec(earliest=lo, latest=hi, text=text, precision="Month")
        return TimeSpec(earliest=a.replace(day=1), latest=a, text=text, precision="Month")
    return TimeSpec(text=text, precision="Unknown")


def publication_fallback(anchor: dt.date | dt.datetime | None) -> TimeSpec:
    """No date phrase: the event happened on or before publication; nothing more is claimed."""
    a = _as_date(anchor)
    if a is None:
        return TimeSpec(precision="Unknown")
    return TimeSpec(latest=a, precision="Unknown")
