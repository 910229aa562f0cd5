"""Write a folder of results all at once: staged beside the target, then moved into place.

Reports and subject exports are written to a hidden folder next to the target
(``.reports.partial-xxxx``, same file system, so moving is a rename) and moved in only
when every file is complete. A full disk or a missing permission leaves the target as it
was and ends in one clear :class:`~gdpr_audit.core.errors.OutputError` (exit 2), never
in half a report or an export missing the subject's consents.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from gdpr_audit.core.errors import OutputError

_PARTIAL = ".partial-"


def _failed(what: str, target: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or type(exc).__name__
    return OutputError(f"cannot write the {what} to {target}: {reason.lower()}; "
                       f"nothing in {target} was changed")


@contextmanager
def staged_output(target: Path, what: str,
                  keep_on: tuple[type[BaseException], ...] = ()) -> Iterator[Path]:
    """Yield an empty folder beside ``target`` to write the ``what`` into.

    The caller moves the files in with :func:`publish` inside the ``with`` block. On any
    exception the staged folder is removed (except for ``keep_on`` exceptions, whose
    message may point into it); an :class:`OSError` becomes :class:`OutputError`.

    Raises:
        OutputError: the staged folder cannot be created or written.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=f".{target.name}{_PARTIAL}", dir=target.parent))
    except OSError as exc:
        raise _failed(what, target, exc) from None
    try:
        yield staged
    except keep_on:
        raise
    except OSError as exc:
        shutil.rmtree(staged, ignore_errors=True)
        raise _failed(what, target, exc) from None
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    shutil.rmtree(staged, ignore_errors=True)  # empty after publish; gone in any case


def publish(staged: Path, target: Path, last: Sequence[str] = ()) -> list[Path]:
    """Move every entry of ``staged`` into ``target`` (created if missing), replacing
    entries of the same name; ``last`` names are moved after all others (a manifest).

    Files are renamed with :func:`os.replace` (atomic on one file system); a folder of
    the same name is swapped out and then removed. Returns the paths now in ``target``.
    """
    target.mkdir(parents=True, exist_ok=True)
    entries = sorted(staged.iterdir(), key=lambda p: (p.name in last, p.name))
    moved = []
    for entry in entries:
        dest = target / entry.name
        if entry.is_dir() and dest.is_dir():
            old = Path(tempfile.mkdtemp(prefix=f".{dest.name}{_PARTIAL}", dir=target))
            os.replace(dest, old / dest.name)
            os.replace(entry, dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(entry, dest)
        moved.append(dest)
    return moved
