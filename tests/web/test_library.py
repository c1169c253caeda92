"""The exercise library through the API: filters, the running-specific first, one exercise's chain and cues."""

from __future__ import annotations

from fastapi.testclient import TestClient

from runlift.data import library

PROBLEM = "application/problem+json"


def test_the_library_by_pattern_equipment_and_words(api_client: TestClient):
    everything = api_client.get("/api/v1/library/exercises")
    assert everything.status_code == 200, everything.text
    assert len(everything.json()) == len(list(library()))
    hinges = api_client.get("/api/v1/library/exercises", params={"pattern": "hinge", "equipment": "dumbbells"}).json()
    assert hinges and all(e["pattern"] == "hinge" and set(e["equipment"]) <= {"dumbbells"} for e in hinges)
    scores = [e["specificity"] for e in hinges]
    assert scores == sorted(scores, reverse=True)  # the most running-specific first (SEL-3…SEL-5)
    bodyweight = api_client.get("/api/v1/library/exercises", params={"equipment": "none"}).json()
    assert bodyweight and all(e["equipment"] == [] for e in bodyweight)
    single = api_client.get("/api/v1/library/exercises", params={"search": "single leg"}).json()
    assert single and all("single" in " ".join([e["id"], e["name"], *e["cues"]]).lower() for e in single)


def test_one_exercise_with_its_chain_and_cues(api_client: TestClient):
    bss = api_client.get("/api/v1/library/exercises/bss").json()
    assert bss["id"] == "bulgarian-split-squat" and bss["cues"]
    chain = [s["id"] for s in bss["chain"]]
    assert chain[0] == "split-squat-hold" and "bulgarian-split-squat" in chain
    assert chain.index(bss["regression"]) == chain.index(bss["id"]) - 1


def test_unknown_filters_and_exercises_are_problems(api_client: TestClient):
    bad = api_client.get("/api/v1/library/exercises", params={"pattern": "hinj"})
    assert bad.status_code == 422 and bad.headers["content-type"] == PROBLEM
    assert bad.json()["detail"].endswith("got 'hinj'; did you mean hinge?")
    missing = api_client.get("/api/v1/library/exercises/zzzz-unknown")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
