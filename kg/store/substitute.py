"""Bind parameters into query text for engines without a substitution API (remote stores).

pyoxigraph binds parameters with `substitutions`, which reach every subquery. A remote
store only takes text, and a VALUES block at the top does not reach a subquery's own
variables (who-met-whom about Rafah gave 29 pairs instead of 9 on Oxigraph's server). So
each occurrence of a bound variable is replaced by the term itself, written by us in
N-Triples syntax (escaped, IRIs and language tags checked), never by pasting user text:
`?topic` in a pattern or expression becomes `"Rafah"`; in a SELECT list it becomes
`("Rafah" AS ?topic)` so the column stays; in GROUP BY / ORDER BY it becomes `("Rafah")`.
Where a subquery already projects the variable into a SELECT's scope, that SELECT keeps
`?topic` in its list and GROUP BY (re-binding it would be an error).
The query's own prefixes are kept; house prefixes it uses undeclared are declared.

>>> from kg.store.model import Term
>>> substitute('SELECT ?t WHERE { { SELECT ?t WHERE { ?s ?p ?t } } }', {"t": Term.literal('a"b')})
'SELECT ?t WHERE { { SELECT ("a\\\\"b" AS ?t) WHERE { ?s ?p "a\\\\"b" } } }'
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from kg.iri import PREFIXES
from kg.store.lexer import TOKEN as _TOKEN  # the one SPARQL lexer (strings, IRIs, comments)
from kg.store.model import QueryError, Term
from kg.store.results import nt_term

__all__ = ["declare_prefixes", "substitute", "term_text"]

_LANG = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*\Z")
_CLAUSE_END = {"WHERE", "HAVING", "LIMIT", "OFFSET", "VALUES", "ORDER", "GROUP", "FROM"}


def term_text(term: Term) -> str:
    """`term` as SPARQL text; refuses what cannot be written safely or means something else."""
    if term.kind == "bnode":
        raise QueryError("a blank node cannot be bound as a parameter on a remote store")
    for iri in (term.value if term.kind == "uri" else None, term.datatype):
        if iri is not None and not Term.is_iri(iri):
            raise QueryError(f"{iri!r} is not an IRI that can be sent to the store")
    if term.lang and not _LANG.match(term.lang):
        raise QueryError(f"{term.lang!r} is not a language tag")
    return nt_term(term)


def _tokens(query: str) -> Iterator[tuple[re.Match[str], str, str, str]]:
    """(match, kind, text, upper-cased word or "") of each token but spaces and comments."""
    for match in _TOKEN.finditer(query):
        kind, text = match.lastgroup or "", match.group()
        if kind not in ("ws", "comment"):
            yield match, kind, text, text.upper() if kind == "word" else ""


def substitute(query: str, params: Mapping[str, Term]) -> str:
    """`query` with every variable named in `params` replaced by its term (see module doc)."""
    if not params:
        return query
    texts = {name: term_text(term) for name, term in params.items()}
    keep = _in_scope(query, set(texts))
    out, last, previous = [], 0, ""
    clause, clause_depth, depth = "", 0, 0
    for match, kind, text, word in _tokens(query):
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif word == "SELECT":
            clause, clause_depth = "select", depth
        elif word in ("GROUP", "ORDER") or (clause and (word in _CLAUSE_END or text in "{}")):
            clause, clause_depth = ("group" if word == "GROUP" else "order" if word == "ORDER" else ""), depth
        elif kind == "var" and text[1:] in texts and match.start() not in keep:
            if previous in ("AS", "VALUES"):
                raise QueryError(f"the query assigns ?{text[1:]} itself, so it cannot be a parameter")
            value = texts[text[1:]]
            if clause and depth == clause_depth:
                value = f"({value} AS {text})" if clause == "select" else f"({value})"
            out += [query[last:match.start()], value]
            last = match.end()
        previous = word or text
    return "".join(out) + query[last:]


class _Select:
    """One SELECT while scanning: its brace depth, what it projects, what its subqueries do."""

    def __init__(self, depth: int) -> None:
        self.depth, self.open = depth, False
        self.projected: set[str] = set()
        self.inner: set[str] = set()
        self.mentions: list[tuple[int, str]] = []  # (offset, name) in its list or GROUP BY


def _in_scope(query: str, names: set[str]) -> set[int]:
    """Offsets of `names` in SELECT lists and GROUP BY clauses of SELECTs whose subqueries
    already project them: those stay variables."""
    stack: list[_Select] = []
    done: list[_Select] = []
    closed: _Select | None = None
    depth, clause = 0, ""
    for match, kind, text, word in _tokens(query):
        if word == "SELECT":
            stack.append(_Select(depth))
            clause = "select"
        elif text == "{":
            if stack and not stack[-1].open and depth == stack[-1].depth:
                stack[-1].open = True
            clause = ""
            depth += 1
        elif text == "}":
            depth -= 1
            if stack and stack[-1].open and depth == stack[-1].depth:
                closed = stack.pop()
                done.append(closed)
                if stack:
                    stack[-1].inner |= closed.projected
        elif word == "WHERE":
            clause = ""
        elif word == "GROUP" and closed is not None and closed.depth == depth:
            clause = "group"
        elif word in _CLAUSE_END - {"GROUP"}:
            clause = ""
        elif kind == "var" and clause == "select" and stack and not stack[-1].open:
            stack[-1].projected.add(text[1:])
            if text[1:] in names:
                stack[-1].mentions.append((match.start(), text[1:]))
        elif kind == "var" and clause == "group" and closed is not None and text[1:] in names:
            closed.mentions.append((match.start(), text[1:]))
    return {at for sel in done for at, name in sel.mentions if name in sel.inner}


def declare_prefixes(query: str) -> str:
    """`query` with PREFIX lines for the house prefixes it uses without declaring them
    (the embedded engine predeclares them; a remote store does not)."""
    declared, used = set(), set()
    previous = ""
    for _, kind, text, word in _tokens(query):
        if kind == "pname":
            (declared if previous == "PREFIX" else used).add(text.split(":", 1)[0])
        previous = word or text
    missing = sorted(p for p in used - declared if p in PREFIXES)
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing) + query
