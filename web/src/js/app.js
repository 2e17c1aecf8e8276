// app.js - the web application's shell (docs/web.md): session, language,
// navigation per role, and a small hash router (#/path). Pages live in
// pages/*.js; each exports a function (main, params) that fills <main>.
import { h, clear, alert, announce, field } from './dom.js';
import { api, get, post, setCsrf, ApiError } from './api.js';
import { t, getLang, setLang } from './i18n.js';
import * as teacher from './pages/teacher.js';
import * as person from './pages/person.js';
import * as pupil from './pages/pupil.js';
import * as school from './pages/school.js';
import * as kui from './pages/kui.js';
import * as guardian from './pages/guardian.js';
import * as research from './pages/research.js';

export const state = { user: null };

// The home page and the menu of each role.
const homes = {
  staff: '#/laerer', admin: '#/skole', caseworker: '#/kommune', pupil: '#/mig',
  guardian: '#/boern', researcher: '#/register',
};
const menus = {
  staff: [['#/laerer', 'nav.teacher'], ['#/skole', 'nav.school']],
  admin: [['#/skole', 'nav.school'], ['#/laerer', 'nav.teacher'], ['#/register', 'nav.research']],
  caseworker: [['#/kommune', 'nav.kui']],
  pupil: [['#/mig', 'nav.pupil']],
  guardian: [['#/boern', 'nav.children']],
  researcher: [['#/register', 'nav.research']],
};

const routes = [
  [/^#\/login$/, () => loginPage],
  [/^#\/laerer$/, () => teacher.lessons],
  [/^#\/laerer\/lektion\/(\d+)$/, () => teacher.lesson],
  [/^#\/person\/(\d+)$/, () => person.absence],
  [/^#\/mig$/, () => pupil.own],
  [/^#\/skole(?:\/(\w+))?$/, () => school.page],
  [/^#\/sag\/(\d+)$/, () => school.casePage],
  [/^#\/kommune(?:\/(\w+))?$/, () => kui.page],
  [/^#\/boern$/, () => guardian.page],
  [/^#\/register$/, () => research.page],
];

const main = () => document.getElementById('main-content');

export function go(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

// Shows an API error in the page (and for a lost session, the login page).
export function showError(where, e) {
  if (e instanceof ApiError && e.status === 401) {
    state.user = null;
    go('#/login');
    return;
  }
  const msg = !(e instanceof ApiError) ? String(e)
    : e.status === 403 ? t('err.forbidden', e.status)
    : e.status === 404 ? t('err.notfound')
    : e.field ? t('err.field', e.field, e.message) : e.message;
  where.append(alert('error', t('err.title'), h('p', {}, msg)));
}

function chrome() {
  document.documentElement.lang = getLang();
  document.title = t('app');
  document.getElementById('skiplink').textContent = t('skip');
  document.getElementById('solution-name').textContent = t('app');
  const sw = document.getElementById('lang-switch');
  sw.textContent = t('switchTo');
  sw.lang = getLang() === 'da' ? 'en' : 'da';
  document.getElementById('footer').textContent = t('footer');
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('menu'));
  clear(nav);
  const user = document.getElementById('portal-user');
  clear(user);
  if (!state.user) return;
  const current = location.hash.split('/').slice(0, 2).join('/');
  for (const [href, key] of menus[state.user.role] || []) {
    nav.append(h('a', { href, 'aria-current': href === current ? 'page' : null }, t(key)));
  }
  user.append(h('span', { class: 'user', id: 'whoami' }, t('loggedInAs', state.user.username, t(`role.${state.user.role}`))),
    h('button', { type: 'button', class: 'button button-secondary', id: 'logout', onclick: logout }, t('logout')));
}

async function logout() {
  try { await post('/logout'); } catch { /* the session may be gone already */ }
  state.user = null;
  setCsrf(null);
  sessionStorage.setItem('ungdb.loggedOut', '1');
  go('#/login');
}

function loginPage(m) {
  if (state.user) { go(homes[state.user.role] || '#/login'); return; }
  const user = h('input', { class: 'form-input', id: 'username', name: 'username', autocomplete: 'username', required: true });
  const pw = h('input', { class: 'form-input', id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = h('div', {});
  const form = h('form', { id: 'login-form', novalidate: true },
    field(t('login.user'), user), field(t('login.password'), pw),
    h('button', { class: 'button button-primary', type: 'submit' }, t('login.submit')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(msg);
    try {
      const r = await api('POST', '/login', { username: user.value, password: pw.value });
      state.user = r.user;
      setCsrf(r.csrf_token);
      sessionStorage.removeItem('ungdb.loggedOut');
      go(homes[r.user.role] || '#/login');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) msg.append(alert('error', t('login.failed')));
      else if (e instanceof ApiError && e.status === 429) msg.append(alert('error', t('login.limited', '…')));
      else showError(msg, e);
      pw.focus();
    }
  });
  const out = sessionStorage.getItem('ungdb.loggedOut') ? alert('info', t('login.out')) : null;
  m.append(h('h1', {}, t('login.title')), out, h('p', {}, t('login.intro')), msg, form);
  user.focus();
}

async function render() {
  const m = main();
  clear(m);
  const hash = location.hash || '#/';
  if (!state.user && hash !== '#/login') { go('#/login'); return; }
  if (hash === '#/' || hash === '#') { go(state.user ? homes[state.user.role] : '#/login'); return; }
  chrome();
  const hit = routes.find(([re]) => re.test(hash));
  if (!hit) { m.append(alert('error', t('err.notfound'))); return; }
  const params = hash.match(hit[0]).slice(1);
  m.setAttribute('aria-busy', 'true');
  try {
    await hit[1]()(m, params);
  } catch (e) {
    showError(m, e);
  } finally {
    m.removeAttribute('aria-busy');
    m.dataset.page = hash.split('/')[1] || '';
  }
  // Move focus to the new page's heading for keyboard and screen-reader
  // users, unless the page put it on its first task (the attendance form).
  const h1 = m.querySelector('h1');
  const placed = m.contains(document.activeElement) && document.activeElement !== m;
  if (h1 && hash !== '#/login') {
    if (!placed) { h1.tabIndex = -1; h1.focus(); }
    announce(h1.textContent);
  }
}

async function start() {
  document.getElementById('lang-switch').addEventListener('click', () => {
    setLang(getLang() === 'da' ? 'en' : 'da');
    render();
  });
  try {
    const s = await get('/session');
    state.user = s.user;
    setCsrf(s.csrf_token);
  } catch { state.user = null; }
  window.addEventListener('hashchange', render);
  try { if (window.DKFDS) window.DKFDS.init(); } catch { /* components still work without it */ }
  await render();
}

start();
