import {
  ANONYMOUS_VIEWER,
  LcAdapterError,
  type Change,
  type LcAdapter,
  type LcRecord,
  type Person,
  type PeopleQuery,
  type Query,
  type Viewer,
} from './adapter.js';
import {
  IdbOutboxStorage,
  MemoryOutboxStorage,
  Outbox,
  newId,
  type BackoffOptions,
  type OutboxOutcome,
  type OutboxStorage,
} from './outbox.js';
import { DEFAULT_ORDER, comparator, matches, queryKey } from './query.js';
import { validateRecord } from './validation.js';
import { LcErrorEvent, type LcErrorDetail } from '../events/lc-error.js';

export type ListStatus = 'loading' | 'ready' | 'error';

/**
 * Per-record write state: `pending` while being sent, `queued` after a transient failure
 * (offline / backend down: it will sync), `saved` once confirmed, `failed` after a final refusal.
 */
export type WriteState = 'pending' | 'queued' | 'saved' | 'failed';

export interface ListState<T extends LcRecord = LcRecord> {
  status: ListStatus;
  items: readonly T[];
  error?: LcAdapterError;
  /** True when the backend said there are more pages. */
  hasMore: boolean;
  loadingMore: boolean;
  /** True while a stale cached list is being refreshed. */
  refreshing: boolean;
}

export interface Subscription<T extends LcRecord = LcRecord> {
  readonly state: ListState<T>;
  loadMore(): Promise<void>;
  retry(): Promise<void>;
  unsubscribe(): void;
}

/** Emitted on the store (`store.addEventListener('write', …)`) whenever a write's state changes. */
export class StoreWriteEvent extends Event {
  constructor(
    readonly collection: string,
    readonly id: string,
    readonly state: WriteState,
    readonly record?: LcRecord,
    readonly error?: LcAdapterError,
    readonly operation: 'put' | 'remove' = 'put',
  ) {
    super('write');
  }
}

export interface StoreOptions {
  /** Where queued writes are kept: IndexedDB (default), memory, or your own storage. */
  outbox?: 'indexeddb' | 'memory' | OutboxStorage;
  /** IndexedDB database name for the outbox (default `lc-outbox`). */
  outboxName?: string;
  backoff?: BackoffOptions;
  /** Translates error details for `lc-error` (the store has no locale of its own). */
  describe?: (detail: Omit<LcErrorDetail, 'message'>) => string;
  /** How many unused cached lists are kept (default 50). */
  cacheSize?: number;
}

interface Entry {
  key: string;
  collection: string;
  query: Query;
  /** Single-record entries load with `adapter.get`. */
  docId?: string;
  base: LcRecord[];
  cursor?: string;
  status: ListStatus;
  error?: LcAdapterError;
  loaded: boolean;
  loadingMore: boolean;
  refreshing: boolean;
  inflight?: Promise<void>;
  listeners: Set<() => void>;
  /** Source elements, to re-dispatch errors on. */
  view?: ListState;
  lastUsed: number;
}

interface PendingWrite {
  type: 'put' | 'remove';
  record?: LcRecord;
  opIds: Set<string>;
}

const sep = '\u0000';
const recKey = (collection: string, id: string) => collection + sep + id;

function defaultDescribe(d: Omit<LcErrorDetail, 'message'>): string {
  return `${d.operation} ${d.collection ?? ''} failed: ${d.kind}`.trim();
}

/**
 * One per adapter. Shares in-flight reads, caches lists, applies writes optimistically through
 * the outbox, routes live changes to every subscriber and validates what the adapter returns.
 */
export class RecordStore extends EventTarget {
  readonly adapter: LcAdapter;
  readonly outbox: Outbox;
  private readonly opts: StoreOptions;
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, PendingWrite>();
  private readonly states = new Map<string, { state: WriteState; error?: LcAdapterError }>();
  private readonly watches = new Map<string, () => void>();
  private readonly peopleCache = new Map<string, Promise<Person[]>>();
  private viewerPromise?: Promise<Viewer>;
  private viewerValue: Viewer = ANONYMOUS_VIEWER;
  private readonly restored: Promise<void>;
  private disposed = false;

  constructor(adapter: LcAdapter, options: StoreOptions = {}) {
    super();
    this.adapter = adapter;
    this.opts = options;
    const storage: OutboxStorage =
      options.outbox === 'memory' || (options.outbox === undefined && typeof indexedDB === 'undefined')
        ? new MemoryOutboxStorage()
        : typeof options.outbox === 'object'
          ? options.outbox
          : new IdbOutboxStorage(options.outboxName);
    this.outbox = new Outbox({
      scope: adapter.key ?? 'default',
      storage,
      backoff: options.backoff,
      send: (e) => (e.type === 'put' ? this.adapter.put(e.collection, e.record!) : this.adapter.remove(e.collection, e.id)),
      onOutcome: (o) => this.settle(o),
    });
    this.restored = this.restore();
    this.stopViewerWatch = adapter.watchViewer?.((v) => {
      this.viewerPromise = Promise.resolve(v);
      this.setViewer(v);
    });
  }

  private readonly stopViewerWatch?: () => void;

  // ---------------------------------------------------------------- viewer

  /** The viewer as last known (anonymous until `whoami` answers). */
  get viewer(): Viewer {
    return this.viewerValue;
  }

  /** Asks the adapter who is looking, once; later calls share the answer. */
  whoami(): Promise<Viewer> {
    this.viewerPromise ??= this.adapter.whoami().then(
      (v) => {
        this.setViewer(v);
        return v;
      },
      (raw) => {
        this.viewerPromise = undefined;
        const error = LcAdapterError.from(raw);
        this.report({ kind: error.kind, operation: 'identify', error });
        throw error;
      },
    );
    return this.viewerPromise;
  }

  /** True when the adapter can take a self-declared name (local and memory adapters). */
  get canIdentify(): boolean {
    return typeof this.adapter.identify === 'function';
  }

  /** Gives a self-declared display name to adapters with no identity of their own. */
  async identify(name: string): Promise<Viewer> {
    if (!this.adapter.identify) throw new LcAdapterError('unsupported', 'this adapter has its own identity');
    const v = await this.adapter.identify(name);
    this.viewerPromise = Promise.resolve(v);
    this.setViewer(v);
    return v;
  }

  private setViewer(v: Viewer): void {
    this.viewerValue = v;
    this.dispatchEvent(new Event('viewer'));
  }

  // ---------------------------------------------------------------- reads

  /**
   * Subscribes to a list. `listener` runs on every change of its state. The first subscriber of a
   * query makes the one adapter call; later ones share it and the cache.
   */
  subscribe<T extends LcRecord = LcRecord>(collection: string, query: Query, listener: () => void): Subscription<T> {
    return this.attach<T>(this.entryFor(collection, { ...query, cursor: undefined }), listener);
  }

  /** Subscribes to one record (`items` holds it, or is empty when there is none). */
  subscribeRecord<T extends LcRecord = LcRecord>(collection: string, id: string, listener: () => void): Subscription<T> {
    return this.attach<T>(this.entryFor(collection, { where: { id } }, id), listener);
  }

  /** Reads a list once (shares in-flight calls and the cache with subscribers). */
  async list<T extends LcRecord = LcRecord>(collection: string, query: Query = {}): Promise<readonly T[]> {
    const entry = this.entryFor(collection, { ...query, cursor: undefined });
    if (!entry.loaded) await this.load(entry);
    if (entry.status === 'error') throw entry.error;
    return this.view(entry).items as readonly T[];
  }

  /** Reads one record (shared with other readers of the same id; pending writes win). */
  async get<T extends LcRecord = LcRecord>(collection: string, id: string): Promise<T | undefined> {
    const entry = this.entryFor(collection, { where: { id } }, id);
    if (!entry.loaded) await this.load(entry);
    if (entry.status === 'error') throw entry.error;
    return this.view(entry).items[0] as T | undefined;
  }

  private entryFor(collection: string, query: Query, docId?: string): Entry {
    const key = (docId ? 'doc' + sep : '') + queryKey(collection, query);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        key,
        collection,
        query,
        docId,
        base: [],
        status: 'loading',
        loaded: false,
        loadingMore: false,
        refreshing: false,
        listeners: new Set(),
        lastUsed: Date.now(),
      };
      this.entries.set(key, entry);
    }
    entry.lastUsed = Date.now();
    return entry;
  }

  private attach<T extends LcRecord>(entry: Entry, listener: () => void): Subscription<T> {
    const firstForCollection = ![...this.entries.values()].some((e) => e.collection === entry.collection && e.listeners.size > 0);
    entry.listeners.add(listener);
    if (firstForCollection) this.startWatch(entry.collection);
    if (!entry.loaded && !entry.inflight) void this.load(entry);
    else if (entry.loaded && firstForCollection && !entry.inflight) {
      // The cache went stale while nobody watched: show it, refresh behind it.
      entry.refreshing = true;
      this.touch(entry);
      void this.load(entry);
    }
    let active = true;
    const view = () => this.view(entry) as ListState<T>;
    return {
      get state() {
        return view();
      },
      loadMore: () => this.loadMore(entry),
      retry: () => this.load(entry),
      unsubscribe: () => {
        if (!active) return;
        active = false;
        entry.listeners.delete(listener);
        entry.lastUsed = Date.now();
        if (![...this.entries.values()].some((e) => e.collection === entry.collection && e.listeners.size > 0))
          this.stopWatch(entry.collection);
        this.evict();
      },
    };
  }

  private load(entry: Entry): Promise<void> {
    if (entry.inflight) return entry.inflight;
    if (entry.status === 'error') {
      entry.status = 'loading';
      entry.error = undefined;
      this.touch(entry);
    }
    const run = async () => {
      try {
        let items: LcRecord[];
        let cursor: string | undefined;
        if (entry.docId !== undefined) {
          const rec = await this.adapter.get(entry.collection, entry.docId);
          items = rec ? [rec] : [];
        } else {
          const page = await this.adapter.list(entry.collection, entry.query);
          items = page.items;
          cursor = page.cursor;
        }
        entry.base = this.validated(entry.collection, items);
        entry.cursor = cursor;
        entry.status = 'ready';
        entry.error = undefined;
        entry.loaded = true;
      } catch (raw) {
        const error = LcAdapterError.from(raw);
        if (entry.loaded) {
          // Keep showing what we had; say the refresh failed.
          entry.error = error;
        } else {
          entry.status = 'error';
          entry.error = error;
        }
        this.report({ kind: error.kind, operation: 'read', collection: entry.collection, error });
      } finally {
        entry.inflight = undefined;
        entry.refreshing = false;
        this.touch(entry);
      }
    };
    entry.inflight = run();
    return entry.inflight;
  }

  private async loadMore(entry: Entry): Promise<void> {
    if (!entry.cursor || entry.loadingMore || entry.docId !== undefined) return;
    entry.loadingMore = true;
    this.touch(entry);
    try {
      const page = await this.adapter.list(entry.collection, { ...entry.query, cursor: entry.cursor });
      const seen = new Set(entry.base.map((r) => r.id));
      // A new array on every change, so views that compare `items` by identity see it.
      entry.base = [...entry.base, ...this.validated(entry.collection, page.items).filter((r) => !seen.has(r.id))];
      entry.cursor = page.cursor;
      entry.error = undefined;
    } catch (raw) {
      const error = LcAdapterError.from(raw);
      entry.error = error;
      this.report({ kind: error.kind, operation: 'read', collection: entry.collection, error });
    } finally {
      entry.loadingMore = false;
      this.touch(entry);
    }
  }

  private validated(collection: string, items: unknown[]): LcRecord[] {
    const out: LcRecord[] = [];
    for (const item of items) {
      const problem = validateRecord(collection, item);
      if (problem === true) out.push(item as LcRecord);
      else
        this.report({
          kind: 'invalid-record',
          operation: 'validate',
          collection,
          recordId: item && typeof item === 'object' && typeof (item as LcRecord).id === 'string' ? (item as LcRecord).id : undefined,
          error: new Error(problem),
        });
    }
    return out;
  }

  /** The list as elements see it: the adapter's records with pending writes laid over them. */
  private view(entry: Entry): ListState {
    if (entry.view) return entry.view;
    let items = entry.base;
    const cmp = comparator(entry.query.orderBy ?? DEFAULT_ORDER);
    let changed = false;
    for (const [key, write] of this.pending) {
      const [collection, id] = key.split(sep);
      if (collection !== entry.collection) continue;
      if (!changed) {
        items = items.slice();
        changed = true;
      }
      const at = items.findIndex((r) => r.id === id);
      if (at >= 0) items.splice(at, 1);
      if (write.type === 'put' && write.record && matches(write.record, entry.query.where))
        insertSorted(items, write.record, cmp, !!entry.cursor && at < 0);
    }
    entry.view = {
      status: entry.status,
      items,
      error: entry.error,
      hasMore: !!entry.cursor,
      loadingMore: entry.loadingMore,
      refreshing: entry.refreshing,
    };
    return entry.view;
  }

  private touch(entry: Entry): void {
    entry.view = undefined;
    for (const l of [...entry.listeners]) l();
  }

  private touchCollection(collection: string): void {
    for (const e of this.entries.values()) if (e.collection === collection) this.touch(e);
  }

  private evict(): void {
    const limit = this.opts.cacheSize ?? 50;
    const idle = [...this.entries.values()].filter((e) => e.listeners.size === 0 && !e.inflight);
    if (idle.length <= limit) return;
    idle.sort((a, b) => a.lastUsed - b.lastUsed);
    for (const e of idle.slice(0, idle.length - limit)) this.entries.delete(e.key);
  }

  // ---------------------------------------------------------------- live changes

  private startWatch(collection: string): void {
    if (!this.adapter.watch || this.watches.has(collection)) return;
    try {
      this.watches.set(
        collection,
        this.adapter.watch(collection, {}, (c) => this.applyChange(c)),
      );
    } catch (raw) {
      const error = LcAdapterError.from(raw);
      this.report({ kind: error.kind, operation: 'watch', collection, error });
    }
  }

  private stopWatch(collection: string): void {
    const stop = this.watches.get(collection);
    this.watches.delete(collection);
    stop?.();
  }

  /** Applies a change from the adapter (or another tab) to every cached list of its collection. */
  applyChange(change: Change): void {
    let record: LcRecord | undefined;
    if (change.type === 'put') {
      record = this.validated(change.collection, [change.record])[0];
      if (!record) return;
    }
    for (const entry of this.entries.values()) {
      if (entry.collection !== change.collection || !entry.loaded) continue;
      const at = entry.base.findIndex((r) => r.id === change.id);
      if (!(record && matches(record, entry.query.where)) && at < 0) continue;
      // A new array on every change, so views that compare `items` by identity see it.
      const base = entry.base.slice();
      if (at >= 0) base.splice(at, 1);
      if (record && matches(record, entry.query.where)) {
        const cmp = comparator(entry.query.orderBy ?? DEFAULT_ORDER);
        // Beyond the loaded window of a paged list it belongs to a later page.
        insertSorted(base, record, cmp, !!entry.cursor && at < 0);
      }
      entry.base = base;
      this.touch(entry);
    }
    this.dispatchEvent(new StoreChangeEvent(change));
  }

  // ---------------------------------------------------------------- writes

  /**
   * Writes a record: shown at once (optimistic), kept in the outbox until the adapter confirms.
   * Resolves with the stored record; rejects only on a final refusal (the write is rolled back).
   * Transient failures keep it queued (`writeState` = `queued`) and it syncs later, even after a reload.
   */
  async put<T extends LcRecord>(collection: string, record: T): Promise<T> {
    const problem = validateRecord(collection, record);
    if (problem !== true) throw new LcAdapterError('invalid', problem);
    const now = new Date().toISOString();
    const stamped = { ...record, updatedAt: now, createdAt: record.createdAt ?? now } as T;
    return this.write(collection, record.id, 'put', stamped) as Promise<T>;
  }

  /** Removes a record, optimistically and through the outbox. */
  async remove(collection: string, id: string): Promise<void> {
    await this.write(collection, id, 'remove');
  }

  private async write(collection: string, id: string, type: 'put' | 'remove', record?: LcRecord): Promise<LcRecord | void> {
    const key = recKey(collection, id);
    const pending = this.pending.get(key) ?? { type, record, opIds: new Set<string>() };
    pending.type = type;
    pending.record = record;
    this.pending.set(key, pending);
    this.setState(collection, id, 'pending', type, record);
    this.touchCollection(collection);
    const done = new Promise<LcRecord | void>((resolve, reject) => {
      const onWrite = (e: Event) => {
        const w = e as StoreWriteEvent;
        if (w.collection !== collection || w.id !== id) return;
        if (w.state === 'saved') {
          this.removeEventListener('write', onWrite);
          resolve(w.record);
        } else if (w.state === 'failed') {
          this.removeEventListener('write', onWrite);
          reject(w.error);
        }
      };
      this.addEventListener('write', onWrite);
    });
    const opId = newId();
    pending.opIds.add(opId);
    // Writes left by a previous page go first, so this one cannot be overtaken by an older one.
    await this.restored;
    await this.outbox.enqueue({ opId, type, collection, id, record });
    return done;
  }

  private settle(o: OutboxOutcome): void {
    const { collection, id, type } = o.entry;
    const key = recKey(collection, id);
    const pending = this.pending.get(key);
    if (o.ok) {
      pending?.opIds.delete(o.entry.opId);
      // A later write of the same record is still on its way: keep showing that one.
      if (pending && pending.opIds.size > 0) return;
      this.pending.delete(key);
      if (type === 'put') {
        const stored = (o.result && typeof o.result === 'object' ? o.result : o.entry.record) as LcRecord;
        this.applyChange({ type: 'put', collection, id, record: stored });
        this.setState(collection, id, 'saved', type, stored);
      } else {
        this.applyChange({ type: 'remove', collection, id });
        this.setState(collection, id, 'saved', type);
      }
      return;
    }
    if (!o.final) {
      this.setState(collection, id, 'queued', type, o.entry.record, o.error);
      return;
    }
    pending?.opIds.delete(o.entry.opId);
    if (!pending || pending.opIds.size === 0) this.pending.delete(key);
    this.touchCollection(collection);
    this.setState(collection, id, 'failed', type, o.entry.record, o.error);
    this.report({ kind: o.error.kind, operation: type === 'put' ? 'write' : 'remove', collection, recordId: id, error: o.error });
  }

  private setState(
    collection: string,
    id: string,
    state: WriteState,
    op: 'put' | 'remove',
    record?: LcRecord,
    error?: LcAdapterError,
  ): void {
    this.states.set(recKey(collection, id), { state, error });
    this.dispatchEvent(new StoreWriteEvent(collection, id, state, record, error, op));
  }

  /** The state of the last write of a record, if any was made on this page (or restored from the outbox). */
  writeState(collection: string, id: string): WriteState | undefined {
    return this.states.get(recKey(collection, id))?.state;
  }

  /** The error that made a write `queued` or `failed`. */
  writeError(collection: string, id: string): LcAdapterError | undefined {
    return this.states.get(recKey(collection, id))?.error;
  }

  /** Writes still waiting for the adapter (queued or being sent). */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Replays writes a previous page left in the outbox, showing them as queued meanwhile. */
  private async restore(): Promise<void> {
    let entries;
    try {
      entries = await this.outbox.pending();
    } catch {
      return;
    }
    for (const e of entries) {
      const key = recKey(e.collection, e.id);
      const newer = this.pending.get(key);
      if (newer) {
        // A write made on this page before the old queue was read wins; the old one still goes out first.
        newer.opIds.add(e.opId);
        continue;
      }
      this.pending.set(key, { type: e.type, record: e.record, opIds: new Set([e.opId]) });
      this.states.set(key, { state: 'queued' });
      this.touchCollection(e.collection);
    }
    if (entries.length) void this.outbox.flush();
  }

  /** Resolves once writes left by a previous page are known (and shown as queued). */
  ready(): Promise<void> {
    return this.restored;
  }

  // ---------------------------------------------------------------- people

  /** Searches the adapter's people directory; `[]` when it has none. Results are cached per query. */
  people(query: PeopleQuery): Promise<Person[]> {
    if (!this.adapter.people) return Promise.resolve([]);
    const key = JSON.stringify([query.search?.trim().toLowerCase() ?? '', [...(query.ids ?? [])].sort()]);
    let hit = this.peopleCache.get(key);
    if (!hit) {
      hit = this.adapter.people(query).catch((raw) => {
        this.peopleCache.delete(key);
        throw LcAdapterError.from(raw);
      });
      this.peopleCache.set(key, hit);
      if (this.peopleCache.size > 200) this.peopleCache.delete(this.peopleCache.keys().next().value!);
    }
    return hit;
  }

  /** True when the adapter has a people directory. */
  get hasPeople(): boolean {
    return typeof this.adapter.people === 'function';
  }

  // ---------------------------------------------------------------- errors & lifecycle

  private report(d: Omit<LcErrorDetail, 'message'>): void {
    const message = (this.opts.describe ?? defaultDescribe)(d);
    this.dispatchEvent(new LcErrorEvent({ ...d, message }));
  }

  /** Numbers for leak checks and debugging. */
  stats(): { entries: number; listeners: number; watches: number; pending: number } {
    let listeners = 0;
    for (const e of this.entries.values()) listeners += e.listeners.size;
    return { entries: this.entries.size, listeners, watches: this.watches.size, pending: this.pending.size };
  }

  /** Stops live watches and retries (queued writes stay in storage for the next page). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const stop of this.watches.values()) stop();
    this.watches.clear();
    this.stopViewerWatch?.();
    this.outbox.stop();
  }
}

/** Emitted on the store for every live change applied (`store.addEventListener('change', …)`). */
export class StoreChangeEvent extends Event {
  constructor(readonly change: Change) {
    super('change');
  }
}

function insertSorted(items: LcRecord[], record: LcRecord, cmp: (a: LcRecord, b: LcRecord) => number, bounded: boolean): void {
  let i = items.findIndex((r) => cmp(record, r) < 0);
  if (i < 0) {
    if (bounded) return;
    i = items.length;
  }
  items.splice(i, 0, record);
}
