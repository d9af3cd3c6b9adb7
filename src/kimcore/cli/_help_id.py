"""``kimcore --lang id --help``: every command's help, and click's own words, in Indonesian.

click writes its help from each command's ``help`` and each option's ``help``, and its own
words (``Usage:``, ``Options``, ``[default: …]``) through gettext's global catalogue, which
would change every other library's words too. So under ``--lang id`` a command is shown as a
copy carrying the Indonesian of ``HELP_ID`` (keyed by the command's path from ``kimcore``, then
by each option's name), drawn by a formatter that says click's own words in Indonesian.
The commands themselves, and the English help, are left as they are.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import click

__all__ = ["HELP_ID", "Help", "IndonesianContext", "IndonesianFormatter", "in_indonesian"]


@dataclass(frozen=True)
class Help:
    """A command's help in Indonesian: its line in a list, its whole text, its options'."""

    short: str
    text: str
    options: Mapping[str, str] = field(default_factory=dict)


# click's own headings and sentences (its gettext messages), as an office writes them.
HEADINGS = {"Options": "Opsi", "Commands": "Perintah", "Arguments": "Argumen"}
CLICK_ID = {
    "Show this message and exit.": "Tampilkan bantuan ini, lalu keluar.",
    "Show the version and exit.": "Tampilkan versi, lalu keluar.",
}
_EXTRA = re.compile(r"^(default|env var): |^required$")
_EXTRA_ID = {"default: ": "bawaan: ", "env var: ": "variabel lingkungan: ", "required": "wajib"}
# The kind of value an option takes, as click names it from its type.
METAVARS_ID = {
    "TEXT": "TEKS",
    "INTEGER": "BILANGAN",
    "INTEGER RANGE": "BILANGAN",
    "FLOAT RANGE": "ANGKA",
    "PATH": "BERKAS",
    "FILE": "BERKAS",
    "[FILE]": "[BERKAS]",
    "STREAM_ID": "ID_ALIRAN",
    "NAME...": "NAMA...",
    "ORIGIN": "ASAL",
    "DATE|POSITION": "TANGGAL|POSISI",
    "FILE.csv|FILE.xlsx": "BERKAS.csv|BERKAS.xlsx",
}


def _click_words(text: str) -> str:
    """An option's help with click's own words said in Indonesian: its ``[default: …]`` too."""
    head, sep, extra = text.rpartition("  [")
    if not sep and text.startswith("[") and text.endswith("]"):
        head, sep, extra = "", "[", text[1:]  # an option with no help of its own: its extras
    if not sep or not extra.endswith("]"):
        return CLICK_ID.get(text, text)
    items = [_EXTRA.sub(lambda m: _EXTRA_ID[m.group(0)], item) for item in extra[:-1].split("; ")]
    head = CLICK_ID.get(head, head)
    return f"{head}  [{'; '.join(items)}]" if head else f"[{'; '.join(items)}]"


class IndonesianFormatter(click.HelpFormatter):
    """click's formatter with its headings and its own sentences in Indonesian."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Penggunaan: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl([(term, _click_words(said)) for term, said in rows], col_max, col_spacing)


class IndonesianContext(click.Context):
    """A context whose help is drawn by ``IndonesianFormatter``."""

    formatter_class = IndonesianFormatter


def _param(param: click.Parameter, command: click.Command, said: Mapping[str, str]) -> Any:
    shown = copy.copy(param)
    if isinstance(shown, click.Option) and param.name in said:
        shown.help = said[param.name or ""]
    english = param.make_metavar(click.Context(command))
    shown.metavar = METAVARS_ID.get(english, param.metavar)
    return shown


def in_indonesian(command: click.Command, path: Sequence[str]) -> click.Command:
    """A copy of *command* with its help, and its subcommands', in Indonesian.

    *path* is the command's from the top (``("kimcore", "keys", "status")``); without an entry
    in ``HELP_ID`` the command itself comes back, in English.
    """
    said = HELP_ID.get(" ".join(path))
    if said is None or getattr(command, "kimcore_said_in", None) == "id":
        return command
    shown = copy.copy(command)
    shown.kimcore_said_in = "id"  # type: ignore[attr-defined]  # a copy is not copied again
    shown.help, shown.short_help = said.text, said.short
    shown.options_metavar = "[OPSI]"
    shown.context_class = IndonesianContext
    shown.params = [_param(p, command, said.options) for p in command.params]
    if isinstance(shown, click.Group) and isinstance(command, click.Group):
        shown.subcommand_metavar = "PERINTAH [ARG]..."
        shown.commands = {n: in_indonesian(c, (*path, n)) for n, c in command.commands.items()}
    return shown


_LANG_DEFAULT = "  [bawaan: mengikuti kimcore --lang, atau en]"
_OPEN = "Buka data pribadi (tanpa ini: [redacted])."
_JSON = "Satu objek JSON per baris (seperti hasil ekspor), untuk skrip."
_OUTPUT = "Berkas tujuan (bawaan: stdout)."

HELP_ID: dict[str, Help] = {
    "kimcore": Help(
        "Catat dan bagikan perjalanan KIM di Indonesia.",
        "Catat dan bagikan perjalanan KIM di Indonesia: lihat dan kelola penyimpanan peristiwa"
        " kimcore.",
        {
            "url": "Penyimpanan peristiwa: memory://, sqlite:///BERKAS atau postgresql://…"
            " (env KIMCORE_STORE).",
            "policy_file": "Berkas kebijakan kantor (TOML: batas jumlah anggota dan sakelar"
            " aturan; lihat `kimcore policy`) yang menjadi dasar keputusan setiap perintah"
            " (env KIMCORE_POLICY).",
            "lang": "Bahasa kimcore kepada pengguna: pesan kesalahan, penolakan, ringkasan,"
            " judul dan isi sel laporan (env KIMCORE_LANG).",
            "debug": "Tampilkan traceback lengkap, bukan pesan kesalahan satu baris.",
            "log_level": "Tampilkan baris log kimcore mulai tingkat ini ke stderr"
            " (env KIMCORE_LOG_LEVEL).  [bawaan: warning; info untuk serve]",
            "log_format": "Baris untuk dibaca orang, atau satu objek JSON per baris"
            " (env KIMCORE_LOG_FORMAT).",
            "version": "Tampilkan versi, lalu keluar.",
        },
    ),
    # Reading the log.
    "kimcore log": Help(
        "Log global, dari yang terlama, dapat disaring.",
        "Log global, dari yang terlama, dapat disaring menurut jenis dan aliran.",
        {
            "types": "Hanya peristiwa berjenis ini (dapat diulang).",
            "stream": "Hanya aliran yang ID-nya berawalan ini.",
            "after": "Mulai sesudah posisi ini [0].",
            "limit": "Paling banyak sekian peristiwa [50].",
            "personal_data": _OPEN,
            "as_json": _JSON,
        },
    ),
    "kimcore show": Help(
        "Peristiwa satu aliran, berurutan.",
        "Peristiwa satu aliran, berurutan.",
        {"personal_data": _OPEN, "as_json": _JSON},
    ),
    "kimcore export": Help(
        "Ekspor log global, atau Daftar KIM kantor.",
        "Ekspor log global, atau daftar KIM kantor (APA: log atau daftar-kim).\n\n"
        "Log (bawaan): hasil dekode, satu objek JSON per baris. Daftar KIM: dalam tata letak"
        " impor, sebagai CSV atau XLSX (--lang id: judul dan kata dalam bahasa Indonesia)."
        " Daftar ini dapat diimpor kembali dengan `kimcore import` (docs/import.md); isinya"
        " memuat nama dan kontak anggota, jadi dibaca dengan kunci mereka.",
        {
            "fmt": "Log: jsonl. Daftar KIM: csv atau xlsx (bawaan: akhiran nama berkas"
            " tujuan, selain itu csv).",
            "output": _OUTPUT,
            "personal_data": "Sertakan data pribadi yang kuncinya masih ada.",
            "lang": "Judul dan kata daftar KIM: nama kolom, atau judul dan kata dalam bahasa"
            " Indonesia." + _LANG_DEFAULT,
        },
    ),
    "kimcore verify": Help(
        "Periksa setiap peristiwa yang tersimpan.",
        "Periksa setiap peristiwa yang tersimpan: urutan, versi, dan apakah dapat didekode."
        " Keluar dengan kode 1 bila ada masalah.",
    ),
    # Operating the store.
    "kimcore project": Help(
        "Model baca: bangun ulang dari log.",
        "Model baca: bangun ulang dari log.",
    ),
    "kimcore project rebuild": Help(
        "Kosongkan model baca lalu proyeksikan seluruh log.",
        "Kosongkan model baca NAMA... (atau --all) lalu proyeksikan seluruh log ke dalamnya,"
        " sekali jalan.\n\n"
        "Model baca ialah yang didaftarkan pengaya, termasuk milik kimcore sendiri. Model baca"
        " yang sedang diproyeksikan layanan yang berjalan (layanan itu memegang sewanya)"
        " dikosongkan di sini dan segera dibangun ulang oleh layanan itu; perintah ini"
        " menampilkan kemajuannya sampai selesai.",
        {"every": "Bangun ulang semua model baca layanan."},
    ),
    "kimcore keys": Help(
        "Kunci pengenkripsi kunci (KEK): buat, lihat, rotasi.",
        "Kunci pengenkripsi kunci (KEK): buat yang baru, lihat cara kunci penyimpanan"
        " disimpan, rotasi.",
    ),
    "kimcore keys new-kek": Help(
        "Cetak KEK acak yang baru (base64).",
        "Cetak kunci pengenkripsi kunci acak yang baru (base64), untuk KIMCORE_KEK atau"
        " berkas KEK.",
    ),
    "kimcore keys status": Help(
        "Cara kunci subjek disimpan.",
        "Cara penyimpanan menyimpan kunci subjeknya: dibungkus KEK mana, berapa banyak,"
        " berapa yang dihapus.",
    ),
    "kimcore keys rotate": Help(
        "Bungkus setiap kunci dengan KEK baru.",
        "Bungkus setiap kunci dengan KEK baru (KEK saat ini dari kek= pada --store atau"
        " KIMCORE_KEK).",
        {
            "target": "KEK baru: PENYEDIA:ARGUMEN, misalnya `env:NEW_KEK` atau"
            " `file:/etc/kimcore/kek.new`.",
        },
    ),
    "kimcore copy": Help(
        "Salin seluruh penyimpanan ke penyimpanan lain, lalu periksa.",
        "Salin seluruh penyimpanan ke penyimpanan lain (SQLite ke PostgreSQL, atau"
        " sebaliknya), dapat dilanjutkan, lalu periksa hasilnya.\n\n"
        "Setiap peristiwa berurutan beserta ID dan metadatanya, kunci subjek, penghapusan, dan"
        " cuplikan keadaan. Jalankan lagi sesudah terputus: penyalinan berlanjut dari tempat ia"
        " berhenti. Pada akhirnya kedua log dibandingkan peristiwa demi peristiwa.",
        {
            "source_url": "Penyimpanan yang disalin (URL apa pun).",
            "target_url": "Penyimpanan kosong, atau yang penyalinannya dimulai oleh perintah ini.",
        },
    ),
    "kimcore plugins": Help(
        "Pengaya yang dimuat dan yang didaftarkannya.",
        "Pengaya yang dimuat, dari paket mana, dan apa yang didaftarkannya.",
    ),
    # What an office reads and keeps.
    "kimcore report": Help(
        "Tulis laporan NAMA.",
        "Tulis laporan NAMA (`kims`, `members`, `activities`, `partnerships`, `products`,"
        " `mapping`).",
        {
            "level": "Tingkat wilayah yang menjadi dasar penghitungan baris.",
            "as_of": "Keadaan log pada saat itu: peristiwa yang tercatat sampai akhir TANGGAL"
            " (TTTT-BB-HH, UTC), atau sampai POSISI log. Bawaan: sekarang.",
            "lang": "Judul kolom: nama kolom, atau judul dan kata dalam bahasa Indonesia."
            + _LANG_DEFAULT,
            "output": _OUTPUT,
        },
    ),
    "kimcore policy": Help(
        "Cetak kebijakan yang berlaku (TOML).",
        "Cetak kebijakan yang menjadi dasar keputusan setiap perintah: batas jumlah anggota"
        " dan setiap sakelar aturan (TOML).\n\n"
        "Nilai bawaan, ditambah yang ditetapkan --policy BERKAS (atau KIMCORE_POLICY)."
        " Keluarannya berupa berkas kebijakan: sunting, lalu pakai kembali dengan --policy.",
        {
            "lang": "Baris komentar (kuncinya tetap seperti yang ditulis berkas): nama kolom,"
            " atau judul dan kata dalam bahasa Indonesia." + _LANG_DEFAULT,
        },
    ),
    "kimcore import": Help(
        "Catat register KIM dari BERKAS (.csv atau .xlsx).",
        "Catat register KIM dalam BERKAS (.csv atau .xlsx; tata letak: docs/import.md).\n\n"
        "Setiap baris dicatat utuh atau ditolak; baris yang ditolak didaftar dengan nomor"
        " barisnya, aturannya dan pesannya (dalam bahasa Indonesia dengan --lang id; --json"
        " memuat keduanya), dan perintah keluar dengan kode 1. Mengimpor berkas yang sama"
        " sekali lagi tidak mencatat apa pun yang baru.",
        {
            "dry_run": "Putuskan setiap baris dan sebutkan hasilnya; tidak menulis apa pun.",
            "template": "Tulis templat register untuk diisi (semua kolom, contoh baris), lalu"
            " berhenti.",
            "lang": "Judul templat, penolakan dan ringkasan: nama kolom, atau judul dan kata"
            " dalam bahasa Indonesia." + _LANG_DEFAULT,
            "as_json": "Cetak hasil setiap baris sebagai JSON.",
        },
    ),
    "kimcore serve": Help(
        "Layani penyimpanan lewat HTTP: API dan halaman kantor.",
        "Layani penyimpanan lewat HTTP: API untuk aplikasi lain, halaman untuk kantor.\n\n"
        "Memerlukan tambahan web: `pip install 'kimcore[web]'`. Rute API tercantum dalam"
        " docs/http.md dan di /docs (OpenAPI di /openapi.json); halamannya di /.",
        {
            "host": "Alamat yang didengarkan.",
            "tokens": "Berkas token (JSON: nama, SHA-256 setiap token, cakupan; docs/http.md)."
            " Tanpa berkas ini, tidak ada yang dapat ditulis dan tidak ada data pribadi yang"
            " dapat dibaca (env KIMCORE_TOKENS).",
            "private_reads": "Setiap pembacaan juga memerlukan token bercakupan `read`.",
            "cors": "Asal yang halamannya boleh memanggil API (https://portal.example, atau *);"
            " ulangi untuk menambah (env KIMCORE_CORS, dipisah spasi). Cookie tidak pernah"
            " diizinkan: token dikirim dalam header Authorization.",
            "log_level": "Tingkat log kimcore dan uvicorn, seperti --log-level global."
            "  [bawaan: info]",
            "log_format": "text atau json, seperti --log-format global.",
            "max_bytes": "Batas isi impor, dalam bita (env KIMCORE_IMPORT_MAX_BYTES).",
            "max_inflated": "Batas seluruh bagian XLSX setelah diekstrak, dalam bita"
            " (env KIMCORE_IMPORT_MAX_INFLATED).",
            "max_ratio": "Batas kelipatan pemekaran bagian XLSX berukuran 1 MiB atau lebih"
            " (env KIMCORE_IMPORT_MAX_RATIO).",
            "max_sheets": "Batas jumlah lembar XLSX (env KIMCORE_IMPORT_MAX_SHEETS).",
            "max_rows": "Batas jumlah baris impor yang berisi (env KIMCORE_IMPORT_MAX_ROWS).",
            "max_columns": "Batas jumlah judul kolom impor (env KIMCORE_IMPORT_MAX_COLUMNS).",
            "max_cells": "Batas hasil kali baris dan judul kolom (env KIMCORE_IMPORT_MAX_CELLS).",
            "max_seconds": "Batas detik untuk membaca dan mencatat satu impor"
            " (env KIMCORE_IMPORT_MAX_SECONDS).",
        },
    ),
    "kimcore demo": Help(
        "Bangun data contoh yang realistis dalam berkas SQLite baru.",
        "Bangun data contoh yang realistis dalam berkas SQLite baru dan cetak ringkasannya.\n\n"
        "KIM di kecamatan-kecamatan Kalimantan Tengah, forum di setiap tingkat, kemitraan dan"
        " kegiatan selama setahun, semuanya melalui aturan domain; lalu model baca portal,"
        " diproyeksikan ke berkas yang sama.\n\n"
        "Dengan --kims, data contoh tingkat nasional: sejumlah itu KIM di seluruh 38 provinsi,"
        " masing-masing sekitar 24 anggota, forum di setiap kecamatan, kabupaten/kota dan"
        " provinsi serta forum nasional, kemitraan dan kegiatan selama --years tahun;"
        " diputuskan dengan aturan yang sama di memori dan dicatat aliran demi aliran"
        " (100.000 KIM dalam hitungan menit).\n\n"
        "Dengan --story, kisah satu KIM: terbentuk, bertumbuh, bergabung dengan forum, menjalin"
        " kemitraan, mengadakan kegiatan, dan anggota yang keluar dilupakan; log dan"
        " keadaannya dicetak.",
        {
            "replace": "Ganti berkas bila sudah ada.",
            "villages": "Jumlah desa per kecamatan.",
            "groups": "Jumlah KIM per desa.",
            "kims": "Sebagai gantinya, data contoh tingkat nasional: sejumlah ini KIM di 38"
            " provinsi.",
            "years": "Jumlah tahun kegiatan, bersama --kims.",
            "story": "Sebagai gantinya, kisah satu KIM di terminal: log, keadaan, model baca.",
            "listing_wanted": "Tulis Daftar KIM di samping berkas (<nama>-daftar-kim.csv):"
            " daftar KIM kantor dalam tata letak templat impor.",
        },
    ),
}
