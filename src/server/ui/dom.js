// DOM building and the pieces views share. Every string becomes a text node or an attribute value set
// through the DOM: no HTML string is ever parsed, so nothing a scanned image or a client sends becomes markup.
import { ApiError, Token } from './api.js';
import { kSeverities, kSeverityColours } from './shape.js';

const absent = (v) => v === undefined || v === null || v === false;
const asNode = (child) => (child instanceof Node ? child : document.createTextNode(String(child)));

// h('td', {class: 'x', 'data-field': 'id', onclick: f}, 'text', node, [more]): strings become text nodes.
export function h(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (absent(value)) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.flat().filter((c) => !absent(c)).map(asNode));
  return node;
}

export function svg(tag, attributes, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
  node.append(...children.flat().filter((c) => !absent(c)).map(asNode));
  return node;
}

export const shortDigest = (digest) => (digest.startsWith('sha256:') ? digest.slice(7, 19) : digest.slice(0, 12));
export const formatTime = (ms) => (ms > 0 ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + 'Z' : '—');
// Lower is worse; a word drydock does not know ranks after UNKNOWN.
export const severityRank = (severity) => {
  const i = kSeverities.indexOf(severity);
  return i < 0 ? kSeverities.length : i;
};
const severityClass = (severity) => 'sev-' + (kSeverities.includes(severity) ? severity : 'UNKNOWN').toLowerCase();

// A coloured badge: the severity's name, or a count in the severity's colour (greyed when 0).
export function severityBadge(severity, count) {
  const classes = 'sev ' + severityClass(severity) + (count === 0 ? ' zero' : '');
  return h('span', { class: classes, title: severity, 'data-severity': severity },
    count === undefined ? severity : String(count));
}

const imageHref = (digest) => '#/image/' + encodeURIComponent(digest);

export function imageLink(digest, text) {
  return h('a', { href: imageHref(digest), class: 'mono', 'data-digest': digest }, text || shortDigest(digest));
}

export function imageName(repository, tags, digest) {
  const name = tags.length ? tags.join(', ') : repository || '(untagged)';
  return h('div', { class: 'wrap', 'data-field': 'image' }, digest ? h('a', { href: imageHref(digest) }, name) : name);
}

// The layer a finding came from: its Dockerfile step (two lines; the whole step and the diff id on hover).
export function stepCell(step, layerDiffId, layerIndex) {
  const label = step || (layerDiffId ? 'layer ' + shortDigest(layerDiffId) : '—');
  const known = layerIndex !== undefined && layerIndex >= 0;
  const number = known ? h('span', { class: 'muted' }, '#' + (layerIndex + 1) + ' ') : null;
  const title = label + '\n' + layerDiffId;
  return h('td', { class: 'step', 'data-field': 'layer', 'data-diff-id': layerDiffId, title },
    h('div', { class: 'clamp' }, number, h('span', { 'data-step': '' }, label)));
}

// What a panel shows when its API is not on this server (404, when `what` names the feature) or failed.
export function notice(error, what) {
  if (error instanceof ApiError && error.status === 404 && what) {
    return h('div', { class: 'notice', 'data-state': 'unavailable' },
      h('strong', {}, what + ' is not available on this server'),
      ' (', h('code', {}, 'GET ' + error.path.split('?')[0]), ' answered 404: this server was built without it).');
  }
  return h('div', { class: 'notice error', 'data-state': 'error' }, 'Could not load: ' + error.message);
}

// columns: [header, class?] pairs.
export function table(columns, rows, attributes) {
  return h('table', attributes || {},
    h('thead', {}, h('tr', {}, columns.map(([label, cls]) => h('th', { class: cls }, label)))),
    h('tbody', {}, rows));
}

// A horizontal stacked bar of severity counts (plain SVG).
export function severityBar(counts, width = 320) {
  const total = kSeverities.reduce((sum, s) => sum + (counts[s] || 0), 0);
  const root = svg('svg', { width, height: 18, class: 'chart', role: 'img', 'aria-label': 'findings by severity' });
  if (!total) root.append(svg('rect', { x: 0, y: 0, width, height: 18, fill: '#e4e8ec' }));
  let x = 0;
  for (const s of kSeverities) {
    const w = total ? (counts[s] || 0) / total * width : 0;
    if (w > 0) {
      root.append(svg('rect', { x, y: 0, width: w, height: 18, fill: kSeverityColours[s] },
        svg('title', {}, s + ': ' + counts[s])));
    }
    x += w;
  }
  return root;
}

export function legend(severities = kSeverities) {
  return h('div', { class: 'legend' }, severities.map((s) => h('span', { class: s.toLowerCase() }, s)));
}

export const main = () => document.getElementById('main');

// Replaces the main area; `state` is loading|ready|unavailable|error (the browser test waits on it).
export function show(view, state, ...children) {
  if (!Token.get()) return;  // signed out meanwhile: the sign-in form stays
  const m = main();
  m.replaceChildren(...children.flat().filter(Boolean));
  m.dataset.view = view;
  m.dataset.state = state;
  const section = view.split('/')[0];
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.nav === section);
}
