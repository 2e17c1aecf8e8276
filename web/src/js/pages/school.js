// pages/school.js - the school administrator's follow-up (VBK § 36): the
// institution's pupils and risk candidates, a pupil's case (concrete
// assessment, report to the youth database with the server's in-scope check,
// notices, among them the concern-about-absence notice that forces a report),
// the guardian-notification tasks with their state, the institution's
// reports and the outbox. Every rule shown is the server's answer.
import { h, clear, alert, field, table, announce } from '../dom.js';
import { api, get, post } from '../api.js';
import { t, fmtDate, fmtStamp, getLang } from '../i18n.js';
import { barChart } from '../chart.js';
import { ruleNote, finding, lawLink } from '../law.js';
import { state, showError } from '../app.js';
import { institutions, todayIso } from './teacher.js';
import { exportLinks } from './person.js';
import { certificateLinks } from './pupil.js';
import { eventForm, eventTable, spellForms, dutyFacts } from './facts.js';

const tabs = [['kandidater', 'school.tab.candidates'], ['kriterier', 'school.tab.criteria'], ['elever', 'school.tab.pupils'], ['indberetninger', 'school.tab.reports'], ['opgaver', 'school.tab.tasks'], ['udbakke', 'school.tab.outbox']];

export async function page(m, [tab]) {
  tab = tab || 'kandidater';
  const insts = await institutions();
  const inst = h('select', { class: 'form-select', id: 'school-inst' }, insts.map((i) => h('option', { value: i.id }, i.name)));
  inst.value = sessionStorage.getItem('ungdb.inst') || String(insts[0] ? insts[0].id : '');
  if (!insts.some((i) => String(i.id) === inst.value) && insts[0]) inst.value = String(insts[0].id);
  const out = h('div', { id: 'school-out' });
  m.append(h('h1', {}, t('school.title')),
    h('nav', { class: 'app-actions', 'aria-label': t('school.title') },
      tabs.filter(([k]) => k !== 'udbakke' || state.user.role === 'admin').map(([k, key]) =>
        h('a', { href: `#/skole/${k}`, 'aria-current': k === tab ? 'page' : null, class: k === tab ? 'app-tab-current' : null }, t(key)))),
    tab === 'udbakke' ? null : field(t('teacher.school'), inst), out);
  const load = async () => {
    sessionStorage.setItem('ungdb.inst', inst.value);
    clear(out);
    try {
      if (tab === 'kandidater') await candidates(out, inst.value);
      else if (tab === 'kriterier') await criteria(out, inst.value);
      else if (tab === 'elever') await pupils(out, inst.value);
      else if (tab === 'indberetninger') await reports(out, inst.value);
      else if (tab === 'opgaver') await tasks(out, inst.value);
      else if (tab === 'udbakke') await outbox(out);
    } catch (e) { showError(out, e); }
  };
  inst.addEventListener('change', load);
  await load();
}

// Names for a list of person ids (each read is the server's, in scope).
export async function names(ids) {
  const out = new Map();
  await Promise.all([...new Set(ids)].slice(0, 100).map(async (id) => {
    try { const p = await get(`/persons/${id}`); out.set(id, `${p.given_name} ${p.family_name}`); } catch { out.set(id, `#${id}`); }
  }));
  return out;
}

// Risk candidates from the institution's criteria (GET institutions/{id}/candidates):
// a proposal; a staff member makes the concrete assessment (VBK § 36).
async function candidates(out, inst) {
  let r;
  try { r = await get(`/institutions/${inst}/candidates`); } catch (e) {
    if (e.status === 409 || e.status === 404) { out.append(h('h2', {}, t('school.tab.candidates')), alert('info', t('cand.noCriteria'), h('p', {}, h('a', { href: '#/skole/kriterier' }, t('school.tab.criteria'))))); return; }
    throw e;
  }
  const who = await names([...r.candidates.map((c) => c.person), ...(r.hit_but_not_covered || []).map((c) => c.person)]);
  out.append(h('h2', {}, t('school.tab.candidates')),
    h('p', {}, r.proposal), h('p', { class: 'app-muted' }, t('cand.screened', r.pupils_screened, r.criteria ? `${r.criteria.institution || ''} ${r.criteria.version || ''}` : '')),
    exportLinks(`/institutions/${inst}/candidates`));
  if (!r.candidates.length) out.append(alert('info', t('cand.none')));
  else {
    out.append(table(null, [t('lesson.pupil'), t('cand.reasons'), t('cand.finding')], r.candidates.map((c) => h('tr', { dataset: { person: c.person } },
      h('td', {}, h('a', { href: `#/sag/${c.person}`, class: 'case-link' }, who.get(c.person))),
      h('td', {}, h('ul', { class: 'mb-0' }, c.hits.map((x) => h('li', {}, `${x.label}: ${typeof x.value === 'number' ? x.value.toFixed(1) : x.value} (${t('cand.threshold')} ${x.threshold}, ${t('cand.window', Math.round(x.window_days / 7))})`)))),
      h('td', {}, finding(c.finding)))), { id: 'candidate-list' }));
  }
  if ((r.hit_but_not_covered || []).length) {
    out.append(h('h3', {}, t('cand.notCovered')), h('ul', {}, r.hit_but_not_covered.map((c) => h('li', {},
      h('a', { href: `#/sag/${c.person}` }, who.get(c.person)), c.finding ? finding(c.finding) : null))));
  }
}

// The criteria file (GET/PUT institutions/{id}/criteria), checked by the engine on upload.
async function criteria(out, inst) {
  let cur = null;
  try { cur = await get(`/institutions/${inst}/criteria`); } catch (e) { if (e.status !== 404) throw e; }
  const text = h('textarea', { class: 'form-input app-criteria', id: 'criteria-text', spellcheck: 'false' });
  text.value = cur ? cur.text : '';
  const msg = h('div', { id: 'criteria-result' });
  const form = h('form', { id: 'criteria-form' }, field(t('crit.file'), text, t('crit.help')),
    h('button', { class: 'button button-primary', type: 'submit' }, t('crit.save')));
  const list = h('div', { id: 'criteria-list' });
  const showList = (c) => {
    clear(list);
    if (!c) return;
    list.append(h('h3', {}, t('crit.read', c.version || '', fmtStamp(c.uploaded_at))), table(null, [t('crit.name'), t('crit.label'), t('crit.measure'), t('cand.threshold'), t('crit.window')],
      c.criteria.map((x) => h('tr', {}, h('td', {}, x.name), h('td', {}, x.label), h('td', {}, x.measure), h('td', {}, x.threshold), h('td', {}, t('cand.window', Math.round(x.window_days / 7)))))));
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(msg);
    try {
      const c = await api('PUT', `/institutions/${inst}/criteria`, { text: text.value });
      msg.append(alert('success', t('crit.saved', c.criteria.length)));
      showList(c);
    } catch (e) {
      if (e.line) msg.append(alert('error', t('crit.error', e.line, e.message.replace(/^line \d+: /, ''))));
      else showError(msg, e);
    }
  });
  out.append(h('h2', {}, t('school.tab.criteria')), h('p', {}, t('crit.intro'), ' ', lawLink('vejledningsbekendtgørelsen § 36')),
    msg, form, list, preview(inst, text));
  showList(cur);
}

// The week-by-week preview of the text in the editor, not yet saved
// (POST institutions/{id}/criteria/preview: the engine's rules simulate over
// the institution's registered attendance and notices; counts only).
function preview(inst, text) {
  const to = todayIso();
  const from = new Date(`${to}T12:00:00Z`);
  from.setUTCDate(from.getUTCDate() - 7 * 7);
  const fromIn = h('input', { class: 'form-input', type: 'date', id: 'preview-from', value: from.toISOString().slice(0, 10) });
  const toIn = h('input', { class: 'form-input', type: 'date', id: 'preview-to', value: to });
  const res = h('div', { id: 'criteria-preview', 'aria-live': 'polite' });
  const btn = h('button', { class: 'button button-secondary', type: 'button', id: 'criteria-preview-btn' }, t('crit.previewBtn'));
  btn.addEventListener('click', async () => {
    clear(res);
    btn.disabled = true;
    try {
      const p = await post(`/institutions/${inst}/criteria/preview?lang=${getLang()}`, { text: text.value, from: fromIn.value, to: toIn.value });
      const labels = p.weeks.map((w) => w.week);
      const names = p.criteria.criteria.map((c) => c.name);
      res.append(
        h('p', {}, p.proposal),
        h('p', { class: 'app-muted', id: 'preview-summary' }, t('crit.previewSummary', p.pupils, fmtDate(p.from), fmtDate(p.to), p.criteria.min_hits)),
        (p.notes || []).map((n) => alert('warning', null, n.criterion ? `${n.criterion}: ${n.text}` : n.text)),
        barChart({
          id: 'preview-chart', type: 'bar', stacked: false, integer: true, label: t('crit.previewChart'), labels, yTitle: t('crit.pupils'),
          series: [{ label: t('crit.flagged'), data: p.weeks.map((w) => w.flagged) }, { label: t('crit.newly'), data: p.weeks.map((w) => w.new) }],
        }),
        table(t('crit.previewTable'), [t('crit.week'), t('crit.active'), t('crit.flagged'), t('crit.newly'), t('crit.cumulative'), ...names],
          p.weeks.map((w) => h('tr', { dataset: { week: w.week } },
            h('th', { scope: 'row' }, `${w.week} (${fmtDate(w.monday)})`),
            h('td', { class: 'pv-active' }, w.active), h('td', { class: 'pv-flagged' }, w.flagged), h('td', { class: 'pv-new' }, w.new),
            h('td', {}, w.cumulative), names.map((n) => h('td', {}, w.hits[n])))),
          { id: 'preview-table' }));
      announce(t('crit.previewDone', p.weeks.length));
    } catch (e) {
      if (e.line) res.append(alert('error', t('crit.error', e.line, e.message.replace(/^line \d+: /, ''))));
      else showError(res, e);
    } finally { btn.disabled = false; }
  });
  return h('section', { 'aria-labelledby': 'preview-h' }, h('h3', { id: 'preview-h' }, t('crit.preview')),
    h('p', {}, t('crit.previewHelp')),
    h('div', { class: 'app-row' }, field(t('crit.from'), fromIn), field(t('crit.to'), toIn)), btn, res);
}

// The institution's pupils by main group; each opens the pupil's case.
async function pupils(out, inst) {
  const groups = (await get(`/institutions/${inst}/groups`)).groups.filter((g) => g.type === 'main');
  const sel = h('select', { class: 'form-select', id: 'school-group' }, groups.map((g) => h('option', { value: g.id }, g.name)));
  const list = h('div', {});
  out.append(h('h2', {}, t('school.pupils')), field(t('lesson.groups'), sel), list);
  const show = async () => {
    clear(list);
    const r = await get(`/groups/${sel.value}/members`);
    list.append(table(null, [t('lesson.pupil'), ''], r.members.map((p) => h('tr', {},
      h('td', {}, `${p.given_name} ${p.family_name}`),
      h('td', {}, h('a', { href: `#/sag/${p.person}`, class: 'case-link' }, t('school.openCase')))))));
  };
  sel.addEventListener('change', () => show().catch((e) => showError(list, e)));
  if (groups.length) await show();
}

async function reports(out, inst) {
  const r = await get(`/institutions/${inst}/reports`);
  out.append(h('h2', {}, t('school.tab.reports')), exportLinks(`/institutions/${inst}/reports`));
  if (!r.reports.length) { out.append(alert('info', t('school.noReports'))); return; }
  out.append(reportTable(r.reports));
}

export function reportTable(rows, id = 'report-list') {
  return table(null, [t('rep.on'), t('lesson.pupil'), t('rep.kind'), t('rep.by'), t('rep.institution'), t('rep.contact')],
    rows.map((x) => h('tr', { dataset: { report: x.id } },
      h('td', {}, fmtDate(x.reported_on)),
      h('td', {}, h('a', { href: `#/sag/${x.person}` }, `${x.given_name} ${x.family_name}`)),
      h('td', {}, t(`rep.kind.${x.kind}`)),
      h('td', {}, t(`rep.by.${x.reported_by}`)),
      h('td', {}, x.institution_name || ''),
      h('td', {}, x.contact || ''))), { id });
}

async function tasks(out, inst) {
  const r = await get(`/institutions/${inst}/tasks`);
  out.append(h('h2', {}, t('school.tab.tasks')), exportLinks(`/institutions/${inst}/tasks`));
  if (!r.tasks.length) { out.append(alert('info', t('school.noTasks'))); return; }
  out.append(table(null, [t('task.kind'), t('lesson.pupil'), t('task.due'), t('task.status'), t('rule.paragraph'), ''],
    r.tasks.map((x) => h('tr', { dataset: { task: x.id } },
      h('td', {}, t(`task.kind.${x.kind}`)),
      h('td', {}, h('a', { href: `#/sag/${x.person}` }, `${x.given_name} ${x.family_name}`)),
      h('td', {}, fmtDate(x.due_on)),
      h('td', {}, h('span', { class: `badge badge-${x.status === 'done' ? 'success' : 'warning'}` }, t(`task.status.${x.status}`))),
      h('td', {}, ruleNote(x.legal_basis)),
      h('td', {}, x.status === 'open' ? h('button', { type: 'button', class: 'button button-secondary task-done', onclick: async (ev) => {
        try {
          const d = await post(`/tasks/${x.id}/done`, { done_on: todayIso() });
          ev.target.replaceWith(h('span', {}, t('task.doneOn', fmtDate(d.done_on))));
          announce(t('task.doneOn', fmtDate(d.done_on)));
        } catch (e) { showError(out, e); }
      } }, t('task.markDone')) : x.done_on ? t('task.doneOn', fmtDate(x.done_on)) : ''))), { id: 'task-list' }));
}

// The integration's outbox (administrators): the JSON the youth database collects.
async function outbox(out) {
  const r = await get('/integration/outbox');
  out.append(h('h2', {}, t('school.tab.outbox')), h('p', {}, t('outbox.help')), exportLinks('/integration/outbox'));
  if (!r.items.length) { out.append(alert('info', t('outbox.empty'))); return; }
  out.append(table(null, ['#', t('rep.kind'), t('rep.on'), t('rep.by'), t('outbox.forced'), t('rule.paragraph')],
    r.items.map((x) => h('tr', {},
      h('td', {}, x.id),
      h('td', {}, x.payload ? x.payload.type : ''),
      h('td', {}, x.payload ? fmtDate(x.payload.reported_on) : ''),
      h('td', {}, x.payload ? t(`rep.by.${x.payload.reported_by}`) : ''),
      h('td', {}, x.payload && x.payload.forced_by_concern_notice ? t('yes') : t('no')),
      h('td', {}, x.payload ? lawLink(x.payload.legal_basis) : ''))), { id: 'outbox-list' }));
}

// ---- a pupil's case ----

// The server's in-scope check of a report (VBK § 31): a finding, or a note.
export function scopeCheck(v) {
  if (!v) return null;
  if (typeof v === 'string') return h('p', { class: 'scope-check' }, `${t('rep.scope')}: `, ruleNote(v));
  if (v.rule || v.reference) return h('div', { class: 'scope-check' }, h('p', { class: 'mb-0' }, `${t('rep.scope')}:`), finding(v));
  return h('p', { class: 'scope-check' }, `${t('rep.scope')}: `, Object.entries(v).map(([k, x]) => `${k} = ${typeof x === 'object' ? JSON.stringify(x) : x}`).join('; '));
}

export function reportResult(rep, forcedRule) {
  return alert('success', t('rep.sent', fmtDate(rep.reported_on)),
    forcedRule ? h('p', { class: 'forced' }, t('rep.forced'), ' ', ruleNote(forcedRule)) : h('p', {}, t('rep.notForced')),
    scopeCheck(rep.in_scope_check),
    rep.task ? h('p', { class: 'task-made' }, t('rep.task', t(`task.kind.${rep.task.kind}`), fmtDate(rep.task.due_on)), ' ', lawLink(rep.task.legal_basis)) : h('p', {}, t('rep.noTask')));
}

export async function casePage(m, [id]) {
  const p = await get(`/persons/${id}`);
  const name = `${p.given_name} ${p.family_name}`;
  const result = h('div', { id: 'case-result' });
  const findingsBox = h('div', { id: 'findings' });
  const history = h('div', { id: 'case-history' });
  m.append(h('h1', {}, t('case.title', name)),
    h('p', {}, `${t('case.born')} ${fmtDate(p.birth_date)}. ${t('case.muni')} ${p.municipality || '–'}. `,
      (p.enrolments || []).map((e) => `${e.institution_name} (${e.kind})`).join('; '), '. ',
      h('a', { href: `#/person/${id}` }, t('case.absence'))),
    state.user.role === 'caseworker' ? null : certificateLinks(p),
    result, findingsBox);
  const refresh = async () => {
    clear(history);
    await showHistory(history, id, p);
    clear(findingsBox);
    await showFindings(findingsBox, id);
  };
  if (state.user.role === 'staff' || state.user.role === 'admin') m.append(staffForms(p, result, refresh), eventForm(p, refresh), spellForms(p, refresh));
  if (state.user.role === 'caseworker') {
    m.append(muniReportForm(p, result, refresh),
      await dutyFacts(p).catch((e) => { const box = h('div', { id: 'duty-facts' }); showError(box, e); return box; }));
  }
  m.append(history);
  await refresh();
}

// The rules engine's findings of the person today (GET persons/{id}/findings,
// when the server has it).
export async function showFindings(box, id) {
  const r = await get(`/persons/${id}/findings`);
  const shown = (r.findings || []).filter((f) => f.status !== 'not_applicable');
  box.append(h('h2', {}, t('case.findings', fmtDate(r.date))),
    ...(shown.length ? shown.map(finding) : [h('p', {}, t('case.noFindings'))]));
}

async function showHistory(box, id, p) {
  const c = await get(`/persons/${id}/cases`);
  box.append(h('h2', {}, t('case.history')));
  if (c.assessments.length) {
    box.append(h('h3', {}, t('case.assessments')), table(null, [t('rep.on'), t('ass.atRisk'), t('ass.grounds')],
      c.assessments.map((a) => h('tr', { dataset: { assessment: a.id } }, h('td', {}, fmtDate(a.assessed_on)), h('td', {}, a.at_risk ? t('yes') : t('no')), h('td', {}, a.grounds))), { id: 'assessment-list' }));
  }
  if (c.notices.length) {
    box.append(h('h3', {}, t('case.notices')), table(null, [t('rep.on'), t('notice.kind'), t('notice.note')],
      c.notices.map((n) => h('tr', {}, h('td', {}, fmtDate(n.given_on)), h('td', {}, t(`notice.kind.${n.kind}`)), h('td', {}, n.note || ''))), { id: 'notice-list' }));
  }
  if (c.reports.length) box.append(h('h3', {}, t('case.reports')), reportTable(c.reports, 'case-reports'));
  const events = c.events || [];
  if (events.length) box.append(h('h3', {}, t('case.events')), eventTable(events, p));
  if (!c.assessments.length && !c.notices.length && !c.reports.length && !events.length) box.append(h('p', {}, t('case.empty')));
}

function instSelect(p) {
  const mine = state.user.role === 'staff' ? new Set(state.user.institutions.map((i) => i.id)) : null;
  const opts = (p.enrolments || []).filter((e) => e.role === 'pupil' && (!mine || mine.has(e.institution)));
  return h('select', { class: 'form-select' }, opts.map((e) => h('option', { value: e.institution }, e.institution_name)));
}

function staffForms(p, result, refresh) {
  const id = p.id;
  // 1. the concrete assessment (VBK § 36)
  const aInst = instSelect(p);
  const aDate = h('input', { class: 'form-input', type: 'date', id: 'ass-date', value: todayIso() });
  const aRisk = h('select', { class: 'form-select', id: 'ass-risk' }, h('option', { value: 'true' }, t('ass.yes')), h('option', { value: 'false' }, t('ass.no')));
  const aGrounds = h('textarea', { class: 'form-input', id: 'ass-grounds', rows: 3, maxlength: 8000 });
  const assForm = h('form', { id: 'ass-form', class: 'mb-6' },
    h('h2', {}, t('ass.title')), h('p', { class: 'form-hint' }, t('ass.help'), ' ', ruleNote('VBK § 36')),
    field(t('rep.institution'), aInst), field(t('rep.on'), aDate), field(t('ass.atRisk'), aRisk), field(t('ass.grounds'), aGrounds),
    h('button', { class: 'button button-primary', type: 'submit' }, t('ass.save')));
  // 2. the report to the youth database, resting on an assessment
  const rInst = instSelect(p);
  const rKind = h('select', { class: 'form-select', id: 'rep-kind' }, h('option', { value: 'risk' }, t('rep.kind.risk')), h('option', { value: 'interruption' }, t('rep.kind.interruption')));
  const rAss = h('select', { class: 'form-select', id: 'rep-assessment' });
  const repForm = h('form', { id: 'rep-form', class: 'mb-6' },
    h('h2', {}, t('rep.title')), h('p', { class: 'form-hint' }, t('rep.help')),
    field(t('rep.institution'), rInst), field(t('rep.kind'), rKind), field(t('rep.assessment'), rAss),
    h('button', { class: 'button button-primary', type: 'submit', id: 'rep-send' }, t('rep.send')));
  const fillAssessments = async () => {
    clear(rAss);
    rAss.append(h('option', { value: '' }, t('rep.noAssessment')));
    const c = await get(`/persons/${id}/cases`);
    for (const a of c.assessments.filter((x) => x.at_risk)) rAss.append(h('option', { value: a.id }, `${fmtDate(a.assessed_on)}: ${a.grounds.slice(0, 60)}`));
    if (rAss.options.length > 1) rAss.selectedIndex = 1;
  };
  // 3. a notice; concern about absence forces a report (VBK § 36, stk. 2)
  const nInst = instSelect(p);
  const nKind = h('select', { class: 'form-select', id: 'notice-kind' },
    ['concern_absence', 'reprimand', 'warning', 'other'].map((k) => h('option', { value: k }, t(`notice.kind.${k}`))));
  const nDate = h('input', { class: 'form-input', type: 'date', id: 'notice-date', value: todayIso() });
  const nNote = h('textarea', { class: 'form-input', id: 'notice-note', rows: 2, maxlength: 4000 });
  const noticeForm = h('form', { id: 'notice-form', class: 'mb-6' },
    h('h2', {}, t('notice.title')), h('p', { class: 'form-hint' }, t('notice.help')),
    field(t('rep.institution'), nInst), field(t('notice.kind'), nKind), field(t('rep.on'), nDate), field(t('notice.note'), nNote),
    h('button', { class: 'button button-secondary', type: 'submit' }, t('notice.save')));

  const done = async (node) => {
    clear(result);
    result.append(node);
    announce(node.textContent);
    result.scrollIntoView({ block: 'nearest' });
    await refresh();
    await fillAssessments();
  };
  assForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const a = await post(`/persons/${id}/assessments`, { institution: Number(aInst.value), assessed_on: aDate.value, at_risk: aRisk.value === 'true', grounds: aGrounds.value.trim() });
      await done(alert('success', t('ass.saved', fmtDate(a.assessed_on)), a.rule ? h('p', {}, ruleNote(a.rule)) : null));
    } catch (e) { clear(result); showError(result, e); }
  });
  repForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { institution: Number(rInst.value), kind: rKind.value };
    if (rAss.value) body.assessment = Number(rAss.value);
    try {
      const rep = await post(`/persons/${id}/reports`, body);
      await done(reportResult(rep, null));
    } catch (e) { clear(result); showError(result, e); }
  });
  noticeForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { institution: Number(nInst.value), kind: nKind.value, given_on: nDate.value };
    if (nNote.value.trim()) body.note = nNote.value.trim();
    try {
      const n = await post(`/persons/${id}/notices`, body);
      await done(n.report ? reportResult(n.report, n.rule) : alert('success', t('notice.saved')));
    } catch (e) { clear(result); showError(result, e); }
  });
  fillAssessments().catch(() => {});
  return h('div', { id: 'case-forms' }, assForm, repForm, noticeForm);
}

// The municipality's own risk report (VBK § 39, stk. 4), shared with the
// institution with the caseworker as contact.
export function muniReportForm(p, result, refresh) {
  const inst = h('select', { class: 'form-select', id: 'muni-inst' }, h('option', { value: '' }, t('muni.noInst')),
    (p.enrolments || []).filter((e) => e.role === 'pupil').map((e) => h('option', { value: e.institution }, e.institution_name)));
  if (inst.options.length > 1) inst.selectedIndex = 1;
  const contact = h('input', { class: 'form-input', id: 'muni-contact', maxlength: 500, value: state.user.username });
  const form = h('form', { id: 'muni-form', class: 'mb-6' },
    h('h2', {}, t('muni.title')), h('p', { class: 'form-hint' }, t('muni.help'), ' ', ruleNote('VBK § 39, stk. 4')),
    field(t('rep.institution'), inst), field(t('rep.contact'), contact, t('muni.contactHint')),
    h('button', { class: 'button button-primary', type: 'submit' }, t('muni.send')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { kind: 'risk', contact: contact.value.trim() };
    if (inst.value) body.institution = Number(inst.value);
    try {
      const rep = await post(`/persons/${p.id}/reports`, body);
      clear(result);
      result.append(reportResult(rep, null));
      announce(result.textContent);
      await refresh();
    } catch (e) { clear(result); showError(result, e); }
  });
  return form;
}
