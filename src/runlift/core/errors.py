"""One error hierarchy for runlift.

RunliftError
├── InputError           bad input; the message names file and line, or field
│   ├── ImportFileError  (path, where, problem)
│   ├── ProfileError     (field, expected, got, close): close is the "did you mean" of a misspelt word
│   │   └── UnknownKeyError  (field, allowed): a key the runner's file does not know
│   └── LibraryError     (entry, field, expected, got)
├── NotFound             (kind, key)
└── PlanConflict         the calendar cannot satisfy the rules; carries the rule ids
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence


class RunliftError(Exception):
    """Base of every error runlift raises on purpose."""


class InputError(RunliftError, ValueError):
    """Bad input: the message says where, what was expected and what was found."""


class ImportFileError(InputError):
    def __init__(self, path: str, where: str, problem: str) -> None:
        loc = f"{path}:{where}" if where else path
        super().__init__(f"{loc}: {problem}")
        self.path, self.where, self.problem = path, where, problem


class ProfileError(InputError):
    """`running.week.sat: expected "rest" or a run type (…), got 'lng'; did you mean long?`: `options` are
    the words the field takes; the one closest to a misspelt `got` is `close` (None: nothing is close)."""

    def __init__(self, field: str, expected: str, got: object, options: Sequence[str] = ()) -> None:
        self.close = closest(got, options)
        hint = f"; did you mean {self.close}?" if self.close else ""
        shown = "nothing" if got is None else repr(got)  # a field left out, or an empty answer on a form
        super().__init__(f"{field}: expected {expected}, got {shown}{hint}")
        self.field, self.expected, self.got = field, expected, got


class UnknownKeyError(ProfileError):
    """`athlete.bodyweigth: unknown key; expected one of age, bodyweight, …; did you mean bodyweight?`"""

    def __init__(self, field: str, allowed: list[str]) -> None:
        super().__init__(field, "one of " + ", ".join(allowed), "an unknown key")
        self.close = closest(field.rpartition(".")[2], allowed)
        hint = f"; did you mean {self.close}?" if self.close else ""
        self.args = (f"{field}: unknown key; expected one of {', '.join(allowed)}{hint}",)
        self.allowed = tuple(allowed)


def closest(got: object, options: Sequence[str]) -> str | None:
    """The option a misspelt word meant ('lng' → 'long', 'dumbells' → 'dumbbells', 'a' → 'A'); None when
    the word is one of them already, is not a word, or nothing is close."""
    if not isinstance(got, str) or not got.strip() or got in options:
        return None
    by_case = {o.lower(): o for o in options}
    word = got.strip().lower()
    if word in by_case:
        return by_case[word]
    found = difflib.get_close_matches(word, list(by_case), n=1, cutoff=0.6)
    return by_case[found[0]] if found else None


class LibraryError(InputError):
    def __init__(self, entry: str, field: str, expected: str, got: object) -> None:
        super().__init__(f"exercise {entry!r}: {field}: expected {expected}, got {got!r}")
        self.entry, self.field, self.expected, self.got = entry, field, expected, got


class NotFound(RunliftError, LookupError):
    def __init__(self, kind: str, key: str, hint: str = "") -> None:
        msg = f"no {kind} {key!r}" + (f"; {hint}" if hint else "")
        super().__init__(msg)
        self.kind, self.key, self.hint = kind, key, hint


class PlanConflict(RunliftError):
    def __init__(self, message: str, why: tuple[str, ...]) -> None:
        super().__init__(f"{message} ({', '.join(why)})")
        self.why = why
