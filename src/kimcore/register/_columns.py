"""The register's columns: each one's name, Indonesian heading, rows, meaning and requirement.

``kimcore.register.layout`` names them and reads their cells; ``docs/import.md`` shows the table.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

__all__ = ["COLUMNS", "RECORDS", "Column"]


@attrs.frozen
class Column:
    """A column of the register: its name, Indonesian heading, the rows that use it, its meaning."""

    name: str
    heading_id: str
    records: tuple[str, ...]
    meaning: str
    required: tuple[str, ...] = ()  # the records it must be filled for
    also: tuple[str, ...] = ()  # other headings an office writes for it


_ALL = ("forum", "kim", "member", "forum_member", "activity")
# The kinds of row, with the Indonesian words an office may write instead.
RECORDS: Mapping[str, str] = {
    "forum": "forum",
    "kim": "kim",
    "member": "anggota",
    "forum_member": "anggota_forum",
    "activity": "kegiatan",
}

COLUMNS: tuple[Column, ...] = (
    Column("record", "jenis_baris", _ALL, "What the row records: " + ", ".join(RECORDS), _ALL),
    Column(
        "kim_ref",
        "no_register_kim",
        ("kim", "member", "forum_member", "activity"),
        "The office's register number of the KIM, kept on it; the same number is the same KIM"
        " (a list kimcore writes gives a KIM recorded without one its id)",
        ("kim", "member", "forum_member", "activity"),
    ),
    Column(
        "name", "nama", ("forum", "kim", "member"), "The forum's, KIM's or member's name", _ALL[:3]
    ),
    Column(
        "region_code",
        "kode_wilayah",
        ("forum", "kim"),
        "Kemendagri code: the KIM's village or ward; the forum's district, regency or province"
        " (empty for the national forum; required otherwise)",
        ("kim",),
    ),
    Column("region_name", "nama_wilayah", ("forum", "kim"), "That region's name", ("forum", "kim")),
    Column(
        "district_name",
        "nama_kecamatan",
        ("forum", "kim"),
        "The name of the district (kecamatan) that holds the seat: it names a camat's decree",
    ),
    Column(
        "settlement", "jenis_desa", ("kim",), "village (desa) or urban_ward (kelurahan)", ("kim",)
    ),
    Column("area", "wilayah", ("kim",), "urban (perkotaan) or rural (perdesaan)", ("kim",)),
    Column(
        "formed_on",
        "tanggal_dibentuk",
        ("forum", "kim"),
        "The day the KIM was formed or the forum established",
        ("forum", "kim"),
    ),
    Column("decree_number", "nomor_sk", ("forum", "kim"), "The confirming decree's (SK) number"),
    Column("decree_date", "tanggal_sk", ("forum", "kim"), "The day the decree was issued"),
    Column(
        "decree_authority",
        "penerbit_sk",
        ("forum", "kim"),
        "Who issued it: lurah, village_head, camat, regent, mayor, governor…",
    ),
    Column(
        "status",
        "status",
        ("kim",),
        "active (aktif, the default), dissolved (bubar) or merged (bergabung) into another KIM",
    ),
    Column(
        "status_on",
        "tanggal_status",
        ("kim",),
        "The day it was dissolved or merged (required with either)",
    ),
    Column(
        "status_reason",
        "alasan_status",
        ("kim",),
        "Why it was dissolved (required with dissolved)",
        also=("alasan_bubar", "keterangan_status"),
    ),
    Column(
        "merged_into",
        "bergabung_ke",
        ("kim",),
        "The register number (no_register_kim) of the KIM it merged into (required with merged)",
    ),
    Column(
        "channels",
        "saluran",
        ("kim",),
        "The KIM's information channels, separated by commas or semicolons: meeting"
        " (pertemuan), seminar,"
        " leaflet (selebaran), notice_board (papan pengumuman), social_media (media sosial),"
        " website (situs web), instant_messaging (WhatsApp)",
    ),
    Column(
        "registration_number",
        "nomor_registrasi",
        ("kim",),
        "The KIM's registration number at the regency's or city's Diskominfo",
    ),
    Column("registered_on", "tanggal_registrasi", ("kim",), "The day it was registered"),
    Column(
        "regency_name",
        "nama_kabupaten",
        ("kim",),
        "The name of the regency or city whose Diskominfo registered the KIM",
    ),
    Column(
        "office_name",
        "nama_dinas",
        ("kim",),
        "The office's name (default: Diskominfo and the regency's name)",
    ),
    Column(
        "street",
        "alamat",
        ("kim",),
        "The KIM's secretariat: street and number (the village and district come from its code)",
        also=("alamat_sekretariat", "jalan"),
    ),
    Column("rt", "rt", ("kim",), "The secretariat's RT: 1 to 3 digits"),
    Column("rw", "rw", ("kim",), "The secretariat's RW: 1 to 3 digits"),
    Column(
        "public_phone",
        "telepon",
        ("kim",),
        "The KIM's public telephone (the body's, not a person's)",
        also=("telp", "no_telepon", "nomor_telepon"),
    ),
    Column(
        "public_email",
        "surel",
        ("kim",),
        "The KIM's public e-mail address",
        also=("email", "e_mail", "alamat_surel"),
    ),
    Column(
        "website",
        "situs_web",
        ("kim",),
        "The KIM's website (https:// may be left out)",
        also=("website", "laman"),
    ),
    Column(
        "social_accounts",
        "media_sosial",
        ("kim",),
        "The KIM's social-media accounts, each `platform: handle or address`, separated by"
        " semicolons (Instagram: @kimsukamaju; Facebook: facebook.com/kimsukamaju)",
        also=("medsos", "akun_media_sosial"),
    ),
    Column(
        "member_ref",
        "no_anggota",
        ("member",),
        "The member's number within the KIM; the same number is the same person",
        ("member",),
    ),
    Column(
        "category",
        "unsur",
        ("member",),
        "youth (remaja), adult (orang tua), pupil, university_student, trader, farmer, fisher,"
        " other",
        ("member",),
    ),
    Column("gender", "jenis_kelamin", ("member",), "man (laki-laki) or woman (perempuan)"),
    Column("contact", "kontak", ("member",), "A telephone number or address (personal data)"),
    Column(
        "joined_on",
        "tanggal_bergabung",
        ("member",),
        "The day the member joined; empty (or the formation day) for a founder",
    ),
    Column(
        "post",
        "jabatan",
        ("member",),
        "An officer post: chair (ketua), vice_chair, secretary, treasurer, section (seksi)",
    ),
    Column("section", "seksi", ("member",), "The section a section post serves"),
    Column("appointed_on", "tanggal_diangkat", ("member",), "The day of the appointment"),
    Column(
        "term_ends_on",
        "akhir_masa_jabatan",
        ("member",),
        "The last day of the post's term (masa jabatan), when the appointment sets one",
        also=("akhir_masa_bakti",),
    ),
    Column(
        "relieved_on",
        "tanggal_diberhentikan",
        ("member",),
        "The day the member was relieved of the post (a post held again is a further row)",
    ),
    Column(
        "left_on",
        "tanggal_keluar",
        ("member",),
        "The day the member left the KIM (their posts end that day)",
    ),
    Column(
        "leave_reason",
        "alasan_keluar",
        ("member",),
        "Why: resigned (mengundurkan diri), moved_away (pindah), deceased (meninggal),"
        " removed (diberhentikan) or other (lainnya, the default)",
    ),
    Column(
        "forum_level",
        "tingkat_forum",
        ("forum", "forum_member"),
        "district (kecamatan), regency (kabupaten/kota), province (provinsi) or national;"
        " a forum_member row joins the forum at that level over the KIM's seat",
        ("forum", "forum_member"),
    ),
    Column(
        "admitted_on",
        "tanggal_diterima",
        ("forum_member",),
        "The day the forum admitted the KIM",
        ("forum_member",),
    ),
    Column(
        "activity_ref",
        "no_kegiatan",
        ("activity",),
        "The activity's number within the KIM; the same number is the same activity",
        ("activity",),
    ),
    Column(
        "technique",
        "teknik",
        ("activity",),
        "How it was held: workshop, temu_wicara (temu wicara), sarasehan, lokakarya, anjangsana,"
        " diskusi, dialog, widyawisata, webinar, sosialisasi, training (pelatihan), bimtek,"
        " advocacy (advokasi), mediation (mediasi), consultation (konsultasi), counselling"
        " (konseling) or a plugin's technique",
        ("activity",),
    ),
    Column("topic", "topik", ("activity",), "What it was about", ("activity",)),
    Column(
        "held_on",
        "tanggal_kegiatan",
        ("activity",),
        "The day it was held (a past day: the KIM's history)",
        ("activity",),
    ),
    Column(
        "functions",
        "fungsi",
        ("activity",),
        "The ADINDA functions it served, separated by commas or semicolons: access (akses),"
        " discuss (diskusi), implement (implementasi), network (jejaring), disseminate"
        " (diseminasi), aspiration (aspirasi)",
    ),
    Column("delivery", "cara", ("activity",), "in_person (luring, the default), online or hybrid"),
    Column("place", "tempat", ("activity",), "Where it was held (in person or hybrid)"),
    Column("link", "tautan", ("activity",), "Its link (online or hybrid)"),
    Column("attendance", "jumlah_peserta", ("activity",), "How many took part (default 0)"),
)
