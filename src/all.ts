/**
 * Defines every lc element. This is the CDN bundle's entry: an intranet admin loads it with one
 * `<script type="module">` and writes tags, no JavaScript. The REST adapter registers first and
 * the provider comes next, so that providers find their adapter and elements their provider as
 * they upgrade.
 */
import './adapters/rest.js'; // registers adapter="rest" before any provider upgrades
import './elements/provider/define.js';
import './elements/reflection-prompt/define.js';
import './elements/kudos-wall/define.js';
import './elements/credit-tracker/define.js';
import './elements/meeting-timer/define.js';

export * from './index.js';
