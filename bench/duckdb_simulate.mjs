// DuckDB reference of `ungdb rules simulate`, for the benchmark (bench/simulate.sh).
//
//   node bench/duckdb_simulate.mjs CRITERIA_FILE ATTENDANCE_DIR OUT_CSV --from D --to D
//        [--threads N] [--verbose]
//
// Computes in DuckDB SQL, from the same CSV files, the same weekly counts as
// `ungdb rules simulate ... --csv` (docs/rules.md "Simulating criteria") and
// writes them in the same form: for each ISO week from the one holding --from
// to the one holding --to, evaluated on its Sunday: pupils active (lesson
// minutes in the week), flagged (at least min_hits criteria hit), new (flagged
// for the first time), cumulative, and the pupils each criterion hits.
//
// Every measure of the criteria format is done: attendance windows by running
// totals per pupil and an ASOF join at the Sunday and at the Sunday less the
// window; events and notices by a range join. Thresholds compare exactly in
// integers, as ungdb_criteria_eval does. The criteria file is parsed here by
// a small reader of the format (no validation: bench input is the example).
// Rows are trusted (no rejects): the generator writes none.
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
let threads = '2', verbose = false, from = '', to = '';
const pos = [];
for (let i = 0; i < args.length; i++) {
    if (args[i] === '--threads') threads = args[++i];
    else if (args[i] === '--from') from = args[++i];
    else if (args[i] === '--to') to = args[++i];
    else if (args[i] === '--verbose') verbose = true;
    else pos.push(args[i]);
}
if (pos.length !== 3 || !/^\d{4}-\d\d-\d\d$/.test(from) || !/^\d{4}-\d\d-\d\d$/.test(to)) {
    console.error('usage: node duckdb_simulate.mjs CRITERIA ATTENDANCE_DIR OUT_CSV --from D --to D [--threads N]');
    process.exit(2);
}
const [critPath, attDir, outCsv] = pos.map((p) => path.resolve(p));
const tmpDir = outCsv + '.duckdb_tmp';
const lit = (s) => "'" + s.replaceAll("'", "''") + "'";

// ---- the criteria file (docs/rules.md) ----
const milli = (s) => {
    const [a, b = ''] = s.split('.');
    return Number(a) * 1000 + Number((b + '000').slice(0, 3));
};
const crit = { minHits: 1, items: [] };
let cur = null;
for (const raw of fs.readFileSync(critPath, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line[0] === '#' || line[0] === ';') continue;
    if (line[0] === '[') {
        cur = { name: line.slice(1, -1).trim(), minPlanned: 0 };
        crit.items.push(cur);
        continue;
    }
    const eq = line.indexOf('=');
    const k = line.slice(0, eq).trim(), v = line.slice(eq + 1).trim();
    if (!cur) {
        if (k === 'min_hits') crit.minHits = Number(v);
        continue;
    }
    if (k === 'measure') cur.measure = v;
    else if (k === 'kind') cur.kind = v;
    else if (k === 'threshold') cur.thr = milli(v);
    else if (k === 'min_planned_hours') cur.minPlanned = Math.ceil((milli(v) * 60) / 1000);
    else if (k === 'window') {
        const [n, unit] = v.split(/\s+/);
        cur.window = Number(n) * (unit.startsWith('week') ? 7 : 1);
    }
}

// ---- weeks: Monday of the week holding `from` .. Sunday of the week holding `to` ----
const DAY = 86400000;
const utc = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const wd = (t) => ((new Date(t).getUTCDay() + 6) % 7) + 1;
const monday0 = utc(from) - (wd(utc(from)) - 1) * DAY;
const sundayN = utc(to) + (7 - wd(utc(to))) * DAY;
const nweeks = Math.round((sundayN - monday0 + DAY) / (7 * DAY));
const maxWin = Math.max(1, ...crit.items.map((c) => c.window));
const first = Math.min(monday0, monday0 + 6 * DAY - (maxWin - 1) * DAY);
const F = `DATE '${iso(first)}'`, L = `DATE '${iso(sundayN)}'`, S0 = `DATE '${iso(monday0 + 6 * DAY)}'`;
function isoWeek(t) {
    const thu = t - (wd(t) - 1) * DAY + 3 * DAY;
    const y = new Date(thu).getUTCFullYear();
    return `${y}-W${String(Math.floor((thu - Date.UTC(y, 0, 1)) / DAY / 7) + 1).padStart(2, '0')}`;
}

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
const file = (f) => path.join(attDir, f);
const has = (f) => fs.existsSync(file(f));

// A memory cap (it spills to the scratch dir beyond it) so that the national
// run does not take a shared machine's RAM: BENCH_DUCK_MEMORY, default 8GB.
const memLimit = process.env.BENCH_DUCK_MEMORY || '8GB';
await q('settings', `SET temp_directory = ${lit(tmpDir)}; SET enable_progress_bar = false;
    SET memory_limit = ${lit(memLimit)}; SET preserve_insertion_order = false`);
// Minutes per pupil and day (rows of one day add up), on the days used.
await q('days', `
CREATE TABLE days AS
SELECT pupil, d, sum(lesson_minutes)::BIGINT AS p,
       sum(CASE WHEN lawful = 'yes' THEN absent_minutes ELSE 0 END)::BIGINT AS l,
       sum(CASE WHEN lawful = 'no' THEN absent_minutes ELSE 0 END)::BIGINT AS u
FROM read_csv(${lit(file('attendance.csv'))}, header = true,
     columns = {'pupil': 'VARCHAR', 'date': 'DATE', 'lesson_minutes': 'INTEGER',
                'absent_minutes': 'INTEGER', 'lawful': 'VARCHAR'}) t(pupil, d, lesson_minutes, absent_minutes, lawful)
WHERE d BETWEEN ${F} AND ${L}
GROUP BY ALL`);
for (const [name, f] of [['ev', 'events.csv'], ['no', 'notices.csv']]) {
    const src = has(f)
        ? `SELECT pupil, d, kind FROM read_csv(${lit(file(f))}, header = true,
             columns = {'pupil': 'VARCHAR', 'date': 'DATE', 'kind': 'VARCHAR'}) t(pupil, d, kind)
           WHERE d BETWEEN ${F} AND ${L}`
        : `SELECT NULL::VARCHAR AS pupil, NULL::DATE AS d, NULL::VARCHAR AS kind WHERE false`;
    await q(name, `CREATE TABLE ${name} AS ${src}`);
}
await q('weeks', `CREATE TABLE weeks AS SELECT range::INTEGER AS w, ${S0} + CAST(7 * range AS INTEGER) AS sun FROM range(${nweeks})`);
// Running totals per pupil; the grid of pupils x weeks.
await q('cum', `
CREATE TABLE cum AS
SELECT pupil, d, sum(p) OVER w AS cp, sum(l) OVER w AS cl, sum(u) OVER w AS cu
FROM days WINDOW w AS (PARTITION BY pupil ORDER BY d ROWS UNBOUNDED PRECEDING)`);
await q('pupils', `CREATE TABLE pupils AS SELECT pupil FROM days UNION SELECT pupil FROM ev UNION SELECT pupil FROM no`);
await q('grid', `CREATE TABLE grid AS SELECT pupil, w, sun FROM pupils CROSS JOIN weeks`);

const hitSql = [];
const att = new Set(['absence_percent', 'lawful_absence_percent', 'unlawful_absence_percent',
    'absence_hours', 'lawful_absence_hours', 'unlawful_absence_hours']);
const winsDone = new Set();
for (const [i, c] of crit.items.entries()) {
    if (att.has(c.measure)) {
        const N = c.window, t = `win${N}`;
        if (!winsDone.has(N)) {
            winsDone.add(N);
            await q(`window ${N}`, `
CREATE TABLE ${t} AS
WITH g AS (SELECT pupil, w, sun, sun - ${N} AS lo FROM grid),
hi AS (SELECT g.pupil, g.w, g.lo, coalesce(a.cp, 0) AS cp, coalesce(a.cl, 0) AS cl, coalesce(a.cu, 0) AS cu
       FROM g ASOF LEFT JOIN cum a ON g.pupil = a.pupil AND g.sun >= a.d)
SELECT hi.pupil, hi.w, hi.cp - coalesce(b.cp, 0) AS p, hi.cl - coalesce(b.cl, 0) AS l, hi.cu - coalesce(b.cu, 0) AS u
FROM hi ASOF LEFT JOIN cum b ON hi.pupil = b.pupil AND hi.lo >= b.d`);
        }
        const absent = c.measure.startsWith('lawful') ? 'l' : c.measure.startsWith('unlawful') ? 'u' : '(l + u)';
        const cond = c.measure.endsWith('percent')
            ? `p > 0 AND p >= ${c.minPlanned} AND ${absent} * 100000 >= ${c.thr}::BIGINT * p`
            : `${absent} * 1000 >= ${c.thr}::BIGINT * 60`;
        hitSql.push(`SELECT pupil, w, ${i} AS c FROM ${t} WHERE ${cond}`);
    } else {
        const tab = c.measure === 'events' ? 'ev' : 'no';
        hitSql.push(`
SELECT x.pupil, k.w, ${i} AS c FROM ${tab} x JOIN weeks k ON x.d > k.sun - ${c.window} AND x.d <= k.sun
WHERE x.kind = ${lit(c.kind)} GROUP BY x.pupil, k.w HAVING count(*) * 1000 >= ${c.thr}`);
    }
}
await q('hits', `CREATE TABLE hits AS ${hitSql.join('\nUNION ALL\n')}`);
await q('flags', `
CREATE TABLE flags AS
SELECT pupil, w FROM hits GROUP BY pupil, w HAVING count(*) >= ${crit.minHits}`);
const perWeek = await rows(`
WITH firsts AS (SELECT pupil, min(w) AS w FROM flags GROUP BY pupil),
act AS (SELECT k.w, count(DISTINCT d.pupil) AS n FROM days d JOIN weeks k ON d.d > k.sun - 7 AND d.d <= k.sun
        WHERE d.p > 0 GROUP BY k.w),
fl AS (SELECT w, count(*) AS n FROM flags GROUP BY w),
nw AS (SELECT w, count(*) AS n FROM firsts GROUP BY w),
hc AS (SELECT w, ${crit.items.map((_, i) => `count(*) FILTER (WHERE c = ${i}) AS c${i}`).join(', ')} FROM hits GROUP BY w)
SELECT k.w, coalesce(act.n, 0), coalesce(fl.n, 0), coalesce(nw.n, 0),
       ${crit.items.map((_, i) => `coalesce(hc.c${i}, 0)`).join(', ')}
FROM weeks k LEFT JOIN act USING (w) LEFT JOIN fl USING (w) LEFT JOIN nw USING (w) LEFT JOIN hc USING (w)
ORDER BY k.w`);
const out = ['week,monday,active,flagged,new,cumulative,' + crit.items.map((c) => c.name).join(',')];
let cum = 0;
for (const [w, active, flagged, nw, ...hc] of perWeek) {
    const monday = monday0 + Number(w) * 7 * DAY;
    cum += Number(nw);
    out.push([isoWeek(monday), iso(monday), active, flagged, nw, cum, ...hc].map(String).join(','));
}
fs.writeFileSync(outCsv, out.join('\n') + '\n');
fs.rmSync(tmpDir, { recursive: true, force: true });
if (verbose) console.error(`duckdb: ${perWeek.length} weeks, ${((Date.now() - t0) / 1000).toFixed(2)} s in process`);
