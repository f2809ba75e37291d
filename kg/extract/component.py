"""The `kg_relations` spaCy component and its conversion to plain records.

The component walks the sentences in order, because later sentences add to earlier
facts: "The discussions focused on ..." gives topics to the last meeting, "The call
came during ..." ties the previous sentence's demands to a meeting, "he" and "the
crossing" point back. `to_extraction` then resolves dates against the article date
and turns the drafts into `kg.records`, so no spaCy object leaves `kg.extract`.
"""

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.agents import AgentReader
from kg.extract.clauses import evidence_span, subject
from kg.extract.dates import resolve_date
from kg.extract.demands import DemandDraft, DemandRules
from kg.extract.gazetteer import load as load_gazetteer
from kg.extract.mediation import MediationDraft, MediationRules
from kg.extract.meetings import MeetingDraft, MeetingRules
from kg.extract.mentions import Mentions
from kg.extract.places import ContainmentDraft, PlaceRules, PostDraft
from kg.records import (
    Article, Containment, Demand, Evidence, Extraction, Mediation, Meeting, Mention, Post, Topic,
)

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=None)


@dataclass
class Relations:
    """What the component found in one Doc, still tied to its sentences."""

    mentions: list[Mention] = field(default_factory=list)
    meetings: list[MeetingDraft] = field(default_factory=list)
    demands: list[DemandDraft] = field(default_factory=list)
    mediations: list[MediationDraft] = field(default_factory=list)
    containments: list[ContainmentDraft] = field(default_factory=list)
    posts: list[PostDraft] = field(default_factory=list)


@Language.factory("kg_relations")
def make_relations(nlp: Language, name: str) -> "RelationFinder":
    """Rule-based relations over the parse; rules and cue words come from kg/data."""
    return RelationFinder()


class RelationFinder:
    """Sets `Doc._.kg_relations`."""

    def __init__(self) -> None:
        self.gaz = load_gazetteer()
        cues = self.gaz.cues
        # Most sentences name no trigger at all: a word-set test skips their rules.
        self.meeting_words = (cues["meet_verbs"] | cues["host_verbs"] | cues["visit_verbs"]
                              | cues["hold_verbs"] | cues["attend_verbs"] | cues["meeting_nouns"])
        self.demand_words = cues["call_verbs"] | cues["need_verbs"] | cues["call_nouns"]
        self.mediation_words = cues["mediation_nouns"] | cues["mediation_verbs"]
        self.topic_words = cues["topic_verbs"]

    def __call__(self, doc: Doc) -> Doc:
        mentions = Mentions(doc, self.gaz)
        reader = AgentReader(mentions, self.gaz)
        cues = self.gaz.cues
        rules = (MeetingRules(reader, cues), DemandRules(reader, cues),
                 MediationRules(reader, cues), PlaceRules(reader, cues))
        found = Relations(mentions=list(mentions.items))
        previous: list[DemandDraft] = []
        for sent in doc.sents:
            previous = self._sentence(sent, mentions, rules, found, previous)
        doc._.kg_relations = found
        return doc

    def _sentence(self, sent: Span, mentions: Mentions, rules: tuple, found: Relations,
                  previous: list[DemandDraft]) -> list[DemandDraft]:
        """Apply the rules whose cue words the sentence has; return its demands."""
        meetings, demands, mediations, places = rules
        words = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
        kinds = {m.kind for m in mentions.within(sent)}
        new = meetings.find(sent, found.meetings) if words & self.meeting_words else []
        calls = demands.find(sent) if words & self.demand_words else []
        for call in calls:
            if call.bare_caller:
                call.callers = _parties(found.meetings + new)
        _share_about(calls, mentions)
        earlier = previous if _subject_is_call(sent, self.gaz.cues["call_nouns"]) else []
        for meeting in new:
            _demands_as_topics(meeting, calls + earlier)
        if not new and found.meetings and words & self.topic_words:
            _add_statement_topics(found.meetings,
                                  meetings.topics.statement(sent, found.meetings[-1]))
        found.meetings.extend(new)
        found.demands.extend(c for c in calls if c.callers)
        if words & self.mediation_words:
            found.mediations.extend(mediations.find(sent))
        if "Place" in kinds:
            found.containments.extend(places.find(sent))
        if "Person" in kinds:
            found.posts.extend(places.posts(sent))
        return calls


def _share_about(calls: list[DemandDraft], mentions: Mentions) -> None:
    """"called for sanctions and arms embargoes" after "... suspending Israel's credentials":
    items of one sentence's list that name nothing concern what the others name."""
    for call in calls:
        if not call.about:
            call.about = list(dict.fromkeys(m for other in calls if other.callers == call.callers
                                            for m in other.about
                                            if m.kind in ("Country", "Organization")))
    for call in calls:
        if not call.about:
            callers = {c.key or c.text for c in call.callers}
            lo, hi = call.caller_chars
            call.about = [m for m in mentions.within(call.sent) if (m.key or m.text) not in callers
                          and m.kind in ("Country", "Organization", "Place")
                          and not lo <= m.start < hi]


def _subject_is_call(sent: Span, call_nouns: frozenset[str]) -> bool:
    """"The call came during ...": the sentence is about the previous sentence's demands."""
    root = sent.root
    subj = subject(root) if root.pos_ in ("VERB", "AUX") else None
    return subj is not None and subj.lemma_.lower() in call_nouns


def _parties(meetings: list[MeetingDraft]) -> list[Mention]:
    """Unnamed "officials" after meetings: the countries and organizations that met."""
    seen: dict[str, Mention] = {}
    for meeting in meetings:
        if meeting.status != "held":
            continue
        for side in meeting.sides:
            for m in side:
                if m.kind in ("Country", "Organization"):
                    seen.setdefault(m.key or m.text, m)
    return list(seen.values())


def _demands_as_topics(meeting: MeetingDraft, calls: list[DemandDraft]) -> None:
    """A demand a participant made at the meeting is one of its topics."""
    who = meeting.participants()
    for call in calls:
        if any((c.key or c.text) in who for c in call.callers):
            meeting.topics.extend(Topic(call.label, m) for m in call.about or [None])


def _add_statement_topics(meetings: list[MeetingDraft], topics: list[Topic]) -> None:
    """Topics of a follow-up sentence go to the last meeting and to earlier meetings
    that share a participant with it (the headline and the body tell one event)."""
    if not topics:
        return
    linked, who = [meetings[-1]], set(meetings[-1].participants())
    for meeting in reversed(meetings[:-1]):
        if meeting.participants() & who:
            linked.append(meeting)
            who |= meeting.participants()
    for meeting in linked:
        meeting.topics.extend(t for t in topics if t not in meeting.topics)


def _evidence(sent: Span) -> Evidence:
    return Evidence(*evidence_span(sent))


def to_extraction(article: Article, doc: Doc) -> Extraction:
    """Records for one article; dates resolve against the article's own date."""
    rel: Relations = doc._.kg_relations
    meetings = tuple(
        Meeting(tuple(tuple(side) for side in m.sides if side), tuple(dict.fromkeys(m.topics)),
                m.location,
                resolve_date(m.when, article.date, m.status == "planned") if m.when else None,
                m.status,
                _evidence(m.sent))
        for m in rel.meetings)
    demands = tuple(
        Demand(caller, d.label, tuple(dict.fromkeys(a for a in d.about if a is not None)),
               d.addressee, _evidence(d.sent))
        for d in rel.demands for caller in d.callers)
    return Extraction(
        article=article, mentions=tuple(rel.mentions), meetings=meetings, demands=demands,
        mediations=tuple(Mediation(m.mediator, m.label, m.party, _evidence(m.sent))
                         for m in rel.mediations),
        containments=tuple(Containment(c.place, c.container, _evidence(c.sent))
                           for c in rel.containments),
        posts=tuple(Post(p.holder, p.role, p.organization, _evidence(p.sent)) for p in rel.posts))
