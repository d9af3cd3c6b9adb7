"""Every rule of the domain said in Indonesian, as an office writes it.

A [`DomainError`][kimcore.errors.DomainError]'s ``rule`` is a stable code;
its message says in English what was refused and the values that broke the
rule. ``indonesian(error)`` says the same in Indonesian only: the rule's
sentence, then the values the error carries (``error.values``) in an
Indonesian sentence of their own, never the English message nor a Python
repr. ``bilingual(error)`` puts both side by side, for a caller that asks for
both. Dates read as an office writes them (``1 Februari 2024``).

An ``invalid-value`` error whose values no template says is said by nothing
but its rule's sentence ("Isian tidak sah"), which tells the reader nothing:
``for_indonesian(error)`` gives its English message then, as the command line
promises for an error kimcore has no Indonesian for.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Final

from kimcore.vocabulary.errors import DomainError, InvalidValue
from kimcore.vocabulary.labels import label

__all__ = ["DETAILS_ID", "RULES_ID", "bilingual", "for_indonesian", "indonesian", "say_value"]

RULES_ID: Final[dict[str, str]] = {
    "domain": "Perintah ditolak oleh aturan KIM",
    "invalid-value": "Isian tidak sah",
    "unknown-aggregate": "KIM atau Forum KIM yang dimaksud belum tercatat",
    "already-exists": "Sudah tercatat sebelumnya",
    "group-dissolved": "KIM sudah dibubarkan dan tidak menerima perintah lagi",
    "min-founders": "Anggota pendiri KIM kurang dari jumlah paling sedikit",
    "max-members": "Jumlah anggota KIM melebihi batas paling banyak",
    "member-once": "Seseorang hanya dapat tercatat sekali sebagai anggota pada waktu yang sama",
    "not-a-member": "Orang tersebut bukan anggota KIM saat ini",
    "no-government-member": "Instansi pemerintah tidak dapat mendirikan atau menjadi anggota"
    " KIM atau Forum KIM",
    "officer-is-member": "Pengurus harus anggota KIM",
    "one-chair": "KIM hanya memiliki satu ketua pada satu waktu",
    "one-core-office": "Satu orang paling banyak memegang satu jabatan ketua, sekretaris atau"
    " bendahara",
    "post-held": "Jabatan itu sudah dipegang orang tersebut",
    "not-an-officer": "Orang tersebut tidak memegang jabatan itu",
    "confirm-needs-chair": "Pengukuhan memerlukan ketua",
    "decree-authority": "Surat keputusan harus dikeluarkan paling rendah oleh kepala desa atau"
    " lurah (untuk Forum KIM: pejabat setingkatnya)",
    "decree-region": "Surat keputusan dikeluarkan oleh pejabat yang wilayahnya mencakup"
    " kedudukan KIM atau Forum KIM",
    "register-needs-confirmation": "Pendaftaran memerlukan pengukuhan terlebih dahulu",
    "registration-office": "KIM didaftarkan pada Dinas Kominfo kabupaten/kota tempat KIM berada",
    "confirmed-once": "KIM sudah dikukuhkan",
    "registered-once": "KIM sudah terdaftar",
    "date-order": "Tanggal peristiwa tidak boleh mendahului peristiwa yang mendasarinya",
    "one-forum-per-region": "Hanya ada satu Forum KIM aktif untuk setiap wilayah dan tingkat",
    "forum-not-active": "Forum KIM sudah dibubarkan",
    "forum-region": "Pemohon tidak berada di wilayah Forum KIM",
    "forum-level": "Tingkat pemohon tidak sesuai dengan tingkat Forum KIM",
    "forum-member-once": "Sudah menjadi anggota Forum KIM ini",
    "not-forum-member": "Bukan anggota Forum KIM ini",
    "forum-decree": "Menurut kebijakan yang berlaku, Forum KIM ditetapkan dengan surat keputusan"
    " pemerintah",
    "board-term": "Masa bakti pengurus harus berakhir setelah dimulai",
    "board-term-overlap": "Pengurus baru hanya dapat dilantik setelah masa bakti pengurus lama"
    " berakhir",
    "partnership-type": "Jenis kemitraan tidak dikenal",
    "partnership-terms": "Ketentuan kemitraan tidak lengkap atau tidak sah",
    "partnership-partner-sector": "Jenis kemitraan ini tidak menerima mitra dari sektor tersebut",
    "partnership-instrument": "Menurut kebijakan yang berlaku, kemitraan dicatat beserta dokumen"
    " yang ditandatangani (MoU, PKS atau SK)",
    "experience-needs-activity": "Menurut kebijakan yang berlaku, kemitraan berbasis pengalaman"
    " memerlukan kegiatan dengan topik yang sama pada tanggal sebelumnya",
    "below-minimum-no-partnership": "KIM yang anggotanya kurang dari jumlah paling sedikit tidak"
    " dapat menandatangani kemitraan",
    "registered-for-office-partnership": "Hanya KIM yang terdaftar dapat bermitra dengan Dinas"
    " Kominfo",
    "partnership-once-while-active": "Menurut kebijakan yang berlaku, kemitraan sejenis dengan"
    " mitra yang sama masih berjalan",
    "unknown-partnership": "Kemitraan yang dimaksud tidak tercatat",
    "partnership-ended": "Kemitraan sudah berakhir",
    "activity-technique": "Teknik kegiatan tidak dikenal",
    "activity-delivery": "Kegiatan luring memerlukan tempat, daring memerlukan tautan, hibrida"
    " keduanya",
    "activity-function": "Menurut kebijakan yang berlaku, setiap kegiatan mencantumkan paling"
    " sedikit satu fungsi ADINDA",
    "non-partisan": "KIM bersikap netral: kegiatan kampanye politik tidak dicatat",
    "group-ended": "KIM sudah bergabung dengan KIM lain atau dimekarkan dan tidak menerima"
    " perintah lagi",
    "officer-term": "Masa jabatan pengurus berakhir setelah pengangkatannya, dengan SK dari pejabat"
    " yang berwenang",
    "merge-target": "KIM hanya dapat bergabung ke KIM lain yang masih aktif",
    "split-origin": "KIM hasil pemekaran harus tercatat dalam pemekaran KIM asalnya",
    "recode": "Kode wilayah baru harus merupakan kode pengganti dari kode lama",
    "board-one-chair": "Pengurus Forum KIM memiliki tepat satu ketua",
    "musyawarah-recorded": "Musyawarah yang dirujuk harus sudah tercatat sebelumnya",
    "musyawarah-delegates": "Utusan musyawarah harus berasal dari anggota Forum KIM",
    "chair-replacement": "Ketua diganti dalam masa bakti oleh orang lain dengan alasan yang"
    " jelas (mengundurkan diri, meninggal dunia, diberhentikan musyawarah)",
    "forum-confirmed": "Forum KIM sudah dikukuhkan",
    "board-decree": "Pengurus Forum KIM dilantik dengan SK kepengurusan masa baktinya",
    "board-role-level": "Sekretaris jenderal hanya ada pada pengurus Forum KIM provinsi dan"
    " nasional, satu orang",
    "musyawarah-founding": "Musyawarah pembentukan Forum KIM dicatat sekali, paling lambat pada"
    " tanggal pembentukannya",
    "forum-member-ended": "KIM yang telah bubar, bergabung atau dimekarkan keluar dari"
    " Forum KIM sejak hari itu",
    "advocacy-kind": "Jenis advokasi (litigasi atau paralegal) hanya dicantumkan pada kegiatan"
    " advokasi, dan wajib bila kebijakan mengharuskannya",
    "attended-activity": "Kegiatan yang diikuti harus sesuai dengan catatan penyelenggaranya",
    "product-location": "Produk informasi daring memerlukan tautan, luring memerlukan tempat",
    "mapping-registered": "Dinas hanya memetakan KIM yang terdaftar padanya",
    "report-mapped": "Laporan pemetaan hanya memuat KIM yang sudah dipetakan",
    "coordination": "Provinsi mengoordinasikan laporan pemetaan kabupaten/kota di wilayahnya",
    "office-registered": "Program kemitraan dan evaluasi dinas hanya untuk KIM yang terdaftar"
    " padanya",
    "evaluation-programme": "Evaluasi hanya merujuk program pemantauan dan evaluasi dinas yang"
    " sama yang mencakup KIM tersebut",
    "evaluation-result": "Hasil evaluasi wajib diisi menurut kebijakan",
    "unknown-subject": "Tidak ada data pribadi subjek ini yang tersimpan",
    "subject-forgotten": "Data subjek ini sudah dihapus dan tidak dicatat lagi dengan identitas"
    " yang sama",
    "too-large": "Berkas atau isi permintaan melebihi batas yang dilayani",
}

# The values an error carries, said in Indonesian: for a rule, the first template whose
# names the error's values all hold (``field`` is an InvalidValue's column or field).
DETAILS_ID: Final[dict[str, tuple[str, ...]]] = {
    "invalid-value": (
        "kolom {field} berisi {given}, yang tidak dikenal; yang diterima: {accepted}",
        "tanggal {future} pada kolom {field} melewati hari ini ({today})",
        "kolom {field} harus berisi tanggal (TTTT-BB-HH atau HH/BB/TTTT), bukan {date}",
        "kolom {field} wajib diisi{required}; yang diterima: {accepted}",
        "kolom {field} wajib diisi{required}",
        "kolom {field} harus berisi {shape}, bukan {malformed}",
        "kolom {field} berisi lebih dari {longest} karakter",
        "{field} bukan pengaturan kebijakan (yang dikenal: {settings})",
        "kode wilayah {code} adalah kode {expected}, bukan {settlement}",
        "kolom {field} berisi {code}, yang bukan kode wilayah Kemendagri (seperti 62.71.01.1001)",
        "surat keputusan pada kolom {field} memerlukan kolom {also_needed}",
        "baris KIM-nya (baris {kim_line}) ditolak",
        "anggota nomor {member} KIM {kim} sudah tercantum pada baris {first_line} (baris"
        " berikutnya untuk orang yang sama hanya mencantumkan satu jabatan lagi, dengan nama,"
        " unsur dan tanggal bergabung yang sama)",
        "baris kim untuk KIM {kim} sudah ada pada baris {first_line}",
        "anggota nomor {member} KIM {kim} dengan jabatan yang sama sudah tercantum pada baris"
        " {post_line} (baris yang sama tertulis dua kali?)",
        "KIM {kim} belum tercatat{unrecorded} dan tidak ada baris kim-nya dalam berkas ini",
        "berkas memuat kolom yang tidak dikenal: {unknown}; lihat docs/import.md",
        "kolom {twice} tertulis dua kali; lihat docs/import.md",
        "berkas tidak memiliki kolom jenis_baris (record){no_record}; lihat docs/import.md",
        "berkas {unreadable} bukan teks UTF-8; simpan sebagai ‘CSV UTF-8’",
        "berkas {missing} tidak ada",
        "berkas {not_table} bukan berkas .csv atau .xlsx",
        "berkas {empty} kosong: baris pertamanya harus memuat judul kolom",
        "berkas {zipped} adalah berkas zip (buku kerja XLSX?), bukan teks CSV",
        "berkas {not_workbook} bukan buku kerja XLSX yang dapat dibaca",
        "buku kerja {no_sheet} tidak memiliki lembar kerja",
    ),
    "too-large": ("{field} melewati batas {bound}", "periksa {field}"),
    "min-founders": (
        "paling sedikit {minimum} anggota pendiri, tercatat {given}; baris anggota yang ditolak:"
        " {refused_lines}",
        "paling sedikit {minimum} anggota pendiri, tercatat {given}",
    ),
    "max-members": (
        "paling banyak {maximum} anggota, tercatat {members}; anggota nomor {member} tidak dapat"
        " bergabung",
        "paling banyak {maximum} anggota, tercatat {members}",
    ),
    "one-chair": ("anggota nomor {member} sudah menjadi ketua; berhentikan dulu dari jabatan itu",),
    "unknown-aggregate": (
        "Forum KIM tingkat {forum_level} wilayah {forum_region} belum didirikan",
        "Forum KIM tingkat {forum_level} belum didirikan",
        "KIM {kim} belum tercatat",
    ),
    "merge-target": ("KIM {kim} bukan KIM yang masih aktif",),
    "date-order": ("tanggal {when} mendahului tanggal {earliest}",),
    "decree-authority": ("surat keputusan ini dikeluarkan oleh {authority}",),
    "one-core-office": ("ia sudah menjabat {held}, tidak dapat juga menjabat {post}",),
    "registration-office": (
        "Dinas itu melayani wilayah {office}, sedangkan KIM berada di kabupaten/kota {regency}",
    ),
}

_MONTHS: Final = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def say_value(value: object) -> str:
    """*value* as an Indonesian sentence shows it: dates spelled, labels for codes, text quoted."""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, tuple | list | frozenset):
        return ", ".join(str(v) if isinstance(v, str) else say_value(v) for v in value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    if isinstance(value, enum.Enum):
        said = label(value)  # within a sentence: "menjabat ketua", "oleh kepala desa"
        return said[:1].lower() + said[1:]
    if isinstance(value, int | float):
        return f"{value:n}" if isinstance(value, float) else str(value)
    return f"\u201c{value}\u201d"


# Values that are already Indonesian words (a shape a field must have): said as written.
_AS_WRITTEN: Final = frozenset({"shape"})
# Values that name fields or columns: each said as *names* name it, as the field is.
_FIELDS: Final = frozenset({"also_needed"})


def _details(error: DomainError, names: Mapping[str, str]) -> str | None:
    values: Mapping[str, object] = getattr(error, "values", {})
    named: dict[str, str] = {}
    for name, value in values.items():
        if value is True:  # a flag (``required=True``) only picks its template
            named[name] = ""
        elif name in _AS_WRITTEN:
            named[name] = str(value)
        elif name in _FIELDS:
            fields = value if isinstance(value, tuple | list) else (value,)
            named[name] = " dan ".join(names.get(str(f), str(f)) for f in fields)
        else:
            named[name] = say_value(value)
    if isinstance(error, InvalidValue):
        named["field"] = names.get(error.field, error.field)
    for template in DETAILS_ID.get(error.rule, ()):
        try:
            return template.format_map(named)
        except KeyError:
            continue
    return None


def indonesian(error: DomainError, names: Mapping[str, str] | None = None) -> str:
    """*error* in Indonesian only: ``[rule] the rule's sentence: its values``.

    *names* say a field as its reader knows it (a register's column by its Indonesian
    heading: ``formed_on`` as ``tanggal_dibentuk``); a field not in them is said as it is.
    """
    rule = RULES_ID.get(error.rule, RULES_ID["domain"])
    details = _details(error, names or {})
    return f"[{error.rule}] {rule}" + (f": {details}" if details else "")


def for_indonesian(error: DomainError, names: Mapping[str, str] | None = None) -> str:
    """*error* for a reader of Indonesian: ``indonesian(error)``, or its English message.

    The English is given for an ``invalid-value`` error none of whose templates says its
    values: the rule's sentence alone does not say what to correct.
    """
    if error.rule == "invalid-value" and _details(error, {}) is None:
        return str(error)
    return indonesian(error, names)


def bilingual(error: DomainError) -> str:
    """*error* in English, then in Indonesian, for a caller that shows both."""
    return f"{error} | {indonesian(error)}"
