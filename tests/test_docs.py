"""Every command has help and a section in docs/cli.md, and the README opens with the
two commands a new user needs."""

from __future__ import annotations

import pytest
import typer

from lagebild.cli import app
from tests.conftest import REPO


def _commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    names = []
    for name, command in root.commands.items():
        if getattr(command, "commands", None):
            names.extend([name, sub] for sub in command.commands)
        else:
            names.append([name])
    return names


def test_there_are_commands():
    assert ["ingest"] in _commands() and ["kb", "who"] in _commands()


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c))
def test_every_command_has_help_with_an_example_and_docs(cli, command):
    result = cli(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"## `lagebild {' '.join(command)}`" in (REPO / "docs" / "cli.md").read_text(encoding="utf-8")


def test_readme_opens_with_make_demo_and_make_test():
    head = (REPO / "README.md").read_text(encoding="utf-8").split("\n\n")[1]
    assert "make demo" in head and "make test" in head


def test_version(cli):
    from lagebild import __version__

    result = cli("--version")
    assert result.exit_code == 0 and __version__ in result.stdout
