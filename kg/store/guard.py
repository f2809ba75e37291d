"""Refuse unsafe SPARQL on a real parse of the query (rdflib's SPARQL 1.1 grammar).

A lexer cannot decide what a query does: `\\u0061`-style escapes are expanded before
parsing, so text that looks like a comment to a lexer can hide a SERVICE clause. The guard
therefore parses the query with rdflib's parser and walks the parse tree. Two parsers can
still read one text two ways (rdflib expands escapes everywhere, Oxigraph only inside
terms; a bare carriage return ends a comment for Oxigraph, not for rdflib), so the guard
first normalizes the text: codepoint escapes expanded once, as the SPARQL grammar says
(and refused when that spells another escape), bare CR as LF. The engine runs exactly
that normalized text (`QueryInfo.text`), the text the guard parsed. Then:

- updates (INSERT, DELETE, LOAD, CLEAR, ...): `QueryForbidden` (HTTP 403);
- SERVICE anywhere (subqueries, EXISTS, OPTIONAL ...): `QueryRefused` (HTTP 400);
- FROM / FROM NAMED are read into `QueryInfo`; the engine then takes them as names of the
  store's own graphs (an unknown one is an empty graph, never fetched). Callers that forward
  queries elsewhere pass `local_graphs` to refuse unknown ones;
- anything the parser cannot read is refused (fail closed), including queries over
  `MAX_QUERY_CHARS` and nesting deeper than the parser's recursion budget.

Oxigraph's LATERAL (not in SPARQL 1.1) has OPTIONAL's syntax, so the guard's copy of the
query reads it as OPTIONAL; the engine still gets the original text. The query workers run
without network access (kg.store.sandbox), so a parser difference cannot become a fetch.

>>> inspect_query('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }').form
'SELECT'
>>> inspect_query('select * { service <http://x/> { ?s ?p ?o } }')
Traceback (most recent call last):
kg.store.model.QueryRefused: SERVICE is not allowed: this endpoint only queries its own dataset
>>> inspect_query(r'SELECT * { BIND(1 AS ?x) \\u0053ERVICE <http://x/> { ?s ?p ?o } }')
Traceback (most recent call last):
kg.store.model.QueryRefused: SERVICE is not allowed: this endpoint only queries its own dataset
"""
from __future__ import annotations

import re
import sys
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from pyparsing import ParseBaseException
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from kg.store.formats import PREFIXES
from kg.store.lexer import TOKEN
from kg.store.model import QueryError, QueryForbidden, QueryRefused

MAX_QUERY_CHARS = 100_000
# Relative IRIs in a query (<data1.rdf>) resolve against the dataset's own base, in the
# guard's reading of FROM and in the engine alike.
BASE_IRI = PREFIXES["kgr"]
# Python frames the parser may use: about 130 levels of nested groups. Deeper queries are
# refused here, so the engine (which crashes near 3,000 levels) never sees them.
PARSER_RECURSION = 4_000
# The recursion limit is process-wide: parses hold this lock so that one thread restoring the
# default cannot cut another thread's parse short (the web process parses in many threads).
_PARSING = threading.Lock()
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
         "DescribeQuery": "DESCRIBE"}
_LATERAL = re.compile(r"(?<![\w:?$-])LATERAL(?![\w:-])", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_ANY_ESCAPE = re.compile(r"\\u[0-9A-F]{4}", re.IGNORECASE)  # what rdflib would expand again
_BARE_CR = re.compile(r"\r(?!\n)")
_PN_ESCAPE = re.compile(r"\\([_~.!$&'()*+,;=/?#@%-])")


@dataclass(frozen=True, slots=True)
class QueryInfo:
    """What the guard learned: query form, whether it orders rows, its FROM / FROM NAMED graphs."""

    form: str
    ordered: bool
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    text: str = ""  # the normalized query: what the guard parsed and the engine must run

    @property
    def has_dataset(self) -> bool:
        """True when the query names its own dataset (so no union default graph)."""
        return bool(self.from_graphs or self.from_named)


def inspect_query(query: str, local_graphs: Collection[str] | None = None) -> QueryInfo:
    """Check `query` is a safe read-only query; with `local_graphs`, FROM must name one of them.

    :raises QueryForbidden: an update operation.
    :raises QueryRefused: SERVICE, or (with `local_graphs`) FROM naming another graph.
    :raises QueryError: not a SELECT, ASK, CONSTRUCT or DESCRIBE query the parser can read.
    """
    info = _inspect(query)
    if local_graphs is not None:
        for iri in info.from_graphs + info.from_named:
            if iri not in local_graphs:
                raise QueryRefused(f"FROM <{iri}> is not a graph of this dataset; "
                                   "use one of the graphs listed in the service description")
    return info


@lru_cache(maxsize=512)
def _inspect(query: str) -> QueryInfo:
    """The parse and its verdict, cached: saved queries and clients repeat the same text."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(query):,} characters long; "
                         f"the limit is {MAX_QUERY_CHARS:,}")
    text = normalize(query)
    prologue, body = _parse(_LATERAL.sub("OPTIONAL", text))
    if any(getattr(node, "name", None) == "ServiceGraphPattern" for node in _nodes(body)):
        raise QueryRefused("SERVICE is not allowed: this endpoint only queries its own dataset")
    graphs, named = _dataset(prologue, dict.get(body, "datasetClause") or ())
    return QueryInfo(FORMS[body.name], bool(dict.get(body, "orderby")), graphs, named, text)


@lru_cache(maxsize=512)
def trusted_info(query: str) -> QueryInfo:
    """What the engine needs to know of text the server wrote itself (a saved query, a page's
    query), without the parse: whether it orders its rows (ORDER BY anywhere, as a token).
    Its FROM clauses, if any, are left to the engine. Cached: tokenizing the longest saved
    query costs ~0.6 ms, and pages send the same text again and again."""
    words = [m.group().upper() for m in TOKEN.finditer(query) if m.lastgroup == "word"]
    ordered = any(a == "ORDER" and b == "BY" for a, b in zip(words, words[1:]))
    return QueryInfo("", ordered, text=query)


def normalize(query: str) -> str:
    r"""The query as both parsers must read it: escapes expanded once, bare CR as LF.

    >>> normalize(r'SELECT ?a {}')
    'SELECT ?a {}'

    :raises QueryError: an escape names no character, or expanding spells another escape.
    """
    def expand(match: re.Match[str]) -> str:
        point = int(match.group(1) or match.group(2), 16)
        if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
            raise QueryError(f"{match.group()} is not a Unicode character")
        return chr(point)

    text = _CODEPOINT.sub(expand, query)
    if _ANY_ESCAPE.search(text):
        raise QueryError("an escape sequence spells another escape sequence; "
                         "write the character itself")
    return _BARE_CR.sub("\n", text)


def _parse(text: str) -> tuple[object, object]:
    """(prologue, query) from rdflib's parser; any failure refuses the query (fail closed)."""
    try:
        with _recursion_limit(PARSER_RECURSION):
            prologue, body = parseQuery(text)
        return prologue, body
    except RecursionError:
        raise QueryError("the query is nested too deeply for this endpoint") from None
    except ParseBaseException as exc:
        error = exc
    except Exception as exc:  # noqa: BLE001 - a third-party parser: anything it cannot read is refused
        raise QueryError(f"syntax error: {exc.__class__.__name__}: {str(exc)[:200]}") from None
    if _is_update(text):
        raise QueryForbidden("updates are not accepted: this endpoint is read-only")
    raise QueryError(f"syntax error: {one_line(str(error))}")


def _is_update(text: str) -> bool:
    """True when `text` parses as a SPARQL update (which we forbid rather than call a syntax error)."""
    try:
        with _recursion_limit(PARSER_RECURSION):
            parseUpdate(text)
    except Exception:  # noqa: BLE001 - not an update, whatever the reason
        return False
    return True


@contextmanager
def _recursion_limit(limit: int) -> Iterator[None]:
    """Let the recursive-descent parser go deeper than Python's default 1,000 frames, one
    parse at a time (the limit is the whole process's)."""
    with _PARSING:
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, limit))
        try:
            yield
        finally:
            sys.setrecursionlimit(old)


def _nodes(root: object) -> Iterator[object]:
    """Every node of a parse tree, depth first, without recursion."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, dict):
            stack.extend(dict.values(node))
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)


def _dataset(prologue: object, clauses: list) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The FROM and FROM NAMED graph IRIs, prefixed names and BASE resolved."""
    if not clauses:
        return (), ()
    resolver = translatePrologue(prologue, BASE_IRI, initNs=PREFIXES)
    graphs, named = [], []
    for clause in clauses:
        default = dict.get(clause, "default")
        term = default if default is not None else dict.get(clause, "named")
        try:
            if getattr(term, "name", None) == "pname":  # rdflib keeps `\/`-style escapes
                iri = resolver.resolvePName(term.prefix, _PN_ESCAPE.sub(r"\1", term.localname or ""))
            else:
                iri = resolver.absolutize(term)
        except Exception as exc:  # noqa: BLE001 - rdflib raises a bare Exception for unknown prefixes
            raise QueryError(f"FROM: {exc}") from None
        (graphs if default is not None else named).append(str(iri))
    return tuple(graphs), tuple(named)


def one_line(message: str, limit: int = 300) -> str:
    """A parser or engine message on one line (parser messages list whole character
    classes), cut to `limit` characters."""
    text = " ".join(message.split())
    return text if len(text) <= limit else text[:limit] + " ..."
