"""Run every SQL query of the Grafana dashboard against amp, the way Grafana would send it.

The script loads a few action maps and events and takes each query variable and each panel
query out of dashboards/grafana/amp.json. It expands the dashboard variables and the Grafana
macros, runs the result through psycopg2 over the unix socket named by PGHOST, and checks
what Grafana needs:

- a time series query returns a timestamptz column named "time" first, in ascending order,
  then numeric value columns, and at most a text column "metric" that labels the series;
- its day and hour buckets start on local midnights and whole local hours of the zone that
  the time zone variable selects;
- a table query returns its counts and rates as numbers and its instants as timestamptz;
- the counts add up to the events stored in the dashboard's time range, which shows that
  the range reached amp as the instants Grafana meant.

Expansion follows Grafana: the dashboard variables are replaced first, ${name:sqlstring}
as a comma-separated list of single-quoted values with ' doubled, then the PostgreSQL
macros $__timeFrom() and $__timeTo() become single-quoted UTC RFC 3339 instants ending in
Z, with a fraction only when the instant has one. Any other macro or variable syntax fails
the test, so that this script is extended before the dashboard uses it.

Connection settings come from the libpq environment (PGHOST, PGPORT, PGUSER, PGDATABASE).
The exit status is 1 when a check fails and 2 when the setup fails.
"""

import datetime
import itertools
import json
import os
import pathlib
import re
import sys
import zoneinfo

import psycopg2

DASHBOARD = pathlib.Path(__file__).resolve().parent.parent / "dashboards" / "grafana" / "amp.json"

# Functions the dashboard calls, as regprocedure signatures.
REQUIRED_FUNCTIONS = [
    "amp_cards(timestamptz, timestamptz)",
    "amp_series_long(uuid, timestamptz, timestamptz, text, text, amp_event_type[])",
    "amp_rates(uuid, timestamptz, timestamptz, text, text)",
]

TIMESTAMPTZ = 1184
TEXT_TYPES = {25, 1043}  # text, varchar
NUMERIC_TYPES = {20, 21, 23, 700, 701, 1700}  # int8, int2, int4, float4, float8, numeric
METRICS = [
    "qualified", "offered", "accepted", "started", "engaged", "rejected", "errored", "timed_out"
]

UTC = datetime.timezone.utc
TIME_RANGES = [
    # Whole seconds, across the end of US daylight saving time on 2026-11-01.
    (datetime.datetime(2026, 10, 30, tzinfo=UTC), datetime.datetime(2026, 11, 3, tzinfo=UTC)),
    # Fractions of a second, as Grafana sends for ranges such as now-2d.
    (
        datetime.datetime(2026, 10, 31, 13, 37, 42, 123000, tzinfo=UTC),
        datetime.datetime(2026, 11, 2, 8, 0, 0, 500000, tzinfo=UTC),
    ),
]
TIME_ZONES = ["UTC", "America/New_York", "Asia/Kathmandu"]

MAP_IDS = {
    "web_chat": "9a000000-0000-4000-8000-000000000001",
    "webhook": "9a000000-0000-4000-8000-000000000002",
    "content_offer": "9a000000-0000-4000-8000-000000000003",
    "architect_flow": "9a000000-0000-4000-8000-000000000004",
}

LOAD_DATA = """
DELETE FROM amp_action_events WHERE action_map_id::text LIKE '9a000000-%%';
DELETE FROM amp_action_maps WHERE action_map_id::text LIKE '9a000000-%%';
INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
VALUES (%(web_chat)s, 'Chat for pricing page', 'segment', 'Returning visitors', 'web_chat'),
       (%(webhook)s, 'Notify CRM', 'event', 'Form submitted', 'webhook'),
       (%(content_offer)s, 'Free shipping offer', 'segment', 'First-time buyers', 'content_offer'),
       (%(architect_flow)s, 'Callback flow without events', 'event', 'Callback requested',
        'architect_flow');
-- Every 7 minutes from 2026-10-29 to 2026-11-04, each map with events cycles through the
-- event types that apply to its action type.
INSERT INTO amp_action_events
SELECT md5('grafana test event ' || m.action_map_id || ' ' || i)::uuid,
       m.action_map_id,
       md5('grafana test action ' || m.action_map_id || ' ' || i / 4)::uuid,
       m.action_type,
       applicable.event_types[i %% cardinality(applicable.event_types) + 1],
       timestamptz '2026-10-29 00:00:00+00' + i * interval '7 minutes'
FROM amp_action_maps AS m
CROSS JOIN LATERAL (
    SELECT array_agg(a.event_type ORDER BY a.event_type) AS event_types
    FROM amp_metric_applicability AS a
    WHERE a.action_type = m.action_type AND a.applies
) AS applicable
CROSS JOIN generate_series(0, 6 * 24 * 60 / 7) AS i
WHERE m.action_map_id IN (%(web_chat)s, %(webhook)s, %(content_offer)s);
"""


class CheckFailed(Exception):
    """A query returned something Grafana could not draw, or the wrong numbers."""


def grafana_instant(instant):
    """Format an instant as Grafana's PostgreSQL macros do: Go's RFC3339Nano in UTC."""
    text = instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    if instant.microsecond:
        text += ("." + f"{instant.microsecond:06d}").rstrip("0")
    return text + "Z"


def sql_string(values):
    """Format values as Grafana's sqlstring variable format does."""
    return ",".join("'" + value.replace("'", "''") + "'" for value in values)


def expand_variables(sql, values):
    """Replace ${name:sqlstring} references with the values of the variable name in values."""

    def replace(match):
        name, form = match.group(1), match.group(2)
        if name not in values:
            raise CheckFailed(f"the query refers to unknown variable {name!r}")
        if form != "sqlstring":
            raise CheckFailed(
                f"${{{name}{':' + form if form else ''}}} is not quoted; use ${{{name}:sqlstring}}"
            )
        return sql_string(values[name])

    return re.sub(r"\$\{(\w+)(?::(\w+))?\}", replace, sql)


def expand_macros(sql, time_from, time_to):
    """Replace the PostgreSQL macros the dashboard uses, as Grafana's backend does."""
    sql = sql.replace("$__timeFrom()", f"'{grafana_instant(time_from)}'")
    sql = sql.replace("$__timeTo()", f"'{grafana_instant(time_to)}'")
    leftover = re.search(r"\$__\w+(\([^)]*\))?|\$\w+|\[\[\w+", sql)
    if leftover:
        raise CheckFailed(f"unsupported macro or variable syntax {leftover.group(0)!r}")
    return sql


def expand(sql, values, time_range):
    return expand_macros(expand_variables(sql, values), *time_range)


def run(cursor, sql):
    """Run a query and return its column descriptions and rows."""
    try:
        cursor.execute(sql)
    except psycopg2.Error as error:
        cursor.connection.rollback()
        raise CheckFailed(f"the query failed: {error.pgcode} {error.pgerror}") from error
    return cursor.description, cursor.fetchall()


def panel_targets(panels):
    """Yield (panel title, target) for every panel, including panels inside rows."""
    for panel in panels:
        for target in panel.get("targets", []):
            yield panel["title"], target
        yield from panel_targets(panel.get("panels", []))


def check_time_series(description, rows):
    """Check the frame Grafana turns into time series: sorted time, numbers, label columns."""
    if not rows:
        raise CheckFailed("a time series query returned no rows")
    first = description[0]
    if first.name != "time" or first.type_code != TIMESTAMPTZ:
        raise CheckFailed(f"the first column must be timestamptz \"time\", got {first.name!r}")

    labels = [index for index, column in enumerate(description) if column.type_code in TEXT_TYPES]
    for index in labels:
        # The panels name their series with ${__field.labels.metric}.
        if description[index].name != "metric":
            name = description[index].name
            raise CheckFailed(f"text column {name!r} would become a series label")
    values = [index for index, column in enumerate(description[1:], 1) if index not in labels]
    for index in values:
        if description[index].type_code not in NUMERIC_TYPES:
            raise CheckFailed(f"column {description[index].name!r} is not numeric")
    if not values:
        raise CheckFailed("a time series query returned no value column")

    times = [row[0] for row in rows]
    if labels:
        if times != sorted(times):
            raise CheckFailed("the time column is not in ascending order")
        keys = [(row[0],) + tuple(row[index] for index in labels) for row in rows]
        if len(set(keys)) != len(keys):
            raise CheckFailed("a (time, label) pair appears twice")
    elif any(later <= earlier for earlier, later in zip(times, times[1:])):
        raise CheckFailed("the time column is not strictly ascending")

    for row in rows:
        for index in values:
            value = row[index]
            if value is not None and value != value:
                raise CheckFailed(f"column {description[index].name!r} contains NaN")


def check_bucket_starts(sql, rows, zone):
    """Check that day buckets start at local midnight and hour buckets at a whole local hour
    in the zone of the time zone variable, which shows that the panel passes that zone."""
    granularity = re.search(r"'(day|hour)'", sql)
    if not granularity:
        return
    local_zone = zoneinfo.ZoneInfo(zone)
    for row in rows:
        local = row[0].astimezone(local_zone)
        on_boundary = local.minute == 0 and local.second == 0 and local.microsecond == 0
        if granularity.group(1) == "day":
            on_boundary = on_boundary and local.hour == 0
        if not on_boundary:
            unit = granularity.group(1)
            raise CheckFailed(f"{unit} bucket {row[0]} does not start on a {zone} boundary")


def check_table(description, rows):
    """Check a table frame: counts and rates are numbers, instants are timestamptz."""
    if not rows:
        raise CheckFailed("a table query returned no rows")
    for column in description:
        numeric = column.name in METRICS or column.name.endswith("_rate")
        if numeric and column.type_code not in NUMERIC_TYPES:
            raise CheckFailed(f"column {column.name!r} is not numeric")
        if column.name.endswith("_at") and column.type_code != TIMESTAMPTZ:
            raise CheckFailed(f"column {column.name!r} is not timestamptz")


def check_long_totals(cursor, rows, map_id, metrics, time_range):
    """Check that each metric's values add up to the map's stored events in the range."""
    totals = {}
    for _, metric, value in rows:
        totals[metric] = totals.get(metric, 0) + value
    cursor.execute(
        """SELECT event_type::text, count(*) FROM amp_action_events
           WHERE action_map_id = %s AND occurred_at >= %s AND occurred_at < %s
           GROUP BY 1""",
        (map_id, *time_range),
    )
    stored = dict(cursor.fetchall())
    unselected = set(totals) - set(metrics)
    if unselected:
        raise CheckFailed(f"the series contains unselected metrics {sorted(unselected)}")
    for metric in metrics:
        if totals.get(metric, 0) != stored.get(metric, 0):
            raise CheckFailed(
                f"{metric}: the series adds up to {totals.get(metric, 0)}, "
                f"the table holds {stored.get(metric, 0)} events in the range"
            )


def resolve_variables(cursor, dashboard, time_range, choices):
    """Run the query variables in dashboard order, choosing values as a user would.

    choices maps a variable name to a function that picks the selected values from the
    option values; without one the first option is selected. Returns the values and the
    queries that ran, as (name, expanded SQL, row count).
    """
    values, ran = {}, []
    for variable in dashboard["templating"]["list"]:
        if variable["type"] != "query":
            continue
        sql = expand(variable["query"], values, time_range)
        description, rows = run(cursor, sql)
        names = [column.name for column in description]
        column = names.index("__value") if "__value" in names else 0
        options = [str(row[column]) for row in rows]
        if not options:
            raise CheckFailed(f"variable {variable['name']!r} has no options")
        pick = choices.get(variable["name"], lambda options: options[:1])
        values[variable["name"]] = pick(options)
        ran.append((variable["name"], sql, len(rows)))
    return values, ran


def check_dashboard(cursor, dashboard):
    """Run every query of the dashboard for each scenario and return the number of queries."""
    targets = list(panel_targets(dashboard["panels"]))
    if not targets:
        raise CheckFailed("the dashboard has no panel queries")
    count = 0

    scenarios = itertools.product(TIME_RANGES, TIME_ZONES, MAP_IDS.values(), ["all", "first"])
    for time_range, zone, map_id, metric_choice in scenarios:
        choices = {
            "map": lambda options, map_id=map_id: [map_id] if map_id in options else [],
            "time_zone": lambda options, zone=zone: [zone] if zone in options else [],
        }
        if metric_choice == "all":
            choices["metrics"] = lambda options: options
        values, ran = resolve_variables(cursor, dashboard, time_range, choices)
        if values["map"] != [map_id] or values["time_zone"] != [zone]:
            raise CheckFailed(f"map {map_id} or zone {zone} is missing from the variable options")
        count += len(ran)

        for title, target in targets:
            sql = expand(target["rawSql"], values, time_range)
            label = f"panel {title!r}, map {map_id}, zone {zone}, metrics {values['metrics']}"
            try:
                description, rows = run(cursor, sql)
                if target["format"] == "time_series":
                    check_time_series(description, rows)
                    check_bucket_starts(sql, rows, zone)
                    if [column.name for column in description] == ["time", "metric", "value"]:
                        check_long_totals(cursor, rows, map_id, values["metrics"], time_range)
                else:
                    check_table(description, rows)
            except CheckFailed as failure:
                raise CheckFailed(f"{label}: {failure}\n{sql}") from failure
            count += 1
    return count


def connect():
    host = os.environ.get("PGHOST", "")
    if not host.startswith("/"):
        raise SystemExit(f"grafana_queries: PGHOST must be a unix socket folder, got {host!r}")
    connection = psycopg2.connect("")
    connection.autocommit = True
    return connection


def missing_functions(cursor):
    cursor.execute(
        """SELECT signature FROM unnest(%s::text[]) AS signature
           WHERE to_regprocedure(signature) IS NULL""",
        (REQUIRED_FUNCTIONS,),
    )
    return [row[0] for row in cursor.fetchall()]


def main():
    dashboard = json.loads(DASHBOARD.read_text())
    with connect() as connection, connection.cursor() as cursor:
        cursor.execute("SET client_min_messages = warning")
        cursor.execute("CREATE EXTENSION IF NOT EXISTS amp")
        missing = missing_functions(cursor)
        if missing:
            message = "grafana_queries: the dashboard calls functions that do not exist:"
            print(message, file=sys.stderr)
            for signature in missing:
                print(f"  {signature}", file=sys.stderr)
            return 2
        cursor.execute(LOAD_DATA, MAP_IDS)

        try:
            count = check_dashboard(cursor, dashboard)
        except CheckFailed as failure:
            print(f"grafana_queries: FAILED: {failure}", file=sys.stderr)
            return 1
    print(f"grafana_queries: {count} queries from {DASHBOARD.name} passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
