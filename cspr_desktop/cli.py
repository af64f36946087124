"""The `cspr` command: validate, evaluate, scenarios, export, import, keys and schema, headless,
for authors, trainers, IT teams and CI.

Exit codes: 0 all well, 1 problems found, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from cspr_desktop.cli_keys import add_keys_parser, cmd_keys
from cspr_desktop.core.bodymap.drawing import record_svg, shown_answers
from cspr_desktop.core.errors import Code, KeyProblem, Problem
from cspr_desktop.core.exports import ExportError
from cspr_desktop.core.paths import data_dir, rules_dir
from cspr_desktop.core.records.keys import SigningKey, signing_key
from cspr_desktop.core.records.records import Record, complete
from cspr_desktop.core.records.store import StoreError
from cspr_desktop.core.records.store_crypto import EncryptionError
from cspr_desktop.core.records.trust import load_trust
from cspr_desktop.core.records.vault import open_records
from cspr_desktop.core.report.export_json import (
    ImportRefused,
    import_into,
    read_export,
    read_import_file,
)
from cspr_desktop.core.report.export_pipeline import EXPORT_FORMATS
from cspr_desktop.core.report.record_schema import record_file_schema
from cspr_desktop.core.rules.engine import evaluate
from cspr_desktop.core.rules.overlay import Overlay
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.pins import PackPinError, PinRefused, add_pin
from cspr_desktop.core.rules.registry import Registry, load_registry
from cspr_desktop.core.rules.scenarios import (
    pack_for,
    parse_scenario,
    run_all,
    scenario_overlay,
    scenario_parameters,
    unfired_rules,
)
from cspr_desktop.core.rules.schema import pack_json_schema
from cspr_desktop.core.rules.serialize import evaluation_to_dict
from cspr_desktop.core.rules.validate_paths import validate_paths
from cspr_desktop.core.rules.yamlsource import read_file
from cspr_desktop.core.training.cases import training_record
from cspr_desktop.printing.export_writers import exporter_here

OK, PROBLEMS, USAGE = 0, 1, 2
TRAINER = "Trainer (fictional)"


class UsageError(Exception):
    """A mistake in how the command was called."""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-04-01") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cspr", description=__doc__)
    parser.add_argument("--rules", type=Path, help="rules folder (default: the bundled rules)")
    parser.add_argument("--today", type=_date, help="treat this date as today (YYYY-MM-DD)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="validate packs, overlays and scenarios, and check "
                       "released packs against rules/pins.json")
    p.add_argument("paths", nargs="*", type=Path)
    p = sub.add_parser("pin", help="pin a released pack version: record its SHA-256 in "
                       "rules/pins.json, so later changes under that version are reported")
    p.add_argument("pack")
    p.add_argument("version")
    p = sub.add_parser("evaluate", help="evaluate an answers file under a pack")
    p.add_argument("--pack", required=True)
    p.add_argument("--version")
    p.add_argument("--overlay")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("file", type=Path)
    p = sub.add_parser("scenarios", help="run every scenario and check its expectations")
    p.add_argument("--pack")
    p.add_argument("--coverage", action="store_true", help="list rules no scenario fires")
    p.add_argument("--pack-version", metavar="VERSION",
                   help="run every scenario under this version of --pack, whatever its range")
    p = sub.add_parser("schema", help="print the JSON Schema of the rule-pack format")
    p.add_argument("--record", action="store_true", help="print the JSON Schema of an "
                   "exported record file instead")
    p = sub.add_parser("export", help="export a record (JSON file) or a scenario (YAML, as a "
                       "training record) as html, pdf, docx or json")
    p.add_argument("source", type=Path, metavar="RECORD_FILE_OR_SCENARIO")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    p.add_argument("-o", "--output", required=True, type=Path, metavar="OUT")
    p.add_argument("--overlay", help="local overlay whose contacts to show (default: the "
                   "scenario's own, if any)")
    _data_options(p)
    p = sub.add_parser("import", help="import a record exported as JSON into the record store")
    p.add_argument("file", type=Path)
    _data_options(p)
    add_keys_parser(sub)
    return parser


def _data_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, help="the app's data folder: record store, "
                   "signing key and trusted keys (default: the app's data folder)")
    p.add_argument("--allow-unsigned", action="store_true", help="accept a record made before "
                   "records were signed (legacy); it is shown as UNSIGNED")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(COMMANDS[args.command](args))
    except UsageError as exc:
        print(f"cspr: {exc}", file=sys.stderr)
        return USAGE


def _registry(args: argparse.Namespace) -> Registry:
    return load_registry(args.rules or rules_dir(), args.today)


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem.format())


def cmd_validate(args: argparse.Namespace) -> int:
    paths = args.paths or [args.rules or rules_dir()]
    report = validate_paths(paths, args.today)
    _print_problems(report.problems)
    for warning in report.warnings:
        print(f"warning: {warning.format()}")
    print(report.summary())
    return PROBLEMS if report.problems else OK


def cmd_pin(args: argparse.Namespace) -> int:
    root = args.rules or rules_dir()
    registry = load_registry(root, args.today)
    loaded = registry.get(args.pack, args.version)
    if loaded is None:
        changed = (args.pack, args.version) in registry.changed
        raise UsageError(f"{args.pack} {args.version} " + (
            "differs from its pin and cannot be pinned again." if changed else
            "does not load from this rules folder; run `cspr validate` to see why."))
    try:
        print(add_pin(root, loaded))
    except PinRefused as exc:
        print(f"cspr: {exc}", file=sys.stderr)
        return PROBLEMS
    return OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    registry = _registry(args)
    loaded = registry.get(args.pack, args.version)
    if loaded is None:
        known = ", ".join(registry.pack_ids()) or "none"
        which = f"version {args.version} of " if args.version else "a current version of "
        raise UsageError(f"there is no {which}'{args.pack}' (packs: {known}).")
    parameters: dict[str, Any] = {}
    if args.overlay:
        overlay = registry.overlays.get(args.overlay)
        if overlay is None:
            raise UsageError(f"no valid overlay is called '{args.overlay}'.")
        parameters = dict(overlay.parameters_for(args.pack))
    doc = read_file(args.file)
    if not doc.problems and not isinstance(doc.data, dict):
        doc.problems.append(doc.problem(Code.NOT_A_MAPPING, "the answers file must map "
                                        "question ids to answers."))
    if doc.problems:
        _print_problems(doc.problems)
        return PROBLEMS
    evaluation = evaluate(loaded.compiled, doc.data, parameters)
    result = evaluation_to_dict(evaluation)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        _print_evaluation(result)
    return PROBLEMS if evaluation.invalid_answers else OK


def _print_evaluation(result: dict[str, Any]) -> None:
    pack = result["pack"]
    print(f"{pack['id']} {pack['version']} ({pack['sha256'][:12]})")
    print(f"Level: {result['level'] or 'none'}")
    if result["too_early"]:
        print("Not enough answers yet: the level is not routine until these are answered: "
              + ", ".join(result["still_needed"]))
    elif result["still_needed"]:
        print("Still needed (could raise the level): " + ", ".join(result["still_needed"]))
    for flag in result["contradictions"]:
        print(f"Contradiction {flag['question']}: {flag['code']} {flag['message']}")
    for outcome in result["outcomes"]:
        print(f"  [{outcome['level']}] {outcome['id']}: {outcome['title']}")
    for rule in result["fired_rules"]:
        because = ", ".join(f"{k}={v}" for k, v in rule["because"].items())
        print(f"  because {rule['id']}: {rule['rationale']} ({because})")
    if result["missing_required"]:
        print("Missing required: " + ", ".join(result["missing_required"]))
    for bad in result["invalid_answers"]:
        print(f"Invalid {bad['question']}: {bad['code']} {bad['message']}")


def cmd_scenarios(args: argparse.Namespace) -> int:
    registry = _registry(args)
    if args.pack and args.pack not in registry.versions:
        raise UsageError(f"no pack is called '{args.pack}'.")
    if args.pack_version and not args.pack:
        raise UsageError("--pack-version needs --pack.")
    if args.pack_version and registry.get(args.pack, args.pack_version) is None:
        raise UsageError(f"pack '{args.pack}' has no version {args.pack_version}.")
    _print_problems(registry.problems)
    results = run_all(registry, args.pack, args.pack_version)
    for result in results:
        print(result.line())
    failed = sum(not r.passed for r in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    status = PROBLEMS if failed or registry.problems else OK
    if args.coverage:
        unfired = unfired_rules(registry, results, args.pack)
        for pack_id, rule_id in unfired:
            print(f"unfired: {pack_id} {rule_id}")
        print(f"{len(unfired)} rules fired by no scenario")
        status = PROBLEMS if unfired else status
    return status


def cmd_schema(args: argparse.Namespace) -> int:
    schema = record_file_schema() if args.record else pack_json_schema()
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return OK


def _now(args: argparse.Namespace) -> datetime:
    if args.today is not None:
        return datetime.combine(args.today, time(12, 0))
    return datetime.now().replace(microsecond=0)


def _overlay(registry: Registry, name: str | None) -> Overlay | None:
    if not name:
        return None
    overlay = registry.overlays.get(name)
    if overlay is None:
        known = ", ".join(sorted(registry.overlays)) or "none"
        raise UsageError(f"no valid overlay is called '{name}' (overlays: {known}).")
    return overlay


def cmd_export(args: argparse.Namespace) -> int:
    if not args.source.is_file():
        raise UsageError(f"{args.source} is not a file.")
    registry = _registry(args)
    loaded: LoadedPack | None
    folder = data_dir(args.data_dir)
    try:
        key = signing_key(folder)
        if args.source.suffix.lower() in (".yaml", ".yml"):
            record, loaded, overlay = _training_record(args.source, registry, _now(args), key)
            overlay = _overlay(registry, args.overlay) or overlay
        else:
            checked = read_export(read_import_file(args.source), args.source.name, _now(args),
                                  load_trust(folder), allow_unsigned=args.allow_unsigned)
            record = checked.record
            for warning in checked.verification.warnings():
                print(f"cspr: warning: {warning}", file=sys.stderr)
            loaded = _pinned_pack(registry, record)
            overlay = _overlay(registry, args.overlay)
        exporter_here(loaded, overlay, lambda: key, lambda: _now(args)).export(
            record, args.format, args.output)
    except (ImportRefused, ExportError, KeyProblem) as exc:
        print(f"cspr: {exc}", file=sys.stderr)
        return PROBLEMS
    except _ScenarioProblems as exc:
        _print_problems(exc.problems)
        return PROBLEMS
    print(f"Wrote {args.output} ({args.format}, record {record.id})")
    return OK


def _pinned_pack(registry: Registry, record: Record) -> LoadedPack | None:
    """The record's own pack if its content is the record's pin; else None, so the export
    shows the guidance stored in the record rather than another content's question texts."""
    try:
        return registry.for_record(record)
    except PackPinError:
        print(f"cspr: note: the rules here do not hold the exact {record.pack_id} "
              f"{record.pack_version} that record {record.id} was made with; the export shows "
              "the guidance stored in the record.", file=sys.stderr)
        return None


class _ScenarioProblems(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("scenario problems")
        self.problems = problems


def _training_record(path: Path, registry: Registry, now: datetime,
                     key: SigningKey) -> tuple[Record, LoadedPack, Overlay | None]:
    """A scenario answered and signed as a fictional trainer: a completed training record."""
    doc = read_file(path)
    scenario, problems = parse_scenario(doc)
    loaded = pack_for(scenario, registry) if scenario else None
    if scenario is not None and loaded is None:
        problems.append(doc.problem(Code.SCENARIO_NO_MATCHING_VERSION, f"no version of "
                                    f"'{scenario.pack}' matches the scenario.", ("pack",)))
    if scenario is None or loaded is None:
        raise _ScenarioProblems(problems)
    overlay = scenario_overlay(scenario, registry)
    record = training_record(scenario, loaded, now,
                             child_ref=f"Training scenario {scenario.id}")
    evaluation = evaluate(loaded.compiled, record.answers, scenario_parameters(scenario, registry))
    if evaluation.invalid_answers:
        raise _ScenarioProblems([doc.problem(Code.SCENARIO_BAD_ANSWER, f"{bad.question}: "
                                             f"{bad.message}", ("answers", bad.question))
                                 for bad in evaluation.invalid_answers])
    record = complete(record, practitioner_name=TRAINER, role="Trainer",
                      agency="Training (fictional case)", signed_at=now,
                      evaluation=evaluation_to_dict(evaluation), key=key,
                      body_map_svg=record_svg(loaded.pack,
                                               shown_answers(record.answers, evaluation)),
                      no_response_reason="A training scenario exported as it is written: "
                      "there was no practitioner to respond.")
    return record, loaded, overlay


def ask_passphrase() -> str:
    """The records' passphrase, typed at the terminal: never an argument or a variable, which
    would leave it in the shell's history or the process list."""
    if not sys.stdin.isatty():
        raise EncryptionError("The records are encrypted: run this in a terminal, where you "
                              "can type their passphrase.")
    import getpass

    return getpass.getpass("Passphrase for the records: ")


def cmd_import(args: argparse.Namespace) -> int:
    """Check the file's seals and signatures, store the record, and say who signed it."""
    folder = data_dir(args.data_dir)
    try:
        checked = read_export(read_import_file(args.file), args.file.name, _now(args),
                              load_trust(folder), allow_unsigned=args.allow_unsigned)
        store = open_records(folder, ask_passphrase)
        try:
            result = import_into(store, checked.record)
        finally:
            store.close()
    except (ImportRefused, StoreError, EncryptionError) as exc:
        print(f"cspr: {exc}", file=sys.stderr)
        return PROBLEMS
    print(result.message)
    lines = checked.verification.lines()
    print(lines[0])
    for line in lines[1:]:
        print(line if line.startswith("Warning:") else f"  {line}")
    return OK


COMMANDS = {
    "validate": cmd_validate,
    "pin": cmd_pin,
    "evaluate": cmd_evaluate,
    "scenarios": cmd_scenarios,
    "schema": cmd_schema,
    "export": cmd_export,
    "import": cmd_import,
    "keys": cmd_keys,
}


if __name__ == "__main__":
    sys.exit(main())
