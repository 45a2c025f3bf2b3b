"""Diff two schemas into neutral change records, then classify them per compatibility mode."""
