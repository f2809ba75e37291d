"""Short labels for what a phrase names: demands, topics, mediated talks.

"the need to implement X, support Y and deploy Z" gives three labels; a label keeps its
condition ("even before Hamas returns ...") and drops asides, "as ..." and "during ..."
phrases and the other items of its list, unless the list is one thing ("tents, mobile
homes and heavy machinery"). Labels are cut from the article as written.
"""
from __future__ import annotations

from spacy.tokens import Token

from kg.extract.clauses import phrase_heads, rest_of_sentence
from kg.extract.mentions import Mentions
from kg.extract.spans import source
from kg.records import Topic

MAX_LABEL_TOKENS = 14
DEEP_CUT = {"relcl", "parataxis", "appos"}
CUT_PREPS = {"during", "as", "according", "amid", "despite", "including"}
CONDITIONS = {"before", "after", "until", "unless", "if", "once"}


def phrase_text(head: Token, exclude: frozenset[int] = frozenset()) -> str:
    """A short label for the phrase a token heads, without its coordinated siblings (nor
    the `exclude`d tokens: other items of the same list)."""
    tokens = [t for t in phrase_tokens(head) if not t.is_space and t.i not in exclude]
    while tokens and tokens[-1].lower_ in ("and", "or", ",", "to"):
        tokens = tokens[:-1]
    while tokens and (tokens[0].dep_ in ("det", "cc", "punct", "prep", "aux", "mark", "case")
                      or tokens[0].lower_ in ("as", "well")):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]
    kept = tokens[:MAX_LABEL_TOKENS]
    doc = head.doc
    text = "".join(source(doc, t.idx, t.idx + len(t.text_with_ws))
                   if i + 1 < len(kept) and kept[i + 1].i == t.i + 1
                   else source(doc, t.idx, t.idx + len(t)) + " " for i, t in enumerate(kept)).strip()
    return text.strip(" ,;:“”\"'‘’")


def is_goods_list(head: Token) -> bool:
    """A list of three or more bare nouns ("tents, mobile homes and heavy machinery"): one
    thing asked for or talked about, not one item each."""
    heads = phrase_heads(head)
    return len(heads) >= 3 and all(t.pos_ in ("NOUN", "PROPN") and not any(
        c.dep_ in ("det", "poss", "prep", "acl", "relcl") for c in t.children) for t in heads)


def _cut(token: Token, head: Token, whole: bool = False) -> bool:
    """What does not belong in a short label: the other items of a list (unless the list
    is one thing), asides, "as ..." and "during ..." phrases. A condition ("even before
    Hamas returns ...") stays."""
    if token.head.i == head.i and (token.dep_ in ("cc", "npadvmod") or token.dep_ == "conj"
                                   and not whole or token.dep_ == "punct" and token.i > head.i
                                   and not whole):
        return True
    if token.dep_ == "advcl":
        return not any(c.lower_ in CONDITIONS for c in token.children if c.dep_ in ("mark", "advmod"))
    return token.dep_ in DEEP_CUT or token.dep_ == "prep" and token.lower_ in CUT_PREPS


def phrase_tokens(head: Token) -> list[Token]:
    """The tokens of the phrase a token heads that a short label keeps."""
    skip: set[int] = set()
    whole = is_goods_list(head)
    for token in head.subtree:
        if token.i != head.i and token.i not in skip and _cut(token, head, whole):
            skip.update(t.i for t in token.subtree)
    return [t for t in head.subtree if t.i not in skip]


def with_listed_infinitives(items: list[Token]) -> list[Token]:
    """"the need to implement X, support Y and deploy Z": parses often drop the later verbs
    of such a list, so base-form verbs right after a comma or "and" join it."""
    out = list(items)
    first = next((t for t in items if t.tag_ == "VB"), None)
    if first is None:
        return out
    for token in rest_of_sentence(first):
        before = token.doc[token.i - 1]
        if token.tag_ == "VB" and before.lower_ in (",", "and", "or") and token not in out \
                and not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            out.append(token)
    return out


def topics_of(head: Token, mentions: Mentions) -> list[Topic]:
    """One Topic per list item, plus the places and organizations each item names."""
    topics: list[Topic] = []
    for item in phrase_heads(head):
        label = phrase_text(item)
        if not label:
            continue
        named = mentions.within(phrase_tokens(item), {"Place", "Organization", "Country"})
        if named:
            topics.extend(Topic(label, m) for m in named)
        else:
            topics.append(Topic(label))
    return topics


def nominal(head: Token, nominalizations: dict[str, str], exclude: frozenset[int] = frozenset()) -> str:
    """A noun phrase for what a verb demands: "reopen the Rafah crossing" reads "reopening
    of the Rafah crossing" (kg/data/cues.json lists the nominalizations; other verbs take
    the gerund)."""
    text = phrase_text(head, exclude)
    if head.pos_ != "VERB" or not text.startswith(head.text + " "):
        return text
    rest = text[len(head.text) + 1:]
    noun = nominalizations.get(head.lemma_.lower()) or _gerund(head.lemma_)
    if noun.endswith(" of") and not any(c.dep_ == "dobj" for c in head.children):
        noun = noun[:-3]
    return f"{noun} {rest}"


def _gerund(lemma: str) -> str:
    """"sever" -> "severing", "move" -> "moving", "let" -> "letting" (one-syllable
    consonant-vowel-consonant verbs double the last letter).

    >>> [_gerund(v) for v in ("sever", "move", "let", "stop", "free", "open")]
    ['severing', 'moving', 'letting', 'stopping', 'freeing', 'opening']
    """
    lemma = lemma.lower()
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        return lemma[:-1] + "ing"
    vowels = "aeiou"
    if len(lemma) <= 4 and len(lemma) >= 3 and lemma[-1] not in vowels + "wxy" and \
            lemma[-2] in vowels and lemma[-3] not in vowels and sum(c in vowels for c in lemma) == 1:
        return lemma + lemma[-1] + "ing"
    return lemma + "ing"


def list_items(obj: Token) -> list[Token]:
    """The items of a demanded list, one demand each, unless the list is one thing."""
    return [obj] if is_goods_list(obj) else phrase_heads(obj)


def own_subject(item: Token) -> frozenset[int]:
    """"called for Israel to lift the siege": the label is the lifting; Israel is what it is
    about (its subject stays out of the label)."""
    if item.pos_ not in ("VERB", "AUX"):
        return frozenset()
    return frozenset(t.i for c in item.children if c.dep_ in ("nsubj", "mark")
                     for t in c.subtree)       # a passive subject is what is acted on: kept


def other_items(item: Token, items: list[Token]) -> frozenset[int]:
    """The tokens of the other listed items, which one item's label must not swallow."""
    return frozenset(t.i for other in items if other.i != item.i and item.i not in
                     {s.i for s in other.subtree} for t in other.subtree)
