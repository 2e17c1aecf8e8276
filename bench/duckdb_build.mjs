// DuckDB reference build of the register, for the benchmark (bench/run.sh).
//
//   node bench/duckdb_build.mjs DELIVERIES_DIR OUT_DIR [--threads N] [--verbose]
//
// Does in DuckDB SQL the same work as `ungdb register build` (spec
// /work/shared/spec/register.md §§ 2-5) from the same CSV files: roster
// spells (gaps and islands over each institution's covering deliveries),
// lesson replacement, the relation joins and elev_gruppe intersections, and
// writes the tables sorted in byte order of their CSV text.
//
// What it does NOT do (so its figures flatter DuckDB a little): no per-row
// validation and no rejects.csv rows (read_csv skips unparsable rows with
// ignore_errors), duplicates within a delivery are collapsed with DISTINCT
// instead of rejected, validation.csv holds only the two build-wide counts
// (lesson_group_unknown, lesson_staff_not_affiliated), the subject of a title
// comes from a short regular-expression table (not the engine's classifier),
// and there is no --pupil-register / --pseudonymize / --sqlite.
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
let threads = '2';
let verbose = false;
const pos = [];
for (let i = 0; i < args.length; i++) {
    if (args[i] === '--threads') threads = args[++i];
    else if (args[i] === '--verbose') verbose = true;
    else pos.push(args[i]);
}
if (pos.length !== 2) {
    console.error('usage: node duckdb_build.mjs DELIVERIES_DIR OUT_DIR [--threads N] [--verbose]');
    process.exit(2);
}
const inDir = path.resolve(pos[0]);
const outDir = path.resolve(pos[1]);
fs.mkdirSync(outDir, { recursive: true });
const tmpDir = path.join(outDir, '.duckdb_tmp');

const lit = (s) => "'" + s.replaceAll("'", "''") + "'";
const glob = (file) => lit(path.join(inDir, '*', file));
const hasFiles = (file) =>
    fs.readdirSync(inDir, { withFileTypes: true })
        .some((d) => d.isDirectory() && !d.name.startsWith('.') && fs.existsSync(path.join(inDir, d.name, file)));

// All deliveries' files of one kind, every value VARCHAR (empty = NULL),
// with the delivery's sequence number taken from the file's path.
function csv(file, cols) {
    const types = cols.map((c) => `${c}: 'VARCHAR'`).join(', ');
    if (!hasFiles(file)) {
        return `(SELECT 0::INTEGER AS seq, ${cols.map((c) => `NULL::VARCHAR AS ${c}`).join(', ')} WHERE false)`;
    }
    return `(SELECT d.seq, ${cols.map((c) => 'r.' + c).join(', ')}
        FROM read_csv(${glob(file)}, all_varchar = true, filename = true, header = true,
                      delim = ',', quote = '"', escape = '"', union_by_name = true,
                      ignore_errors = true)
             AS r
        JOIN deliv d ON d.delivery = regexp_extract(r.filename, '([^/]+)/[^/]+$', 1))`;
}

const t0 = Date.now();
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
async function q(label, sql) {
    const t = Date.now();
    await con.run(sql);
    if (verbose) console.error(`duckdb: ${label}: ${((Date.now() - t) / 1000).toFixed(2)} s`);
}

await q('settings', `SET temp_directory = ${lit(tmpDir)}; SET enable_progress_bar = false`);

// CSV quoting of one output value, to sort rows in byte order of their text.
await q('macros', `
CREATE MACRO csvq(x) AS CASE WHEN x IS NULL THEN ''
    WHEN regexp_matches(x, '[,"\\r\\n]') THEN '"' || replace(x, '"', '""') || '"' ELSE x END;
CREATE MACRO cpr_year(d7, yy) AS CASE WHEN d7 <= 3 THEN 1900 + yy
    WHEN d7 IN (4, 9) THEN (CASE WHEN yy <= 36 THEN 2000 ELSE 1900 END) + yy
    ELSE (CASE WHEN yy <= 57 THEN 2000 ELSE 1800 END) + yy END;
CREATE MACRO cpr_ok(n) AS try_strptime(printf('%04d-%s-%s',
    cpr_year(CAST(substr(n, 7, 1) AS INTEGER), CAST(substr(n, 5, 2) AS INTEGER)),
    substr(n, 3, 2), substr(n, 1, 2)), '%Y-%m-%d') IS NOT NULL;
CREATE MACRO cpr_norm(c) AS CASE WHEN regexp_full_match(c, '[0-9]{6}-?[0-9]{4}')
    AND cpr_ok(replace(c, '-', '')) THEN replace(c, '-', '') END;
`);

// Deliveries, from their manifests, in extraction order.
await q('deliveries', `
CREATE TABLE deliv AS
SELECT row_number() OVER (ORDER BY extracted)::INTEGER AS seq, *
FROM (SELECT regexp_extract(filename, '([^/]+)/manifest\\.json$', 1) AS delivery,
             CAST(extracted AS DATE) AS extracted, CAST(schedule_from AS DATE) AS sfrom,
             CAST(schedule_to AS DATE) AS sto
      FROM read_json(${glob('manifest.json')}, filename = true, format = 'auto',
                     columns = {extracted: 'VARCHAR', schedule_from: 'VARCHAR', schedule_to: 'VARCHAR'}))
WHERE delivery NOT LIKE '.%'`);

// Roster: roles once (coverage, pupil and staff facts).
await q('roles', `CREATE TABLE roles AS SELECT DISTINCT * FROM ${csv('roles.csv', ['user_id', 'institution', 'role', 'grade'])}
    WHERE user_id IS NOT NULL AND institution IS NOT NULL AND role IS NOT NULL`);
await q('coverage', `
CREATE TABLE rcov AS
SELECT c.institution, c.seq, d.extracted, d.sfrom,
       row_number() OVER (PARTITION BY c.institution ORDER BY c.seq) AS k,
       lead(d.extracted) OVER (PARTITION BY c.institution ORDER BY c.seq) AS next_extracted
FROM (SELECT DISTINCT institution, seq FROM roles) c JOIN deliv d USING (seq)`);

// Spells of a fact (keys include institution): runs of consecutive covering
// deliveries. eff_start = the start, or the schedule_from of the delivery in
// which the spell starts when that is earlier (spec § 4, for the lesson checks).
async function spells(name, src, keys) {
    const k = keys.join(', ');
    await q(name, `
CREATE TABLE ${name} AS
WITH f AS (SELECT DISTINCT ${keys.map((x) => 's.' + x).join(', ')}, c.k
           FROM ${src} s JOIN rcov c ON c.institution = s.institution AND c.seq = s.seq),
g AS (SELECT ${k}, k, k - row_number() OVER (PARTITION BY ${k} ORDER BY k) AS grp FROM f),
r AS (SELECT ${k}, min(k) AS k0, max(k) AS k1 FROM g GROUP BY ${k}, grp)
SELECT ${keys.map((x) => 'r.' + x).join(', ')}, c0.extracted AS start, least(c0.extracted, c0.sfrom) AS eff_start,
       CAST(c1.next_extracted - INTERVAL 1 DAY AS DATE) AS "end"
FROM r JOIN rcov c0 ON c0.institution = r.institution AND c0.k = r.k0
       JOIN rcov c1 ON c1.institution = r.institution AND c1.k = r.k1`);
}
await spells('pupil_sp', `(SELECT seq, user_id, institution, grade FROM roles WHERE role = 'pupil')`,
    ['user_id', 'institution', 'grade']);
await spells('staff_sp', `(SELECT seq, user_id, institution, role FROM roles WHERE role <> 'pupil')`,
    ['user_id', 'institution', 'role']);
await q('groups', `CREATE TABLE groups AS SELECT * FROM ${csv('groups.csv', ['institution', 'group_id', 'name', 'type'])}
    WHERE institution IS NOT NULL AND group_id IS NOT NULL`);
await spells('group_sp', 'groups', ['institution', 'group_id']);
await spells('member_sp', csv('members.csv', ['user_id', 'institution', 'group_id']),
    ['user_id', 'institution', 'group_id']);
await q('group names', `CREATE TABLE group_info AS
    SELECT institution, group_id, arg_max(coalesce(name, ''), seq) AS name, arg_max(coalesce(type, ''), seq) AS type
    FROM groups GROUP BY ALL`);
await q('cpr', `CREATE TABLE person AS
    SELECT user_id, cpr_norm(arg_max(coalesce(cpr, ''), seq)) AS cpr
    FROM ${csv('persons.csv', ['user_id', 'cpr'])} WHERE user_id IS NOT NULL GROUP BY user_id`);

// Schedule: final version of each lesson = its last appearance, unless a
// later delivery schedule-covering the institution has a window holding its start date.
const lessonsSrc = csv('lessons.csv', ['institution', 'lesson_id', 'title', 'start', 'end']);
// (The lesson files are read twice, for the coverage and for the versions,
// rather than kept in memory: at national size they are ~150 M rows.)
await q('schedule coverage', `
CREATE TABLE scov AS SELECT l.institution, l.seq, d.sfrom, d.sto
FROM (SELECT DISTINCT institution, seq FROM ${lessonsSrc} WHERE institution IS NOT NULL AND lesson_id IS NOT NULL) l
JOIN deliv d USING (seq)`);
await q('final lessons', `
CREATE TABLE lfinal AS
WITH v AS (SELECT seq, institution, lesson_id, title, start, "end",
                  try_strptime(start, '%Y-%m-%dT%H:%M') AS ts, try_strptime("end", '%Y-%m-%dT%H:%M') AS te
           FROM ${lessonsSrc} WHERE institution IS NOT NULL AND lesson_id IS NOT NULL),
last AS (SELECT * FROM v WHERE ts IS NOT NULL AND te > ts
         QUALIFY row_number() OVER (PARTITION BY institution, lesson_id ORDER BY seq DESC) = 1)
SELECT l.*, CAST(l.ts AS DATE) AS sdate FROM last l
WHERE NOT EXISTS (SELECT 1 FROM scov s WHERE s.institution = l.institution AND s.seq > l.seq
                  AND CAST(l.ts AS DATE) BETWEEN s.sfrom AND s.sto)`);

// Subjects: a short regular-expression table over the distinct titles.
const subjectRules = [
    ['klassens_tid', 'klassens ?tid'], ['uu', '^uuv|underst'], ['lektiecafe', 'lektie|fordybelse'],
    ['dsa', 'andetsprog|^dsa'], ['modersmaal', 'modersm'], ['specialundervisning', 'special'],
    ['praktik', 'praktik|brobyg'], ['emne', 'f(æ|ae)rdsel|sundhed|seksual|uddannelse og job'],
    ['valgfag', 'valgfag|drama|film|medie|programmering'], ['teknologi', 'teknologiforst'],
    ['natur_teknologi', 'n/t|natur|^nt\\b'], ['fysik_kemi', 'fys|kemi'], ['madkundskab', 'mad|hjemkund'],
    ['haandvaerk_design', 'h&d|h(å|aa)ndv|sl(ø|oe)jd'], ['matematik', '^mat'], ['dansk', '^d(a|an|ansk)\\b'],
    ['engelsk', '^en(g|gelsk)?\\b'], ['tysk', '^ty(sk)?\\b'], ['fransk', '^fr(ansk)?\\b'], ['spansk', '^sp(ansk)?\\b'],
    ['kristendom', 'krist|^kr\\b'], ['historie', 'hist|^hi\\b'], ['samfundsfag', 'samf|^sa\\b'],
    ['geografi', 'geo'], ['biologi', 'bio'], ['idraet', 'idr|^id\\b|motion'], ['musik', 'mus'],
    ['billedkunst', 'billed|^bil\\b'],
];
await q('subjects', `
CREATE TABLE subject AS SELECT title, CASE
  ${subjectRules.map(([c, re]) => `WHEN regexp_matches(lower(title), ${lit(re)}) THEN '${c}'`).join('\n  ')}
  ELSE 'anden' END AS subject
FROM (SELECT DISTINCT title FROM lfinal)`);

// Relations of the final versions, checked against the spells (counted from eff_start).
await q('gruppe_lektion', `
CREATE TABLE glp AS
SELECT p.institution, p.group_id, p.lesson_id,
       EXISTS (SELECT 1 FROM group_sp g WHERE g.institution = p.institution AND g.group_id = p.group_id
               AND p.sdate >= g.eff_start AND (g."end" IS NULL OR p.sdate <= g."end")) AS ok
FROM (SELECT DISTINCT lg.institution, lg.group_id, lg.lesson_id, l.sdate
      FROM ${csv('lesson_groups.csv', ['institution', 'lesson_id', 'group_id'])} lg
      JOIN lfinal l ON l.institution = lg.institution AND l.lesson_id = lg.lesson_id AND l.seq = lg.seq
      WHERE lg.group_id IS NOT NULL) p`);
await q('medarbejder_lektion', `
CREATE TABLE mlp AS
SELECT p.institution, p.user_id, p.lesson_id,
       EXISTS (SELECT 1 FROM staff_sp s WHERE s.institution = p.institution AND s.user_id = p.user_id
               AND p.sdate >= s.eff_start AND (s."end" IS NULL OR p.sdate <= s."end")) AS ok
FROM (SELECT DISTINCT ls.institution, ls.user_id, ls.lesson_id, l.sdate
      FROM ${csv('lesson_staff.csv', ['institution', 'lesson_id', 'user_id'])} ls
      JOIN lfinal l ON l.institution = ls.institution AND l.lesson_id = ls.lesson_id AND l.seq = ls.seq
      WHERE ls.user_id IS NOT NULL) p`);

// elev_gruppe: member spell x pupil spell intersections, merged where they overlap or touch.
await q('elev_gruppe', `
CREATE TABLE eg AS
WITH x AS (
  SELECT m.user_id, m.institution, m.group_id, greatest(m.start, p.start) AS s,
         least(coalesce(m."end", DATE '9999-12-31'), coalesce(p."end", DATE '9999-12-31')) AS e
  FROM member_sp m JOIN pupil_sp p ON p.user_id = m.user_id AND p.institution = m.institution
  WHERE coalesce(m."end", DATE '9999-12-31') >= p.start AND coalesce(p."end", DATE '9999-12-31') >= m.start),
y AS (SELECT *, max(e) OVER (PARTITION BY user_id, institution, group_id ORDER BY s, e
                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_e FROM x),
z AS (SELECT *, sum(CASE WHEN prev_e IS NULL OR s > prev_e + 1 THEN 1 ELSE 0 END)
                  OVER (PARTITION BY user_id, institution, group_id ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS isl FROM y)
SELECT user_id, institution, group_id, min(s) AS start, nullif(max(e), DATE '9999-12-31') AS "end"
FROM z GROUP BY user_id, institution, group_id, isl`);

// Output: every value VARCHAR (empty = NULL, written empty), rows sorted by their CSV text.
async function out(file, from, cols) {
    const sel = cols.map(([n, e]) => `nullif(CAST(${e} AS VARCHAR), '') AS "${n}"`).join(', ');
    const line = cols.map(([n]) => `csvq("${n}")`).join(" || ',' || ");
    await q(file, `
COPY (SELECT * EXCLUDE (__line) FROM (SELECT *, ${line} AS __line FROM (SELECT ${sel} FROM ${from})) ORDER BY __line)
TO ${lit(path.join(outDir, file))} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', NEW_LINE '\\n')`);
}
const D = (c) => `strftime(${c}, '%Y-%m-%d')`;
await out('elev.csv', 'pupil_sp s LEFT JOIN person p USING (user_id)',
    [['cpr', 'p.cpr'], ['user_id', 's.user_id'], ['institution', 's.institution'], ['grade', 's.grade'],
     ['start', D('s.start')], ['end', D('s."end"')]]);
await out('medarbejder.csv', 'staff_sp s LEFT JOIN person p USING (user_id)',
    [['cpr', 'p.cpr'], ['user_id', 's.user_id'], ['institution', 's.institution'], ['role', 's.role'],
     ['start', D('s.start')], ['end', D('s."end"')]]);
await out('gruppe.csv', 'group_sp g JOIN group_info i USING (institution, group_id)',
    [['institution', 'g.institution'], ['group_id', 'g.group_id'], ['name', 'i.name'], ['type', 'i.type'],
     ['start', D('g.start')], ['end', D('g."end"')]]);
await out('lektion.csv', 'lfinal l LEFT JOIN subject s USING (title)',
    [['institution', 'l.institution'], ['lesson_id', 'l.lesson_id'], ['title', 'l.title'], ['subject', 's.subject'],
     ['start', 'l.start'], ['end', 'l."end"'], ['minutes', "date_diff('minute', l.ts, l.te)"]]);
await out('elev_gruppe.csv', 'eg LEFT JOIN person p USING (user_id)',
    [['cpr', 'p.cpr'], ['user_id', 'eg.user_id'], ['institution', 'eg.institution'], ['group_id', 'eg.group_id'],
     ['start', D('eg.start')], ['end', D('eg."end"')]]);
await out('gruppe_lektion.csv', 'glp WHERE ok',
    [['institution', 'institution'], ['group_id', 'group_id'], ['lesson_id', 'lesson_id']]);
await out('medarbejder_lektion.csv', 'mlp m LEFT JOIN person p USING (user_id) WHERE m.ok',
    [['cpr', 'p.cpr'], ['user_id', 'm.user_id'], ['institution', 'm.institution'], ['lesson_id', 'm.lesson_id']]);
await out('validation.csv', `(SELECT 'lesson_group_unknown' AS code, count(*) AS n FROM glp WHERE NOT ok
                              UNION ALL SELECT 'lesson_staff_not_affiliated', count(*) FROM mlp WHERE NOT ok) WHERE n > 0`,
    [['delivery', 'NULL'], ['institution', 'NULL'], ['code', 'code'], ['count', 'n']]);
fs.writeFileSync(path.join(outDir, 'rejects.csv'), 'delivery,file,line,code,message\n');

const rows = (await con.runAndReadAll('SELECT count(*) FROM deliv')).getRows()[0][0];
con.closeSync?.();
fs.rmSync(tmpDir, { recursive: true, force: true });
if (verbose) console.error(`duckdb: ${rows} deliveries, ${((Date.now() - t0) / 1000).toFixed(2)} s in process`);
