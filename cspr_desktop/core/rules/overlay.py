"""Local overlays: what a safeguarding partnership adds beside the national rules.

An overlay names the partnership, lists its contacts, adds local notes to outcomes and sets
parameters inside the ranges a pack allows. It can never add, remove or change rules or
outcome levels: trying is a coded problem (E301), because national guidance changes only in a
new, reviewed pack version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import Field, ValidationError

from cspr_desktop.core.errors import Code, Problem, did_you_mean
from cspr_desktop.core.rules.models import SCHEMA_VERSION, SchemaVersion, Strict
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.pydantic_problems import problems_from_validation
from cspr_desktop.core.rules.validate import parameter_value_problem
from cspr_desktop.core.rules.yamlsource import Document

FORBIDDEN_KEYS = ("rules", "outcomes", "questions", "sections", "derived", "levels", "level")
ContactRole = Literal["front_door", "out_of_hours", "police", "paediatric_on_call",
                      "exploitation_team", "other"]


class Contact(Strict):
    name: str = Field(min_length=1)
    role: ContactRole
    phone: str = Field(min_length=3, max_length=40)
    hours: str = ""
    notes: str = ""


class Overlay(Strict):
    schema_version: SchemaVersion = SCHEMA_VERSION
    partnership: str = Field(min_length=1)
    summary: str = ""
    contacts: list[Contact] = Field(default_factory=list)
    notes: dict[str, dict[str, str]] = Field(default_factory=dict)
    parameters: dict[str, dict[str, float | int | bool | str]] = Field(default_factory=dict)

    def notes_for(self, pack_id: str) -> Mapping[str, str]:
        return self.notes.get(pack_id, {})

    def parameters_for(self, pack_id: str) -> Mapping[str, Any]:
        return self.parameters.get(pack_id, {})


Versions = LoadedPack | Sequence[LoadedPack]


def validate_overlay(
    doc: Document, packs: Mapping[str, Versions]
) -> tuple[Overlay | None, list[Problem]]:
    """Check an overlay against the packs (one version each, or every version): the usable
    overlay and every problem. A note or parameter is known if any version has it, so one
    overlay serves records made under older versions and a version not yet in effect.

    An overlay that tries to change rules, or whose shape is wrong, is refused whole. An entry
    for a pack that did not load, or an unknown outcome or parameter, or a value out of range,
    is reported and left out, so one broken pack does not take a partnership's contacts and
    notes away from the others.
    """
    if doc.problems:
        return None, list(doc.problems)
    if not isinstance(doc.data, dict):
        return None, [doc.problem(Code.NOT_A_MAPPING, "the overlay is not a mapping of keys.")]
    problems = _forbidden(doc)
    data = {k: v for k, v in doc.data.items() if k not in FORBIDDEN_KEYS}
    try:
        overlay: Overlay | None = Overlay.model_validate(data)
    except ValidationError as exc:
        overlay = None
        problems.extend(problems_from_validation(exc, doc, Overlay))
    if overlay is None or problems:
        return None, problems
    entry_problems, usable = _check_against_packs(doc, overlay, packs)
    return usable, entry_problems


def _forbidden(doc: Document) -> list[Problem]:
    problems = []
    for key in FORBIDDEN_KEYS:
        if key in doc.data:
            problems.append(doc.problem(Code.OVERLAY_CHANGES_RULES, f"an overlay cannot set "
                                        f"'{key}'.", (key,)))
    all_notes = doc.data.get("notes")
    for pack_id, notes in all_notes.items() if isinstance(all_notes, dict) else ():
        for outcome_id, note in notes.items() if isinstance(notes, dict) else ():
            if isinstance(note, dict) and "level" in note:
                path = ("notes", pack_id, outcome_id, "level")
                problems.append(doc.problem(Code.OVERLAY_CHANGES_RULES, "an overlay cannot "
                                            "change an outcome's level.", path))
    return problems


def _check_against_packs(doc: Document, overlay: Overlay,
                         packs: Mapping[str, Versions]) -> tuple[list[Problem], Overlay]:
    problems = []
    kept: dict[str, dict[str, dict[str, Any]]] = {"notes": {}, "parameters": {}}
    for section in ("notes", "parameters"):
        for pack_id, entries in getattr(overlay, section).items():
            loaded = packs.get(pack_id)
            if loaded is None:
                problems.append(doc.problem(Code.OVERLAY_UNKNOWN_PACK, f"no pack is called "
                                f"'{pack_id}'.{did_you_mean(pack_id, packs)}", (section, pack_id)))
                continue
            check = _check_note if section == "notes" else _check_parameter
            versions = [loaded] if isinstance(loaded, LoadedPack) else list(loaded)
            for key, value in entries.items():
                problem = check(versions, key, value)
                if problem:
                    code, message = problem
                    problems.append(doc.problem(code, message, (section, pack_id, key)))
                else:
                    kept[section].setdefault(pack_id, {})[key] = value
    return problems, overlay.model_copy(update=kept)


def _check_note(versions: list[LoadedPack], outcome_id: str,
                value: Any) -> tuple[Code, str] | None:
    outcomes = {o for loaded in versions for o in loaded.compiled.outcomes}
    if outcome_id not in outcomes:
        return Code.UNKNOWN_OUTCOME, (f"no outcome is called '{outcome_id}'."
                                      f"{did_you_mean(outcome_id, outcomes)}")
    return None


def _check_parameter(versions: list[LoadedPack], param_id: str,
                     value: Any) -> tuple[Code, str] | None:
    """Known in some version, and fitting every version that has it."""
    found = [p for loaded in versions for p in loaded.pack.parameters if p.id == param_id]
    if not found:
        names = {p.id for loaded in versions for p in loaded.pack.parameters}
        return Code.UNKNOWN_PARAMETER, (f"no parameter is called '{param_id}'."
                                        f"{did_you_mean(param_id, names)}")
    for param in found:
        problem = parameter_value_problem(param, value)
        if problem:
            return Code.OVERLAY_VALUE_OUT_OF_RANGE, problem
    return None
