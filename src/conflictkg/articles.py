"""Read .txt scrapes, .html pages and .jsonl files into cleaned :class:`Article` objects.

Only the article body may yield events, so cleaning removes what real scrapes carry around
it: donation widgets, share/subscribe chrome, comment sections and the comments under them,
captchas, related-headline lists and JSON/PHP dumps. The title, publisher and publication
date are read from the page; a site header's "today" date is not the publication date.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .models import Article

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")

# A line from which on nothing is article body (comment sections, footers, related lists).
_TERMINATORS = re.compile(
    r"""^(?:notify\ of|leave\ a\ (?:comment|reply)|\d+\ comments?$|view\ all\ comments|inline\ feedbacks
    |newest\ most\ voted|would\ love\ your\ thoughts|more\ on\ this\ topic|related\ (?:articles|posts|news|stories)
    |related:|read\ (?:more|next):?$|comments?\s*\(\d+\)|you\ may\ also\ like|recommended(?:\ for\ you)?:?$|comments?:?$|share\ this|scroll\ up
    |for\ the\ latest\ on|follow\ us\ on|subscribe\ to|sign\ up\ for|all\ rights\ reserved|copyright\ ©|©
    |string\(\d+\)|\[\{|\{")""",
    re.IGNORECASE | re.VERBOSE,
)
# Whole lines that are chrome, wherever they stand.
_CHROME = re.compile(
    r"""^(?:illustrative\ image|file\ photo|photo:.*|image:.*|click\ here.*|advertisement|share|tweet|print|email
    |facebook(?:\ twitter.*)?|twitter|whatsapp|telegram|reddit|short\ link\ ?:?|[•·*]\s*short\ link.*|tags?:.*
    |support\ .{2,40}|donate.*|author:.*|by\ .{2,40}\ staff|listen\ to\ this\ article.*|\d+\ min(?:ute)?\ read)$""",
    re.IGNORECASE | re.VERBOSE,
)
_CAPTION = re.compile(r"(?:\.|^)\s*(?:file photo|illustrative image|archive photo|photo credit.*)\.?$", re.I)
_SUPPORT = re.compile(r"^[Ss]upport\s+(?:the\s+|The\s+)?([A-Z][^:|—–]{1,40}?)\s*(?:[:|—–].*)?$")
_NAV_SEP = re.compile(r"\s[|•·]\s")
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,30},?(?:\s+[A-Z][a-z]+\.?\s+\d{1,2})?\s*\((?P<agency>[^)]{2,40})\)\s*[–—-]")
_SOURCE = re.compile(r"^(?:source|published by|via)\s*:\s*(.{2,60}?)\s*$", re.I)
_REPORTER = re.compile(r"^(?:reporting|reported|written|edited|by)\b.{0,60}$", re.I)
_LETTERS = re.compile(r"[A-Za-z]")
_PUBLISHED = re.compile(r"^(?:published|posted|updated|date)\s*[:\-]?\s*(.+)$", re.I)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass
class ReadError:
    """An input that could not be read; the batch goes on."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path} line {self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


def iter_paths(paths: list[str | Path]) -> Iterator[Path]:
    """Files under ``paths`` (folders walked in sorted order) with a readable suffix."""
    for p in map(Path, paths):
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES and not child.name.startswith("."):
                    yield child
        else:
            yield p


def read_path(path: Path) -> Iterator[Article | ReadError]:
    """Articles in one file; unreadable files or lines come back as :class:`ReadError`."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield ReadError(str(path), f"cannot read file: {exc.strerror or exc}")
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(path, raw)
        return
    try:
        text = _decode(path, raw)
        if suffix in (".html", ".htm"):
            yield article_from_html(text, id=path.stem, source=path.name)
        else:
            yield article_from_text(text, id=path.stem, source=path.name)
    except InputError as exc:
        yield ReadError(exc.path, exc.message, exc.line)


def _decode(path: Path | str, raw: bytes, line: int | None = None) -> str:
    if not raw.strip():
        raise InputError(path, "empty file: no article text", line)
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "binary file (NUL bytes): not a text article", line)
    for enc in ("utf-8-sig", "utf-16") if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    # Mostly-text files with a few stray bytes are common in scrapes; too many means binary.
    text = raw.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(8, len(text) // 50):
        raise InputError(path, "not UTF-8 text (looks binary)", line)
    return text


def _read_jsonl(path: Path, raw: bytes) -> Iterator[Article | ReadError]:
    if not raw.strip():
        yield ReadError(str(path), "empty file: no JSON lines")
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield ReadError(str(path), "not UTF-8 text (looks binary)")
        return
    seen: set[str] = set()
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(str(path), f"malformed JSON ({exc.msg} at column {exc.colno}); line skipped", n)
            continue
        if not isinstance(rec, dict):
            yield ReadError(str(path), "not a JSON object; line skipped", n)
            continue
        art_id = str(rec.get("id") or "").strip()
        if not art_id:
            yield ReadError(str(path), "no id; line skipped", n)
            continue
        if art_id in seen:
            yield ReadError(str(path), f"duplicate id {art_id!r}; line skipped", n)
            continue
        body_html, body_text = rec.get("html"), rec.get("text")
        if not (isinstance(body_text, str) and body_text.strip()) and not (isinstance(body_html, str) and body_html.strip()):
            yield ReadError(str(path), "no text or html; line skipped", n)
            continue
        try:
            if isinstance(body_text, str) and body_text.strip():
                art = article_from_text(body_text, id=art_id, source=path.name, title=rec.get("title"))
            else:
                art = article_from_html(body_html, id=art_id, source=path.name)
        except InputError as exc:
            yield ReadError(str(path), exc.message, n)
            continue
        art.title = (rec.get("title") or art.title or None)
        art.publisher = rec.get("publisher") or art.publisher
        art.url = rec.get("url") or art.url
        if rec.get("published"):
            published = parse_published(str(rec["published"]))
            if published is None:
                yield ReadError(str(path), f"unreadable published date {rec['published']!r}; kept the article without it", n)
            art.published = published or art.published
        seen.add(art_id)
        yield art


def parse_published(value: str) -> dt.date | dt.datetime | None:
    """An ISO date or date-time, or a plain-language date with a year; else None."""
    value = value.strip()
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    return _date_line(value)


def _date_line(line: str) -> dt.date | dt.datetime | None:
    """A line that is only a date (with a year), e.g. "Mon Mar 21, 2016 16:25:32" or "28 January 2017 15:51"."""
    line = line.strip()
    if not (6 <= len(line) <= 40) or not re.search(r"\b(19|20)\d\d\b", line):
        return None
    if len(re.findall(r"\b(19|20)\d\d\b", line)) > 1:
        return None
    if len(re.findall(r"[A-Za-z]{3,}", line)) > 3:
        return None
    import dateparser  # slow to import; only needed here

    parsed = dateparser.parse(line, settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
                              languages=["en"])
    if parsed is None:
        return None
    has_time = bool(re.search(r"\b\d{1,2}:\d{2}", line))
    return parsed.replace(tzinfo=None) if has_time else parsed.date()


def normalize_space(text: str) -> str:
    """Unify line ends and exotic spaces (NBSP, zero-width) so offsets and matching are stable."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u00a0\u2007\u202f\u2009\u200a]", " ", text)
    return re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text)


def _is_nav(line: str) -> bool:
    """A menu or site-header line: "Home | Syria | Iraq", "News  Borno  Politics  Sports"."""
    if len(_NAV_SEP.findall(line)) >= 2:
        return True
    parts = [p for p in re.split(r"\s{2,}", line.strip()) if p]
    return len(parts) >= 4 and all(len(p.split()) <= 3 for p in parts) and not line.rstrip().endswith(".")


def _is_title_like(line: str) -> bool:
    words = line.split()
    if line.endswith(".") and len(words) >= 12:
        return False  # a sentence, not a headline
    return len(words) >= 4 and len(line) <= 250 and bool(_LETTERS.search(line)) and not _TERMINATORS.match(line) \
        and not _is_nav(line) and not _SUPPORT.match(line)


def clean_lines(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Body lines of a raw scrape, and the metadata lines found around them."""
    meta: dict[str, str] = {}
    body: list[str] = []
    for raw in lines:
        line = raw.strip().strip("\u200b")
        if not line:
            if body and body[-1] != "":
                body.append("")
            continue
        if re.match(r"support\b", line, re.I) and len(line.split()) <= 10:
            m = _SUPPORT.match(line) or _SUPPORT.match(re.split(r"\s[–—|-]\s", line)[-1])
            if m:
                meta.setdefault("publisher", m.group(1))
            if any(len(b.split()) >= 8 for b in body) and any(b.endswith((".", "”", '"')) for b in body):
                break
            continue
        if m := _SOURCE.match(line):
            meta.setdefault("publisher", m.group(1))
            continue
        if _TERMINATORS.match(line) or line.startswith(("{", "[{", "string(")) or '{"' in line:
            if any(len(b.split()) >= 8 for b in body):
                break
            continue
        if _is_nav(line):
            if not body:
                first = re.split(r"\s[|•·]\s|\s{2,}", line)[0].strip()
                if 1 <= len(first.split()) <= 5 and not _date_line(first) and not re.search(r"\d", first) and \
                        first.lower() not in ("home", "news", "menu"):
                    meta.setdefault("nav_publisher", first)
            continue
        if not _LETTERS.search(line) or _CHROME.match(line) or _CAPTION.search(line) and len(line.split()) < 15:
            continue
        if _REPORTER.match(line) and len(line.split()) <= 8:
            continue
        body.append(line)
    while body and body[-1] == "":
        body.pop()
    return body, meta


def article_from_text(text: str, *, id: str, source: str | None = None, title: str | None = None) -> Article:
    """Clean a raw text scrape: title, publisher, publication date, body."""
    lines = normalize_space(text).split("\n")
    # The title is the first headline-like line; what comes before it is site header.
    t_idx = None
    if title is None:
        for i, line in enumerate(lines):
            s = line.strip()
            if _is_title_like(s) and not _date_line(s) and not _PUBLISHED.match(s) and len(re.findall(r"\d", s)) < len(s) / 4:
                t_idx, title = i, s
                break
    header = [ln.strip() for ln in lines[: t_idx or 0] if ln.strip()]
    rest = lines[t_idx + 1:] if t_idx is not None else lines
    # Drop repeats of the title (scrapes often carry it twice).
    if title:
        rest = [ln for ln in rest if ln.strip() != title]
    published: dt.date | dt.datetime | None = None
    # A date line right after the title is the publication date; a header date is the site's "today".
    for i, line in enumerate(rest[:12]):
        s = line.strip()
        if not s:
            continue
        pm = _PUBLISHED.match(s)
        value = re.sub(r"^on\s+|\s+by\s+.*$", "", pm.group(1), flags=re.I) if pm else s
        cand = _date_line(value)
        if cand is not None:
            published = cand
            rest = rest[:i] + rest[i + 1:]
            break
        if len(s.split()) > 12:
            break
    body, meta = clean_lines(rest)
    if not any(line.strip() for line in body) and t_idx is not None:
        # One paragraph and nothing else: it was the body, not a headline.
        body, meta = clean_lines(lines)
        title = None
    publisher = meta.get("publisher")
    if publisher is None and body and (m := _DATELINE.match(body[0])):
        publisher = m.group("agency").strip()
    if publisher is None:
        publisher = _header_publisher(header) or _standalone_publisher(body) or meta.get("nav_publisher")
    if publisher and publisher.isupper() and len(publisher) > 4:
        publisher = publisher.title()
    if publisher and body and body[0].strip().lower() == publisher.lower():
        body = body[1:]
    if title and body and body[0].strip() == title:
        body = body[1:]
    clean = "\n".join(body).strip()
    clean = re.sub(r"\n{3,}", "\n\n", clean)
    if not clean or len(clean.split()) < 5:
        raise InputError(source or id, "no article body left after cleaning (only page chrome?)")
    return Article(id=id, text=clean, title=title, published=published, publisher=publisher, source=source)


def _header_publisher(header: list[str]) -> str | None:
    # A short Title-Case line at the very top, before the headline, is the site name.
    for line in header[:2]:
        words = line.split()
        if 1 <= len(words) <= 5 and all(w[:1].isupper() for w in words if w[:1].isalpha()) and not re.search(r"\d|\$", line):
            return line
    return None


def _standalone_publisher(body: list[str]) -> str | None:
    # A byline line naming the outlet ("ARA News") right under the title.
    for line in body[:3]:
        words = line.split()
        if 1 <= len(words) <= 4 and not line.endswith((".", ":", "?", "!")) and all(w[:1].isupper() for w in words):
            return line
    return None


def article_from_html(html: str, *, id: str, source: str | None = None) -> Article:
    """Extract the main text and metadata of an HTML page with trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        raise InputError(source or id, "no article body found in the HTML page")
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))  # noqa: E731
    text = normalize_space(get("text") or "")
    body, meta = clean_lines(text.split("\n"))
    title = get("title")
    if title and body and body[0].strip() == title.strip():
        body = body[1:]
    clean = re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip()
    if len(clean.split()) < 5:
        raise InputError(source or id, "no article body found in the HTML page")
    published = None
    if get("date"):
        published = parse_published(str(get("date")))
    publisher = get("sitename") or meta.get("publisher")
    return Article(id=id, text=clean, title=title, published=published, publisher=publisher,
                   url=get("url"), source=source)


def read_articles(paths: list[str | Path]) -> Iterator[Article | ReadError]:
    """Every article (or read error) under ``paths``, in a stable order."""
    for path in iter_paths(paths):
        if not path.exists():
            yield ReadError(str(path), "no such file or directory")
            continue
        if path.suffix.lower() not in SUFFIXES:
            yield ReadError(str(path), f"unsupported file type {path.suffix or '(none)'}; expected .txt, .html or .jsonl")
            continue
        yield from read_path(path)
