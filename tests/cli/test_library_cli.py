"""`runlift library`: ids never cut, a name column, filters that refuse unknown words, `show ID`."""

from __future__ import annotations

import json

from runlift.data import library
from tests.cli.test_cli import run


def test_ids_are_never_cut_at_80_columns():
    out = run("library", env={"COLUMNS": "80"})
    assert out.returncode == 0, out.stderr
    longest = max((e for e in library()), key=lambda e: len(e.id))
    assert any(line.startswith(longest.id + " ") for line in out.stdout.splitlines()), longest.id
    assert out.stdout.splitlines()[0].split()[:4] == ["id", "┃", "name", "┃"]
    for e in library():
        assert f"\n{e.id} " in out.stdout, e.id


def test_equipment_and_search_filter_and_combine():
    bodyweight = json.loads(run("library", "--equipment", "none", "--json").stdout)
    assert bodyweight and all(e["equipment"] == [] or e["equipment"] == ["bodyweight"] for e in bodyweight)
    with_bells = json.loads(run("library", "--equipment", "dumbbells,bench", "--json").stdout)
    assert {"db-bench-press", "goblet-squat"} <= {e["id"] for e in with_bells}
    assert not any("barbell" in e["equipment"] for e in with_bells)
    found = json.loads(run("library", "--search", "single leg", "--pattern", "hinge", "--json").stdout)
    assert found and all("single" in e["id"] + e["name"].lower() or e["cues"] for e in found)
    assert {e["pattern"] for e in found} == {"hinge"}


def test_an_unknown_pattern_or_equipment_is_an_error_with_a_suggestion():
    out = run("library", "--pattern", "hinges")
    assert out.returncode == 1 and "--pattern: expected one of squat" in out.stderr
    assert "did you mean hinge?" in out.stderr
    out = run("library", "--equipment", "dumbells")
    assert out.returncode == 1 and "did you mean dumbbells?" in out.stderr


def test_show_gives_the_chain_cues_and_the_areas_it_stresses():
    out = run("library", "show", "bss", env={"COLUMNS": "80"})
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.startswith("Bulgarian split squat (bodyweight) (bulgarian-split-squat)")
    assert "Stresses: hip, knee" in text and "Cues:" in text
    chain = text[text.index("Chain, easiest first:") : text.index("Cues:")]
    assert (
        chain.index("(split-squat-hold)")
        < chain.index("▸ Bulgarian split squat")
        < chain.index("(db-bulgarian-split-squat)")
    )
    doc = json.loads(run("library", "show", "bulgarian-split-squat", "--json").stdout)
    assert doc["chain"][0] == "split-squat-hold" and doc["stresses"] == ["hip", "knee"]
    missing = run("library", "show", "zzzz")
    assert missing.returncode == 1 and missing.stderr.startswith("Error: ")
