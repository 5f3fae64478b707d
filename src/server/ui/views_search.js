// The incident-response view: every stored image with a finding (CVE/GHSA/... id or alias), or holding a
// package (purl, with an optional version range).
import { Api, getAll } from './api.js';
import { Shape } from './shape.js';
import { h, imageLink, imageName, notice, severityBadge, severityRank, shortDigest, show, stepCell, table } from './dom.js';

export async function SearchView(params) {
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
