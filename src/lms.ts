/**
 * The LMS bundle's entry (`dist/cdn/lc-elements-lms.js`): everything in `lc-elements.js` plus the
 * SCORM run-time adapter (`<lc-provider adapter="scorm">`) and the xAPI reporting wrapper
 * (`xapi-endpoint` on any provider). The SCORM packager puts this file in its packages. The
 * adapters register before any provider upgrades, so providers find them.
 */
import './adapters/scorm.js';
import './adapters/xapi.js';
import './all.js';

export * from './all.js';
export { ScormAdapter, ScormCompositeAdapter, findScormApi } from './adapters/scorm.js';
export { XapiAdapter } from './adapters/xapi.js';
