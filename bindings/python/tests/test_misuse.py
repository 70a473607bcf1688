# SPDX-License-Identifier: MIT
"""Misuse that reached C before issue 21: objects shared by threads (ctypes releases the GIL
around each C call, so pure Python could free a reader or a log under another thread's call),
file objects whose read() returns no bytes, integers out of their C type's range (converted
modulo 2^64 by ctypes), empty state and paths with a NUL."""
import threading
import time

import pytest

import cxscore
from cxscore._ffi import C

# How long a thread that should be blocked is given to (wrongly) get through.
GRACE = 0.3


def _hold_inside(monkeypatch, name):
    """Wraps C.<name> so that its first call blocks, inside the call, until released: returns
    (inside, release) events."""
    inside, release = threading.Event(), threading.Event()
    real = getattr(C, name)
    first = [True]

    def blocking(*args):
        if first[0]:
            first[0] = False
            inside.set()
            assert release.wait(10), "never released"
        return real(*args)

    monkeypatch.setattr(C, name, blocking)
    return inside, release


def _race(monkeypatch, name, inside_call, other_call):
    """Runs inside_call() in a thread until it is inside C.<name>, then other_call() in
    another thread: returns whether other_call() finished while the first call was still
    inside C (it must not: the object's lock makes it wait), and both threads' exceptions."""
    inside, release = _hold_inside(monkeypatch, name)
    errors = {}

    def run(key, fn):
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - reported to the test
            errors[key] = e

    first = threading.Thread(target=run, args=("first", inside_call), daemon=True)
    first.start()
    assert inside.wait(10)
    done = threading.Event()
    second = threading.Thread(target=lambda: (run("second", other_call), done.set()), daemon=True)
    second.start()
    overtook = done.wait(GRACE)
    release.set()
    first.join(10)
    second.join(10)
    assert not first.is_alive() and not second.is_alive(), "a thread hangs"
    return overtook, errors


def test_closing_a_reader_while_another_thread_reads_waits_then_stops_it(monkeypatch):
    """Was a heap use-after-free (close() freed the reader under cx_reader_next_batch)."""
    reader = cxscore.CsvReader(b"score\n" + b"9\n" * 1000)
    rows = []
    it = iter(reader.batches(["score"], size=10))
    overtook, errors = _race(monkeypatch, "cx_reader_next_batch",
                             lambda: rows.extend(next(it)), reader.close)
    assert not overtook, "close() freed the reader while another thread was inside C"
    assert errors == {} and len(rows) == 10  # the batch in flight completed
    with pytest.raises(ValueError, match="closed"):
        next(it)


def test_closing_a_reader_while_another_thread_iterates_rows(monkeypatch):
    reader = cxscore.CsvReader(b"score\n" + b"9\n" * 100)
    it = iter(reader)
    first = []
    overtook, errors = _race(monkeypatch, "cx_reader_next", lambda: first.append(next(it)),
                             reader.close)
    assert not overtook and errors == {} and first == [("9",)]
    with pytest.raises(ValueError, match="closed"):
        next(it)


@pytest.mark.parametrize("make, add, c_add", [
    (lambda: cxscore.Retention(), lambda r: r.add("alice", 3, 10.0), "cx_retention_add"),
    (lambda: cxscore.Nps(), lambda n: n.add(9), "cx_nps_add"),
    (lambda: cxscore.Contacts(), lambda c: c.add("case-1", 1.0, "phone", True),
     "cx_contacts_add"),
])
def test_reset_waits_for_an_add_in_another_thread(monkeypatch, make, add, c_add):
    """Retention.reset() under another thread's add() was a use-after-free (a segfault in a
    release build): every accumulator now takes its calls in turn."""
    acc = make()
    overtook, errors = _race(monkeypatch, c_add, lambda: add(acc), acc.reset)
    assert not overtook, "reset() ran while another thread's add() was inside C"
    assert errors == {}


def test_threads_hammering_one_retention_log_never_crash():
    """Real threads, no mocks: adds, resets, results and copies of one log at once."""
    log = cxscore.Retention()
    stop = time.monotonic() + 1.0
    errors = []

    def adder(k):
        i = 0
        while time.monotonic() < stop:
            log.add(f"c{k}-{i % 500}", i % 7, 1.5)
            i += 1

    def resetter():
        while time.monotonic() < stop:
            log.reset()
            try:
                log.summary()
            except cxscore.EmptyError:
                pass
            log.copy()

    threads = [threading.Thread(target=adder, args=(k,)) for k in range(3)]
    threads.append(threading.Thread(target=resetter))
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors and not any(t.is_alive() for t in threads)


def test_merging_both_ways_at_once_does_not_deadlock():
    a, b = cxscore.Nps([9, 10, 3]), cxscore.Nps([7, 0])
    stop = time.monotonic() + 0.5

    def merge(dst, src):
        while time.monotonic() < stop:
            dst.merge(src)
            dst.reset()

    threads = [threading.Thread(target=merge, args=(a, b), daemon=True),
               threading.Thread(target=merge, args=(b, a), daemon=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert not any(t.is_alive() for t in threads), "deadlock"


def test_a_file_object_cannot_close_its_own_reader():
    class Closing:
        reader = None

        def read(self, n):
            if self.reader is None:
                return b"score\n"
            self.reader.close()
            return b"9\n"

    source = Closing()
    reader = cxscore.CsvReader(source)
    source.reader = reader
    with pytest.raises(RuntimeError, match="inside its own read"):
        list(reader)
    reader.close()  # from outside, it closes


@pytest.mark.parametrize("value", [42, None, 4.5, ["a"]])
def test_a_read_that_returns_no_bytes_is_a_type_error(value):
    """read() returning 42 hung the reader forever: bytes(42) is 42 NUL bytes, every time."""
    class Odd:
        def read(self, n):
            return value

    outcome = []

    def run():
        try:
            list(cxscore.CsvReader(Odd()))
            outcome.append(None)
        except Exception as e:  # noqa: BLE001 - inspected below
            outcome.append(e)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(10)
    assert outcome, "the reader hangs"
    assert isinstance(outcome[0], TypeError), outcome[0]
    assert "read() returned" in str(outcome[0])


@pytest.mark.parametrize("call, error", [
    (lambda: cxscore.Nps().add_missing(-5), ValueError),
    (lambda: cxscore.Nps().add_missing(2**64), OverflowError),
    (lambda: cxscore.Nps().add_counts([2**64] + [0] * 10), OverflowError),
    (lambda: cxscore.CsvReader(b"a\n1\n", max_record_size=-1), ValueError),
    (lambda: cxscore.CsvReader(b"a\n1\n", max_record_size=2**64), OverflowError),
    (lambda: cxscore.chi_square_independence([[1, -1], [2, 3]]), ValueError),
    (lambda: cxscore.Retention().add("a", 2**63, 1.0), OverflowError),
    (lambda: list(cxscore.CsvReader(b"a\n1\n").batches([-1])), ValueError),
])
def test_integers_out_of_range_are_refused_not_wrapped(call, error):
    """add_missing(-5) added 18446744073709551611 missing answers, 2**64 added 0, and
    max_record_size=-1 meant no cap."""
    with pytest.raises(error, match="outside"):
        call()


def test_the_largest_integers_still_pass():
    n = cxscore.Nps()
    n.add_missing(2**64 - 1)
    with pytest.raises(cxscore.EmptyError) as e:
        n.result()
    assert e.value.result.missing == 2**64 - 1


@pytest.mark.parametrize("cls", [cxscore.Nps, cxscore.Alpha, cxscore.Rating,
                                 cxscore.LoyaltyIndex, cxscore.Retention, cxscore.Contacts,
                                 cxscore.Drivers, cxscore.Servqual])
@pytest.mark.parametrize("data", [b"", bytearray(), memoryview(b"")])
def test_empty_state_is_corrupt(cls, data):
    """from_bytes(b"") raised InvalidArgumentError; the docs promise CorruptError."""
    with pytest.raises(cxscore.CorruptError):
        cls.from_bytes(data)


def test_a_path_with_a_nul_is_refused_not_cut(tmp_path, monkeypatch):
    """CsvReader("a\\x00b") opened the file "a"."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").write_bytes(b"score\n9\n")
    with pytest.raises(ValueError, match="null byte"):
        cxscore.CsvReader("a\x00b")
    with pytest.raises(ValueError, match="null byte"):
        cxscore.CsvReader(b"score\n9\n").column_index("sco\x00re")
    with pytest.raises(ValueError, match="null byte"):
        cxscore.Instrument.from_file("a\x00b")
