// DuckDB reference of `ungdb register hours`, for the benchmark (bench/run.sh).
//
//   node bench/duckdb_hours.mjs REGISTER_DIR OUT_CSV --school-year YEAR [--threads N]
//                               [--memory-limit 10GB] [--temp-limit 20GB] [--verbose]
//
// The limits are DuckDB's memory_limit and max_temp_directory_size (default:
// DuckDB's own, 80 % of RAM and 90 % of the free disk); set them on a shared
// machine.
//
// Does in DuckDB SQL the same join as `ungdb register hours` (docs/hours.md)
// from the same register tables: pupils' memberships (elev_gruppe.csv) to the
// lessons of their groups (gruppe_lektion.csv, lektion.csv) on the dates of
// the membership, each lesson once per pupil, the grade of the pupil's elev.csv
// spell on the lesson's date (the spell that began last where two overlap),
// pupil school days per institution and grade, and the percent of the norm
// pro-rated to school days (the same typical school calendar, ported below).
// Writes the total rows: institution,grade,pupils,fte_pupils,
// hours_per_pupil_year,percent_of_norm (grade empty: the institution, grades
// 0-9, pupil-weighted). run.sh compares them with ours.
//
// It does not validate rows (bad rows are skipped), does not write the
// subject rows or the chart, and takes the school year as given.
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
let threads = '2';
let verbose = false;
let year = 0;
let memoryLimit = '';
let tempLimit = '';
const pos = [];
for (let i = 0; i < args.length; i++) {
    if (args[i] === '--threads') threads = args[++i];
    else if (args[i] === '--school-year') year = Number(args[++i]);
    else if (args[i] === '--memory-limit') memoryLimit = args[++i];
    else if (args[i] === '--temp-limit') tempLimit = args[++i];
    else if (args[i] === '--verbose') verbose = true;
    else pos.push(args[i]);
}
if (pos.length !== 2 || !Number.isInteger(year) || year < 1900) {
    console.error('usage: node duckdb_hours.mjs REGISTER_DIR OUT_CSV --school-year YEAR [--threads N] [--verbose]');
    process.exit(2);
}
const regDir = path.resolve(pos[0]);
const outCsv = path.resolve(pos[1]);
const tmpDir = outCsv + '.duckdb_tmp';
const lit = (s) => "'" + s.replaceAll("'", "''") + "'";

// ungdb_is_school_day (src/core/calendar.c), on UTC dates.
const DAY = 86400000;
const utc = (y, m, d) => Date.UTC(y, m - 1, d);
const isoWd = (t) => ((new Date(t).getUTCDay() + 6) % 7) + 1; // 1 Monday .. 7 Sunday
function easter(y) {
    const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
    const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
    const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
    const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
    const n = h + l - 7 * m + 114;
    return utc(y, Math.floor(n / 31), (n % 31) + 1);
}
function isSchoolDay(t) {
    if (isoWd(t) >= 6) return false;
    const dt = new Date(t), y = dt.getUTCFullYear(), m = dt.getUTCMonth() + 1, d = dt.getUTCDate();
    if ((m === 12 && d >= 20) || (m === 1 && d <= 2) || (m === 6 && d === 5)) return false;
    const j24 = utc(y, 6, 24), summer = j24 + ((6 - isoWd(j24) + 7) % 7) * DAY;
    const a1 = utc(y, 8, 1), back = a1 + (((8 - isoWd(a1)) % 7) + 7) * DAY;
    if (t >= summer && t < back) return false;
    const jan4 = utc(y, 1, 4), w1 = jan4 - (isoWd(jan4) - 1) * DAY;
    if (t >= w1) {
        const week = Math.floor((t - w1) / DAY / 7) + 1;
        if (week === 7 || week === 42) return false;
    }
    const e = easter(y), off = Math.round((t - e) / DAY);
    if (off >= -8 && off <= 1) return false;
    if (off === 39 || off === 40 || off === 50) return false;
    if (y <= 2023 && off === 26) return false;
    return true;
}
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const y0 = utc(year, 8, 1), y1 = utc(year + 1, 7, 31);
const schoolDays = [];
for (let t = y0; t <= y1; t += DAY) if (isSchoolDay(t)) schoolDays.push(iso(t));

const t0 = Date.now();
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
async function q(label, sql) {
    const t = Date.now();
    await con.run(sql);
    if (verbose) console.error(`duckdb: ${label}: ${((Date.now() - t) / 1000).toFixed(2)} s`);
}
async function rows(sql) {
    return (await con.runAndReadAll(sql)).getRows();
}
const csv = (file, cols) => `read_csv(${lit(path.join(regDir, file))}, header = true, all_varchar = true,
    delim = ',', quote = '"', escape = '"', ignore_errors = true)`;

await q('settings', `SET temp_directory = ${lit(tmpDir)}; SET enable_progress_bar = false`);
if (memoryLimit) await q('memory limit', `SET memory_limit = ${lit(memoryLimit)}`);
if (tempLimit) await q('temp limit', `SET max_temp_directory_size = ${lit(tempLimit)}`);
await q('school days', `CREATE TABLE sd AS SELECT CAST(unnest([${schoolDays.map(lit).join(',')}]) AS DATE) AS d`);
const Y0 = `DATE '${iso(y0)}'`, Y1 = `DATE '${iso(y1)}'`;
await q('elev', `
CREATE TABLE e AS
SELECT CASE WHEN user_id IS NOT NULL THEN 'u' || user_id ELSE 'c' || cpr END AS pkey, user_id, cpr,
       institution, CAST(grade AS INTEGER) AS grade, CAST(start AS DATE) AS s, CAST("end" AS DATE) AS e
FROM ${csv('elev.csv')}`);
await q('elev_gruppe', `
CREATE TABLE eg AS
SELECT coalesce(u.pkey, c.pkey) AS pkey, g.institution, g.group_id, CAST(g.start AS DATE) AS s,
       CAST(g."end" AS DATE) AS e
FROM ${csv('elev_gruppe.csv')} g
LEFT JOIN (SELECT DISTINCT pkey, user_id, institution FROM e WHERE user_id IS NOT NULL) u
       ON u.user_id = g.user_id AND u.institution = g.institution
LEFT JOIN (SELECT DISTINCT pkey, cpr, institution FROM e WHERE user_id IS NULL AND cpr IS NOT NULL) c
       ON c.cpr = g.cpr AND c.institution = g.institution
WHERE coalesce(u.pkey, c.pkey) IS NOT NULL`);
await q('lektion', `
CREATE TABLE l AS
SELECT institution, lesson_id, CAST(substr(start, 1, 10) AS DATE) AS d, CAST(minutes AS INTEGER) AS minutes
FROM ${csv('lektion.csv')}`);
await q('gruppe_lektion', `CREATE TABLE gl AS SELECT institution, group_id, lesson_id FROM ${csv('gruppe_lektion.csv')}`);

// The period: from the first membership to the last lesson or roster date, within the school year.
await q('period', `
CREATE TABLE period AS
SELECT greatest(${Y0}, (SELECT min(s) FROM eg)) AS p0,
       least(${Y1}, greatest((SELECT max(d) FROM l),
                             (SELECT max(CASE WHEN e IS NULL THEN s ELSE greatest(s, e + 1) END) FROM eg))) AS p1`);

// Pupil-lessons: each lesson once per pupil, with the grade of the spell on its date.
await q('pupil-lessons', `
CREATE TABLE acc AS
WITH pl AS (
  SELECT DISTINCT m.pkey, m.institution, l.lesson_id, l.d, l.minutes
  FROM eg m, period p
  JOIN gl ON gl.institution = m.institution AND gl.group_id = m.group_id
  JOIN l ON l.institution = gl.institution AND l.lesson_id = gl.lesson_id
  WHERE l.d BETWEEN greatest(m.s, p.p0) AND least(coalesce(m.e, ${Y1}), p.p1)),
plg AS (
  SELECT pl.institution, pl.minutes, arg_max(e.grade, (e.s - DATE '1970-01-01') * 16 + e.grade) AS grade
  FROM pl JOIN e ON e.pkey = pl.pkey AND e.institution = pl.institution
               AND pl.d BETWEEN e.s AND coalesce(e.e, ${Y1})
  GROUP BY pl.pkey, pl.institution, pl.lesson_id, pl.minutes)
SELECT institution, grade, sum(minutes) AS minutes FROM plg GROUP BY ALL`);

// Exposure: pupil school days per institution and grade (one grade a day).
await q('exposure', `
CREATE TABLE ex AS
WITH days AS (
  SELECT e.pkey, e.institution, sd.d, arg_max(e.grade, (e.s - DATE '1970-01-01') * 16 + e.grade) AS grade
  FROM e, period p JOIN sd ON sd.d BETWEEN greatest(e.s, p.p0) AND least(coalesce(e.e, ${Y1}), p.p1)
  GROUP BY ALL)
SELECT institution, grade, count(*) AS days, count(DISTINCT pkey) AS pupils,
       NULL::BIGINT AS inst_pupils
FROM days GROUP BY ALL
UNION ALL
SELECT institution, NULL, NULL, NULL, count(DISTINCT pkey) FROM days WHERE grade <= 9 GROUP BY ALL`);

const [[sdp]] = await rows(`SELECT count(*) FROM sd, period p WHERE sd.d BETWEEN p.p0 AND p.p1`);
const sdy = schoolDays.length;
const norm = (g) => (g <= 3 ? 1200 : g <= 6 ? 1320 : g <= 9 ? 1400 : 0);
const res = await rows(`
SELECT x.institution, x.grade, x.pupils, x.days, coalesce(a.minutes, 0)
FROM ex x LEFT JOIN acc a USING (institution, grade) WHERE x.grade IS NOT NULL
ORDER BY x.institution, x.grade`);
const ipupils = new Map((await rows(`SELECT institution, inst_pupils FROM ex WHERE grade IS NULL`))
    .map(([i, n]) => [i, Number(n)]));
const out = ['institution,grade,pupils,fte_pupils,hours_per_pupil_year,percent_of_norm'];
const inst = new Map();
for (const [i, g, pupils, days, minutes] of res) {
    const n = Number(days), m = Number(minutes);
    const hy = (m * sdy) / (60 * n);
    const pct = norm(g) ? (100 * hy) / norm(g) : null;
    out.push(`${i},${g},${pupils},${(n / Number(sdp)).toFixed(2)},${hy.toFixed(1)},${pct === null ? '' : pct.toFixed(1)}`);
    if (g <= 9) {
        const s = inst.get(i) ?? { days: 0, w: 0 };
        s.days += n;
        s.w += n * pct;
        inst.set(i, s);
    }
}
for (const [i, s] of inst)
    out.push(`${i},,${ipupils.get(i)},${(s.days / Number(sdp)).toFixed(2)},,${(s.w / s.days).toFixed(1)}`);
fs.writeFileSync(outCsv, out.join('\n') + '\n');
fs.rmSync(tmpDir, { recursive: true, force: true });
if (verbose) console.error(`duckdb: ${res.length} grade rows, ${((Date.now() - t0) / 1000).toFixed(2)} s in process`);
