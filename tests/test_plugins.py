"""The plugin system: built-ins through the public hooks, conflicts and failures named."""

from __future__ import annotations

import logging
import types
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests import builders as b

import kimcore as k
from kimcore.domain import errors as e
from kimcore.errors import PluginConflict, PluginFailed, UnknownPluginName
from kimcore.plugins import BUILTIN, Plugins, StoreType, UpcasterStep, hookimpl, hookspecs


def _plugin(name: str, **hooks: object) -> types.SimpleNamespace:
    """A plugin object whose hooks are the given functions, marked as implementations."""
    return types.SimpleNamespace(__name__=name, **{h: hookimpl(f) for h, f in hooks.items()})  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class GrantTerms:
    grant_idr: int


GRANT = k.domain.PartnershipType(
    name="grant", description="A grant from a private foundation.", terms_type=GrantTerms
)


def test_builtins_come_through_the_hooks_like_any_plugin() -> None:
    plugins = Plugins.load(entry_point_group=None)
    described = {name: hooks for name, _, hooks in plugins.describe()}
    assert set(described[BUILTIN]) == {
        f"kimcore_{h}"
        for h in (
            "partnership_types",
            "techniques",
            "channels",
            "event_types",
            "upcasters",
            "store_types",
            "sink_types",
            "kek_providers",
            "deciders",
            "read_models",
        )
    }
    catalogue = plugins.catalogue()
    assert catalogue == k.domain.Catalogue.default()
    assert sorted(c.record.name for c in plugins.contributions("kimcore_sink_types")) == [
        "jsonl",
        "nats",
        "webhook",
    ]
    assert plugins.codec().registry.get("ActivityHeld") is k.events.ActivityHeld
    # Blocking the built-in plugin leaves nothing behind a back door.
    bare = Plugins.load(entry_point_group=None, disable=[BUILTIN])
    assert bare.catalogue().partnership_types == {}
    with pytest.raises(k.StoreError, match="no store for the URL scheme 'memory'"):
        bare.open_store("memory://")


def test_every_hook_is_prefixed_and_documented() -> None:
    specs = [n for n in dir(hookspecs) if n.startswith("kimcore_")]
    assert len(specs) == 12
    docs = (Path(__file__).parent.parent / "docs" / "plugins.md").read_text()
    for name in specs:
        assert f"## {name}(" in docs, f"{name} is not documented in docs/plugins.md"


def test_a_plugins_partnership_type_reaches_the_domain() -> None:
    plugins = Plugins.load(
        entry_point_group=None,
        extra=[_plugin("grants", kimcore_partnership_types=lambda: [GRANT])],
    )
    app = k.Application(k.MemoryStore(), policy=k.Policy(catalogue=plugins.catalogue()))
    app.handle(b.form(5))
    recorded = app.handle(
        b.sign(
            "grant",
            terms=GrantTerms(grant_idr=5_000_000),
            partner=k.Partner(name="Yayasan Cerdas", sector=k.Sector.PRIVATE),
        )
    )
    assert recorded[0].event.terms == {"grant_idr": 5_000_000}


def test_two_plugins_claiming_one_name_fail_naming_both() -> None:
    twin = attrs.evolve(GRANT, description="Another grant.")
    with pytest.raises(
        PluginConflict, match=r"'grant' is claimed by both plugin 'one'.*plugin 'two'"
    ):
        Plugins.load(
            entry_point_group=None,
            extra=[
                _plugin("one", kimcore_partnership_types=lambda: [GRANT]),
                _plugin("two", kimcore_partnership_types=lambda: [twin]),
            ],
        )


def test_a_plugin_shadowing_a_builtin_name_fails() -> None:
    clash = StoreType(name="mine", schemes=("sqlite",), description="x", open=k.MemoryStore)  # type: ignore[arg-type]
    with pytest.raises(
        PluginConflict,
        match=r"'scheme:sqlite' is claimed by both plugin 'kimcore.builtin'.*plugin 'x'",
    ):
        Plugins.load(
            entry_point_group=None, extra=[_plugin("x", kimcore_store_types=lambda: [clash])]
        )


def test_a_plugin_that_raises_is_named() -> None:
    def broken() -> Iterator[k.domain.Technique]:
        raise RuntimeError("config missing")

    with pytest.raises(
        PluginFailed,
        match=r"plugin 'x' raised in kimcore_techniques: RuntimeError: config missing",
    ):
        Plugins.load(entry_point_group=None, extra=[_plugin("x", kimcore_techniques=broken)])


def test_a_hook_giving_the_wrong_records_is_named() -> None:
    with pytest.raises(PluginFailed, match="gave kimcore_channels 'radio', which is not a channel"):
        Plugins.load(
            entry_point_group=None, extra=[_plugin("x", kimcore_channels=lambda: ["radio"])]
        )


def test_an_unknown_hook_is_refused_at_load() -> None:
    with pytest.raises(PluginFailed, match="not valid"):
        Plugins.load(entry_point_group=None, extra=[_plugin("x", kimcore_storez=lambda: [])])


def test_a_plugin_that_fails_to_import_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    class Point:
        name = "flaky"
        value = "flaky_plugin:plugin"
        dist = None

        def load(self) -> object:
            raise ImportError("No module named 'flaky_plugin'")

    monkeypatch.setattr("kimcore.plugins.manager.entry_points", lambda group: [Point()])
    with pytest.raises(
        PluginFailed, match=r"plugin 'flaky' \(flaky_plugin:plugin\) failed to load"
    ):
        Plugins.load()


def test_plugins_are_blocked_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIMCORE_DISABLE_PLUGINS", f"{BUILTIN}")
    assert Plugins.load(entry_point_group=None).catalogue().techniques == {}


def test_plugin_event_types_and_upcasters_reach_the_codec() -> None:
    @k.events.event_type("GrantPaid", version=2)
    @attrs.frozen(kw_only=True)
    class GrantPaid(k.Event):
        grant_id: str
        amount_idr: int

    def v1_to_v2(data: dict[str, object]) -> dict[str, object]:
        return {"grant_id": data["grant"], "amount_idr": data["amount"]}

    plugins = Plugins.load(
        entry_point_group=None,
        extra=[
            _plugin(
                "grants",
                kimcore_event_types=lambda: [GrantPaid],
                kimcore_upcasters=lambda: [
                    UpcasterStep(type_name="GrantPaid", from_version=1, step=v1_to_v2)
                ],
            )
        ],
    )
    codec = plugins.codec()
    old = b'{"grant": "g-1", "amount": 700}'
    assert codec.decode_payload("GrantPaid", 1, old) == GrantPaid(grant_id="g-1", amount_idr=700)


def test_unknown_scheme_and_sink_are_typed_errors() -> None:
    plugins = Plugins.load(entry_point_group=None)
    with pytest.raises(k.StoreError, match="known: memory, postgres, postgresql, sqlite"):
        plugins.open_store("redis://127.0.0.1")
    with pytest.raises(UnknownPluginName, match="no sink called 'kafka'"):
        plugins.sink("kafka")


@given(
    sector=st.sampled_from(k.Sector),
    allowed=st.frozensets(st.sampled_from(k.Sector)),
)
def test_a_type_takes_partners_of_its_sectors_only(
    sector: k.Sector, allowed: frozenset[k.Sector]
) -> None:
    kind = attrs.evolve(GRANT, partner_sectors=allowed)
    app = k.Application(
        k.MemoryStore(),
        policy=k.Policy(catalogue=k.domain.Catalogue.default().extended(partnership_types=[kind])),
    )
    app.handle(b.form(5))
    sign = b.sign(
        "grant", terms=GrantTerms(grant_idr=1), partner=k.Partner(name="Partner", sector=sector)
    )
    before = app.store.head_position()
    if not allowed or sector in allowed:
        assert app.handle(sign)
    else:
        with pytest.raises(e.PartnerSectorRefused, match=f"is {sector.value}"):
            app.handle(sign)
        assert app.store.head_position() == before


def test_a_plugin_object_is_named_by_its_class_never_its_address() -> None:
    class Broken:
        @hookimpl
        def kimcore_techniques(self) -> list[object]:
            return ["not a technique"]

    with pytest.raises(PluginFailed) as failed:
        Plugins.load(entry_point_group=None, extra=[Broken()])
    assert "test_plugins.test_a_plugin_object_is_named_by_its_class_never_its_address" in str(
        failed.value
    )
    assert "0x" not in str(failed.value)

    class Typo:
        @hookimpl
        def kimcore_storez(self) -> list[object]:
            return []

    with pytest.raises(PluginFailed) as invalid:
        Plugins.load(entry_point_group=None, extra=[Typo()])
    assert "Typo" in str(invalid.value)
    assert " at 0x" not in str(invalid.value)


def test_two_plugin_objects_of_one_class_get_two_names() -> None:
    class Quiet:
        pass

    names = [
        name
        for name, _, _ in Plugins.load(entry_point_group=None, extra=[Quiet(), Quiet()]).describe()
    ]
    assert sum("Quiet" in name for name in names) == 2


def test_a_kek_for_a_store_that_declares_no_key_wrapping_is_refused_before_it_opens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []

    def open_scratch(url: str, **options: object) -> k.EventStore:
        opened.append(url)
        return k.MemoryStore()

    scratch = StoreType(name="scratch", schemes=("scratch",), description="x", open=open_scratch)
    plugins = Plugins.load(
        entry_point_group=None, extra=[_plugin("s", kimcore_store_types=lambda: [scratch])]
    )
    monkeypatch.setenv("SCRATCH_KEK", k.stores.new_kek_text())
    with pytest.raises(k.errors.StoreError, match="the scratch store cannot wrap keys"):
        plugins.open_store("scratch://x?kek=env:SCRATCH_KEK")
    assert opened == []
    wrapping = attrs.evolve(scratch, name="wrapping", schemes=("wrapping",), wraps_keys=True)
    plugins = Plugins.load(
        entry_point_group=None, extra=[_plugin("w", kimcore_store_types=lambda: [wrapping])]
    )
    plugins.open_store("wrapping://x?kek=env:SCRATCH_KEK").close()
    assert opened == ["wrapping://x"]


class _Named:
    """A read model by its shape alone: a name, a version, tables, apply."""

    version = 1
    personal_data = False

    def __init__(self, name: str, table: str) -> None:
        self.name = name
        self.tables = (
            k.projections.Table(
                name=table, columns=(k.projections.Column(name="id", type="text"),), key=("id",)
            ),
        )

    def apply(self, tables: object, recorded: object) -> None:
        pass


def test_a_plugins_read_model_is_kept_beside_kimcores_and_asks_for_the_catalogue() -> None:
    seen: list[object] = []

    def read_models(catalogue: k.domain.Catalogue) -> list[object]:
        seen.append(catalogue)
        return [_Named("founded", "kim_founded")]

    plugins = Plugins.load(
        entry_point_group=None, extra=[_plugin("founded", kimcore_read_models=read_models)]
    )
    names = {m.name for m in plugins.read_models()}
    assert {"founded", "group_registry", "report_facts"} <= names
    assert seen[0] is plugins.catalogue()
    assert plugins.read_models()[0] is not plugins.read_models()[0]  # made anew each time


def test_a_read_model_taking_a_table_of_kimcores_fails_naming_both() -> None:
    with pytest.raises(PluginConflict, match=r"table kim_groups.*kimcore\.builtin.*'mine'"):
        Plugins.load(
            entry_point_group=None,
            extra=[_plugin("mine", kimcore_read_models=lambda: [_Named("mine", "kim_groups")])],
        )


def test_routes_are_collected_when_asked_for_and_never_shadow_kimcores() -> None:
    routing = pytest.importorskip("starlette.routing")
    from kimcore.web.app import create_app

    def endpoint(request: object) -> None:
        raise AssertionError

    ours = routing.Route("/api/founded", endpoint)
    plugins = Plugins.load(
        entry_point_group=None, extra=[_plugin("founded", kimcore_routes=lambda: [ours])]
    )
    assert plugins.routes() == [ours]
    app = create_app(k.MemoryStore(), plugins=plugins)
    assert any(getattr(r, "path", None) == "/api/founded" for r in app.routes)
    shadow = routing.Route("/api/kims", endpoint)
    clashing = Plugins.load(
        entry_point_group=None, extra=[_plugin("shadow", kimcore_routes=lambda: [shadow])]
    )
    with pytest.raises(
        PluginConflict,
        match=r"route '/api/kims' of plugin 'shadow' overlaps kimcore's own route '/api/kims'",
    ):
        create_app(k.MemoryStore(), plugins=clashing)
    broken = Plugins.load(
        entry_point_group=None, extra=[_plugin("broken", kimcore_routes=lambda: ["/x"])]
    )
    with pytest.raises(PluginFailed, match="not a route"):
        broken.routes()


def _read_models_with_a_typo(catalog: object) -> list[object]:
    return []


def _techniques_asking_for_the_catalogue(catalogue: object) -> list[object]:
    return []


@pytest.mark.parametrize(
    ("hook", "function", "said", "offered"),
    [
        ("kimcore_read_models", _read_models_with_a_typo, "{'catalog'}", "offers catalogue"),
        (
            "kimcore_techniques",
            _techniques_asking_for_the_catalogue,
            "{'catalogue'}",
            "offers no argument",
        ),
    ],
)
def test_a_hook_asking_for_an_argument_it_is_not_offered_is_named(
    hook: str, function: object, said: str, offered: str
) -> None:
    # pluggy refuses these as the plugin is registered, not in check_pending
    with pytest.raises(PluginFailed) as failed:
        Plugins.load(entry_point_group=None, extra=[_plugin("typo", **{hook: function})])
    message = str(failed.value)
    assert message.startswith(f"plugin 'typo' is not valid: hook '{hook}'")
    assert said in message
    assert offered in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("path", "mount", "kimcores"),
    [
        ("/api/kims/summary", False, "/api/kims/{group_id}"),
        ("/api/models/{name}", False, "/api/models/{table}"),
        ("/kim/{group_id}/card", False, None),
        ("/api/charts/summary.svg", False, "/api/charts/{name}.svg"),
        ("/api/kims", True, "/api/kims/{group_id}"),
        ("/", True, "/"),
    ],
)
def test_a_route_that_could_take_a_request_of_kimcores_is_a_conflict_naming_both(
    path: str, mount: bool, kimcores: str | None
) -> None:
    routing = pytest.importorskip("starlette.routing")
    from kimcore.web.app import create_app

    def endpoint(request: object) -> None:
        raise AssertionError

    route = routing.Mount(path, routes=[]) if mount else routing.Route(path, endpoint)
    plugins = Plugins.load(
        entry_point_group=None, extra=[_plugin("shadow", kimcore_routes=lambda: [route])]
    )
    if kimcores is None:  # two segments after /kim: no route of kimcore's takes it
        app = create_app(k.MemoryStore(), plugins=plugins)
        assert any(getattr(r, "path", None) == path for r in app.routes)
        return
    with pytest.raises(PluginConflict) as conflict:
        create_app(k.MemoryStore(), plugins=plugins)
    said = str(conflict.value)
    assert said.startswith(
        f"route {route.path!r} of plugin 'shadow' overlaps kimcore's own route {kimcores!r}:"
    )


def test_two_plugins_routes_that_could_take_one_request_are_a_conflict() -> None:
    routing = pytest.importorskip("starlette.routing")
    from kimcore.web.app import create_app

    def endpoint(request: object) -> None:
        raise AssertionError

    first = _plugin("first", kimcore_routes=lambda: [routing.Route("/api/csr/{name}", endpoint)])
    second = _plugin("second", kimcore_routes=lambda: [routing.Route("/api/csr/totals", endpoint)])
    plugins = Plugins.load(entry_point_group=None, extra=[first, second])
    with pytest.raises(
        PluginConflict,
        match=r"route '/api/csr/totals' of plugin 'second' overlaps route '/api/csr/\{name\}'"
        r" of plugin 'first': a request both match reaches only one",
    ):
        create_app(k.MemoryStore(), plugins=plugins)


def test_one_plugins_routes_may_overlap_and_keep_the_order_it_gives() -> None:
    routing = pytest.importorskip("starlette.routing")
    from starlette.responses import PlainTextResponse
    from tests.asgi_server import served

    from kimcore.web.app import create_app

    def totals(request: object) -> PlainTextResponse:
        return PlainTextResponse("totals")

    def named(request: object) -> PlainTextResponse:
        return PlainTextResponse("named")

    # the more particular first, as Starlette wants; by name, "named" would sort before it
    given = [routing.Route("/api/own/totals", totals), routing.Route("/api/own/{name}", named)]
    plugins = Plugins.load(
        entry_point_group=None, extra=[_plugin("own", kimcore_routes=lambda: given)]
    )
    assert plugins.routes() == given
    with served(create_app(k.MemoryStore(), plugins=plugins)) as client:
        assert client.get("/api/own/totals").text == "totals"
        assert client.get("/api/own/other").text == "named"


def test_routes_that_answer_no_method_in_common_do_not_conflict() -> None:
    routing = pytest.importorskip("starlette.routing")
    from starlette.responses import PlainTextResponse
    from tests.asgi_server import served

    from kimcore.web.app import create_app

    def batch(request: object) -> PlainTextResponse:
        return PlainTextResponse("batch")

    def shown(request: object) -> PlainTextResponse:
        return PlainTextResponse("shown")

    # kimcore's GET /api/kims/{group_id} does not take a POST; one plugin's GET and POST of
    # one path are two routes of its own, once refused as one name given twice.
    given = [
        routing.Route("/api/kims/batch", batch, methods=["POST"]),
        routing.Route("/api/own/x", shown, methods=["GET"]),
        routing.Route("/api/own/x", batch, methods=["POST"]),
    ]
    plugins = Plugins.load(
        entry_point_group=None, extra=[_plugin("own", kimcore_routes=lambda: given)]
    )
    with served(create_app(k.MemoryStore(), plugins=plugins)) as client:
        assert client.post("/api/kims/batch").text == "batch"
        assert client.get("/api/own/x").text == "shown"
        assert client.post("/api/own/x").text == "batch"
    everything = _plugin("all", kimcore_routes=lambda: [routing.Route("/api/kims/batch", batch)])
    with pytest.raises(PluginConflict, match="overlaps kimcore's own route"):
        create_app(
            k.MemoryStore(), plugins=Plugins.load(entry_point_group=None, extra=[everything])
        )


@pytest.mark.parametrize(
    ("given", "said"),
    [(42, "int 42"), ("advocacy", "str 'advocacy'"), (GRANT, "PartnershipType PartnershipType(")],
)
def test_a_hook_returning_something_that_holds_no_records_is_named_with_its_type(
    given: object, said: str
) -> None:
    with pytest.raises(PluginFailed) as failed:
        Plugins.load(entry_point_group=None, extra=[_plugin("x", kimcore_techniques=lambda: given)])
    message = str(failed.value)
    assert message.startswith(f"plugin 'x' returned {said}")
    assert message.endswith("from kimcore_techniques, not an iterable of techniques")
    assert "raised" not in message


def test_a_plugin_route_that_raises_is_logged_naming_the_plugin(
    caplog: pytest.LogCaptureFixture,
) -> None:
    routing = pytest.importorskip("starlette.routing")
    from tests.asgi_server import served

    from kimcore.web.app import create_app

    def boom(request: object) -> None:
        raise RuntimeError("boom")

    plugins = Plugins.load(
        entry_point_group=None,
        extra=[_plugin("h3bad", kimcore_routes=lambda: [routing.Route("/api/h3bad/boom", boom)])],
    )
    with (
        caplog.at_level(logging.ERROR, logger="kimcore.web"),
        served(create_app(k.MemoryStore(), plugins=plugins)) as client,
    ):
        assert client.get("/api/h3bad/boom").status_code == 500
    failed = [r for r in caplog.records if r.name == "kimcore.web" and r.levelno == logging.ERROR]
    assert [r.getMessage() for r in failed] == [
        "GET /api/h3bad/boom failed (raised in a route of plugin 'h3bad')"
    ]


def test_a_generator_hook_that_raises_is_said_to_have_raised() -> None:
    def broken() -> Iterator[k.domain.Technique]:
        yield from ()
        raise RuntimeError("config missing")

    with pytest.raises(
        PluginFailed, match=r"plugin 'x' raised in kimcore_techniques: RuntimeError: config missing"
    ):
        Plugins.load(entry_point_group=None, extra=[_plugin("x", kimcore_techniques=broken)])
