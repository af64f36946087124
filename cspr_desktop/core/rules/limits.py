"""How large a rule or input file may be: checked before any parser sees it, so a hostile file
is refused with a message rather than filling memory."""

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000
MAX_INT_DIGITS = 4_300  # Python's own limit on converting text to int
