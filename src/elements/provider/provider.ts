import { ContextProvider } from '@lit/context';
import type { LcAdapter, Viewer } from '../../core/adapter.js';
import { communityContext, storeContext, themeContext, type ThemeName } from '../../core/context.js';
import { storeFor } from '../../core/defaults.js';
import type { RecordStore } from '../../core/store.js';
import { adapterFactory, adapterWrapperGeneration, applyAdapterWrappers, onAdapterRegistry, type AdapterConfig } from './adapters.js';

/** Adapters made from attributes, by settings (before wrappers). */
const adapterCache = new Map<string, LcAdapter>();
/** The same adapters wrapped, by settings and the wrappers registered at the time. */
const wrappedCache = new Map<string, LcAdapter>();

/** Attributes read by registered adapters and wrappers (LMS, xAPI): a change makes a new adapter. */
const ADAPTER_ATTRIBUTES = ['token', 'identity', 'lms-complete-on', 'xapi-endpoint', 'xapi-auth', 'xapi-activity-base', 'xapi-home-page'];
let sheet: CSSStyleSheet | undefined;

/**
 * Hands a data store, the community, the viewer's identity and the theme to every lc element inside it.
 * An intranet admin wraps a page's elements in one provider; nested providers work (the inner one wins).
 *
 * The provider renders nothing of its own, so it is a plain custom element, not a Lit one: a page
 * pays for Lit only with the first element that draws something.
 *
 * @summary Connects the lc elements inside it to a data adapter.
 * @tag lc-provider
 * @slot - The page content holding lc elements.
 * @attr {string} adapter - `local` (default: this browser's IndexedDB), `memory`, or a registered adapter: `rest`, `scorm` (inside an LMS; with `endpoint`, shared data goes to that REST server).
 * @attr {string} endpoint - The base URL of a remote backend (for `adapter="rest"`).
 * @attr {string} community - The community all data belongs to (`default` when absent). Required on shared backends.
 * @attr {string} user-id - The viewer's id, for adapters with no identity of their own (local, memory). A real backend's identity wins.
 * @attr {string} user-name - The viewer's display name (with `user-id`).
 * @attr {string} user-roles - The viewer's roles, space- or comma-separated (e.g. `moderator facilitator`).
 * @attr {string} token - REST adapter: a bearer token (or set a `getToken` function property, called before each request).
 * @attr {'submit' | 'goal' | 'none'} lms-complete-on - SCORM adapter: when the LMS marks the activity completed — `submit` (default: every reflection prompt inside has a submitted response), `goal` (a credit tracker's goal is met) or `none`.
 * @attr {string} xapi-endpoint - Report the viewer's confirmed writes as xAPI statements to this Learning Record Store (base URL ending in `/`); `events` only dispatches `lc-xapi-statement`. Needs the xAPI module (in `lc-elements-lms.js`).
 * @attr {string} xapi-auth - The LRS `Authorization` header value (e.g. `Basic …`); an `xapiAuth` function property, called before each send, wins.
 * @attr {string} xapi-activity-base - The IRI activity ids are made under (default: this origin + `/lc/`).
 * @attr {string} xapi-home-page - The `account.homePage` of statement actors (default: this origin).
 * @attr {'auto' | 'light' | 'dark'} theme - Colour theme for everything inside: `auto` (default, follows the system), `light` or `dark`.
 */
export class LcProvider extends HTMLElement {
  static readonly observedAttributes = [
    'adapter',
    'endpoint',
    'community',
    'user-id',
    'user-name',
    'user-roles',
    'theme',
    ...ADAPTER_ATTRIBUTES,
  ];

  private readonly storeProvider = new ContextProvider(this, { context: storeContext });
  private readonly communityProvider = new ContextProvider(this, { context: communityContext });
  private readonly themeProvider = new ContextProvider(this, { context: themeContext });
  private adapterObject?: LcAdapter;
  private stopRegistry?: () => void;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    // A constructable stylesheet, not a <style> tag: allowed under `style-src 'self'`.
    if (!sheet && 'adoptedStyleSheets' in Document.prototype) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(':host{display:contents}:host([hidden]){display:none!important}');
    }
    if (sheet) root.adoptedStyleSheets = [sheet];
    root.append(document.createElement('slot'));
  }

  /**
   * The data adapter: a name (`local`, `memory`, or one registered with `registerAdapter`) or, as a
   * property, any object that implements the adapter contract (a developer's own).
   */
  get adapter(): string | LcAdapter {
    return this.adapterObject ?? this.getAttribute('adapter') ?? 'local';
  }
  set adapter(value: string | LcAdapter) {
    if (value && typeof value === 'object') {
      this.adapterObject = value;
      this.sync();
    } else {
      this.adapterObject = undefined;
      this.setAttribute('adapter', String(value || 'local'));
    }
  }

  /** The base URL of a remote backend (for `adapter="rest"`). */
  get endpoint(): string | undefined {
    return this.getAttribute('endpoint') ?? undefined;
  }
  set endpoint(value: string | undefined) {
    this.setOrRemove('endpoint', value);
  }

  /** The community all data belongs to. */
  get community(): string {
    return this.getAttribute('community') || 'default';
  }
  set community(value: string) {
    this.setOrRemove('community', value);
  }

  /** The viewer's id for adapters without identity. */
  get userId(): string | undefined {
    return this.getAttribute('user-id') ?? undefined;
  }
  set userId(value: string | undefined) {
    this.setOrRemove('user-id', value);
  }

  /** The viewer's display name. */
  get userName(): string | undefined {
    return this.getAttribute('user-name') ?? undefined;
  }
  set userName(value: string | undefined) {
    this.setOrRemove('user-name', value);
  }

  /** The viewer's roles, space- or comma-separated. */
  get userRoles(): string | undefined {
    return this.getAttribute('user-roles') ?? undefined;
  }
  set userRoles(value: string | undefined) {
    this.setOrRemove('user-roles', value);
  }

  /** Colour theme for everything inside. */
  get theme(): ThemeName {
    const t = this.getAttribute('theme');
    return t === 'light' || t === 'dark' ? t : 'auto';
  }
  set theme(value: ThemeName) {
    this.setAttribute('theme', value);
  }

  /** The store in use (read-only). */
  get store(): RecordStore | undefined {
    return this.storeProvider.value;
  }

  connectedCallback(): void {
    this.stopRegistry ??= onAdapterRegistry(() => this.sync());
    this.sync();
    // Tell providers above that a provider appeared, so subscriptions re-parent to the nearest one.
    for (const p of [this.storeProvider, this.communityProvider, this.themeProvider]) p.hostConnected();
  }

  disconnectedCallback(): void {
    this.stopRegistry?.();
    this.stopRegistry = undefined;
  }

  attributeChangedCallback(): void {
    this.sync();
  }

  private setOrRemove(name: string, value: string | undefined): void {
    if (value === undefined || value === null) this.removeAttribute(name);
    else this.setAttribute(name, value);
  }

  private sync(): void {
    const adapter = this.resolveAdapter();
    if (adapter) {
      const store = storeFor(adapter);
      if (store !== this.storeProvider.value) this.storeProvider.setValue(store);
    }
    if (this.communityProvider.value !== this.community) this.communityProvider.setValue(this.community);
    if (this.themeProvider.value !== this.theme) this.themeProvider.setValue(this.theme);
  }

  private resolveAdapter(): LcAdapter | undefined {
    if (this.adapterObject) return this.adapterObject;
    const name = String(this.adapter).trim().toLowerCase();
    const factory = adapterFactory(name);
    if (!factory) {
      console.error(`lc-provider: unknown adapter "${name}". Load its module first, or use "local" or "memory".`);
      return undefined;
    }
    const viewer: AdapterConfig['viewer'] = this.userId
      ? {
          id: this.userId,
          name: this.userName || this.userId,
          roles: (this.userRoles ?? '').split(/[\s,]+/).filter(Boolean),
        }
      : undefined;
    const community = this.community;
    // Same settings, same adapter: reconnecting or a twin provider shares one store and its cache.
    const extra = ADAPTER_ATTRIBUTES.map((a) => this.getAttribute(a));
    const key = JSON.stringify([name, community, this.endpoint ?? '', viewer ?? null, extra]);
    const wrappedKey = `${key}#${adapterWrapperGeneration()}`;
    let adapter = wrappedCache.get(wrappedKey);
    if (!adapter) {
      const config: AdapterConfig = { community, endpoint: this.endpoint, viewer: viewer as Viewer | undefined, host: this };
      let inner = adapterCache.get(key);
      if (!inner) adapterCache.set(key, (inner = factory(config)));
      // the same inner adapter under a wrapper registered later: a provider it leaves alone keeps its store
      adapter = applyAdapterWrappers(inner, config);
      wrappedCache.set(wrappedKey, adapter);
    }
    return adapter;
  }
}
