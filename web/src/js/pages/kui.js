// pages/kui.js - the municipal caseworker (KUI): the inbox of reports about
// the municipality's residents (GET municipality/reports), and from there a
// resident's case with the municipality's own risk report (pages/school.js,
// casePage). Duty cases and STU plans appear here when the server has them.
import { h, alert, clear, table } from '../dom.js';
import { get } from '../api.js';
import { t, fmtDate } from '../i18n.js';
import { finding, lawLink } from '../law.js';
import { state, showError } from '../app.js';
import { exportLinks } from './person.js';
import { reportTable, names } from './school.js';

const tabs = [['indbakke', 'kui.tab.inbox'], ['frister', 'kui.tab.duty'], ['stu', 'kui.tab.stu']];

export async function page(m, [tab]) {
  tab = tab || 'indbakke';
  const out = h('div', { id: 'kui-out' });
  m.append(h('h1', {}, t('kui.title', state.user.municipality || '')),
    h('nav', { class: 'app-actions', 'aria-label': t('kui.title', '') }, tabs.map(([k, key]) =>
      h('a', { href: `#/kommune/${k}`, 'aria-current': k === tab ? 'page' : null, class: k === tab ? 'app-tab-current' : null }, t(key)))),
    out);
  try {
    if (tab === 'indbakke') await inbox(out);
    else if (tab === 'frister') await duty(out);
    else if (tab === 'stu') await stu(out);
  } catch (e) { clear(out); showError(out, e); }
}

async function inbox(out) {
  const r = await get('/municipality/reports');
  out.append(h('h2', {}, t('kui.tab.inbox')), h('p', {}, t('kui.inboxHelp')), exportLinks('/municipality/reports'));
  if (!r.reports.length) { out.append(alert('info', t('school.noReports'))); return; }
  out.append(reportTable(r.reports, 'inbox-list'));
}

// The 15-17 duty cases sorted by the next deadline, with days left and the
// paragraph behind each deadline (GET municipality/duty; the rules are the
// engine's: bekendtgørelse om pligt til uddannelse, beskæftigelse eller
// anden aktivitet).
async function duty(out) {
  const r = await get('/municipality/duty');
  const who = await names(r.cases.map((c) => c.person));
  out.append(h('h2', {}, t('kui.tab.duty')), h('p', {}, t('kui.dutyHelp', fmtDate(r.date))), exportLinks('/municipality/duty'));
  if (!r.cases.length) { out.append(alert('info', t('kui.noCases'))); return; }
  out.append(table(null, [t('lesson.pupil'), t('kui.age'), t('task.due'), t('kui.daysLeft'), t('rule.paragraph'), t('kui.findings')],
    r.cases.map((c) => h('tr', { dataset: { person: c.person } },
      h('td', {}, h('a', { href: `#/sag/${c.person}` }, who.get(c.person))),
      h('td', {}, c.age),
      h('td', {}, c.deadline ? fmtDate(c.deadline) : '–'),
      h('td', { class: c.days_left !== null && c.days_left < 0 ? 'app-overdue' : null }, c.days_left === null ? '–' : c.days_left < 0 ? t('kui.overdueBy', -c.days_left) : t('kui.days', c.days_left)),
      h('td', { class: 'deadline-ref' }, c.deadline_reference ? lawLink(c.deadline_reference) : ''),
      h('td', {}, details(c.findings)))), { id: 'duty-list' }));
}

function details(findings) {
  const shown = (findings || []).filter((f) => f.status !== 'not_applicable');
  if (!shown.length) return '';
  return h('details', { class: 'details' }, h('summary', { class: 'details-summary' }, h('span', { class: 'details-summary-text' }, t('kui.nFindings', shown.length))),
    h('div', { class: 'details-text' }, shown.map(finding)));
}

// STU cases with the engine's findings: hours, plans, the 5-year limit
// (GET municipality/stu; lov om ungdomsuddannelse for unge med særlige behov).
async function stu(out) {
  const r = await get('/municipality/stu');
  const who = await names(r.cases.map((c) => c.person));
  out.append(h('h2', {}, t('kui.tab.stu')), h('p', {}, t('kui.stuHelp')), exportLinks('/municipality/stu'));
  if (!r.cases.length) { out.append(alert('info', t('kui.noCases'))); return; }
  for (const c of r.cases) {
    const s = c.stu || {};
    const years = s.years || [];
    const hours = years.reduce((a, y) => a + (y.teaching_hours || 0), 0);
    out.append(h('section', { class: 'mb-6 stu-case', dataset: { person: c.person } },
      h('h3', {}, h('a', { href: `#/sag/${c.person}` }, who.get(c.person)), ` (${c.age} ${t('kui.years')})`),
      h('p', {}, `${t('stu.start')}: ${s.start ? fmtDate(s.start) : '–'}. ${t('stu.plans')}: ${(s.plans || []).map((p) => `${t(`stu.plan.${p.kind}`)} ${fmtDate(p.date)}`).join(', ') || '–'}.`),
      years.length ? table(null, [t('stu.period'), t('stu.hours'), t('stu.days')], years.map((y) => h('tr', {},
        h('td', {}, `${fmtDate(y.from)}–${fmtDate(y.to)}`), h('td', {}, y.teaching_hours ?? ''), h('td', {}, y.practical_days ?? ''))), { class: 'table table--compact' }) : null,
      h('p', {}, t('stu.total', hours), ' ',
        h('a', { class: 'function-link stu-paper', href: `/api/v1/persons/${c.person}/documents/stu-competence-paper`, target: '_blank', rel: 'noopener' }, t('doc.stuPaper'))),
      c.deadline ? h('p', {}, t('kui.next', fmtDate(c.deadline), c.days_left), ' ', c.deadline_reference ? lawLink(c.deadline_reference) : '') : null,
      (c.findings || []).filter((f) => f.status !== 'not_applicable').map(finding)));
  }
}
