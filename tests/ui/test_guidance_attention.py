"""The guidance panel never shows a green routine level too early, and flags contradictions."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cspr_desktop.core.report.evaluation_view import live_guidance
from cspr_desktop.core.report.view_parts import contacts_view
from cspr_desktop.core.rules.engine import evaluate
from cspr_desktop.core.rules.loader import load_pack, load_pack_text
from cspr_desktop.core.rules.serialize import evaluation_to_dict
from cspr_desktop.core.rules.yamlsource import parse_text
from cspr_desktop.ui.guidance_panel import GuidancePanel

COMPUTED = Path(__file__).resolve().parent.parent / "packs" / "computed.yaml"
TEXT = {"age": "Age in months", "preterm": "Born early?", "milestones": "What can the baby do?"}


def _panel(qtbot: QtBot) -> GuidancePanel:
    panel = GuidancePanel(lambda result: live_guidance(result, None, None, {}), contacts_view(None))
    qtbot.addWidget(panel)
    panel.resize(420, 700)
    panel.show()
    return panel


def _quiet_pack() -> Any:
    """The test pack without its 'not yet nine months' rule, so a case can be routine."""
    import yaml
    data = copy.deepcopy(parse_text(COMPUTED.read_bytes(), "computed.yaml").data)
    data["rules"] = [r for r in data["rules"] if r["id"] != "not_much_older"]
    return load_pack_text(yaml.safe_dump(data, sort_keys=False), "computed.yaml").compiled


def test_routine_waits_for_the_deciding_answers(qtbot: QtBot) -> None:
    """Age alone would be routine: the banner says not enough answers and links to what is
    needed; once answered, the routine level shows."""
    panel = _panel(qtbot)
    pack = _quiet_pack()
    panel.show_evaluation(evaluation_to_dict(evaluate(pack, {"age": 14})), TEXT)
    assert panel.banner.words.text().startswith("Not enough answers yet")
    assert panel.banner.accessibleName().startswith("Overall level: Not enough answers yet")
    assert panel.still_needed.isVisible()
    link = panel.still_needed.links["preterm"]
    assert link.isVisible() and link.text() == "Born early?"
    with qtbot.waitSignal(panel.missing_clicked) as clicked:
        qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert clicked.args == ["preterm"]
    panel.show_evaluation(evaluation_to_dict(evaluate(pack, {"age": 14, "preterm": "no"})), TEXT)
    assert panel.banner.words.text().startswith("Routine")
    assert not panel.still_needed.isVisible()


def test_a_contradiction_is_shown_and_the_level_kept(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    pack = load_pack(COMPUTED).compiled
    answers = {"age": 7, "preterm": "yes", "weeks": 28, "milestones": ["none", "crawls"]}
    panel.show_evaluation(evaluation_to_dict(evaluate(pack, answers)), TEXT)
    assert panel.level == "same_day"
    assert panel.contradictions.isVisible()
    assert panel.contradictions.links["milestones"].text().startswith("What can the baby do? — ")
    answers["milestones"] = ["crawls"]
    panel.show_evaluation(evaluation_to_dict(evaluate(pack, answers)), TEXT)
    assert not panel.contradictions.isVisible()
