"""Scenarios users build or upload: validated like the data files, never executed.

An uploaded file is YAML text parsed by the strict loader (no tags, no objects, size-limited),
validated by the same pydantic model and cross-checks as `data/scenarios/`, and only then added to
a copy of the knowledge base; the shared one is never changed. A built scenario is the same
overlay (remove or replace baseline rules) made from a table of toggles and levels.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

import yaml
from pydantic import ValidationError

from policy.knowledge_base import KnowledgeBase, Origin, describe_validation
from policy.models import Rule, Scenario
from policy.strict_yaml import YamlProblem, load_text
from policy.validation import cross_check

MAX_UPLOAD_BYTES = 64 * 1024  # a scenario is a page of YAML; anything larger is refused unread
UPLOAD_FILE = "uploaded scenario"


class ScenarioFileError(ValueError):
    """The file is not a valid scenario; ``problems`` are one-line messages (plain text)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class ScenarioBuildError(ValueError):
    """A scenario that cannot be built from the toggles: ``reason`` is ``"unknown_rules"`` (``rules``
    names them) or ``"changes_nothing"``; the message is English, for the command line and logs, and a
    page words the reason in its reader's language."""

    def __init__(self, reason: str, message: str, rules: tuple[str, ...] = ()):
        super().__init__(message)
        self.reason = reason
        self.rules = rules


def with_scenario(kb: KnowledgeBase, scenario: Scenario, file: str = UPLOAD_FILE) -> KnowledgeBase:
    """A copy of the knowledge base with ``scenario`` added (the shared one is untouched)."""
    return dataclasses.replace(
        kb, scenarios={**kb.scenarios, scenario.id: scenario},
        origins={**kb.origins, ("scenarios", scenario.id): Origin(file, None, scenario.id)},
    )


def parse_scenario(kb: KnowledgeBase, data: bytes, file: str = UPLOAD_FILE) -> Scenario:
    """Read one scenario from uploaded bytes, or raise ScenarioFileError naming what is wrong."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ScenarioFileError([f"{file}: larger than {MAX_UPLOAD_BYTES // 1024} KB; a scenario is a short YAML file"])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioFileError([f"{file}: not UTF-8 text"]) from None
    try:
        parsed, lines = load_text(text)
    except YamlProblem as problem:
        at = f" (line {problem.line})" if problem.line else ""
        raise ScenarioFileError([f"{file}{at}: {problem.message}"]) from None
    if isinstance(parsed, list) and len(parsed) == 1:
        parsed = parsed[0]
    if not isinstance(parsed, dict):
        raise ScenarioFileError([f"{file}: expected one scenario (a mapping of fields, or a list with one)"])
    key = parsed.get("id")
    where = f"{file}: record {str(key)[:80]!r}" if key is not None else file
    try:
        scenario = Scenario.model_validate(parsed)
    except ValidationError as exc:
        raise ScenarioFileError([f"{where}, {p}" for p in describe_validation(exc)]) from None
    if scenario.id in kb.scenarios:
        raise ScenarioFileError(
            [f"{where}, field 'id': {scenario.id!r} is a predefined scenario; give yours another id"]
        )

    copy = with_scenario(kb, scenario, file)
    mine = Origin(file, None, scenario.id).describe()
    problems = [p for p in cross_check(copy) if p.startswith(mine)]
    if problems:
        raise ScenarioFileError(problems)
    return scenario


def scenario_yaml(scenario: Scenario) -> bytes:
    """The scenario as a YAML file that parse_scenario reads back to the same scenario."""
    data = scenario.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
    return yaml.safe_dump([data], allow_unicode=True, sort_keys=False, width=100).encode("utf-8")


def _slug(text: str) -> str:
    out = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in text.lower())
    out = "-".join(p for p in out.split("-") if p)[:60]
    return f"user-{out}" if out else "user-scenario"


def build_scenario(
    kb: KnowledgeBase,
    name_en: str,
    name_ru: str,
    removed: Iterable[str] = (),
    levels: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> Scenario:
    """A user's scenario from a table of rule toggles (``removed``) and level changes (``levels``).

    Raises ScenarioBuildError (a ValueError) when nothing changes or a rule id is unknown.
    """
    rules = {r.id: r for r in kb.rules}
    removed = list(dict.fromkeys(removed))
    levels = {k: v for k, v in (levels or {}).items() if k not in removed}
    unknown = [r for r in [*removed, *levels] if r not in rules]
    if unknown:
        raise ScenarioBuildError("unknown_rules", f"unknown rule(s): {', '.join(unknown[:5])}", tuple(unknown[:5]))
    levels = {k: v for k, v in levels.items() if rules[k].level != v}
    if not removed and not levels:
        raise ScenarioBuildError("changes_nothing", "the scenario changes nothing: switch a rule off or change a level")
    changes: list[dict[str, Any]] = [{"op": "remove", "id": rid} for rid in removed]
    for rid, level in levels.items():
        rule: Rule = rules[rid]
        data = rule.model_dump(mode="json", exclude_none=True)
        data["level"] = level
        note = rule.note
        # the level in words of each language ("insured" would stand as an English word in the Russian note)
        data["note"] = {
            "en": f"User's scenario: level set to {kb.label('level', level, 'en')}. Baseline: {note.en}",
            "ru": f"Сценарий пользователя: уровень изменён на «{kb.label('level', level, 'ru')}». "
                  f"Базовое правило: {note.ru}",
        }
        changes.append({"op": "replace", "id": rid, "rule": data})
    sources = list(dict.fromkeys(s for rid in [*removed, *levels] for s in rules[rid].sources))
    name_en = name_en.strip()[:120] or "My scenario"
    name_ru = name_ru.strip()[:120] or name_en
    day = today or kb.meta.as_of
    return Scenario.model_validate(
        {
            "id": _slug(name_en),
            "name": {"en": name_en, "ru": name_ru},
            "description": {
                "en": f"Built in Coverage Explorer: {len(removed)} rule(s) switched off, {len(levels)} level(s) changed.",  # noqa: E501
                "ru": f"Создан в Coverage Explorer: отключено правил — {len(removed)}, изменено уровней — {len(levels)}.",  # noqa: E501
            },
            "proposed_by": {"en": "a user of Coverage Explorer", "ru": "пользователь Coverage Explorer"},
            "proposed_on": day.isoformat(),
            "status": "hypothetical",
            "changes": changes,
            "sources": sources,
            "as_of": min(day, kb.meta.as_of).isoformat(),
        }
    )
