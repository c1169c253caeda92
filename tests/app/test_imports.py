"""app.imports: the import service reads files with the importers (which know no store) and writes
them with the store; then the names it mapped, the activities it brought, a held run confirmed."""

from __future__ import annotations

from pathlib import Path

import pytest

from runlift.app.documents import activities_document
from runlift.app.imports import activity_list, confirm_run, import_files, name_mappings, remap_names
from runlift.core.errors import NotFound
from runlift.core.profile import Units
from runlift.store.repo import Store
from tests.app.conftest import NOW

STRONG = """\
Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE
2026-11-02 16:45:22,"Legs","Goblet Squat (Dumbbell)",1,20,8,0,0,"","",
2026-11-02 16:45:22,"Legs","Front Pulldown",1,30,10,0,0,"","",
"""


def test_an_import_then_its_names_remapped(sqlite_store: Store, maya_id: int, tmp_path: Path):
    path = tmp_path / "strong.csv"
    path.write_text(STRONG, encoding="utf-8")
    result = import_files(sqlite_store, maya_id, [path], Units.KG, NOW, jobs=1)
    assert (result.files, len(result.imported), result.skipped) == (1, 1, [])
    again = import_files(sqlite_store, maya_id, [path], Units.KG, NOW, jobs=1)
    assert len(again.duplicates) == 1 and not again.imported
    mapped = {m.source: m for m in name_mappings(sqlite_store, maya_id)}
    assert set(mapped) == {"Goblet Squat (Dumbbell)", "Front Pulldown"}
    (moved,) = remap_names(sqlite_store, maya_id, [("Front Pulldown", "lat-pulldown")])
    assert (moved.exercise, moved.sets) == ("lat-pulldown", 1)
    assert name_mappings(sqlite_store, maya_id)[0].how == "runner"
    with pytest.raises(NotFound) as unknown:
        remap_names(sqlite_store, maya_id, [("Nothing Like It", "lat-pulldown")])
    assert "runlift" not in str(unknown.value)  # the CLI adds its next step (tests/cli)


def test_no_activity_and_an_unknown_one_to_confirm(sqlite_store: Store, maya_id: int):
    assert activity_list(sqlite_store, maya_id) == [] == activities_document([])
    with pytest.raises(NotFound):
        confirm_run(sqlite_store, maya_id, 12345)
