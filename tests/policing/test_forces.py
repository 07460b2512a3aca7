"""The force register: the 43 territorial forces and British Transport Police, with honest verification."""

from __future__ import annotations

import pytest

from portcullis.policing import forces

REFERENCE = [
    "Avon and Somerset",
    "Bedfordshire",
    "Cambridgeshire",
    "Cheshire",
    "City of London",
    "Cleveland",
    "Cumbria",
    "Derbyshire",
    "Devon and Cornwall",
    "Dorset",
    "Durham",
    "Dyfed-Powys",
    "Essex",
    "Gloucestershire",
    "Greater Manchester",
    "Gwent",
    "Hampshire",
    "Hertfordshire",
    "Humberside",
    "Kent",
    "Lancashire",
    "Leicestershire",
    "Lincolnshire",
    "Merseyside",
    "Metropolitan",
    "Norfolk",
    "North Wales",
    "North Yorkshire",
    "Northamptonshire",
    "Northumbria",
    "Nottinghamshire",
    "South Wales",
    "South Yorkshire",
    "Staffordshire",
    "Suffolk",
    "Surrey",
    "Sussex",
    "Thames Valley",
    "Warwickshire",
    "West Mercia",
    "West Midlands",
    "West Yorkshire",
    "Wiltshire",
]


def test_the_register_holds_the_43_territorial_forces_of_the_reference_and_british_transport_police() -> None:
    assert sorted(f.short for f in forces.territorial()) == sorted(REFERENCE)
    assert len(forces.all_forces()) == 44
    assert not forces.get("british-transport-police").territorial


def test_mayors_hold_the_pcc_functions_in_greater_manchester_west_yorkshire_and_london() -> None:
    assert forces.get("greater-manchester").governance == "mayor"
    assert forces.get("west-yorkshire").governance == "mayor"
    assert forces.get("metropolitan").governance == "mopac"
    assert forces.get("metropolitan").body.verified


def test_facts_from_general_knowledge_are_marked_unverified() -> None:
    assert not forces.get("greater-manchester").body.verified
    assert not forces.get("essex").body.verified
    assert all(not f.region.verified for f in forces.all_forces())
    assert forces.get("kent").body.verified  # a PCC under the 2011 Act


def test_most_similar_forces_are_the_others_in_the_same_illustrative_group() -> None:
    msf = forces.most_similar("greater-manchester")
    assert "greater-manchester" not in {f.code for f in msf}
    assert {f.msf_group for f in msf} == {"A"}
    assert "west-midlands" in {f.code for f in msf}


def test_a_force_is_found_by_code_or_by_name_and_an_unknown_one_is_named_in_the_error() -> None:
    assert forces.resolve("Greater Manchester Police").code == "greater-manchester"
    assert forces.resolve("north wales").code == "north-wales"
    with pytest.raises(forces.UnknownForce, match="Gotham"):
        forces.resolve("Gotham")
