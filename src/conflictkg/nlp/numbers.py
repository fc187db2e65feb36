"""Counts as news text writes them: digits, number words, ranges and vague quantities.

"at least 50" -> min 50 (open); "more than 20" -> min 21; exact "three" -> 3/3;
"dozens" -> min 24, approximate; "up to 10" -> max 10.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
ORDINALS = {"a third": 1, "a second": 1, "a fourth": 1, "a fifth": 1}
# Vague quantities: (min, max, approximate). Plural scale words are lower bounds.
VAGUE = {
    "dozens": (24, None), "scores": (40, None), "hundreds": (200, None), "thousands": (2000, None),
    "tens": (20, None), "several": (3, None), "a few": (2, None), "a number of": (2, None),
    "a couple of": (2, 2), "a dozen": (12, 12), "half a dozen": (6, 6), "a handful of": (3, None),
    "numerous": (2, None), "many": (2, None),
}

_WORD_NUM = (
    r"(?:(?:" + "|".join(sorted(TENS, key=len, reverse=True)) + r")(?:[- ](?:" + "|".join(k for k in UNITS if len(k) > 2) + r"))?"
    r"|" + "|".join(sorted((k for k in UNITS if len(k) > 2), key=len, reverse=True)) + r")"
    r"(?:\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?(?:" + "|".join(sorted(TENS, key=len, reverse=True)) + r"|"
    + "|".join(sorted((k for k in UNITS if len(k) > 2), key=len, reverse=True)) + r"))?)?"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"
NUMBER = rf"(?:{_DIGITS}|{_WORD_NUM})"
_VAGUE_RX = "|".join(re.escape(k) for k in sorted(VAGUE, key=len, reverse=True))
_LOWER_MODS = r"at\s+least|no\s+(?:fewer|less)\s+than|a\s+minimum\s+of|(?:some\s+)?\d+\s+or\s+more"
_MORE_MODS = r"more\s+than|over|in\s+excess\s+of|upwards\s+of|above"
_UPPER_MODS = r"up\s+to|as\s+many\s+as|at\s+most|fewer\s+than|less\s+than|no\s+more\s+than|under"
_APPROX_MODS = r"about|around|approximately|roughly|nearly|almost|some|an\s+estimated|close\s+to|estimated|reportedly"

COUNT = (
    rf"(?:(?:{_LOWER_MODS}|{_MORE_MODS}|{_UPPER_MODS}|{_APPROX_MODS})\s+)?"
    rf"(?:between\s+{NUMBER}\s+and\s+{NUMBER}|\d+\s*[-–]\s*\d+|{NUMBER}\s+to\s+{NUMBER}|{NUMBER}(?:\s+or\s+more)?|{_VAGUE_RX})"
)
COUNT_RE = re.compile(rf"\b{COUNT}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Count:
    min: int | None
    max: int | None
    approximate: bool = False


def word_to_int(text: str) -> int | None:
    """ "twenty-one" -> 21, "1,200" -> 1200, "two hundred" -> 200; None if not a number."""
    t = text.strip().lower().replace(",", "")
    if t.isdigit():
        return int(t)
    total, current = 0, 0
    seen = False
    for w in re.split(r"[\s-]+", t):
        if w == "and":
            continue
        if w in UNITS and w not in ("a", "an"):
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w in SCALES:
            current = max(current, 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_count(text: str) -> Count | None:
    """Parse one count expression (the whole of ``text``)."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    if not t:
        return None
    t = re.sub(r"^(?:another|a further|an additional|further)\s+", "", t)
    if t in ("the victim", "a victim", "the"):
        return Count(1, 1)
    if t in ORDINALS:
        return Count(ORDINALS[t], ORDINALS[t])
    mod = ""
    for name, rx in (("lower", _LOWER_MODS), ("more", _MORE_MODS), ("upper", _UPPER_MODS), ("approx", _APPROX_MODS)):
        m = re.match(rf"(?:{rx})\s+", t)
        if m and not (name == "lower" and re.match(r"\d+\s+or\s+more", t)):
            mod, t = name, t[m.end():]
            break
    if t in VAGUE:
        lo, hi = VAGUE[t]
        if mod == "more":
            hi = None
        return Count(lo, hi, approximate=True)
    if m := re.fullmatch(rf"between ({NUMBER}) and ({NUMBER})", t) or re.fullmatch(r"(\d+) ?[-–] ?(\d+)", t) or re.fullmatch(rf"({NUMBER}) to ({NUMBER})", t):
        a, b = word_to_int(m.group(1)), word_to_int(m.group(2))
        if a is None or b is None:
            return None
        return Count(min(a, b), max(a, b), approximate=mod == "approx")
    open_ended = False
    if m := re.fullmatch(rf"({NUMBER}) or more", t):
        t, open_ended = m.group(1), True
    n = word_to_int(t)
    if n is None:
        if t in ("a", "an", "one"):
            n = 1
        else:
            return None
    if open_ended or mod == "lower":
        return Count(n, None)
    if mod == "more":
        return Count(n + 1, None)
    if mod == "upper":
        return Count(None, n)
    return Count(n, n, approximate=mod == "approx")
