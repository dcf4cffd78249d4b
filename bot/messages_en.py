"""The messages' keys and their English text, the source language of the catalogues.

Adding a message: a line `"key": msg("key", "English {param}")` here (`msg_n` with a
singular and a plural for a message that counts, chosen by its `count` parameter), then the
catalogue update of the README's "Translating" section and the Czech translation in
bot/locale/cs/LC_MESSAGES/messages.po. {names} are filled in by `translate`."""

from bot.catalogue import Message, msg, msg_n

MESSAGES: dict[str, Message] = {
    # Access and general
    "unauthorised": msg(
        "unauthorised",
        "You are not authorised. Ask an administrator to add your Telegram id {telegram_id}.",
    ),
    "admins_only": msg("admins_only", "Only administrators can manage segments."),
    "stale": msg("stale", "This card is out of date."),
    "tap.not_here": msg("tap.not_here", "That button is not yours to tap."),
    "unknown_command": msg(
        "unknown_command", "I don't know /{command}. Send /help to see what I can do."
    ),
    "idle_text": msg(
        "idle_text", "Send /interact to log an interaction, or /help for everything else."
    ),
    "group.use_private": msg(
        "group.use_private", "Please talk to me in a private chat: https://t.me/{bot}"
    ),
    "start.hello": msg("start.hello", "Hello, {name}! You log interactions as salesperson {code}."),
    "command.interact": msg("command.interact", "log an interaction with a contact"),
    "command.postponed": msg("command.postponed", "your postponed interactions: resume or delete"),
    "command.log": msg("command.log", "a contact's interaction history and statistics"),
    "command.logsegment": msg("command.logsegment", "log a whole segment at once"),
    "command.cancel": msg("command.cancel", "postpone the interaction in progress"),
    "command.stats": msg(
        "command.stats", "your activity chart: /stats [week|month|quarter]; admins: /stats team"
    ),
    "command.export": msg(
        "command.export", "the interaction log as CSV: /export [from] [to] [salesperson]"
    ),
    "command.help": msg("command.help", "this help"),
    "command.language": msg("command.language", "choose the language: Čeština or English"),
    "language.choose": msg("language.choose", "Which language shall I speak to you?"),
    "language.chosen": msg("language.chosen", "Done: I speak English to you now."),
    # Each language named in itself, the same in every catalogue.
    "language.name.cs": msg("language.name.cs", "Čeština"),
    "language.name.en": msg("language.name.en", "English"),
    "command.segments": msg("command.segments", "manage segments (admins)"),
    "command.loggedsegments": msg(
        "command.loggedsegments", "cancel or restore logged segments (admins)"
    ),
    "cancel.nothing": msg("cancel.nothing", "Nothing to cancel. Send /interact to start."),
    "cancel.done": msg("cancel.done", "Cancelled."),
    "cancel.postponed": (
        msg(
            "cancel.postponed",
            "Postponed: interaction #{entry_no} with {contact}. Resume it any time from /postponed.",
        )
    ),
    "cancel.dropped": msg(
        "cancel.dropped", "Cancelled: nothing was kept of the interaction with {contact}."
    ),
    "cancel.discarded": msg(
        "cancel.discarded", "Discarded: the interaction with {contact} was not kept."
    ),
    "cancel.discarded_resumed": msg(
        "cancel.discarded_resumed",
        "Discarded your changes: postponed interaction #{entry_no} with {contact} stays as it was.",
    ),
    # Contacts
    "contacts.ask_search": msg(
        "contacts.ask_search", "Whom did you talk to? Send part of the contact's name."
    ),
    "contacts.choose": msg("contacts.choose", "Contacts matching “{query}”:"),
    "contacts.none": msg(
        "contacts.none",
        "No contact matches “{query}”: no name contains it, and no word of a name starts"
        " with it. Check the spelling, or send another name.",
    ),
    "contacts.none_short": msg(
        "contacts.none_short",
        "No contact matches “{query}”: under 3 characters, only the starts of words are"
        " searched (“dv” finds Eva Dvořáková). Send more of the name.",
    ),
    "inline.register": msg("inline.register", "Register to search contacts"),
    "inline.new_interaction": msg("inline.new_interaction", "📝 New interaction"),
    "inline.card.name": msg("inline.card.name", "👤 {name}"),
    "inline.card.company": msg("inline.card.company", "Company: {company}"),
    "inline.card.phone": msg("inline.card.phone", "Phone: {phone}"),
    "inline.card.email": msg("inline.card.email", "E-mail: {email}"),
    "inline.card.city": msg("inline.card.city", "City: {city}"),
    "contacts.search_inline": msg("contacts.search_inline", "🔎 Search as you type"),
    "shared.choose": msg("shared.choose", "Contacts with the number {phone}:"),
    "shared.none": msg(
        "shared.none",
        "No contact has the number {phone}. Search by name instead: send part of it.",
    ),
    "shared.search_name": msg("shared.search_name", "🔎 Search “{name}”"),
    # Interact
    "interact.ask_search_recent": msg(
        "interact.ask_search_recent",
        "Whom did you talk to? Tap a recent one, or send part of the contact's name.",
    ),
    "interact.last_used": msg("interact.last_used", "↺ {template}"),
    "interact.choose_template": msg(
        "interact.choose_template", "{contact}: which kind of interaction?"
    ),
    "interact.use_buttons": msg(
        "interact.use_buttons", "Please use the buttons on the card, or /cancel to postpone."
    ),
    "interact.logged": msg("interact.logged", "✅ Logged #{entry_no}: {template} with {contact}."),
    "interact.logged_toast": msg("interact.logged_toast", "Logged"),
    "interact.ask_postpone": msg(
        "interact.ask_postpone", "Postpone the interaction with {contact} to finish it later?"
    ),
    "interact.set_aside": msg(
        "interact.set_aside",
        "⏸ Your interaction #{entry_no} with {contact} was postponed: /postponed resumes it.",
    ),
    "card.title": msg("card.title", "📝 New interaction"),
    "card.title_resumed": msg("card.title_resumed", "📝 Resumed interaction"),
    "card.contact": msg("card.contact", "Contact: {name}"),
    "card.template": msg("card.template", "Template: {template}"),
    "card.description": msg("card.description", "Description: {description}"),
    "card.when": msg("card.when", "Date and time: {date} {time}"),
    "card.flow": msg("card.flow", "Information flow: {flow}"),
    "card.initiated_by": msg("card.initiated_by", "Initiated by: {initiated_by}"),
    "card.evaluation": msg("card.evaluation", "Evaluation: {evaluation}"),
    "card.successful": msg("card.successful", "Successful: {successful}"),
    "card.cost": msg("card.cost", "Cost: {cost}"),
    "card.duration": msg("card.duration", "Duration: {duration}"),
    "card.attachment": msg("card.attachment", "Attachment: {kind}"),
    "card.location": msg("card.location", "Location: {lat}, {lon}"),
    "card.hint": msg(
        "card.hint",
        "Tap Log to save, or change a field first. Voice notes, photos, files and locations you send are attached.",
    ),
    "attachment.voice": msg("attachment.voice", "voice note"),
    "attachment.photo": msg("attachment.photo", "photo"),
    "attachment.document": msg("attachment.document", "document"),
    "attachment.no_card": msg(
        "attachment.no_card", "Start an interaction with /interact first, then send the attachment."
    ),
    "field.description": msg("field.description", "Description"),
    "field.when": msg("field.when", "Date/time"),
    "field.cost": msg("field.cost", "Cost"),
    "field.duration": msg("field.duration", "Duration"),
    "field.evaluation": msg("field.evaluation", "Evaluation"),
    "field.successful": msg("field.successful", "Successful"),
    "field.flow": msg("field.flow", "Flow"),
    "field.initiated_by": msg("field.initiated_by", "Initiated by"),
    "field.template": msg("field.template", "Template"),
    "field.salesperson": msg("field.salesperson", "Salesperson"),
    "field.contact": msg("field.contact", "Contact"),
    "ask.description": msg("ask.description", "Send the description (up to 100 characters)."),
    "ask.cost": msg("ask.cost", "Send the cost, e.g. 12.50."),
    "ask.duration": msg("ask.duration", "Send the duration in minutes, e.g. 15."),
    "ask.when": msg(
        "ask.when", "Send the date and time, e.g. 2026-11-28 14:30, 28.11.2026, 14:30 or yesterday."
    ),
    "ask.evaluation": msg("ask.evaluation", "How did it go?"),
    "ask.successful": msg("ask.successful", "Was the interaction successful?"),
    "ask.flow": msg("ask.flow", "Information flow:"),
    "ask.initiated_by": msg("ask.initiated_by", "Initiated by:"),
    "ask.evaluation_of": msg("ask.evaluation_of", "Evaluation of #{entry_no}:"),
    "choice.evaluation.blank": msg("choice.evaluation.blank", "—"),
    "choice.evaluation.very_positive": msg("choice.evaluation.very_positive", "Very positive"),
    "choice.evaluation.positive": msg("choice.evaluation.positive", "Positive"),
    "choice.evaluation.neutral": msg("choice.evaluation.neutral", "Neutral"),
    "choice.evaluation.negative": msg("choice.evaluation.negative", "Negative"),
    "choice.evaluation.very_negative": msg("choice.evaluation.very_negative", "Very negative"),
    "choice.flow.blank": msg("choice.flow.blank", "—"),
    "choice.flow.outbound": msg("choice.flow.outbound", "Outbound"),
    "choice.flow.inbound": msg("choice.flow.inbound", "Inbound"),
    "choice.initiated_by.blank": msg("choice.initiated_by.blank", "—"),
    "choice.initiated_by.us": msg("choice.initiated_by.us", "Us"),
    "choice.initiated_by.them": msg("choice.initiated_by.them", "Them"),
    "choice.successful.yes": msg("choice.successful.yes", "Yes"),
    "choice.successful.no": msg("choice.successful.no", "No"),
    # Buttons
    "button.log": msg("button.log", "✅ Log"),
    "button.postpone": msg("button.postpone", "⏸ Postpone"),
    "button.cancel": msg("button.cancel", "✖ Cancel"),
    "button.discard": msg("button.discard", "🗑 Discard"),
    "button.back": msg("button.back", "↩ Back"),
    "button.change_template": msg("button.change_template", "Change template"),
    "button.search_again": msg("button.search_again", "🔎 Search again"),
    "button.previous": msg("button.previous", "◀ Previous"),
    "button.next": msg("button.next", "Next ▶"),
    "button.resume": msg("button.resume", "▶ Resume #{entry_no}"),
    "button.delete": msg("button.delete", "🗑 Delete #{entry_no}"),
    "button.yes_delete": msg("button.yes_delete", "Yes, delete"),
    "button.no_keep": msg("button.no_keep", "No, keep it"),
    "button.yes": msg("button.yes", "Yes"),
    "button.no": msg("button.no", "No"),
    "button.like": msg("button.like", "➕ Like #{entry_no}"),
    "button.evaluate": msg("button.evaluate", "⭐ #{entry_no}"),
    "button.cancel_entry": msg("button.cancel_entry", "Cancel entry #{entry_no}"),
    "button.yes_cancel_entry": msg("button.yes_cancel_entry", "Yes, cancel entry #{entry_no}"),
    "button.uncancel": msg("button.uncancel", "↺ Restore #{entry_no}"),
    "button.new_interaction": msg("button.new_interaction", "➕ New interaction"),
    "button.new_segment": msg("button.new_segment", "➕ New segment"),
    "button.describe": msg("button.describe", "Description"),
    "button.template": msg("button.template", "Template"),
    "button.add": msg("button.add", "Add contacts"),
    "button.reduce": msg("button.reduce", "Reduce"),
    "button.refine": msg("button.refine", "Refine"),
    "button.lines": msg("button.lines", "Lines"),
    "button.open_segment": msg("button.open_segment", "Open {no}"),
    "button.remove_line": msg("button.remove_line", "✖ {contact}"),
    "button.line_template": msg("button.line_template", "Template"),
    "button.cancel_logged": msg("button.cancel_logged", "Cancel logged segment #{entry_no}"),
    "button.uncancel_logged": msg("button.uncancel_logged", "↺ Restore logged segment #{entry_no}"),
    "button.yes_cancel_logged": msg(
        "button.yes_cancel_logged", "Yes, cancel logged segment #{entry_no}"
    ),
    "button.yes_uncancel_logged": msg(
        "button.yes_uncancel_logged", "Yes, restore logged segment #{entry_no}"
    ),
    # Postponed
    "postponed.none": msg("postponed.none", "You have no postponed interactions."),
    "postponed.title": msg("postponed.title", "Your postponed interactions ({count}):"),
    "postponed.item": msg("postponed.item", "#{entry_no} · {date} · {contact}"),
    "postponed.confirm_delete": msg(
        "postponed.confirm_delete",
        "Delete postponed interaction #{entry_no} with {contact}? This cannot be undone.",
    ),
    "postponed.deleted": msg("postponed.deleted", "Deleted #{entry_no}"),
    # Log segment
    "logsegment.none": msg("logsegment.none", "There are no open segments to log."),
    "logsegment.choose": msg("logsegment.choose", "Which segment do you want to log?"),
    "logsegment.preview": (
        msg(
            "logsegment.preview",
            "Segment {no}: {description}\nLines: {lines}\nTemplate: {template}\n"
            "Total cost: {cost}\nTotal duration: {duration}",
        )
    ),
    "logsegment.ask_follow_up": msg("logsegment.ask_follow_up", "Create a follow-up segment?"),
    "logsegment.logged": msg_n(
        "logsegment.logged",
        "✅ Segment {no} logged as logged segment #{logged}: {count} interaction.",
        "✅ Segment {no} logged as logged segment #{logged}: {count} interactions.",
    ),
    "logsegment.follow_up_description": msg(
        "logsegment.follow_up_description", "Follow-up on segment {no}"
    ),
    "setting.segment_nos": msg("setting.segment_nos", "Segment Nos."),
    "setting.contact_nos": msg("setting.contact_nos", "Contact Nos."),
    "setting.todo_nos": msg("setting.todo_nos", "To-do Nos."),
    "logsegment.follow_up_created": msg(
        "logsegment.follow_up_created", "Follow-up segment {no} created."
    ),
    # History
    "log.title": msg("log.title", "📒 {contact}"),
    "log.statistics": (
        msg(
            "log.statistics",
            "Interactions: {count} · Cost: {cost} · Duration: {duration}\n"
            "Last interaction: {last} · Last attempted: {attempted}",
        )
    ),
    "log.item": msg("log.item", "#{entry_no} · {date} {time} · {description}"),
    "log.canceled": msg("log.canceled", "(canceled)"),
    "log.empty": msg("log.empty", "No interactions yet."),
    # Statistics and export
    "stats.usage": (
        msg(
            "stats.usage",
            "Send /stats, /stats week, /stats month or /stats quarter; administrators also "
            "/stats team [week|month|quarter].",
        )
    ),
    "stats.period.week": msg("stats.period.week", "last 7 days"),
    "stats.period.month": msg("stats.period.month", "last 4 weeks"),
    "stats.period.quarter": msg("stats.period.quarter", "last 13 weeks"),
    "stats.title.own": msg("stats.title.own", "Your interactions, {period} ({first} – {last})"),
    "stats.title.team": msg(
        "stats.title.team", "The team's interactions, {period} ({first} – {last})"
    ),
    "stats.title.contact": msg(
        "stats.title.contact", "{contact}: interactions per month ({first} – {last})"
    ),
    "stats.totals": (
        msg(
            "stats.totals",
            "Interactions: {count} (period before: {previous}, {change:+d})\n"
            "Cost: {cost} · Duration: {duration}\n"
            "Successful: {successful} · Attempts failed: {failed}",
        )
    ),
    "stats.caption": msg("stats.caption", "📊 {title}\n{totals}"),
    "stats.percent": msg("stats.percent", "{value}%"),
    "stats.empty": msg("stats.empty", "No interactions in this period."),
    "stats.chart_toast": msg("stats.chart_toast", "Drawing the chart…"),
    "button.chart": msg("button.chart", "📈 Chart"),
    "export.usage": (
        msg(
            "export.usage",
            "Send /export [from] [to] [salesperson], dates as YYYY-MM-DD, "
            "e.g. /export 2026-01-01 2026-03-31 JN.",
        )
    ),
    "export.caption": msg("export.caption", "📄 Interaction log of {whose}, {first} – {last}"),
    "export.everyone": msg("export.everyone", "everyone"),
    "log.confirm_cancel": msg(
        "log.confirm_cancel",
        "Cancel interaction #{entry_no} of {date} ({description})? It stays in the log marked "
        "canceled and no longer counts in the statistics; Restore undoes it.",
    ),
    # Importing CSV files (the command line and the chat's /import)
    "command.import": msg(
        "command.import",
        "send a CSV file captioned /import contacts (or templates, groups, salespeople)",
    ),
    "import.done.salespeople": msg_n(
        "import.done.salespeople",
        "Imported {count:,} salesperson ({new}, {updated}).",
        "Imported {count:,} salespeople ({new}, {updated}).",
    ),
    "import.done.groups": msg_n(
        "import.done.groups",
        "Imported {count:,} interaction group ({new}, {updated}).",
        "Imported {count:,} interaction groups ({new}, {updated}).",
    ),
    "import.done.templates": msg_n(
        "import.done.templates",
        "Imported {count:,} interaction template ({new}, {updated}).",
        "Imported {count:,} interaction templates ({new}, {updated}).",
    ),
    "import.done.contacts": msg_n(
        "import.done.contacts",
        "Imported {count:,} contact ({new}, {updated}).",
        "Imported {count:,} contacts ({new}, {updated}).",
    ),
    "import.noun.salespeople": msg_n(
        "import.noun.salespeople",
        "salesperson",
        "salespeople",
    ),
    "import.noun.groups": msg_n(
        "import.noun.groups",
        "interaction group",
        "interaction groups",
    ),
    "import.noun.templates": msg_n(
        "import.noun.templates",
        "interaction template",
        "interaction templates",
    ),
    "import.noun.contacts": msg_n(
        "import.noun.contacts",
        "contact",
        "contacts",
    ),
    "import.no_rows": msg(
        "import.no_rows",
        "{name} has no rows: nothing to import.",
    ),
    "import.refused": msg_n(
        "import.refused",
        "{name}: {count:,} bad row out of {rows:,}. Nothing was imported.",
        "{name}: {count:,} bad rows out of {rows:,}. Nothing was imported.",
    ),
    "import.problems_caption": msg_n(
        "import.problems_caption",
        "📄 {count:,} bad row out of {rows:,} in {name}. Nothing was imported.",
        "📄 {count:,} bad rows out of {rows:,} in {name}. Nothing was imported.",
    ),
    "import.failed": msg(
        "import.failed",
        "The import of {name} failed: {reason}. Nothing was imported.",
    ),
    "import.failed_unexpected": msg(
        "import.failed_unexpected",
        "The import of {name} failed (error reference {reference}). Nothing was imported.",
    ),
    "import.header_expected": msg(
        "import.header_expected",
        "The header of a {kind} file is: {expected}",
    ),
    "import.usage": msg(
        "import.usage",
        "To import, send a CSV file (UTF-8) with the caption /import contacts, /import templates, /import groups or /import salespeople. The README lists each kind's columns.",
    ),
    "import.too_big": msg(
        "import.too_big",
        "{name} is {size} MB: Telegram lets bots download files of at most {limit} MB. Split the file, or import it with `interlog import` on the server.",
    ),
    "import.started": msg(
        "import.started",
        "⏳ Importing {name}…",
    ),
    "import.progress.reading": msg(
        "import.progress.reading",
        "⏳ Importing {name}: read {done:,} rows…",
    ),
    "import.progress.checking": msg(
        "import.progress.checking",
        "⏳ Importing {name}: checked {done:,} of {total:,} rows…",
    ),
    "import.progress.saving": msg(
        "import.progress.saving",
        "⏳ Importing {name}: saved {done:,} of {total:,} records…",
    ),
    "import.progress.finished": msg(
        "import.progress.finished",
        "Importing {name}: finished.",
    ),
    "import.cli.checked": msg(
        "import.cli.checked",
        "  checked {rows:,} rows",
    ),
    "import.cli.saved": msg(
        "import.cli.saved",
        "  saved {done:,} of {total:,} {noun}",
    ),
    "import.notice.unknown_columns": msg(
        "import.notice.unknown_columns",
        "ignoring unknown column(s): {columns}",
    ),
    "import.notice.no_series": msg(
        "import.notice.no_series",
        "rows with an empty `no` need the number series Contact Nos. of the marketing setup, but series {code} does not exist. Create it with `interlog series set contacts --prefix CT --width 6` or fill in every contact number.",
    ),
    "import.notice.undone": msg(
        "import.notice.undone",
        "undid an unfinished import of {undone:,} contacts.",
    ),
    "import.notice.kept.interactions": msg_n(
        "import.notice.kept.interactions",
        "kept {count:,} contact added by the import: interactions were logged on it meanwhile ({nos}).",
        "kept {count:,} contacts added by the import: interactions were logged on them meanwhile ({nos}).",
    ),
    "import.notice.kept.drafts": msg_n(
        "import.notice.kept.drafts",
        "kept {count:,} contact added by the import: interactions with it were being entered meanwhile ({nos}).",
        "kept {count:,} contacts added by the import: interactions with them were being entered meanwhile ({nos}).",
    ),
    "import.notice.kept.segment_lines": msg_n(
        "import.notice.kept.segment_lines",
        "kept {count:,} contact added by the import: it was put on segments meanwhile ({nos}).",
        "kept {count:,} contacts added by the import: they were put on segments meanwhile ({nos}).",
    ),
    "log.canceled_toast": msg("log.canceled_toast", "Canceled #{entry_no}"),
    "log.uncanceled_toast": msg("log.uncanceled_toast", "Restored #{entry_no}"),
    # Segments
    "segments.title": msg("segments.title", "Open segments ({count}):"),
    "segments.card": (
        msg(
            "segments.card",
            "Segment {no}: {description}\nTemplate: {template}\nSalesperson: {salesperson}\n"
            "Lines: {lines}\nTotal cost: {cost} · Total duration: {duration}",
        )
    ),
    "segments.nobody": msg("segments.nobody", "nobody: whoever logs it"),
    "segments.salesperson": msg("segments.salesperson", "{name} ({code})"),
    "segments.choose_salesperson": msg(
        "segments.choose_salesperson",
        "Whose is segment {no}? Its salesperson (and a salesperson only their own segments and "
        "those of nobody) may log it; every line goes with it.",
    ),
    "segments.assigned": msg_n(
        "segments.assigned",
        "Segment {no} is {salesperson}'s now, with its {count} line.",
        "Segment {no} is {salesperson}'s now, with its {count} lines.",
    ),
    "segments.unassigned": msg_n(
        "segments.unassigned",
        "Segment {no} is nobody's now, with its {count} line: whoever logs it.",
        "Segment {no} is nobody's now, with its {count} lines: whoever logs it.",
    ),
    "button.salesperson": msg("button.salesperson", "👤 Salesperson"),
    "button.nobody": msg("button.nobody", "Nobody: whoever logs it"),
    "error.segment_salesperson_blocked": msg(
        "error.segment_salesperson_blocked",
        "Salesperson {code} is blocked: a segment cannot be given to them.",
    ),
    "segments.ask_new": msg("segments.ask_new", "Send the new segment's description."),
    "segments.ask_describe": msg(
        "segments.ask_describe", "Send the segment's new description (up to 100 characters)."
    ),
    "segments.ask_criteria": msg(
        "segments.ask_criteria",
        "Send criteria as key=value, separated by spaces; a contact must match all of them. "
        "For example:\n"
        "• city=Praha type=person relation=customer\n"
        '• company="Alza s.r.o." (a company by part of its name or its number, with its '
        "persons)\n"
        "• name=novák (part of the contact's name)\n"
        '• salesperson=JN template="customer visit" (a code or part of the name; had that '
        "interaction)\n"
        "• post=11000 country=CZ\n"
        "Type is company or person; quote a value with spaces. Add +expand for the persons of "
        "the companies found, +excluded to ignore Exclude from Segment. While the segment is "
        "open, each message of criteria is applied in turn.",
    ),
    "segments.created": msg("segments.created", "Segment {no} created."),
    "segments.add_done": msg_n(
        "segments.add_done", "Added {count} contact.", "Added {count} contacts."
    ),
    "segments.reduce_done": msg_n(
        "segments.reduce_done", "Removed {count} contact.", "Removed {count} contacts."
    ),
    "segments.refine_done": msg_n(
        "segments.refine_done",
        "Removed {count} contact that did not match.",
        "Removed {count} contacts that did not match.",
    ),
    "segments.updated": msg_n(
        "segments.updated",
        "Segment {no} now has {count} line.",
        "Segment {no} now has {count} lines.",
    ),
    "segments.more_add": msg_n(
        "segments.more_add",
        "Segment {no} now has {count} line. Send more criteria to add more contacts.",
        "Segment {no} now has {count} lines. Send more criteria to add more contacts.",
    ),
    "segments.more_reduce": msg_n(
        "segments.more_reduce",
        "Segment {no} now has {count} line. Send more criteria to remove more contacts.",
        "Segment {no} now has {count} lines. Send more criteria to remove more contacts.",
    ),
    "segments.more_refine": msg_n(
        "segments.more_refine",
        "Segment {no} now has {count} line. Send more criteria to keep only those matching.",
        "Segment {no} now has {count} lines. Send more criteria to keep only those matching.",
    ),
    "segments.use_buttons": msg("segments.use_buttons", "Please use the buttons."),
    "segments.choose_template": msg("segments.choose_template", "Template for segment {no}:"),
    "segments.template_set": msg_n(
        "segments.template_set",
        "Template set; {count} line followed.",
        "Template set; {count} lines followed.",
    ),
    "segments.lines_title": msg("segments.lines_title", "Lines of segment {no}:"),
    "segments.line_removed": msg("segments.line_removed", "Line removed"),
    "segments.choose_line_template": msg(
        "segments.choose_line_template", "Template for this line:"
    ),
    "logged.none": msg("logged.none", "No segments have been logged yet."),
    "logged.title": msg("logged.title", "Logged segments (newest first):"),
    "logged.item": msg_n(
        "logged.item",
        "#{entry_no} · {segment} · {description} · {date} · {count} interaction {canceled}",
        "#{entry_no} · {segment} · {description} · {date} · {count} interactions {canceled}",
    ),
    "logged.confirm_cancel_logged": msg(
        "logged.confirm_cancel_logged",
        "Cancel logged segment #{entry_no} ({segment}, {description}, logged {date}) and all "
        "its interactions? They stay in the log marked canceled and no longer count in the "
        "statistics; Restore undoes it.",
    ),
    "logged.confirm_uncancel_logged": msg(
        "logged.confirm_uncancel_logged",
        "Restore logged segment #{entry_no} ({segment}, {description}, logged {date}) and "
        "all its interactions? They count in the statistics again.",
    ),
    "logged.canceled_toast": msg("logged.canceled_toast", "Canceled #{entry_no}"),
    "logged.uncanceled_toast": msg("logged.uncanceled_toast", "Restored #{entry_no}"),
    # Notifications for the team chat
    "notify.interaction": (
        msg(
            "notify.interaction",
            "📞 {salesperson} logged {template} with {contact} ({date} {time}).",
        )
    ),
    "notify.evaluation": msg("notify.evaluation", "Evaluation: {evaluation}."),
    "notify.attempt_failed": msg("notify.attempt_failed", "❌ The attempt failed."),
    "notify.segment": (
        msg_n(
            "notify.segment",
            "📣 {salesperson} logged segment {segment} “{description}”: {count} interaction, "
            "template {template} (logged segment #{logged}).",
            "📣 {salesperson} logged segment {segment} “{description}”: {count} interactions, "
            "template {template} (logged segment #{logged}).",
        )
    ),
    # Refusals (domain error keys)
    "admin.update_failed": (
        msg(
            "admin.update_failed",
            "Error {reference} in update {update_id}, kept among the failed updates "
            "(interlog updates failed):\n<pre>{trace}</pre>",
        )
    ),
    "error.unexpected": msg(
        "error.unexpected", "Sorry, something went wrong on our side. Error reference: {reference}."
    ),
    "error.error": msg("error.error", "That did not work."),
    "error.not_found": msg("error.not_found", "Not found."),
    "error.forbidden": msg("error.forbidden", "That is not yours."),
    "error.invalid": msg("error.invalid", "That value is not valid."),
    "error.contact_privacy_blocked": (
        msg(
            "error.contact_privacy_blocked",
            "You cannot use contact {contact} because they are marked as blocked due to privacy.",
        )
    ),
    "error.contact_not_found": msg("error.contact_not_found", "Contact {no} does not exist."),
    "error.template_not_found": msg(
        "error.template_not_found", "Interaction template {code} does not exist."
    ),
    "error.segment_not_found": msg(
        "error.segment_not_found", "Segment {no} does not exist or has already been logged."
    ),
    "error.segment_line_not_found": msg(
        "error.segment_line_not_found", "Segment {no} has no line for {contact_no}."
    ),
    "error.logged_segment_not_found": msg(
        "error.logged_segment_not_found", "Logged segment #{entry_no} does not exist."
    ),
    "error.entry_not_found": msg(
        "error.entry_not_found", "Interaction #{entry_no} does not exist."
    ),
    "error.draft_not_found": msg(
        "error.draft_not_found",
        "That interaction is no longer open. Send /interact to start again.",
    ),
    "error.draft_not_yours": msg(
        "error.draft_not_yours", "That interaction belongs to someone else."
    ),
    "error.postponed_not_found": msg(
        "error.postponed_not_found", "You have no postponed interaction #{entry_no}."
    ),
    "error.entry_not_yours": msg(
        "error.entry_not_yours", "Interaction #{entry_no} belongs to another salesperson."
    ),
    "error.entry_in_canceled_logged_segment": (
        msg(
            "error.entry_in_canceled_logged_segment",
            "This interaction belongs to canceled logged segment #{logged_segment}; "
            "restore the logged segment in /loggedsegments instead.",
        )
    ),
    "error.number_series_missing": (
        msg(
            "error.number_series_missing",
            "No number series is set up for {setting}. Ask an administrator to set it up.",
        )
    ),
    "error.import_admins_only": msg(
        "error.import_admins_only",
        "Only administrators can import files.",
    ),
    "error.import_kind_unknown": msg(
        "error.import_kind_unknown",
        "I cannot import “{kind}”; I import {kinds}.",
    ),
    "error.import_not_utf8": msg(
        "error.import_not_utf8",
        "{name} is not UTF-8 text (line {line}: {detail}). Save it as “CSV UTF-8” and try again.",
    ),
    "error.import_not_csv": msg(
        "error.import_not_csv",
        "{name}, line {line}: not valid CSV ({detail})",
    ),
    "error.import_empty_file": msg(
        "error.import_empty_file",
        "{name} is empty: the first line must name the columns.",
    ),
    "error.import_header": msg(
        "error.import_header",
        "The header must name each of these columns once: {expected}",
    ),
    "error.import_header_missing": msg(
        "error.import_header_missing",
        "{name}: the header lacks the column(s) {missing} (it names {found}). Nothing was imported.",
    ),
    "error.import_header_duplicated": msg(
        "error.import_header_duplicated",
        "{name}: the header names {duplicated} more than once. Nothing was imported.",
    ),
    "error.import_busy": msg(
        "error.import_busy",
        "another contact import ({owner}) is running.",
    ),
    "error.segment_not_loggable": msg(
        "error.segment_not_loggable", "This segment cannot be logged."
    ),
    "error.segment_already_logged": msg(
        "error.segment_already_logged", "Segment {no} has already been logged."
    ),
    "error.salesperson_blocked": msg(
        "error.salesperson_blocked",
        "Salesperson {code} is blocked: nothing more can be done as them. Ask an administrator.",
    ),
    "error.series_number_taken": msg(
        "error.series_number_taken", "{number} is taken already: the series must start after it."
    ),
    "error.series_code_length": msg(
        "error.series_code_length", "A number series code has 1 to {most} characters."
    ),
    "error.series_number_too_long": msg(
        "error.series_number_too_long", "The prefix and the digits make at most {most} characters."
    ),
    "error.series_width": msg("error.series_width", "A number series has 1 to {most} digits."),
    "error.series_next": msg("error.series_next", "The next number is from 1 to {last}."),
    "error.telegram_id_invalid": msg(
        "error.telegram_id_invalid", "A Telegram id is a positive number."
    ),
    "error.salesperson_not_found": msg(
        "error.salesperson_not_found", "Salesperson {code} does not exist."
    ),
    "error.admins_only": msg("error.admins_only", "Only administrators can manage segments."),
    "error.team_stats_admins_only": msg(
        "error.team_stats_admins_only", "Only administrators can see the team's statistics."
    ),
    "error.export_not_yours": msg(
        "error.export_not_yours", "You can export your own interactions only, not {salesperson}'s."
    ),
    "error.export_date_invalid": msg(
        "error.export_date_invalid", "“{value}” is not a date; use YYYY-MM-DD."
    ),
    "error.export_dates_reversed": msg("error.export_dates_reversed", "{first} is after {last}."),
    "error.segment_not_yours": msg(
        "error.segment_not_yours",
        "Segment {no} is salesperson {salesperson}'s: they or an administrator log it.",
    ),
    "error.segment_empty": msg("error.segment_empty", "Segment {no} is empty."),
    "error.segment_line_invalid": msg(
        "error.segment_line_invalid",
        "Segment {no} cannot be logged: the line for {contact} ({contact_no}) has {reason}.",
    ),
    "error.segment_lines_invalid": msg(
        "error.segment_lines_invalid",
        "Segment {no} cannot be logged: the line for {contact} ({contact_no}) has {reason}, "
        "and other lines cannot be logged either.",
    ),
    "line_problem.template": msg("line_problem.template", "no interaction template"),
    "line_problem.contact": msg("line_problem.contact", "a contact that does not exist"),
    "line_problem.privacy": msg(
        "line_problem.privacy", "a contact marked as blocked due to privacy"
    ),
    "line_problem.salesperson": msg(
        "line_problem.salesperson", "a salesperson that does not exist"
    ),
    "line_problem.date": msg("line_problem.date", "no date"),
    "error.field_required": msg("error.field_required", "{field} must have a value."),
    "error.description_empty": msg("error.description_empty", "The description cannot be empty."),
    "error.description_too_long": msg(
        "error.description_too_long",
        "The description can have at most {max} characters; this one has {length}.",
    ),
    "error.cost_not_a_number": msg(
        "error.cost_not_a_number", "“{value}” is not an amount. Send a number such as 12.50."
    ),
    "error.cost_negative": msg("error.cost_negative", "The cost cannot be negative."),
    "error.cost_too_large": msg("error.cost_too_large", "The cost can be at most {max}."),
    "error.duration_not_a_number": msg(
        "error.duration_not_a_number",
        "“{value}” is not a number of minutes. Send a whole number such as 15.",
    ),
    "error.duration_negative": msg("error.duration_negative", "The duration cannot be negative."),
    "error.duration_too_large": msg(
        "error.duration_too_large", "The duration can be at most {max} minutes."
    ),
    "error.date_invalid": msg("error.date_invalid", "“{value}” is not a date I understand."),
    "error.date_too_far": msg("error.date_too_far", "“{value}” is more than a year ahead."),
    "error.evaluation_invalid": msg("error.evaluation_invalid", "“{value}” is not an evaluation."),
    "error.flow_invalid": msg("error.flow_invalid", "“{value}” is not an information flow."),
    "error.initiated_by_invalid": msg(
        "error.initiated_by_invalid", "“{value}” is not a valid initiator."
    ),
    "error.bool_invalid": msg("error.bool_invalid", "“{value}” is neither yes nor no."),
    "error.location_invalid": msg("error.location_invalid", "That location is not on Earth."),
    "error.search_empty": msg(
        "error.search_empty", "Send at least one letter of the contact's name."
    ),
    "error.invalid_page": msg("error.invalid_page", "That page does not exist."),
    "error.criteria_invalid": msg(
        "error.criteria_invalid", "I don't understand “{token}”. Use key=value, e.g. city=Praha."
    ),
    # The command line
    "cli.qr_pdf": msg_n(
        "cli.qr_pdf",
        "Wrote {count} QR code on {pages} page(s) to {file}.",
        "Wrote {count} QR codes on {pages} page(s) to {file}.",
    ),
    "cli.qr_pngs": msg_n(
        "cli.qr_pngs",
        "Wrote {count} QR code as a PNG file into {folder}.",
        "Wrote {count} QR codes as PNG files into {folder}.",
    ),
    "cli.qr_none": msg("cli.qr_none", "interlog: segment {segment} has no contacts to visit."),
    "cli.qr_skipped": msg_n(
        "cli.qr_skipped",
        "Left out {count} contact blocked for privacy (a link to it is refused).",
        "Left out {count} contacts blocked for privacy (a link to them is refused).",
    ),
    "cli.db.up_to_date": msg("cli.db.up_to_date", "Database is up to date (revision {revision})."),
    "cli.import.database_failed": msg(
        "cli.import.database_failed",
        "interlog: the database failed: {reason}. Nothing was imported.",
    ),
    "cli.users.added": msg(
        "cli.users.added", "Added Telegram user {telegram_id} as {name} ({code}), {role}."
    ),
    "cli.users.updated": msg(
        "cli.users.updated", "Updated Telegram user {telegram_id} as {name} ({code}), {role}."
    ),
    "cli.users.admin": msg("cli.users.admin", "admin"),
    "cli.users.user": msg("cli.users.user", "user"),
    "cli.users.no_such": msg(
        "cli.users.no_such", "interlog: there is no user with Telegram ID {telegram_id}."
    ),
    "cli.users.removed": msg("cli.users.removed", "Removed Telegram user {telegram_id}."),
    "cli.users.none": msg(
        "cli.users.none",
        "No users yet. Add one: interlog users add --telegram-id ID --salesperson CODE",
    ),
    "cli.users.column.telegram_id": msg("cli.users.column.telegram_id", "Telegram ID"),
    "cli.users.column.salesperson": msg("cli.users.column.salesperson", "Salesperson"),
    "cli.users.column.name": msg("cli.users.column.name", "Name"),
    "cli.users.column.admin": msg("cli.users.column.admin", "Admin"),
    "cli.unknown": msg("cli.unknown", "(unknown)"),
    "cli.none_yet": msg("cli.none_yet", "none yet"),
    "cli.yes": msg("cli.yes", "yes"),
    "cli.no": msg("cli.no", "no"),
    "cli.refused.telegram_id_invalid": msg(
        "cli.refused.telegram_id_invalid", "--telegram-id must be a positive number."
    ),
    "cli.refused.series_code_length": msg(
        "cli.refused.series_code_length", "--code: 1 to {most} characters"
    ),
    "cli.refused.series_number_too_long": msg(
        "cli.refused.series_number_too_long",
        "--prefix and --width: numbers have at most {most} characters",
    ),
    "cli.refused.series_width": msg("cli.refused.series_width", "--width: 1 to {most} digits"),
    "cli.refused.series_next": msg("cli.refused.series_next", "--next: from 1 to {last}"),
    "cli.refused.salesperson_not_found": msg(
        "cli.refused.salesperson_not_found",
        "salesperson {code} does not exist (known: {known}). Import salespeople first: "
        "interlog import salespeople FILE.csv",
    ),
    "cli.refused.salesperson_blocked": msg(
        "cli.refused.salesperson_blocked", "salesperson {code} is blocked."
    ),
    "cli.refused.segment_salesperson_blocked": msg(
        "cli.refused.segment_salesperson_blocked",
        "salesperson {code} is blocked: a segment cannot be given to them.",
    ),
    "cli.refused.segment_not_found": msg(
        "cli.refused.segment_not_found", "segment {no} does not exist or has already been logged."
    ),
    "cli.refused.series_number_taken": msg(
        "cli.refused.series_number_taken", "{number} is taken already: choose a higher --next."
    ),
    "cli.export.not_a_date": msg(
        "cli.export.not_a_date", "{option}: “{value}” is not a date; use YYYY-MM-DD."
    ),
    "cli.export.reversed": msg("cli.export.reversed", "--from {first} is after --to {last}."),
    "cli.export.no_salesperson": msg(
        "cli.export.no_salesperson", "interlog: salesperson {code} does not exist."
    ),
    "cli.export.unwritable": msg(
        "cli.export.unwritable", "interlog: cannot write {path}: {reason}"
    ),
    "cli.export.todos": msg_n(
        "cli.export.todos",
        "Exported {number} to-do to {path}.",
        "Exported {number} to-dos to {path}.",
    ),
    "cli.export.interactions": msg_n(
        "cli.export.interactions",
        "Exported {number} interaction to {path}.",
        "Exported {number} interactions to {path}.",
    ),
    "cli.series.next": msg("cli.series.next", "next {next}"),
    "cli.series.missing": msg("cli.series.missing", "no such series"),
    "cli.series.none": msg("cli.series.none", "(none)"),
    "cli.series.item": msg("cli.series.item", "{numbers}: {code}, {shown}"),
    "cli.series.set.contacts": msg(
        "cli.series.set.contacts", "New contacts are numbered from series {code}: next {first}."
    ),
    "cli.series.set.segments": msg(
        "cli.series.set.segments", "New segments are numbered from series {code}: next {first}."
    ),
    "cli.series.set.todos": msg(
        "cli.series.set.todos", "New todos are numbered from series {code}: next {first}."
    ),
    "cli.segments.whom": msg(
        "cli.segments.whom", "interlog: name a salesperson or give --nobody (not both)."
    ),
    "cli.segments.assigned": msg_n(
        "cli.segments.assigned",
        "Segment {no} is salesperson {code}'s now, with its {count} line.",
        "Segment {no} is salesperson {code}'s now, with its {count} lines.",
    ),
    "cli.segments.nobodys": msg_n(
        "cli.segments.nobodys",
        "Segment {no} is nobody's (whoever logs it) now, with its {count} line.",
        "Segment {no} is nobody's (whoever logs it) now, with its {count} lines.",
    ),
    "cli.demo.loaded_already": msg("cli.demo.loaded_already", "Demo data is already loaded."),
    "cli.demo.not_empty": msg_n(
        "cli.demo.not_empty",
        "interlog: the database already holds {number} contact: the demo set is for an empty "
        "one (its contacts would take numbers yours may have).",
        "interlog: the database already holds {number} contacts: the demo set is for an empty "
        "one (its contacts would take numbers yours may have).",
    ),
    "cli.demo.done": msg(
        "cli.demo.done",
        "Loaded demo data: {salespeople} salespeople, {groups} interaction groups, {templates} "
        "templates (existing ones kept), {companies} companies with {persons} persons, "
        "{entries} logged interactions, and the open segment {segment} with {lines} contacts.",
    ),
    "cli.demo.add_yourself": msg(
        "cli.demo.add_yourself",
        "Now add yourself: interlog users add --telegram-id <your id> --salesperson JN --admin",
    ),
    "cli.updates.none": msg("cli.updates.none", "No failed updates."),
    "cli.updates.item": msg("cli.updates.item", "update {update_id}, failed {when}: {error}"),
    "cli.webhook.set": msg("cli.webhook.set", "Webhook set: {url}"),
    "cli.webhook.deleted": msg(
        "cli.webhook.deleted", "Webhook deleted: the bot can run with long polling now."
    ),
    "cli.webhook.telegram_answered": msg(
        "cli.webhook.telegram_answered", "interlog: Telegram answered: {reason}"
    ),
    "cli.webhook.no_url": msg(
        "cli.webhook.no_url", "URL: none (the bot receives updates by long polling)"
    ),
    "cli.webhook.url": msg("cli.webhook.url", "URL: {url}"),
    "cli.webhook.max_connections": msg("cli.webhook.max_connections", "Max connections: {count}"),
    "cli.webhook.ip_address": msg("cli.webhook.ip_address", "IP address: {address}"),
    "cli.webhook.allowed": msg("cli.webhook.allowed", "Allowed updates: {updates}"),
    "cli.webhook.pending": msg("cli.webhook.pending", "Pending updates: {number}"),
    "cli.webhook.last_error": msg("cli.webhook.last_error", "Last error: {when}: {error}"),
    "cli.db.progress": msg("cli.db.progress", "  {table}: {copied} of {total} rows"),
    "cli.db.not_a_url": msg("cli.db.not_a_url", "interlog: --to is not a database URL: {reason}"),
    "cli.db.copying": msg("cli.db.copying", "Copying {source} to {target}"),
    "cli.db.not_empty": msg(
        "cli.db.not_empty", "interlog: refused: {reason}; copy only into an empty database."
    ),
    "cli.db.differs": msg(
        "cli.db.differs",
        "interlog: the copy differs from the source ({tables}); empty the target and copy again.",
    ),
    "cli.db.copied": msg(
        "cli.db.copied",
        "Copied {tables} tables, {rows} rows in {seconds} s; row counts and the interactions' "
        "checksum ({checksum}) match.",
    ),
    "cli.db.backup_sqlite_only": msg(
        "cli.db.backup_sqlite_only",
        "interlog: db backup copies a SQLite database; back up PostgreSQL with its own tools "
        "(pg_dump, or the provider's backups).",
    ),
    "cli.db.backup_failed": msg(
        "cli.db.backup_failed", "interlog: cannot back up to {target}: {reason}"
    ),
    "cli.db.backed_up": msg("cli.db.backed_up", "Backed up {source} to {target} ({size} bytes)."),
    "cli.menu_failed": msg(
        "cli.menu_failed",
        "interlog: could not set the command menu of Telegram user {telegram_id} ({reason}); "
        "the bot sets it when it next starts.",
    ),
    # Problems in an imported CSV file, each at its line (and column).
    "problem.at_line_column": msg(
        "problem.at_line_column", "line {line}, column {column}: {message}"
    ),
    "problem.at_line": msg("problem.at_line", "line {line}: {message}"),
    "problem.values": msg_n(
        "problem.values",
        "has {count} value but the header has {columns} columns",
        "has {count} values but the header has {columns} columns",
    ),
    "problem.required": msg("problem.required", "must have a value"),
    "problem.too_long": msg(
        "problem.too_long", "is {length} characters long; at most {max} allowed"
    ),
    "problem.code_too_long": msg(
        "problem.code_too_long", "“{value}” is longer than {max} characters"
    ),
    "problem.formula": msg(
        "problem.formula",
        "“{value}” must not start with =, +, - or @ (a spreadsheet would take it for a formula)",
    ),
    "problem.email": msg("problem.email", "“{value}” is not an e-mail address"),
    "problem.duplicate": msg(
        "problem.duplicate", "{key} appears more than once (first on line {first})"
    ),
    "problem.group_missing": msg(
        "problem.group_missing", "interaction group {code} does not exist"
    ),
    "problem.template_missing": msg(
        "problem.template_missing", "interaction template {code} does not exist"
    ),
    "problem.days_invalid": msg(
        "problem.days_invalid", "“{value}” is not a number of days (1 to {most})"
    ),
    "problem.type_invalid": msg("problem.type_invalid", "“{value}” is not company or person"),
    "problem.type_missing": msg("problem.type_missing", "must be company or person"),
    "problem.salesperson_missing": msg(
        "problem.salesperson_missing", "salesperson {code} does not exist"
    ),
    "problem.company_of_persons": msg_n(
        "problem.company_of_persons",
        "{no} is the company of {count} stored person ({shown}): give them another company "
        "first, or keep it a company",
        "{no} is the company of {count} stored persons ({shown}): give them another company "
        "first, or keep it a company",
    ),
    "problem.no_series": msg(
        "problem.no_series", "is empty and there is no number series to number it"
    ),
    "problem.company_not_own": msg(
        "problem.company_not_own", "a company's company_no must be empty or its own number"
    ),
    "problem.own_company": msg("problem.own_company", "a person cannot be their own company"),
    "problem.company_missing": msg(
        "problem.company_missing", "company {no} does not exist (neither stored nor in this file)"
    ),
    "problem.number_taken": msg(
        "problem.number_taken",
        "the number series gave {no}, which an existing contact already has; set the series' "
        "next number past them (interlog series set contacts --next N ...) or fill in `no`",
    ),
    "problem.cost_not_a_number": msg(
        "problem.cost_not_a_number", "“{value}” is not an amount (use a number such as 12.50)"
    ),
    "problem.cost_negative": msg("problem.cost_negative", "must not be negative"),
    "problem.cost_too_large": msg("problem.cost_too_large", "must be at most {max}"),
    "problem.duration_not_a_number": msg(
        "problem.duration_not_a_number", "“{value}” is not a whole number of minutes"
    ),
    "problem.duration_negative": msg("problem.duration_negative", "must not be negative"),
    "problem.duration_too_large": msg(
        "problem.duration_too_large", "must be at most {max} minutes"
    ),
    "problem.flow_invalid": msg(
        "problem.flow_invalid", "“{value}” is not an information flow (outbound, inbound or empty)"
    ),
    "problem.initiated_by_invalid": msg(
        "problem.initiated_by_invalid", "“{value}” is not an initiator (us, them or empty)"
    ),
    "problem.bool_invalid": msg(
        "problem.bool_invalid",
        "“{value}” is not a yes/no value (true/false, yes/no, 1/0 or empty)",
    ),
    "import.unreadable": msg("import.unreadable", "interlog: Cannot read {name}: {reason}"),
    "error.language_invalid": msg("error.language_invalid", "I don't speak “{value}”."),
    "error.criteria_salesperson_unknown": msg(
        "error.criteria_salesperson_unknown",
        "No salesperson is “{value}”: give a code ({known}) or part of a name.",
    ),
    "error.criteria_salesperson_ambiguous": msg(
        "error.criteria_salesperson_ambiguous",
        "“{value}” names several salespeople ({found}): give the code.",
    ),
    "error.criteria_template_unknown": msg(
        "error.criteria_template_unknown",
        "No interaction template is “{value}”: give a code ({known}) or part of a description.",
    ),
    "error.criteria_template_ambiguous": msg(
        "error.criteria_template_ambiguous",
        "“{value}” names several interaction templates ({found}): give the code.",
    ),
    "error.criteria_empty": msg(
        "error.criteria_empty", "Send at least one criterion, e.g. city=Praha."
    ),
    "error.todo_not_found": msg("error.todo_not_found", "You have no to-do {no}."),
    "error.todo_not_yours": msg("error.todo_not_yours", "You can plan to-dos for yourself only."),
    "error.todo_already_scheduled": msg(
        "error.todo_already_scheduled", "The next step is planned already: to-do {no}."
    ),
    "error.todo_already_done": msg("error.todo_already_done", "To-do {no} is done already."),
    "error.todo_already_canceled": msg("error.todo_already_canceled", "To-do {no} was canceled."),
    "error.todo_already_open": msg("error.todo_already_open", "To-do {no} is still open."),
    "error.todo_date_past": msg(
        "error.todo_date_past", "{date} is in the past: pick today or a later day."
    ),
    "error.todo_date_required": msg("error.todo_date_required", "Pick a date for the to-do."),
    "error.todo_filter_admins_only": msg(
        "error.todo_filter_admins_only", "Only administrators can see other salespeople's to-dos."
    ),
    "error.todo_other_contact": msg(
        "error.todo_other_contact", "To-do {no} is with another contact."
    ),
    "error.user_not_found": msg("error.user_not_found", "You are not a user of this bot any more."),
    "command.todo": msg(
        "command.todo",
        "your open to-dos: log now, snooze or cancel (admins: /todo CODE or /todo *)",
    ),
    "command.agenda": msg("command.agenda", "the morning agenda: /agenda on or /agenda off"),
    "todo.item": msg("todo.item", "{no} · {when} · {contact} · {what}"),
    "todo.title": msg_n(
        "todo.title",
        "Open to-dos of {salesperson} ({count}), overdue first:",
        "Open to-dos of {salesperson} ({count}), overdue first:",
    ),
    "todo.none": msg(
        "todo.none",
        "No open to-dos. Log an interaction and plan the next step on its confirmation.",
    ),
    "todo.closed_by_log": msg("todo.closed_by_log", "☑ To-do {no} is done."),
    "todo.no_follow_up": msg("todo.no_follow_up", "No follow-up"),
    "todo.ask_date": msg(
        "todo.ask_date",
        "Send the to-do's date (2026-12-03, 3.12. or 3.12.2026), with a time for a reminder"
        " then (3.12. 14:00).",
    ),
    "todo.scheduled": msg("todo.scheduled", "✅ Logged #{entry_no}. Next step: {todo}"),
    "todo.scheduled_toast": msg("todo.scheduled_toast", "Planned"),
    "todo.snoozed": msg("todo.snoozed", "{no} moved to {day}"),
    "todo.canceled": msg("todo.canceled", "{no} canceled"),
    "todo.closed": msg("todo.closed", "{no} done with #{entry_no}"),
    "button.log_now": msg("button.log_now", "📝 {no}"),
    "button.snooze_tomorrow": msg("button.snooze_tomorrow", "💤 Tomorrow"),
    "button.snooze_week": msg("button.snooze_week", "💤 Next week"),
    "button.cancel_todo": msg("button.cancel_todo", "✖ Cancel"),
    "button.close_todo": msg("button.close_todo", "☑ Done: {todo}"),
    "button.next_suggested": msg("button.next_suggested", "➡ {template} on {day}"),
    "button.next_tomorrow": msg("button.next_tomorrow", "Tomorrow"),
    "button.next_in3": msg("button.next_in3", "In 3 days"),
    "button.next_week": msg("button.next_week", "Next week"),
    "button.next_pick": msg("button.next_pick", "📅 Pick a date"),
    "button.next_none": msg("button.next_none", "No follow-up"),
    "agenda.usage": msg(
        "agenda.usage", "Your morning agenda is {on}. Send /agenda on or /agenda off."
    ),
    "agenda.on": msg("agenda.on", "on"),
    "agenda.off": msg("agenda.off", "off"),
    "agenda.now_on": msg("agenda.now_on", "You will get your agenda every morning."),
    "agenda.now_off": msg(
        "agenda.now_off", "No more morning agenda. Reminders of to-dos still come."
    ),
    "agenda.title": msg("agenda.title", "☀ Your day, {day}"),
    "agenda.overdue": msg("agenda.overdue", "Overdue:"),
    "agenda.today": msg("agenda.today", "Today:"),
    "agenda.postponed": msg("agenda.postponed", "Postponed interactions:"),
    "agenda.postponed_item": msg("agenda.postponed_item", "#{entry_no} · {date} · {contact}"),
    "agenda.more": msg_n(
        "agenda.more", "… and {count} more in /todo", "… and {count} more in /todo"
    ),
    "reminder.todo": msg("reminder.todo", "⏰ To-do: {todo}"),
    "reminder.postponed": msg(
        "reminder.postponed",
        "⏸ Postponed since {date}: #{entry_no} with {contact}. Resume it or delete it in /postponed.",
    ),
    "digest.team_title": msg("digest.team_title", "Overdue to-dos, {day}:"),
    "digest.team_line": msg("digest.team_line", "{name} ({code}): {count}"),
    "digest.weekly_caption": msg(
        "digest.weekly_caption",
        "Last week, {first} to {last}: {count} interactions. Most active contacts: {contacts}",
    ),
    "digest.weekly_none": msg("digest.weekly_none", "none"),
    # The command line's help and its start-up failures
    "cli.help.description": msg(
        "cli.help.description",
        "Interlog: log CRM interactions from Telegram. Settings come from the environment or .env (see .env.example).",
    ),
    "cli.help.usage": msg("cli.help.usage", "usage: "),
    "cli.help.positionals": msg("cli.help.positionals", "positional arguments"),
    "cli.help.options": msg("cli.help.options", "options"),
    "cli.help.help": msg("cli.help.help", "show this help message and exit"),
    "cli.help.error": msg("cli.help.error", "{prog}: error: {message}"),
    "cli.help.run": msg(
        "cli.help.run", "start the bot (long polling, or a webhook if WEBHOOK_URL is set)"
    ),
    "cli.help.run.replace_webhook": msg(
        "cli.help.run.replace_webhook",
        "poll even if a webhook is set, deleting it (refused otherwise)",
    ),
    "cli.help.webhook": msg("cli.help.webhook", "the bot's webhook registration at Telegram"),
    "cli.help.webhook.set": msg("cli.help.webhook.set", "register WEBHOOK_URL with WEBHOOK_SECRET"),
    "cli.help.webhook.delete": msg(
        "cli.help.webhook.delete", "remove the webhook (for long polling)"
    ),
    "cli.help.webhook.info": msg(
        "cli.help.webhook.info", "what Telegram reports about the webhook"
    ),
    "cli.help.db": msg("cli.help.db", "database schema"),
    "cli.help.db.upgrade": msg(
        "cli.help.db.upgrade", "create or upgrade the schema to the current version"
    ),
    "cli.help.db.copy": msg(
        "cli.help.db.copy",
        "copy every table into another, empty and upgraded database (PostgreSQL)",
    ),
    "cli.help.db.backup": msg(
        "cli.help.db.backup", "a consistent copy of the SQLite database, live"
    ),
    "cli.help.db.backup.file": msg(
        "cli.help.db.backup.file", "where to write the copy (replaced if it exists)"
    ),
    "cli.help.import": msg(
        "cli.help.import", "import master data from a UTF-8 CSV file with a header"
    ),
    "cli.help.import.kind": msg("cli.help.import.kind", "what the file holds"),
    "cli.help.import.file": msg("cli.help.import.file", "the CSV file"),
    "cli.help.users": msg("cli.help.users", "who may use the bot"),
    "cli.help.users.add": msg(
        "cli.help.users.add", "allow a Telegram user, acting as a salesperson"
    ),
    "cli.help.telegram_id": msg("cli.help.telegram_id", "the user's Telegram id"),
    "cli.help.users.add.salesperson": msg("cli.help.users.add.salesperson", "salesperson code"),
    "cli.help.users.add.admin": msg("cli.help.users.add.admin", "may manage segments"),
    "cli.help.users.list": msg("cli.help.users.list", "list the allowed users"),
    "cli.help.users.remove": msg("cli.help.users.remove", "revoke a Telegram user's access"),
    "cli.help.series": msg("cli.help.series", "the number series of contacts, segments and to-dos"),
    "cli.help.series.set": msg(
        "cli.help.series.set",
        "number new contacts, segments or to-dos from a series (created or changed)",
    ),
    "cli.help.series.set.kind": msg("cli.help.series.set.kind", "what the series numbers"),
    "cli.help.series.set.code": msg(
        "cli.help.series.set.code", "series code (default: the one in use)"
    ),
    "cli.help.series.set.prefix": msg("cli.help.series.set.prefix", "e.g. CT"),
    "cli.help.series.set.width": msg("cli.help.series.set.width", "digits after the prefix"),
    "cli.help.series.set.next": msg("cli.help.series.set.next", "the next number"),
    "cli.help.series.list": msg("cli.help.series.list", "the series in use and their next numbers"),
    "cli.help.segments": msg("cli.help.segments", "open segments"),
    "cli.help.segments.assign": msg(
        "cli.help.segments.assign",
        "give a segment and its lines to a salesperson, who may then log it in the chat",
    ),
    "cli.help.segment": msg("cli.help.segment", "segment number, e.g. S00001"),
    "cli.help.segments.assign.salesperson": msg(
        "cli.help.segments.assign.salesperson", "salesperson code, e.g. JN"
    ),
    "cli.help.segments.assign.nobody": msg(
        "cli.help.segments.assign.nobody", "give it to no one: whoever logs it (no code)"
    ),
    "cli.help.qr": msg("cli.help.qr", "QR codes that open the bot on a contact"),
    "cli.help.qr.contacts": msg(
        "cli.help.qr.contacts", "a sheet of QR codes for a visit round: a segment's contacts"
    ),
    "cli.help.qr.contacts.bot": msg(
        "cli.help.qr.contacts.bot", "the bot's username, e.g. interlog_bot"
    ),
    "cli.help.qr.contacts.output": msg(
        "cli.help.qr.contacts.output", "a .pdf file, or a folder for one PNG per contact"
    ),
    "cli.help.export": msg("cli.help.export", "export data as CSV"),
    "cli.help.export.interactions": msg("cli.help.export.interactions", "interaction log entries"),
    "cli.help.export.output": msg(
        "cli.help.export.output", "file to write (default: standard output)"
    ),
    "cli.help.export.from": msg("cli.help.export.from", "first date, YYYY-MM-DD"),
    "cli.help.export.to": msg("cli.help.export.to", "last date, YYYY-MM-DD"),
    "cli.help.export.salesperson": msg(
        "cli.help.export.salesperson", "only this salesperson's entries"
    ),
    "cli.help.export.include_postponed": msg(
        "cli.help.export.include_postponed", "also the postponed interactions"
    ),
    "cli.help.export.excel": msg(
        "cli.help.export.excel",
        "for Excel in locales that separate with semicolons: a BOM and semicolons",
    ),
    "cli.help.export.todos": msg("cli.help.export.todos", "to-dos (all of them, in number order)"),
    "cli.help.updates": msg("cli.help.updates", "updates from Telegram"),
    "cli.help.updates.failed": msg(
        "cli.help.updates.failed", "updates that could not be read or handled"
    ),
    "cli.help.updates.failed.traceback": msg(
        "cli.help.updates.failed.traceback", "show each error's traceback"
    ),
    "cli.help.demo_data": msg(
        "cli.help.demo_data", "load a realistic demo data set to try everything"
    ),
    "cli.help.sandbox": msg(
        "cli.help.sandbox",
        "try the bot in a browser chat at http://127.0.0.1:8080: no Telegram needed",
    ),
    "cli.help.sandbox.port": msg("cli.help.sandbox.port", "the page's port (default 8080)"),
    "cli.help.sandbox.host": msg(
        "cli.help.sandbox.host", "address to listen on (default 127.0.0.1; another needs --public)"
    ),
    "cli.help.sandbox.public": msg(
        "cli.help.sandbox.public",
        "let other machines reach the page (all addresses unless --host says)",
    ),
    "cli.help.sandbox.language": msg("cli.help.sandbox.language", "the chat's language"),
    "cli.help.sandbox.database": msg(
        "cli.help.sandbox.database",
        "use this database (upgraded; demo data only if it is empty) instead of a throw-away SQLite file",
    ),
    "cli.sandbox.not_public": msg(
        "cli.sandbox.not_public",
        "interlog: refusing to listen on {host}: the sandbox has no login, so anyone who "
        "reaches it acts as its users. Add --public if that is what you want.",
    ),
    "cli.sandbox.port": msg("cli.sandbox.port", "interlog: --port: 1 to 65535"),
    "cli.sandbox.bad_database": msg("cli.sandbox.bad_database", "interlog: --database: {problem}"),
    "cli.sandbox.cannot_listen": msg("cli.sandbox.cannot_listen", "cannot listen on {address}:"),
    "cli.sandbox.no_salespeople": msg(
        "cli.sandbox.no_salespeople",
        "the database has contacts but no salespeople; use an empty database "
        "(leave out --database) or import salespeople first",
    ),
    "cli.sandbox.open": msg("cli.sandbox.open", "Interlog sandbox: open {url}"),
    "cli.sandbox.loopback": msg(
        "cli.sandbox.loopback", "  Listening on {host} only: no other machine can reach it."
    ),
    "cli.sandbox.public": msg(
        "cli.sandbox.public",
        "  WARNING: listening on {host}: anyone who can reach this machine can use the "
        "sandbox as its users, with no login.",
    ),
    "cli.sandbox.no_telegram": msg(
        "cli.sandbox.no_telegram",
        "  No Telegram, no token: the bot talks to a Bot API inside this process.",
    ),
    "cli.sandbox.throwaway": msg(
        "cli.sandbox.throwaway", "a throw-away SQLite database (deleted when the sandbox stops)"
    ),
    "cli.sandbox.database_demo": msg(
        "cli.sandbox.database_demo", "  Database: {database}, with the demo data."
    ),
    "cli.sandbox.database_used": msg("cli.sandbox.database_used", "  Database: {database}."),
    "cli.sandbox.salesperson": msg(
        "cli.sandbox.salesperson", "  User {user}: {name} ({code}), salesperson."
    ),
    "cli.sandbox.admin": msg("cli.sandbox.admin", "  User {user}: {name} ({code}), administrator."),
    "cli.sandbox.try": msg("cli.sandbox.try", "  Try /interact novak. Ctrl+C stops."),
    "cli.sandbox.stopped": msg("cli.sandbox.stopped", "Sandbox stopped."),
    "settings.invalid": msg("settings.invalid", "Invalid setting — {problems}"),
    "settings.no_token": msg(
        "settings.no_token",
        "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather and put its token in .env or the environment.",
    ),
    "import.new.salespeople": msg_n("import.new.salespeople", "{count:,} new", "{count:,} new"),
    "import.updated.salespeople": msg_n(
        "import.updated.salespeople", "{count:,} updated", "{count:,} updated"
    ),
    "import.new.groups": msg_n("import.new.groups", "{count:,} new", "{count:,} new"),
    "import.updated.groups": msg_n(
        "import.updated.groups", "{count:,} updated", "{count:,} updated"
    ),
    "import.new.templates": msg_n("import.new.templates", "{count:,} new", "{count:,} new"),
    "import.updated.templates": msg_n(
        "import.updated.templates", "{count:,} updated", "{count:,} updated"
    ),
    "import.new.contacts": msg_n("import.new.contacts", "{count:,} new", "{count:,} new"),
    "import.updated.contacts": msg_n(
        "import.updated.contacts", "{count:,} updated", "{count:,} updated"
    ),
    "settings.no_webhook_secret": msg("settings.no_webhook_secret", "WEBHOOK_SECRET is not set"),
    "settings.token_refused": msg(
        "settings.token_refused",
        "Telegram at TELEGRAM_API_BASE_URL={base} refused TELEGRAM_BOT_TOKEN: check the token "
        "with @BotFather, and the base URL (a wrong one is refused the same way)",
    ),
    "settings.telegram_unreachable": msg(
        "settings.telegram_unreachable",
        "Cannot reach Telegram at TELEGRAM_API_BASE_URL={base}: {reason}",
    ),
    "settings.telegram_refused": msg(
        "settings.telegram_refused", "Telegram refused to start the bot: {reason}"
    ),
    "settings.no_asyncpg": msg(
        "settings.no_asyncpg",
        "DATABASE_URL={url} is PostgreSQL, but its driver asyncpg is not installed: "
        "pip install 'interlog[postgres]'",
    ),
    "settings.database_unopenable": msg(
        "settings.database_unopenable", "Cannot open the database at DATABASE_URL={url}: {reason}"
    ),
    "settings.webhook_unset": msg(
        "settings.webhook_unset",
        "WEBHOOK_URL and WEBHOOK_SECRET must be set to register the webhook",
    ),
    "settings.webhook_is_set": msg(
        "settings.webhook_is_set",
        "a webhook is set ({url}), and long polling would switch it off: run "
        "`interlog webhook delete` first, or start with `interlog run --replace-webhook`",
    ),
    "settings.database_unopenable.source": msg(
        "settings.database_unopenable.source", "Cannot open the source database at {url}: {reason}"
    ),
    "settings.database_unopenable.target": msg(
        "settings.database_unopenable.target", "Cannot open the target database at {url}: {reason}"
    ),
    "settings.reason.not_a_database_url": msg(
        "settings.reason.not_a_database_url", "not a database URL: {reason}"
    ),
    "settings.reason.database_driver": msg(
        "settings.reason.database_driver", "use one of {drivers}, not {driver}"
    ),
    "settings.reason.currency": msg(
        "settings.reason.currency",
        "unknown currency '{value}': use an ISO 4217 code such as CZK or EUR",
    ),
    "settings.reason.time_zone": msg(
        "settings.reason.time_zone", "unknown time zone '{value}' (e.g. Europe/Prague)"
    ),
    "settings.reason.http": msg("settings.reason.http", "must start with http:// or https://"),
    "settings.reason.not_a_url": msg("settings.reason.not_a_url", "not a URL ({reason})"),
    "settings.reason.no_host": msg("settings.reason.no_host", "not a URL: it names no host"),
    "settings.reason.secret_needed": msg(
        "settings.reason.secret_needed",
        "webhook mode (WEBHOOK_URL) needs one; make one with {command}",
    ),
    "settings.reason.secret_weak": msg(
        "settings.reason.secret_weak",
        "use 32 to 256 characters of A-Z, a-z, 0-9, _ and -; make one with {command}",
    ),
}
