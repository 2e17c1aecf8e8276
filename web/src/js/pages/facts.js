// pages/facts.js - the facts of a pupil's case that the rules read, recorded
// through the server's API (docs/server.md): participation events (VBK § 36,
// POST persons/{id}/events). The server checks every field; an error it
// names (422 `field`) is shown beside that field.
import { h, alert, field, table, announce, clear, clearFieldErrors, markFieldError } from '../dom.js';
import { post } from '../api.js';
import { t, fmtDate } from '../i18n.js';
import { ruleNote } from '../law.js';
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
