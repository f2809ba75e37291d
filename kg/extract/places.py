"""What the text says lies where.

locatedIn comes from appositive chains ("Khan Yunis, southern Gaza Strip, Palestine"),
"<place> in <place>" ("Gurbuz district in the southeast of Khost province", "Port Sudan, in
eastern Sudan,"), described
places ("El Fasher, the capital of North Darfur"), "the West Bank city of Ramallah",
possessive place genitives ("Gaza's Rafah border crossing", "the territory's Rafah
crossing") and descriptions that point back to a place named earlier ("the crossing near
the city of Rafah", "the scenic Swiss city"). Lists ("Gaza, Sudan and the Horn of Africa")
are not chains. Earlier places come from the document's mention index, never from state
kept between sentences.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.agents import AgentReader
from kg.extract.frames import ContainmentFrame, Sentence, ident
from kg.extract.mentions import PLACE_KINDS
from kg.extract.spans import source
from kg.records import Mention

PLACE_PREPS = {"in", "near", "inside", "outside", "within"}
PLACE_NOUNS = {"capital", "city", "town", "village", "region", "province", "area", "port", "district",
               "enclave", "territory", "camp", "neighbourhood", "neighborhood", "governorate", "strip",
               "crossing", "state", "county", "municipality", "resort", "valley", "island"}
PARTS = {"south", "north", "east", "west", "southeast", "southwest", "northeast", "northwest",
         "south-east", "south-west", "north-east", "north-west", "outskirts", "heart", "centre",
         "center", "part", "edge", "suburbs", "middle"}
NAME_LABELS = {"FAC", "LOC", "GPE", "WORK_OF_ART", "PLACE", "CITY"}


class PlaceRules:
    """Finds containment statements in a sentence."""

    def __init__(self, reader: AgentReader, cues: dict[str, frozenset[str]]) -> None:
        self.r, self.m, self.cues = reader, reader.m, cues
        self.places = sorted(((t, m) for t, m in self.m.by_token.items() if m.kind == "Place"),
                             key=lambda item: item[0])

    def find(self, span: Span, sent: Sentence) -> list[ContainmentFrame]:
        found = (self._chains(span) + self._prepositions(span) + self._described(span)
                 + self._city_of(span) + self._genitives(span))
        out, seen = [], set()
        for place, container in found:
            key = (ident(place), ident(container))
            if container.text.split()[-1].lower() in self.cues["water_bodies"]:
                continue             # "the Red Sea port city of Aqaba" lies on it, not in it
            if key[0] != key[1] and key not in seen:
                seen.add(key)
                out.append(ContainmentFrame(place, container, sent))
        return out

    def _chains(self, span: Span) -> list[tuple[Mention, Mention]]:
        found = []
        for token in self._places_in(span):
            place = self.m.at(token)
            if (token.i + 1 < span.end and
                                                         self.m.at(token.doc[token.i + 1]) is place):
                continue
            nxt = token.i + 1
            if nxt >= span.end or token.doc[nxt].text != ",":
                continue
            nxt += 1
            while nxt < span.end and token.doc[nxt].lower_ in self.cues["directions"]:
                nxt += 1
            if nxt >= span.end:
                continue
            container = self.m.at(token.doc[nxt])
            if container and container.kind in PLACE_KINDS and ident(container) != ident(place) \
                    and self._apposed(token.doc[nxt], place, container):
                found.append((place, container))
        return found

    def _described(self, span: Span) -> list[tuple[Mention, Mention]]:
        """"Port Sudan, a city on the Red Sea coast of Sudan": the last place named."""
        found = []
        for token in self._places_in(span):
            place = self.m.at(token)
            for appos in (c for c in token.children if c.dep_ == "appos"):
                if appos.lemma_.lower() not in PLACE_NOUNS or self.m.at(appos) is not None:
                    continue                     # a named place is a chain, not a description
                own = [c for t in appos.children if t.dep_ in ("amod", "compound", "nmod")
                       for c in [self._named_place(t)] if c]      # "a Lebanese border town"
                inner = own or [m for m in self.m.within(list(appos.subtree), set(PLACE_KINDS))
                                if ident(m) != ident(place)]
                if inner:
                    found.append((place, inner[-1]))
        return found

    def _city_of(self, span: Span) -> list[tuple[Mention, Mention]]:
        """"the occupied West Bank city of Ramallah": Ramallah lies in the West Bank;
        "the scenic Swiss city": the city named last lies in Switzerland."""
        found = []
        w = self.m.words
        for noun in w.where(span, lambda i: w.lemma[i] in PLACE_NOUNS):
            if self.m.at(noun):
                continue
            container = next((c for t in noun.children if t.dep_ in ("compound", "amod", "nmod")
                              for c in [self._named_place(t)] if c), None)
            if container is None:
                continue
            named = [self.m.at(o) for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                     for o in p.children]
            if named and named[0] is not None and named[0].kind == "Place":
                found.append((named[0], container))
            elif not named and container.kind == "Country" and _named_after(noun, self.m):
                after = self.m.at(noun.doc[noun.i + 2])      # "the Omani capital, Muscat"
                if after.kind == "Place":
                    found.append((after, container))
            elif not named and any(c.lower_ == "the" for c in noun.children) and \
                    container.kind == "Country" and not _named_after(noun, self.m):
                earlier = self._earlier(noun, noun.lemma_.lower(), container.key)
                if earlier is not None:
                    found.append((earlier, container))
        return found

    def _genitives(self, span: Span) -> list[tuple[Mention, Mention]]:
        """"Gaza's Rafah border crossing", "the territory's Rafah crossing"."""
        found = []
        for token in self._places_in(span):
            place = self.m.at(token)
            for owner in (c for c in token.children if c.dep_ == "poss"):
                container = self._named_place(owner)
                if container is None and owner.lemma_.lower() in PLACE_NOUNS:
                    container = self._earlier(owner, None)
                if container is not None and ident(container) != ident(place):
                    found.append((place, container))
        return found

    def _places_in(self, span: Span) -> list[Token]:
        by = self.m.by_token
        return self.m.words.where(span, lambda i: i in by and by[i].kind == "Place")

    def _named_place(self, token: Token) -> Mention | None:
        mention = self.m.at(token)
        if mention is not None:
            return mention if mention.kind in PLACE_KINDS else None
        return self.m.country(token)

    def _earlier(self, token: Token, noun: str | None, country: str | None = None) -> Mention | None:
        """The last place named before `token` (of that kind of place when `noun` says, in
        that country when `country` says: "the Swiss city" is the last Swiss city)."""
        for index, place in reversed(self.places):
            if index >= token.i or country and self.r.gaz.country_of(place.key or "") != country:
                continue
            if noun is None or noun in ("city", "town", "capital") and self.r.gaz.country_of(
                    place.key or "") or place.text.lower().split()[-1] == noun:
                return place
        return None

    def _apposed(self, token: Token, place: Mention, container: Mention) -> bool:
        """A list item is not a container, unless the gazetteer agrees on the country."""
        inner = self.r.gaz.country_of(place.key or "")
        if container.kind == "Country" and inner is not None:
            return inner == container.key
        head = token
        while self.m.at(head.head) is container and head.head.i != head.i:
            head = head.head
        return head.dep_ != "conj"

    def _prepositions(self, span: Span) -> list[tuple[Mention, Mention]]:
        found = []
        w = self.m.words
        for prep in w.where(span, lambda i: w.lower[i] in PLACE_PREPS):
            if prep.dep_ != "prep":
                continue
            place = self._apposed_before(prep, span) or self._place_of(prep.head)
            before = self.m.at(span.doc[prep.i - 1]) if prep.i > span.start else None
            if (place is None or place.kind != "Place") and before is not None and \
                    before.kind == "Place" and any(o.lower_ in PARTS for o in prep.children):
                place = before       # "Gurbuz district in the southeast of Khost province"
            container = next((c for o in prep.children for c in [self._container(o)] if c), None)
            if place and container and ident(place) != ident(container) and place.kind == "Place":
                found.append((place, container))
        return found

    def _apposed_before(self, prep: Token, span: Span) -> Mention | None:
        """"Port Sudan, in eastern Sudan, has become ...": a place, a comma, then the phrase
        says where it lies, whatever the parser hung the phrase on (the verb, the comma)."""
        if prep.i - 2 < span.start or span.doc[prep.i - 1].text != ",":
            return None
        place = self.m.at(span.doc[prep.i - 2])
        return place if place is not None and place.kind == "Place" else None

    def _place_of(self, token: Token) -> Mention | None:
        mention = self.m.at(token)
        if mention is not None:
            return mention if mention.kind == "Place" else None
        if token.ent_type_ in NAME_LABELS:          # "the so-called “Yellow Line” in Gaza"
            ent = self.m.ent_of[token.i]
            text = source(ent.doc, ent.start_char, ent.end_char)
            return Mention(ent.start_char, ent.end_char, text.strip("“”\"' "), "Place")
        if token.pos_ == "NOUN" and any(c.lower_ == "the" for c in token.children):
            return self._earlier(token, token.lower_)
        return None

    def _container(self, obj: Token) -> Mention | None:
        mention = self.m.at(obj)
        if mention and mention.kind in PLACE_KINDS:
            return mention
        if obj.lower_ in PLACE_NOUNS | PARTS:
            for prep in (c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"):
                for inner in prep.children:
                    found = self.m.at(inner)
                    if found and found.kind in PLACE_KINDS:
                        return found
        return None


def _named_after(noun: Token, mentions) -> bool:
    """"the Red Sea resort city, Sharm El-Sheikh": the description names its place itself."""
    doc = noun.doc
    return noun.i + 2 < len(doc) and doc[noun.i + 1].text == "," and mentions.at(doc[noun.i + 2]) is not None
