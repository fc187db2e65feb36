"""ACLED benchmark: extract events from the ACLED 2020 sample's ``notes`` and score them against ACLED's coding.

    python bench/acled.py [--limit N | --sample N --seed S] [--json FILE] [--errors FIELD]

Each row's ``notes`` becomes one Article; the row's country is *not* given to the extractor.
Two passes: ``unpublished`` (published=None, so the date must come from the note itself) and
``published`` (published = the day of the row's ``timestamp``, the day ACLED recorded it).
The main report of a row is the one the extractor marks as the article's lead (``Report.lead``);
a row with none counts as a miss for every field. Fields (see bench/README.md):

  event_type      our parent type's ACLED label == ACLED event_type
  sub_event_type  our sub-event type's ACLED label == ACLED sub_event_type
  actor1          ACLED actor1 is among our actor1's ACLED names, or equals its label (normalised)
  actor1_lenient  the same, comparing actor families: no "(2016-)" periods, Military = Police
                  Forces of X (unit suffixes dropped), Unidentified Armed Group = Gang (X)
  admin1          same_admin1(our place's admin1, ACLED admin1)
  location        our place within 25 km of ACLED's latitude/longitude
  fatalities      our total killed (sum of Killed minima, 0 when none) == ACLED fatalities
  date            our time.date == ACLED event_date

Measurement only: nothing is tuned to the rows.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    SHARED_BENCHMARKS,
    Table,
    code_version,
    common_args,
    console,
    extract_all,
    frac,
    haversine_km,
    load_pipeline,
    main_report,
    parent_label,
    print_examples,
    report_dict,
    require,
    select,
    sub_label,
    total_killed,
    verdict,
    write_json,
)

from conflictkg.models import Article
from conflictkg.nlp.actors import norm
from conflictkg.nlp.places import same_admin1

DEFAULT_CSV = SHARED_BENCHMARKS / "acled_2020_sample.csv"
PASSES = ("unpublished", "published")
# (metric, bar from issue 3, description)
METRICS: list[tuple[str, float | None, str]] = [
    ("event_type", 0.90, "event type (parent)"),
    ("sub_event_type", 0.80, "sub-event type"),
    ("actor1", None, "actor1 (ACLED name)"),
    ("actor1_lenient", None, "actor1 (same family)"),
    ("admin1", 0.85, "admin1"),
    ("location", 0.80, "location ≤ 25 km"),
    ("fatalities", 0.85, "fatalities exact"),
    ("date", 0.95, "date exact"),
]
FIELDS = [m for m, _, _ in METRICS]
LOCATION_KM = 25.0

# Parallel governments keep a faction suffix in ACLED names; they are rival actors, not one family.
_GOVERNMENT_FACTIONS = ("supreme political council", "haftar faction", "government of national accord")
_STATE_RE = re.compile(r"^(?:military|police) forces of (?:the )?(.+?)(?: \(\d{4}-(?:\d{4})?\)(.*))?$")
_PERIOD_RE = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")
_UNIDENTIFIED_RE = re.compile(r"^unidentified (?:armed group|gang|military forces|communal militia)\s*\((.+)\)$")


def parse_event_date(s: str) -> dt.date:
    return dt.datetime.strptime(s.strip(), "%d-%b-%y").date()


def parse_timestamp(s: str) -> dt.date | None:
    s = s.strip()
    return dt.datetime.fromtimestamp(int(s), tz=dt.UTC).date() if s.isdigit() else None


def family(name: str) -> str:
    """An actor name's family for the lenient actor1 score (see the module docstring)."""
    low = name.strip().lower()
    m = _STATE_RE.match(low)
    if m:
        country, suffix = m.group(1).strip(), (m.group(2) or "").strip()
        faction = next((f for f in _GOVERNMENT_FACTIONS if f in suffix), "")
        return norm(f"state forces of {country} {faction}")
    m = _UNIDENTIFIED_RE.match(low)
    if m:
        return norm(f"unidentified armed group {m.group(1)}")
    return norm(_PERIOD_RE.sub("", low))


def actor_names(pipe: Any, rep: Any) -> list[str]:
    """Our actor1's ACLED names (registry), in the country of our own place (else the actor's)."""
    if rep is None or rep.actor1 is None:
        return []
    cc = (rep.location and rep.location.country_code) or rep.actor1.country
    return list(pipe.registry.acled_names(rep.actor1, cc))


def score_row(pipe: Any, row: dict[str, str], reports: list[Any]) -> dict[str, Any]:
    rep = main_report(reports)
    names = actor_names(pipe, rep)
    ok: dict[str, bool] = dict.fromkeys(FIELDS, False)
    km = None
    if rep is not None:
        ok["event_type"] = parent_label(rep) == row["event_type"]
        ok["sub_event_type"] = sub_label(rep) == row["sub_event_type"]
        if rep.actor1 is not None and row["actor1"]:
            ours = [*names, rep.actor1.label]
            ok["actor1"] = norm(row["actor1"]) in {norm(n) for n in ours}
            ok["actor1_lenient"] = family(row["actor1"]) in {family(n) for n in ours}
        loc = rep.location
        if loc is not None:
            ok["admin1"] = same_admin1(loc.admin1, row["admin1"])
            if loc.lat is not None and loc.lon is not None and row["latitude"] and row["longitude"]:
                km = haversine_km((float(row["latitude"]), float(row["longitude"])), (loc.lat, loc.lon))
                ok["location"] = km <= LOCATION_KM
        ok["fatalities"] = total_killed(rep) == int(row["fatalities"] or 0)
        ok["date"] = rep.time.date == parse_event_date(row["event_date"])
    return {
        "n_reports": len(reports),
        "n_background": sum(1 for r in reports if r.background),
        "main": report_dict(rep),
        "actor1_acled_names": names,
        "km": None if km is None else round(km, 1),
        "ok": ok,
    }


def acled_dict(row: dict[str, str]) -> dict[str, Any]:
    return {k: row[k] for k in ("event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "admin2",
                                "location", "latitude", "longitude", "geo_precision", "time_precision",
                                "fatalities", "event_date")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="the ACLED sample (default: %(default)s)")
    ap.add_argument("--errors-pass", choices=PASSES, default="unpublished", help="which pass --errors shows")
    ap.add_argument("--passes", choices=("both", *PASSES), default="both", help="run one pass only (quicker)")
    common_args(ap, FIELDS)
    args = ap.parse_args()

    require(args.csv, "The ACLED sample (acled_2020_sample.csv)")
    with args.csv.open(newline="", encoding="utf-8") as f:
        all_rows = list(csv.DictReader(f))
    rows = select(all_rows, limit=args.limit, sample=args.sample, seed=args.seed)
    passes = PASSES if args.passes == "both" else (args.passes,)

    pipe, t_load = load_pipeline()
    version = code_version()
    console.print(f"conflictkg {version}; pipeline loaded in {t_load:.1f} s ({pipe.model} {pipe.model_version}); "
                  f"{len(rows)} of {len(all_rows)} ACLED rows")

    records: list[dict[str, Any]] = [
        {"id": r["event_id_cnty"], "country": r["country"], "notes": r["notes"], "acled": acled_dict(r), "runs": {}}
        for r in rows
    ]
    timing: dict[str, float] = {}
    failures: dict[str, dict[str, str]] = {}
    for p in passes:
        arts = [Article(id=r["event_id_cnty"], text=r["notes"],
                        published=None if p == "unpublished" else parse_timestamp(r["timestamp"]))
                for r in rows]
        reports, secs, failed = extract_all(pipe, arts, batch_size=args.batch_size, label=f"pass {p}")
        timing[p] = secs
        failures[p] = failed
        for rec, row, reps in zip(records, rows, reports, strict=True):
            rec["runs"][p] = score_row(pipe, row, reps)
            rec["runs"][p]["extractor_error"] = failed.get(row["event_id_cnty"])

    n = len(records)
    summary = render(records, passes, timing, n, failures)
    if args.json:
        write_json(args.json, {"benchmark": "acled", "csv": str(args.csv), "rows": n, "code": version, "load_s": t_load,
                               "timing_s": timing, "failed": failures, "summary": summary, "results": records})
    if args.errors:
        show_errors(records, args.errors, args.errors_pass if args.errors_pass in passes else passes[0],
                    n=args.n_errors, seed=args.seed)


def render(records: list[dict[str, Any]], passes: tuple[str, ...], timing: dict[str, float], n: int,
           failures: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Print the tables; return the headline figures."""
    summary: dict[str, Any] = {}
    t = Table(title=f"ACLED 2020 sample — {n} notes (main report per note)", title_justify="left")
    t.add_column("metric")
    t.add_column("bar", justify="right")
    for p in passes:
        t.add_column(f"{p}: right/n", justify="right")
        t.add_column(f"{p}: acc", justify="right")
        t.add_column("", justify="left")
    for m, bar, desc in METRICS:
        cells: list[str] = [desc, f"≥ {bar:.2f}" if bar is not None else "–"]
        for p in passes:
            k = sum(r["runs"][p]["ok"][m] for r in records)
            summary.setdefault(p, {})[m] = k / n if n else None
            cells += [f"{k}/{n}", frac(k, n), verdict(k / n if n else None, bar)]
        t.add_row(*cells)
    for p in passes:
        no_rep = sum(1 for r in records if r["runs"][p]["main"] is None)
        only_bg = sum(1 for r in records if r["runs"][p]["main"] is None and r["runs"][p]["n_reports"])
        summary[p]["no_report"] = no_rep
        summary[p]["extractor_failed"] = len(failures[p])
        summary[p]["articles_per_s"] = n / timing[p] if timing[p] else None
        crashed = f", {len(failures[p])} where the extractor failed" if failures[p] else ""
        t.caption = (t.caption or "") + (f"{p}: {no_rep} notes without a main report ({only_bg} with only background "
                                         f"reports{crashed}); {timing[p]:.0f} s, {n / timing[p]:.1f} articles/s.  ")
    console.print(t)

    p0 = passes[0]
    # per ACLED event type
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by_type[r["acled"]["event_type"]].append(r)
    t = Table(title=f"by ACLED event_type ({p0})", title_justify="left")
    for h in ("ACLED event_type", "n", "event_type acc", "sub_event_type acc", "no report"):
        t.add_column(h, justify="left" if h.startswith("ACLED") else "right")
    for et, rs in sorted(by_type.items(), key=lambda kv: -len(kv[1])):
        t.add_row(et, str(len(rs)), frac(sum(r["runs"][p0]["ok"]["event_type"] for r in rs), len(rs)),
                  frac(sum(r["runs"][p0]["ok"]["sub_event_type"] for r in rs), len(rs)),
                  str(sum(1 for r in rs if r["runs"][p0]["main"] is None)))
    console.print(t)

    # per ACLED sub-event type, with its commonest wrong answer
    by_sub: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by_sub[r["acled"]["sub_event_type"]].append(r)
    t = Table(title=f"sub_event_type accuracy by ACLED sub_event_type ({p0})", title_justify="left")
    for h in ("ACLED sub_event_type", "ACLED event_type", "n", "acc", "commonest wrong answer"):
        t.add_column(h, justify="right" if h in ("n", "acc") else "left")
    for st, rs in sorted(by_sub.items(), key=lambda kv: -len(kv[1])):
        wrong = Counter(_ours_sub(r, p0) for r in rs if not r["runs"][p0]["ok"]["sub_event_type"])
        top = ", ".join(f"{k} ({v})" for k, v in wrong.most_common(2))
        t.add_row(st, rs[0]["acled"]["event_type"], str(len(rs)),
                  frac(sum(r["runs"][p0]["ok"]["sub_event_type"] for r in rs), len(rs)), top)
    console.print(t)

    # confusions
    conf = Counter((r["acled"]["sub_event_type"], _ours_sub(r, p0)) for r in records
                   if not r["runs"][p0]["ok"]["sub_event_type"])
    n_wrong = sum(conf.values())
    t = Table(title=f"top 15 sub_event_type confusions, ACLED → ours ({p0}; {n_wrong} wrong in all)",
              title_justify="left")
    for h in ("ACLED", "ours", "rows", "share of errors"):
        t.add_column(h, justify="right" if h in ("rows", "share of errors") else "left")
    for (a, o), c in conf.most_common(15):
        t.add_row(a, o, str(c), f"{c / n_wrong:.1%}")
    console.print(t)
    summary["confusions"] = [[a, o, c] for (a, o), c in conf.most_common(15)]

    # per country (top 12 by rows)
    by_c: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by_c[r["country"]].append(r)
    t = Table(title=f"by country, 12 commonest ({p0})", title_justify="left")
    t.add_column("country")
    t.add_column("n", justify="right")
    for m, _, _ in METRICS:
        t.add_column(m.replace("_", " "), justify="right")
    for c, rs in sorted(by_c.items(), key=lambda kv: -len(kv[1]))[:12]:
        t.add_row(c, str(len(rs)), *[frac(sum(r["runs"][p0]["ok"][m] for r in rs), len(rs)) for m in FIELDS])
    console.print(t)
    return summary


def _ours_sub(r: dict[str, Any], p: str) -> str:
    main = r["runs"][p]["main"]
    return "(no report)" if main is None else str(main["sub_event_type"])


def show_errors(records: list[dict[str, Any]], field: str, p: str, *, n: int, seed: int) -> None:
    def ours(r: dict[str, Any]) -> str:
        run = r["runs"][p]
        m = run["main"]
        if m is None:
            return f"(no main report; {run['n_reports']} reports, {run['n_background']} background)"
        a1 = m["actor1"]
        loc = m["location"]
        return {
            "event_type": str(m["parent_type"]),
            "sub_event_type": str(m["sub_event_type"]),
            "actor1": f"{a1 and a1['label']!r} → ACLED names {run['actor1_acled_names']}",
            "actor1_lenient": f"{a1 and a1['label']!r} → ACLED names {run['actor1_acled_names']}",
            "admin1": f"{loc and (loc['label'], loc['admin1'], loc['country_code'], loc['precision'])}",
            "location": f"{loc and (loc['label'], loc['admin1'], loc['country_code'], loc['precision'])}"
                        f" at {run['km']} km",
            "fatalities": f"{m['killed']} {[(c['type'], c['min'], c['max'], c['text']) for c in m['casualties']]}",
            "date": f"{m['date']} (text {m['time_text']!r}, month_day {m['month_day']})",
        }[field]

    def acled(r: dict[str, Any]) -> str:
        a = r["acled"]
        return {
            "event_type": a["event_type"], "sub_event_type": a["sub_event_type"], "actor1": a["actor1"],
            "actor1_lenient": a["actor1"], "admin1": f"{a['admin1']} ({a['country']})",
            "location": f"{a['location']}, {a['admin1']} ({a['country']}) geo_precision {a['geo_precision']}",
            "fatalities": a["fatalities"], "date": a["event_date"],
        }[field]

    def show(r: dict[str, Any]) -> None:
        console.print(f"[bold]{r['id']}[/bold] ({r['country']}) {r['notes']}", highlight=False)
        console.print(f"  [cyan]ACLED[/cyan] {acled(r)}", highlight=False)
        console.print(f"  [magenta]ours [/magenta] {ours(r)}", highlight=False)

    print_examples(records, lambda r: not r["runs"][p]["ok"][field], show, n=n, seed=seed, field=f"{field} ({p})")


if __name__ == "__main__":
    main()
