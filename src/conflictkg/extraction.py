"""Article + spaCy Doc -> Reports: one per distinct event the article asserts (and per claimant).

The extractor works sentence by sentence. Cue phrases (data/cues.yaml) propose event frames;
the dependency parse says who did what to whom (passive voice and "X repelled Y's assault"
included); the gazetteer places them; date phrases are resolved against the publication date;
casualty phrases are counted. Frames that describe the same event (a definite "the attack",
"the town", "there", the same actors at a compatible place within a short distance) are merged,
so a story told over five sentences is one Report. Hypothetical, planned and background
mentions get no Report or a low confidence.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from .models import Actor, Article, Casualty, Evidence, Place, Report, TimeSpec
from .nlp.actors import CLAIMANT_LABEL
from .nlp.dates import BACKGROUND_KINDS, DateMention, find_dates, publication_fallback, resolve
from .nlp.numbers import COUNT, parse_count
from .nlp.places import ADMIN1_ABBREVIATIONS, DEMONYMS, TOWN_KINDS, _haversine_km, name_key, same_admin1

# --- lexicons -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cues:
    triggers: list[tuple[str, re.Pattern[str]]]
    priority: dict[str, int]
    hypothetical: re.Pattern[str]
    background: re.Pattern[str]
    reporting: frozenset[str]
    denial: re.Pattern[str]


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    data = yaml.safe_load(resources.files("conflictkg").joinpath("data/cues.yaml").read_text("utf-8"))
    triggers = []
    priority = {}
    for rank, (kind, pats) in enumerate(data["triggers"].items()):
        priority[kind] = rank
        for p in pats:
            triggers.append((kind, re.compile(rf"(?<![\w-])(?:{p})(?![\w])", re.IGNORECASE)))

    def union(ps: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in ps), re.IGNORECASE)

    return Cues(triggers, priority, union(data["hypothetical"]), union(data["background"]),
                frozenset(data["reporting"]), union(data["denial"]))


STATE_WORDS = re.compile(
    r"^(?:(?:the|its|their|our)\s+)?(?:(?:government|regime|state|security|armed|military|syrian|iraqi|afghan|nigerian|army|"
    r"pro-?(?:government|regime|assad)|loyalist|national)\s+)*(?:army|troops|soldiers|forces|military|servicemen|"
    r"army men|policemen|police|police officers|officers|security personnel|personnel|guards|gendarmes|gendarmerie|"
    r"army soldiers|army troops|the army)$", re.I)
CIVILIAN_WORDS = re.compile(
    r"\b(?:civilians?|residents?|villagers?|people|persons?|children|child|women|woman|men|man|boys?|girls?|"
    r"farmers?|students?|pupils?|worshippers?|passengers?|shoppers?|pedestrians?|family|families|"
    r"journalists?|reporters?|teachers?|doctors?|nurses?|aid workers?|workers?|traders?|herders?|fishermen|"
    r"displaced|refugees?|locals?|inhabitants?|citizens?|elderly|infants?|babies|baby|minors?|"
    r"motorists?|drivers?|travell?ers?|mourners?|guests?|customers?|patients?|pilgrims?|"
    r"protesters?|demonstrators?|individuals?|bodies|body)\b", re.I)
ARMED_ANAPHORA = re.compile(
    r"\b(?:terrorists?|militants?|jihadists?|insurgents?|extremists?|fighters?|rebels?|gunmen|the group|"
    r"terrorist group|radical group|armed group|group|group's|militiamen|remnants|cells?|they|them|their)\b", re.I)
UNIDENTIFIED = re.compile(
    r"\b(?:(?:unidentified|unknown|suspected|masked|armed)\s+(?:gunmen|assailants|attackers|men|militants|individuals|persons)|"
    r"gunmen|assailants|attackers|bandits|armed men)\b", re.I)
LIGHT_VERBS = {"launch", "carry", "stage", "conduct", "mount", "wage", "execute", "perpetrate", "unleash",
               "begin", "start", "continue", "resume", "intensify", "step", "make", "lead", "spearhead", "undertake"}
REPEL_VERBS = {"repel", "repulse", "foil", "thwart", "fend", "rebuff", "withstand"}
LOC_PREPS = {"in", "at", "near", "around", "outside", "inside", "on", "across", "along", "into", "within", "of", "to"}
PLACE_HEADS = r"(?:town|village|city|district|area|region|province|governorate|neighbou?rhood|camp|suburb|outskirts|locality|hamlet|municipality|county|commune|state|prefecture|oblast|settlement|quarter|island|valley)"
# A lowercase particle counts only before another capitalised word ("Rio de Janeiro"), never as the
# start of a lowercase one ("in Kyiv demanding" is not "Kyiv de", "in Gaza yesterday" not "Gaza y").
CAP = (r"(?:[A-Z][\w'’`-]*|(?:al|el|as|ad|ar|ash|an|az|at|adh)-[A-Z][\w'’`-]*|(?:al|el|ad|ar|ash|az|ez|es|ibn|bin|de|du|la|le|"
       r"do|da|dos|das|del|di|los|las|y|sub|imeni)(?=[\s-](?:[A-Z]|(?:de|la|los|las|del|sub|y)[\s-][A-Z])))")
NAME = rf"(?:[A-Z][\w'’`-]*|(?:al|el|as|ad|ar|ash|an|az|at|adh)-[A-Z][\w'’`-]*)(?:[\s-](?:{CAP})){{0,5}}"
PLACE_PATTERNS = [
    re.compile(rf"\b{PLACE_HEADS}s?\s+of\s+(?P<name>{NAME})"),
    re.compile(rf"\b(?:in|near|at|outside|around|into|across|toward|towards|on|of|from|east of|west of|north of|south of|northeast of|northwest of|southeast of|southwest of)\s+(?:the\s+)?(?P<name>{NAME})"),
    # "on Syrian city Aleppo", "the capital Damascus", "rebel-held Aleppo"
    re.compile(rf"\b(?:city|town|village|capital|[A-Za-z]+-(?:held|controlled|besieged|occupied|run))\s+(?P<name>{NAME})"),
    # "blocked the Taalabaya highway", "the Rashayya-Masnaa road": a road named for the places it joins
    re.compile(rf"\bthe\s+(?P<name>{NAME})\s+(?:road|highway|roundabout|bridge|junction|motorway|bypass|crossing)\b"),
    # "Aleppo bomb blast kills six" (a headline): the place names the event it modifies
    re.compile(rf"(?:^|\.\s+|\d{{4}}\s+)(?P<name>{NAME})\s+(?:car\s+)?(?:bomb|blast|bombing|explosion|attack|air\s?strikes?|"
               r"strikes?|shelling|clashes|raid|massacre|offensive|suicide)\b"),
]
REGION_RX = re.compile(
    r"\b(?:the\s+)?(?:(?:north|south|east|west)(?:ern|-eastern|-western|eastern|western)?|central|rural|northeastern|northwestern|southeastern|southwestern|eastern|western|northern|southern)\s+"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})(?:'s)?\s+(?:countryside|province|governorate|desert|suburbs|region|area|outskirts|state|district|oblast|plains|mountains|hills|border)\b"
    r"|\b(?P<name2>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s+(?i:countryside|province|governorate|desert|suburbs|state|oblast|region)\b"
    rf"|\b(?:the\s+)?(?:(?:northern|southern|eastern|western|central)\s+)?(?:countryside|province|governorate|suburbs|outskirts|desert) of (?P<name3>{NAME})"
    r"|\b(?:northern|southern|eastern|western|central|northeastern|northwestern|southeastern|southwestern|rural)\s+(?P<name4>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")
CLAIM_RX = re.compile(
    r"\baccording to (?:a |an |the )?(?P<a>[^,.;]{2,80}?)(?=[,.;]|$| (?:as|which|who|that)\b)"
    r"|(?P<b>(?:[A-Z][\w'’-]+\s+){0,5}(?:news agency|agency|ministry|observatory|spokesman|spokesperson|sources?|officials?|activists?|monitor|media|statement)?)\s*(?:said|says|reported|reports|claimed|claims|announced|stated|confirmed|told)\b", re.I)
DEFINITE_REF = re.compile(
    r"\b(?:the|this|that|its|their|the same)\s+(?:\w+\s+){0,2}(?:attack|assault|incident|clashes|clash|fighting|strikes?|"
    r"air ?strikes?|raid|bombing|explosion|blast|ambush|offensive|operation|shelling|battle|attacks|town|city|village|"
    r"checkpoint|area|position|base|convoy)\b(?!\s+of\s+[A-Z])|\bthere\b", re.I)
NEW_TOPIC = re.compile(r"^\s*(?:in (?:another|a separate|other) (?:development|incident|attack)|separately|meanwhile|"
                       r"in the meantime|elsewhere|in other news|also on|in a (?:separate|similar) (?:incident|attack))\b", re.I)
QUOTE_OPEN = "\"“"


# --- frames ---------------------------------------------------------------------------------


@dataclass
class Frame:
    """An event candidate: what one or more sentences say about one event."""

    kinds: list[str]
    sents: list[int]
    actor1: Actor | None = None
    actor2: Actor | None = None
    associated: list[Actor] = field(default_factory=list)
    place: Place | None = None
    time: TimeSpec | None = None
    report_latest: dt.date | None = None
    casualties: list[Casualty] = field(default_factory=list)
    # Who gave each toll, how sure, and in which sentence (parallel to ``casualties``).
    cas_meta: list[tuple[Actor | None, str, int]] = field(default_factory=list)
    # Accounts without a toll of their own: denials, claims of responsibility.
    extra_claims: list[tuple[Actor, str, int]] = field(default_factory=list)
    responsible: Actor | None = None
    claimant: Actor | None = None
    certainty: str = "Reported"
    background: bool = False
    anaphoric: bool = False
    explicit_actor1: bool = False
    new_topic: bool = False
    also: bool = False
    repel: bool = False
    cue_text: str = ""
    cue_start: int = 0
    merged_into: "Frame | None" = None

    def kind(self, priority: dict[str, int]) -> str:
        return min(self.kinds, key=lambda k: priority.get(k, 99))


FAMILIES = {
    "violence": "battle", "territory": "battle", "killing": "any",
    "ArmedClash": "battle", "GovernmentRegainsTerritory": "battle", "NonStateActorOvertakesTerritory": "battle",
    "ChemicalWeapon": "remote", "AirDroneStrike": "remote", "SuicideBomb": "remote",
    "ShellingArtilleryMissileAttack": "remote", "RemoteExplosiveLandmineIED": "remote", "Grenade": "remote",
    "SexualViolence": "vac", "Attack": "battle", "AbductionForcedDisappearance": "vac",
    "PeacefulProtest": "protest", "ProtestWithIntervention": "protest", "ExcessiveForceAgainstProtesters": "protest",
    "ViolentDemonstration": "protest", "MobViolence": "riot",
    "Agreement": "strategic", "Arrests": "strategic", "ChangeToGroupActivity": "strategic",
    "DisruptedWeaponsUse": "strategic", "HeadquartersOrBaseEstablished": "strategic",
    "LootingPropertyDestruction": "any", "NonViolentTransferOfTerritory": "strategic", "Other": "strategic",
}


def _families(kinds: list[str]) -> set[str]:
    return {FAMILIES.get(k, "any") for k in kinds}


def _compatible_kinds(a: list[str], b: list[str], across: bool = False) -> bool:
    """Whether two frames' kinds can be one event; ``across`` sentences only the same family
    (or a generic fight/killing word) merges, so a car bomb after a takeover stays its own event."""
    fa, fb = _families(a), _families(b)
    if "any" in fa or "any" in fb:
        return True
    if ("protest" in fa and "Arrests" in b) or ("protest" in fb and "Arrests" in a):
        return True  # "...protested. Police arrested two of them": one event
    if not across and (("protest" in fa and "AbductionForcedDisappearance" in b) or
                       ("protest" in fb and "AbductionForcedDisappearance" in a)):
        return True  # "families who say their sons were kidnapped held a sit-in": the protest's grievance
    if not across and (("Arrests" in a and set(b) <= {"violence"}) or ("Arrests" in b and set(a) <= {"violence"})):
        return True  # "arrested three suspects in a raid": the raid is how the arrest was made
    if across:
        generic = {"violence", "killing"}
        specific_a = {FAMILIES[k] for k in a if k not in generic}
        specific_b = {FAMILIES[k] for k in b if k not in generic}
        if specific_a and specific_b and not (specific_a & specific_b):
            territory = {k for k in a + b if k == "territory"}
            return not territory and bool(fa & fb)
    # Battles and remote violence mix in one story (shelling before a storming); protests do not.
    armed = {"battle", "remote", "vac"}
    return bool(fa & fb) or (fa <= armed and fb <= armed)


# --- the extractor --------------------------------------------------------------------------


class Extractor:
    """Turns one article into Reports; holds the loaded NLP resources."""

    def __init__(self, nlp: Any, registry: Any, gazetteer: Any) -> None:
        self.nlp = nlp
        self.registry = registry
        self.gazetteer = gazetteer
        self.cues = load_cues()

    # public -----------------------------------------------------------------------------
    def extract(self, article: Article, doc: Doc | None = None) -> list[Report]:
        doc = doc if doc is not None else self.nlp(article.text)
        ctx = _Context(self, article, doc)
        return ctx.run()


class _Context:
    """State of one extraction: the article's country, anchor date and recent mentions."""

    def __init__(self, ex: Extractor, article: Article, doc: Doc) -> None:
        self.ex = ex
        self.cues = ex.cues
        self.reg = ex.registry
        self.gaz = ex.gazetteer
        self.article = article
        self.doc = doc
        self.sents = list(doc.sents)
        self.anchor = article.published
        # "the US dollar exchange rate" says nothing of where a Lebanese protest was
        self.named_countries = {cc for ent in doc.ents if ent.label_ in ("GPE", "NORP", "LOC")
                                and not _CURRENCY.match(doc.text, ent.end_char)
                                for cc in [self._country_code(ent.text)] if cc}
        self.country_firm = False  # whether the country came from the places the text names (not its actors)
        self.country = self._country()
        # Provinces the named actors operate in: which namesake a bare village name means.
        self.areas: list[str] = list(dict.fromkeys(
            a for ent in doc.ents if ent.ent_id_ for a in self.reg.areas(ent.ent_id_)))
        self.last_nonstate: Actor | None = None
        self.nonstate_history: list[Actor] = []
        self.last_state: Actor | None = None
        self.last_claimant: Actor | None = None
        self.frames: list[Frame] = []
        m = _DATELINE_RX.match(doc.text)
        self.dateline_end = m.end() if m else 0
        self.recent_places: list[tuple[int, Place]] = []
        self.recent_dates: list[tuple[int, TimeSpec]] = []
        self.focus: tuple[float, float] | None = None
        self.focus_place: Place | None = None
        self.story_admin1: list[str] = []
        self._focus_cache: Place | None | bool = False
        self._named_cache: list[tuple[Place, bool]] | None = None
        self._sent_admin1: list[str] = []
        self._unknown_in_cache: dict[tuple[str, int, str], bool] = {}

    # context ------------------------------------------------------------------------------
    def _country(self) -> str | None:
        body = self.doc.text
        for ent in self.doc.ents:
            # "the Islamic State in Iraq and the Levant" fights in Syria too: a transnational group's
            # name says nothing of where
            if ent.ent_id_ and self._transnational(ent.ent_id_):
                body = body[:ent.start_char] + " " * len(ent.text) + body[ent.end_char:]
        text = " ".join(x for x in (self.article.title, body) if x)
        # "people who came from Syria", "refugees from Venezuela": where they came from, not where it happened
        text = re.sub(r"\bfrom\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?", " ", text)
        text = re.sub(r"\b(?:US|U\.S\.|American|Hong Kong)\s+dollars?\b", " ", text)
        try:
            cc = self.gaz.country_of(text, prefer=self.named_countries)
        except Exception:  # noqa: BLE001 - a context guess must never stop extraction
            cc = None
        if cc is not None:
            self.country_firm = True
            return cc
        # No clear place or country name: the home countries of the local actors and monitors named.
        # (Their vote only breaks ties and fills gaps: "Negros Oriental" alone is Morocco's Oriental.)
        votes: dict[str, int] = {}
        for ent in self.doc.ents:
            if not ent.ent_id_:
                continue
            try:
                a = self.reg.by_key(ent.ent_id_)
            except KeyError:
                continue
            # forces fight abroad as often as at home; those that operate in one country only (the
            # Houthis, the Saudi-led coalition in Yemen) say where as much as a local militia
            if a.country and not self._transnational(ent.ent_id_) and (
                    a.kind not in ("StateForces", "ExternalForces") or self._reach(ent.ent_id_) == 1):
                votes[a.country] = votes.get(a.country, 0) + 1
        if votes:
            best = sorted(votes.items(), key=lambda kv: -kv[1])
            if len(best) == 1 or best[0][1] > best[1][1]:
                return best[0][0]
        return None

    def _reach(self, key: str) -> int:
        """In how many countries the registry's actor ``key`` operates (0: not in the registry)."""
        try:
            return len(self.reg.entry(key).countries)
        except KeyError:
            return 0

    def _transnational(self, key: str) -> bool:
        """Whether the registry's actor ``key`` fights in more than one country."""
        return self._reach(key) > 1

    def _country_code(self, name: str) -> str | None:
        try:
            return self.gaz._country_code(name) or DEMONYMS.get(name)
        except Exception:  # noqa: BLE001 - a context guess must never stop extraction
            return None

    def _country_from(self, sent: Span, actors: list[Actor]) -> str | None:
        """No country from the whole text: the first named place's, else a local actor's."""
        for _, p, _ in self.places_in(sent):
            if p.country_code:
                return p.country_code
        for a in actors:
            if a.country and a.kind not in ("ExternalForces",):
                return a.country
        return None

    # actors -------------------------------------------------------------------------------
    def actor_of_ent(self, ent: Span) -> Actor | None:
        # The ruler's id is the first actor with the alias; resolve() picks by the article's country.
        actor = self.reg.resolve(ent.text, self.country)
        if actor is None and ent.ent_id_:
            if self.country:
                # An alias local to another country ("State Police" is Mexico's, "hunters" a
                # Nigerian militia): here it is at most a role word.
                return self.reg.generic(ent.root.text, self.country)
            try:
                actor = self.reg.by_key(ent.ent_id_)
            except KeyError:
                pass
        return actor

    def actors_in(self, span: Span | list[Token], exclude: set[str] | None = None) -> list[tuple[int, Actor]]:
        """Actors mentioned in a span of tokens, in order: (token index, Actor). Anaphora
        ("the terrorists") resolve to the latest non-state actor not in ``exclude``."""
        toks = list(span)
        if not toks:
            return []
        idxs = {t.i for t in toks}
        found: list[tuple[int, Actor]] = []
        covered: set[int] = set()
        for ent in self.doc.ents:
            if ent.label_ == CLAIMANT_LABEL:
                covered.update(range(ent.start, ent.end))
                continue
            if ent.start in idxs or (ent.end - 1) in idxs:
                actor = self.actor_of_ent(ent) if ent.ent_id_ or ent.label_ in ("ORG", "NORP", "GPE", "PERSON") else None
                if re.match(r"-?(?:linked|affiliated|backed|aligned|allied|inspired|style|loyal|influenced)\b",
                            self.doc.text[ent.end_char:ent.end_char + 12].lstrip(" -")) or \
                        self.doc.text[ent.end_char:ent.end_char + 1] == "-" and \
                        re.match(r"-(?:linked|affiliated|backed|aligned|allied|inspired)", self.doc.text[ent.end_char:]):
                    actor = None  # "the al Qaeda-linked group" is not al-Qaeda
                if re.search(r"\banti-?\s*$", self.doc.text[max(0, ent.start_char - 6):ent.start_char], re.I):
                    actor = None  # "anti-Houthi forces" are the Houthis' enemies
                if actor is not None and (ent.ent_id_ or ent.label_ in ("ORG", "NORP")):
                    found.append((ent.start, actor))
                    end = ent.end
                    # "Al-Nusra Front terrorists", "ISIS militants": the noun is part of the mention.
                    while end < len(self.doc) and end < ent.end + 2 and self.doc[end].pos_ in ("NOUN", "ADJ") and \
                            (ARMED_ANAPHORA.fullmatch(self.doc[end].lower_) or STATE_WORDS.match(self.doc[end].lower_)):
                        end += 1
                    covered.update(range(ent.start, end))
        # Role words and anaphora on tokens outside entities.
        i = 0
        toks_sorted = sorted(toks, key=lambda t: t.i)
        while i < len(toks_sorted):
            t = toks_sorted[i]
            if t.i in covered or t.pos_ not in ("NOUN", "PROPN", "PRON", "DET", "ADJ"):
                i += 1
                continue
            chunk = _np_text(t)
            actor = None
            low = t.lower_
            if t.pos_ == "NOUN" and low in ("forces", "fighters", "troops", "members", "units", "men", "militants") and \
                    any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in t.children) and \
                    self.last_claimant is not None and self.last_claimant.kind not in (None, "Civilians"):
                actor = self.last_claimant  # "it said its forces had fought...": the speaker's own forces
            elif t.pos_ == "NOUN" and (of := [g for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                                               for g in c.children if g.dep_ == "pobj" and g.ent_type_ == "GPE"]) and \
                    (of_actor := self.reg.generic(f"{chunk} of {_np_text(of[0])}", self.country)) is not None:
                actor = of_actor  # "military forces of Armenia": ACLED's wording names the state
            elif t.pos_ in ("NOUN", "PROPN") and low in _STATE_ASSETS and any(
                    c.lower_ in ("government", "regime", "army", "military", "state", "pro-government", "loyalist")
                    for c in t.lefts):
                actor = self.reg.generic("army", self.country)
            elif t.pos_ in ("NOUN", "PROPN") and re.search(
                    r"\b(?:army|troops|soldiers|forces|military|servicemen|police|policemen|gendarmes|personnel|guards)\b", low):
                actor = self.reg.generic(chunk, self.country) or self.reg.generic(t.text, self.country)
                if actor is None and self.last_state is not None and low in ("troops", "soldiers", "forces"):
                    actor = self.last_state
            elif UNIDENTIFIED.fullmatch(low) or (t.pos_ == "NOUN" and UNIDENTIFIED.search(chunk) and low in ("gunmen", "assailants", "attackers", "men", "bandits")):
                actor = self.reg.unidentified(self.country)
            elif t.pos_ in ("NOUN", "PRON", "DET") and ARMED_ANAPHORA.fullmatch(low):
                actor = next((a for a in reversed(self.nonstate_history) if not exclude or a.key not in exclude), None)
            elif t.pos_ == "NOUN" and CIVILIAN_WORDS.fullmatch(low):
                actor = self.reg.civilians()
            if actor is not None:
                found.append((t.i, actor))
            i += 1
        found.sort(key=lambda x: x[0])
        return found

    def explicit_actors(self, sent: Span) -> list[Actor]:
        """Actors named (not referred to) in a sentence, in order."""
        out = []
        for ent in sent.ents:
            if ent.ent_id_ and ent.label_ != CLAIMANT_LABEL:
                a = self.actor_of_ent(ent)
                if a is not None:
                    out.append(a)
        return out

    def note_actors(self, actors: list[Actor]) -> None:
        for a in actors:
            if a.kind == "StateForces":
                self.last_state = a
            elif a.kind in ("RebelGroup", "PoliticalMilitia", "IdentityMilitia", "ExternalForces", None, "Unidentified") \
                    and a.key != "civilians":
                if a.kind != "ExternalForces":
                    self.last_nonstate = a
                    self.nonstate_history = [x for x in self.nonstate_history if x.key != a.key] + [a]

    # places -------------------------------------------------------------------------------
    def places_in(self, sent: Span) -> list[tuple[int, Place, bool]]:
        """Places named in a sentence: (char offset, Place, is_origin) ordered by offset."""
        text = sent.text
        base = sent.start_char
        out: dict[int, tuple[int, Place, bool]] = {}
        actor_chars = set()
        for ent in sent.ents:
            if ent.ent_id_:
                actor_chars.update(range(ent.start_char - base, ent.end_char - base))

        region_chars: set[int] = set()
        sent_admin1: list[str] = []
        stated_admin1: list[str] = []  # provinces given as "Town, Province": firmer than "Aleppo suburbs"
        roads: set[int] = set()  # names of roads ("Murree road"): where they lead, not where it happened

        def add(start: int, name: str, precision: int | None = None, region: bool = False) -> None:
            if start in actor_chars or not name or len(name) < 3:
                return
            if not region and start in region_chars:
                return
            if not region and (_AGENCY_AFTER.match(text, start + len(name.rstrip())) or
                               re.fullmatch(r"[A-Z]{4,}(?: [A-Z]{2,})?", name.strip()) and
                               re.match(r"\s+(?:\(\w+\)\s+)?[-–—]?\s*[A-Z][a-z]", text[start + len(name.strip()):]) and
                               not re.search(r"\b(?:in|of|from|near|at|to)\s+(?:the\s+)?$", text[max(0, start - 20):start])):
                return  # a wire dateline ("MOSCOW Some 120 ...", "in Syria Moscow AFP"): where it was filed
            if not region and re.match(r"\s+(?:[Ss]treet|[Aa]venue|[Bb]oulevard|St\.)\b", text[start + len(name.rstrip()):]):
                return  # "Raju street of Afrin": a street named for a town, not the town
            if not region and (_NEIGHBOURHOOD_WORD.match(text, start) or _NEIGHBOURHOOD_BEFORE.search(text, max(0, start - 20), start)):
                return  # "in Colonia 5 de Mayo", "Colonia Los Olivos": a Mexican city's neighbourhood, not a town
            if not region and _SPEAKS_AFTER.match(text, start + len(name.rstrip())) and \
                    not re.search(r"\b(?:in|of|from|near|at|outside|around|to|into)\s+(?:the\s+)?$", text[max(0, start - 20):start]):
                return  # "Damascus accused ...", "Moscow warned": a government, not a place
            if re.match(rf"[\w'’ -]{{0,40}}?-{_AFFILIATION}\b", text[start:start + 60]) and \
                    re.match(rf"[^-]*-{_AFFILIATION}", text[start:start + len(name) + 12]):
                return  # "the Britain-based Observatory", "Damascus-backed militias": not where it happened
            name = re.sub(r"(?:'s|’s)$", "", name.strip(" ,.;:'’\"“”()"))
            while " " in name and name.rsplit(" ", 1)[1] in DEMONYMS:
                name = name.rsplit(" ", 1)[0]  # "Aleppo Syrian state television": a scrape without commas
            name = re.sub(r"\b([A-Z][a-z]+)s\s+(?=[A-Z])",
                          lambda w: w.group(1) + "'s " if self._country_code(w.group(1)) else w.group(0), name)
            first, _, rest = name.partition(" ")
            if rest and first.endswith("'s") and self._country_code(first[:-2]) and not region:
                name = rest  # "Syrias Idlib": a possessive whose apostrophe the scrape lost
            if (m := re.search(r"\s+([A-Z][a-z]+)'s\b", name)) and self._country_code(m.group(1)) and not region:
                name = name[:m.start()]  # "near Deir al-Zor Syrias SANA agency": the name ends before the possessive
            name = re.sub(r"^(?:the)\s+", "", name, flags=re.I)
            if not name or name.lower() in _NOT_PLACES or \
                    re.fullmatch(r"(?i)(?:north|south|east|west|central)(?:[- ]?(?:east|west))?(?:ern)?(?:\s+parts?)?", name):
                return  # "50 km Northeast of Aleppo": a direction, not North East in Pennsylvania
            if not region and not re.match(r"[A-Z]|(?:al|el|as|ad|ar|an|at|az|ash|adh)[- ][A-Z]|[a-z]{1,3}[A-Z]", name):
                return  # "a ton of marijuana" tagged as a person: a place name is written capitalised
            if re.fullmatch(r"[A-Z][A-Za-z]?[A-Z]{1,4}", name) and not self._country_code(name) and \
                    not (len(name) >= 5 and not self._minor(name.title(), 100_000)):  # "in BEIRUT": a city in capitals
                return  # "between AAS against JaS": acronyms of groups, not Aas in Norway
            if not region and (of := re.search(r"(?<![\w'’-])([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+of\s+$",
                                                text[max(0, start - 40):start])):
                whole = of.group(1) + " of " + re.sub(r"\s+(?:city|town)$", "", name)
                c = self._best_candidate(whole)
                if c is not None and c.match != "skeleton" and _fold(c.name) == _fold(whole):
                    start, name = max(0, start - 40) + of.start(1), whole  # "Port of Spain", not Spain
            if _OFFICE_OF.search(text[max(0, start - 40):start]) or \
                    _OFFICE_IN.search(text[max(0, start - 40):start]) and _SPEAKS_AFTER.match(text, start + len(name)) or \
                    re.search(r"\b(?:talks|negotiations)\s+in\s+$", text[max(0, start - 30):start]) or \
                    re.search(r"\b(?:border|borders|frontier)\s+with\s+(?:the\s+)?$", text[max(0, start - 30):start]):
                return  # "the President of Brazil", "the Syrian side of the border with Iraq": not where it happened
            ctx = sent_admin1 or self.story_admin1
            hint = ctx[0] if ctx else None
            near = self.focus or next(((p.lat, p.lon) for _, p, _ in out.values()
                                       if p.precision == 1 and p.lat is not None and p.lon is not None), None)
            place = self.gaz.region(name, self.country) if region else \
                self.gaz.resolve(name, country=self.country, admin1=hint, near=near)
            if place is not None and self.country is None and self.named_countries and \
                    place.country_code not in self.named_countries:
                # No clear country, but the text names some ("Israeli forces ... Palestinian
                # fishermen ... northern Gaza"): their namesake first.
                alt = next((p for cc in sorted(self.named_countries)
                            for p in [self.gaz.region(name, cc) if region else
                                      self.gaz.resolve(name, country=cc, admin1=hint, near=near)]
                            if p is not None and p.country_code == cc), None)
                if alt is not None and (region or not self._loose(name)):
                    place = alt
            if not region and hint is None and self.areas and (place is None or place.precision <= 2) and \
                    not (place is not None and any(same_admin1(place.admin1, a) for a in self.areas)):
                # The namesake in the provinces where the named actors operate, else none when
                # the one found is a small place elsewhere ("Vodiane" near the Donbas front line).
                hits = [p for area in self.areas
                        for p in [self.gaz.resolve(name, country=self.country, admin1=area, near=near)]
                        if p is not None and same_admin1(p.admin1, area)]
                # A town GeoNames lists (500+ people) before a register's village; villages of the
                # register with namesakes in several of these provinces: none of them.
                towns = [p for p in hits if p.precision == 1]
                alt = towns[0] if towns else hits[0] if len(hits) == 1 else None
                if alt is not None and not self._loose(name):
                    place = alt
                elif place is not None and self._minor(name):
                    place = None
            def elsewhere(place: Place | None, name: str) -> bool:
                # A loose spelling or a small namesake in another province than the one the sentence
                # names ("in Hermosillo, Sonora, ... in Colonia X"): an unknown local name, not that place.
                return place is not None and not region and bool(place.admin1) and _town_point(place) and bool(
                    stated_admin1 and not any(same_admin1(place.admin1, a) for a in stated_admin1) and self._minor(name, 1_000_000)
                    or sent_admin1 and not any(same_admin1(place.admin1, a) for a in sent_admin1) and self._loose(name))

            if elsewhere(place, name):
                place = None
            if place is None and region:
                place = self.gaz.resolve(re.sub(r"^(?:the)\s+", "", name, flags=re.I), country=self.country)
            if place is None and not region and re.search(r"[a-z]-[A-Z]", name):
                # "Khanasser-Ithreya highway", "Aleppo-Khanasser road": the first known end.
                place = next((p for end in re.split(r"-(?=[A-Z])", name)
                              for p in [self.gaz.resolve(end.strip(), country=self.country)] if p is not None), None)
            if place is None and not region and " " in name:
                # "Kafr Sakeer and Babbenes" or "Aleppo city": try the first words alone.
                head = re.split(r"\s+(?:and|&|[Cc]ity|[Tt]own|[Vv]illage|district|Local Government Area|LGA|[Dd]istrict|[Tt]erritory|"
                                r"[Cc]ounty|[Mm]unicipality|[Cc]ommune|[Ss]ub-?county|[Pp]refecture)\b", name)[0]
                if head != name:
                    place = self.gaz.resolve(head, country=self.country)
                    if elsewhere(place, head):
                        place = None  # "Hamirpur village near Rapar town (Kachchh, Gujarat)"
            last = name.rsplit(" ", 1)[-1]
            if place is None and not region and len(name.split()) in (2, 3) and (
                    last in _HEADLINE_SOURCES or (c := self._best_candidate(last)) is not None and
                    c.match != "skeleton" and not self._minor(last, 100_000)):
                # "in Deir Ezzor Monitor", "hit Tartous Homs and Hasakeh": a run that swallowed a
                # headline's source or the next name of a comma-less list; the shorter name counts only
                # when the gazetteer knows it as written
                head = name.rsplit(" ", 1)[0]
                if not self._loose(head) and not self._minor(head, 10_000):
                    place = self.gaz.resolve(head, country=self.country)
                    if elsewhere(place, head):
                        place = None
            if place is None and not region and len(name.split()) >= 2:
                place = self._town_then_province(name)
            if place is not None and place.key.startswith("adm1-") and stated_admin1 and \
                    not any(same_admin1(place.admin1, a) for a in stated_admin1) and \
                    not same_admin1(re.sub(r"^(?:the\s+)|\s+(?:region|province|state|governorate|area|district)$", "",
                                           name, flags=re.I), place.admin1):
                place = None  # "in Itaborai, Rio de Janeiro ... in Itambi region": not Itambé's province far away
            if place is None:
                return
            if self.country and place.country_code and place.country_code != self.country and (
                    _town_point(place) or place.key.startswith("adm1-") and self._far_abroad(place)) and \
                    place.country_code not in self.named_countries:
                return  # a village abroad that the text never puts abroad: a namesake, not this place
            if self.country is None and self.named_countries and place.country_code and \
                    place.country_code not in self.named_countries and self._minor(name, 1_000_000):
                return  # "India and Pakistan exchanged fire across the LoC" is not An Loc, Vietnam
            origin = _origin_before(text, start)
            if _ROAD_AFTER.match(text, start + len(name)) and place.precision == 1:
                precision = 2  # "on Murree road in Rawalpindi", "the Baalbek-Homs road": a road that leads there
                roads.add(start)
            if precision is not None and place.precision < precision:
                place = _with_precision(place, precision)
            prev = out.get(start)
            if prev is None or place.precision < prev[1].precision:
                out[start] = (start, place, origin)

        for m in [*_DIRECTION_OF_RX.finditer(text), *_PART_OF_RX.finditer(text)]:
            # "Al Maleh north of Aleppo": the named place near the reference, else near the reference.
            g = next((k for k in ("2", "3") if m.groupdict().get("name" + k)), "")
            name_at, ref_name, name = m.start("name" + g), m.group("ref" + g), m.group("name" + g)
            while " " in ref_name and ref_name.rsplit(" ", 1)[1] in DEMONYMS:
                ref_name = ref_name.rsplit(" ", 1)[0]
            ref = None if ref_name in DEMONYMS or self._loose(ref_name) else \
                self.gaz.resolve(ref_name, country=self.country)
            if ref is None or ref.lat is None or name_at in actor_chars or name in DEMONYMS or \
                    self.country and ref.country_code != self.country:
                continue
            place = self.gaz.resolve(name, country=ref.country_code, near=(ref.lat, ref.lon), admin1=ref.admin1)
            if place is not None and (place.admin1 != ref.admin1 or place.key.startswith(("adm1-", "country-")) or
                                      self._loose(name) and difflib.SequenceMatcher(
                                          None, name_key(name), name_key(place.label)).ratio() < 0.85 or
                                      ref.precision == 1 and place.lat is not None and
                                      re.search(r"\b(?:area|neighbou?rhood|quarter|suburb)\s+of\b", m.group(0)) and
                                      _haversine_km((place.lat, place.lon), (ref.lat, ref.lon)) > 60):
                # a loose spelling counts only when it is close and in the stated province; a part of a
                # town lies near it ("Palanpur area of Surat city" is not Palanpur, 300 km away)
                place = None
            out[name_at] = (name_at, place or _with_precision(ref, 2), False)
            region_chars.update(range(name_at, m.end()))
        for m in _PLACE_IN_ADMIN_RX.finditer(text):
            n_before = len(sent_admin1)
            a = m.group("a")
            if m.start("name") in actor_chars or re.fullmatch(r"[A-Z][A-Za-z]{1,5}", a) and not a.istitle() and \
                    a not in ADMIN1_ABBREVIATIONS or \
                    a in DEMONYMS or \
                    self.reg.resolve(a, self.country) is not None or \
                    (self.reg.resolve(m.group("name"), self.country) is not None and not self.gaz._country_code(m.group("name"))) or \
                    not re.search(r"(?:\b(?:in|near|at|outside|of|to|from|around|into|toward|towards|on|between|and)\s+(?:the\s+)?"
                                  r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?"
                                  r"|^\s*|,\s*)$",
                                  text[max(0, m.start() - 25):m.start()]) and not self._admin_parenthesis(m):
                continue  # "the Syrian Arab Army (SAA)" is no place
            self._place_in_context(m, out, sent_admin1, region_chars)
            stated_admin1.extend(sent_admin1[n_before:])
        for m in _TRAIL_RX.finditer(text):
            # "... on Congolese soil (Faradje, Haut-Uele)": a bracketed trail after words that are no name
            if m.start() in region_chars or m.start("name") in region_chars or m.start("name") in actor_chars or \
                    m.group("name") in DEMONYMS or self.reg.resolve(m.group("name"), self.country) is not None or \
                    not self._admin_parenthesis(m):
                continue
            n_before = len(sent_admin1)
            self._place_in_context(m, out, sent_admin1, region_chars)
            stated_admin1.extend(sent_admin1[n_before:])
        for m in REGION_RX.finditer(text):
            before = len(out)
            add(m.start(), m.group(0), region=True)
            if len(out) > before:
                region_chars.update(range(m.start(), m.end()))
                got = out[m.start()][1]
                if got.admin1:
                    sent_admin1.append(got.admin1)
        for m in re.finditer(r"\bin\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)", text):
            # "Basira in Deir-ez-Zor": the province stated after a name decides between its namesakes,
            # so a loose spelling of a village in another province is not taken
            if self._unknown_before_in(text, m.start("name"), m.group("name")):
                reg = self.gaz.region(m.group("name"), self.country)
                if reg is not None and reg.admin1:
                    sent_admin1.append(reg.admin1)
        for rx in PLACE_PATTERNS:
            for m in rx.finditer(text):
                name = m.group("name")
                # Trim trailing non-name words the capitalised run swallowed.
                name = re.split(r"\s+(?:on|in|and|after|before|which|where|with|as|to|from|by)\s+", name)[0]
                if re.match(r"[\w'’]+-(?:held|controlled|besieged|occupied|run)\s", name):
                    continue  # "on ISIL-controlled Raqqa": the pattern above takes the name after the holder
                prec = 2 if re.search(r"\b(?:near|outside|around|of)\s*$", text[max(0, m.start()):m.start("name")].lower()) and \
                    re.match(r"(?:near|outside|around|east of|west of|north of|south of|\w+east of|\w+west of)", text[m.start():m.start("name")].lower()) else None
                if any(abs(m.start("name") - s) < 2 for s in out):
                    continue
                if self._unknown_before_in(text, m.start("name"), name) and \
                        not re.match(r"\s+(?:city|town)\b", text[m.start("name") + len(name):], re.I):
                    # "shelled Kinda in Idleb": a place the gazetteer lacks, in the province of that name
                    # (not in its capital city)
                    add(m.start("name"), name, precision=2, region=True)
                    if m.start("name") in out:
                        continue
                add(m.start("name"), name, precision=prec)
        for ent in sent.ents:
            if ent.label_ in ("GPE", "LOC", "FAC") or (ent.label_ in ("ORG", "PERSON", "NORP") and not ent.ent_id_):
                s = ent.start_char - base
                if any(abs(s - k) < 3 for k in out):
                    continue
                follows = text[ent.end_char - base:ent.end_char - base + 20].lower()
                if ent.label_ in ("PERSON", "ORG", "NORP") and not re.match(
                        r"\s+(?:barrier|area|district|village|town|city|highway|road|checkpoint|base|camp|airport|region|"
                        r"countryside|desert|junction|crossing|neighbou?rhood|suburb|outskirts|airbase|square)\b", follows) \
                        and not re.search(
                        r"\b(?:in|near|at|of|outside|around|from|to|on|over|into|toward|towards|across|through|between|and|"
                        r"struck|hit|shelled|bombed|attacked|targeted|stormed|entered|captured|seized|took|retook|"
                        r"recaptured|raided|besieged|pounded|city|town|village|capital|[a-z]+-(?:held|controlled|besieged|occupied|run))\s+(?:the\s+)?$",
                        text[max(0, s - 20):s]) or ent.label_ in ("PERSON", "ORG", "NORP") and re.search(
                        r"\b(?:members?|supporters?|leaders?|head|chief|activists?|militants?|fighters?|commanders?|"
                        r"spokes\w+|officials?|workers?|employees?|students?|founder|followers?)\s+of\s+(?:the\s+)?$",
                        text[max(0, s - 30):s], re.I):
                    continue  # "members of Svoboda" name a party, not the village Svoboda
                add(s, ent.text)
        self._sent_admin1 = sent_admin1
        if any(not p.key.startswith("country-") for _, p, _ in out.values()):
            # "villages in western Yemen (Ad Durayhimi, Al Hudaydah)": the finer place named stands for the country
            out = {k: v for k, v in out.items() if not v[1].key.startswith("country-")}
        for m in _NEIGHBOURHOODS_RX.finditer(text):
            # "shells hit al-Midan and al-Ashrafiyeh neighbourhoods": parts of the city the story is
            # about, not towns of the same name elsewhere
            here = [p for k, p, _ in out.values() if p.precision == 1 and k < m.start()]
            city = here[-1] if here else self.focus_place
            if city is not None and city.precision == 1:
                for g in ("name", "name2"):
                    if m.group(g):
                        out[m.start(g)] = (m.start(g), _with_precision(city, 2), False)
        if any(k not in roads for k in out):
            out = {k: v for k, v in out.items() if k not in roads}
        spots = sorted(out)
        for prev_at, at in zip(spots, spots[1:]):
            # "civilians in Al Bab in Aleppo": a town, then the province it lies in, whose capital
            # bears its name (Aleppo, Idlib, Hama) — the province, not a second place in its capital
            town, p = out[prev_at][1], out[at][1]
            if p.precision == 1 and town.precision <= 2 and town.key != p.key and same_admin1(town.admin1, p.admin1) and \
                    same_admin1(p.label, p.admin1) and \
                    re.fullmatch(r"[A-Z][\w'’ -]{0,40}?\s+(?:(?:town|city|village|area)\s+)?in\s+(?:the\s+)?", text[prev_at:at]) and \
                    not re.match(r"[A-Z][\w'’-]*(?:[\s-][A-Z][\w'’-]*)*\s+(?:city|town)\b", text[at:]):
                province = self.gaz.admin1_place(p.country_code, p.admin1)
                if province is not None:
                    out[at] = (at, province, out[at][2])
        for m in _CITY_PART_RX.finditer(text):
            # "the city's Kyivskyi district": part of the city the story is about.
            here = [p for k, p, _ in out.values() if p.precision == 1 and k != m.start("name")]
            city = here[0] if here else self.focus_place
            if city is not None:
                out[m.start("name")] = (m.start("name"), _with_precision(city, 2), False)
        return sorted(out.values(), key=lambda x: x[0])

    # main loop ----------------------------------------------------------------------------
    def run(self) -> list[Report]:
        in_quote_speaker: Actor | None = None
        for si, sent in enumerate(self.sents):
            text = sent.text.strip()
            if not text or len(text.split()) < 3 and not re.match(r"\d+ (?:fatalit|dead|killed|deaths)", text):
                continue  # "1 fatality." is a toll line; other fragments are noise
            explicit = self.explicit_actors(sent)
            self.note_actors(explicit)
            if self.country is None:
                self.country = self._country_from(sent, explicit)
            frames = self.frames_of_sentence(si, sent)
            if frames and all(f.kinds == ["killing"] for f in frames) and self.recent_frame(si, sent) is not None:
                frames = []  # "Eight soldiers were killed": the toll of the event just told
            claimant, certainty = self.claim_of(sent)
            responsible = self.responsibility(sent)
            if responsible is not None:
                target = frames[0] if frames else self.recent_frame(si, sent)
                if target is not None:
                    target.responsible = target.responsible or responsible
            if claimant is None and text[:1] in QUOTE_OPEN:
                claimant = in_quote_speaker
            if claimant is not None:
                self.last_claimant = claimant
            casualties = self.casualties_in(sent)
            if frames:
                for f in frames:
                    if claimant is not None and f.claimant is None:
                        f.claimant, f.certainty = claimant, certainty
                    elif certainty == "Denied":
                        f.certainty = "Denied"
                    self.merge_or_add(f)
                # Casualties go to the frame whose cue sits closest to their phrase.
                for c, pos in casualties:
                    target = self._frame_for_casualty(min(frames, key=lambda f: abs(f.cue_start - pos)))
                    self._add_casualty(target, c, claimant, certainty, si)
            else:
                target = self.recent_frame(si, sent)
                if target is not None:
                    for c, _ in casualties:
                        self._add_casualty(target, c, claimant, certainty, si)
                    if claimant is not None and target.claimant is None:
                        target.claimant, target.certainty = claimant, certainty
                    if si not in target.sents and (casualties or DEFINITE_REF.search(text)):
                        target.sents.append(si)
                    if DEFINITE_REF.search(text) or _coarse(target.place):
                        # "... in northern Syria." then "... near the town of X": the story goes on.
                        self._refine_place(target, sent)
            self._note_places(si, sent)
            self._note_dates(si, sent)
            in_quote_speaker = claimant or in_quote_speaker
        reports = self.to_reports()
        self._mark_lead(reports)
        return reports

    def _lede_end(self) -> int:
        """Where the lede ends: the headline, when the text opens with it, and the next two sentences."""
        title = (self.article.title or "").strip()
        after = len(title) if title and self.doc.text.lstrip().startswith(title) else 0
        # a scrape often repeats the headline above the body: the repeat is no sentence of the lede,
        # nor are the fragments ("ISIL", "Jun 2014") a tagger cuts from a run-on dateline
        ends = [s.end_char for s in self.sents if s.start_char >= after and len(s.text.split()) >= 6 and
                not (title and _fold(title) in _fold(s.text)[:len(_fold(title)) + 30] and
                     len(s.text.strip()) < len(title) + 40)]
        return ends[min(1, len(ends) - 1)] if ends else len(self.doc.text)

    def _mark_lead(self, reports: list[Report]) -> None:
        """Mark the event the article leads with. A wire story tells its news in the headline and
        lede and then turns to other fronts, so the lead is the lede's report, unless the
        lede's best is far less certain than the article's best (then that best); a report that
        places the event beats one that names only a country."""
        told = [r for r in reports if not r.background]
        if not told:
            return
        best = max(r.confidence for r in told)
        end = self._lede_end()
        lede = [r for r in told if r.evidence and r.evidence[0].start < end and r.confidence >= best - 0.2]
        if lede:
            lead = max(lede, key=lambda r: (not _coarse(r.location), r.confidence, -r.evidence[0].start))
        else:
            lead = next(r for r in told if r.confidence == best)
        lead.lead = True

    def _note_dates(self, si: int, sent: Span) -> None:
        for d in find_dates(sent.text):
            if d.kind in ("dmy", "mdy", "iso", "dm", "md") and sent.start_char + d.start >= self.dateline_end:
                ts = resolve(d, self.anchor)
                if ts.date is not None or ts.month_day is not None:
                    ref = ts.date
                    anchor = self.anchor.date() if isinstance(self.anchor, dt.datetime) else self.anchor
                    if not (ref and anchor and (anchor - ref).days > 60):
                        self.recent_dates.append((si, ts))

    def _note_places(self, si: int, sent: Span) -> None:
        places = self.places_in(sent)
        for a in self._sent_admin1:
            if not any(same_admin1(a, b) for b in self.story_admin1):
                self.story_admin1.append(a)  # provinces the text names: context for later names
        for _, p, origin in places:
            if not origin and p.precision <= 2:
                self.recent_places.append((si, p))
                if self.focus is None and p.precision == 1 and p.lat is not None and p.lon is not None:
                    self.focus = (p.lat, p.lon)  # where the story is: disambiguates later names
                    self.focus_place = p

    def _place_in_context(self, m: re.Match[str], out: dict, sent_admin1: list[str], region_chars: set[int]) -> None:
        """ "Boa Vista, Roraima", "Bani Siyah area (Raizh, Sadah)", "Uzice, Serbia": the trailing names
        say which country and province the first one is in; if the first is unknown, the
        nearest known container stands for it (precision 2)."""
        parts = [x.strip() for x in (m.group("a"), m.group("b"), m.groupdict().get("c")) if x]
        name = re.sub(r"\s+(?:area|village|town|city|district|sector|neighbou?rhood)$", "", m.group("name"))
        # "Gujrat (Gujrat, Punjab)", "Providencia, Metropolitana": a namesake whose own province
        # is one of the trailing names settles it, even where that province name is ambiguous.
        own = [c for c in self.gaz.lookup(name, self.country, limit=20)
               if c.match != "skeleton" and c.kind in TOWN_KINDS and
               any(same_admin1(c.admin1, ADMIN1_ABBREVIATIONS.get(part, ("", part))[1]) for part in parts)]
        # (register villages with namesakes in that province are told apart below, or not at all)
        if own and (own[0].kind != "locality" or len(own) == 1):
            c = own[0]
            out[m.start("name")] = (m.start("name"), c.to_place(), _from_before(m))
            sent_admin1.append(c.admin1)
            region_chars.update(range(m.start("name"), m.end()))
            if self.country is None:
                self.country = c.country_code
            return
        country = self.country
        admin1 = None
        town = None
        for part in reversed(parts):
            if part in ADMIN1_ABBREVIATIONS and admin1 is None:
                cc, full = ADMIN1_ABBREVIATIONS[part]
                reg = self.gaz.region(full, cc)
                if reg is not None and reg.admin1:
                    admin1, country = reg.admin1, cc
                continue
            cc = self.gaz._country_code(part) if hasattr(self.gaz, "_country_code") else None
            if cc and self.country and cc != self.country and admin1 is None and \
                    (own := self.gaz.region(part, self.country)) is not None and own.country_code == self.country and \
                    own.precision == 3 and own.admin1:
                admin1, country = own.admin1, self.country  # "(Borgu LGA, Niger)" in Nigeria: the state
                continue
            if cc:
                country = cc
                continue
            reg = self.gaz.region(part, country)
            if reg is not None and country and self.country_firm and country == self.country and \
                    reg.country_code != country and self.gaz.resolve(part, country=country) is not None:
                reg = None  # "Sidon, Tripoli, Matn" in Lebanon: Tripoli the town, not Libya's province
            if reg is None and country is not None and admin1 is None and \
                    getattr(self.gaz.resolve(part, country=country), "country_code", None) != country:
                # "(Dessa, Tillabery)" in a text whose guessed country (Ethiopia, for a Dessie) has no
                # such province: the province decides the country
                reg = self.gaz.region(part, None)
                reg = reg if reg is not None and reg.precision == 3 and reg.admin1 and \
                    difflib.SequenceMatcher(None, name_key(part), name_key(reg.admin1)).ratio() >= 0.85 else None
            if reg is not None and reg.precision == 3 and reg.admin1:
                if admin1 is None or same_admin1(reg.admin1, admin1):
                    admin1, country = reg.admin1, reg.country_code or country
                    continue
                # "(Dhalai district, Tripura)": a district lies in the province after it, so
                # its namesake town there, not the province of another namesake
                part = re.sub(r"\s+(?:district|sub-?division|division|LGA|tehsil|upazila|county|municipality)$", "", part)
                if town is None:
                    town = self.gaz.resolve(part, country=country, admin1=admin1)
                    if town is not None and (town.country_code != country or not same_admin1(town.admin1, admin1)):
                        town = None
                continue
            if town is None:
                part = re.sub(r"\s+(?:district|sub-?division|division|LGA|tehsil|upazila|county|municipality)$", "", part)
                town = self.gaz.resolve(part, country=country, admin1=admin1)
                if town is not None and admin1 is not None and (
                        _fold(part) != _fold(name) or self.country and town.country_code != self.country) and (
                        town.country_code != country or not same_admin1(town.admin1, admin1)):
                    town = None  # "(Tuban, Lahij)": a district of Lahij, not Tuban in Indonesia
        if admin1 is None and country is None and town is None:
            return
        firm = country != self.country or self.country_firm  # named in the trail or by the text's places
        if town is not None and firm and country and town.country_code and town.country_code != country and \
                not (_fold(town.label) == _fold(name) and country != self.country):
            town = None  # "Mal (Mal)" in a Mauritanian note: not Mal in Belgium
        place = self.gaz.resolve(name, country=country, admin1=admin1,
                                 near=(town.lat, town.lon) if town is not None and town.lat is not None else None)
        if place is not None and admin1 and place.admin1 and _norm_admin1(place.admin1) != _norm_admin1(admin1):
            place = None
        if place is not None and place.key.startswith("country-"):
            place = None
        if place is not None and town is not None and town.precision == 1 and None not in (place.lat, town.lat) and \
                _haversine_km((place.lat, place.lon), (town.lat, town.lon)) > (60 if self._loose(name) else 150):
            place = None  # "Dariyal town, Rampur district": not Dhariwal, 500 km from Rampur
        if place is not None and country and place.country_code and place.country_code != country and (
                firm or admin1 is None and town is None):
            place = None  # "Zambana, Kwossa" in a Nigerian list: not Zambana in Italy
        if place is not None and place.precision == 3 and town is not None and town.precision == 1 and \
                same_admin1(town.admin1, place.admin1):
            place = town  # "Punjab (Lahore)": the city, not the whole province
        if place is None and town is not None:
            place = _with_precision(town, 2)
        if place is None and admin1 is not None:
            # by the province's own entry: a label such as "West" would read as a compass word
            place = self.gaz.admin1_place(country, admin1) or self.gaz.region(admin1, country)
        if place is None:
            return
        out[m.start("name")] = (m.start("name"), place, _from_before(m))
        if admin1:
            sent_admin1.append(admin1)
        region_chars.update(range(m.start("name"), m.end()))
        if country and self.country is None:
            self.country = country

    def _unknown_before_in(self, text: str, start: int, name: str) -> bool:
        """Whether ``name`` at ``start`` follows "<a name the gazetteer lacks or knows only by a loose
        spelling> in" and names a province. (Asked twice per name by :meth:`places_in`; cached.)"""
        key = (text, start, name)
        if key not in self._unknown_in_cache:
            self._unknown_in_cache[key] = self._unknown_before_in_uncached(text, start, name)
        return self._unknown_in_cache[key]

    def _unknown_before_in_uncached(self, text: str, start: int, name: str) -> bool:
        m = re.search(r"(?<![\w'’])(?<!the )(?<!The )(?<!of )([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s+in\s+$",
                      text[max(0, start - 60):start])
        if m is None or m.group(1) in DEMONYMS or self._country_code(m.group(1)) or \
                re.search(r"(?i)\b(?:office|ministry|ministers|cabinet|parliament|palace|house|embassy|court|hospital|"
                          r"university|school|square|bank|council|police|army|headquarters|station|airport|mosque|"
                          r"church|market|hall|prison|centre|center|company|plant|factory)\b|'s\b|’s\b", m.group(1)) or \
                self.reg.resolve(m.group(1), self.country) is not None or \
                self.gaz.resolve(m.group(1), country=self.country) is not None and not self._loose(m.group(1)):
            return False
        reg = self.gaz.region(name, self.country)
        if reg is None or reg.precision != 3 or not reg.admin1 or not same_admin1(reg.admin1, name):
            return False
        city = self.gaz.resolve(name, country=self.country)
        # Kyiv or Sofia is a province of its own, apart from the province named after it
        return city is None or city.precision != 1 or same_admin1(city.admin1, reg.admin1)

    def _town_then_province(self, name: str) -> Place | None:
        """ "in Mojolo Sinaloa", "in Tijuana Baja California": a comma-less run of a town and its
        province — the town when the gazetteer has it there, else the province (precision 3)."""
        words = name.split()
        if self.country is None or not all(w[:1].isupper() for w in words):
            return None  # only in a text whose country is known, and a run of names ("Ministers in Kyiv" is none)
        for k in range(1, len(words)):
            head, tail = " ".join(words[:k]), " ".join(words[k:])
            if len(head) < 3 or re.fullmatch(r"(?i)(?:al|el|as|ad|ar|ash|an|at|az|la|le|les|los|las|san|santa|the)", head):
                continue  # "As Sadah" is one name, not a town "As" in Sa'dah
            province = self.gaz.region(tail, self.country)
            if province is None or not province.key.startswith("adm1-") or province.precision != 3 or \
                    province.country_code != self.country or \
                    _fold(tail) != _fold(province.label) and not same_admin1(tail, province.admin1) or \
                    not self._minor(tail, 100_000):
                continue  # (a province named like its big city, "Kyiv", is the city's business)
            town = self.gaz.resolve(head, country=province.country_code, admin1=province.admin1)
            if town is not None and town.precision <= 2 and same_admin1(town.admin1, province.admin1) and \
                    not self._loose(head):
                return town
            if town is not None and not self._loose(head):
                return None  # "Rocket Attacks in Aleppo Daraa": a comma-less list of two places
            return province
        return None

    def _far_abroad(self, place: Place) -> bool:
        """Whether ``place`` lies over 1,000 km from the text's country (a province of Malaysia in a
        Lebanese story is a word that happens to be its name; Gaza next to Israel is not)."""
        home = self.gaz.country_place(self.country) if self.country else None
        if home is None or None in (home.lat, place.lat):
            return False
        return _haversine_km((home.lat, home.lon), (place.lat, place.lon)) > 1000

    def _admin_parenthesis(self, m: re.Match[str]) -> bool:
        """ "attacked Karakai (Bungudu LGA, Zamfara)": a bracketed trail ending in a province or
        country locates the name before it, whatever word precedes that name."""
        if "(" not in m.group(0):
            return False
        last = m.groupdict().get("c") or m.group("b") or m.group("a") or m.group("name")
        if self._country_code(last) or last in ADMIN1_ABBREVIATIONS:
            return True
        reg = self.gaz.region(last, self.country)
        return reg is not None and reg.precision == 3 and bool(reg.admin1)

    def _loose(self, name: str) -> bool:
        """Whether the gazetteer knows ``name`` only by its consonant skeleton (Kawuri ~ Kari)."""
        c = self._best_candidate(name)
        return c is not None and c.match == "skeleton"

    def _best_candidate(self, name: str) -> Any:
        """The gazetteer's best match for ``name``, within the article's country when it has one."""
        cands = self.gaz.lookup(name, self.country, limit=10)
        if self.country:
            cands = [c for c in cands if c.country_code == self.country] or cands
        return cands[0] if cands else None

    def _minor(self, name: str, population: int = 100_000) -> bool:
        """Whether ``name``'s best match is a loose spelling or a place of fewer than ``population`` people."""
        c = self._best_candidate(name)
        return c is not None and (c.match == "skeleton" or (c.kind in TOWN_KINDS and c.population < population))

    def context_place(self, si: int) -> Place | None:
        """The last place named in the two sentences before ``si`` (an event is never put
        anywhere the text does not name)."""
        # The place of the event just told comes first: a place named in a side clause
        # ("activists detained in Sidon") is not where the story goes on.
        for g in reversed(self.frames):
            if not g.background and g.place is not None and si - 2 <= max(g.sents) <= si:
                return g.place
        # Of the latest sentence that names places, its most precise, the first on ties: "in Raju
        # street of Afrin city in Aleppo" goes on in Afrin, not in the province that closes the chain.
        for sj, _ in reversed(self.recent_places):
            if si - 2 <= sj < si:
                return min((p for sk, p in self.recent_places if sk == sj), key=lambda p: p.precision)
        return None

    def _frame_for_casualty(self, f: Frame) -> Frame:
        # The frame itself, or the one it was merged into.
        while f.merged_into is not None:
            f = f.merged_into
        if any(f is g for g in self.frames):
            return f
        for g in self.frames:
            if f is g or set(f.sents) <= set(g.sents) and f.kinds[0] in g.kinds:
                return g
        return self.frames[-1]

    def _add_casualty(self, frame: Frame, c: Casualty, claimant: Actor | None = None,
                      certainty: str = "Reported", si: int = -1) -> None:
        frame.casualties.append(c)
        frame.cas_meta.append((claimant, certainty, si))

    def recent_frame(self, si: int, sent: Span) -> Frame | None:
        if not self.frames:
            return None
        last = max(self.frames, key=lambda f: max(f.sents))
        if si - max(last.sents) > 2 or NEW_TOPIC.search(sent.text):
            return None
        return last

    def _refine_place(self, frame: Frame, sent: Span) -> None:
        places = [p for _, p, origin in self.places_in(sent) if not origin]
        for p in places:
            if frame.place is None or (_finer(p, frame.place) and _place_compatible(frame.place, p)):
                frame.place = p

    # one sentence -------------------------------------------------------------------------
    def frames_of_sentence(self, si: int, sent: Span) -> list[Frame]:
        text = sent.text
        base = sent.start_char
        matches: list[tuple[int, int, str]] = []
        for kind, rx in self.cues.triggers:
            for m in rx.finditer(text):
                matches.append((m.start(), m.end(), kind))
        if not matches:
            return []
        # Keep the longest / highest-priority match per overlapping region.
        matches.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        kept: list[tuple[int, int, str]] = []
        for s, e, k in matches:
            if any(s < ke and ks < e for ks, ke, _ in kept):
                # Overlap: a more specific kind wins over the generic families.
                for j, (ks, ke, kk) in enumerate(kept):
                    if s < ke and ks < e and kk in ("violence", "killing", "territory") and k not in ("violence", "killing", "territory"):
                        kept[j] = (min(s, ks), max(e, ke), k)
                continue
            kept.append((s, e, k))
        hyp = self.cues.hypothetical.search(text)
        hypothetical = hyp is not None
        hyp_from = hyp.start() if hyp is not None else len(text) + 1
        bg_matches = list(self.cues.background.finditer(text))
        dates = find_dates(text)
        background_dates = [d for d in dates if d.kind in BACKGROUND_KINDS]
        denial = bool(self.cues.denial.search(text))
        places = self.places_in(sent)
        cue_tokens = []
        for s, e, k in kept:
            span = self.doc.char_span(base + s, base + e, alignment_mode="expand")
            if span is None:
                continue
            head = _cue_head(span)
            if head.dep_ == "amod" and head.tag_ == "VBN" and any(
                    c.dep_ == "det" and c.lower_ in ("the", "this", "these", "those", "that") and c.i < head.i
                    for c in head.head.children):
                continue  # "the abducted women", "the targeted checkpoint": a reference, not a new act
            if k in _CROWD_TYPES and head.i > span.start and head.pos_ == "VERB" and \
                    any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children) and \
                    span[0].pos_ in ("NOUN", "PROPN", "ADJ"):
                head = span[0]  # "a motorcade to demand ...": the motorcade is the event, the demand its purpose
            if k in _CROWD_TYPES and text[max(0, s - 3):s].lower().endswith("to "):
                pass  # "blocked a road to protest": the protest is the event
            elif self._negated_or_hypothetical(head, hypothetical) or (s >= hyp_from and _planning(hyp)):
                continue
            cue_tokens.append((s, e, k, head))
        if any(k != "killing" for _, _, k, _ in cue_tokens):
            # killed-words only carry casualties when a real act is described (an act that is only
            # a reference, "the beheaded body ... was found", leaves the finding as the event)
            cue_tokens = [c for c in cue_tokens if c[2] != "killing"]
        if not cue_tokens:
            return []
        frames: list[Frame] = []
        for s, e, k, head in cue_tokens:
            before = text[max(0, s - 30):s].lower()
            if head.pos_ in ("NOUN", "PROPN"):
                # "the attack", "its failed attack": this cue points back; "an attack" does not.
                anaphoric = bool(re.search(r"\b(?:the|this|that|these|those|its|their|the same)\s+(?:[\w-]+\s+){0,2}$", before)) \
                    and not re.search(r"\b(?:an?|another|new|fresh|second)\s+(?:[\w-]+\s+){0,2}$", before)
            else:
                # A verb in a sentence that dates itself ("On 5 May 2020, residents gathered") tells a new act.
                anaphoric = bool(DEFINITE_REF.search(text)) and not any(d.kind in ("dmy", "mdy", "iso") for d in dates)
            if anaphoric and head.dep_ == "pobj" and head.head.lower_ in ("after", "before", "following", "since", "prior"):
                continue  # "two days after the attack": a time reference, not an event mention
            a1, a2, explicit = self.roles(head, sent, k, fallback=not anaphoric)
            background = any(self._same_clause(sent, d.start, head) for d in background_dates) or \
                any(self._same_clause(sent, bm.start(), head, bm.end()) for bm in bg_matches) or _earlier_clause(head)
            f = Frame(kinds=[k], sents=[si], actor1=a1, actor2=a2, background=background, explicit_actor1=explicit,
                      associated=list(self._associated),
                      cue_text=text[s:e], anaphoric=anaphoric, cue_start=s)
            f.new_topic = bool(NEW_TOPIC.search(text))
            f.also = bool(re.search(r"\balso\b|\bin addition\b|\banother\b", text, re.I))
            f.repel = head.lemma_ in REPEL_VERBS or bool(re.search(r"\b(?:repel|repuls|fend|fended|beat off|foil|thwart)", text[s:e], re.I))
            # Place: the closest non-origin place in the sentence, preferring ones after the cue.
            f.place = self._place_for(s, places, k, head, sent)
            if f.anaphoric and f.place is not None and not DEFINITE_REF.search(re.sub(r"\bthere\b", "", text)):
                f.anaphoric = False
                if f.actor1 is None or f.actor2 is None:
                    b1, b2, bx = self.roles(head, sent, k, fallback=True)
                    f.actor1, f.actor2 = f.actor1 or b1, f.actor2 or (b2 if b2 != (f.actor1 or b1) else None)
            f.time, f.report_latest = self._time_for(head, dates, sent)
            if f.time is not None and f.time.text and self.frames and \
                    re.search(r"\b(?:previous|preceding|prior) (?:days?|weeks?|months?|night)\b|\bthe (?:day|night|week) before\b",
                              f.time.text, re.I):
                f.background = True  # "riots in the previous week": before the story, told as its cause
            ref = f.time and (f.time.date or f.time.latest)
            anchor = self.anchor.date() if isinstance(self.anchor, dt.datetime) else self.anchor
            if anchor is None:
                # Undated article: the first event it dates stands in for "now".
                anchor = next((g.time.date for g in self.frames if g.time is not None and g.time.date), None)
            if ref and anchor and (anchor - ref).days > 60:
                f.background = True  # "the invasion began in February 2022": history, not this news
            if denial:
                f.certainty = "Denied"
            frames.append(f)
        fresh = {f.place.key for f in frames if not f.anaphoric and f.place is not None}
        for f in frames:
            if f.anaphoric and f.place is not None and f.place.key in fresh:
                f.place = None  # "The attack came a day after fighting at X": X is the other event's
        return self._merge_within_sentence(frames, text)

    def _in_other_clause(self, sent: Span, char: int, head: Token) -> bool:
        """Whether the word at ``char`` sits in a relative/subordinate clause below the cue's clause."""
        tok = self.doc.char_span(sent.start_char + char, sent.start_char + char + 1, alignment_mode="expand")
        if tok is None:
            return False
        v = head if head.pos_ in ("VERB", "AUX") else _governing_verb(head)
        for a in [tok[0]] + list(tok[0].ancestors):
            if a == v or a == head:
                return False
            if a.pos_ in ("VERB", "AUX") and a.dep_ in ("relcl", "acl", "advcl") and v is not None and a in v.subtree:
                return True
        return False

    def _same_clause(self, sent: Span, char: int, head: Token, end: int | None = None) -> bool:
        """Whether the background phrase at ``char`` (sentence offset) governs the cue ``head``:
        "already", "since 2011" make their own clause and the clauses under it history, not
        a main clause above them ("protested ... workers who had already fallen ill").
        A phrase that modifies a noun outside it ("the historical centre", "the lack of water
        during the last 40 days") says nothing of when the event happened."""
        tok = self.doc.char_span(sent.start_char + char, sent.start_char + char + 1, alignment_mode="expand")
        if tok is None:
            return True
        t = tok[0]
        bv = t if t.pos_ in ("VERB", "AUX") else _governing_verb(t)
        if end is not None and bv is not None:
            stop = sent.start_char + end
            a = t
            while a.head.i not in (a.i, bv.i, head.i):
                a = a.head
                if a.pos_ in ("NOUN", "PROPN") and not (t.idx <= a.idx < stop) and head not in a.subtree:
                    return False
        return bv is None or head in bv.subtree

    def _negated_or_hypothetical(self, head: Token, sentence_hypothetical: bool) -> bool:
        if any(c.dep_ == "neg" for c in head.children):
            return True
        # "to capture the heights": a purpose, unless it happened ("managed to repel").
        # "claimed to have clashed", "said to have killed": a perfect infinitive tells of what happened.
        if head.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children) and \
                head.head.lemma_ not in ("manage", "continue", "begin", "start", "succeed", "go", "proceed", "resume") and \
                not any(c.dep_ == "aux" and c.lower_ == "have" for c in head.children):
            return True
        chain = [head] + list(head.ancestors)[:3]
        for t in chain:
            if any(c.lower_ in ("will", "would", "could", "might", "may", "should", "shall") and c.dep_ == "aux" for c in t.children):
                return True
            if t.dep_ == "xcomp" and t.head.lemma_ in ("plan", "prepare", "strive", "aim", "intend", "threaten", "vow", "seek",
                                                      "try", "hope", "expect", "want", "need", "attempt", "fail"):
                return True
            if t.dep_ == "advcl" and any(c.lower_ == "if" for c in t.children):
                return True
            if t.lower_ in ("preparing", "planning") :
                return True
        if head.dep_ in ("pobj",) and head.head.lower_ in ("about", "of") and head.head.head.lemma_ in ("claim", "report", "threat", "fear"):
            return False
        first = head.sent[0].lower_ if head.sent else ""
        # A modal in the cue's own clause (or a verb coordinated with it), not in a clause under it
        # ("set fire to tyres after being told the plant would close" happened).
        own = [head] + [c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB"]
        return first == "if" or (sentence_hypothetical and head.pos_ == "VERB" and
                                 any(c.lower_ in ("will", "would", "could") and c.dep_ == "aux"
                                     for v in own for c in v.children))

    def _place_for(self, cue_start: int, places: list[tuple[int, Place, bool]], kind: str,
                   head: Token | None = None, sent: Span | None = None) -> Place | None:
        cands = [(off, p) for off, p, origin in places if not origin]
        if not cands:
            return None
        if head is not None and sent is not None and len(cands) > 1:
            # "gathered in Beirut against activists who were detained in Tripoli": a place inside
            # a clause hanging off the event (a relative or subordinate clause) is that clause's.
            own = [(off, p) for off, p in cands if not self._in_other_clause(sent, off, head)]
            cands = own or cands
        # Nearest place after the cue wins; else the nearest before it. Equal distance: more precise.
        after = [(off - cue_start, p) for off, p in cands if off >= cue_start]
        before = [(cue_start - off, p) for off, p in cands if off < cue_start]
        best = min(after, key=lambda x: x[0]) if after else None
        if best is None or best[0] > 120:
            alt = min(before, key=lambda x: (x[1].precision, x[0])) if before else None
            if alt is not None and (best is None or alt[1].precision <= best[1].precision):
                best = alt
        if best is not None and _coarse(best[1]):
            # "strikes in Syria ... in the northern province of Idlib": the province says more
            inner = [(abs(off - cue_start), p) for off, p in cands
                     if not _coarse(p) and p.country_code == best[1].country_code]
            if inner:
                best = min(inner, key=lambda x: x[0])
        return best[1] if best else None

    def _time_for(self, head: Token, dates: list[DateMention], sent: Span) -> tuple[TimeSpec | None, dt.date | None]:
        if not dates:
            return None, None
        base = sent.start_char
        event_dates: list[tuple[int, TimeSpec]] = []
        report_latest = None
        for d in dates:
            if base + d.start < self.dateline_end:
                continue  # "HOMS, March 4 (Agency) –" dates the report, not the event
            span = self.doc.char_span(base + d.start, base + d.end, alignment_mode="expand")
            ts = resolve(d, self.anchor, self._previous_time())
            governor = _governing_verb(span.root) if span is not None else None
            passive = governor is not None and any(c.dep_ in ("auxpass", "nsubjpass") for c in governor.children)
            if governor is not None and governor.lemma_ in _REPORTING_LEMMAS and governor != head and \
                    head in set(governor.subtree) and head != governor and not passive:
                # "On June 25, ISIS announced that it had attacked...": that date bounds the event.
                report_latest = ts.date or ts.latest
                continue
            dist = abs((span.start if span is not None else 0) - head.i)
            # A complete date beats a partial one ("Around 30 April 2020 (between 27 April - 4 May)").
            rank = 0 if d.kind in ("dmy", "mdy", "iso") else 1
            event_dates.append((rank, dist, ts))
        if not event_dates:
            return None, report_latest
        return min(event_dates, key=lambda x: (x[0], x[1]))[2], report_latest

    def _previous_time(self) -> TimeSpec | None:
        for f in reversed(self.frames):
            if f.time is not None and (f.time.date or f.time.month_day):
                return f.time
        return None

    def _merge_within_sentence(self, frames: list[Frame], text: str = "") -> list[Frame]:
        # "X repelled Y's assault": the repel frame says who attacked; it leads the sentence.
        rep = [f for f in frames if f.repel and f.actor1 is not None]
        if rep:
            for f in frames:
                if not f.repel and f.actor1 is not None and f.actor1.key != rep[0].actor1.key \
                        and f.actor2 is None or (f.actor2 is not None and rep[0].actor1 is not None
                                                 and f.actor2.key == rep[0].actor1.key):
                    f.actor1, f.actor2 = rep[0].actor1, rep[0].actor2
            frames = rep + [f for f in frames if f not in rep]
        out: list[Frame] = []
        for f in frames:
            for g in out:
                lo, hi = sorted((g.cue_start, f.cue_start))
                if _LINKED_EVENTS.search(text[lo:hi]):
                    continue  # "attacked X in response to Y's advance": two events
                if _place_compatible(g.place, f.place, strict=True) and _compatible_kinds(g.kinds, f.kinds) and \
                        _actors_compatible(g, f):
                    _absorb(g, f)
                    break
                if self._crowd_turned_violent(g, f) or self._crowd_turned_violent(f, g):
                    protest, other = (g, f) if "protest" in _families(g.kinds) else (f, g)
                    _absorb(protest, other)  # "locals demonstrated and clashed with police"
                    if protest is f:
                        out[out.index(g)] = f
                    break
            else:
                out.append(f)
        return out

    def _crowd_turned_violent(self, g: Frame, f: Frame) -> bool:
        """Whether ``f`` is the protesters of ``g`` turning violent (ACLED: one violent demonstration)."""
        if not set(g.kinds) & {"PeacefulProtest", "ProtestWithIntervention"} or not set(f.kinds) <= _CROWD_VIOLENCE_KINDS:
            return False
        if f.background != g.background or not _time_compatible(g.time, f.time) or \
                not _place_compatible(g.place, f.place):
            return False
        if any(_armed_group(a) for a in (f.actor1, f.actor2)):
            return False
        text = " ".join(self.sents[i].text for i in sorted(set(f.sents)) if i >= 0)
        if _ARMED_PEOPLE.search(text):
            return False
        return bool(set(f.kinds) & {"ViolentDemonstration", "MobViolence"}) or _crowd_violence(text)

    # roles --------------------------------------------------------------------------------
    def roles(self, head: Token, sent: Span, kind: str, fallback: bool = True) -> tuple[Actor | None, Actor | None, bool]:
        """(actor1, actor2, explicit) for the cue whose head token is ``head``."""
        a1 = a2 = None
        explicit = False
        self._associated: list[Actor] = []

        def first(tokens: list[Token], exclude: Actor | None = None) -> Actor | None:
            for _, a in self.actors_in(tokens):
                if exclude is None or a.key != exclude.key:
                    return a
            return None

        def subtree(t: Token) -> list[Token]:
            return _np_tokens(t)

        verb = head
        if head.pos_ in ("NOUN", "PROPN"):
            # Noun cue: "ISIS attack", "Russian airstrikes", "X's assault on Y", "clashes between X and Y".
            mods = [c for c in head.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
            by = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "by"]
            on = [c for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting", "with", "at")]
            between = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "between"]
            if between:
                acts = self.actors_in(subtree(between[0]))
                if acts:
                    a1 = acts[0][1]
                    a2 = next((a for _, a in acts[1:] if a.key != a1.key), None)
                    explicit = True
            for m in mods:
                a1 = a1 or first(subtree(m))
            for b in by:
                a1 = a1 or first(subtree(b))
            for o in on:
                a2 = a2 or first(subtree(o), a1)
            if a1 is not None:
                explicit = True
            gov = head.head
            if head.dep_ in ("dobj", "pobj", "attr") and gov.pos_ in ("VERB", "AUX", "ADP"):
                v = gov if gov.pos_ != "ADP" else gov.head
                subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
                if v.lemma_ in REPEL_VERBS or (v.lemma_ == "beat" and any(c.lower_ == "off" for c in v.children)):
                    # "the army repelled ISIS's assault": the assault's owner attacked.
                    defender = first(subtree(subj[0])) if subj else None
                    a2 = a2 or defender
                    explicit = a1 is not None
                elif subj and v.lemma_ in LIGHT_VERBS | {"suffer", "face", "come"}:
                    s_actor = first(subtree(subj[0]))
                    if v.lemma_ in ("suffer", "face", "come"):
                        a2 = a2 or s_actor
                    else:
                        a1 = a1 or s_actor
                        explicit = explicit or s_actor is not None
                verb = v
            elif head.dep_ in ("nsubj", "nsubjpass"):
                v = head.head
                objs = [c for c in v.children if c.dep_ in ("dobj", "attr")] + \
                       [c for p in v.children if p.dep_ == "prep" and p.lower_ in ("on", "against", "at") for c in p.children]
                for o in objs:
                    a2 = a2 or first(subtree(o), a1)
                verb = v
            if a1 is None and a2 is None:
                verb = head.head if head.head.pos_ in ("VERB", "AUX") else head
        if verb.lemma_ in _REPORTING_LEMMAS and verb is not head:
            verb = head  # "police confirmed the attack": the speaker is no party to it
        if verb.pos_ in ("VERB", "AUX") and a1 is None and a2 is None:
            # "clashes erupted between X and Y", "X and Y clashed": two sides, in the order told.
            between = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "between"]
            if between:
                acts = self.actors_in(list(between[0].subtree))
                if acts:
                    a1 = acts[0][1]
                    a2 = next((a for _, a in acts[1:] if a.key != a1.key), None)
                    explicit = True
        if verb.pos_ in ("VERB", "AUX") and (a1 is None or a2 is None):
            v = verb
            subj_tok = self._subject(v)
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
            agent = [c for c in v.children if c.dep_ == "agent"]
            objs = [c for c in v.children if c.dep_ in ("dobj", "dative", "attr", "oprd")]
            preps = [c for c in v.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "with", "at", "targeting", "into")]
            repel = v.lemma_ in REPEL_VERBS or (v.lemma_ == "beat" and any(c.lower_ == "off" for c in v.children))
            if kind == "territory":
                preps += [c for c in v.children if c.dep_ == "prep" and c.lower_ in ("from", "of", "out")]
                preps += [g for c in v.children if c.dep_ == "prep" and c.lower_ == "out" for g in c.children if g.lower_ == "of"]
            if passive:
                if agent:
                    a1 = a1 or first(subtree(agent[0]))
                    explicit = explicit or a1 is not None
                if subj_tok is not None:
                    a2 = a2 or first(subtree(subj_tok), a1)
            else:
                s_acts = self.actors_in(subtree(subj_tok)) if subj_tok is not None else []
                s_actor = s_acts[0][1] if s_acts else None
                # "The Syrian army and Hezbollah fighters launched...": allies, not the other side.
                self._associated = [a for _, a in s_acts[1:] if s_actor is not None and a.key != s_actor.key
                                    and a.kind not in ("Civilians", None)]
                o_actor = None
                for o in objs + preps:
                    for _, cand in self.actors_in(subtree(o), exclude={a.key for a in [s_actor, *self._associated] if a}):
                        if s_actor is None or cand.key != s_actor.key:
                            o_actor = o_actor or cand
                if repel:
                    # "X repelled Y" / "X repelled Y's attack": Y attacked.
                    a1 = a1 or o_actor
                    a2 = a2 or s_actor
                    explicit = explicit or o_actor is not None
                else:
                    a1 = a1 or s_actor
                    explicit = explicit or s_actor is not None
                    if o_actor is not None and (a1 is None or o_actor.key != a1.key):
                        a2 = a2 or o_actor
        # Fallbacks from the rest of the sentence.
        if fallback and (a1 is None or a2 is None):
            allies = {x.key for x in self._associated}
            found = [(i, a) for i, a in self.actors_in(sent) if a.key not in allies]
            acts = [a for _, a in found]
            for i, a in found:
                # Only an actor in a subject or "by" phrase can be the one who acted.
                if a1 is None and (a2 is None or a.key != a2.key) and a.kind != "Civilians" and _agentive(self.doc[i]):
                    a1 = a
            for i, a in found:
                if a2 is None and (a1 is None or a.key != a1.key) and not _speaker(self.doc[i]):
                    a2 = a
        if a1 is not None and a2 is not None and a1.key == a2.key:
            a2 = None
        return a1, a2, explicit

    def _subject(self, v: Token) -> Token | None:
        seen = 0
        t = v
        while seen < 4:
            subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
            if subj:
                return subj[0]
            if t.dep_ in ("xcomp", "conj", "advcl", "acl", "relcl", "pcomp") and t.head is not t:
                if t.dep_ == "relcl":
                    return t.head
                if t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN"):
                    return t.head
                t = t.head
                seen += 1
                continue
            break
        return None

    # claims -------------------------------------------------------------------------------
    def claim_of(self, sent: Span) -> tuple[Actor | None, str]:
        text = sent.text
        certainty = "Denied" if self.cues.denial.search(text) else "Reported"
        claimant = None
        for t in sent:
            if t.lemma_ in _REPORTING_LEMMAS or (t.lower_ == "according" and t.nbor(1).lower_ == "to" if t.i + 1 < len(self.doc) else False):
                if t.lower_ == "according":
                    objs = [c for p in t.children if p.lower_ == "to" for c in p.children] or \
                           [c for c in t.nbor(1).children if c.dep_ == "pobj"]
                    src = objs[0] if objs else None
                else:
                    src = self._subject(t)
                    if src is None:
                        continue
                if src is None:
                    continue
                claimant = self._claimant(src)
                if claimant is not None:
                    break
        if claimant is not None and certainty != "Denied":
            certainty = "Claimed"
        return claimant, certainty

    def responsibility(self, sent: Span) -> Actor | None:
        """The armed actor that claims an attack: "Al Shabaab claimed the bombing", "claimed by IS"."""
        for t in sent:
            if t.lemma_ == "claim" and t.pos_ == "NOUN" and any(
                    c.lower_ == "of" and any(g.lemma_ == "responsibility" for g in c.children) for c in t.children):
                # "X said in a claim of responsibility that...": X is the speaker of the verb above.
                holder = self._subject(t.head if t.head.pos_ in ("VERB", "AUX") else t.head.head)
                if holder is not None:
                    for _, a in self.actors_in(_np_tokens(holder)):
                        if a.kind not in (None, "Civilians"):
                            return a
                continue
            if t.lemma_ != "claim" or any(c.dep_ == "neg" for c in t.children):
                continue
            objs = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
            about = any(o.lemma_ in ("responsibility", "attack", "bombing", "raid", "strike", "killing", "ambush",
                                     "assault", "explosion", "blast", "operation", "abduction", "kidnapping")
                        for o in objs) or any(c.dep_ == "prep" and c.lower_ == "for" for c in t.children)
            if not about:
                continue
            agent = [c for c in t.children if c.dep_ == "agent"]
            holder = agent[0] if agent else self._subject(t)
            if holder is None:
                continue
            for _, a in self.actors_in(_np_tokens(holder) if not agent else list(holder.subtree)):
                if a.kind not in (None, "Civilians"):
                    return a
        return None

    def _claimant(self, tok: Token) -> Actor | None:
        toks = list(tok.subtree)
        if len(toks) > 12:
            toks = [tok] + [c for c in tok.children if c.dep_ in ("compound", "amod", "poss")]
        if tok.pos_ == "PRON" or tok.lower_ in ("it", "he", "she", "they", "we", "i", "this", "that", "which", "who"):
            return self.last_claimant if tok.lower_ in ("it", "they", "he", "she") else None
        # Registry claimants (agencies, monitors), then named ORG/PERSON, then "sources"-like nouns,
        # and only then an armed actor speaking for itself ("ISIS said").
        for ent in self.doc.ents:
            if ent.label_ == CLAIMANT_LABEL and ent.start >= toks[0].i and ent.end <= toks[-1].i + 1:
                return self.reg.resolve(ent.text, self.country) or self.reg.by_key(ent.ent_id_)
        if tok.lemma_.lower() in ("source", "official", "activist", "witness", "resident", "spokesman", "spokesperson",
                                  "medic", "monitor", "commander", "officer", "report", "statement", "group",
                                  "organisation", "organization", "network", "committee", "council", "union",
                                  "association", "governor", "mayor", "minister", "ministry", "hospital", "director",
                                  "doctor", "volunteer", "agency", "observatory", "room", "office"):
            named = [e for e in self.doc.ents if e.start >= toks[0].i and e.end <= toks[-1].i + 1
                     and e.label_ in ("PERSON",)]
            if named:
                return self.reg.mint(named[0].text, self.country)
            label = re.sub(r"^(?:the|a|an|some|local|several|two|three)\s+", "", _np_text(tok), flags=re.I)
            return self.reg.mint(label[:60], self.country)
        acts = self.actors_in(toks)
        for ent in self.doc.ents:
            if ent.start >= toks[0].i and ent.end <= toks[-1].i + 1 and ent.label_ in ("ORG", "PERSON", "NORP", "GPE") \
                    and not ent.ent_id_:
                label = re.sub(r"^(?:the)\s+", "", ent.text, flags=re.I).strip(" ’'\"")
                if label.lower() in ("syria", "iraq") or len(label) < 2:
                    continue
                return self.reg.resolve(label, self.country) or self.reg.mint(label, self.country)
        if acts:
            return acts[0][1]
        chunk = _np_text(tok)
        low = chunk.lower()
        if re.fullmatch(r"(?:the )?(?:agency|news agency|observatory|monitor)", low) and self.last_claimant is not None:
            return self.last_claimant
        if tok.pos_ == "PRON" or tok.lower_ in ("it", "he", "she", "they", "we", "i", "this", "that", "which", "who"):
            return self.last_claimant if tok.lower_ in ("it", "they", "he", "she") else None
        if re.search(r"\b(?:sources?|activists?|officials?|residents?|witness(?:es)?|monitors?|medics?|spokesm[ae]n|reports?|media)\b", low):
            label = re.sub(r"^(?:the|a|an|some|local)\s+", "", chunk, flags=re.I)
            return self.reg.mint(label[:60], self.country)
        return None

    # casualties ---------------------------------------------------------------------------
    def casualties_in(self, sent: Span) -> list[tuple[Casualty, int]]:
        """Casualty phrases in a sentence, with their character offset in it."""
        text = sent.text
        # Numbers inside dates ("28 April 2020, a man was killed") are no tolls.
        for d in find_dates(text):
            text = text[:d.start] + re.sub(r"\d", "#", text[d.start:d.end]) + text[d.end:]
        out: list[tuple[Casualty, int]] = []
        seen: set[tuple[int, int]] = set()
        for kind, rx in _CASUALTY_RX:
            for m in rx.finditer(text):
                span = m.span("count")
                if any(span[0] < b and a < span[1] for a, b in seen):
                    continue
                cnt_text = m.group("count")
                if re.search(r"\bno\s*$", text[:m.start("count")], re.I):
                    continue  # "No one was hurt"
                if re.fullmatch(r"(?:a|an|one)", cnt_text.strip(), re.I) and not m.groupdict().get("another"):
                    # "a soldier was killed" is one; "a number" handled as vague.
                    pass
                c = parse_count(cnt_text)
                if c is None or (c.min is None and c.max is None):
                    continue
                if c.min is not None and (c.min > 20000 or (1900 <= c.min <= 2100 and re.fullmatch(r"\d{4}", cnt_text.strip()))
                                          or (c.min > 5000 and not re.search(r"thousand", cnt_text, re.I))):
                    continue  # a year, a phone number or a dateline run together, not a toll
                victims = (m.groupdict().get("who") or "").strip()
                if victims and m.end("who") < m.end() and _ACTIVE_OBJECT.match(text, m.end()) and \
                        not _AUX_BEFORE_VERB.search(m.group(0)):
                    continue  # "several armed men ... shot dead the owner": the count is the killers, not the dead
                head_words = " ".join(victims.split()[:2])
                if _NON_PERSON.search(head_words):
                    continue
                if kind in ("Captured", "Abducted") and victims and not (_PERSON_NOUN.search(head_words) or
                                                                         self.actors_in_text(sent, m.start("who"), m.end("who"))):
                    continue
                seen.add(span)
                of_actor = self._victims(sent, m.start("count"), m.end(), victims)
                out.append((Casualty(type=kind, min=c.min, max=c.max, approximate=c.approximate,
                                     of_actor=of_actor, text=m.group(0)), m.end()))
        return out

    def actors_in_text(self, sent: Span, start: int, end: int) -> list[tuple[int, Actor]]:
        span = self.doc.char_span(sent.start_char + start, sent.start_char + end, alignment_mode="expand")
        return self.actors_in(list(span)) if span is not None and len(span) else []

    def _victims(self, sent: Span, start: int, end: int, words: str) -> Actor | None:
        span = self.doc.char_span(sent.start_char + start, sent.start_char + end, alignment_mode="expand")
        acts = self.actors_in(list(span)) if span is not None else []
        for _, a in acts:
            return a
        low = words.lower()
        if re.search(r"\b(?:soldiers?|troops|servicem[ae]n|officers?|policem[ae]n|police|personnel|guards?|army|conscripts?|gendarmes?|military)\b", low):
            return self.reg.generic("soldiers", self.country) or self.last_state
        if re.search(r"\b(?:terrorists?|militants?|jihadists?|insurgents?|extremists?|fighters?|rebels?|members|elements|gunmen|attackers|assailants)\b", low):
            return self.last_nonstate
        if CIVILIAN_WORDS.search(low):
            return self.reg.civilians()
        return None

    # merging ------------------------------------------------------------------------------
    def merge_or_add(self, f: Frame) -> None:
        si = f.sents[0]
        for g in reversed(self.frames):
            dist = si - max(g.sents)
            if f.new_topic or (f.also and not f.anaphoric and not (
                    set(f.kinds) <= _CROWD_TYPES and "protest" in _families(g.kinds) and dist <= 2)):
                break  # ("protesters also demanded ..." goes on telling the same protest)
            if f.background != g.background:
                continue
            same_story = (f.place is not None and g.place is not None and f.place.key == g.place.key and
                          f.actor1 is not None and g.actor1 is not None and f.actor1.key == g.actor1.key and
                          _families(f.kinds) & _families(g.kinds))
            # a frame with no place or day of its own goes on telling the same kind of event
            unanchored = f.place is None and f.time is None and bool(_families(f.kinds) & _families(g.kinds))
            near = dist <= 2 or (f.anaphoric and dist <= 3) or (same_story and dist <= 8) or (unanchored and dist <= 4)
            if not near:
                continue
            if dist <= 2 and self._crowd_turned_violent(g, f):
                _absorb(g, f)  # "Protesters gathered ... They then stoned the police": one violent demonstration
                f.merged_into = g
                return
            if not _compatible_kinds(g.kinds, f.kinds, across=not f.anaphoric):
                continue
            police_on_crowd = set(f.kinds) <= _CROWD_TYPES and f.actor1 is not None and f.actor1.kind == "StateForces"
            if "protest" in _families(g.kinds) and dist <= 2 and (police_on_crowd or set(f.kinds) & {
                    "ProtestWithIntervention", "ExcessiveForceAgainstProtesters", "Arrests"}):
                # "Police dispersed the crowd": the other side of the protest just told.
                if f.actor1 is not None and f.actor1.kind == "StateForces":
                    g.actor2 = g.actor2 if g.actor2 is not None and g.actor2.kind == "StateForces" else f.actor1
                f.actor1 = None
                f.actor2 = None
                _absorb(g, f)
                f.merged_into = g
                return
            if not _actors_compatible(g, f):
                continue
            if not _place_compatible(g.place, f.place, strict=not f.anaphoric):
                continue
            if not _time_compatible(g.time, f.time):
                continue
            if f.certainty == "Denied" and g.certainty != "Denied":
                # "The ministry denied its jets hit civilians": the same event, another party's account.
                if f.claimant is not None and dist <= 3:
                    g.extra_claims.append((f.claimant, "Denied", si))
                    g.sents.append(si) if si not in g.sents else None
                    f.merged_into = g
                    return
                continue
            _absorb(g, f)
            f.merged_into = g
            return
        if f.anaphoric and f.kinds != ["killing"] and self.frames and f.place is None and f.actor1 is None:
            return  # "two days after the attack": points back to an event we cannot pin down; no new one
        if f.place is None:
            f.place = self.context_place(si)
        if f.time is None and not f.background:
            # "On 8 May 2020, police raided X. A shoot-out followed.": the day just given.
            prev = next((ts for sj, ts in reversed(self.recent_dates) if si - 2 <= sj <= si), None)
            if prev is not None:
                f.time = TimeSpec(date=prev.date, text=prev.text, precision="Day", month_day=prev.month_day)
        self.frames.append(f)

    # reports ------------------------------------------------------------------------------
    def to_reports(self) -> list[Report]:
        reports: list[Report] = []
        prio = self.cues.priority
        for f in self.frames:
            kind = self._event_type(f, prio)
            if kind is None:
                continue
            actor1, actor2 = f.actor1, f.actor2
            if (actor1 is None or actor1.kind == "Unidentified") and f.responsible is not None:
                actor1 = f.responsible  # "Al Shabaab claimed the bombing"
            if actor2 is None and any(c.of_actor is not None and c.of_actor.kind == "Civilians" for c in f.casualties):
                actor2 = self.reg.civilians()
            if kind in ("GovernmentRegainsTerritory", "NonStateActorOvertakesTerritory") and actor1 is not None:
                kind = "GovernmentRegainsTerritory" if actor1.kind == "StateForces" else "NonStateActorOvertakesTerritory"
            associated = f.associated
            if kind in _CROWD_TYPES and (actor1 is None or actor1.kind not in ("Protesters", "Rioters")):
                # ACLED names crowds by what they do: "Protesters (India)", "Rioters (Chile)"; a party or
                # group named with them ("Hamas supporters") is an associated actor.
                if actor1 is not None and actor1.kind not in ("Civilians", "Unidentified", None) and \
                        all(a.key != actor1.key for a in associated):
                    associated = [*associated, actor1]
                actor1 = self.crowd("Rioters" if kind in ("ViolentDemonstration", "MobViolence") else "Protesters")
            if actor1 is None and kind not in ("Agreement",):
                actor1 = self.reg.unidentified(self.country)
            if actor2 is not None and actor1 is not None and actor2.key == actor1.key:
                actor2 = None
            time = f.time or publication_fallback(self.anchor)
            if f.time is None and f.report_latest is not None:
                time = TimeSpec(latest=f.report_latest, precision="Unknown")
            place = f.place
            if _coarse(place) and not f.background and (focus := self._focus_province()) is not None and \
                    (place is None or place.country_code == focus.country_code or
                     place.country_code != self.country and focus.country_code == self.country):
                # ("Russian and regime strikes ... in Russia's ally's Aleppo": a foreign country named
                # for its army is no place of the event)
                place = focus  # the province the article is about, when the event's own sentence names none
            if place is None and not f.background:
                place = self._sole_place()
            confidence = 0.45 + 0.1 * (actor1 is not None and actor1.kind != "Unidentified") + 0.1 * (f.place is not None) \
                + 0.1 * (f.time is not None) + 0.1 * bool(f.casualties) + 0.1 * (f.claimant is not None or f.explicit_actor1)
            if f.background:
                confidence = min(confidence, 0.3)
            if f.place is None:
                confidence -= 0.15
            for claimant, certainty, casualties, sents in self._claims(f):
                reports.append(Report(
                    event_type=kind, actor1=actor1, actor2=actor2, associated=associated, location=place,
                    time=time, casualties=_dedupe_casualties(casualties), claimed_by=claimant,
                    certainty=certainty,  # type: ignore[arg-type]
                    evidence=self._evidence(f, sents), confidence=round(max(0.05, min(confidence, 0.95)), 2),
                    background=f.background,
                ))
        return reports

    def _focus_province(self) -> Place | None:
        """The one province the article's places fall in — the only one it names, or a clear majority
        of its mentions (at least two, more than twice any other) — as a precision-3 place; else None."""
        if self._focus_cache is not False:
            return self._focus_cache  # type: ignore[return-value]
        votes: dict[tuple[str, str], int] = {}
        first: dict[tuple[str, str], Place] = {}
        for p, origin in self._all_places():
            if not origin and p.admin1 and p.country_code:
                k = (p.country_code, _norm_admin1(p.admin1))
                votes[k] = votes.get(k, 0) + 1
                first.setdefault(k, p)
        ranked = sorted(votes.items(), key=lambda kv: -kv[1])
        focus = None
        if ranked and (ranked[0][1] >= 2 or len(ranked) == 1) and (len(ranked) == 1 or ranked[0][1] > 2 * ranked[1][1]):
            p = first[ranked[0][0]]
            focus = self.gaz.region(p.admin1, p.country_code)
        self._focus_cache = focus
        return focus

    def _all_places(self) -> list[tuple[Place, bool]]:
        """Every place the text names, with whether it is an origin (computed once, after run())."""
        if self._named_cache is None:
            self._named_cache = [(p, origin) for sent in self.sents for _, p, origin in self.places_in(sent)]
        return self._named_cache

    def _sole_place(self) -> Place | None:
        """The place the whole text is about when every place it names lies in one province:
        its first town, else that province ("In Tigre (Buenos Aires), workers occupied the
        factory. ... It was the sixth day of protest." — the protest is in Tigre)."""
        named = self._all_places()
        # "citizens from Redeyef (Gafsa) protested": when the text names no other place, theirs
        places = [p for p, origin in named if not origin] or [p for p, _ in named]
        if not places or any(not p.admin1 or not p.country_code for p in places):
            return None
        first = places[0]
        if any(p.country_code != first.country_code or not same_admin1(p.admin1, first.admin1) for p in places):
            return None
        return next((p for p in places if p.precision <= 2), None) or self.gaz.region(first.admin1, first.country_code)

    def crowd(self, kind: str) -> Actor:
        name = self.reg.country_name(self.country) if self.country else None
        key = f"{kind.lower()}-{self.country.lower()}" if self.country else kind.lower()
        return Actor(key=key, label=f"{kind} ({name})" if name else kind, kind=kind, country=self.country)  # type: ignore[arg-type]

    def _event_type(self, f: Frame, prio: dict[str, int]) -> str | None:
        """The ACLED sub-event type of a frame, by ACLED's coding rules."""
        kinds = set(f.kinds)
        text = " ".join(self.sents[i].text for i in sorted(set(f.sents)) if i >= 0)
        crowd = [k for k in kinds if k in _CROWD_TYPES]
        if crowd:
            # A protest met by arrests, beatings or tear gas is a protest with intervention.
            nxt = max(f.sents) + 1
            after = self.sents[nxt].text if 0 < nxt < len(self.sents) and not any(nxt in g.sents for g in self.frames if g is not f) else ""
            # the sentences the protest spans, with those told in between that belong to no other event
            around = " ".join(self.sents[i].text for i in range(min(f.sents), nxt + 1) if 0 <= i < len(self.sents)
                              and (i in f.sents or not any(i in g.sents for g in self.frames if g is not f)))
            if "PeacefulProtest" in kinds and (_INTERVENTION.search(text) or _INTERVENTION.search(after)):
                kinds.add("ProtestWithIntervention")
            if kinds & {"PeacefulProtest", "ProtestWithIntervention"} and _crowd_violence(around):
                kinds.add("ViolentDemonstration")  # the protesters turned violent: one violent demonstration
                kinds -= {"violence", "MobViolence", "LootingPropertyDestruction"}
            kinds -= {"Arrests", "AbductionForcedDisappearance"}  # families protesting a kidnapping: a protest
        specific = [k for k in kinds if k not in ("violence", "territory", "killing")]
        civ_target = (f.actor2 is not None and f.actor2.kind == "Civilians") or \
            (f.actor2 is None and any(c.of_actor is not None and c.of_actor.kind == "Civilians" for c in f.casualties))
        if "territory" in kinds and not any(k in kinds for k in ("SuicideBomb", "ChemicalWeapon")):
            return "NonStateActorOvertakesTerritory"
        direct_fire = bool(_DIRECT_FIRE.search(text))
        # people killed or hurt: a toll above zero, or a killing told with no toll ("No one was hurt" is none)
        hurt = any(c.type in ("Killed", "Injured") and (c.max is None or c.max > 0) for c in f.casualties) or \
            ("killing" in kinds and not f.casualties)
        # Kinds the violence told with them outranks: arrests after a firefight or a beating, looting by
        # raiders who kill or attack a village, a kidnapping in a deadly raid, weapons taken after a clash.
        outranked = {
            "Arrests": (kinds & {"violence", "killing"} or hurt or _BEATING.search(text)) and
            (_FIGHTING.search(text) or _BODY_FOUND.search(text) or hurt or _HARM.search(text)),
            "LootingPropertyDestruction": hurt or (
                "violence" in kinds and _ATTACK_ON_PEOPLE.search(text) and not _ARSON_ATTACK.search(text)),
            "AbductionForcedDisappearance": hurt or _FIGHTING.search(text),
            "DisruptedWeaponsUse": _CLOSE_FIGHT.search(text) and kinds & {"violence", "killing"},
        }
        dropped = [k for k in specific if outranked.get(k)]
        if dropped:
            specific = [k for k in specific if k not in dropped]
            if not specific:
                return self._violence_type(f, kinds | {"violence"}, text, civ_target, direct_fire) or dropped[0]
        if "DisruptedWeaponsUse" in specific:
            # a bomb found, defused or gone off in its planters' hands: its use was disrupted
            specific = [k for k in specific if k not in ("RemoteExplosiveLandmineIED", "Grenade", "SuicideBomb")]
        if specific == ["Arrests"] and f.actor1 is not None and f.actor1.kind in (
                "RebelGroup", "PoliticalMilitia", "IdentityMilitia"):
            return "AbductionForcedDisappearance"  # only a state arrests; an armed group's "arrest" is an abduction
        if specific:
            best = min(specific, key=lambda k: prio.get(k, 99))
            if best in ("ShellingArtilleryMissileAttack", "Grenade"):
                if _TWO_WAY_FIRE.search(text):
                    return "ArmedClash"  # fire in both directions: the two sides fought
                civ = civ_target or _CIVILIAN_TARGET.search(text) is not None
                if direct_fire and not civ and (_armed(f.actor2) or _MILITARY_TARGET.search(text) or f.actor2 is None):
                    return "ArmedClash"  # heavy weapons mixed with small arms, at no civilian target: a clash
            return best
        return self._violence_type(f, kinds, text, civ_target, direct_fire)

    def _violence_type(self, f: Frame, kinds: set[str], text: str, civ_target: bool, direct_fire: bool) -> str | None:
        """Fighting or killing with no more specific cue: a riot, a clash or an attack on civilians."""
        if "violence" in kinds or "killing" in kinds:
            if _MOB.search(text):
                return "MobViolence"  # residents, villagers, a crowd turning violent
            if _mob_violence(f, text):
                return "MobViolence"  # groups of villagers fighting, a crowd stoning the police: not a battle
            if _HEAVY_FIRE.search(text) and not _CLOSE_FIGHT.search(text) and (civ_target or _CIVILIAN_TARGET.search(text)
                                                                             or not _DIRECT_FIRE.search(text)):
                # heavy machine guns, IFVs, cannons fired from afar, at positions or at villages alike
                return "ShellingArtilleryMissileAttack"
            if "violence" not in kinds and not f.casualties and f.actor1 is None and not _BODY_FOUND.search(text):
                return None
            nxt = max(f.sents) + 1
            about_victim = self.sents[nxt].text if 0 < nxt < len(self.sents) and \
                re.match(r"\W*(?:The|Both|All) (?:\w+ )?victims?\b", self.sents[nxt].text) else ""
            if _OFF_DUTY.search(text) and not _CLOSE_FIGHT.search(text):
                return "Attack"  # an off-duty soldier or policeman is attacked as a civilian
            if _ARMED_VICTIM.search(f"{text} {about_victim}"):
                return "ArmedClash"  # gunmen killing a soldier or a gang member: armed on both sides, in ACLED's terms
            if civ_target and not _FIGHTING.search(text):
                return "Attack"  # (a clash stays a clash when bystanders die in it)
            two_sided = _TWO_SIDED.search(text) is not None or _MILITARY_TARGET.search(text) is not None or \
                _FIGHTING.search(text) is not None
            if not two_sided and not _armed(f.actor2) and not any(
                    c.of_actor is not None and _armed(c.of_actor) for c in f.casualties):
                return "Attack"  # one-sided violence on people who were not fighting
            return "ArmedClash"
        return None

    def _claims(self, f: Frame) -> list[tuple[Actor | None, str, list[Casualty], list[int] | None]]:
        """One (claimant, certainty, casualties, sentences) per toll the text attributes.

        SOHR's 8 and the White Helmets' 3 for one strike are two Reports of one event. Parties
        that give the same toll, and tolls with no attribution of their own, stay in one Report.
        """
        groups: dict[str, tuple[Actor | None, str, list[Casualty], list[int]]] = {}
        for c, (claimant, certainty, si) in zip(f.casualties, f.cas_meta, strict=True):
            who = claimant or f.claimant
            key = who.key if who is not None else ""
            entry = groups.setdefault(key, (who, certainty if claimant else f.certainty, [], []))
            entry[2].append(c)
            entry[3].append(si)
        by_toll: dict[tuple, tuple[Actor | None, str, list[Casualty], list[int]]] = {}
        for who, certainty, cs, sents in groups.values():
            sig = tuple(sorted((c.type, -1 if c.min is None else c.min, -1 if c.max is None else c.max)
                               for c in _dedupe_casualties(cs)))
            if sig in by_toll:
                by_toll[sig][3].extend(sents)
            else:
                by_toll[sig] = (who, certainty, cs, sents)
        first = min(f.sents)
        if len(by_toll) <= 1:
            out = [(f.claimant or (next(iter(by_toll.values()))[0] if by_toll else None), f.certainty,
                    f.casualties, None)]
        else:
            out = [(who, certainty if who is not None else "Reported", cs, sorted({first, *sents}))
                   for who, certainty, cs, sents in by_toll.values()]
        seen = {who.key for who, *_ in out if who is not None}
        for who, certainty, si in f.extra_claims:
            if who.key not in seen:
                seen.add(who.key)
                out.append((who, certainty, [], sorted({first, si}) if si - first <= 3 else [si]))
        return out

    def _evidence(self, f: Frame, sents: list[int] | None = None) -> list[Evidence]:
        ids = sorted(set(s for s in (sents or f.sents) if s >= 0))
        # A contiguous run of up to four sentences; else the first sentence alone.
        if ids[-1] - ids[0] > 3:
            # Too far apart: the event's first sentence, or this claimant's own toll sentence.
            ids = [ids[0]] if sents is None else ids[-1:]
        start = self.sents[ids[0]].start_char
        end = self.sents[ids[-1]].end_char
        while end > start and self.doc.text[end - 1].isspace():
            end -= 1
        return [Evidence(text=self.doc.text[start:end], start=start, end=end)]


def _origin_before(text: str, start: int) -> bool:
    """Whether the place at ``start`` is where people came from ("protesters from Beirut"), not
    where it happened ("protested from their balconies in Nis", "abducted from Al Aram")."""
    before = text[max(0, start - 120):start]
    m = re.search(r"(?:\b\w+\s+){0,3}from\s+(?:the\s+)?((?:[\w'’-]+\s+){0,3})$", before[-70:])
    # between "from" and the name only a place noun or a name ("from the town of", not
    # "from their balconies in", "from Odejo attacked")
    if m is not None and any(w[:1].islower() and w not in _ORIGIN_NOUNS for w in m.group(1).split()):
        m = None
    if m is None:
        # "evacuees from the besieged towns of Foua and Kefraya": the place noun says the rest are adjectives
        m = re.search(r"(?:\b\w+\s+){0,3}from\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}(?:towns?|villages?|cit(?:y|ies)|areas?|"
                      r"districts?|camps?|regions?|provinces?|neighbou?rhoods?|suburbs?)\s+of\s+"
                      r"(?:[A-Z][\w'’-]*\s+(?:[A-Z][\w'’-]*\s+)?(?:and|,)\s+)?()$", before)
    if m is None and re.search(r"\b(?:positioned|located|stationed|entrenched|deployed|holed up)\s+in\s+(?:the\s+)?$", before):
        return True  # "terrorists positioned in Douma fired shells at ...": where the fire came from
    if m is None or re.search(r"\b(?:km|kilomet(?:er|re)s|miles|met(?:er|re)s)\s+from", m.group(0)):
        return False  # "ten kilometres from Otomabere": a measure, not an origin
    return not re.search(r"\b(?:abduct|kidnap|arrest|detain|seiz|snatch|tak|evict|stole|steal|grabb|remov)\w*\s+(?:\w+\s+){0,2}from",
                         m.group(0))


_ORIGIN_NOUNS = frozenset({"town", "village", "city", "area", "district", "of", "region", "province", "camp",
                           "neighbourhood", "neighborhood", "suburb", "suburbs", "governorate", "countryside", "nearby",
                           "neighbouring", "neighboring", "al", "el"})


def _from_before(m: re.Match[str]) -> bool:
    return _origin_before(m.string, m.start("name"))


_OFFICE_OF = re.compile(r"\b(?:President|Prime Minister|Government|Ministry|Minister|King|Queen|Emir|Embassy|Bank|"
                        r"University|Ambassador|Parliament|Consulate|Republic|Kingdom|Chamber|Court)\s+of\s+(?:the\s+)?$")
_WIRE_AGENCIES = ("AFP", "Reuters", "AP", "SANA", "Xinhua", "Anadolu", "UPI", "DPA", "IANS", "PTI", "IRNA", "TASS")
_HEADLINE_SOURCES = frozenset({"Monitor", "Observatory", "NGO", "Activists", "Sources", "Report", "Reports", "Says",
                               "Media", "TV", "Agency", "Statement", "Witnesses", *_WIRE_AGENCIES})
_AFFILIATION = r"(?:based|backed|led|allied|aligned|sponsored|funded|supported|affiliated|linked|loyal)"
# "the defence ministry in Moscow said": where the speaker sits (with a speech verb after the name)
_OFFICE_IN = re.compile(r"\b(?:[Mm]inistry|[Gg]overnment|officials|[Ss]pokes(?:man|woman|person)|[Ee]mbassy|[Hh]eadquarters|"
                        r"diplomats|analysts|[Pp]arliament|[Cc]ommand)\s+(?:based\s+)?in\s+(?:the\s+)?$")
_AGENCY_AFTER = re.compile(rf"\s*[-–—(]?\s*(?:{'|'.join(_WIRE_AGENCIES)})\b")
_SPEAKS_AFTER = re.compile(
    r"(?:'s|’s)?(?:\s+and\s+[A-Z][\w'’-]+)?\s+(?:has\s+|had\s+|have\s+|also\s+|then\s+)?(?:said|says|say|accused|accuses|warned|warns|denied|denies|"
    r"promised|promises|vowed|vows|insisted|insists|blamed|blames|threatened|threatens|rejected|rejects|"
    r"condemned|condemns|demanded|demands|urged|urges|responded|announced|announces|claims|claimed that)\b")
_CURRENCY = re.compile(r"\s*(?:dollars?|euros?|currency)\b", re.I)
_DIRECTION_OF_RX = re.compile(
    rf"\b(?P<name>{NAME})\s+(?:(?:area|village|town|camp)\s+)?(?:\(?\s*)?(?:\d+\s*(?:km|kilomet(?:er|re)s)\s+)?"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)"
    rf"(?:ern)?\s+of\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+)?(?P<ref>{NAME})")
# "al-Serian neighbourhood in Aleppo city": a part of the reference place.
# "Western Maliha in Dar'a countryside", "the Humaymeh area in Homs": a place inside the one after it.
_PART_OF_RX = re.compile(
    rf"\b(?P<name>{NAME})\s+(?:(?:neighbou?rhood|district|quarter|suburb|area|town|village)\s+(?:in|of)|"
    rf"(?:area|village|(?:metro )?station|square|street|market|hospital|university|school|mosque|church|stadium|"
    rf"roundabout|bridge|prison|camp)\s+in)\s+(?:the\s+)?"
    rf"(?:(?:[A-Z][\w-]*\s+)?(?:city|town)\s+of\s+)?(?P<ref>{NAME})(?![\w'’-])(?!(?:\s+(?:[Dd]istrict|[Pp]rovince|LGA|[Cc]ounty|[Tt]ehsil))?(?:\s*\(|,\s*[A-Z]))"
    rf"|\b(?P<name2>{NAME})\s+in\s+(?:the\s+)?(?P<ref2>{NAME})(?=\s+(?:countryside|province|governorate)\b)"
    rf"|\b(?:neighbou?rhoods?|districts?|quarters?|suburbs?|areas?)\s+of\s+(?P<name3>{NAME})(?:,?\s+and\s+{NAME})?\s+in\s+(?:the\s+)?(?P<ref3>{NAME})")
_ADMIN_WORD = (r"(?:\s+(?:state|province|department|governorate|region|county|oblast|prefecture|district|LGA|division|"
               r"municipality|upazila|tehsil|township|raion|subdivision|sub-?county|sub-?district|commune|arrondissement|"
               r"City|city))?")
# An admin name: capitalised words, lowercase particles between them ("Rio de Janeiro"), or a
# lowercase prefix before a capital ("eThekwini").
_ADMIN_NAME = r"(?:J&K|(?:[A-Z]|[a-z][A-Z])[\w'’-]+(?:[\s-](?:(?:de|do|da|dos|das|del|la|le|el|al|ar|as|ad|ash|ez|az|of|and|di|du)[\s-])?[A-Z][\w'’-]+){0,3})"
_PLACE_IN_ADMIN_RX = re.compile(
    rf"\b(?P<name>{NAME})(?:\s+\[[^\]]{{1,40}}\])?(?:\s+(?i:village|town|city|area|district|camp|neighbou?rhood|"
    rf"sub-?district|municipality|locality|region|county|commune|subdivision|sector|hill|mountain|airbase|air base|base|front|frontline|front line|center|centre|"
    rf"(?:police )?station|checkpoint|market|prison|border crossing|crossing|junction|bridge|port|airport|"
    rf"(?:\w+ )?(?:LGA|upazila|tehsil|township|chieftaincy|raion))){{0,2}}(?:\s+\[[^\]]{{1,40}}\])?(?:,\s+|\s+\()(?P<a>{_ADMIN_NAME}{_ADMIN_WORD})"
    rf"(?:(?:,\s+|\s+\()(?P<b>{_ADMIN_NAME}{_ADMIN_WORD}))?(?:(?:,\s+|\s+\()(?P<c>{_ADMIN_NAME}{_ADMIN_WORD}))?"
    r"(?:\)|,|\.|\s|$)")
_TRAIL_RX = re.compile(
    rf"\((?P<name>{_ADMIN_NAME})(?:,\s+(?P<a>{_ADMIN_NAME}{_ADMIN_WORD}))?(?:,\s+(?P<b>{_ADMIN_NAME}{_ADMIN_WORD}))?"
    r"\)")
_NEIGHBOURHOODS_RX = re.compile(
    rf"\b(?P<name>{NAME})(?:,?\s+and\s+(?P<name2>{NAME}))?\s+neighbou?rhoods?\b(?!\s+(?:in|of)\b)")
_CITY_PART_RX = re.compile(
    r"\b(?:the|this) (?:city|town|capital)(?:'s|’s) (?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+"
    r"(?:district|neighbou?rhood|quarter|area|suburb)\b")
_DATELINE_RX = re.compile(
    r"^\s*[A-Z][A-Za-z .'’-]{2,40},?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?"
    r"\s*(?:\([^)]{2,40}\))?\s*[–—-]")
_LINKED_EVENTS = re.compile(r"\b(?:after|before|following|since|prior to|in response to|in retaliation for|"
                            r"days? after|a day after|in revenge for|weeks? after)\b", re.I)
_INTERVENTION = re.compile(
    r"\b(?:police|security forces|authorities|gendarmes?|gendarmerie|troops|soldiers|officers|riot police|"
    r"military forces|army)\s+(?:\w+\s+){0,3}"
    r"(?:dispersed|arrested|detained|beat|fired|used|intervened|broke up|removed|cleared|charged|resorted to|tried to contain|"
    r"(?:are |were )?working to re-?open)\b"
    r"|\b(?:lathi|baton)[- ]charg\w*|\bto disperse (?:the )?(?:protesters|demonstrators|crowd|gathering|protest)"
    r"|\b(?:protesters|demonstrators|participants|they|some|several|many|activists)\s+(?:were|was)\s+(?:\w+\s+)?"
    r"(?:arrested|detained|dispersed|beaten|removed)\b"
    r"|\btear ?gas\b|\bwater cannons?\b|\brubber bullets\b|\barrests? (?:was|were) made\b|\b(?:were|was) dispersed by\b"
    r"|\b(?:one|two|three|four|five|\d+|a|several|some) (?:\w+ )?(?:protesters?|demonstrators?|participants?|people|women|men) "
    r"(?:was|were) (?:arrested|detained)\b"
    r"|(?:^|[.;] )(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+|several|some|many) (?:of them )?(?:was|were) "
    r"(?:arrested|detained)\b", re.I)
# Small-arms fire (heavy machine guns count with the heavy weapons, as ACLED codes them).
_DIRECT_FIRE = re.compile(
    r"\b(?:small[- ]arms|(?<!heavy )machine ?guns?|(?<!heavy )machineguns?|(?:assault )?rifles?|gunfire|sniper|"
    r"firefights?|gun ?battles?|shoot-?outs?|exchanged? (?:of )?fire|clash(?:ed|es)?)\b", re.I)
_TWO_SIDED = re.compile(
    r"\b(?:clash(?:ed|es)?|fighting|fought|battles?|exchang\w* (?:of )?(?:heavy )?fire|firefights?|gun ?battles?|"
    r"skirmish\w*|shoot-?outs?|repel\w*|repuls\w*|thwart\w*|foiled|offensive|counter-?attack\w*|ambush\w*|stormed|"
    r"engaged)\b", re.I)
_HEAVY_FIRE = re.compile(r"\b(?:heavy machine ?guns?|heavy machineguns?|ifvs?|bmps?|cannons?|anti-aircraft (?:guns?|weapons)|"
                         r"recoilless|tanks? (?:fire|shells?|rounds?)|armou?red vehicles? fire|"
                         r"heavy (?:and medium )?weapons|medium (?:and heavy )?weapons|(?:12\.7|14\.5|23)\s?mm|"
                         r"machine ?guns,? (?:assumedly|presumably|reportedly|probably) heavy)\b", re.I)
_VICTIM_ARMED_WORDS = (r"(?:militants?|fighters|soldiers?|policem[ae]n|policewom[ae]n|police (?:officers?|agents?)|rangers?|"
                       r"commanders?|(?:gang|cartel) members?|drug (?:dealers?|traffickers?)|servicem[ae]n|troops)")
_ARMED_VICTIM = re.compile(
    r"\b(?:killed|shot(?: dead)?|stabbed|attacked|ambushed|injured|wounded|assassinated|murdered|beheaded|executed)\s+"
    r"(?:(?!by\b)\w+\s+){0,3}?" + _VICTIM_ARMED_WORDS + r"\b"
    r"|\b" + _VICTIM_ARMED_WORDS + r"\s+(?:was|were)\s+(?:\w+\s+)?(?:killed|shot|stabbed|attacked|ambushed|injured|"
    r"wounded|assassinated|murdered)\b"
    r"|\bvictims?\b(?:\s+\S+){0,10}?\s+(?:drug trafficking|gang members?|criminal group|cartel)\b", re.I)
_OFF_DUTY = re.compile(r"(?<!if he was )(?<!if she was )\boff[- ]duty\b", re.I)
_CLOSE_FIGHT = re.compile(r"\b(?:clash(?:ed|es)?|fighting|fought|gun ?battles?|firefights?|exchang\w* (?:of )?(?:\w+ )?fire|"
                          r"traded fire)\b", re.I)
_MELEE = re.compile(r"\b(?:sticks|stones|rocks|machetes|axes|knives|clubs|bows|arrows|fists?|fist ?fights?|iron rods|"
                    r"bricks|bats|sharp (?:weapons|objects)|bamboo)\b", re.I)
_INFORMAL_SIDES = re.compile(
    r"\b(?:supporters|party (?:members|workers|activists)|inmates|prisoners|detainees|mobs?|neighbou?rs|students|"
    r"(?:two|rival) groups of (?:\w+ ){0,2}(?:villagers|residents|people|supporters|youths|men|members)|"
    r"villagers|residents|locals|youths|fans|traders|vendors|sellers|workers)\b", re.I)
# Who fights in a brawl or a riot, as opposed to armed groups and gunmen.
_UNARMED_SIDE = re.compile(
    r"\b(?:villagers|residents|inhabitants|locals|citizens|nationals|youths?|young (?:men|people)|students|activists|"
    r"supporters|(?:party )?(?:members|workers|cadres)|traders|vendors|farmers|labou?rers|neighbou?rs|relatives|fans|"
    r"(?:two|rival|village) groups|groups of|(?:a|the) group|communit(?:y|ies)|Palestinians|protesters|demonstrators|"
    r"beneficiaries|devotees|worshippers|inmates|prisoners|detainees|migrants|drivers|passengers|mobs?|crowds?|men|"
    r"persons|people)\b", re.I)
_ARMED_PEOPLE = re.compile(
    r"\b(?:gunm[ae]n|armed (?:men|groups?|individuals|assailants|youths|attackers|persons|civilians|elements|bandits)|"
    r"militia\w*|militants?|fighters|rebels?|insurgents?|bandits?|gangs?|gangsters?|cartels?|jihadists?|terrorists?|"
    r"kidnappers|robbers|hitm[ae]n|sicarios?|combatants|guerrillas?|paramilitar\w*|vigilante groups?|dissidents|"
    r"separatists?|far[- ]right|criminal (?:groups?|gangs?|organi[sz]ations?|cells?))\b", re.I)
# Shots the police or soldiers fired to hold a crowd back: not what makes a riot a battle.
_STATE_FIRE = re.compile(
    r"\b(?:police|policemen|officers|personnel|forces|troops|soldiers|guards?|gendarmes?)\s+(?:\w+\s+){0,3}?"
    r"(?:fired|opened fire|shot)\b(?:\s+\w+){0,3}|\b(?:warning|blank) shots?\b|\bfir\w* (?:in|into) the air\b"
    r"|\b(?:armed|border|riot|military) police\b", re.I)
_FIGHTING_ARMED = re.compile(r"\b(?:gun ?battles?|gunfights?|firefights?|shoot-?outs?|exchang\w* (?:of )?(?:\w+ )?fire|"
                             r"traded fire|(?:inter|intra)-?(?:clan|tribal|communal)|communal|ethnic|tribal|clans?|rival (?:gangs?|militias?|factions?|gang members)|"
                             r"between (?:\w+ ){0,3}(?:clans|sub-?clans|gangs|militias|factions))\b", re.I)
_CROWD_VIOLENCE_KINDS = {"violence", "killing", "ViolentDemonstration", "MobViolence", "LootingPropertyDestruction"}
_CROWD_VIOLENCE = re.compile(
    r"\bclash(?:ed|es)? with (?:the )?(?:\w+ ){0,2}(?:police\w*|security|forces|officers|guards|troops|soldiers|gendarm\w*|"
    r"counter-?(?:protesters|demonstrators)|law enforce\w*)|\bclashes (?:broke out|erupted|ensued)|\bscuffl\w*|"
    r"\bvandali[sz]ed|\btorched|\bset (?:\w+ ){0,4}?(?:on fire|alight|ablaze)|\bpelted|"
    r"\b(?:threw|hurled|throwing) (?:\w+ ){0,2}(?:stones|rocks|bricks|bottles|molotov\w*|petrol bombs)|\bstormed(?! out)|"
    r"\bransacked|\bturned violent|\brioted|\brioting"
    r"|\b(?:protesters|demonstrators|crowds?|rioters|they|participants|mobs?|inmates|prisoners)\s+"
    r"(?:(?:also|then|reportedly|allegedly|later|had|have|and|started to|tried to|attempted to)\s+){0,2}"
    r"(?:burn(?:ed|t)?|destroyed|damaged|smashed|looted|attacked|assaulted|beat(?:en)? up|set fire|storm|break into|"
    r"force (?:their way|themselves))\b(?! (?:\w+ ){0,2}effig)"
    r"|(?:^|[.;]\s+)(?:[\w'-]+\s+){0,4}?(?:were|was)\s+(?:also\s+)?(?:burnt|burned|set on fire|set alight|torched|destroyed|vandali[sz]ed|smashed|looted)\b"
    r"(?!\s+by\s+(?:the\s+)?(?:police|security|forces|soldiers|troops|army|authorities|guards))"
    r"|\b(?:burned|burnt|destroyed|damaged|smashed|looted|attacked|assaulted|beaten(?: up)?|injured) (?:\w+ ){0,3}?by "
    r"(?:the )?(?:angry )?(?:protesters|demonstrators|crowds?|rioters|mobs?)\b", re.I)
# What the police or soldiers did to a crowd (an intervention, not the crowd's violence).
_POLICE_ACTION = re.compile(
    r"\b(?:police\w*|gendarm\w*|security (?:forces|personnel|agents|officers)|soldiers|troops|army|military|officers|"
    r"officials|authorities|guards?|agents|wardens|law enforcers|forces)\s+(?:\w+\s+){0,3}?(?:beat|thrash\w*|"
    r"manhandl\w*|clubbed|slapped|lynched|attacked|assaulted|burn\w*|destroy\w*|damag\w*|smash\w*|fired|shot|used|"
    r"pushed|stormed|raided|suppressed)\b(?:\s+[\w,]+){0,5}", re.I)
_PARTY_SIDE = re.compile(r"\b(?:supporters|(?:party )?members|activists|cadres|militants of the)\b|\b[A-Z]{2,6} (?:members|supporters)\b"
                         r"|\band [A-Z]{2,6}\b")
_CROWD_ON_POLICE = re.compile(
    r"\b(?:a group of \w+|\w+ people|crowds?|mobs?|residents|villagers|locals|traders|vendors|sellers|shopkeepers|youths)"
    r"\s+(?:\w+\s+){0,4}?(?:attacked|assaulted)\s+(?:a |an |the )?(?:\w+ )?(?:police|policem[ae]n|policewom[ae]n|"
    r"officers?|agents?|inspectors?)\b"
    r"|\b(?:police|policem[ae]n|policewom[ae]n|officers?|agents?|inspectors?)\s+(?:was|were)\s+(?:\w+\s+)?(?:attacked|assaulted)"
    r" by (?:a group of |a crowd of |angry )?(?:\w+ )?(?:sellers|vendors|traders|shopkeepers|residents|villagers|locals|"
    r"youths|people)\b", re.I)
_MEMBERS_OF = re.compile(r"\bmembers of (?:the |an? )?((?:[A-Z][\w'-]*|del|de|la|los|al)(?:\s+(?:[A-Z][\w'-]*|del|de|la|los|al))*)"
                         r"(?:\s+(\w+))?")
_NOT_ORGANISATIONS = {"community", "communities", "party", "family", "families", "clan", "tribe", "village", "union",
                      "ethnic", "ethnicity", "youth", "church", "congregation", "parliament", "assembly", "council"}
_ATTACK_ON_PEOPLE = re.compile(
    r"\b(?:attack\w*|raid\w*|stormed|invaded)\s+(?:(?!in\b|at\b|near\b|on\b|during\b|of\b)\w+\s+){0,4}?(?:villages?|towns?|communit(?:y|ies)|residents|civilians|"
    r"people|famil(?:y|ies)|m[ae]n|wom[ae]n|farmers|herders|camps?|settlements?|hamlets?|localit(?:y|ies)|passengers|"
    r"travell?ers|drivers|traders)\b", re.I)
_ARSON_ATTACK = re.compile(r"\barson (?:attacks?|attempts?)\b", re.I)
_HARM = re.compile(r"\b(?:beat(?:en|ing)?|tortur\w*|shot|opened fire|stabbed|wounded|injured)\b", re.I)
_BEATING = re.compile(r"\b(?:beat(?:en|ing)?|thrash\w*|lynch\w*|ston(?:ed|ing)|pelt\w*|manhandl\w*|clubbed|slapped|"
                      r"(?:threw|hurled|throwing) (?:stones|rocks|bricks)|set (?:\w+ ){0,4}alight)\b", re.I)
_GUNS = re.compile(r"\b(?:gun\w*|shot|shots|shooting|firearms?|rifles?|pistols?|bullets?|armed|militia\w*|gangs?|cartels?|"
                   r"fired|gunmen|grenades?|explosives?)\b", re.I)
_BODY_FOUND = re.compile(
    r"\b(?:bod(?:y|ies)|corpses?|(?:human )?remains)\b(?:\s+[\w,]+){0,8}?\s+(?:was|were|had been|have been)\s+"
    r"(?:\w+\s+)?(?:found|discovered|recovered|dumped|located)\b", re.I)
# Explicitly two-sided fighting: clashes, exchanges of fire, feuds between rival groups, gunfire
# counted by monitors (ceasefire violations) with no target named.
_FIGHTING = re.compile(
    r"\b(?:clash(?:ed|es)?|fighting|fought|gun ?battles?|gunfights?|firefights?|shoot-?outs?|skirmish\w*|"
    r"exchang\w* (?:of )?(?:\w+ )?fire|traded fire|(?:inter|intra)-?(?:clan|communal|tribal|ethnic)|communal violence|"
    r"rival (?:gangs?|groups?|factions?|clans?|militias?|gang members)|"
    r"between (?:\w+ ){0,3}(?:families|clans|sub-?clans|gangs|communities|tribes|sections|factions|militias))\b"
    r"|\bobserved (?:a total of )?\d+ (?:\w+/)*(?:shots|bursts)", re.I)
_MOB = re.compile(
    r"\b(?:mobs?|lynch\w*|angry (?:crowd|residents|villagers)|vigilantes?)\b"
    r"|\b(?:residents|villagers|inhabitants|locals|a crowd|community members|youths|"
    r"a group of (?:(?!armed|unidentified|unknown|masked|gun)\w+ )?(?:people|residents|villagers|youths|locals))"
    r"\s+(?:\w+\s+){0,3}(?:attacked|beat|lynched|clashed|stoned|torched|set fire|burned|assaulted|threw|hit|killed|"
    r"set (?:\w+ ){0,3}(?:on fire|alight|ablaze))"
    r"|\b(?:attacked|assaulted|beaten(?: up)?|injured|lynched|killed) by (?:angry |irate |local )?(?:traders|vendors|"
    r"residents|villagers|locals|a crowd|a mob|community members|relatives|kin)\b", re.I)
_TWO_WAY_FIRE = re.compile(
    r"\bin both directions\b|\bexchang\w* (?:of )?(?:heavy |intense |sporadic )?(?:\w+ )?fire\b|\bexchanges? of fire\b"
    r"|\btraded (?:\w+ )?fire\b|\b(?:responded|returned) (?:to )?(?:the )?fire\b"
    r"|\b(?:shelling|artillery|mortar|rocket|gun|fire) exchanges?\b|\bexchanges? of (?:shelling|artillery|mortar|rocket)", re.I)
_CIVILIAN_TARGET = re.compile(
    r"\b(?:civilians?|residents?|residential|homes?|houses?|neighbou?rhoods?|villagers|farms?|markets?|schools?|"
    r"hospitals?|children|women|populated)\b", re.I)
_MILITARY_TARGET = re.compile(
    r"\b(?:attack\w*|fired|opened fire|ambush\w*|raid\w*|targeted|stormed|shelled)\s+(?:[\w./,'-]+\s+){0,14}?"
    r"(?:positions?|posts?|checkpoints?|bases?|convoys?|barracks|patrols?|outposts?|garrisons?|troops|soldiers|"
    r"forces|police stations?|military vehicles?|headquarters)\b"
    r"|\b(?:positions?|posts?|checkpoints?|bases?|convoys?|barracks|patrols?|outposts?|garrisons?|police stations?)\s+"
    r"(?:\w+\s+){0,6}?(?:was|were|had been|has been)\s+(?:\w+\s+)?(?:attacked|targeted|ambushed|stormed|raided|shelled|hit)\b",
    re.I)
_CROWD_TYPES = {"PeacefulProtest", "ProtestWithIntervention", "ExcessiveForceAgainstProtesters", "ViolentDemonstration",
                "MobViolence"}
_STATE_ASSETS = {"artillery", "warplanes", "jets", "aircraft", "helicopters", "tanks", "drones", "gunboats", "planes",
                 "gunships", "bombers", "troops", "forces", "units"}
_REPORTING_LEMMAS = {"say", "report", "announce", "claim", "state", "confirm", "tell", "add", "note", "quote", "deny",
                     "refute", "reject", "publish", "release", "tweet", "post", "write", "declare", "acknowledge",
                     "admit", "allege", "accord"}
_ROAD_AFTER = re.compile(r"(?:[- ][A-Z][\w'’]+){0,2}\s+(?:[Rr]oad|[Hh]ighway|[Mm]otorway)\b")
# "Colonia"/"Barrio" before a name: a neighbourhood of the city the sentence names ("Colonia del
# Sacramento" is a city: "del" is no name)
_NEIGHBOURHOOD = r"(?:Colonia|Col\.|Fraccionamiento|Fracc\.|Barrio)"
_NEIGHBOURHOOD_WORD = re.compile(_NEIGHBOURHOOD + r"\s+(?:[A-Z0-9]|de\s+[A-Z0-9])")
_NEIGHBOURHOOD_BEFORE = re.compile(r"\b" + _NEIGHBOURHOOD + r"\s+$")
_NOT_PLACES = {"isis", "isil", "daesh", "amaq", "the", "state", "army", "syrian", "russian", "islamic state", "government",
               "regime", "news", "agency", "press", "reuters", "afp", "monday", "tuesday", "wednesday", "thursday",
               "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
               "august", "september", "october", "november", "december", "god", "allah",
               "loc", "line of control", "frontline", "front line", "contact line", "line of contact"}

# A casualty verb with an object after it is active: the count before it counts the perpetrators.
_ACTIVE_OBJECT = re.compile(r"\s+(?:the|a|an|his|her|their|its|two|three|four|five|six|seven|eight|nine|ten|\d+|several|"
                            r"dozens|scores|some|at least|many)\b", re.I)
_AUX_BEFORE_VERB = re.compile(r"\b(?:were|was|have been|had been|has been|are|is|got|being)\s+(?:\w+\s+){0,3}\w+$", re.I)
_NON_PERSON = re.compile(
    r"\b(?:years?|percent|km|kilomet(?:er|re)s?|miles|hours|days|weeks|months|times|dollars|\$|rockets?|shells?|missiles?|"
    r"vehicles?|motorcycles?|cars?|trucks?|tanks?|weapons?|ammunition|checkpoints?|houses|homes|buildings|villages?|towns?|"
    r"jets?|planes?|aircraft|warplanes?|helicopters?|boats?|ships?|"
    r"positions?|hills?|drones?|barrels?|tons?|tonnes?|litres?|liters?|heads?|cattle|cows|goats|sheep|camels|animals)\b", re.I)
_PERSON_NOUN = re.compile(
    r"\b(?:soldiers?|troops|servicem[ae]n|officers?|policem[ae]n|personnel|guards?|fighters?|militants?|members?|rebels?|"
    r"civilians?|people|persons?|men|women|children|boys?|girls?|villagers?|residents?|farmers?|students?|workers?|"
    r"others|hostages?|prisoners?|elements|jihadists?|terrorists?|insurgents?|gunmen|militiamen|commanders?|leaders?|"
    r"journalists?|passengers?|traders?|herders?|individuals?)\b", re.I)
_VICTIM = r"(?P<who>(?:(?!(?:killed|injured|wounded|dead|died|captured|abducted|kidnapped|while|whereas|but|said|says|told|reported|according|put|and\s+(?:another|\d|one|two|three|four|five|six|seven|eight|nine|ten)))[\w'’-]+,?\s+){0,7}?)"
_COUNT_G = (rf"(?P<count>{COUNT}|another one|a third|a fourth|one|the victim|an?(?=\s+(?:\w+\s+)?(?:soldier|civilian|man|woman|"
            rf"child|boy|girl|person|officer|policeman|policewoman|member|fighter|militant|doctor|nurse|journalist|"
            rf"teacher|student|farmer|driver|trader|guard|gendarme|resident|villager|worker|leader|commander|"
            rf"suspect|inmate|prisoner|priest|imam|activist|official|civilian|youth|teenager|merchant|shopkeeper)\b))")
_CASUALTY_RX: list[tuple[str, re.Pattern[str]]] = [
    ("Killed", re.compile(rf"\b(?:death toll|toll)\b[^.]{{0,40}}?\b(?:to|at|of|reached|rose to|stood at)\s+{_COUNT_G}(?P<who>)", re.I)),
]
for _kind, _verbs, _nouns in (
    ("Killed", r"killed|dead|died|slain|shot dead|beheaded|massacred|murdered|lost their lives|perished|succumbed|"
               r"(?:were|was|been) executed|(?:shot|stabbed|beaten|hacked|burned|burnt|tortured) to death",
     r"deaths?|dead|fatalit(?:y|ies)|killed|bodies|corpses|lives"),
    ("Injured", r"injured|wounded|hurt|maimed", r"injuries|injured|wounded"),
    ("Captured", r"captured|taken prisoner|taken captive|seized", r"prisoners|captives"),
    ("Abducted", r"abducted|kidnapped|taken hostage|snatched", r"hostages|abductees"),
    ("Missing", r"missing|unaccounted for", r"missing"),
):
    _CASUALTY_RX.append((_kind, re.compile(
        rf"\b{_COUNT_G}\s+{_VICTIM}(?:(?:were|was|have been|had been|has been|are|is|got|being|reportedly|allegedly|also|later|all|been|confirmed)\s+){{0,4}}(?:{_verbs})\b", re.I)))
    _CASUALTY_RX.append((_kind, re.compile(
        rf"\b(?:{_verbs.replace('killed', 'killed|killing|kill').replace('injured', 'injured|injuring').replace('wounded', 'wounded|wounding')})\s+{_COUNT_G}(?P<who>(?:\s+[\w'’-]+){{0,5}})", re.I)))
    _CASUALTY_RX.append((_kind, re.compile(
        rf"\b{_COUNT_G}\s+(?:{_nouns})\b(?P<who>)", re.I)))
_CASUALTY_RX.append(("Killed", re.compile(rf"\b(?:death|deaths|killing|killings|lives) of {_COUNT_G}(?P<who>(?:\s+[\w'’\[\]-]+){{0,4}})", re.I)))
_CASUALTY_RX.append(("Killed", re.compile(rf"\bbod(?:y|ies) of {_COUNT_G}(?P<who>(?:\s+[\w'’-]+){{0,3}})", re.I)))
_CASUALTY_RX.append(("Killed", re.compile(r"\b(?P<count>an?|the|one)\s+(?:\w+\s+)?(?P<who>)body\s+(?:was|has been)\s+(?:found|discovered|recovered|dumped)", re.I)))
_CASUALTY_RX.append(("Injured", re.compile(rf"\b(?:injury|injuries|wounding) of {_COUNT_G}(?P<who>(?:\s+[\w'’\[\]-]+){{0,4}})", re.I)))


# --- helpers --------------------------------------------------------------------------------


def _armed(a: Actor | None) -> bool:
    return a is not None and a.kind in ("StateForces", "RebelGroup", "PoliticalMilitia", "IdentityMilitia",
                                         "ExternalForces", "Unidentified")


def _mob_violence(f: Frame, text: str) -> bool:
    """Violence by people who are no armed organisation: brawling groups, a crowd against the police.

    ACLED codes these as Riots (mob violence), not as battles or attacks on civilians: a fight
    is a battle only when an armed group takes part, and an attack on civilians needs one as
    its perpetrator. Police or soldiers as the other side, or firing warning shots, do not
    make it a battle.
    """
    sides = [a for a in (f.actor1, f.actor2) if _armed_group(a)]
    if any(a.kind != "PoliticalMilitia" for a in sides):
        return False
    if sides and not (_FIGHTING.search(text) and _PARTY_SIDE.search(text)):
        return False  # a party's militia fighting the other party's supporters is a brawl; its raids are attacks
    if f.actor1 is not None and f.actor2 is not None and f.actor1.kind == f.actor2.kind == "StateForces":
        return False  # the police fighting the army
    if _ARMED_PEOPLE.search(text) or _named_members(text):
        return False
    if _GUNS.search(_STATE_FIRE.sub(" ", text)):
        return False
    state1 = f.actor1 is not None and f.actor1.kind == "StateForces"
    if _FIGHTING.search(text) and not _FIGHTING_ARMED.search(text):
        # Two sides fighting, neither of them armed: villagers, party members, a crowd and the police.
        return _UNARMED_SIDE.search(text) is not None or _MELEE.search(text) is not None
    if not state1 and (_MELEE.search(text) or _INFORMAL_SIDES.search(text)) and \
            f.actor2 is not None and f.actor2.kind == "StateForces":
        return True  # a crowd stoning the police
    if _CROWD_ON_POLICE.search(text):
        return True  # shopkeepers or vendors setting on a policewoman
    # Beatings by people with no organisation behind them (the police beating a man is an attack).
    return not state1 and not _organised(f.actor1) and _BEATING.search(text) is not None and \
        (f.actor1 is None or f.actor1.kind in ("Civilians", "Unidentified", "Rioters", "Protesters")) and \
        _POLICE_ACTION.search(text) is None and _UNARMED_SIDE.search(text) is not None


def _crowd_violence(text: str) -> bool:
    """Whether a crowd (not the police facing it) does violence in ``text``."""
    return _CROWD_VIOLENCE.search(_POLICE_ACTION.sub(" ", text)) is not None


def _named_members(text: str) -> bool:
    """Whether the text names an organisation's members: "members of Los Zetas" (not "of the X community")."""
    for m in _MEMBERS_OF.finditer(text):
        if (m.group(2) or "").lower() not in _NOT_ORGANISATIONS:
            return True
    return False


def _armed_group(a: Actor | None) -> bool:
    """An armed organisation other than a state's own forces."""
    return a is not None and a.kind in ("RebelGroup", "PoliticalMilitia", "IdentityMilitia", "ExternalForces")


def _organised(a: Actor | None) -> bool:
    """A named armed organisation (not an unnamed group of people)."""
    return a is not None and a.kind in ("StateForces", "RebelGroup", "PoliticalMilitia", "IdentityMilitia",
                                         "ExternalForces")


def _speaker(t: Token) -> bool:
    """Whether ``t`` is (in) the subject of a reporting verb: "the army said", "police confirmed"."""
    for a in [t, *t.ancestors]:
        if a.dep_ in ("nsubj", "nsubjpass") and a.head.lemma_ in _REPORTING_LEMMAS:
            return True
        if a.pos_ in ("VERB", "AUX") and a is not t:
            return False
    return False


def _agentive(t: Token) -> bool:
    """Whether ``t`` sits in a subject or a "by" agent phrase of its clause."""
    for a in [t, *t.ancestors]:
        if a.dep_ in ("nsubj", "agent", "csubj") or (a.dep_ == "pobj" and a.head.lower_ == "by"):
            return not any(x.lemma_ in _REPORTING_LEMMAS for x in ([a.head] if a.head is not a else []))
        if a.pos_ in ("VERB", "AUX") and a is not t:
            return False
    return False


def _planning(m: re.Match[str] | None) -> bool:
    """A plan, intention, condition or fear: what follows it did not (yet) happen."""
    return m is not None and not re.match(r"(?:will|would|could|might|may|shall|should)\b", m.group(0), re.I)


_NP_DEPS = {"compound", "amod", "poss", "det", "nummod", "nmod", "appos", "conj", "cc", "case", "quantmod", "advmod",
            "npadvmod", "punct"}


def _np_tokens(t: Token) -> list[Token]:
    """The noun phrase headed by ``t``: modifiers, conjuncts and "of" phrases, not clauses."""
    out = [t]
    for c in t.children:
        if c.dep_ in _NP_DEPS or (c.dep_ == "prep" and c.lower_ == "of"):
            out.extend(_np_tokens(c))
        elif c.dep_ == "pobj":
            out.extend(_np_tokens(c))
    return sorted(out, key=lambda x: x.i)


def _np_text(t: Token) -> str:
    left = [c for c in t.lefts if c.dep_ in ("compound", "amod", "det", "poss", "nummod", "nmod")]
    start = min([t.i] + [c.left_edge.i for c in left])
    return t.doc[start:t.i + 1].text


def _cue_head(span: Span) -> Token:
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX") and t.dep_ != "amod"]
    if verbs:
        return verbs[0]
    nouns = [t for t in span if t.pos_ in ("NOUN", "PROPN")]
    if nouns:
        return nouns[-1]
    return span.root


def _earlier_clause(head: Token) -> bool:
    """A cue in a past-perfect relative clause ("activists who had been detained during
    demonstrations") tells what happened before the story, not the story."""
    v = head if head.pos_ in ("VERB", "AUX") else _governing_verb(head)
    return v is not None and v.dep_ in ("relcl", "acl") and \
        any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d") for c in v.children)


def _governing_verb(t: Token) -> Token | None:
    for a in [t] + list(t.ancestors):
        if a.pos_ in ("VERB", "AUX"):
            return a
    return None


def _town_point(place: Place) -> bool:
    """Whether ``place`` is a town's own point, or "near" it (precision 2 of a town: key "-p2")."""
    return place.precision == 1 or place.key.endswith("-p2") and not place.key.startswith(("adm1-", "country-"))


def _with_precision(place: Place, precision: int) -> Place:
    key = place.key if place.key.endswith(f"-p{precision}") or precision == 1 else f"{place.key}-p{precision}"
    return Place(key=key, label=place.label, lat=place.lat, lon=place.lon, country_code=place.country_code,
                 admin1=place.admin1, precision=precision, geonames_id=place.geonames_id)


def _fold(text: str | None) -> str:
    t = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    t = re.sub(r"^(?:al|el|as|ad|ar|ash|an|az|at)[- ]", "", t)
    return re.sub(r"[^a-z0-9]", "", t)


def _norm_admin1(a: str | None) -> str:
    return re.sub(r"[^a-z]", "", (a or "").lower().replace("governorate", "").replace("province", ""))


def _finer(a: Place, b: Place) -> bool:
    """``a`` says more precisely where than ``b``: a named place beats a province part, a
    province beats its country."""
    return (a.precision, not _named(a), _coarse(a)) < (b.precision, not _named(b), _coarse(b))


def _coarse(p: Place | None) -> bool:
    """No place yet, or only a country."""
    return p is None or p.key.startswith("country-")


def _named(p: Place) -> bool:
    return not p.key.startswith(("adm1-", "country-"))


def _place_compatible(a: Place | None, b: Place | None, strict: bool = False) -> bool:
    """Whether two places can be where one event happened (a region may contain a town)."""
    if a is None or b is None:
        return True
    if a.key.split("-p")[0] == b.key.split("-p")[0]:
        return True
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    same_admin = bool(a.admin1) and _norm_admin1(a.admin1) == _norm_admin1(b.admin1)
    if _named(a) and _named(b):
        # Two different named places are two events.
        return False
    if not a.admin1 or not b.admin1:
        # A country-level place contains everything in that country.
        return (a.precision == 3 and not a.admin1) or (b.precision == 3 and not b.admin1)
    return same_admin


def _actors_compatible(g: Frame, f: Frame) -> bool:
    def same(a: Actor | None, b: Actor | None) -> bool:
        return a is None or b is None or a.key == b.key
    if g.actor1 is not None and f.actor1 is not None and g.actor1.key != f.actor1.key and \
            "Unidentified" not in (g.actor1.kind, f.actor1.kind):
        # Swapped sides can be one fight ("X clashed with Y" / "Y attacked X") only when told so.
        if f.anaphoric and g.actor2 is not None and g.actor2.key == f.actor1.key and not f.explicit_actor1:
            return True
        return False
    return same(g.actor2, f.actor2) or g.actor2 is None or f.actor2 is None


def _time_compatible(a: TimeSpec | None, b: TimeSpec | None) -> bool:
    if a is None or b is None:
        return True
    if a.date and b.date:
        return abs((a.date - b.date).days) <= 1
    if a.month_day and b.month_day:
        return a.month_day == b.month_day
    return True


def _absorb(g: Frame, f: Frame) -> None:
    g.kinds.extend(k for k in f.kinds if k not in g.kinds)
    g.sents.extend(s for s in f.sents if s not in g.sents)
    g.actor1 = g.actor1 or f.actor1
    g.associated.extend(a for a in f.associated if all(a.key != b.key for b in g.associated)
                        and a.key != (g.actor1.key if g.actor1 else None))
    g.actor2 = g.actor2 or f.actor2
    g.explicit_actor1 = g.explicit_actor1 or f.explicit_actor1
    if f.place is not None and (g.place is None or (_finer(f.place, g.place) and _place_compatible(g.place, f.place))):
        g.place = f.place
    if g.time is None or (f.time is not None and (f.time.date and not g.time.date)):
        g.time = f.time or g.time
    g.report_latest = g.report_latest or f.report_latest
    g.casualties.extend(f.casualties)
    g.cas_meta.extend(f.cas_meta)
    g.extra_claims.extend(f.extra_claims)
    g.responsible = g.responsible or f.responsible
    if g.claimant is None and f.claimant is not None:
        g.claimant, g.certainty = f.claimant, f.certainty
    g.background = g.background and f.background


def _dedupe_casualties(cs: list[Casualty]) -> list[Casualty]:
    """One Casualty per (type, side): repeated mentions of one toll are not added up."""
    best: dict[tuple[str, str], Casualty] = {}
    for c in cs:
        key = (c.type, c.of_actor.key if c.of_actor else "")
        cur = best.get(key)
        if cur is None or (c.min or 0) > (cur.min or 0) or (cur.approximate and not c.approximate):
            best[key] = c
    # The same number told twice ("kill 30 Kurdish fighters" / "30 members of the YPG were killed")
    # is one toll, whatever each mention says about whose it is: keep the first with a side.
    out: list[Casualty] = []
    for c in best.values():
        twin = next((o for o in out if o.type == c.type and o.min == c.min and o.max == c.max), None)
        if twin is None:
            out.append(c)
        elif twin.of_actor is None and c.of_actor is not None:
            out[out.index(twin)] = c
    return out
