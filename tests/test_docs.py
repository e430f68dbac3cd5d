"""Docs are tested artefacts: every CLI command and every setting is in the README."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer.main

from watchlist.api.settings import ApiSettings
from watchlist.cli.app import app
from watchlist.settings import Settings
from watchlist.ui.settings import UiSettings

README = (Path(__file__).parent.parent / "README.md").read_text()


def commands(group: Any, prefix: str = "watchlist") -> list[str]:
    names = []
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            names.append(f"{prefix} {name}")
            names.extend(commands(cmd, f"{prefix} {name}"))
        else:
            names.append(f"{prefix} {name}")
    return names


def test_every_command_is_documented() -> None:
    group = typer.main.get_command(app)
    assert hasattr(group, "commands")
    missing = [c for c in commands(group) if not re.search(re.escape(f"`{c}") + r"[ `]", README)]
    assert not missing, f"commands missing from README: {missing}"


def test_every_setting_is_documented() -> None:
    fields = [
        *Settings.model_fields,
        *ApiSettings.model_fields,
        *UiSettings.model_fields,
    ]
    missing = [
        f"WATCHLIST_{name.upper()}"
        for name in fields
        if f"`WATCHLIST_{name.upper()}`" not in README
    ]
    assert not missing, f"settings missing from README: {missing}"


def test_quick_start_has_exactly_two_commands() -> None:
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = [ln.split("#")[0].strip() for ln in block.strip().splitlines()]
    assert lines == ["make demo", "make test"]


def test_every_command_and_option_has_help() -> None:
    """`watchlist COMMAND --help` says what each command and each of its options is for."""
    import click

    group = typer.main.get_command(app)
    missing: list[str] = []

    def walk(cmd: click.Command, path: str) -> None:
        if not (cmd.help or cmd.short_help):
            missing.append(path)
        for param in cmd.params:
            if isinstance(param, click.Option) and not param.help and param.name != "help":
                missing.append(f"{path} {param.opts[0]}")
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}")

    for name, sub in group.commands.items():  # type: ignore[attr-defined]
        walk(sub, f"watchlist {name}")
    assert not missing, f"commands or options without help: {missing}"
