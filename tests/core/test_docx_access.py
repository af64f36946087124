"""The Word copy for screen-reader users and records systems: its properties are the record's,
its language is British English, its headings are real Word headings that are dark enough to
read, and the body map picture has alt text that lists the marks. Read from the real .docx
file: python-docx for the document, the package's XML for what python-docx does not show."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from recordkit import full_record

from cspr_desktop.core.bodymap.regions import SITE_LABELS
from cspr_desktop.core.records.records import Record
from cspr_desktop.core.report.export_docx import write_docx

# A 1x1 white PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
    "9c63f8ffff3f0005fe02fea7d6a4a30000000049454e44ae426082")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
WHITE = "FFFFFF"
MINIMUM_CONTRAST = 4.5


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour such as '0B0C0C'."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_sum_is_wcags() -> None:
    assert contrast("000000", WHITE) == pytest.approx(21.0)
    assert contrast("767676", WHITE) == pytest.approx(4.54, abs=0.01)  # the usual AA grey
    assert contrast("4F81BD", WHITE) < MINIMUM_CONTRAST  # python-docx's heading blue


@pytest.fixture(params=["real", "training"])
def exported(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Record, Path]:
    record, loaded, overlay = full_record(tmp_path / "data", kind=request.param)
    path = tmp_path / "record.docx"
    write_docx(record, path, loaded, overlay, app_version="9.8.7", body_map_png=PNG)
    return record, path


def xml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def test_the_properties_are_the_records(exported: tuple[Record, Path]) -> None:
    record, path = exported
    properties = docx.Document(str(path)).core_properties
    training = "TRAINING — FICTIONAL CASE: " if record.kind == "training" else ""
    assert properties.title == f"{training}Strategy discussion record {record.id}"
    assert properties.author == "Dana Whitfield, Northbridge Community Health"
    assert properties.subject == ("Safeguarding discussion record: Bruising or injury in a "
                                  "baby who is not independently mobile")
    assert record.id in properties.keywords
    assert properties.language == "en-GB"
    assert properties.category == "OFFICIAL-SENSITIVE"
    # Made and last changed when the record was (its times are the computer's local time),
    # not when it was exported.
    assert properties.created == record.created_at.astimezone()
    assert properties.modified == record.updated_at.astimezone()
    with zipfile.ZipFile(path) as package:
        assert b"python-docx" not in package.read("docProps/core.xml")


def test_the_text_is_british_english(exported: tuple[Record, Path]) -> None:
    lang = xml(exported[1], "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}val") == "en-GB"


def test_the_body_map_picture_lists_the_marks_in_its_alt_text(
        exported: tuple[Record, Path]) -> None:
    record, path = exported
    pictures = xml(path, "word/document.xml").findall(f".//{WP}docPr")
    assert len(pictures) == 1
    alt = pictures[0].get("descr") or ""
    assert pictures[0].get("title") == "Body map"
    sites = [site for value in record.answers.values() if isinstance(value, list)
             for site in value if site in SITE_LABELS]
    assert sites, "the record marks the body map"
    assert alt.startswith("The body map as drawn when the checklist was signed.")
    assert "Injury sites marked:" in alt
    for site in sites:
        assert SITE_LABELS[site] in alt


def style_colours(styles: etree._Element, used: set[str]) -> dict[str, str | None]:
    """The text colour of each style in `used` (through the styles it is based on), by its
    id; None for automatic (black on white)."""
    by_id = {s.get(f"{W}styleId"): s for s in styles.findall(f"{W}style")}

    def colour(style_id: str | None, seen: int = 0) -> str | None:
        style = by_id.get(style_id)
        if style is None or seen > 10:
            return None
        found = style.find(f"{W}rPr/{W}color")
        if found is not None:
            assert found.get(f"{W}themeColor") is None, f"{style_id} takes a theme colour"
            value = found.get(f"{W}val")
            return None if value == "auto" else value
        based = style.find(f"{W}basedOn")
        return colour(based.get(f"{W}val") if based is not None else None, seen + 1)

    return {style_id: colour(style_id) for style_id in used}


def test_headings_are_word_headings_and_every_text_colour_reads_at_4_5_to_1(
        exported: tuple[Record, Path]) -> None:
    _, path = exported
    document = xml(path, "word/document.xml")
    styles = xml(path, "word/styles.xml")
    used = {str(p.get(f"{W}val")) for p in document.iter(f"{W}pStyle")} | {"Normal"}
    colours = style_colours(styles, used)
    assert {"Heading1", "Heading2", "Heading3"} <= used
    for level, style_id in enumerate(("Heading1", "Heading2", "Heading3")):
        style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        assert style is not None
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        assert outline is not None and outline.get(f"{W}val") == str(level)  # in Word's nav
        assert colours[style_id] == "0B0C0C"
    checked = dict(colours)
    with zipfile.ZipFile(path) as package:
        parts = [n for n in package.namelist() if re.fullmatch(r"word/(document|header\d*|"
                                                               r"footer\d*)\.xml", n)]
    for part in parts:
        for element in xml(path, part).iter(f"{W}color"):
            checked[f"{part}:{element.get(f'{W}val')}"] = element.get(f"{W}val")
    for where, colour in checked.items():
        if colour is not None:
            assert contrast(colour, WHITE) >= MINIMUM_CONTRAST, (where, colour)
    # Nothing puts a background behind the text that these sums did not include.
    assert not list(document.iter(f"{W}shd")) and not list(document.iter(f"{W}background"))
