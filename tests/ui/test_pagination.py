"""The page breaks keep_together makes leave Qt's own layout of the result, nothing stale.

Records whose free text moves the page breaks to where a heading is moved on used to be
painted from a half-updated layout: a heading drawn under the table after it, or whole
sections (the child's voice, the risk analysis) missing from the PDF.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication
from recordkit import full_record

from cspr_desktop.core.report.render import render_html
from cspr_desktop.printing import pdf

WORDS = "Seen at home with both parents; the GP was told and agreed a plan. "


def block_tops(doc: QTextDocument) -> list[float]:
    layout = doc.documentLayout()
    tops = []
    block = doc.begin()
    while block.isValid():
        tops.append(layout.blockBoundingRect(block).top())
        block = block.next()
    return tops


def laid_out_afresh(doc: QTextDocument) -> list[float]:
    """Where Qt puts every block when it lays the same document out from scratch."""
    size = doc.pageSize()
    doc.setPageSize(QSizeF())
    doc.setPageSize(size)
    return block_tops(doc)


@pytest.mark.parametrize("repeats", [6, 10])
def test_the_pages_are_painted_from_an_up_to_date_layout(
        qapp: QApplication, tmp_path: Path, repeats: int) -> None:
    record, loaded, overlay = full_record(tmp_path, text=WORDS * repeats)
    html = render_html(record, loaded, overlay)
    doc = pdf.build_document(html, pdf._a4_writer(tmp_path / "layout.pdf", "layout"))
    painted = block_tops(doc)
    assert laid_out_afresh(doc) == painted
