"""Hardened YAML reading and text escaping: the bottom layer (architecture.md).

Placeholder so the import-linter contracts can name this module; it imports only the
standard library and yaml, never scoring.rubric, scoring.scorer or game.
"""
