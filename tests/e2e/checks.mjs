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
