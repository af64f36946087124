"""The discussion record as HTML: every part present, in words, and user text never markup."""

from __future__ import annotations

import base64
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from recordkit import DECISION, HOSTILE, HOSTILE_TEXT, LONG, full_record, registry, signed_record

from cspr_desktop.core.records.records import Record, new_record, set_answer
from cspr_desktop.core.report.plain_text import MARKING, TRAINING_MARK
from cspr_desktop.core.report.render import clean_text, record_view, render_html, view_strings
from cspr_desktop.core.report.view_model import DISCLAIMER


class Page(HTMLParser):
    """The parsed page: its start tags, the text inside <b> elements, and all text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.bold: list[str] = []
        self.text: list[str] = []
        self._in_b = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_b += tag == "b"
        self._skip += tag in ("style", "title")
        if self._in_b:
            self.bold.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_b -= tag == "b"
        self._skip -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._in_b:
            self.bold[-1] += data

    def plain(self) -> str:
        return squash("".join(self.text))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture
def full(tmp_path: Path) -> tuple[Record, str]:
    record, loaded, overlay = full_record(tmp_path)
    return record, render_html(record, loaded, overlay, app_version="9.8.7")


def loaded_title() -> str:
    loaded = registry().current("bruising-non-mobile")
    assert loaded is not None
    return loaded.pack.title


def test_every_part_of_the_record_is_on_the_page(full: tuple[Record, str]) -> None:
    """Header, answers, guidance, contacts, body map, meeting, sign-offs, addenda, footer."""
    record, html = full
    text = parse(html).plain()
    assert record.completion is not None
    for expected in (
        MARKING, "Strategy discussion record", record.id, "NB-2026-0147",
        "Appendix A: the checklist answers", "How old is the baby, in months?", "3 months",
        "Overall level: Same day: act today", "Contact the children's social care front door",
        "Why the guidance says this", "Sources", "Northbridge Safeguarding Children Partnership",
        "01632 960100", "Appendix D: body map", "Who took part", "DC Tom Hale", "Sent apologies",
        "Information shared by each agency", "Decision on section 47",
        "Section 47 criteria met: enquiries to start", DECISION, "Actions",
        "Police checks on all adults in the household", "4 March 2026", "Next step",
        "Lawful basis for sharing information", "Distribution", "Sign-offs",
        "Dana Whitfield, Health visitor, Northbridge Community Health",
        "Addendum 1: 5 March 2026 at 09:40", "Follow-up visit: bruise fading.",
        "cspr-desktop 9.8.7", f"{loaded_title()}, version {record.pack_version}",
        record.pack_sha256[:12], record.completion.content_hash[:12], DISCLAIMER,
    ):
        assert expected in text, expected


def test_the_level_is_in_words_and_the_meeting_type_in_the_title(
        full: tuple[Record, str]) -> None:
    """No raw ids such as same_day or strategy_discussion reach the reader."""
    text = parse(full[1]).plain()
    assert "same_day" not in text
    assert "strategy_discussion" not in text
    assert "Same day: act today" in text


def test_only_visible_questions_are_listed(tmp_path: Path) -> None:
    """A question hidden by show_if at completion is not on the page."""
    record, loaded, overlay = signed_record(tmp_path)
    assert record.completion is not None
    visible = set(record.completion.evaluation["visible"])
    hidden = [q for q in loaded.pack.questions() if q.id not in visible]
    assert hidden, "the scenario should leave some questions hidden"
    text = parse(render_html(record, loaded, overlay)).plain()
    for question in hidden:
        assert squash(question.text) not in text


def test_without_its_pack_the_record_still_renders_with_question_ids(tmp_path: Path) -> None:
    """The stored evaluation carries the guidance; question ids stand in for their text."""
    record, _, _ = signed_record(tmp_path)
    text = parse(render_html(record)).plain()
    assert "age_months" in text
    assert "3" in text
    assert "Overall level: Same day: act today" in text
    assert "No local contacts were set up" in text


def test_a_pack_of_another_version_is_not_used(tmp_path: Path) -> None:
    """Question wording comes only from the version the record was signed with."""
    record, loaded, _ = signed_record(tmp_path)
    other = record.model_copy(update={"pack_version": "9.9.9"})
    text = parse(render_html(other, loaded)).plain()
    assert "age_months" in text


def test_training_records_carry_the_training_mark(tmp_path: Path) -> None:
    """A training record says so at the top of the page and in the print watermark."""
    record, loaded, overlay = full_record(tmp_path, kind="training")
    html = render_html(record, loaded, overlay)
    assert TRAINING_MARK in parse(html).plain()
    assert "body.training::before" in html


def test_a_draft_says_it_is_not_signed(tmp_path: Path) -> None:
    """A draft renders with the guidance for the answers so far, marked as a draft."""
    reg = registry()
    loaded = reg.current("bruising-non-mobile")
    assert loaded is not None
    now = datetime(2026, 3, 2, 9, 0)
    draft = set_answer(new_record(loaded.id, loaded.version, loaded.sha256, now), "age_months",
                       3, now)
    text = parse(render_html(draft, loaded)).plain()
    assert "Draft: this record has not been signed" in text
    assert "Draft: the guidance for the answers so far" in text


def test_the_body_map_is_an_image_never_inline_svg(full: tuple[Record, str]) -> None:
    """The stored SVG goes in as a base64 data URI, so nothing in it can run or restyle."""
    record, html = full
    assert "<svg" not in html
    match = re.search(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    assert match is not None
    assert base64.b64decode(match.group(1)).decode("utf-8") == record.body_map_svg


def test_hostile_text_renders_as_text_never_markup(tmp_path: Path) -> None:
    """Markup, scripts, entities, overrides, emoji, control characters and 100,000 characters
    in answers, meeting fields and addenda show as text."""
    record, loaded, overlay = full_record(tmp_path, text=HOSTILE_TEXT, long_text=LONG)
    html = render_html(record, loaded, overlay)
    page = parse(html)
    assert "script" not in page.tags
    assert all("bold" not in b for b in page.bold)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&amp;amp;" in html
    text = page.plain()
    assert HOSTILE["script"] in text
    assert HOSTILE["bold"] in text
    assert HOSTILE["amp"] in text
    assert HOSTILE["emoji"] in text
    assert LONG in text
    assert "left \ufffdright-to-left override" in text
    assert "bell\ufffd\ufffd\ufffdend" in text
    for bad in ("\u202e", "\x00", "\x07", "\x1b"):
        assert bad not in html


def test_a_hostile_record_id_cannot_break_out_of_the_style_sheet(tmp_path: Path) -> None:
    """The record id also goes into the print style sheet, escaped for CSS."""
    record, loaded, _ = signed_record(tmp_path)
    sneaky = record.model_copy(update={"id": '"}</style><script>alert(1)</script>'})
    html = render_html(sneaky, loaded)
    assert html.count("</style>") == 1
    assert "script" not in parse(html).tags


def test_long_text_may_wrap_anywhere(full: tuple[Record, str]) -> None:
    """The style sheet lets unbroken text wrap, and never splits a table row when printing."""
    html = full[1]
    assert "overflow-wrap: anywhere" in html
    assert "page-break-inside: avoid" in html
    assert "@page" in html
    assert "size: A4" in html


def test_clean_text_makes_unsafe_characters_visible() -> None:
    """Controls and bidi overrides become U+FFFD; newlines, tabs and emoji stay."""
    assert clean_text("a\x00b\x07c\x1bd\x7fe\x85f") == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf"
    assert clean_text("x\u202ay\u202ez\u2066w\u2069") == "x\ufffdy\ufffdz\ufffdw\ufffd"
    assert clean_text("line\r\nnext\rlast\tend") == "line\nnext\nlast\tend"
    assert clean_text("bad \ud800 surrogate \uffff") == "bad \ufffd surrogate \ufffd"
    assert clean_text("👶🏽 ok é 中文 עברית") == "👶🏽 ok é 中文 עברית"


def test_every_string_of_the_view_is_on_the_page(full: tuple[Record, str]) -> None:
    """The template shows everything the view holds, so no format can quietly drop a part."""
    record, html = full
    loaded = registry().current("bruising-non-mobile")
    view = record_view(record, loaded, registry().overlays["example-partnership"],
                       app_version="9.8.7")
    text = parse(html).plain()
    missing = [s for s in view_strings(view) if s.strip() and squash(s) not in text]
    assert missing == []


def test_the_record_opens_with_the_meeting_and_ends_with_the_appendix(
        full: tuple[Record, str]) -> None:
    """Date, chair, who took part, the decision, actions and next step come first; then the
    concern and the guidance in brief; the answers and the detailed why only in the appendix."""
    text = parse(full[1]).plain()
    order = ["2 March 2026 at 15:30", "Chair", "Who took part", "DC Tom Hale",
             "Decision on section 47", DECISION, "Actions",
             "Police checks on all adults in the household", "Next step",
             "The concern and the guidance in brief", "Unexplained bruise on the left cheek",
             "Overall level: Same day: act today", "Contact the children's social care front door",
             "Strategy discussion: the full record", "Risk analysis", "Sign-offs",
             "Appendix A: the checklist answers", "How old is the baby, in months?",
             "Appendix B: the guidance at completion, in detail", "Why the guidance says this",
             "Appendix C: local contacts", "Appendix D: body map"]
    places = [text.find(squash(item)) for item in order]
    assert -1 not in places, [item for item, at in zip(order, places, strict=True) if at < 0]
    assert places == sorted(places)


def test_a_record_without_a_meeting_says_so_at_the_top(tmp_path: Path) -> None:
    record, loaded, overlay = signed_record(tmp_path)
    text = parse(render_html(record, loaded, overlay)).plain()
    note = text.find("No meeting has been recorded for this checklist yet.")
    assert 0 <= note < text.find("The concern and the guidance in brief") \
        < text.find("Appendix A: the checklist answers")


def test_settings_and_checklist_are_named_in_words_not_ids(full: tuple[Record, str]) -> None:
    """No setting or pack id where a reader looks: settings by what they mean, with units;
    the footer names the checklist by its title."""
    record, html = full
    text = parse(html).plain()
    assert not re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", text)
    assert "mobility condition counts" not in text
    assert "Local setting (Babies younger than this are always treated as not independently " \
           "mobile, whatever they can do): 6 months" in text
    assert f"Checklist: {loaded_title()}, version {record.pack_version}" in text
    assert "(Child Safeguarding Practice Review Panel, 2022-09-29)" in text
