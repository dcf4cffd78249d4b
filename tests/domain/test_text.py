import pytest

from domain.text import clean_name, clean_text, looks_like_formula, normalize


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


def test_text_loses_controls_and_bidirectional_overrides_but_keeps_lines_and_tabs() -> None:
    typed = "a\x00b\x07\tc\nd\r\x1b\x7f\x85e\u202ef\u2067g\u2069\ud800h\u200d!"
    assert clean_text(typed) == "ab\tc\ndefgh\u200d!"  # an emoji's joiner stays


def test_names_and_codes_lose_zero_width_characters_too() -> None:
    assert clean_name("No\u200bv\u200cá\u200dk\u2060\ufeff\x00") == "Novák"
    assert normalize("Nov\u202eák\u200b") == "novak"


@pytest.mark.parametrize("cell", ["=1+1", "+G", "-T", "@SUM(A1)", "\t=cmd", "\r@x"])
def test_what_a_spreadsheet_takes_for_a_formula(cell: str) -> None:
    assert looks_like_formula(cell)


@pytest.mark.parametrize("cell", ["", "CT0001", "a=b", "\t", "Jan Novák"])
def test_what_a_spreadsheet_takes_for_text(cell: str) -> None:
    assert not looks_like_formula(cell)


@pytest.mark.parametrize(
    "written",
    ["+420 777 123 456", "00420777123456", "777123456", "777-123-456", "(+420) 777 123 456"],
)
def test_a_phone_number_is_matched_on_its_last_nine_digits(written: str) -> None:
    from domain.text import phone_key

    assert phone_key(written) == "777123456"


def test_a_short_or_empty_number_has_no_key() -> None:
    from domain.text import phone_key

    assert phone_key("") == phone_key("12345") == phone_key("n/a") == ""
    assert phone_key("123456") == "123456"
