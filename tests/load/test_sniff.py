"""Sniffing formats, encodings, delimiters and headers; raw table and column names."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from gdpr_audit.core.errors import InputError
from gdpr_audit.load.naming import column_names, raw_table_name
from gdpr_audit.load.sniff import (
    SAMPLE_BYTES,
    preamble_lines,
    sniff_delimiter,
    sniff_file,
    sniff_header,
)


@pytest.mark.parametrize(
    ("relative", "sheet", "expected"),
    [
        ("crm/Kontakte DE.csv", None, "crm__kontakte_de"),
        ("crm/contacts.csv", None, "crm__contacts"),
        ("contacts.csv", None, "contacts"),
        ("privacy/requests.xlsx", "requests", "privacy__requests__requests"),
        ("privacy/requests.xlsx", "Anfragen 2024 (alt)", "privacy__requests__anfragen_2024_alt"),
        ("Straße/Grüße--Übersicht.v2.CSV", None, "stra_e__gr_e_bersicht_v2"),
        ("a b/c..d.json", None, "a_b__c_d"),
        ("2024/export.csv", None, "t_2024__export"),
        ("crm\\windows.csv", None, "crm__windows"),
        ("noext", None, "noext"),
        ("crm/äöü.csv", None, "crm__x"),
    ],
)
def test_raw_table_name(relative: str, sheet: str | None, expected: str) -> None:
    assert raw_table_name(relative, sheet) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Id", "Email"], ["Id", "Email"]),
        (["a", "", "a", " ", "a"], ["a", "column_2", "a_2", "column_4", "a_3"]),
        (["Email", "email", "EMAIL"], ["Email", "email_2", "EMAIL_3"]),
        (["_record_no", "_source_file"], ["_record_no_2", "_source_file_2"]),
        ([None, "x"], ["column_1", "x"]),
        (["E-Mail ", "Straße"], ["E-Mail ", "Straße"]),  # kept as written
        (["a", "a_2", "a"], ["a", "a_2", "a_3"]),
    ],
)
def test_column_names(header: list[str | None], expected: list[str]) -> None:
    assert column_names(header) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n4;5,0;6\n", ";"),  # decimal commas are a trap for ','
        ("a\tb\n1\t2\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ('name;note\n"Muster, Anna";"x, y, z"\n"B, C";"q"\n', ";"),  # commas only inside quotes
        ('a,b\n"multi\nline; with; semicolons",2\n3,4\n', ","),
        ("just_one_column\nx\ny\n", ","),
    ],
)
def test_sniff_delimiter(text: str, expected: str) -> None:
    assert sniff_delimiter(text) == expected


def test_sniff_delimiter_prefers_tab_for_tsv_single_column() -> None:
    assert sniff_delimiter("one\ntwo\n", prefer_tab=True) == "\t"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["Id", "Name"], ["1", "x"]], True),
        ([["Kundennummer", "Geburtsdatum"], ["K-1", "01.02.1990"]], True),
        ([["1", "Anna"], ["2", "Ben"]], False),
        ([["anna@example.invalid", "x"]], False),
        ([["14.03.1987", "x"]], False),
        ([], True),
    ],
)
def test_sniff_header(rows: list[list[str]], expected: bool) -> None:
    assert sniff_header(rows) is expected


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"a,b\n1,x\n", "utf-8"),
        ("a,b\n1,Müller\n".encode(), "utf-8"),
        (codecs.BOM_UTF8 + b"a,b\n1,x\n", "utf-8-sig"),
        ("a;b\n1;Müller € „x“\n".encode("cp1252"), "cp1252"),
        ("a;b\n1;Grüße\n".encode("latin-1"), "cp1252"),
        ("a,b\n1,Müller\n".encode("utf-16"), "utf-16"),
        # valid UTF-8 umlauts plus one stray byte: stays UTF-8, the bad record is quarantined
        ("a,b\n1,Müller\n".encode() + b"2,\xff\n", "utf-8"),
    ],
)
def test_sniff_encoding(tmp_path: Path, data: bytes, encoding: str) -> None:
    assert sniff_file(_write(tmp_path, "x.csv", data), "x.csv").encoding == encoding


def test_cp1252_byte_after_the_first_64_kb_is_found(tmp_path: Path) -> None:
    ascii_part = b"id,name\n" + b"".join(b"%d,plain\n" % i for i in range(SAMPLE_BYTES // 8))
    path = _write(tmp_path, "late.csv", ascii_part + "9,Weiß\n".encode("cp1252"))
    assert sniff_file(path, "late.csv").encoding == "cp1252"


def test_utf8_character_cut_by_the_sample_boundary(tmp_path: Path) -> None:
    prefix = b"id,name\n" + b"x" * (SAMPLE_BYTES - 9) + b","
    path = _write(tmp_path, "cut.csv", prefix + "ü\n".encode())  # 'ü' straddles 64 KB
    assert sniff_file(path, "cut.csv").encoding == "utf-8"


def test_sniff_csv_dialect_and_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "h.csv", b"Kunde;Ort\nK-1;Berlin\n")
    sniffed = sniff_file(path, "h.csv")
    assert (sniffed.format, sniffed.delimiter, sniffed.header) == ("csv", ";", True)
    assert sniffed.header_names == ("Kunde", "Ort")


def test_tsv_keeps_its_format(tmp_path: Path) -> None:
    sniffed = sniff_file(_write(tmp_path, "c.tsv", b"a\tb\n1\t2\n"), "c.tsv")
    assert (sniffed.format, sniffed.delimiter) == ("tsv", "\t")


def test_xlsx_named_csv_is_detected_by_magic(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["a"])
    path = tmp_path / "really.csv"
    wb.save(path)
    assert sniff_file(path, "really.csv").format == "xlsx"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("g.csv", b"\x1f\x8b\x08\x00rest", "gzip archive"),
        ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "legacy Excel"),
        ("z.csv", b"PK\x03\x04" + b"\x00" * 64, "zip archive"),
        ("bin.csv", bytes(range(256)) * 64, "binary data"),
        ("fake.parquet", b"a,b\n1,2\n", "not a valid parquet"),
    ],
)
def test_unusable_files_raise_input_error(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(InputError, match=message) as info:
        sniff_file(_write(tmp_path, name, data), name)
    assert str(info.value).startswith(f"{name}: ")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.json", b'[{"a": 1}]', "json"),
        ("a.json", b'{"a": 1}\n{"a": 2}\n', "jsonl"),
        ("a.json", b'{\n  "a": 1\n}\n', "json"),
        ("a.jsonl", b'{"a": 1}\n', "jsonl"),
        ("a.parquet", b"PAR1" + b"\x00" * 16, "parquet"),
    ],
)
def test_json_flavours_and_binary_formats(
    tmp_path: Path, name: str, data: bytes, expected: str
) -> None:
    assert sniff_file(_write(tmp_path, name, data), name).format == expected


@pytest.mark.parametrize(
    "data", [b"", b"\n\n  \r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, "\n".encode("utf-16")]
)
def test_empty_files_are_sniffed_as_empty(tmp_path: Path, data: bytes) -> None:
    assert sniff_file(_write(tmp_path, "e.csv", data), "e.csv").empty


def test_nul_bytes_are_binary_not_empty(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="binary data"):
        sniff_file(_write(tmp_path, "nul.csv", b"\x00" * 100), "nul.csv")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a,b\n1,2\n", 0),
        ("Export 2026\na,b\n1,2\n", 1),
        ("\nTitle;;;\nStand: heute\n\nId;Name\n1;x\n", 4),
        ("sep=;\nId;Name\n1;x\n", 1),
        ("one\ncolumn\nonly\n", 0),  # nothing with two fields: no preamble
        ("Id,,,\n1,2,3,4\n", 1),  # one named column over wide data reads as a title
        ("\n" * 12 + "a,b\n", 0),  # more than 10 lines above: not a preamble, keep them
    ],
)
def test_preamble_lines(text: str, expected: int) -> None:
    delimiter = ";" if ";" in text else ","
    assert preamble_lines(text, delimiter) == expected
