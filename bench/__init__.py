"""Benchmarks against measured floors (``make bench``); not part of the unit tests."""
