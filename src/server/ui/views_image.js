// One image's page: facts, findings per severity, its layers (Dockerfile steps) and its findings with layer and
// fix, filtered in place.
import { Api, get } from './api.js';
import { asArray, kSeverities, Shape } from './shape.js';
import { h, legend, notice, severityBadge, severityBar, severityRank, shortDigest, show, stepCell, table }
  from './dom.js';
import { baseSection } from './views_base.js';

function findingRow(f) {
  const unfixed = f.status && f.status !== 'fixed' ? f.status.replace(/_/g, ' ') : 'no fix';
  return h('tr', { 'data-finding': f.id },
    h('td', { 'data-field': 'severity' }, severityBadge(f.severity)),
    h('td', { 'data-field': 'id' },
      h('a', { href: '#/search?q=' + encodeURIComponent(f.id), title: f.title || 'images with ' + f.id }, f.id),
      f.aliases.length ? h('div', { class: 'muted' }, f.aliases.join(', ')) : null),
    h('td', { 'data-field': 'package' }, f.package),
    h('td', { 'data-field': 'installed', class: 'mono' }, f.installed),
    h('td', { 'data-field': 'fixed', class: 'mono' }, f.fixed || h('span', { class: 'muted' }, unfixed)),
    stepCell(f.step, f.layerDiffId, f.layerIndex),
    h('td', { 'data-field': 'path', class: 'wrap muted' }, f.path));
}

// The findings table with its filter controls; the rows follow the controls as they change.
function findingsSection(findings) {
  const filter = h('input', { type: 'search', id: 'finding-filter', placeholder: 'filter: id, package, layer…',
    'aria-label': 'Filter findings' });
  const severity = h('select', { id: 'severity-filter', 'aria-label': 'Minimum severity' },
    h('option', { value: '' }, 'all severities'),
    kSeverities.slice(0, 4).map((s) => h('option', { value: s }, s + ' and worse')));
  const fixable = h('input', { type: 'checkbox', id: 'fixable' });
  const tbody = h('tbody', {});
  const count = h('span', { class: 'muted', id: 'finding-count' });
  const render = () => {
    const q = filter.value.trim().toLowerCase();
    const limit = severity.value ? severityRank(severity.value) : kSeverities.length;
    const matches = (f) => [f.id, ...f.aliases, f.package, f.installed, f.fixed, f.step, f.path]
      .some((v) => v.toLowerCase().includes(q));
    const rows = findings.filter((f) => severityRank(f.severity) <= limit && (!fixable.checked || f.fixed) &&
      (!q || matches(f)));
    tbody.replaceChildren(...rows.map(findingRow));
    const of = rows.length === findings.length ? '' : rows.length + ' of ';
    count.textContent = of + findings.length + ' findings';
  };
  for (const control of [filter, severity, fixable]) control.addEventListener('input', render);
  render();
  if (!findings.length) {
    return [h('h2', {}, 'Findings'), h('div', { class: 'notice' }, 'No findings in this image.')];
  }
  const headers = ['Severity', 'Vulnerability', 'Package', 'Installed', 'Fixed in', 'Layer (Dockerfile step)',
    'Path'];
  return [h('h2', {}, 'Findings'),
    h('div', { class: 'toolbar' }, filter, severity, h('label', {}, fixable, ' fix available'), count),
    h('table', { id: 'findings' }, h('thead', {}, h('tr', {}, headers.map((c) => h('th', {}, c)))), tbody)];
}

function layersSection(layers, findings) {
  if (!layers.length) return [];
  const perLayer = new Map();
  for (const f of findings) perLayer.set(f.layerDiffId, (perLayer.get(f.layerDiffId) || 0) + 1);
  const rows = layers.map((l, i) => h('tr', {},
    h('td', { class: 'num' }, String(i + 1)),
    h('td', { class: 'step' }, String(l.created_by || '—')),
    h('td', { class: 'mono muted', title: String(l.diff_id || '') }, shortDigest(String(l.diff_id || ''))),
    h('td', { class: 'num' }, String(perLayer.get(l.diff_id) || 0))));
  return [h('h2', {}, 'Layers'),
    table([['#', 'num'], ['Dockerfile step'], ['Diff id'], ['Findings', 'num']], rows, { id: 'layers' })];
}

function summary(digest, report, findings) {
  const artifact = report.artifact || {};
  const os = artifact.os && artifact.os.family ? artifact.os.family + ' ' + (artifact.os.version || '') : '—';
  const counts = {};
  for (const f of findings) counts[f.severity] = (counts[f.severity] || 0) + 1;
  const fact = (name, value, attributes) => [h('dt', {}, name), h('dd', attributes || {}, value)];
  return h('div', { class: 'panel summary' },
    h('dl', { class: 'facts' },
      fact('Digest', String(artifact.digest || digest), { class: 'mono wrap', id: 'image-digest' }),
      fact('OS', os),
      fact('Packages', String(asArray(report.packages).length)),
      fact('Findings', String(findings.length))),
    h('div', {},
      h('div', { class: 'counts' }, kSeverities.map((s) => severityBadge(s, counts[s] || 0))),
      severityBar(counts),
      legend(kSeverities.filter((s) => counts[s]))));
}

export async function ImageView(digest) {
  show('image', 'loading', h('h1', {}, 'Image'), h('p', { class: 'muted' }, 'Loading…'));
  let report;
  // The base advice is its own request; a server without it (404) or a failure leaves the section out.
  const baseRequest = get(Api.imageBase(digest)).then(Shape.imageBase, (e) => e);
  try {
    report = await get(Api.image(digest));
  } catch (e) {
    const missing = e.status === 404;
    const why = missing ? h('div', { class: 'notice' }, 'No image ' + digest + ' is stored.') : notice(e);
    return show('image', missing ? 'unavailable' : 'error', h('h1', {}, 'Image'), why);
  }
  const layers = asArray((report.artifact || {}).layers);
  const findings = asArray(report.vulnerabilities).map((f) => Shape.finding(f, layers));
  const base = await baseRequest;
  const baseView = base instanceof Error ? (base.status === 404 ? [] : [h('h2', {}, 'Base image'), notice(base)])
    : baseSection(base);
  show('image/' + digest, 'ready', h('h1', {}, String((report.artifact || {}).name || digest)),
    summary(digest, report, findings), baseView, layersSection(layers, findings), findingsSection(findings));
}
