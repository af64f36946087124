"""cspr-desktop: offline safeguarding checklists built from national guidance."""
