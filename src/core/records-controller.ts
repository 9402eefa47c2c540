import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LcAdapterError, type LcRecord, type Query } from './adapter.js';
import type { ListState, RecordStore, Subscription, WriteState } from './store.js';
import { StoreWriteEvent } from './store.js';
import { LcErrorEvent } from '../events/lc-error.js';
import { langOf, translate } from '../i18n/localize.js';
import { errorMessage, errorMessageKey } from '../i18n/errors.js';

export interface RecordsHost extends ReactiveControllerHost, HTMLElement {
  readonly dataStore: RecordStore | undefined;
}

export interface RecordsOptions {
  /** The collection to read. */
  collection: string;
  /** The query; return `undefined` to read nothing (yet). Re-evaluated on every host update. */
  query?: () => Query | undefined;
  /** Read one record by id instead of a list. Return `undefined` to read nothing. */
  id?: () => string | undefined;
}

const EMPTY: ListState = { status: 'loading', items: [], hasMore: false, loadingMore: false, refreshing: false };

/**
 * Binds a host element to a query on its store: `status`, `items`, `error`, `retry()`,
 * `loadMore()` and per-record `writeState(id)`. Re-renders the host on any change, follows the
 * host's store and query as they change, forwards read errors as `lc-error` on the host, and
 * unsubscribes on disconnect.
 */
export class RecordsController<T extends LcRecord = LcRecord> implements ReactiveController {
  private sub?: Subscription<T>;
  private subKey?: string;
  private store?: RecordStore;
  private readonly requestUpdate = () => this.host.requestUpdate();
  private readonly onWrite = (e: Event) => {
    if ((e as StoreWriteEvent).collection === this.options.collection) this.host.requestUpdate();
  };
  private readonly onError = (e: Event) => {
    const d = (e as LcErrorEvent).detail;
    if (d.collection === this.options.collection && (d.operation === 'read' || d.operation === 'validate' || d.operation === 'watch'))
      this.host.dispatchEvent(
        new LcErrorEvent({
          ...d,
          message:
            d.error instanceof LcAdapterError && d.error.reason
              ? errorMessage(langOf(this.host), d.error)
              : translate(langOf(this.host), errorMessageKey(d.kind)),
        }),
      );
  };

  constructor(
    private readonly host: RecordsHost,
    private readonly options: RecordsOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.detach();
  }

  private sync(): void {
    const store = this.host.isConnected ? this.host.dataStore : undefined;
    const id = this.options.id?.();
    // A query function that answers `undefined` means "read nothing yet" (e.g. no viewer): no subscription.
    const query = this.options.id ? undefined : this.options.query ? this.options.query() : {};
    const key = store && (id !== undefined || query) ? JSON.stringify([id, query]) : undefined;
    if (store === this.store && key === this.subKey) return;
    this.detach();
    if (!store || key === undefined) return;
    this.store = store;
    this.subKey = key;
    store.addEventListener('write', this.onWrite);
    store.addEventListener('lc-error', this.onError);
    this.sub =
      id !== undefined
        ? store.subscribeRecord<T>(this.options.collection, id, this.requestUpdate)
        : store.subscribe<T>(this.options.collection, query!, this.requestUpdate);
  }

  private detach(): void {
    this.sub?.unsubscribe();
    this.store?.removeEventListener('write', this.onWrite);
    this.store?.removeEventListener('lc-error', this.onError);
    this.sub = undefined;
    this.subKey = undefined;
    this.store = undefined;
  }

  private get state(): ListState<T> {
    return (this.sub?.state ?? EMPTY) as ListState<T>;
  }

  get status(): ListState['status'] {
    return this.state.status;
  }
  get items(): readonly T[] {
    return this.state.items;
  }
  /** The one record, for `id` controllers. */
  get item(): T | undefined {
    return this.state.items[0];
  }
  get error(): LcAdapterError | undefined {
    return this.state.error;
  }
  get hasMore(): boolean {
    return this.state.hasMore;
  }
  get loadingMore(): boolean {
    return this.state.loadingMore;
  }
  get refreshing(): boolean {
    return this.state.refreshing;
  }

  retry(): Promise<void> {
    return this.sub?.retry() ?? Promise.resolve();
  }

  loadMore(): Promise<void> {
    return this.sub?.loadMore() ?? Promise.resolve();
  }

  writeState(id: string): WriteState | undefined {
    return this.store?.writeState(this.options.collection, id);
  }

  writeError(id: string): LcAdapterError | undefined {
    return this.store?.writeError(this.options.collection, id);
  }
}
