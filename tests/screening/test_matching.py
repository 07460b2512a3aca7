"""Name normalisation, part-by-part comparison and the per-feature explanation."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from portcullis.screening import variations
from portcullis.screening.cli import app
from portcullis.screening.matching import compare_dates, make_profile, near_identifiers, score
from portcullis.screening.names import normalise, part_similarity


def _score(a: str, b: str, **kw: object) -> float:
    return score(make_profile("person", [a], **kw), make_profile("person", [b]))[0]  # type: ignore[arg-type]


def test_names_in_cyrillic_and_arabic_are_written_in_latin() -> None:
    assert normalise("Владимир Путин").parts == ("vladimir", "putin")
    assert normalise("عمر بن سلمان").parts == ("mr", "slmn")
    assert normalise("Dr. Sean O'Brien-Smith").parts == ("sean", "obrien", "smith")


def test_swapped_name_order_scores_as_high_as_the_right_order() -> None:
    assert _score("Smith John", "John Smith") == _score("John Smith", "John Smith")


def test_a_surname_alone_does_not_match_a_full_name_as_token_set_ratio_would() -> None:
    assert _score("Putin", "Vladimir Putin") < 0.8


def test_nicknames_initials_and_transliterations_are_recognised() -> None:
    assert part_similarity("bill", "william")[1] == "nickname"
    assert part_similarity("j", "john")[1] == "initial"
    assert part_similarity("dzhon", "john")[1] == "transliteration"
    assert part_similarity("mhmd", "mohammed")[1] == "skeleton"
    assert _score("Bill Gates", "William Gates") >= 0.8


def test_different_people_with_similar_names_score_low() -> None:
    assert _score("Jane Smithers", "John Smith") < 0.7
    assert _score("Anna Ivanova", "Ivan Ivanov") < 0.8


def test_the_explanation_names_each_feature() -> None:
    query = make_profile("person", ["Smyth John"], "1980", ["GBR"], ["123456789"])
    entry = make_profile("person", ["John Michael Smith"], "1980-04-12", ["GBR"], ["123456789"])
    value, explanation = score(query, entry)
    assert 0 <= value <= 1
    assert {p["entry"] for p in explanation["name"]["parts"]} == {"john", "smith"}
    assert explanation["name"]["unpaired_entry_parts"] == ["michael"]
    assert explanation["date_of_birth"]["result"] == "same_year"
    assert explanation["nationality"]["result"] == "match"
    assert explanation["identifier"]["result"] == "match"


def test_dates_of_birth_compare_at_the_precision_both_sides_have() -> None:
    assert compare_dates("1980-04-12", "1980-04-12") == "exact"
    assert compare_dates("1980", "1980-04-12") == "same_year"
    assert compare_dates("1980-05-12", "1980-04-12") == "same_year_other_day"
    assert compare_dates("1981-04-12", "1980-04-12") == "year_off_by_one"
    assert compare_dates("1990", "1980") == "different"
    assert compare_dates(None, "1980") == "unknown"


def test_a_different_birth_year_lowers_the_score() -> None:
    same = _score("John Smith", "John Smith", date_of_birth="1980")
    other = score(
        make_profile("person", ["John Smith"], "1960"), make_profile("person", ["John Smith"], "1980")
    )[0]
    assert other < same and other < 0.8


def test_document_numbers_one_keying_error_apart_are_near() -> None:
    assert near_identifiers("1234567", "1234667") and near_identifiers("1234567", "1243567")
    assert not near_identifiers("1234567", "7654321")


def test_the_generated_hard_set_covers_every_variation_and_look_alikes() -> None:
    listed, queries = variations.generate(60, 20)
    kinds = {q.manipulation for q in queries}
    assert set(variations.MANIPULATIONS) <= kinds
    assert {"lookalike_other_given", "lookalike_born_apart"} <= kinds
    assert len(listed) == 60 and sum(q.truth is None for q in queries) == 20


def test_the_evaluate_command_reports_precision_and_recall_on_the_hard_set() -> None:
    out = CliRunner().invoke(
        app, ["evaluate", "--dataset", "hard", "--hard-size", "150", "--threshold", "0.8", "--json"]
    )
    assert out.exit_code == 0, out.output
    result = json.loads(out.stdout)["results"][0]
    assert result["recall"] >= 0.95 and result["precision"] >= 0.9
    assert set(result) >= {"precision", "recall", "f1", "recall_at_10"}


def test_long_names_are_aligned_optimally_in_any_order() -> None:
    long_name = "Abdul Rahman Mohammed Hassan Ibrahim Al Tamimi Yusuf"
    reordered = "Yusuf Tamimi Ibrahim Hassan Mohammed Rahman Abdul"
    assert _score(reordered, long_name) >= 0.9


def test_near_identifiers_are_one_character_or_one_adjacent_swap_apart() -> None:
    from itertools import product

    from portcullis.screening.matching import near_identifiers

    def by_definition(a: str, b: str) -> bool:
        if len(a) != len(b) or a == b or len(a) < 6:
            return False
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )

    # Every string over a small alphabet against a base, so each kind of difference appears at each place.
    base = "ABAB12"
    others = ["".join(p) for p in product("AB12", repeat=6)] + ["ABAB1", "ABAB123", "BAAB12", "ABAB21"]
    found = [o for o in others if near_identifiers(base, o)]
    assert found == [o for o in others if by_definition(base, o)]
    assert {"ABAB11", "BAAB12", "ABAB21", "ABBA12"} <= set(found) and "BABA12" not in found
    assert all(near_identifiers(o, base) == near_identifiers(base, o) for o in others)


def test_a_profile_keeps_at_most_eight_parts_of_each_name() -> None:
    from portcullis.screening.names import NameParts

    long_name = "Anna Bella Cora Dora Ella Fina Gina Hana Ida Jana"
    profile = make_profile("person", ["Ivan Sidorov", long_name])
    assert profile.names[0] == NameParts("Ivan Sidorov", ("ivan", "sidorov"))
    assert profile.names[1].parts == ("anna", "bella", "cora", "dora", "ella", "fina", "gina", "hana")
    assert profile.names[1].original == long_name
