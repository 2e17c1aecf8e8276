// pages/pupil.js - the pupil's own attendance, and a comment on any
// registration (POST /persons/{me}/attendance/{lesson}/comments; the
// server names the rule: FGU order § 18).
import { h, clear, alert, field, announce } from '../dom.js';
import { get, post } from '../api.js';
import { t, fmtDate, fmtTime } from '../i18n.js';
import { ruleNote } from '../law.js';
import { state, showError } from '../app.js';
import { attendanceTable, weekly } from './person.js';
import { barChart } from '../chart.js';

// The FGU competence certificate as PDF (GET persons/{id}/documents/fgu-certificate).
export function certificateLinks(p) {
  const fgu = (p.enrolments || []).filter((e) => e.kind === 'fgu' && e.role === 'pupil');
  if (!fgu.length) return null;
  return h('div', { class: 'app-actions' }, fgu.map((e) => h('a', {
    class: 'function-link cert-link', href: `/api/v1/persons/${p.id}/documents/fgu-certificate?institution=${e.institution}`, target: '_blank', rel: 'noopener',
  }, t('doc.fguCert', e.institution_name))));
}

const reasons = ['illness', 'other_lawful', 'civic_duty', 'student_democracy', 'other'];

export async function own(m) {
  const me = state.user.person;
  const a = await get(`/persons/${me}/attendance`);
  const p = await get(`/persons/${me}`);
  const msg = h('div', { id: 'comment-result' });
  m.append(h('h1', {}, t('pupil.title')), certificateLinks(p),
    h('p', { id: 'att-totals' }, t('person.totals', a.totals.registrations, a.totals.absent_minutes, a.totals.unlawful_absent_minutes)), msg);
  if (!a.registrations.length) { m.append(alert('info', t('person.none'))); return; }
  const w = weekly(a.registrations);
  m.append(barChart({
    id: 'absence-chart', label: t('person.chartLabel'), labels: w.labels,
    series: [{ label: t('person.unlawful'), data: w.unlawful, color: '#b51d09' }, { label: t('person.lawful'), data: w.lawful, color: '#0059b3' }],
  }));
  const formBox = h('div', { id: 'comment-box' });
  const open = (r, btn) => {
    clear(formBox);
    const what = `${r.title} ${fmtDate(r.starts_at)} ${fmtTime(r.starts_at)}`;
    const text = h('textarea', { class: 'form-input', id: 'comment-text', rows: 3, maxlength: 2000, required: true });
    const reason = h('select', { class: 'form-select', id: 'comment-reason' },
      h('option', { value: '' }, t('reason.none')), reasons.map((x) => h('option', { value: x }, t(`reason.${x}`))));
    const form = h('form', { id: 'comment-form' },
      h('h2', {}, t('pupil.commentOn', what)),
      field(t('pupil.commentText'), text), field(t('pupil.commentReason'), reason),
      h('button', { class: 'button button-primary', type: 'submit' }, t('pupil.send')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clear(msg);
      const body = { comment: text.value.trim() };
      if (reason.value) body.reason = reason.value;
      try {
        const res = await post(`/persons/${me}/attendance/${r.lesson}/comments`, body);
        (r.comments = r.comments || []).push(res);
        const cell = m.querySelector(`tr[data-lesson="${r.lesson}"] .att-comments`);
        cell.append(h('div', {}, res.comment, res.reason ? ` (${t(`reason.${res.reason}`)})` : ''));
        msg.append(alert('success', t('pupil.sent'), h('p', {}, ruleNote(res.rule))));
        clear(formBox);
        announce(t('pupil.sent'));
        btn.focus();
      } catch (e) { showError(msg, e); }
    });
    formBox.append(form);
    text.focus();
  };
  m.append(h('h2', {}, t('person.registrations')),
    attendanceTable(a.registrations, (r) => {
      const btn = h('button', { type: 'button', class: 'button button-secondary comment-btn' }, t('pupil.comment'));
      btn.addEventListener('click', () => open(r, btn));
      return btn;
    }), formBox);
}
