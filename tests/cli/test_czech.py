"""The command line in Czech (INTERLOG_LANGUAGE=cs, or a Czech LANG): an import's error
report, its summary and the counts in Czech words and plurals."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import import_texts
from bot.i18n import translate
from bot.messages_en import MESSAGES
from cli.main import main
from domain import importing
from domain.csv_rows import numbered
from domain.model import InteractionGroup, InteractionTemplate, Salesperson
from domain.services.imports import ImportResult
from tests.cli.conftest import Main, Result, UowFactory

HEADER = "code,group_code,description,unit_cost,unit_duration,information_flow,initiated_by\n"


@pytest.mark.parametrize("variable", ["INTERLOG_LANGUAGE", "LANG"])
async def test_the_import_error_report_in_czech(
    variable: str,
    database_url: str,
    uow_factory: UowFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    interlog_main: Main,
) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv(variable, "cs" if variable == "INTERLOG_LANGUAGE" else "cs_CZ.UTF-8")
    async with uow_factory() as uow:
        await uow.groups.save(InteractionGroup("PHONE", "Telefonáty"))
        await uow.commit()
    bad = tmp_path / "sablony.csv"
    bad.write_text(
        HEADER
        + "GOOD,PHONE,Hovor,1,1,,\n"
        + "COST,PHONE,Náklady,12a,1,,\n"
        + "NEG,PHONE,Záporná doba,1,-5,,\n"
        + "NOGROUP,NOPE,Neznámá skupina,1,1,,\n"
        + "good,PHONE,Dvakrát,1,1,,\n"
        + "FLOW,PHONE,Tok,1,1,sideways,\n"
        + "=X,PHONE,Vzorec,1,1,,\n"
        + "SHORT,PHONE\n",
        encoding="utf-8",
    )
    result = await interlog_main("import", "templates", str(bad))
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "řádek 3, sloupec unit_cost: „12a“ není částka (použijte číslo, např. 12,50)",
        "řádek 4, sloupec unit_duration: nesmí být záporné",
        "řádek 5, sloupec group_code: skupina interakcí NOPE neexistuje",
        "řádek 6, sloupec code: GOOD se vyskytuje víckrát (poprvé na řádku 2)",
        "řádek 7, sloupec information_flow: „sideways“ není tok informací "
        "(outbound, inbound nebo prázdné)",
        "řádek 8, sloupec code: „=X“ nesmí začínat znakem =, +, - ani @ "
        "(tabulkový procesor by to považoval za vzorec)",
        "řádek 9: má 2 hodnoty, ale záhlaví má 7 sloupců",
        f"interlog: {bad}: 7 z 8 řádků je chybných. Nic nebylo importováno.",
    ]

    good = tmp_path / "dobre.csv"
    good.write_text(HEADER + "A,PHONE,A,1,1,,\nB,PHONE,B,1,1,,\n", encoding="utf-8")
    done = await interlog_main("import", "templates", str(good))
    assert done == Result(0, "Importovány 2 šablony interakcí (2 nové, 0 aktualizovaných).\n", "")


def test_the_czech_descriptions_of_templates_and_groups_are_imported_when_given() -> None:
    groups = importing.parse_groups(
        numbered([{"code": "PHONE", "description": "Phone calls", "description_cs": "Telefonáty"}])
    )
    assert groups.items == [InteractionGroup("PHONE", "Phone calls", "Telefonáty")]
    stored = {"PHONE": groups.items[0]}
    again = importing.parse_groups(
        numbered([{"code": "PHONE", "description": "Calls"}]), existing=stored
    )
    assert again.items == [InteractionGroup("PHONE", "Calls", "Telefonáty")]  # kept

    row = {"code": "CALL", "group_code": "PHONE", "description": "Call", "unit_cost": "",
           "unit_duration": "", "information_flow": "", "initiated_by": "",
           "description_cs": "Hovor"}  # fmt: skip
    templates = importing.parse_templates(numbered([row]), group_codes={"PHONE"})
    assert [t.description_cs for t in templates.items] == ["Hovor"]
    too_long = importing.parse_templates(
        numbered([{**row, "description_cs": "x" * 101}]), group_codes={"PHONE"}
    )
    assert [(p.column, p.key) for p in too_long.problems] == [("description_cs", "too_long")]
    kept = importing.parse_templates(
        numbered([{k: v for k, v in row.items() if k != "description_cs"}]),
        group_codes={"PHONE"},
        existing={"CALL": InteractionTemplate("CALL", "PHONE", description_cs="Hovor")},
    )
    assert [t.description_cs for t in kept.items] == ["Hovor"]


async def test_users_and_export_speak_czech(
    database_url: str,
    uow_factory: UowFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    interlog_main: Main,
) -> None:
    monkeypatch.setenv("INTERLOG_LANGUAGE", "cs")
    async with uow_factory() as uow:
        await uow.salespeople.save(Salesperson("JN", "Jana Nováková"))
        await uow.commit()
    added = await interlog_main(
        "users", "add", "--telegram-id", "5", "--salesperson", "JN", "--admin"
    )
    assert added == Result(0, "Přidán uživatel Telegramu 5 jako Jana Nováková (JN), správce.\n", "")
    listing = await interlog_main("users", "list")
    assert listing.stdout.splitlines()[0].split() == [
        "Telegram",
        "ID",
        "Prodejce",
        "Jméno",
        "Správce",
    ]
    unknown = await interlog_main("users", "add", "--telegram-id", "6", "--salesperson", "XX")
    assert unknown.stderr.startswith("interlog: prodejce XX neexistuje (známí: JN).")
    exported = await interlog_main("export", "interactions", "-o", "x.csv")
    assert exported == Result(0, "Exportováno 0 interakcí do x.csv.\n", "")
    bad = await interlog_main("export", "interactions", "--from", "2026-13-01")
    assert bad.code == 2 and "není datum" in bad.stderr


@pytest.mark.parametrize(
    ("key", "counts", "expected"),
    [
        ("import.refused", {"count": 1, "rows": 1}, "a.csv: 1 řádek z 1 je chybný."),
        ("import.refused", {"count": 3, "rows": 8}, "a.csv: 3 z 8 řádků jsou chybné."),
        ("import.refused", {"count": 7, "rows": 8}, "a.csv: 7 z 8 řádků je chybných."),
        ("import.refused", {"count": 22, "rows": 30}, "a.csv: 22 z 30 řádků je chybných."),
    ],
)
def test_the_czech_refusal_agrees_with_the_number_of_bad_rows(
    key: str, counts: dict[str, int], expected: str
) -> None:
    assert translate(key, "cs", name="a.csv", **counts) == f"{expected} Nic nebylo importováno."


@pytest.mark.parametrize(
    ("kind", "imported", "new", "expected"),
    [
        ("contacts", 1, 1, "Importován 1 kontakt (1 nový, 0 aktualizovaných)."),
        ("contacts", 8, 2, "Importováno 8 kontaktů (2 nové, 6 aktualizovaných)."),
        ("contacts", 6, 5, "Importováno 6 kontaktů (5 nových, 1 aktualizovaný)."),
        ("templates", 4, 1, "Importovány 4 šablony interakcí (1 nová, 3 aktualizované)."),
        ("salespeople", 3, 2, "Importováni 3 prodejci (2 noví, 1 aktualizovaný)."),
        ("groups", 5, 0, "Importováno 5 skupin interakcí (0 nových, 5 aktualizovaných)."),
    ],
)
def test_the_czech_import_summary_agrees_with_each_count(
    kind: str, imported: int, new: int, expected: str
) -> None:
    result = ImportResult(kind=kind, imported=imported, new=new)
    assert import_texts.done(result, "cs") == expected


def _help(*args: str, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        main([*args, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def _english_texts() -> set[str]:
    """The English of the command line's help, without the words Czech shares."""
    return {
        m.text.rstrip(": ")
        for key, m in MESSAGES.items()
        if key.startswith("cli.help.") and m.text.rstrip(": ") != translate(key, "cs").rstrip(": ")
    }


@pytest.mark.parametrize("args", [(), ("users", "add")])
def test_the_help_in_czech(
    args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTERLOG_LANGUAGE", "cs")
    shown = _help(*args, capsys=capsys)
    flat = " ".join(shown.split())  # argparse wraps lines
    assert shown.startswith("použití: interlog")
    assert "volby:" in shown and "zobrazí tuto nápovědu a skončí" in flat
    assert [text for text in _english_texts() if text in flat] == []
    if args:
        assert "--telegram-id TELEGRAM_ID" in flat  # option names and metavars as they were
        assert "smí spravovat segmenty" in flat
    else:
        assert "importuje kmenová data ze souboru CSV" in flat
        monkeypatch.setenv("INTERLOG_LANGUAGE", "en")
        assert "import master data from a UTF-8 CSV file" in " ".join(_help(capsys=capsys).split())


def test_a_usage_error_in_czech(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTERLOG_LANGUAGE", "cs")
    with pytest.raises(SystemExit) as exited:
        main(["users", "add", "--admin"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("použití: interlog users add")
    assert "interlog users add: chyba: " in err


def test_an_invalid_setting_in_czech(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INTERLOG_LANGUAGE", "cs")
    monkeypatch.setenv("PAGE_SIZE", "-1")
    monkeypatch.setenv("TIME_ZONE", "Europe/Atlantis")
    assert main(["users", "list"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("interlog: Neplatné nastavení — PAGE_SIZE: ")  # pydantic's reason
    assert line.endswith(
        "; TIME_ZONE: neznámé časové pásmo „Europe/Atlantis“ (např. Europe/Prague)"
    )


async def test_a_target_database_it_cannot_open_is_said_in_czech(
    database_url: str,
    uow_factory: UowFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    interlog_main: Main,
) -> None:
    monkeypatch.setenv("INTERLOG_LANGUAGE", "cs")
    target = "postgresql+asyncpg://postgres:pa55word@127.0.0.1:9/nowhere"
    result = await interlog_main("db", "copy", "--to", target)
    assert result.code == 2
    assert result.stderr.startswith("interlog: Cílovou databázi na postgresql+asyncpg://")
    assert "nelze otevřít: " in result.stderr and "pa55word" not in result.stderr
