# SPDX-License-Identifier: MIT
"""Real exports through the binding: reading options, cell rules, the rejects channel, and pandas
nullable and categorical columns taken as they are. Expected figures are counted by hand from the
small inputs written here."""
import math

import pytest

import cxscore

QUALTRICS = (
    "StartDate,EndDate,ResponseId,Q1,Q2\n"
    "Start Date,End Date,Response ID,How likely are you to recommend us?,How satisfied are you?\n"
    '{"ImportId":"startDate"},{"ImportId":"endDate"},{"ImportId":"_recordId"},'
    '{"ImportId":"QID1"},{"ImportId":"QID2"}\n'
    "2026-01-05 10:00:00,2026-01-05 10:03:00,R_1,10 - Extremely likely,Very satisfied\n"
    "2026-01-05 11:00:00,2026-01-05 11:03:00,R_2,6,Very happy\n"
    "2026-01-05 12:00:00,2026-01-05 12:03:00,R_3,#N/A,Satisfied\n"
    "2026-01-05 13:00:00,2026-01-05 13:03:00,R_4,0 = Not at all likely,\n")


def test_a_qualtrics_export_reads_with_no_hand_edit():
    rules = cxscore.CellRules(scales=["csat"])
    with cxscore.CsvReader.from_text(QUALTRICS, profile="auto") as r:
        assert r.profile == "qualtrics"
        assert r.encoding == "UTF-8"
        assert len(r.header_rows) == 3
        assert r.find_column("recommend") == 3
        with pytest.raises(cxscore.ColumnDuplicateError, match="matches 2 columns"):
            r.find_column("how")
        r.read_numbers("recommend", rules, 0, 10, whole=True)
        r.read_numbers("satisfied", rules, 1, 5, whole=True)
        rows = list(r.rows(["Q1", "Q2"], numbers=True))
        assert rows == [(10.0, 5.0), (6.0, "Very happy"), (None, 4.0), (0.0, None)]
        assert r.rejects == [cxscore.Reject(5, 4, "Very happy", "unknown label")]
        assert r.column_counts(3) == (3, 1, 0)
        assert r.column_counts(4) == (2, 1, 1)
        # the NPS of the scored answers 10, 6, 0: (1 - 2) / 3
        assert cxscore.nps([v for v, _ in rows if v is not None]).nps == pytest.approx(-100 / 3)


def test_encodings_and_their_errors():
    data = "canal;score\nT\u00e9l\u00e9phone;9\n".encode("cp1252")
    with cxscore.CsvReader(data, encoding="WINDOWS-1252", profile="excel") as r:
        assert list(r) == [("T\u00e9l\u00e9phone", "9")]
    with pytest.raises(cxscore.ReadError, match=r"line 2: byte offset 13: byte 0xE9"):
        with cxscore.CsvReader(data, delimiter=";", profile="none", encoding="UTF-8") as r:
            list(r)
    with cxscore.CsvReader(data, delimiter=";", encoding_errors="replace") as r:
        assert list(r) == [("T\ufffdl\ufffdphone", "9")]
        assert r.replaced == 2
    utf16 = b"\xff\xfe" + "a\tb\r\n1\t2\r\n".encode("utf-16-le")
    with cxscore.CsvReader(utf16, profile="none") as r:
        assert r.encoding == "UTF-16LE" and list(r) == [("1", "2")]
    with pytest.raises(cxscore.MismatchError, match="expected the columns 'Timestamp'"):
        cxscore.CsvReader.from_text("a,b\n1,2\n", profile="google-forms")


def test_cell_rules_read_labels_dates_and_decimal_commas():
    rules = cxscore.CellRules(decimal=",", missing=["Prefer not to say"],
                              key_file="[labels]\nLoved it=5\n")
    assert rules.parse("0,53") == (cxscore.Cell("number", 0.53), "")
    assert rules.parse("loved IT") == (cxscore.Cell("number", 5.0), "")
    assert rules.parse("prefer not to say") == (cxscore.Cell("missing", None), "")
    assert rules.parse("Meh") == (cxscore.Cell("not-a-number", None), "unknown label")
    assert rules.parse_time("2026/01/05 1:00:00 PM GMT+2") == 1767610800
    assert rules.parse_time("#N/A") is None
    with pytest.raises(ValueError):
        rules.parse_time("soon")
    with pytest.raises(cxscore.ParseError, match="%j"):
        cxscore.CellRules(date_format="%j")
    assert cxscore.reject_reason_name(7) == "malformed row"


def test_pandas_nullable_and_categorical_columns_are_taken_as_they_are():
    pd = pytest.importorskip("pandas", reason="pandas is not installed for this Python")
    # answers 10, 9, <NA>, 3, 7: promoters 2, detractors 1 of 4 → NPS 25
    expected = cxscore.nps([10, 9, None, 3, 7])
    assert expected.nps == pytest.approx(25.0)
    for dtype in ("Int64", "Float64", "UInt8", "Int32"):
        s = pd.Series([10, 9, None, 3, 7], dtype=dtype)
        assert cxscore.nps(s) == expected, dtype
    assert cxscore.nps(pd.Series([10, 9, None, 3, 7], dtype="category")) == expected
    assert cxscore.nps(pd.Series(["10", "9", None, "3", "7"], dtype="string")) == expected
    weights = pd.Series([1.0, 2.0, None, 1.0, 1.0], dtype="Float64")
    weighted = cxscore.nps(pd.Series([10, 9, None, 3, 7], dtype="Int64"), weights)
    assert weighted == cxscore.nps([10, 9, math.nan, 3, 7], [1.0, 2.0, math.nan, 1.0, 1.0])
    csat = cxscore.csat(pd.Series([5, 4, None, 2], dtype="Int64"))
    assert csat == cxscore.csat([5, 4, None, 2])
    flags = pd.Series([True, False, None, True], dtype="boolean")
    assert list(cxscore.CellRules and __import__("cxscore")._ffi.plain(flags))[:2] == [1.0, 0.0]


LABELLED = ["10 - Extremely likely", "Not at all likely - 0", "0 - Not at all likely", "9",
            None, "#N/A", "Very happy", "Extremely likely (10)"]


def test_label_strings_are_read_as_the_reader_reads_cells():
    # by hand: 10, 0, 0, 9, 10 scored (3 promoters, 2 detractors); None and #N/A missing;
    # "Very happy" rejected as not a number: NPS 100 * (3 - 2) / 5 = 20
    r = cxscore.nps(LABELLED)
    assert (r.n, r.promoters, r.detractors, r.missing, r.rejected) == (5, 3, 2, 2, 1)
    assert r.rejected_not_a_number == 1
    assert r.nps == pytest.approx(20.0)
    assert cxscore.Nps().add("Not at all likely - 0").result().detractors == 1
    c = cxscore.csat(["5 - Very satisfied", "Very dissatisfied: 1", "4", "null", "Great"])
    assert (c.n, c.missing, c.rejected) == (3, 1, 1)
    assert c.mean == pytest.approx(10 / 3)


def test_pandas_label_columns_are_taken_as_they_are():
    pd = pytest.importorskip("pandas", reason="pandas is not installed for this Python")
    want = cxscore.nps(LABELLED)
    assert cxscore.nps(pd.Series(LABELLED, dtype="string")) == want
    assert cxscore.nps(pd.Series(LABELLED, dtype="category")) == want
    assert cxscore.nps(pd.Series(LABELLED, dtype=object)) == want
    # a nullable weight column beside labelled answers
    w = pd.Series([1.0, 2.0, 1.0, 1.0, None, None, 1.0, 1.0], dtype="Float64")
    weighted = cxscore.nps(pd.Series(LABELLED, dtype="string"), w)
    # promoters 10 (1.0), 9 (1.0), 10 (1.0); detractors 0 (2.0), 0 (1.0): 100 * (3 - 3) / 6
    assert weighted.nps == pytest.approx(0.0)
