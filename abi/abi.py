#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ABI guard of libcxscore with libabigail (abidw, abidiff).

  abi.py check BASELINE LIBRARY HEADERS_DIR...
      Compares the built LIBRARY with the checked-in BASELINE (abi/libcxscore.abi). Passes when
      nothing changed or when functions were only added (compatible: regenerate the baseline at
      release). Fails on anything else (a removed or changed function, a changed public type) and
      says whether the soname was bumped. Exit 77 (skipped) without abidiff or debug info.

  abi.py update BUILD_DIR [--compatible]
      Writes abi/libcxscore.abi from BUILD_DIR's library (configure it with -Dbuildtype=debug).
      Refuses an incompatible change unless the soname changed too, or --compatible says that a
      reviewed change is compatible by design (e.g. a field appended to a result struct that
      starts with `size`). See docs/releasing.md.

Only public types are recorded (--headers-dir with --drop-private-types), without paths or
locations, so builds by another compiler or at another optimization level compare equal.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BASELINE = os.path.join(HERE, "libcxscore.abi")
SUPPRESSIONS = os.path.join(HERE, "libcxscore.abignore")
SKIP = 77

# abidiff exit status bits (libabigail manual, "abidiff: return values").
ABIDIFF_ERROR = 1
ABIDIFF_USAGE_ERROR = 2
ABIDIFF_ABI_CHANGE = 4
ABIDIFF_ABI_INCOMPATIBLE_CHANGE = 8


def abidw_args(headers):
    args = ["abidw", "--drop-private-types", "--no-corpus-path", "--no-comp-dir-path",
            "--no-elf-needed", "--short-locs", "--type-id-style", "hash"]
    for h in headers:
        args += ["--headers-dir", h]
    return args


def has_debug_info(library):
    out = subprocess.run(["readelf", "-S", "-W", library], capture_output=True, text=True)
    return ".debug_info" in out.stdout


def soname_of(abi_file):
    with open(abi_file, encoding="utf-8") as f:
        m = re.search(r"soname='([^']*)'", f.read(4096))
    return m.group(1) if m else "(none)"


def dump(library, headers, out_file):
    subprocess.run(abidw_args(headers) + ["--out-file", out_file, library], check=True)


def diff(old, new, *extra):
    args = ["abidiff", "--no-show-locs", "--suppressions", SUPPRESSIONS, *extra, old, new]
    p = subprocess.run(args, capture_output=True, text=True)
    return p.returncode, (p.stdout + p.stderr).strip()


def classify(old, new):
    """Returns ('same' | 'added' | 'changed' | 'error', report)."""
    rc, report = diff(old, new)
    if rc == 0:
        return "same", report
    if rc & (ABIDIFF_ERROR | ABIDIFF_USAGE_ERROR):
        return "error", report
    # The same comparison without added symbols: if it is clean, functions were only added.
    rc2, _ = diff(old, new, "--no-added-syms")
    if rc2 == 0:
        return "added", report
    return "changed", report


def check(baseline, library, headers):
    if not shutil.which("abidw") or not shutil.which("abidiff"):
        print("SKIP: abidw/abidiff not found (install abigail-tools)")
        return SKIP
    if not has_debug_info(library):
        print(f"SKIP: {library} has no debug information (configure with debug=true)")
        return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        current = os.path.join(tmp, "current.abi")
        dump(library, headers, current)
        kind, report = classify(baseline, current)
        old_so, new_so = soname_of(baseline), soname_of(current)
    print(f"baseline {os.path.relpath(baseline, ROOT)} ({old_so}) vs {library} ({new_so})")
    if report:
        print(report)
    if kind == "same":
        print("ABI unchanged")
        print("1 passed, 0 failed")
        return 0
    if kind == "added":
        print("compatible: functions were added; regenerate the baseline when releasing "
              "(docs/releasing.md)")
        print("1 passed, 0 failed")
        return 0
    if kind == "error":
        print("FAIL: abidiff could not compare the two")
    elif old_so == new_so:
        print(f"FAIL: incompatible ABI change, but the soname is still {new_so}. Either undo "
              "the change, or bump the soname (meson.build: cx_soversion) and regenerate the "
              "baseline on purpose (docs/releasing.md). A field appended to a size-prefixed "
              "result struct is compatible by design: review it and regenerate with --compatible.")
    else:
        print(f"FAIL: the soname changed from {old_so} to {new_so} but the baseline was not "
              "regenerated: run abi/abi.py update (docs/releasing.md)")
    print("0 passed, 1 failed")
    return 1


def update(build_dir, compatible):
    libs = sorted(p for p in glob.glob(os.path.join(build_dir, "lib", "libcxscore.so.*.*.*"))
                  if not p.endswith(".p"))
    if not libs:
        print(f"no lib/libcxscore.so.X.Y.Z in {build_dir}: build it first", file=sys.stderr)
        return 1
    library = libs[0]
    if not has_debug_info(library):
        print(f"{library} has no debug information: configure with -Dbuildtype=debug",
              file=sys.stderr)
        return 1
    headers = [os.path.join(ROOT, "include", "cxscore"),
               os.path.join(build_dir, "include", "cxscore")]
    with tempfile.TemporaryDirectory() as tmp:
        new = os.path.join(tmp, "new.abi")
        dump(library, headers, new)
        if os.path.exists(BASELINE):
            kind, report = classify(BASELINE, new)
            if report:
                print(report)
            old_so, new_so = soname_of(BASELINE), soname_of(new)
            if kind == "error":
                print("abidiff failed; baseline not written", file=sys.stderr)
                return 1
            if kind == "changed" and old_so == new_so and not compatible:
                print(f"refusing: incompatible change with the same soname {new_so}. Bump "
                      "cx_soversion in meson.build first, or pass --compatible after review.",
                      file=sys.stderr)
                return 1
            print(f"{kind}: {old_so} -> {new_so}")
        shutil.copyfile(new, BASELINE)
    print(f"wrote {os.path.relpath(BASELINE, ROOT)}")
    return 0


def main(argv):
    if len(argv) >= 4 and argv[1] == "check":
        return check(argv[2], argv[3], argv[4:])
    if len(argv) >= 3 and argv[1] == "update":
        return update(argv[2], "--compatible" in argv[3:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
