import type { LocalizeController } from '../i18n/localize.js';

/**
 * A message lookup, as `LocalizeController.term`. Pass it bound:
 * `term: (key, ...args) => this.localize.term(key, ...args)` or `this.localize.term.bind(this.localize)`.
 */
export type Term = LocalizeController['term'];
