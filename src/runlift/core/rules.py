"""Rule ids, the rule book, and the Decision every coaching choice returns."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeAlias, TypeVar

from runlift.core.errors import NotFound

RuleId: TypeAlias = str  # "PER-9"; every id must exist in data/rules.toml
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Decision(Generic[T]):
    """A coaching decision together with the rules that shaped it."""

    value: T
    why: tuple[RuleId, ...]
    note: str = ""


def join_why(*groups: Iterable[RuleId]) -> tuple[RuleId, ...]:
    """Union of rule-id groups, first occurrence order kept, nothing dropped."""
    seen: dict[RuleId, None] = {}
    for group in groups:
        for rule_id in group:
            seen.setdefault(rule_id, None)
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class Source:
    key: str  # "S", "M", ...
    title: str
    author: str
    cites: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    id: RuleId
    family: str
    title: str
    text: str
    plain: str
    sources: tuple[str, ...]
    cites: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleBook:
    rules: Mapping[RuleId, Rule]
    sources: Mapping[str, Source]
    families: Mapping[str, str]

    def get(self, rule_id: RuleId) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise NotFound("rule", rule_id) from None

    def explain(self, ids: Iterable[RuleId]) -> tuple[Rule, ...]:
        return tuple(self.get(rule_id) for rule_id in join_why(ids))
