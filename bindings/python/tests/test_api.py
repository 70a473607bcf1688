# SPDX-License-Identifier: MIT
"""Guards: the binding mirrors every C result struct field for field, binds and uses every
exported function, maps every status code, and refuses a library of another major version."""
import ctypes
import dataclasses
import glob
import os
import re
import subprocess
import sys

import pytest

import cxscore
from cxscore import _ffi
from refdata import SOURCE_ROOT

HEADERS = sorted(glob.glob(os.path.join(SOURCE_ROOT, "include", "cxscore", "*.h")))
MAP = os.path.join(SOURCE_ROOT, "lib", "cxscore.map")
PACKAGE = os.path.dirname(cxscore.__file__)
C_TYPES = {"size_t": ctypes.c_size_t, "uint64_t": ctypes.c_uint64, "int64_t": ctypes.c_int64,
           "uint32_t": ctypes.c_uint32, "int32_t": ctypes.c_int32, "double": ctypes.c_double,
           "int": ctypes.c_int}

needs_source = pytest.mark.skipif(not HEADERS or not os.path.exists(MAP),
                                  reason="the source tree's headers are not here")


def header_structs():
    """{C name: [(field, C type, array length or None)]} of every public typedef struct."""
    structs = {}
    for path in HEADERS:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        text = re.sub(r"//[^\n]*", "", text)
        for body, name in re.findall(r"typedef\s+struct\s*\{(.*?)\}\s*(\w+)\s*;", text, re.S):
            fields = []
            for decl in filter(None, (d.strip() for d in body.split(";"))):
                ctype, names = re.match(r"(\w+)\s+(.*)", decl, re.S).groups()
                for item in names.split(","):
                    m = re.fullmatch(r"\s*(\w+)\s*(?:\[(\d+)\])?\s*", item)
                    fields.append((m.group(1), ctype, int(m.group(2)) if m.group(2) else None))
            structs[name] = fields
    return structs


@needs_source
def test_result_structs_match_the_headers():
    structs = header_structs()
    assert structs, "no struct found in the headers"
    assert set(_ffi.STRUCTS) == set(structs), "a C result struct is not mirrored (or gone)"
    for name, fields in structs.items():
        mirrored = []
        for field, ctype in _ffi.STRUCTS[name]._fields_:
            if issubclass(ctype, ctypes.Array):
                mirrored.append((field, ctype._type_, ctype._length_))
            else:
                mirrored.append((field, ctype, None))
        expected = [(f, C_TYPES[t], n) for f, t, n in fields]
        assert mirrored == expected, name
        assert fields[0][:2] == ("size", "size_t"), f"{name} does not start with size_t size"


def test_result_dataclasses_carry_the_c_fields():
    pairs = {cxscore.NpsResult: "CxNpsResult", cxscore.NpsComparison: "CxNpsComparison",
             cxscore.AlphaResult: "CxAlphaResult", cxscore.AlphaItem: "CxAlphaItem",
             cxscore.ServqualResult: "CxServqualResult",
             cxscore.ServqualDimension: "CxServqualDimension",
             cxscore.ServqualItem: "CxServqualItem", cxscore.RatingResult: "CxRatingResult",
             cxscore.RatingComparison: "CxRatingComparison",
             cxscore.ProportionComparison: "CxProportionComparison",
             cxscore.MeanComparison: "CxMeanComparison",
             cxscore.LoyaltyIndexResult: "CxLoyaltyIndexResult",
             cxscore.LoyaltyIndexComparison: "CxLoyaltyIndexComparison",
             cxscore.TestResult: "CxTestResult", cxscore.RetentionResult: "CxRetentionResult",
             cxscore.RetentionPeriod: "CxRetentionPeriod",
             cxscore.RetentionCustomer: "CxRetentionCustomer",
             cxscore.DriversResult: "CxDriversResult", cxscore.Driver: "CxDriver",
             cxscore.ContactsResult: "CxContactsResult",
             cxscore.ContactsChannelResult: "CxContactsChannelResult",
             cxscore.FollowupAlert: "CxFollowupAlert",
             cxscore.FollowupResult: "CxFollowupResult",
             cxscore.DesignMean: "CxDesignMean",
             cxscore.AuditResult: "CxAuditResult", cxscore.AuditSection: "CxAuditSection",
             cxscore.AuditItem: "CxAuditItem", cxscore.AuditSegment: "CxAuditSegment",
             cxscore.AuditShopper: "CxAuditShopper", cxscore.ContactsWaits: "CxContactsWaits"}
    assert set(pairs.values()) == set(_ffi.STRUCTS)
    for cls, c_name in pairs.items():
        c_fields = [f for f, _ in _ffi.STRUCTS[c_name]._fields_ if f not in ("size", "reserved")]
        names = [f.name for f in dataclasses.fields(cls)]
        assert names[:len(c_fields)] == c_fields, cls.__name__
        assert cls.__dataclass_params__.frozen
    r = cxscore.nps([9, 10])
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.nps = 0
    # The struct's size field is what ctypes says the struct takes.
    c = _ffi.STRUCTS["CxNpsResult"]()
    assert c.size == ctypes.sizeof(c) == 8 + 11 * 8 + 11 * 8 + 11 * 8


@needs_source
def test_every_exported_function_is_bound_and_used():
    with open(MAP) as f:
        exported = set(re.findall(r"^\s*(cx_\w+);", f.read(), re.M))
    bound = {n for n in vars(_ffi.C) if n.startswith("cx_")}
    assert bound == exported
    source = ""
    prefixes = set()
    for path in glob.glob(os.path.join(PACKAGE, "*.py")):
        with open(path) as f:
            text = f.read()
        source += text
        prefixes |= set(re.findall(r'_c_prefix = "(cx_\w+)"', text))
    generic = {"free", "copy", "merge", "reset", "serialize", "deserialize"}
    unused = [name for name in exported
              if not re.search(rf"\bC\.{name}\b", source)
              and not any(name == f"{p}_{g}" for p in prefixes for g in generic)]
    assert unused == [], f"bound but never called: {unused}"


def test_status_codes_map_to_error_classes():
    assert len(_ffi.ERRORS) == 16
    for code, cls in _ffi.ERRORS.items():
        err = cls(code)
        assert issubclass(cls, cxscore.Error) and err.status == code == cls.status_code
        assert err.name == _ffi.C.cx_status_name(code).decode()
        assert err.message == _ffi.C.cx_strerror(code).decode()
        assert cls.__name__ in cxscore.__all__
    assert cxscore.EmptyError.status_code == -3 and cxscore.ParseError.status_code == -16
    unknown = cxscore.Error(-999)
    assert unknown.name == "CX_UNKNOWN"
    with pytest.raises(cxscore.Error) as e:
        _ffi.check(-999)
    assert type(e.value) is cxscore.Error


def test_version_and_library_path():
    major, minor, micro = cxscore.library_version_info()
    assert major == cxscore.MAJOR
    assert cxscore.library_version() == f"{major}.{minor}.{micro}"
    path = cxscore.library_path()
    assert os.path.isfile(path) and os.path.basename(path).startswith("libcxscore.so.")
    if "CXSCORE_LIBRARY" in os.environ:
        assert os.path.realpath(os.environ["CXSCORE_LIBRARY"]) == path


def import_with(library):
    env = dict(os.environ, CXSCORE_LIBRARY=library, PYTHONPATH=os.path.dirname(PACKAGE))
    return subprocess.run([sys.executable, "-c", "import cxscore"], env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.skipif("CXSCORE_TEST_FAKE_MAJOR" not in os.environ,
                    reason="meson builds the stand-in library of another major version")
def test_another_major_version_is_refused():
    fake = os.environ["CXSCORE_TEST_FAKE_MAJOR"]
    done = import_with(fake)
    assert done.returncode != 0
    assert "ImportError" in done.stderr
    assert "major version 99" in done.stderr
    assert f"written for major version {cxscore.MAJOR}" in done.stderr


def test_missing_or_foreign_library_is_refused(tmp_path):
    done = import_with(str(tmp_path / "libcxscore.so.0"))
    assert done.returncode != 0 and "libcxscore not found" in done.stderr
    assert "CXSCORE_LIBRARY" in done.stderr
    done = import_with("libc.so.6")  # a library, but not libcxscore
    assert done.returncode != 0 and "not libcxscore" in done.stderr
