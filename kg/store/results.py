"""Serialize SELECT tables as SPARQL results (JSON, XML, CSV, TSV), saying when they are capped.

Truncation, when the row cap cut the results short, is said in every format:
JSON has a top-level `"truncated": true`; XML a `<link href="urn:kg:truncated"/>` in its head;
CSV and TSV end with one extra line `# truncated: more than N rows` (a row whose first cell
starts with `#`, so spreadsheet users see it and scripts can drop it). The HTTP layer also
sends `X-KG-Truncated: true`.
"""
from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

from kg.store.model import Table, Term

TRUNCATED_LINK = "urn:kg:truncated"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def serialize_table(table: Table, fmt: str) -> bytes:
    """The table as SPARQL results in `fmt` (json, xml, csv or tsv)."""
    writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[fmt]
    return writer(table).encode("utf-8")


def serialize_bool(value: bool, fmt: str) -> bytes:
    """An ASK answer in `fmt` (json, xml, csv or tsv)."""
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head></head><boolean>{word}</boolean></sparql>\n").encode()
    return f"{word}\n".encode()


def truncation_note(table: Table) -> str:
    """The human sentence that ends a capped CSV/TSV result."""
    return f"# truncated: more than {len(table.rows)} rows; only the first {len(table.rows)} shown"


def _json_term(term: Term) -> dict[str, str]:
    """One binding in the SPARQL 1.1 JSON results shape."""
    out = {"type": term.kind, "value": term.value}
    if term.lang:
        out["xml:lang"] = term.lang
    elif term.datatype:
        out["datatype"] = term.datatype
    return out


def _json(table: Table) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = [{c: _json_term(t) for c, t in zip(table.columns, row) if t is not None}
                for row in table.rows]
    doc: dict[str, object] = {"head": {"vars": list(table.columns)}}
    if table.truncated:
        doc["truncated"] = True
    doc["results"] = {"bindings": bindings}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def _xml_term(term: Term) -> str:
    """One <binding> value in the SPARQL XML results shape."""
    if term.kind == "uri":
        return f"<uri>{escape(term.value)}</uri>"
    if term.kind == "bnode":
        return f"<bnode>{escape(term.value)}</bnode>"
    attr = (f" xml:lang={quoteattr(term.lang)}" if term.lang
            else f" datatype={quoteattr(term.datatype)}" if term.datatype else "")
    return f"<literal{attr}>{escape(term.value)}</literal>"


def _xml(table: Table) -> str:
    """SPARQL Query Results XML."""
    head = "".join(f"<variable name={quoteattr(c)}/>" for c in table.columns)
    if table.truncated:
        head += f"<link href={quoteattr(TRUNCATED_LINK)}/>"
    rows = []
    for row in table.rows:
        cells = "".join(f"<binding name={quoteattr(c)}>{_xml_term(t)}</binding>"
                        for c, t in zip(table.columns, row) if t is not None)
        rows.append(f"<result>{cells}</result>")
    return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{head}</head><results>{''.join(rows)}</results></sparql>\n")


def _csv(table: Table) -> str:
    """SPARQL 1.1 CSV: plain values, blank nodes as _:label, CRLF line ends."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(table.columns)
    for row in table.rows:
        out.writerow(["" if t is None else f"_:{t.value}" if t.kind == "bnode" else t.value
                      for t in row])
    if table.truncated:
        out.writerow([truncation_note(table)])
    return buf.getvalue()


def nt_term(term: Term) -> str:
    """A term in N-Triples/Turtle syntax (TSV cells, VALUES blocks for remote stores)."""
    if term.kind == "uri":
        return f"<{term.value}>"
    if term.kind == "bnode":
        return f"_:{term.value}"
    text = (term.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))
    if term.lang:
        return f'"{text}"@{term.lang}'
    return f'"{text}"^^<{term.datatype}>' if term.datatype else f'"{text}"'


def _tsv(table: Table) -> str:
    """SPARQL 1.1 TSV: ?-prefixed header, terms in Turtle syntax."""
    lines = ["\t".join(f"?{c}" for c in table.columns)]
    lines += ["\t".join("" if t is None else nt_term(t) for t in row) for row in table.rows]
    if table.truncated:
        lines.append(truncation_note(table))
    return "\n".join(lines) + "\n"
