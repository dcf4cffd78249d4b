import pytest

from domain.text import normalize


@pytest.mark.parametrize("typed", ["novak", "NOVAK", "Novák", "NOVÁK", "  novák "])
def test_novak_in_any_case_and_accent_is_the_same_name(typed: str) -> None:
    assert normalize(typed) == normalize("Novák") == "novak"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Škoda Žďár", "skoda zdar"), ("Łódź", "lodz"), ("Иванов", "иванов"), ("Straße", "strasse")],
)
def test_accents_are_stripped_in_every_script(name: str, expected: str) -> None:
    assert normalize(name) == expected


def test_inner_whitespace_is_folded() -> None:
    assert normalize("Jan \t  Novák") == "jan novak"


def test_control_characters_are_dropped() -> None:
    assert normalize("No\x00vák\x1b\n") == "novak"
    assert normalize("Jan\tNovák") == "jan novak"
