"""A register as a clerk types it, and what the clerk is told when it cannot be read.

Found by trying docs/import.md as an office would: headings typed with spaces, a file saved
in Latin-1, and ``kimcore --lang id`` refusals that said only "periksa kolom file".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import kimcore as k
from kimcore.cli.app import cli
from kimcore.domain.messages import indonesian
from kimcore.register import import_register
from kimcore.register.layout import group_id_of
from kimcore.spreadsheets import SheetRow

CLERK_CSV = """\
Jenis Baris,No. Register KIM,Nama,Kode Wilayah,Nama Wilayah,Jenis Desa,Wilayah,Tanggal Dibentuk,\
No Anggota,Unsur,Jenis-Kelamin,Jabatan,Seksi,Tanggal Diangkat
KIM,KIM-001,KIM Harapan Jaya,62.71.01.1002,Langkai,Kel.,Perkotaan,15/01/2024,,,,,,
Anggota,KIM-001,Siti Rahmawati,,,,,,1,Orang tua,P,Ketua,,15/01/2024
anggota,KIM-001,Budi Santoso,,,,,,2,Remaja,L,Seksi,Informasi,15/01/2024
ANGGOTA,KIM-001,Rini Lestari,,,,,,3,Pelajar,P,,,
"""


def test_headings_typed_with_spaces_and_capitals_read_as_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(CLERK_CSV, encoding="utf-8")
    app = k.Application(k.MemoryStore())
    report = import_register(app, path)
    assert report.refused == ()
    group = app.group(group_id_of("KIM-001"))
    assert group is not None
    assert len(group.members) == 3


def test_a_column_given_twice_under_two_spellings_is_refused_whole() -> None:
    with pytest.raises(k.errors.InvalidValue, match="record given twice"):
        import_register(k.Application(k.MemoryStore()), (["record", "Jenis Baris"], []))


def test_an_unreadable_file_is_said_in_indonesian_with_what_is_wrong() -> None:
    with pytest.raises(k.errors.InvalidValue) as raised:
        import_register(k.Application(k.MemoryStore()), (["Jenis Baris", "Warna"], []))
    said = indonesian(raised.value)
    assert "kolom yang tidak dikenal: Warna" in said
    assert "periksa kolom file" not in said


def test_a_refused_kim_and_its_members_are_said_in_indonesian() -> None:
    headings = ["record", "kim_ref", "name", "region_code", "region_name", "settlement", "area"]
    headings += ["formed_on", "member_ref", "category"]
    kim = {"record": "kim", "kim_ref": "A", "name": "KIM A", "region_code": "62.71.01.1002"}
    kim |= {"region_name": "Langkai", "settlement": "desa", "area": "kota"}
    kim |= {"formed_on": "2024-01-15"}
    member = {"record": "member", "kim_ref": "A", "name": "B", "member_ref": "1"}
    member |= {"category": "remaja"}
    sheet = [SheetRow(line=2, cells=kim), SheetRow(line=3, cells=member)]
    report = import_register(k.Application(k.MemoryStore()), (headings, sheet))
    kim_row, member_row = report.rows
    assert kim_row.message_id is not None
    assert "kode wilayah \u201c62.71.01.1002\u201d adalah kode kelurahan" in kim_row.message_id
    assert member_row.message_id is not None
    assert "baris KIM-nya (baris 2) ditolak" in member_row.message_id


def test_a_latin_1_file_names_the_line_that_is_not_utf_8(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(CLERK_CSV.replace("Budi Santoso", "Budi Müller"), encoding="latin-1")
    result = CliRunner().invoke(cli, ["--store", "memory://", "import", str(path)])
    assert result.exit_code == 1
    assert "byte 0xfc on line 4" in result.output
    said = CliRunner().invoke(cli, ["--store", "memory://", "--lang", "id", "import", str(path)])
    assert said.exit_code == 1
    assert "bukan teks UTF-8" in said.output
    assert len(said.output.strip().splitlines()) == 1


def test_the_demo_writes_the_sqlite_file_store_names(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    made = CliRunner().invoke(
        cli, ["--store", f"sqlite:///{db}", "demo", "--villages", "1"], catch_exceptions=False
    )
    assert made.exit_code == 0, made.output
    assert db.exists()


@pytest.mark.parametrize(
    ("store", "extra", "said"),
    [
        ("memory://", [], "demo makes a SQLite file"),
        ("sqlite:///{tmp}/a.db", ["--db", "{tmp}/b.db"], "name two files"),
    ],
)
def test_the_demo_refuses_a_store_it_cannot_make(
    tmp_path: Path, store: str, extra: list[str], said: str
) -> None:
    args = ["--store", store.format(tmp=tmp_path), "demo", *(e.format(tmp=tmp_path) for e in extra)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert said in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_wrong_policy_key_is_said_in_indonesian_with_the_known_ones(tmp_path: Path) -> None:
    policy = tmp_path / "kebijakan.toml"
    policy.write_text("[bounds]\nminimal = 3\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--lang", "id", "--policy", str(policy), "policy"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "kesalahan: [invalid-value] Isian tidak sah: bounds.minimal bukan pengaturan kebijakan"
        " (yang dikenal: minimum, maximum)"
    )


@pytest.mark.parametrize("args", [[], ["keys"], ["project"]])
def test_a_group_alone_shows_its_help_not_an_error(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args, prog_name="kimcore")
    assert result.exit_code == 0
    assert result.output.startswith("Usage: kimcore")
    assert not result.output.startswith("error")
