"""Render the training screens to PNG for the docs: `python -m cspr_desktop.ui.training_screenshots
DIR` writes training-library.png and training-presenter.png.

The real window on the bundled rules in a throw-away data folder: the library with a scenario
chosen, then a what-if ("what if the baby could crawl?") in presenter view (larger text, high
contrast). The what-if is made through the same widgets a trainer clicks.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from cspr_desktop.core.context import AppContext
from cspr_desktop.core.paths import rules_dir
from cspr_desktop.core.registry import load_registry
from cspr_desktop.core.store import Store
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.question_widgets import MultiWidget
from cspr_desktop.ui.theme import STYLE_SHEET

NOW = datetime(2026, 3, 2, 10, 15)
SIZE = (1366, 860)
SCENARIO = "bnm-six-months-rolls-only"
WHAT_IF = ("motor_skills", "crawls")


def _settle(widget: QWidget, folder: Path, name: str) -> None:
    for _ in range(3):  # let deferred layout and deletions settle, as the event loop would
        QApplication.processEvents()
    widget.grab().save(str(folder / f"{name}.png"))
    print(f"wrote {folder / name}.png")


def render_training(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyleSheet(STYLE_SHEET)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        registry = load_registry(rules_dir(), NOW.date())
        store = Store(data / "records.sqlite")
        context = AppContext(registry, store, lambda: NOW, data, data / "log.txt", "screens")
        window = MainWindow(context)
        mode = window.training
        window.resize(*SIZE)
        window.show()
        mode.show_library()
        page = mode.library_page
        assert page is not None and mode.library is not None
        chosen = next(e.path for e in mode.library.entries if e.path.stem == SCENARIO)
        page.select(chosen)
        _settle(window, folder, "training-library")
        mode.open_scenario(chosen)
        case = mode.case
        assert case is not None
        qid, choice = WHAT_IF
        widget = case.checklist.widgets[qid]
        case.checklist.go_to_section(case.checklist.section_of[qid])
        assert isinstance(widget, MultiWidget)
        widget.boxes[choice].click()
        case.case_button.setChecked(True)  # the room has heard the case: room for guidance
        mode.presenter.set_high_contrast(True)
        for _ in range(2):
            mode.presenter.zoom_by(+1)
        _settle(window, folder, "training-presenter")
        mode.presenter.set_high_contrast(False)
        mode.presenter.reset_zoom()
        window.close()
        store.close()
        context.training_store().close()


if __name__ == "__main__":
    render_training(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
