"""Pydantic models of the API documents."""
