"""Worked examples (OpenFisca-style YAML tests): inputs, expected level and basis, and a source."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from policy.engine import CaseError, make_case, resolve
from policy.knowledge_base import DataError, KnowledgeBase, describe_validation
from policy.models import Confidence, Id, IsoDate, Level, NonEmptyStr, Strict
from policy.strict_yaml import YamlProblem, load_file

DEFAULT_CASES_DIR = Path(__file__).resolve().parent.parent / "tests" / "cases"


class ExampleInput(Strict):
    host: str
    origin: str
    person: str
    status: str
    residence: str
    care: str
    date: IsoDate
    contribution_years: float | int = 0
    vhi: Literal["none", "host", "home"] = "none"
    scenario: Id | None = None


class Expectation(Strict):
    level: Level
    basis_includes: list[Id] = []
    basis_excludes: list[Id] = []
    confidence: Confidence | None = None


class Example(Strict):
    id: Id
    description: NonEmptyStr
    input: ExampleInput
    expect: Expectation
    source: Id
    reasoning: NonEmptyStr


@dataclass(frozen=True)
class ExampleResult:
    example: Example
    file: str
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def load_examples(cases_dir: Path | None = None) -> list[tuple[Example, str]]:
    cases_dir = cases_dir or DEFAULT_CASES_DIR
    errors: list[str] = []
    out: list[tuple[Example, str]] = []
    seen: dict[str, str] = {}
    for path in sorted(cases_dir.glob("*.yaml")):
        rel = str(path.relative_to(cases_dir.parent.parent)) if cases_dir.parent.parent in path.parents else str(path)
        try:
            data, lines = load_file(path)
        except YamlProblem as problem:
            errors.append(f"{rel} (line {problem.line}): {problem.message}")
            continue
        for index, raw in enumerate(data or []):
            key = raw.get("id") if isinstance(raw, dict) else f"#{index + 1}"
            where = f"{rel}: example {key!r}" + (f" (line {lines[id(raw)]})" if id(raw) in lines else "")
            try:
                example = Example.model_validate(raw)
            except ValidationError as exc:
                errors.extend(f"{where}, {p}" for p in describe_validation(exc))
                continue
            if example.id in seen:
                errors.append(f"{where}, field 'id': duplicate (also in {seen[example.id]})")
                continue
            seen[example.id] = rel
            out.append((example, rel))
    if not out and not errors:  # a mistyped folder must not pass as "0 passed, 0 failed"
        errors.append(f"{cases_dir}: no worked examples (*.yaml) found" if cases_dir.is_dir()
                      else f"{cases_dir}: no such folder")
    if errors:
        raise DataError(errors)
    return out


def check_example(kb: KnowledgeBase, example: Example, file: str) -> ExampleResult:
    problems: list[str] = []
    if example.source not in kb.sources:
        problems.append(f"cites unknown source {example.source!r}")
    for iid in example.expect.basis_includes + example.expect.basis_excludes:
        if iid not in kb.instruments:
            problems.append(f"expects unknown instrument {iid!r}")
    try:
        case = make_case(kb, **example.input.model_dump())
    except CaseError as exc:
        return ExampleResult(example, file, tuple(problems + [f"input: {exc}"]))
    got = resolve(kb, case)
    cited = [b.instrument for b in got.basis]
    if got.level != example.expect.level:
        problems.append(
            f"level: expected {example.expect.level}, got {got.level} (rules: {', '.join(got.rules) or 'fallback'})"
        )
    missing = [i for i in example.expect.basis_includes if i not in cited]
    if missing:
        problems.append(f"basis: expected to cite {missing}, cited {cited}")
    unwanted = [i for i in example.expect.basis_excludes if i in cited]
    if unwanted:
        problems.append(f"basis: must not cite {unwanted}, cited {cited}")
    if example.expect.confidence and got.confidence != example.expect.confidence:
        problems.append(f"confidence: expected {example.expect.confidence}, got {got.confidence}")
    return ExampleResult(example, file, tuple(problems))


def run_examples(kb: KnowledgeBase, cases_dir: Path | None = None) -> list[ExampleResult]:
    return [check_example(kb, example, file) for example, file in load_examples(cases_dir)]
