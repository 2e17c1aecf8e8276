// dom.js - building the page from data without innerHTML (no injection):
// h('a', {href: '#/x', class: 'button'}, 'text', child, ...).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Tells screen readers what just happened (aria-live region in index.html).
export function announce(text) {
  const live = document.getElementById('live');
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 30);
}

// An alert of the design system: kind is info, success, warning or error.
export function alert(kind, heading, ...body) {
  return h('div', { class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('div', { class: 'alert-body' },
      heading ? h('p', { class: 'alert-heading' }, heading) : null,
      body.length ? h('div', { class: 'alert-text' }, ...body) : null));
}

let uid = 0;
export const newId = (p) => `${p}-${++uid}`;

// A labelled form field of the design system.
export function field(label, input, hint) {
  const id = input.id || (input.id = newId('f'));
  const hintEl = hint ? h('span', { class: 'form-hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'form-group' }, h('label', { class: 'form-label', for: id }, label), hintEl, input);
}

export function table(caption, head, rows, attrs) {
  return h('table', Object.assign({ class: 'table table--compact' }, attrs || {}),
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, head.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows));
}

// Marks the field an API error names (the server's 422 `field`) as in error,
// the design system's way: the message beside the field, aria-invalid on the
// input. fields maps the JSON field names to their inputs; returns whether a
// field was marked. clearFieldErrors(fields) takes the marks away again.
export function clearFieldErrors(fields) {
  for (const input of Object.values(fields)) {
    const g = input.closest('.form-group');
    if (!g) continue;
    g.classList.remove('form-error');
    input.removeAttribute('aria-invalid');
    const m = g.querySelector(':scope > .form-error-message');
    if (m) {
      input.setAttribute('aria-describedby', (input.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== m.id).join(' '));
      if (!input.getAttribute('aria-describedby')) input.removeAttribute('aria-describedby');
      m.remove();
    }
  }
}

export function markFieldError(fields, name, message, prefix) {
  const input = name && (fields[name] || fields[name.replace(/\[\d+\]/g, '')] || fields[name.replace(/[.[].*$/, '')]);
  const g = input && input.closest('.form-group');
  if (!g) return false;
  g.classList.add('form-error');
  const id = `${input.id}-error`;
  const msg = h('span', { class: 'form-error-message', id }, h('span', { class: 'sr-only' }, `${prefix}: `), message);
  g.insertBefore(msg, input);
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
  return true;
}
