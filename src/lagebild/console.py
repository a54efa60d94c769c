"""What every command shares: the two consoles, the one-line error handling and JSON
output. Kept apart from `lagebild.cli` so that sub-apps (`lagebild.batch.cli`) can use
it at import time without importing the main CLI.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from typing import Optional

import typer
from rich.console import Console

from lagebild.errors import LagebildError

err = Console(stderr=True)
out = Console()


def fail(exc: LagebildError) -> None:
    from rich.markup import escape

    # Messages quote user input and commands ("lagebild[spark]"): brackets are text, not markup.
    err.print(f"[bold red]lagebild: error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


def reports_errors(command):
    """Turn lagebild's errors into one line on stderr and the right exit status."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except LagebildError as exc:
            fail(exc)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader went away (`lagebild analyze ... | head`): nothing is wrong with the
            # work; leave without a traceback, and without Python's second failure on the
            # final flush of the closed stdout.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(1) from None
        except Exception as exc:
            if os.environ.get("LAGEBILD_DEBUG"):
                raise
            err.print(
                f"[bold red]lagebild: internal error:[/] {exc.__class__.__name__}: {exc}"
                " (set LAGEBILD_DEBUG=1 for the traceback and report it)",
                highlight=False,
                soft_wrap=True,
            )
            raise typer.Exit(1) from None

    return wrapper


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def tlp_level(value: Optional[str], source: str = "--tlp") -> Optional[str]:
    from lagebild.share.tlp import parse_level

    return parse_level(value, source=source) if value is not None else None
