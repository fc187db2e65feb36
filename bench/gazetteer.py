"""Gazetteer benchmark: build and load times, lookup speed, and agreement with ACLED.

    python bench/gazetteer.py [--sample PATH] [--fresh]

For each ACLED sample row, ``location`` is resolved with the row's country as context;
it counts as located when the result lies within 25 km of ACLED's coordinates, and its
admin1 is compared with ACLED's (via ``same_admin1``). This measures the gazetteer
alone, with no tuning to the sample.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from conflictkg.nlp.places import Gazetteer, _haversine_km, same_admin1  # noqa: E402

DEFAULT_SAMPLE = ROOT.parent / "shared" / "benchmarks" / "acled_2020_sample.csv"
_LOAD_SNIPPET = (
    "import sys,time; sys.path.insert(0, {src!r}); t=time.perf_counter();"
    "from conflictkg.nlp.places import Gazetteer; from pathlib import Path;"
    "g=Gazetteer.load(cache=Path({cache!r})); print(time.perf_counter()-t, g.source)"
)


def _subprocess_load(cache: str) -> tuple[float, str]:
    """Time building/loading in a fresh interpreter (import included)."""
    out = subprocess.run([sys.executable, "-c", _LOAD_SNIPPET.format(src=str(ROOT / "src"), cache=cache)],
                         check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), out[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE)
    ap.add_argument("--fresh", action="store_true", help="also time a first build in an empty cache dir")
    ap.add_argument("--misses", type=int, default=0, help="print this many misses")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        if args.fresh:
            t_build, src = _subprocess_load(tmp)
            print(f"first build (fresh process, empty cache): {t_build:.2f} s [{src}]")
            t_load, src = _subprocess_load(tmp)
            print(f"cached load (fresh process):              {t_load:.2f} s [{src}]")
    t = time.perf_counter()
    g = Gazetteer.load()
    print(f"load in this process: {time.perf_counter() - t:.2f} s [{g.source}], {len(g):,} entries")

    if not args.sample.exists():
        print(f"no sample at {args.sample}; skipping the ACLED comparison")
        return
    rows = list(csv.DictReader(args.sample.open(newline="", encoding="utf-8")))
    cc_of: dict[str, str | None] = {}
    for r in rows:
        if r["country"] not in cc_of:
            c = [x for x in g.lookup(r["country"], kinds=["country"]) if x.match != "skeleton"]
            cc_of[r["country"]] = c[0].country_code if c else None

    t = time.perf_counter()
    results = [g.resolve(r["location"], country=cc_of[r["country"]]) for r in rows]
    dt = time.perf_counter() - t
    print(f"resolve: {len(rows) / dt:,.0f} lookups/s ({len(rows)} ACLED locations in {dt:.2f} s)")

    n = len(rows)
    found = within = adm_ok = adm_ok_near = 0
    by_country: Counter[str] = Counter()
    tot_country: Counter[str] = Counter()
    misses = []
    for r, p in zip(rows, results):
        tot_country[r["country"]] += 1
        if p is None or p.lat is None:
            misses.append((r, p, None))
            continue
        found += 1
        d = _haversine_km((float(r["latitude"]), float(r["longitude"])), (p.lat, p.lon))
        a_ok = same_admin1(p.admin1, r["admin1"])
        adm_ok += a_ok
        if d <= 25:
            within += 1
            adm_ok_near += a_ok
            by_country[r["country"]] += 1
        else:
            misses.append((r, p, d))
    print(f"rows: {n}; resolved: {found} ({found / n:.1%}); within 25 km: {within} ({within / n:.1%}); "
          f"admin1 agrees: {adm_ok} ({adm_ok / n:.1%}; {adm_ok_near / max(within, 1):.1%} of those within 25 km)")
    # the same with ACLED's admin1 as the "province named nearby" hint (how the extractor calls it)
    hinted = [g.resolve(r["location"], country=cc_of[r["country"]], admin1=r["admin1"]) for r in rows]
    w2 = sum(1 for r, p in zip(rows, hinted) if p is not None and p.lat is not None and
             _haversine_km((float(r["latitude"]), float(r["longitude"])), (p.lat, p.lon)) <= 25)
    print(f"with ACLED's admin1 as a hint: within 25 km: {w2} ({w2 / n:.1%})")
    unmapped = sorted(k for k, v in cc_of.items() if v is None)
    if unmapped:
        print("countries without an ISO code:", ", ".join(unmapped))
    print("within 25 km by country (top 15 by rows):")
    for c, tot in tot_country.most_common(15):
        print(f"  {c:30s} {by_country[c]:4d}/{tot:<4d} {by_country[c] / tot:.0%}")
    for r, p, d in misses[: args.misses]:
        got = f"{p.label} ({p.admin1}, {p.country_code}) {d:.0f} km" if p else "-"
        print(f"  miss: {r['location']!r} [{r['admin1']}, {r['country']}] -> {got}")


if __name__ == "__main__":
    main()
