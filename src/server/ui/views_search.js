// The incident-response view: every stored image with a finding (CVE/GHSA/... id or alias), or holding a
// package (purl, with an optional version range: the first hours of a zero-day, before any advisory).
import { Api, getAll } from './api.js';
import { Shape } from './shape.js';
import { h, imageLink, imageName, notice, severityBadge, severityRank, shortDigest, show, stepCell, table }
  from './dom.js';

function searchForm(q, range) {
  const input = h('input', { type: 'search', id: 'search-q', value: q, 'aria-label': 'CVE id or package URL',
    placeholder: 'CVE-2021-44228, GHSA-…, or pkg:maven/org.apache.logging.log4j/log4j-core' });
  const rangeInput = h('input', { type: 'text', id: 'search-range', value: range,
    placeholder: 'version range, e.g. <2.17.1', 'aria-label': 'Version range (packages only)' });
  const submit = (e) => {
    e.preventDefault();
    const next = new URLSearchParams({ q: input.value.trim() });
    if (rangeInput.value.trim()) next.set('range', rangeInput.value.trim());
    location.hash = '#/search?' + next.toString();
  };
  return h('form', { class: 'toolbar', id: 'search-form', onsubmit: submit },
    input, rangeInput, h('button', { type: 'submit' }, 'Search'));
}

function packageTable(items) {
  const rows = items.map(Shape.packageRow).map((p) => h('tr', { 'data-digest': p.digest },
    h('td', {}, imageName(p.repository, p.tags)),
    h('td', {}, imageLink(p.digest)),
    h('td', { 'data-field': 'package' }, p.name),
    h('td', { class: 'mono', 'data-field': 'installed' }, p.version),
    h('td', {}, p.ecosystem),
    h('td', { class: 'mono muted', title: p.layerDiffId }, shortDigest(p.layerDiffId)),
    h('td', { class: 'wrap muted' }, p.path)));
  const columns = [['Image'], ['Digest'], ['Package'], ['Version'], ['Ecosystem'], ['Layer'], ['Path']];
  return table(columns, rows, { id: 'results' });
}

function findingTable(items) {
  const hits = items.map(Shape.affectedRow).sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  const rows = hits.map((a) => h('tr', { 'data-digest': a.digest },
    h('td', {}, imageName(a.repository, a.tags)),
    h('td', {}, imageLink(a.digest)),
    h('td', { 'data-field': 'id' }, a.id),
    h('td', { 'data-field': 'severity' }, severityBadge(a.severity)),
    h('td', { 'data-field': 'package' }, a.package),
    h('td', { class: 'mono', 'data-field': 'installed' }, a.installed),
    h('td', { class: 'mono', 'data-field': 'fixed' }, a.fixed || h('span', { class: 'muted' }, 'no fix')),
    stepCell(a.step, a.layerDiffId)));
  const columns = [['Image'], ['Digest'], ['Finding'], ['Severity'], ['Package'], ['Installed'], ['Fixed in'],
    ['Layer (Dockerfile step)']];
  return table(columns, rows, { id: 'results' });
}

export async function SearchView(params) {
  const q = (params.get('q') || '').trim();
  const range = (params.get('range') || '').trim();
  const head = [h('h1', {}, 'Which images have…'), searchForm(q, range)];
  if (!q) {
    return show('search', 'ready', head, h('p', { class: 'muted' }, 'A vulnerability id or alias lists every ' +
      'stored image with that finding; a package URL lists every image holding the package, advisory or not.'));
  }
  show('search', 'loading', head, h('p', { class: 'muted' }, 'Searching…'));
  const byPackage = q.startsWith('pkg:');
  let listing;
  try {
    listing = await getAll((cursor) => (byPackage ? Api.packages(q, range, cursor) : Api.affected(q, cursor)));
  } catch (e) {
    return show('search', 'error', head, notice(e));
  }
  const images = new Set(listing.items.map((i) => i.digest)).size;
  const one = images === 1;
  const verb = byPackage ? (one ? 'holds ' : 'hold ') : (one ? 'has ' : 'have ');
  const summary = h('p', { id: 'search-summary' }, h('strong', {}, String(images)), one ? ' image ' : ' images ',
    verb, h('code', {}, q), range ? ' ' + range : '',
    listing.more ? ' (the first ' + listing.items.length + ' hits)' : '');
  if (!listing.items.length) {
    return show('search', 'ready', head, summary, h('div', { class: 'notice' }, 'No stored image matches.'));
  }
  show('search', 'ready', head, summary, byPackage ? packageTable(listing.items) : findingTable(listing.items));
}
