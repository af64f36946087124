"""Child process for the power-cut test: fills a safer-sleep draft and reports each answer.

Run as `python kill_child.py DATA_DIR`. Prints `ANSWERED<TAB>question<TAB>value<TAB>monotonic time`
after each answer reaches the session; the parent kills this process with SIGKILL mid-draft.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cspr_desktop.core.demo_record import demo_context, draw_offscreen
from cspr_desktop.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]
CLICKS = [("stage", "born"), ("night_sleep_place", "adult_bed"), ("sleep_position", "back"),
          ("bed_sharing", "planned"), ("alcohol_then_sleep_with_baby", "no"),
          ("carer_extremely_tired", "yes"), ("feeding", "breast")]
WORDS = ("Mum", "plans", "to", "move", "the", "cot", "into", "her", "room", "tonight", "and",
         "keep", "the", "baby", "on", "its", "back")


def report(qid: str, value: str) -> None:
    print(f"ANSWERED\t{qid}\t{value}\t{time.monotonic():.3f}", flush=True)


def start_window(data: Path, pack_id: str) -> tuple[QApplication, MainWindow]:
    """A shown window at a fixed time, its records in `data`, a new `pack_id` checklist open
    (the power-cut children both start so)."""
    draw_offscreen()
    app = QApplication([])
    now = datetime(2026, 3, 2, 10, 15)
    window = MainWindow(demo_context(data, now, rules=REPO / "rules", app_version="test"))
    window.show()
    window.start_checklist(pack_id)
    return app, window


def main() -> None:
    app, window = start_window(Path(sys.argv[1]), "safer-sleep")
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
