#!/usr/bin/env node
// The LMS demo of `npm start` (/lms/), as it serves it: the demo week packaged for SCORM 2004 and 1.2
// (scripts/lib/demo-lms.mjs), demo/lms/ as the stand-in LMS (scorm-again), under the strict CSP with
// Trusted Types. A learner submits a reflection, exits, resumes and finds it; then the same in 1.2.
//   node tests/lms/demo-e2e.mjs      (needs npm run build; CHROME_PATH picks the browser)
/* global document */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../../scripts/lib/browser.mjs';
import { packageDemoCourses } from '../../scripts/lib/demo-lms.mjs';
import { root } from '../../scripts/lib/entries.mjs';
import { createStaticServer, listen } from '../../scripts/lib/static-server.mjs';
import { createReport } from '../../scripts/lib/check-report.mjs';

const { check, finish } = createReport('lms-demo');

const out = mkdtempSync(join(tmpdir(), 'lc-demo-lms-'));
const problem = packageDemoCourses(out);
const server = createStaticServer({ mounts: { '/dist/demo-lms/': out, '/dist/': join(root, 'dist'), '/': join(root, 'demo') } });
const base = await listen(server, 0, '127.0.0.1');
const browser = await launchChromium();
const context = await browser.newContext();
const page = await context.newPage();
page.setDefaultTimeout(10_000);
const errors = [];
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
page.on('pageerror', (e) => errors.push(String(e)));
page.on('response', (r) => r.status() >= 400 && errors.push(`${r.url()}: HTTP ${r.status()}`));
await page.addInitScript(() => {
  document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP: ${e.effectiveDirective} blocked ${e.blockedURI}`));
});
const course = () => page.frameLocator('#player');
const fact = (id) => page.locator(`#${id}`).innerText();

console.log('lms-demo: the npm start LMS page (/lms/) with the packaged course');
await check('the demo course packages for both SCORM versions', () => assert.equal(problem, undefined));

await check('the course opens in the stand-in LMS for its first learner', async () => {
  await page.goto(`${base}lms/index.html`);
  await course().locator('lc-reflection-prompt').first().locator('textarea').first().waitFor();
  await page.waitForFunction(() => document.getElementById('f-session')?.textContent?.startsWith('open'));
  assert.match(await fact('f-learner'), /Ada Learner \(learner-1\)/);
});

await check('a submitted reflection shows in the LMS as an interaction and a commit', async () => {
  const prompt = course().locator('lc-reflection-prompt').first();
  await prompt.locator('textarea').first().fill('The chorus in <b>Brown Bear</b> had everyone joining in.');
  await prompt.locator('[part~="submit"]').click();
  await page.locator('#f-interactions tbody tr').first().waitFor();
  assert.match(await page.locator('#f-interactions tbody tr').first().innerText(), /urn:lc:reflection:week-3\s+long-fill-in/);
  assert.match(await fact('f-calls'), /Commit [1-9]/);
  assert.match(await fact('f-suspend-size'), /^[1-9][\d,]* of 64,000 characters/);
});

await check('exit ends the session with exit=suspend; resume brings the reflection back', async () => {
  await page.click('#exit');
  await page.waitForFunction(() => document.getElementById('f-session')?.textContent === 'ended (exit: suspend)');
  assert.match(await fact('f-calls'), /Terminate 1/);
  await page.click('#resume');
  await page.waitForFunction(() => document.getElementById('f-session')?.textContent === 'open (entry: resume)');
  await course().locator('lc-reflection-prompt').first().locator('[part~="history"]').getByText('had everyone joining in').waitFor();
});

await check('the same course as SCORM 1.2 reports a fill-in interaction', async () => {
  await page.selectOption('#version', '1.2');
  await page.waitForFunction(() => document.getElementById('f-session')?.textContent?.startsWith('open'));
  const prompt = course().locator('lc-reflection-prompt').nth(1);
  await prompt.locator('textarea').first().fill('Brown Bear again, with shakers.');
  await prompt.locator('[part~="submit"]').click();
  await page.locator('#f-interactions tbody tr').first().waitFor();
  assert.match(await page.locator('#f-interactions tbody tr').first().innerText(), /\bfill-in\b/);
  assert.match(await fact('f-suspend-size'), /of 4,096 characters/);
});

await check('no console error, CSP violation, failed request or uncaught exception', () => {
  assert.deepEqual(errors, []);
});

await browser.close();
server.close();
rmSync(out, { recursive: true, force: true });
finish();
