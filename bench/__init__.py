"""Benchmarks: `python -m bench [name ...]` runs bench/<name>.py's `main()` and prints its figures.

Benchmarks print medians and ratios; timings are never asserted in tests (this machine is noisy).
"""
