"""Hostile and broken files become coded problems, never tracebacks."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from cspr_desktop.cli import main
from cspr_desktop.core.errors import Code, PackError
from cspr_desktop.core.rules.loader import load_pack
from cspr_desktop.core.rules.yamlsource import MAX_BYTES, read_file

from .packkit import MINI, codes, problems

BOMB = b"""\
a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
"""

HOSTILE: dict[str, tuple[bytes, Code]] = {
    "empty": (b"", Code.FILE_EMPTY),
    "blank": (b"  \n\n \t\n", Code.FILE_EMPTY),
    "comments only": (b"# nothing here\n# at all\n", Code.FILE_EMPTY),
    "not yaml": (b"id: [unclosed\ntitle: x\n", Code.NOT_YAML),
    "bad indentation": (b"id: a\n  title: b\n - c\n", Code.NOT_YAML),
    "python tag": (b"id: !!python/name:os.system ''\n", Code.EXPLICIT_TAG),
    "python tag on a list": (b"id: !!python/object/apply:os.system ['true']\n", Code.EXPLICIT_TAG),
    "unknown tag": (b"id: !secret abc\n", Code.EXPLICIT_TAG),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", Code.FILE_BINARY),
    "deep flow nesting": (b"[" * 5000 + b"]" * 5000, Code.TOO_DEEP),
    "deep block nesting": (b"".join(b"  " * i + b"k:\n" for i in range(60)), Code.TOO_DEEP),
    "self-referencing alias": (b"a: &a [*a]\n", Code.TOO_DEEP),
    "billion laughs": (BOMB, Code.TOO_MANY_NODES),
    "duplicate keys": (b"id: one\ntitle: x\nid: two\n", Code.DUPLICATE_KEY),
    "control character": (b"id: a\ntitle: \x07bell\n", Code.NOT_YAML),
    "latin-1": (b"title: caf\xe9\n", Code.NOT_UTF8),
    "top-level list": (b"- id: a\n- id: b\n", Code.NOT_A_MAPPING),
    "top-level scalar": (b"just some words\n", Code.NOT_A_MAPPING),
    "list as key": (b"? [a, b]\n: 1\n", Code.WRONG_TYPE),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_gets_its_code(name: str) -> None:
    """Each kind of hostile file is reported with its own code."""
    raw, code = HOSTILE[name]
    assert code in codes(raw)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_validate_command_reports_hostile_file_without_traceback(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cspr validate` on a hostile file prints its code and exits 1."""
    raw, code = HOSTILE[name]
    path = tmp_path / "pack.yaml"
    path.write_bytes(raw)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f": {code.value} " in out
    assert "Traceback" not in out


def test_file_over_5_mb_is_refused_before_reading(tmp_path: Path) -> None:
    """A file over 5 MB gets E004, both from disk and as bytes."""
    path = tmp_path / "huge.yaml"
    raw = b"# padding\n" * (MAX_BYTES // 10 + 1)
    path.write_bytes(raw)
    assert [p.code for p in read_file(path).problems] == [Code.FILE_TOO_LARGE]
    assert codes(raw) == {Code.FILE_TOO_LARGE}


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    """A path that does not exist gets E001, not an OSError."""
    assert [p.code for p in read_file(tmp_path / "nope.yaml").problems] == [Code.FILE_UNREADABLE]


def test_alias_bomb_through_keys_is_refused_quickly() -> None:
    """An alias bomb built only from mapping keys is a coded problem, not a hang."""
    names = "abcdefgh"
    raw = "? &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n: 0\n"
    for prev, name in pairwise(names):
        raw += f"? &{name} [{', '.join([f'*{prev}'] * 10)}]\n: 0\n"
    found = codes(raw)
    assert found & {Code.TOO_MANY_NODES, Code.WRONG_TYPE}


def test_duplicate_key_names_the_second_line() -> None:
    """The duplicate-key problem points at the line of the repeated key."""
    found = [p for p in problems(b"id: one\ntitle: x\nid: two\n") if p.code == Code.DUPLICATE_KEY]
    assert [p.line for p in found] == [3]
    assert found[0].key_path == "id"


def test_not_utf8_names_the_line() -> None:
    """A byte that is not UTF-8 is located on its line."""
    found = problems(b"id: a\ntitle: b\nsummary: caf\xe9\n")
    assert [(p.code, p.line) for p in found] == [(Code.NOT_UTF8, 3)]


def test_control_character_names_the_line() -> None:
    """A control character YAML forbids is located on its line."""
    found = problems(b"id: a\ntitle: b\nsummary: \x01\n")
    assert [(p.code, p.line) for p in found] == [(Code.NOT_YAML, 3)]


def test_not_yaml_names_the_line() -> None:
    """A YAML syntax error is located on (or next to) the line where it is."""
    found = problems(b"id: a\ntitle: b\nsummary: [oops\n")
    assert found[0].code == Code.NOT_YAML
    assert found[0].line >= 3


def test_impossible_unquoted_date_is_a_bad_date(mini_data: dict[str, object]) -> None:
    """An impossible date such as 2025-02-30 is reported as a bad date, with the rest."""
    from .packkit import dump

    text = dump(mini_data).replace("effective_from: 2025-01-01", "effective_from: 2025-02-30")
    text = text.replace("title: Mini bruising test pack", "titel: Mini bruising test pack")
    found = codes(text)
    assert Code.BAD_DATE in found
    assert Code.UNKNOWN_KEY in found  # the other problems are still reported


def test_utf8_bom_is_accepted(mini_data: dict[str, object]) -> None:
    """A file saved with a UTF-8 byte-order mark loads like any other."""
    from .packkit import dump

    assert codes(b"\xef\xbb\xbf" + dump(mini_data).encode("utf-8")) == set()


def test_load_pack_raises_pack_error_with_problems(tmp_path: Path) -> None:
    """load_pack raises PackError carrying the coded problems, for callers that want one."""
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"- a list\n")
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert [p.code for p in info.value.problems] == [Code.NOT_A_MAPPING]
    assert load_pack(MINI).id == "mini-bruise"
