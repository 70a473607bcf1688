# SPDX-License-Identifier: MIT
"""Installs the build into a temporary DESTDIR and imports the installed cxscore package from
there, with nothing of the source or build tree on the path: proof that `meson install` gives a
working binding. Checks that
- every module of the package is installed, under the site-packages directory that this
  interpreter searches when the prefix is a standard one (/usr/local or /usr);
- the package finds the installed libcxscore through pkg-config's libdir, without
  CXSCORE_LIBRARY, and also through the dynamic linker's search (LD_LIBRARY_PATH) when
  pkg-config knows no cxscore;
- the installed copies, not the source tree's, were used, and they score the weighted vector of
  tests/data/reference/NPS.md (NPS_w = 7/29).

Usage: install-check.py BUILD_DIR PACKAGE_SOURCE_DIR   (run by meson test --suite python)
"""
import glob
import os
import subprocess
import sys
import sysconfig
import tempfile

PROBE = r"""
import os, sys, cxscore
r = cxscore.nps([10, 9, 8, 6, 0, 7, 10], weights=[1, 2, 1, 1, 0.5, 1.5, 0.25])
assert abs(r.nps - 700 / 29) < 1e-9, r.nps
print(os.path.realpath(cxscore.__file__))
print(cxscore.library_path())
"""


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def run_probe(env, cwd):
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=120)
    if done.returncode != 0:
        fail(f"import cxscore from the installed copy:\n{done.stderr}")
    module, library = done.stdout.split("\n")[:2]
    return module, library


def main():
    build_dir, package_source = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "root")
        done = subprocess.run(["meson", "install", "-C", build_dir, "--destdir", root,
                               "--no-rebuild", "--quiet"], capture_output=True, text=True)
        if done.returncode != 0:
            fail(f"meson install\n{done.stdout}{done.stderr}")

        inits = glob.glob(os.path.join(root, "**", "cxscore", "__init__.py"), recursive=True)
        if len(inits) != 1:
            fail(f"expected one installed cxscore/__init__.py, found {inits}")
        package = os.path.dirname(inits[0])
        site = os.path.dirname(package)
        wanted = sorted(os.path.basename(p) for p in glob.glob(os.path.join(package_source,
                                                                            "*.py")))
        installed = sorted(os.path.basename(p) for p in glob.glob(os.path.join(package, "*.py")))
        if installed != wanted:
            fail(f"installed modules {installed}, expected {wanted}")

        # Where it goes without DESTDIR: for /usr/local and /usr this interpreter must search it.
        target = "/" + os.path.relpath(site, root)
        prefix = sysconfig.get_config_var("prefix")
        if target.startswith(("/usr/local/", "/usr/lib/")):
            if target not in sys.path:
                fail(f"{target} is not on {sys.executable}'s sys.path {sys.path} "
                     f"(prefix {prefix})")
            print(f"site-packages {target} is on {sys.executable}'s path")
        else:
            print(f"non-standard prefix: {target} needs PYTHONPATH")

        pcs = glob.glob(os.path.join(root, "**", "pkgconfig", "cxscore.pc"), recursive=True)
        if len(pcs) != 1:
            fail(f"expected one installed cxscore.pc, found {pcs}")
        with open(pcs[0]) as f:
            pc = f.read()
        configured = next(line.split("=", 1)[1] for line in pc.splitlines()
                          if line.startswith("prefix="))
        # Point the .pc file at the DESTDIR copy, as a packager's relocation does.
        pc_dir = os.path.join(tmp, "pc")
        os.mkdir(pc_dir)
        with open(os.path.join(pc_dir, "cxscore.pc"), "w") as f:
            f.write(pc.replace(f"prefix={configured}", f"prefix={root}{configured}", 1))
        libdir = subprocess.run(["pkg-config", "--variable=libdir", "cxscore"],
                                env=dict(os.environ, PKG_CONFIG_PATH=pc_dir),
                                capture_output=True, text=True, check=True).stdout.strip()
        if not glob.glob(os.path.join(libdir, "libcxscore.so.*")):
            fail(f"no libcxscore.so.* in {libdir}")

        env = {k: v for k, v in os.environ.items()
               if k not in ("CXSCORE_LIBRARY", "PYTHONPATH", "LD_LIBRARY_PATH")}
        empty = os.path.join(tmp, "empty")
        os.mkdir(empty)
        cwd = empty  # nothing of the source tree on sys.path
        # 1. found through pkg-config's libdir
        module, library = run_probe(dict(env, PYTHONPATH=site, PKG_CONFIG_PATH=pc_dir), cwd)
        for what, path in (("module", module), ("library", library)):
            if not path.startswith(root):
                fail(f"the {what} came from {path}, not from the installed copy under {root}")
        print(f"pkg-config: imported {module} with {library}")
        # 2. found by the dynamic linker's search when pkg-config knows no cxscore
        module, library = run_probe(dict(env, PYTHONPATH=site, PKG_CONFIG_PATH=empty,
                                         PKG_CONFIG_LIBDIR=empty, LD_LIBRARY_PATH=libdir), cwd)
        if not library.startswith(root):
            fail(f"the linker's search loaded {library}, not the installed copy under {root}")
        print(f"linker search: imported {module} with {library}")
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
