// The API: endpoint paths (one table: adjust here when a route moves), the token, and GET with paging.
import { itemsOf } from './shape.js';

const cursorParam = (cursor) => (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');

export const Api = {
  images: (cursor, limit = 200) => '/api/v1/images?limit=' + limit + cursorParam(cursor),
  image: (digest) => '/api/v1/images/' + encodeURIComponent(digest),
  imageBase: (digest) => '/api/v1/images/' + encodeURIComponent(digest) + '/base',
  affected: (id, cursor) => '/api/v1/vulnerabilities/' + encodeURIComponent(id) + '/affected?limit=500' +
    cursorParam(cursor),
  packages: (purl, range, cursor) => '/api/v1/packages?limit=500&purl=' + encodeURIComponent(purl) +
    (range ? '&range=' + encodeURIComponent(range) : '') + cursorParam(cursor),
  events: (after) => '/api/v1/events?after=' + encodeURIComponent(after || ''),
  watches: () => '/api/v1/watches',
  webhooks: () => '/api/v1/webhooks',
  generations: () => '/api/v1/generations',
};

export const kMaxPages = 50;  // a listing follows at most this many cursors before saying "more exist"

// What to do when the server stops accepting the tab's token (app.js shows the sign-in form).
export const Session = { onExpired: () => {} };

export const Token = {
  get: () => sessionStorage.getItem('drydock.token') || '',
  set: (token) => sessionStorage.setItem('drydock.token', token),
  clear: () => sessionStorage.removeItem('drydock.token'),
};

export class ApiError extends Error {
  constructor(status, message, path) { super(message); this.status = status; this.path = path; }
}

// GET `path` with the token; the parsed JSON. A 401 signs out; other failures throw ApiError.
export async function get(path, token = Token.get()) {
  let res;
  try {
    const headers = { Authorization: 'Bearer ' + token, Accept: 'application/json' };
    res = await fetch(path, { headers, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'the server did not answer (' + e.message + ')', path);
  }
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (res.status === 401 && token && token === Token.get()) {  // revoked or expired while browsing
    Token.clear();
    Session.onExpired();
  }
  if (!res.ok) {
    const message = body && body.error && body.error.message ? body.error.message : 'HTTP ' + res.status;
    throw new ApiError(res.status, message, path);
  }
  return body;
}

// Follows next_cursor until the listing ends (at most kMaxPages pages).
export async function getAll(pathFor) {
  const items = [];
  let cursor = '';
  for (let page = 0; page < kMaxPages; ++page) {
    const body = await get(pathFor(cursor));
    items.push(...itemsOf(body));
    cursor = body && body.next_cursor;
    if (!cursor) return { items, more: false };
  }
  return { items, more: true };
}
