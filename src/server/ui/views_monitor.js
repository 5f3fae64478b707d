// The continuous-monitoring panels: event feed, watches and webhooks, findings over DB generations. Their APIs
// may be absent from a server: a 404 shows "not available on this server".
import { Api, get, kMaxPages } from './api.js';
import { kSeverities, kSeverityColours, itemsOf, Shape } from './shape.js';
import { h, imageLink, formatTime, legend, main, notice, show, svg, table } from './dom.js';

let eventsTimer = null;
export async function EventsView() {
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

export async function AlertsView() {
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

export async function TrendsView() {
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
export function generationChart(generations) {
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
