"""The training scenario library: fictional cases by checklist, each with its narrative and a
mark (words and an icon) saying whether it still gives its expected outcomes.

The page only shows a `core.training.Library` and says what the trainer asked for through
signals; the training controller (`ui.training_mode`) loads, opens and clears. A trainer's own
folder is typed or browsed here and its problems are listed in the page itself, in the same
`file:line: CODE message` form `cspr scenarios` prints, so an author can fix them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.rules.outcome_text import fill
from cspr_desktop.core.training.cases import MARK_WORDS, Library, LibraryEntry, Mark, Source
from cspr_desktop.ui.theme import level_style
from cspr_desktop.ui.training_band import training_band
from cspr_desktop.ui.widgets import FittingScrollArea, text_label

PATH_ROLE = Qt.ItemDataRole.UserRole
MARK_SHORT = {
    Mark.AS_EXPECTED: "As expected",
    Mark.DIFFERENT: "Outcomes differ",
    Mark.PROBLEMS: "File has problems",
    Mark.BROKEN: "Cannot open",
}
MARK_ICONS = {
    Mark.AS_EXPECTED: QStyle.StandardPixmap.SP_DialogApplyButton,
    Mark.DIFFERENT: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Mark.PROBLEMS: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Mark.BROKEN: QStyle.StandardPixmap.SP_MessageBoxCritical,
}


def mark_icon(mark: Mark) -> QIcon:
    return QApplication.style().standardIcon(MARK_ICONS[mark])


class ScenarioDetails(FittingScrollArea):
    """The chosen scenario: title, checklist, mark, narrative, what it expects, problems."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scenario-details")
        self.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        self.box = QVBoxLayout(content)
        self.title = text_label("Choose a scenario", "h2", selectable=True)
        self.where = text_label("", "secondary")
        self.mark_row = QFrame()
        self.mark_row.setProperty("role", "banner")
        self.mark_row.setObjectName("scenario-mark")
        row = QHBoxLayout(self.mark_row)
        self.mark_icon = QLabel()
        self.mark_words = text_label("", "h3")
        row.addWidget(self.mark_icon)
        row.addWidget(self.mark_words, 1)
        self.narrative = text_label("", selectable=True)
        self.narrative.setObjectName("scenario-narrative")
        self.expected = text_label("", "secondary", selectable=True)
        self.problems = text_label("", "error", selectable=True)
        self.problems.setObjectName("scenario-problems")
        self.open_button = QPushButton("Open as a training record")
        self.open_button.setObjectName("open-scenario")
        self.open_button.setProperty("role", "primary")
        for widget in (self.title, self.where, self.mark_row, self.narrative, self.expected,
                       self.problems):
            self.box.addWidget(widget)
        self.box.addWidget(self.open_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.box.addStretch(1)
        self.setWidget(content)
        self.show_entry(None, "")

    def show_entry(self, entry: LibraryEntry | None, checklist: str) -> None:
        visible = entry is not None
        for widget in (self.where, self.mark_row, self.narrative, self.expected):
            widget.setVisible(visible)
        self.open_button.setVisible(visible)
        if entry is None:
            self.title.setText("Choose a scenario")
            self.problems.setVisible(False)
            return
        scenario = entry.scenario
        self.title.setText(entry.title)
        origin = "your own folder" if entry.source == Source.OWN else "the checklist's scenarios"
        self.where.setText(f"Checklist: {checklist or 'unknown'} · From {origin} · "
                           f"File {entry.path.name}")
        self.mark_icon.setPixmap(mark_icon(entry.mark).pixmap(24, 24))
        self.mark_words.setText(MARK_WORDS[entry.mark])
        self.mark_row.setAccessibleName(MARK_WORDS[entry.mark])
        self.narrative.setText(scenario.narrative.strip() if scenario else "")
        self.expected.setText(_expected_text(entry))
        lines = entry.problem_lines()
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        self.open_button.setEnabled(entry.can_open)
        self.open_button.setAccessibleName(f"Open as a training record: {entry.title}")


def _expected_text(entry: LibraryEntry) -> str:
    """What the scenario expects, in outcome titles and level words."""
    scenario, evaluation = entry.scenario, entry.result.evaluation
    if scenario is None:
        return ""
    titles: dict[str, str] = {}
    if evaluation is not None:
        params = evaluation.parameters
        titles = {o.id: fill(o.title, params) for o in evaluation.pack.outcomes}
    level = scenario.expect.level
    parts = [f"Expected overall level: {level_style(level.value).words}"] if level else []
    parts.append("Expected guidance:" if scenario.expect.outcomes else "Expected guidance: "
                 "none named")
    parts.extend(f"• {titles.get(o, o)}" for o in scenario.expect.outcomes)
    return "\n".join(parts)


class TrainingLibraryPage(QWidget):
    """Browse scenarios by checklist and open one as a training record."""

    open_requested = Signal(object)  # the scenario file's Path
    folder_chosen = Signal(str)  # '' to stop using an own folder
    clear_requested = Signal()
    home_requested = Signal()

    def __init__(self, pack_titles: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training-library")
        self.pack_titles = pack_titles
        self.library: Library | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(training_band())
        body = QVBoxLayout()
        body.setContentsMargins(9, 6, 9, 9)
        layout.addLayout(body, 1)
        body.addWidget(text_label("Training scenarios", "h1"))
        body.addWidget(text_label(
            "Fictional cases for teaching. Opening one makes a training record, kept apart "
            "from real records; change any answer to show the room how the guidance "
            "responds.", "secondary"))
        body.addLayout(self._folder_row())
        self.folder_problems = text_label("", "error", selectable=True)
        self.folder_problems.setObjectName("folder-problems")
        self.folder_problems.setVisible(False)
        body.addWidget(self.folder_problems)
        self.tree = QTreeWidget()
        self.tree.setObjectName("scenario-tree")
        self.tree.setAccessibleName("Scenarios by checklist")
        self.tree.setHeaderLabels(["Scenario", "Under the current rules"])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.setWordWrap(True)
        self.tree.currentItemChanged.connect(self._on_tree_current)
        self.tree.itemActivated.connect(lambda item, _col: self._open_item(item))
        self.details = ScenarioDetails()
        self.details.open_button.clicked.connect(self._on_open_clicked)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        body.addWidget(splitter, 1)
        body.addLayout(self._bottom_row())

    def _folder_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel("Your own scenarios folder:")
        self.folder = QLineEdit()
        self.folder.setObjectName("scenario-folder")
        self.folder.setAccessibleName("Your own scenarios folder")
        self.folder.setPlaceholderText("None: only the checklists' own scenarios are shown")
        self.folder.returnPressed.connect(self._on_use_folder)
        label.setBuddy(self.folder)
        browse = QPushButton("&Browse…")
        browse.setObjectName("browse-folder")
        browse.clicked.connect(self._on_browse)
        self.use_folder = QPushButton("&Use this folder")
        self.use_folder.setObjectName("use-folder")
        self.use_folder.clicked.connect(self._on_use_folder)
        self.stop_folder = QPushButton("S&top using it")
        self.stop_folder.setObjectName("stop-folder")
        self.stop_folder.clicked.connect(lambda: self.folder_chosen.emit(""))
        for widget in (label, self.folder, browse, self.use_folder, self.stop_folder):
            row.addWidget(widget, 1 if widget is self.folder else 0)
        return row

    def _bottom_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.count = text_label("", "secondary")
        self.count.setObjectName("training-count")
        self.clear_button = QPushButton("&Clear training records…")
        self.clear_button.setObjectName("clear-training")
        self.clear_button.clicked.connect(self.clear_requested)
        home = QPushButton("Back to &home")
        home.setObjectName("training-home")
        home.clicked.connect(self.home_requested)
        row.addWidget(self.count, 1)
        row.addWidget(self.clear_button)
        row.addWidget(home)
        return row

    # -- showing -----------------------------------------------------------------------------
    def show_library(self, library: Library, training_count: int) -> None:
        """Fill the tree by checklist, keeping the chosen scenario chosen if it is still there."""
        current = self.current_path()
        self.library = library
        self.folder.setText(str(library.own_folder) if library.own_folder else "")
        self.stop_folder.setEnabled(library.own_folder is not None)
        self.folder_problems.setText("\n".join(library.folder_problems))
        self.folder_problems.setVisible(bool(library.folder_problems))
        self.tree.clear()
        groups = library.by_pack()
        for pack_id in sorted(groups, key=lambda p: (p == "", self.pack_titles.get(p, p))):
            entries = sorted(groups[pack_id], key=lambda e: (e.source != Source.PACK, e.title))
            name = self.pack_titles.get(pack_id, pack_id) or "Files that name no checklist"
            group = QTreeWidgetItem([f"{name} ({len(entries)})", ""])
            group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(group)
            for entry in entries:
                group.addChild(self._item(entry))
            group.setExpanded(True)
        self.set_training_count(training_count)
        self.select(current)

    def _item(self, entry: LibraryEntry) -> QTreeWidgetItem:
        suffix = " — your folder" if entry.source == Source.OWN else ""
        item = QTreeWidgetItem([entry.title + suffix, MARK_SHORT[entry.mark]])
        item.setData(0, PATH_ROLE, str(entry.path))
        item.setIcon(1, mark_icon(entry.mark))
        item.setToolTip(1, MARK_WORDS[entry.mark])
        item.setData(1, Qt.ItemDataRole.AccessibleTextRole, MARK_WORDS[entry.mark])
        return item

    def set_training_count(self, count: int) -> None:
        self.count.setText(f"{count} training record{'s' if count != 1 else ''} on this "
                           "computer, kept apart from real records.")
        self.clear_button.setEnabled(count > 0)

    def items(self) -> list[QTreeWidgetItem]:
        """Every scenario row (not the checklist headings), top to bottom."""
        found: list[QTreeWidgetItem] = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is not None:
                found.extend(c for c in (group.child(j) for j in range(group.childCount()))
                             if c is not None)
        return found

    def select(self, path: Path | None) -> None:
        """Make a scenario current (the first one when `path` is not in the tree)."""
        rows = self.items()
        chosen = next((r for r in rows if path and r.data(0, PATH_ROLE) == str(path)), None)
        chosen = chosen or (rows[0] if rows else None)
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        else:
            self.details.show_entry(None, "")

    def current_path(self) -> Path | None:
        item = self.tree.currentItem()
        text = item.data(0, PATH_ROLE) if item is not None else None
        return Path(text) if isinstance(text, str) else None

    # -- reacting ----------------------------------------------------------------------------
    def _on_tree_current(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        path = self.current_path() if item is not None else None
        entry = self.library.find(path) if self.library and path else None
        checklist = self.pack_titles.get(entry.pack_id, entry.pack_id) if entry else ""
        self.details.show_entry(entry, checklist)

    def _open_item(self, item: QTreeWidgetItem) -> None:
        text = item.data(0, PATH_ROLE)
        entry = self.library.find(Path(text)) if self.library and isinstance(text, str) else None
        if entry is not None and entry.can_open:
            self.open_requested.emit(entry.path)

    def _on_open_clicked(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self._open_item(item)

    def _on_use_folder(self) -> None:
        self.folder_chosen.emit(self.folder.text().strip())

    def _on_browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose your scenarios folder",
                                                  self.folder.text() or str(Path.home()))
        if chosen:
            self.folder.setText(chosen)
            self._on_use_folder()
