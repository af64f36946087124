"""What the meeting screen asks, in the order a chair works, and the sign-off question.

The fields follow section 0.3 of the guidance brief (what a good multi-agency discussion record
holds). Keys are Meeting field names, so the page reads and writes the model by them.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from cspr_desktop.core.records.meeting import ATTENDANCE_WORDS
from cspr_desktop.ui.meeting_rows import Column, RowTable

S47_NOTE = ("This is the chair's decision, made with the agencies at this meeting. The "
            "checklist's rules never make it, and nothing here is filled in from the checklist.")
# What Meeting.missing_for_sign_off() names: the field it takes the chair to, and what to do.
MISSING_FIELDS: dict[str, tuple[str, str, str]] = {
    "the chair's name": ("chair", "Chair", "Enter the chair's name."),
    "the date and time of the meeting": ("held_at", "Date and time",
                                         "Enter the date and time of the meeting."),
    "who took part": ("attendees", "Who took part", "Add the people who took part."),
    "the decision on section 47": ("s47_decision", "Decision on section 47",
                                   "Choose the chair's decision."),
    "the reasons for the section 47 decision": ("s47_rationale", "Reasons for the decision",
                                                "Give the reasons for the decision."),
    "the child's voice, or why it is not available": (
        "child_voice", "The child's voice",
        "Record the child's voice, or why it is not available."),
}
TABLE_LABELS: dict[str, tuple[str, str]] = {
    "attendees": ("People who took part", "Name, role and agency; and whether each attended, "
                  "sent apologies or sent information."),
    "information_shared": ("Information shared by each agency", "History, previous referrals "
                           "or plans, and household members."),
    "actions": ("Actions", "Each with a named owner, their agency and a due date."),
}
# Plain-text fields: key (a Meeting field), label, hint, and whether it takes several lines.
TEXT_FIELDS: dict[str, tuple[str, str, bool]] = {
    "meeting_type_other": ("What kind of meeting", "", False),
    "chair": ("Chair", "The name and role of the person chairing, usually a children's "
              "social care manager.", False),
    "reason": ("Reason for the discussion", "The concern as it stands now, what triggered it, "
               "and the referrer's information.", True),
    "child_voice": ("The child's voice", "What the child has said or shown about their life "
                    "and this concern.", True),
    "child_voice_unavailable_reason": ("If the child's voice is not available, why",
                                       "For example, a baby who does not yet talk.", True),
    "risk_analysis": ("Risk analysis", "Harms identified, how likely they are, protective "
                      "factors, and gaps in what is known.", True),
    "s47_rationale": ("Reasons for the decision", "Why the criteria are or are not met; "
                      "whether a single-agency or joint investigation; whether the police "
                      "will investigate a crime.", True),
    "immediate_safety_actions": ("Immediate safety actions", "Including any legal steps: "
                                 "police protection, an emergency protection order, legal "
                                 "advice.", True),
    "medical_examination": ("Medical examination or treatment", "Needed or not; who does it, "
                            "where and when.", True),
    "parents_told": ("What parents and carers will be told, by whom and when", "", True),
    "parents_not_told_reason": ("If anything is withheld from parents or carers, why", "",
                                True),
    "other_children": ("Other children in the household or network", "", True),
    "next_step": ("Next step", "A further strategy discussion, an initial child protection "
                  "conference, or closure, child in need or early help.", True),
    "lawful_basis": ("Lawful basis for sharing information", "For example UK GDPR Article "
                     "6(1)(e) public task, with Article 9(2)(g) and DPA 2018 Schedule 1 "
                     "paragraph 18.", True),
    "not_shared": ("Information deliberately not shared, and why", "", True),
    "distribution": ("Distribution", "Who receives this record, and when; how the referrer "
                     "and agencies that did not attend are told the outcome.", True),
}
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("About the meeting", ("meeting_type", "held_at", "chair", "reason")),
    ("Who took part", ("attendees",)),
    ("What is known", ("information_shared", "child_voice", "child_voice_unavailable_reason",
                       "risk_analysis")),
    ("Decision on section 47", ("s47_decision", "s47_rationale")),
    ("Keeping the child safe", ("immediate_safety_actions", "medical_examination",
                                "parents_told", "parents_not_told_reason", "other_children")),
    ("Actions and next step", ("actions", "next_step", "next_step_date")),
    ("Sharing this record", ("lawful_basis", "not_shared", "distribution")),
)


def make_tables() -> dict[str, RowTable]:
    """The three tables: who took part, what each agency shared, and the actions."""
    attendance = tuple(ATTENDANCE_WORDS.items())
    return {
        "attendees": RowTable("attendees", "attendee", [
            Column("name", "Name", required=True), Column("role", "Role"),
            Column("agency", "Agency"),
            Column("attendance", "Took part by", "choice", attendance, stretch=1),
        ], "Add an attendee"),
        "information_shared": RowTable("information_shared", "agency", [
            Column("agency", "Agency", required=True, stretch=1),
            Column("information", "Information shared", "text", stretch=4),
        ], "Add an agency's information"),
        "actions": RowTable("actions", "action", [
            Column("action", "Action", required=True, stretch=4),
            Column("owner", "Owner"), Column("agency", "Agency"),
            Column("due", "Due date", "date", stretch=1),
            Column("done", "Done", "check", stretch=0),
        ], "Add an action"),
    }


def confirm_sign_off(parent: QWidget, chair: str, now: datetime) -> bool:
    """Ask the chair, by name, to confirm; True only for "Sign off" (Cancel is the default)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Sign off the meeting?",
                      f"Sign off this meeting as its chair, {chair}, on "
                      f"{now:%d %B %Y at %H:%M}?\n\nAfter sign-off the meeting cannot be "
                      "changed; later information goes in an addendum to the record.",
                      parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the chair's name is shown as typed, never markup
    box.setObjectName("meeting-sign-off-confirm")
    sign = box.addButton("Sign off", QMessageBox.ButtonRole.AcceptRole)
    sign.setObjectName("confirm-sign-off")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is sign
