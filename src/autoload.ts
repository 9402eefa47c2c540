/**
 * The autoloading CDN entry (`dist/cdn/auto/lc-elements.js`). Like `lc-elements.js` it needs one
 * `<script type="module">` and no JavaScript, but it defines `<lc-provider>` (and the `rest`
 * adapter) at once and fetches an element's code only when its tag is on the page: a page with
 * one reflection prompt loads the provider, the shared foundation and the prompt, not the kudos
 * wall, the credit tracker and the timer. The chunks sit beside this file and load from the same
 * origin, so `script-src 'self'` keeps working.
 *
 * Tags are found in the document when this module runs and whenever nodes are added later. Tags
 * inside another component's shadow root are not seen: call `discover(shadowRoot)` for those.
 */
import './adapters/rest.js'; // registers adapter="rest" before any provider upgrades
import './elements/provider/define.js';

type Loader = () => Promise<unknown>;

const reflection: Loader = () => import('./elements/reflection-prompt/define.js');
const timer: Loader = () => import('./elements/meeting-timer/define.js');

/** Each lazily defined tag and the module that defines it (child tags load their parent's module). */
const LOADERS: Readonly<Record<string, Loader>> = {
  'lc-reflection-prompt': reflection,
  'lc-prompt': reflection,
  'lc-kudos-wall': () => import('./elements/kudos-wall/define.js'),
  'lc-credit-tracker': () => import('./elements/credit-tracker/define.js'),
  'lc-meeting-timer': timer,
  'lc-segment': timer,
};

const started = new Set<Loader>();

/** Tags not yet loading. */
const waiting = (): string[] => Object.keys(LOADERS).filter((tag) => !started.has(LOADERS[tag]) && !customElements.get(tag));

/**
 * Loads the code of every lc element found in `root` (itself included, when it is an element).
 * Resolves when those elements are defined. Safe to call any number of times.
 */
export function discover(root: ParentNode = document): Promise<void> {
  const tags = waiting();
  if (!tags.length) return Promise.resolve();
  const found = new Set<string>(
    Array.from(root.querySelectorAll(tags.join(',')), (el) => el.localName).filter((tag) => tags.includes(tag)),
  );
  if (root instanceof Element && tags.includes(root.localName)) found.add(root.localName);
  const loads: Promise<unknown>[] = [];
  for (const tag of found) {
    const load = LOADERS[tag];
    if (started.has(load)) continue;
    started.add(load);
    loads.push(
      load().catch((error: unknown) => {
        started.delete(load); // a later discovery (or a reconnect) may try again
        console.error(`lc-elements: could not load the code for <${tag}>`, error);
      }),
    );
  }
  return Promise.all(loads).then(() => undefined);
}

if (typeof document !== 'undefined' && typeof customElements !== 'undefined') {
  void discover(document);
  new MutationObserver((records) => {
    if (!waiting().length) return;
    for (const r of records) for (const node of r.addedNodes) if (node instanceof Element) void discover(node);
  }).observe(document.documentElement, { childList: true, subtree: true });
}

export { configure } from './core/defaults.js';
export { registerAdapter, registerAdapterWrapper } from './elements/provider/adapters.js';
export { registerTranslation } from './i18n/localize.js';
export { VERSION } from './core/define.js';
