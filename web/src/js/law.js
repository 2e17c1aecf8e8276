// law.js - every rule finding shown links to its paragraph and says which
// facts it used (docs/web.md). The front end applies no rule: it shows what
// the API returns (its `reference`, `facts`, `text_da` / `text_en`).
import { h } from './dom.js';
import { t, pick, fmtDate } from './i18n.js';

// The act behind a reference, as retsinformation.dk knows it; the link opens
// a search there for the act (the paragraph is named in the link's text).
const acts = [
  [/^VBK\b|vejledningsbekendtgørelsen/i, 'bekendtgørelse om vejledning om valg af uddannelse og erhverv samt pligt til uddannelse, beskæftigelse m.v.'],
  [/FGU/i, 'bekendtgørelse om forberedende grunduddannelse'],
  [/pligt til uddannelse/i, 'bekendtgørelse om pligt til uddannelse, beskæftigelse eller anden aktivitet'],
  [/STU|særlige behov/i, 'bekendtgørelse om ungdomsuddannelse for unge med særlige behov'],
  [/erhvervsuddannelser/i, 'bekendtgørelse om erhvervsuddannelser'],
];

export function lawHref(reference) {
  const hit = acts.find(([re]) => re.test(reference || ''));
  const q = hit ? hit[1] : (reference || '').replace(/§.*$/, '').trim();
  return `https://www.retsinformation.dk/documents?t=${encodeURIComponent(q)}`;
}

export function lawLink(reference) {
  if (!reference) return null;
  return h('a', { href: lawHref(reference), rel: 'noopener noreferrer', target: '_blank', class: 'app-law' },
    reference, h('span', { class: 'sr-only' }, ` (${t('rule.opens')})`));
}

const statusKind = { ok: 'success', due: 'warning', overdue: 'error', breach: 'error', not_applicable: 'info', needs_judgement: 'warning' };

// One finding of the rules engine (docs/rules.md, "The findings").
export function finding(f) {
  const facts = Object.entries(f.facts || {});
  return h('div', { class: `app-finding status-${f.status}`, dataset: { rule: f.rule || '' } },
    h('p', { class: 'mb-1' },
      h('span', { class: `badge badge-${statusKind[f.status] || 'info'}` }, t(`status.${f.status}`)), ' ',
      f.due ? h('strong', {}, t('rule.due', fmtDate(f.due)), ' ') : null,
      pick(f, 'text') || f.rule),
    h('p', { class: 'mb-1 app-facts' }, `${t('rule.paragraph')}: `, lawLink(f.reference),
      f.draft ? ` (${t('rule.draft')})` : null),
    facts.length ? h('p', { class: 'mb-0 app-facts' }, `${t('rule.usedFacts')}: `,
      facts.map(([k, v], i) => [i ? '; ' : '', h('code', {}, k), ` = ${v}`])) : null);
}

// A rule the server named in an answer as a plain string ("VBK § 36, stk. 3: ...").
export function ruleNote(text) {
  const m = /^(.*?§\s*[\d.]+(?:,\s*stk\.\s*\d+)?(?:,\s*nr\.\s*\d+)?)(.*)$/.exec(text || '');
  if (!m) return h('span', {}, text);
  return h('span', {}, lawLink(m[1]), m[2]);
}
