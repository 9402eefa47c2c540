// @ts-check
// Per-page assertions for the end-to-end suite, on top of the generic checks every page gets
// (loads, <lc-provider> defined, every lc-* element defined and rendered, no CSP / Trusted Types
// violation, no console error, no uncaught exception, no failed request).
//
// Key: the file name in tests/e2e/pages/. Value: a list of checks, or
// `{ checks, ignoreConsole }` where ignoreConsole lists RegExps of console errors the page expects.
// A check throws (e.g. via node:assert) to fail. `page` is a playwright-core Page.
import assert from 'node:assert/strict';

/**
 * @typedef {{ page: import('playwright-core').Page, base: string, file: string }} CheckContext
 * @typedef {{ name: string, run: (ctx: CheckContext) => Promise<void> | void }} Check
 * @typedef {Check[] | { checks?: Check[], ignoreConsole?: RegExp[] }} PageSpec
 */

/** @type {Record<string, PageSpec>} */
export const checks = {
  'provider.html': [
    {
      name: 'the provider hands its community down and keeps its content visible',
      async run({ page }) {
        const state = await page.evaluate(() => {
          const provider = /** @type {any} */ (document.querySelector('lc-provider'));
          const content = document.querySelector('#content');
          return {
            community: provider.community,
            hasStore: !!provider.store,
            slotted: !!content && !!content.assignedSlot,
            visible: !!content && content.getBoundingClientRect().height > 0,
          };
        });
        assert.equal(state.community, 'library-staff');
        assert.ok(state.hasStore, 'provider.store is set');
        assert.ok(state.slotted, 'light-DOM content is assigned to the provider slot');
        assert.ok(state.visible, 'light-DOM content is laid out');
      },
    },
  ],
  'reflection-prompt.html': [
    {
      name: 'a learner writes, submits, and finds the reflection again after a reload; markup stays text',
      async run({ page }) {
        const el = page.locator('lc-reflection-prompt');
        const text = 'The children asked <img src=x id=pwned> about dinosaurs & rhymes';
        await el.locator('textarea').first().fill(text);
        await el.locator('[part~="submit"]').click();
        await el.locator('[part~="history"]').getByText('about dinosaurs', { exact: false }).first().waitFor({ timeout: 10000 });
        await page.reload();
        await page
          .locator('lc-reflection-prompt')
          .locator('[part~="history"]')
          .getByText('about dinosaurs', { exact: false })
          .first()
          .waitFor({ timeout: 10000 });
        const injected = await page.evaluate(() => {
          const root = document.querySelector('lc-reflection-prompt')?.shadowRoot;
          return !!root?.querySelector('#pwned') || !!document.querySelector('#pwned');
        });
        assert.equal(injected, false, 'user text must never become markup');
      },
    },
  ],
  'credit-tracker.html': [
    {
      name: 'the tracker shows its progress for the program as text',
      async run({ page }) {
        const el = page.locator('lc-credit-tracker');
        await el.locator('[part~="progress"]').first().waitFor({ timeout: 10000 });
        const text = await el.locator('[part~="progress"]').first().innerText();
        assert.match(text, /12/, `progress should mention the 12 required credits, got: ${text}`);
      },
    },
  ],
  'meeting-timer.html': [
    {
      name: 'the custom agenda shows, starts from the keyboard, and its state survives a reload',
      async run({ page }) {
        const el = page.locator('lc-meeting-timer');
        await el.locator('[part~="agenda"]').getByText('Learning together').first().waitFor({ timeout: 10000 });
        const before = await el.locator('[part~="time"]').first().innerText();
        assert.match(before, /^5:00$|^05:00$/, `a 5-minute first segment, got ${before}`);
        // controls wake up once the shared state has been read (until then they are disabled)
        await page.waitForFunction(() => /** @type {any} */ (document.querySelector('lc-meeting-timer'))?.canControl === true, null, {
          timeout: 10000,
        });
        await el.locator('[part~="face"]').first().focus();
        await page.keyboard.press('Space');
        await page.waitForFunction(() => /** @type {any} */ (document.querySelector('lc-meeting-timer'))?.status === 'running', null, {
          timeout: 10000,
        });
        await page.reload();
        await page.waitForFunction(() => /** @type {any} */ (document.querySelector('lc-meeting-timer'))?.status === 'running', null, {
          timeout: 10000,
        });
      },
    },
  ],
  'kudos-wall.html': [
    {
      name: 'thanking a colleague by free-text name shows the card, which survives a reload; markup stays text',
      async run({ page }) {
        const el = page.locator('lc-kudos-wall');
        const picker = el.locator('lc-person-picker').locator('input').first();
        await picker.fill('Jordan Lee');
        // nobody by that name in this browser's directory: the picker offers the typed name
        await el
          .locator('lc-person-picker')
          .getByRole('option', { name: /Jordan Lee/ })
          .waitFor({ timeout: 10000 });
        await picker.press('Enter');
        await el.locator('[part~="message"]').first().fill('Thanks for covering the <b id=pwned>desk</b> on Saturday!');
        await el.getByLabel('Helped a colleague').check();
        await el.locator('[part~="submit"]').first().click();
        await el.locator('[part~="card__message"]').getByText('covering the', { exact: false }).first().waitFor({ timeout: 10000 });
        await page.reload();
        const card = page.locator('lc-kudos-wall').locator('[part~="card"]').filter({ hasText: 'Jordan Lee' }).first();
        await card.waitFor({ timeout: 10000 });
        const text = await card.innerText();
        assert.match(text, /Robin Staff/);
        assert.match(text, /Helped a colleague/);
        const injected = await page.evaluate(() => !!document.querySelector('lc-kudos-wall')?.shadowRoot?.querySelector('#pwned'));
        assert.equal(injected, false, 'user text must never become markup');
      },
    },
  ],
  'autoload.html': [
    {
      name: 'the autoloader fetches only the code of the tags on the page, and more when a tag is added later',
      async run({ page }) {
        /** Names of the element chunks the page has requested so far. */
        const chunks = () =>
          page.evaluate(() =>
            performance
              .getEntriesByType('resource')
              .map((e) => /\/cdn\/auto\/(?!lc-elements\.js)([a-z-]+)-[\w-]{8}\.js$/.exec(e.name)?.[1])
              .filter((n) => n && n !== 'shared')
              .sort(),
          );
        assert.deepEqual(await chunks(), ['reflection-prompt']);
        await page.evaluate(() => {
          const timer = document.createElement('lc-meeting-timer');
          timer.setAttribute('meeting-id', 'auto-e2e');
          document.querySelector('#later')?.append(timer);
        });
        await page.waitForFunction(() => !!customElements.get('lc-meeting-timer'));
        await page.locator('lc-meeting-timer').locator('[part~="face"]').waitFor({ timeout: 10000 });
        assert.deepEqual(await chunks(), ['meeting-timer', 'reflection-prompt']);
        const el = page.locator('lc-reflection-prompt');
        await el.locator('textarea').first().fill('The one with the repeated chorus: everyone joined in.');
        await el.locator('[part~="submit"]').click();
        await el.locator('[part~="history"]').getByText('repeated chorus', { exact: false }).first().waitFor({ timeout: 10000 });
      },
    },
  ],
  'demo/index.html': [
    {
      name: 'the demo page wraps its sections in one provider for library-staff',
      async run({ page }) {
        const state = await page.evaluate(() => ({
          providers: [...document.querySelectorAll('lc-provider')].map((p) => p.getAttribute('community')),
          sections: document.querySelectorAll('lc-provider main section, lc-provider aside section').length,
          styled: getComputedStyle(document.body).marginTop === '0px',
        }));
        assert.deepEqual(state.providers, ['library-staff']);
        assert.ok(state.sections >= 4, `expected the page's sections inside the provider, found ${state.sections}`);
        assert.ok(state.styled, 'demo.css is applied');
      },
    },
  ],
};

/** The normalised spec for one page. @param {string} file */
export function pageChecks(file) {
  const spec = checks[file] ?? [];
  return Array.isArray(spec) ? { checks: spec, ignoreConsole: [] } : { checks: spec.checks ?? [], ignoreConsole: spec.ignoreConsole ?? [] };
}
