"""Repairs to what NER found: names it missed, keys it cannot know, types it got wrong.

A bare surname of a person named in full is that person; a full name NER missed ends in a
surname it tagged elsewhere; "King Abdullah II" is a person; an acronym in parentheses is
the name before it; a name with a role beside it is a person ("Ramtane Lamamra, the UN
envoy"); "Gurbuz district" and "Ghulam Khan border crossing" are places; a title-case
headline's "Envoy Meets Key" is no name at all. Each pass reads and updates one `Mentions`.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from kg.extract.spans import clean, furniture, source
from kg.gazetteer import Gazetteer
from kg.names import fold, slug
from kg.records import Mention

if TYPE_CHECKING:
    from kg.extract.mentions import Mentions

HONORIFICS = {"king", "queen", "prince", "princess", "sheikh", "sheikha", "emir", "sultan",
              "ayatollah", "pope", "sir", "dame"}
PLACE_SUFFIXES = {"district", "province", "governorate", "region", "county", "crossing", "camp",
                  "checkpoint", "airport", "valley", "prefecture", "oblast", "municipality"}
SUFFIX_PARTS = {"border", "zero", "-", "point", "zero-point", "refugee", "land", "sea", "air"}


def add_bare_surnames(ms: "Mentions", names: set[str]) -> None:
    """A surname NER missed ("Abdelatty stressed ...") after the full name was seen."""
    for i in ms.named_tokens(names):
        token = ms.doc[i]
        if i not in ms.by_token and token.text[:1].isupper() \
                and not furniture(ms.doc[token.i:token.i + 1]):
            mention = Mention(token.idx, token.idx + len(token.text), token.text, "Person")
            ms.items.append(mention)
            ms.by_token[token.i] = mention

def add_full_names(ms: "Mentions", names: set[str]) -> None:
    """A full name NER missed ("Nickolay Mladenov met ...") whose surname it tagged
    elsewhere: capitalized words before a known surname."""
    for i in ms.named_tokens(names):
        token = ms.doc[i]
        if i not in ms.by_token or token.i == 0:
            continue
        mention = ms.by_token[token.i]
        if mention.kind != "Person" or mention.text != token.text:
            continue
        first = token.i
        while first > 0 and ms.doc[first - 1].pos_ == "PROPN" and \
                ms.doc[first - 1].text[:1].isupper() and first - 1 not in ms.by_token \
                and ms.doc[first - 1].lower_.rstrip(".") not in ms.gaz.roles.titles \
                and not ms.gaz.roles.is_role_word(ms.doc[first - 1].lower_) \
                and "\n" not in ms.doc[first - 1].text_with_ws and token.i - first < 3:
            first -= 1
        if first == token.i:
            continue
        full = Mention(ms.doc[first].idx, mention.end, source(ms.doc, ms.doc[first].idx, mention.end),
                       "Person")
        ms.items[ms.items.index(mention)] = full
        for i in range(first, token.i + 1):
            ms.by_token[i] = full

def add_honoured_names(ms: "Mentions") -> None:
    """"King Abdullah II", "Sheikh Tamim": an honorific before capitalized words NER
    left untagged names a person."""
    doc = ms.doc
    for index in [i for i, word in enumerate(ms.words.lower) if word in HONORIFICS]:
        token = doc[index]
        if token.i + 1 >= len(doc) or \
                token.i + 1 in ms.by_token or not doc[token.i + 1].text[:1].isupper():
            continue
        end = token.i + 1
        while end < len(doc) and end not in ms.by_token and doc[end].pos_ == "PROPN" and \
                (doc[end].text[:1].isupper()) and "\n" not in doc[end - 1].text_with_ws:
            end += 1
        if end == token.i + 1 or furniture(doc[token.i:end]):
            continue
        start_char, end_char = doc[token.i + 1].idx, doc[end - 1].idx + len(doc[end - 1])
        mention = Mention(start_char, end_char, source(doc, start_char, end_char), "Person")
        ms.items.append(mention)
        for i in range(token.i + 1, end):
            ms.by_token[i] = mention

def key_people(ms: "Mentions") -> None:
    """Within an article, "Kalin" is the "Ibrahim Kalin" named in full: one key for both."""
    full: dict[str, str] = {}
    keyed: dict[str, str] = {}
    for m in sorted((m for m in ms.items if m.kind == "Person"), key=lambda m: -len(m.text)):
        for last in surnames(fold(m.text)):
            full.setdefault(last, m.text)
            if m.key:
                keyed.setdefault(last, m.key)
    new: dict[int, Mention] = {}
    for i, m in enumerate(ms.items):
        if m.kind == "Person" and m.key is None:
            last = fold(m.text).split()[-1] if fold(m.text) else m.text
            key = keyed.get(last) or "person/" + slug(full.get(last, m.text))
            new[id(m)] = ms.items[i] = replace(m, key=key)
    for t, m in ms.by_token.items():
        ms.by_token[t] = new.get(id(m), m)

def key_acronyms(ms: "Mentions") -> None:
    """"National Committee for the Administration of Gaza (NCAG)": the acronym in
    parentheses after a name is that name."""
    doc = ms.doc
    acronyms: dict[str, str] = {}
    lower = ms.words.lower
    for i in range(2, len(doc) - 1):
        if lower[i - 1] != "(" or lower[i + 1] != ")" or not doc[i].is_upper:
            continue
        named = ms.by_token.get(i - 2)
        if named is None or named.kind not in ("Organization", "Place", "Country"):
            continue
        initials = "".join(w[0] for w in named.text.split() if w[:1].isupper())
        if not doc[i].text.replace(".", "").startswith(initials[:2]):
            continue
        key = named.key or f"{named.kind.lower()}/{slug(named.text)}"
        if named.key is None:
            ms.replace(named, replace(named, key=key))
        acronym = ms.by_token.get(i)
        if acronym is not None and acronym.key not in (None, key) and \
                ms.gaz.known.get(acronym.key or "") is not None:
            continue                       # the gazetteer knows the acronym as another body
        mention = Mention(doc[i].idx, doc[i].idx + len(doc[i]), doc[i].text, named.kind, key)
        acronyms[doc[i].text] = key
        if acronym is not None:
            ms.replace(acronym, mention)
        else:
            ms.items.append(mention)
            ms.by_token[i] = mention
    for m in list(ms.items):          # the acronym used again later in the article
        if m.key is None and m.text in acronyms:
            ms.replace(m, replace(m, key=acronyms[m.text]))


def place_suffix(ent: Span) -> list[Token]:
    """Lower-case place nouns right after a name: "Gurbuz district", "Khost province"."""
    doc, out = ent.doc, []
    i = ent.end
    while i < len(doc) and len(out) < 6 and doc[i].ent_type_ in ("", "CARDINAL") and \
            doc[i].lower_ in PLACE_SUFFIXES | SUFFIX_PARTS and not doc[i].text[:1].isupper():
        out.append(doc[i])
        i += 1
    while out and out[-1].lower_ not in PLACE_SUFFIXES:
        out.pop()
    return out


def headline_slip(ent: Span, gaz: Gazetteer) -> bool:
    """In title-case headlines the model tags word runs as names ("Envoy Meets Key"): a
    name holding a meeting or speech verb is not one."""
    if ent.ent_id_ or ent.label_ not in ("PERSON", "ORG"):
        return False
    cues = gaz.cues
    words = cues["meet_verbs"] | cues["host_verbs"] | cues["hold_verbs"] | cues["call_verbs"]
    return any(t.lemma_.lower() in words or t.lower_.rstrip("s") in words for t in ent)


def titled(ent: Span, gaz: Gazetteer) -> bool:
    """A two-word-or-longer name NER typed otherwise, with a role or title right beside it."""
    if ent.label_ not in ("ORG", "GPE", "LOC", "FAC") or len(ent) < 2 or \
            not all(t.text[:1].isupper() for t in ent):
        return False
    before = ent.doc[ent.start - 1] if ent.start else None
    if before is not None and (gaz.roles.is_role_word(before.lower_) or
                               before.lower_.rstrip(".") in gaz.roles.titles):
        return True
    root = ent.root
    return any(c.dep_ == "appos" and gaz.roles.is_role_word(c.lemma_) for c in root.children)


def surnames(name: str) -> list[str]:
    """The forms a surname takes alone: "Abdel Fattah el-Sisi" -> ["el-Sisi", "Sisi"]."""
    last = name.split()[-1]
    particle = re.match(r"(?i)(al|el|ad|as|ash|an|ar)-(?=\w)", last)
    return [last, last[particle.end():]] if particle else [last]


def person_names(doc: Doc, gaz: Gazetteer) -> set[str]:
    """Full names and surnames of the people NER or the gazetteer found, to retype surnames."""
    names: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and not headline_slip(ent, gaz) and not furniture(ent):
            text = clean(ent)[2]
            names.add(text)
            names.update(surnames(text) if len(ent) > 1 else [])
    return names


def key_national_bodies(ms: "Mentions") -> None:
    """"Ukraine's National Security Council" and "the US National Security Council" are two
    bodies: an organization NER found after a country's possessive or demonym, whose name
    does not say whose it is, is keyed with that country."""
    doc = ms.doc
    for mention in list(ms.items):
        if mention.kind != "Organization" or mention.key is not None:
            continue
        first = next((i for i, m in ms.by_token.items() if m is mention), None)
        if first is None or first == 0:
            continue
        before = first - 1
        if doc[before].text in ("'s", "’s", "'") and before > 0:
            before -= 1
        owner = ms.by_token.get(before)
        country = owner.key if owner is not None and owner.kind == "Country" else ms.demonym.get(before)
        if not country or not country.startswith("country/"):
            continue
        name = ms.gaz.known[country].label if country in ms.gaz.known else country
        if fold(name) in fold(mention.text):
            continue
        ms.replace(mention, replace(mention, key=f"organization/{country.split('/', 1)[1]}-{slug(mention.text)}"))
