// Isolate tests from the developer's environment: no stray database, English messages, no colour.
delete process.env.KYODO_DB;
process.env.LANG = 'C.UTF-8';
delete process.env.LC_ALL;
process.env.NO_COLOR = '1';
delete process.env.FORCE_COLOR;
