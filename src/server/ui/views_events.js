// The event feed (GET /events?after=CURSOR): every page up to now, newest first, then polled for what is new.
// A server without the feed answers 404: "not available on this server".
import { Api, get, kMaxPages } from './api.js';
import { itemsOf, Shape } from './shape.js';
import { formatTime, h, imageLink, main, notice, severityBadge, show } from './dom.js';

const kPollMs = 10000;
let poller = null;

function eventRow(e) {
  return h('tr', { 'data-event': e.cursor },
    h('td', { class: 'muted' }, formatTime(e.timeMs)),
    h('td', {}, h('code', {}, e.type)),
    h('td', {}, e.severity ? severityBadge(e.severity) : ''),
    h('td', {}, e.digest ? imageLink(e.digest, e.repository || undefined) : e.repository),
    h('td', { class: 'wrap' }, e.detail));
}

// The events after `cursor` (one page) and the cursor to continue from.
async function nextPage(cursor) {
  const body = await get(Api.events(cursor));
  const events = itemsOf(body).map(Shape.event);
  return { events, cursor: Shape.eventsCursor(body, events) };
}

export async function EventsView() {
  const title = h('h1', {}, 'Events');
  show('events', 'loading', title, h('p', { class: 'muted' }, 'Loading…'));
  const events = [];
  let cursor = '';
  try {
    for (let page = 0; page < kMaxPages; ++page) {
      const next = await nextPage(cursor);
      events.push(...next.events);
      if (!next.events.length || next.cursor === cursor) break;
      cursor = next.cursor;
    }
  } catch (e) {
    return show('events', e.status === 404 ? 'unavailable' : 'error', title, notice(e, 'The event feed'));
  }
  const tbody = h('tbody', {}, events.slice().reverse().map(eventRow));
  const headers = ['Time', 'Event', 'Severity', 'Image', 'Detail'].map((c) => h('th', {}, c));
  show('events', 'ready', title, h('p', { class: 'muted' }, 'Newest first; new events appear as they are written.'),
    h('table', { id: 'events' }, h('thead', {}, h('tr', {}, headers)), tbody));
  clearInterval(poller);
  poller = setInterval(async () => {
    if (main().dataset.view !== 'events') return clearInterval(poller);
    try {
      const next = await nextPage(cursor);
      if (!next.events.length) return;
      cursor = next.cursor;
      tbody.prepend(...next.events.reverse().map(eventRow));
    } catch { /* the next tick retries */ }
  }, kPollMs);
}
