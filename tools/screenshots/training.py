"""Render the training screens to PNG for the docs: `python -m tools.screenshots.training
DIR` writes training-library.png and training-presenter.png.

The real window on the bundled rules in a throw-away data folder: the library with a scenario
chosen, then a what-if ("what if the baby could crawl?") in presenter view (larger text, high
contrast). The what-if is made through the same widgets a trainer clicks.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from cspr_desktop.ui.question_widgets import MultiWidget
from tools.screenshots.demo import demo_window, save_png

NOW = datetime(2026, 3, 2, 10, 15)
SCENARIO = "bnm-six-months-rolls-only"
WHAT_IF = ("motor_skills", "crawls")


def render_training(folder: Path) -> None:
    # No partnership chosen: training applies a scenario's own overlay, never the app's.
    with demo_window(NOW, overlay="") as window:
        mode = window.training
        mode.show_library()
        page = mode.library_page
        assert page is not None and mode.library is not None
        chosen = next(e.path for e in mode.library.entries if e.path.stem == SCENARIO)
        page.select(chosen)
        save_png(window, folder / "training-library.png")
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
        save_png(window, folder / "training-presenter.png")
        mode.presenter.set_high_contrast(False)
        mode.presenter.reset_zoom()
        window.context.training_store().close()


if __name__ == "__main__":
    render_training(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
