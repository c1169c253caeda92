"""runlift's settings, read once at the edge from RUNLIFT_* environment variables (pydantic-settings).

    RUNLIFT_DATABASE_URL  sqlite:///… or postgresql://…; default: runlift.db in the data folder
    RUNLIFT_TODAY         pins "today" (2027-04-18) for tests and demos; unset in normal use
    RUNLIFT_DEBUG         1: errors show their whole story (the CLI re-raises; the API says the type)
    RUNLIFT_DATA_DIR      the data folder; default: platformdirs' user data folder (~/.local/share/runlift)
    RUNLIFT_MULTI_USER    1: accounts, logins and coaches (PostgreSQL only)
    RUNLIFT_UPLOAD_LIMIT  the most one import upload may send (default 2GiB; 512MiB, 100MB …): past it, 413
    RUNLIFT_IMPORT_FILE_LIMIT   the most one imported file may decompress to (default 512M)
    RUNLIFT_IMPORT_BATCH_LIMIT  the most one import may decompress, nested archives included (default 8G)
    RUNLIFT_JOBS_IN_APP   0: app processes run no import jobs (run `runlift worker` instead); default 1
    RUNLIFT_SECRET_KEY    signs cookies and tokens: required in multi-user mode (every app process on
                          every host must share it); in single-user mode generated once and kept in
                          the data folder (`secret_key`, mode 0600)

Importing this module costs ~150 ms (pydantic): the CLI imports it inside the commands that need it
(`serve`), never at start-up. Services never import it: they take what they need as parameters.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ByteSize, Field, SecretStr, ValidationError, field_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

from runlift.core.errors import InputError

if TYPE_CHECKING:
    from runlift.importers.driver import Limits

PREFIX = "RUNLIFT_"
SECRET_FILE = "secret_key"
SECRET_MIN = 32  # characters: secrets.token_urlsafe(32) gives 43


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("runlift", appauthor=False))


class Settings(BaseSettings):
    """What a runlift process is configured with; `load()` turns a bad variable into one clear line."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="ignore", frozen=True)

    database_url: str | None = None
    today: dt.date | None = None
    debug: bool = False
    data_dir: Path = default_data_dir()
    multi_user: bool = False
    secret_key: SecretStr | None = None
    upload_limit: ByteSize = ByteSize(2 * 1024**3)
    jobs_in_app: bool = True
    import_file_limit: str | None = None  # 512M, 2G (K, M, G: powers of 1024); None: the importer's default
    import_batch_limit: str | None = None
    # argon2id cost of password hashes (multi-user mode); None: argon2-cffi's defaults (RFC 9106's
    # low-memory profile). Lower values are for tests only: they make stolen hashes cheap to crack.
    argon2_time_cost: int | None = Field(None, ge=1, le=100)
    argon2_memory_kib: int | None = Field(None, ge=8, le=4_194_304)
    argon2_parallelism: int | None = Field(None, ge=1, le=64)

    @field_validator("today", mode="before")
    @classmethod
    def _today_word(cls, value: object) -> object:
        return None if value in ("", "today") else value  # RUNLIFT_TODAY=today means the real date

    @field_validator("database_url", "secret_key", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("import_file_limit", "import_batch_limit", mode="after")
    @classmethod
    def _a_size(cls, value: str | None) -> str | None:
        from runlift.importers.driver import parse_size

        if value is None or not value.strip():
            return None
        try:
            parse_size(value, "")
        except InputError:
            raise ValueError("expected a size in bytes like 512M or 2G") from None
        return value

    def import_limits(self) -> Limits:
        """How much one import may decompress (RUNLIFT_IMPORT_FILE_LIMIT, RUNLIFT_IMPORT_BATCH_LIMIT), passed
        down to the services that import."""
        from runlift.importers.driver import limits_from

        return limits_from(self.import_file_limit, self.import_batch_limit)

    def database(self) -> str:
        """The database URL: the one given, else runlift.db in the data folder (made on first use, as the
        CLI makes it: `runlift serve` on a fresh machine starts on an empty SQLite file)."""
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'runlift.db'}"

    def day(self) -> dt.date:
        """Today: RUNLIFT_TODAY when set, else the real date."""
        return self.today or dt.date.today()

    def secret(self) -> str:
        """The key that signs cookies and tokens (see the module's docstring)."""
        if self.secret_key is not None:
            key = self.secret_key.get_secret_value()
            if len(key) < SECRET_MIN:
                raise InputError(f"RUNLIFT_SECRET_KEY: expected at least {SECRET_MIN} characters, got {len(key)}")
            return key
        if self.multi_user:
            raise InputError(
                "RUNLIFT_SECRET_KEY: expected a secret shared by every app process in multi-user mode, got none "
                "(make one: python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
        return stored_secret(self.data_dir)


def stored_secret(folder: Path) -> str:
    """The data folder's secret, written once (0600) by whichever process comes first."""
    path = folder / SECRET_FILE
    folder.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(32))
    for _ in range(50):  # another process may be between its create and its write
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
        import time

        time.sleep(0.01)
    raise InputError(f"{path}: expected a secret key, got an empty file (delete it to make a new one)")


def load(**given: object) -> Settings:
    """Settings from RUNLIFT_* variables, `given` values over them; a bad value is one InputError."""
    try:
        return Settings(**given)  # type: ignore[arg-type]  # keyword values are validated by pydantic
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "settings"
        source = "" if field in given else PREFIX + field.upper()
        name = source or field.replace("_", "-")
        raise InputError(f"{name}: {_expected(error)}, got {error.get('input')!r}") from None


def _expected(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind.startswith("date"):
        return "expected a date like 2027-04-18"
    if kind.startswith("bool"):
        return "expected 1 or 0 (true or false)"
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, ")
    return f"expected a valid value ({error['msg']})"
