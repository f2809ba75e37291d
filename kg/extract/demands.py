"""Calls for action: who calls for what, about which entities, urging whom.

Cues: "called for X", "called on Y to do X", "urged/pressed Y to do X", "demanded X",
"appealed to Y to do X", "stressed/underscored the need to do X", "emphasized the
importance of X", "a call for X". A list of demands in one phrase ("withdrawal ... and
the reopening of ...") gives one demand per item.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract import clauses, labels
from kg.extract.agents import AgentReader
from kg.extract.frames import Agent, DemandFrame, Ref, Sentence, ident
from kg.records import Mention

CALL_PREPS = ("for", "on", "to")
ABOUT_KINDS = {"Place", "Organization", "Country", "Person"}
FOR_ONLY = {"push": "for", "lobby": "for", "campaign": "for", "argue": "for",
            "insist": "on"}       # a call only with its preposition: "push for X", "insist on X"


class DemandRules:
    """Finds demands in a sentence."""

    def __init__(self, reader: AgentReader, cues: dict[str, frozenset[str]]) -> None:
        self.r, self.m, self.cues = reader, reader.m, cues

    def find(self, span: Span, sent: Sentence) -> list[DemandFrame]:
        found: list[DemandFrame] = []
        w, cues = self.m.words, self.cues
        cue = set(FOR_ONLY) | cues["call_verbs"] | cues["need_verbs"] | cues["call_nouns"]
        for token in w.where(span, lambda i: w.lemma[i] in cue):
            lemma = token.lemma_.lower()
            if token.pos_ in ("VERB", "AUX") and lemma in FOR_ONLY:
                found.extend(self._call_verb(token, sent, only_for=True))
            elif token.pos_ in ("VERB", "AUX") and lemma in self.cues["call_verbs"]:
                found.extend(self._call_verb(token, sent))
            elif token.pos_ in ("VERB", "AUX") and lemma in self.cues["need_verbs"]:
                found.extend(self._need(token, sent))
            elif token.pos_ == "NOUN" and lemma in self.cues["call_nouns"]:
                found.extend(self._call_noun(token, sent))
        unique: dict[tuple, DemandFrame] = {}
        for frame in found:
            unique.setdefault((tuple(map(ident, frame.callers)), frame.label), frame)
        frames = list(unique.values())
        self._share_about(frames, span)
        return frames

    def _share_about(self, frames: list[DemandFrame], span: Span) -> None:
        """"called for sanctions and arms embargoes" after "... suspending Israel's
        credentials": items of one sentence's list that name nothing concern what the
        others name, else what the sentence names beside the caller."""
        urged = {ident(f.addressee) for f in frames if f.addressee is not None}
        for frame in frames:
            if not frame.about:
                same = [o for o in frames if list(map(ident, o.callers)) == list(map(ident, frame.callers))]
                frame.about = list(dict.fromkeys(m for o in same for m in o.about
                                                 if m.kind in ("Country", "Organization")
                                                 and ident(m) not in urged))
        callers = {ident(c) for f in frames for c in f.callers} | urged
        for frame in frames:
            if not frame.about:
                lo, hi = frame.caller_chars
                frame.about = [m for m in self.m.within(span) if ident(m) not in callers
                               and m.kind in ("Country", "Organization", "Place")
                               and not lo <= m.start < hi]

    def _call_verb(self, verb: Token, sent: Sentence, only_for: bool = False) -> list[DemandFrame]:
        addressee: list[Agent] = []
        items: list[Token] = []
        purposes: list[Token] = []      # infinitives the parse hung on the verb, used alone
        for child in verb.children:
            if only_for and not (child.dep_ == "prep" and child.lower_ == FOR_ONLY[verb.lemma_.lower()]
                                 or child.dep_ == "advcl" and _marked_for(child)):
                continue                          # "pushed for the talks to include X"
            if only_for and child.lower_ == "on" and child.dep_ == "prep":
                items.extend(t for o in child.children for t in labels.list_items(o))     # "insisted on X"
            elif child.dep_ in ("prep", "conj") and child.pos_ == "ADP" and child.lower_ in CALL_PREPS:
                found, named = self._after_preposition(child)
                items.extend(found)
                addressee = addressee if named is None else named
            elif child.dep_ in ("dobj", "dative") and verb.lemma_ != "demand":
                addressee = self.r.agents(child)
                if not addressee and verb.lemma_ != "call" and not any(
                        c.dep_ in ("xcomp", "ccomp") for c in verb.children):
                    items.extend(clauses.phrase_heads(child))
            elif child.dep_ in ("dobj", "ccomp") and verb.lemma_ == "demand":
                items.append(child)
            if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX"):
                items.extend(t for t in clauses.phrase_heads(child) if t.tag_ == child.tag_)
            elif child.dep_ == "advcl" and _marked_for(child):
                items.append(child)               # "called for the parties to agree to X"
            elif child.dep_ == "advcl" and any(m.dep_ == "aux" and m.lower_ == "to"
                                               for m in child.children):
                purposes.append(child)            # "called on both parties to show ..."
        if any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children):
            items.extend(self._listed_on(verb))
        items = [t for t in items if t.lemma_.lower() not in self.cues["call_verbs"]
                 and not _subject_of(t, items)]
        called_on = any(c.dep_ == "prep" and c.lower_ == "on" for c in verb.children)
        if not items and (addressee or called_on):   # "called on the international community to"
            items = purposes
        if not items:      # "urged X to stop ... and called on Y to ...": each verb by itself
            return []
        items = labels.with_listed_infinitives(items)
        target = addressee[0] if len(addressee) == 1 else None
        return self._frames(verb, items, target, sent)

    def _listed_on(self, verb: Token) -> list[Token]:
        """"called for A, the establishment of B, and progress toward C": later items the
        parse hung on the verb after a comma."""
        prep = next(c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for")
        out: list[Token] = []
        for child in verb.children:
            if child.i > prep.i and child.dep_ in ("npadvmod", "dobj", "appos") and \
                    child.pos_ in ("NOUN", "PROPN", "VERB") and verb.doc[child.i - 1].text != "to":
                out.extend(clauses.phrase_heads(child))
        return [t for t in out if t.pos_ != "VERB" or t.tag_ in ("NN", "NNS", "VBG")]

    def _after_preposition(self, prep: Token) -> tuple[list[Token], list[Agent] | None]:
        """"called for X and for Y" (items), "called on Y to do X" (addressee, items)."""
        items: list[Token] = []
        addressee: list[Agent] | None = None
        for each in [prep, *prep.conjuncts]:
            for obj in each.children:
                if each.lower_ == "for" and obj.dep_ in ("pobj", "pcomp"):
                    items.extend(labels.list_items(obj))
                elif obj.dep_ == "pobj":
                    addressee = self.r.agents(obj)
                    items.extend(self._infinitives(obj))
        return items, addressee

    def _infinitives(self, obj: Token) -> list[Token]:
        """"called on all parties to exercise restraint": the verbs after the addressee."""
        return [v for c in obj.children if c.dep_ in ("acl", "relcl", "xcomp") and c.pos_ == "VERB"
                for v in clauses.phrase_heads(c)]

    def _need(self, verb: Token, sent: Sentence) -> list[DemandFrame]:
        items: list[Token] = []
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            if obj.lemma_.lower() not in self.cues["need_nouns"]:
                continue
            nouns = [t for c in obj.children if c.dep_ == "prep" and c.lower_ in ("of", "for")
                     for o in c.children for t in labels.list_items(o)]
            verbs = [t for c in obj.children if (c.dep_ in ("acl", "relcl", "xcomp") or c.dep_ == "advcl"
                     and _marked_for(c)) and c.pos_ in ("VERB", "AUX")     # "the need for the EU to take"
                     for t in clauses.phrase_heads(c)]
            items.extend(t for t in nouns or verbs   # "the need for tents to shield ...": the tents
                         if t.lemma_.lower() not in self.cues["call_verbs"])   # "... and called for"
        items = labels.with_listed_infinitives(items)
        return self._frames(verb, items, None, sent) if items else []

    def _call_noun(self, noun: Token, sent: Sentence) -> list[DemandFrame]:
        items = [t for c in noun.children if c.dep_ == "prep" and c.lower_ == "for"
                 for o in c.children for t in labels.list_items(o)]
        items += [c for c in noun.children if c.dep_ in ("advcl", "acl") and
                  any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)]
        if not items:
            return []
        callers, _ = self.r.of_event_noun(noun, clauses.SPEECH_VERBS)
        return [DemandFrame(callers, self._label(t), self._about(t), None, sent, noun.i,
                            is_call_subject=noun.dep_ in ("nsubj", "nsubjpass"))
                for t in items if callers]

    def _frames(self, verb: Token, items: list[Token], addressee: Agent | None,
                sent: Sentence) -> list[DemandFrame]:
        subj = clauses.subject(verb)
        if subj is None:
            return []
        callers = self.r.agents(subj)
        bare = not self.r.owner(subj) and all(isinstance(c, Ref) and c.kind == "group"
                                              and not c.owners for c in callers)
        chars = (min(t.idx for t in subj.subtree), max(t.idx + len(t) for t in subj.subtree))
        when = clauses.date_text(clauses.clause_tokens(verb), self.m)
        frames = [DemandFrame(callers, self._label(t, labels.other_items(t, items) | labels.own_subject(t)),
                              self._about(t), addressee, sent, verb.i, bare and bool(callers),
                              chars, when=when) for t in items]
        frames = [f for f in frames if f.label]
        counted = _counted(subj) if all(isinstance(c, Ref) and not c.owners for c in callers) else 0
        for frame in frames:
            frame.counted = counted
        for frame in frames:
            if isinstance(addressee, Mention) and addressee not in frame.about:
                frame.about.insert(0, addressee)   # "urged Israel to withdraw": about Israel
        return frames if callers else []

    def _label(self, head: Token, exclude: frozenset[int] = frozenset()) -> str:
        return labels.nominal(head, self.r.gaz.nominalizations, exclude)

    def _about(self, head: Token) -> list[Mention]:
        tokens = labels.phrase_tokens(head)
        found = []
        for mention in self.m.within(tokens, ABOUT_KINDS):
            found.append(self.r.metonym(mention))
        return found


def _subject_of(token: Token, items: list[Token]) -> bool:
    """"called for the Palestinian Authority to take over ...": the parse hangs both on the
    verb, but the "for" object is who should do what the infinitive right after it says."""
    return token.dep_ == "pobj" and token.head.lower_ == "for" and any(
        item.pos_ in ("VERB", "AUX") and item.left_edge.i == token.right_edge.i + 1
        and item.left_edge.lower_ == "to" for item in items)


def _marked_for(clause: Token) -> bool:
    """"for the parties to agree": a clause introduced by "for"."""
    return any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children)


def _counted(subj: Token) -> int:
    """"The two ministers", "both leaders": how many people a plural description counts."""
    for child in subj.children:
        if child.lower_ in ("both", "two"):
            return 2
        if child.lower_ == "three":
            return 3
    return 0
