#!/usr/bin/env node
// End-to-end over the REST adapter: the reference server (dev identity, embedded PGlite store)
// serves a page with <lc-provider adapter="rest">; two browser contexts are two people. Kudos
// posted in one page arrive live in the other (through the store, and on <lc-kudos-wall> when
// that element is in the bundle), and the meeting state one facilitator writes reaches the other.
//
//   node tests/e2e/rest-live.mjs        (CHROME_PATH picks the browser; prints "e2e-rest: N passed, N failed")
//
// The page's script is bundled here with esbuild from src/adapters/rest.ts (first: the adapter must
// be registered before the provider upgrades), src/all.ts and every element's define.ts, so this test
// does not depend on the build or on which entry imports what.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchChromium } from '../../scripts/lib/browser.mjs';
import { elementNames } from '../../scripts/lib/entries.mjs';
import { createReport } from '../../scripts/lib/check-report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TIMEOUT = 15_000;

const { check, finish } = createReport('e2e-rest');

const tmp = mkdtempSync(join(tmpdir(), 'lc-e2e-rest-'));
const demo = join(tmp, 'demo');
const dist = join(tmp, 'dist');
mkdirSync(demo);
mkdirSync(join(dist, 'cdn'), { recursive: true });
writeFileSync(
  join(demo, 'index.html'),
  `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>lc e2e</title><script type="module" src="/dist/cdn/lc-elements.js"></script></head>
  <body>
    <lc-provider community="e2e-staff">
      <lc-kudos-wall wall-id="branch-7"></lc-kudos-wall>
    </lc-provider>
  </body>
</html>`,
);

let server;
let browser;
const stop = () => {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
};

try {
  // every element on disk, so the kudos wall is on the page even before src/all.ts names it
  const defines = elementNames().map((n) => `import './src/elements/${n}/define.ts';`);
  await build({
    stdin: {
      contents: ["import './src/adapters/rest.ts';", "import './src/all.ts';", ...defines].join('\n'),
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'e2e-entry.ts',
    },
    bundle: true,
    // package.json "sideEffects" describes dist/ for consumers; here it would drop the bare imports
    ignoreAnnotations: true,
    format: 'esm',
    target: 'es2021',
    tsconfig: join(root, 'tsconfig.json'),
    outfile: join(dist, 'cdn/lc-elements.js'),
    logLevel: 'error',
  });

  const started = await new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/src/main.ts')], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: '', // the embedded store, whatever the environment says
        LC_AUTH: 'dev',
        HOST: '127.0.0.1',
        PORT: '0',
        LC_DATA_DIR: 'memory://',
        LC_DEMO_DIR: demo,
        LC_DIST_DIR: dist,
        LC_DEV_ROLES: 'facilitator',
        LC_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${out}`)), 90_000);
    const onData = (d) => {
      out += d;
      const m = /lc-server: listening at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${out}`)));
  });
  const base = `${started}/`;

  browser = await launchChromium();
  console.log(`e2e-rest: ${base} (Chromium ${browser.version()}, LC_AUTH=dev, strict CSP)`);

  /** A person: their own browser context (own storage), the page open, a name given. */
  const person = async (name) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.url()}: HTTP ${r.status()}`));
    await page.goto(base);
    await page
      .waitForFunction(() => !!document.querySelector('lc-provider')?.store)
      .catch((e) => {
        throw new Error(`${e.message}\n${errors.join('\n')}`);
      });
    const viewer = await page.evaluate((n) => document.querySelector('lc-provider').store.identify(n), name);
    return { context, page, errors, viewer };
  };

  const ada = await person('Ada');
  const bob = await person('Bob');

  await check('each window is its own person (dev identity per tab), on the rest adapter', async () => {
    if (ada.viewer.name !== 'Ada' || bob.viewer.name !== 'Bob') throw new Error(`viewers: ${JSON.stringify([ada.viewer, bob.viewer])}`);
    if (ada.viewer.id === bob.viewer.id) throw new Error('both windows have the same id');
    const key = await ada.page.evaluate(() => document.querySelector('lc-provider').store.adapter.key);
    if (!key.startsWith('rest:')) throw new Error(`adapter key ${key}`);
  });

  const message = `Thanks for covering the desk ${Date.now()}`;
  await check('kudos posted in one window arrive live in the other', async () => {
    await bob.page.evaluate(() => {
      const store = document.querySelector('lc-provider').store;
      const sub = store.subscribe('kudos', { where: { wallId: 'branch-7' } }, () => {
        window.__kudos = sub.state.items.map((k) => k.message);
      });
      window.__kudos = [];
    });
    // let Bob's list load and his live stream open before Ada writes (the adapter also replays the first moments)
    await bob.page.waitForFunction(() => document.querySelector('lc-provider').store.adapter.connected === true);
    await ada.page.evaluate(
      ([m, bobId]) => {
        const store = document.querySelector('lc-provider').store;
        const v = store.viewer;
        return store.put('kudos', {
          id: globalThis.crypto.randomUUID(),
          wallId: 'branch-7',
          recipients: [{ id: bobId, name: 'Bob' }],
          message: m,
          anonymous: false,
          authorId: v.id,
          authorName: v.name,
        });
      },
      [message, bob.viewer.id],
    );
    await bob.page.waitForFunction((m) => window.__kudos.includes(m), message, { timeout: TIMEOUT });
  });

  await check('the kudos wall (when in the bundle) shows it in the other window', async () => {
    const defined = await bob.page.evaluate(() => !!customElements.get('lc-kudos-wall'));
    if (!defined) {
      console.log('      (no lc-kudos-wall in src/elements: checked through the store only)');
      return;
    }
    await bob.page.waitForFunction(
      (m) => {
        const text = (node) =>
          (node.shadowRoot ? text(node.shadowRoot) : '') +
          [...node.childNodes]
            .map((c) => (c.nodeType === 3 ? c.textContent : c.nodeType === 1 || c.nodeType === 11 ? text(c) : ''))
            .join('');
        return text(document.querySelector('lc-kudos-wall')).includes(m);
      },
      message,
      { timeout: TIMEOUT },
    );
  });

  await check('a meeting one facilitator starts is the same meeting in the other window', async () => {
    await bob.page.evaluate(() => {
      const store = document.querySelector('lc-provider').store;
      const sub = store.subscribeRecord('meetings', 'tuesday-circle', () => {
        window.__meeting = sub.state.items[0];
      });
    });
    await ada.page.evaluate(() =>
      document.querySelector('lc-provider').store.put('meetings', {
        id: 'tuesday-circle',
        status: 'running',
        agenda: [{ name: 'Check-in', minutes: 5 }],
        segmentIndex: 0,
        segmentStartedAt: new Date().toISOString(),
        startedAt: new Date().toISOString(),
        elapsedBeforePause: 0,
        spent: [0],
        added: [0],
        autoAdvance: false,
        version: 1,
      }),
    );
    await bob.page.waitForFunction(() => window.__meeting?.status === 'running', undefined, { timeout: TIMEOUT });
  });

  await check('no console error, failed request or uncaught exception in either window', async () => {
    const all = [...ada.errors.map((e) => `Ada: ${e}`), ...bob.errors.map((e) => `Bob: ${e}`)].filter((e) => !/Lit is in dev mode/.test(e));
    if (all.length) throw new Error(all.join('\n'));
  });

  await ada.context.close();
  await bob.context.close();
} catch (e) {
  await check('setup', () => {
    throw e;
  });
} finally {
  await browser?.close().catch(() => {});
  stop();
}

finish();
