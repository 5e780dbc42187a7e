#!/usr/bin/env python3
"""Checks the configured unit files with `systemd-analyze verify` (ENV.md §6).

verify wants every ExecStart= binary to exist, so it checks copies whose binaries point
into the build tree; and it reports unknown keys and bad values on stderr while still
exiting 0, so any stderr output fails the check too. `systemd-analyze security
--offline=true` is printed for the units named with --security, for people to read.
With --sysusers and --tmpfiles, both are applied to an empty temporary root: the user must
be created and own the directories tmpfiles makes.

Usage: verify_units.py --bindir DIR [--program NAME=PATH]... [--security UNIT]...
                       [--sysusers FILE --tmpfiles FILE --user NAME] UNIT...
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bindir", required=True, help="the install bindir the units name")
    parser.add_argument("--program", action="append", default=[],
                        help="NAME=PATH: use the build tree's PATH for BINDIR/NAME")
    parser.add_argument("--security", action="append", default=[],
                        help="unit file name to print the offline security report of")
    parser.add_argument("--sysusers", help="sysusers.d file to apply to a temporary root")
    parser.add_argument("--tmpfiles", help="tmpfiles.d file to apply to the same root")
    parser.add_argument("--user", help="the user sysusers must create and tmpfiles must use")
    parser.add_argument("units", nargs="+")
    args = parser.parse_args()

    failed = verify_units(args)
    if args.sysusers and args.tmpfiles and args.user:
        failed = not check_users_and_directories(args.sysusers, args.tmpfiles, args.user) or failed
    return 1 if failed else 0


def check_users_and_directories(sysusers: str, tmpfiles: str, user: str) -> bool:
    with tempfile.TemporaryDirectory(prefix="printlink-root-") as root:
        (Path(root) / "etc").mkdir()
        for argv in (["systemd-sysusers", f"--root={root}", str(Path(sysusers).resolve())],
                     ["systemd-tmpfiles", f"--root={root}", "--create", str(Path(tmpfiles).resolve())]):
            result = subprocess.run(argv, capture_output=True, text=True)
            print(f"$ {' '.join(argv)} -> rc={result.returncode}")
            sys.stdout.write(result.stdout + result.stderr)
            if result.returncode != 0:
                print(f"FAIL: {argv[0]} failed")
                return False
        passwd = {line.split(":")[0]: line.split(":") for line in (Path(root) / "etc/passwd").read_text().splitlines()}
        if user not in passwd:
            print(f"FAIL: sysusers did not create {user}")
            return False
        uid = int(passwd[user][2])
        for directory in ("run/printlink", "var/lib/printlink"):
            path = Path(root) / directory
            if not path.is_dir() or path.stat().st_uid != uid:
                print(f"FAIL: tmpfiles did not create /{directory} owned by {user}")
                return False
        print(f"sysusers + tmpfiles: {user} (uid {uid}) owns /run/printlink and /var/lib/printlink")
        return True


def verify_units(args) -> bool:

    replacements = {}
    for spec in args.program:
        name, _, path = spec.partition("=")
        if not os.access(path, os.X_OK):
            print(f"FAIL: {name} is not built at {path}; the units cannot be verified without it")
            return True
        replacements[f"{args.bindir}/{name}"] = path

    with tempfile.TemporaryDirectory(prefix="printlink-units-") as tmp:
        copies = []
        for unit in map(Path, args.units):
            text = unit.read_text()
            for installed, built in replacements.items():
                text = text.replace(installed, built)
            copy = Path(tmp) / unit.name
            copy.write_text(text)
            copies.append(str(copy))

        result = subprocess.run(["systemd-analyze", "verify", *copies], capture_output=True, text=True)
        print(f"$ systemd-analyze verify {' '.join(Path(c).name for c in copies)} -> rc={result.returncode}")
        sys.stdout.write(result.stdout)
        sys.stdout.write(result.stderr)
        failed = result.returncode != 0 or result.stderr.strip() != ""
        print("FAIL: systemd-analyze verify reported problems" if failed else "verify: no findings")

        for name in args.security:
            report = subprocess.run(["systemd-analyze", "security", "--offline=true", str(Path(tmp) / name)],
                                    capture_output=True, text=True)
            print(f"\n$ systemd-analyze security --offline=true {name}  (printed, not asserted)")
            sys.stdout.write(report.stdout)
            sys.stdout.write(report.stderr)
    return failed


if __name__ == "__main__":
    sys.exit(main())
