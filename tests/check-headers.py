#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Guard: every public header stands alone, and every result struct can grow.

1. Each header of include/cxscore/ is compiled alone (nothing included before it) as C99 and
   C11 with -pedantic -Wall -Wextra -Wpadded -Werror, and as C++11, in a file that uses every
   type (Cx...) and every constant (CX_...) the header names, in its code or its documentation:
   a header that documents CX_MISSING_LISTWISE or #CX_E_EMPTY must make them usable, and no
   struct may hide padding that a later field would fill without changing its size.
2. Every public struct that starts with `size_t size` (a result struct) has its first released
   size frozen in a lib/*/abi-private.h table, and every exported function that takes one is
   exercised by tests/test-structs.c.
Usage: check-headers.py CC CXX SOURCE_INCLUDE BUILD_INCLUDE LIBDIR TEST_STRUCTS_C
"""
import pathlib
import re
import subprocess
import sys
import tempfile

# Macros that are not constants: they take arguments or expand to declarations.
NOT_CONSTANTS = {"CX_EXPORT", "CX_BEGIN_DECLS", "CX_END_DECLS", "CX_CHECK_VERSION"}


def strip_comments(text):
    return re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S))


def names_used(text):
    text = re.sub(r'"[^"\n]*"', '""', text)  # quoted text names strings, not identifiers
    types = sorted(set(re.findall(r"\b(Cx[A-Z]\w*)\b", text)))
    constants = sorted(c for c in set(re.findall(r"\b(CX_[A-Z0-9_]*[A-Z0-9])\b", text))
                       if c not in NOT_CONSTANTS)
    return types, constants


def translation_unit(header, types, constants, lang):
    lines = [f"#include <cxscore/{header}>", ""]
    fn = "int cx_header_uses(void)" if lang == "c" else "int cx_header_uses()"
    lines += [f"{fn};", f"{fn}", "{", "    int sum = 0;"]
    for t in types:
        lines.append(f"    sum += (int)sizeof({t} *);")
    for c in constants:
        lines.append(f"    sum += (int)({c} != 0);")
    lines += ["    return sum;", "}", ""]
    return "\n".join(lines)


def compile_alone(cc, cxx, include_dirs, headers):
    failures = []
    flags_c = ["-pedantic", "-Wall", "-Wextra", "-Wpadded", "-Werror", "-fsyntax-only"]
    incs = [f"-I{d}" for d in include_dirs]
    with tempfile.TemporaryDirectory() as tmp:
        for path in headers:
            name = path.name.removesuffix(".in")
            types, constants = names_used(path.read_text())
            for lang, compiler, std, suffix in (("c", cc, "c99", ".c"), ("c", cc, "c11", ".c"),
                                                ("c++", cxx, "c++11", ".cc")):
                if not compiler:
                    continue
                src = pathlib.Path(tmp) / f"{name}-{std}{suffix}"
                src.write_text(translation_unit(name, types, constants, lang))
                done = subprocess.run(compiler + [f"-std={std}"] + flags_c + incs + [str(src)],
                                      capture_output=True, text=True)
                if done.returncode != 0:
                    first = "\n      ".join(done.stderr.strip().splitlines()[:6])
                    failures.append(f"{name} alone as {std}:\n      {first}")
    return failures


def result_structs(headers):
    """{struct name: header} for public structs whose first field is `size_t size`."""
    found = {}
    for path in headers:
        text = strip_comments(path.read_text())
        for body, name in re.findall(r"typedef\s+struct\s*\{(.*?)\}\s*(\w+)\s*;", text, re.S):
            if re.match(r"\s*size_t\s+size\s*;", body):
                found[name] = path.name
    return found


def functions_taking(headers, structs):
    """{function: [struct, ...]} for exported functions with a parameter of a result struct."""
    found = {}
    for path in headers:
        text = strip_comments(path.read_text())
        for m in re.finditer(r"CX_EXPORT\s+[^;(]*?\b(\w+)\s*\(([^)]*)\)\s*;", text, re.S):
            used = [s for s in structs if re.search(rf"\b{s}\s*\*", m.group(2))]
            if used:
                found[m.group(1)] = used
    return found


def main():
    cc, cxx = sys.argv[1].split(), sys.argv[2].split()  # an empty CXX: no C++ compiler
    source_inc, build_inc = pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
    libdir, test_structs = pathlib.Path(sys.argv[5]), pathlib.Path(sys.argv[6])
    headers = sorted(p for p in (source_inc / "cxscore").glob("*.h"))
    headers += sorted(p for p in (build_inc / "cxscore").glob("*.h"))
    failures = compile_alone(cc, cxx, [source_inc, build_inc], headers)

    structs = result_structs(headers)
    frozen_text = "".join(p.read_text() for p in libdir.glob("*/abi-private.h"))
    frozen = set(re.findall(r"CX_STRUCT_END\((\w+),", frozen_text))
    for s in sorted(structs):
        if s not in frozen:
            failures.append(f"{s} ({structs[s]}) has no first released size in "
                            f"lib/*/abi-private.h")
    tested = test_structs.read_text()
    takers = functions_taking(headers, structs)
    for fn, used in sorted(takers.items()):
        if not re.search(rf"\b{fn}\b", tested):
            failures.append(f"{fn} takes {', '.join(used)} but tests/test-structs.c never "
                            f"calls it")
    for f in failures:
        print("FAIL:", f)
    if not structs or not takers:
        failures.append("no result struct or function found: wrong directory?")
    print(f"{len(headers)} headers compiled alone as C99, C11 and C++11; {len(structs)} result "
          f"structs, {len(takers)} functions that take one")
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
