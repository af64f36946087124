"""Text as every screen and output shows it: the marking lines, and user text with unsafe
characters made visible. Its own small module, so the window's TRAINING band and the level
words load without the record's view model."""

from __future__ import annotations

MARKING = "OFFICIAL-SENSITIVE"
#: The HTML's own marking line, exactly as the template writes it. User text is escaped, so
#: it can never produce this; the PDF drops it because its painted pages carry the marking.
MARKING_LINE = f'<p class="marking" id="cspr-marking">{MARKING}</p>'
TRAINING_MARK = "TRAINING — FICTIONAL CASE"
REPLACEMENT = "\ufffd"

_BIDI_CONTROLS = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_UNSAFE = [
    *(c for c in range(0x20) if c not in (0x09, 0x0A)),
    *range(0x7F, 0xA0),
    *_BIDI_CONTROLS,
    *range(0xD800, 0xE000),  # lone surrogates (from JSON escapes) cannot be encoded
    0xFFFE,
    0xFFFF,
]
_TABLE = dict.fromkeys(_UNSAFE, REPLACEMENT)


def clean_text(text: str) -> str:
    """The text with line ends normalised and unsafe characters made visible as U+FFFD."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_TABLE)
