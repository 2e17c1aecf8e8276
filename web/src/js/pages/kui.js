// pages/kui.js - the municipal caseworker (KUI): the inbox of reports about
// the municipality's residents (GET municipality/reports), and from there a
// resident's case with the municipality's own risk report (pages/school.js,
// casePage). Duty cases and STU plans appear here when the server has them.
import { h, alert, clear } from '../dom.js';
import { get } from '../api.js';
import { t } from '../i18n.js';
import { state, showError } from '../app.js';
import { exportLinks } from './person.js';
import { reportTable } from './school.js';

const tabs = [['indbakke', 'kui.tab.inbox']];

export async function page(m, [tab]) {
  tab = tab || 'indbakke';
  const out = h('div', { id: 'kui-out' });
  m.append(h('h1', {}, t('kui.title', state.user.municipality || '')),
    h('nav', { class: 'app-actions', 'aria-label': t('kui.title', '') }, tabs.map(([k, key]) =>
      h('a', { href: `#/kommune/${k}`, 'aria-current': k === tab ? 'page' : null, class: k === tab ? 'app-tab-current' : null }, t(key)))),
    out);
  try {
    if (tab === 'indbakke') await inbox(out);
  } catch (e) { clear(out); showError(out, e); }
}

async function inbox(out) {
  const r = await get('/municipality/reports');
  out.append(h('h2', {}, t('kui.tab.inbox')), h('p', {}, t('kui.inboxHelp')), exportLinks('/municipality/reports'));
  if (!r.reports.length) { out.append(alert('info', t('school.noReports'))); return; }
  out.append(reportTable(r.reports, 'inbox-list'));
}
