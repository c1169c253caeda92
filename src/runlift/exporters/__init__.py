"""Exports: backup (versioned JSON of everything); ICS, CSV and printable plans come later."""
