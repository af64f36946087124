"""The `cspr` command: validate, evaluate, scenarios and schema, headless, for authors and CI.

Exit codes: 0 all well, 1 problems found, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from cspr_desktop.core.engine import evaluate
from cspr_desktop.core.errors import Code, Problem
from cspr_desktop.core.paths import rules_dir
from cspr_desktop.core.registry import Registry, load_registry
from cspr_desktop.core.scenarios import run_all, unfired_rules
from cspr_desktop.core.schema import pack_json_schema
from cspr_desktop.core.serialize import evaluation_to_dict
from cspr_desktop.core.validate_paths import validate_paths
from cspr_desktop.core.yamlsource import read_file

OK, PROBLEMS, USAGE = 0, 1, 2


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
    p = sub.add_parser("validate", help="validate packs, overlays and scenarios")
    p.add_argument("paths", nargs="*", type=Path)
    p = sub.add_parser("evaluate", help="evaluate an answers file under a pack")
    p.add_argument("--pack", required=True)
    p.add_argument("--version")
    p.add_argument("--overlay")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("file", type=Path)
    p = sub.add_parser("scenarios", help="run every scenario and check its expectations")
    p.add_argument("--pack")
    p.add_argument("--coverage", action="store_true", help="list rules no scenario fires")
    sub.add_parser("schema", help="print the JSON Schema of the rule-pack format")
    return parser


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
    print(report.summary())
    return PROBLEMS if report.problems else OK


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
    _print_problems(registry.problems)
    results = run_all(registry, args.pack)
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
    print(json.dumps(pack_json_schema(), indent=2))
    return OK


COMMANDS = {
    "validate": cmd_validate,
    "evaluate": cmd_evaluate,
    "scenarios": cmd_scenarios,
    "schema": cmd_schema,
}


if __name__ == "__main__":
    sys.exit(main())
