import { LitElement, css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import type { LcAdapter, Viewer } from '../../core/adapter.js';
import { communityContext, storeContext, themeContext, type ThemeName } from '../../core/context.js';
import { storeFor } from '../../core/defaults.js';
import type { RecordStore } from '../../core/store.js';
import { adapterFactory, type AdapterConfig } from './adapters.js';

const adapterCache = new Map<string, LcAdapter>();

/**
 * Hands a data store, the community, the viewer's identity and the theme to every lc element inside it.
 * An intranet admin wraps a page's elements in one provider; nested providers work (the inner one wins).
 *
 * @summary Connects the lc elements inside it to a data adapter.
 * @tag lc-provider
 * @slot - The page content holding lc elements.
 */
export class LcProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
    :host([hidden]) {
      display: none !important;
    }
  `;

  private readonly storeProvider = new ContextProvider(this, { context: storeContext });
  private readonly communityProvider = new ContextProvider(this, { context: communityContext });
  private readonly themeProvider = new ContextProvider(this, { context: themeContext });

  /**
   * The data adapter: a name (`local`, the default, keeps data in this browser; `memory` keeps it
   * until the page closes; `rest` with the REST adapter loaded) or, as a property, any object that
   * implements the adapter contract.
   */
  @property() adapter: string | LcAdapter = 'local';

  /** The base URL of a remote backend (for `adapter="rest"`). */
  @property() endpoint?: string;

  /** The community all data belongs to. Required for shared backends; `default` otherwise. */
  @property() community = 'default';

  /** The viewer's id, for adapters with no identity of their own (local, memory). A real backend's identity wins. */
  @property({ attribute: 'user-id' }) userId?: string;

  /** The viewer's display name (with `user-id`). */
  @property({ attribute: 'user-name' }) userName?: string;

  /** The viewer's roles, space- or comma-separated (e.g. `moderator facilitator`). */
  @property({ attribute: 'user-roles' }) userRoles?: string;

  /** Colour theme for everything inside: `auto` (follows the system), `light` or `dark`. */
  @property({ reflect: true }) theme: ThemeName = 'auto';

  /** The store in use (read-only). */
  get store(): RecordStore | undefined {
    return this.storeProvider.value;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (['adapter', 'endpoint', 'community', 'userId', 'userName', 'userRoles'].some((k) => (changed as PropertyValues).has(k)) || !this.storeProvider.value) {
      const adapter = this.resolveAdapter();
      if (adapter) this.storeProvider.setValue(storeFor(adapter));
    }
    if (changed.has('community')) this.communityProvider.setValue(this.community || 'default');
    if (changed.has('theme')) this.themeProvider.setValue(this.theme === 'light' || this.theme === 'dark' ? this.theme : 'auto');
  }

  private resolveAdapter(): LcAdapter | undefined {
    if (this.adapter && typeof this.adapter === 'object') return this.adapter;
    const name = String(this.adapter || 'local').trim().toLowerCase();
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
    const community = this.community || 'default';
    // Same settings, same adapter: reconnecting or a twin provider shares one store and its cache.
    const key = JSON.stringify([name, community, this.endpoint ?? '', viewer ?? null]);
    let adapter = adapterCache.get(key);
    if (!adapter) {
      adapter = factory({ community, endpoint: this.endpoint, viewer: viewer as Viewer | undefined, host: this });
      adapterCache.set(key, adapter);
    }
    return adapter;
  }

  override render() {
    return html`<slot></slot>`;
  }
}
