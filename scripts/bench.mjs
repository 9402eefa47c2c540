#!/usr/bin/env node
// npm run bench: figures for <lc-kudos-wall> in headless Chromium (not a test: it prints a table).
//   - builds dist/ when it is missing or older than src/ (npm run build)
//   - bundles a small harness from dist/ (the built element, memory adapter and store; Lit inlined)
//   - serves dist/ and the harness on 127.0.0.1 (with the strict CSP of scripts/lib/static-server.mjs)
//   - for 100 / 1,000 / 10,000 kudos, already in the store's list: time from element creation to
//     the first cards laid out, DOM nodes (through shadow roots), and frame times over a scripted
//     scroll, beside a naive render of every card (the same element with windowing off)
//   - 20 elements on one page asking for the same wall: adapter reads made (calls counted)
// Every loop is bounded; the script exits by itself. CHROME_PATH overrides /usr/bin/chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rollup } from 'rollup';
import { launchChromium } from './lib/browser.mjs';
import { root } from './lib/entries.mjs';
import { createStaticServer, listen } from './lib/static-server.mjs';
import { min, resolve } from '../rollup.config.mjs';

process.chdir(root);
const SIZES = [100, 1_000, 10_000];
const SCROLL_FRAMES = 120;

function newestMtime(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

const built = join(root, 'dist/elements/kudos-wall/define.js');
if (!existsSync(built) || statSync(built).mtimeMs < newestMtime(join(root, 'src'))) {
  console.log('bench: dist/ is missing or older than src/, running npm run build');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('bench: npm run build failed');
    process.exit(1);
  }
}

// ---------------------------------------------------------------- the in-page harness
const dist = (p) => JSON.stringify(join(root, 'dist', p));
const HARNESS = `
import ${dist('elements/kudos-wall/define.js')};
import { LcKudosWall } from ${dist('elements/kudos-wall/kudos-wall.js')};
import { MemoryAdapter, MemoryBackend } from ${dist('adapters/memory.js')};
import { RecordStore } from ${dist('core/store.js')};

const people = ['Maya Okafor', 'Daniel Reyes', 'Priya Natarajan', 'Tom Lindqvist', 'Aisha Bello', 'Ruth Abernathy', 'Kenji Watanabe', 'Lucía Fernández']
  .map((name, i) => ({ id: 'u' + i, name }));
const frame = () => new Promise((r) => requestAnimationFrame(r));
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };

function backendWith(n) {
  const backend = new MemoryBackend({ people });
  const table = backend.table('bench', 'kudos');
  const now = Date.now();
  for (let i = 0; i < n; i++) {
    const at = new Date(now - (i + 1) * 60000).toISOString();
    const a = people[i % people.length], b = people[(i * 3 + 1) % people.length];
    table.set('k' + i, { id: 'k' + i, community: 'bench', wallId: 'w', authorId: a.id, authorName: a.name, anonymous: false,
      recipients: [{ id: b.id, name: b.name }], message: 'Thank you for the help with the catalogue migration, kudos number ' + i + '.',
      value: i % 2 ? 'Helped a colleague' : undefined, createdAt: at, updatedAt: at });
  }
  return backend;
}

function countNodes(node) {
  let n = 1;
  if (node.shadowRoot) n += countNodes(node.shadowRoot);
  for (const c of node.childNodes) n += countNodes(c);
  return n;
}

/** Loads all n kudos into a store (pages of 500), so the figures are about rendering, not the adapter. */
async function loadedStore(n) {
  const adapter = new MemoryAdapter({ backend: backendWith(n), community: 'bench', viewer: { id: 'u-bench', name: 'Bench Viewer', roles: ['member'] } });
  const store = new RecordStore(adapter, { outbox: 'memory' });
  await store.whoami();
  const query = { where: { wallId: 'w' }, orderBy: { field: 'createdAt', direction: 'desc' }, limit: 500 };
  await new Promise((resolve) => {
    let sub;
    const step = () => {
      const s = sub?.state;
      if (!s || s.status !== 'ready' || s.loadingMore) return;
      if (s.hasMore) void sub.loadMore(); else resolve();
    };
    sub = store.subscribe('kudos', query, step);
    step();
    window.__keep = sub; // keeps the list cached while the element mounts
  });
  return store;
}

window.bench = {
  async run(n, naive) {
    document.body.replaceChildren();
    scrollTo(0, 0);
    LcKudosWall.windowThreshold = naive ? Infinity : 60;
    const store = await loadedStore(n);
    await frame();
    const el = document.createElement('lc-kudos-wall');
    Object.assign(el, { store, wallId: 'w', pageSize: 500, layout: 'feed', compose: 'none' });
    const t0 = performance.now();
    document.body.append(el);
    let first = 0;
    for (let i = 0; i < 1000 && !first; i++) {
      await el.updateComplete;
      if (el.shadowRoot.querySelector('article')) {
        el.shadowRoot.querySelector('article').getBoundingClientRect(); // lay it out
        first = performance.now() - t0;
      } else await new Promise((r) => setTimeout(r, 0));
    }
    const cards = el.shadowRoot.querySelectorAll('article').length;
    await frame();
    await frame();
    const nodes = countNodes(document.body);
    // scripted scroll: a steady step per frame, frame-to-frame times from requestAnimationFrame
    const times = [];
    let last = await frame();
    const step = Math.max(40, Math.min(400, (document.documentElement.scrollHeight - innerHeight) / ${SCROLL_FRAMES}));
    for (let i = 0; i < ${SCROLL_FRAMES}; i++) {
      scrollBy(0, step);
      const t = await frame();
      times.push(t - last);
      last = t;
    }
    const rendered = el.shadowRoot.querySelectorAll('article').length;
    el.remove();
    window.__keep?.unsubscribe();
    return { first, cards, nodes, p50: pct(times, 50), p95: pct(times, 95), rendered };
  },

  async shared(count) {
    document.body.replaceChildren();
    const calls = {};
    const adapter = new MemoryAdapter({
      backend: backendWith(200), community: 'bench', viewer: { id: 'u-bench', name: 'Bench Viewer', roles: ['member'] },
      before: (op, collection) => { if (op === 'list') calls[collection] = (calls[collection] ?? 0) + 1; },
    });
    const store = new RecordStore(adapter, { outbox: 'memory' });
    const els = Array.from({ length: count }, () => Object.assign(document.createElement('lc-kudos-wall'), { store, wallId: 'w', compose: 'none' }));
    document.body.append(...els);
    for (let i = 0; i < 500 && !els.every((e) => e.shadowRoot?.querySelector('article')); i++) await new Promise((r) => setTimeout(r, 10));
    const done = els.every((e) => e.shadowRoot?.querySelector('article'));
    document.body.replaceChildren();
    return { done, calls };
  },
};
window.benchReady = true;
`;

const tmp = mkdtempSync(join(tmpdir(), 'lc-bench-'));
const VIRTUAL = '\0lc-bench-harness';
const bundle = await rollup({
  input: VIRTUAL,
  plugins: [
    { name: 'harness', resolveId: (id) => (id === VIRTUAL ? id : null), load: (id) => (id === VIRTUAL ? HARNESS : null) },
    resolve(),
    min(),
  ],
  onwarn: (log, warn) => log.code !== 'THIS_IS_UNDEFINED' && warn(log),
});
await bundle.write({ file: join(tmp, 'bench.js'), format: 'es', inlineDynamicImports: true });
await bundle.close();
writeFileSync(
  join(tmp, 'index.html'),
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lc bench</title><script type="module" src="/bench.js"></script></head><body></body></html>',
);

const server = createStaticServer({ mounts: { '/dist/': 'dist', '/': tmp } });
const base = await listen(server, 0, '127.0.0.1');
const browser = await launchChromium();

const ms = (x) => (x < 10 ? x.toFixed(1) : Math.round(x).toString());
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(180_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base);
  await page.waitForFunction(() => globalThis.benchReady === true);

  // warm-up (JIT, fonts, first style resolution); not reported
  await page.evaluate(() => globalThis.bench.run(100, false));
  const rows = [];
  for (const n of SIZES) {
    const w = await page.evaluate(([n]) => globalThis.bench.run(n, false), [n]);
    const v = await page.evaluate(([n]) => globalThis.bench.run(n, true), [n]);
    rows.push({ n, w, v });
    console.log(`bench: ${n.toLocaleString('en')} kudos measured`);
  }
  const shared = await page.evaluate(() => globalThis.bench.shared(20));

  const table = [
    [
      'kudos',
      'first cards ms',
      'naive ms',
      'ratio',
      'DOM nodes',
      'naive nodes',
      'ratio',
      'scroll p50/p95 ms',
      'naive p50/p95 ms',
      'cards in DOM (first / after scroll)',
    ],
  ];
  for (const { n, w, v } of rows)
    table.push([
      n.toLocaleString('en'),
      ms(w.first),
      ms(v.first),
      `${(v.first / w.first).toFixed(1)}x`,
      w.nodes.toLocaleString('en'),
      v.nodes.toLocaleString('en'),
      `${(v.nodes / w.nodes).toFixed(1)}x`,
      `${ms(w.p50)} / ${ms(w.p95)}`,
      `${ms(v.p50)} / ${ms(v.p95)}`,
      `${w.cards} / ${w.rendered} of ${n.toLocaleString('en')}`,
    ]);
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padStart(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log('\n<lc-kudos-wall> (feed layout, 1280x800, every kudos already in the store; naive = windowing off)');
  console.log(line(table[0]));
  console.log(widths.map((x) => '-'.repeat(x)).join('  '));
  for (const r of table.slice(1)) console.log(line(r));
  const reads = Object.entries(shared.calls)
    .map(([c, k]) => `${c}: ${k}`)
    .join(', ');
  const total = Object.values(shared.calls).reduce((a, b) => a + b, 0);
  console.log(
    `\n20 elements on one page asking for the same wall make ${total} adapter reads (${reads})${shared.done ? '' : ' [not all rendered!]'}`,
  );
  if (errors.length) console.log(`\npage errors:\n  ${errors.join('\n  ')}`);
} finally {
  await browser.close();
  server.close();
  rmSync(tmp, { recursive: true, force: true });
}
