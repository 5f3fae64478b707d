// Drives headless Chromium (the Debian package, through playwright-core) through the dashboard the way a user
// does, and writes down what the page showed; tests/dashboard_test.cc compares that with the API's answers.
//   usage: node drive.js CONFIG.json
//   CONFIG: {chromium, url, token, wrong_token, cve, digest, purl, range, screenshot, screenshot_dir, out}
// Writes OUT as JSON: {launch_error} when the browser cannot start (the test skips), else the observations.
'use strict';
const fs = require('fs');
const { chromium } = require('playwright-core');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const seen = { console: [], page_errors: [], steps: [], timings_ms: {} };
const t0 = Date.now();
const step = (name) => seen.steps.push(name + ' @' + (Date.now() - t0) + 'ms');
const write = () => fs.writeFileSync(config.out, JSON.stringify(seen, null, 1));

// The view is drawn when <main> carries data-view and a settled data-state.
async function settled(page, view) {
  const started = Date.now();
  await page.waitForSelector(`main[data-view^="${view}"]:not([data-state="loading"])`, { timeout: 15000 });
  seen.timings_ms[view.replace('/', '')] = Date.now() - started;
  return page.$eval('main', (m) => ({ view: m.dataset.view, state: m.dataset.state, text: m.innerText.slice(0, 2000) }));
}

// The screenshot's pixels, counted in the browser itself (a canvas decodes the PNG): how much is not page
// background, how many colours, and how many pixels carry each severity colour.
async function pixelStats(browser, png) {
  const page = await browser.newPage();
  const stats = await page.evaluate(async ({ data, colours }) => {
    const image = new Image();
    image.src = 'data:image/png;base64,' + data;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const targets = Object.entries(colours);
    const severity = Object.fromEntries(targets.map(([k]) => [k, 0]));
    const distinct = new Set();
    let content = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const r = pixels[i], g = pixels[i + 1], b = pixels[i + 2];
      const white = r >= 253 && g >= 253 && b >= 253;
      const page = Math.abs(r - 0xf5) <= 2 && Math.abs(g - 0xf7) <= 2 && Math.abs(b - 0xf9) <= 2;
      if (white || page) continue;
      ++content;
      if (distinct.size < 5000) distinct.add((r << 16) | (g << 8) | b);
      for (const [name, [cr, cg, cb]] of targets) {
        if (Math.abs(r - cr) <= 3 && Math.abs(g - cg) <= 3 && Math.abs(b - cb) <= 3) ++severity[name];
      }
    }
    return { width: canvas.width, height: canvas.height, content_fraction: content / (pixels.length / 4),
      distinct_colours: distinct.size, severity_pixels: severity };
  }, { data: png.toString('base64'), colours: {
    CRITICAL: [0xb3, 0x00, 0x1b], HIGH: [0xf2, 0x60, 0x0c], MEDIUM: [0xf5, 0xb8, 0x00], LOW: [0x2f, 0x6f, 0xdb] } });
  await page.close();
  return stats;
}

async function run() {
  let browser;
  try {
    step('node up');
    browser = await chromium.launch({ executablePath: config.chromium, args: ['--no-sandbox', '--disable-gpu'], timeout: 30000 });
  } catch (e) {
    seen.launch_error = String(e.message).split('\n')[0];
    return;
  }
  try {
    step('browser up');
    const context = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
    const page = await context.newPage();
    page.on('console', (m) => seen.console.push(m.type() + ': ' + m.text()));
    page.on('pageerror', (e) => seen.page_errors.push(e.message));

    const response = await page.goto(config.url + '/');
    seen.headers = await response.allHeaders();
    await page.waitForSelector('#login:not([hidden])');
    step('login form');

    // A token the server does not know is refused on the form.
    await page.fill('#token', config.wrong_token);
    await page.click('#login-form button[type=submit]');
    await page.waitForFunction(() => document.getElementById('login-error').textContent !== '');
    seen.wrong_token_message = await page.textContent('#login-error');
    seen.token_kept_after_refusal = await page.evaluate(() => sessionStorage.getItem('drydock.token'));

    await page.fill('#token', config.token);
    await page.click('#login-form button[type=submit]');
    seen.images_view = await settled(page, 'images');
    seen.token_in_session_storage = (await page.evaluate(() => sessionStorage.getItem('drydock.token'))) === config.token;
    seen.images_columns = await page.$$eval('#images thead th', (cells) => cells.map((c) => c.textContent));
    seen.images = await page.$$eval('#images tbody tr', (rows) => rows.map((r) => ({
      digest: r.dataset.digest,
      name: r.querySelector('[data-field=image]').textContent,
      total: Number(r.querySelector('[data-field=total]').textContent),
      severities: Object.fromEntries(Array.from(r.querySelectorAll('.counts [data-severity]'))
        .map((s) => [s.dataset.severity, Number(s.textContent)])),
      base_name: (r.querySelector('[data-field=base] [data-base-name]') || { textContent: null }).textContent,
      base_state: (r.querySelector('[data-field=base] [data-base-state]') || { textContent: null }).textContent,
    })));
    // Markup in stored names is shown as text: no element of it may exist in the page.
    seen.injected_elements = await page.$$eval('main img, main script, main b, main iframe', (e) => e.length);
    await page.screenshot({ path: config.screenshot_dir + '/dashboard-images.png' });
    step('images');

    // The zero-day search: a package URL and a version range, typed on the search page.
    await page.click('#nav a[data-nav=search]');
    await settled(page, 'search');
    await page.fill('#search-q', config.purl);
    await page.fill('#search-range', config.range);
    await page.click('#search-form button[type=submit]');
    // The empty search page was ready already: wait for this search's answer.
    await page.waitForSelector('main[data-state="ready"] #search-summary', { timeout: 15000 });
    seen.package_view = await settled(page, 'search');
    seen.package_rows = await page.$$eval('#results tbody tr', (rows) => rows.map((r) => ({
      digest: r.dataset.digest,
      package: r.querySelector('[data-field=package]').textContent,
      installed: r.querySelector('[data-field=installed]').textContent,
    })));
    step('package search');

    // The incident-response search, from the header's search box.
    await page.fill('#quick-q', config.cve);
    await page.press('#quick-q', 'Enter');
    seen.search_view = await settled(page, 'search');
    seen.search_summary = await page.textContent('#search-summary');
    await page.screenshot({ path: config.screenshot_dir + '/dashboard-search.png' });
    seen.search_rows = await page.$$eval('#results tbody tr', (rows) => rows.map((r) => ({
      digest: r.dataset.digest,
      id: r.querySelector('[data-field=id]').textContent,
      package: r.querySelector('[data-field=package]').textContent,
      installed: r.querySelector('[data-field=installed]').textContent,
    })));
    step('search');

    // The image page, reached by clicking the image in the search results.
    await page.click(`#results a.mono[data-digest="${config.digest}"]`);
    seen.image_view = await settled(page, 'image/');
    seen.image_digest_shown = await page.textContent('#image-digest');
    seen.api_timings_ms = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/')).map((e) => [e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.duration)]));
    seen.findings = await page.$$eval('#findings tbody tr', (rows) => rows.map((r) => {
      const cell = (f) => r.querySelector(`[data-field=${f}]`);
      const fixed = cell('fixed');
      const layer = cell('layer');
      return {
        id: cell('id').querySelector('a').textContent,
        severity: cell('severity').querySelector('[data-severity]').dataset.severity,
        package: cell('package').textContent,
        installed: cell('installed').textContent,
        fixed: fixed.querySelector('.muted') ? '' : fixed.textContent,
        layer_diff_id: layer.dataset.diffId,
        step: layer.querySelector('[data-step]').textContent,
      };
    }));
    // The base-image section: what the page says the base is, how it was identified, and the advice.
    seen.base = await page.evaluate(() => {
      const text = (selector) => { const e = document.querySelector(selector); return e ? e.textContent : null; };
      const state = document.querySelector('#base [data-field=base-state]');
      return {
        name: text('#base [data-field=base-name]'), digest: text('#base [data-field=base-digest]'),
        source: text('#base [data-field=base-source]'), reason: text('#base [data-field=base-reason]'),
        outdated: state ? state.dataset.outdated : null, state: state ? state.textContent : null,
        recommended: text('#base [data-field=recommended-base]'),
        recommended_removes: text('#base [data-field=recommended-removes]'),
        options: Array.from(document.querySelectorAll('#base-options tbody tr')).map((r) => ({
          kind: r.dataset.kind,
          removes: r.querySelector('[data-field=removes] [data-removed]')
            ? Number(r.querySelector('[data-field=removes] [data-removed]').dataset.removed) : null,
          badges: Object.fromEntries(Array.from(r.querySelectorAll('[data-field=removes] [data-severity]'))
            .map((b) => [b.dataset.severity, Number(b.textContent)])),
        })),
      };
    });
    const png = await page.screenshot({ path: config.screenshot });
    step('screenshot');
    seen.screenshot = await pixelStats(browser, png);
    step('pixels counted');
    // The filter narrows the table to the searched finding.
    await page.fill('#finding-filter', config.cve);
    seen.filtered_rows = await page.$$eval('#findings tbody tr', (rows) => rows.map((r) => r.dataset.finding));
    step('image');

    // The API-to-panel mappings take whatever a server sends: empty, partial or odd values give rows, not throws.
    seen.shape_failures = await page.evaluate(async () => {
      const { Shape, itemsOf } = await import('/ui/shape.js');
      const odd = [{}, { data: null, delivery: 7, tags: 'x', severities: [], deployments: {} },
        { id: 3, running: false, policy: { verdict: 'fail' }, deployments: [{ namespace: 'n', pod: 'p' }, 's'] }];
      const failures = [];
      for (const raw of odd) {
        for (const name of ['imageRow', 'affectedRow', 'packageRow', 'event', 'watch', 'webhook', 'generation']) {
          try { Shape[name](raw); } catch (e) { failures.push(name + ': ' + e.message); }
        }
        try { Shape.finding(raw, []); Shape.eventsCursor(raw, []); } catch (e) { failures.push(e.message); }
      }
      for (const body of [null, 'text', 5, {}, [], { items: 'x' }]) {
        try { if (!Array.isArray(itemsOf(body))) failures.push('itemsOf(' + JSON.stringify(body) + ')'); } catch (e) { failures.push(e.message); }
      }
      return failures;
    });

    // Panels whose APIs other parts of the server provide: shown, or "not available", never broken.
    seen.panels = {};
    for (const view of ['events', 'alerts', 'trends']) {
      await page.click(`#nav a[data-nav=${view}]`);
      seen.panels[view] = await settled(page, view);
      if (view === 'events') {
        seen.event_rows = await page.$$eval('#events tbody tr', (rows) => rows.map((r) => {
          const cells = r.querySelectorAll('td');
          return { id: r.dataset.event, time: cells[0].textContent, type: cells[1].textContent,
            severity: cells[2].textContent, image: cells[3].textContent, detail: cells[4].textContent };
        }));
      }
      if (view === 'trends') {
        seen.generation_bars = await page.$$eval('#generation-chart text[data-generation]', (texts) => texts.map(
          (t) => ({ id: t.dataset.generation, total: Number(t.dataset.total), counts: Object.fromEntries(
            [...t.ownerSVGElement.querySelectorAll(`rect[data-generation="${t.dataset.generation}"]`)]
              .map((r) => [r.dataset.severity, Number(r.dataset.count)])) })));
      }
    }
    step('panels');

    await page.click('#logout');
    await page.waitForSelector('#login:not([hidden])');
    seen.token_after_logout = await page.evaluate(() => sessionStorage.getItem('drydock.token'));
    step('logout');
  } catch (e) {
    seen.error = String(e.message);
  } finally {
    await browser.close();
  }
}

run().then(write, (e) => { seen.error = String(e && e.message); write(); });
