"""The body map: marks (site, side, view, notes) and the drawing of an infant."""
