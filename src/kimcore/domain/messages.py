"""Every rule of the domain said in Indonesian, for the people a portal serves.

A [`DomainError`][kimcore.errors.DomainError]'s ``rule`` is a stable code;
its message says in English what was refused and the values that broke the
rule. ``indonesian(error)`` gives the rule in Indonesian beside it (the
values stay as they were given), so that a portal or an HTTP client can show
either.
"""

from __future__ import annotations

from typing import Final

from kimcore.vocabulary.errors import DomainError

__all__ = ["RULES_ID", "indonesian"]

RULES_ID: Final[dict[str, str]] = {
    "domain": "Perintah ditolak oleh aturan KIM",
    "invalid-value": "Isian tidak sah",
    "unknown-aggregate": "KIM atau Forum KIM yang dimaksud belum tercatat",
    "already-exists": "Sudah tercatat sebelumnya",
    "group-dissolved": "KIM sudah dibubarkan dan tidak menerima perintah lagi",
    "min-founders": "KIM dibentuk dengan paling sedikit jumlah anggota pendiri minimal",
    "max-members": "Jumlah anggota KIM sudah mencapai batas maksimal",
    "member-once": "Seseorang hanya sekali menjadi anggota pada satu waktu",
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
    "decree-region": "Surat keputusan hanya berlaku di wilayah kantor yang mengeluarkannya",
    "register-needs-confirmation": "Pendaftaran memerlukan pengukuhan terlebih dahulu",
    "registration-office": "KIM didaftarkan pada Dinas Kominfo kabupaten/kota tempat KIM berada",
    "confirmed-once": "KIM sudah dikukuhkan",
    "registered-once": "KIM sudah terdaftar",
    "date-order": "Tanggal peristiwa tidak boleh mendahului peristiwa sebelumnya",
    "one-forum-per-region": "Hanya ada satu Forum KIM aktif untuk setiap wilayah dan tingkat",
    "forum-not-active": "Forum KIM sudah dibubarkan",
    "forum-region": "Pemohon tidak berada di wilayah Forum KIM",
    "forum-level": "Tingkat pemohon tidak sesuai dengan tingkat Forum KIM",
    "forum-member-once": "Sudah menjadi anggota Forum KIM ini",
    "not-forum-member": "Bukan anggota Forum KIM ini",
    "forum-decree": "Forum KIM ditetapkan dengan surat keputusan pemerintah (kebijakan)",
    "board-term": "Masa bakti pengurus harus berakhir setelah dimulai",
    "board-term-overlap": "Pengurus baru hanya setelah masa bakti pengurus lama berakhir"
    " (kebijakan)",
    "partnership-type": "Jenis kemitraan tidak dikenal",
    "partnership-terms": "Ketentuan kemitraan tidak lengkap atau tidak sah",
    "partnership-partner-sector": "Jenis kemitraan ini tidak menerima mitra dari sektor tersebut",
    "partnership-instrument": "Kemitraan dicatat dengan dokumen yang ditandatangani (MoU, PKS, SK)"
    " (kebijakan)",
    "experience-needs-activity": "Kemitraan berbasis pengalaman memerlukan kegiatan dengan topik"
    " yang sama pada tanggal sebelumnya (kebijakan)",
    "below-minimum-no-partnership": "KIM di bawah jumlah anggota minimal tidak dapat bermitra"
    " (kebijakan)",
    "registered-for-office-partnership": "Hanya KIM yang terdaftar dapat bermitra dengan Dinas"
    " Kominfo",
    "partnership-once-while-active": "Kemitraan sejenis dengan mitra yang sama masih aktif",
    "unknown-partnership": "Kemitraan yang dimaksud tidak tercatat",
    "partnership-ended": "Kemitraan sudah berakhir",
    "activity-technique": "Teknik kegiatan tidak dikenal",
    "activity-delivery": "Kegiatan luring memerlukan tempat, daring memerlukan tautan, hibrida"
    " keduanya",
    "activity-function": "Kegiatan mencantumkan paling sedikit satu fungsi ADINDA (kebijakan)",
    "non-partisan": "Kegiatan kampanye politik ditolak (kebijakan)",
    "group-ended": "KIM sudah bergabung dengan KIM lain atau dimekarkan dan tidak menerima"
    " perintah lagi",
    "officer-term": "Masa jabatan pengurus berakhir setelah pengangkatannya, dengan SK dari pejabat"
    " yang berwenang",
    "merge-target": "KIM hanya dapat bergabung ke KIM lain yang masih aktif",
    "split-origin": "KIM hasil pemekaran harus tercatat dalam pemekaran KIM asalnya",
    "recode": "Kode wilayah baru harus merupakan kode pengganti dari kode lama",
    "board-one-chair": "Pengurus Forum KIM memiliki tepat satu ketua",
    "musyawarah-recorded": "Musyawarah yang dirujuk harus sudah tercatat sebelumnya",
    "musyawarah-delegates": "Utusan musyawarah berasal dari anggota Forum KIM",
    "chair-replacement": "Ketua diganti dalam masa bakti oleh orang lain dengan alasan yang"
    " jelas (mengundurkan diri, meninggal dunia, diberhentikan musyawarah)",
    "forum-confirmed": "Forum KIM sudah dikukuhkan",
    "advocacy-kind": "Kegiatan advokasi menyebutkan jenisnya (litigasi atau paralegal)",
    "attended-activity": "Kegiatan yang diikuti harus sesuai dengan catatan penyelenggaranya",
    "product-location": "Produk informasi daring memerlukan tautan, luring memerlukan tempat",
    "mapping-registered": "Dinas hanya memetakan KIM yang terdaftar padanya",
    "report-mapped": "Laporan pemetaan hanya memuat KIM yang sudah dipetakan",
    "coordination": "Provinsi mengoordinasikan laporan pemetaan kabupaten/kota di wilayahnya",
    "unknown-subject": "Tidak ada data pribadi subjek ini yang tersimpan",
    "subject-forgotten": "Data subjek ini sudah dihapus dan tidak dicatat lagi dengan identitas"
    " yang sama",
}


def indonesian(error: DomainError) -> str:
    """*error* in Indonesian: its rule code, the rule said in Indonesian, the values given."""
    rule = RULES_ID.get(error.rule, RULES_ID["domain"])
    return f"[{error.rule}] {rule}: {error.detail}"
