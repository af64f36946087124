"""One export pipeline: the app, `cspr export` and the self-test give every format the same
inputs, so the command's Word file has the body map and all three write the same HTML."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import docx
import pytest
from recordkit import SCENARIO, full_record

from cspr_desktop.cli import main
from cspr_desktop.core.records.keys import signing_key
from cspr_desktop.core.records.trust import Trust
from cspr_desktop.core.report.export_json import export_json, read_export
from cspr_desktop.core.report.export_pipeline import Exporter
from cspr_desktop.core.version import app_version
from cspr_desktop.printing.export_writers import exporter_here
from cspr_desktop.ui.record_actions import RecordActions

SENT = datetime(2026, 3, 6, 9, 0)
NOON = datetime(2026, 3, 2, 12, 0)
PICTURE_ALT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def test_the_commands_word_file_has_the_body_map_with_its_alt_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    word = tmp_path / "record.docx"
    status = main(["--today", "2026-03-02", "export", str(SCENARIO), "--format", "docx", "-o",
                   str(word)])
    capsys.readouterr()
    assert status == 0
    document = docx.Document(io.BytesIO(word.read_bytes()))
    assert len(document.inline_shapes) == 1
    pictures = document.element.body.iter(PICTURE_ALT)
    alt = " ".join(picture.get("descr") or "" for picture in pictures)
    assert alt.startswith("The body map as drawn when the checklist was signed.")
    assert "Injury sites marked:" in alt


def _app_exporter(loaded: Any, overlay: Any, folder: Path) -> Exporter:
    """The exporter the app's File → Export uses, for a window showing this record."""
    window = SimpleNamespace(
        session=SimpleNamespace(loaded=loaded, overlay=overlay),
        context=SimpleNamespace(signing_key=lambda: signing_key(folder), clock=lambda: SENT,
                                app_version=app_version()))
    return RecordActions(window).exporter()  # type: ignore[arg-type]


def test_the_app_the_command_and_the_self_test_write_the_same_html(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record, loaded, overlay = full_record(tmp_path)
    source = tmp_path / "in.json"
    source.write_text(export_json(record, signing_key(tmp_path), SENT), "utf-8")
    by_command = tmp_path / "command.html"
    status = main(["--today", "2026-03-02", "export", str(source), "--format", "html",
                   "--overlay", "example-partnership", "-o", str(by_command)])
    capsys.readouterr()
    assert status == 0
    # the record as the command read it: imported from in.json at noon on --today
    record = read_export(source.read_text("utf-8"), source.name, NOON, Trust()).record
    by_app, by_self_test = tmp_path / "app.html", tmp_path / "self-test.html"
    _app_exporter(loaded, overlay, tmp_path).export(record, "html", by_app)
    exporter_here(loaded, overlay, lambda: signing_key(tmp_path), lambda: SENT).export(
        record, "html", by_self_test)
    html = by_app.read_text("utf-8")
    assert record.id in html and "Amara" in html
    assert by_command.read_text("utf-8") == html
    assert by_self_test.read_text("utf-8") == html
