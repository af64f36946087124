"""The shell around the checklists: broken rule files, newer versions, About."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from ui_driver import REPO, answer, click, make_window, start

from cspr_desktop.ui.dialogs import AboutDialog, ProblemsDialog


def copy_rules(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules)
    return rules


def test_a_broken_pack_is_shown_in_problems_and_the_others_work(qtbot: QtBot,
                                                                 tmp_path: Path) -> None:
    """A pack file that is not YAML is listed with file, line and code; the rest start."""
    rules = copy_rules(tmp_path)
    broken = rules / "broken-pack"
    broken.mkdir()
    (broken / "1.0.0.yaml").write_text("id: broken-pack\ntitle: [unclosed\n", "utf-8")
    window = make_window(qtbot, tmp_path / "data", rules=rules)
    assert "problem" in window.statusBar().currentMessage()
    for pack_id in ("bruising-non-mobile", "safer-sleep", "extra-familial-harm"):
        assert window.home.findChild(QPushButton, f"start-{pack_id}") is not None
    dialog = ProblemsDialog(window.context.registry.problems, window)
    qtbot.addWidget(dialog)
    rows = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
    broken_rows = [r for r in rows if r is not None and "broken-pack" in r.text(0)]
    assert broken_rows and broken_rows[0].text(2) == "E005"
    assert int(broken_rows[0].text(1)) >= 2


def test_newer_version_banner_offers_re_evaluation(qtbot: QtBot, tmp_path: Path) -> None:
    """A draft made under 1.0.0 offers, once 1.1.0 is in effect, to re-evaluate under it and
    names what changes for these answers."""
    data = tmp_path / "data"
    early = make_window(qtbot, data, today=datetime(2026, 3, 2, 9, 0))
    checklist = start(qtbot, early, "safer-sleep")
    assert checklist.session.loaded.version == "1.0.0"
    answer(qtbot, checklist, "observed_unsafe_now", "unknown")
    record_id = checklist.session.record.id
    early.close()
    early.context.store.close()

    later = make_window(qtbot, data, today=datetime(2026, 12, 7, 9, 0))
    later.home.table.selectRow(0)
    click(qtbot, later.home.open_button)
    page = later.checklist
    assert page is not None and page.version_banner.isVisible()
    banner = page.version_text.text()
    assert "1.1.0" in banner and "this record uses 1.0.0" in banner
    assert "add: Find out now whether the baby is safe" in banner  # unknown is never routine
    click(qtbot, page.version_button)
    reopened = later.checklist
    assert reopened is not None
    assert reopened.session.loaded.version == "1.1.0"
    assert later.context.store.get(record_id).pack_version == "1.1.0"
    assert not reopened.version_banner.isVisible()


def test_about_shows_versions_sources_and_data_folder(qtbot: QtBot, tmp_path: Path) -> None:
    """About names the app and pack versions, each pack's sources and where data is kept."""
    window = make_window(qtbot, tmp_path)
    packs = window.context.registry.current_packs()
    dialog = AboutDialog("9.9.9", packs, str(tmp_path), "log.txt", "", window)
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert "cspr-desktop 9.9.9" in text
    assert str(tmp_path) in text
    assert "never replaces" in text
    for loaded in packs:
        assert f"{loaded.id} {loaded.version}" in text
        assert loaded.pack.sources[0].url in text
