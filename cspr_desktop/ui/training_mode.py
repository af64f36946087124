"""Training mode in the main window: the Training menu, presenter view, and the training screens.

A small controller beside the main window (like `record_actions`), so the window itself only
creates it. It owns everything that keeps training apart from real work:

- training screens (library and open case) live in the window's stack but use the separate
  training store (`AppContext.training_store`), so a training record can never be listed,
  opened, exported or deleted as a real one;
- one session owns the window: showing a training screen first saves and closes the real
  record that was open (so Export and Print can never act on a hidden real record), and
  opening a real record closes the training case;
- while one of them is showing, the window title starts with TRAINING and the screens carry a
  band saying `TRAINING — FICTIONAL CASE` (the band is part of each screen, so no setting or
  stray code path can show a training case without it);
- "Clear training records" empties the training store only, after asking;
- the View menu gets zoom (Ctrl+Plus, Ctrl+Minus, Ctrl+0) and High contrast, remembered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from cspr_desktop.core.records.store import Store, StoreError
from cspr_desktop.core.report.plain_text import TRAINING_MARK

# The training screens and cases load when training is first used, not with the window.
if TYPE_CHECKING:
    from cspr_desktop.core.training.cases import Library
    from cspr_desktop.ui.main_window import MainWindow
    from cspr_desktop.ui.training_case import TrainingCasePage
    from cspr_desktop.ui.training_library import TrainingLibraryPage

ZOOM_IN_KEYS = ("Ctrl++", "Ctrl+=")
ZOOM_OUT_KEYS = ("Ctrl+-",)


class TrainingMode(QObject):
    """The Training menu and screens, and presenter view, for one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.context = window.context
        self.presenter = window.presenter  # applied by the window before it first painted
        self.library_page: TrainingLibraryPage | None = None
        self.case: TrainingCasePage | None = None
        self.library: Library | None = None
        self._real_title = window.windowTitle()
        self._build_menus()
        window.stack.currentChanged.connect(self._on_screen_changed)
        window.installEventFilter(self)

    # -- menus -------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        window = self.window
        menu = window.menus["training"]  # its title is on the menu bar from the start
        self.library_action = self._add(menu, "Scenario &library…", self.show_library,
                                        ["Ctrl+Shift+L"])
        self.clear_action = self._add(menu, "&Clear training records…", self.clear_training)
        view = window.menus["view"]
        view.addSeparator()
        zoom_in = [*QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn)]
        self.zoom_in_action = self._add(view, "Zoom &in (larger text)",
                                        lambda: self._zoom(+1), [*zoom_in, *ZOOM_IN_KEYS])
        zoom_out = [*QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomOut)]
        self.zoom_out_action = self._add(view, "Zoom &out (smaller text)",
                                         lambda: self._zoom(-1), [*zoom_out, *ZOOM_OUT_KEYS])
        self.zoom_reset_action = self._add(view, "&Actual size", self._reset_zoom, ["Ctrl+0"])
        self.contrast_action = self._add(view, "&High contrast", self._on_contrast_toggled,
                                         ["Ctrl+Shift+H"])
        self.contrast_action.setCheckable(True)
        self.contrast_action.setChecked(self.presenter.high_contrast)

    def _add(self, menu: QMenu, text: str, slot: Callable[[], object],
             keys: Sequence[QKeySequence | str] = ()) -> QAction:
        action = QAction(text, self.window)
        if keys:
            sequences: list[QKeySequence] = []
            for key in keys:
                sequence = QKeySequence(key)
                if sequence not in sequences:
                    sequences.append(sequence)
            action.setShortcuts(sequences)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # -- presenter view ----------------------------------------------------------------------
    def _zoom(self, steps: int) -> None:
        self._remember(lambda: self.presenter.zoom_by(steps))
        self.window.statusBar().showMessage(f"Text size {self.presenter.percent}%", 4000)

    def _reset_zoom(self) -> None:
        self._remember(self.presenter.reset_zoom)
        self.window.statusBar().showMessage("Text size 100%", 4000)

    def _on_contrast_toggled(self) -> None:
        on = self.contrast_action.isChecked()
        self._remember(lambda: self.presenter.set_high_contrast(on))

    def _remember(self, change: Callable[[], None]) -> None:
        """Apply a presenter change; if the setting cannot be saved, say so and carry on."""
        try:
            change()
        except StoreError as exc:
            self.window.statusBar().showMessage(f"Not remembered for next time: {exc}", 8000)

    # -- screens -----------------------------------------------------------------------------
    def training_store(self) -> Store | None:
        try:
            return self.context.training_store()
        except StoreError as exc:
            self.window.show_problem("Training records cannot be kept", str(exc))
            return None

    def _library_page(self) -> TrainingLibraryPage:
        if self.library_page is None:
            from cspr_desktop.ui.training_library import TrainingLibraryPage

            titles = {p.id: p.title for p in self.context.registry.current_packs()}
            page = TrainingLibraryPage(titles)
            page.open_requested.connect(self.open_scenario)
            page.folder_chosen.connect(self.choose_folder)
            page.clear_requested.connect(self.clear_training)
            page.home_requested.connect(self.window.go_home)
            self.window.stack.addWidget(page)
            self.library_page = page
        return self.library_page

    def show_library(self) -> None:
        """Load (or reload) every scenario under the current rules and show the library."""
        store = self.training_store()
        if store is None or not self.window.release_record():
            return
        from cspr_desktop.core.training.cases import folder_setting, load_library

        page = self._library_page()
        self.library = load_library(self.context.registry, folder_setting(self.context.store))
        page.show_library(self.library, len(store.summaries()))
        self.window.stack.setCurrentWidget(page)
        page.tree.setFocus()

    def choose_folder(self, text: str) -> None:
        """Remember the trainer's own folder (in the real store's settings) and reload."""
        from cspr_desktop.core.training.cases import SETTING_SCENARIO_FOLDER

        try:
            self.context.store.set_setting(SETTING_SCENARIO_FOLDER, text)
        except StoreError as exc:
            self.window.show_problem("The folder was not remembered", str(exc))
            return
        self.show_library()

    def open_scenario(self, path: Path) -> None:
        """Open a scenario as a new training record, in the training store."""
        entry = self.library.find(Path(path)) if self.library else None
        store = self.training_store()
        if entry is None or entry.scenario is None or store is None:
            return
        if not self.window.release_record():
            return
        from cspr_desktop.core.records.session import ChecklistSession
        from cspr_desktop.core.training.cases import open_case
        from cspr_desktop.ui.training_case import TrainingCasePage

        case = open_case(entry.scenario, self.context.registry, self.context.clock(), store.exists)
        if case is None:
            self.window.show_problem("This scenario cannot be opened",
                                     "No installed version of its checklist matches it. "
                                     "See its problems in the library.")
            return
        session = ChecklistSession(store, case.loaded, case.record, case.overlay,
                                   self.context.clock, unsaved=True)
        self._drop_case()
        page = TrainingCasePage(session, case.what_if)
        page.library_requested.connect(self.show_library)
        page.checklist.review_requested.connect(lambda: self.window.continue_training(session))
        page.save_failed.connect(lambda m: self.window.show_problem("Not saved", m))
        self.case = page
        self.window.stack.addWidget(page)
        self.window.stack.setCurrentWidget(page)
        page.flush()
        page.checklist.navigator.setFocus()

    def _drop_case(self) -> None:
        if self.case is not None:
            self.case.flush()
            self.window.stack.removeWidget(self.case)
            self.case.deleteLater()
            self.case = None

    def close_case(self) -> None:
        """Save and close the open training case (a real record is taking the window)."""
        self._drop_case()

    def flush_case(self) -> None:
        """Save the open training case now (File → Save on a training screen)."""
        if self.case is not None:
            self.case.flush()

    def clear_training(self) -> None:
        """After asking, delete every training record; real records are never touched."""
        store = self.training_store()
        if store is None:
            return
        answer = QMessageBox.question(
            self.window, "Clear training records?",
            "Every training record on this computer will be deleted. Real records are kept "
            "apart and are not touched.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        showing_case = self.case is not None and self.window.stack.currentWidget() is self.case
        self._drop_case()
        try:
            cleared = store.clear_all()
        except StoreError as exc:
            self.window.show_problem("Training records were not cleared", str(exc))
            return
        if showing_case or self.library_page is not None:
            self.show_library()
        self.window.statusBar().showMessage(
            f"Cleared {cleared} training record{'s' if cleared != 1 else ''}. Real records "
            "were not touched.", 10000)

    def is_training_screen(self, widget: QWidget | None) -> bool:
        """The library, a case, or a training record's check-your-answers, checklist or
        meeting screen."""
        window = self.window
        if widget is None:
            return False
        if widget in (self.library_page, self.case):
            return True
        session = window.session
        return (session is not None and session.record.kind == "training"
                and widget in (window.checklist, window.review, window.meeting))

    def _on_screen_changed(self, _index: int) -> None:
        """TRAINING in the title while a training screen shows; save the case when leaving."""
        current = self.window.stack.currentWidget()
        title = self.window.windowTitle()
        if self.is_training_screen(current):
            if not title.startswith("TRAINING"):
                self._real_title = title
                self.window.setWindowTitle(f"{TRAINING_MARK} — {title}")
        else:
            if title.startswith("TRAINING"):
                self.window.setWindowTitle(self._real_title)
            if self.case is not None:
                self.case.flush()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and self.case:
            self.case.flush()  # the window's own flush knows only real records
        return super().eventFilter(watched, event)
