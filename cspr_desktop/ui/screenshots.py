"""Render the main screens to PNG for the README: `python -m cspr_desktop.ui.screenshots DIR`.

Each screen is the real window on the bundled rules, filled from a fictional scenario, in a
temporary data folder that is thrown away afterwards.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from cspr_desktop.core.context import AppContext
from cspr_desktop.core.paths import rules_dir
from cspr_desktop.core.registry import load_registry
from cspr_desktop.core.store import Store
from cspr_desktop.core.yamlsource import read_file
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.theme import STYLE_SHEET

NOW = datetime(2026, 3, 2, 10, 15)
SIZE = (1366, 860)
SHOTS = {
    "checklist-bruising": ("bruising-non-mobile", "bnm-cheek-bruise-3-months", 1),
    "checklist-safer-sleep": ("safer-sleep", "ss-bed-sharing-after-christening", 2),
    "checklist-extra-familial-harm": ("extra-familial-harm", "efh-arrest-county-lines-flat", 0),
}


def _scenario(pack_id: str, name: str) -> dict[str, Any]:
    path = rules_dir() / pack_id / "scenarios" / f"{name}.yaml"
    data: dict[str, Any] = read_file(path).data
    return data


def _fill(window: MainWindow, pack_id: str, answers: dict[str, Any], section: int) -> None:
    window.start_checklist(pack_id)
    page = window.checklist
    assert page is not None
    for qid, value in answers.items():
        page.session.answer(qid, value)
    page.child_ref.setText("NB-000123")
    page.session.set_child_ref("NB-000123")
    page._fill_from_record()
    page._refresh(page.session.evaluation)
    page.go_to_section(section)
    for card in page.panel.findChildren(QWidget):
        if card.objectName().startswith("outcome-"):
            button = getattr(card, "why_button", None)
            if button is not None:
                button.setChecked(True)
                break


def _save(widget: QWidget, folder: Path, name: str) -> None:
    for _ in range(3):  # let deferred layout and deletions settle, as the event loop would
        QApplication.processEvents()
    widget.grab().save(str(folder / f"{name}.png"))
    print(f"wrote {folder / name}.png")


def render_all(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyleSheet(STYLE_SHEET)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        registry = load_registry(rules_dir(), NOW.date())
        store = Store(data / "records.sqlite")
        context = AppContext(registry, store, lambda: NOW, data, data / "log.txt", "screens")
        context.choose_overlay("example-partnership")
        window = MainWindow(context)
        window.resize(*SIZE)
        window.show()
        for name, (pack_id, scenario, section) in SHOTS.items():
            _fill(window, pack_id, _scenario(pack_id, scenario)["answers"], section)
            _save(window, folder, name)
            if pack_id == "bruising-non-mobile":
                window.show_review()
                _save(window, folder, "check-your-answers")
            window.close_record()
        emergency = _scenario("safer-sleep", "ss-emergency-sofa-carer-cannot-be-woken")
        _fill(window, "safer-sleep", emergency["answers"], 0)
        _save(window, folder, "emergency")
        window.close_record()
        window.home.intro.setVisible(True)
        _save(window, folder, "home")
        window.close()
        store.close()


if __name__ == "__main__":
    render_all(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
