"""Page breaks a reader expects, which QTextDocument does not make by itself.

Qt lays a table row out across a page break, line by line, and ignores the CSS
`page-break-inside: avoid`. `keep_together` walks a paginated document and, in order:

- moves a table row that would straddle a page break (and is shorter than a page) to the
  next page: the rows from it on become a new table, under a copy of the header row, that
  starts the next page (for a table's first row, the whole table moves);
- moves a heading, or a one-row band such as the level banner, to the next page when what
  follows it would start on the next page.

A row taller than a whole page must still break; nothing else can be done for it.

Each change makes Qt lay the document out again from the change on, which is most of the
cost of an export, so the walk makes as few changes as it can.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import (
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
    QTextTableFormat,
)

MAX_MOVES = 2000
TALLER_THAN = 0.9  # rows taller than this share of a page are left to break


def _page(y: float, page_height: float) -> int:
    """The page (from 0) a y position falls on, forgiving the layout's 1/64-pixel rounding."""
    return math.floor((y + 0.5) / page_height)


def _at_page_top(y: float, page_height: float) -> bool:
    return y - _page(y, page_height) * page_height < 1


def _lines(doc: QTextDocument, block: QTextBlock) -> tuple[float, float]:
    """Top of the block's first line and bottom of its last, where they are drawn: a block
    whose first line did not fit starts on one page but shows on the next."""
    rect = doc.documentLayout().blockBoundingRect(block)
    layout = block.layout()
    if layout is None or layout.lineCount() == 0:
        return rect.top(), rect.bottom()
    last = layout.lineAt(layout.lineCount() - 1)
    return rect.top() + layout.lineAt(0).y(), rect.top() + last.y() + last.height()


def _device_scale(doc: QTextDocument) -> float:
    """Layout pixels per CSS pixel: Qt scales padding and borders to the paint device."""
    device = doc.documentLayout().paintDevice()
    return device.logicalDpiY() / 96 if device is not None else 1.0


def row_extent(doc: QTextDocument, table: QTextTable, row: int) -> tuple[float, float]:
    """Top of the first line and bottom of the row (its last line, bottom padding and
    border) in document coordinates."""
    top, bottom = math.inf, -math.inf
    below = table.format().border() + table.format().cellSpacing()
    scale = _device_scale(doc)
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        if cell.row() != row or cell.column() != column:
            continue
        padding = cell.format().toTableCellFormat().bottomPadding()
        first, last = cell.firstCursorPosition().block(), cell.lastCursorPosition().block()
        first_top, last_bottom = _lines(doc, first)
        if last != first:
            last_bottom = _lines(doc, last)[1]
        top = min(top, first_top)
        bottom = max(bottom, last_bottom + (padding + below) * scale)
    return top, bottom


BREAK_BEFORE = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
NO_BREAK = QTextFormat.PageBreakFlag.PageBreak_Auto


def _start(item: QTextBlock | QTextTable) -> int:
    return item.firstPosition() if isinstance(item, QTextTable) else item.position()


def _breaks_before(item: QTextBlock | QTextTable) -> bool:
    fmt = item.format() if isinstance(item, QTextTable) else item.blockFormat()
    return bool(fmt.pageBreakPolicy() & BREAK_BEFORE)


@contextmanager
def _changing(doc: QTextDocument, start: int) -> Iterator[None]:
    """Make the changes in the block, then have Qt lay the document out once, from `start`.

    Everything after `start` is marked for layout: Qt otherwise lays out only what changed
    and moves what follows without laying out the part it had not reached yet, which is then
    drawn in the wrong place (a heading under the table after it).
    """
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    try:
        yield
        doc.markContentsDirty(start, doc.characterCount() - start)
    finally:
        cursor.endEditBlock()


def _set_policy(item: QTextBlock | QTextTable, on: bool) -> None:
    policy = BREAK_BEFORE if on else NO_BREAK
    if isinstance(item, QTextTable):
        table_format = item.format()
        table_format.setPageBreakPolicy(policy)
        item.setFormat(table_format)
    else:
        block_format = item.blockFormat()
        block_format.setPageBreakPolicy(policy)
        QTextCursor(item).setBlockFormat(block_format)


def _set_break_before(doc: QTextDocument, item: QTextBlock | QTextTable, on: bool = True
                      ) -> None:
    with _changing(doc, _start(item)):
        _set_policy(item, on)


def _copy_cell(doc: QTextDocument, source: QTextTable, row: int, column: int,
               target: QTextTable, target_row: int) -> None:
    cell = source.cellAt(row, column)
    cursor = QTextCursor(doc)
    cursor.setPosition(cell.firstPosition())
    cursor.setPosition(cell.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
    copy = target.cellAt(target_row, column)
    copy.setFormat(cell.format())
    into = copy.firstCursorPosition()
    into.insertFragment(cursor.selection())
    # Pasting into the new cell's empty first block keeps that block's own format; give it
    # the original's (line height, alignment, margins).
    first = QTextCursor(doc)
    first.setPosition(copy.firstPosition())
    first.setBlockFormat(cell.firstCursorPosition().block().blockFormat())


def split_table(doc: QTextDocument, table: QTextTable, row: int) -> QTextTable:
    """Move rows `row`… into a new table on the next page, under a copy of the header rows.

    The first table then ends cleanly at the foot of its page, like a table in a word
    processor, instead of with a row cut in two.
    """
    fmt = table.format()
    fmt.setPageBreakPolicy(BREAK_BEFORE if _rest_needs_break(doc, table, row) else NO_BREAK)
    rest = _move_rows(doc, table, row, fmt)
    _settle_break(doc, table, rest)
    return rest


def _move_rows(doc: QTextDocument, table: QTextTable, row: int, fmt: QTextTableFormat
               ) -> QTextTable:
    """Rows `row`… of `table` moved, under a copy of its header rows, into a new table of
    format `fmt` right after it; one layout for the whole move, not one per cell."""
    headers = table.format().headerRowCount()
    moved = table.rows() - row
    with _changing(doc, table.firstPosition()):
        cursor = QTextCursor(doc)
        cursor.setPosition(table.lastPosition() + 1)
        rest = cursor.insertTable(headers + moved, table.columns(), fmt)
        for offset, source_row in enumerate([*range(headers), *range(row, table.rows())]):
            for column in range(table.columns()):
                _copy_cell(doc, table, source_row, column, rest, offset)
        table.removeRows(row, moved)
        ended = table.format()
        ended.setBottomMargin(0)  # a margin reaching over the page edge would repeat the header
        table.setFormat(ended)
        for gap in (doc.findBlock(table.lastPosition() + 1),
                    doc.findBlock(rest.lastPosition() + 1)):
            _flatten_empty(gap)
    return rest


def _rest_needs_break(doc: QTextDocument, table: QTextTable, row: int) -> bool:
    """Whether the moved rows need a page break of their own, guessed before the split.

    They need one only if they would otherwise start on the page of the rows kept. Where
    there is no room left there for the header and the moved row's first line, Qt moves the
    new table to the next page by itself, to the very place a break would put it; where the
    kept rows' foot already reaches the next page, a break would turn a page too many. A
    wrong guess costs `_settle_break` one more layout, never a different page. A one-row rest
    without header rows is a band, whose break `_keep_with_next` reads: it gets one as before.
    """
    headers = table.format().headerRowCount()
    if headers == 0 and table.rows() - row == 1:
        return True
    page_h = doc.pageSize().height()
    kept_foot = row_extent(doc, table, row - 1)[1]
    moved_top = row_extent(doc, table, row)[0]
    header = row_extent(doc, table, headers)[0] - row_extent(doc, table, 0)[0] if headers else 0
    # Under the copied header, the moved row's first line needs about a header's height.
    return _page(moved_top + 2 * header, page_h) == _page(kept_foot - 1, page_h)


def _settle_break(doc: QTextDocument, table: QTextTable, rest: QTextTable) -> None:
    """Leave the rest starting the page after the rows kept: break before it if it starts on
    their page, and not if the separator Qt keeps already turned the page."""
    page_h = doc.pageSize().height()
    last_page = _page(row_extent(doc, table, table.rows() - 1)[1] - 1, page_h)
    if not _breaks_before(rest) and _page(row_extent(doc, rest, 0)[0], page_h) <= last_page:
        _set_break_before(doc, rest)
    if _breaks_before(rest) and _page(row_extent(doc, rest, 0)[0], page_h) > last_page + 1:
        _set_break_before(doc, rest, on=False)


def _flatten_empty(block: QTextBlock) -> None:
    """Make an empty separator block (Qt puts one beside every table) take no room."""
    if not block.isValid() or block.length() > 1:
        return
    block_format = block.blockFormat()
    block_format.setTopMargin(0)
    block_format.setBottomMargin(0)
    block_format.setHeadingLevel(0)
    block_format.setLineHeight(0, 0)
    cursor = QTextCursor(block)
    cursor.setBlockFormat(block_format)
    char_format = block.charFormat()
    char_format.setFontPointSize(1)
    cursor.setBlockCharFormat(char_format)


def split_rows(doc: QTextDocument, table: QTextTable) -> list[int]:
    """The rows of `table` that straddle a page break although they would fit on a page."""
    page_h = doc.pageSize().height()
    split = []
    for row in range(table.rows()):
        top, bottom = row_extent(doc, table, row)
        if bottom - top < page_h * TALLER_THAN and _page(top, page_h) != _page(bottom - 1, page_h):
            split.append(row)
    return split


def _row_to_move(doc: QTextDocument, table: QTextTable) -> int | None:
    """The first row that straddles a page break, or that Qt pushed to the next page (leaving
    the row above it stretched to the foot of the page); None if there is none."""
    page_h = doc.pageSize().height()
    previous_bottom: float | None = None
    for row in range(table.rows()):
        top, bottom = row_extent(doc, table, row)
        straddles = bottom - top < page_h * TALLER_THAN and _page(top, page_h) != _page(
            bottom - 1, page_h)
        pushed = previous_bottom is not None and _page(top, page_h) > _page(previous_bottom - 1,
                                                                            page_h)
        if straddles or pushed:
            return row
        previous_bottom = bottom
    return None


def _fix_table(doc: QTextDocument, table: QTextTable) -> bool:
    """Move the first row a page break cuts (or strands) to the next page; True if moved."""
    row = _row_to_move(doc, table)
    if row is None:
        return False
    if row > table.format().headerRowCount():
        split_table(doc, table, row)
        return True
    page_h = doc.pageSize().height()
    table_top = row_extent(doc, table, 0)[0]
    if _page(table_top, page_h) == _page(row_extent(doc, table, row)[0], page_h) and not (
            _breaks_before(table)):
        _set_break_before(doc, table)
        return True
    return False


def _following(doc: QTextDocument, position: int) -> tuple[float, QTextTable | None] | None:
    """Where the content starting at `position` is first drawn (a table's first body row),
    and the table, if it is one."""
    block = doc.findBlock(position)
    while block.isValid() and block.length() <= 1 and not isinstance(
            doc.frameAt(block.position()), QTextTable):
        block = block.next()  # the empty separators Qt keeps beside tables
    if not block.isValid():
        return None
    table = doc.frameAt(block.position())
    if isinstance(table, QTextTable):
        row = min(table.format().headerRowCount(), table.rows() - 1)
        return row_extent(doc, table, row)[0], table
    return _lines(doc, block)[0], None


def _keep_with_next(doc: QTextDocument, item: QTextBlock | QTextTable) -> bool:
    """Break before a heading or band whose next content starts on the next page.

    A table after it that was itself broken before no longer needs to be: it now follows
    the heading at the top of the new page.
    """
    if _breaks_before(item):
        return False
    page_h = doc.pageSize().height()
    if isinstance(item, QTextTable):
        top, after = row_extent(doc, item, 0)[0], item.lastPosition() + 1
    else:
        top = doc.documentLayout().blockBoundingRect(item).top()
        after = item.position() + item.length()
    following = _following(doc, after)
    if following is None or _at_page_top(top, page_h) or _page(top, page_h) == _page(
            following[0], page_h):
        return False
    table = following[1]
    with _changing(doc, _start(item)):
        _set_policy(item, on=True)
        if table is not None and _breaks_before(table):
            _set_policy(table, on=False)
    return True


def _items(doc: QTextDocument) -> list[QTextBlock | QTextTable]:
    """Headings and tables, in document order."""
    items: list[QTextBlock | QTextTable] = []
    seen: set[int] = set()
    block = doc.begin()
    while block.isValid():
        frame = doc.frameAt(block.position())
        if isinstance(frame, QTextTable):
            if frame.firstPosition() not in seen:
                seen.add(frame.firstPosition())
                items.append(frame)
            if not frame.childFrames():  # nothing inside to find: skip its cells
                block = doc.findBlock(frame.lastPosition() + 1)
                continue
        elif block.blockFormat().headingLevel() > 0:
            items.append(block)
        block = block.next()
    return items


def _fix(doc: QTextDocument, item: QTextBlock | QTextTable) -> bool:
    if isinstance(item, QTextTable):
        if _fix_table(doc, item):
            return True
        is_band = item.rows() == 1 and item.format().headerRowCount() == 0
        return is_band and _keep_with_next(doc, item)
    return _keep_with_next(doc, item)


def keep_together(doc: QTextDocument) -> int:
    """Apply the page breaks described above; returns how many things were moved.

    After each move the item before is checked again (a heading may now be stranded above a
    table that moved); content before that cannot move, so one pass in order suffices.
    """
    items = _items(doc)
    moved, index = 0, 0
    while index < len(items) and moved < MAX_MOVES:
        if _fix(doc, items[index]):
            moved += 1
            items = _items(doc)  # a split adds a table after this one
            index = max(index - 1, 0)
        else:
            index += 1
    return moved
