"""`cspr keys`: this installation's signing key, the keys it trusts, and organisation keys.

    cspr keys show                    the signing key and every trusted key, by fingerprint
    cspr keys export [-o FILE]        the public key records made here are signed with (PEM)
    cspr keys create-org -o FILE      a new organisation key pair for a partnership's IT team
    cspr keys import-org FILE         sign with that organisation key on this installation

An IT team trusts a sender by putting the sender's exported public key in the receiving
machine's `<data folder>/trusted-keys/` folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cspr_desktop.core.errors import KeyProblem
from cspr_desktop.core.exports import ExportError, write_atomic
from cspr_desktop.core.paths import data_dir
from cspr_desktop.core.records.keys import (
    KIND_WORDS,
    create_organisation_key,
    import_organisation_key,
    public_pem,
    short_fingerprint,
    signing_key,
)
from cspr_desktop.core.records.trust import TRUSTED_FOLDER, load_trust

OK, PROBLEMS = 0, 1


def add_keys_parser(sub: Any) -> None:
    keys = sub.add_parser("keys", help="this installation's signing key and trusted keys")
    keys.add_argument("--data-dir", type=Path, help="the app's data folder (default: the "
                      "app's data folder)")
    actions = keys.add_subparsers(dest="keys_command", required=True)
    actions.add_parser("show", help="print the signing key and the trusted keys")
    p = actions.add_parser("export", help="export the public key records made here are "
                           "signed with, for other machines' trusted-keys folders")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: print it)")
    p = actions.add_parser("create-org", help="create an organisation key pair (private key "
                           "file, 0600, and FILE.pub.pem beside it)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p = actions.add_parser("import-org", help="install an organisation key here; records "
                           "made here are then signed with it")
    p.add_argument("file", type=Path)


def _describe(folder: Path) -> list[str]:
    key = signing_key(folder)
    trust = load_trust(folder)
    lines = [f"Records made here are signed with the {KIND_WORDS[key.kind]}:",
             f"  {key.fingerprint}  ({short_fingerprint(key.fingerprint)})",
             f"  private key: {key.path}",
             f"Trusted keys ({TRUSTED_FOLDER} folder: {trust.folder}):"]
    lines += [f"  {fingerprint}  {label}" for fingerprint, label in sorted(
        trust.keys.items(), key=lambda item: item[1])]
    lines += [f"  not used: {problem}" for problem in trust.problems]
    return lines


def cmd_keys(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)
    try:
        if args.keys_command == "show":
            print("\n".join(_describe(folder)))
        elif args.keys_command == "export":
            key = signing_key(folder)
            pem = public_pem(key.public)
            if args.output is None:
                sys.stdout.write(pem.decode("ascii"))
            else:
                write_atomic(args.output, pem)
                print(f"Wrote the public {KIND_WORDS[key.kind]} to {args.output}")
            print(f"Fingerprint: {key.fingerprint}", file=sys.stderr)
        elif args.keys_command == "create-org":
            key = create_organisation_key(args.output)
            public = args.output.with_name(args.output.name + ".pub.pem")
            write_atomic(public, public_pem(key.public))
            print(f"Created an organisation key: private key {args.output} (keep it safe: "
                  f"whoever holds it can sign as the partnership), public key {public}.\n"
                  f"Fingerprint: {key.fingerprint}\nInstall it on each installation with "
                  "`cspr keys import-org FILE`; put the public key in receiving machines' "
                  f"{TRUSTED_FOLDER} folders.")
        else:
            key = import_organisation_key(folder, args.file)
            print(f"This installation now signs with the organisation key "
                  f"{key.fingerprint}.")
    except (KeyProblem, ExportError) as exc:
        print(f"cspr: {exc}", file=sys.stderr)
        return PROBLEMS
    return OK
