"""Saved queries that match names through the store's text index (`#+ index:` header).

A saved query matches a string parameter against names with a label-scanning FILTER, which
every SPARQL store runs. It may also declare, for such a parameter, a variable that holds
the matching entities, written in the body as `VALUES ?var { UNDEF }` (a no-op: one
solution that binds nothing), e.g.

    #+ index: {topic: topic_match}
    ...  VALUES ?topic_match { UNDEF }  ?topic_match rdfs:label|skos:altLabel ?name .
         FILTER(CONTAINS(LCASE(STR(?name)), LCASE(?topic)))  ...

The contract: `?var` ranges over the entities with a label or alias containing the
parameter, and over nothing when the parameter is empty or not given; the query states the
second half with the guard `COALESCE(?param, "") != ""` in the same FILTER (checked when
the file is loaded). When the store has a text index (`Store.text_index()`), `prepare`
writes the matching IRIs into that VALUES block (none for an empty parameter), so the
engine starts from the few matches instead of joining every name; the FILTER still holds,
so the answers are the same with or without the index (and on stores without one, the
text runs unchanged).
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from kg.store import Term
from kg.store.substitute import term_text
from kg.store.textindex import TextIndex

MAX_MATCHES = 2000  # beyond this many entities, scanning is as good as listing them

__all__ = ["MAX_MATCHES", "check_index", "placeholder", "prepare"]


def placeholder(var: str) -> re.Pattern[str]:
    """The `VALUES ?var { UNDEF }` block the index fills."""
    return re.compile(rf"VALUES\s+\?{re.escape(var)}\s*\{{\s*UNDEF\s*\}}", re.I)


def guard(param: str) -> re.Pattern[str]:
    """The FILTER condition that makes an empty parameter match nothing."""
    return re.compile(rf'COALESCE\(\s*\?{re.escape(param)}\s*,\s*""\s*\)\s*!=\s*""')


def check_index(value: object, params: set[str], body: str) -> tuple[tuple[str, str], ...]:
    """Validate an `index:` header value: {string param: variable with a placeholder}.

    :raises ValueError: with the reason (the caller adds file and line).
    """
    if not isinstance(value, dict):
        raise ValueError("'index' must map parameters to variables, e.g. {topic: topic_match}")
    pairs = []
    for param, var in value.items():
        if param not in params:
            raise ValueError(f"index: {param!r} is not a declared string parameter")
        if not isinstance(var, str) or len(placeholder(var).findall(body)) != 1:
            raise ValueError(f"index: the query must contain 'VALUES ?{var} {{ UNDEF }}' once")
        if not guard(str(param)).search(body):
            raise ValueError(f'index: the query must guard its {param} match with '
                             f'FILTER(COALESCE(?{param}, "") != "" && ...): an empty value matches nothing')
        pairs.append((str(param), var))
    return tuple(pairs)


def prepare(text: str, index: tuple[tuple[str, str], ...], params: Mapping[str, Term],
            names: TextIndex | None) -> str:
    """`text` with each indexed parameter's matches written into its VALUES block."""
    if names is None:
        return text
    for param, var in index:
        term = params.get(param)
        if term is not None and term.kind != "literal":
            continue
        iris = names.search(term.value, limit=MAX_MATCHES + 1) if term is not None and term.value else []
        if len(iris) > MAX_MATCHES:
            continue
        values = " ".join(term_text(Term.uri(iri)) for iri in iris)
        text = placeholder(var).sub(lambda _: f"VALUES ?{var} {{ {values} }}", text, count=1)
    return text
