/**
 * Defines every lc element. This is the CDN bundle's entry: an intranet admin loads it with one
 * `<script type="module">` and writes tags, no JavaScript. The provider comes first so that
 * elements inside it find it as they upgrade.
 */
import './elements/provider/define.js';
import './elements/reflection-prompt/define.js';
import './elements/kudos-wall/define.js';
import './elements/credit-tracker/define.js';
import './elements/meeting-timer/define.js';

export * from './index.js';
