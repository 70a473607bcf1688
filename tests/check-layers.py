#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Guard: the library's folders are layers, and includes only run down them.

    core/   status codes, version, serialized state, cell parsing, calendar, moments, kernels
    read/   the CSV reader                       stands on core/
    stats/  distributions, tests, periods        stands on core/
    score/  the accumulators                     stands on core/ and stats/ (never read/)

A file in lib/LAYER/ may include a private header ("core/x-private.h") or a public one
(<cxscore/cx-x.h>) only from a layer it stands on, or from its own. Every public header
belongs to one layer (PUBLIC below): a new header must be placed there, or this guard fails.
Nothing in lib/ includes the umbrella <cxscore/cxscore.h>.
Usage: check-layers.py LIBDIR INCLUDEDIR
"""
import pathlib
import re
import sys

STANDS_ON = {
    "core": {"core"},
    "read": {"core", "read"},
    "stats": {"core", "stats"},
    "score": {"core", "stats", "score"},
}

# The layer of each public header: the library's sources implementing it live there.
PUBLIC = {
    "cx-common.h": "core", "cx-error.h": "core", "cx-version.h": "core", "cx-cell.h": "core",
    "cx-reader.h": "read",
    "cx-compare.h": "stats", "cx-period.h": "stats",
    "cx-nps.h": "score", "cx-rating.h": "score", "cx-loyalty.h": "score",
    "cx-value.h": "score", "cx-alpha.h": "score", "cx-instrument.h": "score",
    "cx-servqual.h": "score", "cx-drivers.h": "score", "cx-contacts.h": "score",
    "cx-retention.h": "score", "cx-design.h": "score", "cx-audit.h": "score",
    "cx-followup.h": "score", "cx-queue.h": "score", "cx-rules.h": "core",
}

INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]', re.M)


def main():
    libdir, incdir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    failures = []
    checked = 0
    for header in sorted(incdir.glob("cx-*.h*")):
        name = header.name.removesuffix(".in")
        if name not in PUBLIC:
            failures.append(f"{header}: public header without a layer in check-layers.py")
    for path in sorted(libdir.rglob("*.[ch]")):
        rel = path.relative_to(libdir)
        if len(rel.parts) != 2 or rel.parts[0] not in STANDS_ON:
            failures.append(f"lib/{rel}: not inside one of {', '.join(sorted(STANDS_ON))}/")
            continue
        layer = rel.parts[0]
        allowed = STANDS_ON[layer]
        checked += 1
        for m in INCLUDE.finditer(path.read_text()):
            kind, target = m.groups()
            line = path.read_text()[:m.start()].count("\n") + 1
            where = f"lib/{rel}:{line}"
            if kind == '"':
                parts = pathlib.PurePosixPath(target).parts
                if len(parts) != 2 or parts[0] not in STANDS_ON:
                    failures.append(f'{where}: "{target}": private headers are included as '
                                    f'"LAYER/name-private.h"')
                elif not (libdir / target).exists():
                    failures.append(f'{where}: "{target}" does not exist')
                elif parts[0] not in allowed:
                    failures.append(f'{where}: {layer}/ includes "{target}" from {parts[0]}/, '
                                    f'which it does not stand on')
            elif target.startswith("cxscore/"):
                name = target.split("/", 1)[1]
                if name == "cxscore.h":
                    failures.append(f"{where}: the library includes the umbrella <{target}>")
                elif name not in PUBLIC:
                    failures.append(f"{where}: <{target}> has no layer in check-layers.py")
                elif PUBLIC[name] not in allowed:
                    failures.append(f"{where}: {layer}/ includes <{target}> of {PUBLIC[name]}/, "
                                    f"which it does not stand on")
    for f in failures:
        print("FAIL:", f)
    if checked == 0:
        failures.append("no source checked: wrong directory?")
        print("FAIL: no source checked")
    print(f"{checked} sources checked")
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
