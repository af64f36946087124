"""Child process for the power-cut test: fills a safer-sleep draft and reports each answer.

Run as `python kill_child.py DATA_DIR`. Prints `ANSWERED<TAB>question<TAB>value<TAB>monotonic time`
after each answer reaches the session; the parent kills this process with SIGKILL mid-draft.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cspr_desktop.core.context import AppContext
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]
CLICKS = [("stage", "born"), ("night_sleep_place", "adult_bed"), ("sleep_position", "back"),
          ("bed_sharing", "planned"), ("alcohol_then_sleep_with_baby", "no"),
          ("carer_extremely_tired", "yes"), ("feeding", "breast")]
WORDS = ("Mum", "plans", "to", "move", "the", "cot", "into", "her", "room", "tonight", "and",
         "keep", "the", "baby", "on", "its", "back")


def report(qid: str, value: str) -> None:
    print(f"ANSWERED\t{qid}\t{value}\t{time.monotonic():.3f}", flush=True)


def main() -> None:
    data = Path(sys.argv[1])
    app = QApplication([])
    now = datetime(2026, 3, 2, 10, 15)
    context = AppContext(load_registry(REPO / "rules", now.date()),
                         Store(data / "records.sqlite"), lambda: now, data,
                         data / "log.txt", "test")
    window = MainWindow(context)
    window.show()
    window.start_checklist("safer-sleep")
    page = window.checklist
    assert page is not None
    print(f"RECORD {page.session.record.id}", flush=True)
    for qid, value in CLICKS:
        page.focus_question(qid)
        button = page.widgets[qid].buttons[value]  # type: ignore[attr-defined]
        QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
        report(qid, value)
        QTest.qWait(150)
    text = page.widgets["family_plan_text"]
    page.focus_question("family_plan_text")
    typed = ""
    for word in WORDS * 20:
        QTest.keyClicks(text.edit, word + " ")  # type: ignore[attr-defined]
        typed += word + " "
        report("family_plan_text", typed)
        QTest.qWait(120)
    app.processEvents()


if __name__ == "__main__":
    main()
