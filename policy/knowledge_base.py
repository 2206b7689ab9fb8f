"""Load ``data/`` into validated models, or fail with messages that name file, record and field."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from policy.migrations import migrate_record, migrate_single
from policy.models import (
    LAW_SOURCE_KINDS,
    Figure,
    ImpactMethod,
    Instrument,
    Meta,
    OpenQuestion,
    Rule,
    Scenario,
    Source,
    State,
    Vocabulary,
    data_format,
)
from policy.strict_yaml import YamlProblem, load_file
from policy.validation import cross_check

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Each kind is a folder of YAML files, each file a list of records.
RECORD_KINDS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "states": State,
    "instruments": Instrument,
    "entitlements": Rule,
    "open_questions": OpenQuestion,
    "figures": Figure,
    "scenarios": Scenario,
}
KEY_FIELD = {"states": "code"}  # every other kind is keyed by `id`
SINGLE_FILES: dict[str, type[BaseModel]] = {
    "meta.yaml": Meta,
    "vocabulary.yaml": Vocabulary,
    "impact.yaml": ImpactMethod,
}


class DataError(Exception):
    """The knowledge base did not validate; ``errors`` are readable one-line messages."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} problem(s) in the data:\n" + "\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Origin:
    """Where a record came from, for error messages and the UI's 'view source data' links."""

    file: str
    line: int | None
    key: str | None

    def describe(self) -> str:
        where = f"record {self.key!r}" if self.key else "record"
        return f"{self.file}: {where}" + (f" (line {self.line})" if self.line else "")


@dataclass(frozen=True)
class KnowledgeBase:
    meta: Meta
    vocabulary: Vocabulary
    sources: dict[str, Source]
    states: dict[str, State]
    instruments: dict[str, Instrument]
    rules: tuple[Rule, ...]
    open_questions: dict[str, OpenQuestion]
    figures: dict[str, Figure]
    scenarios: dict[str, Scenario]
    impact: ImpactMethod
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict, compare=False)
    data_dir: Path = DEFAULT_DATA_DIR

    @functools.cached_property
    def sources_up_to(self) -> dt.date:
        """The newest date a source states the law: the latest publication date among the sources
        that state law or practice (not datasets), a partial date counting from its first day, and
        never after ``last_checked``. A query dated later gets the 'law as last known' notice."""
        return sources_up_to(self.sources.values(), self.meta.last_checked)

    @property
    def last_checked(self) -> dt.date:
        return self.meta.last_checked

    @property
    def data_format(self) -> int:
        return data_format(self.meta.data_version)

    @property
    def state_codes(self) -> tuple[str, ...]:
        return tuple(self.states)

    @functools.cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    def members(self, group: str, day: dt.date) -> frozenset[str]:
        """States that are full members of ``group`` on ``day``."""
        return _members(self, group, day)

    def state_names(self, lang: str) -> dict[str, str]:
        """Every state's name in ``lang``, by code, in the data's order."""
        return {code: state.name.in_lang(lang) for code, state in self.states.items()}

    def label(self, dimension: str, value: str, lang: str) -> str:
        labels = getattr(self.vocabulary, dimension)
        return labels[value].label.in_lang(lang)

    def message(self, key: str, lang: str) -> str:
        return self.vocabulary.messages[key].in_lang(lang)




def _partial_date_start(text: str) -> dt.date:
    parts = [int(p) for p in text.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def sources_up_to(sources: Iterable[Source], last_checked: dt.date) -> dt.date:
    """The newest publication date of a law-stating source, capped at ``last_checked``."""
    dates = [_partial_date_start(s.published) for s in sources if s.published and s.kind in LAW_SOURCE_KINDS]
    newest = max(dates, default=last_checked)
    return min(newest, last_checked)


def _members(kb: KnowledgeBase, group: str, day: dt.date) -> frozenset[str]:
    return frozenset(
        state.code for state in kb.states.values() if any(m.org == group and m.holds_on(day) for m in state.memberships)
    )


# --- reading files ------------------------------------------------------------------------------


def relative_path(path: Path, data_dir: Path) -> str:
    try:
        return str(Path("data") / path.relative_to(data_dir))
    except ValueError:
        return str(path)


def _format_loc(loc: Iterable[Any]) -> str:
    text = ""
    for part in loc:
        if part == "[key]":  # pydantic's marker for a bad dictionary key
            text += " (key)"
        elif isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "(record)"


def describe_validation(exc: ValidationError) -> list[str]:
    problems = []
    for err in exc.errors(include_url=False):
        # Pydantic prefixes union members and validators in loc; keep the field path readable.
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown field (not in the data model)"
        elif err["type"] == "missing":
            message = "required field is missing"
        problems.append(f"field '{_format_loc(loc)}': {message}")
    return problems


def _read_records(
    path: Path, data_dir: Path, model: type[BaseModel], key_field: str, errors: list[str], fmt: int = 2
) -> list[tuple[BaseModel, Origin]]:
    rel = relative_path(path, data_dir)
    try:
        data, lines = load_file(path)
    except YamlProblem as problem:
        at = f" (line {problem.line})" if problem.line else ""
        errors.append(f"{rel}{at}: {problem.message}")
        return []
    if data is None:  # empty, or comments only: its records were lost, or it should not be there
        errors.append(f"{rel}: the file holds no records (a data file is a YAML list of records; "
                      "remove the file if it should have none)")
        return []
    if not isinstance(data, list):
        errors.append(f"{rel}: the file must be a YAML list of records, got {type(data).__name__}")
        return []
    out = []
    for index, raw in enumerate(data):
        line = lines.get(id(raw)) if isinstance(raw, dict) else None
        key = raw.get(key_field) if isinstance(raw, dict) else None
        origin = Origin(rel, line, str(key) if key is not None else f"#{index + 1}")
        if not isinstance(raw, dict):
            errors.append(f"{origin.describe()}: a record must be a mapping of fields")
            continue
        if fmt < 2:  # an older release: rewrite its format before the current models read it
            raw = migrate_record(path.parent.name, raw)
        try:
            out.append((model.model_validate(raw, context={"format": fmt}), origin))
        except ValidationError as exc:
            errors.extend(f"{origin.describe()}, {p}" for p in describe_validation(exc))
    return out


def _data_format_of(data_dir: Path) -> int:
    """The data format the folder is written in, from meta.yaml's data_version (2 if unreadable:
    the current models then report the problem)."""
    try:
        data, _ = load_file(data_dir / "meta.yaml")
    except (YamlProblem, OSError):
        return 2
    version = data.get("data_version") if isinstance(data, dict) else None
    return data_format(version) if isinstance(version, str) else 2


def _read_single(path: Path, data_dir: Path, model: type[BaseModel], errors: list[str], fmt: int = 2) -> Any:
    rel = relative_path(path, data_dir)
    if not path.is_file():
        errors.append(f"{rel}: file is missing")
        return None
    try:
        data, _ = load_file(path)
    except YamlProblem as problem:
        at = f" (line {problem.line})" if problem.line else ""
        errors.append(f"{rel}{at}: {problem.message}")
        return None
    if fmt < 2:
        data = migrate_single(path.name, data)
    try:
        return model.model_validate(data, context={"format": fmt})
    except ValidationError as exc:
        errors.extend(f"{rel}, {p}" for p in describe_validation(exc))
        return None


def load_knowledge_base(data_dir: Path | None = None) -> KnowledgeBase:
    """Read and validate every file under ``data_dir``; raise ``DataError`` listing all problems."""
    data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    errors: list[str] = []
    if not data_dir.is_dir():
        raise DataError([f"{data_dir}: data folder not found"])
    fmt = _data_format_of(data_dir)
    singles = {name: _read_single(data_dir / name, data_dir, model, errors, fmt) for name, model in SINGLE_FILES.items()}  # noqa: E501
    collections: dict[str, dict[str, Any]] = {}
    ordered_rules: list[Rule] = []
    origins: dict[tuple[str, str], Origin] = {}
    for kind, model in RECORD_KINDS.items():
        folder = data_dir / kind
        key_field = KEY_FIELD.get(kind, "id")
        records: dict[str, Any] = {}
        if not folder.is_dir():
            errors.append(f"{relative_path(folder, data_dir)}: folder is missing")
        else:
            for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
                for record, origin in _read_records(path, data_dir, model, key_field, errors, fmt):
                    key = getattr(record, key_field)
                    if key in records:
                        first = origins[(kind, key)]
                        errors.append(
                            f"{origin.describe()}, field '{key_field}': duplicate id {key!r} "
                            f"(already defined in {first.file}" + (f", line {first.line})" if first.line else ")")
                        )
                        continue
                    records[key] = record
                    origins[(kind, key)] = origin
                    if kind == "entitlements":
                        ordered_rules.append(cast(Rule, record))
        collections[kind] = records
    if errors:
        raise DataError(errors)
    kb = KnowledgeBase(
        meta=singles["meta.yaml"],
        vocabulary=singles["vocabulary.yaml"],
        sources=collections["sources"],
        states=collections["states"],
        instruments=collections["instruments"],
        rules=tuple(ordered_rules),
        open_questions=collections["open_questions"],
        figures=collections["figures"],
        scenarios=collections["scenarios"],
        impact=singles["impact.yaml"],
        origins=origins,
        data_dir=data_dir,
    )
    problems = cross_check(kb)
    if problems:
        raise DataError(problems)
    return kb
