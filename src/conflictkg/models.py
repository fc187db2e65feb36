"""Plain data passed between the stages: Article -> Report(s) -> RDF."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Literal

# ACLED inter codes, as ckg:actorKind local names.
ActorKind = Literal[
    "StateForces", "RebelGroup", "PoliticalMilitia", "IdentityMilitia",
    "Rioters", "Protesters", "Civilians", "ExternalForces", "Unidentified",
]
CasualtyType = Literal["Killed", "Injured", "Captured", "Abducted", "Missing"]
Certainty = Literal["Reported", "Claimed", "Disputed", "Denied"]
TimePrecision = Literal["Day", "Week", "Month", "Year", "Unknown"]


@dataclass
class Article:
    """One cleaned article: the body that may yield events plus its metadata."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | dt.datetime | None = None
    publisher: str | None = None
    url: str | None = None
    source: str | None = None  # the file it came from
    published_month_day: str | None = None  # "--06-25" when only day and month are known
    language: str = "en"

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Actor:
    """An actor as resolved by the registry (or minted from its surface name)."""

    key: str  # stable slug, used in its IRI
    label: str
    kind: ActorKind | None = None
    wikidata: str | None = None  # "Q2429253"
    country: str | None = None  # ISO alpha-2
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    """A geocoded place; precision 1 town, 2 near a town / part of a region, 3 province or larger."""

    key: str
    label: str
    lat: float | None
    lon: float | None
    country_code: str | None
    admin1: str | None = None
    precision: int = 1
    geonames_id: int | None = None


@dataclass
class Casualty:
    type: CasualtyType
    min: int | None
    max: int | None = None
    approximate: bool = False
    of_actor: Actor | None = None  # ckg:Civilians is an Actor with kind "Civilians"
    text: str = ""


@dataclass
class TimeSpec:
    """When an event happened, never more precise than the text allows."""

    date: dt.date | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None
    text: str | None = None
    precision: TimePrecision = "Unknown"
    month_day: str | None = None  # "--12-20" when the year is unknown


@dataclass
class Evidence:
    text: str
    start: int
    end: int


@dataclass
class Report:
    """One article's account of one event by one claimant."""

    event_type: str  # local name of a sub-event type concept, e.g. "ArmedClash"
    actor1: Actor | None = None
    actor2: Actor | None = None
    associated: list[Actor] = field(default_factory=list)
    location: Place | None = None
    time: TimeSpec = field(default_factory=TimeSpec)
    casualties: list[Casualty] = field(default_factory=list)
    claimed_by: Actor | None = None
    certainty: Certainty = "Reported"
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    background: bool = False
    lead: bool = False  # the event the article leads with (its headline / lede); at most one per article

    def killed(self) -> tuple[int | None, int | None]:
        """(min, max) total killed over all sides, max None when open-ended."""
        rows = [c for c in self.casualties if c.type == "Killed"]
        if not rows:
            return (None, None)
        lo = sum(c.min or 0 for c in rows)
        hi = None if any(c.max is None for c in rows) else sum(c.max or 0 for c in rows)
        return (lo, hi)
