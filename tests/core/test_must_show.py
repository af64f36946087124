"""The issue's must-show: `cspr validate` reports every mistake in a pack at once."""

from __future__ import annotations

import re

import pytest

from cspr_desktop.cli import main
from cspr_desktop.core.errors import Code

from .packkit import MUST_SHOW

LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?P<code>[AE]\d{3}) (?P<rest>.*)$")


def _lines(out: str) -> dict[str, tuple[int, str]]:
    found = {}
    for text in out.splitlines():
        match = LINE.match(text)
        if match:
            found[match["code"]] = (int(match["line"]), match["rest"])
    return found


def test_validate_reports_misspelt_key_unknown_question_and_duplicate_outcome(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """All three mistakes are printed as file:line: CODE with suggestions, and the exit is 1."""
    status = main(["validate", str(MUST_SHOW)])
    out = capsys.readouterr().out
    found = _lines(out)
    assert status == 1
    assert set(found) == {Code.UNKNOWN_KEY.value, Code.DUPLICATE_ID.value,
                          Code.UNKNOWN_QUESTION.value}
    text = MUST_SHOW.read_text(encoding="utf-8").splitlines()
    key_line, key_rest = found[Code.UNKNOWN_KEY.value]
    assert "shwo_if" in text[key_line - 1]
    assert "Did you mean 'show_if'?" in key_rest
    dup_line, _ = found[Code.DUPLICATE_ID.value]
    assert "- id: refer_csc_today" in text[dup_line - 1]
    assert dup_line > text.index("  - id: refer_csc_today") + 1  # the second one, not the first
    q_line, q_rest = found[Code.UNKNOWN_QUESTION.value]
    assert "age_month," in text[q_line - 1]
    assert "Did you mean 'age_months'?" in q_rest


def test_validate_lines_name_the_file_and_key_path(capsys: pytest.CaptureFixture[str]) -> None:
    """Each problem line starts with the file path and names the key path of the mistake."""
    main(["validate", str(MUST_SHOW)])
    lines = [t for t in capsys.readouterr().out.splitlines() if LINE.match(t)]
    assert lines
    assert all(t.startswith(str(MUST_SHOW) + ":") for t in lines)
    assert any("sections[0].questions[1].shwo_if" in t for t in lines)
    assert any("rules[0].when.lt.question" in t for t in lines)


def test_validate_clean_pack_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """A valid pack validates with exit 0 and no problem lines."""
    from .packkit import MINI

    assert main(["validate", str(MINI)]) == 0
    assert not [t for t in capsys.readouterr().out.splitlines() if LINE.match(t)]
