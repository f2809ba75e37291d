"""Saved queries: `.rq` files with a strict `#+` YAML header, bound with typed RDF terms.

A saved query is data: its header names it and declares its parameters, its body is SPARQL.
Parameters reach the engine as typed terms (pyoxigraph `substitutions`), never as query text.

>>> q = parse_query("demo", "#+ title: Demo\\n#+ params:\\n#+   - {name: n, type: integer}\\n"
...                 "SELECT ?n ?s WHERE { ?s ?p ?n }")
>>> bind(q, {"n": "42"})["n"].datatype
'http://www.w3.org/2001/XMLSchema#integer'
>>> bind(q, {"n": ""})
{}
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import yaml

from kg.matching import check_index
from kg.params import PARAM_TYPES, to_term
from kg.store import QueryError, Term

HEADER_KEYS = frozenset({"title", "description", "params", "limit", "index"})
PARAM_KEYS = frozenset({"name", "type", "label", "default"})
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SYNTAX_AT = re.compile(r"error at (\d+):(\d+)")

__all__ = ["Param", "SavedQuery", "SavedQueryError", "bind", "load_queries", "parse_query"]


class SavedQueryError(ValueError):
    """A broken saved-query file; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Param:
    """One declared parameter: how to label its form field and type its value."""

    name: str
    type: str
    label: str
    default: str = ""


@dataclass(frozen=True)
class SavedQuery:
    """A saved query: header fields plus the SPARQL body (without the header)."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    limit: int | None
    text: str
    source: str = ""
    index: tuple[tuple[str, str], ...] = ()  # (parameter, VALUES variable): see kg.matching


def load_queries(directory: str | Path) -> dict[str, SavedQuery]:
    """Load and validate every `*.rq` in `directory`, so a broken file stops start-up."""
    paths = sorted(Path(directory).glob("*.rq"))
    return {p.stem: parse_query(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in paths}


def parse_query(name: str, content: str, source: str = "") -> SavedQuery:
    """Parse one saved query's text; raise SavedQueryError naming `source` and the line."""
    where = source or f"{name}.rq"
    lines = content.splitlines()
    n_header = next((i for i, line in enumerate(lines) if not line.startswith("#+")), len(lines))
    header_lines = [line[2:] for line in lines[:n_header]]
    header = _load_yaml(header_lines, where)
    unknown = sorted(set(header) - HEADER_KEYS)
    if unknown:
        raise _error(where, header_lines, unknown[0], f"unknown header key {unknown[0]!r}; "
                     f"allowed: {', '.join(sorted(HEADER_KEYS))}")
    title = header.get("title")
    if not isinstance(title, str) or not title.strip():
        raise SavedQueryError(f"{where}:1: missing '#+ title:' line (a short human title)")
    body = "\n".join(lines[n_header:]).strip() + "\n"
    params = _params(header.get("params") or [], header_lines, where)
    _check_used(params, body, header_lines, where)
    _check_parses(params, body, n_header, where)
    index = ()
    if "index" in header:
        try:
            index = check_index(header["index"], {p.name for p in params if p.type == "string"}, body)
        except ValueError as exc:
            raise _error(where, header_lines, "index", str(exc)) from None
    return SavedQuery(name=name, title=title.strip(), description=str(header.get("description") or ""),
                      params=params, limit=_limit(header.get("limit"), header_lines, where),
                      text=body, source=where, index=index)


def bind(query: SavedQuery, raw: dict[str, str] | None = None) -> dict[str, Term]:
    """Typed terms for the declared params (defaults for missing ones); empty ones stay unbound.

    :raises QueryError: a value that is not of the parameter's type (HTTP 400).
    """
    raw = raw or {}
    bound: dict[str, Term] = {}
    for param in query.params:
        value = raw.get(param.name)
        value = param.default if value is None else value
        term = to_term(param.type, value.strip(), param.label)
        if term is not None:
            bound[param.name] = term
    return bound


def _load_yaml(header_lines: list[str], where: str) -> dict:
    """The header as a mapping, with YAML errors pointed at their file line."""
    try:
        data = yaml.safe_load("\n".join(header_lines))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise SavedQueryError(f"{where}:{line}: bad '#+' YAML header: {exc}") from None
    if not isinstance(data, dict):
        raise SavedQueryError(f"{where}:1: the file must start with '#+ title: ...' header lines")
    return data


def _line_of(header_lines: list[str], key: str) -> int:
    """The file line where `key:` first appears in the header (1 if not found)."""
    pattern = re.compile(rf"^\s*(-\s*)?\{{?\s*{re.escape(key)}\s*:|[{{,]\s*{re.escape(key)}\s*:")
    return next((i + 1 for i, line in enumerate(header_lines) if pattern.search(line)), 1)


def _error(where: str, header_lines: list[str], key: str, reason: str) -> SavedQueryError:
    """A SavedQueryError located at the header line of `key`."""
    return SavedQueryError(f"{where}:{_line_of(header_lines, key)}: {reason}")


def _params(items: object, header_lines: list[str], where: str) -> tuple[Param, ...]:
    """Validate the `params:` list into Param records."""
    if not isinstance(items, list):
        raise _error(where, header_lines, "params", "'params' must be a list of {name, type, ...}")
    params: list[Param] = []
    for item in items:
        param = _param(item, header_lines, where)
        if any(p.name == param.name for p in params):
            raise _error(where, header_lines, "name", f"parameter {param.name!r} declared twice")
        params.append(param)
    return tuple(params)


def _param(item: object, header_lines: list[str], where: str) -> Param:
    """Validate one `params:` entry."""
    if not isinstance(item, dict):
        raise _error(where, header_lines, "params", "each parameter must be a mapping with name and type")
    unknown = sorted(set(item) - PARAM_KEYS)
    if unknown:
        raise _error(where, header_lines, unknown[0], f"unknown parameter key {unknown[0]!r}; "
                     f"allowed: {', '.join(sorted(PARAM_KEYS))}")
    name, kind = item.get("name"), item.get("type")
    if not isinstance(name, str) or not _NAME.match(name):
        raise _error(where, header_lines, "name", f"parameter name {name!r} is not a SPARQL variable name")
    if kind not in PARAM_TYPES:
        raise _error(where, header_lines, "type", f"parameter {name!r} has type {kind!r}; "
                     f"use one of {', '.join(PARAM_TYPES)}")
    default = "" if item.get("default") is None else str(item["default"])
    param = Param(name=name, type=kind, label=str(item.get("label") or name), default=default)
    try:
        to_term(kind, default.strip(), param.label)
    except QueryError as exc:
        raise _error(where, header_lines, "default", f"default of {name!r}: {exc}") from None
    return param


def _limit(value: object, header_lines: list[str], where: str) -> int | None:
    """The row limit: a positive integer, or None for the server's maximum."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _error(where, header_lines, "limit", f"limit must be a positive integer, not {value!r}")
    return value


def _check_used(params: tuple[Param, ...], body: str, header_lines: list[str], where: str) -> None:
    """Every declared parameter must appear as ?name in the body, or binding does nothing."""
    for param in params:
        if not re.search(rf"[?$]{re.escape(param.name)}\b", body):
            raise _error(where, header_lines, "name",
                         f"parameter {param.name!r} is declared but ?{param.name} is not in the query")


def _check_parses(params: tuple[Param, ...], body: str, n_header: int, where: str) -> None:
    """Run the body on an empty store with every parameter bound: syntax, SELECT and projection."""
    dummy = {"string": pyoxigraph.Literal("x"), "iri": pyoxigraph.NamedNode("urn:x"),
             "integer": pyoxigraph.Literal(1), "decimal": pyoxigraph.Literal(1.5),
             "date": pyoxigraph.Literal("2000-01-01", datatype=pyoxigraph.NamedNode(
                 "http://www.w3.org/2001/XMLSchema#date"))}
    subs = {pyoxigraph.Variable(p.name): dummy[p.type] for p in params}
    try:
        result = pyoxigraph.Store().query(body, substitutions=subs)
    except SyntaxError as exc:
        raise SavedQueryError(f"{where}:{_body_line(str(exc), n_header)}: query does not parse: {exc}") from None
    except RuntimeError as exc:  # pyoxigraph reports an unprojected substituted variable this way
        raise SavedQueryError(f"{where}:{n_header + 1}: {exc}; add each parameter to SELECT") from None
    if not isinstance(result, pyoxigraph.QuerySolutions):
        raise SavedQueryError(f"{where}:{n_header + 1}: saved queries must be SELECT queries")


def _body_line(message: str, n_header: int) -> int:
    """Map pyoxigraph's 'error at L:C' (body line) to the file line."""
    match = _SYNTAX_AT.search(message)
    return n_header + int(match.group(1)) if match else n_header + 1
