"""Benchmarks and the synthetic corpus they measure (`from benchmarks.corpus import synthesize`)."""
