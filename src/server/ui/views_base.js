// The image page's base-image section: which base the image was built on and how that was decided, whether
// the base's tag has moved on (the base was rebuilt upstream), and the rebuild the server recommends with the
// findings it removes (GET /images/{digest}/base).
import { kSeverities } from './shape.js';
import { h, severityBadge, shortDigest, table } from './dom.js';

// Only the severities a rebuild removes, in their colours (each one is among the image's own findings).
function removedBadges(option) {
  const present = kSeverities.filter((s) => Number(option.removed.bySeverity[s] || 0) > 0);
  return h('span', { class: 'counts', 'data-removed': String(option.removed.total) },
    present.map((s) => severityBadge(s, Number(option.removed.bySeverity[s]))));
}

const named = (o) => o.name + (o.tag ? ':' + o.tag : '');

function optionRow(o, recommended) {
  const size = o.sizeDelta === null ? '—' : (o.sizeDelta > 0 ? '+' : '') + (o.sizeDelta / 1e6).toFixed(1) + ' MB';
  if (o.error) {
    return h('tr', { 'data-kind': o.kind }, h('td', {}, o.kind), h('td', { class: 'mono wrap' }, named(o)),
      h('td', { colspan: 4, class: 'error' }, o.error));
  }
  return h('tr', { 'data-kind': o.kind, class: recommended ? 'recommended' : null },
    h('td', {}, o.kind, recommended ? h('div', { class: 'state-ok' }, 'recommended') : null),
    h('td', { class: 'mono wrap', title: o.digest }, named(o), h('div', { class: 'muted' }, shortDigest(o.digest))),
    h('td', { 'data-field': 'removes' }, String(o.removed.total), ' ', removedBadges(o)),
    h('td', { class: 'num', 'data-field': 'adds' }, String(o.added.total)),
    h('td', {}, (o.os || '—') + (o.endOfLife ? ' (end of life)' : o.endOfLifeDate ? ' (until ' + o.endOfLifeDate + ')' : '')),
    h('td', { class: 'num' }, size));
}

export function baseSection(base) {
  if (!base.identified) {
    return [h('h2', {}, 'Base image'), h('div', { class: 'notice', id: 'base' }, 'No base image was identified.')];
  }
  const fact = (name, value, attributes) => [h('dt', {}, name), h('dd', attributes || {}, value)];
  const state = !base.advised ? h('span', { class: 'muted' }, 'not advised yet')
    : base.outdated
      ? h('span', { class: 'state-warn' }, 'outdated: the tag now points to ', h('code', {}, shortDigest(base.currentDigest)))
      : h('span', { class: 'state-ok' }, 'current');
  const r = base.recommended;
  const recommendation = !base.advised ? '—' : !r ? 'none: no rebuild removes a finding'
    : [r.kind + ' ', h('code', { 'data-field': 'recommended-base' }, named(r)), ' removes ',
      h('strong', { 'data-field': 'recommended-removes' }, String(r.removed.total)), ' finding' +
      (r.removed.total === 1 ? ' ' : 's '), removedBadges(r)];
  const facts = h('div', { class: 'panel', id: 'base' },
    h('dl', { class: 'facts' },
      fact('Base', named(base) || '(unnamed)', { class: 'mono wrap', 'data-field': 'base-name' }),
      fact('Digest', base.digest || '—', { class: 'mono wrap', 'data-field': 'base-digest' }),
      fact('Identified by', [h('span', { 'data-field': 'base-source' }, base.source),
        base.reason ? h('div', { class: 'muted', 'data-field': 'base-reason' }, base.reason) : null]),
      fact('State', state, { 'data-field': 'base-state', 'data-outdated': String(base.outdated) }),
      fact('Recommended rebuild', recommendation, { 'data-field': 'recommended' })));
  const options = base.options.length
    ? table([['Option'], ['Base'], ['Removes'], ['Adds', 'num'], ['OS'], ['Size', 'num']],
      base.options.map((o) => optionRow(o, r && o.kind === r.kind && o.digest === r.digest)), { id: 'base-options' })
    : null;
  return [h('h2', {}, 'Base image'), facts, options];
}
