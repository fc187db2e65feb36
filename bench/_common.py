"""Shared helpers of the benchmark scripts (bench/acled.py, bench/fakes.py).

Measurement only: nothing here knows about a benchmark's rows, and nothing feeds back
into extraction.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_BENCHMARKS = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
sys.path.insert(0, str(ROOT / "src"))

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from conflictkg.models import Article, Report
from conflictkg.vocab import EVENT_TYPES, PARENT_TYPES

# Wide enough for the tables when the output is piped to a file.
console = Console(width=None if sys.stdout.isatty() else 150)
err_console = Console(stderr=True)


def require(path: Path, what: str) -> Path:
    """Exit 2 with a message saying where the file was expected when it is absent."""
    if not path.is_file():
        err_console.print(f"[red]{what} not found at {path}[/red]\n"
                          f"The benchmarks live outside the repository, in ../shared/benchmarks/ "
                          f"(next to {ROOT.name}/); put the file there and run again.")
        sys.exit(2)
    return path


def code_version() -> str:
    """The commit the extractor comes from, and whether src/ has uncommitted changes."""
    try:
        sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], check=True,
                             capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"], check=True,
                               capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{sha} + uncommitted changes in src/" if dirty else sha


def common_args(ap: argparse.ArgumentParser, fields: Sequence[str]) -> None:
    ap.add_argument("--limit", type=int, default=0, help="score only the first N rows")
    ap.add_argument("--sample", type=int, default=0, help="score a random sample of N rows (see --seed)")
    ap.add_argument("--seed", type=int, default=0, help="random seed for --sample and for --errors examples")
    ap.add_argument("--json", type=Path, metavar="FILE", help="write per-row results here (for error analysis)")
    ap.add_argument("--errors", choices=list(fields), metavar="FIELD",
                    help=f"print 20 example rows where FIELD is wrong; one of: {', '.join(fields)}")
    ap.add_argument("--n-errors", type=int, default=20, help="how many examples --errors prints")
    ap.add_argument("--batch-size", type=int, default=64, help="spaCy nlp.pipe batch size")


def select(rows: list[dict[str, str]], *, limit: int, sample: int, seed: int) -> list[dict[str, str]]:
    if sample:
        rng = random.Random(seed)
        idx = sorted(rng.sample(range(len(rows)), min(sample, len(rows))))
        rows = [rows[i] for i in idx]
    if limit:
        rows = rows[:limit]
    return rows


def load_pipeline() -> tuple[Any, float]:
    from conflictkg.ingest import Pipeline

    t = time.perf_counter()
    with console.status("loading the pipeline (spaCy, actor registry, gazetteer)…"):
        pipe = Pipeline()
    return pipe, time.perf_counter() - t


def extract_all(pipe: Any, articles: list[Article], *, batch_size: int,
                label: str) -> tuple[list[list[Report]], float, dict[str, str]]:
    """Run the extractor over every article; returns the reports per article, the seconds taken
    and the articles the extractor failed on (id -> error). A failure counts as no report, so
    one bad article does not stop the measurement; the failures are printed and reported."""
    out: list[list[Report]] = []
    failed: dict[str, str] = {}
    t = time.perf_counter()
    with Progress(TextColumn(f"[bold]{label}[/bold]"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err_console, transient=True) as prog:
        task = prog.add_task(label, total=len(articles))
        docs = pipe.nlp.pipe((a.text for a in articles), batch_size=batch_size)
        for art, doc in zip(articles, docs, strict=True):
            try:
                out.append(pipe.extractor.extract(art, doc))
            except Exception as exc:  # noqa: BLE001 - measured and reported, not hidden
                failed[art.id] = f"{type(exc).__name__}: {exc}"
                out.append([])
            prog.advance(task)
    if failed:
        err_console.print(f"[red]the extractor failed on {len(failed)} article(s) in {label}; counted as no report:[/red]")
        for aid, msg in list(failed.items())[:10]:
            err_console.print(f"  {aid}: {msg}")
    return out, time.perf_counter() - t, failed


def main_report(reports: Iterable[Report]) -> Report | None:
    """The article's lead report (``Report.lead``); failing one, the highest-confidence
    non-background report, first on ties; None when there is none."""
    reports = list(reports)
    if (lead := next((r for r in reports if r.lead), None)) is not None:
        return lead
    best: Report | None = None
    for r in reports:
        if r.background:
            continue
        if best is None or r.confidence > best.confidence:
            best = r
    return best


def total_killed(rep: Report | None) -> int:
    """Sum of the minimum of every Killed casualty; 0 when there is none."""
    if rep is None:
        return 0
    return sum(c.min or 0 for c in rep.casualties if c.type == "Killed")


def has_killed(rep: Report | None) -> bool:
    return rep is not None and any(c.type == "Killed" for c in rep.casualties)


def sub_label(rep: Report | None) -> str | None:
    return EVENT_TYPES[rep.event_type][1] if rep is not None and rep.event_type in EVENT_TYPES else None


def parent_label(rep: Report | None) -> str | None:
    if rep is None or rep.event_type not in EVENT_TYPES:
        return None
    return PARENT_TYPES[EVENT_TYPES[rep.event_type][0]]


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def report_dict(rep: Report | None) -> dict[str, Any] | None:
    """A JSON-able summary of one report (what the scorers look at)."""
    if rep is None:
        return None
    loc = rep.location
    return {
        "event_type": rep.event_type,
        "sub_event_type": sub_label(rep),
        "parent_type": parent_label(rep),
        "actor1": rep.actor1 and {"key": rep.actor1.key, "label": rep.actor1.label, "kind": rep.actor1.kind,
                                  "country": rep.actor1.country},
        "actor2": rep.actor2 and {"key": rep.actor2.key, "label": rep.actor2.label, "kind": rep.actor2.kind},
        "location": loc and {"label": loc.label, "lat": loc.lat, "lon": loc.lon, "admin1": loc.admin1,
                             "country_code": loc.country_code, "precision": loc.precision},
        "date": rep.time.date.isoformat() if rep.time.date else None,
        "time_text": rep.time.text,
        "month_day": rep.time.month_day,
        "killed": total_killed(rep) if has_killed(rep) else None,
        "casualties": [{"type": c.type, "min": c.min, "max": c.max, "text": c.text} for c in rep.casualties],
        "confidence": rep.confidence,
        "evidence": [e.text for e in rep.evidence],
    }


def frac(k: int, n: int) -> str:
    return f"{k / n:.3f}" if n else "–"


def verdict(value: float | None, bar: float | None) -> str:
    if bar is None or value is None:
        return ""
    return "[green]meets[/green]" if value >= bar else "[red]below[/red]"


def counter_table(title: str, rows: Iterable[tuple[Any, ...]], headers: Sequence[str]) -> Table:
    t = Table(title=title, title_justify="left")
    for i, h in enumerate(headers):
        t.add_column(h, justify="left" if i == 0 else "right")
    for r in rows:
        t.add_row(*[str(x) for x in r])
    return t


def write_json(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    console.print(f"per-row results written to {path}")


def print_examples(rows: list[dict[str, Any]], wrong: Callable[[dict[str, Any]], bool],
                   show: Callable[[dict[str, Any]], None], *, n: int, seed: int, field: str) -> None:
    """Print n randomly chosen (seeded) rows where ``wrong`` holds."""
    bad = [r for r in rows if wrong(r)]
    rng = random.Random(seed)
    pick = sorted(rng.sample(range(len(bad)), min(n, len(bad))))
    console.rule(f"{len(pick)} of {len(bad)} rows where {field} is wrong")
    for i in pick:
        show(bad[i])
        console.print()
