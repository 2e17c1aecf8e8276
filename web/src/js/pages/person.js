// pages/person.js - a pupil's absence over time, for staff, caseworkers and
// administrators in scope (GET /persons/{id}, /persons/{id}/attendance):
// minutes absent per ISO week, lawful and unlawful, and every registration.
import { h, table, alert } from '../dom.js';
import { get, exportHref } from '../api.js';
import { t, fmtDate, fmtTime, isoWeek } from '../i18n.js';
import { barChart } from '../chart.js';

export function weekly(regs) {
  const weeks = new Map();
  for (const r of regs) {
    const w = isoWeek(r.starts_at);
    if (!weeks.has(w)) weeks.set(w, { lawful: 0, unlawful: 0 });
    const x = weeks.get(w);
    if (r.absent_minutes > 0) x[r.lawful ? 'lawful' : 'unlawful'] += r.absent_minutes;
  }
  const labels = [...weeks.keys()].sort();
  return { labels, lawful: labels.map((w) => weeks.get(w).lawful), unlawful: labels.map((w) => weeks.get(w).unlawful) };
}

export function attendanceTable(regs, extra) {
  return table(null, [t('att.when'), t('att.title'), t('att.status'), t('att.minutes'), t('att.lawful'), t('att.reason'), t('att.comments'), ...(extra ? [''] : [])],
    regs.map((r) => h('tr', { dataset: { lesson: r.lesson } },
      h('td', {}, `${fmtDate(r.starts_at)} ${fmtTime(r.starts_at)}`),
      h('td', {}, r.title),
      h('td', {}, r.present ? t('att.present') : t('att.absent')),
      h('td', {}, r.absent_minutes || 0),
      h('td', {}, r.present ? '' : r.lawful ? t('yes') : t('no')),
      h('td', {}, r.reason || ''),
      h('td', { class: 'att-comments' }, (r.comments || []).map((c) => h('div', {}, c.comment, c.reason ? ` (${t(`reason.${c.reason}`)})` : ''))),
      extra ? h('td', {}, extra(r)) : null)),
    { id: 'att-list' });
}

export function exportLinks(path) {
  return h('div', { class: 'app-actions' },
    h('a', { class: 'function-link', href: exportHref(path, 'csv'), download: true }, t('export.csv')),
    h('a', { class: 'function-link', href: exportHref(path, 'xlsx'), download: true }, t('export.xlsx')));
}

export async function absence(m, [id]) {
  const p = await get(`/persons/${id}`);
  const a = await get(`/persons/${id}/attendance`);
  const name = `${p.given_name} ${p.family_name}`;
  m.append(h('h1', {}, t('person.title', name)),
    h('p', { class: 'app-muted' }, (p.enrolments || []).map((e) => `${e.institution_name} (${fmtDate(e.start_date)}–${e.end_date ? fmtDate(e.end_date) : ''})`).join('; ')),
    h('p', { id: 'att-totals' }, t('person.totals', a.totals.registrations, a.totals.absent_minutes, a.totals.unlawful_absent_minutes)));
  if (!a.registrations.length) { m.append(alert('info', t('person.none'))); return; }
  const w = weekly(a.registrations);
  m.append(barChart({
    id: 'absence-chart', label: t('person.chartLabel'), labels: w.labels,
    series: [{ label: t('person.unlawful'), data: w.unlawful, color: '#b51d09' }, { label: t('person.lawful'), data: w.lawful, color: '#0059b3' }],
  }));
  m.append(h('h2', {}, t('person.registrations')), exportLinks(`/persons/${id}/attendance`), attendanceTable(a.registrations));
}
