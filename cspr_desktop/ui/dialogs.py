"""About, Problems and crash dialogs: the three ways the app tells people things beyond screens.

Author problems go to the Problems view (file, line, code, fix); expected failures are a short
message with what to do; crashes get a dialog with details to copy, and the full log.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.errors import KeyProblem, Problem
from cspr_desktop.core.paths import bundled_file
from cspr_desktop.core.records.keys import KIND_WORDS, signing_key
from cspr_desktop.core.rules.pack_head import LoadedPack

DISCLAIMER = ("This app supports professional judgement and local safeguarding procedures; it "
              "never replaces them. It does not decide whether section 47 criteria are met: a "
              "strategy discussion decides that.")


def _text_box(text: str) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setReadOnly(True)
    box.setMinimumSize(620, 320)
    return box


LICENCE_FILES = ("LICENSE", "THIRD-PARTY-NOTICES.txt")


def licences_text() -> str:
    """The app's licence and the bundled libraries' notices (Qt's LGPL among them)."""
    parts = []
    for name in LICENCE_FILES:
        path = bundled_file(name)
        try:
            parts.append(path.read_text("utf-8"))
        except OSError:
            parts.append(f"{name} is missing from this copy of the app ({path}).")
    return "\n\n".join(parts)


class LicencesDialog(QDialog):
    """The licences, read-only and searchable with the keyboard."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Licences")
        layout = QVBoxLayout(self)
        self.text = _text_box(licences_text())
        self.text.setMinimumSize(760, 520)
        self.text.setAccessibleName("Licences of this app and the software it includes")
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def _signing_key_line(data_dir: str) -> str:
    try:
        key = signing_key(Path(data_dir))
    except KeyProblem as exc:
        return f"Signing key: not available ({exc})"
    return (f"Records made here are signed with this {KIND_WORDS[key.kind]}: "
            f"{key.fingerprint} (`cspr keys export` gives its public key to other machines)")


class AboutDialog(QDialog):
    """App and pack versions, pack sources, where data is stored, the signing key, the
    disclaimer, and the licences (a button)."""

    def __init__(self, app_version: str, packs: list[LoadedPack], data_dir: str, log_file: str,
                 overlay_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About cspr-desktop")
        layout = QVBoxLayout(self)
        lines = [f"cspr-desktop {app_version}", "", DISCLAIMER, "",
                 f"Records are stored in: {data_dir}", f"Log file: {log_file}",
                 _signing_key_line(data_dir),
                 f"Local partnership: {overlay_name or 'none chosen'}", "", "Checklists:"]
        for loaded in packs:
            pack = loaded.pack
            lines.append(f"  {pack.title} — {pack.id} {pack.version} (SHA-256 "
                         f"{loaded.sha256[:12]}…), in effect from {pack.effective_from}")
            for source in pack.sources:
                lines.append(f"    • {source.title}, {source.publisher}, {source.date}: "
                             f"{source.url}")
        self.text = _text_box("\n".join(lines))
        self.text.setAccessibleName("About this app")
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.licences = QPushButton("&Licences…")
        self.licences.setObjectName("show-licences")
        self.licences.clicked.connect(lambda: LicencesDialog(self).exec())
        buttons.addButton(self.licences, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class ProblemsDialog(QDialog):
    """Every problem in the rule files, by file, with line, code and fix."""

    def __init__(self, problems: list[Problem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Problems with rule files")
        self.setMinimumSize(760, 360)
        layout = QVBoxLayout(self)
        intro = ("No problems: every rule file loaded." if not problems else
                 f"{len(problems)} problem(s). The checklists without problems still work.")
        layout.addWidget(QLabel(intro))
        self.tree = QTreeWidget()
        self.tree.setObjectName("problems-tree")
        self.tree.setHeaderLabels(["File", "Line", "Code", "Problem and fix"])
        for problem in problems:
            item = QTreeWidgetItem([problem.file, str(problem.line), problem.code.value,
                                    f"{problem.key_path}: {problem.message} {problem.fix}"])
            item.setToolTip(3, item.text(3))
            self.tree.addTopLevelItem(item)
        self.tree.setWordWrap(True)
        self.tree.resizeColumnToContents(1)
        layout.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class CrashDialog(QDialog):
    """Something unexpected went wrong: say so plainly, offer the details to copy."""

    def __init__(self, details: str, log_file: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Something went wrong")
        layout = QVBoxLayout(self)
        message = QLabel("The app hit an unexpected problem. Your saved answers are safe. "
                         f"Copy the details below for your IT team; they are also in {log_file}.")
        message.setWordWrap(True)
        message.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(message)
        self.details = _text_box(details)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy = QPushButton("Copy Details")
        self.copy.clicked.connect(self._on_copy)
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _on_copy(self) -> None:
        QApplication.clipboard().setText(self.details.toPlainText())
        self.copy.setText("Copied")
