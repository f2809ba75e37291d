"""Refuse unsafe SPARQL before evaluation, with a tokenizer that knows strings, comments and IRIs.

pyoxigraph does not expose the parsed algebra, so we lex the query the way the SPARQL
grammar does: keywords inside string literals, IRIs, comments, variables (`?service`) or
prefixed names (`service:x`) are not keywords. What is refused:

- updates (INSERT, DELETE, LOAD, ...): `QueryForbidden` (HTTP 403);
- SERVICE anywhere, and FROM / FROM NAMED naming a graph the dataset does not hold:
  `QueryRefused` (HTTP 400), so no request can make the server open a URL or a file.

>>> inspect_query('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }').form
'SELECT'
>>> inspect_query('select * { service <http://x/> { ?s ?p ?o } }')
Traceback (most recent call last):
kg.store.model.QueryRefused: SERVICE is not allowed: this endpoint only queries its own dataset
"""
from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from kg.store.formats import PREFIXES
from kg.store.model import QueryError, QueryForbidden, QueryRefused

FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATES = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE",
                     "ADD", "WITH"})
_TOKEN = re.compile(r'''
  (?P<ws>\s+)
| (?P<comment>\#[^\n\r]*)
| (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|'\''\''(?:[^'\\]|\\.|'(?!''))*'\''\''
            |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
| (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
| (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
| (?P<pname>(?:[^\W\d_](?:[\w.-]*[\w-])?)?:(?:[\w:%-]|\\\S|\.(?=[\w:%-]))*)
| (?P<word>[^\W\d][\w-]*)
| (?P<other>.)
''', re.X | re.S)


@dataclass(frozen=True, slots=True)
class QueryInfo:
    """What the guard learned: query form, whether it orders rows, its FROM / FROM NAMED graphs."""

    form: str
    ordered: bool
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        """True when the query names its own dataset (so no union default graph)."""
        return bool(self.from_graphs or self.from_named)


def tokens(query: str) -> Iterator[tuple[str, str]]:
    """(kind, text) for every significant token: whitespace and comments are dropped."""
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            yield kind, match.group()


def inspect_query(query: str, local_graphs: Collection[str] | None = None) -> QueryInfo:
    """Check `query` is a safe read-only query; `local_graphs` None skips the FROM check.

    :raises QueryForbidden: an update operation.
    :raises QueryRefused: SERVICE, or FROM naming a graph outside the dataset.
    :raises QueryError: not a SELECT, ASK, CONSTRUCT or DESCRIBE query.
    """
    toks = list(tokens(query))
    prefixes, base, start = _prologue(toks)
    form = _form(toks, start)
    ordered, graphs, named = False, [], []
    for i, (kind, text) in enumerate(toks):
        word = text.upper() if kind == "word" else ""
        if word == "SERVICE":
            raise QueryRefused("SERVICE is not allowed: this endpoint only queries its own dataset")
        if word == "ORDER" and _word_at(toks, i + 1) == "BY":
            ordered = True
        if word == "FROM":
            is_named = _word_at(toks, i + 1) == "NAMED"
            iri = _resolve(toks, i + (2 if is_named else 1), prefixes, base)
            _check_local(iri, local_graphs)
            (named if is_named else graphs).append(iri)
    return QueryInfo(form, ordered, tuple(graphs), tuple(named))


def _prologue(toks: list[tuple[str, str]]) -> tuple[dict[str, str], str, int]:
    """PREFIX and BASE declarations: the prefix map, the base IRI, the index after them."""
    prefixes: dict[str, str] = dict(PREFIXES)  # the engine predeclares these
    base, i = "", 0
    while i < len(toks) and _word_at(toks, i) in ("PREFIX", "BASE"):
        if _word_at(toks, i) == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base, i = urljoin(base, toks[i + 1][1][1:-1]), i + 2
        elif i + 2 < len(toks) and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1][:-1]] = urljoin(base, toks[i + 2][1][1:-1])
            i += 3
        else:
            break
    return prefixes, base, i


def _form(toks: list[tuple[str, str]], start: int) -> str:
    """The query form keyword; updates are forbidden, anything else is a syntax error."""
    word = _word_at(toks, start)
    if word in FORMS:
        return word
    if word in UPDATES:
        raise QueryForbidden(f"{word} is an update: this endpoint is read-only")
    found = toks[start][1] if start < len(toks) else "the end of the query"
    raise QueryError(f"expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {found[:40]!r}")


def _word_at(toks: list[tuple[str, str]], i: int) -> str:
    """The upper-cased keyword at index i, or "" when it is not a bare word."""
    return toks[i][1].upper() if i < len(toks) and toks[i][0] == "word" else ""


def _resolve(toks: list[tuple[str, str]], i: int, prefixes: dict[str, str], base: str) -> str:
    """The IRI written at index i (an <IRI> or a prefixed name)."""
    kind, text = toks[i] if i < len(toks) else ("end", "")
    if kind == "iri":
        return urljoin(base, text[1:-1])
    if kind == "pname":
        prefix, _, local = text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        raise QueryError(f"undeclared prefix {prefix!r} in FROM")
    raise QueryError("FROM must be followed by a graph IRI")


def _check_local(iri: str, local_graphs: Collection[str] | None) -> None:
    """Refuse FROM graphs the dataset does not hold: they would otherwise mean a fetch."""
    if local_graphs is not None and iri not in local_graphs:
        raise QueryRefused(f"FROM <{iri}> is not a graph of this dataset; "
                           "use one of the graphs listed in the service description")


def values_offset(query: str, form: str) -> int:
    """Character offset just inside the WHERE group's `{` (after a CONSTRUCT template)."""
    depth, skip_template = 0, form == "CONSTRUCT"
    for match in _TOKEN.finditer(query):
        text = match.group()
        if match.lastgroup != "other" or text not in "{}":
            continue
        if text == "{" and depth == 0 and not skip_template:
            return match.end()
        depth += 1 if text == "{" else -1
        if depth == 0 and text == "}":
            skip_template = False
    raise QueryError("the query has no WHERE group to bind parameters in")
