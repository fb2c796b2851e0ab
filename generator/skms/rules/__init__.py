"""Rules: checks over loaded records and git history that only add diagnostics, never data."""
