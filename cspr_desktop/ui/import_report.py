"""What a receiving agency sees after an import: who signed each step, with which key, and
whether this machine trusts that key; and the question asked before accepting an unsigned
(legacy) record.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.keys import KIND_WORDS, short_fingerprint
from cspr_desktop.core.verification import SignedStep, Verification
from cspr_desktop.ui.widgets import text_label

COLUMNS = ["Step", "Signed by", "When", "Key (fingerprint)", "Trusted on this machine?"]


def _row(step: SignedStep) -> list[str]:
    trusted = f"Yes — {step.trusted_as}" if step.trusted_as else "NO — not known here"
    key = f"{KIND_WORDS.get(step.key_kind, step.key_kind)}\n{short_fingerprint(step.fingerprint)}"
    return [step.what, step.signer or "—", f"{step.signed_at:%d %b %Y %H:%M}", key, trusted]


class ImportReportDialog(QDialog):
    """The import's result, every signature in a table, and the warnings in words."""

    def __init__(self, message: str, verification: Verification,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        warnings = verification.warnings()
        self.setWindowTitle("Record imported — check who signed it" if warnings
                            else "Record imported")
        self.setMinimumWidth(860)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(message, "h2", selectable=True))
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
            self.table.addTopLevelItem(QTreeWidgetItem(_row(step)))
        for column in range(len(COLUMNS)):
            self.table.resizeColumnToContents(column)
        self.table.setMinimumHeight(40 + 44 * max(len(steps), 1))
        layout.addWidget(self.table)
        self.warning_labels = []
        for warning in warnings:
            label = text_label(f"Warning: {warning}", selectable=True)
            label.setObjectName("import-warning")
            label.setProperty("role", "banner")
            self.warning_labels.append(label)
            layout.addWidget(label)
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
