"""Child process for the meeting power-cut test: types a meeting and reports each word.

Run as `python kill_meeting_child.py DATA_DIR`. Signs a bruising record, opens its meeting,
types into the risk analysis and prints `TYPED<TAB>text so far<TAB>monotonic time` after each
word; the parent kills this process with SIGKILL mid-sentence.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from cspr_desktop.core.context import AppContext
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]
WORDS = ("Unexplained", "bruise", "in", "a", "baby", "who", "cannot", "move", "independently",
         "and", "no", "account", "from", "either", "parent")


def main() -> None:
    data = Path(sys.argv[1])
    app = QApplication([])
    now = datetime(2026, 3, 2, 10, 15)
    store = Store(data / "records.sqlite")
    context = AppContext(load_registry(REPO / "rules", now.date()), store, lambda: now, data,
                         data / "log.txt", "test")
    window = MainWindow(context)
    window.show()
    window.start_checklist("bruising-non-mobile")
    assert window.checklist is not None
    session = window.checklist.session
    session.complete("Alex Example", "Health visitor", "Northbridge Community Health")
    window.open_record(session.record.id)
    window.show_meeting()
    assert window.meeting is not None
    edit = window.meeting.findChild(QWidget, "meeting-risk_analysis")
    assert edit is not None
    edit.setFocus()
    print(f"RECORD {session.record.id}", flush=True)
    typed = ""
    for word in WORDS * 20:
        QTest.keyClicks(edit, word + " ")
        typed += word + " "
        print(f"TYPED\t{typed}\t{time.monotonic():.3f}", flush=True)
        QTest.qWait(120)
    app.processEvents()


if __name__ == "__main__":
    main()
