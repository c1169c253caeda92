"""An uploaded file checked before it is queued: what can be told from its headers is refused at once
(the request answers 4xx and nothing is stored), the rest is the import job's to find, file by file.

Refused at once:
- a zip that cannot be opened, or whose members' names climb out of a folder (`../x`, `/etc/x`, `C:\\x`:
  "zip slip"; runlift never writes members to disk by their names, but an upload made of such names is
  crafted, not exported);
- a zip whose members say they expand past what one import may decompress (a zip bomb by its own word;
  one whose headers lie is cut at the same budget while the job reads it);
- a GPX or TCX file that declares a DTD or entities (no device writes one; entity expansion is how XML
  bombs and external-entity reads work).
The batch limit is the import's (importers/driver.py Limits: RUNLIFT_IMPORT_BATCH_LIMIT, read at the edge)."""

from __future__ import annotations

import re
import zipfile
from pathlib import PurePosixPath, PureWindowsPath
from typing import BinaryIO

from runlift.core.errors import InputError

SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


class UploadRefused(InputError):
    """An upload refused before it was stored: the client's to fix (422)."""


class UploadTooLarge(InputError):
    """An upload past the size limit (413)."""


def safe_name(name: str | None, position: int) -> str:
    """The client's file name reduced to a plain base name (its extension tells the format)."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name  # no folder of either kind
    base = SAFE_NAME.sub("_", base).strip(" .") or f"upload-{position + 1}"
    return base[-120:]


def check_upload(name: str, stream: BinaryIO, batch_limit: int) -> None:
    """UploadRefused (one line naming the file) when the upload is hostile by its headers alone (a zip
    that says it expands past `batch_limit` bytes among them); the stream (seekable) is left at its start."""
    from runlift.importers.driver import XML_HEAD, declares_dtd

    lower = name.lower()
    stream.seek(0)
    head = stream.read(XML_HEAD)
    stream.seek(0)
    if lower.endswith(".zip") or head.startswith(b"PK\x03\x04"):
        try:
            _check_zip(name, stream, batch_limit)
        finally:
            stream.seek(0)
    elif (lower.endswith((".gpx", ".tcx")) or head.lstrip().startswith(b"<?xml")) and declares_dtd(head):
        raise UploadRefused(f"{name}: an XML file with a DTD or entities (<!DOCTYPE, <!ENTITY>); not imported")


def _check_zip(name: str, stream: BinaryIO, batch_limit: int) -> None:
    from runlift.importers.driver import unsafe_member

    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except Exception as exc:  # a crafted directory fails in many ways
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UploadRefused(f"{name}: not a readable zip archive ({detail})") from None
    for info in members:
        if unsafe_member(info.filename):
            raise UploadRefused(f"{name}: member {info.filename!r} points outside the archive (zip slip); not imported")
    declared = sum(i.file_size for i in members)
    if declared > batch_limit:
        raise UploadRefused(
            f"{name}: its members expand to {_size(declared)}, past the {_size(batch_limit)} one import may "
            "decompress (RUNLIFT_IMPORT_BATCH_LIMIT sets it); not imported"
        )


def _size(n: int) -> str:
    mib = 1024 * 1024
    return f"{n / mib:.1f} MB" if n < 1024 * mib else f"{n / 1024 / mib:.1f} GB"
