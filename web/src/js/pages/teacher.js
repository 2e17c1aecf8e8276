// pages/teacher.js - a teacher's day: the lessons of a day at one of the
// staff member's institutions, and a whole lesson's attendance in one form
// (POST /lessons/{id}/attendance; the FGU rules are applied by the server).
import { h, clear, alert, announce, field, table } from '../dom.js';
import { get, post } from '../api.js';
import { t, fmtTime, fmtDate, fmtStamp } from '../i18n.js';
import { ruleNote } from '../law.js';
import { state, showError } from '../app.js';

export function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export async function institutions() {
  if (state.user.role === 'staff') return state.user.institutions;
  return (await get('/institutions')).institutions;
}

const remembered = (k, dflt) => sessionStorage.getItem(`ungdb.${k}`) || dflt;
const remember = (k, v) => sessionStorage.setItem(`ungdb.${k}`, v);

export async function lessons(m) {
  const insts = await institutions();
  const date = h('input', { class: 'form-input', type: 'date', id: 'lesson-date', value: remembered('date', todayIso()) });
  const inst = h('select', { class: 'form-select', id: 'lesson-inst' },
    insts.map((i) => h('option', { value: i.id }, i.name)));
  inst.value = remembered('inst', String(insts[0] ? insts[0].id : ''));
  if (!inst.value && insts[0]) inst.value = String(insts[0].id);
  const out = h('div', { id: 'lesson-list' });
  // A teacher (a staff user linked to a staff person of the schedule) sees
  // their own lessons first; unticking shows every lesson of the
  // institution, e.g. to register for a colleague as a substitute.
  const linked = state.user.role === 'staff' && state.user.person;
  const mine = h('input', { type: 'checkbox', class: 'form-checkbox', id: 'lesson-mine' });
  mine.checked = linked && remembered('mine', '1') === '1';
  m.append(h('h1', {}, t('teacher.title')),
    h('div', { class: 'app-row' }, field(t('teacher.school'), inst), field(t('teacher.date'), date)),
    linked ? h('div', { class: 'form-group' }, h('div', { class: 'form-group-checkbox' }, mine, h('label', { for: 'lesson-mine' }, t('teacher.onlyMine')))) : null,
    out);
  const load = async () => {
    remember('date', date.value);
    remember('inst', inst.value);
    if (linked) remember('mine', mine.checked ? '1' : '0');
    clear(out);
    if (!inst.value || !date.value) return;
    try {
      const r = await get(`/institutions/${inst.value}/lessons?from=${date.value}&to=${date.value}${mine.checked ? '&mine=true' : ''}`);
      if (!r.lessons.length) { out.append(alert('info', mine.checked ? t('teacher.noneMine') : t('teacher.none'))); return; }
      out.append(table(`${fmtDate(date.value)} – ${inst.selectedOptions[0].textContent}${mine.checked ? ` – ${t('teacher.mineCaption')}` : ''}`,
        [t('teacher.time'), t('teacher.lesson'), t('teacher.subject'), ''],
        r.lessons.map((l) => h('tr', { dataset: { lesson: l.id, mine: l.mine ? '1' : '0' } },
          h('td', {}, `${fmtTime(l.starts_at)}–${fmtTime(l.ends_at)}`),
          h('td', {}, l.title, l.mine && !mine.checked ? h('span', { class: 'app-muted' }, ` (${t('teacher.yours')})`) : null),
          h('td', {}, l.subject || ''),
          h('td', {}, h('a', { href: `#/laerer/lektion/${l.id}`, class: 'lesson-link', 'aria-label': t('teacher.registerFor', `${l.title} ${fmtTime(l.starts_at)}`) }, t('teacher.register'))))),
        { id: 'lessons' }));
      announce(`${r.lessons.length}`);
    } catch (e) { showError(out, e); }
  };
  date.addEventListener('change', load);
  inst.addEventListener('change', load);
  mine.addEventListener('change', load);
  await load();
}

export async function lesson(m, [id]) {
  const l = await get(`/lessons/${id}`);
  const back = h('p', {}, h('a', { href: '#/laerer', class: 'back-link' }, t('lesson.back')));
  const result = h('div', { id: 'att-result' });
  m.append(back, h('h1', {}, t('lesson.title', l.title, `${fmtDate(l.starts_at)} ${fmtTime(l.starts_at)}–${fmtTime(l.ends_at)}`)),
    h('p', {}, `${t('lesson.groups')}: ${l.groups.map((g) => g.name).join(', ')}. `,
      l.staff.length ? `${t('lesson.teachers')}: ${l.staff.map((s) => `${s.given_name} ${s.family_name}`).join(', ')}. ` : '',
      t('lesson.minutes', l.minutes)),
    result);
  if (!l.pupils.length) { m.append(alert('info', t('lesson.noPupils'))); return; }
  const rows = l.pupils.map((p) => row(p, l.minutes));
  const count = h('p', { id: 'absent-count', 'aria-live': 'polite' });
  const recount = () => { count.textContent = t('lesson.absentOf', rows.filter((r) => r.absent.checked).length, rows.length); };
  rows.forEach((r) => r.absent.addEventListener('change', recount));
  recount();
  const form = h('form', { id: 'att-form', novalidate: true },
    h('p', { class: 'form-hint' }, t('lesson.help')),
    table(null, [t('lesson.pupil'), t('lesson.absent'), t('lesson.absentMinutes'), t('lesson.lawful'), t('lesson.reason')],
      rows.map((r) => r.tr), { class: 'table table--compact app-att', id: 'att-table' }),
    count,
    h('button', { class: 'button button-primary', type: 'submit', id: 'att-save' }, t('lesson.save')));
  // Enter anywhere in the form saves (also on a checkbox), so a whole lesson
  // takes a few keystrokes: Tab to the absent, Space, Enter.
  form.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && ev.target.tagName === 'INPUT') { ev.preventDefault(); form.requestSubmit(); }
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(result);
    const registrations = rows.map((r) => r.value());
    try {
      const res = await post(`/lessons/${id}/attendance`, { registrations });
      const absent = registrations.filter((x) => !x.present).length;
      const names = Object.fromEntries(l.pupils.map((p) => [p.person, `${p.given_name} ${p.family_name}`]));
      result.append(alert('success', t('lesson.saved', res.registered, absent, fmtStamp(res.registered_at)),
        (res.adjusted || []).length ? h('ul', {}, res.adjusted.map((a) => h('li', {},
          t('lesson.adjusted', names[a.person] || a.person, a.absent_minutes_given, a.absent_minutes), ' ', ruleNote(a.rule)))) : null,
        (res.rules || []).length ? h('p', {}, `${t('lesson.rulesApplied')}: `, res.rules.map((x, i) => [i ? '; ' : '', ruleNote(x)])) : null));
      for (const a of res.adjusted || []) {
        const r = rows.find((x) => x.person === a.person);
        if (r) r.minutes.value = a.absent_minutes;
      }
      announce(t('lesson.saved', res.registered, absent, ''));
      result.querySelector('.alert').scrollIntoView({ block: 'nearest' });
    } catch (e) { showError(result, e); }
  });
  m.append(form);
  const first = rows[0].absent;
  first.focus();
}

function row(p, lessonMinutes) {
  const name = `${p.given_name} ${p.family_name}`;
  const absent = h('input', { type: 'checkbox', class: 'form-checkbox-native att-absent', 'aria-label': t('lesson.absentLabel', name) });
  const minutes = h('input', { type: 'number', class: 'form-input att-minutes', min: 1, max: lessonMinutes, step: 1, 'aria-label': t('lesson.minutesLabel', name) });
  const lawful = h('input', { type: 'checkbox', class: 'form-checkbox-native att-lawful', 'aria-label': t('lesson.lawfulLabel', name) });
  const reason = h('input', { type: 'text', class: 'form-input att-reason', maxlength: 200, 'aria-label': t('lesson.reasonLabel', name) });
  const wasAbsent = p.present === false;
  absent.checked = wasAbsent;
  minutes.value = wasAbsent ? p.absent_minutes : lessonMinutes;
  lawful.checked = wasAbsent && p.lawful === true;
  reason.value = p.reason || '';
  const tr = h('tr', { dataset: { person: p.person } },
    h('td', {}, h('a', { href: `#/person/${p.person}` }, name),
      p.registered_at ? h('div', { class: 'form-hint' }, t('lesson.registeredAt', fmtStamp(p.registered_at))) : null),
    h('td', {}, absent), h('td', {}, minutes), h('td', {}, lawful), h('td', {}, reason));
  const sync = () => {
    const on = absent.checked;
    minutes.disabled = !on;
    lawful.disabled = !on;
    reason.disabled = !on;
    tr.classList.toggle('absent', on);
  };
  absent.addEventListener('change', sync);
  sync();
  return {
    person: p.person, tr, absent, minutes,
    value() {
      if (!absent.checked) return { person: p.person, present: true };
      const v = { person: p.person, present: false, absent_minutes: Number(minutes.value), lawful: lawful.checked };
      if (reason.value.trim()) v.reason = reason.value.trim();
      return v;
    },
  };
}
