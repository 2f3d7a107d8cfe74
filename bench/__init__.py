"""Benchmarks for brief: a seeded synthetic corpus and a harness (`python -m bench`)."""
