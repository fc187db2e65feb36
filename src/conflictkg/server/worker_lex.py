"""A small SPARQL lexer for the checks made before a request reaches the store.

It does not parse SPARQL: it blanks out comments, string literals and IRIs (keeping every
character offset) so that keywords can be looked for safely, and reports the query form,
whether a dataset is given in the text (FROM / FROM NAMED), whether the request calls out to
the network (SERVICE, LOAD), and where the top-level WHERE clauses of an update are (to add
the protocol's using-graph-uri / using-named-graph-uri as USING clauses).

Errors go towards refusing: a text the lexer cannot split cleanly is scanned as if every
character were code, so a keyword hidden by a malformed string is still found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LONG_STRING = re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"", re.S)
_SHORT_STRING = re.compile(r"'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\"")
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_COMMENT = re.compile(r"#[^\n\r]*")
# A bare keyword: not part of a variable (?x, $x), prefixed name (ex:load), blank node label
# (_:x) or a longer word; "-" and ":" around it mean a prefixed name or a language tag part.
_WORD = re.compile(r"(?<![A-Za-z_\u00B7-\uFFFF?$:\-\\%])([A-Za-z]+)(?![\w:\-\\%])")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
NETWORK_WORDS = {"SERVICE", "LOAD"}


def skeleton(text: str) -> str:
    """``text`` with comments, strings and IRIs replaced by spaces (same length)."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        m = None
        if c == "#":
            m = _COMMENT.match(text, i)
        elif c in "'\"":
            m = _LONG_STRING.match(text, i) or _SHORT_STRING.match(text, i)
        elif c == "<":
            m = _IRIREF.match(text, i)
        if m is None:
            i += 1
            continue
        for j in range(m.start(), m.end()):
            if out[j] not in "\n\r":
                out[j] = " "
        # keep a marker so that "<iri>" still counts as a token between words
        if c == "<":
            out[m.start()] = "<"
            out[m.end() - 1] = ">"
        elif c in "'\"":
            out[m.start()] = out[m.end() - 1] = '"'
        i = m.end()
    return "".join(out)


def decode_codepoints(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)
    return _CODEPOINT.sub(sub, text)


@dataclass
class Word:
    text: str  # upper case
    start: int
    depth: int  # brace depth at the word


@dataclass
class Analysis:
    form: str | None  # SELECT / CONSTRUCT / DESCRIBE / ASK, or None for an update / unknown
    is_update: bool
    has_dataset: bool  # FROM / FROM NAMED in the text
    network: list[str] = field(default_factory=list)  # SERVICE / LOAD found
    has_using_or_with: bool = False
    where_offsets: list[int] = field(default_factory=list)  # top-level WHERE of Modify operations


def words(sk: str) -> list[Word]:
    out: list[Word] = []
    depth = 0
    pos = 0
    for m in _WORD.finditer(sk):
        seg = sk[pos:m.start()]
        depth += seg.count("{") - seg.count("}")
        pos = m.start()
        out.append(Word(m.group(1).upper(), m.start(), depth))
    return out


def analyze(text: str) -> Analysis:
    sk = skeleton(text)
    ws = words(sk)
    names = [w.text for w in ws]
    form = next((w for w in names if w in FORMS), None)
    first_op = next((w for w in names if w in FORMS or w in UPDATE_WORDS), None)
    is_update = first_op is not None and first_op not in FORMS
    network = sorted({w for w in names if w in NETWORK_WORDS})
    # A second opinion on a text whose \u escapes are decoded first (SPARQL 1.0 style), and on
    # the raw text read as code throughout: refuse if either reading shows a network keyword.
    if "\\u" in text or "\\U" in text:
        network = sorted(set(network) | {w.text for w in words(skeleton(decode_codepoints(text)))
                                         if w.text in NETWORK_WORDS})
    has_dataset = any(w.text == "FROM" for w in ws)
    using = any(w.text in ("USING", "WITH") for w in ws)
    where_offsets = []
    if is_update:
        for k, w in enumerate(ws):
            if w.text == "WHERE" and w.depth == 0:
                prev = ws[k - 1].text if k else ""
                if prev != "DELETE":  # DELETE WHERE { } takes no USING
                    where_offsets.append(w.start)
    return Analysis(form=form if not is_update else None, is_update=is_update, has_dataset=has_dataset,
                    network=network, has_using_or_with=using, where_offsets=where_offsets)


def refuse_network_reason(a: Analysis) -> str | None:
    if not a.network:
        return None
    what = " and ".join(a.network)
    return (f"{what} is not allowed on this endpoint: queries may not reach other servers "
            "(federated SERVICE calls and LOAD of remote documents are refused before execution)")


def add_using(update: str, a: Analysis, using: list[str], using_named: list[str]) -> str:
    """Insert USING / USING NAMED clauses before every top-level WHERE of ``update``."""
    clause = "".join(f" USING <{g}>" for g in using) + "".join(f" USING NAMED <{g}>" for g in using_named) + " "
    out, last = [], 0
    for off in a.where_offsets:
        out.append(update[last:off])
        out.append(clause)
        last = off
    out.append(update[last:])
    return "".join(out)
