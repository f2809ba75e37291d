"""Names listed on the surface after a word: "with Qatar's PM Al Thani and Egypt's
intelligence head Hassan Rashad". The small model often hangs the later names of such a
list anywhere, so the list is read word by word until a verb, a clause or a new phrase.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.records import Mention

if TYPE_CHECKING:
    from kg.extract.agents import AgentReader

LIST_STOPS = {"on", "about", "over", "regarding", "to", "for", "in", "at", "during", "after",
              "before", "amid", "as", "since", "under", "following", "who", "which", "where",
              "that", "when", "while", "but", "because", "according", "despite", "via"}
CLAUSE_MARKS = {";", ":", "—", "–", "(", '"', "“", "”"}


def is_possessor(token: Token) -> bool:
    """"Trump" in "Trump's son-in-law" names an owner, not a participant."""
    return any(c.dep_ == "case" for c in token.children) or token.dep_ == "poss"


def listed_after(reader: "AgentReader", token: Token) -> list[Mention]:
    """The names listed right after `token`, read off the surface; stops at a verb, a
    clause or a new phrase."""
    found: list[Mention] = []
    doc, titled = token.doc, reader.m.titled
    for i in range(token.i + 1, len(doc)):
        t = doc[i]
        if t.is_sent_start or t.lower_ in LIST_STOPS or t.text in CLAUSE_MARKS or \
                t.pos_ in ("VERB", "AUX") and i not in titled:
            break
        if t.text == "," and i + 1 < len(doc) and (doc[i + 1].pos_ in ("VERB", "AUX")
                                                   or doc[i + 1].lower_ in LIST_STOPS):
            break
        named = titled.get(i) or reader.m.at(t)
        if named is None or is_possessor(t) and i not in titled or \
                i not in titled and _aside(t, token):
            continue
        named = reader.metonym(named)
        if named.kind in ("Person", "Organization", "Country") and named not in found:
            found.append(named)
    return found


def _aside(token: Token, start: Token) -> bool:
    """A name inside an apposition, an "of" phrase or another clause's subject ("with A, a
    member of Hamas' Political Bureau", "with B, Egypt's Foreign Ministry said"): not listed."""
    for node in [token, *token.ancestors]:
        if node.i <= start.i:
            return False
        if node.dep_ in ("appos", "nsubj", "nsubjpass", "relcl", "acl") or \
                node.dep_ == "pobj" and node.head.lower_ == "of":
            return True
    return False
