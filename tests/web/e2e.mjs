// e2e.mjs - the web application in a real browser (docs/web.md, "Tests").
// Debian's chromium driven by playwright-core (never a downloaded browser)
// against a fresh `ungdb serve --demo` on a free port of 127.0.0.1, started
// and stopped here. One full path per role (log in, do the main task, see
// the result, log out), refused access across institutions and
// municipalities, no console errors (a CSP violation is one), and a
// screenshot of each role's main page in $UNGDB_SHOTS.
//   UNGDB=build/ungdb UNGDB_WEB_DIR=build/web UNGDB_NODE_MODULES=build/web-deps/node_modules \
//   UNGDB_SHOTS=build/web-shots node --test tests/web/e2e.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, readFileSync, existsSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set (see the head of tests/web/e2e.mjs)`);
  return v;
};
const UNGDB = env('UNGDB');
const WEB = env('UNGDB_WEB_DIR');
const SHOTS = env('UNGDB_SHOTS');
const modules = createRequire(join(env('UNGDB_NODE_MODULES'), 'x.js'));
const { chromium } = modules('playwright-core');
// axe-core, evaluated in the page through the browser's debugging protocol
// (the page's CSP does not apply to that, and nothing is added to the page)
const AXE = readFileSync(modules.resolve('axe-core/axe.min.js'), 'utf8');

const tmp = mkdtempSync(join(tmpdir(), 'ungdb-e2e-'));
let server, base, browser, demo = {};

// Resolves when `file` exists and is not empty (the server writes its port
// there once it listens), or rejects when the server exits first.
function waitForFile(file, proc) {
  return new Promise((resolve, reject) => {
    const done = () => { w.close(); clearTimeout(timer); };
    const check = () => {
      if (existsSync(file) && readFileSync(file, 'utf8').trim()) { done(); resolve(readFileSync(file, 'utf8').trim()); }
    };
    const w = watch(tmp, check);
    const timer = setTimeout(() => { done(); reject(new Error('the server did not start in 120 s')); }, 120000);
    proc.on('exit', (code) => { done(); reject(new Error(`the server exited (${code}): ${readFileSync(join(tmp, 'err'), 'utf8').slice(-2000)}`)); });
    check();
  });
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const { openSync, writeFileSync } = await import('node:fs');
  // a small pseudonymised register for the statistician's page
  const quiet = { stdio: 'ignore' };
  execFileSync(UNGDB, ['gen', '--out', join(tmp, 'deliv'), '--institutions', '3', '--pupils-per-institution', '20',
    '--weeks', '4', '--seed', '7', '--errors', '0.02'], quiet);
  writeFileSync(join(tmp, 'key'), 'e2e-register-key');
  execFileSync(UNGDB, ['register', 'build', join(tmp, 'deliv'), '--out', join(tmp, 'reg'), '--pseudonymize', join(tmp, 'key')], quiet);
  execFileSync(UNGDB, ['register', 'hours', join(tmp, 'reg')], quiet);
  server = spawn(UNGDB, ['serve', '--demo', '--db', join(tmp, 'db.sqlite'), '--listen', '127.0.0.1:0',
    '--port-file', join(tmp, 'port'), '--web', WEB, '--register', join(tmp, 'reg'), '--quiet'],
  { stdio: ['ignore', openSync(join(tmp, 'out'), 'w'), openSync(join(tmp, 'err'), 'w')] });
  const port = await waitForFile(join(tmp, 'port'), server);
  base = `http://127.0.0.1:${port}`;
  const out = readFileSync(join(tmp, 'out'), 'utf8');
  const m = /Demo persons: pupil (\d+) \(Nordskolen\), pupil (\d+) \(lives in 0746\), pupil (\d+) \(FGU\)/.exec(out);
  assert.ok(m, `the demo persons line is missing: ${out}`);
  demo = { pupil: Number(m[1]), pupilOther: Number(m[2]), pupilFgu: Number(m[3]) };
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // playwright gives each launch a fresh temporary --user-data-dir
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.on('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(tmp, { recursive: true, force: true });
});

// ---- the API from the test itself (setting up data, checking results) ----
async function apiLogin(user) {
  const res = await fetch(`${base}/api/v1/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password: `${user}-demo-pw` }),
  });
  assert.equal(res.status, 200, `API login ${user}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await res.json();
  return async (method, path, body) => {
    const r = await fetch(`${base}/api/v1${path}`, {
      method, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, body: await r.json().catch(() => null) };
  };
}

const iso = (d) => d.toISOString().slice(0, 10);
// The most recent day up to today with lessons at the institution (the
// user's own with `mine`).
async function lastSchoolDay(api, inst, mine = false) {
  const to = new Date();
  const from = new Date(to.getTime() - 20 * 86400000);
  const r = await api('GET', `/institutions/${inst}/lessons?from=${iso(from)}&to=${iso(to)}${mine ? '&mine=true' : ''}`);
  assert.equal(r.status, 200);
  const now = new Date().toISOString().slice(0, 16);
  const past = r.body.lessons.filter((l) => l.starts_at <= now);
  assert.ok(past.length, 'the demo has lessons in the last 20 days');
  return { day: past[past.length - 1].starts_at.slice(0, 10), lessons: past };
}

// ---- the browser ----
async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.errors.push(msg.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('response', (r) => {
    if (r.status() >= 400) page.errors.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  return page;
}

async function login(page, user) {
  await page.goto(`${base}/#/login`);
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(`${user}-demo-pw`);
  await page.locator('#login-form button[type=submit]').click();
  await page.locator('#whoami').waitFor();
  assert.match(await page.locator('#whoami').textContent(), new RegExp(`Logget ind som ${user} `));
}

async function logout(page) {
  await page.locator('#logout').click();
  await page.locator('#login-form').waitFor();
  await page.getByText('Du er logget ud.').waitFor();
  // the session is gone on the server too
  const status = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
  assert.equal(status, 401);
}

// Each role's main page: a screenshot, and axe-core's WCAG 2.1 A and AA
// rules, which must find nothing.
async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  await axeCheck(page, name);
}

async function axeCheck(page, name) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
  });
  assert.deepEqual(violations, [], `axe-core on ${name}`);
}

// The app's first question, GET /api/v1/session, is answered 401 before
// login, and Chromium logs every 4xx resource as an error: only that one is
// expected.
function noErrors(page) {
  const real = page.errors.filter((e) => !/status of 401 \(Unauthorized\)|^401 \/api\/v1\/session$/.test(e));
  assert.deepEqual(real, [], 'no console errors or CSP violations');
}

// ---- the tests ----

test('the server sends the app with its security headers and refuses traversal', async () => {
  const r = await fetch(`${base}/`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.match(r.headers.get('content-security-policy'), /default-src 'self'/);
  const js = await fetch(`${base}/js/app.js`);
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
  for (const bad of ['/../CMakeCache.txt', '/%2e%2e/CMakeCache.txt', '/js/../../CMakeCache.txt', '/.hidden']) {
    const x = await fetch(`${base}${bad}`);
    assert.equal(x.status, 404, bad);
  }
});

test('teacher: registers a whole lesson with the keyboard and sees the pupil\'s absence', async () => {
  const api = await apiLogin('staff');
  const insts = (await api('GET', '/institutions')).body.institutions;
  const nord = insts.find((i) => i.name === 'Nordskolen');
  // the demo user "staff" is a teacher of Nordskolen: their own lessons
  // (the schedule's lesson_staff) are listed by default
  const teacher = (await api('GET', '/session')).body.user.person;
  assert.ok(teacher, 'the demo staff user is linked to a staff person');
  const { lessons: own } = await lastSchoolDay(api, nord.id, true);
  const day = own[own.length - 1].starts_at.slice(0, 10);
  const ownDay = (await api('GET', `/institutions/${nord.id}/lessons?from=${day}&to=${day}&mine=true`)).body.lessons.map((l) => l.id);
  const allDay = (await api('GET', `/institutions/${nord.id}/lessons?from=${day}&to=${day}`)).body.lessons;
  assert.ok(ownDay.length > 0 && ownDay.length < allDay.length, 'the teacher has some, not all, of the day\'s lessons');
  const staffOf = (await api('GET', `/lessons/${ownDay[0]}`)).body.staff.map((x) => x.person);
  assert.ok(staffOf.includes(teacher), 'an own lesson is taught by the teacher');
  const page = await newPage();
  await login(page, 'staff');
  await page.locator('h1', { hasText: 'Dagens lektioner' }).waitFor();
  assert.equal(await page.locator('#lesson-mine').isChecked(), true, 'own lessons by default');
  await page.locator('#lesson-inst').selectOption({ label: 'Nordskolen' });
  await page.locator('#lesson-date').fill(day);
  await page.locator('#lesson-date').dispatchEvent('change');
  const rowsOf = () => page.locator('#lessons tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.lesson)));
  await page.locator(`#lessons caption`, { hasText: 'mine lektioner' }).waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('#lessons tbody tr').length === n, ownDay.length);
  assert.deepEqual(await rowsOf(), ownDay, 'exactly the teacher\'s lessons');
  await shot(page, 'teacher');
  // a substitute's view: every lesson of the school that day, own ones marked
  await page.locator('#lesson-mine').uncheck();
  await page.waitForFunction((n) => document.querySelectorAll('#lessons tbody tr').length === n, allDay.length);
  assert.deepEqual(await rowsOf(), allDay.map((l) => l.id));
  assert.equal(await page.locator('#lessons tbody tr[data-mine="1"]').count(), ownDay.length);
  await page.locator('#lesson-mine').check();
  await page.waitForFunction((n) => document.querySelectorAll('#lessons tbody tr').length === n, ownDay.length);
  const first = { id: ownDay[0] };
  await page.locator(`a[href="#/laerer/lektion/${first.id}"]`).waitFor();
  await page.locator(`a[href="#/laerer/lektion/${first.id}"]`).click();
  await page.locator('#att-form').waitFor();
  await axeCheck(page, 'the attendance form');
  // focus starts on the first pupil's "absent" box: Space, Tab, minutes, Enter
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('20');
  await page.keyboard.press('Enter');
  const ok = page.locator('#att-result .alert-success');
  await ok.waitFor();
  assert.match(await ok.textContent(), /Fremmøde gemt for \d+ elever \(1 fraværende\)/);
  const person = Number(await page.locator('#att-table tbody tr').first().getAttribute('data-person'));
  const lesson = (await api('GET', `/lessons/${first.id}`)).body;
  const reg = lesson.pupils.find((p) => p.person === person);
  assert.equal(reg.present, false);
  assert.equal(reg.absent_minutes, 20);
  assert.equal(reg.lawful, false);
  assert.ok(lesson.pupils.filter((p) => p.person !== person).every((p) => p.present === true), 'the others are present');
  // the pupil's absence over time
  await page.locator('#att-table tbody tr').first().locator('a').click();
  await page.locator('#absence-chart[data-drawn="1"]').waitFor();
  // the demo has registered the past days too: the page shows the server's totals, this lesson's 20 minutes among them
  const mine = (await api('GET', `/persons/${person}/attendance`)).body;
  assert.ok(mine.registrations.some((r) => r.lesson === first.id && r.absent_minutes === 20));
  assert.ok(mine.totals.unlawful_absent_minutes >= 20);
  assert.match(await page.locator('#att-totals').textContent(),
    new RegExp(`${mine.totals.absent_minutes} minutters fravær, heraf ${mine.totals.unlawful_absent_minutes} ulovligt`));
  noErrors(page);
  await logout(page);
  await page.context().close();
});

test('refused: staff of Sydskolen cannot open a lesson of Nordskolen', async () => {
  const api = await apiLogin('staff');
  const nord = (await api('GET', '/institutions')).body.institutions.find((i) => i.name === 'Nordskolen');
  const { lessons } = await lastSchoolDay(api, nord.id);
  const page = await newPage();
  await login(page, 'staff2');
  // staff2 is not linked to a staff person: the whole schedule, no "only mine" box
  await page.locator('h1', { hasText: 'Dagens lektioner' }).waitFor();
  await page.locator('#lesson-list').waitFor();
  assert.equal(await page.locator('#lesson-mine').count(), 0);
  await page.goto(`${base}/#/laerer/lektion/${lessons[0].id}`);
  const err = page.locator('main .alert-error');
  await err.waitFor();
  assert.match(await err.textContent(), /ikke adgang.*403/);
  assert.equal(await page.locator('#att-form').count(), 0);
  await logout(page);
  await page.context().close();
});

test('pupil: sees own attendance and comments on a registration', async () => {
  const api = await apiLogin('staff');
  const nord = (await api('GET', '/institutions')).body.institutions.find((i) => i.name === 'Nordskolen');
  const { lessons } = await lastSchoolDay(api, nord.id);
  // register the pupil absent in a lesson of theirs (as the teacher would)
  let lessonId = null;
  for (const l of lessons.slice().reverse()) {
    const full = (await api('GET', `/lessons/${l.id}`)).body;
    if (full.pupils.some((p) => p.person === demo.pupil)) {
      const registrations = full.pupils.map((p) => (p.person === demo.pupil
        ? { person: p.person, present: false, absent_minutes: full.minutes, lawful: false }
        : { person: p.person, present: true }));
      assert.equal((await api('POST', `/lessons/${l.id}/attendance`, { registrations })).status, 200);
      lessonId = l.id;
      break;
    }
  }
  assert.ok(lessonId, 'a lesson of the demo pupil');
  const page = await newPage();
  await login(page, 'pupil');
  await page.locator('h1', { hasText: 'Mit fremmøde' }).waitFor();
  const row = page.locator(`#att-list tr[data-lesson="${lessonId}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /Fraværende/);
  await page.locator('#absence-chart[data-drawn="1"]').waitFor();
  await shot(page, 'pupil');
  await row.locator('.comment-btn').click();
  await page.locator('#comment-text').fill('Jeg var hos lægen');
  await page.locator('#comment-reason').selectOption('illness');
  await page.locator('#comment-form button[type=submit]').click();
  await page.locator('#comment-result .alert-success').waitFor();
  assert.match(await page.locator('#comment-result').textContent(), /§ 18/);
  assert.match(await row.locator('.att-comments').textContent(), /Jeg var hos lægen \(Sygdom\)/);
  // stored: the pupil's own API view has it
  const mine = await page.evaluate(async ([p]) => (await fetch(`/api/v1/persons/${p}/attendance`)).json(), [demo.pupil]);
  assert.ok(mine.registrations.find((r) => r.lesson === lessonId).comments.some((c) => c.comment === 'Jeg var hos lægen'));
  noErrors(page);
  await logout(page);
  await page.context().close();
});

test('school administrator: assesses, reports (with a guardians\' task), a concern notice forces a report', async () => {
  const page = await newPage();
  await login(page, 'staff');
  // risk candidates from the institution's criteria, with their reasons and the rule
  await page.goto(`${base}/#/skole`);
  await page.locator('#school-inst').selectOption({ label: 'Nordskolen' });
  const cand = page.locator('#candidate-list tbody tr').first();
  await cand.waitFor();
  assert.match(await cand.textContent(), /grænse \d+/, 'the criteria that hit, with value and threshold');
  assert.match(await cand.textContent(), /kræver vurdering/);
  assert.match(await cand.textContent(), /Fakta brugt/);
  assert.match(await cand.locator('a.app-law').first().getAttribute('href'), /^https:\/\/www\.retsinformation\.dk\//);
  await shot(page, 'school');
  // the criteria file: the engine's error names the line; the file is put back
  await page.goto(`${base}/#/skole/kriterier`);
  const crit = page.locator('#criteria-text');
  await crit.waitFor();
  const original = await crit.inputValue();
  assert.match(original, /measure = /);
  await crit.fill(`${original}\ncolour = red\n`);
  await page.locator('#criteria-form button[type=submit]').click();
  await page.locator('#criteria-result .alert-error', { hasText: /Linje \d+: colour/ }).waitFor();
  page.errors.length = 0; // that 422 was the point
  await crit.fill(original);
  await page.locator('#criteria-form button[type=submit]').click();
  await page.locator('#criteria-result .alert-success').waitFor();
  // the FGU pupil of 17: covered by VBK § 31 (a folkeskole pupil of the demo is too young)
  await page.goto(`${base}/#/sag/${demo.pupilFgu}`);
  // findings link their paragraphs
  await page.locator('#findings .app-finding a.app-law').first().waitFor();
  await axeCheck(page, 'a pupil\'s case');
  await page.locator('#ass-form').waitFor();
  await page.locator('#ass-risk').selectOption('true');
  await page.locator('#ass-grounds').fill('Højt ulovligt fravær og manglende afleveringer');
  await page.locator('#ass-form button[type=submit]').click();
  await page.locator('#case-result .alert-success').waitFor();
  await page.locator('#assessment-list').waitFor();
  // the report rests on that assessment (selected by default)
  await page.locator('#rep-assessment option:nth-child(2)').waitFor({ state: 'attached' });
  await page.locator('#rep-form button[type=submit]').click();
  const sent = page.locator('#case-result .alert-success', { hasText: 'udbakken' });
  await sent.waitFor();
  const text = await sent.textContent();
  assert.match(text, /Indberetningen bygger på den konkrete vurdering/);
  assert.match(text, /Er personen omfattet \(VBK § 31\)/, 'the in-scope check is shown');
  assert.match(text, /Underret forældremyndighedens indehavere/, 'a pupil under 18: the guardians\' task');
  assert.ok(await sent.locator('a.app-law').count() >= 1, 'the paragraph is a link');
  // a notice of concern about absence forces a report at once
  await page.locator('#notice-kind').selectOption('concern_absence');
  await page.locator('#notice-form button[type=submit]').click();
  const forced = page.locator('#case-result .forced');
  await forced.waitFor();
  assert.match(await forced.textContent(), /bekymringsmeddelelse.*VBK § 36, stk\. 2/s);
  await page.locator('#case-reports tbody tr:nth-child(2)').waitFor();
  // a participation event (VBK § 36): the server's error stands beside the field it names
  await page.locator('#event-kind').selectOption('missing_hand_in');
  await page.locator('#event-date').fill('2099-01-01');
  await page.locator('#event-note').fill('Opgave i dansk ikke afleveret');
  await page.locator('#event-form button[type=submit]').click();
  const dateError = page.locator('#event-form .form-group.form-error', { has: page.locator('#event-date') }).locator('.form-error-message');
  await dateError.waitFor();
  assert.match(await dateError.textContent(), /after today/);
  assert.equal(await page.locator('#event-date').getAttribute('aria-invalid'), 'true');
  page.errors.length = 0; // that 422 was the point
  await axeCheck(page, 'a pupil\'s case with an error beside a field');
  await page.locator('#event-date').fill(await page.locator('#ass-date').inputValue());
  await page.locator('#event-form button[type=submit]').click();
  await page.locator('#event-result .alert-success', { hasText: 'Manglende aflevering' }).waitFor();
  assert.equal(await page.locator('#event-form .form-error').count(), 0, 'the error is taken away');
  const eventRow = page.locator('#event-list tbody tr', { hasText: 'Manglende aflevering' });
  await eventRow.waitFor();
  assert.match(await eventRow.textContent(), /FGU Østjylland.*Opgave i dansk ikke afleveret/s);
  // the spell's interruption (VBK § 32, nr. 3) and the announcement of leaving (VBK § 31), then removed again
  assert.match(await page.locator('#interruption-form .form-hint a.app-law').textContent(), /VBK § 32, nr\. 3/);
  assert.match(await page.locator('#announcement-form .form-hint a.app-law').textContent(), /VBK § 31/);
  const today = await page.locator('#ass-date').inputValue();
  await page.locator('#interruption-date').fill('2099-01-01');
  await page.locator('#interruption-reason').selectOption('fulltime_job');
  await page.locator('#interruption-form button[type=submit]').click();
  const iError = page.locator('#interruption-form .form-group.form-error', { has: page.locator('#interruption-date') }).locator('.form-error-message');
  await iError.waitFor();
  assert.match(await iError.textContent(), /interruption\.date must not be after today/);
  page.errors.length = 0; // that 422 was the point
  await page.locator('#interruption-date').fill(today);
  await page.locator('#interruption-date').press('Enter'); // the keyboard submits the form
  await page.locator('#spell-result .alert-success', { hasText: 'Afbruddet er gemt' }).waitFor();
  assert.match(await page.locator('#spell-interruption').textContent(), /^Afbrudt .*\(Fuldtidsarbejde\)/);
  assert.equal(await page.locator('#interruption-form .form-error').count(), 0);
  await page.locator('#announcement-kind').selectOption('other_education');
  await page.locator('#announcement-form button[type=submit]').click();
  await page.locator('#spell-result .alert-success', { hasText: 'Meddelelsen om at stoppe er gemt' }).waitFor();
  assert.match(await page.locator('#spell-announcement').textContent(), /Anden uddannelse/);
  await axeCheck(page, 'a pupil\'s case with a recorded interruption');
  // what the server stored is what the page shows after a reload
  await page.reload();
  await page.locator('#spell-interruption', { hasText: 'Fuldtidsarbejde' }).waitFor();
  assert.match(await page.locator('#spell-announcement').textContent(), /Anden uddannelse/);
  await page.locator('#interruption-remove').click();
  await page.locator('#spell-interruption', { hasText: 'Intet afbrud registreret' }).waitFor();
  await page.locator('#announcement-remove').click();
  await page.locator('#spell-announcement', { hasText: 'Ingen meddelelse om at stoppe' }).waitFor();
  // the tasks with their state, the institution's reports
  await page.goto(`${base}/#/skole/opgaver`);
  await page.locator('#school-inst').selectOption({ label: 'FGU Østjylland' });
  const task = page.locator('#task-list tbody tr').first();
  await task.waitFor();
  assert.match(await task.textContent(), /Underret.*åben/s);
  await task.locator('.task-done').click();
  await task.getByText(/^Udført /).waitFor();
  await page.goto(`${base}/#/skole/indberetninger`);
  await page.locator('#report-list tbody tr').first().waitFor();
  assert.ok(await page.locator('#report-list tbody tr').count() >= 2);
  noErrors(page);
  await logout(page);
  // the outbox the integration collects (administrator)
  await login(page, 'admin');
  await page.goto(`${base}/#/skole/udbakke`);
  await page.locator('#outbox-list tbody tr').first().waitFor();
  assert.match(await page.locator('#outbox-list').textContent(), /risk_of_dropout/);
  assert.match(await page.locator('#outbox-list').textContent(), /Ja/, 'one forced by the concern notice');
  noErrors(page);
  await logout(page);
  await page.context().close();
});

test('caseworker: files the municipality\'s own report and finds it in the inbox', async () => {
  const page = await newPage();
  await login(page, 'caseworker');
  await page.goto(`${base}/#/sag/${demo.pupilFgu}`);
  await page.locator('#muni-form').waitFor();
  await page.locator('#muni-contact').fill('Kim Kommune, 8940 0000');
  await page.locator('#muni-form button[type=submit]').click();
  const ok = page.locator('#case-result .alert-success');
  await ok.waitFor();
  assert.match(await ok.textContent(), /udbakken/);
  // employment (§ 4) and §§ 5-6 activities of the duty order: the error beside the field, added, listed, removed
  const past = new Date(Date.now() - 30 * 864e5).toISOString().slice(0, 10);
  await page.locator('#employment-none').waitFor();
  assert.match(await page.locator('#employment-form .form-hint a.app-law').textContent(), /pligt til uddannelse.*§ 4/);
  assert.match(await page.locator('#activity-form .form-hint a.app-law').textContent(), /§§ 5-6/);
  await page.locator('#employment-from').fill(past);
  await page.locator('#employment-hours').fill('200');
  await page.locator('#employment-paid').selectOption('true');
  await page.locator('#employment-form button[type=submit]').click();
  const hoursError = page.locator('#employment-form .form-group.form-error', { has: page.locator('#employment-hours') }).locator('.form-error-message');
  await hoursError.waitFor();
  assert.match(await hoursError.textContent(), /hours_per_week/);
  page.errors.length = 0; // that 422 was the point
  await axeCheck(page, 'the duty facts with an error beside a field');
  await page.locator('#employment-hours').fill('25');
  await page.locator('#employment-hours').press('Enter');
  const job = page.locator('#employment-list tbody tr').first();
  await job.waitFor();
  assert.match(await job.textContent(), /25.*Ja/s);
  assert.equal(await page.locator('#employment-form .form-error').count(), 0);
  await page.locator('#activity-kind').selectOption('voluntary_work');
  await page.locator('#activity-from').fill(past);
  await page.locator('#activity-in-plan').selectOption('true');
  await page.locator('#activity-form button[type=submit]').click();
  const act = page.locator('#activity-list tbody tr').first();
  await act.waitFor();
  assert.match(await act.textContent(), /Frivilligt arbejde.*§ 6, stk\. 2-3/s);
  assert.equal(await page.locator('#employment-list tbody tr').count(), 1, 'the PUT kept the employment');
  await page.reload();
  await page.locator('#activity-list tbody tr').first().waitFor();
  assert.equal(await page.locator('#employment-list tbody tr').count(), 1, 'stored');
  await page.locator('#employment-list button').click();
  await page.locator('#employment-none').waitFor();
  await page.locator('#activity-list button').click();
  await page.locator('#activity-none').waitFor();
  await page.locator('nav#nav a', { hasText: 'Kommunen' }).click();
  const row = page.locator('#inbox-list tbody tr', { hasText: 'Kommunen' }).first();
  await row.waitFor();
  assert.match(await row.textContent(), /Kim Kommune/);
  await shot(page, 'caseworker');
  // duty cases of 15-17 year olds, soonest deadline first, with days left and the paragraph
  await page.goto(`${base}/#/kommune/frister`);
  const duty = page.locator('#duty-list tbody tr');
  await duty.first().waitFor();
  assert.match(await duty.first().textContent(), /\d+ dage|overskredet/);
  assert.match(await duty.first().locator('.deadline-ref a.app-law').textContent(), /§/);
  await shot(page, 'caseworker-duty');
  // STU: hours, periods, the engine's findings (the 5-year limit among them)
  await page.goto(`${base}/#/kommune/stu`);
  const stu = page.locator('.stu-case').first();
  await stu.waitFor();
  assert.match(await stu.textContent(), /Undervisningstimer/);
  assert.match(await stu.textContent(), /stu|STU|særlige behov/);
  assert.ok(await stu.locator('.app-finding').count() >= 1);
  // the competence paper as PDF (STU act § 9)
  const paper = await page.evaluate(async (href) => { const r = await fetch(href); return [r.status, r.headers.get('content-type'), (await r.text()).slice(0, 5)]; },
    await stu.locator('a.stu-paper').getAttribute('href'));
  assert.deepEqual(paper, [200, 'application/pdf', '%PDF-']);
  noErrors(page);
  await logout(page);
  await page.context().close();
});

test('guardian: sees the children under 18 and their absence', async () => {
  const page = await newPage();
  await login(page, 'guardian');
  await page.locator('#children').waitFor();
  assert.equal(await page.locator('#children tbody tr').count(), 2, 'two children under 18, not the grown-up one');
  await page.locator('#children tbody tr a').first().click();
  await page.locator('h1', { hasText: 'Fravær over tid' }).waitFor();
  await shot(page, 'guardian');
  noErrors(page);
  await logout(page);
  await page.context().close();
});

test('statistician: validation counts per delivery, hours against the norm, downloads', async () => {
  const page = await newPage();
  await login(page, 'researcher');
  await page.locator('h1', { hasText: 'Forskningsregisteret' }).waitFor();
  await page.locator('#validation-chart[data-drawn="1"]').waitFor();
  await page.locator('#hours-chart[data-drawn="1"]').waitFor();
  // the register's own chart is shown and has loaded
  await page.waitForFunction(() => { const i = document.getElementById('hours-svg'); return i && i.complete && i.naturalWidth > 0; });
  assert.equal(await page.locator('#hours-table tbody tr').count(), 3, 'one row per institution');
  await shot(page, 'researcher');
  // a table downloads as the register's file
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#reg-files a', { hasText: 'elev.csv' }).click()]);
  const path = await download.path();
  assert.equal(readFileSync(path, 'utf8'), readFileSync(join(tmp, 'reg', 'elev.csv'), 'utf8'));
  // pseudonyms only: no CPR-like value in it
  assert.doesNotMatch(readFileSync(path, 'utf8'), /\b\d{6}-?\d{4}\b/);
  noErrors(page);
  await logout(page);
  await page.context().close();
});

test('school administrator: edits the criteria and previews them week by week before saving', async () => {
  const api = await apiLogin('staff');
  const fgu = (await api('GET', '/institutions')).body.institutions.find((i) => i.kind === 'fgu');
  const stored = (await api('GET', `/institutions/${fgu.id}/criteria`)).body.text;
  const page = await newPage();
  await login(page, 'staff');
  await page.goto(`${base}/#/skole/kriterier`);
  await page.locator('#criteria-text').waitFor();
  await page.locator('#school-inst').selectOption({ label: 'FGU Østjylland' });
  await page.waitForFunction(() => (document.querySelector('#criteria-text') || {}).value?.includes('FGU Østjylland'));
  // edit: 4 hours of unlawful absence in 2 weeks instead of 8 (not saved)
  const crit = page.locator('#criteria-text');
  const edited = (await crit.inputValue()).replace(/threshold = 8\n/, 'threshold = 4\n');
  assert.notEqual(edited, stored, 'the demo file has the 8-hour criterion');
  await crit.fill(edited);
  const btn = page.getByRole('button', { name: 'Forhåndsvis' });
  await btn.click();
  await page.locator('#preview-table tbody tr').first().waitFor({ timeout: 120000 });
  await page.locator('#preview-chart[data-drawn="1"]').waitFor();
  assert.match(await page.locator('#criteria-preview').textContent(), /vejledningsbekendtgørelsen § 36/);
  // the table shows the server's counts for the edited text, week by week
  const from = await page.locator('#preview-from').inputValue();
  const to = await page.locator('#preview-to').inputValue();
  const want = (await api('POST', `/institutions/${fgu.id}/criteria/preview`, { text: edited, from, to })).body;
  assert.equal(want.weeks.length, 8);
  const rows = await page.locator('#preview-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    week: tr.dataset.week,
    active: Number(tr.querySelector('.pv-active').textContent),
    flagged: Number(tr.querySelector('.pv-flagged').textContent),
    new: Number(tr.querySelector('.pv-new').textContent),
  })));
  assert.deepEqual(rows, want.weeks.map((w) => ({ week: w.week, active: w.active, flagged: w.flagged, new: w.new })));
  assert.ok(rows.some((r) => r.flagged > 0), 'the demo\'s risky FGU pupils are flagged in some week');
  assert.ok(rows.some((r) => r.active > 0), 'pupils with lessons');
  await page.locator('#preview-h').evaluate((e) => e.scrollIntoView());
  await shot(page, 'criteria-preview');
  // nothing was saved
  assert.equal((await api('GET', `/institutions/${fgu.id}/criteria`)).body.text, stored);
  // a broken file: the engine's line, no table
  await crit.fill(`${edited}\nthreshold = lots\n`);
  await btn.click();
  await page.locator('#criteria-preview .alert-error', { hasText: /Linje \d+: / }).waitFor({ timeout: 120000 });
  assert.equal(await page.locator('#preview-table').count(), 0);
  page.errors.length = 0; // that 422 was the point
  // in English: the same preview with English texts
  await page.locator('#lang-switch').click();
  await page.locator('h3', { hasText: 'Week-by-week preview' }).waitFor();
  await page.locator('#criteria-text').fill(edited);
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.locator('#preview-table caption', { hasText: 'Pupils per week' }).waitFor({ timeout: 120000 });
  assert.match(await page.locator('#criteria-preview').textContent(), /would have pointed to each week/);
  await page.locator('#lang-switch').click();
  await page.locator('h3', { hasText: 'Forhåndsvisning uge for uge' }).waitFor();
  noErrors(page);
  await logout(page);
  await page.context().close();
});

test('refused: a teacher cannot read the register', async () => {
  const page = await newPage();
  await login(page, 'staff');
  await page.goto(`${base}/#/register`);
  const err = page.locator('main .alert-error');
  await err.waitFor();
  assert.match(await err.textContent(), /403/);
  await logout(page);
  await page.context().close();
});

test('refused: the caseworker of 0746 cannot see a resident of 0751', async () => {
  const page = await newPage();
  await login(page, 'caseworker2');
  await page.goto(`${base}/#/person/${demo.pupil}`);
  const err = page.locator('main .alert-error');
  await err.waitFor();
  assert.match(await err.textContent(), /Findes ikke, eller du har ikke adgang/);
  // while their own resident opens
  await page.goto(`${base}/#/person/${demo.pupilOther}`);
  await page.locator('h1', { hasText: 'Fravær over tid' }).waitFor();
  await logout(page);
  await page.context().close();
});

test('the English switch', async () => {
  const page = await newPage();
  await page.goto(`${base}/#/login`);
  await page.locator('#lang-switch').click();
  await page.locator('h1', { hasText: 'Log in' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.locator('#lang-switch').click();
  await page.locator('h1', { hasText: 'Log ind' }).waitFor();
  await page.context().close();
});
