/**
 * Test helpers for lc-elements users: `lc-elements/testing`.
 * Import it only from tests: it defines mocha suites.
 */
export { runAdapterConformance } from './conformance.js';
export type { AdapterConformanceContext, AdapterConformanceOptions, AdapterFactory, ChangeLog } from './conformance.js';
