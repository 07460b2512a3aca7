"""ICAO Doc 9303 TD3 machine-readable zones and their check digits."""

from __future__ import annotations

from datetime import date

import pytest

from portcullis.travel import codes, mrz

L1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
L2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
TODAY = date(2026, 11, 26)


def test_the_icao_specimen_validates_with_all_its_fields() -> None:
    result = mrz.parse_td3(L1, L2, today=TODAY)
    assert result.valid and result.errors == ()
    f = result.fields
    assert (f["surname"], f["given_names"], f["document_number"]) == ("ERIKSSON", "ANNA MARIA", "L898902C3")
    assert (f["date_of_birth"], f["expiry_date"], f["sex"]) == (date(1974, 8, 12), date(2012, 4, 15), "F")
    assert f["nationality"] == "UTO" and f["personal_number"] == "ZE184226B"


@pytest.mark.parametrize(
    ("position", "field"),
    [
        (9, "document_number"),
        (19, "date_of_birth"),
        (27, "expiry_date"),
        (42, "personal_number"),
        (43, "composite"),
    ],
)
def test_a_wrong_check_digit_names_its_field(position: int, field: str) -> None:
    wrong = str((int(L2[position]) + 1) % 10)
    result = mrz.parse_td3(L1, L2[:position] + wrong + L2[position + 1 :], today=TODAY)
    assert not result.valid and field in {e.field for e in result.errors}


def test_a_short_line_is_reported_with_its_length() -> None:
    result = mrz.parse_td3(L1[:40], L2, today=TODAY)
    assert result.errors[0].field == "line1" and "40" in result.errors[0].reason


def test_an_impossible_date_of_birth_is_reported() -> None:
    line2 = mrz.build_td3(
        issuing_state="UTO",
        surname="A",
        given_names="B",
        document_number="X1",
        nationality="UTO",
        date_of_birth=date(1990, 1, 1),
        sex="F",
        expiry_date=date(2030, 1, 1),
    )[1]
    broken = line2[:13] + "901332" + mrz.check_digit("901332") + line2[20:43]
    broken += mrz.check_digit(broken[0:10] + broken[13:20] + broken[21:43])
    result = mrz.parse_td3("P<UTOA<<B" + "<" * 35, broken, today=TODAY)
    assert [e.field for e in result.errors] == ["date_of_birth"]


def test_a_built_mrz_round_trips() -> None:
    line1, line2 = mrz.build_td3(
        issuing_state="D",
        surname="Müller".replace("ü", "UE"),
        given_names="Jan",
        document_number="C01X00T47",
        nationality="D",
        date_of_birth=date(2001, 2, 3),
        sex="M",
        expiry_date=date(2031, 2, 2),
    )
    result = mrz.parse_td3(line1, line2, today=TODAY)
    assert result.valid and result.fields["date_of_birth"] == date(2001, 2, 3)
    assert codes.normalise(result.fields["nationality"]) == "DEU"


def test_icao_codes_for_british_classes_are_kept_and_unknown_codes_are_refused() -> None:
    assert codes.normalise("GBD") == "GBD" and codes.normalise("gbn") == "GBN"
    assert codes.normalise("D<<") == "DEU"
    with pytest.raises(codes.CodeError) as exc:
        codes.normalise("ZZZ")
    assert exc.value.field == "nationality"
