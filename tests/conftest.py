"""Shared fixtures: the real library and rule book, and runner files built from TOML text."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from runlift.core.library import Library
from runlift.core.profile import Profile, parse_profile
from runlift.core.rules import RuleBook
from runlift.data import library as load_library
from runlift.data import rulebook as load_rulebook
from tests import budget  # noqa: F401  (loads the Hypothesis profile: dev, or ci under CI=true)

SHARED = Path(__file__).resolve().parents[2] / "shared"
if not SHARED.exists():
    SHARED = Path(__file__).resolve().parents[3] / "shared"

MAYA = """
[athlete]
name = "Maya"
units = "lb"
bodyweight = 135
lifting_experience = "beginner"
equipment = ["dumbbells", "band"]
pain = ["knee"]
sessions_per_week = 2
session_minutes = 40

[running]
weekly_distance = 35
week = { mon = "easy", tue = "rest", wed = "tempo:am", thu = "easy", fri = "rest", sat = "long", sun = "rest" }

[[race]]
date = 2027-04-18
distance = "half-marathon"
priority = "A"
"""
START = dt.date(2026, 11, 30)  # a Monday


def profile_from(text: str) -> Profile:
    return parse_profile(tomllib.loads(text))


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


@pytest.fixture(scope="session")
def rulebook() -> RuleBook:
    return load_rulebook()


@pytest.fixture
def maya() -> Profile:
    return profile_from(MAYA)


from tests.dbs import (  # noqa: E402,F401  (fixtures shared by store and CLI tests)
    databases,
    db_url,
    empty_db_url,
    empty_store,
    pg_pool,
    pg_ready,
    pg_template,
    prepared,
    sqlite_template,
    store,
)
