"""FA-KES benchmark: extract events from the 804 FA-KES articles and compare them with the crowd's labels.

    python bench/fakes.py [--limit N | --sample N --seed S] [--json FILE] [--errors FIELD] [--suspects N]

Each row's ``article_title`` + ``article_content`` becomes one Article, published on the row's
``date`` (m/d/yy). The main report is the one the extractor marks as the article's lead
(``Report.lead``: the headline/lede event); a row with none is a miss for every field. Fields (see bench/README.md):

  governorate     same_admin1(our place's admin1, the crowd's ``location`` via GOVERNORATES)
  governorate_dm  the same, but "damascus" also accepts Rif Dimashq (FA-KES has no separate
                  "Damascus suburbs" value, and its Ghouta/Douma articles are labelled "damascus")
  cause           our sub-event type is one CAUSE_TYPES accepts for ``cause_of_death``
                  (rows whose cause is "unknown" are left out)
  cause_parent    the same at ACLED event-type level (CAUSE_PARENTS)
  killed_exact    our total killed (sum of Killed minima, 0 when none) == nb_civilians + nb_noncivilians
  killed_20pct    the same within ±20 % of the crowd's figure
  date            our time.date == ``date`` (not independent: ``date`` is also the publication
                  date given to the extractor, so this mostly measures relative-date resolution)

plus Pearson and Spearman correlation of the two casualty figures on rows where both are known
(we report a Killed casualty and the crowd's total is > 0), all split by ``label``
(1 = credible, 0 = fake, the dataset's convention on its Zenodo record). ``--suspects N``
prints N rows where the crowd's labels look wrong, with the text that says otherwise.

Measurement only: nothing is tuned to the rows.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import datetime as dt
import io
import re
import sys
import unicodedata
from collections import Counter
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
    has_killed,
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
from scipy.stats import pearsonr, spearmanr

from conflictkg.models import Article
from conflictkg.nlp.places import same_admin1

DEFAULT_CSV = SHARED_BENCHMARKS / "fakes.csv"

# FA-KES ``location`` -> the governorate as GeoNames / ACLED spell it. same_admin1 already folds
# most spellings; the table makes the comparison explicit and covers FA-KES's own forms.
GOVERNORATES: dict[str, str] = {
    "aleppo": "Aleppo", "damascus": "Damascus", "rif dimashq": "Rif Dimashq", "idlib": "Idlib",
    "deir ezzor": "Deir ez-Zor", "raqqa": "Ar-Raqqah", "homs": "Homs", "hasakeh": "Al-Hasakah", "hama": "Hama",
    "daraa": "Daraa", "lattakia": "Latakia", "quneitra": "Quneitra", "tartous": "Tartus", "suwayda": "As-Suwayda",
}
# Lenient: FA-KES's "damascus" covers the city and its countryside (Ghouta, Douma, Darayya...).
GOVERNORATE_ALSO: dict[str, tuple[str, ...]] = {"damascus": ("Rif Dimashq",)}

# FA-KES cause_of_death (VDC's categories) -> ACLED sub-event types that describe such a death.
# "shelling" in VDC/FA-KES covers artillery, mortars, rockets and warplane/helicopter bombardment;
# "explosion" covers car bombs, IEDs, mines and suicide attacks; "shooting" is gunfire, in a
# clash or at civilians; "execution" is a killing of captives/civilians (ACLED: Attack).
CAUSE_TYPES: dict[str, frozenset[str]] = {
    "shelling": frozenset({"Shelling/artillery/missile attack", "Air/drone strike"}),
    "explosion": frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}),
    "chemical and toxic gases": frozenset({"Chemical weapon"}),
    "shooting": frozenset({"Armed clash", "Attack", "Excessive force against protesters"}),
    "execution": frozenset({"Attack"}),
}
CAUSE_PARENTS: dict[str, frozenset[str]] = {
    "shelling": frozenset({"Explosions/Remote violence"}),
    "explosion": frozenset({"Explosions/Remote violence"}),
    "chemical and toxic gases": frozenset({"Explosions/Remote violence"}),
    "shooting": frozenset({"Battles", "Violence against civilians", "Protests"}),
    "execution": frozenset({"Violence against civilians"}),
}
# Spellings used only to find suspect crowd labels (is the labelled governorate named at all?).
GOVERNORATE_IN_TEXT: dict[str, str] = {
    "aleppo": r"\baleppo|\bhalab\b", "damascus": r"\bdamascus|\bdimashq|\bghouta|\bdouma\b",
    "idlib": r"\bidl[ie]b", "deir ezzor": r"\bdeir\W*(?:e|a|e[lz]|a[lz])?\W*z+o?u?r",
    "raqqa": r"\bra[qk]{1,2}a", "homs": r"\bhoms\b", "hasakeh": r"\bh[ae]s+a[kc]", "hama": r"\bhama\b",
    "daraa": r"\bd[ae]r[a']a", "lattakia": r"\bl[ae]t+a[kq]i|\blatakia", "quneitra": r"\bqun[ae]i?tra",
    "tartous": r"\btart[ou]+s",
}

METRICS: list[tuple[str, float | None, str]] = [
    ("governorate", 0.85, "governorate"),
    ("governorate_dm", 0.85, "governorate (damascus ⊇ Rif Dimashq)"),
    ("cause", 0.75, "cause of death ↔ sub-event type"),
    ("cause_parent", None, "cause of death ↔ event type"),
    ("killed_exact", None, "killed, exact"),
    ("killed_20pct", None, "killed, within ±20 %"),
    ("date", None, "date exact (published = date)"),
]
FIELDS = [m for m, _, _ in METRICS]
SPLITS = (("all", None), ("label 1 (credible)", "1"), ("label 0 (fake)", "0"))


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    bad = err.object[err.start:err.end]
    return bytes(bad).decode("cp1252", errors="replace"), err.end


codecs.register_error("ckg_cp1252", _cp1252_fallback)


def read_rows(path: Path) -> list[dict[str, str]]:
    """The CSV is mostly UTF-8 with a few stray cp1252 bytes (bullets, quotes)."""
    text = path.read_bytes().decode("utf-8", errors="ckg_cp1252")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def parse_date(s: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(s.strip(), "%m/%d/%y").date()
    except ValueError:
        return None


def crowd_total(row: dict[str, str]) -> int:
    return int(row["nb_civilians"] or 0) + int(row["nb_noncivilians"] or 0)


def score_row(row: dict[str, str], reports: list[Any]) -> dict[str, Any]:
    rep = main_report(reports)
    ok: dict[str, bool | None] = dict.fromkeys(FIELDS, False)
    cause = row["cause_of_death"].strip().lower()
    if cause not in CAUSE_TYPES:
        ok["cause"] = ok["cause_parent"] = None  # "unknown": not scored
    gov = row["location"].strip().lower()
    theirs = crowd_total(row)
    ours = total_killed(rep)
    if rep is not None:
        adm = rep.location.admin1 if rep.location else None
        ok["governorate"] = same_admin1(adm, GOVERNORATES.get(gov, gov))
        ok["governorate_dm"] = ok["governorate"] or any(same_admin1(adm, g) for g in GOVERNORATE_ALSO.get(gov, ()))
        if cause in CAUSE_TYPES:
            ok["cause"] = sub_label(rep) in CAUSE_TYPES[cause]
            ok["cause_parent"] = parent_label(rep) in CAUSE_PARENTS[cause]
        ok["killed_exact"] = ours == theirs
        ok["killed_20pct"] = abs(ours - theirs) <= 0.2 * theirs
        ok["date"] = rep.time.date is not None and rep.time.date == parse_date(row["date"])
    return {
        "n_reports": len(reports),
        "n_background": sum(1 for r in reports if r.background),
        "main": report_dict(rep),
        "ours_killed": ours if has_killed(rep) else None,
        "crowd_killed": theirs,
        "ok": ok,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="the FA-KES file (default: %(default)s)")
    ap.add_argument("--suspects", type=int, default=10, help="print N rows whose crowd labels look wrong")
    common_args(ap, FIELDS)
    args = ap.parse_args()

    require(args.csv, "The FA-KES dataset (fakes.csv)")
    all_rows = read_rows(args.csv)
    rows = select(all_rows, limit=args.limit, sample=args.sample, seed=args.seed)
    pipe, t_load = load_pipeline()
    version = code_version()
    console.print(f"conflictkg {version}; pipeline loaded in {t_load:.1f} s ({pipe.model} {pipe.model_version}); "
                  f"{len(rows)} of {len(all_rows)} FA-KES articles")

    arts = [Article(id=r["unit_id"], title=r["article_title"].strip() or None,
                    text=f"{r['article_title'].strip()}\n\n{r['article_content'].strip()}",
                    published=parse_date(r["date"])) for r in rows]
    reports, secs, failed = extract_all(pipe, arts, batch_size=args.batch_size, label="FA-KES")
    records = []
    for row, art, reps in zip(rows, arts, reports, strict=True):
        records.append({
            "id": row["unit_id"], "source": row["source"], "label": row["label"].strip(), "text": art.text,
            "crowd": {k: row[k] for k in ("date", "location", "actor", "cause_of_death", "nb_children",
                                          "nb_civilians", "nb_noncivilians", "nb_women")},
            "run": {**score_row(row, reps), "extractor_error": failed.get(row["unit_id"])},
        })
    summary = render(records, secs, failed)
    suspects = find_suspects(records)
    show_suspects(suspects, args.suspects)
    if args.json:
        write_json(args.json, {"benchmark": "fakes", "csv": str(args.csv), "rows": len(records), "code": version, "load_s": t_load,
                               "timing_s": secs, "failed": failed, "summary": summary, "suspects": suspects, "results": records})
    if args.errors:
        show_errors(records, args.errors, n=args.n_errors, seed=args.seed)


def _acc(records: list[dict[str, Any]], m: str) -> tuple[int, int]:
    vals = [r["run"]["ok"][m] for r in records if r["run"]["ok"][m] is not None]
    return sum(vals), len(vals)


def _corr(records: list[dict[str, Any]]) -> tuple[int, float | None, float | None]:
    pairs = [(r["run"]["ours_killed"], r["run"]["crowd_killed"]) for r in records
             if r["run"]["ours_killed"] is not None and r["run"]["crowd_killed"] > 0]
    if len(pairs) < 3:
        return len(pairs), None, None
    xs, ys = zip(*pairs, strict=True)
    return len(pairs), float(pearsonr(xs, ys)[0]), float(spearmanr(xs, ys)[0])


def render(records: list[dict[str, Any]], secs: float, failed: dict[str, str]) -> dict[str, Any]:
    n = len(records)
    summary: dict[str, Any] = {}
    t = Table(title=f"FA-KES — {n} articles (main report per article)", title_justify="left")
    t.add_column("metric")
    t.add_column("bar", justify="right")
    groups = [(name, [r for r in records if lab is None or r["label"] == lab]) for name, lab in SPLITS]
    for name, _ in groups:
        t.add_column(f"{name}: right/n", justify="right")
        t.add_column("acc", justify="right")
    t.add_column("")
    for m, bar, desc in METRICS:
        cells = [desc, f"≥ {bar:.2f}" if bar is not None else "–"]
        for name, rs in groups:
            k, d = _acc(rs, m)
            summary.setdefault(name, {})[m] = k / d if d else None
            cells += [f"{k}/{d}", frac(k, d)]
        k, d = _acc(records, m)
        cells.append(verdict(k / d if d else None, bar))
        t.add_row(*cells)
    cells = ["killed: Pearson / Spearman", "–"]
    for name, rs in groups:
        npairs, pr, sr = _corr(rs)
        summary[name].update({"corr_n": npairs, "pearson": pr, "spearman": sr})
        cells += [f"n={npairs}", "–" if pr is None else f"{pr:.2f} / {sr:.2f}"]
    t.add_row(*cells, "")
    no_rep = sum(1 for r in records if r["run"]["main"] is None)
    summary["no_report"] = no_rep
    summary["extractor_failed"] = len(failed)
    summary["articles_per_s"] = n / secs if secs else None
    crashed = f" ({len(failed)} where the extractor failed)" if failed else ""
    t.caption = (f"{no_rep} articles without a main report{crashed}; cause scored on the rows whose cause is not "
                 f"'unknown'; correlations on rows where we report a Killed figure and the crowd total > 0. "
                 f"{secs:.0f} s, {n / secs:.1f} articles/s.")
    console.print(t)

    # cause breakdown
    t = Table(title="cause of death ↔ our sub-event type", title_justify="left")
    for h in ("FA-KES cause", "n", "acc (sub-type)", "acc (type)", "our commonest answers"):
        t.add_column(h, justify="left" if h.startswith(("FA", "our")) else "right")
    for cause in [*CAUSE_TYPES, "unknown"]:
        rs = [r for r in records if r["crowd"]["cause_of_death"].strip().lower() == cause]
        if not rs:
            continue
        ours = Counter((r["run"]["main"] or {}).get("sub_event_type") or "(no report)" for r in rs)
        k, d = _acc(rs, "cause")
        k2, d2 = _acc(rs, "cause_parent")
        t.add_row(cause, str(len(rs)), frac(k, d), frac(k2, d2),
                  ", ".join(f"{a} ({c})" for a, c in ours.most_common(3)))
    console.print(t)

    # governorate breakdown
    t = Table(title="governorate by FA-KES location", title_justify="left")
    for h in ("FA-KES location", "n", "acc", "acc (dm)", "no place", "our commonest wrong admin1"):
        t.add_column(h, justify="left" if h.startswith(("FA", "our")) else "right")
    for gov in sorted({r["crowd"]["location"].strip().lower() for r in records},
                      key=lambda g: -sum(1 for r in records if r["crowd"]["location"].strip().lower() == g)):
        rs = [r for r in records if r["crowd"]["location"].strip().lower() == gov]
        wrong = Counter(str(((r["run"]["main"] or {}).get("location") or {}).get("admin1"))
                        for r in rs if not r["run"]["ok"]["governorate_dm"])
        noplace = sum(1 for r in rs if not (r["run"]["main"] or {}).get("location"))
        t.add_row(gov, str(len(rs)), frac(*_acc(rs, "governorate")), frac(*_acc(rs, "governorate_dm")), str(noplace),
                  ", ".join(f"{a} ({c})" for a, c in wrong.most_common(3)))
    console.print(t)
    return summary


# ---------------------------------------------------------------------------------------
# Crowd labels that the article text contradicts
# ---------------------------------------------------------------------------------------

_NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|[a-z]+ty(?:-[a-z]+)?)"
_KILL_RE = re.compile(rf"[^.]*\b{_NUM}\b[^.]*\b(?:killed|dead|died|martyred|death toll|lost their lives)\b[^.]*\.?"
                      rf"|[^.]*\b(?:killed|killing|kills|claimed the lives of)\b[^.]*\b{_NUM}\b[^.]*\.?", re.IGNORECASE)
_CHEM_RE = re.compile(r"chemical|toxic|\bgas\b|chlorine|sarin|nerve agent|poison", re.IGNORECASE)
# any sign of gunfire or ground fighting (a "shooting" label is then plausible)
_SHOOT_RE = re.compile(r"\bsho(?:t|ot|oting|otout)\b|\bgun|sniper|bullet|firearm|rifle|clash|fight|battle|execut|"
                       r"assault|storm|ambush|raid", re.IGNORECASE)
_TITLE_TOLL_RE = re.compile(r"\b(\d+)\b(?:\s+[A-Za-z-]+){0,3}?\s+(?:killed|dead|die|died|martyred)\b", re.IGNORECASE)
_BOMB_RE = re.compile(r"shell|mortar|rocket|air ?strike|air raid|warplane|barrel bomb|bomb|missile|artillery|"
                      r"explo|blast", re.IGNORECASE)


def _fold(name: str) -> str:
    """"Al Qāmishlī" -> "Qamishli": no diacritics, no ‘ayn/hamza marks, no leading article."""
    t = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    t = re.sub(r"[‘’ʿʾ'`]", "", t)
    return re.sub(r"^(?:al|el|ar|as|ad|at|ash|an|az)[\s-]+", "", t, flags=re.IGNORECASE)


def _sentences_with(text: str, pat: re.Pattern[str], n: int = 2) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if pat.search(s)][:n]


def find_suspects(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows whose crowd labels the text plainly contradicts, by four checks that use the text
    (not our extraction) as the evidence; our reading is shown alongside."""
    out: list[dict[str, Any]] = []
    repeated = Counter(r["text"] for r in records)
    for r in records:
        text, c, main = r["text"], r["crowd"], r["run"]["main"]
        gov = c["location"].strip().lower()
        kills = _KILL_RE.findall(text)
        # 1. the crowd says nobody was killed, the article states a death toll
        if r["run"]["crowd_killed"] == 0 and kills:
            out.append({"id": r["id"], "label": r["label"], "check": "casualties: crowd total 0",
                        "crowd": f"nb_civilians={c['nb_civilians']} nb_noncivilians={c['nb_noncivilians']}",
                        "ours": f"killed={r['run']['ours_killed']}", "evidence": [k.strip() for k in kills[:2]]})
        # 2. the labelled governorate is not named (nor any of its usual spellings) anywhere in the
        #    text, and the place the text does name lies in another governorate
        pat = GOVERNORATE_IN_TEXT.get(gov)
        loc = main and main["location"]
        if (pat and not re.search(pat, text, re.IGNORECASE) and loc and loc["admin1"] and loc["country_code"] == "SY"
                and not r["run"]["ok"]["governorate_dm"]):
            place = loc["label"]
            ev = _sentences_with(text, re.compile(re.escape(_fold(place)), re.IGNORECASE))
            if not ev:  # the place is not named as such in the text: no plain contradiction
                continue
            out.append({"id": r["id"], "label": r["label"], "check": f"governorate: '{gov}' never named",
                        "crowd": f"location={gov}", "ours": f"{place} ({main['location']['admin1']})",
                        "evidence": ev})
        # 3. chemical attack labelled, but no chemical/gas word in the article
        cause = c["cause_of_death"].strip().lower()
        if cause == "chemical and toxic gases" and not _CHEM_RE.search(text):
            out.append({"id": r["id"], "label": r["label"], "check": "cause: chemical, no chemical word",
                        "crowd": f"cause_of_death={cause}", "ours": str(main and main["sub_event_type"]),
                        "evidence": _sentences_with(text, _BOMB_RE) or [text[:300]]})
        # 4. shooting labelled, but the article only speaks of shells, strikes or bombs (no gunfire,
        #    no ground fighting at all)
        if cause == "shooting" and not _SHOOT_RE.search(text) and _BOMB_RE.search(text):
            out.append({"id": r["id"], "label": r["label"], "check": "cause: shooting, text says bombardment",
                        "crowd": f"cause_of_death={cause}", "ours": str(main and main["sub_event_type"]),
                        "evidence": _sentences_with(text, _BOMB_RE)})
        # 5. the headline states a death toll, and neither the crowd's total nor any of its non-zero
        #    figures occurs anywhere in the article (articles that appear in several rows, one per
        #    event, are skipped: there each row labels one of the events)
        title = text.split("\n\n", 1)[0]
        mt = _TITLE_TOLL_RE.search(title)
        figures = {int(c[k] or 0) for k in ("nb_civilians", "nb_noncivilians", "nb_children", "nb_women")}
        figures = {f for f in figures | {r["run"]["crowd_killed"]} if f}
        if (mt and repeated[text] == 1 and figures and int(mt.group(1)) not in figures
                and not any(re.search(rf"(?<![\d,.]){f}(?![\d,])", text) for f in figures)):
            toll = mt.group(1)
            body = _sentences_with(text.split("\n\n", 1)[-1], re.compile(rf"\b{toll}\b"), 1)
            out.append({"id": r["id"], "label": r["label"], "check": "casualties: headline toll differs",
                        "crowd": f"nb_civilians={c['nb_civilians']} nb_noncivilians={c['nb_noncivilians']}",
                        "ours": f"killed={r['run']['ours_killed']}", "evidence": [title, *body]})
    return out


def show_suspects(suspects: list[dict[str, Any]], n: int) -> None:
    if not n:
        return
    counts = Counter(s["check"].split(":")[0] + ":" + s["check"].split(":")[1].split("'")[0] for s in suspects)
    console.rule(f"crowd labels the text contradicts: {len(suspects)} flags "
                 f"({', '.join(f'{k} {v}' for k, v in counts.most_common())}); {min(n, len(suspects))} shown")
    # round-robin over the checks so every kind is shown
    by_check: dict[str, list[dict[str, Any]]] = {}
    for s in suspects:
        by_check.setdefault(s["check"].split(":")[0] + s["check"].split("'")[0], []).append(s)
    shown: list[dict[str, Any]] = []
    while len(shown) < min(n, len(suspects)):
        for lst in by_check.values():
            if lst and len(shown) < n:
                shown.append(lst.pop(0))
    for s in shown:
        console.print(f"[bold]{s['id']}[/bold] (label {s['label']}) [yellow]{s['check']}[/yellow]: crowd {s['crowd']}; "
                      f"ours {s['ours']}", highlight=False)
        for e in s["evidence"]:
            console.print(f"   “{e[:400]}”", highlight=False)
        console.print()


def show_errors(records: list[dict[str, Any]], field: str, *, n: int, seed: int) -> None:
    def show(r: dict[str, Any]) -> None:
        run, c = r["run"], r["crowd"]
        m = run["main"]
        console.print(f"[bold]{r['id']}[/bold] (label {r['label']}) {r['text'][:900]}", highlight=False)
        console.print(f"  [cyan]crowd[/cyan] location={c['location']} cause={c['cause_of_death']} "
                      f"killed={run['crowd_killed']} date={c['date']} actor={c['actor']}", highlight=False)
        if m is None:
            console.print(f"  [magenta]ours [/magenta] (no main report; {run['n_reports']} reports)")
            return
        loc = m["location"]
        console.print(f"  [magenta]ours [/magenta] {m['sub_event_type']} at "
                      f"{loc and (loc['label'], loc['admin1'], loc['country_code'], loc['precision'])} "
                      f"killed={run['ours_killed']} {[(x['type'], x['min'], x['text']) for x in m['casualties']]} "
                      f"date={m['date']} ({m['time_text']!r})", highlight=False)
        console.print(f"  evidence: {m['evidence'][:1]}", highlight=False)

    print_examples(records, lambda r: r["run"]["ok"][field] is False, show, n=n, seed=seed, field=field)


if __name__ == "__main__":
    main()
