import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextConsumer } from '@lit/context';
import { ANONYMOUS_VIEWER, LcAdapterError, type LcAdapter, type Viewer } from './adapter.js';
import { communityContext, storeContext, themeContext, type ThemeName } from './context.js';
import { defaultStore, storeFor } from './defaults.js';
import { errorMessage, errorMessageKey } from '../i18n/errors.js';
import type { RecordStore } from './store.js';
import { LocalizeController, translate } from '../i18n/localize.js';
import { LcErrorEvent, type LcErrorDetail } from '../events/lc-error.js';
import { hostStyles, sharedStyles } from '../styles/tokens.js';

export type ViewerStatus = 'loading' | 'ready' | 'error';

/** Walks up through shadow roots looking for an `<lc-provider>` that has not been upgraded yet. */
function awaitsProvider(el: Element): boolean {
  if (customElements.get('lc-provider')) return false;
  let node: Element | null = el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null);
  while (node) {
    if (node.localName === 'lc-provider') return true;
    node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host || null);
  }
  return false;
}

/**
 * The base of every lc element: finds its store (explicit `.store`, explicit `.adapter`, the nearest
 * `<lc-provider>`, or the page default), tracks the viewer and connectivity, resolves the theme,
 * localizes, and reports errors as `lc-error` events. `M` is the element's own message catalogue
 * (registered with `registerMessages`), so `this.localize.term()` type-checks its keys too.
 */
export class LcElement<M extends object = object> extends LitElement {
  static override styles = [hostStyles, sharedStyles];

  /** @internal */
  protected readonly localize = new LocalizeController<M>(this);

  private readonly storeConsumer = new ContextConsumer(this, {
    context: storeContext,
    subscribe: true,
    callback: (s) => {
      this.contextStore = s;
    },
  });
  private readonly themeConsumer = new ContextConsumer(this, {
    context: themeContext,
    subscribe: true,
    callback: (t) => {
      this.contextTheme = t;
    },
  });
  private readonly communityConsumer = new ContextConsumer(this, {
    context: communityContext,
    subscribe: true,
    callback: (c) => {
      this.contextCommunity = c;
    },
  });

  @state() private contextStore?: RecordStore;
  @state() private contextTheme?: ThemeName;
  @state() private contextCommunity?: string;
  @state() private waitingForProvider = false;
  private boundStore?: RecordStore;
  private readonly forwardStoreEvent = (e: Event) => this.handleStoreEvent(e);

  /**
   * @internal Store events (`write`, `change`) this element follows: they are listened to on
   * whichever store is in use, re-bound when it changes, and dropped on disconnect.
   */
  protected readonly storeEventTypes: readonly string[] = [];

  /** @internal */
  @state() protected online = typeof navigator === 'undefined' ? true : navigator.onLine;
  /** @internal */
  @state() protected viewerStatus: ViewerStatus = 'loading';
  /** @internal Why the viewer could not be known (with `viewerStatus` `error`). */
  @state() protected viewerError?: LcAdapterError;

  /** A data adapter for this element only. Wins over any provider. */
  @property({ attribute: false }) adapter?: LcAdapter;

  /** A record store for this element only. Wins over `adapter` and any provider. */
  @property({ attribute: false }) store?: RecordStore;

  /** Colour theme: `auto` follows the system, `light` or `dark` force it. Defaults to the provider's, else `auto`. */
  @property({ reflect: true }) theme?: ThemeName;

  private readonly onOnline = () => {
    this.online = navigator.onLine;
  };
  private readonly onViewer = () => {
    this.viewerStatus = 'ready';
    this.requestUpdate();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOnline);
    this.online = navigator.onLine;
    if (!this.contextStore && awaitsProvider(this)) {
      this.waitingForProvider = true;
      void customElements.whenDefined('lc-provider').then(() => {
        // The provider upgraded after we asked: ask again so its context reaches us.
        for (const c of [this.storeConsumer, this.themeConsumer, this.communityConsumer]) {
          c.hostDisconnected();
          c.hostConnected();
        }
        this.waitingForProvider = false;
      });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOnline);
    this.bind(undefined);
  }

  /** The store this element reads and writes through; `undefined` while its provider is still loading. */
  get dataStore(): RecordStore | undefined {
    if (this.store) return this.store;
    if (this.adapter) return storeFor(this.adapter);
    if (this.contextStore) return this.contextStore;
    if (this.waitingForProvider) return undefined;
    return defaultStore();
  }

  /** The community from the provider (`default` outside one). */
  get community(): string {
    return this.contextCommunity ?? 'default';
  }

  /** Who is looking (anonymous until the adapter answers). */
  get viewer(): Viewer {
    return this.boundStore?.viewer ?? ANONYMOUS_VIEWER;
  }

  /** True when the viewer is known and may write. */
  get canWrite(): boolean {
    return this.viewerStatus === 'ready' && !this.viewer.anonymous && !!this.viewer.id;
  }

  /** The theme in force: own attribute, else provider, else `auto`. */
  get resolvedTheme(): ThemeName {
    return this.theme ?? this.contextTheme ?? 'auto';
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const theme = this.resolvedTheme;
    if (this.dataset.lcTheme !== theme) this.dataset.lcTheme = theme;
    this.bind(this.isConnected ? this.dataStore : undefined);
  }

  /** @internal Receives the store events named in `storeEventTypes`. */
  protected handleStoreEvent(_e: Event): void {}

  private bind(store: RecordStore | undefined): void {
    if (store === this.boundStore) return;
    this.boundStore?.removeEventListener('viewer', this.onViewer);
    for (const t of this.storeEventTypes) this.boundStore?.removeEventListener(t, this.forwardStoreEvent);
    this.boundStore = store;
    if (!store) return;
    store.addEventListener('viewer', this.onViewer);
    for (const t of this.storeEventTypes) store.addEventListener(t, this.forwardStoreEvent);
    this.viewerStatus = 'loading';
    this.viewerError = undefined;
    store.whoami().then(
      () => {
        if (this.boundStore === store) this.viewerStatus = 'ready';
      },
      (raw: unknown) => {
        if (this.boundStore !== store) return;
        this.viewerError = LcAdapterError.from(raw);
        this.viewerStatus = 'error';
      },
    );
  }

  /** Asks the viewer's store for their identity again (after an error). */
  protected retryViewer(): void {
    const store = this.boundStore;
    this.boundStore = undefined;
    this.bind(store);
  }

  /** The translated message for an error: its reason's own message (e.g. "Open this inside your LMS"), else its kind's. */
  protected errorText(error: unknown): string {
    return errorMessage(this.localize.lang, error);
  }

  /**
   * The translated message for a failed `whoami`: the adapter's reason when it gave one (outside the
   * LMS: "Open this inside your LMS…"), else the generic "Could not load."
   */
  protected viewerErrorText(): string {
    return this.viewerError?.reason ? this.errorText(this.viewerError) : translate(this.localize.lang, 'errorLoad');
  }

  /** False when asking again cannot help (outside the LMS that should host the page): no Try again button then. */
  protected get viewerRetryable(): boolean {
    return this.viewerError?.reason !== 'no-lms';
  }

  /** Dispatches `lc-error` with a translated message. */
  protected reportError(detail: Omit<LcErrorDetail, 'message'> & { message?: string }): void {
    const reason = detail.error instanceof LcAdapterError && detail.error.reason;
    const message =
      detail.message ??
      (reason ? errorMessage(this.localize.lang, detail.error) : translate(this.localize.lang, errorMessageKey(detail.kind)));
    this.dispatchEvent(new LcErrorEvent({ ...detail, message }));
  }
}
