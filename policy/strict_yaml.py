"""A YAML reader that refuses the surprises of YAML 1.1.

PyYAML follows YAML 1.1: a bare ``NO`` (Norway's code) becomes ``False``, ``on``/``yes`` become
booleans, ``2015-01-01`` becomes a ``date`` even where text is meant, and a repeated key silently
overwrites the first. In a fact base that is how a wrong fact slips in unnoticed, so this reader:

- rejects duplicate keys;
- rejects plain (unquoted) scalars that YAML 1.1 would read as booleans, except ``true``/``false``;
- keeps timestamps as text (date fields parse them; text fields keep them as written);
- records the line of every mapping so errors can point at the record.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, ScalarNode

_YAML11_BOOLS = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|True|TRUE|False|FALSE)$")
_PLAIN_BOOL = re.compile(r"^(true|false)$")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]+([eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$")
_NULL = re.compile(r"^(~|null|Null|NULL|)$")


class YamlProblem(ValueError):
    """A file that is not acceptable YAML for the fact base; ``line`` is 1-based."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


class _Resolver(yaml.resolver.BaseResolver):
    """Only YAML 1.2-core-like implicit types: null, true/false, int, float; everything else text."""


_Resolver.add_implicit_resolver("tag:yaml.org,2002:bool", _PLAIN_BOOL, list("tf"))
_Resolver.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
_Resolver.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
_Resolver.add_implicit_resolver("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""])


class _Constructor(yaml.constructor.SafeConstructor):
    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, "expected a mapping", node.start_mark)
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise YamlProblem(
                    f"duplicate key {key!r} (first at line {seen[key]})",
                    key_node.start_mark.line + 1,
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=True)

    def construct_yaml_map(self, node: MappingNode) -> Generator[dict[Any, Any], None, None]:
        # PyYAML yields the dict before filling it; that dict is the one callers get back.
        data: dict[Any, Any] = {}
        self.lines[id(data)] = node.start_mark.line + 1
        yield data
        data.update(self.construct_mapping(node))

    def construct_scalar(self, node: ScalarNode) -> Any:  # type: ignore[override]
        # a plain scalar's style: None from PyYAML's own parser, "" from libyaml's
        if isinstance(node, ScalarNode) and not node.style and _YAML11_BOOLS.match(node.value):
            raise YamlProblem(
                f"ambiguous value {node.value!r}: YAML 1.1 reads it as a boolean; "
                "quote it if it is text, or write true/false",
                node.start_mark.line + 1,
            )
        return super().construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:map", _Constructor.construct_yaml_map)  # type: ignore[type-var]


class _Loader(
    yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _Constructor, _Resolver
):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


def _libyaml_parser() -> type[Any] | None:
    try:
        from yaml._yaml import CParser  # libyaml, where PyYAML was built with it (PyPI's wheels are)
    except ImportError:  # pragma: no cover - PyYAML without libyaml: its own parser, slower
        return None
    return CParser


def _fast_loader() -> type[Any]:
    parser = _libyaml_parser()
    if parser is None:  # pragma: no cover
        return _Loader

    class _FastLoader(parser, _Constructor, _Resolver):  # type: ignore[misc, valid-type]
        """The same reader on libyaml's parser (PyYAML's CSafeLoader is built the same way): the
        knowledge base loads in ≈ 0.17 s instead of ≈ 1.2 s, on every start of the app, the CLI and
        the API."""

        def __init__(self, stream: str) -> None:
            parser.__init__(self, stream)  # type: ignore[misc]
            _Constructor.__init__(self)
            _Resolver.__init__(self)

    return _FastLoader


LOADER: type[Any] = _fast_loader()


MAX_NESTING = 64  # collections inside collections a file may open; the fact base's deepest is ≈ 6


def _nesting_problem(text: str, cls: type[Any]) -> YamlProblem | None:
    """A file nested deeper than MAX_NESTING, found from the parser's events before anything is built.
    Why: building the data recurses once per level. libyaml's composer recurses in C: a 60 KB upload
    of 30,000 "[" crashed the whole server (a segmentation fault, every session gone), and a few hundred
    indented levels ran out of Python's recursion limit. The parser itself keeps its own stack."""
    events = cls(text)
    depth = 0
    try:
        while events.check_event():
            event = events.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_NESTING:
                    line = event.start_mark.line + 1 if event.start_mark else None
                    return YamlProblem(f"nested deeper than {MAX_NESTING} levels", line)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # not valid YAML: the reading below says where
    finally:
        events.dispose()
    return None


def load_text(text: str, loader_class: type[Any] | None = None) -> tuple[Any, dict[int, int]]:
    """Parse YAML text; return the data and a map from id(mapping) to its 1-based line.
    ``loader_class``: PyYAML's pure-Python parser or libyaml's (default: libyaml where installed).
    Text that is not valid YAML is read again by PyYAML's own parser, whose messages name what it
    found ("found character '\\t' that cannot start any token"; libyaml leaves the tab out)."""
    cls = loader_class or LOADER
    too_deep = _nesting_problem(text, cls)
    if too_deep is not None:
        raise too_deep
    loader = cls(text)
    try:
        data = loader.get_single_data()
        return data, loader.lines
    except YamlProblem:
        raise
    except (RecursionError, ValueError) as exc:  # e.g. an integer of more digits than Python converts
        raise YamlProblem(f"cannot be read: {str(exc)[:200]}") from None
    except yaml.YAMLError as exc:
        if cls is not _Loader:
            return load_text(text, _Loader)
        line = exc.problem_mark.line + 1 if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark else None
        problem = exc.problem if isinstance(exc, yaml.MarkedYAMLError) else None
        raise YamlProblem(f"not valid YAML: {problem or exc}", line) from exc
    finally:
        loader.dispose()


def load_file(path: Path) -> tuple[Any, dict[int, int]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(f"not UTF-8 text: {exc}") from exc
    return load_text(text)
