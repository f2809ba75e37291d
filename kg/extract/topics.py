"""What meetings were about: "to discuss X", "talks on X", "The discussions focused on X"."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract import clauses, labels
from kg.extract.agents import AgentReader
from kg.extract.frames import Sentence, TopicFrame
from kg.records import Topic

TOPIC_PREPS = ("on", "about", "over", "regarding", "concerning")
NOT_TOPICS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
JOINT_WORDS = ("two", "three", "both", "all")


class TopicRules:
    """Reads topics off meeting nouns, topic verbs and follow-up sentences."""

    def __init__(self, reader: AgentReader, cues: dict[str, frozenset[str]]) -> None:
        self.r, self.m, self.cues = reader, reader.m, cues

    def of_noun(self, noun: Token, bare: bool = False) -> list[Topic]:
        """"talks on the ceasefire", "a meeting that discussed aid"; with `bare`, the noun
        itself is the topic ("talked about the crossing")."""
        if bare:
            return self._items(noun)
        topics: list[Topic] = []
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in TOPIC_PREPS:
                for obj in child.children:
                    topics.extend(self._items(obj))
            elif child.dep_ in ("acl", "relcl") and child.lemma_ in self.cues["topic_verbs"]:
                topics.extend(self.of_verb(child))
        return topics

    def of_verb(self, verb: Token) -> list[Topic]:
        """What a topic verb ("discuss", "focus on", "agreed to ...") names, with every item
        of an "including ..." list wherever the parse hung it."""
        topics: list[Topic] = self._including(verb)
        for child in verb.children:
            if child.dep_ in ("dobj", "xcomp", "ccomp") and not child.is_punct:
                topics.extend(self._items(child))
            elif child.dep_ == "prep" and child.lower_ in ("on", "upon", "about", "over", "around"):
                for obj in child.children:
                    topics.extend(self._items(obj))
        return topics

    def _items(self, head: Token) -> list[Topic]:
        """Each listed item (an "including ..." list under it is read by `_including`)."""
        if head.ent_type_ in NOT_TOPICS:
            return []
        return labels.topics_of(head, self.m)

    def _including(self, verb: Token) -> list[Topic]:
        """"discussed measures, including X, Y and Z": one topic per item."""
        topics: list[Topic] = []
        for prep in (t for t in verb.subtree if t.lower_ == "including" and t.dep_ == "prep"):
            items = list(prep.children)
            items += [c for c in prep.head.children if c.i > prep.i and      # items the parse
                      c.dep_ in ("advcl", "conj", "npadvmod", "appos", "dobj")]  # hung elsewhere
            for item in items:
                topics.extend(labels.topics_of(item, self.m))
        return topics

    def statements(self, span: Span, sent: Sentence) -> list[TopicFrame]:
        """"The two sides agreed to ...", "Burhan and the crown prince discussed ...":
        topics whose speakers the discourse pass matches to a meeting."""
        frames: list[TopicFrame] = []
        w, cue = self.m.words, self.cues["topic_verbs"]
        for token in w.where(span, lambda i: w.lemma[i] in cue and w.pos[i] in ("VERB", "AUX")):
            subj = clauses.subject(token)
            if subj is None:
                continue
            topics = self.of_verb(token)
            if not topics:
                continue
            joint = any(c.lower_ in JOINT_WORDS for c in subj.children)    # "the two diplomats"
            if (joint or subj.lemma_.lower() in self.cues["topic_subjects"]) and not self.m.at(subj) \
                    and not any(c.dep_ in ("poss", "compound") for c in subj.children):
                frames.append(TopicFrame(topics, sent, token.i))          # "the sides discussed"
            else:
                speakers = self.r.agents(subj)
                if speakers:
                    frames.append(TopicFrame(topics, sent, token.i, speakers))
        return frames
