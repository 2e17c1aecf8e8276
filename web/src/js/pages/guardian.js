// pages/guardian.js - a guardian's children while they are under 18 (the
// server decides who: GET me/children), each with their absence over time.
import { h, alert, table } from '../dom.js';
import { get } from '../api.js';
import { t, fmtDate } from '../i18n.js';

export async function page(m) {
  const r = await get('/me/children');
  m.append(h('h1', {}, t('nav.children')), h('p', {}, t('guardian.help')));
  if (!r.children.length) { m.append(alert('info', t('guardian.none'))); return; }
  m.append(table(null, [t('lesson.pupil'), t('case.born'), ''], r.children.map((c) => h('tr', {},
    h('td', {}, `${c.given_name} ${c.family_name}`), h('td', {}, fmtDate(c.birth_date)),
    h('td', {}, h('a', { href: `#/person/${c.id}` }, t('case.absence'))))), { id: 'children' }));
}
