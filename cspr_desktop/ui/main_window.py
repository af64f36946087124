"""The main window: menus and shortcuts, and which screen is showing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.context import AppContext
from cspr_desktop.core.errors import RecordError
from cspr_desktop.core.records.store import StoreError
from cspr_desktop.ui.home_page import HomePage
from cspr_desktop.ui.training_band import training_band
from cspr_desktop.ui.training_presenter import Presenter
from cspr_desktop.ui.widgets import press_focused_button
from cspr_desktop.ui.window_place import place_window, remember_window

# The screens and dialogs below are imported when first shown, and the menus with the helpers
# behind them (see `finish_start`) just after the home screen first paints: Qt makes each
# widget class the first time it is named, and the home screen needs few of them.
if TYPE_CHECKING:
    from cspr_desktop.core.records.session import ChecklistSession
    from cspr_desktop.core.records.verification import Verification
    from cspr_desktop.ui.checklist_page import ChecklistPage
    from cspr_desktop.ui.conflict import ConflictHandler
    from cspr_desktop.ui.lock_screen import Locking
    from cspr_desktop.ui.meeting_page import MeetingPage
    from cspr_desktop.ui.record_actions import RecordActions
    from cspr_desktop.ui.review_page import ReviewPage
    from cspr_desktop.ui.training_mode import TrainingMode

SETTING_INTRO = "intro_dismissed"
MENU_TITLES = (("file", "&File"), ("view", "&View"), ("training", "&Training"), ("help", "&Help"))
FINISH_UNPAINTED_MS = 1000


class MainWindow(QMainWindow):
    """Home, checklist and review screens in one window."""

    started = Signal()  # the whole window is made: menus, locking, training, record actions

    # Made by window_menus.build_menus.
    save_action: QAction
    export_action: QAction
    print_action: QAction
    import_action: QAction

    record_actions: RecordActions
    conflicts: ConflictHandler
    locking: Locking
    training: TrainingMode

    def __init__(self, context: AppContext, parent: QWidget | None = None, *,
                 paint_first: bool = False) -> None:
        """`paint_first`: the menus' items and the helpers behind them are made by
        `finish_start` in the event-loop turn after the window first paints (the app does
        this; tests get a whole window at once)."""
        super().__init__(parent)
        self._finished = False
        self._finish_queued = False
        self.context = context
        self.setWindowTitle("cspr-desktop — safeguarding checklists")
        place_window(self, context.store)  # inside the screen, at its last size
        self.stack = QStackedWidget()
        # A training record taken on to check-your-answers, signing and the meeting keeps the
        # training band above every one of its screens.
        self.training_band = training_band()
        self.training_band.hide()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.training_band)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        # The menu bar has its titles before the window shows, so their items arriving later
        # never move the screen; the status bar likewise exists from the start: made by its
        # first message, it would shrink the screen showing and re-lay it out (a pause with a
        # long record on screen).
        bar = self.menuBar()
        self.menus = {name: bar.addMenu(title) for name, title in MENU_TITLES}
        self.menus["training"].setObjectName("training-menu")
        self.statusBar()
        self.session: ChecklistSession | None = None
        self._verified: tuple[object, Verification] | None = None  # the record it is of
        self.checklist: ChecklistPage | None = None
        self.review: ReviewPage | None = None
        self.meeting: MeetingPage | None = None
        store = context.store
        self.home = HomePage(context.registry.current_packs(),
                             show_intro=store.setting(SETTING_INTRO) != "yes")
        self.home.start_requested.connect(self.start_checklist)
        self.home.open_requested.connect(self.open_record)
        self.home.delete_requested.connect(self.delete_draft)
        self.home.intro_dismissed.connect(lambda: store.set_setting(SETTING_INTRO, "yes"))
        self.home.list_failed.connect(
            lambda message: self.show_problem("The records could not be listed", message))
        self.stack.addWidget(self.home)
        self.presenter = Presenter(store)  # text size and contrast, before anything paints
        self.presenter.apply()
        self.refresh_home()
        if context.registry.problems:
            self.statusBar().showMessage(
                f"{len(context.registry.problems)} problem(s) in the rule files: see View → "
                "Problems with rule files. The other checklists work.")
        if paint_first:
            QTimer.singleShot(FINISH_UNPAINTED_MS, self.finish_start)  # shown but never painted
        else:
            self.finish_start()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._finish_queued:  # the first paint: the rest of the window comes next
            self._finish_queued = True
            QTimer.singleShot(0, self.finish_start)

    def finish_start(self) -> None:
        """Menus' items, shortcuts, locking, training and the record actions, then `started`;
        once only. Also run by Start and Open on the home screen, should they come first."""
        if self._finished:
            return
        self._finished = True
        self._finish_queued = True
        from cspr_desktop.ui.conflict import ConflictHandler
        from cspr_desktop.ui.lock_screen import Locking
        from cspr_desktop.ui.record_actions import RecordActions
        from cspr_desktop.ui.training_mode import TrainingMode
        from cspr_desktop.ui.window_menus import build_menus

        self.record_actions = RecordActions(self)
        self.conflicts = ConflictHandler(self)  # a save refused: changed somewhere else
        build_menus(self)
        self.locking = Locking(self)  # File → Encrypt, Lock (Ctrl+L), idle time; auto-lock
        self.training = TrainingMode(self)  # Training menu, presenter view
        self.stack.currentChanged.connect(self.update_record_actions)
        self.started.emit()

    # -- screens -----------------------------------------------------------------------------
    def refresh_home(self) -> None:
        try:
            self.home.set_records(self.context.store)
        except StoreError as exc:
            self.show_problem("The records could not be listed", str(exc))

    def go_home(self) -> None:
        if not self.flush():
            return  # unsaved changes wait for a choice (see ui.conflict)
        self.refresh_home()
        self.stack.setCurrentWidget(self.home)
        if self.home.cards:
            self.home.cards[0].start.setFocus()

    def start_checklist(self, pack_id: str) -> None:
        self.finish_start()
        loaded = self.context.registry.current(pack_id)
        if loaded is None or not self.flush():
            return
        from cspr_desktop.core.records.records import new_record
        from cspr_desktop.core.records.session import ChecklistSession

        record = new_record(loaded.id, loaded.version, loaded.sha256, self.context.clock(),
                            taken=self.context.store.exists)
        session = ChecklistSession(self.context.store, loaded, record, self.context.overlay,
                                   self.context.clock, unsaved=True)
        self.show_session(session)
        self.flush()

    def open_record(self, record_id: str) -> None:
        """Open a stored record, its pack checked against the record's pin."""
        self.finish_start()
        if self.session is not None and self.session.record.id != record_id and (
                not self.flush()):
            return
        from cspr_desktop.core.records.session import ChecklistSession

        try:
            stored = self.context.store.read(record_id)
            loaded = self.context.registry.for_record(stored.record)
            session = ChecklistSession(self.context.store, loaded, stored.record,
                                       self.context.overlay, self.context.clock,
                                       stored.revision)
        except (StoreError, RecordError) as exc:  # damaged, missing, or its pack differs
            self.show_problem("The record could not be opened", str(exc))
            return
        self.show_session(session)
        if stored.record.is_completed:
            self.show_review()
            verification = self.verification()
            if verification is not None and verification.damaged:
                self.show_problem("This record is damaged", f"{verification.headline()} It is "
                                  "shown as stored, but it cannot be exported or printed. Keep "
                                  "the records file as it is and ask your IT team to restore "
                                  "the record from a backup.")

    def verification(self) -> Verification | None:
        """What re-checking the open record's seals and signatures finds, with the keys
        trusted now: once for each version of the record (a record is never changed in place:
        a save, sign-off or addendum makes a new one), however many screens ask."""
        if self.session is None:
            return None
        record = self.session.record
        if self._verified is None or self._verified[0] is not record:
            from cspr_desktop.core.records.verification import verify_record

            self._verified = (record, verify_record(record, self.context.trust()))
        return self._verified[1]

    def reshow_session(self) -> None:
        """Show the open record again, on the same screen, after its record was replaced
        (a refused save resolved: see ui.conflict)."""
        session = self.session
        if session is None:
            return
        current = self.stack.currentWidget()
        on_review, on_meeting = current is self.review, current is self.meeting
        self.show_session(session)
        if session.record.is_completed or on_review or on_meeting:
            self.show_review()
        if on_meeting:
            self.show_meeting()

    def show_session(self, session: ChecklistSession) -> None:
        self.training.close_case()  # one current session owns the window
        self._drop_pages()
        self.session = session
        from cspr_desktop.ui.checklist_page import ChecklistPage

        newer = self.context.registry.current(session.loaded.id)
        self.checklist = ChecklistPage(session, newer)
        self.checklist.review_requested.connect(self.show_review)
        self.checklist.save_failed.connect(lambda m: self.show_problem("Not saved", m))
        self.checklist.save_conflict.connect(self.conflicts.resolve)
        self.checklist.pack_switched.connect(lambda: self.show_session(session))
        self.stack.addWidget(self.checklist)
        self.stack.setCurrentWidget(self.checklist)
        self.update_record_actions()
        self.checklist.child_ref.setFocus()

    def continue_training(self, session: ChecklistSession) -> None:
        """Take a training case on to check-your-answers, signing and the meeting, in the
        window's own screens: the record stays in the training store, marked as training."""
        self.show_session(session)
        self.show_review()

    def _drop_pages(self) -> None:
        self._drop_meeting()
        for page in (self.checklist, self.review):
            if page is not None:
                self.stack.removeWidget(page)
                page.deleteLater()
        self.checklist = self.review = None

    def _drop_meeting(self) -> None:
        """Save and close the meeting screen (it is rebuilt from the record when reopened)."""
        if self.meeting is not None:
            self.meeting.flush()
            self.stack.removeWidget(self.meeting)
            self.meeting.deleteLater()
            self.meeting = None

    def show_review(self) -> None:
        if self.session is None or self.checklist is None:
            return
        self._drop_meeting()
        if self.review is not None:
            self.stack.removeWidget(self.review)
            self.review.deleteLater()
        from cspr_desktop.ui.review_page import ReviewPage

        self.review = ReviewPage(self.session, self.verification())
        self.review.change_requested.connect(self._on_change_requested)
        self.review.response_change_requested.connect(self._on_response_change_requested)
        self.review.back_requested.connect(self._back_to_checklist)
        self.review.sign_requested.connect(self.sign)
        self.review.addendum_requested.connect(self.add_addendum)
        self.review.meeting_requested.connect(self.show_meeting)
        self.stack.addWidget(self.review)
        self.stack.setCurrentWidget(self.review)
        self.review.setFocus()

    def show_meeting(self) -> None:
        """The chair's meeting screen for the open, completed record."""
        if self.session is None or not self.session.record.is_completed:
            return
        self._drop_meeting()
        from cspr_desktop.ui.meeting_page import MeetingPage

        self.meeting = MeetingPage(self.session)
        self.meeting.back_requested.connect(self.show_review)
        self.meeting.save_failed.connect(lambda m: self.show_problem("Not saved", m))
        self.meeting.save_conflict.connect(self.conflicts.resolve)
        self.meeting.meeting_signed_off.connect(lambda: self.statusBar().showMessage(
            "The meeting is signed off and can no longer be changed.", 10000))
        self.stack.addWidget(self.meeting)
        self.stack.setCurrentWidget(self.meeting)
        self.meeting.focus_field(self.meeting.first_input_name())

    def _back_to_checklist(self) -> None:
        if self.checklist is not None:
            self.stack.setCurrentWidget(self.checklist)
            self.checklist.navigator.setFocus()

    def _on_change_requested(self, qid: str) -> None:
        if self.checklist is not None:
            self.stack.setCurrentWidget(self.checklist)
            self.checklist.focus_question(qid)

    # -- record actions ----------------------------------------------------------------------
    def sign(self) -> None:
        from cspr_desktop.ui import signing

        signing.sign(self)

    def add_addendum(self) -> None:
        from cspr_desktop.ui import signing

        signing.add_addendum(self)

    def _on_response_change_requested(self, outcome_id: str) -> None:
        if self.checklist is not None:
            self.stack.setCurrentWidget(self.checklist)
            self.checklist.focus_response(outcome_id)

    def delete_draft(self, record_id: str) -> None:
        self.finish_start()
        self.record_actions.delete_draft(record_id)

    def flush(self) -> bool:
        """Save the open record now; False while a refused save awaits the user's choice."""
        session = self.session
        waiting = session is not None and session.stale
        if self.checklist is not None:
            self.checklist.flush()
        if self.meeting is not None:
            self.meeting.flush()
        if waiting:  # asked before and left for later: leaving or saving asks again
            return self.conflicts.resolve()
        return session is None or not session.stale

    def save_now(self) -> None:
        self.training.flush_case()
        if self.flush():
            self.statusBar().showMessage("Saved.", 4000)

    def close_record(self) -> None:
        if not self.flush():
            return
        self.release_record()
        self.go_home()

    def release_record(self) -> bool:
        """Save and close the open record without leaving the current screen (training takes
        the window); False, and nothing closed, while its changes await a choice."""
        if not self.flush():
            return False
        self._drop_pages()
        self.session = None
        self.update_record_actions()
        return True

    def showing_record(self) -> bool:
        """True when one of the open record's own screens is showing."""
        current = self.stack.currentWidget()
        return self.session is not None and current is not None and current in (
            self.checklist, self.review, self.meeting)

    def update_record_actions(self) -> None:
        self.training_band.setVisible(self.showing_record() and self.session is not None
                                      and self.session.record.kind == "training")
        self.record_actions.update_enabled()

    def select_in_home(self, record_id: str) -> None:
        """Select a record's row in the home list, e.g. one just imported."""
        self.home.select_record(record_id)

    def show_problem(self, headline: str, what_to_do: str) -> None:
        QMessageBox.warning(self, headline, what_to_do)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not press_focused_button(self, event):
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.flush():
            event.ignore()  # the changes are still on screen, waiting for a choice
            return
        if self._finished:
            self.record_actions.cancel_export()
        remember_window(self, self.context.store)
        super().closeEvent(event)
