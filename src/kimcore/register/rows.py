"""A register's rows read as the commands they record.

Each function takes one row's [`Cells`][kimcore.register.layout.Cells] and
gives its commands, each with the day it happened, so a KIM's rows can be
decided in the order their days say. A cell that does not read raises
[`InvalidValue`][kimcore.errors.InvalidValue] naming its column.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping

from kimcore.domain import commands as c
from kimcore.domain.catalogue import BUILTIN_CHANNELS
from kimcore.domain.identity import forum_id_for
from kimcore.domain.regions import authority_region
from kimcore.register.layout import Cells, activity_id_of, member_id_of
from kimcore.vocabulary.boards import ForumLevel
from kimcore.vocabulary.channels import Channel, Delivery
from kimcore.vocabulary.errors import InvalidValue
from kimcore.vocabulary.government import Authority, CommunicationOffice, Decree
from kimcore.vocabulary.members import Gender, MemberCategory, MemberDetails, OfficerRole, Post
from kimcore.vocabulary.parties import PartyKind, PartyRef
from kimcore.vocabulary.places import Area, Region, RegionLevel, Seat, Settlement
from kimcore.vocabulary.profile import GroupProfile, SocialAccount
from kimcore.vocabulary.words import channel_names, normalise

__all__ = [
    "PROFILE_CELLS",
    "Dated",
    "activity",
    "admission",
    "forum",
    "kim",
    "member",
    "member_details",
    "profile",
]

# A command with the day it happened and its order among commands of one day.
Dated = tuple[dt.date, int, c.Command]


def _region(cells: Cells) -> Region:
    return Region(code=cells.required("region_code"), name=cells.required("region_name"))


def _decree(cells: Cells, over: Region) -> Decree | None:
    """The decree the row names, issued for the region its authority serves that holds *over*."""
    number = cells.text("decree_number")
    if number is None:
        return None
    issued_on = cells.date("decree_date")
    authority = cells.choice("decree_authority", Authority)
    if issued_on is None or authority is None:
        raise InvalidValue("decree_number", "a decree needs its decree_date and decree_authority")
    region = authority_region(authority, over)
    regency_name = cells.text("regency_name")
    district_name = cells.text("district_name")
    if region.level is RegionLevel.REGENCY and region.code != over.code and regency_name:
        region = Region(code=region.code, name=regency_name)
    elif region.level is RegionLevel.DISTRICT and region.code != over.code and district_name:
        region = Region(code=region.code, name=district_name)
    return Decree(number=number, issued_on=issued_on, authority=authority, region=region)


def _channels(cells: Cells, known: Mapping[str, Channel] | None) -> tuple[Channel, ...]:
    text = cells.text("channels")
    if text is None:
        return ()
    by_name = known if known is not None else {ch.name: ch for ch in BUILTIN_CHANNELS}
    return tuple(by_name[n] for n in channel_names(text, tuple(by_name), "channels"))


# The columns of a kim row that hold its profile, named as the profile's fields.
PROFILE_CELLS = (
    "street", "rt", "rw", "public_phone", "public_email", "website", "social_accounts",
)  # fmt: skip


def _account(text: str, index: int) -> SocialAccount:
    platform, colon, account = text.partition(":")
    if not colon or not platform.strip() or not account.strip():
        raise InvalidValue(
            "social_accounts",
            f"account {index + 1} must be written 'platform: handle or address', got {text!r}",
        )
    try:
        return SocialAccount(platform=platform.strip(), account=account.strip())
    except InvalidValue as error:
        raise InvalidValue("social_accounts", f"account {index + 1}: {error}") from None


def profile(cells: Cells) -> GroupProfile | None:
    """The KIM's profile its row gives, or ``None`` when every profile cell is empty."""
    given = {name: cells.text(name) for name in PROFILE_CELLS}
    if not any(given.values()):
        return None
    listed = given.pop("social_accounts") or ""
    parts = [part.strip() for part in listed.replace("\n", ";").split(";") if part.strip()]
    accounts = tuple(_account(part, i) for i, part in enumerate(parts))
    if len(set(accounts)) != len(accounts):
        raise InvalidValue("social_accounts", "names an account twice")
    return GroupProfile(**given, social_accounts=accounts)


def forum(cells: Cells) -> c.EstablishForum:
    """A ``forum`` row: the forum established at its level over its region."""
    level = cells.choice("forum_level", ForumLevel)
    established_on = cells.date("formed_on")
    assert level is not None
    assert established_on is not None
    if level is ForumLevel.NATIONAL and cells.text("region_code") is None:
        region = Region(code="", name=cells.text("region_name") or "Indonesia")
    else:
        region = _region(cells)  # required: names region_code when it is empty
    return c.EstablishForum(
        name=cells.required("name"),
        level=level,
        region=region,
        decree=_decree(cells, region),
        established_on=established_on,
    )


def kim(
    cells: Cells,
    group_id: uuid.UUID,
    founders: tuple[MemberDetails, ...],
    channels: Mapping[str, Channel] | None = None,
) -> list[Dated]:
    """A ``kim`` row: formed with *founders*, confirmed and registered where the row says so.

    *channels* are the catalogue's (the built-in ones by default), by name.
    """
    formed_on = cells.date("formed_on")
    settlement = cells.choice("settlement", Settlement)
    area = cells.choice("area", Area)
    assert formed_on is not None
    assert settlement is not None
    assert area is not None
    seat = Seat(region=_region(cells), settlement=settlement, area=area)
    held = profile(cells)
    made: list[Dated] = [
        (
            formed_on,
            0,
            c.FormGroup(
                group_id=group_id,
                name=cells.required("name"),
                seat=seat,
                founders=founders,
                channels=_channels(cells, channels),
                formed_on=formed_on,
                profile=held,
            ),
        )
    ]
    if held is not None:
        # A KIM formed now took it on its forming day; one recorded before takes it (when it
        # differs from the one held) on the import's.
        on = max(cells.day or formed_on, formed_on)
        change = c.ChangeGroupProfile(group_id=group_id, profile=held, changed_on=on)
        made.append((on, 5, change))
    decree = _decree(cells, seat.region)
    if decree is not None:
        made.append((decree.issued_on, 3, c.ConfirmGroup(group_id=group_id, decree=decree)))
    number = cells.text("registration_number")
    if number is not None:
        registered_on = cells.date("registered_on")
        if registered_on is None:
            raise InvalidValue("registered_on", "a registration needs the day it was made")
        regency = seat.region.ancestor_code(RegionLevel.REGENCY)
        regency_name = cells.text("regency_name")
        office_name = cells.text("office_name")
        if regency_name is None:
            raise InvalidValue("regency_name", "a registration needs the regency's or city's name")
        office = CommunicationOffice(
            name=office_name or f"Diskominfo {regency_name}",
            region=Region(code=regency, name=regency_name),
        )
        made.append(
            (
                registered_on,
                4,
                c.RegisterGroup(
                    group_id=group_id,
                    office=office,
                    registration_number=number,
                    registered_on=registered_on,
                ),
            )
        )
    return made


def member_details(cells: Cells, kim_ref: str) -> MemberDetails:
    """The person a ``member`` row names."""
    category = cells.choice("category", MemberCategory)
    assert category is not None
    return MemberDetails(
        member_id=member_id_of(kim_ref, cells.required("member_ref")),
        name=cells.required("name"),
        contact=cells.text("contact"),
        category=category,
        gender=cells.choice("gender", Gender),
    )


def member(
    cells: Cells, group_id: uuid.UUID, formed_on: dt.date, details: MemberDetails, *, founder: bool
) -> list[Dated]:
    """A ``member`` row: joining (unless a founder) and the officer post it names."""
    joined_on = cells.date("joined_on") or formed_on
    made: list[Dated] = []
    if not founder:
        made.append(
            (joined_on, 1, c.JoinGroup(group_id=group_id, member=details, joined_on=joined_on))
        )
    role = cells.choice("post", OfficerRole)
    if role is not None:
        appointed_on = cells.date("appointed_on") or joined_on
        post = Post(role=role, section=cells.text("section"))
        made.append(
            (
                appointed_on,
                2,
                c.AppointOfficer(
                    group_id=group_id,
                    member_id=details.member_id,
                    post=post,
                    appointed_on=appointed_on,
                ),
            )
        )
    elif cells.text("section") or cells.text("appointed_on"):
        raise InvalidValue("post", "section and appointed_on need the post they are for")
    return made


def admission(cells: Cells, group_id: uuid.UUID, seat: Seat) -> c.AdmitToForum:
    """A ``forum_member`` row: the KIM admitted to the forum at its level over the KIM's seat."""
    level = cells.choice("forum_level", ForumLevel)
    admitted_on = cells.date("admitted_on")
    assert level is not None
    assert admitted_on is not None
    code = seat.region.ancestor_code(level.region_level)
    return c.AdmitToForum(
        forum_id=forum_id_for(level, code),
        applicant=PartyRef(kind=PartyKind.GROUP, id=group_id),
        admitted_on=admitted_on,
    )


# The Indonesian words an office writes for a technique whose name is English.
_TECHNIQUE_WORDS = {
    "pelatihan": "training",
    "diklat": "training",
    "pendidikan dan latihan": "training",
    "bimbingan teknis": "bimtek",
    "advokasi": "advocacy",
    "mediasi": "mediation",
    "konsultasi": "consultation",
    "konseling": "counselling",
    "penyuluhan": "counselling",
    "literasi informasi": "information_literacy",
    "radio komunitas": "community_radio",
}


def technique_name(text: str) -> str:
    """The catalogue's name for the technique *text* names (``Temu Wicara`` is ``temu_wicara``).

    A name the catalogue does not hold is left for the decider to refuse, naming those known.
    """
    words = normalise(text)
    return _TECHNIQUE_WORDS.get(words, words.replace(" ", "_"))


def activity(cells: Cells, group_id: uuid.UUID, kim_ref: str) -> c.HoldActivity:
    """An ``activity`` row: an activity the KIM held, on its past day (the KIM's history)."""
    held_on = cells.date("held_on")
    assert held_on is not None
    return c.HoldActivity(
        party=PartyRef(kind=PartyKind.GROUP, id=group_id),
        activity_id=activity_id_of(kim_ref, cells.required("activity_ref")),
        technique=technique_name(cells.required("technique")),
        functions=frozenset(),
        delivery=cells.choice("delivery", Delivery) or Delivery.IN_PERSON,
        topic=cells.required("topic"),
        held_on=held_on,
        place=cells.text("place"),
        link=cells.text("link"),
        attendance=cells.count("attendance") or 0,
    )
