"""Rule packs: the YAML format and its validation, conditions, the compiled program that
evaluates answers, the registry of installed packs, overlays and pins."""
