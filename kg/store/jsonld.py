"""JSON-LD with a compact @context for our terms (pyoxigraph only writes expanded JSON-LD).

The context declares the house prefixes and a short term for every class and property of
`ontology/kg.ttl` ("Person", "metWith"); object properties are typed `@id`, so their IRI
values are plain compact strings. Every other value is written as an explicit value
object, so no value depends on a coercion that might not fit it. Named graphs become
`{"@id": graph, "@graph": [...]}` entries; default-graph nodes sit at the top level.

>>> import pyoxigraph as ox
>>> kalin = ox.NamedNode("https://newskg.example/id/person/ibrahim-kalin")
>>> doc = json.loads(write([ox.Triple(kalin, ox.NamedNode(PREFIXES["kg"] + "metWith"),
...                                   ox.NamedNode("https://newskg.example/id/organization/hamas"))]))
>>> doc["@graph"]
[{'@id': 'kgr:person/ibrahim-kalin', 'metWith': ['kgr:organization/hamas']}]
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import BinaryIO

import pyoxigraph as ox

from kg.iri import ONTOLOGY_FILE, PREFIXES

__all__ = ["context", "write"]

RDF_TYPE = PREFIXES["rdf"] + "type"
XSD_STRING = PREFIXES["xsd"] + "string"
OWL = PREFIXES["owl"]
# A few outside terms worth a short name too.
EXTRA_TERMS = {"label": PREFIXES["rdfs"] + "label", "altLabel": PREFIXES["skos"] + "altLabel"}
Node = ox.NamedNode | ox.BlankNode


@lru_cache(maxsize=1)
def context() -> dict[str, object]:
    """The @context: house prefixes, then one term per kg: class and property."""
    kinds: dict[str, str] = {}
    for triple in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
        subject = triple.subject
        if (isinstance(subject, ox.NamedNode) and subject.value.startswith(PREFIXES["kg"])
                and triple.predicate.value == RDF_TYPE and triple.object.value.startswith(OWL)):
            kinds.setdefault(subject.value, triple.object.value[len(OWL):])
    terms: dict[str, object] = dict(PREFIXES)
    for iri, kind in sorted(kinds.items()):
        name = "kg:" + iri[len(PREFIXES["kg"]):]
        terms[iri[len(PREFIXES["kg"]):]] = {"@id": name, "@type": "@id"} \
            if kind in ("ObjectProperty", "SymmetricProperty", "TransitiveProperty") else name
    terms.update(EXTRA_TERMS)
    return terms


@lru_cache(maxsize=1)
def _short() -> tuple[dict[str, str], dict[str, str]]:
    """IRI -> term name, and the object properties (IRI -> term) whose values are plain IRIs."""
    names, coerced = {}, {}
    for term, value in context().items():
        iri = value["@id"] if isinstance(value, dict) else value
        if term in PREFIXES or not isinstance(iri, str):
            continue
        full = _expand(iri)
        names[full] = term
        if isinstance(value, dict):
            coerced[full] = term
    return names, coerced


def _expand(name: str) -> str:
    prefix, _, local = name.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else name


def _curie(iri: str) -> str:
    """A compact IRI when a house prefix fits, else the IRI."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace) \
                and not iri[len(namespace):].startswith("//"):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _id(node: Node) -> str:
    return f"_:{node.value}" if isinstance(node, ox.BlankNode) else _curie(node.value)


def _value(term: object, coerced: bool) -> object:
    """One object in JSON-LD: a plain id string (coerced), an {"@id"} or a value object."""
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return _id(term) if coerced else {"@id": _id(term)}
    if not isinstance(term, ox.Literal):
        raise ValueError(f"JSON-LD cannot hold {term!r} (RDF-star triples are not written)")
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_STRING:
        return {"@value": term.value} if coerced else term.value
    return {"@value": term.value, "@type": _curie(term.datatype.value)}


def _nodes(statements: Iterable[ox.Triple | ox.Quad]) -> dict[object, dict[Node, dict]]:
    """Graph -> subject -> node object, in first-seen order."""
    names, coerced = _short()
    graphs: dict[object, dict[Node, dict]] = {}
    for item in statements:
        graph = item.graph_name if isinstance(item, ox.Quad) else None
        if isinstance(graph, ox.DefaultGraph):
            graph = None
        node = graphs.setdefault(graph, {}).setdefault(item.subject, {"@id": _id(item.subject)})
        predicate = item.predicate.value
        if predicate == RDF_TYPE and isinstance(item.object, ox.NamedNode):
            node.setdefault("@type", []).append(names.get(item.object.value) or _curie(item.object.value))
            continue
        key = names.get(predicate) or _curie(predicate)
        node.setdefault(key, []).append(_value(item.object, predicate in coerced))
    return graphs


def write(statements: Iterable[ox.Triple | ox.Quad], output: BinaryIO | None = None) -> bytes | None:
    """Triples or quads as one compact JSON-LD document; to `output`, else returned."""
    graphs = _nodes(statements)
    top = list(graphs.pop(None, {}).values())
    top += [{"@id": _id(name), "@graph": list(nodes.values())} for name, nodes in graphs.items()]
    body = json.dumps({"@context": context(), "@graph": top}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
    if output is None:
        return body
    output.write(body)
    return None
