#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Guard: the library's exported symbols, the linker version script and the public headers agree.

- every symbol the shared library exports (nm -D --defined-only) is listed in lib/cxscore.map,
  is declared with CX_EXPORT in include/cxscore/*.h, and starts with cx_;
- every symbol in the map and every CX_EXPORT declaration is exported.
Usage: check-symbols.py LIBRARY MAPFILE HEADER...
"""
import re
import subprocess
import sys


def exported(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    syms = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] in "TDBRVW":
            syms.add(parts[2].split("@")[0])
    return syms


def mapped(mapfile):
    text = re.sub(r"/\*.*?\*/", "", open(mapfile).read(), flags=re.S)
    syms = set()
    for block in re.findall(r"global:(.*?)(?:local:|\})", text, flags=re.S):
        syms.update(s.strip() for s in block.split(";") if s.strip())
    return syms


def declared(headers):
    syms = set()
    for h in headers:
        text = open(h).read()
        for m in re.finditer(r"^CX_EXPORT\s+[^;(]*?\b(\w+)\s*\(", text, flags=re.M):
            syms.add(m.group(1))
    return syms


def main():
    lib, mapfile, headers = sys.argv[1], sys.argv[2], sys.argv[3:]
    exp, mp, dec = exported(lib), mapped(mapfile), declared(headers)
    failures = []
    for name, got, want in (("exported but not in the map", exp, mp),
                            ("in the map but not exported", mp, exp),
                            ("exported but not declared CX_EXPORT in a header", exp, dec),
                            ("declared CX_EXPORT but not exported", dec, exp)):
        extra = sorted(got - want)
        if extra:
            failures.append(f"{name}: {', '.join(extra)}")
    leaks = sorted(s for s in exp if not s.startswith("cx_"))
    if leaks:
        failures.append(f"exported without the cx_ prefix: {', '.join(leaks)}")
    if len(exp) == 0:
        failures.append("no exported symbol found: is this the right library?")
    for f in failures:
        print("FAIL:", f)
    print(f"{len(exp)} exported, {len(mp)} in the map, {len(dec)} declared")
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
