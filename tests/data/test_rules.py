"""rules.toml carries every rule id of RULES.md, and the code cites only ids that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import runlift
from runlift.core.rules import RuleBook
from tests.conftest import SHARED

ID = re.compile(r"\b(SEL|DOSE|PER|SCH|PRO|MOD|WU|TRK)-\d+\b")


def test_every_rule_has_text_plain_words_and_a_known_source(rulebook: RuleBook):
    assert len(rulebook.rules) >= 54
    for rule in rulebook.rules.values():
        assert rule.text and rule.plain and rule.title
        assert all(source in rulebook.sources for source in rule.sources)


def test_rulebook_matches_rules_md(rulebook: RuleBook):
    rules_md = SHARED / "RULES.md"
    if not rules_md.exists():
        pytest.skip(f"{rules_md} is not here (shared/ is laid beside the repo in sessions and CI)")
    ids = set(re.findall(r"^\| ([A-Z]+-\d+) \|", rules_md.read_text(), re.M))
    assert ids == set(rulebook.rules)


def test_every_rule_id_cited_in_the_code_exists(rulebook: RuleBook):
    package = Path(runlift.__file__).parent
    cited = {m.group(0) for path in package.rglob("*.py") for m in ID.finditer(path.read_text())}
    assert cited, "the engine should cite rules"
    assert cited <= set(rulebook.rules), sorted(cited - set(rulebook.rules))
