"""Small dependency-tree readings shared by the relation rules: subjects, clauses, phrases."""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from kg.extract.mentions import PLACE_KINDS, Mentions
from kg.records import Mention

CLAUSE_DEPS = {"relcl", "advcl", "ccomp", "appos", "acl", "parataxis"}
ASIDE_DEPS = {"relcl", "acl", "advcl", "punct", "det", "cc", "appos"}
SUBJECT_DEPS = ("nsubj", "nsubjpass")
REPORT_VERBS = {"say", "report", "announce", "state", "add", "tell", "note", "claim", "cite",
                "quote", "confirm", "write", "describe", "reveal"}
RELATIVE = {"which", "who", "that", "whom"}
SPEECH_VERBS = {"say", "report", "tell", "note", "cite", "quote", "write", "add"}
LOCATION_PREPS = {"in", "at"}
PLACE_HEADS = {"city", "town", "capital", "village", "resort", "port"}


def subject(verb: Token) -> Token | None:
    """The subject of a verb, following control ("set to meet", "met ... to discuss")."""
    seen = 0
    while seen < 6:
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if subjects:     # a dateline ("RIYADH, ... -") can parse as a second subject
            before = [c for c in subjects if c.i < verb.i]
            found = before[-1] if before else subjects[0]
            if found.lower_ in RELATIVE and verb.dep_ == "relcl":
                head = verb.head          # "Qatar and Egypt, which have mediated ..."
                while head.dep_ == "conj" and head.head.i != head.i:
                    head = head.head
                return head
            return found
        if verb.dep_ in ("xcomp", "advcl", "conj", "ccomp", "acomp") and verb.head.i != verb.i:
            fallback = _as_subject(verb)
            if fallback is not None:
                return fallback
            verb = _coordinated_with(verb) if verb.dep_ == "conj" else verb.head
        elif verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            verb = verb.head.head                 # "commitment to implementing ... while emphasizing"
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and seen < 6:
                verb, seen = verb.head, seen + 1
        elif verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            owner = [c for c in verb.head.children if c.dep_ == "poss"]
            finite = verb.tag_ in ("VBD", "VBZ", "VBP") or verb.tag_ == "VBN" and \
                verb.i > 0 and verb.doc[verb.i - 1].text == ","  # "Grundberg, who ..., called on":
            if owner:                                    # a finite verb the parser hung on
                return owner[0]                          # the subject as a clause
            absolute = verb.tag_ == "VBG" and verb.head.dep_ == "pobj" and verb.head.head.lower_ == "with"
            return verb.head if verb.dep_ == "relcl" or absolute or finite and verb.head.pos_ == "PROPN" \
                else None            # absolute: "..., with the delegation stressing the need"
        else:
            return None
        seen += 1
    return None


def _coordinated_with(verb: Token) -> Token:
    """"The League called for Israel to lift X and urged donors ...": a finite verb the parse
    coordinated with an infinitive shares the subject of the finite verb above it."""
    if verb.tag_ in ("VBD", "VBZ", "VBP") and (verb.head.tag_ == "VB" or verb.head.dep_ == "relcl"
                                               and verb.head.tag_ != verb.tag_):
        # also "stressed the need to stop violations that threaten X and called on Y": the
        # past tense does not go on the relative clause's present one
        for ancestor in verb.head.ancestors:
            if ancestor.tag_ == verb.tag_:
                return ancestor
    return verb.head


def _as_subject(verb: Token) -> Token | None:
    """"resumed in Cairo as Egypt, the UN and the US called for ...": the parser makes the
    subject the object of "as"; it is the noun phrase right before the verb."""
    if verb.dep_ != "advcl" or verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    root = before
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ in ("as", "while", "when", "after", "since") \
            and root.pos_ in ("PROPN", "NOUN") and root.i < verb.i:
        return root
    return None


def clause_tokens(head: Token) -> list[Token]:
    """The head's subtree without embedded clauses (relative clauses, appositions, ...)."""
    out: list[Token] = []
    stack = [head]
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS)
    return sorted(out, key=lambda t: t.i)


def phrase_tokens(head: Token, keep: Callable[[Token, Token], bool]) -> list[Token]:
    """The words of a noun phrase without clauses and asides (at most 16), in text order;
    `keep(child, parent)` prunes more."""
    out, stack = [], [head]
    while stack and len(out) < 16:
        token = stack.pop()
        out.append(token)
        stack.extend(c for c in token.children if c.dep_ not in ASIDE_DEPS and keep(c, token))
    return sorted(out, key=lambda t: t.i)


def predicate_tokens(verb: Token) -> list[Token]:
    """The verb's subtree without its subject and relative clauses: where "in Istanbul" may
    hang in a bad parse (not "..., where they stressed ... in Gaza")."""
    skip = {t.i for c in verb.children if c.dep_ in SUBJECT_DEPS for t in c.subtree}
    skip |= {t.i for t in verb.subtree if t.dep_ == "relcl" for t in t.subtree}
    skip |= {t.i for c in verb.children if c.dep_ in ("advcl", "xcomp") and   # "to discuss X in Y"
             any(a.lower_ == "to" for a in c.children) for t in c.subtree}
    return [t for t in verb.subtree if t.i not in skip]


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above a noun that has a subject of its own."""
    for ancestor in token.ancestors:
        if ancestor.pos_ in ("VERB", "AUX") and subject(ancestor) is not None:
            return ancestor
    return None


def location(tokens: list[Token], mentions: Mentions,
             preps: frozenset[str] | set[str] = LOCATION_PREPS) -> Mention | None:
    """The first "in/at <place>" among the tokens ("in the West Bank city of Ramallah", "in
    the capital, Muscat")."""
    for token in tokens:
        if token.dep_ == "prep" and token.lower_ in preps:
            for obj in token.children:
                mention = mentions.at(obj)
                if mention and mention.kind in PLACE_KINDS:
                    return mention
                if obj.lemma_.lower() in PLACE_HEADS:   # "the city of Rafah", "the capital Ankara"
                    named = [mentions.at(o) for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                             for o in p.children] + [mentions.at(c) for c in obj.children if c.dep_ == "appos"]
                    named = [n for n in named if n is not None]
                    if named and named[0].kind in PLACE_KINDS:
                        return named[0]
    return None


def date_text(tokens: list[Token], mentions: Mentions) -> str | None:
    """The text of the first DATE entity among the tokens ("Saturday", "Yesterday")."""
    for token in tokens:
        if token.ent_type_ == "DATE":
            return mentions.ent_of[token.i].text
    return None


def phrase_heads(token: Token) -> list[Token]:
    """The token and its conjuncts: each heads one item of a list."""
    return [token, *token.conjuncts]


def rest_of_sentence(token: Token) -> list[Token]:
    """The tokens after `token` up to the end of its sentence (cheaper than `token.sent`)."""
    out = []
    for i in range(token.i + 1, len(token.doc)):
        nxt = token.doc[i]
        if nxt.is_sent_start:
            break
        out.append(nxt)
    return out


def evidence_span(sent: Span) -> tuple[int, int, str]:
    """Offsets and text of a sentence without surrounding whitespace."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    text = text.strip()
    return start, start + len(text), text
