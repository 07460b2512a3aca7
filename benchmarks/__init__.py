"""Benchmarks: `make bench` runs them all (see __main__.py); each module also runs alone."""
