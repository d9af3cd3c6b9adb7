"""What a clerk is told about a register row or file, in Indonesian and in English.

Found by typing registers as a clerk would: ``--lang id`` said only "periksa kolom X" for most
refusals, named the domain's English fields for the office's columns, and named a column
(``code``) the register does not have.
"""

from __future__ import annotations

import datetime as dt
import json
import re
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


_AN_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")
EXTRA = ",tingkat_forum,tanggal_diterima,status,tanggal_status,bergabung_ke"
GAP = "," * 15  # nama to jabatan, empty


def _refusals(tmp_path: Path, lines: list[str], extra: str = "") -> dict[int, dict[str, str]]:
    path = tmp_path / "daftar.csv"
    path.write_text("\n".join([HEADINGS + extra, *lines]) + "\n", encoding="utf-8")
    store = f"sqlite:///{tmp_path / 't.db'}"
    result = CliRunner().invoke(cli, ["--store", store, "import", "--json", str(path)])
    rows = json.loads(result.output)["rows"]
    return {row["line"]: row for row in rows if row["status"] == "refused"}


def test_a_refusal_names_the_office_s_numbers_not_kimcore_s_ids(tmp_path: Path) -> None:
    second_chair = _cell(MEMBERS[1], "jabatan", "Ketua")
    refused = _refusals(tmp_path, [KIM, MEMBERS[0], second_chair, MEMBERS[2]])
    assert refused[4]["message"] == "[one-chair] member '1' chairs the group; relieve them first"
    assert refused[4]["message_id"].endswith(
        ": anggota nomor \u201c1\u201d sudah menjadi ketua; berhentikan dulu dari jabatan itu"
    )
    assert not any(_AN_ID.search(row["message"] + row["message_id"]) for row in refused.values())


def test_a_member_past_the_maximum_is_named_by_their_number(tmp_path: Path) -> None:
    more = [
        _cell(
            _cell(_cell(MEMBERS[2], "no_anggota", str(n)), "nama", f"N{n}"),
            "tanggal_bergabung",
            "02/01/2024",
        )
        for n in range(4, 32)
    ]
    refused = _refusals(tmp_path, [KIM, *MEMBERS, *more])
    (row,) = refused.values()
    assert row["message"].endswith("members; member '31' cannot join")
    assert row["message_id"].endswith("; anggota nomor \u201c31\u201d tidak dapat bergabung")


def test_an_unknown_forum_and_merge_target_are_named_as_the_file_names_them(
    tmp_path: Path,
) -> None:
    merged = KIM + ",,,bergabung,01/06/2024,ZZZ"
    admitted = "anggota_forum,A" + GAP + ",kecamatan,05/01/2024,,,"
    lines = [merged, *(m + ",,,,," for m in MEMBERS), admitted]
    refused = _refusals(tmp_path, lines, EXTRA)
    assert refused[2]["message"] == (
        "[merge-target] KIM 'ZZZ' is not an active group to merge into: it is neither in this"
        " file nor recorded"
    )
    assert refused[2]["message_id"].endswith(": KIM \u201cZZZ\u201d bukan KIM yang masih aktif")
    # Refused whole, before anything of it was recorded: its other rows say so.
    assert {line: row["message"] for line, row in refused.items() if line > 2} == dict.fromkeys(
        (3, 4, 5, 6), "[invalid-value] kim_ref: its KIM's row (line 2) was refused"
    )
    (tmp_path / "forum").mkdir()
    unmerged = KIM + ",,,,,"
    refused = _refusals(
        tmp_path / "forum", [unmerged, *(m + ",,,,," for m in MEMBERS), admitted], EXTRA
    )
    assert (
        refused[6]["message"] == "[unknown-aggregate] no forum 'district 62.71.01' was established"
    )
    assert refused[6]["message_id"].endswith(
        ": Forum KIM tingkat kecamatan wilayah \u201c62.71.01\u201d belum didirikan"
    )


def test_a_row_of_a_kim_whose_row_was_refused_says_so(tmp_path: Path) -> None:
    admitted = "anggota_forum,{}" + GAP + ",kecamatan,05/01/2024,,,"
    lines = [
        _cell(KIM, "tanggal_dibentuk", "32/01/2024") + ",,,,,",
        *(m + ",,,,," for m in MEMBERS),
        admitted.format("A"),
        admitted.format("B"),
    ]
    refused = _refusals(tmp_path, lines, EXTRA)
    assert refused[6]["message"] == "[invalid-value] kim_ref: its KIM's row (line 2) was refused"
    assert refused[6]["message_id"].endswith(": baris KIM-nya (baris 2) ditolak")
    assert refused[7]["message"].endswith("KIM 'B' is not recorded (nor in this file)")
    assert refused[7]["message_id"].endswith(
        ": KIM \u201cB\u201d belum tercatat dan tidak ada baris kim-nya dalam berkas ini"
    )


def test_an_officer_row_typed_twice_is_refused_on_every_import(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_text("\n".join([HEADINGS, KIM, *MEMBERS, MEMBERS[0]]) + "\n", encoding="utf-8")
    store = f"sqlite:///{tmp_path / 't.db'}"
    said = []
    for _ in range(2):
        result = CliRunner().invoke(cli, ["--store", store, "import", "--json", str(path)])
        assert result.exit_code == 1
        said.append(json.loads(result.output)["rows"][-1])
    assert said[0] == said[1]
    assert said[0]["status"] == "refused"
    assert said[0]["message"].endswith(
        "is on line 3 already with the same post (a row typed twice?)"
    )
    assert "sudah tercantum pada baris 3" in said[0]["message_id"]


def test_an_xlsx_date_cell_that_holds_an_hour_is_read_as_its_day(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for line in [HEADINGS, KIM, *MEMBERS]:
        sheet.append(line.split(","))
    sheet["H2"] = dt.datetime(2023, 12, 5, 8, 30)  # tanggal_dibentuk, with the hour it was typed
    path = tmp_path / "daftar.xlsx"
    book.save(path)
    app = k.Application(k.MemoryStore())
    report = import_register(app, path)
    assert report.refused == ()
    group = app.group(group_id_of("A"))
    assert group is not None
    assert group.formed_on == dt.date(2023, 12, 5)


def test_an_http_refusal_with_no_indonesian_keeps_its_english_message() -> None:
    http = pytest.importorskip("kimcore.web.http", reason="needs the web extra")
    error = k.errors.InvalidValue("attendance", "must be a whole number, got 'x'")
    refused = http.HttpError.refused(error)
    assert refused.message_id == "[invalid-value] attendance: must be a whole number, got 'x'"
    assert refused.errors[0]["message_id"] == refused.message_id


def test_a_member_of_a_kim_neither_in_the_file_nor_recorded_is_said_in_indonesian(
    tmp_path: Path,
) -> None:
    code, said = _import(tmp_path, [MEMBERS[1]])
    assert code == 1
    assert "KIM \u201cA\u201d belum tercatat dan tidak ada baris kim-nya dalam berkas ini" in said
