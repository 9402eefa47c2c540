#!/usr/bin/env node
// @ts-check
// End-to-end: a package written by `lc-elements package`, run by a real SCORM run-time. scorm-again
// (the LMS side) is installed as the API in a parent window; the package's index.html runs in a
// nested iframe (LMS window → player frame → SCO), all under the project's strict CSP, in headless
// Chromium. For SCORM 2004 and 1.2: Initialize → write and submit a reflection → Commit
// (suspend_data, an interaction, completion) → a draft in a second prompt → pagehide → Terminate →
// relaunch in a fresh browser profile with only what the LMS kept → the reflection and the draft
// come back from suspend_data.
//
//   node tests/lms/e2e.mjs [--bundle path/to/lc-elements-lms.js]    (needs npm run build; CHROME_PATH picks the browser)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
/* global window, document */
import { executablePath, launchChromium } from '../../scripts/lib/browser.mjs';
import { createStaticServer, listen } from '../../scripts/lib/static-server.mjs';
import { createReport } from '../../scripts/lib/check-report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const TIMEOUT = 10_000;
const args = process.argv.slice(2);
const bundleArg = args.includes('--bundle') ? args[args.indexOf('--bundle') + 1] : undefined;

const { report, finish } = createReport('lms-e2e');

const scormAgain = join(root, 'node_modules/scorm-again/dist/scorm-again.js');
if (!existsSync(scormAgain)) {
  report('scorm-again is installed', `${scormAgain} is missing: npm ci`);
  finish();
}

/** Writes the package with the CLI, unpacked, for one SCORM version. @param {'1.2' | '2004'} scorm */
function makePackage(scorm) {
  const dir = mkdtempSync(join(tmpdir(), `lc-sco-${scorm}-`));
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'bin/lc-elements.mjs'),
      'package',
      '--scorm',
      scorm,
      '--title',
      `Week 3 & "reflection" (SCORM ${scorm})`,
      '--element',
      'lc-reflection-prompt prompt-id=week-3 prompt="What surprised you this week?"',
      '--element',
      'lc-reflection-prompt prompt-id=week-3-next prompt="What will you try next?"',
      '--complete-on',
      'submit',
      ...(bundleArg ? ['--bundle', bundleArg] : []),
      '--dir',
      dir,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`lc-elements package failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
  return dir;
}

/** Collects CSP / Trusted Types violations in every frame (runs before the frame's own scripts). */
function violationCollector() {
  const list = /** @type {string[]} */ ([]);
  Object.defineProperty(window, '__lcViolations', { value: list });
  document.addEventListener('securitypolicyviolation', (e) =>
    list.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || '?'}:${e.lineNumber}`),
  );
}

/**
 * One version's story, in two browser contexts (two profiles: nothing shared but what the LMS kept).
 * @param {import('playwright-core').Browser} browser @param {string} base @param {'1.2' | '2004'} version
 */
async function story(browser, base, version) {
  const v12 = version === '1.2';
  const problems = /** @type {string[]} */ ([]);
  const contexts = /** @type {import('playwright-core').BrowserContext[]} */ ([]);
  /** A fresh profile with the LMS page open. */
  const open = async () => {
    const context = await browser.newContext();
    contexts.push(context);
    await context.addInitScript(violationCollector);
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()} (${m.location().url})`));
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.stack || e}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
    const res = await page.goto(`${base}lms/lms.html`);
    assert.ok(res?.ok(), `LMS page: HTTP ${res?.status()}`);
    return page;
  };
  /** @param {import('playwright-core').Page} page */
  const sco = (page) => page.frameLocator('#player').frameLocator('#sco');
  /** @param {import('playwright-core').Page} page */
  const state = (page) => page.evaluate(() => /** @type {any} */ (window).lms.state());
  /** @param {import('playwright-core').Page} page */
  const violations = async (page) => {
    const all = [];
    for (const f of page.frames()) all.push(...(await f.evaluate(() => /** @type {any} */ (window).__lcViolations ?? []).catch(() => [])));
    return all;
  };
  /** @param {string} name @param {() => Promise<void>} fn */
  const check = async (name, fn) => {
    try {
      await fn();
      report(`SCORM ${version}: ${name}`);
    } catch (e) {
      report(`SCORM ${version}: ${name}`, e);
    }
  };

  const first = 'The children asked <img src=x id=pwned> about dinosaurs & rhymes';
  const draft = 'Try a rhyme "wall" next week';
  let kept = /** @type {Record<string, string> | undefined} */ (undefined);
  let page = /** @type {import('playwright-core').Page | undefined} */ (undefined);
  let relaunched = /** @type {import('playwright-core').Page | undefined} */ (undefined);
  try {
    await check('the SCO, two frames below the LMS, finds the API and calls Initialize', async () => {
      page = await open();
      await page.evaluate(
        ([v, learner]) => /** @type {any} */ (window).lms.launch(v, learner),
        /** @type {const} */ ([
          version,
          v12
            ? { 'cmi.core.student_id': 'learner-7', 'cmi.core.student_name': 'Lovelace, Ada' }
            : { 'cmi.learner_id': 'learner-7', 'cmi.learner_name': 'Lovelace, Ada' },
        ]),
      );
      await sco(page).locator('lc-reflection-prompt').first().locator('textarea').first().waitFor();
      await page.waitForFunction(() => /** @type {any} */ (window).lms.api.isInitialized());
      const s = await state(page);
      assert.equal(s.calls.filter((/** @type {string} */ c) => c === 'Initialize').length, 1, `one Initialize: ${s.calls.join(', ')}`);
      assert.equal(s.completion, 'incomplete', 'the SCO marks itself incomplete on its first launch');
    });
    if (!page) throw new Error('no LMS page');
    const p = page;

    await check('a submitted reflection goes into suspend_data and an interaction, and is committed', async () => {
      const prompt = sco(p).locator('lc-reflection-prompt').first();
      await prompt.locator('textarea').first().fill(first);
      await prompt.locator('[part~="submit"]').click();
      await prompt.locator('[part~="history"]').getByText('about dinosaurs', { exact: false }).first().waitFor();
      await p.waitForFunction(() => /** @type {any} */ (window).lms.calls.includes('Commit'));
      const s = await state(p);
      const data = JSON.parse(s.suspendData);
      assert.equal(data.lc, 1, `our suspend_data format: ${s.suspendData.slice(0, 80)}`);
      assert.ok(s.suspendData.includes('about dinosaurs'), 'the reflection text is in suspend_data');
      assert.ok(s.suspendData.includes('"authorId":"learner-7"'), 'written as the LMS learner (cmi learner id)');
      const setAt = s.calls.indexOf('SetValue cmi.suspend_data');
      assert.ok(setAt >= 0 && s.calls.indexOf('Commit', setAt) > setAt, `suspend_data is set, then committed: ${s.calls.join(', ')}`);
      assert.equal(s.interactions.length, 1, JSON.stringify(s.interactions));
      const i = s.interactions[0];
      assert.equal(i.id, v12 ? 'lc_reflection_week-3' : 'urn:lc:reflection:week-3');
      assert.equal(i.type, v12 ? 'fill-in' : 'long-fill-in');
      assert.equal(i.result, 'neutral');
      if (!v12) assert.match(i.response, /about dinosaurs & rhymes/);
      assert.equal(s.completion, 'incomplete', 'one of two prompts answered: not complete yet');
      assert.ok(s.saved['cmi.suspend_data']?.includes('about dinosaurs'), 'the LMS kept suspend_data at the commit');
    });

    await check('a draft in the second prompt is kept in suspend_data as the learner types', async () => {
      const prompt = sco(p).locator('lc-reflection-prompt').nth(1);
      await prompt.locator('textarea').first().fill(draft);
      await p.waitForFunction((text) => /** @type {any} */ (window).lms.state().suspendData.includes(text), 'Try a rhyme', {
        timeout: TIMEOUT,
      });
    });

    await check('pagehide (the learner leaves) commits and calls Terminate once; exit is suspend', async () => {
      // the learner types one more line and closes the course at once (before the 300 ms draft save):
      // the draft still reaches suspend_data before Terminate
      await sco(p)
        .locator('lc-reflection-prompt')
        .nth(1)
        .locator('textarea')
        .first()
        .fill(draft + '\nand leave');
      await p.evaluate(() => /** @type {any} */ (window).lms.unload());
      await p.waitForFunction(() => /** @type {any} */ (window).lms.api.isTerminated());
      const s = await state(p);
      assert.equal(s.calls.filter((/** @type {string} */ c) => c === 'Terminate').length, 1, s.calls.join(', '));
      assert.equal(s.calls.at(-1), 'Terminate');
      assert.equal(s.exit, 'suspend');
      assert.match(String(s.sessionTime), v12 ? /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/ : /^PT/);
      assert.ok(s.saved['cmi.suspend_data']?.includes('Try a rhyme'), 'the draft was kept by the LMS');
      assert.ok(s.saved['cmi.suspend_data']?.includes('and leave'), 'the last keystrokes were kept too');
      kept = s.saved;
    });

    await check('the page and the SCO ran without CSP violations, console errors or failed requests', async () => {
      const v = await violations(p);
      assert.deepEqual(v, []);
      assert.deepEqual(problems.splice(0), []);
    });

    await check('relaunched in a fresh browser profile, the reflection and the draft resume from suspend_data', async () => {
      assert.ok(kept, 'the first session left data');
      const again = await open();
      await again.evaluate(([v, data]) => /** @type {any} */ (window).lms.launch(v, data), /** @type {const} */ ([version, kept]));
      const prompts = sco(again).locator('lc-reflection-prompt');
      await prompts.first().locator('[part~="history"]').getByText('about dinosaurs', { exact: false }).first().waitFor();
      await again.waitForFunction(() => /** @type {any} */ (window).lms.api.isInitialized());
      const s0 = await state(again);
      assert.equal(s0.entry, 'resume');
      const restored = prompts.nth(1).locator('textarea').first();
      await again.waitForFunction(
        (el) => /** @type {HTMLTextAreaElement} */ (el)?.value.includes('Try a rhyme'),
        await restored.elementHandle(),
        { timeout: TIMEOUT },
      );
      assert.equal(await restored.inputValue(), draft + '\nand leave');
      const injected = await sco(again)
        .locator('lc-reflection-prompt')
        .first()
        .evaluate((el) => !!el.shadowRoot?.querySelector('#pwned') || !!document.querySelector('#pwned'));
      assert.equal(injected, false, 'learner text never becomes markup');

      // submitting the second prompt completes the SCO
      await prompts.nth(1).locator('[part~="submit"]').click();
      await again.waitForFunction(() => {
        const s = /** @type {any} */ (window).lms.state();
        return s.completion === 'completed';
      });
      const s = await state(again);
      assert.ok(s.calls.includes('Commit'), 'completion is committed');
      relaunched = again;
    });

    await check(
      `a reflection that would overflow the ${v12 ? '4,096' : '64,000'}-character suspend_data is refused with a message; nothing is truncated`,
      async () => {
        assert.ok(relaunched, 'the relaunched session is open');
        const page2 = relaunched;
        const limit = v12 ? 4096 : 64000;
        const before = (await state(page2)).suspendData;
        const prompt = sco(page2).locator('lc-reflection-prompt').first();
        const long = 'A very long answer. '.repeat(Math.ceil(limit / 20) + 5);
        await prompt.locator('textarea').first().fill(long);
        await prompt.locator('[part~="submit"]').click();
        const failed = prompt.locator('.status--failed');
        await failed.waitFor();
        assert.match(await failed.innerText(), /store only \d+ more characters|no room left/);
        const kept = await prompt.locator('textarea').first().inputValue();
        assert.ok(kept === long.trim(), `the text stays in the box (${kept.length} of ${long.trim().length} characters)`);
        const after = await state(page2);
        assert.equal(after.suspendData, before, 'suspend_data is unchanged (nothing truncated, nothing half-written)');
        assert.ok(after.suspendData.length <= limit);
        await page2.evaluate(() => /** @type {any} */ (window).lms.unload());
        await page2.waitForFunction(() => /** @type {any} */ (window).lms.api.isTerminated());
        assert.deepEqual(await violations(page2), []);
        assert.deepEqual(problems.splice(0), []);
      },
    );
  } finally {
    for (const c of contexts) await c.close().catch(() => {});
  }
}

const packages = /** @type {Record<string, string>} */ ({});
try {
  for (const v of /** @type {const} */ (['2004', '1.2'])) packages[v] = makePackage(v);
  report('lc-elements package writes a SCORM 2004 and a SCORM 1.2 package');
} catch (e) {
  report('lc-elements package writes a SCORM 2004 and a SCORM 1.2 package', e);
  finish();
}

let browser;
try {
  browser = await launchChromium();
} catch (e) {
  report(`launch ${executablePath}`, e);
  finish();
}
const scormAgainVersion = JSON.parse(readFileSync(join(root, 'node_modules/scorm-again/package.json'), 'utf8')).version;
console.log(`lms-e2e: Chromium ${browser?.version()}, scorm-again ${scormAgainVersion}, strict CSP + Trusted Types`);

for (const version of /** @type {const} */ (['2004', '1.2'])) {
  const server = createStaticServer({
    mounts: {
      '/lms/': join(here, 'pages'),
      '/vendor/scorm-again/': join(root, 'node_modules/scorm-again/dist'),
      '/runtime/': join(root, 'demo/lms'),
      '/sco/': packages[version],
    },
  });
  const base = await listen(server, 0, '127.0.0.1');
  try {
    await story(/** @type {import('playwright-core').Browser} */ (browser), base, version);
  } finally {
    server.close();
  }
}

// Opened straight from disk (file://), outside any LMS: the elements say so (a module script would be
// blocked there and leave the page blank).
try {
  const context = await /** @type {import('playwright-core').Browser} */ (browser).newContext();
  const page = await context.newPage();
  const errors = /** @type {string[]} */ ([]);
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(`uncaught: ${e}`));
  await page.goto(pathToFileURL(join(packages['2004'], 'index.html')).href);
  const error = page.locator('lc-reflection-prompt').first().locator('.error');
  await error.waitFor({ timeout: TIMEOUT });
  assert.match(await error.innerText(), /Open this inside your LMS/);
  assert.deepEqual(errors, [], 'no console errors');
  await context.close();
  report('opened from disk (file://) outside an LMS, the page says "Open this inside your LMS"');
} catch (e) {
  report('opened from disk (file://) outside an LMS, the page says "Open this inside your LMS"', e);
}

await browser?.close();
for (const dir of Object.values(packages)) rmSync(dir, { recursive: true, force: true });
finish();
