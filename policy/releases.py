"""Data versions a link can be pinned to (``dv=`` in the link).

Each released data version is frozen as ``data/releases/<version>.tar.gz`` (the data folder as it was,
without its releases) by ``python -m policy freeze``, run when ``data_version`` is raised in
``data/meta.yaml``. A pinned link loads that version, so a journalist's citation keeps matching the
numbers after the data is updated; the page then says that newer data exists.
"""

from __future__ import annotations

import gzip
import re
import tarfile
import tempfile
from pathlib import Path

from policy.knowledge_base import DEFAULT_DATA_DIR, DataError, KnowledgeBase, load_knowledge_base

RELEASES = "releases"
VERSION_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,39}$")


def releases_dir(data_dir: Path | None = None) -> Path:
    return Path(data_dir or DEFAULT_DATA_DIR) / RELEASES


def release_versions(data_dir: Path | None = None) -> list[str]:
    """The frozen versions, oldest first (by the version text's numeric parts)."""
    folder = releases_dir(data_dir)
    names = [p.name[: -len(".tar.gz")] for p in folder.glob("*.tar.gz")] if folder.is_dir() else []
    return sorted((n for n in names if VERSION_PATTERN.match(n)), key=_order)


def _order(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else -1 for p in re.split(r"[.\-]", version))


def freeze(data_dir: Path | None = None) -> Path:
    """Write the data folder's current version into its releases (overwrites the same version)."""
    data_dir = Path(data_dir or DEFAULT_DATA_DIR)
    kb = load_knowledge_base(data_dir)  # only valid data is frozen
    version = kb.meta.data_version
    if not VERSION_PATTERN.match(version):
        raise DataError([f"meta.yaml, field 'data_version': {version!r} cannot name a release file"])
    target = releases_dir(data_dir) / f"{version}.tar.gz"
    target.parent.mkdir(exist_ok=True)
    # gzip and tar headers without times or owners: freezing the same data twice gives the same bytes
    with gzip.GzipFile(target, "wb", mtime=0) as packed, tarfile.open(fileobj=packed, mode="w") as archive:
        for path in sorted(data_dir.rglob("*")):
            rel = path.relative_to(data_dir)
            if rel.parts[0] == RELEASES or not path.is_file() or path.suffix not in (".yaml", ".yml"):
                continue
            info = archive.gettarinfo(str(path), arcname=str(rel))
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            with path.open("rb") as handle:
                archive.addfile(info, handle)
    return target


def load_release(version: str, data_dir: Path | None = None) -> KnowledgeBase:
    """The knowledge base of a frozen version (unpacked into a temporary folder, then loaded)."""
    if version not in release_versions(data_dir):
        raise DataError([f"data version {version!r} is not among the releases in {releases_dir(data_dir)}"])
    with tempfile.TemporaryDirectory(prefix="coverage-release-") as tmp:
        with tarfile.open(releases_dir(data_dir) / f"{version}.tar.gz", "r:gz") as archive:
            archive.extractall(tmp, filter="data")  # refuses absolute paths, links out, devices
        return load_knowledge_base(Path(tmp))


def newer(current: str, pinned: str) -> bool:
    return _order(current) > _order(pinned)
