"""Render the meeting screen, part-filled, to PNG: `python -m tools.screenshots.meeting`.

The record is the bruising pack's cheek-bruise scenario, signed, with a fictional meeting half
way through: people, information and actions recorded, the section 47 decision not yet made.
Everything runs in a temporary data folder that is thrown away afterwards.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget

from cspr_desktop.core.paths import rules_dir
from cspr_desktop.core.records.meeting import Action, AgencyInformation, Attendee, Meeting
from cspr_desktop.core.rules.yamlsource import read_file
from tools.screenshots.demo import demo_window, save_png

NOW = datetime(2026, 3, 2, 16, 40)
SCENARIO = ("bruising-non-mobile", "bnm-cheek-bruise-3-months")

EXAMPLE = Meeting(  # every person and place here is fictional
    held_at=datetime(2026, 3, 2, 14, 30),
    chair="Sam Rivers, team manager, Northbridge children's social care",
    reason="Health visitor saw a 10 mm bruise on the left cheek of a 3-month-old at a routine "
           "visit. No explanation was offered. Referred to the front door the same day.",
    attendees=[
        Attendee(name="Sam Rivers", role="Team manager", agency="Children's social care"),
        Attendee(name="Alex Example", role="Health visitor", agency="Northbridge Community "
                 "Health"),
        Attendee(name="DS Jo Patel", role="Detective sergeant", agency="Northbridge Police"),
        Attendee(name="Dr Chris Lee", role="Consultant paediatrician", agency="Northbridge "
                 "Hospital", attendance="sent_information"),
    ],
    information_shared=[
        AgencyInformation(agency="Police", information="No previous call-outs to the address. "
                          "No known offences for either parent."),
        AgencyInformation(agency="Health", information="Baby born at 39 weeks; all checks and "
                          "immunisations up to date. No earlier injuries recorded."),
    ],
    child_voice_unavailable_reason="A baby of 3 months, who does not yet talk. Seen awake "
                                   "and settled with mother at the visit.",
    risk_analysis="An unexplained bruise in a baby who cannot move independently. Protective "
                  "factors: engaged parents, registered with GP. Not yet known: the father's "
                  "account and the paediatric opinion.",
    actions=[
        Action(action="Same-day child protection medical", owner="Dr Chris Lee",
               agency="Northbridge Hospital", due=date(2026, 3, 2)),
        Action(action="Check both parents on police systems", owner="DS Jo Patel",
               agency="Northbridge Police", due=date(2026, 3, 3)),
    ],
)


def render(folder: Path) -> None:
    """meeting.png (the top of the page) and meeting-decision.png (the decision and actions)."""
    with demo_window(NOW, overlay="") as window:
        pack_id, name = SCENARIO
        answers = read_file(rules_dir() / pack_id / "scenarios" / f"{name}.yaml").data["answers"]
        window.start_checklist(pack_id)
        session = window.checklist.session if window.checklist else None
        assert session is not None
        for qid, value in answers.items():
            session.answer(qid, value)
        session.set_child_ref("NB-000123")
        session.complete("Alex Example", "Health visitor", "Northbridge Community Health")
        session.set_meeting(EXAMPLE)
        session.save()
        window.open_record(session.record.id)
        window.show_meeting()
        page = window.meeting
        assert page is not None
        save_png(window, folder / "meeting.png")
        group, content = page.findChild(QWidget, "group-decision-on-section-47"), page.widget()
        assert group is not None and content is not None
        page.verticalScrollBar().setValue(group.mapTo(content, QPoint(0, 0)).y() - 12)
        save_png(window, folder / "meeting-decision.png")


if __name__ == "__main__":
    render(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
