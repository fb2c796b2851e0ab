"""Git history: one streamed `git log` per repository, cached by HEAD, linked to records."""
