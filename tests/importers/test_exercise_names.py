"""Export names → library ids: the name table, a conservative fuzzy match, and None for the rest."""

from __future__ import annotations

import pytest

from runlift.core.errors import ImportFileError
from runlift.core.library import Library
from runlift.importers import hevy_csv, strong_csv
from runlift.importers.exercise_names import CUTOFF, NameMatch, custom_id, map_names, name_table, parse_table
from tests.conftest import SHARED

REAL = SHARED / "realdata"

# Every exercise name in the real Strong and Hevy exports, and where it goes.
REAL_MAPPED = {
    "Bench Press (Barbell)": "bench-press",
    "Bench Press (Dumbbell)": "db-bench-press",
    "Bench Press - Close Grip (Barbell)": "bench-press",
    "Bent Over One Arm Row (Dumbbell)": "supported-db-single-arm-row",
    "Bent Over Row (Barbell)": "barbell-row",
    "Bicep Curl (Dumbbell)": "db-biceps-curl",
    "Chest Press (Machine)": "chest-press-machine",
    "Deadlift (Barbell)": "conventional-deadlift",
    "Dumbbell Row": "supported-db-single-arm-row",
    "Face Pull": "cable-face-pull",
    "Face Pull (Cable)": "cable-face-pull",
    "Goblet Squat": "goblet-squat",
    "Hammer Curl (Dumbbell)": "db-biceps-curl",
    "Hanging Knee Raise": "hanging-knee-raise",
    "Inverted Row (Bodyweight)": "inverted-row",
    "Iso-Lateral Chest Press (Machine)": "chest-press-machine",
    "Iso-Lateral Low Row": "cable-row",
    "Lat Pulldown (Cable)": "lat-pulldown",
    "Lat Pulldown (Machine)": "lat-pulldown",
    "Lat Pulldown - Close Grip (Cable)": "lat-pulldown",
    "Lateral Raise (Dumbbell)": "db-lateral-raise",
    "Leg Extension (Machine)": "leg-extension",
    "Leg Press": "leg-press",
    "Leg Press Horizontal (Machine)": "leg-press",
    "Lying Leg Curl (Machine)": "leg-curl",
    "Overhead Press (Barbell)": "overhead-press",
    "Pendlay Row (Barbell)": "barbell-row",
    "Plank": "plank",
    "Pull Up": "pull-up",
    "Pull Up (Band)": "band-assisted-pull-up",
    "Seated Cable Row - V Grip (Cable)": "cable-row",
    "Seated Calf Raise (Plate Loaded)": "seated-calf-raise",
    "Seated Leg Curl (Machine)": "leg-curl",
    "Seated Leg Press (Machine)": "leg-press",
    "Seated Row (Cable)": "cable-row",
    "Seated Row (Machine)": "cable-row",
    "Squat (Barbell)": "back-squat",
    "Wide Pull Up": "pull-up",
}
# No library exercise is the same movement: these become custom exercises.
REAL_UNMAPPED = (
    "Arnold Press (Dumbbell)",
    "Back Deltoids",
    "Back Extension",
    "Bench Press (Smith Machine)",
    "Bent Over Row Machine (Panatta)",
    "Bicep Curl (Barbell)",
    "Bicep Curl (Cable)",
    "Bicep Curl (Machine)",
    "Butterfly (Pec Deck)",
    "Cable Crossover",
    "Cable Row Wide Grip",
    "Calf Press on Seated Leg Press",
    "Chest Dip",
    "Chest Dip (Assisted)",
    "Chest Fly",
    "Chest Fly (Band)",
    "Concentration Curl (Dumbbell)",
    "Crunch",
    "Crunch (Machine)",
    "Crunch (Weighted)",
    "Decline Bench Press (Barbell)",
    "Decline Chest Press",
    "Dip Machine",
    "Flat Leg Raise",
    "Front Pulldown",
    "Front Raise (Dumbbell)",
    "Hanging Leg Raise",
    "High Row",
    "Hyperextensions",
    "Incline Bench Press (Barbell)",
    "Incline Bench Press (Dumbbell)",
    "Incline Bench Press (Smith Machine)",
    "Incline Chest Press (Machine)",
    "Iso-Lateral Row (Machine)",
    "JM Press (Barbell)",
    "Lat pulldown (V-grip)",
    "Lateral Raise (Cable)",
    "Lateral Raise (Machine)",
    "Leg Press Keller",
    "Leg Press Technogym (Gelb)",
    "Low Row",
    "Lower Back",
    "Lower Chest Fly",
    "Lunge (Barbell)",
    "Overhead Press (Dumbbell)",
    "Overhead Smith Seated",
    "Overhead Triceps Extension (Cable)",
    "Preacher Curl (Barbell)",
    "Pull Up (Assisted)",
    "Reverse Curl (Barbell)",
    "Rope Straight Arm Pulldown",
    "Russian Twist",
    "Seated Dip",
    "Seated Overhead Press (Barbell)",
    "Seated Overhead Press (Dumbbell)",
    "Seated Palms Up Wrist Curl",
    "Seated Shoulder Press (Machine)",
    "Seated Wrist Extension (Barbell)",
    "Shoulder Press (Dumbbell)",
    "Shoulder Press (Plate Loaded)",
    "Single Arm Lateral Raise (Cable)",
    "Skullcrusher (Barbell)",
    "Spider Curl (Barbell)",
    "T Bar Row",
    "Triceps Extension",
    "Triceps Extension (Barbell)",
    "Triceps Pushdown",
    "Triceps Pushdown (Cable - Straight Bar)",
)


def real_names() -> set[str]:
    strong, hevy = sorted((REAL / "strong").glob("*.csv")), sorted((REAL / "hevy").glob("*.csv"))
    if not strong or not hevy:
        pytest.skip(f"real Strong/Hevy exports are absent from {REAL} (see its MANIFEST.md)")
    names = {s.exercise for p in strong for s in strong_csv.read(p.read_bytes(), p.name)}
    return names | {s.exercise for p in hevy for s in hevy_csv.read(p.read_bytes(), p.name)}


def test_every_real_name_is_mapped_or_explicitly_none(library: Library) -> None:
    names = real_names()
    assert names == set(REAL_MAPPED) | set(REAL_UNMAPPED)
    matches = map_names(sorted(names), library)
    assert {n: m.exercise_id for n, m in matches.items() if m.exercise_id} == REAL_MAPPED
    for name in REAL_UNMAPPED:
        assert matches[name] == NameMatch(name, None, "none", matches[name].score)
        assert matches[name].score < 100


@pytest.mark.parametrize(
    ("name", "exercise_id"),
    [
        ("Bench Press (Barbell)", "bench-press"),
        ("Squat (Barbell)", "back-squat"),
        ("Deadlift (Barbell)", "conventional-deadlift"),
        ("Romanian Deadlift (Dumbbell)", "db-romanian-deadlift"),
        ("Bulgarian Split Squat", "bulgarian-split-squat"),
        ("Goblet Squat (Kettlebell)", "kb-goblet-squat"),
        ("Pull Up", "pull-up"),
        ("Lat Pulldown (Cable)", "lat-pulldown"),
        ("Seated Calf Raise (Machine)", "seated-calf-raise"),
        ("Plank", "plank"),
        ("bench press  (BARBELL)", "bench-press"),  # case and spacing don't matter
        ("Pullups", "pull-up"),
        ("Farmer's Walk", "farmer-carry"),
    ],
)
def test_table_names(library: Library, name: str, exercise_id: str) -> None:
    assert map_names([name], library)[name] == NameMatch(name, exercise_id, "table", 100.0)


def test_table_ids_exist_in_the_library(library: Library) -> None:
    table = name_table()
    assert len(table) >= 60
    assert {i for i in table.values() if i not in library} == set()


@pytest.mark.parametrize(
    ("name", "exercise_id"),
    [
        ("Bench Pres (Barbel)", "bench-press"),
        ("Bulgarain Split Squat", "bulgarian-split-squat"),
        ("Romanian Dedlift (Dumbbell)", "db-romanian-deadlift"),
        ("Barbel Back Sqaut", "back-squat"),
        ("Kettlebell Goblet Squat", "kb-goblet-squat"),
        ("Seated calf raises", "seated-calf-raise"),
        ("DB Romanian Dedlift", "db-romanian-deadlift"),
    ],
)
def test_misspellings_and_reorderings_match_fuzzily(library: Library, name: str, exercise_id: str) -> None:
    match = map_names([name], library)[name]
    assert (match.exercise_id, match.how) == (exercise_id, "fuzzy")
    assert CUTOFF <= match.score <= 100


@pytest.mark.parametrize(
    "name",
    [
        "Zumba",
        "Running",
        "Elliptical Machine",
        "Incline Bench Press (Dumbbell)",  # an added qualifier is another exercise
        "Lateral Raise (Cable)",  # the library's lateral raise takes dumbbells
        "Goblet Squat (Barbell)",
        "Split Squat (Smith Machine)",
        "Hanging Leg Raise",
        "",
        "💪",
    ],
)
def test_no_good_match_is_none(library: Library, name: str) -> None:
    match = map_names([name], library)[name]
    assert (match.source, match.exercise_id, match.how) == (name, None, "none")


def test_every_name_comes_back_once(library: Library) -> None:
    names = ["Zumba", "Plank", "Zumba", "Bench Pres (Barbel)", "Plank"]
    assert list(map_names(names, library)) == ["Zumba", "Plank", "Bench Pres (Barbel)"]


def test_table_entries_outside_a_smaller_library_do_not_match(library: Library) -> None:
    small = Library.of(e for e in library if e.id != "bench-press")
    match = map_names(["Bench Press (Barbell)"], small)["Bench Press (Barbell)"]
    assert match.exercise_id != "bench-press"
    assert match.how != "table"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Incline Bench Press (Dumbbell)", "custom:incline-bench-press-dumbbell"),
        ("incline bench press - DB", "custom:incline-bench-press-dumbbell"),
        ("Leg Press Technogym (Gelb)", "custom:leg-press-technogym-gelb"),
        ("Rückenstrecker", "custom:ruckenstrecker"),
        ("Жим лёжа", "custom:жим-лежа"),
        ("Farmer's Walk", "custom:farmers-walk"),
    ],
)
def test_custom_id(name: str, slug: str) -> None:
    assert custom_id(name) == slug


def test_custom_id_of_a_name_without_letters_is_stable_and_distinct() -> None:
    assert custom_id("💪") == custom_id("💪")
    assert custom_id("💪").startswith("custom:x-")
    assert custom_id("💪") != custom_id("🔥")


def test_table_validation() -> None:
    assert parse_table({"Plank": "plank", "PLANK": "plank"}) == {"plank": "plank"}
    with pytest.raises(ImportFileError, match="expected one id per name"):
        parse_table({"Plank": "plank", "plank": "side-plank"})
    with pytest.raises(ImportFileError, match="expected an exercise id"):
        parse_table({"Plank": 3})
    with pytest.raises(ImportFileError, match="expected a table"):
        parse_table(["Plank"])
