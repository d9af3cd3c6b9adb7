"""``kimcore policy``: the policy in force, as a policy file says it."""

from __future__ import annotations

import click

from kimcore.cli.common import lang_of, lang_option, policy_of
from kimcore.domain.policy_file import policy_toml

__all__ = ["policy"]

_HEADER = {
    "en": "# kimcore policy in force ({source}); save it, edit it, pass it with --policy FILE\n",
    "id": "# Kebijakan kimcore yang berlaku ({source}); simpan, ubah, lalu pakai dengan"
    " --policy FILE\n",
}


@click.command()
@lang_option("The comment line (the keys stay as the file writes them)")
@click.pass_context
def policy(ctx: click.Context, lang: str | None) -> None:
    """Print the policy every command decides under: bounds and every rule switch (TOML).

    The defaults, with what --policy FILE (or KIMCORE_POLICY) sets. Its output is a
    policy file: edit it and pass it back with --policy.
    """
    lang = lang_of(ctx, lang)
    path = ctx.meta.get("kimcore.policy_file")
    source = str(path) if path is not None else ("defaults" if lang == "en" else "bawaan")
    click.echo(_HEADER[lang].format(source=source) + policy_toml(policy_of(ctx)), nl=False)
