"""Data and checks for tests/export_roundtrip.sh, which runs the CSV export recipes of
docs/export.md through real psql.

Subcommands:
  setup                print the SQL that creates the test maps and their events
  ids                  print the test maps' ids, one per line
  copy-query ID        print the COPY statement that writes amp_export_csv's values for map ID
  check DIR            check the files the shell script wrote into DIR; exit 1 on a mismatch

Every check parses files with Python's csv module and compares them with amp_series output
that psql wrote with --csv.
"""

import csv
import datetime
import io
import os
import sys

ID_PREFIX = "e0e0e0e0-0000-4000-8000-"

# Window A: hourly across the spring-forward day of 2026 in New York (71 hours).
HOURLY = ("2026-03-07 00:00-05", "2026-03-10 00:00-04", "hour", "America/New_York")
# Window B: daily in a zone whose offset is a quarter hour (+05:45).
DAILY = ("2026-03-01 00:00+05:45", "2026-03-15 00:00+05:45", "day", "Asia/Kathmandu")
DAILY_METRICS = ("offered", "engaged", "timed_out")

METRICS = ("qualified", "offered", "accepted", "started", "engaged", "rejected", "errored", "timed_out")
TITLES = {
    "qualified": "Web Actions Qualified",
    "offered": "Web Actions Offered",
    "accepted": "Web Actions Accepted",
    "started": "Web Actions Started",
    "engaged": "Web Actions Engaged",
    "rejected": "Web Actions Rejected",
    "errored": "Web Actions Errored",
    "timed_out": "Web Actions Timed Out",
}
APPLICABLE = {
    "web_chat": set(METRICS),
    "webhook": {"qualified", "offered", "engaged", "rejected", "errored"},
    "content_offer": {"qualified", "offered", "accepted", "rejected", "errored"},
    "architect_flow": {"qualified", "offered", "accepted", "rejected", "errored"},
}
ACTION_TYPES = ("web_chat", "webhook", "content_offer", "architect_flow")

# (name, expected slug in the file name). A slug of None means that the map id replaces it.
MAPS = [
    ("Chat for Pricing", "chat-for-pricing"),
    ('=HYPERLINK("http://example.com","click")', "hyperlink-http-example-com-click"),
    ('+1, "plus"', "1-plus"),
    ("-2+3", "2-3"),
    ("@SUM(A1:A2)", "sum-a1-a2"),
    ("\tTab first", "tab-first"),
    ("\rCarriage return first", "carriage-return-first"),
    ("Line one\nLine two", "line-one-line-two"),
    ('"Quoted" name, with comma', "quoted-name-with-comma"),
    ("🚀 Rocket chat ✨", "rocket-chat"),
    ("../../etc/passwd", "etc-passwd"),
    ('"; DROP TABLE amp_action_maps; --', "drop-table-amp-action-maps"),
    ("back\\slash", "back-slash"),
    ("\\.", None),
    ("", None),
    (" padded ", "padded"),
    ("Crème brûlée", "creme-brulee"),
]


def map_id(index):
    return f"{ID_PREFIX}{index:012d}"


def action_type(index):
    return ACTION_TYPES[index % len(ACTION_TYPES)]


def sql_literal(text):
    # standard_conforming_strings is on by default since PostgreSQL 9.1, so only single quotes
    # need doubling.
    return "'" + text.replace("'", "''") + "'"


def setup_sql():
    lines = [
        "SET client_min_messages = warning;",
        "CREATE EXTENSION IF NOT EXISTS amp;",
        "RESET client_min_messages;",
        f"DELETE FROM amp_action_events WHERE action_map_id::text LIKE '{ID_PREFIX}%';",
        f"DELETE FROM amp_action_maps WHERE action_map_id::text LIKE '{ID_PREFIX}%';",
    ]
    for index, (name, _) in enumerate(MAPS):
        lines.append(
            "INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type) "
            f"VALUES ('{map_id(index)}', {sql_literal(name)}, 'segment', 'Round trip', '{action_type(index)}');"
        )
    # 400 events per map over 2026-03-01 to 2026-03-15 UTC, every applicable event type.
    lines.append(
        "INSERT INTO amp_action_events "
        "SELECT gen_random_uuid(), m.action_map_id, gen_random_uuid(), m.action_type, e.event_type, "
        "timestamptz '2026-03-01 00:00 UTC' "
        "+ ((k * 7919 + right(m.action_map_id::text, 2)::int * 104729) % (15 * 86400)) * interval '1 second' "
        "FROM amp_action_maps m CROSS JOIN generate_series(1, 400) AS k "
        "CROSS JOIN LATERAL (SELECT a.event_type FROM amp_metric_applicability a "
        "WHERE a.action_type = m.action_type AND a.applies ORDER BY a.event_type OFFSET k % 8 LIMIT 1) AS e "
        f"WHERE m.action_map_id::text LIKE '{ID_PREFIX}%';"
    )
    return "\n".join(lines) + "\n"


def copy_query(identifier):
    index = [map_id(i) for i in range(len(MAPS))].index(identifier)
    applicable = [m for m in METRICS if m in APPLICABLE[action_type(index)]]
    columns = ", ".join(f'{metric} AS "{TITLES[metric]}"' for metric in applicable)
    start, end, granularity, zone = HOURLY
    return (
        f'COPY (SELECT "time" AS "time", {columns} FROM amp_export(ARRAY[\'{identifier}\']::uuid[], '
        f"'{start}', '{end}', '{granularity}', '{zone}')) TO STDOUT WITH (FORMAT csv, HEADER)"
    )


class Checker:
    def __init__(self):
        self.failures = 0
        self.checks = 0

    def equal(self, actual, expected, context):
        self.checks += 1
        if actual != expected:
            self.failures += 1
            print(f"FAIL {context}: expected {expected!r}, got {actual!r}")


def read_csv(path, encoding="utf-8"):
    with open(path, newline="", encoding=encoding) as handle:
        return list(csv.reader(handle))


def read_series(path):
    """Returns {map id: [(epoch, local wall clock, [eight metric cells])]} from psql --csv."""
    series = {}
    for row in read_csv(path)[1:]:
        series.setdefault(row[0], []).append((int(row[1]), row[2], row[3:]))
    return series


def check_time(checker, text, epoch, local, context):
    parsed = datetime.datetime.fromisoformat(text)
    checker.equal(int(parsed.timestamp()), epoch, f"{context}: instant of {text}")
    checker.equal(text[:19], local, f"{context}: local time of {text}")
    offset = text[19:]
    checker.equal(len(offset) == 6 and offset[0] in "+-" and offset[3] == ":", True, f"{context}: offset {offset}")


def check_export(checker, path, series, selected, order):
    """Checks a file written by the \\copy recipe of amp_export."""
    records = read_csv(path)
    checker.equal(records[0], ["time", "action_map_id", "action_map_name", *METRICS], f"{path} header")
    rows = [record for record in records[1:] if record[1].startswith(ID_PREFIX)]
    names = {map_id(i): name for i, (name, _) in enumerate(MAPS)}
    expected_rows = []
    for identifier in order:
        for epoch, local, cells in series[identifier]:
            visible_cells = [cell if metric in selected else "" for metric, cell in zip(METRICS, cells)]
            expected_rows.append((identifier, epoch, local, visible_cells))
    checker.equal(len(rows), len(expected_rows), f"{path} row count")
    for record, (identifier, epoch, local, visible_cells) in zip(rows, expected_rows):
        context = f"{path} {identifier} {record[0]!r}"
        checker.equal(record[1], identifier, f"{context} id")
        checker.equal(record[2], names[identifier], f"{context} name")
        check_time(checker, record[0], epoch, local, context)
        checker.equal(record[3:], visible_cells, f"{context} metrics")


def check_document(checker, path, rows, index, spreadsheet):
    """Checks a file written by the psql -Atc recipe of amp_export_csv. The file ends with
    one newline that psql adds after the document's own last line break."""
    with open(path, "rb") as handle:
        data = handle.read()
    terminator = b"\r\n" if spreadsheet else b"\n"
    checker.equal(data.endswith(terminator + b"\n"), True, f"{path} ends with psql's newline")
    body = data[:-1]
    checker.equal(body.startswith(b"\xef\xbb\xbf"), spreadsheet, f"{path} byte-order mark")
    lines = body.split(b"\n")[:-1]
    checker.equal(all(line.endswith(b"\r") == spreadsheet for line in lines), True, f"{path} line ends")
    records = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    # The extra newline that psql appends reads as one empty record: it must be the only extra.
    checker.equal(list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))[-1], [], f"{path} last record")
    applicable = [m for m in METRICS if m in APPLICABLE[action_type(index)]]
    # The spreadsheet files come from window B with DAILY_METRICS, the plain ones from window A
    # with every metric.
    selected = [m for m in applicable if m in DAILY_METRICS] if spreadsheet else applicable
    checker.equal(records[0], ["time", *(TITLES[m] for m in selected)], f"{path} header")
    checker.equal(len(records) - 1, len(rows), f"{path} row count")
    for record, (epoch, local, cells) in zip(records[1:], rows):
        check_time(checker, record[0], epoch, local, f"{path} {record[0]!r}")
        expected = [cell for metric, cell in zip(METRICS, cells) if metric in selected]
        checker.equal(record[1:], expected, f"{path} {record[0]!r} metrics")


def check(directory):
    checker = Checker()
    ids = [map_id(i) for i in range(len(MAPS))]
    hourly = read_series(os.path.join(directory, "series-hourly.csv"))
    daily = read_series(os.path.join(directory, "series-daily.csv"))
    for identifier in ids:
        checker.equal(identifier in hourly and identifier in daily, True, f"amp_series rows of {identifier}")
    checker.equal(len(hourly[ids[0]]), 71, "hours from 2026-03-07 to 2026-03-10 in New York")
    # With NULL, amp_export lists every map by name in the database's collation, then by id.
    # name-order.txt contains that order as ORDER BY name, action_map_id returned it.
    name_order = [line.strip() for line in open(os.path.join(directory, "name-order.txt"))]
    checker.equal(sorted(name_order), sorted(ids), "maps in name-order.txt")
    check_export(checker, os.path.join(directory, "export-hourly.csv"), hourly, set(METRICS), name_order)
    check_export(checker, os.path.join(directory, "export-daily.csv"), daily, set(DAILY_METRICS), ids[::-1])
    file_names = dict(line.rstrip("\n").split("\t") for line in open(os.path.join(directory, "file-names.txt")))
    for index, identifier in enumerate(ids):
        slug = MAPS[index][1] or identifier
        expected = f"amp-{slug}-from-20260307T050000Z-to-20260310T040000Z.csv"
        checker.equal(file_names[identifier], expected, f"file name of {MAPS[index][0]!r}")
        plain = os.path.join(directory, "plain", file_names[identifier])
        check_document(checker, plain, hourly[identifier], index, False)
        sheet = os.path.join(directory, "sheet", f"{identifier}.csv")
        check_document(checker, sheet, daily[identifier], index, True)
        exact = open(os.path.join(directory, "exact", f"{identifier}.csv"), "rb").read()
        copied = open(os.path.join(directory, "exact", f"{identifier}.copy"), "rb").read()
        checker.equal(exact, copied, f"amp_export_csv bytes equal COPY bytes for {identifier}")
    print(f"{checker.checks - checker.failures} passed, {checker.failures} failed")
    return 1 if checker.failures else 0


def main(arguments):
    command = arguments[0] if arguments else ""
    if command == "setup":
        sys.stdout.write(setup_sql())
    elif command == "ids":
        print("\n".join(map_id(i) for i in range(len(MAPS))))
    elif command == "copy-query" and len(arguments) == 2:
        print(copy_query(arguments[1]))
    elif command == "check" and len(arguments) == 2:
        return check(arguments[1])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
