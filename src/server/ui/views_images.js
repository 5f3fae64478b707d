// The image list and one image's page (findings with layer and fix).
import { Api, get, getAll } from './api.js';
import { kSeverities, asArray, Shape } from './shape.js';
import { h, imageLink, imageName, formatTime, legend, notice, severityBadge, severityBar, severityRank, shortDigest,
  show, stepCell, table } from './dom.js';

export async function ImagesView() {
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

export async function ImageView(digest) {
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
