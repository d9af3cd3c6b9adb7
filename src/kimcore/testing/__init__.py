"""The testing kit, for downstream suites (``pip install 'kimcore[testing]'``: pytest, hypothesis).

- [`kimcore.testing.strategies`][kimcore.testing.strategies]: hypothesis strategies for every
  value, command and event (registered for ``st.from_type``), and ``accepted_commands()``,
  sequences of every kind of command the domain accepts, across several groups and forums;
- [`kimcore.testing.machine`][kimcore.testing.machine]: ``DomainMachine``, the whole domain as a
  hypothesis state machine (subclass it to add rules and invariants), with
  [`kimcore.testing.invariants`][kimcore.testing.invariants] (what must hold after every step) and
  [`kimcore.testing.world`][kimcore.testing.world] (the small world it plays in);
- [`kimcore.testing.scenario`][kimcore.testing.scenario]: ``given(...).when(...).then(...)`` and
  ``.raises(...)`` for a decider's rules in a line or two;
- [`kimcore.testing.conformance`][kimcore.testing.conformance]: ``EventStoreContract``, the suite
  every store must pass, and [`kimcore.testing.store_machine`][kimcore.testing.store_machine], a
  state machine that runs a store beside the memory store;
- [`kimcore.testing.conformance_models`][kimcore.testing.conformance_models]:
  ``ModelStoreQueryContract``, what every model store's ``query`` must give (the plain
  twin's pages, cursors and counts);
- [`kimcore.testing.pytest_plugin`][kimcore.testing.pytest_plugin]: fixtures, loaded by pytest on
  its own (``kimcore_memory_store``, ``kimcore_sqlite_store``, ``kimcore_postgres_store``,
  ``kimcore_store``, ``kimcore_app``, ``kimcore_given``).

Any import order works, before or after hypothesis, in or out of pytest.
The testing guide (``docs/testing.md``) shows each in use.
"""
