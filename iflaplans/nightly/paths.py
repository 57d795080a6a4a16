"""Corpus and output paths: how files are named in the tables, which files a run reads,
and which output folders a run may publish over.

File names are bytes on POSIX systems; Python hands them over as ``str`` with the
bytes that are not UTF-8 kept as lone surrogates (``surrogateescape``). Such a
string cannot be written as UTF-8, so the tables name a file by
:func:`source_name`, a readable text form that maps back to the exact bytes.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from iflaplans.errors import IflaplansError, advice
from iflaplans.model.records import Problem
from iflaplans.nightly.manifest import MANIFEST_FILE
from iflaplans.settings import Settings

_ESCAPE_LOW, _ESCAPE_HIGH = 0xDC80, 0xDCFF  # what surrogateescape makes of bytes 0x80-0xFF


# ------------------------------------------------------------------ file names


def escape_name(text: str) -> str:
    """``text`` (a name as Python gives it) in the form :func:`source_name` describes."""
    if text.isprintable() and "\\" not in text:
        return text  # the usual case: nothing to escape
    out = []
    for char in text:
        code = ord(char)
        if char == "\\":
            out.append("\\\\")
        elif _ESCAPE_LOW <= code <= _ESCAPE_HIGH:
            out.append(f"\\x{code - 0xDC00:02X}")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02X}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    return "".join(out)


def source_name(path: Path, corpus: Path) -> str:
    """The name of a corpus file in the tables: its path relative to ``corpus``, POSIX style.

    The name is the file's own, character for character, with three exceptions
    that keep it valid UTF-8, on one line and reversible:

    - a byte that is not part of valid UTF-8 (a Windows ``café.txt`` in cp1252 is the
      bytes ``caf\\xe9.txt``) is written ``\\xE9``: backslash, ``x``, two upper-case
      hex digits;
    - a control character (U+0000-U+001F, U+007F), such as a newline, is written
      the same way (``\\x0A``);
    - a backslash is written twice (``\\\\``), so a name that really holds
      ``\\xE9`` stays apart from one that holds the byte.

    (A lone UTF-16 surrogate, which only Windows names can hold, is written
    ``\\uDC00``-style.) :func:`path_from_source_name` undoes it. The folder
    ``corpus`` itself is ``"."``.
    """
    return escape_name(path.relative_to(corpus).as_posix())


def path_from_source_name(name: str, corpus: Path) -> Path:
    """The file a :func:`source_name` names: the exact inverse, bytes included."""
    out = []
    i = 0
    while i < len(name):
        char = name[i]
        if char != "\\":
            out.append(char)
            i += 1
        elif name.startswith("\\\\", i):
            out.append("\\")
            i += 2
        elif name.startswith("\\x", i):
            byte = int(name[i + 2 : i + 4], 16)
            out.append(chr(byte) if byte < 0x80 else chr(0xDC00 + byte))
            i += 4
        elif name.startswith("\\u", i):
            out.append(chr(int(name[i + 2 : i + 6], 16)))
            i += 6
        else:
            raise ValueError(f"{name!r}: a lone backslash at {i} is not a source name")
    return corpus / "".join(out)


# ------------------------------------------------------------------ the output folder


class OutputFolderError(IflaplansError):
    """The output folder cannot take a table set without losing what it holds.

    Nothing is written when this is raised (a usage error: exit code 2).
    """

    code = "bad-output-folder"


def lock_file(out_dir: Path) -> Path:
    """The lock a run holds on ``out_dir`` while it works."""
    return out_dir.parent / f".{out_dir.name}.lock"


def backup_dir(out_dir: Path) -> Path:
    """Where the published set waits while a new one is moved in (when no atomic swap)."""
    return out_dir.parent / f".{out_dir.name}.previous"


def staging_prefix(out_dir: Path) -> str:
    """The name every staging folder of ``out_dir`` starts with (the process id follows)."""
    return f".{out_dir.name}.staging-"


def holds_table_set(folder: Path) -> bool:
    """Whether ``folder`` holds a table set an earlier run published: it has our manifest."""
    try:
        data = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "parser_version" in data and "files" in data


def check_output_folder(out_dir: Path, corpus: Path) -> None:
    """Raise :class:`OutputFolderError` unless publishing into ``out_dir`` loses nothing.

    A run replaces the whole folder, so it may only be a folder that does not
    exist yet, an empty one, or one that holds an earlier run's table set (files
    added to such a folder are replaced with it). It may not be the corpus, nor
    hold it. A symbolic link is refused too: the swap would replace the link.
    """
    where = str(out_dir)
    target = out_dir.resolve()
    source = corpus.resolve()
    if target == source:
        raise OutputFolderError(
            "is the corpus folder; publishing there would delete the plans. "
            "Give another folder with --out.",
            path=where,
        )
    if source.is_relative_to(target):
        raise OutputFolderError(
            f"holds the corpus ({corpus}); publishing there would delete the plans. "
            "Give a folder outside the corpus with --out.",
            path=where,
        )
    if out_dir.is_symlink():
        raise OutputFolderError(
            f"is a symbolic link (to {os.readlink(out_dir)}); publishing would replace the "
            "link with a folder. Give the folder it points to with --out.",
            path=where,
        )
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise OutputFolderError(
            "is a file, not a folder; publishing would replace it. Give a folder with --out.",
            path=where,
        )
    try:
        names = sorted(os.listdir(out_dir))
    except OSError as exc:
        raise OutputFolderError(
            f"cannot be listed ({exc.strerror}), so a run cannot tell what it would replace. "
            "Check its permissions or give another folder with --out.",
            path=where,
        ) from exc
    if not names or holds_table_set(out_dir):
        return
    shown = ", ".join(escape_name(n) for n in names[:3]) + (", …" if len(names) > 3 else "")
    raise OutputFolderError(
        f"holds files that are not an iflaplans table set ({shown}); publishing would "
        "delete them. Give a new or empty folder, or one an earlier run wrote, with --out.",
        path=where,
    )


# ------------------------------------------------------------------ discovery


@dataclass(frozen=True)
class Discovery:
    """What a walk of the corpus found.

    ``files`` are the regular files to read, sorted by source name. ``loops`` are
    symbolic links skipped because following them never ends, ``unreadable``
    folders that could not be listed, ``specials`` entries that are not files
    (named pipes, sockets, devices); each with the reason or kind.
    """

    files: list[Path]
    loops: list[tuple[Path, str]]
    unreadable: list[tuple[Path, str]]
    specials: list[tuple[Path, str]] = field(default_factory=list)

    def problems(self, corpus: Path) -> list[Problem]:
        """The walk's findings as ``problems`` rows, sorted by path."""
        rows = [
            Problem(
                None,
                source_name(path, corpus),
                "warning",
                "symlink-loop",
                f"the symbolic link {why}, so following it would never end; it was skipped. "
                + advice("symlink-loop"),
            )
            for path, why in self.loops
        ]
        rows += [
            Problem(
                None,
                source_name(path, corpus),
                "error",
                "unreadable-folder",
                f"the folder cannot be listed ({why}), so its files could not be checked. "
                + advice("unreadable-folder"),
            )
            for path, why in self.unreadable
        ]
        rows += [
            Problem(
                None,
                source_name(path, corpus),
                "error",
                "unsupported-format",
                f"the entry is {kind}, not a file; it was not opened. "
                + advice("unsupported-format"),
            )
            for path, kind in self.specials
        ]
        return sorted(rows, key=lambda p: (p.source_path, p.code))


def _is_output(real: str, out_real: str | None) -> bool:
    """Whether ``real`` is the output folder, its lock, backup or a staging folder."""
    if out_real is None:
        return False
    parent, name = os.path.split(out_real)
    here, entry = os.path.split(real)
    if here != parent:
        return False
    return entry in (name, f".{name}.previous", f".{name}.lock") or entry.startswith(
        f".{name}.staging-"
    )


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def walk_corpus(corpus: Path, settings: Settings, out_dir: Path | None = None) -> Discovery:
    """Every regular file under ``corpus`` (recursively), with what could not be walked.

    Hidden files and folders are skipped, and so are the output folder ``out_dir``
    and its lock, backup and staging folders when they are inside the corpus.
    Symbolic links to files are read unless they lead outside the corpus (see
    ``settings.follow_symlinks_outside``); links to folders are not followed, and
    a link that leads back into itself (to a folder that holds it, or through
    links that never reach a file) is reported in ``loops``. A folder whose
    entries cannot be listed is reported in ``unreadable``; nothing under it is
    in ``files``.
    """
    root = os.path.realpath(corpus)
    out_real = os.path.realpath(out_dir) if out_dir is not None else None
    files: list[Path] = []
    loops: list[tuple[Path, str]] = []
    unreadable: list[tuple[Path, str]] = []
    specials: list[tuple[Path, str]] = []
    # (path as walked, its real path): folder links are not followed, so a folder's
    # real path is its parent's plus its name.
    pending = [(corpus, root)]
    while pending:
        folder, real = pending.pop()
        try:
            found, folders, looping, special = _scan(folder, real, root, out_real, settings)
        except FileNotFoundError:
            continue  # removed while the run walked: its files are gone
        except OSError as exc:
            unreadable.append((folder, exc.strerror or type(exc).__name__))
            continue
        files += found
        loops += looping
        specials += special
        pending += folders
    files.sort(key=lambda p: source_name(p, corpus))
    return Discovery(files, sorted(loops), sorted(unreadable), sorted(specials))


def _scan(
    folder: Path, real: str, root: str, out_real: str | None, settings: Settings
) -> tuple[list[Path], list[tuple[Path, str]], list[tuple[Path, str]], list[tuple[Path, str]]]:
    """One folder's files, subfolders, looping links and entries that are not files
    (OSError: it cannot be listed)."""
    files: list[Path] = []
    folders: list[tuple[Path, str]] = []
    loops: list[tuple[Path, str]] = []
    specials: list[tuple[Path, str]] = []
    with os.scandir(folder) as entries:
        listed = sorted(entries, key=lambda e: e.name)
    for entry in listed:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        entry_real = os.path.join(real, entry.name)
        if _is_output(entry_real, out_real):
            continue
        if entry.is_symlink():
            looping = _link_loop(entry, real, root)
            if looping:
                loops.append((path, looping))
            elif _link_to_file(entry, root, settings):
                files.append(path)
        elif entry.is_dir(follow_symlinks=False):
            folders.append((path, entry_real))
        elif entry.is_file(follow_symlinks=False):
            files.append(path)
        else:
            # A pipe, a socket or a device holds no plan, and opening a pipe could wait
            # for ever: it is named in the problems, never opened.
            specials.append((path, _special_kind(entry)))
    return files, folders, loops, specials


def _special_kind(entry: os.DirEntry[str]) -> str:
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return "something other than a file or folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "something other than a file or folder"


def _link_loop(entry: os.DirEntry[str], real: str, root: str) -> str:
    """Why following the link ``entry`` in folder ``real`` would never end, or ""."""
    try:
        target = os.stat(entry.path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "leads through symbolic links that never reach a file"
        return ""  # a broken link: nothing to read
    if not stat.S_ISDIR(target.st_mode):
        return ""
    pointed = os.path.realpath(entry.path)
    if _inside(real, pointed):
        if pointed == root:
            return "points at the corpus folder, which holds it"
        shown = os.path.relpath(pointed, root) if _inside(pointed, root) else pointed
        return f"points at {escape_name(Path(shown).as_posix())}, a folder that holds it"
    return ""


def _link_to_file(entry: os.DirEntry[str], root: str, settings: Settings) -> bool:
    """Whether the link ``entry`` leads to a regular file the run may read."""
    try:
        if not entry.is_file(follow_symlinks=True):
            return False  # a link to a folder is not followed; a broken one holds nothing
    except OSError:
        return False
    outside = not _inside(os.path.realpath(entry.path), root)
    return not outside or settings.follow_symlinks_outside
