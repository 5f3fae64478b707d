// Registry watches and webhook endpoints with their delivery state. A server without them answers 404: each
// panel then says "not available on this server".
import { Api, get } from './api.js';
import { itemsOf, Shape } from './shape.js';
import { formatTime, h, main, notice, show, table } from './dom.js';

function stateClass(state) {
  if (/^(ok|active|enabled|delivered|healthy)$/i.test(state)) return 'state-ok';
  if (/^(dead|disabled|error|failed|gone)$/i.test(state)) return 'state-bad';
  return 'state-warn';
}

function watchesTable(body) {
  const rows = itemsOf(body).map(Shape.watch).map((w) => h('tr', {},
    h('td', { class: 'wrap' }, w.repository),
    h('td', {}, h('code', {}, w.tags || '.*')),
    h('td', {}, w.interval),
    h('td', { class: 'muted' }, formatTime(w.lastPollMs)),
    h('td', { class: stateClass(w.state) }, w.state, w.error ? h('div', { class: 'muted' }, w.error) : null)));
  if (!rows.length) return h('div', { class: 'notice' }, 'No registry is watched.');
  return table([['Repository'], ['Tags'], ['Interval'], ['Last poll'], ['State']], rows);
}

function webhooksTable(body) {
  const rows = itemsOf(body).map(Shape.webhook).map((w) => h('tr', {},
    h('td', { class: 'wrap' }, w.url),
    h('td', {}, w.format),
    h('td', {}, w.events.join(', ') || 'all'),
    h('td', {}, w.minSeverity || '—'),
    h('td', { class: stateClass(w.state) }, w.state),
    h('td', { class: 'num' }, String(w.delivered)),
    h('td', { class: 'num' }, String(w.pending)),
    h('td', { class: 'num' + (w.dead ? ' state-bad' : '') }, String(w.dead)),
    h('td', {}, w.lastStatus ? h('code', {}, w.lastStatus) : '—', ' ',
      h('span', { class: 'muted' }, formatTime(w.lastMs)), w.error ? h('div', { class: 'muted' }, w.error) : null)));
  if (!rows.length) return h('div', { class: 'notice' }, 'No webhook is configured.');
  const columns = [['URL'], ['Format'], ['Events'], ['Min severity'], ['State'], ['Delivered', 'num'],
    ['Pending', 'num'], ['Dead', 'num'], ['Last delivery']];
  return table(columns, rows);
}

export async function AlertsView() {
  const panels = [
    { id: 'watches', title: 'Registry watches', what: 'Registry watching', path: Api.watches(), draw: watchesTable },
    { id: 'webhooks', title: 'Webhooks', what: 'Webhooks', path: Api.webhooks(), draw: webhooksTable },
  ];
  for (const p of panels) {
    p.node = h('section', { id: p.id }, h('h2', {}, p.title), h('p', { class: 'muted' }, 'Loading…'));
  }
  show('alerts', 'loading', h('h1', {}, 'Watches & webhooks'), panels.map((p) => p.node));
  const results = await Promise.allSettled(panels.map((p) => get(p.path)));
  results.forEach((r, i) => {
    const p = panels[i];
    const content = r.status === 'fulfilled' ? p.draw(r.value) : notice(r.reason, p.what);
    p.node.replaceChildren(h('h2', {}, p.title), content);
  });
  const failed = results.filter((r) => r.status === 'rejected');
  const unavailable = failed.every((r) => r.reason.status === 404);
  if (main().dataset.view !== 'alerts') return;  // the user went elsewhere meanwhile
  main().dataset.state = !failed.length ? 'ready' : unavailable ? 'unavailable' : 'error';
}
