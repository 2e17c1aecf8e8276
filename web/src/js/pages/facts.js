// pages/facts.js - the facts of a pupil's case that the rules read, recorded
// through the server's API (docs/server.md): participation events (VBK § 36,
// POST persons/{id}/events), a pupil spell's interruption (VBK § 32, nr. 3)
// and the pupil's announcement of leaving (VBK § 31, PUT
// persons/{id}/enrolments/{enrolment}), and for the caseworker the duty
// order's employment and activities (GET, PUT persons/{id}/duty-facts). The
// server checks every field; an error it names (422 `field`) is shown beside
// that field.
import { h, alert, field, table, announce, clear, clearFieldErrors, markFieldError } from '../dom.js';
import { api, get, post } from '../api.js';
import { t, fmtDate } from '../i18n.js';
import { ruleNote, lawLink } from '../law.js';
import { state, showError } from '../app.js';
import { todayIso } from './teacher.js';

export const eventKinds = ['missing_hand_in', 'missing_participation', 'conduct', 'other'];

// The pupil spells the user may record at (staff: their own institutions).
function pupilInstitutions(p) {
  const mine = state.user.role === 'staff' ? new Set(state.user.institutions.map((i) => i.id)) : null;
  return (p.enrolments || []).filter((e) => e.role === 'pupil' && (!mine || mine.has(e.institution)));
}

// Shows an API error: beside the field it names when the form has it, and
// as an alert in `where`.
export function formError(where, fields, e) {
  clearFieldErrors(fields);
  clear(where);
  if (e && e.field) markFieldError(fields, e.field, e.message, t('err.title'));
  showError(where, e);
}

// The participation events recorded (GET persons/{id}/cases, `events`).
export function eventTable(events, p) {
  const names = new Map((p.enrolments || []).map((e) => [e.institution, e.institution_name]));
  return table(null, [t('rep.on'), t('event.kind'), t('rep.institution'), t('event.note')],
    events.map((x) => h('tr', { dataset: { event: x.id } },
      h('td', {}, fmtDate(x.date)), h('td', {}, t(`event.kind.${x.kind}`)),
      h('td', {}, names.get(x.institution) || x.institution), h('td', {}, x.note || ''))), { id: 'event-list' });
}

// A participation event (VBK § 36: active participation); counted by the
// criteria's events measures, never a report by itself.
export function eventForm(p, refresh) {
  const inst = h('select', { class: 'form-select', id: 'event-inst' },
    pupilInstitutions(p).map((e) => h('option', { value: e.institution }, e.institution_name)));
  const date = h('input', { class: 'form-input form-input--medium', type: 'date', id: 'event-date', value: todayIso() });
  const kind = h('select', { class: 'form-select', id: 'event-kind' }, eventKinds.map((k) => h('option', { value: k }, t(`event.kind.${k}`))));
  const note = h('textarea', { class: 'form-input', id: 'event-note', rows: 2, maxlength: 4000 });
  const result = h('div', { id: 'event-result' });
  const fields = { institution: inst, date, kind, note };
  const form = h('form', { id: 'event-form', class: 'mb-6', novalidate: true },
    h('h2', {}, t('event.title')), h('p', { class: 'form-hint' }, t('event.help'), ' ', ruleNote('VBK § 36')),
    field(t('rep.institution'), inst), field(t('rep.on'), date), field(t('event.kind'), kind), field(t('event.note'), note),
    result,
    h('button', { class: 'button button-secondary', type: 'submit' }, t('event.save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { institution: Number(inst.value), date: date.value, kind: kind.value };
    if (note.value.trim()) body.note = note.value.trim();
    try {
      const x = await post(`/persons/${p.id}/events`, body);
      clearFieldErrors(fields);
      clear(result);
      const ok = alert('success', t('event.saved', t(`event.kind.${x.kind}`), fmtDate(x.date)));
      result.append(ok);
      announce(ok.textContent);
      note.value = '';
      await refresh();
    } catch (e) { formError(result, fields, e); }
  });
  return form;
}

export const leaveKinds = ['other_education', 'fulltime_job', 'abroad', 'dropout', 'expelled', 'illness', 'other'];

// A pupil spell's interruption (VBK § 32, nr. 3: reported as such) and the
// pupil's announcement of leaving (VBK § 31: a pupil who announced another
// education, a full-time job or going abroad is not reported as at risk):
// PUT persons/{id}/enrolments/{enrolment}, one of each per spell; null
// removes it (a correction).
export function spellForms(p, refresh) {
  const spells = pupilInstitutions(p);
  if (!spells.length) return null;
  const spell = h('select', { class: 'form-select', id: 'spell-enrolment' },
    spells.map((e) => h('option', { value: e.id }, `${e.institution_name} (${t('spell.from', fmtDate(e.start_date))})`)));
  const current = h('div', { id: 'spell-current' });
  const result = h('div', { id: 'spell-result' });
  const chosen = () => spells.find((x) => String(x.id) === spell.value);
  const showCurrent = () => {
    clear(current);
    const e = chosen();
    current.append(h('p', { class: 'mb-2', id: 'spell-interruption' },
      e.interrupted_on ? t('spell.interruptedOn', fmtDate(e.interrupted_on), t(`leave.${e.interruption_reason}`)) : t('spell.noInterruption')),
    h('p', { class: 'mb-4', id: 'spell-announcement' },
      e.announced_on ? t('spell.announcedOn', fmtDate(e.announced_on), t(`leave.${e.announced_kind}`)) : t('spell.noAnnouncement')));
  };
  spell.addEventListener('change', () => { clear(result); showCurrent(); });
  const reasonSelect = (id) => h('select', { class: 'form-select', id }, leaveKinds.map((k) => h('option', { value: k }, t(`leave.${k}`))));
  const iDate = h('input', { class: 'form-input form-input--medium', type: 'date', id: 'interruption-date', value: todayIso() });
  const iReason = reasonSelect('interruption-reason');
  const iNote = h('textarea', { class: 'form-input', id: 'interruption-note', rows: 2, maxlength: 1000 });
  const aDate = h('input', { class: 'form-input form-input--medium', type: 'date', id: 'announcement-date', value: todayIso() });
  const aKind = reasonSelect('announcement-kind');
  const fields = { 'interruption.date': iDate, 'interruption.reason': iReason, 'interruption.note': iNote, interruption: iDate,
    'announcement.date': aDate, 'announcement.kind': aKind, announcement: aDate };
  const send = async (body, saved) => {
    try {
      const x = await api('PUT', `/persons/${p.id}/enrolments/${spell.value}`, body);
      clearFieldErrors(fields);
      clear(result);
      Object.assign(chosen(), {
        interrupted_on: x.interruption ? x.interruption.date : null, interruption_reason: x.interruption ? x.interruption.reason : null,
        announced_on: x.announcement ? x.announcement.date : null, announced_kind: x.announcement ? x.announcement.kind : null });
      showCurrent();
      const ok = alert('success', t(saved));
      result.append(ok);
      announce(ok.textContent);
      await refresh();
    } catch (e) { formError(result, fields, e); }
  };
  const iForm = h('form', { id: 'interruption-form', class: 'mb-5', novalidate: true },
    h('h3', {}, t('spell.interruption')),
    h('p', { class: 'form-hint' }, t('spell.interruptionHelp'), ' ', ruleNote('VBK § 32, nr. 3')),
    field(t('spell.interruptionDate'), iDate), field(t('spell.reason'), iReason), field(t('event.note'), iNote),
    h('button', { class: 'button button-secondary', type: 'submit' }, t('spell.saveInterruption')), ' ',
    h('button', { class: 'button button-tertiary', type: 'button', id: 'interruption-remove',
      onclick: () => send({ interruption: null }, 'spell.interruptionRemoved') }, t('spell.removeInterruption')));
  iForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const it = { date: iDate.value, reason: iReason.value };
    if (iNote.value.trim()) it.note = iNote.value.trim();
    return send({ interruption: it }, 'spell.interruptionSaved');
  });
  const aForm = h('form', { id: 'announcement-form', class: 'mb-5', novalidate: true },
    h('h3', {}, t('spell.announcement')),
    h('p', { class: 'form-hint' }, t('spell.announcementHelp'), ' ', ruleNote('VBK § 31')),
    field(t('spell.announcementDate'), aDate), field(t('spell.reason'), aKind),
    h('button', { class: 'button button-secondary', type: 'submit' }, t('spell.saveAnnouncement')), ' ',
    h('button', { class: 'button button-tertiary', type: 'button', id: 'announcement-remove',
      onclick: () => send({ announcement: null }, 'spell.announcementRemoved') }, t('spell.removeAnnouncement')));
  aForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    return send({ announcement: { date: aDate.value, kind: aKind.value } }, 'spell.announcementSaved');
  });
  showCurrent();
  return h('section', { id: 'spell-box', class: 'mb-6' }, h('h2', {}, t('spell.title')),
    field(t('spell.enrolment'), spell), current, result, iForm, aForm);
}

// The duty order (bekendtgørelse om pligt til uddannelse, beskæftigelse
// eller anden aktivitet): paid work of at least 20 hours a week (§ 4) and
// the activities of §§ 5-6 meet the 15-17 duty. GET and PUT
// persons/{id}/duty-facts (caseworker); the PUT replaces both lists, so the
// page sends the lists it shows with the one added or without the one removed.
const DUTY = 'bekendtgørelse om pligt til uddannelse, beskæftigelse eller anden aktivitet';
export const activityKinds = [['labour_market_offer', '§ 5, nr. 1'], ['pre_practice', '§ 5, nr. 2'], ['trainee', '§ 5, nr. 2'],
  ['integration_80_20', '§ 5, nr. 3'], ['au_pair_abroad', '§ 6, stk. 1'], ['placed_outside_home', '§ 6, stk. 1'],
  ['alternative_course', '§ 6, stk. 2-3'], ['voluntary_work', '§ 6, stk. 2-3']];
const paragraphOf = new Map(activityKinds);
const tri = (v) => (v === true ? t('yes') : v === false ? t('no') : '–');
const triSelect = (id) => h('select', { class: 'form-select', id },
  h('option', { value: '' }, t('duty.unknown')), h('option', { value: 'true' }, t('yes')), h('option', { value: 'false' }, t('no')));
const triValue = (sel) => (sel.value === '' ? undefined : sel.value === 'true');

export async function dutyFacts(p) {
  const box = h('section', { id: 'duty-facts', class: 'mb-6' });
  const facts = await get(`/persons/${p.id}/duty-facts`);
  const lists = { employment: facts.employment || [], activities: facts.activities || [] };
  const shown = h('div', {});
  const result = h('div', { id: 'duty-result' });
  // the employment form
  const eFrom = h('input', { class: 'form-input form-input--medium', type: 'date', id: 'employment-from' });
  const eTo = h('input', { class: 'form-input form-input--medium', type: 'date', id: 'employment-to' });
  const eHours = h('input', { class: 'form-input form-input--xsmall', type: 'number', min: 0, max: 168, step: 'any', inputmode: 'decimal', id: 'employment-hours' });
  const ePaid = triSelect('employment-paid');
  const eKind = h('select', { class: 'form-select', id: 'employment-kind' }, h('option', { value: '' }, t('duty.unknown')),
    ['ordinary', 'training_position'].map((k) => h('option', { value: k }, t(`employment.kind.${k}`))));
  // the activity form
  const aKind = h('select', { class: 'form-select', id: 'activity-kind' },
    activityKinds.map(([k, par]) => h('option', { value: k }, `${t(`activity.kind.${k}`)} (${par})`)));
  const aFrom = h('input', { class: 'form-input form-input--medium', type: 'date', id: 'activity-from' });
  const aTo = h('input', { class: 'form-input form-input--medium', type: 'date', id: 'activity-to' });
  const aPlan = triSelect('activity-in-plan');
  const fields = { 'employment.from': eFrom, 'employment.to': eTo, 'employment.hours_per_week': eHours, 'employment.paid': ePaid,
    'employment.kind': eKind, employment: eFrom, 'activities.kind': aKind, 'activities.from': aFrom, 'activities.to': aTo,
    'activities.in_plan': aPlan, activities: aKind };
  const save = async (next, saved) => {
    try {
      const x = await api('PUT', `/persons/${p.id}/duty-facts`, next);
      clearFieldErrors(fields);
      clear(result);
      lists.employment = x.employment || [];
      lists.activities = x.activities || [];
      show();
      const ok = alert('success', t(saved));
      result.append(ok);
      announce(ok.textContent);
      return true;
    } catch (e) { formError(result, fields, e); return false; }
  };
  const without = (key, i) => ({ ...lists, [key]: lists[key].filter((_, j) => j !== i) });
  const removeButton = (key, i) => h('button', { type: 'button', class: 'button button-tertiary', 'aria-label': `${t('duty.remove')}: ${t(key === 'employment' ? 'duty.employment' : 'duty.activities')} ${t('duty.from').toLowerCase()} ${fmtDate(lists[key][i].from)}`, onclick: () => save(without(key, i), 'duty.removed') }, t('duty.remove'));
  const show = () => {
    clear(shown);
    shown.append(h('h3', {}, t('duty.employment')),
      lists.employment.length ? table(null, [t('duty.from'), t('duty.to'), t('duty.hours'), t('duty.paid'), t('duty.kind'), h('span', { class: 'sr-only' }, t('duty.remove'))],
        lists.employment.map((x, i) => h('tr', {}, h('td', {}, fmtDate(x.from)), h('td', {}, x.to ? fmtDate(x.to) : '–'), h('td', {}, x.hours_per_week),
          h('td', {}, tri(x.paid)), h('td', {}, x.kind ? t(`employment.kind.${x.kind}`) : '–'), h('td', {}, removeButton('employment', i)))), { id: 'employment-list' })
        : h('p', { id: 'employment-none' }, t('duty.noEmployment')),
      h('h3', {}, t('duty.activities')),
      lists.activities.length ? table(null, [t('duty.kind'), t('rule.paragraph'), t('duty.from'), t('duty.to'), t('duty.inPlan'), h('span', { class: 'sr-only' }, t('duty.remove'))],
        lists.activities.map((x, i) => h('tr', {}, h('td', {}, t(`activity.kind.${x.kind}`)), h('td', {}, lawLink(`${DUTY} ${paragraphOf.get(x.kind) || ''}`)),
          h('td', {}, fmtDate(x.from)), h('td', {}, x.to ? fmtDate(x.to) : '–'), h('td', {}, tri(x.in_plan)), h('td', {}, removeButton('activities', i)))), { id: 'activity-list' })
        : h('p', { id: 'activity-none' }, t('duty.noActivities')));
  };
  const eForm = h('form', { id: 'employment-form', class: 'mb-5', novalidate: true },
    h('h3', {}, t('duty.addEmployment')), h('p', { class: 'form-hint' }, t('duty.employmentHelp'), ' ', lawLink(`${DUTY} § 4`)),
    field(t('duty.from'), eFrom), field(t('duty.to'), eTo, t('duty.toHint')), field(t('duty.hours'), eHours), field(t('duty.paid'), ePaid), field(t('duty.kind'), eKind),
    h('button', { class: 'button button-secondary', type: 'submit' }, t('duty.addEmployment')));
  eForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const x = { from: eFrom.value || null, hours_per_week: eHours.value === '' ? null : Number(eHours.value) };
    if (eTo.value) x.to = eTo.value;
    if (triValue(ePaid) !== undefined) x.paid = triValue(ePaid);
    if (eKind.value) x.kind = eKind.value;
    if (await save({ ...lists, employment: [...lists.employment, x] }, 'duty.saved')) eForm.reset();
  });
  const aForm = h('form', { id: 'activity-form', class: 'mb-5', novalidate: true },
    h('h3', {}, t('duty.addActivity')), h('p', { class: 'form-hint' }, t('duty.activityHelp'), ' ', lawLink(`${DUTY} §§ 5-6`)),
    field(t('duty.kind'), aKind), field(t('duty.from'), aFrom), field(t('duty.to'), aTo, t('duty.toHint')), field(t('duty.inPlan'), aPlan, t('duty.inPlanHint')),
    h('button', { class: 'button button-secondary', type: 'submit' }, t('duty.addActivity')));
  aForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const x = { kind: aKind.value, from: aFrom.value || null };
    if (aTo.value) x.to = aTo.value;
    if (triValue(aPlan) !== undefined) x.in_plan = triValue(aPlan);
    if (await save({ ...lists, activities: [...lists.activities, x] }, 'duty.saved')) aForm.reset();
  });
  show();
  box.append(h('h2', {}, t('duty.title')), h('p', { class: 'form-hint' }, t('duty.help')), shown, result, eForm, aForm);
  return box;
}
