"""Data releases a link can be pinned to: frozen reproducibly, loaded back, hostile archives refused."""

from __future__ import annotations

import io
import shutil
import tarfile
from pathlib import Path

import pytest

from policy import DataError, load_knowledge_base
from policy.knowledge_base import DEFAULT_DATA_DIR
from policy.releases import freeze, load_release, newer, release_versions


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target, ignore=shutil.ignore_patterns("releases"))
    return target


def test_the_current_version_is_frozen_in_the_repository(kb) -> None:
    assert kb.meta.data_version in release_versions(), "run `python -m policy freeze` after raising data_version"


def test_freezing_is_reproducible_and_loads_back(data_copy: Path) -> None:
    first = freeze(data_copy).read_bytes()
    assert freeze(data_copy).read_bytes() == first
    version = load_knowledge_base(data_copy).meta.data_version
    assert release_versions(data_copy) == [version]
    loaded = load_release(version, data_copy)
    assert loaded.meta.data_version == version and set(loaded.rules_by_id) == set(
        load_knowledge_base(data_copy).rules_by_id
    )


def test_the_frozen_release_matches_the_data(kb) -> None:
    """The checked-in archive of the current version is the data as it is (else re-freeze)."""
    released = load_release(kb.meta.data_version)
    assert released.meta == kb.meta and set(released.rules_by_id) == set(kb.rules_by_id)
    assert set(released.sources) == set(kb.sources) and set(released.figures) == set(kb.figures)


def test_an_unknown_version_is_refused(data_copy: Path) -> None:
    with pytest.raises(DataError):
        load_release("1999.1.1", data_copy)


def test_an_archive_reaching_outside_its_folder_is_refused(data_copy: Path) -> None:
    (data_copy / "releases").mkdir()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("../../escaped.yaml")
        info.size = 3
        archive.addfile(info, io.BytesIO(b"x: 1"))
    (data_copy / "releases" / "2000.1.1.tar.gz").write_bytes(buffer.getvalue())
    with pytest.raises(tarfile.OutsideDestinationError):
        load_release("2000.1.1", data_copy)
    assert not (data_copy.parent.parent / "escaped.yaml").exists()


def test_versions_order_numerically() -> None:
    assert newer("2026.11.10", "2026.11.9") and not newer("2026.11.3", "2026.11.3")


def test_every_release_still_loads_with_the_current_code() -> None:
    """A pinned link keeps opening: each frozen version validates with today's models and rules."""
    versions = release_versions()
    assert len(versions) >= 2
    for version in versions:
        assert load_release(version).meta.data_version == version


def test_every_release_answers_a_national_in_their_own_state() -> None:
    """host = origin has its own explanation text from data version 2026.12.2 on; a link pinned to an
    older release (dv=) still gets an answer, not a KeyError, with no level."""
    import datetime as dt

    from policy.engine import Case, resolve

    for version in release_versions():
        kb = load_release(version)
        answer = resolve(kb, Case("RU", "RU", "spouse", "contract", "stay", "primary", dt.date(2026, 1, 10)))
        assert answer.level is None and answer.not_applicable_reason == "host_is_origin", version
        assert all(answer.explanation[lang] for lang in ("en", "ru")), version


def test_every_release_writes_the_dates_in_its_explanation_as_its_reader_does() -> None:
    """The engine's 'law as last known' note put ISO dates into English prose ('up to 2026-03-20'), which
    split at a hyphen on a phone; the reader's format in both languages, with every release's text."""
    import datetime as dt
    import re

    from policy.engine import Case, resolve

    iso = re.compile(r"\d{4}-\d{2}-\d{2}")
    for version in release_versions():
        kb = load_release(version)
        answer = resolve(kb, Case("RU", "KG", "spouse", "contract", "stay", "primary", kb.sources_up_to
                                  + dt.timedelta(days=1)))
        english, russian = answer.explanation["en"], answer.explanation["ru"]
        assert not iso.search(english) and not iso.search(russian), (version, english, russian)
        up_to = kb.sources_up_to  # an older release's note names only this date, not the last check
        assert f"{up_to.day} {up_to.strftime('%b')} {up_to.year}" in english, (version, english)
        assert up_to.strftime("%d.%m.%Y") in russian, (version, russian)
        assert answer.as_json()["sources_up_to"] == up_to.isoformat()  # the machine field stays ISO
