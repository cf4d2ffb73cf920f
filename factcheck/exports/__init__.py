"""Exports: pure functions from `records` to text or bytes, one module per format, no Flask and
no database (the import-linter contract in pyproject.toml holds them to it)."""
