"""The command line in Czech (INTERLOG_LANGUAGE=cs, or a Czech LANG): an import's error
report, its summary and the counts in Czech words and plurals."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from cli.main import main
from domain import importing
from domain.csv_rows import numbered
from domain.model import InteractionGroup, InteractionTemplate, Salesperson
from tests.cli.conftest import Result, UowFactory

HEADER = "code,group_code,description,unit_cost,unit_duration,information_flow,initiated_by\n"


async def _run(*args: str, capsys: pytest.CaptureFixture[str]) -> Result:
    code = await asyncio.to_thread(main, list(args))
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


@pytest.mark.parametrize("variable", ["INTERLOG_LANGUAGE", "LANG"])
async def test_the_import_error_report_in_czech(
    variable: str,
    database_url: str,
    uow_factory: UowFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv(variable, "cs" if variable == "INTERLOG_LANGUAGE" else "cs_CZ.UTF-8")
    monkeypatch.chdir(tmp_path)
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
    result = await _run("import", "templates", str(bad), capsys=capsys)
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
        f"interlog: {bad}: chybných řádků 7 z 8. Nic nebylo importováno.",
    ]

    good = tmp_path / "dobre.csv"
    good.write_text(HEADER + "A,PHONE,A,1,1,,\nB,PHONE,B,1,1,,\n", encoding="utf-8")
    done = await _run("import", "templates", str(good), capsys=capsys)
    assert done == Result(0, "Importovány 2 šablony interakcí (2 nových, 0 aktualizovaných).\n", "")


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
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("INTERLOG_LANGUAGE", "cs")
    monkeypatch.chdir(tmp_path)
    async with uow_factory() as uow:
        await uow.salespeople.save(Salesperson("JN", "Jana Nováková"))
        await uow.commit()
    added = await _run("users", "add", "--telegram-id", "5", "--salesperson", "JN", "--admin",
                       capsys=capsys)  # fmt: skip
    assert added == Result(0, "Přidán uživatel Telegramu 5 jako Jana Nováková (JN), správce.\n", "")
    listing = await _run("users", "list", capsys=capsys)
    assert listing.stdout.splitlines()[0].split() == [
        "Telegram",
        "ID",
        "Prodejce",
        "Jméno",
        "Správce",
    ]
    unknown = await _run("users", "add", "--telegram-id", "6", "--salesperson", "XX", capsys=capsys)
    assert unknown.stderr.startswith("interlog: prodejce XX neexistuje (známí: JN).")
    exported = await _run("export", "interactions", "-o", "x.csv", capsys=capsys)
    assert exported == Result(0, "Exportováno 0 interakcí do x.csv.\n", "")
    bad = await _run("export", "interactions", "--from", "2026-13-01", capsys=capsys)
    assert bad.code == 2 and "není datum" in bad.stderr
