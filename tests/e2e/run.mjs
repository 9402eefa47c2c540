#!/usr/bin/env node
// End-to-end smoke suite: the built CDN file (dist/cdn/lc-elements.js) loaded by plain HTML pages,
// as an intranet admin would write them, served under a strict Content-Security-Policy with
// Trusted Types. Every page in tests/e2e/pages/*.html gets the generic checks below; a page can
// add its own in tests/e2e/checks.mjs. Adding an element's page is adding an HTML file.
//
//   node tests/e2e/run.mjs [page.html … | demo/index.html]     (needs npm run build first; CHROME_PATH picks the browser)
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { executablePath, launchChromium } from '../../scripts/lib/browser.mjs';
import { createStaticServer, listen } from '../../scripts/lib/static-server.mjs';
import { pageChecks } from './checks.mjs';
import { createReport } from '../../scripts/lib/check-report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const pagesDir = join(here, 'pages');
const TIMEOUT = 10_000;

const { report, finish } = createReport('e2e');

// tests/e2e/pages/*.html, plus the `npm start` demo page (served at /demo/) so it stays CSP-clean too
const only = process.argv.slice(2).map((p) => (p.startsWith('demo/') ? p : basename(p)));
const pages = [
  ...readdirSync(pagesDir)
    .filter((f) => f.endsWith('.html'))
    .sort(),
  ...(existsSync(join(root, 'demo/index.html')) ? ['demo/index.html'] : []),
].filter((f) => !only.length || only.includes(f));

if (!existsSync(join(root, 'dist/cdn/lc-elements.js'))) {
  report('dist/cdn/lc-elements.js exists', 'missing: run `npm run build` first');
  finish();
}
if (!pages.length) {
  report('pages found', `no pages in ${pagesDir}${only.length ? ` matching ${only.join(', ')}` : ''}`);
  finish();
}

/**
 * Injected by the driver before any page script (so the page's CSP does not apply to it):
 * collects CSP / Trusted Types violations and offers an inspector of the page's lc-* elements.
 */
function driverInitScript() {
  /** Every lc-* element in the document and in open shadow roots, with its upgrade state. */
  // Declarative children that carry data for their parent (questions, agenda segments): defined,
  // but they draw nothing of their own, so they need no shadow root.
  const DATA_ONLY = ['lc-prompt', 'lc-segment'];
  const inspect = () => {
    /** @type {{ tag: string, defined: boolean, shadow: boolean, content: boolean, el: Element }[]} */
    const found = [];
    /** @param {Document | ShadowRoot} scope */
    const walk = (scope) => {
      for (const el of scope.querySelectorAll('*')) {
        const tag = el.localName;
        if (tag.startsWith('lc-')) {
          const sr = el.shadowRoot;
          const dataOnly = DATA_ONLY.includes(tag);
          found.push({
            tag,
            defined: !!customElements.get(tag),
            shadow: !!sr || dataOnly,
            content: dataOnly || (!!sr && (sr.querySelector('*') !== null || (sr.textContent ?? '').trim() !== '')),
            el,
          });
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found;
  };
  const state = { violations: /** @type {string[]} */ ([]), inspect };
  Object.defineProperty(window, '__lcE2E', { value: state });
  document.addEventListener('securitypolicyviolation', (e) => {
    state.violations.push(
      `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || '?'}:${e.lineNumber}${e.sample ? ` "${e.sample}"` : ''}`,
    );
  });
}

const server = createStaticServer({ mounts: { '/dist/': join(root, 'dist'), '/demo/': join(root, 'demo'), '/': pagesDir } });
const base = await listen(server, 0, '127.0.0.1');

let browser;
try {
  browser = await launchChromium();
} catch (e) {
  report(`launch ${executablePath}`, e);
  server.close();
  finish();
}

console.log(`e2e: ${pages.length} page(s) from ${base} (Chromium ${browser.version()}, strict CSP + Trusted Types)`);

for (const file of pages) {
  const spec = pageChecks(file);
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.addInitScript(driverInitScript);

  /** @type {string[]} */ const consoleErrors = [];
  /** @type {string[]} */ const pageErrors = [];
  /** @type {string[]} */ const badRequests = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (!spec.ignoreConsole.some((re) => re.test(text)))
      consoleErrors.push(text + (msg.location().url ? ` (${msg.location().url}:${msg.location().lineNumber})` : ''));
  });
  page.on('pageerror', (err) => pageErrors.push(err.stack || String(err)));
  page.on('requestfailed', (req) => badRequests.push(`${req.url()}: ${req.failure()?.errorText}`));
  page.on('response', (res) => res.status() >= 400 && badRequests.push(`${res.url()}: HTTP ${res.status()}`));

  console.log(`${file}`);
  const check = async (name, fn) => {
    try {
      await fn();
      report(`${file}: ${name}`);
    } catch (e) {
      report(`${file}: ${name}`, e);
    }
  };

  let loaded = false;
  await check('loads', async () => {
    const res = await page.goto(base + file, { waitUntil: 'load' });
    if (!res || !res.ok()) throw new Error(`HTTP ${res?.status()}`);
    loaded = true;
  });

  if (loaded) {
    await check('<lc-provider> is defined', async () => {
      await page
        .waitForFunction(() => !!customElements.get('lc-provider'))
        .catch(() => {
          throw new Error(`customElements.get('lc-provider') is undefined after ${TIMEOUT} ms`);
        });
    });

    await check('every lc-* element is defined and rendered into its shadow root', async () => {
      const ok = await page
        .waitForFunction(() => {
          const found = /** @type {any} */ (window).__lcE2E.inspect();
          return found.length > 0 && found.every((e) => e.defined && e.content);
        })
        .then(
          () => true,
          () => false,
        );
      if (ok) {
        // let Lit finish any pending update cycle before the page's own checks
        await page.evaluate(() => Promise.all(/** @type {any} */ (window).__lcE2E.inspect().map((e) => e.el.updateComplete)));
        return;
      }
      const found = await page.evaluate(() => /** @type {any} */ (window).__lcE2E.inspect().map(({ el, ...rest }) => rest));
      if (!found.length) throw new Error('no lc-* element on the page');
      const bad = found.filter((e) => !e.defined || !e.content);
      throw new Error(
        bad.map((e) => `<${e.tag}> ${!e.defined ? 'is not defined' : !e.shadow ? 'has no shadow root' : 'rendered nothing'}`).join('; '),
      );
    });

    for (const c of spec.checks) await check(c.name, () => c.run({ page, base, file }));

    // give late async work (store reads, IndexedDB) a moment to report errors
    await page.waitForLoadState('networkidle').catch(() => {});
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
  }

  const violations = loaded ? await page.evaluate(() => /** @type {any} */ (window).__lcE2E?.violations ?? ['(collector missing)']) : [];
  await check('no Content-Security-Policy / Trusted Types violation', () => {
    if (violations.length) throw new Error(violations.join('\n'));
  });
  await check('no console error', () => {
    if (consoleErrors.length) throw new Error(consoleErrors.join('\n'));
  });
  await check('no uncaught exception', () => {
    if (pageErrors.length) throw new Error(pageErrors.join('\n'));
  });
  await check('no failed request', () => {
    if (badRequests.length) throw new Error(badRequests.join('\n'));
  });
  await context.close();
}

await browser.close();
server.close();
finish();
