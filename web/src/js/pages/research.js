// pages/research.js - the statistician's view of the pseudonymised research
// register (`ungdb serve --register DIR`, src/server/api_register.c): the
// register's validation counts per delivery as a chart over the weekly
// deliveries (where sudden jumps show), hours against the norm (hours.csv
// and the register's own chart hours.svg), and the tables to download.
import { h, alert, table } from '../dom.js';
import { get } from '../api.js';
import { t } from '../i18n.js';
import { barChart } from '../chart.js';

const fileHref = (name) => `/api/v1/register/file?name=${encodeURIComponent(name)}`;

export async function page(m) {
  m.append(h('h1', {}, t('reg.title')));
  let index;
  try { index = await get('/register'); } catch (e) {
    if (e.status === 404) { m.append(alert('info', t('reg.none'))); return; }
    throw e;
  }
  m.append(h('p', {}, t('reg.intro')));
  const names = new Set(index.files.map((f) => f.name));
  if (names.has('validation.csv')) await validation(m);
  if (names.has('hours.csv')) await hours(m, names.has('hours.svg'));
  m.append(h('h2', {}, t('reg.download')), table(null, [t('reg.file'), t('reg.size')],
    index.files.map((f) => h('tr', {},
      h('td', {}, h('a', { href: fileHref(f.name), download: f.name, class: 'reg-file' }, f.name)),
      h('td', {}, `${(f.bytes / 1024).toLocaleString(undefined, { maximumFractionDigits: 1 })} KiB`))), { id: 'reg-files' }));
}

// Counts per delivery (summed over institutions), one series per check code.
async function validation(m) {
  const r = await get('/register/validation');
  const rows = r.counts.filter((x) => x.delivery);
  const deliveries = [...new Set(rows.map((x) => x.delivery))].sort();
  const codes = [...new Set(rows.map((x) => x.code))].sort();
  const sum = new Map();
  for (const x of rows) sum.set(`${x.delivery}\t${x.code}`, (sum.get(`${x.delivery}\t${x.code}`) || 0) + (x.count || 0));
  m.append(h('h2', {}, t('reg.validation')), h('p', {}, t('reg.validationHelp')));
  if (!deliveries.length) { m.append(alert('info', t('reg.noCounts'))); return; }
  m.append(barChart({
    id: 'validation-chart', type: 'line', stacked: false, label: t('reg.validationChart'), labels: deliveries,
    yTitle: t('reg.count'),
    series: codes.map((c) => ({ label: c, data: deliveries.map((d) => sum.get(`${d}\t${c}`) || 0) })),
  }));
}

// Institutions' percent of the norm in 5 % bins, as the register's own chart.
async function hours(m, svg) {
  const r = await get('/register/hours');
  const inst = r.rows.filter((x) => !x.grade && x.subject === 'total' && x.percent_of_norm !== null);
  m.append(h('h2', {}, t('reg.hours')), h('p', {}, t('reg.hoursHelp')));
  if (svg) m.append(h('img', { src: fileHref('hours.svg'), alt: t('reg.hoursAlt'), class: 'app-svg', id: 'hours-svg' }));
  const bins = new Map();
  for (const x of inst) {
    const b = Math.min(150, Math.floor(x.percent_of_norm / 5) * 5);
    bins.set(b, (bins.get(b) || 0) + 1);
  }
  const labels = [];
  for (let b = 0; b <= 150; b += 5) labels.push(b);
  m.append(barChart({
    id: 'hours-chart', label: t('reg.hoursChart'), labels: labels.map((b) => (b === 150 ? '150+' : `${b}`)),
    yTitle: t('reg.institutions'), series: [{ label: t('reg.institutions'), data: labels.map((b) => bins.get(b) || 0) }],
  }));
  m.append(table(null, [t('rep.institution'), t('reg.pupils'), t('reg.hoursYear'), t('reg.percent'), t('reg.inBand')],
    inst.map((x) => h('tr', {}, h('td', {}, x.institution), h('td', {}, x.pupils), h('td', {}, x.hours_per_pupil_year),
      h('td', {}, x.percent_of_norm), h('td', {}, x.in_band === 'yes' ? t('yes') : t('no')))), { id: 'hours-table' }));
}
