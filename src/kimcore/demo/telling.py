"""The story told on the terminal: its log, the KIM, forum and office it made, the read models.

``kimcore demo --story`` (``python -m kimcore.demo --story``) records
[`run_story`][kimcore.demo.run_story] and prints these, in English or (``lang="id"``,
``kimcore --lang id``) in Indonesian; no member's name reaches the console. The log lines are
the log's own: event types and field names, as ``kimcore log`` shows them.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Callable
from typing import Any, Literal

import kimcore as k
from kimcore.domain.identity import AggregateRef, office_id_for
from kimcore.domain.messages import say_value
from kimcore.domain.views import ACTIVITY_REPORT, FORUMS, GROUPS, MEMBERS, PARTNERSHIPS
from kimcore.domain.views.report_words import say_cell
from kimcore.events.mapping import GroupEvaluated, GroupMapped, PartnershipProgrammeHeld
from kimcore.projections import ModelStore
from kimcore.vocabulary.labels import label

__all__ = ["print_read_models", "tell"]

Lang = Literal["en", "id"]
_STATUS_ID = {"active": "berjalan", "ended": "berakhir"}  # a partnership's
Say = Callable[[str, str], str]


def _speaker(lang: Lang) -> Say:
    return (lambda _en, id_: id_) if lang == "id" else (lambda en, _id: en)


def _word(member: enum.Enum, lang: Lang) -> str:
    """*member* as people read it: its Indonesian label, or its value's words."""
    return label(member) if lang == "id" else str(member.value).replace("_", " ")


def _brief(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("role", "number", "code", "category", "kind", "topic", "legal_basis"):
            if key in value:
                return str(value[key])
        if "region" in value:
            return _brief(value["region"])
        # A person's record is shown by category above; only organisations show a name.
        return str(value.get("name", "{…}"))
    if isinstance(value, list):
        return "[" + ", ".join(_brief(item) for item in value) + "]"
    return str(value)


def _summary(data: dict[str, Any]) -> str:
    parts = (
        f"{key}={_brief(val)}"
        for key, val in data.items()
        if not key.endswith("_id") and val is not None
    )
    line = ", ".join(parts)
    return line if len(line) <= 100 else line[:99] + "…"


def tell(
    app: k.Application, group_id: uuid.UUID, forum_id: uuid.UUID, *, lang: Lang = "en"
) -> None:
    """Print what the story recorded on *app*: the log, then the KIM, its forum and office."""
    say = _speaker(lang)
    print(
        say(
            "Event log (position  stream@version  type  summary)",
            "Log peristiwa (posisi  aliran@versi  jenis  ringkasan)",
        )
    )
    log = app.store.read_all(limit=10_000)
    keys = k.events.Keys.for_payloads(app.store.keys.get_many, (s.data for s in log))
    office_events = []
    for stored in log:
        recorded = app.codec.decode(stored, keys)
        if isinstance(recorded.event, PartnershipProgrammeHeld | GroupEvaluated | GroupMapped):
            office_events.append(recorded.event)
        print(
            f"{stored.position:>3}  {stored.stream_id[:14]}…@{stored.stream_version:<2}"
            f" {stored.event_type:<20} {_summary(app.codec.to_data(recorded.event))}"
        )
    print()
    _tell_group(app, group_id, lang)
    _tell_forum(app, forum_id, lang)
    _tell_office(app, office_events, lang)


def _tell_group(app: k.Application, group_id: uuid.UUID, lang: Lang) -> None:
    say = _speaker(lang)
    group = app.group(group_id)
    assert group is not None
    kind = _word(group.kind, lang) if group.kind else say("no", "tanpa")
    print(
        say(
            f"{group.name}: {_word(group.stage, lang)}, standing {_word(group.standing, lang)},"
            f" {kind} channels",
            f"{group.name}: {_word(group.stage, lang)}, {_word(group.standing, lang).lower()},"
            f" saluran {kind.lower()}",
        )
    )
    bounds = f"{group.bounds.minimum}-{group.bounds.maximum}"
    print(
        say(
            f"  members: {len(group.members)} (bounds {bounds})",
            f"  anggota: {len(group.members)} (batas {bounds})",
        )
    )
    officers = "; ".join(
        f"{_word(post.role, lang)}: {_word(group.members[member].category, lang)}"
        for member, posts in group.posts.items()
        for post in posts
    )
    print(say(f"  officers: {officers}", f"  pengurus: {officers}"))
    active, held = len(group.book.active_partnerships), len(group.book.activity_ids)
    print(
        say(
            f"  partnerships active: {active}, activities held: {held}",
            f"  kemitraan aktif: {active}, kegiatan terlaksana: {held}",
        )
    )
    profile = group.profile
    if profile is not None:  # the KIM's own contacts, not a person's: they are shown
        place = f"{profile.street}, RT {profile.rt}/RW {profile.rw}"
        contacts = ", ".join(
            filter(
                None,
                (
                    profile.public_phone,
                    profile.public_email,
                    profile.website,
                    *(f"{a.platform} {a.account}" for a in profile.social_accounts),
                ),
            )
        )
        print(
            say(
                f"  secretariat: {place}; public contacts: {contacts}",
                f"  sekretariat: {place}; kontak publik: {contacts}",
            )
        )
    ref = k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)
    (formed,) = (e.event for e in app.history(ref) if isinstance(e.event, k.events.GroupFormed))
    erased = sum(k.personal.is_redacted(founder.name) for founder in formed.founders)
    founders = len(formed.founders)
    print(
        say(
            f"  founders whose personal data was erased on request: {erased} of {founders}",
            f"  pendiri yang data pribadinya dihapus atas permintaan: {erased} dari {founders}",
        )
    )


def _day(day: dt.date, lang: Lang) -> str:
    """A day as the story says it: ISO in English, spelled in Indonesian (9 Oktober 2024)."""
    return say_value(day) if lang == "id" else day.isoformat()


def _tell_forum(app: k.Application, forum_id: uuid.UUID, lang: Lang) -> None:
    say = _speaker(lang)
    forum = app.forum(forum_id)
    assert forum is not None
    level, members = _word(forum.level, lang), len(forum.members)
    print(
        say(
            f"{forum.name} ({level}, {forum.region.code}): {members} member(s)",
            f"{forum.name} ({level}, {forum.region.code}): {members} anggota",
        )
    )
    if forum.term_start is None or forum.term_end is None:
        return
    term = f"{_day(forum.term_start, lang)} – {_day(forum.term_end, lang)}"
    decree = forum.board_decree
    by = (
        say(
            f", decree {decree.number} ({_word(decree.authority, lang)})",
            f", SK {decree.number} ({_word(decree.authority, lang)})",
        )
        if decree is not None
        else ""
    )
    print(
        say(
            f"  board: {len(forum.board)} seats, term {term}{by}",
            f"  pengurus: {len(forum.board)} orang, masa bakti {term}{by}",
        )
    )
    founding = forum.founding_musyawarah
    if founding is not None:
        print(
            say(
                f"  founded in a musyawarah on {forum.musyawarah[founding]}, which elected the"
                " board",
                f"  dibentuk dalam musyawarah pembentukan {_day(forum.musyawarah[founding], lang)},"
                " yang"
                " memilih pengurus",
            )
        )


def _tell_office(app: k.Application, events: list[Any], lang: Lang) -> None:
    """The office's programmes with the KIM, its evaluation and its mapping (art. 24)."""
    say = _speaker(lang)
    offices = {e.office.region.code: e.office.name for e in events}
    for code, name in offices.items():
        state, _ = app.load(AggregateRef(kind="government_body", id=office_id_for(code)))
        print(name)
        for programme in state.programmes.values():
            print(
                say(
                    f"  programme ({_word(programme.form, lang)}): {programme.title},"
                    f" {programme.held_on}",
                    f"  program ({_word(programme.form, lang)}): {programme.title},"
                    f" {_day(programme.held_on, lang)}",
                )
            )
        for e in events:
            if isinstance(e, GroupEvaluated) and e.office.region.code == code:
                result = e.result or say("no result", "tanpa hasil")
                print(
                    say(
                        f"  evaluated on {e.evaluated_on}: {result}; {len(e.findings)} findings",
                        f"  dievaluasi {_day(e.evaluated_on, lang)}: {result};"
                        f" {len(e.findings)} temuan",
                    )
                )
        for mapped in state.mappings.values():
            profile = mapped.profile
            types = say(" and ", " dan ").join(
                sorted(_word(t, lang) for t in profile.community_types)
            )
            issues = ", ".join(profile.public_issues)
            print(
                say(
                    f"  mapped on {mapped.mapped_on}: {types}; public issues: {issues}",
                    f"  dipetakan {_day(mapped.mapped_on, lang)}: {types}; isu publik: {issues}",
                )
            )


def print_read_models(models: ModelStore, *, lang: Lang = "en") -> None:
    """Show the portal's tables as the story left them (no names)."""
    say = _speaker(lang)

    def cell(column: str, value: str) -> str:
        return str(say_cell(column, value)) if lang == "id" else value.replace("_", " ")

    def member(enum_type: type[enum.Enum], value: str) -> str:
        return _word(enum_type(value), lang)

    print()
    print(
        say(
            "Read models (tables in the same SQLite file)",
            "Model baca (tabel dalam berkas SQLite yang sama)",
        )
    )
    for row in models.rows(GROUPS):
        stage, kind = (
            member(k.values.GroupStage, row["stage"]),
            member(k.values.GroupKind, row["kind"]),
        )
        print(
            say(
                f"  kim_groups: {row['name']}, {row['region_name']}, {stage},"
                f" {row['member_count']} members, {kind}",
                f"  kim_groups: {row['name']}, {row['region_name']}, {stage},"
                f" {row['member_count']} anggota, {kind}",
            )
        )
    members = len(models.rows(MEMBERS))
    print(
        say(
            f"  kim_members: {members} current members (names stay in the file, not shown)",
            f"  kim_members: {members} anggota saat ini (nama tetap di berkas, tidak ditampilkan)",
        )
    )
    for row in models.rows(FORUMS):
        level = member(k.ForumLevel, row["level"])
        print(
            say(
                f"  kim_forums: {row['name']} ({level}), {row['member_count']} member group(s)",
                f"  kim_forums: {row['name']} ({level}), {row['member_count']} KIM anggota",
            )
        )
    for row in models.rows(PARTNERSHIPS):
        kind, status = cell("partnership_type", row["partnership_type"]), row["status"]
        print(
            say(
                f"  kim_partnerships: {kind} with {row['partner_name']}, {status},"
                f" {row['activity_count']} activity",
                f"  kim_partnerships: {kind} dengan {row['partner_name']},"
                f" {_STATUS_ID.get(status, status)}, {row['activity_count']} kegiatan",
            )
        )
    for row in models.rows(ACTIVITY_REPORT):
        technique = cell("technique", row["technique"])
        print(
            say(
                f"  kim_activity_report: {row['month']} {technique} on {row['topic']}:"
                f" {row['activities']} activity, {row['attendance']} attending",
                f"  kim_activity_report: {row['month']} {technique} tentang {row['topic']}:"
                f" {row['activities']} kegiatan, {row['attendance']} peserta",
            )
        )
