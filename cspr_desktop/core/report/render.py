"""The discussion record as one view model, and that view rendered as HTML (jinja2).

`record_view` turns a record (plus, when available, its pack and the local overlay) into plain,
already-worded, sanitised text: every format (HTML here, DOCX in `export_docx`, PDF from the
HTML) is built from it, so they cannot drift apart. `render_html` fills the one template,
`resources/templates/discussion_record.html.j2`, with autoescaping on for everything.

User text is never trusted: `clean_text` makes control characters visible (U+FFFD) and
neutralises bidirectional overrides, and the template escapes everything it prints.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Iterator
from dataclasses import fields, is_dataclass, replace
from typing import Any

import jinja2
from markupsafe import Markup

from cspr_desktop.core.paths import resources_dir
from cspr_desktop.core.records.records import Record
from cspr_desktop.core.report.evaluation_view import guidance_view
from cspr_desktop.core.report.plain_text import MARKING, MARKING_LINE, TRAINING_MARK, clean_text
from cspr_desktop.core.report.view_model import NO_MEETING, PageFacts, RecordView, Table, when
from cspr_desktop.core.report.view_parts import (
    addenda_view,
    answers_view,
    at_a_glance,
    body_map_caption,
    brief_view,
    checklist_title,
    contacts_view,
    footer_view,
    header_view,
    meeting_view,
    signoffs_view,
)
from cspr_desktop.core.rules.overlay import Overlay
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.version import app_version as installed_version

TEMPLATE = "discussion_record.html.j2"

__all__ = ["MARKING", "TRAINING_MARK", "RecordView", "clean_text", "pack_label", "record_view",
           "render_html", "view_html", "view_strings"]


def pack_label(record: Record, pack: LoadedPack | None = None) -> str:
    """How a record's checklist is named in page footers: its title and version, e.g.
    'Bruising or injury in a baby who is not independently mobile, version 1.0.0'."""
    return clean_text(f"{checklist_title(record, _matching_pack(record, pack))}, "
                      f"version {record.pack_version}")


def _matching_pack(record: Record, pack: LoadedPack | None) -> LoadedPack | None:
    """The pack only if it is the one the record was made with (same id and version)."""
    if pack is None or pack.id != record.pack_id or pack.version != record.pack_version:
        return None
    return pack


def record_view(record: Record, pack: LoadedPack | None = None, overlay: Overlay | None = None,
                *, app_version: str | None = None) -> RecordView:
    """Everything the discussion record shows, in words, in order, with user text sanitised."""
    loaded = _matching_pack(record, pack)
    guidance = guidance_view(record, loaded, overlay)
    svg = record.body_map_svg
    data_uri = ""
    if svg:
        encoded = base64.b64encode(svg.encode("utf-8", errors="replace")).decode("ascii")
        data_uri = f"data:image/svg+xml;base64,{encoded}"
    header = header_view(record, loaded)
    header = replace(header, facts=(*header.facts, *at_a_glance(guidance, record.meeting)))
    return RecordView(
        header=header,
        no_meeting=NO_MEETING if record.meeting is None else "",
        meeting=meeting_view(record.meeting),
        brief=brief_view(guidance, record.meeting, record.responses),
        signoffs=signoffs_view(record),
        addenda=addenda_view(record),
        answers=answers_view(record, loaded, guidance.visible),
        guidance=guidance,
        contacts=contacts_view(overlay),
        body_map_data_uri=data_uri,
        body_map_caption=body_map_caption(record, loaded) if svg else "",
        footer=footer_view(record, app_version or installed_version(), loaded),
        page=PageFacts(header.record_id, pack_label(record, loaded), header.training),
    )


def _finalize(value: Any) -> Any:
    """Every value the template prints passes through here before escaping."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return clean_text(value)
    return value


def _css_string(value: str) -> Markup:
    """A CSS string literal (for @page boxes): every character but letters, digits and spaces
    is written as a CSS escape, so nothing in it can end the string or the style sheet."""
    out = []
    for char in clean_text(value):
        out.append(char if char.isascii() and (char.isalnum() or char == " ")
                   else f"\\{ord(char):06x}")
    return Markup('"' + "".join(out) + '"')


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resources_dir() / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = _css_string
    env.filters["when"] = when
    return env


def render_html(record: Record, pack: LoadedPack | None = None, overlay: Overlay | None = None,
                *, app_version: str | None = None) -> str:
    """The whole discussion record as a standalone HTML page with a print style sheet."""
    return view_html(record_view(record, pack, overlay, app_version=app_version))


def view_html(view: RecordView, *, paper: bool = False) -> str:
    """The view as HTML. `paper`: for the PDF and the print preview, whose painted header and
    footer carry the marking on every page (`view.page`), so the HTML's own marking lines,
    which would only repeat it, are left out."""
    return _environment().get_template(TEMPLATE).render(
        view=view, marking=view.page.marking,
        marking_line=Markup("" if paper else MARKING_LINE),
        training_mark=view.page.training_mark)


# `page` repeats the header's facts for the painted pages of the PDF.
_NOT_SHOWN = frozenset({"body_map_data_uri", "level", "kind", "visible", "outcome_id",
                        "outcome_ids", "page"})


def view_strings(view: object) -> Iterator[str]:
    """Every piece of text a reader sees, in order (tests use it to prove that no format
    drops any): not the picture data, class names or ids kept for the renderers."""
    if isinstance(view, str):
        yield view
    elif isinstance(view, Table):
        yield from view.columns
        yield from (cell for row in view.rows for cell in row)
        if not view.rows:
            yield view.empty
    elif is_dataclass(view) and not isinstance(view, type):
        for field in fields(view):
            if field.name not in _NOT_SHOWN:
                yield from view_strings(getattr(view, field.name))
    elif isinstance(view, tuple | list):
        for item in view:
            yield from view_strings(item)
