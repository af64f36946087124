"""The window's Help and View information: the user guide (or a question's own help), About,
and the problems found in the rule files. Dialogs load when asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cspr_desktop.ui.main_window import MainWindow


def show_problems(window: MainWindow) -> None:
    from cspr_desktop.ui.dialogs import ProblemsDialog

    ProblemsDialog(window.context.registry.problems, window).exec()


def show_about(window: MainWindow) -> None:
    from cspr_desktop.ui.dialogs import AboutDialog

    context = window.context
    AboutDialog(context.app_version, context.registry.current_packs(), str(context.data_dir),
                str(context.log_file), context.overlay.partnership if context.overlay else "",
                window).exec()


def show_help(window: MainWindow) -> None:
    """F1: the focused question's help when a checklist is showing, else the user guide."""
    checklist = window.checklist
    if (checklist is not None and window.stack.currentWidget() is checklist
            and checklist.toggle_focused_help()):
        return
    from cspr_desktop.ui.user_guide import UserGuide

    guide = UserGuide(window)
    guide.exec()
    guide.deleteLater()
