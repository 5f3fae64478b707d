// The image list: every stored image with its findings per severity, and (when the server knows them) its
// policy verdict and whether it runs. Running images first, then the worst.
import { Api, getAll } from './api.js';
import { kSeverities, Shape } from './shape.js';
import { formatTime, h, imageLink, imageName, notice, severityBadge, show, table } from './dom.js';

const worst = (img) => (img.severities ? kSeverities.map((s) => Number(img.severities[s] || 0)) : [img.total]);

// More critical first, then more high, ...
function byWorst(a, b) {
  const x = worst(a), y = worst(b);
  const i = x.findIndex((v, k) => v !== y[k]);
  return i < 0 ? 0 : y[i] - x[i];
}

function countsCell(img) {
  if (!img.severities) return h('td', {}, String(img.total));
  return h('td', {}, h('div', { class: 'counts' },
    kSeverities.map((s) => severityBadge(s, Number(img.severities[s] || 0)))));
}

function policyCell(img) {
  if (img.policy === null) return h('td', { class: 'muted' }, '—');
  const verdict = img.policy === 'pass' || img.policy === 'fail' ? img.policy : '';
  return h('td', {}, h('span', { class: 'verdict ' + verdict }, img.policy));
}

function runningCell(img) {
  if (!img.running) return h('td', {}, h('span', { class: 'muted' }, 'no'));
  const where = img.runningWhere;
  return h('td', {}, h('span', { class: 'running', title: where.join('\n') },
    where.length ? 'running ×' + where.length : 'running'));
}

// The identified base and whether its tag has moved on since the image was built.
function baseCell(img) {
  const b = img.base;
  if (!b) return h('td', { class: 'muted', 'data-field': 'base' }, '—');
  const state = !b.advised ? ['muted', 'not advised yet'] : b.outdated ? ['state-warn', 'outdated'] : ['state-ok', 'current'];
  const rebuild = b.recommended && b.recommended.removes > 0
    ? h('div', { class: 'muted' }, 'rebuild removes ' + b.recommended.removes) : null;
  return h('td', { 'data-field': 'base' },
    h('div', { class: 'wrap', 'data-base-name': '' }, b.name + (b.tag ? ':' + b.tag : '')),
    h('span', { class: state[0], 'data-base-state': '' }, state[1]), rebuild);
}

function imageRow(img, withPolicy, withRunning, withBase) {
  return h('tr', { 'data-digest': img.digest },
    h('td', {}, imageName(img.repository, img.tags, img.digest), img.os ? h('div', { class: 'muted' }, img.os) : null),
    h('td', {}, imageLink(img.digest)),
    countsCell(img),
    h('td', { class: 'num', 'data-field': 'total' }, String(img.total)),
    h('td', { class: 'num' }, String(img.packages)),
    withPolicy ? policyCell(img) : null,
    withRunning ? runningCell(img) : null,
    withBase ? baseCell(img) : null,
    h('td', { class: 'muted' }, formatTime(img.scannedMs)));
}

export async function ImagesView() {
  const title = h('h1', {}, 'Images');
  show('images', 'loading', title, h('p', { class: 'muted' }, 'Loading…'));
  let listing;
  try {
    listing = await getAll(Api.images);
  } catch (e) {
    return show('images', 'error', title, notice(e));
  }
  const images = listing.items.map(Shape.imageRow);
  images.sort((a, b) => (b.running === true) - (a.running === true) || byWorst(a, b) ||
    a.repository.localeCompare(b.repository));
  // The columns other parts of the server fill appear once any image has them.
  const withRunning = images.some((i) => i.running !== null);
  const withPolicy = images.some((i) => i.policy !== null);
  const withBase = images.some((i) => i.base !== null);
  const columns = [['Image'], ['Digest'], ['Findings by severity'], ['Total', 'num'], ['Packages', 'num'],
    withPolicy && ['Policy'], withRunning && ['Running'], withBase && ['Base image'], ['Scanned']].filter(Boolean);
  title.append(' ', h('span', { class: 'muted' }, '(' + images.length + (listing.more ? '+' : '') + ')'));
  show('images', 'ready', title, images.length
    ? table(columns, images.map((img) => imageRow(img, withPolicy, withRunning, withBase)), { id: 'images' })
    : h('div', { class: 'notice' }, 'No image is stored yet: POST /api/v1/scans, or drydock image … --server.'));
}
