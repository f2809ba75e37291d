"""Typed parameter values for saved queries: form text in, RDF term (or nothing) out.

Values never become query text: each one is checked against its declared type and turned
into a `Term` that the store binds with pyoxigraph `substitutions`. An empty value means
"not given", so the query sees the variable unbound and its own COALESCE/FILTER logic applies.

>>> to_term("string", '"} ; DROP ALL ; #', "Topic").value
'"} ; DROP ALL ; #'
>>> to_term("date", "2026-01-24", "From").datatype
'http://www.w3.org/2001/XMLSchema#date'
>>> to_term("integer", "", "Limit") is None
True
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from kg.store.model import QueryError, Term

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\Z")
# Characters that can never appear in an IRI (RFC 3987); rejecting them keeps IRIs honest.
_IRI_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`]")
MAX_LENGTH = 1000

__all__ = ["MAX_LENGTH", "PARAM_TYPES", "XSD", "to_term"]


def _string(value: str, label: str) -> Term:
    """Any text is a valid string; it is a value, so quotes and braces are harmless."""
    return Term.literal(value)


def _iri(value: str, label: str) -> Term:
    """An absolute IRI with a scheme, e.g. https://newskg.example/id/person/ibrahim-kalin."""
    parts = urlsplit(value)
    if not parts.scheme or _IRI_FORBIDDEN.search(value) or not (parts.netloc or parts.path):
        raise QueryError(f"{label}: {value!r} is not an absolute IRI (e.g. https://example.org/x)")
    return Term.uri(value)


def _integer(value: str, label: str) -> Term:
    """A whole number, kept in its canonical lexical form."""
    if not _INTEGER.match(value):
        raise QueryError(f"{label}: {value!r} is not a whole number")
    return Term.literal(str(int(value)), XSD + "integer")


def _decimal(value: str, label: str) -> Term:
    """A decimal number such as 1.5 (no exponent, as xsd:decimal has none)."""
    if not _DECIMAL.match(value):
        raise QueryError(f"{label}: {value!r} is not a decimal number such as 1.5")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise QueryError(f"{label}: {value!r} is not a decimal number such as 1.5") from None
    return Term.literal(str(number), XSD + "decimal")


def _date(value: str, label: str) -> Term:
    """A calendar date in ISO form, so comparisons with xsd:date values work."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{label}: {value!r} is not a date in the form YYYY-MM-DD") from None
    if len(value) != 10:
        raise QueryError(f"{label}: {value!r} is not a date in the form YYYY-MM-DD")
    return Term.literal(day.isoformat(), XSD + "date")


PARAM_TYPES: dict[str, Callable[[str, str], Term]] = {
    "string": _string,
    "iri": _iri,
    "integer": _integer,
    "decimal": _decimal,
    "date": _date,
}


def to_term(kind: str, value: str, label: str) -> Term | None:
    """The typed term for `value`, or None when it is empty (the parameter stays unbound).

    :raises QueryError: the value does not fit the type; the message starts with `label`.
    """
    if kind not in PARAM_TYPES:
        raise QueryError(f"{label}: unknown parameter type {kind!r}")
    if value == "":
        return None
    if len(value) > MAX_LENGTH:
        raise QueryError(f"{label}: value is longer than {MAX_LENGTH} characters")
    return PARAM_TYPES[kind](value, label)
