-- CSV export: amp_export through COPY, amp_export_csv documents, amp_export_filename, and the
-- errors of all three. The maps here have ids starting with e1000000- and are deleted at the end.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amp;
RESET client_min_messages;
SET TimeZone = 'UTC';

INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type) VALUES
    ('e1000000-0000-4000-8000-000000000001', 'Chat for Pricing', 'segment', 'Pricing readers', 'web_chat'),
    ('e1000000-0000-4000-8000-000000000002',
     E'=HYPERLINK("http://example.com"), "quoted"\nsecond line 🚀', 'event', 'Form submitted', 'webhook'),
    ('e1000000-0000-4000-8000-000000000003', 'Offer', 'segment', 'Returning visitors', 'content_offer');

-- Events on 2026-03-08, the day New York moves from -05:00 to -04:00 at 02:00 local time.
INSERT INTO amp_action_events (event_id, action_map_id, action_id, action_type, event_type, occurred_at)
SELECT gen_random_uuid(), m::uuid, gen_random_uuid(), t::amp_action_type, e::amp_event_type, at::timestamptz
FROM (VALUES
    ('e1000000-0000-4000-8000-000000000001', 'web_chat', 'qualified', '2026-03-08 00:10-05'),
    ('e1000000-0000-4000-8000-000000000001', 'web_chat', 'qualified', '2026-03-08 00:20-05'),
    ('e1000000-0000-4000-8000-000000000001', 'web_chat', 'offered',   '2026-03-08 01:59-05'),
    ('e1000000-0000-4000-8000-000000000001', 'web_chat', 'started',   '2026-03-08 03:00-04'),
    ('e1000000-0000-4000-8000-000000000001', 'web_chat', 'timed_out', '2026-03-08 03:30-04'),
    ('e1000000-0000-4000-8000-000000000002', 'webhook',  'qualified', '2026-03-08 00:00-05'),
    ('e1000000-0000-4000-8000-000000000002', 'webhook',  'engaged',   '2026-03-08 03:45-04'),
    ('e1000000-0000-4000-8000-000000000003', 'content_offer', 'accepted', '2026-03-08 01:00-05')
) AS v (m, t, e, at);

-- Every map (filtered to this file's maps), ordered by name, then by time. Local 02:00 does
-- not exist on this day, so 01:00-05:00 is followed by 03:00-04:00.
COPY (SELECT * FROM amp_export(NULL, '2026-03-08 00:00-05', '2026-03-08 04:00-04', 'hour',
                               'America/New_York')
      WHERE action_map_id::text LIKE 'e1000000-%')
    TO STDOUT WITH (FORMAT csv, HEADER);

-- A list keeps its order, a repeated id appears once, and unselected or inapplicable metrics
-- are empty cells. Days in Kathmandu start at 18:15 UTC the day before (+05:45).
COPY (SELECT * FROM amp_export(ARRAY['e1000000-0000-4000-8000-000000000003',
                                     'e1000000-0000-4000-8000-000000000002',
                                     'e1000000-0000-4000-8000-000000000003']::uuid[],
                               '2026-03-07 00:00+05:45', '2026-03-10 00:00+05:45', 'day',
                               'Asia/Kathmandu', '{engaged,accepted,started}'))
    TO STDOUT WITH (FORMAT csv, HEADER);

-- Only the selected columns, by naming them.
COPY (SELECT "time", action_map_name, qualified, offered
      FROM amp_export(ARRAY['e1000000-0000-4000-8000-000000000001']::uuid[],
                      '2026-03-08 00:00-05', '2026-03-08 02:00-05', 'hour', 'America/New_York',
                      '{qualified,offered}'))
    TO STDOUT WITH (FORMAT csv, HEADER);

-- amp_export_csv: the header has the titles of the selected metrics that apply.
\pset format unaligned
\pset tuples_only on
SELECT amp_export_csv('e1000000-0000-4000-8000-000000000001', '2026-03-08 00:00-05',
                      '2026-03-08 04:00-04', 'hour', 'America/New_York');
-- The same values through COPY: the bytes above must equal these.
COPY (SELECT "time" AS "time", qualified AS "Web Actions Qualified",
             offered AS "Web Actions Offered", accepted AS "Web Actions Accepted",
             started AS "Web Actions Started", engaged AS "Web Actions Engaged",
             rejected AS "Web Actions Rejected", errored AS "Web Actions Errored",
             timed_out AS "Web Actions Timed Out"
      FROM amp_export(ARRAY['e1000000-0000-4000-8000-000000000001']::uuid[],
                      '2026-03-08 00:00-05', '2026-03-08 04:00-04', 'hour', 'America/New_York'))
    TO STDOUT WITH (FORMAT csv, HEADER);
SELECT amp_export_csv('e1000000-0000-4000-8000-000000000002', '2026-03-08 00:00-05',
                      '2026-03-09 00:00-04', 'day', 'America/New_York',
                      '{timed_out,engaged,started,qualified}');
-- Nothing selected applies to a webhook: the time column alone.
SELECT amp_export_csv('e1000000-0000-4000-8000-000000000002', '2026-03-08 00:00-05',
                      '2026-03-08 02:00-05', 'hour', 'America/New_York', '{started}');
-- Defaults: hours in the session's time zone.
SET TimeZone = 'Asia/Kolkata';
SELECT amp_export_csv('e1000000-0000-4000-8000-000000000003', '2026-03-08 10:00+05:30',
                      '2026-03-08 12:00+05:30');
SET TimeZone = 'UTC';
-- For a spreadsheet: a byte-order mark, CRLF line ends and guarded text cells, with the mark
-- and CR shown as <U+FEFF> and <CR>. The time of 2 BC is year -0001, so its cell starts with a
-- minus sign and gets an apostrophe.
SELECT replace(replace(amp_export_csv('e1000000-0000-4000-8000-000000000001',
                                      '2026-03-08 00:00-05', '2026-03-08 02:00-05', 'hour',
                                      'America/New_York', '{qualified}', true),
                       U&'\FEFF', '<U+FEFF>'), E'\r', '<CR>');
SELECT replace(replace(amp_export_csv('e1000000-0000-4000-8000-000000000001',
                                      '0002-01-01 00:00+00 BC', '0002-01-01 01:00+00 BC', 'hour',
                                      'UTC', '{qualified}', for_spreadsheet => true),
                       U&'\FEFF', '<U+FEFF>'), E'\r', '<CR>');
\pset tuples_only off
\pset format aligned

-- File names: a slug of the name and the range in UTC.
SELECT name, amp_export_filename(action_map_id, '2026-03-01 00:00+00', '2026-03-31 20:00-04')
FROM amp_action_maps WHERE action_map_id::text LIKE 'e1000000-%' ORDER BY action_map_id;

-- Errors: NULL arguments (22004), bad values (22023) and unknown maps (P0002).
\set VERBOSITY default
SELECT * FROM amp_export(NULL, NULL, '2026-03-09', 'hour', 'UTC');
SELECT * FROM amp_export(NULL, '2026-03-08', '2026-03-09', NULL, 'UTC');
SELECT * FROM amp_export(ARRAY['e1000000-0000-4000-8000-000000000001', NULL]::uuid[],
                         '2026-03-08', '2026-03-09', 'hour', 'UTC');
SELECT * FROM amp_export('{}', '2026-03-08', '2026-03-09', 'hour', 'UTC');
SELECT * FROM amp_export(NULL, '2026-03-08', '2026-03-09', 'hour', 'UTC', '{}');
SELECT * FROM amp_export(NULL, '2026-03-09', '2026-03-08', 'hour', 'UTC');
SELECT * FROM amp_export(NULL, '2026-03-08', '2026-03-09', 'minute', 'UTC');
SELECT * FROM amp_export(NULL, '2026-03-08', '2026-03-09', 'hour', 'Mars/Olympus_Mons');
SELECT * FROM amp_export(ARRAY['e1000000-0000-4000-8000-000000000001',
                               'e1000000-0000-4000-8000-00000000ffff',
                               'e1000000-0000-4000-8000-00000000eeee']::uuid[],
                         '2026-03-08', '2026-03-09', 'hour', 'UTC');
SELECT amp_export_csv(NULL, '2026-03-08', '2026-03-09');
SELECT amp_export_csv('e1000000-0000-4000-8000-000000000001', '2026-03-08', '2026-03-09',
                      'hour', 'UTC', NULL, NULL);
SELECT amp_export_csv('e1000000-0000-4000-8000-000000000001', '2026-03-08', 'infinity');
SELECT amp_export_csv('e1000000-0000-4000-8000-00000000ffff', '2026-03-08', '2026-03-09');
SELECT amp_export_filename('e1000000-0000-4000-8000-000000000001', NULL, '2026-03-09');
SELECT amp_export_filename('e1000000-0000-4000-8000-000000000001', '2026-03-09', '2026-03-09');
SELECT amp_export_filename('e1000000-0000-4000-8000-00000000ffff', '2026-03-08', '2026-03-09');

-- A spreadsheet document needs a database that can hold the byte-order mark.
SELECT current_database() AS regress_database \gset
CREATE DATABASE amp_export_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c amp_export_latin1
SET client_min_messages = warning;
CREATE EXTENSION amp;
RESET client_min_messages;
INSERT INTO amp_action_maps (action_map_id, name, trigger_kind, trigger_name, action_type)
VALUES ('e1000000-0000-4000-8000-000000000001', 'Chat', 'segment', 'x', 'web_chat');
SELECT amp_export_csv('e1000000-0000-4000-8000-000000000001', '2026-03-08 00:00+00',
                      '2026-03-08 01:00+00', 'hour', 'UTC', '{qualified}', true);
\pset format unaligned
\pset tuples_only on
SELECT amp_export_csv('e1000000-0000-4000-8000-000000000001', '2026-03-08 00:00+00',
                      '2026-03-08 01:00+00', 'hour', 'UTC', '{qualified}');
\pset tuples_only off
\pset format aligned
\c :regress_database
DROP DATABASE amp_export_latin1;

DELETE FROM amp_action_events WHERE action_map_id::text LIKE 'e1000000-%';
DELETE FROM amp_action_maps WHERE action_map_id::text LIKE 'e1000000-%';
