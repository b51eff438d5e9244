"""Benchmarks: `make bench` (python -m bench) prints a table of median and max times and peak memory."""
