"""Walk Qt's accessibility tree as a screen reader does, from a window down."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QWidget

Role = QAccessible.Role
INTERACTIVE = {Role.PushButton, Role.CheckBox, Role.RadioButton, Role.EditableText,
               Role.ComboBox, Role.SpinBox, Role.Link, Role.ButtonMenu, Role.ButtonDropDown,
               Role.Slider, Role.PageTab, Role.List, Role.Table, Role.Tree, Role.Graphic}
CONTROLS = INTERACTIVE - {Role.Graphic}


def walk(interface: QAccessibleInterface, depth: int = 0) -> Iterator[QAccessibleInterface]:
    """Every interface under `interface` that is not invisible, depth first."""
    if depth > 60 or interface.state().invisible:
        return
    yield interface
    for index in range(interface.childCount()):
        child = interface.child(index)
        if child is not None and child.isValid():
            yield from walk(child, depth + 1)


def tree(widget: QWidget) -> Iterator[QAccessibleInterface]:
    root = QAccessible.queryAccessibleInterface(widget)
    assert root is not None
    yield from walk(root)


def describe(interface: QAccessibleInterface) -> str:
    obj = interface.object()
    name = obj.objectName() if obj is not None else ""
    text = interface.text(QAccessible.Text.Name)
    return f"{interface.role().name}:{type(obj).__name__}:{name}:{text!r}"


def nameless(widget: QWidget) -> list[str]:
    """Interactive controls a screen reader would announce without a name."""
    return [describe(i) for i in tree(widget) if i.role() in CONTROLS
            and not i.text(QAccessible.Text.Name).strip()]
