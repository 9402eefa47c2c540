import { LcAdapterError, isTransient, type LcRecord } from './adapter.js';

/** One queued write. `opId` is made by the client; `record.id` makes the put an idempotent upsert. */
export interface OutboxEntry {
  opId: string;
  /** Which adapter (and community) the write is for: `adapter.key`. */
  scope: string;
  /** Creation order within the scope; writes are sent in this order. */
  seq: number;
  type: 'put' | 'remove';
  collection: string;
  id: string;
  record?: LcRecord;
  attempts: number;
  createdAt: number;
  lastError?: string;
}

/** Where queued writes are kept. The IndexedDB one survives a reload; the memory one is for tests and fallbacks. */
export interface OutboxStorage {
  load(scope: string): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  delete(opId: string): Promise<void>;
}

export class MemoryOutboxStorage implements OutboxStorage {
  private readonly entries = new Map<string, OutboxEntry>();
  async load(scope: string): Promise<OutboxEntry[]> {
    return [...this.entries.values()]
      .filter((e) => e.scope === scope)
      .sort((a, b) => a.seq - b.seq)
      .map((e) => structuredClone(e));
  }
  async put(entry: OutboxEntry): Promise<void> {
    this.entries.set(entry.opId, structuredClone(entry));
  }
  async delete(opId: string): Promise<void> {
    this.entries.delete(opId);
  }
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Outbox storage in IndexedDB (`lc-outbox` by default): one object store of entries, indexed by scope. */
export class IdbOutboxStorage implements OutboxStorage {
  private db?: Promise<IDBDatabase>;
  constructor(readonly name = 'lc-outbox') {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(this.name, 1);
      req.onupgradeneeded = () => {
        const store = req.result.createObjectStore('ops', { keyPath: 'opId' });
        store.createIndex('scope', 'scope');
      };
      req.onsuccess = () => {
        const db = req.result;
        // Another tab upgrading the schema must not be blocked by us.
        db.onversionchange = () => {
          db.close();
          this.db = undefined;
        };
        resolve(db);
      };
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('outbox database blocked'));
    });
    return this.db;
  }

  private async tx<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open();
    const tx = db.transaction('ops', mode);
    const result = request(run(tx.objectStore('ops')));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('outbox transaction aborted'));
    });
    return result;
  }

  async load(scope: string): Promise<OutboxEntry[]> {
    const all = await this.tx('readonly', (s) => s.index('scope').getAll(IDBKeyRange.only(scope)) as IDBRequest<OutboxEntry[]>);
    return all.sort((a, b) => a.seq - b.seq);
  }
  async put(entry: OutboxEntry): Promise<void> {
    await this.tx('readwrite', (s) => s.put(entry));
  }
  async delete(opId: string): Promise<void> {
    await this.tx('readwrite', (s) => s.delete(opId));
  }
}

export interface BackoffOptions {
  /** First retry delay in ms (default 1,000). */
  baseMs?: number;
  /** Longest delay in ms (default 60,000). */
  maxMs?: number;
}

/** Exponential backoff with "equal jitter": half the delay is fixed, half random. Pure, for testing. */
export function backoffDelay(attempt: number, random: number, { baseMs = 1000, maxMs = 60_000 }: BackoffOptions = {}): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

export type OutboxOutcome =
  { ok: true; entry: OutboxEntry; result?: LcRecord } | { ok: false; entry: OutboxEntry; error: LcAdapterError; final: boolean };

export interface OutboxOptions {
  scope: string;
  storage: OutboxStorage;
  /** Sends one entry to the adapter; resolves with the stored record for puts. */
  send: (entry: OutboxEntry) => Promise<LcRecord | void>;
  /** Told of every attempt's outcome. */
  onOutcome: (outcome: OutboxOutcome) => void;
  backoff?: BackoffOptions;
  random?: () => number;
}

let seqCounter = 0;
/** A sequence number that grows across reloads (time-based) and within a millisecond (counter). */
function nextSeq(): number {
  seqCounter = (seqCounter + 1) % 1000;
  return Date.now() * 1000 + seqCounter;
}

export function newId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

/**
 * Every write goes through here: kept in storage until the adapter confirms it, sent in order,
 * retried with backoff on transient failures, replayed on `online` and on the next page load.
 * A final failure (invalid, forbidden…) is dropped from storage and reported.
 */
export class Outbox {
  private readonly opts: OutboxOptions;
  private flushing?: Promise<void>;
  private again = false;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly onOnline = () => void this.flush();
  private stopped = false;

  constructor(opts: OutboxOptions) {
    this.opts = opts;
    if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
  }

  get scope(): string {
    return this.opts.scope;
  }

  /** Entries still waiting, oldest first (from storage: survives reloads). */
  pending(): Promise<OutboxEntry[]> {
    return this.opts.storage.load(this.opts.scope);
  }

  /** Keeps a write, then tries to send it. Resolves once it is safely stored, not when sent. */
  async enqueue(write: Pick<OutboxEntry, 'type' | 'collection' | 'id' | 'record'> & { opId?: string }): Promise<OutboxEntry> {
    const entry: OutboxEntry = {
      ...write,
      opId: write.opId ?? newId(),
      scope: this.opts.scope,
      seq: nextSeq(),
      attempts: 0,
      createdAt: Date.now(),
    };
    try {
      await this.opts.storage.put(entry);
    } catch (error) {
      // Storage refused (quota, private mode): the write still goes out from memory.
      console.warn('lc-elements: could not keep a write in the outbox', error);
      this.memoryOnly.set(entry.opId, entry);
    }
    void this.flush();
    return entry;
  }

  private readonly memoryOnly = new Map<string, OutboxEntry>();

  /** Sends everything pending now, in order. Concurrent calls share one pass. */
  flush(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.run().finally(() => {
      this.flushing = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.flush();
      }
    });
    return this.flushing;
  }

  private async run(): Promise<void> {
    const run = async () => {
      let entries: OutboxEntry[];
      try {
        entries = await this.opts.storage.load(this.opts.scope);
      } catch {
        entries = [];
      }
      for (const e of this.memoryOnly.values()) if (!entries.some((x) => x.opId === e.opId)) entries.push(e);
      entries.sort((a, b) => a.seq - b.seq);
      for (const entry of entries) {
        if (this.stopped) return;
        const proceed = await this.attempt(entry);
        if (!proceed) return; // transient failure: keep order, retry later
      }
    };
    // One tab at a time sends a scope's queue, where the browser can coordinate tabs; a tab that
    // finds another sending waits its turn and then sends whatever is still left in storage.
    const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
    if (locks?.request) {
      await locks.request(`lc-outbox:${this.opts.scope}`, run);
    } else {
      await run();
    }
  }

  private async attempt(entry: OutboxEntry): Promise<boolean> {
    try {
      const result = await this.opts.send(entry);
      await this.forget(entry);
      this.opts.onOutcome({ ok: true, entry, result: result ?? undefined });
      return true;
    } catch (raw) {
      const error = LcAdapterError.from(raw);
      if (isTransient(error.kind)) {
        entry.attempts += 1;
        entry.lastError = error.message;
        try {
          if (this.memoryOnly.has(entry.opId)) this.memoryOnly.set(entry.opId, entry);
          else await this.opts.storage.put(entry);
        } catch {
          /* keeping the attempt count is best effort */
        }
        this.opts.onOutcome({ ok: false, entry, error, final: false });
        this.schedule(entry.attempts);
        return false;
      }
      await this.forget(entry);
      this.opts.onOutcome({ ok: false, entry, error, final: true });
      return true;
    }
  }

  private async forget(entry: OutboxEntry): Promise<void> {
    this.memoryOnly.delete(entry.opId);
    try {
      await this.opts.storage.delete(entry.opId);
    } catch {
      /* a stale entry is replayed later as an idempotent put: harmless */
    }
  }

  private schedule(attempt: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const delay = backoffDelay(attempt, (this.opts.random ?? Math.random)(), this.opts.backoff);
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  /** Stops retrying (the queue stays in storage for the next page load). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
  }
}
