"""What a receiving agency sees after an import: who signed each step, with which key, and
whether this machine trusts that key; and the question asked before accepting an unsigned
(legacy) record.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.records.keys import KIND_WORDS, short_fingerprint
from cspr_desktop.core.records.verification import SignedStep, Verification
from cspr_desktop.ui.theme import ERROR_COLOUR
from cspr_desktop.ui.widgets import text_label

COLUMNS = ["Step", "Signed by", "When", "Key trusted on this machine?", "Key (fingerprint)"]
TRUST_COLUMN = 3


def _row(step: SignedStep) -> QTreeWidgetItem:
    trusted = f"Yes — {step.trusted_as}" if step.trusted_as else "NO — not known here"
    key = f"{KIND_WORDS.get(step.key_kind, step.key_kind)} {short_fingerprint(step.fingerprint)}"
    item = QTreeWidgetItem([step.what, step.signer or "—", f"{step.signed_at:%d %b %Y %H:%M}",
                            trusted, key])
    if not step.trusted_as:
        font = item.font(TRUST_COLUMN)
        font.setBold(True)
        item.setFont(TRUST_COLUMN, font)
        item.setForeground(TRUST_COLUMN, QBrush(QColor(ERROR_COLOUR)))
    return item


class ImportReportDialog(QDialog):
    """The import's result, every signature in a table, and the warnings in words."""

    def __init__(self, message: str, verification: Verification,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        warnings = verification.warnings()
        self.setWindowTitle("Record imported — check who signed it" if warnings
                            else "Record imported")
        self.setMinimumWidth(1180)
        layout = QVBoxLayout(self)
        headline = text_label(message, "h2", selectable=True)
        headline.setAccessibleDescription("")  # the message itself, not a heading
        layout.addWidget(headline)
        status = text_label(verification.headline(), "h3", selectable=True)
        status.setObjectName("import-status")
        layout.addWidget(status)
        self.table = QTreeWidget()
        self.table.setObjectName("import-signatures")
        self.table.setAccessibleName("Signatures on this record")
        self.table.setHeaderLabels(COLUMNS)
        self.table.setRootIsDecorated(False)
        self.table.setWordWrap(True)
        steps = [*verification.steps, *([verification.exported] if verification.exported
                                        else [])]
        for step in steps:
            self.table.addTopLevelItem(_row(step))
        for column in range(len(COLUMNS)):
            self.table.resizeColumnToContents(column)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        line = self.table.fontMetrics().height() + 10
        self.table.setFixedHeight(line * (max(len(steps), 1) + 1) + 12)
        layout.addWidget(self.table)
        self.warning_labels = []
        for warning in warnings:
            label = text_label(f"Warning: {warning}", selectable=True)
            label.setObjectName("import-warning")
            label.setProperty("role", "banner")
            self.warning_labels.append(label)
            layout.addWidget(label)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def ask_import_unsigned(parent: QWidget, explanation: str) -> bool:
    """Ask before accepting a legacy (unsigned) record; the safe answer, No, is the default."""
    answer = QMessageBox.warning(
        parent, "This record is not signed",
        f"{explanation}\n\nImport it anyway? It will be shown as UNSIGNED (legacy) wherever "
        "it appears.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
