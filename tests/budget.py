"""How much each property test explores: a quick `dev` profile by default, a bigger `ci` one where
CI=true (the CI run; or HYPOTHESIS_PROFILE=ci). Both are deterministic: `derandomize` draws the same
examples on every run, and no example database carries failures from one run into the next — a
failure prints the example and the blob to reproduce it (`@reproduce_failure`).

Tests that set their own count say it as the CI count, `examples(n)`: the dev profile runs a third
of it (at least one). Plain `@given` tests run the profile's `max_examples`."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

CI_EXAMPLES, DEV_EXAMPLES = 1000, 100  # plain @given: the cheap properties, "thousands of runner files" in CI
DEV_SHARE = 3  # an examples(n) test runs n in CI and n / 3 in dev

_COMMON = {
    "derandomize": True,
    "database": None,
    "deadline": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow],
}
settings.register_profile("ci", max_examples=CI_EXAMPLES, **_COMMON)
settings.register_profile("dev", max_examples=DEV_EXAMPLES, **_COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
settings.load_profile(PROFILE)


def examples(in_ci: int) -> int:
    """A test's example count: `in_ci` under the ci profile, a third of it under dev."""
    return in_ci if settings.default.max_examples >= CI_EXAMPLES else max(1, in_ci // DEV_SHARE)
