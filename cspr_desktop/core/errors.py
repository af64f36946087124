"""The catalogue of problem codes, in one place, so tests and authors can rely on them.

Every problem the loader, the validator, the overlay checker or the scenario runner reports
carries one of these codes. A code never changes meaning once released; new problems get new
codes. The `fix` text tells a rule author what to do next.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from enum import StrEnum


class Code(StrEnum):
    """Stable problem codes. The value is what authors see and tests assert on."""

    # The file itself
    FILE_UNREADABLE = "E001"
    FILE_EMPTY = "E002"
    FILE_BINARY = "E003"
    FILE_TOO_LARGE = "E004"
    NOT_YAML = "E005"
    TOO_DEEP = "E006"
    NOT_A_MAPPING = "E007"
    DUPLICATE_KEY = "E008"
    TOO_MANY_NODES = "E009"
    NOT_UTF8 = "E010"
    EXPLICIT_TAG = "E011"
    LONE_SURROGATE = "E012"
    NUMBER_TOO_LONG = "E013"
    NOT_FINITE = "E014"
    # Shape of the content
    UNKNOWN_KEY = "E101"
    MISSING_KEY = "E102"
    WRONG_TYPE = "E103"
    BAD_VALUE = "E104"
    BAD_SEMVER = "E105"
    BAD_DATE = "E106"
    UNSUPPORTED_SCHEMA = "E107"
    # Cross-references and meaning
    DUPLICATE_ID = "E201"
    UNKNOWN_QUESTION = "E202"
    UNKNOWN_CHOICE = "E203"
    UNKNOWN_OUTCOME = "E204"
    UNKNOWN_PARAMETER = "E205"
    UNKNOWN_SOURCE = "E206"
    UNKNOWN_DERIVED = "E207"
    CYCLE = "E208"
    NONE_NOT_EXCLUSIVE = "E209"
    BAD_RANGE = "E210"
    UNKNOWN_OPERATOR = "E211"
    BAD_CONDITION = "E212"
    OPERATOR_TYPE_MISMATCH = "E213"
    CHOICES_MISMATCH = "E214"
    CHANGELOG_MISSING_VERSION = "E215"
    BAD_EXPRESSION = "E216"
    UNKNOWN_COMPUTED = "E217"
    # Local overlays
    OVERLAY_CHANGES_RULES = "E301"
    OVERLAY_VALUE_OUT_OF_RANGE = "E302"
    OVERLAY_UNKNOWN_PACK = "E303"
    # Registry
    FILENAME_MISMATCH = "E401"
    PACK_CHANGED = "E402"
    NO_CURRENT_VERSION = "E403"
    PIN_LIST_BAD = "E404"
    PINNED_VERSION_MISSING = "E405"
    PACK_FAILED = "E406"
    PACK_NOT_PINNED = "W402"  # a warning: a version being drafted, pinned when released
    # Scenarios
    SCENARIO_UNKNOWN_PACK = "E501"
    SCENARIO_BAD_ANSWER = "E502"
    SCENARIO_NO_MATCHING_VERSION = "E503"
    SCENARIO_NOT_FICTIONAL = "E504"
    SCENARIO_FAILED = "E505"
    SCENARIO_UNKNOWN_OVERLAY = "E506"
    # Answers given to evaluate()
    ANSWER_UNKNOWN_QUESTION = "A001"
    ANSWER_WRONG_TYPE = "A002"
    ANSWER_UNKNOWN_CHOICE = "A003"
    ANSWER_OUT_OF_RANGE = "A004"
    ANSWER_EXCLUSIVE_CONFLICT = "A005"
    ANSWER_TOO_LONG = "A006"
    ANSWER_CONTRADICTS_NONE = "A007"


FIXES: dict[Code, str] = {
    Code.FILE_UNREADABLE: "Check the path exists and that you may read it.",
    Code.FILE_EMPTY: "Add the pack content, or delete the empty file.",
    Code.FILE_BINARY: "Rule files are plain text YAML; replace this file with the YAML source.",
    Code.FILE_TOO_LARGE: "Rule files must be under 5 MB; split the content or remove pasted data.",
    Code.NOT_YAML: "Fix the YAML syntax at the line shown (indentation, a missing colon or quote).",
    Code.TOO_DEEP: "Flatten the nesting; no pack needs more than 40 levels.",
    Code.NOT_A_MAPPING: "The file must start with keys such as 'id:' and 'title:'.",
    Code.DUPLICATE_KEY: "Remove one of the two entries; YAML would silently keep only the last.",
    Code.TOO_MANY_NODES: "Remove anchors and aliases that expand the file enormously.",
    Code.NOT_UTF8: "Save the file as UTF-8 text.",
    Code.EXPLICIT_TAG: "Remove the '!!' tag and write the value plainly (quote it to keep it "
    "as text); rule files and records never need tags.",
    Code.LONE_SURROGATE: "Remove the \\u escape: it stands for half a character, which no "
    "text can hold. Type the character itself.",
    Code.NUMBER_TOO_LONG: "Write a number of at most 4,300 digits; no answer or setting needs "
    "more.",
    Code.NOT_FINITE: "Write an ordinary number: NaN ('.nan') and infinity ('.inf') are not "
    "numbers a rule or an answer can use.",
    Code.UNKNOWN_KEY: "Rename the key to one the format knows, or remove it.",
    Code.MISSING_KEY: "Add the key; see `cspr schema` for what it holds.",
    Code.WRONG_TYPE: "Change the value to the type shown.",
    Code.BAD_VALUE: "Use one of the allowed values.",
    Code.BAD_SEMVER: "Write the version as MAJOR.MINOR.PATCH, for example 1.2.0.",
    Code.BAD_DATE: "Write the date as YYYY-MM-DD, for example 2026-04-01.",
    Code.UNSUPPORTED_SCHEMA: "Use a schema_version this app supports, or update the app.",
    Code.DUPLICATE_ID: "Give each item its own id; ids are a contract and must be unique.",
    Code.UNKNOWN_QUESTION: "Correct the id, or add the question to a section.",
    Code.UNKNOWN_CHOICE: "Correct the choice id, or add the choice to the question.",
    Code.UNKNOWN_OUTCOME: "Correct the id, or add the outcome under 'outcomes'.",
    Code.UNKNOWN_PARAMETER: "Correct the id, or declare the parameter under 'parameters'.",
    Code.UNKNOWN_SOURCE: "Correct the id, or add the source under 'sources'.",
    Code.UNKNOWN_DERIVED: "Correct the id, or add the value under 'derived'.",
    Code.CYCLE: "Break the loop: a question cannot depend, directly or not, on itself.",
    Code.NONE_NOT_EXCLUSIVE: "Add 'exclusive: true' to the 'none' choice.",
    Code.BAD_RANGE: "Make min no greater than max, and keep defaults inside the range.",
    Code.UNKNOWN_OPERATOR: "Use one of: all, any, not, equals, in, includes, gt, gte, lt, lte, "
    "answered, derived, parameter.",
    Code.BAD_CONDITION: "Write the condition as shown in docs/rule-authoring.md.",
    Code.OPERATOR_TYPE_MISMATCH: "Use a comparison that fits the question's answer type.",
    Code.CHOICES_MISMATCH: "Give choice and multi questions a list of choices, and no others.",
    Code.CHANGELOG_MISSING_VERSION: "Add a changelog entry for this version.",
    Code.BAD_EXPRESSION: "Write the computed value as shown in docs/rule-authoring.md: one "
    "operator (add, subtract, multiply, divide, min, max) over a list of numbers.",
    Code.UNKNOWN_COMPUTED: "Correct the id, or add the value under 'computed'.",
    Code.OVERLAY_CHANGES_RULES: "A local overlay may only set contacts, notes and parameters; "
    "national rules change only in a new pack version.",
    Code.OVERLAY_VALUE_OUT_OF_RANGE: "Choose a value inside the range the pack allows.",
    Code.OVERLAY_UNKNOWN_PACK: "Correct the pack id, or remove the entry.",
    Code.FILENAME_MISMATCH: "Name the file rules/<id>/<version>.yaml, matching its content.",
    Code.PACK_CHANGED: "Restore the released file (reinstall the app, or check it out from "
    "version control). A change to a released pack needs a new version number.",
    Code.NO_CURRENT_VERSION: "Mark a version 'approved' with an effective_from date not in "
    "the future.",
    Code.PIN_LIST_BAD: "Restore rules/pins.json from the release; add versions to it only "
    "with `cspr pin`.",
    Code.PINNED_VERSION_MISSING: "Restore the file: records made with this released version "
    "need it to open.",
    Code.PACK_FAILED: "Check the file against docs/rule-authoring.md and report it with the "
    "log file; the other packs still load.",
    Code.PACK_NOT_PINNED: "When this version is released, pin it with `cspr pin ID VERSION` "
    "so later changes under the same version are caught.",
    Code.SCENARIO_UNKNOWN_PACK: "Correct the pack id in the scenario.",
    Code.SCENARIO_BAD_ANSWER: "Correct the answer so it fits the question.",
    Code.SCENARIO_NO_MATCHING_VERSION: "Widen pack_version, or release a matching pack version.",
    Code.SCENARIO_NOT_FICTIONAL: "Scenarios describe fictional people only: set 'fictional: "
    "true' and check the narrative.",
    Code.SCENARIO_FAILED: "Check the rules, or update the scenario's expectations if the "
    "guidance changed.",
    Code.SCENARIO_UNKNOWN_OVERLAY: "Correct the overlay name: it is the file name under "
    "rules/local/ without '.yaml'.",
    Code.ANSWER_UNKNOWN_QUESTION: "Remove the answer or correct the question id.",
    Code.ANSWER_WRONG_TYPE: "Give an answer of the question's type.",
    Code.ANSWER_UNKNOWN_CHOICE: "Choose one of the question's choices.",
    Code.ANSWER_OUT_OF_RANGE: "Give a value inside the range shown.",
    Code.ANSWER_EXCLUSIVE_CONFLICT: "'None' cannot be chosen with other options.",
    Code.ANSWER_TOO_LONG: "Shorten the answer to the essentials; keep longer notes in your "
    "case records and refer to them.",
    Code.ANSWER_CONTRADICTS_NONE: "Check with the person who gave the answer, then untick "
    "'none' or the others; until then the options ticked count, so nothing is dropped.",
}


def printable(text: str) -> str:
    """`text` with any lone surrogate (half a UTF-16 pair, from a `\\ud800` escape) written as
    that escape, so a message quoting a hostile key can always be printed, logged or shown."""
    if text.isascii():
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file, located as precisely as we can.

    Its texts are made printable when it is made: a message quotes what the author wrote, which
    may hold a lone surrogate that no terminal, log or dialog could encode.
    """

    code: Code
    message: str
    file: str = ""
    line: int = 0
    key_path: str = ""

    def __post_init__(self) -> None:
        for name in ("message", "file", "key_path"):
            object.__setattr__(self, name, printable(getattr(self, name)))

    @property
    def fix(self) -> str:
        return FIXES[self.code]

    def format(self) -> str:
        """Render as `path:line: CODE key.path: message. fix` for terminals and editors."""
        where = f"{self.file or '<input>'}:{self.line}"
        key = f"{self.key_path}: " if self.key_path else ""
        return f"{where}: {self.code.value} {key}{self.message} {self.fix}"


class PackError(Exception):
    """Raised when a file cannot become a usable pack; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


def did_you_mean(word: object, options: Iterable[object]) -> str:
    """Return ' Did you mean 'x'?' for the closest option, or '' when nothing is close."""
    candidates = [str(o) for o in options]
    match = get_close_matches(str(word), candidates, n=1, cutoff=0.6)
    return f" Did you mean '{printable(match[0])}'?" if match else ""


class RecordError(Exception):
    """An expected refusal (e.g. editing a completed record), with what to do in the message.

    Defined here rather than with the record so that the rules can refuse a record (a pack
    pin that differs) without importing the records layer."""


class KeyProblem(Exception):
    """A signing key that cannot be made, read or used; the message says what to do. Here, not
    with the keys, so screens can catch it without loading cryptography."""
