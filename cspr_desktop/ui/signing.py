"""Signing from the main window: completing a record (responses asked for first where the
level is urgent) and adding an addendum to a completed one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cspr_desktop.core.errors import KeyProblem, RecordError
from cspr_desktop.core.records.store import StaleRecordError, StoreError

if TYPE_CHECKING:
    from cspr_desktop.ui.main_window import MainWindow

SIGNER_KEYS = ("signer_name", "signer_role", "signer_agency")


def sign(window: MainWindow) -> None:
    """Complete and sign the open record, asking for responses first where the level is urgent."""
    session = window.session
    if session is None or window.checklist is None:
        return
    from cspr_desktop.core.records.responses import URGENT_LEVELS
    from cspr_desktop.ui.sign_dialog import RESPOND_FIRST, SignDialog

    store = session.store  # a trainer's name is remembered with the training records
    name, role, agency = (store.setting(k) for k in SIGNER_KEYS)
    level = session.evaluation.level
    urgent = level is not None and level.value in URGENT_LEVELS
    missing = [(title, what) for _, title, what in session.missing_responses()]
    dialog = SignDialog(name, role, agency, window.context.clock(), window,
                        level_words=level.words if level else "",
                        missing=missing if urgent else None)
    result = dialog.exec()
    if result == RESPOND_FIRST:
        _respond_first(window)
        return
    if not result:
        return
    values = dialog.values()
    try:
        for key, value in zip(SIGNER_KEYS, values, strict=True):
            store.set_setting(key, value)
        session.complete(*values, no_response_reason=dialog.no_response_words())
    except StaleRecordError as exc:  # not signed: choose what to do, then sign again
        window.conflicts.resolve(str(exc))
        return
    except (StoreError, RecordError, KeyProblem) as exc:
        window.show_problem("The record was not signed", str(exc))
        return
    window.show_session(session)
    window.show_review()
    window.statusBar().showMessage(f"Record {session.record.id} completed and signed.", 10000)


def _respond_first(window: MainWindow) -> None:
    """Back to the checklist, on the response of the first outcome still without one."""
    if window.session is None or window.checklist is None:
        return
    missing = window.session.missing_responses()
    window.stack.setCurrentWidget(window.checklist)
    if missing:
        window.checklist.focus_response(missing[0][0])


def add_addendum(window: MainWindow) -> None:
    """Add a signed addendum to a completed record."""
    session = window.session
    if session is None:
        return
    from cspr_desktop.ui.sign_dialog import AddendumDialog

    store = session.store
    dialog = AddendumDialog(store.setting("signer_name"), store.setting("signer_role"), window)
    if not dialog.exec():
        return
    try:
        session.add_addendum(dialog.author.text(), dialog.role.text(),
                             dialog.text.toPlainText())
    except StaleRecordError as exc:  # the addendum is kept here until the choice is made
        window.conflicts.resolve(str(exc))
        return
    except (StoreError, KeyProblem) as exc:
        window.show_problem("The addendum was not added", str(exc))
        return
    except ValueError:  # never quote the text back: it may hold a child's details
        window.show_problem("The addendum was not added", "Its author, role or text is "
                            "longer than an addendum can hold. Shorten it and add it again.")
        return
    window.show_review()
