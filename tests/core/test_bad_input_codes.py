"""Bad input gets a coded problem, never a traceback: each bad value, one by one, in a pack, an
overlay, a scenario, an answers file and a record import.

The values are those no rule, setting or answer can use and which Python's YAML and JSON
readers would otherwise build, or fail on with an exception: explicit YAML tags, a lone
surrogate, nesting 200 levels deep, an integer of 4,301 digits, NaN and infinity.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from recordkit import signed_record

from cspr_desktop.cli import main
from cspr_desktop.core.errors import FIXES, Code, Problem, did_you_mean
from cspr_desktop.core.records.keys import signing_key
from cspr_desktop.core.report.export_json import ImportRefused, export_json, import_json
from cspr_desktop.core.rules.json_input import InputProblem, load_json

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 2, 10, 15)

YAML_VALUES: dict[str, tuple[str, Code]] = {
    "!!bool maybe": ("!!bool maybe", Code.EXPLICIT_TAG),
    "!!timestamp": ("!!timestamp not-a-time", Code.EXPLICIT_TAG),
    "!!int ''": ("!!int ''", Code.EXPLICIT_TAG),
    "!!float": ("!!float abc", Code.EXPLICIT_TAG),
    "!!python/object": ("!!python/object:os.system {}", Code.EXPLICIT_TAG),
    "!!python/name": ("!!python/name:os.system ''", Code.EXPLICIT_TAG),
    "lone surrogate": ('"caf\\ud800"', Code.LONE_SURROGATE),
    "nesting 200 deep": ("[" * 200 + "]" * 200, Code.TOO_DEEP),
    "nesting 200 deep, block style": ("\n" + "".join("  " * (i + 1) + f"k{i}:\n"
                                                     for i in range(200)) + "  " * 201 + "x",
                                      Code.TOO_DEEP),
    "integer of 4,301 digits": ("9" * 4_301, Code.NUMBER_TOO_LONG),
    ".nan": (".nan", Code.NOT_FINITE),
    ".inf": (".inf", Code.NOT_FINITE),
    "-.inf": ("-.Inf", Code.NOT_FINITE),
    "a float too large": ("1" * 400 + ".0", Code.NOT_FINITE),
}


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rules")
    shutil.copytree(REPO / "rules", root, dirs_exist_ok=True)
    return root


def _with_bad_value(text: str, snippet: str) -> str:
    return text.rstrip("\n") + f"\nzz_bad: {snippet}\n"


def _check(argv: list[str], code: Code, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 1
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert f" {code.value} " in out, out
    assert FIXES[code] in out  # with its fix
    assert "Traceback" not in out
    out.encode("utf-8")  # printable: no lone surrogate reaches the terminal


@pytest.mark.parametrize("name", list(YAML_VALUES))
def test_in_a_pack(rules: Path, tmp_path: Path, name: str,
                   capsys: pytest.CaptureFixture[str]) -> None:
    snippet, code = YAML_VALUES[name]
    path = tmp_path / "safer-sleep" / "1.0.0.yaml"
    path.parent.mkdir()
    path.write_text(_with_bad_value((rules / "safer-sleep/1.0.0.yaml").read_text("utf-8"),
                                    snippet), "utf-8")
    _check(["validate", str(path)], code, capsys)


@pytest.mark.parametrize("name", list(YAML_VALUES))
def test_in_an_overlay(rules: Path, tmp_path: Path, name: str,
                       capsys: pytest.CaptureFixture[str]) -> None:
    snippet, code = YAML_VALUES[name]
    path = rules / "local" / "bad-overlay.yaml"
    try:
        path.write_text(_with_bad_value(
            (rules / "local/example-partnership.yaml").read_text("utf-8"), snippet), "utf-8")
        _check(["validate", str(path)], code, capsys)
    finally:
        path.unlink()


@pytest.mark.parametrize("name", list(YAML_VALUES))
def test_in_a_scenario(rules: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    snippet, code = YAML_VALUES[name]
    source = rules / "safer-sleep/scenarios/ss-sofa-night-feed-once.yaml"
    path = source.with_name("zz-bad.yaml")
    try:
        text = source.read_text("utf-8")
        if "\n" in snippet:  # a block: at the top level
            text = _with_bad_value(text, snippet)
        else:  # an answer
            text = text.replace("answers:\n", f"answers:\n  zz_bad: {snippet}\n", 1)
        path.write_text(text, "utf-8")
        _check(["validate", str(path)], code, capsys)
    finally:
        path.unlink()


@pytest.mark.parametrize("name", list(YAML_VALUES))
def test_in_an_answers_file(rules: Path, tmp_path: Path, name: str,
                            capsys: pytest.CaptureFixture[str]) -> None:
    snippet, code = YAML_VALUES[name]
    path = tmp_path / "answers.yaml"
    path.write_text(f"stage: born\nbaby_age_weeks: {snippet}\n" if "\n" not in snippet else
                    _with_bad_value("stage: born\n", snippet), "utf-8")
    _check(["--rules", str(rules), "evaluate", "--pack", "safer-sleep", str(path)], code,
           capsys)


JSON_VALUES: dict[str, tuple[str, Code]] = {
    "NaN": ("NaN", Code.NOT_FINITE),
    "Infinity": ("Infinity", Code.NOT_FINITE),
    "-Infinity": ("-Infinity", Code.NOT_FINITE),
    "1e999": ("1e999", Code.NOT_FINITE),
    "integer of 4,301 digits": ("9" * 4_301, Code.NUMBER_TOO_LONG),
    "nesting 200 deep": ("[" * 200 + "]" * 200, Code.TOO_DEEP),
    "nesting 200 deep in mappings": ('{"a":' * 200 + "1" + "}" * 200, Code.TOO_DEEP),
    "lone surrogate": ('"caf\\ud800"', Code.LONE_SURROGATE),
    "lone surrogate in a key": ('{"\\udc00": 1}', Code.LONE_SURROGATE),
}


@pytest.fixture(scope="module")
def export_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    signer = tmp_path_factory.mktemp("signer")
    record, _, _ = signed_record(signer)
    return export_json(record, signing_key(signer), datetime(2026, 3, 6, 9, 0))


@pytest.mark.parametrize("name", list(JSON_VALUES))
def test_in_a_record_import(export_text: str, tmp_path: Path, name: str,
                            capsys: pytest.CaptureFixture[str]) -> None:
    """An import is refused with the code, before anything else is read; nothing is stored."""
    snippet, code = JSON_VALUES[name]
    text = export_text.replace('"answers": {', f'"answers": {{"zz_bad": {snippet}, ', 1)
    assert text != export_text
    with pytest.raises(ImportRefused) as caught:
        import_json(text, "record.json", NOW)
    assert caught.value.code == code
    assert f"{code.value} " in str(caught.value)
    path = tmp_path / "record.json"
    path.write_text(text, "utf-8")
    assert main(["import", str(path), "--data-dir", str(tmp_path / "data")]) == 1
    err = capsys.readouterr().err
    assert f"{code.value} " in err and "Traceback" not in err
    assert not (tmp_path / "data" / "records.sqlite").exists()  # refused before the store


@pytest.mark.parametrize("name", list(JSON_VALUES))
def test_json_reader_gives_the_code(name: str) -> None:
    snippet, code = JSON_VALUES[name]
    with pytest.raises(InputProblem) as caught:
        load_json(f'{{"value": {snippet}}}')
    assert caught.value.problem.code == code
    json.loads('{"ok": [1, 2.5, "text", {"x": null}]}')  # ordinary JSON still reads
    assert load_json('{"ok": [1, 2.5, "text", {"x": null}]}') == {
        "ok": [1, 2.5, "text", {"x": None}]}


def test_did_you_mean_and_every_message_are_printable() -> None:
    """A lone surrogate a hostile file put in a key can never break printing the problem."""
    hint = did_you_mean("sh\udc00ow", ["show_if", "sh\ud800ow_if"])
    hint.encode("utf-8")
    assert "Did you mean" in hint
    problem = Problem(Code.UNKNOWN_KEY, "'sh\udc00ow_if' is not a known key here.",
                      "pack\ud800.yaml", 3, "sections[0].sh\udc00ow_if")
    text = problem.format()
    text.encode("utf-8")
    assert "\\udc00" in text and "\\ud800" in text
