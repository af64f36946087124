"""Training: fictional cases run as scenarios, kept apart from real records."""
