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
from kimcore.events.group import LeaveReason
from kimcore.register.layout import (
    Cells,
    KimStatus,
    activity_id_of,
    group_id_of,
    member_id_of,
    register_number_of,
)
from kimcore.vocabulary.boards import ForumLevel
from kimcore.vocabulary.channels import AdindaFunction, Channel, Delivery
from kimcore.vocabulary.errors import InvalidValue
from kimcore.vocabulary.government import Authority, CommunicationOffice, Decree
from kimcore.vocabulary.group import OfficerTerm
from kimcore.vocabulary.members import Gender, MemberCategory, MemberDetails, OfficerRole, Post
from kimcore.vocabulary.parties import PartyKind, PartyRef
from kimcore.vocabulary.places import Area, Region, RegionLevel, Seat, Settlement
from kimcore.vocabulary.profile import GroupProfile, SocialAccount
from kimcore.vocabulary.words import channel_names, normalise

__all__ = [
    "POST_CELLS",
    "PROFILE_CELLS",
    "STATUS_CELLS",
    "Dated",
    "activity",
    "admission",
    "forum",
    "kim",
    "member",
    "member_details",
    "profile",
    "status",
]

# A command with the day it happened and its order among commands of one day.
Dated = tuple[dt.date, int, c.Command]
# That order: a post held for a day only first (taken up and ended), then posts end (a relief, a
# leaving) before others are taken up; a leaving on the day a member joined or took a post up
# comes last; a decree needs its chair, a registration its decree. Commands a day's order still
# leaves refused are tried again after the day's others, then the day's orders are searched
# (``Run.decide_by_day``).
FORM, JOIN, BRIEF, BRIEF_END, END, APPOINT, CONFIRM, REGISTER, PROFILE, END_AFTER = range(10)


# The region's fields, named as the register's columns that hold them.
_REGION_COLUMNS = {"code": "region_code", "name": "region_name"}


def _region(cells: Cells) -> Region:
    try:
        return Region(code=cells.required("region_code"), name=cells.required("region_name"))
    except InvalidValue as error:
        column = _REGION_COLUMNS.get(error.field)
        if column is None:
            raise
        raise InvalidValue(column, error.detail.split(": ", 1)[-1], **error.values) from None


def _decree(cells: Cells, over: Region) -> Decree | None:
    """The decree the row names, issued for the region its authority serves that holds *over*."""
    number = cells.text("decree_number")
    if number is None:
        return None
    issued_on = cells.date("decree_date")
    authority = cells.choice("decree_authority", Authority)
    if issued_on is None or authority is None:
        missing = tuple(
            name
            for name, value in (("decree_date", issued_on), ("decree_authority", authority))
            if value is None
        )
        raise InvalidValue(
            "decree_number", f"a decree needs its {' and '.join(missing)}", also_needed=missing
        )
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
    kim_ref: str | None = None,
) -> list[Dated]:
    """A ``kim`` row: formed with *founders*, confirmed and registered where the row says so.

    *channels* are the catalogue's (the built-in ones by default), by name. A *kim_ref* that is
    the office's register number (not an id) is kept on the KIM as its ``register_number``.
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
                register_number=register_number_of(kim_ref) if kim_ref else None,
            ),
        )
    ]
    if held is not None:
        # A KIM formed now took it on its forming day; one recorded before takes it (when it
        # differs from the one held) on the import's.
        on = max(cells.day or formed_on, formed_on)
        change = c.ChangeGroupProfile(group_id=group_id, profile=held, changed_on=on)
        made.append((on, PROFILE, change))
    decree = _decree(cells, seat.region)
    if decree is not None:
        made.append((decree.issued_on, CONFIRM, c.ConfirmGroup(group_id=group_id, decree=decree)))
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
                REGISTER,
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
    cells: Cells,
    group_id: uuid.UUID,
    formed_on: dt.date,
    details: MemberDetails,
    *,
    founder: bool,
    further: bool = False,
) -> list[Dated]:
    """A ``member`` row: joining (unless a founder), its post with its term and end, leaving.

    A *further* row names one more post of a member listed above: it neither joins nor leaves.
    """
    joined_on = cells.date("joined_on") or formed_on
    made: list[Dated] = []
    if not founder:
        made.append(
            (joined_on, JOIN, c.JoinGroup(group_id=group_id, member=details, joined_on=joined_on))
        )
    role = cells.choice("post", OfficerRole)
    begun = {joined_on}
    if role is not None:
        appointed_on = cells.date("appointed_on") or joined_on
        begun.add(appointed_on)
        post = Post(role=role, section=cells.text("section"))
        ends_on = cells.date("term_ends_on", to_come=True)  # a term still running ends ahead
        appoint = c.AppointOfficer(
            group_id=group_id,
            member_id=details.member_id,
            post=post,
            appointed_on=appointed_on,
            term=None if ends_on is None else OfficerTerm(ends_on=ends_on),
        )
        relieved_on = cells.date("relieved_on")
        brief = relieved_on == appointed_on
        made.append((appointed_on, BRIEF if brief else APPOINT, appoint))
        if relieved_on is not None:
            relieve = c.RelieveOfficer(
                group_id=group_id,
                member_id=details.member_id,
                post=post,
                relieved_on=relieved_on,
            )
            made.append((relieved_on, BRIEF_END if brief else END, relieve))
    elif any(cells.text(name) for name in _POST_CELLS):
        raise InvalidValue(
            "post", "section, appointed_on, term_ends_on and relieved_on need the post they are for"
        )
    left_on = cells.date("left_on")
    reason = cells.choice("leave_reason", LeaveReason)
    if left_on is None and reason is not None:
        raise InvalidValue("left_on", "a leave_reason needs the day the member left")
    if left_on is not None and not further:
        leave = c.LeaveGroup(
            group_id=group_id,
            member_id=details.member_id,
            reason=reason or LeaveReason.OTHER,
            left_on=left_on,
        )
        made.append((left_on, END_AFTER if left_on in begun else END, leave))
    return made


_POST_CELLS = ("section", "appointed_on", "term_ends_on", "relieved_on")
# The cells that say a post a member held, with its term: one post's row is these and the
# member's own cells.
POST_CELLS = ("post", *_POST_CELLS)
# The columns of a kim row that say how it ended.
STATUS_CELLS = ("status", "status_on", "status_reason", "merged_into")


def status(cells: Cells, group_id: uuid.UUID) -> Dated | None:
    """The end a ``kim`` row's status records (dissolved, merged into another), or ``None``."""
    kind = cells.choice("status", KimStatus) or KimStatus.ACTIVE
    on = cells.date("status_on")
    reason, into = cells.text("status_reason"), cells.text("merged_into")
    if kind is KimStatus.ACTIVE:
        if on is not None or reason is not None or into is not None:
            raise InvalidValue("status", "status_on, status_reason and merged_into need a status")
        return None
    if on is None:
        raise InvalidValue("status_on", "a dissolved or merged KIM needs status_on", required=True)
    if kind is KimStatus.DISSOLVED:
        if reason is None:
            raise InvalidValue(
                "status_reason", "a dissolved KIM needs status_reason", required=True
            )
        return (on, END_AFTER, c.DissolveGroup(group_id=group_id, reason=reason, dissolved_on=on))
    if into is None:
        raise InvalidValue("merged_into", "a merged KIM needs merged_into", required=True)
    merge = c.MergeGroup(group_id=group_id, into=group_id_of(into), merged_on=on)
    return (on, END_AFTER, merge)


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
        functions=cells.choices("functions", AdindaFunction),
        delivery=cells.choice("delivery", Delivery) or Delivery.IN_PERSON,
        topic=cells.required("topic"),
        held_on=held_on,
        place=cells.text("place"),
        link=cells.text("link"),
        attendance=cells.count("attendance") or 0,
    )
