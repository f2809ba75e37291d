"""kg.extract.demands: calls, their items, addressees and subjects (saved parses)."""
from __future__ import annotations

from rules import extraction_of


def _demands(key: str) -> dict[str, tuple[str, set[str]]]:
    return {d.label: (d.caller.text, {m.text for m in d.about}) for d in extraction_of(key).demands}


def test_call_for_someone_to_act_names_the_act_and_is_about_them():
    demands = _demands("demands")
    assert demands["lifting of the siege on Gaza"] == ("Arab League", {"Israel", "Gaza"})


def test_a_second_verb_of_the_same_caller_keeps_the_caller():
    assert _demands("demands")["funding reconstruction"][0] == "Arab League"


def test_a_list_of_bare_nouns_is_one_thing_asked_for():
    assert _demands("demands")["food, medicine and fuel"][0] == "Jordan"


def test_insist_on_and_the_urgency_of():
    demands = _demands("acronym_and_synonyms")
    assert demands["release of all hostages"][0] == "Israel"
    assert demands["rebuilding Gaza's hospitals"][0] == "Palestinian Authority"


def test_the_subject_of_an_absolute_with_clause_is_the_caller():
    (demand,) = extraction_of("absolute_demand").demands   # ", with the delegation stressing ..."
    assert demand.caller.text == "Fatah" and demand.label.startswith("release of the prisoners")


def test_push_for_a_clause_and_a_capital_standing_for_its_country():
    (demand,) = extraction_of("pushed_for").demands       # "Washington has pushed for the talks to"
    assert demand.caller.text == "United States" and "missile programme" in demand.label


def test_a_call_coordinated_after_a_relative_clause_keeps_the_sentence_subject():
    demands = _demands("called_on_community")   # "... attacks that threaten X and called on Y to"
    assert {label: caller for label, (caller, _) in demands.items()} == {
        "stopping attacks": "Ayman Safadi", "increase in aid to Gaza": "Ayman Safadi"}


def test_the_two_ministers_are_the_two_people_of_the_meeting_just_told():
    callers = {d.caller.text for d in extraction_of("two_ministers").demands}
    assert callers == {"Ayman Safadi", "Badr Abdelatty"}


def test_it_is_the_organization_the_sentence_began_with():
    (demand,) = extraction_of("it_caller").demands   # "Hamas said that it was ready ... and urged"
    assert demand.caller.text == "Hamas" and demand.label == "reopening of the crossing"


def test_the_for_object_of_an_infinitive_is_who_should_act_not_a_demand():
    """"called for the Palestinian Authority to take over the administration of Gaza": one
    demand, what the Authority should do; "Palestinian Authority" alone is no demand."""
    labels = [d.label for d in extraction_of("for_subject_of_infinitive").demands]
    assert labels == ["taking over the administration of Gaza"]


def test_the_need_for_someone_to_act():
    (demand,) = extraction_of("need_for_someone_to").demands   # "the need for the EU to take steps"
    assert demand.caller.text == "Ayman Safadi" and demand.label == "taking concrete steps on aid to Gaza"
    assert "European Union" in {m.text for m in demand.about}
