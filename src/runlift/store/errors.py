"""What the store refuses, as typed errors with their data: each face words them its own way
(the CLI names its flags, `--athlete` and `--db`; the web answers with a problem document).

RunliftError (core.errors)
├── InputError
│   ├── AthleteNotChosen   (known): several athletes and none named
│   └── DatabaseUnusable   (problem): the database URL or the database itself cannot be used
└── NotFound
    ├── AthleteNotFound    (name, known)
    └── NoAthletes         the store holds no athlete yet

The messages here name no flag and no command: `str(exc)` is a face-neutral line."""

from __future__ import annotations

from runlift.core.errors import InputError, NotFound


class AthleteNotFound(NotFound):
    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        super().__init__("athlete", name, "known: " + (", ".join(known) or "none yet"))
        self.name, self.known = name, known


class NoAthletes(NotFound):
    def __init__(self) -> None:
        super().__init__("athlete", "(none)", "the store holds no athlete yet")


class AthleteNotChosen(InputError):
    def __init__(self, known: tuple[str, ...]) -> None:
        super().__init__("athlete: expected one of " + ", ".join(known) + ", got nothing")
        self.known = known


class DatabaseUnusable(InputError):
    """`problem` reads after the name of what gave the URL: `--db: <problem>` on the command line."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"database: {problem}")
        self.problem = problem
