"""Performance benchmarks: `python -m benchmarks` runs them and writes results.json."""
