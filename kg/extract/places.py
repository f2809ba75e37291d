"""What the text says lies where, and who holds which post.

locatedIn comes from appositive chains ("Khan Yunis, southern Gaza Strip, Palestine"),
"<place> in <place>" ("the Yellow Line in the Gaza Strip") and definite descriptions of
a place named earlier ("the crossing near the southern city of Rafah"). Lists ("Gaza,
Sudan and the Horn of Africa") are not chains. Posts come from appositions ("Kalin,
head of MIT", "al-Hayya, a member of Hamas' Political Bureau").
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract import clauses
from kg.extract.agents import AgentReader
from kg.records import Mention

PLACE_PREPS = {"in", "near", "inside", "outside"}
NAME_LABELS = {"FAC", "LOC", "GPE", "WORK_OF_ART", "PLACE", "CITY"}
ROLE_HEADS = {"member"}
PLACE_NOUNS = {"capital", "city", "town", "village", "region", "province", "area", "port", "district",
               "enclave", "territory", "camp", "neighbourhood", "neighborhood", "governorate"}


@dataclass
class ContainmentDraft:
    place: Mention
    container: Mention
    sent: Span


@dataclass
class PostDraft:
    holder: Mention
    role: str
    organization: Mention
    sent: Span


class PlaceRules:
    """Finds containment statements and posts in a sentence."""

    def __init__(self, reader: AgentReader, cues: dict[str, frozenset[str]]) -> None:
        self.r, self.m, self.cues = reader, reader.m, cues
        self.places_seen: list[Mention] = []

    def find(self, sent: Span) -> list[ContainmentDraft]:
        found = self._chains(sent) + self._prepositions(sent) + self._described(sent)
        self.places_seen.extend(m for m in self.m.within(sent) if m.kind == "Place")
        return found

    def _chains(self, sent: Span) -> list[ContainmentDraft]:
        found = []
        for token in sent:
            place = self.m.at(token)
            if place is None or place.kind != "Place" or (token.i + 1 < sent.end and
                                                         self.m.at(token.doc[token.i + 1]) is place):
                continue
            nxt = token.i + 1
            if nxt >= sent.end or token.doc[nxt].text != ",":
                continue
            nxt += 1
            while nxt < sent.end and token.doc[nxt].lower_ in self.cues["directions"]:
                nxt += 1
            if nxt >= sent.end:
                continue
            container = self.m.at(token.doc[nxt])
            if container and container.kind in ("Place", "Country") and container.key != place.key \
                    and self._apposed(token.doc[nxt], place, container):
                found.append(ContainmentDraft(place, container, sent))
        return found

    def _described(self, sent: Span) -> list[ContainmentDraft]:
        """"Port Sudan, a city on the Red Sea coast of Sudan": the last place named."""
        found = []
        for token in sent:
            place = self.m.at(token)
            if place is None or place.kind != "Place":
                continue
            for appos in (c for c in token.children if c.dep_ == "appos"):
                if appos.lemma_.lower() not in PLACE_NOUNS:
                    continue
                inner = [m for m in self.m.within(list(appos.subtree), {"Place", "Country"})
                         if m.key != place.key]
                if inner:
                    found.append(ContainmentDraft(place, inner[-1], sent))
        return found

    def _apposed(self, token: Token, place: Mention, container: Mention) -> bool:
        """A list item is not a container, unless the gazetteer agrees on the country."""
        inner = self.r.gaz.country_of(place.key or "")
        if container.kind == "Country" and inner is not None:
            return inner == container.key
        head = token
        while self.m.at(head.head) is container and head.head is not head:
            head = head.head
        return head.dep_ != "conj"

    def _prepositions(self, sent: Span) -> list[ContainmentDraft]:
        found = []
        for prep in sent:
            if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS:
                continue
            place = self._place_of(prep.head)
            container = next((c for o in prep.children for c in [self._container(o)] if c), None)
            if place and container and place.key != container.key and place.kind == "Place":
                found.append(ContainmentDraft(place, container, sent))
        return found

    def _place_of(self, token: Token) -> Mention | None:
        mention = self.m.at(token)
        if mention is not None:
            return mention if mention.kind == "Place" else None
        if token.ent_type_ in NAME_LABELS:
            ent = self.m.ent_of[token.i]
            return Mention(ent.start_char, ent.end_char, ent.text.strip("“”\"' "), "Place")
        if token.pos_ == "NOUN" and any(c.lower_ == "the" for c in token.children):
            for earlier in reversed(self.places_seen):
                if earlier.text.lower().split()[-1] == token.lower_:
                    return earlier
        return None

    def _container(self, obj: Token) -> Mention | None:
        mention = self.m.at(obj)
        if mention and mention.kind in ("Place", "Country"):
            return mention
        if obj.lower_ in ("city", "town", "village", "region", "province", "area"):
            for prep in (c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"):
                for inner in prep.children:
                    found = self.m.at(inner)
                    if found and found.kind in ("Place", "Country"):
                        return found
        return None

    def posts(self, sent: Span) -> list[PostDraft]:
        """"Kalin, head of MIT": a person with an apposed role of an organization."""
        found = []
        for token in sent:
            holder = self.m.at(token)
            if holder is None or holder.kind != "Person":
                continue
            for appos in (c for c in token.children if c.dep_ == "appos"):
                for role in clauses.phrase_heads(appos):
                    if role.lower_ not in self.r.office_heads | ROLE_HEADS:
                        continue
                    org = self.r.owner(role)
                    if org and org[0].kind in ("Organization", "Country"):
                        found.append(PostDraft(holder, role.lower_, org[0], sent))
        return found
