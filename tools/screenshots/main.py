"""Render the main screens to PNG for the README: `python -m tools.screenshots.main DIR`.

Each screen is the real window on the bundled rules, filled from a fictional scenario, in a
temporary data folder that is thrown away afterwards.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from cspr_desktop.core.paths import rules_dir
from cspr_desktop.core.records.responses import OutcomeResponse
from cspr_desktop.core.rules.yamlsource import read_file
from cspr_desktop.ui.main_window import MainWindow
from tools.screenshots.demo import demo_window, save_png
from tools.screenshots.meeting import render as render_meeting

NOW = datetime(2026, 3, 2, 10, 15)
SHOTS = {
    "checklist-bruising": ("bruising-non-mobile", "bnm-cheek-bruise-3-months", 1),
    "checklist-safer-sleep": ("safer-sleep", "ss-bed-sharing-after-christening", 2),
    "checklist-extra-familial-harm": ("extra-familial-harm", "efh-arrest-county-lines-flat", 0),
}


def _scenario(pack_id: str, name: str) -> dict[str, Any]:
    path = rules_dir() / pack_id / "scenarios" / f"{name}.yaml"
    data: dict[str, Any] = read_file(path).data
    return data


def _fill(window: MainWindow, pack_id: str, answers: dict[str, Any], section: int,
          child_ref: str) -> None:
    window.start_checklist(pack_id)
    page = window.checklist
    assert page is not None
    for qid, value in answers.items():
        page.session.answer(qid, value)
    page.child_ref.setText(child_ref)
    page.session.set_child_ref(child_ref)
    page._fill_from_record()
    page._refresh(page.session.evaluation)
    page.go_to_section(section)
    for card in page.panel.findChildren(QWidget):
        if card.objectName().startswith("outcome-"):
            button = getattr(card, "why_button", None)
            if button is not None:
                button.setChecked(True)
                break


def _respond(window: MainWindow) -> None:
    """Responses to the first outcomes, as a practitioner part way through would have them."""
    page = window.checklist
    assert page is not None
    shown = page.panel.shown_outcomes()
    responses = [OutcomeResponse(status="done", comment="Front door called at 10:05."),
                 OutcomeResponse(status="not_followed", reason="already_in_place",
                                 comment="Paediatric review already booked for 14:00 today.")]
    for outcome_id, response in zip(shown, responses, strict=False):
        page.session.respond(outcome_id, response)
    page.reload_from_record()


def render_all(folder: Path) -> None:
    with demo_window(NOW) as window:
        for name, (pack_id, scenario, section) in SHOTS.items():
            ref = f"NB-{4100 + len(name) * 7:06d}"  # fictional references, one per record
            _fill(window, pack_id, _scenario(pack_id, scenario)["answers"], section, ref)
            save_png(window, folder / f"{name}.png")
            if pack_id == "bruising-non-mobile":
                _respond(window)
                window.show_review()
                save_png(window, folder / "check-your-answers.png")
            window.close_record()
        emergency = _scenario("safer-sleep", "ss-emergency-sofa-carer-cannot-be-woken")
        _fill(window, "safer-sleep", emergency["answers"], 0, "NB-004377")
        save_png(window, folder / "emergency.png")
        window.close_record()
        window.home.intro.setVisible(True)
        save_png(window, folder / "home.png")
    render_meeting(folder)


if __name__ == "__main__":
    render_all(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
