"""What makes the Word copy usable with a screen reader, and honest about itself.

python-docx starts from a template whose properties say "python-docx", dated 2013, whose
language is US English, and whose headings are theme blue (#4F81BD, 4.0:1 on white: too faint
to read for many). Here the properties come from the record (`core.doc_properties`), the
language is British English, the headings are the record's near-black (#0B0C0C, 19.6:1), and
the body map picture carries alt text that lists the marks in words.
"""

from __future__ import annotations

from datetime import UTC

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shape import InlineShape
from docx.shared import RGBColor

from cspr_desktop.core.report.doc_properties import DocumentProperties
from cspr_desktop.core.report.plain_text import MARKING

HEADING_COLOUR = RGBColor(0x0B, 0x0C, 0x0C)  # the HTML's text colour
HEADING_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3")
THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_properties(doc: DocxDocument, properties: DocumentProperties) -> None:
    """Title, author, subject, keywords, language and the record's own dates."""
    core = doc.core_properties
    core.title = properties.title
    core.author = properties.author
    core.last_modified_by = properties.author
    core.subject = properties.subject
    core.keywords = properties.keywords
    core.language = properties.language
    core.category = MARKING
    core.comments = f"Exported by {properties.creator}"
    core.created = properties.created.astimezone(UTC)  # python-docx writes it as UTC
    core.modified = properties.modified.astimezone(UTC)
    core.revision = 1
    _default_language(doc, properties.language)


def _default_language(doc: DocxDocument, language: str) -> None:
    """Every run's language unless it says otherwise: how Word and screen readers speak it."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    run_properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if run_properties is None:
        return
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)


def style_headings(doc: DocxDocument, font: str) -> None:
    """Headings in the body's font and near-black: the theme's blue and fonts taken off."""
    for name in HEADING_STYLES:
        style = doc.styles[name]
        style.font.color.rgb = HEADING_COLOUR  # replaces the theme colour, not beside it
        style.font.name = font
        run_properties = style.element.rPr
        fonts = run_properties.find(qn("w:rFonts")) if run_properties is not None else None
        if fonts is not None:
            for attribute in THEME_FONT_ATTRIBUTES:
                fonts.attrib.pop(qn(attribute), None)


def describe_picture(picture: InlineShape, title: str, alt_text: str) -> None:
    """The picture's name and alt text (Word's Alt Text pane; what a screen reader says)."""
    properties = picture._inline.docPr
    properties.set("name", title)
    properties.set("title", title)
    properties.set("descr", alt_text)
