"""Render the app's screens to PNG for the README: `python -m tools.screenshots.main`."""
