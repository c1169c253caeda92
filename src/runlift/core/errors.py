"""One error hierarchy for runlift.

RunliftError
├── InputError           bad input; the message names file and line, or field
│   ├── ImportFileError  (path, where, problem)
│   ├── ProfileError     (field, expected, got)
│   │   └── UnknownKeyError  (field, allowed): a key the runner's file does not know
│   └── LibraryError     (entry, field, expected, got)
├── NotFound             (kind, key)
└── PlanConflict         the calendar cannot satisfy the rules; carries the rule ids
"""

from __future__ import annotations


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
    def __init__(self, field: str, expected: str, got: object) -> None:
        super().__init__(f"{field}: expected {expected}, got {got!r}")
        self.field, self.expected, self.got = field, expected, got


class UnknownKeyError(ProfileError):
    """`athlete.age2: unknown key; expected one of age, bodyweight, …`"""

    def __init__(self, field: str, allowed: list[str]) -> None:
        super().__init__(field, "one of " + ", ".join(allowed), "an unknown key")
        self.args = (f"{field}: unknown key; expected one of {', '.join(allowed)}",)
        self.allowed = tuple(allowed)


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
