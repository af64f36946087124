"""The rule-pack format as pydantic models: what a pack file may say, and nothing more.

These models check shape and types. Meaning (ids that exist, ranges, cycles) is checked in
`validate.py`, and conditions are parsed in `conditions.py`, so that each stage reports its
own problems with its own codes.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
)

from cspr_desktop.core.rules.vocabulary import SEMVER, AnswerType, Basis, Level, Status

SCHEMA_VERSION = 1
ID_PATTERN = r"^[a-z][a-z0-9_]*$"
PACK_ID_PATTERN = r"^[a-z][a-z0-9-]*$"

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
CONDITION_MARK = "x-cspr-condition"
ConditionData = Annotated[Any, WithJsonSchema({CONDITION_MARK: True})]
EXPRESSION_MARK = "x-cspr-expression"
ExpressionData = Annotated[Any, WithJsonSchema({EXPRESSION_MARK: True})]


def _supported_schema(value: int) -> int:
    """Only the format this app reads; older formats would be migrated here, step by step."""
    if value != SCHEMA_VERSION:
        raise ValueError("schema")
    return value


SchemaVersion = Annotated[int, AfterValidator(_supported_schema)]


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, values are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(Strict):
    id: Id
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    date: str = Field(min_length=4, description="Publication date, YYYY, YYYY-MM or YYYY-MM-DD.")
    url: str = Field(pattern=r"^https?://\S+$")
    note: str = ""


class ChangelogEntry(Strict):
    version: str
    date: date
    changes: list[str] = Field(min_length=1)


class Choice(Strict):
    id: Id
    label: str = Field(min_length=1)
    exclusive: bool = Field(False, description="Selecting it clears the others (multi only).")
    help: str = ""


class Question(Strict):
    id: Id
    text: str = Field(min_length=1)
    type: AnswerType
    help: str = ""
    required: bool = False
    show_if: ConditionData = None
    choices: list[Choice] = Field(default_factory=list)
    unit: str = ""
    min: float | None = None
    max: float | None = None
    decimals: int = Field(0, ge=0, le=3, description="Decimal places allowed for numbers.")
    widget: str = Field("", description="A hint for the app, e.g. 'body_map'.")
    deciding: bool = Field(False, description=(
        "Its answer decides the level: while it is unanswered, a routine result is shown as "
        "'not enough answers yet'."))

    def choice_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.choices)


class Section(Strict):
    id: Id
    title: str = Field(min_length=1)
    intro: str = ""
    questions: list[Question] = Field(min_length=1)


class Parameter(Strict):
    id: Id
    type: Literal["number", "integer", "boolean", "text"]
    default: float | int | bool | str
    min: float | None = None
    max: float | None = None
    unit: str = ""
    description: str = Field(min_length=1)
    basis: Basis = Basis.LOCAL


class Derived(Strict):
    id: Id
    description: str = Field(min_length=1)
    when: ConditionData


class Computed(Strict):
    """A number worked out from answers, e.g. age corrected for prematurity."""

    id: Id
    description: str = Field(min_length=1)
    unit: str = ""
    value: ExpressionData


class Outcome(Strict):
    id: Id
    level: Level
    title: str = Field(min_length=1)
    what_to_do: str = Field(min_length=1)
    by_when: str = Field(min_length=1)
    basis: Basis
    source: Id


class Rule(Strict):
    id: Id
    when: ConditionData
    outcomes: list[Id] = Field(min_length=1)
    rationale: str = Field(min_length=1)
    source: Id


class Pack(Strict):
    """One version of one checklist, exactly as its YAML file declares it."""

    schema_version: SchemaVersion
    id: str = Field(pattern=PACK_ID_PATTERN, max_length=64)
    title: str = Field(min_length=1)
    version: str
    status: Status
    effective_from: date
    summary: str = Field(min_length=1)
    changelog: list[ChangelogEntry] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    parameters: list[Parameter] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)
    computed: list[Computed] = Field(default_factory=list)
    derived: list[Derived] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(min_length=1)
    rules: list[Rule] = Field(min_length=1)

    @field_validator("version")
    @classmethod
    def _semver(cls, value: str) -> str:
        if not SEMVER.match(value):
            raise ValueError("semver")
        return value

    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]
