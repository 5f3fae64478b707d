// drydock dashboard: plain JS, no framework, no build step. Every piece of data reaches the page as a text
// node or an attribute set through the DOM (no HTML string is ever parsed), so nothing a scanned image or a client sends is
// ever parsed as markup. Parts:
//   1. Api     - the endpoint paths (one table: adjust here when a route moves)
//   2. Shape   - one small function per panel that maps an API answer to what the panel shows; the only code
//                that knows the APIs' field names (events, watches, webhooks and generations come from
//                parts of the server that may not exist yet: a 404 there shows "not available")
//   3. helpers - DOM building, fetch with the token, formatting
//   4. views   - images, image, search, events, alerts, trends
//   5. router and login
'use strict';

// ---- 1. Api ---------------------------------------------------------------------------------------------
const Api = {
  images: (cursor, limit = 200) => '/api/v1/images?limit=' + limit + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''),
  image: (digest) => '/api/v1/images/' + encodeURIComponent(digest),
  affected: (id, cursor) => '/api/v1/vulnerabilities/' + encodeURIComponent(id) + '/affected?limit=500' +
    (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''),
  packages: (purl, range, cursor) => '/api/v1/packages?limit=500&purl=' + encodeURIComponent(purl) +
    (range ? '&range=' + encodeURIComponent(range) : '') + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''),
  events: (after) => '/api/v1/events?after=' + encodeURIComponent(after || ''),
  watches: () => '/api/v1/watches',
  webhooks: () => '/api/v1/webhooks',
  generations: () => '/api/v1/generations',
};

const kSeverities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
const kSeverityColours = { CRITICAL: '#b3001b', HIGH: '#f2600c', MEDIUM: '#f5b800', LOW: '#2f6fdb', UNKNOWN: '#8a8a8a' };
const kMaxPages = 50;  // a listing follows at most this many cursors before saying "more exist"

// ---- 2. Shape -------------------------------------------------------------------------------------------
const first = (...values) => values.find((v) => v !== undefined && v !== null);
const asArray = (v) => (Array.isArray(v) ? v : []);
const itemsOf = (body) => (Array.isArray(body) ? body : asArray(first(body && body.items, body && body.events,
  body && body.watches, body && body.webhooks, body && body.generations)));

const Shape = {
  // GET /images item. policy/running come from other parts of the server; absent means "unknown".
  imageRow(raw) {
    const policy = first(raw.policy_verdict, raw.policy && typeof raw.policy === 'object' ? raw.policy.verdict : raw.policy,
      raw.verdict);
    const deployments = asArray(first(raw.deployments, raw.running_in));
    return {
      digest: String(raw.digest || ''),
      repository: String(raw.repository || ''),
      tags: asArray(raw.tags).map(String),
      os: String(raw.os || ''),
      packages: Number(raw.packages || 0),
      total: Number(first(raw.vulnerabilities, raw.findings, 0)),
      severities: raw.severities && typeof raw.severities === 'object' ? raw.severities : null,
      policy: policy === undefined ? null : String(policy),
      running: first(raw.running, deployments.length ? true : undefined) ?? null,  // null: the server does not say
      runningWhere: deployments.map((d) => (typeof d === 'string' ? d : [d.cluster, d.namespace, d.name || d.pod]
        .filter(Boolean).join('/'))),
      scannedMs: Number(raw.scanned_unix || 0) * 1000,
    };
  },
  // One finding of a stored report (the CLI's JSON report schema), with its layer's Dockerfile step.
  finding(raw, layers) {
    const index = layers.findIndex((l) => l.diff_id === raw.layer_diff_id);
    return {
      id: String(raw.id || ''),
      aliases: asArray(raw.aliases).map(String),
      severity: String(raw.severity || 'UNKNOWN'),
      package: String(raw.package_name || ''),
      installed: String(raw.installed_version || ''),
      fixed: String(raw.fixed_version || ''),
      status: String(raw.status || ''),
      title: String(raw.title || ''),
      path: String(raw.path || ''),
      layerDiffId: String(raw.layer_diff_id || ''),
      layerIndex: index,
      step: index >= 0 ? String(layers[index].created_by || '') : '',
    };
  },
  // GET /vulnerabilities/{id}/affected item.
  affectedRow(raw) {
    return {
      digest: String(raw.digest || ''), repository: String(raw.repository || ''), tags: asArray(raw.tags).map(String),
      id: String(raw.id || ''), package: String(raw.package || ''), installed: String(raw.installed_version || ''),
      fixed: String(raw.fixed_version || ''), severity: String(raw.severity || 'UNKNOWN'),
      step: String(raw.created_by || ''), layerDiffId: String(raw.layer_diff_id || ''), path: String(raw.path || ''),
    };
  },
  // GET /packages?purl= item.
  packageRow(raw) {
    return {
      digest: String(raw.digest || ''), repository: String(raw.repository || ''), tags: asArray(raw.tags).map(String),
      name: String(raw.name || ''), version: String(raw.version || ''), ecosystem: String(raw.ecosystem || ''),
      purl: String(raw.purl || ''), layerDiffId: String(raw.layer_diff_id || ''), path: String(raw.path || ''),
    };
  },
  // GET /events item (helper gen's feed): finding.new, finding.resolved, finding.changed, policy.changed,
  // tag.mutated, ...
  event(raw) {
    const data = raw.data && typeof raw.data === 'object' ? raw.data : raw;
    const image = data.image && typeof data.image === 'object' ? data.image : {};
    const detail = [first(data.vulnerability, data.advisory, data.id !== raw.id ? data.id : undefined),
      data.package, first(data.from, data.old_verdict, data.old_digest) !== undefined ?
        String(first(data.from, data.old_verdict, data.old_digest)) + ' → ' + String(first(data.to, data.new_verdict, data.new_digest, '')) : undefined,
      data.severity].filter((v) => v !== undefined && v !== null && v !== '').map(String);
    return {
      cursor: String(first(raw.cursor, raw.id, raw.seq, '')),
      type: String(first(raw.type, raw.event, raw.kind, '')),
      timeMs: Number(first(raw.created_unix_ms, raw.time_unix_ms, raw.timestamp_ms,
        raw.created_unix !== undefined ? raw.created_unix * 1000 : undefined, Date.parse(raw.time || raw.timestamp || ''), 0)) || 0,
      digest: String(first(data.digest, image.digest, '')),
      repository: String(first(data.repository, image.repository, '')),
      detail: detail.join('  ·  '),
    };
  },
  // The cursor to ask for what comes after this page of events.
  eventsCursor(body, events) {
    return String(first(body && body.next_cursor, body && body.cursor, events.length ? events[events.length - 1].cursor : undefined, ''));
  },
  // GET /watches item (helper notify).
  watch(raw) {
    return {
      id: String(first(raw.id, '')), repository: String(raw.repository || ''), tags: String(first(raw.tags, raw.tag_regex, '')),
      interval: String(first(raw.interval, raw.interval_seconds !== undefined ? raw.interval_seconds + 's' : undefined, '')),
      lastPollMs: Number(first(raw.last_poll_unix_ms, raw.last_checked_unix_ms, 0)) || 0,
      state: String(first(raw.state, raw.status, raw.last_error ? 'error' : 'ok')),
      error: String(first(raw.last_error, raw.error, '')),
    };
  },
  // GET /webhooks item (helper notify): the endpoint and its delivery state. A secret is never shown.
  webhook(raw) {
    const delivery = raw.delivery && typeof raw.delivery === 'object' ? raw.delivery : raw;
    return {
      id: String(first(raw.id, '')), url: String(raw.url || ''), format: String(first(raw.format, 'json')),
      events: asArray(raw.events).map(String), minSeverity: String(first(raw.min_severity, '')),
      state: String(first(raw.state, raw.status, raw.disabled ? 'disabled' : 'active')),
      pending: Number(first(delivery.pending, delivery.queued, 0)) || 0,
      dead: Number(first(delivery.dead, delivery.failed, 0)) || 0,
      delivered: Number(first(delivery.delivered, delivery.succeeded, 0)) || 0,
      lastStatus: String(first(delivery.last_status, delivery.last_http_status, '')),
      lastMs: Number(first(delivery.last_attempt_unix_ms, delivery.last_delivery_unix_ms, 0)) || 0,
      error: String(first(delivery.last_error, '')),
    };
  },
  // GET /generations item (helper gen): a DB generation and the stored findings per severity under it.
  generation(raw) {
    const counts = first(raw.findings_by_severity, raw.severities, raw.counts,
      raw.findings && typeof raw.findings === 'object' ? raw.findings : undefined, {});
    return {
      label: String(first(raw.built_at, raw.id, raw.digest, '')).slice(0, 16),
      digest: String(first(raw.digest, raw.content_digest, '')),
      counts: Object.fromEntries(kSeverities.map((s) => [s, Number(counts[s] || counts[s.toLowerCase()] || 0)])),
    };
  },
};

// ---- 3. helpers -----------------------------------------------------------------------------------------
// h('td', {class: 'x', 'data-field': 'id'}, 'text', childNode): strings become text nodes, never markup.
function h(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attributes, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const Token = {
  get: () => sessionStorage.getItem('drydock.token') || '',
  set: (token) => sessionStorage.setItem('drydock.token', token),
  clear: () => sessionStorage.removeItem('drydock.token'),
};

class ApiError extends Error {
  constructor(status, message, path) { super(message); this.status = status; this.path = path; }
}

// GET `path` with the token; the parsed JSON. A 401 signs out; other failures throw ApiError.
async function get(path, token = Token.get()) {
  let res;
  try {
    res = await fetch(path, { headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' }, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'the server did not answer (' + e.message + ')', path);
  }
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (res.status === 401 && token && token === Token.get()) {  // revoked or expired while browsing
    Token.clear();
    showLogin('The token is no longer accepted.');
  }
  if (!res.ok) {
    const message = body && body.error && body.error.message ? body.error.message : 'HTTP ' + res.status;
    throw new ApiError(res.status, message, path);
  }
  return body;
}

// Follows next_cursor until the listing ends (at most kMaxPages pages).
async function getAll(pathFor) {
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

const shortDigest = (digest) => (digest.startsWith('sha256:') ? digest.slice(7, 19) : digest.slice(0, 12));
const formatTime = (ms) => (ms > 0 ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + 'Z' : '—');
const severityClass = (severity) => 'sev-' + (kSeverities.includes(severity) ? severity : 'UNKNOWN').toLowerCase();
const severityRank = (severity) => { const i = kSeverities.indexOf(severity); return i < 0 ? kSeverities.length : i; };

function severityBadge(severity, count) {
  const zero = count === 0;
  return h('span', { class: 'sev ' + severityClass(severity) + (zero ? ' zero' : ''), title: severity, 'data-severity': severity },
    count === undefined ? severity : String(count));
}

function imageLink(digest, text) {
  return h('a', { href: '#/image/' + encodeURIComponent(digest), class: 'mono', 'data-digest': digest }, text || shortDigest(digest));
}

function imageName(repository, tags, digest) {
  const name = tags.length ? tags.join(', ') : repository || '(untagged)';
  return h('div', { class: 'wrap', 'data-field': 'image' }, digest ? h('a', { href: '#/image/' + encodeURIComponent(digest) }, name) : name);
}

// The layer a finding came from: its Dockerfile step (two lines; the whole step and the diff id on hover).
function stepCell(step, layerDiffId, layerIndex) {
  const label = step || (layerDiffId ? 'layer ' + shortDigest(layerDiffId) : '—');
  return h('td', { class: 'step', 'data-field': 'layer', 'data-diff-id': layerDiffId, title: label + '\n' + layerDiffId },
    h('div', { class: 'clamp' }, layerIndex !== undefined && layerIndex >= 0 ? h('span', { class: 'muted' }, '#' + (layerIndex + 1) + ' ') : null,
      h('span', { 'data-step': '' }, label)));
}

// What a panel shows when its API is not on this server (404) or failed.
function notice(error, what) {
  if (error instanceof ApiError && error.status === 404 && what) {
    return h('div', { class: 'notice', 'data-state': 'unavailable' }, h('strong', {}, what + ' is not available on this server'),
      ' (', h('code', {}, 'GET ' + error.path.split('?')[0]), ' answered 404: this server was built without it).');
  }
  return h('div', { class: 'notice error', 'data-state': 'error' }, 'Could not load: ' + error.message);
}

// Simple sortable-free table: columns are [header, className?] pairs.
function table(columns, rows, attributes) {
  return h('table', attributes || {},
    h('thead', {}, h('tr', {}, columns.map(([label, cls]) => h('th', { class: cls }, label)))),
    h('tbody', {}, rows));
}

// A horizontal stacked bar of severity counts (plain SVG).
function severityBar(counts, width = 320) {
  const total = kSeverities.reduce((sum, s) => sum + (counts[s] || 0), 0);
  const root = svg('svg', { width, height: 18, class: 'chart', role: 'img', 'aria-label': 'findings by severity' });
  let x = 0;
  for (const s of kSeverities) {
    const w = total ? (counts[s] || 0) / total * width : 0;
    if (w > 0) root.append(svg('rect', { x, y: 0, width: w, height: 18, fill: kSeverityColours[s] }, svg('title', {}, s + ': ' + counts[s])));
    x += w;
  }
  if (!total) root.append(svg('rect', { x: 0, y: 0, width, height: 18, fill: '#e4e8ec' }));
  return root;
}

function legend(severities = kSeverities) {
  return h('div', { class: 'legend' }, severities.map((s) => h('span', { class: s.toLowerCase() }, s)));
}

// ---- 4. views -------------------------------------------------------------------------------------------
const main = () => document.getElementById('main');

// Replaces the main area; `state` is loading|ready|unavailable|error (tests wait on it).
function show(view, state, ...children) {
  if (!Token.get()) return;  // signed out meanwhile: the sign-in form stays
  const m = main();
  m.replaceChildren(...children.flat().filter(Boolean));
  m.dataset.view = view;
  m.dataset.state = state;
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.nav === view.split('/')[0]);
}

async function ImagesView() {
  show('images', 'loading', h('h1', {}, 'Images'), h('p', { class: 'muted' }, 'Loading…'));
  let listing;
  try { listing = await getAll(Api.images); } catch (e) { return show('images', 'error', h('h1', {}, 'Images'), notice(e)); }
  const images = listing.items.map(Shape.imageRow);
  const worst = (img) => (img.severities ? kSeverities.map((s) => Number(img.severities[s] || 0)) : [img.total]);
  const byWorst = (a, b) => { const x = worst(a), y = worst(b); const i = x.findIndex((v, k) => v !== y[k]); return i < 0 ? 0 : y[i] - x[i]; };
  // Running images first (they are the ones to fix today), then the worst findings.
  images.sort((a, b) => (b.running === true) - (a.running === true) || byWorst(a, b) || a.repository.localeCompare(b.repository));
  const hasRunning = images.some((i) => i.running !== null);
  const hasPolicy = images.some((i) => i.policy !== null);
  const rows = images.map((img) => h('tr', { 'data-digest': img.digest },
    h('td', {}, imageName(img.repository, img.tags, img.digest), img.os ? h('div', { class: 'muted' }, img.os) : null),
    h('td', {}, imageLink(img.digest)),
    h('td', { class: 'counts-cell' }, img.severities
      ? h('div', { class: 'counts' }, kSeverities.map((s) => severityBadge(s, Number(img.severities[s] || 0))))
      : h('span', {}, String(img.total))),
    h('td', { class: 'num', 'data-field': 'total' }, String(img.total)),
    h('td', { class: 'num' }, String(img.packages)),
    hasPolicy ? h('td', {}, img.policy === null ? '—' : h('span', { class: 'verdict ' + (img.policy === 'pass' ? 'pass' : img.policy === 'fail' ? 'fail' : '') }, img.policy)) : null,
    hasRunning ? h('td', {}, img.running ? h('span', { class: 'running', title: img.runningWhere.join('\n') },
      img.runningWhere.length ? 'running ×' + img.runningWhere.length : 'running') : h('span', { class: 'muted' }, 'no')) : null,
    h('td', { class: 'muted' }, formatTime(img.scannedMs))));
  const columns = [['Image'], ['Digest'], ['Findings by severity'], ['Total', 'num'], ['Packages', 'num']];
  if (hasPolicy) columns.push(['Policy']);
  if (hasRunning) columns.push(['Running']);
  columns.push(['Scanned']);
  show('images', 'ready', h('h1', {}, 'Images ', h('span', { class: 'muted' }, '(' + images.length + (listing.more ? '+' : '') + ')')),
    images.length ? table(columns, rows, { id: 'images' }) : h('div', { class: 'notice' }, 'No image is stored yet: POST /api/v1/scans or `drydock image … --server`.'));
}

async function ImageView(digest) {
  show('image', 'loading', h('h1', {}, 'Image'), h('p', { class: 'muted' }, 'Loading…'));
  let report;
  try { report = await get(Api.image(digest)); } catch (e) {
    return show('image', e.status === 404 ? 'unavailable' : 'error', h('h1', {}, 'Image'),
      e.status === 404 ? h('div', { class: 'notice', 'data-state': 'missing' }, 'No image ' + digest + ' is stored.') : notice(e));
  }
  const artifact = report.artifact || {};
  const layers = asArray(artifact.layers);
  const findings = asArray(report.vulnerabilities).map((f) => Shape.finding(f, layers));
  const counts = {};
  for (const f of findings) counts[f.severity] = (counts[f.severity] || 0) + 1;
  const perLayer = new Map();
  for (const f of findings) perLayer.set(f.layerDiffId, (perLayer.get(f.layerDiffId) || 0) + 1);
  const os = artifact.os && artifact.os.family ? artifact.os.family + ' ' + (artifact.os.version || '') : '—';

  const filter = h('input', { type: 'search', id: 'finding-filter', placeholder: 'filter: id, package, layer…', 'aria-label': 'Filter findings' });
  const severitySelect = h('select', { id: 'severity-filter', 'aria-label': 'Minimum severity' },
    h('option', { value: '' }, 'all severities'), kSeverities.slice(0, 4).map((s) => h('option', { value: s }, s + ' and worse')));
  const fixable = h('input', { type: 'checkbox', id: 'fixable' });
  const tbody = h('tbody', {});
  const shown = h('span', { class: 'muted', id: 'finding-count' });
  const render = () => {
    const q = filter.value.trim().toLowerCase();
    const limit = severitySelect.value ? severityRank(severitySelect.value) : kSeverities.length;
    const rows = findings.filter((f) => severityRank(f.severity) <= limit && (!fixable.checked || f.fixed) &&
      (!q || [f.id, ...f.aliases, f.package, f.installed, f.fixed, f.step, f.path].some((v) => v.toLowerCase().includes(q))));
    tbody.replaceChildren(...rows.map((f) => h('tr', { 'data-finding': f.id },
      h('td', { 'data-field': 'severity' }, severityBadge(f.severity)),
      h('td', { 'data-field': 'id' }, h('a', { href: '#/search?q=' + encodeURIComponent(f.id), title: f.title }, f.id),
        f.aliases.length ? h('div', { class: 'muted' }, f.aliases.join(', ')) : null),
      h('td', { 'data-field': 'package' }, f.package),
      h('td', { 'data-field': 'installed', class: 'mono' }, f.installed),
      h('td', { 'data-field': 'fixed', class: 'mono' }, f.fixed || h('span', { class: 'muted' }, f.status && f.status !== 'fixed' ? f.status.replace(/_/g, ' ') : 'no fix')),
      stepCell(f.step, f.layerDiffId, f.layerIndex),
      h('td', { 'data-field': 'path', class: 'wrap muted' }, f.path))));
    shown.textContent = rows.length === findings.length ? findings.length + ' findings' : rows.length + ' of ' + findings.length + ' findings';
  };
  for (const control of [filter, severitySelect, fixable]) control.addEventListener('input', render);
  render();

  const layerRows = layers.map((l, i) => h('tr', {},
    h('td', { class: 'num' }, String(i + 1)),
    h('td', { class: 'step' }, String(l.created_by || '—')),
    h('td', { class: 'mono muted', title: String(l.diff_id || '') }, shortDigest(String(l.diff_id || ''))),
    h('td', { class: 'num' }, String(perLayer.get(l.diff_id) || 0))));

  show('image/' + digest, 'ready',
    h('h1', {}, String(artifact.name || digest)),
    h('div', { class: 'panel summary' },
      h('dl', { class: 'facts' },
        h('dt', {}, 'Digest'), h('dd', { class: 'mono wrap', id: 'image-digest' }, String(artifact.digest || digest)),
        h('dt', {}, 'OS'), h('dd', {}, os),
        h('dt', {}, 'Packages'), h('dd', {}, String(asArray(report.packages).length)),
        h('dt', {}, 'Findings'), h('dd', {}, String(findings.length))),
      h('div', {}, h('div', { class: 'counts' }, kSeverities.map((s) => severityBadge(s, counts[s] || 0))), severityBar(counts), legend(kSeverities.filter((s) => counts[s])))),
    layers.length ? [h('h2', {}, 'Layers'), table([['#', 'num'], ['Dockerfile step'], ['Diff id'], ['Findings', 'num']], layerRows, { id: 'layers' })] : null,
    h('h2', {}, 'Findings'),
    h('div', { class: 'toolbar' }, filter, severitySelect, h('label', {}, fixable, ' fix available'), shown),
    findings.length
      ? h('table', { id: 'findings' }, h('thead', {}, h('tr', {}, ['Severity', 'Vulnerability', 'Package', 'Installed', 'Fixed in', 'Layer (Dockerfile step)', 'Path'].map((c) => h('th', {}, c)))), tbody)
      : h('div', { class: 'notice' }, 'No findings in this image.'));
}

// The incident-response view: every stored image with a finding (CVE/GHSA/... id or alias), or holding a
// package (purl, with an optional version range).
async function SearchView(params) {
  const q = (params.get('q') || '').trim();
  const range = (params.get('range') || '').trim();
  const input = h('input', { type: 'search', id: 'search-q', value: q, placeholder: 'CVE-2021-44228, GHSA-…, or pkg:maven/org.apache.logging.log4j/log4j-core', 'aria-label': 'CVE id or package URL' });
  const rangeInput = h('input', { type: 'text', id: 'search-range', value: range, placeholder: 'version range, e.g. <2.17.1', 'aria-label': 'Version range (packages only)' });
  const form = h('form', { class: 'toolbar', id: 'search-form', onsubmit: (e) => {
    e.preventDefault();
    const next = new URLSearchParams({ q: input.value.trim() });
    if (rangeInput.value.trim()) next.set('range', rangeInput.value.trim());
    location.hash = '#/search?' + next.toString();
  } }, input, rangeInput, h('button', { type: 'submit' }, 'Search'));
  const head = [h('h1', {}, 'Which images have…'), form];
  if (!q) return show('search', 'ready', head, h('p', { class: 'muted' }, 'A vulnerability id or alias lists every stored image with that finding; a package URL lists every image holding the package, advisory or not.'));
  show('search', 'loading', head, h('p', { class: 'muted' }, 'Searching…'));
  const byPackage = q.startsWith('pkg:');
  let listing;
  try {
    listing = await getAll((cursor) => (byPackage ? Api.packages(q, range, cursor) : Api.affected(q, cursor)));
  } catch (e) { return show('search', 'error', head, notice(e)); }
  const digests = new Set(listing.items.map((i) => i.digest));
  const one = digests.size === 1;
  const summary = h('p', { id: 'search-summary' }, h('strong', {}, String(digests.size)), one ? ' image ' : ' images ',
    byPackage ? (one ? 'holds ' : 'hold ') : (one ? 'has ' : 'have '), h('code', {}, q), range ? ' ' + range : '', listing.more ? ' (first ' + listing.items.length + ' hits)' : '');
  let result;
  if (byPackage) {
    const rows = listing.items.map(Shape.packageRow).map((p) => h('tr', { 'data-digest': p.digest },
      h('td', {}, imageName(p.repository, p.tags)), h('td', {}, imageLink(p.digest)),
      h('td', { 'data-field': 'package' }, p.name), h('td', { class: 'mono', 'data-field': 'installed' }, p.version),
      h('td', {}, p.ecosystem), h('td', { class: 'mono muted', title: p.layerDiffId }, shortDigest(p.layerDiffId)),
      h('td', { class: 'wrap muted' }, p.path)));
    result = table([['Image'], ['Digest'], ['Package'], ['Version'], ['Ecosystem'], ['Layer'], ['Path']], rows, { id: 'results' });
  } else {
    const hits = listing.items.map(Shape.affectedRow).sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
    const rows = hits.map((a) => h('tr', { 'data-digest': a.digest },
      h('td', {}, imageName(a.repository, a.tags)), h('td', {}, imageLink(a.digest)),
      h('td', { 'data-field': 'id' }, a.id), h('td', { 'data-field': 'severity' }, severityBadge(a.severity)),
      h('td', { 'data-field': 'package' }, a.package), h('td', { class: 'mono', 'data-field': 'installed' }, a.installed),
      h('td', { class: 'mono', 'data-field': 'fixed' }, a.fixed || h('span', { class: 'muted' }, 'no fix')),
      stepCell(a.step, a.layerDiffId)));
    result = table([['Image'], ['Digest'], ['Finding'], ['Severity'], ['Package'], ['Installed'], ['Fixed in'], ['Layer (Dockerfile step)']], rows, { id: 'results' });
  }
  show('search', 'ready', head, summary, listing.items.length ? result : h('div', { class: 'notice', id: 'no-results' }, 'No stored image matches.'));
}

let eventsTimer = null;
async function EventsView() {
  const title = h('h1', {}, 'Events');
  show('events', 'loading', title, h('p', { class: 'muted' }, 'Loading…'));
  const events = [];
  let cursor = '';
  try {
    for (let page = 0; page < kMaxPages; ++page) {
      const body = await get(Api.events(cursor));
      const batch = itemsOf(body).map(Shape.event);
      events.push(...batch);
      const next = Shape.eventsCursor(body, batch);
      if (!batch.length || next === cursor) break;
      cursor = next;
    }
  } catch (e) { return show('events', e.status === 404 ? 'unavailable' : 'error', title, notice(e, 'The event feed')); }
  const tbody = h('tbody', {});
  const row = (e) => h('tr', {}, h('td', { class: 'muted' }, formatTime(e.timeMs)), h('td', {}, h('code', {}, e.type)),
    h('td', {}, e.digest ? imageLink(e.digest, e.repository || undefined) : e.repository), h('td', { class: 'wrap' }, e.detail));
  tbody.replaceChildren(...events.slice().reverse().map(row));  // newest first
  show('events', 'ready', title, h('p', { class: 'muted' }, 'Newest first; new events appear as they are written.'),
    h('table', { id: 'events' }, h('thead', {}, h('tr', {}, ['Time', 'Event', 'Image', 'Detail'].map((c) => h('th', {}, c)))), tbody));
  clearInterval(eventsTimer);
  eventsTimer = setInterval(async () => {
    if (main().dataset.view !== 'events') return clearInterval(eventsTimer);
    try {
      const body = await get(Api.events(cursor));
      const batch = itemsOf(body).map(Shape.event);
      if (batch.length) { cursor = Shape.eventsCursor(body, batch); tbody.prepend(...batch.reverse().map(row)); }
    } catch { /* the next tick retries */ }
  }, 10000);
}

async function AlertsView() {
  const watchesPanel = h('section', { id: 'watches' }, h('h2', {}, 'Registry watches'), h('p', { class: 'muted' }, 'Loading…'));
  const hooksPanel = h('section', { id: 'webhooks' }, h('h2', {}, 'Webhooks'), h('p', { class: 'muted' }, 'Loading…'));
  show('alerts', 'loading', h('h1', {}, 'Watches & webhooks'), watchesPanel, hooksPanel);
  const stateClass = (s) => (/^(ok|active|enabled|delivered|healthy)$/i.test(s) ? 'state-ok' : /^(dead|disabled|error|failed|gone)$/i.test(s) ? 'state-bad' : 'state-warn');
  const results = await Promise.allSettled([get(Api.watches()), get(Api.webhooks())]);
  const [watches, hooks] = results;
  if (watches.status === 'fulfilled') {
    const rows = itemsOf(watches.value).map(Shape.watch).map((w) => h('tr', {},
      h('td', { class: 'wrap' }, w.repository), h('td', {}, h('code', {}, w.tags || '.*')), h('td', {}, w.interval),
      h('td', { class: 'muted' }, formatTime(w.lastPollMs)), h('td', { class: stateClass(w.state) }, w.state, w.error ? h('div', { class: 'muted' }, w.error) : null)));
    watchesPanel.replaceChildren(h('h2', {}, 'Registry watches'), rows.length
      ? table([['Repository'], ['Tags'], ['Interval'], ['Last poll'], ['State']], rows) : h('div', { class: 'notice' }, 'No registry is watched.'));
  } else watchesPanel.replaceChildren(h('h2', {}, 'Registry watches'), notice(watches.reason, 'Registry watching'));
  if (hooks.status === 'fulfilled') {
    const rows = itemsOf(hooks.value).map(Shape.webhook).map((w) => h('tr', {},
      h('td', { class: 'wrap' }, w.url), h('td', {}, w.format), h('td', {}, w.events.join(', ') || 'all'), h('td', {}, w.minSeverity || '—'),
      h('td', { class: stateClass(w.state) }, w.state), h('td', { class: 'num' }, String(w.delivered)), h('td', { class: 'num' }, String(w.pending)),
      h('td', { class: 'num' + (w.dead ? ' state-bad' : '') }, String(w.dead)),
      h('td', {}, w.lastStatus ? h('code', {}, w.lastStatus) : '—', ' ', h('span', { class: 'muted' }, formatTime(w.lastMs)), w.error ? h('div', { class: 'muted' }, w.error) : null)));
    hooksPanel.replaceChildren(h('h2', {}, 'Webhooks'), rows.length
      ? table([['URL'], ['Format'], ['Events'], ['Min severity'], ['State'], ['Delivered', 'num'], ['Pending', 'num'], ['Dead', 'num'], ['Last delivery']], rows)
      : h('div', { class: 'notice' }, 'No webhook is configured.'));
  } else hooksPanel.replaceChildren(h('h2', {}, 'Webhooks'), notice(hooks.reason, 'Webhooks'));
  const failed = results.filter((r) => r.status === 'rejected');
  main().dataset.state = !failed.length ? 'ready' : failed.every((r) => r.reason.status === 404) ? 'unavailable' : 'error';
}

async function TrendsView() {
  const title = h('h1', {}, 'Findings over DB generations');
  show('trends', 'loading', title, h('p', { class: 'muted' }, 'Loading…'));
  let generations;
  try { generations = itemsOf(await get(Api.generations())).map(Shape.generation); } catch (e) {
    return show('trends', e.status === 404 ? 'unavailable' : 'error', title, notice(e, 'The DB generation history'));
  }
  if (!generations.length) return show('trends', 'ready', title, h('div', { class: 'notice' }, 'No DB generation is recorded yet.'));
  show('trends', 'ready', title, legend(), generationChart(generations));
}

// Stacked bars, one per generation, oldest left.
function generationChart(generations) {
  const barWidth = 34, gap = 18, left = 48, top = 12, plotHeight = 220, bottom = 56;
  const totals = generations.map((g) => kSeverities.reduce((sum, s) => sum + g.counts[s], 0));
  const max = Math.max(1, ...totals);
  const width = left + generations.length * (barWidth + gap) + gap;
  const root = svg('svg', { width, height: top + plotHeight + bottom, class: 'chart', id: 'generation-chart', role: 'img', 'aria-label': 'findings per DB generation' });
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotHeight - fraction * plotHeight;
    root.append(svg('line', { x1: left - 4, x2: width, y1: y, y2: y, stroke: '#d9dee4' }),
      svg('text', { x: left - 8, y: y + 4, 'text-anchor': 'end' }, String(Math.round(fraction * max))));
  }
  generations.forEach((g, i) => {
    const x = left + gap + i * (barWidth + gap);
    let y = top + plotHeight;
    for (const s of kSeverities) {
      const hgt = g.counts[s] / max * plotHeight;
      if (hgt <= 0) continue;
      y -= hgt;
      root.append(svg('rect', { x, y, width: barWidth, height: hgt, fill: kSeverityColours[s] }, svg('title', {}, g.label + ' ' + s + ': ' + g.counts[s])));
    }
    root.append(svg('text', { x: x + barWidth / 2, y: top + plotHeight + 14, 'text-anchor': 'middle' }, String(totals[i])),
      svg('text', { x: x + barWidth / 2, y: top + plotHeight + 28, 'text-anchor': 'end', transform: 'rotate(-30 ' + (x + barWidth / 2) + ' ' + (top + plotHeight + 28) + ')' }, g.label));
  });
  return h('div', { class: 'panel' }, root);
}

// ---- 5. router and login --------------------------------------------------------------------------------
function route() {
  if (!Token.get()) return showLogin();
  document.getElementById('login').hidden = true;
  for (const id of ['nav', 'logout', 'quick-search']) document.getElementById(id).hidden = false;
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query] = [hash.split('?')[0], hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : ''];
  const params = new URLSearchParams(query);
  if (path.startsWith('image/')) return ImageView(decodeURIComponent(path.slice('image/'.length)));
  const views = { images: ImagesView, search: () => SearchView(params), events: EventsView, alerts: AlertsView, trends: TrendsView };
  return (views[path] || ImagesView)();
}

function showLogin(message) {
  for (const id of ['nav', 'logout', 'quick-search']) document.getElementById(id).hidden = true;
  main().replaceChildren();
  main().dataset.view = 'login';
  main().dataset.state = 'ready';
  document.getElementById('login').hidden = false;
  document.getElementById('login-error').textContent = message || '';
  document.getElementById('token').focus();
}

async function login(event) {
  event.preventDefault();
  const token = document.getElementById('token').value.trim();
  try {
    await get(Api.images('', 1), token);
  } catch (e) {
    return showLogin(e.status === 401 ? 'The server does not know this token.' : e.status === 403 ? 'This token may not read (it needs the read scope).' : 'Sign-in failed: ' + e.message);
  }
  Token.set(token);
  document.getElementById('token').value = '';
  route();
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('login-form').addEventListener('submit', login);
  document.getElementById('logout').addEventListener('click', () => { Token.clear(); showLogin(); });
  document.getElementById('quick-search').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = document.getElementById('quick-q').value.trim();
    if (q) location.hash = '#/search?' + new URLSearchParams({ q }).toString();
  });
  window.addEventListener('hashchange', route);
  route();
});
