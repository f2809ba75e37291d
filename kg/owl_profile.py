"""An OWL 2 DL check of the ontology's RDF, for the axiom kinds it may use (tests/test_vocab.py
keeps it to declarations, subclass/subproperty, domain/range, inverse, symmetric,
transitive and annotations): the typing rules of the OWL 2 structural specification.

- every IRI an axiom uses is declared, as one kind of property at most (class/individual
  punning is allowed, object/data/annotation property punning is not);
- reserved vocabulary (rdf:, rdfs:, owl:, xsd:) is never declared, and every datatype is
  in the OWL 2 datatype map (xsd:date is not: HermiT refuses it);
- each axiom joins entities of the right kinds (an object property's range is a class, a
  data property's a datatype; only object properties are inverse, symmetric, transitive).

`python -m kg.owl_profile ontology/kg.ttl` prints the violations (none: exit 0). A real
reasoner (HermiT through owlready2) loads the same file in tests/test_ontology.py.

>>> violations('<urn:p> a <http://www.w3.org/2002/07/owl#DatatypeProperty> ; '
...            '<http://www.w3.org/2000/01/rdf-schema#range> '
...            '<http://www.w3.org/2001/XMLSchema#date> .')
['<http://www.w3.org/2001/XMLSchema#date> is not in the OWL 2 datatype map']
"""
from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from kg.iri import PREFIXES

__all__ = ["violations"]

RDF, RDFS, OWL, XSD = (PREFIXES[p] for p in ("rdf", "rdfs", "owl", "xsd"))
KINDS = {OWL + "Class": "class", OWL + "ObjectProperty": "object", OWL + "DatatypeProperty": "data",
         OWL + "AnnotationProperty": "annotation", RDFS + "Datatype": "datatype",
         OWL + "NamedIndividual": "individual", OWL + "Ontology": "ontology"}
CHARACTERISTICS = {OWL + "SymmetricProperty", OWL + "TransitiveProperty"}
BUILTIN_ANNOTATIONS = {RDFS + n for n in ("label", "comment", "seeAlso", "isDefinedBy")} | {
    OWL + n for n in ("versionInfo", "deprecated", "priorVersion", "backwardCompatibleWith",
                      "incompatibleWith")}
# The OWL 2 datatype map (OWL 2 Structural Specification, section 4).
DATATYPES = {RDFS + "Literal", RDF + "PlainLiteral", RDF + "XMLLiteral", OWL + "real", OWL + "rational"} | {
    XSD + n for n in ("decimal", "integer", "nonNegativeInteger", "nonPositiveInteger",
                      "positiveInteger", "negativeInteger", "long", "int", "short", "byte",
                      "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "double",
                      "float", "string", "normalizedString", "token", "language", "Name", "NCName",
                      "NMTOKEN", "boolean", "hexBinary", "base64Binary", "anyURI", "dateTime",
                      "dateTimeStamp")}
RESERVED = (RDF, RDFS, OWL, XSD)
# predicate -> (kinds its subject may have, kinds its object may have)
AXIOMS = {
    RDFS + "subClassOf": ({"class"}, {"class"}),
    RDFS + "subPropertyOf": (None, None),  # same kind on both sides, checked apart
    RDFS + "domain": ({"object", "data", "annotation"}, {"class"}),
    RDFS + "range": ({"object", "data", "annotation"}, {"class", "datatype"}),
    OWL + "inverseOf": ({"object"}, {"object"}),
}


def violations(turtle: str) -> list[str]:
    """Every OWL 2 DL violation of a Turtle ontology, as sentences."""
    triples = list(ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    kinds: dict[str, set[str]] = {}
    found: list[str] = []
    for t in triples:
        if t.predicate.value == RDF + "type" and t.object.value in KINDS:
            kinds.setdefault(t.subject.value, set()).add(KINDS[t.object.value])
    for iri, declared in kinds.items():
        if len(declared & {"object", "data", "annotation"}) > 1:
            found.append(f"<{iri}> is declared as more than one kind of property")
        if iri.startswith(RESERVED) and declared - {"datatype"}:
            found.append(f"<{iri}> is reserved vocabulary and cannot be declared")

    def kind(iri: str) -> set[str]:
        if iri in DATATYPES:
            return {"datatype"}
        if iri.startswith(XSD):
            found.append(f"<{iri}> is not in the OWL 2 datatype map")
            return {"datatype"}
        if iri.startswith(RESERVED) and iri not in (OWL + "Thing", OWL + "Nothing"):
            return set()
        return kinds.get(iri, {"class"} if iri in (OWL + "Thing", OWL + "Nothing") else set())

    for t in triples:
        s, p, o = t.subject.value, t.predicate.value, t.object
        if p == RDF + "type" and o.value in CHARACTERISTICS and "object" not in kind(s):
            found.append(f"<{s}> is {o.value.rsplit('#', 1)[1]} but not an object property")
        elif p in AXIOMS:
            _check_axiom(s, p, o, kind, found)
        elif p != RDF + "type" and isinstance(t.subject, ox.NamedNode):
            if p not in BUILTIN_ANNOTATIONS and "annotation" not in kind(p):
                found.append(f"<{p}> is used as an annotation but not declared an annotation property")
    return list(dict.fromkeys(found))


def _check_axiom(s: str, p: str, o: object, kind, found: list[str]) -> None:
    """One subclass/subproperty/domain/range/inverse axiom between entities of the right kinds."""
    if not isinstance(o, ox.NamedNode):
        found.append(f"<{s}> <{p}> has a value that is not a named entity")
        return
    left, right = kind(s), kind(o.value)
    name = p.rsplit("#", 1)[1]
    if not left:
        found.append(f"<{s}> is used in {name} but not declared")
    if not right:
        found.append(f"<{o.value}> is used in {name} but not declared")
    if not left or not right:
        return
    if p == RDFS + "subPropertyOf":
        if not left & right & {"object", "data", "annotation"}:
            found.append(f"<{s}> subPropertyOf <{o.value}> joins different kinds of property")
        return
    subjects, objects = AXIOMS[p]
    if not left & subjects:
        found.append(f"<{s}> cannot have {name} (it is {'/'.join(sorted(left))})")
    if p == RDFS + "range":
        wanted = {"class"} if "object" in left else {"datatype"} if "data" in left else objects
        if not right & wanted:
            found.append(f"<{s}> has range <{o.value}>, which is not a {'/'.join(sorted(wanted))}")
    elif not right & objects:
        found.append(f"<{o.value}> cannot be the object of {name}")


if __name__ == "__main__":
    problems = violations(Path(sys.argv[1] if len(sys.argv) > 1 else "ontology/kg.ttl")
                          .read_text(encoding="utf-8"))
    print("\n".join(problems) or "OWL 2 DL: no violations")
    sys.exit(1 if problems else 0)
