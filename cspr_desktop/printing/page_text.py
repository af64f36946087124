"""A PDF text layer that copies out once: no hidden lines where the pages break.

Each page is painted from the one laid-out document with a clip to the page, and Qt's text
layout paints every line that touches the clip plus, by an off-by-one in `QTextLayout::draw`,
the last line *above* it. Clipped, those lines are invisible on paper but stay in the PDF's
text, so copying a page, searching or a screen reader gives a line twice. Two things stop it:

- `split_at_page_breaks` makes every paragraph that runs over a page break into one paragraph
  per page, so no paragraph is painted on a page it has only left (its last line above the
  clip is never another page's);
- `page_clip` ends a page's clip just short of the next page, so a line that starts exactly
  at the break belongs to the next page only.

It also finds the headings and the pages they land on, for the PDF's bookmarks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextBlock, QTextBlockFormat, QTextCursor, QTextDocument, QTextFormat

MAX_PASSES = 8  # a split can move later lines; a few passes settle any document
CLIP_SHORT = 1.0  # layout pixels taken off the foot of a page's clip
LINE_SEPARATOR = "\u2028"


@dataclass(frozen=True)
class Heading:
    """A heading as a bookmark: its level (1-3), words, page (from 0) and how far down the
    page's body it starts (0 at the top, 1 at the foot)."""

    level: int
    title: str
    page: int
    down: float


def _page(y: float, page_height: float) -> int:
    """The page (from 0) a y position falls on, forgiving the layout's 1/64-pixel rounding."""
    return math.floor((y + 0.5) / page_height)


def page_clip(index: int, body: QRectF) -> QRectF:
    """Page `index`'s part of the document, in document coordinates, for painting it."""
    return QRectF(0, index * body.height(), body.width(), body.height() - CLIP_SHORT)


def _break_line(doc: QTextDocument, block: QTextBlock) -> int:
    """Where in `block` its first line on a later page starts (a text position), or -1."""
    layout = block.layout()
    if layout is None or layout.lineCount() < 2:
        return -1
    height = doc.pageSize().height()
    top = doc.documentLayout().blockBoundingRect(block).top()
    first = _page(top + layout.lineAt(0).y(), height)
    for index in range(1, layout.lineCount()):
        line = layout.lineAt(index)
        if _page(top + line.y(), height) != first:
            return block.position() + line.textStart()
    return -1


def _split(doc: QTextDocument, position: int) -> None:
    """Make the text from `position` a paragraph of its own, spaced as if it ran on."""
    cursor = QTextCursor(doc)
    cursor.setPosition(position)
    if doc.characterAt(position - 1) == LINE_SEPARATOR:  # a <br> the new paragraph replaces
        cursor.deletePreviousChar()
    before = cursor.blockFormat()
    after = QTextBlockFormat(before)
    after.setTopMargin(0)
    after.setTextIndent(0)
    after.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
    cursor.insertBlock(after, cursor.charFormat())
    before.setBottomMargin(0)
    cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock)
    cursor.setBlockFormat(before)


def split_at_page_breaks(doc: QTextDocument) -> int:
    """Split each paragraph that runs over a page break at the break; how many splits.

    A split only ends a paragraph where its line already ended, so the words and the pages
    look the same; each pass splits from the end back, so earlier positions hold."""
    splits = 0
    for _ in range(MAX_PASSES):
        positions = []
        block = doc.begin()
        while block.isValid():
            position = _break_line(doc, block)
            if position > 0:
                positions.append(position)
            block = block.next()
        if not positions:
            break
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        for position in reversed(positions):  # from the end, so earlier positions hold
            _split(doc, position)
        cursor.endEditBlock()
        splits += len(positions)
    return splits


def headings(doc: QTextDocument) -> list[Heading]:
    """Every heading block (h1-h3) with its page, in document order."""
    height = doc.pageSize().height()
    layout = doc.documentLayout()
    found = []
    block = doc.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        title = " ".join(block.text().split())
        if 1 <= level <= 3 and title:
            lines = block.layout()
            top = layout.blockBoundingRect(block).top()
            if lines is not None and lines.lineCount():
                top += lines.lineAt(0).y()
            page = _page(top, height)
            found.append(Heading(level, title, page,
                                 min(max((top - page * height) / height, 0.0), 1.0)))
        block = block.next()
    return found
