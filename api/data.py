"""The knowledge base an API request reads: the newest data, or a frozen release pinned with ``dv=``.

Loaded once per process and shared read-only by every request, like the pages' copy
(components/knowledge.py, which keeps its own through `st.cache_resource`; this package cannot
import Streamlit). The data folder is the repository's data/, or `$COVERAGE_DATA_DIR` when set.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

from api.query import ApiError
from policy.knowledge_base import KnowledgeBase, load_knowledge_base
from policy.releases import VERSION_PATTERN, load_release, release_versions

DATA_DIR_ENV = "COVERAGE_DATA_DIR"
MAX_RELEASES = 8  # pinned versions kept in memory at once (oldest used first out)

_LOCK = threading.Lock()
_CURRENT: dict[str | None, KnowledgeBase] = {}
_RELEASES: OrderedDict[tuple[str | None, str], KnowledgeBase] = OrderedDict()


def data_dir() -> Path | None:
    value = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(value) if value else None


def current_knowledge_base() -> KnowledgeBase:
    """The newest data (raises policy's DataError when it does not validate; that is not kept)."""
    folder = data_dir()
    key = str(folder) if folder else None
    with _LOCK:  # one load, however many requests arrive while it runs
        found = _CURRENT.get(key)
        if found is None:
            found = _CURRENT[key] = load_knowledge_base(folder)
        return found


def versions() -> list[str]:
    """Every data version ``dv=`` accepts: the frozen releases and the newest, oldest first."""
    current = current_knowledge_base().meta.data_version
    held = release_versions(data_dir())
    return held + ([current] if current not in held else [])


def knowledge_base(dv: str | None) -> KnowledgeBase:
    """The knowledge base of data version ``dv`` (None: the newest); an unknown version is a 400."""
    current = current_knowledge_base()
    if dv is None or dv == current.meta.data_version:
        return current
    folder = data_dir()
    if not VERSION_PATTERN.match(dv) or dv not in release_versions(folder):
        raise ApiError("dv", f"data version {dv!r} is not held here", accepts=versions(), value=dv)
    key = (str(folder) if folder else None, dv)
    with _LOCK:
        found = _RELEASES.get(key)
        if found is None:
            found = load_release(dv, folder)
            _RELEASES[key] = found
            while len(_RELEASES) > MAX_RELEASES:
                _RELEASES.popitem(last=False)
        _RELEASES.move_to_end(key)
        return found
