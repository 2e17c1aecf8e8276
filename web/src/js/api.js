// api.js - the server's JSON API (/api/v1/, docs/openapi.yaml). The session
// is an HttpOnly cookie; every request that changes something carries the
// session's CSRF token in X-CSRF-Token (docs/server.md, "Security").
let csrf = null;

export class ApiError extends Error {
  constructor(status, error) {
    super((error && error.message) || `HTTP ${status}`);
    this.status = status;
    this.code = error && error.code;
    this.field = error && error.field;
    this.line = error && error.line;
  }
}

export function setCsrf(token) { csrf = token; }

export async function api(method, path, body) {
  const opt = { method, headers: {}, credentials: 'same-origin' };
  if (body !== undefined) {
    opt.headers['Content-Type'] = 'application/json';
    opt.body = JSON.stringify(body);
  }
  if (method !== 'GET' && csrf) opt.headers['X-CSRF-Token'] = csrf;
  const res = await fetch(`/api/v1${path}`, opt);
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (!res.ok) throw new ApiError(res.status, data && data.error);
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);

// A link that downloads a list of a GET endpoint as CSV or Excel
// (src/server/api_export.c): the same request with ?format=.
export function exportHref(path, format) {
  return `/api/v1${path}${path.includes('?') ? '&' : '?'}format=${format}`;
}
