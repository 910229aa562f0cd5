"""Folders shipped beside the code: the report notebooks and the expectation suites.

They live at the top of the repository (``notebooks/``, ``expectations/``), where analysts
and reviewers look for them. A wheel carries copies in ``gdpr_audit/_data/<name>/``
(``setup.py`` copies them at build time); a source checkout (editable install) has no
``_data`` and reads the repository's folders, so an edit there is live at once.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]
#: Folder of the installed copies inside the package (absent in a checkout).
DATA_DIR = _PACKAGE / "_data"
SHIPPED = ("notebooks", "expectations")


def shipped_dir(name: str) -> Path:
    """The installed copy of ``name`` (``notebooks`` or ``expectations``), else the
    checkout's; the installed path when neither exists (the caller reports it missing)."""
    if name not in SHIPPED:
        raise ValueError(f"not a shipped folder: {name}")
    installed = DATA_DIR / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent / name
    return checkout if checkout.is_dir() else installed
