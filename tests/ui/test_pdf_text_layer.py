"""Text copied out of the PDF is the record's text once, in order, with nothing mixed in.

Read back from the real exported files with pypdf: a long record whose every word is numbered
must give each numbered word as often as the record holds it (a hidden line at a page break
would give it twice), and a training record's diagonal mark must not be text at all.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication
from recordkit import DECISION, full_record

from cspr_desktop.core.report.plain_text import TRAINING_MARK
from cspr_desktop.core.report.render import pack_label, render_html
from cspr_desktop.printing import pdf

WORD = re.compile(r"\bw\d{4}\b")
WATERMARK_FILL = "0.694117665 0.054901961 0.117647059 scn"  # the mark's colour, #b10e1e


def numbered_text(count: int = 1000) -> str:
    """Prose in which every word w0000.. is unique, in paragraphs of uneven length, so that
    page breaks fall in the middle of paragraphs all through the record."""
    parts = []
    for number in range(count):
        parts.append(f"w{number:04d}" + (" was noted at the visit" if number % 3 else ""))
        if number % 97 == 96:
            parts.append("\n")
    return " ".join(parts)[:20_000]


def export(tmp: Path, *, kind: str = "real", long_text: str = "") -> tuple[str, Path]:
    record, loaded, overlay = full_record(tmp, kind=kind, long_text=long_text)
    html = render_html(record, loaded, overlay)
    path = tmp / f"{kind}.pdf"
    pdf.export_pdf(html, path, record_id=record.id, pack_label=pack_label(record),
                   training=kind == "training")
    return html, path


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def long_pdf(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[str, list[str]]:
    html, path = export(tmp_path_factory.mktemp("long"), long_text=numbered_text())
    return html, [page.extract_text() for page in PdfReader(path).pages]


def test_each_word_of_a_long_record_copies_out_exactly_as_often_as_it_is_written(
        long_pdf: tuple[str, list[str]]) -> None:
    """The numbered text is an answer, the risk analysis and an addendum: each of its words
    is three times in the record, so three times in the PDF's text, never four."""
    html, pages = long_pdf
    assert len(pages) >= 20
    written = Counter(WORD.findall(html))
    copied = Counter(WORD.findall(" ".join(pages)))
    assert len(written) >= 900
    assert {w: (n, copied[w]) for w, n in written.items() if copied[w] != n} == {}


def test_no_line_of_one_page_is_hidden_in_the_next(long_pdf: tuple[str, list[str]]) -> None:
    """The lines that open a page are not also the lines that closed the one before."""
    _, pages = long_pdf
    for number, (before, after) in enumerate(pairwise(pages), start=1):
        closing = [line for line in before.splitlines() if WORD.search(line)][-3:]
        opening = {line for line in after.splitlines() if WORD.search(line)}
        assert not opening & set(closing), f"page {number} and {number + 1}"


def test_the_pages_copy_out_in_reading_order(long_pdf: tuple[str, list[str]]) -> None:
    """Within the risk analysis the numbers only ever go up, across every page break."""
    _, pages = long_pdf
    text = squash(" ".join(pages))
    start = text.index("Risk analysis")
    numbers = [int(w[1:]) for w in WORD.findall(text[start:])]
    first_run = numbers[:numbers.index(max(numbers)) + 1]
    assert first_run == sorted(first_run) and len(first_run) >= 900


@pytest.fixture(scope="module")
def training_pdf(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    return PdfReader(export(tmp_path_factory.mktemp("training"), kind="training")[1])


def test_the_training_watermark_is_not_in_the_text(training_pdf: PdfReader) -> None:
    """Each page's text has the mark in its header strip only (and page 1 in its band):
    the big diagonal mark is a drawn shape, so its letters never join the copied words."""
    for number, page in enumerate(training_pdf.pages, start=1):
        text = squash(page.extract_text())
        assert text.count(TRAINING_MARK) == (2 if number == 1 else 1), f"page {number}"
        content = page.get_contents().get_data().decode("latin-1")
        assert WATERMARK_FILL in content, f"page {number} has no watermark"
        drawn = content[content.index(WATERMARK_FILL):]
        drawn = drawn[:drawn.index("\nQ")]
        assert " m\n" in drawn and "BT" not in drawn, f"page {number}"


def test_a_training_records_words_copy_out_unbroken(training_pdf: PdfReader) -> None:
    """The chair's reasons and the people at the table, under the watermark on the first
    pages, come out as written, with no letters of the mark among them."""
    text = squash(" ".join(page.extract_text() for page in training_pdf.pages[:3]))
    assert squash(DECISION) in text
    assert "Priya Raman, Team Manager, Northbridge Children's Social Care" in text
