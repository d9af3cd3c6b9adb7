"""A KIM's profile: where its secretariat is, and how the public reaches the body itself.

A profile is the KIM's, not a person's: its secretariat's street with RT and
RW (the village or ward, and its district, come from the seat's region code),
its public telephone and e-mail, its accounts on social media and its website
(many KIMs have a ``kim.id`` site). None of it is personal data and none of it
is sealed; a named person's contact is a member's ``contact``
([`MemberDetails`][kimcore.values.MemberDetails]), sealed under that person's
key and erased with it. Each field checks its shape and names itself when it
is refused.
"""

from __future__ import annotations

import attrs

from kimcore.vocabulary import validate as v

__all__ = ["GroupProfile", "SocialAccount"]

# A street and number on one line, as a cell holds it: no spaces around it, no line break.
STREET = r"\S(?:[^\r\n]*\S)?"
# RT and RW (rukun tetangga, rukun warga) are numbered: "3", "03" or "003" as the office writes it.
RT_RW = r"[0-9]{1,3}"
# A telephone: 6 to 15 digits, an optional leading +, the area code perhaps in brackets, and
# single spaces, dots or dashes between digits.
PHONE = r"(?=(?:[^0-9]*[0-9]){6,15}[^0-9]*$)\+?\(?[0-9](?:[0-9]|[ .-](?=[0-9])|\) ?(?=[0-9]))*"
EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
# A web address, with or without its http(s) scheme: a host with a dot, then an optional path.
URL = r"(?:https?://)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?::[0-9]{1,5})?(?:/[^\s;]*)?"
# A handle as platforms show it (@kimsukamaju), or the account's web address.
HANDLE = r"@?[A-Za-z0-9._-]{1,100}|" + URL
PLATFORM = r"[^\s:;](?:[^:;\n]*[^\s:;])?"


@attrs.frozen(kw_only=True)
class SocialAccount:
    """An account of the KIM on a social-media platform: ``Instagram``, ``@kimsukamaju``."""

    platform: str = attrs.field(
        validator=v.matching(
            PLATFORM,
            "a platform's name without ':' or ';' (Instagram)",
            50,
            "nama platform tanpa ‘:’ atau ‘;’ (Instagram)",
        )
    )
    account: str = attrs.field(
        validator=v.matching(
            HANDLE,
            "a handle (@kimsukamaju) or the account's web address",
            200,
            "nama akun (@kimsukamaju) atau alamat web akun itu",
        )
    )


@attrs.frozen(kw_only=True)
class GroupProfile:
    """What an office keeps of a KIM beyond its seat: its secretariat and public contacts.

    Every field may be empty; ``street`` is the secretariat's street and
    number (*alamat*), ``rt`` and ``rw`` its neighbourhood numbers (1 to 3
    digits), ``public_phone`` and ``public_email`` the KIM's own,
    ``website`` its site, ``social_accounts`` its accounts.
    """

    street: str | None = attrs.field(
        default=None,
        validator=v.optional_matching(
            STREET,
            "a street and number on one line, without spaces around it (Jl. Merdeka 5)",
            200,
            "nama jalan dan nomornya dalam satu baris, tanpa spasi di awal dan akhir"
            " (Jl. Merdeka 5)",
        ),
    )
    rt: str | None = attrs.field(
        default=None,
        validator=v.optional_matching(
            RT_RW, "1 to 3 digits (RT 003)", 3, "1 sampai 3 angka (RT 003)"
        ),
    )
    rw: str | None = attrs.field(
        default=None,
        validator=v.optional_matching(
            RT_RW, "1 to 3 digits (RW 005)", 3, "1 sampai 3 angka (RW 005)"
        ),
    )
    public_phone: str | None = attrs.field(
        default=None,
        validator=v.optional_matching(
            PHONE,
            "a telephone number of 6 to 15 digits (+62 536 322 1234)",
            30,
            "nomor telepon 6 sampai 15 angka (+62 536 322 1234)",
        ),
    )
    public_email: str | None = attrs.field(
        default=None,
        validator=v.optional_matching(
            EMAIL, "an e-mail address like kim@desa.id", 254, "alamat surel seperti kim@desa.id"
        ),
    )
    website: str | None = attrs.field(
        default=None,
        validator=v.optional_matching(
            URL,
            "a web address like https://sukamaju.kim.id",
            300,
            "alamat situs web seperti https://sukamaju.kim.id",
        ),
    )
    social_accounts: tuple[SocialAccount, ...] = attrs.field(
        default=(), validator=v.tuple_of(SocialAccount, unique=True)
    )

    @property
    def empty(self) -> bool:
        """Whether the profile holds nothing at all."""
        return self == GroupProfile()
