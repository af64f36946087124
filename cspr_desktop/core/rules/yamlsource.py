"""Read a YAML file safely into plain data, remembering the line of every key.

Rule authors need `file:line` in every message, so we compose PyYAML's node tree ourselves
instead of calling `safe_load`, and record where each key path starts. Hostile files (binary,
huge, absurdly nested, alias bombs, duplicate keys) become coded problems, never tracebacks.
So do values no rule, setting or answer can use, which PyYAML would otherwise build or choke
on: explicit tags (`!!bool maybe`, `!!int ''`, `!!python/object`), NaN and infinity, integers
longer than Python converts, and lone surrogates from `\\ud800` escapes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cspr_desktop.core.errors import Code, Problem
from cspr_desktop.core.rules.limits import MAX_BYTES, MAX_DEPTH, MAX_INT_DIGITS, MAX_NODES

INT_TAG = "tag:yaml.org,2002:int"
SURROGATE = re.compile("[\ud800-\udfff]")

KeyPath = tuple[str | int, ...]


def format_key_path(path: KeyPath) -> str:
    """Render ('rules', 3, 'when') as 'rules[3].when' — the form authors read in messages."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class SourceMap:
    """Line numbers (1-based) of the keys and items of one parsed document."""

    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: KeyPath) -> int:
        """The line of the deepest known prefix of `path`, so every problem gets a line."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


@dataclass
class Document:
    """Parsed data with its source map, or the problems that stopped it parsing."""

    file: str
    data: Any = None
    source_map: SourceMap = field(default_factory=SourceMap)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, code: Code, message: str, path: KeyPath = ()) -> Problem:
        """Make a problem located at `path` in this document."""
        return Problem(
            code=code,
            message=message,
            file=self.file,
            line=self.source_map.line_of(path),
            key_path=format_key_path(path),
        )


class _Loader(yaml.SafeLoader):
    """SafeLoader reading only true/false as booleans (YAML 1.2), so `yes` and `no` stay text.

    Answer and choice ids such as `no` and `yes` must survive as written.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _timestamp_or_text(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date-like scalar that is no real date (2025-02-30) stays text, for a BAD_DATE problem."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


class _FastLoader(yaml.CSafeLoader):
    """The same reading rules, parsed by libyaml: several times faster at start-up.

    Used only for files that are plainly shallow (libyaml's composer recurses in C, with no
    recursion limit); anything it rejects is parsed again by the pure-Python loader, so the
    problems reported are always the same.
    """


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
_FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
FAST_MAX_INDENT = 200
FAST_MAX_BRACKETS = 2_000


def _plainly_shallow(text: str) -> bool:
    """True when no line is indented absurdly and flow brackets are few."""
    if text.count("[") + text.count("{") > FAST_MAX_BRACKETS:
        return False
    return all(len(line) - len(line.lstrip(" ")) <= FAST_MAX_INDENT
               for line in text.splitlines())
PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


class _Composer:
    """Turns a PyYAML node tree into dicts, lists and scalars, with limits and a source map."""

    def __init__(self, doc: Document, loader: _Loader | _FastLoader) -> None:
        self.doc = doc
        self.loader = loader
        self.nodes = 0

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Stop(Code.TOO_MANY_NODES, f"the file expands to over {MAX_NODES} items.")
        if len(path) > MAX_DEPTH:
            raise _Stop(Code.TOO_DEEP, f"nesting is deeper than {MAX_DEPTH} levels.")
        self.doc.source_map.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.CollectionNode) and node.tag not in PLAIN_TAGS:
            raise _tag_problem(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        """A scalar's value, refusing what no rule, setting or answer can use."""
        line = node.start_mark.line + 1
        plain = not node.style
        resolve = self.loader.resolve
        implied = resolve(yaml.ScalarNode, node.value, (plain, not plain))  # type: ignore[no-untyped-call]
        if node.tag != implied:
            raise _tag_problem(node)  # the tag was written, not worked out from the value
        if node.tag == INT_TAG and len(node.value) > MAX_INT_DIGITS:
            raise _Stop(Code.NUMBER_TOO_LONG, f"a number is {len(node.value):,} characters "
                        f"long; the limit is {MAX_INT_DIGITS:,} digits.", line)
        value = self.loader.construct_object(node, deep=True)
        if isinstance(value, float) and not math.isfinite(value):
            raise _Stop(Code.NOT_FINITE, f"'{node.value[:20]}' is not a number that can be "
                        "used.", line)
        if node.style == '"' and isinstance(value, str) and SURROGATE.search(value):
            found = SURROGATE.search(value)
            assert found is not None
            raise _Stop(Code.LONE_SURROGATE, f"the text holds a lone surrogate "
                        f"(\\u{ord(found.group()):04x}), half of a character.", line)
        return value

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[Any, Any]:
        self.loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.doc.problems.append(Problem(
                    Code.WRONG_TYPE, "a key must be a plain word, not a list or mapping.",
                    self.doc.file, key_node.start_mark.line + 1, format_key_path(path)))
                continue
            key = self._scalar(key_node)
            if not isinstance(key, str | int | float | bool) and key is not None:
                key = str(key)
            child = (*path, str(key))
            if key in result:
                self.doc.problems.append(
                    Problem(
                        Code.DUPLICATE_KEY,
                        f"the key '{key}' appears twice in the same mapping.",
                        self.doc.file,
                        key_node.start_mark.line + 1,
                        format_key_path(child),
                    )
                )
            self.doc.source_map.lines[child] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, child)
        return result


class _Stop(Exception):
    def __init__(self, code: Code, message: str, line: int = 1) -> None:
        self.code = code
        self.message = message
        self.line = line


def _tag_problem(node: yaml.Node) -> _Stop:
    tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
    return _Stop(Code.EXPLICIT_TAG, f"the tag '{tag[:60]}' is not allowed.",
                 node.start_mark.line + 1)


def _check_bytes(raw: bytes) -> tuple[Code, str] | None:
    if len(raw) > MAX_BYTES:
        return Code.FILE_TOO_LARGE, f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}."
    if b"\x00" in raw[:8192]:
        return Code.FILE_BINARY, "the file holds binary data, not text."
    if not raw.strip():
        return Code.FILE_EMPTY, "the file is empty."
    return None


def parse_text(raw: bytes, file: str) -> Document:
    """Parse bytes into a Document; problems are collected, never raised."""
    doc = Document(file=file)
    checked = _check_bytes(raw)
    if checked:
        doc.problems.append(Problem(checked[0], checked[1], file, 1))
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        doc.problems.append(Problem(Code.NOT_UTF8, "the file is not UTF-8 text.", file, line))
        return doc
    try:
        _compose(doc, text)
    except _Stop as stop:
        doc.data = None
        doc.problems.append(Problem(stop.code, stop.message, file, stop.line))
    return doc


def _compose_fast(doc: Document, text: str) -> bool:
    """Try libyaml; False (and nothing recorded) when the slow path must decide."""
    if not hasattr(yaml, "CSafeLoader") or not _plainly_shallow(text):
        return False
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return False
        lines = dict(doc.source_map.lines)
        count = len(doc.problems)
        try:
            doc.data = _Composer(doc, loader).build(node, ())
        except _Stop:
            doc.source_map.lines = lines
            del doc.problems[count:]
            return False
        return True
    except (yaml.YAMLError, ValueError, OverflowError, TypeError, RecursionError):
        return False
    finally:
        loader.dispose()


def _compose(doc: Document, text: str) -> None:
    if _compose_fast(doc, text):
        return
    loader: _Loader | None = None
    try:
        loader = _Loader(text)  # rejects control characters at once
        node = loader.get_single_node()
        if node is None:
            raise _Stop(Code.FILE_EMPTY, "the file holds no YAML content.")
        doc.data = _Composer(doc, loader).build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise _Stop(Code.NOT_YAML, f"this is not valid YAML: {exc.problem or exc}.", line) from exc
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise _Stop(Code.NOT_YAML, "the file holds a control character that YAML does not "
                    "allow.", line) from exc
    except yaml.YAMLError as exc:
        raise _Stop(Code.NOT_YAML, f"this is not valid YAML: {exc}.") from exc
    except RecursionError as exc:
        raise _Stop(Code.TOO_DEEP, "nesting is too deep to read.") from exc
    except (ValueError, OverflowError, TypeError) as exc:
        raise _Stop(Code.NOT_YAML, f"a value could not be read: {exc}.") from exc
    finally:
        if loader is not None:
            loader.dispose()


def read_file(path: Path) -> Document:
    """Read and parse a file; an unreadable or oversized file is a problem, not an exception."""
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            msg = f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}."
            return Document(file=file, problems=[Problem(Code.FILE_TOO_LARGE, msg, file, 1)])
        raw = path.read_bytes()
    except OSError as exc:
        msg = f"the file could not be read ({exc.strerror or exc})."
        return Document(file=file, problems=[Problem(Code.FILE_UNREADABLE, msg, file, 0)])
    return parse_text(raw, file)
