"""Writing a file the runner named: whole or not at all, and never through a planted link.

The content goes to a new temp file beside the target (a random name opened with O_EXCL, so a
`*.partial` symlink someone planted is never followed or written through), then replaces the target
in one rename. A target that is a symlink, a device or a folder is refused, not replaced; a missing
folder or a path without permission is one line naming it, and nothing is left behind."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from runlift.core.errors import InputError


def write_whole(path: Path, content: bytes) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"{path}: the folder {str(folder)!r} does not exist")
    _refuse_special(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".partial")
    except OSError as exc:
        raise InputError(f"{path}: cannot write in {str(folder)!r} ({exc.strerror})") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            os.fchmod(handle.fileno(), 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's 0600
        _refuse_special(path)  # again, just before the rename: nothing swapped in meanwhile
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise InputError(f"{path}: cannot write it ({exc.strerror})") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def ensure_folder(folder: Path) -> None:
    """A folder for an export of several files: made if missing; one line when it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{folder}: cannot make the folder ({exc.strerror})") from exc
    if not folder.is_dir():
        raise InputError(f"{folder}: expected a folder, got a file")


def _refuse_special(path: Path) -> None:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(f"{path}: cannot write it ({exc.strerror})") from exc
    if stat.S_ISLNK(mode):
        raise InputError(f"{path}: is a symbolic link; runlift writes only regular files (remove the link first)")
    if not stat.S_ISREG(mode):
        kind = "folder" if stat.S_ISDIR(mode) else "device or special file"
        raise InputError(f"{path}: is a {kind}; runlift writes only regular files")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
