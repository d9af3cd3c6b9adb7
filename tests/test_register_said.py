"""What a clerk is told about a register row or file, in Indonesian and in English.

Found by typing registers as a clerk would: ``--lang id`` said only "periksa kolom X" for most
refusals, named the domain's English fields for the office's columns, and named a column
(``code``) the register does not have.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import kimcore as k
from kimcore.cli.app import cli
from kimcore.register import import_register
from kimcore.register.layout import group_id_of

HEADINGS = (
    "jenis_baris,no_register_kim,nama,kode_wilayah,nama_wilayah,jenis_desa,wilayah,"
    "tanggal_dibentuk,nomor_sk,penerbit_sk,rt,telepon,no_anggota,unsur,jenis_kelamin,"
    "tanggal_bergabung,jabatan"
)
KIM = "kim,A,KIM A,62.71.01.1002,Langkai,kelurahan,perkotaan,05/12/2023,,,,,,,,,"
MEMBERS = (
    "anggota,A,Ani,,,,,,,,,,1,Petani,P,,Ketua",
    "anggota,A,Budi,,,,,,,,,,2,Petani,L,,",
    "anggota,A,Cici,,,,,,,,,,3,Petani,P,,",
)


def _cell(line: str, column: str, value: str) -> str:
    cells = line.split(",")
    cells[HEADINGS.split(",").index(column)] = value
    return ",".join(cells)


def _import(tmp_path: Path, lines: list[str], *, lang: str = "id") -> tuple[int, str]:
    path = tmp_path / "daftar.csv"
    path.write_text("\n".join([HEADINGS, *lines]) + "\n", encoding="utf-8")
    store = f"sqlite:///{tmp_path / 't.db'}"
    result = CliRunner().invoke(cli, ["--store", store, "--lang", lang, "import", str(path)])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        (
            [_cell(KIM, "rt", "3A"), *MEMBERS],
            "baris 2: [invalid-value] Isian tidak sah: kolom rt harus berisi 1 sampai 3 angka"
            " (RT 003), bukan \u201c3A\u201d",
        ),
        (
            [_cell(KIM, "telepon", "Tidak ada"), *MEMBERS],
            "kolom telepon harus berisi nomor telepon 6 sampai 15 angka (+62 536 322 1234),"
            " bukan \u201cTidak ada\u201d",
        ),
        (
            [_cell(KIM, "nomor_sk", "12/2023"), *MEMBERS],
            "surat keputusan pada kolom nomor_sk memerlukan kolom tanggal_sk dan penerbit_sk",
        ),
        (
            [KIM, *MEMBERS, _cell(KIM, "nama", "KIM A lagi")],
            "baris 6: [invalid-value] Isian tidak sah: baris kim untuk KIM \u201cA\u201d sudah"
            " ada pada baris 2",
        ),
        (
            [KIM, *MEMBERS, _cell(MEMBERS[1], "nama", "Dodi")],
            "baris 6: [invalid-value] Isian tidak sah: anggota nomor \u201c2\u201d KIM"
            " \u201cA\u201d sudah tercantum pada baris 4",
        ),
        (
            [KIM, *MEMBERS, ",,Jumlah" + "," * 14],
            "baris 6: [invalid-value] Isian tidak sah: kolom jenis_baris wajib diisi; yang"
            " diterima: forum, kim, anggota, anggota_forum, kegiatan",
        ),
    ],
    ids=["rt", "phone", "decree", "kim-twice", "member-twice", "total-row"],
)
def test_a_refused_row_says_in_indonesian_what_is_wrong(
    tmp_path: Path, lines: list[str], said: str
) -> None:
    code, output = _import(tmp_path, lines)
    assert code == 1
    assert said in output
    assert "periksa kolom" not in output


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        (
            "hilang.csv",
            None,
            "kesalahan: [invalid-value] Isian tidak sah: berkas \u201chilang.csv\u201d tidak ada",
        ),
        ("lama.xls", b"x", "berkas \u201clama.xls\u201d bukan berkas .csv atau .xlsx"),
        (
            "kosong.csv",
            b"",
            "berkas \u201ckosong.csv\u201d kosong: baris pertamanya harus memuat judul",
        ),
        (
            "buku.csv",
            b"PK\x03\x04rest",
            "berkas \u201cbuku.csv\u201d adalah berkas zip (buku kerja XLSX?)",
        ),
    ],
    ids=["missing", "xls", "empty", "zip-as-csv"],
)
def test_a_file_that_cannot_be_read_is_said_in_indonesian(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: bytes | None, said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    if content is not None:
        Path(name).write_bytes(content)
    result = CliRunner().invoke(cli, ["--store", "sqlite:///t.db", "--lang", "id", "import", name])
    assert result.exit_code == 1
    assert said in result.output
    assert "kolom file" not in result.output


def test_an_error_with_no_indonesian_keeps_its_english_message(tmp_path: Path) -> None:
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"PK\x03\x04 not a zip at all")
    store = f"sqlite:///{tmp_path / 't.db'}"
    said = CliRunner().invoke(cli, ["--store", store, "--lang", "id", "import", str(path)])
    assert said.exit_code == 1
    assert "rusak.xlsx" in said.output


@pytest.mark.parametrize(
    ("line", "column", "value", "english", "indonesian"),
    [
        (
            0,
            "tanggal_dibentuk",
            "5 Desember 2023",
            "formed_on: must be a date",
            "kolom tanggal_dibentuk harus berisi tanggal",
        ),
        (
            1,
            "unsur",
            "Ibu rumah tangga",
            "category: unknown word",
            "kolom unsur berisi \u201cIbu rumah tangga\u201d",
        ),
        (
            1,
            "jenis_kelamin",
            "X",
            "gender: unknown word",
            "kolom jenis_kelamin berisi \u201cX\u201d",
        ),
        (
            1,
            "tanggal_bergabung",
            "1 Jan 2024",
            "joined_on: must be a date",
            "kolom tanggal_bergabung harus berisi tanggal",
        ),
        (0, "nama_wilayah", "", "region_name: is required", "kolom nama_wilayah wajib diisi"),
        (0, "nama", "x" * 201, "name: is longer", "kolom nama berisi lebih dari 200 karakter"),
        (
            0,
            "kode_wilayah",
            "6203012001",
            "region_code: '6203012001' is not a Kemendagri",
            "kolom kode_wilayah berisi \u201c6203012001\u201d, yang bukan kode wilayah",
        ),
        (
            0,
            "kode_wilayah",
            "62.03.1.2001",
            "region_code: '62.03.1.2001' is not a Kemendagri",
            "kolom kode_wilayah berisi \u201c62.03.1.2001\u201d",
        ),
    ],
)
def test_a_malformed_cell_names_the_column_the_office_typed(
    tmp_path: Path, line: int, column: str, value: str, english: str, indonesian: str
) -> None:
    lines = [KIM, *MEMBERS]
    lines[line] = _cell(lines[line], column, value)
    path = tmp_path / "daftar.csv"
    path.write_text("\n".join([HEADINGS, *lines]) + "\n", encoding="utf-8")
    store = f"sqlite:///{tmp_path / 't.db'}"
    result = CliRunner().invoke(cli, ["--store", store, "import", "--json", str(path)])
    refused = json.loads(result.output)["rows"][line]
    assert refused["status"] == "refused"
    assert english in refused["message"]
    assert indonesian in refused["message_id"]
    for field in ("formed_on", "category", "gender", "joined_on", "region_name", "code:"):
        assert field not in refused["message_id"]


def test_a_member_dated_before_the_forming_is_refused_by_its_own_date(tmp_path: Path) -> None:
    early = _cell(MEMBERS[2], "tanggal_bergabung", "01/01/2023")
    path = tmp_path / "daftar.csv"
    path.write_text("\n".join([HEADINGS, KIM, *MEMBERS[:2], early]) + "\n", encoding="utf-8")
    store = f"sqlite:///{tmp_path / 't.db'}"
    result = CliRunner().invoke(cli, ["--store", store, "import", "--json", str(path)])
    kim, _, _, member = json.loads(result.output)["rows"]
    assert member["rule"] == "date-order"
    assert "2023-01-01" in member["message"]
    assert "2023-12-05" in member["message"]
    assert "1 Januari 2023 mendahului tanggal 5 Desember 2023" in member["message_id"]
    assert kim["rule"] == "min-founders"
    assert kim["message"].endswith("got 2; its members' rows refused: line(s) 5")
    assert kim["message_id"].endswith("tercatat 2; baris anggota yang ditolak: 5")


@pytest.mark.parametrize("separator", [";", "\t"], ids=["semicolon", "tab"])
def test_a_csv_separated_as_excel_writes_it_in_indonesian_reads_as_commas(
    tmp_path: Path, separator: str
) -> None:
    # Excel in the Indonesian locale saves "CSV UTF-8" with semicolons, and a BOM.
    heading = HEADINGS.replace(
        "jenis_baris,no_register_kim,nama", "Jenis Baris,No. Register KIM,Nama"
    )
    lines = [heading, _cell(KIM, "nama", "NAME"), *MEMBERS]
    path = tmp_path / "daftar.csv"
    text = "\n".join(line.replace(",", separator) for line in lines) + "\n"
    path.write_text(text.replace("NAME", '"KIM A; Sukamaju, Langkai"'), encoding="utf-8-sig")
    app = k.Application(k.MemoryStore())
    report = import_register(app, path)
    assert report.refused == ()
    group = app.group(group_id_of("A"))
    assert group is not None
    assert group.name == "KIM A; Sukamaju, Langkai"
    assert len(group.members) == 3
