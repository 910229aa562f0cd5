"""Archives and Excel's "Unicode text": ``.zip``, ``.gz`` and UTF-16 ``.txt`` exports as sources.

CRM and newsletter tools hand out ZIPs (Salesforce's weekly export, HubSpot and Mailchimp
downloads) and gzipped CSVs; Excel saves "Unicode text" as a UTF-16 tab-separated
``.txt``. An archive's members are extracted into the loader's private temporary folder
(mode 0700, removed after the load) and loaded like files, each recorded under
``<archive>!<member>`` (``export.zip!Contact.csv``, nested ``a.zip!b.zip!c.csv``), which is
also what ``load_log.path`` and ``_source_file`` hold; a gzip file keeps its own path.

Refused with a one-line :class:`InputError` before anything is written (exit 2): corrupt
or truncated archives, encrypted members, symbolic links, member names that climb out
(``../``), are absolute (``/etc``, ``\\\\server``) or carry a drive letter (``C:``), archives
nested deeper than :attr:`ArchiveLimits.max_depth`, and zip bombs: a member whose
expanded size exceeds :attr:`ArchiveLimits.max_ratio` times its compressed size (checked on
the declared sizes and again while streaming, since headers can lie), or an archive whose
members add up to more than :attr:`ArchiveLimits.max_total_bytes` or the free space of
the temporary folder. Members of other types (attachments, PDFs) are skipped with a note.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from gdpr_audit.core.errors import InputError
from gdpr_audit.load.sniff import format_for_extension

ARCHIVE_SEPARATOR = "!"
CHUNK = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class ArchiveLimits:
    """Bounds that keep a hostile archive from filling the disk or the afternoon."""

    #: expanded / compressed size of one member; real CSV exports stay below ~30.
    max_ratio: float = 200.0
    #: members smaller than this are never bombs, whatever their ratio (a 2 KB file of commas).
    ratio_floor_bytes: int = 8 * 1024 * 1024
    #: all members of one top-level archive together, nested archives included.
    max_total_bytes: int = 16 * 1024**3
    max_members: int = 10_000
    #: archive layers: 2 allows ``outer.zip!inner.zip!x.csv`` or ``a.zip!x.csv.gz``.
    max_depth: int = 2


DEFAULT_LIMITS = ArchiveLimits()


@dataclass
class Expanded:
    """The loadable files found in an archive: (extracted path, recorded path), and notes."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def is_archive(path: Path) -> bool:
    """Whether the loader expands ``path`` (``.zip``, ``.gz``) instead of reading it."""
    return path.suffix.lower() in (".zip", ".gz")


def is_excel_unicode_text(path: Path) -> bool:
    """A ``.txt`` that starts with a UTF-16 byte-order mark: Excel's "Unicode text" export.

    Other ``.txt`` files stay skipped: next to an export they are READMEs.
    """
    if path.suffix.lower() != ".txt":
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(2)
    except OSError:
        return False
    return head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def is_loadable(path: Path) -> bool:
    """A file the readers take directly (by extension, or Excel Unicode text)."""
    return format_for_extension(path) is not None or is_excel_unicode_text(path)


@contextmanager
def extraction_dir() -> Iterator[Path]:
    """A private temporary folder (0700: members hold personal data), removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="gdpr-audit-archive-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def expand(
    path: Path, relative: str, workdir: Path | None, limits: ArchiveLimits = DEFAULT_LIMITS
) -> Expanded:
    """Extract the loadable members of the archive ``path`` (recorded as ``relative``).

    With ``workdir`` None nothing is extracted: the archive is checked (names, flags,
    declared sizes) and its direct members are listed with ``path`` as their file, which is
    enough to count sources and to refuse a bad archive early.

    Raises:
        InputError: the archive is corrupt, encrypted, a bomb, too deep or holds a member
            whose name escapes; nothing of it is returned.
    """
    run = _Extraction(workdir, limits)
    try:
        run.expand(path, relative, depth=1)
    except InputError:
        raise
    except OSError as exc:  # disk full, permissions: name the archive, not the data
        raise InputError(
            f"{_shown(relative)}: cannot be extracted ({exc.strerror or type(exc).__name__})"
        ) from None
    if not run.out.files:
        run.out.notes.append(f"{_shown(relative)}: no loadable files inside")
    return run.out


def _wanted(member: Path) -> bool:
    """Worth extracting: an archive, a loadable file, or a .txt that may be Unicode text."""
    return is_archive(member) or member.suffix.lower() == ".txt" or is_loadable(member)


class _Extraction:
    """One top-level archive being expanded: where to, within which limits, what came out."""

    def __init__(self, workdir: Path | None, limits: ArchiveLimits) -> None:
        self.workdir = workdir
        self.limits = limits
        self.out = Expanded()
        self.used = 0  # bytes extracted so far, nested archives included
        self.free = shutil.disk_usage(workdir or tempfile.gettempdir()).free

    def expand(self, path: Path, relative: str, depth: int) -> None:
        if depth > self.limits.max_depth:
            raise InputError(
                f"{_shown(relative)}: archives nested more than {self.limits.max_depth} "
                "deep are refused"
            )
        if path.suffix.lower() == ".gz":
            self._gzip(path, relative, depth)
        else:
            self._zip(path, relative, depth)

    def _zip(self, path: Path, relative: str, depth: int) -> None:
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
            raise InputError(f"{_shown(relative)}: corrupt or truncated zip archive") from None
        with zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            if len(infos) > self.limits.max_members:
                raise InputError(
                    f"{_shown(relative)}: holds {len(infos)} files, "
                    f"more than {self.limits.max_members}"
                )
            for info in infos:  # every name and flag is checked before a byte is written
                _check_member(relative, info, self.limits)
            for info in sorted(infos, key=lambda i: i.filename):
                parts = PurePosixPath(info.filename).parts
                if parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts):
                    continue  # hidden files and macOS resource forks, as in a folder walk
                label = f"{relative}{ARCHIVE_SEPARATOR}{info.filename}"
                if not _wanted(Path(parts[-1])):
                    self.out.notes.append(f"skipped {_shown(label)}: unknown file type")
                    continue
                self._reserve(label, info.file_size)
                if self.workdir is None:
                    self.used += info.file_size
                    self.out.files.append((path, label))
                    continue
                target = Path(tempfile.mkdtemp(dir=self.workdir)) / _safe_name(parts[-1])
                try:
                    with zf.open(info) as src:
                        self._copy(src, target, label, info.compress_size)
                except RuntimeError:  # zipfile: encrypted without a password
                    raise InputError(
                        f"{_shown(label)}: encrypted member; export without a password"
                    ) from None
                except NotImplementedError:
                    raise InputError(
                        f"{_shown(label)}: compression method not supported; re-zip with deflate"
                    ) from None
                except (zipfile.BadZipFile, zlib.error, EOFError):
                    raise InputError(
                        f"{_shown(label)}: corrupt member (bad data or checksum)"
                    ) from None
                self._take(target, label, depth)

    def _gzip(self, path: Path, relative: str, depth: int) -> None:
        inner = path.name[: -len(path.suffix)] or "data"
        if not _wanted(Path(inner)):
            self.out.notes.append(
                f"skipped {_shown(relative)}: unknown file type inside the gzip file"
            )
            return
        if self.workdir is None:
            self.out.files.append((path, relative))
            return
        target = Path(tempfile.mkdtemp(dir=self.workdir)) / _safe_name(inner)
        try:
            with gzip.open(path, "rb") as src:
                self._copy(src, target, relative, path.stat().st_size)
        except (gzip.BadGzipFile, zlib.error, EOFError):
            raise InputError(f"{_shown(relative)}: corrupt or truncated gzip file") from None
        # A gzip file holds one file: it keeps the gzip's own path (contacts.csv.gz).
        self._take(target, relative, depth)

    def _take(self, target: Path, label: str, depth: int) -> None:
        """Keep an extracted member as a source, expand it further, or skip it with a note."""
        if is_archive(target):
            self.expand(target, label, depth + 1)
        elif target.suffix.lower() == ".txt" and not is_excel_unicode_text(target):
            self.out.notes.append(f"skipped {_shown(label)}: .txt without a UTF-16 byte-order mark")
        else:
            self.out.files.append((target, label))

    def _reserve(self, label: str, declared: int) -> None:
        if self.used + declared > self.limits.max_total_bytes:
            raise self._too_big(label)
        if self.used + declared > self.free:
            raise InputError(
                f"{_shown(label)}: needs {_size(declared)} in the temporary folder, "
                f"only {_size(self.free - self.used)} free"
            )

    def _too_big(self, label: str) -> InputError:
        return InputError(
            f"{_shown(label)}: refused, expands to more than "
            f"{_size(self.limits.max_total_bytes)} (possible zip bomb)"
        )

    def _copy(
        self, src: IO[bytes] | io.BufferedIOBase, target: Path, label: str, compressed: int
    ) -> None:
        """Stream ``src`` to ``target``; stop as soon as it outgrows its ratio or the total."""
        written = 0
        limits = self.limits
        allowed = max(limits.ratio_floor_bytes, int(limits.max_ratio * max(compressed, 1)))
        with target.open("xb") as dst:
            while chunk := src.read(CHUNK):
                written += len(chunk)
                self.used += len(chunk)
                if written > allowed:
                    raise InputError(
                        f"{_shown(label)}: refused, compression ratio above "
                        f"{limits.max_ratio:g}:1 (possible zip bomb)"
                    )
                if self.used > limits.max_total_bytes:
                    raise self._too_big(label)
                dst.write(chunk)


def _check_member(relative: str, info: zipfile.ZipInfo, limits: ArchiveLimits) -> None:
    name = info.filename
    label = f"{relative}{ARCHIVE_SEPARATOR}{name}"
    parts = re.split(r"[\\/]", name)
    if (
        "\x00" in name
        or name.startswith(("/", "\\"))
        or _DRIVE.match(name)
        or any(p == ".." for p in parts)
    ):
        raise InputError(
            f"{_shown(label)}: member name points outside the archive (absolute, drive "
            "letter or '..'); refused"
        )
    if info.flag_bits & 0x1:
        raise InputError(f"{_shown(label)}: encrypted member; export without a password")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise InputError(f"{_shown(label)}: symbolic link inside the archive; refused")
    if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
        info.compress_size, 1
    ):
        raise InputError(
            f"{_shown(label)}: refused, compression ratio above {limits.max_ratio:g}:1 "
            "(possible zip bomb)"
        )


def _safe_name(name: str) -> str:
    """The member's base name for the temporary copy: its extension decides the reader."""
    cleaned = _CONTROL.sub("_", name).replace("\\", "_").strip() or "member"
    return cleaned[-120:]


def _shown(label: str) -> str:
    """A path for messages: control characters replaced, very long names shortened."""
    text = _CONTROL.sub("?", label)
    return text if len(text) <= 200 else text[:90] + "…" + text[-90:]


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n:,} bytes"
    return f"{n / 1024**2:,.1f} MB"
