// Findings over DB generations: one stacked bar per generation (plain SVG), oldest left. A server without the
// generation history answers 404: "not available on this server".
import { Api, get } from './api.js';
import { itemsOf, kSeverities, kSeverityColours, Shape } from './shape.js';
import { h, legend, notice, show, svg } from './dom.js';

const kBarWidth = 34, kGap = 18, kLeft = 48, kTop = 12, kPlotHeight = 220, kBottom = 56;

function generationChart(generations) {
  const totals = generations.map((g) => kSeverities.reduce((sum, s) => sum + g.counts[s], 0));
  const max = Math.max(1, ...totals);
  const width = kLeft + generations.length * (kBarWidth + kGap) + kGap;
  const base = kTop + kPlotHeight;
  const root = svg('svg', { width, height: base + kBottom, class: 'chart', id: 'generation-chart', role: 'img',
    'aria-label': 'findings per DB generation' });
  for (const fraction of [0, 0.5, 1]) {
    const y = base - fraction * kPlotHeight;
    root.append(svg('line', { x1: kLeft - 4, x2: width, y1: y, y2: y, stroke: '#d9dee4' }),
      svg('text', { x: kLeft - 8, y: y + 4, 'text-anchor': 'end' }, String(Math.round(fraction * max))));
  }
  generations.forEach((g, i) => {
    const x = kLeft + kGap + i * (kBarWidth + kGap);
    const middle = x + kBarWidth / 2;
    let y = base;
    for (const s of kSeverities) {
      const height = g.counts[s] / max * kPlotHeight;
      if (height <= 0) continue;
      y -= height;
      root.append(svg('rect', { x, y, width: kBarWidth, height, fill: kSeverityColours[s], 'data-severity': s,
        'data-count': g.counts[s], 'data-generation': g.id },
        svg('title', {}, g.label + ' ' + s + ': ' + g.counts[s])));
    }
    root.append(svg('text', { x: middle, y: base + 14, 'text-anchor': 'middle', 'data-generation': g.id,
      'data-total': totals[i] }, String(totals[i])),
      svg('text', { x: middle, y: base + 28, 'text-anchor': 'end', transform: `rotate(-30 ${middle} ${base + 28})` },
        g.label));
  });
  return h('div', { class: 'panel' }, root);
}

export async function TrendsView() {
  const title = h('h1', {}, 'Findings over DB generations');
  show('trends', 'loading', title, h('p', { class: 'muted' }, 'Loading…'));
  let generations;
  try {
    generations = itemsOf(await get(Api.generations())).map(Shape.generation);
  } catch (e) {
    return show('trends', e.status === 404 ? 'unavailable' : 'error', title, notice(e, 'The DB generation history'));
  }
  if (!generations.length) {
    return show('trends', 'ready', title, h('div', { class: 'notice' }, 'No DB generation is recorded yet.'));
  }
  show('trends', 'ready', title, legend(), generationChart(generations));
}
