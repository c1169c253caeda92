"""Importers: one format per module. Each exposes `read(data: bytes, name: str)` returning plain
core values (Activity or ImportedSet) and raises ImportFileError(path, where, problem) for a
corrupt, truncated or empty file. The import driver (runlift.importers.driver) finds files,
decompresses, hashes, de-duplicates and writes one file per transaction."""
