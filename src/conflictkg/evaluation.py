"""Score extraction against hand annotations (the schema of shared/corpus/README.md).

A Report matches a gold event of the same article when its place agrees (same name or alias,
or within 25 km) and its type or its attacker agrees; matching is one-to-one, core events
first. Recall counts core events found; precision counts asserted (non-background) Reports
that match any gold event; field accuracies are over matched core events.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from pathlib import Path
from typing import Any

from .articles import ReadError, read_path
from .errors import InputError
from .models import Place, Report

GOLD_TYPES: dict[str, set[str]] = {
    "armed_clash": {"ArmedClash"},
    "attack": {"Attack"},
    "air_strike": {"AirDroneStrike"},
    "shelling_missile": {"ShellingArtilleryMissileAttack"},
    "remote_explosive": {"RemoteExplosiveLandmineIED"},
    "suicide_bomb": {"SuicideBomb"},
    "territory_captured": {"NonStateActorOvertakesTerritory"},
    "territory_regained": {"GovernmentRegainsTerritory"},
    "withdrawal": {"NonViolentTransferOfTerritory", "GovernmentRegainsTerritory", "NonStateActorOvertakesTerritory"},
    "abduction": {"AbductionForcedDisappearance"},
    "execution": {"Attack"},
    "arrest": {"Arrests"},
    "property_destruction": {"LootingPropertyDestruction"},
    "other": {"Other"},
}


def fold(text: str | None) -> str:
    t = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    t = re.sub(r"\b(?:al|el|as|ad|ar|ash|an|az|at)[- ]", "", t)
    return re.sub(r"[^a-z0-9]", "", t)


def accepted_types(ev: dict[str, Any]) -> set[str]:
    types = set()
    for t in [ev.get("type")] + list(ev.get("alt_types") or []):
        types |= GOLD_TYPES.get(t or "", set())
        # ACLED: an attack on armed forces is an armed clash; on civilians, an Attack.
        if t == "attack" and ev.get("target") not in (None, "Civilians", "civilians"):
            types.add("ArmedClash")
    return types


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


class Scorer:
    """Holds the loaded pipeline; compares Reports with gold events."""

    def __init__(self) -> None:
        from .ingest import Pipeline

        self.pipe = Pipeline()
        self.reg = self.pipe.registry
        self.gaz = self.pipe.gazetteer

    def gold_place_points(self, ev: dict[str, Any]) -> list[tuple[float, float]]:
        pts = []
        for name in [ev.get("place")]:
            if not name:
                continue
            p = self.gaz.resolve(name, country=ev.get("country"))
            if p is not None and p.lat is not None and not p.key.startswith(("adm1-", "country-")):
                pts.append((p.lat, p.lon))
        return pts

    def place_ok(self, place: Place | None, ev: dict[str, Any]) -> bool:
        if place is None or not ev.get("place"):
            return False
        names = {fold(ev.get("place"))} | {fold(a) for a in ev.get("place_aliases") or []}
        label = fold(place.label)
        if label in names or (len(label) >= 5 and any(n.startswith(label) for n in names)):
            return True
        if place.lat is None:
            return False
        for pt in self.gold_place_points(ev):
            if _km((place.lat, place.lon), pt) <= 25:  # type: ignore[arg-type]
                return True
        return False

    def actor_ok(self, actor: Any, name: str | None) -> bool:
        if name is None:
            return actor is None or actor.kind == "Unidentified"
        if actor is None:
            return False
        gold = self.reg.resolve(name)
        if gold is not None and gold.key == actor.key:
            return True
        return fold(actor.label) == fold(name)

    def killed_ok(self, report: Report, ev: dict[str, Any]) -> bool:
        gold = ev.get("killed")
        lo, hi = report.killed()
        if gold is None:
            return lo is None
        return lo == gold.get("min") and hi == gold.get("max")

    def match(self, reports: list[Report], events: list[dict[str, Any]]) -> list[tuple[int, int]]:
        pairs = []
        for i, r in enumerate(reports):
            for j, ev in enumerate(events):
                place = self.place_ok(r.location, ev)
                typ = r.event_type in accepted_types(ev)
                att = self.actor_ok(r.actor1, ev.get("attacker"))
                if place and (typ or att):
                    score = 2 * place + typ + att + (2 if ev.get("core") else 0) - 0.5 * r.background
                    pairs.append((score, i, j))
        pairs.sort(key=lambda x: -x[0])
        used_r: set[int] = set()
        used_e: set[int] = set()
        out = []
        for _, i, j in pairs:
            if i not in used_r and j not in used_e:
                used_r.add(i)
                used_e.add(j)
                out.append((i, j))
        return out


def _published_ok(article_pub: Any, gold_pub: str | None) -> bool:
    if gold_pub is None:
        return article_pub is None
    return article_pub is not None and str(article_pub)[:10] == gold_pub


def evaluate_gold(gold_path: Path, texts: Path | None = None) -> dict[str, Any]:
    """Run extraction on every gold article and score it."""
    try:
        gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(gold_path, f"cannot read gold file: {exc}") from exc
    root = Path(texts) if texts else Path(gold_path).parent
    scorer = Scorer()
    totals = {"core": 0, "core_found": 0, "reports": 0, "reports_matched": 0, "background_reports": 0,
              "type": 0, "actor1": 0, "place": 0, "killed": 0, "matched_core": 0,
              "published_ok": 0, "articles": 0}
    per_article = []
    for entry in gold:
        path = root / entry["file"] if (root / entry["file"]).exists() else root / Path(entry["file"]).name
        items = list(read_path(path))
        arts = [a for a in items if not isinstance(a, ReadError)]
        if not arts:
            raise InputError(path, f"cannot read gold article: {items[0] if items else 'no article'}")
        art = arts[0]
        art.id = entry["id"]
        reports_all = scorer.pipe.extract_many([art])[0][0]
        # Claimant splits of one account (same event, different tolls) are scored as one.
        groups: dict[tuple, list[Report]] = {}
        for r in reports_all:
            key = (r.event_type, r.actor1.key if r.actor1 else None, r.location.key if r.location else None,
                   r.time.date, r.time.month_day, r.time.text, r.background)
            groups.setdefault(key, []).append(r)
        members = list(groups.values())
        reports = [g[0] for g in members]
        asserted = [r for r in reports if not r.background]
        events = entry["events"]
        pairs = scorer.match(reports, events)
        matched_reports = {i for i, _ in pairs}
        found_events = {j for _, j in pairs}
        core = [j for j, ev in enumerate(events) if ev.get("core")]
        totals["articles"] += 1
        totals["core"] += len(core)
        totals["core_found"] += sum(1 for j in core if j in found_events)
        totals["reports"] += len(asserted)
        totals["background_reports"] += len(reports) - len(asserted)
        totals["reports_matched"] += sum(1 for i, r in enumerate(reports) if i in matched_reports and not r.background)
        pub_ok = _published_ok(art.published, entry.get("published"))
        totals["published_ok"] += pub_ok
        detail = []
        for i, j in pairs:
            ev, r = events[j], reports[i]
            row = {"gold": j, "core": ev.get("core"), "type": r.event_type in accepted_types(ev),
                   "actor1": scorer.actor_ok(r.actor1, ev.get("attacker")),
                   "place": scorer.place_ok(r.location, ev),
                   "killed": any(scorer.killed_ok(m, ev) for m in members[i])}
            if ev.get("core"):
                totals["matched_core"] += 1
                for k in ("type", "actor1", "place", "killed"):
                    totals[k] += row[k]
            detail.append(row)
        per_article.append({
            "id": entry["id"], "published": str(art.published) if art.published else None,
            "published_ok": pub_ok, "publisher": art.publisher, "title": art.title,
            "core": len(core), "core_found": sum(1 for j in core if j in found_events),
            "reports": [_report_summary(m, i in matched_reports) for i, g in enumerate(members) for m in g],
            "matches": detail,
        })
    m = max(totals["matched_core"], 1)
    return {
        "recall_core": totals["core_found"] / max(totals["core"], 1),
        "precision": totals["reports_matched"] / max(totals["reports"], 1),
        "type_acc": totals["type"] / m, "actor1_acc": totals["actor1"] / m,
        "place_acc": totals["place"] / m, "killed_acc": totals["killed"] / m,
        "published_acc": totals["published_ok"] / max(totals["articles"], 1),
        "totals": totals, "articles": per_article,
    }


def _report_summary(r: Report, matched: bool) -> dict[str, Any]:
    return {
        "type": r.event_type, "actor1": r.actor1.label if r.actor1 else None,
        "actor2": r.actor2.label if r.actor2 else None,
        "place": f"{r.location.label} ({r.location.admin1}, p{r.location.precision})" if r.location else None,
        "date": str(r.time.date or r.time.month_day or r.time.text or ""), "killed": r.killed(),
        "claimed_by": r.claimed_by.label if r.claimed_by else None, "certainty": r.certainty,
        "background": r.background, "confidence": r.confidence, "matched": matched,
        "evidence": r.evidence[0].text[:160] if r.evidence else "",
    }


def render_table(result: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    t = Table("metric", "value", title="conflictkg eval")
    for k in ("recall_core", "precision", "type_acc", "actor1_acc", "place_acc", "killed_acc", "published_acc"):
        t.add_row(k, f"{result[k]:.3f}")
    tot = result["totals"]
    t.add_row("core events", f"{tot['core_found']}/{tot['core']}")
    t.add_row("asserted reports matched", f"{tot['reports_matched']}/{tot['reports']} (+{tot['background_reports']} background)")
    console.print(t)
    for art in result["articles"]:
        console.print(f"[bold]{art['id']}[/] published={art['published']} ok={art['published_ok']} "
                      f"core {art['core_found']}/{art['core']}")
        for r in art["reports"]:
            mark = "✓" if r["matched"] else ("·" if r["background"] else "✗")
            console.print(f"  {mark} {r['type']}: {r['actor1']} -> {r['actor2']} @ {r['place']} "
                          f"[{r['date']}] killed={r['killed']} by={r['claimed_by']} conf={r['confidence']}",
                          highlight=False, markup=False)
