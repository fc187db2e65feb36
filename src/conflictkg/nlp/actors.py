"""The actor registry: curated armed actors (data/actors.yaml) and how text maps onto them.

One :class:`ActorRegistry` is loaded once per process by :func:`load_registry`. It gives

- :meth:`ActorRegistry.patterns` — spaCy EntityRuler patterns for every name and alias,
- :meth:`ActorRegistry.resolve` — surface text (+ the event's country) -> :class:`Actor`,
- :meth:`ActorRegistry.generic` — role words ("troops", "police", "villagers") -> the
  country's state forces / police / civilians / an unidentified armed group,
- :meth:`ActorRegistry.civilians`, :meth:`ActorRegistry.unidentified`,
  :meth:`ActorRegistry.mint` (unknown named groups), :meth:`ActorRegistry.by_key`,
- :meth:`ActorRegistry.acled_name` / :meth:`ActorRegistry.kind_in` for scoring against ACLED.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

import yaml

from conflictkg.errors import ConflictKGError
from conflictkg.models import Actor, ActorKind

REGISTRY_PATH = Path(__file__).resolve().parent.parent / "data" / "actors.yaml"

ACTOR_LABEL = "ARMED_ACTOR"  # EntityRuler label for armed actors
CLAIMANT_LABEL = "CLAIMANT"  # EntityRuler label for non-armed claimants (Amaq, SOHR, ...)
ROLE_LABEL = "ACTOR_ROLE"  # label of role_patterns() (generic role words)

# Kinds an entry of the YAML may have ("Unidentified" is reserved for unidentified()).
KINDS: frozenset[str] = frozenset({
    "StateForces", "RebelGroup", "PoliticalMilitia", "IdentityMilitia",
    "Rioters", "Protesters", "Civilians", "ExternalForces",
})
ROLES: tuple[str, ...] = ("military", "police", "rebels", "civilians", "unidentified")

CIVILIANS_KEY = "civilians"
_KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_QID_RE = re.compile(r"^Q\d+$")
_CC_RE = re.compile(r"^[A-Z]{2}$")
# Keys minted by the registry itself; an entry of the YAML must not take one.
_RESERVED_RE = re.compile(
    r"^(?:civilians|unidentified-armed-group(?:-[a-z]{2})?|(?:military|police)-forces-[a-z]{2}|x-.*)$"
)


class RegistryError(ConflictKGError, ValueError):
    """actors.yaml is malformed; the message names the entry at fault."""


# --------------------------------------------------------------------------- normalising

_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bb": "'", "`": "'",
                       "\u00b4": "'", "\u2032": "'"})
# Sun-letter forms of the Arabic article (ash-Sham, an-Nusra, ad-Dawla) and "ul-"/"el-"
# spell the same "al-"; only when hyphenated, so English "as"/"at"/"an" are untouched.
_ARTICLE_RE = re.compile(r"\b(?:a[dtszrn]|ash|adh|ath|el|ul)-(?=[a-z])")
_POSSESSIVE_RE = re.compile(r"(?<=\w)'s\b|(?<=s)'(?=\W|$)")
_NONWORD_RE = re.compile(r"[^a-z0-9]+")


def strip_marks(text: str) -> str:
    """Drop diacritics ("Cártel" -> "Cartel") but keep every base letter."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def norm(text: str) -> str:
    """Lookup key: no diacritics, lower case, no possessive, no apostrophes, hyphens as spaces,
    sun-letter articles as "al", no leading "the" ("The Houthis’" -> "houthis")."""
    t = strip_marks(text).translate(_APOS).lower()
    t = _ARTICLE_RE.sub("al-", t)
    t = _POSSESSIVE_RE.sub("", t)
    t = t.replace("'", "")
    t = _NONWORD_RE.sub(" ", t).strip()
    if t.startswith("the "):
        t = t[4:]
    return t


def loose(key: str) -> str:
    """Looser key for a second try: no "al"/"el" tokens and no plural "s"
    ("Nusra Front" = "al-Nusra Front", "Houthi" = "Houthis", "Peoples" = "People's")."""
    out = []
    for tok in key.split():
        if tok in ("al", "el"):
            continue
        # "-as" after a consonant is no plural: "Hamas" must not become "Hama", the Syrian city
        if len(tok) > 3 and tok.endswith("s") and not tok.endswith("ss") and not re.search(r"[^aeiou]as$", tok):
            tok = tok[:-1]
        out.append(tok)
    return " ".join(out)


# Words that say what members of a group are, not which group: "ISIS fighters" -> "ISIS".
_MEMBER_NOUNS = frozenset("""
fighter fighters militant militants member members element elements jihadist jihadists
gunman gunmen cell cells insurgent insurgents operative operatives unit units troop troops
soldier soldiers militiaman militiamen rebel rebels terrorist terrorists commander commanders
loyalist loyalists forces force group groups faction factions affiliate affiliates remnants
positions position combatants combatant sympathisers sympathizers supporters mercenaries
movement organisation organization militia militias guerrillas guerrilla personnel
""".split())
# Leading words that qualify a mention without naming anyone: "suspected ISIS militants".
_QUALIFIERS = frozenset("""
a an the suspected alleged so called so-called some several many few dozens dozen scores hundreds
thousands tens of at least more than about around nearly almost over up to local remaining
heavily armed armed masked unknown unidentified two three four five six seven eight nine ten
eleven twelve fifteen twenty thirty forty fifty hundred thousand one group band number squad
convoy patrol team contingent detachment
""".split())
# "al-Qaeda-linked JNIM", "US-backed SDF": the sponsor is not the actor.
_SPONSOR_WORDS = frozenset("backed linked aligned affiliated allied led supported funded sponsored "
                           "loyal".split())
_NUMBER_RE = re.compile(r"^\d+$")


# --------------------------------------------------------------------------- entries

@dataclass(frozen=True)
class Entry:
    """One YAML entry: the public Actor plus what only the registry needs."""

    actor: Actor
    countries: frozenset[str]  # primary country + the others it operates in
    local_aliases: tuple[str, ...] = ()
    acled: tuple[str, ...] = ()
    acled_by_country: Mapping[str, str] = field(default_factory=dict, hash=False)
    source: bool = False  # a claimant (news agency, monitor), not an armed actor
    areas: tuple[str, ...] = ()  # admin1 names where it operates: a hint for ambiguous place names


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    the: bool = False  # ACLED writes "Military Forces of the Philippines"
    demonyms: tuple[str, ...] = ()

    def of(self) -> str:
        return f"the {self.name}" if self.the else self.name


# --------------------------------------------------------------------------- registry

class ActorRegistry:
    """Curated armed actors with alias resolution; build with :func:`load_registry`."""

    def __init__(self, data: Mapping[str, Any], origin: str = "actors.yaml") -> None:
        self.origin = origin
        self.countries: dict[str, Country] = self._load_countries(data.get("countries"))
        self.entries: list[Entry] = []
        self._by_key: dict[str, Entry] = {}
        # norm(alias) -> [(entry index, local?)] in file order; the first is the primary.
        self._exact: dict[str, list[tuple[int, bool]]] = {}
        self._loose: dict[str, list[tuple[int, bool]]] = {}
        # Keys spelled only by short acronyms ("IS", "LeT", "AA") -> those exact spellings:
        # resolve("is") must not find Islamic State, as the EntityRuler would not.
        self._acronyms: dict[str, set[str]] = {}
        self._plain_keys: set[str] = set()
        for i, raw in enumerate(data.get("actors") or []):
            self._add_entry(i, raw)
        self._check_same_country_duplicates()
        self._roles, self._role_phrases = self._load_roles(data.get("roles"))
        self._state_forces = self._load_state_forces(data.get("state_forces"))
        self._demonyms: dict[str, str] = {}
        self._names_cc: dict[str, str] | None = None
        for c in self.countries.values():
            for d in c.demonyms:
                self._demonyms.setdefault(norm(d), c.code)
        self._demonym_max = max((len(d.split()) for d in self._demonyms), default=1)

    # ----------------------------------------------------------------- loading & validating

    def _fail(self, where: str, message: str) -> RegistryError:
        return RegistryError(f"{self.origin}: {where}: {message}")

    def _load_countries(self, raw: Any) -> dict[str, Country]:
        if not isinstance(raw, Mapping) or not raw:
            raise self._fail("countries", "missing or not a mapping of ISO code -> {name: ...}")
        out: dict[str, Country] = {}
        for code, spec in raw.items():
            if not isinstance(code, str) or not _CC_RE.match(code):
                raise self._fail(f"countries.{code!r}", "key is not an upper-case ISO alpha-2 code "
                                 "(quote it: YAML reads NO as false)")
            if not isinstance(spec, Mapping) or not isinstance(spec.get("name"), str):
                raise self._fail(f"countries.{code}", "needs a name")
            out[code] = Country(code, spec["name"], bool(spec.get("the", False)),
                                tuple(spec.get("demonyms") or ()))
        return out

    def _cc(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or value not in self.countries:
            raise self._fail(where, f"{value!r} is not a country code of the countries table")
        return value

    def _add_entry(self, i: int, raw: Any) -> None:
        if not isinstance(raw, Mapping):
            raise self._fail(f"actors[{i}]", "not a mapping")
        key = raw.get("key")
        where = f"actors[{i}] (key {key!r})"
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise self._fail(where, "key must be a lower-case slug like 'liwa-al-quds'")
        if _RESERVED_RE.match(key):
            raise self._fail(where, "key is reserved for actors the registry mints itself")
        if key in self._by_key:
            raise self._fail(where, "duplicate key")
        unknown = set(raw) - {"key", "label", "kind", "country", "countries", "wikidata", "acled",
                              "acled_by_country", "aliases", "local", "source", "areas"}
        if unknown:
            raise self._fail(where, f"unknown field(s) {sorted(unknown)}")
        label = raw.get("label")
        if not isinstance(label, str) or not label.strip():
            raise self._fail(where, "label missing")
        kind = raw.get("kind")
        if kind is not None and kind not in KINDS:
            raise self._fail(where, f"kind {kind!r} is not one of {sorted(KINDS)}")
        country = self._cc(raw.get("country"), f"{where}.country")
        others = [self._cc(c, f"{where}.countries") for c in raw.get("countries") or ()]
        wikidata = raw.get("wikidata")
        if wikidata is not None and not (isinstance(wikidata, str) and _QID_RE.match(wikidata)):
            raise self._fail(where, f"wikidata {wikidata!r} is not a Q-id")
        aliases = self._strings(raw.get("aliases"), f"{where}.aliases")
        local = self._strings(raw.get("local"), f"{where}.local")
        acled_raw = raw.get("acled")
        acled = (acled_raw,) if isinstance(acled_raw, str) else self._strings(acled_raw, f"{where}.acled")
        by_country_raw = raw.get("acled_by_country") or {}
        if not isinstance(by_country_raw, Mapping):
            raise self._fail(where, "acled_by_country must map country codes to ACLED names")
        by_country = {self._cc(c, f"{where}.acled_by_country"): str(n) for c, n in by_country_raw.items()}

        # Within one entry a spelling listed twice is a typo. Spellings that only normalise
        # alike ("Ahrar ash-Sham", "Ahrar al-Sham") are kept: the EntityRuler needs each.
        seen: dict[str, str] = {}
        for text in (label, *aliases, *local):
            if not norm(text):
                raise self._fail(where, f"alias {text!r} normalises to nothing")
            folded = " ".join(text.casefold().split())
            if folded in seen:
                raise self._fail(where, f"alias {text!r} repeats {seen[folded]!r}")
            seen[folded] = text

        idx = len(self.entries)
        actor = Actor(key=key, label=label.strip(), kind=kind, wikidata=wikidata, country=country,
                      aliases=tuple(dict.fromkeys((*aliases, *local))))
        entry = Entry(actor, frozenset((country, *others)), local, acled, by_country,
                      bool(raw.get("source", False)), self._strings(raw.get("areas"), f"{where}.areas"))
        self.entries.append(entry)
        self._by_key[key] = entry
        for text, is_local in [(label, False), *((a, False) for a in aliases), *((a, True) for a in local)]:
            k = norm(text)
            if " " not in text.strip() and _token_spec(text.strip())[0] == "ORTH":
                self._acronyms.setdefault(k, set()).add(text.strip())
            else:
                self._plain_keys.add(k)
            for index, kk in ((self._exact, k), (self._loose, loose(k))):
                bucket = index.setdefault(kk, [])
                # One slot per actor and key; a global spelling outranks a local one.
                if (idx, False) not in bucket:
                    if (idx, True) in bucket:
                        bucket.remove((idx, True))
                    bucket.append((idx, is_local))

    def _strings(self, value: Any, where: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self._fail(where, "must be a list of non-empty strings")
        return tuple(v.strip() for v in value)

    def _check_same_country_duplicates(self) -> None:
        # Shared aliases are fine across countries (resolve() prefers the event's country),
        # but two actors of one country with one alias would make resolution a coin toss.
        for k, cands in self._exact.items():
            by_country: dict[str, int] = {}
            for idx, _ in cands:
                e = self.entries[idx]
                other = by_country.setdefault(e.actor.country or "", idx)
                if other != idx:
                    raise self._fail(
                        f"actors key {e.actor.key!r}",
                        f"alias {k!r} is also an alias of {self.entries[other].actor.key!r} "
                        f"in the same country {e.actor.country}")

    def _load_roles(self, raw: Any) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
        if not isinstance(raw, Mapping):
            raise self._fail("roles", "missing or not a mapping of role -> list of phrases")
        index: dict[str, str] = {}
        phrases: dict[str, tuple[str, ...]] = {}
        for role, words in raw.items():
            if role not in ROLES:
                raise self._fail(f"roles.{role}", f"unknown role (one of {ROLES})")
            phrases[role] = self._strings(words, f"roles.{role}")
            for w in phrases[role]:
                k = norm(w)
                if k in index and index[k] != role:
                    raise self._fail(f"roles.{role}", f"{w!r} is also a {index[k]} phrase")
                index[k] = role
        return index, phrases

    def _load_state_forces(self, raw: Any) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for cc, roles in (raw or {}).items():
            self._cc(cc, f"state_forces.{cc}")
            if not isinstance(roles, Mapping):
                raise self._fail(f"state_forces.{cc}", "must map role -> actor key")
            for role, key in roles.items():
                if role not in ("military", "police", "rebels"):
                    raise self._fail(f"state_forces.{cc}.{role}", "role must be military, police or rebels")
                if key not in self._by_key:
                    raise self._fail(f"state_forces.{cc}.{role}", f"no actor with key {key!r}")
            out[cc] = dict(roles)
        return out

    # ----------------------------------------------------------------- public API

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Actor]:
        return (e.actor for e in self.entries)

    @property
    def alias_count(self) -> int:
        """Curated aliases over all entries (labels not counted)."""
        return sum(len(e.actor.aliases) for e in self.entries)

    def entry(self, key: str) -> Entry:
        """The registry entry of a curated actor (KeyError if there is none)."""
        return self._by_key[key]

    def country_name(self, code: str | None) -> str | None:
        """ACLED-style country name of an ISO alpha-2 code ("CD" -> "Democratic Republic of Congo")."""
        if not code:
            return None
        c = self.countries.get(code.upper())
        return c.name if c else code.upper()

    def by_key(self, key: str) -> Actor:
        """The actor with this key: curated, civilians, unidentified-armed-group[-cc] or
        military-/police-forces-cc. KeyError for anything else (minted "x-" keys included)."""
        if key in self._by_key:
            return self._by_key[key].actor
        if key == CIVILIANS_KEY:
            return self.civilians()
        if key == "unidentified-armed-group":
            return self.unidentified(None)
        m = re.match(r"^(unidentified-armed-group|military-forces|police-forces)-([a-z]{2})$", key)
        if m and m.group(2).upper() in self.countries:
            cc = m.group(2).upper()
            if m.group(1) == "unidentified-armed-group":
                return self.unidentified(cc)
            return self._synthetic_state(cc, "military" if m.group(1) == "military-forces" else "police")
        raise KeyError(key)

    def resolve(self, surface: str, country: str | None = None) -> Actor | None:
        """The actor a mention names, or None.

        Tries the normalised alias, then looser spellings ("Nusra Front", "Houthi"), then the
        mention without member nouns or qualifiers ("suspected ISIS militants" -> ISIS), and
        finally role words via :meth:`generic` ("the army" in SY -> Syrian Arab Army). When
        actors of several countries share an alias, the one of ``country`` wins.
        """
        key = norm(surface)
        if not key:
            return None
        cc = self._country(country)
        for k in _candidates(key):
            if k in self._acronyms and k not in self._plain_keys and not (
                    self._acronyms[k] & set(_bare(surface).split())):
                continue  # "is", "let": a word, not the acronym
            hit = self._lookup(k, cc)
            if hit is not None:
                return hit
        return self.generic(surface, cc)

    def generic(self, surface: str, country: str | None) -> Actor | None:
        """Role words -> actor: "troops"/"security forces" -> the country's state forces,
        "police" -> its police, "civilians"/"villagers" -> :meth:`civilians`,
        "gunmen"/"militants" -> :meth:`unidentified`, "rebels" -> the country's usual rebel
        side when it has one (Syria) else unidentified. A demonym overrides ``country``
        ("Nigerian troops"). None when the words are no role, or state forces without a country.
        """
        toks = norm(surface).split()
        cc = self._country(country)
        while toks:
            hit = self._role_of(toks)
            if hit is not None:
                role, demonym_cc = hit
                return self._role_actor(role, demonym_cc or cc)
            if toks[0] in _QUALIFIERS or _NUMBER_RE.match(toks[0]):
                toks = toks[1:]
                continue
            break
        return None

    def areas(self, key: str) -> tuple[str, ...]:
        """The provinces (admin1 names) an actor operates in, when the registry says; else ()."""
        entry = self._by_key.get(key)
        return entry.areas if entry is not None else ()

    def civilians(self) -> Actor:
        """The one Civilians actor (ckg:Civilians)."""
        return _civilians(tuple(self._role_phrases.get("civilians", ())))

    def unidentified(self, country: str | None) -> Actor:
        """ACLED's "Unidentified Armed Group (Syria)" for an attacker the text does not name."""
        cc = self._country(country)
        if cc is None:
            return Actor(key="unidentified-armed-group", label="Unidentified Armed Group",
                         kind="Unidentified")
        return Actor(key=f"unidentified-armed-group-{cc.lower()}",
                     label=f"Unidentified Armed Group ({self.country_name(cc)})",
                     kind="Unidentified", country=cc)

    def mint(self, surface: str, country: str | None = None) -> Actor:
        """An actor for a named group the registry does not know ("Sultan Suleiman Shah Brigade").

        The key is "x-" + slug of the cleaned name, so the same name always mints the same key
        (whatever the country) and the key is IRI-safe. The kind is guessed from the words
        (militia, rebels, cartel, ...) or None. Call :meth:`resolve` first: mint never looks up.
        """
        from conflictkg.iris import slug  # lazily: it pulls in rdflib, which loading need not

        label = _clean_surface(surface)
        return Actor(key="x-" + slug(label or surface), label=label or surface.strip(),
                     kind=_guess_kind(label), country=self._country(country),
                     aliases=(surface.strip(),) if surface.strip() not in ("", label) else ())

    def acled_names(self, actor: Actor, country: str | None = None) -> tuple[str, ...]:
        """Every ACLED actor name this actor is coded as (best first), for scoring."""
        cc = country.upper() if country else None
        e = self._by_key.get(actor.key)
        if e is not None:
            first = (e.acled_by_country[cc],) if cc in e.acled_by_country else ()
            return tuple(dict.fromkeys((*first, *e.acled)))
        if actor.key == CIVILIANS_KEY:
            return (f"Civilians ({self.country_name(cc)})",) if cc else ()
        if actor.kind == "Unidentified":
            return (self.unidentified(cc or actor.country).label,)
        if re.match(r"^(military|police)-forces-[a-z]{2}$", actor.key):
            return (actor.label,)  # ACLED adds a period, "(2019-)", that we cannot know
        return ()

    def acled_name(self, actor: Actor, country: str | None = None) -> str | None:
        """The ACLED actor name for ``actor`` in an event in ``country`` (None if unknown)."""
        names = self.acled_names(actor, country)
        return names[0] if names else None

    def kind_in(self, actor: Actor, country: str | None) -> ActorKind | None:
        """The ACLED inter code of ``actor`` in an event in ``country``: state forces outside
        their own state are External/Other forces (Russian forces in Syria), as ACLED codes them."""
        if actor.kind == "StateForces" and country and actor.country and country.upper() != actor.country:
            return "ExternalForces"
        return actor.kind

    def patterns(self, nlp: Any = None) -> list[dict[str, Any]]:
        """EntityRuler token patterns for every label and alias (not role words).

        Add them before the statistical NER::

            ruler = nlp.add_pipe("entity_ruler", before="ner")
            ruler.add_patterns(registry.patterns(nlp))

        Each pattern has ``label`` ACTOR_LABEL (CLAIMANT_LABEL for news agencies and
        monitors) and ``id`` = the actor key, so ``ent.ent_id_`` is the key. Tokens match on
        LOWER, except short all-capital or mixed-case acronyms ("IS", "SAA", "LeT"), which match
        on ORTH so "is" and "let" stay words. Spelling variants (hyphen/space, apostrophes,
        diacritics) are generated. An alias shared by actors of different countries gets the
        key of the first one in the file: call :meth:`resolve` with the event's country for
        the final answer.
        """
        tokenizer = (nlp if nlp is not None else _blank_english()).tokenizer
        seen: set[tuple[tuple[str, str], ...]] = set()
        out: list[dict[str, Any]] = []
        # Global aliases of every entry first, so a local alias never shadows one of them.
        for use_local in (False, True):
            for e in self.entries:
                texts = e.local_aliases if use_local else (e.actor.label, *(
                    a for a in e.actor.aliases if a not in e.local_aliases))
                label = CLAIMANT_LABEL if e.source else ACTOR_LABEL
                for text in texts:
                    for variant in _variants(text):
                        toks = [t.text for t in tokenizer(variant) if not t.is_space]
                        if not toks:
                            continue
                        pat = tuple(_token_spec(t) for t in toks)
                        if pat in seen:
                            continue
                        seen.add(pat)
                        out.append({"label": label, "pattern": [{a: v} for a, v in pat],
                                    "id": e.actor.key})
        return out

    def role_patterns(self, nlp: Any = None) -> list[dict[str, Any]]:
        """Optional EntityRuler patterns (label ROLE_LABEL, id = role) for role words, to find
        mentions that :meth:`generic` resolves. Not part of :meth:`patterns` on purpose."""
        tokenizer = (nlp if nlp is not None else _blank_english()).tokenizer
        out: list[dict[str, Any]] = []
        seen: set[tuple[str, ...]] = set()
        for role, phrases in self._role_phrases.items():
            for p in phrases:
                toks = tuple(t.lower_ for t in tokenizer(p) if not t.is_space)
                if toks and toks not in seen:
                    seen.add(toks)
                    out.append({"label": ROLE_LABEL, "pattern": [{"LOWER": t} for t in toks], "id": role})
        return out

    # ----------------------------------------------------------------- internals

    def _country(self, country: str | None) -> str | None:
        """An ISO code of the countries table, or None: keys built from it stay IRI-safe."""
        if not country:
            return None
        cc = country.strip().upper()
        return cc if cc in self.countries else None

    def _lookup(self, key: str, cc: str | None) -> Actor | None:
        for index, k in ((self._exact, key), (self._loose, loose(key))):
            cands = index.get(k)
            if cands:
                hit = self._pick(cands, cc)
                if hit is not None:
                    return hit
        return None

    def _pick(self, cands: list[tuple[int, bool]], cc: str | None) -> Actor | None:
        if cc:
            for idx, _ in cands:  # an actor of that country
                if self.entries[idx].actor.country == cc:
                    return self.entries[idx].actor
            for idx, _ in cands:  # an actor that also operates there
                if cc in self.entries[idx].countries:
                    return self.entries[idx].actor
            # Else the primary holder of a global alias; local aliases ("regime forces",
            # "coalition forces") only count in their own countries.
            for idx, is_local in cands:
                if not is_local:
                    return self.entries[idx].actor
            return None
        for idx, is_local in sorted(cands, key=lambda c: c[1]):
            return self.entries[idx].actor
        return None

    def _role_of(self, toks: list[str]) -> tuple[str, str | None] | None:
        phrase = " ".join(toks)
        role = self._roles.get(phrase) or self._roles.get(loose(phrase))
        if role:
            return role, None
        if " of " in phrase:
            # "military forces of Armenia", "the police of the Philippines": ACLED's own wording
            head, _, rest = phrase.partition(" of ")
            role = self._roles.get(head) or self._roles.get(loose(head))
            cc = self._country_by_name().get(rest.removeprefix("the "))
            if role and cc:
                return role, cc
        for n in range(min(self._demonym_max, len(toks) - 1), 0, -1):
            cc = self._demonyms.get(" ".join(toks[:n]))
            if cc:
                rest = " ".join(toks[n:])
                role = self._roles.get(rest) or self._roles.get(loose(rest))
                if role:
                    return role, cc
        return None

    def _country_by_name(self) -> dict[str, str]:
        if self._names_cc is None:
            self._names_cc = {norm(c.name): code for code, c in self.countries.items()}
        return self._names_cc

    def _role_actor(self, role: str, cc: str | None) -> Actor | None:
        if role == "civilians":
            return self.civilians()
        if role == "unidentified":
            return self.unidentified(cc)
        if not cc:
            return None  # whose troops? the caller must know the country
        key = self._state_forces.get(cc, {}).get(role)
        if key:
            return self._by_key[key].actor
        if role == "rebels":
            return self.unidentified(cc)
        return self._synthetic_state(cc, role)

    def _synthetic_state(self, cc: str, role: str) -> Actor:
        country = self.countries.get(cc)
        of = country.of() if country else cc
        what = "Military" if role == "military" else "Police"
        return Actor(key=f"{what.lower()}-forces-{cc.lower()}", label=f"{what} Forces of {of}",
                     kind="StateForces", country=cc)


# --------------------------------------------------------------------------- helpers

def _candidates(key: str) -> Iterator[str]:
    """The normalised mention, then shorter forms of it, most specific first."""
    yield key
    toks = key.split()
    # Drop member nouns at the end: "isis fighters" -> "isis".
    while len(toks) > 1 and toks[-1] in _MEMBER_NOUNS:
        toks = toks[:-1]
        yield " ".join(toks)
    # Drop qualifiers and sponsors in front: "suspected al qaeda linked jnim" -> "jnim".
    while len(toks) > 1:
        if toks[0] in _QUALIFIERS or _NUMBER_RE.match(toks[0]):
            toks = toks[1:]
        else:
            cut = next((i for i, t in enumerate(toks[:-1]) if t in _SPONSOR_WORDS), None)
            if cut is None:
                break
            toks = toks[cut + 1:]
        yield " ".join(toks)


def _bare(surface: str) -> str:
    """The mention without possessive endings and punctuation around words, case kept."""
    t = surface.translate(_APOS)
    t = _POSSESSIVE_RE.sub("", t)
    return re.sub(r"[^\w&/-]+", " ", t)


def _variants(text: str) -> list[str]:
    """Spellings the EntityRuler should also match: straight/curly apostrophes, none at all
    (Hay'at/Hayat), hyphen or space (al-Nusra/al Nusra), with or without diacritics."""
    base = text.translate(_APOS)
    out: list[str] = []
    for b in dict.fromkeys((base, strip_marks(base))):
        for h in dict.fromkeys((b, re.sub(r"(?<=\w)-(?=\w)", " ", b))):
            for a in dict.fromkeys((h, h.replace("'", "\u2019"), h.replace("'", ""))):
                out.append(a)
    return list(dict.fromkeys(out))


def _token_spec(tok: str) -> tuple[str, str]:
    """(attribute, value) for one pattern token: ORTH for short acronyms, else LOWER."""
    letters = [c for c in tok if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if upper >= 2 and (
        (len(tok) <= 3 and upper == len(letters))  # IS, SAA, AA, PDF: "is", "pdf" stay words
        or (len(tok) <= 4 and upper < len(letters))  # LeT, JeM, FAMa: "let" stays a word
    ):
        return ("ORTH", tok)
    return ("LOWER", tok.lower())


@lru_cache(maxsize=1)
def _blank_english() -> Any:
    import spacy  # only needed for patterns, so loading the registry stays fast

    return spacy.blank("en")


@lru_cache(maxsize=4)
def _civilians(aliases: tuple[str, ...]) -> Actor:
    return Actor(key=CIVILIANS_KEY, label="Civilians", kind="Civilians", aliases=aliases)


_QUOTES = "\"'“”‘’«»()[]{}.,;: \t\n"


def _clean_surface(surface: str) -> str:
    """Text of a mention as a label: trimmed, no quotes, no leading "the", no possessive."""
    t = " ".join(surface.split()).strip(_QUOTES)
    t = re.sub(r"^(?:the|a|an)\s+", "", t, flags=re.I)
    t = re.sub(r"(?:'s|’s|'|’)$", "", t)
    return t.strip(_QUOTES)


_KIND_WORDS: list[tuple[re.Pattern[str], ActorKind]] = [
    (re.compile(r"\b(?:tribal|clan|ethnic|communal|self[- ]defen[cs]e|vigilantes?|hunters?)\b"),
     "IdentityMilitia"),
    (re.compile(r"\b(?:militias?|cartels?|gangs?|paramilitar(?:y|ies))\b"), "PoliticalMilitia"),
    (re.compile(r"\b(?:rebels?|insurgents?|guerrillas?|liberation|separatists?|jihadists?)\b"),
     "RebelGroup"),
    (re.compile(r"\bprotesters?\b|\bdemonstrators?\b"), "Protesters"),
    (re.compile(r"\brioters?\b"), "Rioters"),
]


def _guess_kind(label: str) -> ActorKind | None:
    low = strip_marks(label).lower()
    for pattern, kind in _KIND_WORDS:
        if pattern.search(low):
            return kind
    return None


# --------------------------------------------------------------------------- loading

@lru_cache(maxsize=8)
def load_registry(path: str | Path | None = None) -> ActorRegistry:
    """The registry of data/actors.yaml (or ``path``), parsed and validated once per process."""
    p = Path(path) if path is not None else REGISTRY_PATH
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"{p}: cannot read the actor registry: {exc}") from exc
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml keeps loading well under 0.3 s
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise RegistryError(f"{p}: not valid YAML: {exc}") from exc
    if not isinstance(data, Mapping):
        raise RegistryError(f"{p}: expected a mapping with countries, roles, state_forces, actors")
    return ActorRegistry(data, origin=p.name)


def iter_aliases(registry: ActorRegistry) -> Iterable[tuple[str, str]]:
    """(actor key, alias) for every curated alias, labels included — for reports and tests."""
    for e in registry.entries:
        yield e.actor.key, e.actor.label
        for a in e.actor.aliases:
            yield e.actor.key, a
