from linter.nlp.synonyms import canonical, canonical_tokens
from linter.rulesets import load_ruleset


def test_every_word_of_a_group_maps_to_its_first_word():
    for group in load_ruleset("synonyms")["groups"]:
        assert {canonical(word) for word in group} == {group[0]}


def test_no_word_sits_in_two_groups():
    seen: dict[str, int] = {}
    for index, group in enumerate(load_ruleset("synonyms")["groups"]):
        for word in group:
            assert seen.setdefault(word, index) == index, word


def test_unlisted_words_pass_through_in_order():
    assert canonical_tokens(["确保", "校园", "园区"]) == ["保障", "学校", "园区"]
