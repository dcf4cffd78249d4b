"""How an import's outcome is worded, the same for the command line and the chat."""

from __future__ import annotations

from bot.i18n import DEFAULT_LANGUAGE, translate
from domain.csv_rows import Problem
from domain.errors import DomainError
from domain.services.imports import ImportResult, Notice


def noun(kind: str, count: int, lang: str = DEFAULT_LANGUAGE) -> str:
    return translate(f"import.noun.{kind}", lang, count=count)


def done(result: ImportResult, lang: str = DEFAULT_LANGUAGE) -> str:
    """ "Imported 3 contacts (2 new, 1 updated)." """
    return translate(
        f"import.done.{result.kind}",
        lang,
        count=result.imported,
        # Each count is a phrase of its own: Czech agrees "2 nové, 5 aktualizovaných"
        # with its own number (and the noun's gender), not with the total's.
        new=translate(f"import.new.{result.kind}", lang, count=result.new),
        updated=translate(f"import.updated.{result.kind}", lang, count=result.updated),
    )


def notice(item: Notice, lang: str = DEFAULT_LANGUAGE) -> str:
    params = dict(item.params)
    if item.key == "import.notice.no_series":
        params["code"] = params.get("code") or "(none)"
    return translate(item.key, lang, **params)


def error(refusal: DomainError, *, name: str, kind: str, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """The lines that say why a file was refused before anything was imported."""
    params = {"name": name, **refusal.params}
    if refusal.key != "import_header":
        return [translate(f"error.{refusal.key}", lang, **params)]
    lines = []
    if refusal.params.get("missing"):
        found = refusal.params.get("found") or "nothing"
        lines.append(translate("error.import_header_missing", lang, **{**params, "found": found}))
    if refusal.params.get("duplicated"):
        lines.append(translate("error.import_header_duplicated", lang, **params))
    lines.append(translate("import.header_expected", lang, kind=kind, **params))
    return lines


def problem(item: Problem, lang: str = DEFAULT_LANGUAGE) -> str:
    """`line N, column C: message`."""
    message = translate(f"problem.{item.key}", lang, **item.params)
    if item.column:
        return translate(
            "problem.at_line_column", lang, line=item.line, column=item.column, message=message
        )
    return translate("problem.at_line", lang, line=item.line, message=message)
