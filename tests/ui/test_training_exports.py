"""Every exported page of a training record carries `TRAINING — FICTIONAL CASE`: each PDF
page, the HTML, the DOCX page header (which Word repeats on every page) and the JSON file. No
setting or argument can turn it off: the exporters decide from `record.kind` alone. And a
training export is never imported among real records."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path

import docx
import pypdf
import pytest
from docx.document import Document as DocxDocument

from cspr_desktop.core.records.keys import SigningKey
from cspr_desktop.core.records.records import Record, complete
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.report.export_docx import export_docx
from cspr_desktop.core.report.export_json import (
    ImportRefused,
    export_json,
    import_into,
    import_json,
)
from cspr_desktop.core.report.plain_text import TRAINING_MARK
from cspr_desktop.core.report.render import pack_label, render_html
from cspr_desktop.core.rules.engine import evaluate
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.core.rules.serialize import evaluation_to_dict
from cspr_desktop.core.training.cases import load_library, open_case
from cspr_desktop.printing.pdf import export_pdf

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 2, 10, 15)
TRAINER_KEY = SigningKey.generate()
SCENARIO = "bnm-six-months-rolls-only"


def signed_training_record(stem: str = SCENARIO) -> tuple[Record, LoadedPack]:
    """A scenario opened as a training record and signed by a fictional trainer."""
    registry = load_registry(REPO / "rules", date(2026, 3, 2))
    entry = next(e for e in load_library(registry).entries if e.path.stem == stem)
    assert entry.scenario is not None
    case = open_case(entry.scenario, registry, NOW)
    assert case is not None
    evaluation = evaluate(case.loaded.compiled, case.record.answers, case.what_if.parameters)
    record = complete(case.record, practitioner_name="Sam Trainer", role="Trainer",
                      agency="Training (fictional)", signed_at=NOW,
                      evaluation=evaluation_to_dict(evaluation), key=TRAINER_KEY)
    return record, case.loaded


def words(text: str) -> str:
    """PDF text with its spacing (tabs, line breaks) made single spaces."""
    return re.sub(r"\s+", " ", text)


def test_every_page_of_a_training_pdf_carries_the_mark(qtbot: object, tmp_path: Path) -> None:
    """Each page has the mark in its header strip (text) and its diagonal watermark (a drawn
    shape, so that its letters stay out of copied text: tests/ui/test_pdf_text_layer.py)."""
    record, loaded = signed_training_record()
    out = tmp_path / "training.pdf"
    export_pdf(render_html(record, loaded), out, record_id=record.id,
               pack_label=pack_label(record), training=record.kind == "training")
    pages = pypdf.PdfReader(out).pages
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert words(page.extract_text()).count(TRAINING_MARK) >= 1, f"page {number}"
        assert "0.694117665 0.054901961 0.117647059 scn" in page.get_contents().get_data().decode(
            "latin-1"), f"page {number} has no watermark"


def test_the_training_html_carries_the_mark_on_screen_and_in_print() -> None:
    """The band at the top, and the print style's fixed mark that repeats on every page."""
    record, loaded = signed_training_record()
    html = render_html(record, loaded)
    assert f"{TRAINING_MARK}: not a real child or family" in html
    print_mark = re.search(r"body\.training::before \{ content: \"([^\"]*)\"", html)
    assert print_mark is not None
    assert re.sub(r"\\2014\s*", "— ", print_mark.group(1)) == TRAINING_MARK
    assert '<body class="training">' in html


def _header_texts(document: DocxDocument) -> list[list[str]]:
    return [[p.text for p in section.header.paragraphs] for section in document.sections]


def test_every_docx_page_header_carries_the_mark() -> None:
    """Every section's header has the mark, and no first-page or even-page header (which
    would be blank) replaces it, so Word prints it on every page."""
    record, loaded = signed_training_record()
    document = docx.Document(io.BytesIO(export_docx(record, loaded, None)))
    assert all(TRAINING_MARK in texts for texts in _header_texts(document))
    for section in document.sections:
        assert not section.different_first_page_header_footer
    assert not document.settings.odd_and_even_pages_header_footer
    assert TRAINING_MARK in "\n".join(p.text for p in document.paragraphs)


def test_a_real_record_carries_no_training_mark() -> None:
    """The mark follows the record's kind only: a real record never shows it."""
    record, loaded = signed_training_record()
    real = record.model_copy(update={"kind": "real"})
    assert TRAINING_MARK not in render_html(real, loaded)
    document = docx.Document(io.BytesIO(export_docx(real, loaded, None)))
    assert all(TRAINING_MARK not in texts for texts in _header_texts(document))


def test_the_json_export_carries_the_mark() -> None:
    """A JSON file opened in an editor says it is a fictional training case."""
    record, _ = signed_training_record()
    assert TRAINING_MARK in export_json(record, TRAINER_KEY, NOW)


def test_a_training_export_is_not_imported_as_a_real_record(tmp_path: Path) -> None:
    """Import refuses to put a training record into the real records list."""
    record, _ = signed_training_record()
    real = Store(tmp_path / "records.sqlite")
    with pytest.raises(ImportRefused):
        import_into(real, import_json(export_json(record, TRAINER_KEY, NOW), "training.json", NOW))
    assert real.summaries() == []
