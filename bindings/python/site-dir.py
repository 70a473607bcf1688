# SPDX-License-Identifier: MIT
"""Prints the directory, relative to PREFIX, where this interpreter looks for packages installed
under PREFIX (a site-packages or dist-packages entry of sys.path, or the user site), or nothing.

Usage: site-dir.py PREFIX   (run by bindings/python/meson.build at configure time)

Why: meson's python module follows Debian's deb_system scheme, lib/python3/dist-packages, under
any prefix; Debian's /usr/bin/python3 searches that under /usr only, and lib/python3.X/
dist-packages under /usr/local. Entries of a nested prefix (/usr/local under /usr) are skipped.
"""
import os
import site
import sys

prefix = os.path.normpath(sys.argv[1])
candidates = list(sys.path)
if site.ENABLE_USER_SITE:
    candidates.append(site.getusersitepackages())
for path in candidates:
    path = os.path.normpath(path)
    if not path.startswith(prefix + os.sep):
        continue
    rel = os.path.relpath(path, prefix)
    if rel.split(os.sep)[0] in ("lib", "lib64") and \
            os.path.basename(rel) in ("site-packages", "dist-packages"):
        print(rel)
        break
