"""The PDF and print preview: read back with pypdf, every page marked, rows kept whole."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QTextDocument, QTextTable
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from recordkit import DECISION, HOSTILE, HOSTILE_TEXT, SCENARIO, full_record

from cspr_desktop.cli import main
from cspr_desktop.core.exports import ExportError
from cspr_desktop.core.records.records import Record
from cspr_desktop.core.report.plain_text import MARKING, TRAINING_MARK
from cspr_desktop.core.report.render import pack_label, render_html
from cspr_desktop.printing import pdf
from cspr_desktop.printing.pagination import split_rows


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_texts(path: Path) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(path).pages]


def export(record: Record, html: str, path: Path) -> list[str]:
    pdf.export_pdf(html, path, record_id=record.id, pack_label=pack_label(record),
                   training=record.kind == "training")
    return page_texts(path)


@pytest.fixture(scope="module")
def real(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory
         ) -> tuple[Record, str, Path, list[str]]:
    """One full record (meeting, addendum, body map) exported once for the module."""
    folder = tmp_path_factory.mktemp("pdf")
    record, loaded, overlay = full_record(folder)
    html = render_html(record, loaded, overlay, app_version="9.8.7")
    path = folder / "record.pdf"
    return record, html, path, export(record, html, path)


def test_every_page_carries_marking_record_id_page_x_of_y_and_pack(
        real: tuple[Record, str, Path, list[str]]) -> None:
    record, _, _, pages = real
    assert 4 <= len(pages) <= 20
    for number, text in enumerate(pages, start=1):
        assert MARKING in text
        assert f"Record {record.id}" in text
        assert f"Page {number} of {len(pages)}" in text
        assert pack_label(record) in text
        assert TRAINING_MARK not in text


def no_space(text: str) -> str:
    """Text without any whitespace: a PDF line may break after a hyphen."""
    return re.sub(r"\s+", "", text)


def test_the_chairs_decision_is_in_the_pdf(real: tuple[Record, str, Path, list[str]]) -> None:
    text = " ".join(real[3])
    assert no_space(DECISION) in no_space(text)
    assert "Section 47 criteria met: enquiries to start" in text
    assert "Strategy discussion record" in real[3][0]


def test_the_pdf_uses_the_bundled_font(real: tuple[Record, str, Path, list[str]]) -> None:
    """DejaVu Sans is embedded, so the PDF looks the same on every machine."""
    assert pdf.document_font_family() == "DejaVu Sans"
    fonts = set()
    for page in PdfReader(real[2]).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVuSans" in name for name in fonts)


def test_hashes_copy_out_of_the_pdf_without_ligatures(
        real: tuple[Record, str, Path, list[str]]) -> None:
    """'ff' or 'fi' in a hash or a name must not become a single ligature glyph."""
    record, _, _, pages = real
    text = " ".join(pages)
    assert record.pack_sha256[:12] in text
    assert "Whitfield" in text
    assert not re.search("[\ufb00-\ufb06]", text)


def tables(doc: QTextDocument) -> list[QTextTable]:
    found: dict[int, QTextTable] = {}
    block = doc.begin()
    while block.isValid():
        frame = doc.frameAt(block.position())
        if isinstance(frame, QTextTable):
            found.setdefault(frame.firstPosition(), frame)
        block = block.next()
    return list(found.values())


def test_no_table_row_is_split_across_pages(
        real: tuple[Record, str, Path, list[str]], tmp_path: Path) -> None:
    """Qt alone splits rows of this record; after keep_together none straddles a page."""
    html = real[1]
    writer = pdf._a4_writer(tmp_path / "layout.pdf", "layout")
    qt_only = pdf.build_document(html, writer, keep=False)
    assert any(split_rows(qt_only, table) for table in tables(qt_only))
    kept = pdf.build_document(html, writer)
    assert all(split_rows(kept, table) == [] for table in tables(kept))
    assert squash(kept.toPlainText()).count(squash(DECISION)) == 1


def test_a_training_record_with_hostile_text(qapp: QApplication, tmp_path: Path) -> None:
    """The watermark on every page; markup, entities and emoji text stay text."""
    record, loaded, overlay = full_record(tmp_path, kind="training", text=HOSTILE_TEXT)
    pages = export(record, render_html(record, loaded, overlay), tmp_path / "training.pdf")
    for text in pages:
        assert TRAINING_MARK in text
        assert MARKING in text
    text = " ".join(pages)
    assert HOSTILE["script"] in text
    assert HOSTILE["bold"] in text
    assert HOSTILE["amp"] in text
    assert "\u202e" not in text


def test_an_unwritable_folder_raises_export_error_and_leaves_no_file(
        real: tuple[Record, str, Path, list[str]], tmp_path: Path) -> None:
    record, html, _, _ = real
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ExportError, match=r"could not be saved .* choose a folder"):
        pdf.export_pdf(html, blocker / "record.pdf", record_id=record.id, pack_label="p",
                       training=False)
    assert blocker.read_text() == "x"


def test_a_failed_export_keeps_the_earlier_pdf(
        real: tuple[Record, str, Path, list[str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF is written beside the target and renamed only when complete."""
    record, html, _, _ = real
    target = tmp_path / "record.pdf"
    target.write_bytes(b"the earlier export")

    def broken(*args: object) -> int:
        raise ExportError("The PDF could not be started.")

    monkeypatch.setattr(pdf, "paint_document", broken)
    with pytest.raises(ExportError):
        pdf.export_pdf(html, target, record_id=record.id, pack_label="p", training=False)
    assert target.read_bytes() == b"the earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["record.pdf"]


def test_print_preview_paints_the_same_pages(
        real: tuple[Record, str, Path, list[str]], tmp_path: Path) -> None:
    """The preview dialog's printer gets exactly the PDF's pages, header and footer."""
    record, html, _, pages = real
    dialog = pdf.print_preview_dialog(html, None, record_id=record.id,
                                      pack_label=pack_label(record), training=False)
    printer = dialog.printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.paintRequested.emit(printer)
    printed = page_texts(tmp_path / "printed.pdf")
    assert len(printed) == len(pages)
    assert f"Page {len(pages)} of {len(pages)}" in printed[-1]
    assert f"Record {record.id}" in printed[0]
    dialog.deleteLater()


@pytest.fixture
def cli_pdf(qapp: QApplication, tmp_path: Path) -> Callable[[], tuple[int, Path]]:
    def run() -> tuple[int, Path]:
        out = tmp_path / "scenario.pdf"
        status = main(["--today", "2026-03-02", "export", str(SCENARIO), "--format", "pdf",
                       "-o", str(out)])
        return status, out
    return run


def test_cspr_export_of_a_scenario_to_pdf(cli_pdf: Callable[[], tuple[int, Path]]) -> None:
    """A scenario becomes a training record: watermark and marking on every page."""
    status, out = cli_pdf()
    assert status == 0
    pages = page_texts(out)
    for number, text in enumerate(pages, start=1):
        assert TRAINING_MARK in text
        assert f"Page {number} of {len(pages)}" in text
        assert "Bruising or injury in a baby who is not independently mobile, version 1.0.0" in text
    assert "Trainer (fictional)" in " ".join(pages)
