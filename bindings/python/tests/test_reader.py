# SPDX-License-Identifier: MIT
"""The library's CSV reader from Python: every source kind gives the same rows, malformed
records are counted and reported with their line, cells follow the library's rules."""
import io
import os

import pytest

import cxscore
from refdata import SOURCE_ROOT

SURVEY = os.path.join(SOURCE_ROOT, "examples", "data", "survey.csv")
MESSY = (b"\xef\xbb\xbfid,channel,score\r\n1,web,10\r\n2,web,\"9\"\r\n3,phone,1,extra\r\n"
         b"4,\"store, downtown\",11\r\n5,web,N/A\r\n6,phone,7a\r\n7,store,6.5\r\n"
         b"8,web,\"multi\nline\"\r\n9,web,8")


def rows_of(reader):
    with reader:
        return list(reader), reader.malformed_rows, reader.malformed


def test_every_source_gives_the_same_rows(tmp_path):
    path = tmp_path / "messy.csv"
    path.write_bytes(MESSY)
    expected = rows_of(cxscore.CsvReader(MESSY))
    rows, malformed, errors = expected
    assert rows[0] == ("1", "web", "10") and rows[1] == ("2", "web", "9")
    assert rows[2] == ("4", "store, downtown", "11")
    assert rows[-2] == ("8", "web", "multi\nline") and rows[-1] == ("9", "web", "8")
    assert malformed == 1 and errors[0][0] == 4 and "4 fields" in errors[0][1]
    assert rows_of(cxscore.CsvReader(str(path))) == expected
    assert rows_of(cxscore.CsvReader(path)) == expected  # os.PathLike
    assert rows_of(cxscore.CsvReader(bytearray(MESSY))) == expected
    assert rows_of(cxscore.CsvReader(io.BytesIO(MESSY))) == expected
    with open(path, "rb") as f:
        assert rows_of(cxscore.CsvReader(f)) == expected
    with open(path, "rb") as f:
        assert rows_of(cxscore.CsvReader(f.fileno())) == expected
    with open(path, encoding="utf-8", newline="") as f:  # a text file is encoded back
        assert rows_of(cxscore.CsvReader(f)) == expected
    assert rows_of(cxscore.CsvReader.from_text(MESSY.decode("utf-8"))) == expected

    class OneByte(io.RawIOBase):  # a reader fed one byte at a time
        def __init__(self):
            self.data = io.BytesIO(MESSY)

        def read(self, n=-1):
            return self.data.read(1)

    assert rows_of(cxscore.CsvReader(OneByte())) == expected


def test_batches_give_the_same_rows_and_errors():
    expected = rows_of(cxscore.CsvReader(MESSY))
    for size in (1, 2, 3, 4096):
        with cxscore.CsvReader(MESSY) as reader:
            batches = list(reader.batches(size=size))
            assert all(1 <= len(b) <= size for b in batches)
            got = ([row for b in batches for row in b], reader.malformed_rows, reader.malformed)
        assert got == expected, size
    with cxscore.CsvReader(MESSY) as reader:
        picked = [row for b in reader.batches(["score", 0]) for row in b]
    assert picked[0] == ("10", "1") and picked[2] == ("11", "4")
    with cxscore.CsvReader(MESSY) as reader, pytest.raises(ValueError):
        next(reader.batches(size=0))


def test_semicolon_exports():
    data = b'id;channel;score\r\n1;"web;shop";10\n2;app;7\n'
    with cxscore.CsvReader(data, delimiter=";") as reader:
        assert reader.columns == ("id", "channel", "score")
        assert list(reader) == [("1", "web;shop", "10"), ("2", "app", "7")]
    with cxscore.CsvReader(data) as reader:
        assert reader.columns == ("id;channel;score",)
    with pytest.raises(ValueError):
        cxscore.CsvReader(data, delimiter=";;")


def test_numbers_columns_and_errors():
    with cxscore.CsvReader(MESSY) as reader:
        assert reader.columns == ("id", "channel", "score")
        assert reader.column_index("score") == 2
        with pytest.raises(cxscore.ColumnNotFoundError):
            reader.column_index("nps")
        scores = [s for (s,) in reader.rows(["score"], numbers=True)]
        assert scores == [10.0, 9.0, 11.0, None, "7a", 6.5, "multi\nline", 8.0]
        assert reader.rows_read == 8 and reader.malformed_rows == 1
        r = cxscore.nps(scores)
        assert (r.n, r.missing, r.rejected_out_of_range, r.rejected_not_integer,
                r.rejected_not_a_number) == (3, 1, 1, 1, 2)
    with pytest.raises(ValueError):
        reader.columns  # noqa: B018 - closed
    with pytest.raises(cxscore.ColumnDuplicateError):
        cxscore.CsvReader(b"a,a\n1,2\n").column_index("a")
    with pytest.raises(cxscore.NoHeaderError):
        cxscore.CsvReader(b"")
    with pytest.raises(cxscore.ReadError):
        cxscore.CsvReader(os.path.join(SOURCE_ROOT, "no-such-file.csv"))
    with pytest.raises(cxscore.MalformedRowError) as e:
        cxscore.CsvReader(b'"a,b\n1,2\n')
    assert "quote" in str(e.value)
    with pytest.raises(cxscore.InvalidArgumentError):
        cxscore.CsvReader(MESSY, max_record_size=10)
    # An exception in a file object's read() comes back as itself.

    class Broken(io.RawIOBase):
        def read(self, n=-1):
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        cxscore.CsvReader(Broken())
    # A record longer than the maximum is malformed, counted, and reading goes on.
    long_row = b"a,b\n1," + b"9" * 200 + b"\n2,3\n"
    with cxscore.CsvReader(long_row, max_record_size=64) as reader:
        assert list(reader) == [("2", "3")] and reader.malformed_rows == 1
    assert cxscore.READER_DEFAULT_MAX_RECORD_SIZE == 8 * 1024 * 1024


def test_parse_cell():
    assert cxscore.parse_cell(" 8 ") == cxscore.Cell("number", 8.0)
    assert cxscore.parse_cell("1e1").value == 10.0
    for missing in ("", "NA", "n/a", "-", "  "):
        assert cxscore.parse_cell(missing).kind == "missing"
    for text in ("7a", "inf", "nan", "0x10", "seven"):
        assert cxscore.parse_cell(text).kind == "not-a-number"
    # A number is at most CELL_MAX_NUMBER_LENGTH characters: 1023 zeros then 7 is 7.
    longest = "0" * (cxscore.CELL_MAX_NUMBER_LENGTH - 1) + "7"
    assert cxscore.parse_cell(longest) == cxscore.Cell("number", 7.0)
    assert cxscore.parse_cell("0" + longest).kind == "not-a-number"


def test_survey_nps_matches_the_cli_figures():
    # README.md's run of `cxscore nps examples/data/survey.csv` prints n 2920, missing 77,
    # rejected 3 (1 out of range, 1 not integer, 1 not a number) and NPS 0.5 (-2.5 to 3.4).
    with cxscore.CsvReader(SURVEY) as reader:
        r = cxscore.nps(s for (s,) in reader.rows(["score"], numbers=True))
    assert (r.n, r.missing, r.rejected) == (2920, 77, 3)
    assert (r.rejected_out_of_range, r.rejected_not_integer, r.rejected_not_a_number) == (1, 1, 1)
    assert (round(r.nps, 1), round(r.ci_lower, 1), round(r.ci_upper, 1)) == (0.5, -2.5, 3.4)
