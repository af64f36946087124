"""Marks on the body map: a site, which side of the child and which view, and what it looks like.

The body-map question (`widget: body_map`) is a multi-choice question whose choice ids are body
sites. Its answer has always been a list of those ids, and still may be; each item may instead
be a mark object that narrows the site and describes it:

    {"site": "cheek", "side": "left", "view": "front",
     "size": "10 mm", "colour": "blue-purple", "shape": "round"}

Only `site` is required. `side` (the child's own left or right) is allowed on a paired site,
`view` (front or back) on a site the drawing shows from both sides, and the three notes are
short text. The rules only ever see the sites: a left cheek is a cheek, so a condition about
`cheek` holds for it, and a list of plain site ids (every record made before marks existed)
is read, evaluated and shown exactly as before.

No Qt here, and no drawing: this module is imported by the answer checkers on every
evaluation, so it stays small.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cspr_desktop.core.errors import Code
from cspr_desktop.core.rules.shown import shown as shown_value

#: Sites that come in pairs, so a mark on them can say the child's left or right.
PAIRED: frozenset[str] = frozenset({
    "eyelid", "subconjunctiva", "ear", "cheek", "angle_of_jaw", "buttocks",
    "arm", "hand", "leg", "foot",
})
#: Sites the drawing shows in both the front and the back view.
TWO_VIEWS: frozenset[str] = frozenset({"scalp", "ear", "neck", "arm", "hand", "leg", "foot"})
SIDES: tuple[str, ...] = ("left", "right")
VIEWS: tuple[str, ...] = ("front", "back")
NOTES: tuple[str, ...] = ("size", "colour", "shape")
NOTE_WORDS: dict[str, str] = {"size": "size", "colour": "colour", "shape": "shape"}
#: A note is a few words ("2 cm by 1 cm", "blue-purple", "oval"): 200 characters is ample, and
#: keeps a label, a table cell and a printed line readable.
MAX_NOTE = 200
FIELDS = frozenset({"site", "side", "view", *NOTES})


@dataclass(frozen=True, slots=True)
class Mark:
    """One mark. `side` and `view` are "" when not narrowed (a midline site, or an old record)."""

    site: str
    side: str = ""
    view: str = ""
    size: str = ""
    colour: str = ""
    shape: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two marks the same place: the site, side and view."""
        return self.site, self.side, self.view

    def notes(self) -> dict[str, str]:
        """The notes given, in NOTES order."""
        return {name: text for name in NOTES if (text := getattr(self, name))}

    def to_json(self) -> str | dict[str, str]:
        """A plain site id when nothing narrows or describes it (as records have always
        stored it), otherwise a mark object with only the fields given."""
        extra = {name: getattr(self, name) for name in ("side", "view", *NOTES)
                 if getattr(self, name)}
        return {"site": self.site, **extra} if extra else self.site


def mark_problem(item: Any, sites: frozenset[str]) -> tuple[Code, str] | None:
    """Why one item of a body-map answer cannot be a mark (a problem code and words), or None."""
    if isinstance(item, str):
        return None if item in sites else (Code.ANSWER_UNKNOWN_CHOICE,
                                            f"'{item:.40}' is not a choice.")
    if not isinstance(item, Mapping):
        return Code.ANSWER_WRONG_TYPE, "each mark must be a site id or a mark object."
    unknown = sorted(str(k) for k in item if k not in FIELDS)
    if unknown:
        return (Code.ANSWER_WRONG_TYPE, f"a mark cannot have '{unknown[0]:.40}'; use site, "
                "side, view, size, colour or shape.")
    site = item.get("site")
    if not isinstance(site, str) or site not in sites:
        return (Code.ANSWER_UNKNOWN_CHOICE, f"{shown_value(site)} is not a choice."
                if site is not None else "a mark needs a site.")
    side, view = item.get("side", ""), item.get("view", "")
    if side not in ("", *SIDES) or (side and site not in PAIRED):
        return Code.ANSWER_UNKNOWN_CHOICE, f"{shown_value(side)} is not a side of '{site}'."
    if view not in ("", *VIEWS) or (view and site not in TWO_VIEWS):
        return Code.ANSWER_UNKNOWN_CHOICE, f"{shown_value(view)} is not a view of '{site}'."
    for name in NOTES:
        text = item.get(name, "")
        if not isinstance(text, str):
            return Code.ANSWER_WRONG_TYPE, f"the {NOTE_WORDS[name]} of a mark must be text."
        if len(text) > MAX_NOTE:
            return (Code.ANSWER_TOO_LONG, f"the {NOTE_WORDS[name]} of a mark is "
                    f"{len(text):,} characters long; the limit is {MAX_NOTE}.")
    return None


def _order(mark: Mark, rank: Mapping[str, int]) -> tuple[int, int, int]:
    return (rank.get(mark.site, len(rank)), ("", *SIDES).index(mark.side),
            ("", *VIEWS).index(mark.view))


def marks_of(value: Any, order: Iterable[str] = ()) -> list[Mark]:
    """The marks in a body-map answer, leniently: anything that is not a usable mark is left
    out, the same place twice keeps the first, and they come in `order` of sites (then
    unsided before left before right, front before back)."""
    if not isinstance(value, list | tuple):
        return []
    found: dict[tuple[str, str, str], Mark] = {}
    for item in value:
        mark = _mark(item)
        if mark is not None and mark.key not in found:
            found[mark.key] = mark
    rank = {site: i for i, site in enumerate(order)}
    marks = list(found.values())
    return sorted(marks, key=lambda m: _order(m, rank)) if rank else marks


def _mark(item: Any) -> Mark | None:
    if isinstance(item, Mark):
        return item
    if isinstance(item, str):
        return Mark(item)
    if not isinstance(item, Mapping) or not isinstance(item.get("site"), str):
        return None
    site = item["site"]
    side = item.get("side", "")
    view = item.get("view", "")
    texts = {name: item.get(name, "") for name in NOTES}
    if (side not in SIDES or site not in PAIRED) and side != "":
        side = ""
    if (view not in VIEWS or site not in TWO_VIEWS) and view != "":
        view = ""
    clean = {name: text[:MAX_NOTE] if isinstance(text, str) else "" for name, text in texts.items()}
    return Mark(site, side, view, **clean)


def sites_of(value: Any) -> list[Any]:
    """The answer as the rules read it: each item's site (a left cheek is a cheek). Items that
    are not marks are passed through for the choice checker to report."""
    if not isinstance(value, list | tuple):
        return value  # type: ignore[no-any-return]
    return [item.get("site") if isinstance(item, Mapping) else item for item in value]


def where_words(mark: Mark) -> str:
    """'left', 'left, back', 'back' or '' — the side and view in words."""
    return ", ".join(part for part in (mark.side, mark.view) if part)


def mark_label(mark: Mark, labels: Mapping[str, str]) -> str:
    """'Cheek — left', 'Arm — right, back', 'Neck' — the site and where on it."""
    label = labels.get(mark.site, mark.site)
    where = where_words(mark)
    return f"{label} — {where}" if where else label


def describe_marks(marks: Iterable[Mark], labels: Mapping[str, str]) -> str:
    """Every mark in words, its notes in brackets: 'Cheek — left (size: 10 mm; colour:
    blue-purple); Ear'. Marks are separated by '; ' when any has notes, which may hold commas."""
    marks = list(marks)
    parts = []
    for mark in marks:
        notes = ", ".join(f"{NOTE_WORDS[k]}: {v}" for k, v in mark.notes().items())
        parts.append(f"{mark_label(mark, labels)} ({notes})" if notes else mark_label(mark, labels))
    return ("; " if any(m.notes() for m in marks) else ", ").join(parts)


# ----------------------------------------------------------------------------- editing marks
# The widget's clicks and ticks, as operations on a list of marks, so they are decided (and
# tested) here. A place is (site, side, view); "" means every side or view the site has.


def _cells(site: str, side: str, view: str) -> set[tuple[str, str]]:
    sides = (side,) if side else (SIDES if site in PAIRED else ("",))
    views = (view,) if view else (VIEWS if site in TWO_VIEWS else ("",))
    return {(s, v) for s in sides for v in views}


def _marks_for(site: str, cells: set[tuple[str, str]], like: Mark) -> list[Mark]:
    """The fewest marks that cover exactly `cells` of a site, each with `like`'s notes."""
    out: list[Mark] = []
    for side in ("", *SIDES):
        views = {v for s, v in cells if s == side}
        if not views:
            continue
        whole = views >= {v for _, v in _cells(site, side, "")}
        for view in ([""] if whole else sorted(views)):
            out.append(Mark(site, side, view, like.size, like.colour, like.shape))
    return out


def place_of(site: str, side: str = "", view: str = "") -> Mark:
    """A new mark for a place clicked or ticked, keeping only what the site can have."""
    return Mark(site, side if site in PAIRED else "", view if site in TWO_VIEWS else "")


def covered(marks: Iterable[Mark], place: Mark) -> bool:
    """Is any of `place` marked?"""
    want = _cells(*place.key)
    return any(m.site == place.site and _cells(*m.key) & want for m in marks)


def remove_place(marks: Iterable[Mark], place: Mark) -> list[Mark]:
    """The marks with `place` taken out of them: a mark of the whole cheek less the left is the
    right cheek (keeping its notes), a left arm less its front is the back of the left arm."""
    out: list[Mark] = []
    gone = _cells(*place.key)
    for mark in marks:
        cells = _cells(*mark.key)
        if mark.site != place.site or not cells & gone:
            out.append(mark)
        else:
            out.extend(_marks_for(mark.site, cells - gone, mark))
    return out


def toggle_place(marks: Iterable[Mark], place: Mark) -> list[Mark]:
    """A click on the drawing: unmark the place where it is marked, else mark it."""
    marks = list(marks)
    return remove_place(marks, place) if covered(marks, place) else [*marks, place]
