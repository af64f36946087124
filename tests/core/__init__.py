"""Tests of the Qt-free core: loader, validator, engine, registry, overlays, scenarios, CLI."""
