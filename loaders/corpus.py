"""The corpus: the catalog and the documents it lists, read safely.

A document must be UTF-8 text, non-empty and at most ``MAX_BYTES``; two
entries may not share an id or the same text. A ``.txt`` file in the corpus
folder that the catalog does not list is still read (title from its first
line) and reported, so a dropped-in document loads with no code change.

Example (from the repository root)::

    corpus = load_corpus("seeds")
    corpus.get("la-forge-1995-12").title
    # '2nd International Conference of Marxist-Leninist Parties and Organizations'
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from partygraph.errors import InputError, QuoteNotFoundError
from partygraph.records import CONTROL, Note, Origin, slug
from partygraph.yamlfile import LineDict, load_yaml

MAX_BYTES = 5 * 1024 * 1024
MAX_DATASET_BYTES = 100 * 1024 * 1024  # a table (kind: dataset), after decompression
DATASET = "dataset"
HINT_CHARS = 300  # of a quote not found, matched against the document for a hint
GRAM = 4  # characters in a run of the quote table (Document._within_a_line)
SCANS_BEFORE_TABLE = 8  # a document's quotes found by a plain scan before the table is built
CATALOG = "catalog.yaml"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FIELDS = {"id", "file", "title", "publisher", "date", "language", "kind", "subject",
          "translated", "note", "mapping"}


class OutsideCorpusError(InputError):
    """A catalog, fact or mapping file names a file outside the corpus folder."""


@dataclass
class Document:
    """One source document and its catalog entry."""

    id: str
    path: Path
    text: str
    title: str
    publisher: str | None = None
    date: str | None = None
    language: str | None = None
    kind: str | None = None
    subject: str | None = None
    translated: bool | None = None
    note: str | None = None
    origin: Origin | None = None
    mapping: str | None = None  # a dataset's mapping: a shipped name or a YAML path
    listed: list | None = field(default=None, repr=False, compare=False)  # lists found ahead
    _lines: tuple | None = field(default=None, repr=False, compare=False)
    _grams: dict | None = field(default=None, repr=False, compare=False)
    _scans: int = field(default=0, repr=False, compare=False)

    @property
    def sha256(self) -> str:
        """The SHA-256 of the document's bytes."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset.

        >>> Document("d", Path("d.txt"), "a\\nb", "t").line_of(2)
        2
        """
        return bisect.bisect_right(self._index()[0], offset)

    def _within_a_line(self, quote: str) -> int | None:
        """The first offset of a one-line ``quote``, looked for only in the lines holding
        its rarest run of ``GRAM`` characters: many quotes cost many short looks, not many
        scans of the whole text. ``None`` leaves it to the caller's scan (a quote over
        lines or shorter than a run, or one of a document's first few quotes, for which a
        table is not worth building). Every line holding the quote holds each of its runs,
        so the first such line is where a scan of the text would find it first."""
        if "\n" in quote or len(quote) < GRAM:
            return None
        if self._grams is None:
            self._scans += 1
            if self._scans <= SCANS_BEFORE_TABLE:
                return None
            grams: dict[str, list[int]] = {}
            for number, line in enumerate(self.text.split("\n")):
                for gram in {line[i:i + GRAM] for i in range(len(line) - GRAM + 1)}:
                    grams.setdefault(gram, []).append(number)
            self._grams = grams
        none: list[int] = []
        holding = min((self._grams.get(quote[i:i + GRAM], none)
                       for i in range(len(quote) - GRAM + 1)), key=len)
        starts = self._index()[0]
        for number in holding:
            end = starts[number + 1] - 1 if number + 1 < len(starts) else len(self.text)
            at = self.text.find(quote, starts[number], end)
            if at >= 0:
                return at
        return -1

    def _index(self) -> tuple[list[int], dict[str, int]]:
        """Line starts, and each whole line's first offset (a quote is often a line)."""
        if self._lines is None:
            starts, first = [0], {}
            for line in self.text.split("\n"):
                first.setdefault(line.strip(), starts[-1] + (len(line) - len(line.lstrip())))
                starts.append(starts[-1] + len(line) + 1)
            self._lines = (starts[:-1], first)
        return self._lines

    def locate(self, quote: str, *, where: Origin | None = None) -> int:
        """Offset of ``quote`` in the text; raise if it is not there exactly.

        >>> Document("d", Path("d.txt"), "It was held in Paris.", "t").locate("held in Paris")
        7
        """
        if quote:
            offset = self._index()[1].get(quote)  # a whole line: found without a scan
            if offset is not None and self.text.startswith(quote, offset):
                return offset
            offset = self._within_a_line(quote)
            if offset is None:
                offset = self.text.find(quote)
            if offset >= 0:
                return offset
        raise QuoteNotFoundError(
            f"quote not found in {self.path.name}: {quote[:80]!r}",
            file=where.file if where else self.path,
            line=where.line if where else None,
            fix=_closest_hint(quote, self.text),
        )


def _closest_hint(quote: str, text: str) -> str:
    from rapidfuzz import fuzz

    if not quote:
        return "give a non-empty quote copied from the document"
    # The alignment costs the quote's length times the text's: a long quote is matched
    # by its start, which is enough to point at the passage.
    found = fuzz.partial_ratio_alignment(quote[:HINT_CHARS], text)
    if found is None or found.score < 60:
        return "copy the passage from the document exactly, byte for byte"
    passage = text[found.dest_start : found.dest_end]
    return f"copy it exactly; the closest passage ({found.score:.0f}%) is: {passage[:160]!r}"


@dataclass
class Corpus:
    """The catalog's documents, in catalog order, and notes about them."""

    root: Path
    documents: list[Document] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def get(self, doc_id: str) -> Document:
        """The document with this id."""
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise InputError(
            f"no document with id {doc_id!r} in the catalog",
            file=self.root / CATALOG,
            fix=f"use one of: {', '.join(d.id for d in self.documents)}",
        )


def read_text(path: Path, *, origin: Origin | None = None, dataset: bool = False) -> str:
    """Read a document as UTF-8, refusing empty, binary and oversized files. A dataset
    (a table) may be gzipped and is allowed ``MAX_DATASET_BYTES`` instead of ``MAX_BYTES``."""
    where = {"file": origin.file, "line": origin.line} if origin else {"file": path}
    limit = MAX_DATASET_BYTES if dataset else MAX_BYTES
    try:
        if not path.is_file():
            raise InputError(f"document {path.name!r} {_what_is(path)}", **where,
                             fix=f"put the file in {path.parent} or correct `file:`")
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"{path.name} is {size} bytes, over the {limit} byte limit of "
                             f"{'a dataset' if dataset else 'a document'}", **where,
                             fix="split it into parts of at most "
                                 f"{limit // 1024 // 1024} MiB")
        data = path.read_bytes()
        if dataset and path.name.endswith(".gz"):
            data = _gunzip(data, path, limit, where)
    except OSError as exc:  # a name too long, no permission
        raise InputError(f"cannot read document {path.name[:80]!r}: {exc.strerror}", **where,
                         fix="correct `file:` or the file's permissions") from None
    if b"\x00" in data:
        raise InputError(f"{path.name} is a binary file, not text", **where,
                         fix="convert it to plain UTF-8 text first")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path.name} is not UTF-8 (byte {exc.start}, line {line})", file=path, line=line,
            fix="re-save it as UTF-8, e.g. `iconv -f latin1 -t utf-8`",
        ) from None
    text = clean_text(text, path, dataset=dataset)
    if not text.strip():  # as text: no-break and other Unicode spaces are blank too
        raise InputError(f"{path.name} is empty", **where, fix="remove the entry or add the text")
    return text


def clean_text(text: str, path: Path, *, dataset: bool = False) -> str:
    """A document's text as read: no byte-order mark, lines ending in ``\\n`` (CRLF and CR
    too), a form feed (a page break) a line break; any other control character is refused
    with its line, or in a dataset (a table from elsewhere) shown as U+FFFD.

    >>> clean_text("\\ufeffTitle\\r\\nText\\fMore", Path("d.txt"))
    'Title\\nText\\nMore'
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n")
    found = CONTROL.search(text)
    if found and dataset:
        return CONTROL.sub("\ufffd", text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise InputError(f"{path.name} holds a control character (U+{ord(found.group()):04X}) "
                         f"at line {line}", file=path, line=line,
                         fix="remove it (terminal escapes, BEL, VT have no place in a "
                             "document's text)")
    return text


def inside(root: Path, name: str | Path, where: dict, what: str = "document") -> Path:
    """``root / name`` if it is a file of the corpus folder: no absolute path, no ``..``,
    no symlink leading out of it.

    >>> inside(Path("seeds"), "/etc/passwd", {})
    Traceback (most recent call last):
    ...
    partygraph.loaders.corpus.OutsideCorpusError: the document '/etc/passwd' is outside the ...
      fix: copy the file into seeds and give its name relative to it
    """
    raw = Path(name)
    fix = f"copy the file into {root} and give its name relative to it"
    if raw.is_absolute() or ".." in raw.parts:
        raise OutsideCorpusError(f"the {what} {str(name)[:120]!r} is outside the corpus folder "
                                 f"{root}", **where, fix=fix)
    path = root / raw
    try:
        real, home = path.resolve(), root.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise OutsideCorpusError(f"the {what} {str(name)[:120]!r} is a symlink that leads "
                                 "nowhere", **where, fix=fix) from None
    if not real.is_relative_to(home):
        raise OutsideCorpusError(f"the {what} {str(name)[:120]!r} is a symlink to {real}, "
                                 f"outside the corpus folder {root}", **where,
                                 fix=f"{fix} instead of linking to it")
    return path


def _what_is(path: Path) -> str:
    """What stands at a path that is not a regular file, said plainly."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return "not found"
    kinds = [(stat.S_ISDIR, "is a folder, not a file"), (stat.S_ISFIFO, "is a named pipe "
             "(FIFO), not a file"), (stat.S_ISSOCK, "is a socket, not a file"),
             (stat.S_ISCHR, "is a device, not a file"), (stat.S_ISBLK, "is a device, not a file")]
    return next((text for test, text in kinds if test(mode)), "is not a regular file")


def _gunzip(data: bytes, path: Path, limit: int, where: dict) -> bytes:
    import gzip
    import io
    import zlib

    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(limit + 1)
    except (OSError, EOFError, zlib.error):
        raise InputError(f"{path.name} is not a readable gzip file", **where,
                         fix="re-compress it with gzip, or give the plain CSV") from None
    if len(out) > limit:
        raise InputError(f"{path.name} unpacks to more than {limit} bytes", **where,
                         fix="split the table into parts")
    return out


def _entry(raw: dict, root: Path, catalog: Path) -> Document:
    origin = Origin(str(catalog), getattr(raw, "line", None))
    where = {"file": catalog, "line": origin.line}
    unknown = set(raw) - FIELDS
    if unknown:
        raise InputError(f"unknown catalog fields {sorted(unknown, key=str)}", **where,
                         fix=f"allowed: {', '.join(sorted(FIELDS))}")
    for key in ("id", "file", "title"):
        if not raw.get(key):
            raise InputError(f"catalog entry without `{key}`", **where, fix=f"add `{key}:`")
    for key, value in raw.items():
        if key == "translated" and value is not None and not isinstance(value, bool):
            raise InputError(f"`translated` must be true or false, not {value!r:.80}", **where,
                             fix="write `translated: true` or `translated: false`")
        if isinstance(value, list | dict):
            raise InputError(f"`{key}` must be one value, not a list or mapping", **where,
                             fix=f"write `{key}: ...` with a single value")
    if not ID_RE.fullmatch(str(raw["id"])):
        raise InputError(f"bad document id {raw['id']!r}", **where,
                         fix="ids are lowercase letters, digits and dashes")
    path = inside(root, str(raw["file"]), where)
    date = raw.get("date")
    dataset = _text(raw, "kind") == DATASET
    if dataset and not raw.get("mapping"):
        raise InputError("a dataset needs `mapping:`", **where,
                         fix="add `mapping: partyfacts-core` (a shipped mapping) or the path "
                             "of your mapping YAML")
    return Document(
        id=str(raw["id"]), path=path, text=read_text(path, origin=origin, dataset=dataset),
        mapping=_text(raw, "mapping"),
        title=str(raw["title"]), publisher=_text(raw, "publisher"),
        date=str(date) if date is not None else None, language=_text(raw, "language"),
        kind=_text(raw, "kind"), subject=_text(raw, "subject"),
        translated=raw.get("translated"), note=_text(raw, "note"), origin=origin,
    )


def _text(raw: dict, key: str) -> str | None:
    """A catalog field as text (``publisher: 1917`` is the text "1917")."""
    value = raw.get(key)
    return None if value is None else str(value)


def load_corpus(root: str | Path) -> Corpus:
    """Read the catalog in ``root`` and every document in it.

    >>> load_corpus("/nonexistent")
    Traceback (most recent call last):
    ...
    partygraph.errors.InputError: /nonexistent: corpus folder not found
      fix: pass the folder that holds catalog.yaml and the documents (default: ./seeds)
    """
    root = Path(root)
    if not root.is_dir():
        raise InputError("corpus folder not found", file=root,
                         fix="pass the folder that holds catalog.yaml and the documents "
                             "(default: ./seeds)")
    catalog = root / CATALOG
    data = load_yaml(catalog) if catalog.exists() else LineDict(documents=[])
    entries = data.get("documents") if isinstance(data, LineDict) else None
    if not isinstance(entries, list):
        raise InputError("the catalog needs a `documents:` list", file=catalog,
                         line=data.line_of("documents") if isinstance(data, LineDict) else 1,
                         fix="write `documents:` with one `- id: ...` entry per document "
                             "(see the README's corpus section)")
    corpus = Corpus(root)
    seen_ids: dict[str, Document] = {}
    seen_text: dict[str, Document] = {}
    for index, raw in enumerate(entries):
        if not isinstance(raw, dict):
            raise InputError("each catalog entry must be a mapping", file=catalog,
                             line=data.item_line("documents", index),
                             fix="write `- id: ...` with `file:` and `title:` below it")
        doc = _entry(raw, root, catalog)
        _add(corpus, doc, seen_ids, seen_text)
    listed = {d.path.name for d in corpus.documents}
    for path in sorted(root.glob("*.txt")):
        if path.name in listed:
            continue
        inside(root, path.name, {"file": path, "line": 1})
        text = read_text(path)
        first = next((line.strip() for line in text.splitlines() if line.strip()), path.stem)
        doc = Document(id=slug(path.stem), path=path, text=text, title=first[:200],
                       origin=Origin(str(path)))
        _add(corpus, doc, seen_ids, seen_text)
        corpus.notes.append(Note("uncataloged", f"{path.name} is not in {CATALOG}; read it as "
                                 f"{doc.id!r} titled {doc.title!r}: add an entry to give its "
                                 "publisher, date and kind", str(path)))
    return corpus


def _add(corpus: Corpus, doc: Document, ids: dict, texts: dict) -> None:
    where = {"file": doc.origin.file if doc.origin else doc.path,
             "line": doc.origin.line if doc.origin else None}
    if doc.id in ids:
        raise InputError(f"two catalog entries have the id {doc.id!r}", **where,
                         fix="give each document its own id")
    if doc.sha256 in texts:
        other = texts[doc.sha256]
        raise InputError(f"{doc.path.name} has the same text as {other.path.name} ({other.id})",
                         **where, fix="remove the duplicate document and its catalog entry")
    ids[doc.id] = doc
    texts[doc.sha256] = doc
    corpus.documents.append(doc)
