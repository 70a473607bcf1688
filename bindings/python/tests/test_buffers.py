# SPDX-License-Identifier: MIT
"""Buffers reach C without a copy: the pointer each C function receives is the address of the
caller's own memory (checked by wrapping the binding's C functions)."""
import array
import ctypes
import math

import pytest

import cxscore
from cxscore._ffi import C


def spy(monkeypatch, name):
    """Records the arguments of every call to the C function ``name``."""
    calls = []
    real = getattr(C, name)

    def wrapper(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(C, name, wrapper)
    return calls


def address(obj):
    """Address of the first byte of a buffer, found independently of the binding."""
    if isinstance(obj, array.array):
        return obj.buffer_info()[0]
    if isinstance(obj, bytes):
        return ctypes.cast(ctypes.c_char_p(obj), ctypes.c_void_p).value
    return obj.__array_interface__["data"][0]  # numpy


@pytest.mark.parametrize("typecode,fn", [("B", "cx_nps_add_u8"), ("i", "cx_nps_add_int"),
                                         ("d", "cx_nps_add_double")])
def test_array_module_buffers(monkeypatch, typecode, fn):
    calls = spy(monkeypatch, fn)
    scores = array.array(typecode, [10, 9, 0, 7])
    weights = array.array("d", [1.0, 2.0, 1.0, 0.5])
    r = cxscore.nps(scores, weights)
    assert r.n == 4 and r.nps == pytest.approx(100 * 2 / 4.5)
    (_, ptr, wptr, n), = calls
    assert (ptr, wptr, n) == (address(scores), address(weights), 4)


def test_read_only_bytes(monkeypatch):
    calls = spy(monkeypatch, "cx_nps_add_u8")
    scores = bytes([10, 9, 0, 7, 200])
    assert cxscore.nps(scores).rejected_out_of_range == 1
    assert calls[0][1] == address(scores)
    # A slice of a memoryview starts where the slice does.
    view = memoryview(scores)[1:]
    assert cxscore.nps(view).n == 3
    assert calls[1][1] == address(scores) + 1 and calls[1][3] == 4


def test_numpy_arrays(monkeypatch):
    np = pytest.importorskip("numpy")
    nps_u8 = spy(monkeypatch, "cx_nps_add_u8")
    nps_i32 = spy(monkeypatch, "cx_nps_add_int")
    nps_f64 = spy(monkeypatch, "cx_nps_add_double")
    u8 = np.array([10, 9, 8, 6, 0, 7, 10], dtype=np.uint8)
    i32 = u8.astype(np.int32)
    f64 = u8.astype(np.float64)
    w = np.array([1, 2, 1, 1, 0.5, 1.5, 0.25])
    results = [cxscore.nps(a, w) for a in (u8, i32, f64)]
    assert results[0] == results[1] == results[2]
    assert results[0].nps == pytest.approx(100 * 7 / 29)
    assert nps_u8[0][1:] == (address(u8), address(w), 7)
    assert nps_i32[0][1:] == (address(i32), address(w), 7)
    assert nps_f64[0][1:] == (address(f64), address(w), 7)
    # Read-only arrays (e.g. np.frombuffer over bytes) are borrowed too.
    frozen = np.frombuffer(bytes([10, 9, 0]), dtype=np.uint8)
    assert not frozen.flags.writeable
    assert cxscore.nps(frozen).n == 3
    assert nps_u8[1][1] == address(frozen)
    # Strided, big-endian or other element types are converted: the C function receives a
    # copy, with the same answers.
    strided = np.arange(11, dtype=np.uint8)[::2]
    big = np.array([10, 9, 0], dtype=">f8")
    assert cxscore.nps(strided).counts == (1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1)
    assert cxscore.nps(big).n == 3
    assert nps_f64[-1][1] != address(big)


def test_rating_and_two_dimensional_arrays(monkeypatch):
    np = pytest.importorskip("numpy")
    rating = spy(monkeypatch, "cx_rating_add_double")
    values = np.array([5, 4, 4, 3, 5, 2, 4, 5, 1, 4], dtype=np.float64)
    assert cxscore.csat(values).mean == pytest.approx(3.7)
    assert rating[0][1] == address(values)

    alpha_rows = spy(monkeypatch, "cx_alpha_add_rows")
    table = np.array([[1, 2, 3], [2, 3, 4], [3, 3, 5], [4, 5, 5]], dtype=np.float64)
    a = cxscore.Alpha(3).extend(table)
    assert alpha_rows[0][1:] == (address(table), 4)
    assert a.result() == cxscore.Alpha(3).extend(table.tolist()).result()
    with pytest.raises(ValueError):
        cxscore.Alpha(4).extend(table)

    servqual_rows = spy(monkeypatch, "cx_servqual_add_rows")
    e = np.full((3, 22), 6.0)
    p = np.full((3, 22), 5.0)
    p[0, 0] = math.nan
    sq = cxscore.Servqual().extend(expectation=e, perception=p)
    (_, n, ep, pp, ip, ap, dp), = servqual_rows
    assert (n, ep, pp, ip, ap, dp) == (3, address(e), address(p), None, None, None)
    assert sq.result().unweighted_score == pytest.approx(-1.0)
    assert sq.result().answers_missing == 1

    loyalty = spy(monkeypatch, "cx_loyalty_index_add")
    rows = np.array([[10, 9, 7], [8, 8, 5], [6, 7, 3]], dtype=np.float64)
    weights = np.array([1.0, 0.5, 2.0])
    li = cxscore.LoyaltyIndex().extend(rows, weights)
    assert [c[1] for c in loyalty] == [address(rows) + 24 * i for i in range(3)]
    assert [c[2] for c in loyalty] == [1.0, 0.5, 2.0]
    assert li.result().respondents == 3


def test_drivers_arrays(monkeypatch):
    np = pytest.importorskip("numpy")
    calls = spy(monkeypatch, "cx_drivers_add_rows")
    x = np.array([[7, 6, 8], [9, 8, 9], [5, 6, 4], [8, 7, 9], [10, 9, 10], [6, 5, 7]],
                 dtype=np.float64)
    y = np.array([8, 9, 4, 9, 10, 6], dtype=np.float64)
    w = np.array([1, 2, 1, 1, 0.5, 1], dtype=np.float64)
    d = cxscore.Drivers(3).extend(x, y, w)
    (_, xp, yp, wp, n), = calls
    assert (xp, yp, wp, n) == (address(x), address(y), address(w), 6)
    assert d.result(level=0.9) == cxscore.Drivers(3).extend(x.tolist(), y.tolist(),
                                                            w.tolist()).result(level=0.9)
