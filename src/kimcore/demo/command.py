"""``kimcore demo`` and ``python -m kimcore.demo``: every demo behind one command.

With no option, the province's data set ([`build_dataset`][kimcore.demo.build_dataset]); with
``--kims N [--years Y]``, the nation's ([`build_nation`][kimcore.demo.build_nation]); with
``--story``, one KIM's story told on the terminal ([`run_story`][kimcore.demo.run_story]). Each is
recorded into a new SQLite file through the rules, its read models projected into the same file.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Literal

import click
from click.core import ParameterSource
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

import kimcore as k
from kimcore.adapters.url import sqlite_path
from kimcore.cli.common import (
    application,
    fail,
    id_number,
    lang_of,
    models_for,
    out,
    progress,
    read_model_failed,
    read_models,
    say,
)
from kimcore.demo.dataset import REGENCIES, DatasetSize, DatasetSummary, build_dataset
from kimcore.demo.nation import NationSize, build_nation
from kimcore.demo.story import run_story
from kimcore.demo.telling import print_read_models, tell
from kimcore.domain.regions import PROVINCES
from kimcore.domain.views import ACTIVITY_REPORT, FORUMS, GROUPS, PARTNERSHIPS
from kimcore.domain.views.report_words import say_cell
from kimcore.projections import ModelStore, OnePassProjector
from kimcore.register import export_register
from kimcore.vocabulary.labels import label

__all__ = ["demo", "register_file"]


@click.command()
@click.option(
    "--db", type=click.Path(path_type=Path), default=Path("kimcore-demo.db"), show_default=True
)
@click.option("--replace", is_flag=True, help="Replace the file if it exists.")
@click.option(
    "--villages",
    type=click.IntRange(1, 50),
    default=3,
    show_default=True,
    help="Villages per district.",
)
@click.option(
    "--groups", type=click.IntRange(1, 20), default=1, show_default=True, help="KIMs per village."
)
@click.option(
    "--kims",
    type=click.IntRange(1, 10_000_000),
    help="The nation's data set instead: this many KIMs over the 38 provinces.",
)
@click.option(
    "--years",
    type=click.IntRange(1, 20),
    default=3,
    show_default=True,
    help="Years of activities, with --kims.",
)
@click.option("--seed", default=2024, show_default=True)
@click.option(
    "--story",
    is_flag=True,
    help="One KIM's story instead, told on the terminal: its log, its state, the read models.",
)
@click.option(
    "--daftar-kim/--no-daftar-kim",
    "listing_wanted",
    default=True,
    show_default=True,
    help="Write the Daftar KIM beside the file (<name>-daftar-kim.csv): the office's list of"
    " KIMs in the import template's layout.",
)
@click.pass_context
def demo(  # noqa: PLR0917 - click passes the options by position
    ctx: click.Context,
    db: Path,
    replace: bool,
    villages: int,
    groups: int,
    kims: int | None,
    years: int,
    seed: int,
    story: bool,
    listing_wanted: bool,
) -> None:
    """Build a realistic data set into a new SQLite file and print a summary.

    KIMs across the districts of Central Kalimantan, forums at every level,
    partnerships and a year of activities, all through the domain's rules;
    then the portal's read models, projected into the same file.

    With --kims, the nation's data set: that many KIMs over all 38 provinces, about 24
    members each, forums in every district, regency and province and the national one,
    partnerships and --years years of activities; decided by the same rules in memory and
    appended a stream at a time (100,000 KIMs in minutes).

    With --story, one KIM's story: it forms, grows, joins a forum, signs a partnership,
    holds activities, and a member who left is forgotten; its log and state are printed.
    """
    db = _demo_file(ctx, db)
    given = {n for n in ("villages", "groups", "years", "seed") if not _default(ctx, n)}
    if story and (kims is not None or given):
        fail(
            say(
                "--story tells one KIM's story: leave out --kims, --villages, --groups, --years,"
                " --seed",
                "--story menceritakan satu KIM: tanpa --kims, --villages, --groups, --years,"
                " --seed",
            )
        )
    if kims is not None and given & {"villages", "groups"}:
        fail(
            say(
                "--kims makes the nation's data set: leave out --villages and --groups",
                "--kims membuat data nasional: tanpa --villages dan --groups",
            )
        )
    if kims is None and "years" in given:
        fail(
            say(
                "--years goes with --kims (the province's data set covers one year)",
                "--years dipakai bersama --kims (data provinsi mencakup satu tahun)",
            )
        )
    listing = register_file(db)
    for made in (db, listing) if listing_wanted else (db,):
        if made.exists() and not replace:
            fail(
                say(
                    f"{made} exists; pass --replace to make it anew, or --db for another file",
                    f"{made} sudah ada; pakai --replace untuk membuatnya baru, atau --db untuk"
                    " berkas lain",
                )
            )
    if db.exists() or (listing_wanted and listing.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        if listing_wanted:  # an unwanted list may be the office's own: never delete it
            listing.unlink(missing_ok=True)
        shutil.rmtree(f"{db}.leases", ignore_errors=True)  # the old file's projection locks
    url = f"sqlite:///{db}"
    # Built in one go: a crash midway leaves a file to make anew, so no fsync per commit.
    store = k.open_store(f"{url}?durability=normal")
    # Closed however it ends: a plugin's read model failing midway leaves nothing open.
    with contextlib.ExitStack() as closing:
        closing.callback(store.close)
        app = application(click.get_current_context(), store)
        errors = Console(stderr=True)
        with Progress(console=errors, transient=True, disable=not errors.is_terminal) as bar:
            task = bar.add_task("recording", total=None)
            if story:
                told = run_story(app)
            elif kims is None:
                size = DatasetSize(
                    villages_per_district=villages, groups_per_village=groups, seed=seed
                )
                summary = build_dataset(app, size, tick=lambda: bar.advance(task))
            else:
                nation = NationSize(kims=kims, years=years, seed=seed)
                summary = build_nation(app, nation, tick=lambda n: bar.advance(task, n))
        models = models_for(store)
        closing.callback(models.close)
        one_pass = OnePassProjector(store, read_models(), models, codec=k.get_plugins().codec())
        with progress("projecting the read models", store.count_after(0, 10**15)) as on_page:
            one_pass.on_page = lambda _position: on_page(one_pass.events_read)
            one_pass.rebuild(on_error=read_model_failed)
        if story:
            print(say(f"Store: {db}", f"Berkas: {db}"))
            lang: Literal["en", "id"] = "id" if lang_of(ctx) == "id" else "en"
            tell(app, *told, lang=lang)
            print_read_models(models, lang=lang)
        else:
            _print_summary(db, summary)
            _summary_tables(models, nation=kims is not None)
        if listing_wanted:
            _write_listing(app, listing, lang_of(ctx))
        out.print(
            say(
                f"\nExplore it: kimcore --store {url} log --type GroupFormed"
                f"\n(or export KIMCORE_STORE={url} once, for every command after it)",
                f"\nJelajahi: kimcore --store {url} log --type GroupFormed"
                f"\n(atau export KIMCORE_STORE={url} sekali, untuk setiap perintah sesudahnya)",
            )
        )


def _write_listing(app: k.Application, listing: Path, lang: str) -> None:
    rows = export_register(app, listing, "id" if lang == "id" else "en")
    out.print(
        say(
            f"\nDaftar KIM (the office's list of KIMs, in the import template's layout):"
            f" {listing}, {rows:,} rows",
            f"\nDaftar KIM (dalam susunan kolom templat impor): {listing}, {id_number(rows)} baris",
        )
    )


def register_file(db: Path) -> Path:
    """Where the demo writes the Daftar KIM of *db*: beside it, ``<name>-daftar-kim.csv``."""
    return db.with_name(f"{db.stem}-daftar-kim.csv")


def _default(ctx: click.Context, name: str) -> bool:
    return ctx.get_parameter_source(name) is click.core.ParameterSource.DEFAULT


def _demo_file(ctx: click.Context, db: Path) -> Path:
    """The file the demo makes: --db, else the SQLite file a typed ``kimcore --store`` names.

    ``kimcore --store sqlite:///x.db demo`` then ``kimcore --store sqlite:///x.db log`` is what
    a user tries first; writing kimcore-demo.db instead would leave the second reading nothing.
    """
    parent = ctx.parent
    if parent is None or parent.get_parameter_source("url") is not ParameterSource.COMMANDLINE:
        return db
    url: str = parent.params["url"]
    if not url.startswith("sqlite:"):
        fail(
            say(
                f"demo makes a SQLite file (--db FILE), not a store at {url}; copy it there after",
                f"demo membuat berkas SQLite (--db BERKAS), bukan penyimpanan di {url}; salin ke"
                " sana sesudahnya",
            )
        )
    if not _default(ctx, "db") and Path(sqlite_path(url)).resolve() != db.resolve():
        fail(
            say(
                f"--store {url} and --db {db} name two files: give one",
                f"--store {url} dan --db {db} menyebut dua berkas: sebutkan satu",
            )
        )
    return Path(sqlite_path(url))


def _print_summary(db: Path, s: DatasetSummary) -> None:
    english = (
        f"[bold]{db}[/]: {s.events:,} events — {s.groups:,} KIMs with {s.members:,} members,"
        f" {s.forums:,} forums, {s.partnerships:,} partnerships, {s.activities:,} activities"
    )
    bahasa = (
        f"[bold]{db}[/]: {id_number(s.events)} peristiwa — {id_number(s.groups)} KIM dengan"
        f" {id_number(s.members)} anggota, {id_number(s.forums)} Forum KIM,"
        f" {id_number(s.partnerships)} kemitraan, {id_number(s.activities)} kegiatan"
    )
    # The offices' practice, as far as the data set records it (the nation's has no webinar).
    practice = [
        (s.profiles, "KIM profiles changed", "profil KIM diubah"),
        (s.musyawarah, "musyawarah", "musyawarah"),
        (s.webinars, "provincial webinar", "webinar provinsi"),
        (s.products, "information products", "produk informasi"),
        (
            s.mappings,
            f"KIMs mapped in {s.reports} mapping reports",
            f"KIM terpetakan dalam {s.reports} laporan pemetaan",
        ),
        (
            s.programmes,
            "partnership programmes of the offices (art. 24(6))",
            "program kemitraan komunikasi dinas (pasal 24 ayat (6))",
        ),
        (s.evaluations, "KIMs monitored and evaluated", "KIM dipantau dan dievaluasi"),
    ]
    done = [(f"{n:,} {en}", f"{id_number(n)} {id_}") for n, en, id_ in practice if n]
    if done:
        english += ";\n" + ", ".join(en for en, _ in done)
        bahasa += ";\n" + ", ".join(id_ for _, id_ in done)
    out.print(say(english, bahasa))


def _summary_tables(models: ModelStore, *, nation: bool = False) -> None:
    by_regency: dict[str, list[int]] = {}
    width = 2 if nation else 5
    for row in models.rows(GROUPS):
        counts = by_regency.setdefault(row["region_code"][:width], [0, 0, 0])
        counts[0] += 1
        counts[1] += row["member_count"]
        counts[2] += row["stage"] == "registered"
    names = dict(PROVINCES) if nation else {code: name for code, name, _, _ in REGENCIES}
    table = Table(
        say("province", "provinsi") if nation else say("regency / city", "kabupaten/kota"),
        say("KIMs", "KIM"),
        say("members", "anggota"),
        say("registered", "terdaftar"),
        title=say("KIMs by province", "KIM per provinsi")
        if nation
        else say("KIMs by regency", "KIM per kabupaten/kota"),
    )
    for code, (groups, members, registered) in sorted(by_regency.items()):
        table.add_row(names.get(code, code), str(groups), str(members), str(registered))
    out.print(table)
    levels = Table(
        say("level", "tingkat"),
        say("forums", "forum"),
        say("member groups/forums", "anggota (KIM/forum)"),
        title=say("Forum KIM by level", "Forum KIM per tingkat"),
    )
    for level in reversed(k.ForumLevel):
        rows = models.rows(FORUMS, {"level": level.value})
        said = say(level.value, label(level))
        levels.add_row(said, str(len(rows)), str(sum(r["member_count"] for r in rows)))
    out.print(levels)
    kinds: dict[str, int] = {}
    for row in models.rows(PARTNERSHIPS):
        kinds[row["partnership_type"]] = kinds.get(row["partnership_type"], 0) + 1
    partnerships = Table(
        say("type", "jenis"),
        say("partnerships", "kemitraan"),
        title=say("Partnerships by type", "Kemitraan per jenis"),
    )
    for name, count in sorted(kinds.items()):
        partnerships.add_row(say(name, str(say_cell("partnership_type", name))), str(count))
    out.print(partnerships)
    months: dict[str, list[int]] = {}
    for row in models.rows(ACTIVITY_REPORT):
        month = months.setdefault(row["month"], [0, 0])
        month[0] += row["activities"]
        month[1] += row["attendance"]
    activities = Table(
        say("month", "bulan"),
        say("activities", "kegiatan"),
        say("attendance", "peserta"),
        title=say("Activities by month", "Kegiatan per bulan"),
    )
    for month_name, (count, attendance) in sorted(months.items()):
        activities.add_row(month_name, str(count), say(f"{attendance:,}", id_number(attendance)))
    out.print(activities)
