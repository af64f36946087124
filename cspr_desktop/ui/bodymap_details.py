"""The details of each mark on the body map: its view, size, colour and shape, as short notes.

One row per mark, in the order the answer lists them. The rows are rebuilt only when the marks
themselves change (a site, side or view added or taken away), never while someone types, so
focus stays in the field being typed in.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.bodymap.marks import MAX_NOTE, NOTES, TWO_VIEWS, Mark, mark_label
from cspr_desktop.core.bodymap.regions import SITE_LABELS

#: "Not said" leaves the mark on the whole site, so the drawing shades it in both views.
VIEW_CHOICES: tuple[tuple[str, str], ...] = (("", "Not said"), ("front", "Front"),
                                             ("back", "Back"))
NOTE_HINTS = {"size": "e.g. 10 mm", "colour": "e.g. blue-purple", "shape": "e.g. round"}
NOTE_TITLES = {"size": "Size", "colour": "Colour", "shape": "Shape"}
INTRO = ("Describe each mark as you see it. Do not estimate how old a bruise is from its "
         "colour.")



class NoteEdit(QLineEdit):
    """A note field never narrower than its example, at any text size (a fixed width cut the
    example off at 150% text)."""

    def __init__(self, text: str, hint: str) -> None:
        super().__init__(text)
        self.setPlaceholderText(hint)
        self._fit_hint()

    def _fit_hint(self) -> None:
        metrics = self.fontMetrics()
        self.setMinimumWidth(
            metrics.horizontalAdvance(self.placeholderText()) + 4 * metrics.averageCharWidth())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_hint()

class MarkDetails(QGroupBox):
    """The notes of every mark; emits `changed` with the new list of marks."""

    changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Details of each mark", parent)
        self.setObjectName("bodymap-details")
        self._marks: list[Mark] = []
        self._read_only = False
        self.fields: dict[tuple[tuple[str, str, str], str], QLineEdit] = {}
        self.views: dict[tuple[str, str, str], QComboBox] = {}
        self._refocus: tuple[str, str, str] | None = None  # a view just chosen keeps focus
        outer = QVBoxLayout(self)
        self._intro = QLabel(INTRO)
        self._intro.setWordWrap(True)
        outer.addWidget(self._intro)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(4)
        outer.addLayout(self._grid)
        self.setVisible(False)

    def set_marks(self, marks: list[Mark]) -> None:
        """Show these marks; rebuild the rows only if the places changed."""
        same_places = [m.key for m in marks] == [m.key for m in self._marks]
        self._marks = list(marks)
        if same_places:
            for mark in marks:
                for name in NOTES:
                    edit = self.fields[(mark.key, name)]
                    if edit.text() != getattr(mark, name):
                        edit.setText(getattr(mark, name))
            return
        self._rebuild()

    def inputs(self) -> list[QWidget]:
        """The fields in reading order: each mark's size, colour, shape and view."""
        out: list[QWidget] = []
        for mark in self._marks:
            out += [self.fields[(mark.key, note)] for note in NOTES]
            if mark.key in self.views:
                out.append(self.views[mark.key])
        return out

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for edit in self.fields.values():
            edit.setReadOnly(read_only)
        for combo in self.views.values():
            combo.setEnabled(not read_only)

    def _rebuild(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.fields.clear()
        self.views.clear()
        if self._marks:
            for column, words in enumerate([*(NOTE_TITLES[n] for n in NOTES), "Seen from"]):
                header = QLabel(words)
                header.setObjectName(f"bodymap-details-header-{column}")
                self._grid.addWidget(header, 0, column)
        for row, mark in enumerate(self._marks):
            self._add_row(1 + row * 2, mark)
        self.setVisible(bool(self._marks))
        combo = self.views.get(self._refocus) if self._refocus else None
        self._refocus = None
        if combo is not None:
            combo.setFocus()

    def _add_row(self, row: int, mark: Mark) -> None:
        name = mark_label(mark, SITE_LABELS)
        title = QLabel(name)
        title.setObjectName(f"bodymap-mark-{'-'.join(p for p in mark.key if p)}")
        title.setStyleSheet("font-weight: bold")
        self._grid.addWidget(title, row, 0, 1, 4)
        for column, note in enumerate(NOTES):
            edit = NoteEdit(getattr(mark, note), NOTE_HINTS[note])
            edit.setMaxLength(MAX_NOTE)
            edit.setAccessibleName(f"{name}: {note}")
            edit.setReadOnly(self._read_only)
            edit.textEdited.connect(lambda text, k=mark.key, n=note: self._note_edited(k, n, text))
            self._grid.addWidget(edit, row + 1, column)
            self.fields[(mark.key, note)] = edit
        if mark.site in TWO_VIEWS:
            combo = QComboBox()
            for value, words in VIEW_CHOICES:
                combo.addItem(words, value)
            combo.setCurrentIndex([v for v, _ in VIEW_CHOICES].index(mark.view))
            combo.setAccessibleName(f"{name}: seen from")
            combo.setEnabled(not self._read_only)
            combo.activated.connect(lambda _i, c=combo, k=mark.key: self._view_chosen(k, c))
            self._grid.addWidget(combo, row + 1, len(NOTES))
            self.views[mark.key] = combo

    def _note_edited(self, key: tuple[str, str, str], note: str, text: str) -> None:
        if self._read_only:
            return
        self._marks = [replace(m, **{note: text}) if m.key == key else m for m in self._marks]
        self.changed.emit(list(self._marks))

    def _view_chosen(self, key: tuple[str, str, str], combo: QComboBox) -> None:
        view = combo.currentData()
        if self._read_only or view == key[2]:
            return
        marks: list[Mark] = []
        for old in self._marks:
            mark = replace(old, view=view) if old.key == key else old
            if old.key == key:
                self._refocus = mark.key
            if all(m.key != mark.key for m in marks):  # the same place twice: keep the first
                marks.append(mark)
        self.changed.emit(marks)
