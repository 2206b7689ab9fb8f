"""A reader's correction note: a unified diff against data/ that changes one record, plus a summary.

"Suggest a correction" in a detail view gives the reader a note to send to the maintainers; it is
made offline, from the data version on screen, and stored nowhere. The diff:

- sets one field of one record to the proposed value (``field`` is a path such as ``in_force``,
  ``summary.en`` or ``memberships[0].valid_from``);
- marks what it changed as unverified: the ``confidence`` of the innermost mapping holding the field
  (or of the record) becomes ``low``, and the new source is cited there (``source`` replaced, or
  appended to ``sources``);
- adds the source record to ``data/sources/corrections.yaml`` (created if missing), accessed on the
  day the note is made, kind ``other``, described in English and Russian as a reader's proposal.

A maintainer applies it with ``git apply`` in a checkout of that data version, checks the source,
and raises the confidence once verified (``python -m policy check`` then ``resolve``). Editing is
textual so the diff touches only the lines that change: the files keep their comments and layout.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from .knowledge_base import DEFAULT_DATA_DIR, RECORD_KINDS
from .releases import VERSION_PATTERN, releases_dir

CORRECTIONS_FILE = "sources/corrections.yaml"
_HEADER = "# Sources proposed by readers' correction notes; confidence stays low until a maintainer checks them.\n"
# values written unquoted when the original was: dates, numbers, lower-case codes (not YAML 1.1 booleans)
_PLAIN = re.compile(r"^(\d{4}-\d{2}-\d{2}|-?\d+(\.\d+)?|[a-z][a-z0-9_-]*)$")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_SEGMENT = re.compile(r"^(?P<name>[a-z_]+)(\[(?P<index>\d+)\])?$")


class CorrectionError(ValueError):
    """The note cannot be made (unknown record or field, bad URL): a one-line reason for the reader."""


@dataclass(frozen=True)
class Correction:
    diff: str  # unified diff, paths a/data/... b/data/..., for `git apply`
    summary: str  # plain text, for the e-mail or message the reader sends
    source_id: str
    file: str  # data/... file of the changed record


def _read(data_dir: Path, version: str | None, current: str, rel: str) -> str | None:
    """A data file's text in the version on screen (the folder itself, or a frozen release)."""
    if version is None or version == current:
        path = data_dir / rel
        return path.read_text(encoding="utf-8") if path.is_file() else None
    if not VERSION_PATTERN.match(version):
        raise CorrectionError(f"unknown data version {version!r}")
    archive_path = releases_dir(data_dir) / f"{version}.tar.gz"
    if not archive_path.is_file():
        raise CorrectionError(f"data version {version!r} is not among the releases")
    with tarfile.open(archive_path, "r:gz") as archive:
        try:
            member = archive.extractfile(rel)
        except KeyError:
            return None
        return member.read().decode("utf-8") if member else None


def _files(data_dir: Path, version: str | None, current: str) -> list[str]:
    if version is None or version == current:
        return sorted(str(p.relative_to(data_dir)) for kind in RECORD_KINDS for p in (data_dir / kind).glob("*.yaml"))
    with tarfile.open(releases_dir(data_dir) / f"{version}.tar.gz", "r:gz") as archive:
        return sorted(n for n in archive.getnames() if n.split("/")[0] in RECORD_KINDS and n.endswith(".yaml"))


def _record_span(lines: list[str], record_id: str) -> tuple[int, int] | None:
    pattern = re.compile(r'^- (id|code): ["\']?' + re.escape(record_id) + r'["\']?\s*$')
    for start, line in enumerate(lines):
        if pattern.match(line):
            end = start + 1
            while end < len(lines) and not lines[end].startswith("- ") and not (
                lines[end].strip() and not lines[end].startswith(" ") and not lines[end].startswith("#")
            ):
                end += 1
            return start, end
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _find_key(lines: list[str], lo: int, hi: int, indent: int, name: str) -> int | None:
    """The line of ``name:`` in the mapping at ``indent`` within [lo, hi) (a list item's first key,
    written after its dash, counts at the item's indent)."""
    key = re.compile(re.escape(name) + r":(\s|$)")
    for i in range(lo, hi):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        ind = _indent(line)
        content = line[ind:]
        if content.startswith("- "):
            ind, content = ind + 2, content[2:]
        if ind < indent:
            break
        if ind == indent and key.match(content):
            return i
    return None


def _block_end(lines: list[str], start: int, indent: int, hi: int) -> int:
    end = start + 1
    while end < hi and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
    return end


def _locate(lines: list[str], span: tuple[int, int], field: str) -> tuple[int, int, tuple[int, int, int]]:
    """(line of the field, its key indent, innermost mapping (lo, hi, indent) holding it)."""
    lo, hi = span[0] + 1, span[1]
    indent = 2
    mapping = (lo, hi, indent)
    segments = field.split(".")
    for n, segment in enumerate(segments):
        match = _SEGMENT.match(segment)
        if not match:
            raise CorrectionError(f"cannot read the field path {field!r}")
        at = _find_key(lines, lo, hi, indent, match["name"])
        if at is None:
            raise CorrectionError(f"the record has no field {'.'.join(segments[: n + 1])!r}")
        last = n == len(segments) - 1
        if last and match["index"] is None:
            return at, indent, mapping
        block_end = _block_end(lines, at, indent, hi)
        if match["index"] is not None:
            items = [i for i in range(at + 1, block_end) if lines[i].lstrip().startswith("- ") and _indent(lines[i]) == indent + 2]  # noqa: E501
            index = int(match["index"])
            if index >= len(items) or last:
                raise CorrectionError(f"cannot change {field!r}: no such list item, or a whole item")
            item_start = items[index]
            item_end = items[index + 1] if index + 1 < len(items) else block_end
            lo, hi, indent = item_start, item_end, indent + 4
            mapping = (lo, hi, indent)
        else:
            lo, hi, indent = at + 1, block_end, indent + 2
            # a nested fact (court_classification: its own source and confidence) is the mapping to mark
            if any(_find_key(lines, lo, hi, indent, key) is not None for key in ("confidence", "source")):
                mapping = (lo, hi, indent)
    raise CorrectionError(f"cannot read the field path {field!r}")  # pragma: no cover


def _scalar(value: str, original: str) -> str:
    text = value.strip()
    if not text:
        raise CorrectionError("the proposed value is empty")
    if _PLAIN.match(text) and text not in _YAML11_WORDS and not original.lstrip().startswith(("'", '"')):
        return text
    return json.dumps(text, ensure_ascii=False)


def _set_value(lines: list[str], at: int, value: str) -> None:
    line = lines[at]
    key, _, original = line.partition(":")
    if original.strip() in ("", "|", ">") or original.strip().startswith(("{", "[")):
        raise CorrectionError("the field holds a structure, not one value: name one of its fields")
    lines[at] = f"{key}: {_scalar(value, original)}"


def _cite(lines: list[str], mapping: tuple[int, int, int], span: tuple[int, int], source_id: str) -> bool:
    """Confidence low and the new source cited, in the innermost mapping that has them (else the record).
    A rule may be low only with an open question: one without keeps its confidence (returns False)."""
    for lo, hi, indent in (mapping, (span[0] + 1, span[1], 2)):
        conf = _find_key(lines, lo, hi, indent, "confidence")
        is_rule_without_question = indent == 2 and _find_key(lines, lo, hi, indent, "basis") is not None and \
            _find_key(lines, lo, hi, indent, "open_question") is None
        if is_rule_without_question:
            conf = None
        src = _find_key(lines, lo, hi, indent, "source")
        srcs = _find_key(lines, lo, hi, indent, "sources")
        if conf is None and src is None and srcs is None:
            continue
        if conf is not None:
            key = lines[conf].split(":", 1)[0]
            quoted = '"' in lines[conf]
            lines[conf] = f'{key}: "low"' if quoted else f"{key}: low"
        if src is not None:
            key = lines[src].split(":", 1)[0]
            lines[src] = f'{key}: "{source_id}"'
        elif srcs is not None:
            key, _, rest = lines[srcs].partition(":")
            rest = rest.strip()
            if rest.startswith("["):
                items = rest.rstrip("]").rstrip()
                quote = '"' if '"' in rest else ""
                lines[srcs] = f"{key}: {items}, {quote}{source_id}{quote}]"
            else:
                end = _block_end(lines, srcs, _indent(lines[srcs]), len(lines))
                item_indent = " " * (_indent(lines[srcs + 1]) if srcs + 1 < end else _indent(lines[srcs]) + 2)
                lines.insert(end, f"{item_indent}- {source_id}")
        return conf is not None
    return False


def _slug(url: str) -> str:
    host = urlparse(url).hostname or "source"
    return re.sub(r"[^a-z0-9]+", "-", host.lower().removeprefix("www.")).strip("-")[:40] or "source"


def _source_record(source_id: str, title: str, url: str, today: dt.date, record_id: str, field: str) -> str:
    language = "ru" if re.search("[А-Яа-яЁё]", title) else "en"
    publisher = urlparse(url).hostname or url
    return (
        f"\n- id: {json.dumps(source_id)}\n"
        f"  title: {json.dumps(title.strip(), ensure_ascii=False)}\n"
        f"  publisher: {json.dumps(publisher, ensure_ascii=False)}\n"
        f"  url: {json.dumps(url.strip(), ensure_ascii=False)}\n"
        f"  accessed: {today.isoformat()}\n"
        f"  language: \"{language}\"\n"
        f"  kind: \"other\"\n"
        f"  confidence: \"low\"\n"
        f"  note: {json.dumps(f'Proposed by a reader as the source of a correction to {record_id} ({field}); not yet checked by a maintainer, so the fact it supports has low confidence.')}\n"  # noqa: E501
        f"  note_ru: {json.dumps(f'Предложен читателем как источник исправления записи {record_id} ({field}); сопровождающие ещё не проверили его, поэтому достоверность подтверждаемого факта низкая.', ensure_ascii=False)}\n"  # noqa: E501
    )


def _unified(rel: str, before: str | None, after: str) -> str:
    old = [] if before is None else before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    fromfile = "/dev/null" if before is None else f"a/data/{rel}"
    diff = "".join(difflib.unified_diff(old, new, fromfile, f"b/data/{rel}"))
    if before is None:  # git apply wants to be told a file is new
        diff = f"diff --git a/data/{rel} b/data/{rel}\nnew file mode 100644\n" + diff
    else:
        diff = f"diff --git a/data/{rel} b/data/{rel}\n" + diff
    return diff


def correction_note(
    record_id: str,
    field: str,
    proposed: str,
    source_title: str,
    source_url: str,
    *,
    what_is_wrong: str = "",
    data_version: str | None = None,
    today: dt.date | None = None,
    data_dir: Path | None = None,
    current_version: str | None = None,
) -> Correction:
    """The correction note for one field of one record in the data version on screen."""
    data_dir = Path(data_dir or DEFAULT_DATA_DIR)
    today = today or dt.date.today()
    if not re.match(r"^https?://\S+$", source_url.strip()):
        raise CorrectionError("the source needs a web address starting with http:// or https://")
    if not source_title.strip():
        raise CorrectionError("the source needs a title")
    if current_version is None:
        meta = (data_dir / "meta.yaml").read_text(encoding="utf-8")
        found = re.search(r'^data_version:\s*"?([^"\n]+)"?', meta, re.M)
        current_version = found.group(1).strip() if found else ""
    version = data_version or current_version
    source_id = f"correction-{today.strftime('%Y%m%d')}-{_slug(source_url)}"

    for rel in _files(data_dir, version, current_version):
        text = _read(data_dir, version, current_version, rel)
        if text is None:
            continue
        lines = text.split("\n")
        span = _record_span(lines, record_id)
        if span is None:
            continue
        at, _, mapping = _locate(lines, span, field)
        old_line = lines[at].strip()
        _set_value(lines, at, proposed)
        new_line = lines[at].strip()
        lowered = _cite(lines, mapping, span, source_id)
        changed = "\n".join(lines)
        sources_before = _read(data_dir, version, current_version, CORRECTIONS_FILE)
        sources_after = (sources_before if sources_before is not None else _HEADER) + \
            _source_record(source_id, source_title, source_url, today, record_id, field)
        diff = _unified(rel, text, changed) + _unified(CORRECTIONS_FILE, sources_before, sources_after)
        summary = "\n".join([
            "Correction note for Coverage Explorer",
            f"Data version: {version}",
            f"Record: {record_id} (data/{rel})",
            f"Field: {field}",
            f"Now: {old_line}",
            f"Proposed: {new_line}",
            f"What is wrong: {what_is_wrong.strip() or '(not stated)'}",
            f"Source: {source_title.strip()} <{source_url.strip()}> (accessed {today.isoformat()})",
            ("The diff marks the changed fact as low confidence, cites the source there and adds it to "
             if lowered else
             "The diff cites the source on the changed record (a rule keeps its confidence until a maintainer "
             "links an open question) and adds it, marked low confidence, to ")
            + f"data/{CORRECTIONS_FILE}. Apply with `git apply`, then run `python -m policy check`.",
        ])
        return Correction(diff=diff, summary=summary, source_id=source_id, file=f"data/{rel}")
    raise CorrectionError(f"no record {record_id!r} in data version {version}")


def changeable_fields(
    record_id: str,
    fields: list[str],
    *,
    data_version: str | None = None,
    data_dir: Path | None = None,
    current_version: str | None = None,
) -> list[str]:
    """Those of ``fields`` a note can change in the data version on screen: the record has the field,
    as one value written in block style (a flow mapping such as ``{state: AM, note: ...}`` cannot be
    edited line by line). What a detail view offers the reader, so that no choice fails later."""
    data_dir = Path(data_dir or DEFAULT_DATA_DIR)
    if current_version is None:
        meta = (data_dir / "meta.yaml").read_text(encoding="utf-8")
        found = re.search(r'^data_version:\s*"?([^"\n]+)"?', meta, re.M)
        current_version = found.group(1).strip() if found else ""
    version = data_version or current_version
    for rel in _files(data_dir, version, current_version):
        text = _read(data_dir, version, current_version, rel)
        lines = text.split("\n") if text is not None else []
        span = _record_span(lines, record_id)
        if span is None:
            continue
        out = []
        for field in fields:
            try:
                at, _, _ = _locate(lines, span, field)
                _set_value(list(lines), at, "x")
            except CorrectionError:
                continue
            out.append(field)
        return out
    return []
