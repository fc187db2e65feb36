"""Reading and cleaning articles: our own fixtures (tests/data/articles) and the shared scrapes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conflictkg.articles import ReadError, article_from_text, read_articles, read_path

DATA = Path(__file__).parent / "data" / "articles"
SHARED = Path(__file__).resolve().parents[2] / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus is absent on this clone")


def _one(path: Path):
    items = list(read_path(path))
    assert len(items) == 1
    return items[0]


def test_empty_file_is_a_clear_error():
    err = _one(DATA / "empty.txt")
    assert isinstance(err, ReadError)
    assert "empty.txt" in str(err) and "empty" in err.message


def test_binary_file_is_a_clear_error():
    err = _one(DATA / "binary.txt")
    assert isinstance(err, ReadError)
    assert "binary.txt" in str(err) and "binary" in err.message


def test_bad_jsonl_keeps_good_lines_and_names_bad_ones():
    items = list(read_path(DATA / "bad.jsonl"))
    good = [i for i in items if not isinstance(i, ReadError)]
    bad = [i for i in items if isinstance(i, ReadError)]
    assert [a.id for a in good] == ["bad-good-line"]
    assert sorted(e.line for e in bad) == [2, 3]
    assert all("bad.jsonl line" in str(e) for e in bad)
    assert "malformed JSON" in str(bad[0])
    assert good[0].published == dt.date(2024, 2, 11)


def test_minimal_text_without_title_keeps_its_body():
    art = _one(DATA / "minimal.txt")
    assert art.id == "minimal"
    assert "Baidoa" in art.text
    assert art.published is None


def test_html_page_main_text_and_metadata():
    art = _one(DATA / "page.html")
    assert art.title and "Tuz Khurmatu" in art.title
    assert art.publisher == "Tigris Post"
    assert str(art.published)[:10] == "2024-10-11"
    assert "Tuz Khurmatu" in art.text
    assert art.title not in art.text.splitlines()[0]


def test_chrome_comments_and_widgets_are_removed():
    raw = (
        "Rebels Shell Market Town, Killing Three\n\nSupport Example Wire\n\n0 $\n2,500 $\n\n"
        "Home | World | Syria | Contact\n\n"
        "Rebel fighters shelled the market of a small town on Monday, killing three people, medics said.\n\n"
        "The shelling hit the main square.\n\nNotify of\nNewest Most Voted\n\n"
        "A reader says the army was attacked by rebels yesterday and 40 were killed.\n"
    )
    art = article_from_text(raw, id="x")
    assert art.title == "Rebels Shell Market Town, Killing Three"
    assert art.publisher == "Example Wire"
    assert "Notify" not in art.text and "reader" not in art.text and "$" not in art.text
    assert "Home |" not in art.text
    assert art.text.endswith("The shelling hit the main square.")


def test_site_header_date_is_not_the_publication_date():
    raw = ("Example Times\nMonday, 3 June 2024 | Weather 30°C | E-paper | Advertise\n\n"
           "Militants Attack Border Post In The North\n\n"
           "Militants attacked a border post overnight, killing two guards, officials said on Sunday.\n")
    art = article_from_text(raw, id="y")
    assert art.published is None
    assert art.publisher == "Example Times"


def test_publication_date_line_after_title():
    raw = "Army Retakes Village After Two Days Of Fighting\nPosted on March 12, 2024 by Staff\n\nThe army retook the village on Monday after two days of fighting, officers said.\n"
    art = article_from_text(raw, id="z")
    assert art.published == dt.date(2024, 3, 12)


def test_folder_reading_is_sorted_and_reports_unsupported(tmp_path):
    (tmp_path / "b.txt").write_text("A Title Of The Article Here\n\nGunmen attacked a village on Monday, killing two people, police said.")
    (tmp_path / "a.txt").write_text("Another Title Of The Article\n\nRebels attacked a checkpoint on Monday, killing two soldiers, the army said.")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    items = list(read_articles([tmp_path, tmp_path / "missing.txt"]))
    ids = [i.id for i in items if not isinstance(i, ReadError)]
    assert ids == ["a", "b"]
    errors = [str(i) for i in items if isinstance(i, ReadError)]
    assert any("missing.txt" in e and "no such file" in e for e in errors)


@needs_shared
@pytest.mark.parametrize("name,publisher,published,last_words", [
    ("000_da02797beb7fccef", "SouthFront", None, "Deir Ezzor with Homs."),
    ("001_f97f412069280a46", "ARA News", None, "between Aleppo and Damascus."),
    ("002_ca7823ecd390f98a", "SouthFront", None, "contain this threat."),
    ("003_1f627a4119e93e93", None, "2016-03-21", "Sputnik reported."),
    ("004_98c43b8849033491", "Islamic Invitation Turkey", "2017-01-28", "the sources underscored."),
])
def test_shared_scrapes_are_cleaned(name, publisher, published, last_words):
    art = _one(SHARED / "corpus" / "articles" / f"{name}.txt")
    assert art.id == name
    assert art.publisher == publisher
    assert (str(art.published)[:10] if art.published else None) == published
    assert art.text.endswith(last_words)
    for chrome in ("Notify of", "Support SouthFront", "string(", "fifteen =", "2,500 $", "Dhul-Qa"):
        assert chrome not in art.text
