"""Format migrations: older data versions (the frozen releases a pinned link opens) still load.

Data format 2 (data versions from 2026.12.1, ``models.FORMAT_2_FROM``) changed the contract:
- meta's single ``as_of`` became ``last_checked`` (when the base was last searched for changes);
  ``sources_up_to`` is computed from the sources, never written by hand;
- every text the interface shows has a Russian value: a source's ``note``, a legal basis's
  ``article`` and an article's ``ref`` gained a Russian twin (``note_ru``, ``article_ru``,
  ``ref_ru``; the English field keeps its name, so code reading it keeps working);
- the vocabulary gained instrument types (memorandum, statement, model_agreement).

``migrate_record`` rewrites a format-1 record into format 2 before validation. An English-only text
gets a Russian twin that is the English text behind ``ENGLISH_ONLY_MARKER``, so the interface shows
that it was never translated instead of passing English off as Russian.
"""

from __future__ import annotations

from typing import Any

ENGLISH_ONLY_MARKER = "[EN] "

# Vocabulary values added by format 2, with the labels an older release lacks.
_ADDED_VOCABULARY: dict[str, dict[str, dict[str, Any]]] = {
    "instrument_type": {
        "memorandum": {"label": {"en": "memorandum", "ru": "меморандум"}},
        "statement": {"label": {"en": "statement", "ru": "заявление"}},
        "model_agreement": {"label": {"en": "model agreement", "ru": "модельное соглашение"}},
    },
}


def english_only(text: str) -> str:
    """The Russian twin of a format-1 English-only text: the English text, marked as such."""
    return ENGLISH_ONLY_MARKER + text


def is_english_only(text: str | None) -> bool:
    return isinstance(text, str) and text.startswith(ENGLISH_ONLY_MARKER)


def _twin(record: dict, field: str) -> dict:
    value = record.get(field)
    if isinstance(value, str) and f"{field}_ru" not in record:
        return {**record, f"{field}_ru": english_only(value)}
    return record


def _basis(refs: Any) -> Any:
    if not isinstance(refs, list):
        return refs
    return [_twin(ref, "article") if isinstance(ref, dict) else ref for ref in refs]


def _rule(rule: Any) -> Any:
    return {**rule, "basis": _basis(rule.get("basis"))} if isinstance(rule, dict) else rule


def migrate_single(name: str, data: Any) -> Any:
    """meta.yaml and vocabulary.yaml of a format-1 release, rewritten to format 2."""
    if not isinstance(data, dict):
        return data
    if name == "meta.yaml" and "as_of" in data and "last_checked" not in data:
        data = {key: value for key, value in data.items() if key != "as_of"} | {"last_checked": data["as_of"]}
    if name == "vocabulary.yaml":
        data = dict(data)
        for dimension, added in _ADDED_VOCABULARY.items():
            if isinstance(data.get(dimension), dict):
                data[dimension] = {**added, **data[dimension]}
    return data


def migrate_record(kind: str, record: Any) -> Any:
    """One record of a format-1 release (``kind`` is its folder), rewritten to format 2."""
    if not isinstance(record, dict):
        return record
    if kind == "sources":
        return _twin(record, "note")
    if kind == "entitlements":
        return _rule(record)
    if kind == "states" and isinstance(record.get("fallback"), dict):
        return {**record, "fallback": {**record["fallback"], "basis": _basis(record["fallback"].get("basis"))}}
    if kind == "instruments" and isinstance(record.get("articles"), list):
        return {**record, "articles": [_twin(a, "ref") if isinstance(a, dict) else a for a in record["articles"]]}
    if kind == "scenarios" and isinstance(record.get("changes"), list):
        changes = [{**c, "rule": _rule(c["rule"])} if isinstance(c, dict) and isinstance(c.get("rule"), dict) else c
                   for c in record["changes"]]
        return {**record, "changes": changes}
    return record
