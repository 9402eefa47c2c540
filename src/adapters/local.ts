import {
  LcAdapterError,
  type Change,
  type LcAdapter,
  type LcRecord,
  type Page,
  type Person,
  type PeopleQuery,
  type Query,
  type Viewer,
} from '../core/adapter.js';
import { runQuery } from '../core/query.js';

/**
 * The embedded default adapter: records live in this browser's IndexedDB, shared by every tab
 * of the origin, with live updates between tabs over a `BroadcastChannel`. Nothing leaves the
 * device, so it suits a single-user page, a demo, or a kiosk; use the REST adapter to share
 * data between people.
 */

export interface LocalAdapterOptions {
  /** The community records belong to (default `'default'`). Communities never see each other's data. */
  community?: string;
  /** The identity given by the page (`<lc-provider user-id user-name user-roles>`); wins over a self-declared one. */
  viewer?: Partial<Viewer> & { id: string };
  /** IndexedDB database name (default `'lc-local'`); also names the cross-tab channel. */
  dbName?: string;
  /** A roster for the people directory, added to everyone who identified on this origin. */
  people?: Person[];
}

/** localStorage key of the self-declared identity (`{ id, name }`), shared by every local adapter of the origin. */
export const LOCAL_IDENTITY_KEY = 'lc-identity';

const RECORDS = 'records';
const PEOPLE = 'people';
const BY_COLLECTION = 'by-collection';
const DB_VERSION = 1;
const MAX_PEOPLE = 20;

interface StoredRecord {
  community: string;
  collection: string;
  id: string;
  data: LcRecord;
}

interface StoredPerson extends Person {
  community: string;
}

interface ChannelMessage {
  community: string;
  change: Change;
}

type Identity = { id: string; name: string };

/** Used when localStorage throws (privacy modes, storage disabled): the identity lasts for the page. */
let memoryIdentity: Identity | undefined;

function readIdentity(): Identity | undefined {
  if (memoryIdentity) return { ...memoryIdentity };
  try {
    const raw = globalThis.localStorage?.getItem(LOCAL_IDENTITY_KEY);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<Identity> | null;
    return parsed && typeof parsed.id === 'string' && parsed.id && typeof parsed.name === 'string' && parsed.name
      ? { id: parsed.id, name: parsed.name }
      : undefined;
  } catch {
    return undefined;
  }
}

function writeIdentity(identity: Identity): void {
  try {
    if (!globalThis.localStorage) throw new Error('no localStorage');
    globalThis.localStorage.setItem(LOCAL_IDENTITY_KEY, JSON.stringify(identity));
    memoryIdentity = undefined;
  } catch {
    memoryIdentity = { ...identity };
  }
}

function newId(): string {
  return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

/** Turns an IndexedDB failure into the contract's error. */
function toAdapterError(error: unknown, what: string): LcAdapterError {
  if (error instanceof LcAdapterError) return error;
  const name = (error as { name?: string } | null)?.name;
  const detail = error instanceof Error || error instanceof DOMException ? error.message : String(error);
  if (name === 'QuotaExceededError')
    return new LcAdapterError(
      'unavailable',
      `The browser's storage for this site is full, so the local data could not be saved (${what}).`,
      { cause: error },
    );
  if (name === 'DataCloneError' || name === 'DataError') return new LcAdapterError('invalid', `${what}: ${detail}`, { cause: error });
  return new LcAdapterError('unavailable', `The local database is unavailable (${what}): ${detail || name || 'unknown error'}`, {
    cause: error,
  });
}

function cleanPerson(p: Partial<StoredPerson>): Person {
  const person: Person = { id: String(p.id), name: String(p.name ?? p.id) };
  if (p.title) person.title = p.title;
  if (p.team) person.team = p.team;
  if (p.avatar) person.avatar = p.avatar;
  return person;
}

export class LocalAdapter implements LcAdapter {
  readonly community: string;
  readonly dbName: string;
  readonly key: string;
  /**
   * Takes a self-declared display name and keeps it (localStorage). Absent when the page gave
   * the viewer: then the identity is not the user's to change.
   */
  readonly identify?: (name: string) => Promise<Viewer>;
  /** Tells of a name chosen in another tab of this browser (absent when the page gave the viewer). */
  readonly watchViewer?: (onChange: (viewer: Viewer) => void) => () => void;

  private readonly givenViewer?: Viewer;
  private readonly roster: Person[];
  private db?: Promise<IDBDatabase>;
  private readonly watchers = new Map<string, Set<(change: Change) => void>>();
  private channel?: BroadcastChannel;

  constructor(options: LocalAdapterOptions = {}) {
    this.community = options.community ?? 'default';
    this.dbName = options.dbName ?? 'lc-local';
    this.key = `local:${this.dbName}:${this.community}`;
    this.roster = (options.people ?? []).map(cleanPerson);
    if (options.viewer) {
      const v = options.viewer;
      this.givenViewer = { ...v, id: v.id, name: v.name || v.id, roles: [...(v.roles ?? [])] };
    } else {
      this.identify = (name) => this.identifySelf(name);
      this.watchViewer = (onChange) => {
        if (typeof window === 'undefined') return () => {};
        // localStorage fires `storage` in every other tab of the origin when the identity changes.
        const onStorage = (e: StorageEvent) => {
          if (e.key !== LOCAL_IDENTITY_KEY) return;
          const self = readIdentity();
          if (self) onChange({ id: self.id, name: self.name, roles: [] });
        };
        window.addEventListener('storage', onStorage);
        return () => window.removeEventListener('storage', onStorage);
      };
    }
  }

  // --- IndexedDB -------------------------------------------------------------------------------

  /** Opens the database once (lazily); a failed open is retried on the next call. */
  private open(): Promise<IDBDatabase> {
    if (this.db) return this.db;
    const opened: Promise<IDBDatabase> = new Promise<IDBDatabase>((resolve, reject) => {
      if (typeof indexedDB === 'undefined' || !indexedDB) {
        reject(
          new LcAdapterError(
            'unavailable',
            'IndexedDB is not available here (a private window or a sandboxed frame?), so local data cannot be kept.',
          ),
        );
        return;
      }
      let req: IDBOpenDBRequest;
      try {
        req = indexedDB.open(this.dbName, DB_VERSION);
      } catch (error) {
        reject(toAdapterError(error, `open "${this.dbName}"`));
        return;
      }
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains(RECORDS)) {
          const records = db.createObjectStore(RECORDS, { keyPath: ['community', 'collection', 'id'] });
          records.createIndex(BY_COLLECTION, ['community', 'collection']);
        }
        if (!db.objectStoreNames.contains(PEOPLE)) db.createObjectStore(PEOPLE, { keyPath: ['community', 'id'] });
      };
      req.onsuccess = () => {
        const db = req.result;
        const forget = () => {
          if (this.db === opened) this.db = undefined;
        };
        // Another tab upgrading or deleting the database must not be blocked by us.
        db.onversionchange = () => {
          db.close();
          forget();
        };
        db.onclose = forget; // closed by the browser (site data cleared)
        this.registerIdentity(db);
        resolve(db);
      };
      req.onerror = () => reject(toAdapterError(req.error, `open "${this.dbName}"`));
    });
    this.db = opened;
    opened.catch(() => {
      if (this.db === opened) this.db = undefined;
    });
    return opened;
  }

  /** Adds the page's or the self-declared identity to the people directory (best effort). */
  private registerIdentity(db: IDBDatabase): void {
    const v = this.givenViewer ?? readIdentity();
    if (!v) return;
    try {
      const tx = db.transaction(PEOPLE, 'readwrite');
      tx.objectStore(PEOPLE).put({ ...cleanPerson(v as Partial<StoredPerson>), community: this.community } satisfies StoredPerson);
    } catch {
      // the directory is a convenience; records still work
    }
  }

  /**
   * Runs `body` in one transaction. `body` issues requests and returns a reader for the result,
   * called once the transaction has committed.
   */
  private async transact<T>(
    stores: string[],
    mode: IDBTransactionMode,
    what: string,
    body: (tx: IDBTransaction, fail: (e: unknown) => void) => () => T,
  ): Promise<T> {
    let tx: IDBTransaction | undefined;
    for (let attempt = 0; !tx; attempt++) {
      const db = await this.open();
      try {
        tx = db.transaction(stores, mode);
      } catch (error) {
        // The connection was closing (another tab upgraded or deleted the database): reopen once.
        if ((error as { name?: string })?.name === 'InvalidStateError' && attempt === 0) {
          if (this.db) this.db = undefined;
          continue;
        }
        throw toAdapterError(error, what);
      }
    }
    const t = tx;
    let failure: unknown;
    const fail = (e: unknown) => {
      failure ??= e;
      try {
        t.abort();
      } catch {
        // already finished
      }
    };
    let read: () => T;
    try {
      read = body(t, fail);
    } catch (error) {
      fail(error);
      throw toAdapterError(error, what);
    }
    return new Promise<T>((resolve, reject) => {
      t.oncomplete = () => {
        try {
          resolve(read());
        } catch (error) {
          reject(toAdapterError(error, what));
        }
      };
      t.onabort = () => reject(toAdapterError(failure ?? t.error ?? new DOMException('transaction aborted', 'AbortError'), what));
    });
  }

  // --- records ---------------------------------------------------------------------------------

  async list<T extends LcRecord = LcRecord>(collection: string, query: Query): Promise<Page<T>> {
    this.checkCollection(collection);
    const records = await this.transact([RECORDS], 'readonly', `list ${collection}`, (tx) => {
      const req = tx
        .objectStore(RECORDS)
        .index(BY_COLLECTION)
        .getAll(IDBKeyRange.only([this.community, collection])) as IDBRequest<StoredRecord[]>;
      return () => req.result.map((r) => r.data as T);
    });
    try {
      // the records are fresh structured clones from IndexedDB: nothing else holds them
      return runQuery(records, query ?? {});
    } catch (error) {
      throw new LcAdapterError('invalid', `list ${collection}: ${(error as Error).message}`, { cause: error });
    }
  }

  async get<T extends LcRecord = LcRecord>(collection: string, id: string): Promise<T | undefined> {
    this.checkCollection(collection);
    if (typeof id !== 'string' || !id) return undefined;
    return this.transact([RECORDS], 'readonly', `get ${collection}/${id}`, (tx) => {
      const req = tx.objectStore(RECORDS).get([this.community, collection, id]) as IDBRequest<StoredRecord | undefined>;
      return () => req.result?.data as T | undefined;
    });
  }

  async put<T extends LcRecord>(collection: string, record: T): Promise<T> {
    this.checkCollection(collection);
    if (!record || typeof record !== 'object' || typeof record.id !== 'string' || !record.id)
      throw new LcAdapterError('invalid', 'record needs a non-empty string id');
    let copy: T;
    try {
      copy = structuredClone(record);
    } catch (error) {
      throw new LcAdapterError('invalid', `record ${record.id} cannot be stored: ${(error as Error).message}`, { cause: error });
    }
    const id = record.id;
    const stored = await this.transact([RECORDS], 'readwrite', `put ${collection}/${id}`, (tx, fail) => {
      const store = tx.objectStore(RECORDS);
      let result: T | undefined;
      const prevReq = store.get([this.community, collection, id]) as IDBRequest<StoredRecord | undefined>;
      prevReq.onsuccess = () => {
        try {
          const now = new Date().toISOString();
          const prev = prevReq.result?.data;
          result = {
            ...copy,
            community: this.community,
            createdAt: prev?.createdAt ?? copy.createdAt ?? now,
            updatedAt: copy.updatedAt ?? now,
          };
          store.put({ community: this.community, collection, id, data: result } satisfies StoredRecord);
        } catch (error) {
          fail(error);
        }
      };
      return () => result!;
    });
    this.publish({ type: 'put', collection, id, record: stored });
    return structuredClone(stored);
  }

  async remove(collection: string, id: string): Promise<void> {
    this.checkCollection(collection);
    if (typeof id !== 'string' || !id) return;
    const existed = await this.transact([RECORDS], 'readwrite', `remove ${collection}/${id}`, (tx, fail) => {
      const store = tx.objectStore(RECORDS);
      const key = [this.community, collection, id];
      let found = false;
      const countReq = store.count(key);
      countReq.onsuccess = () => {
        found = countReq.result > 0;
        if (!found) return;
        try {
          store.delete(key);
        } catch (error) {
          fail(error);
        }
      };
      return () => found;
    });
    if (existed) this.publish({ type: 'remove', collection, id });
  }

  private checkCollection(collection: string): void {
    if (typeof collection !== 'string' || !collection) throw new LcAdapterError('invalid', 'collection must be a non-empty string');
  }

  // --- live changes ----------------------------------------------------------------------------

  /**
   * Delivers every put and remove in this community's `collection`, made here or in another
   * tab or adapter on the same origin and `dbName`. The query is not used to filter: the store
   * decides what belongs to a list (a record may leave a filtered list by changing).
   */
  watch(collection: string, _query: Query, onChange: (change: Change) => void): () => void {
    let set = this.watchers.get(collection);
    if (!set) this.watchers.set(collection, (set = new Set()));
    // wrap, so the same callback watched twice is two subscriptions
    const listener = (change: Change) => onChange(change);
    set.add(listener);
    this.listen();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const s = this.watchers.get(collection);
      s?.delete(listener);
      if (s && s.size === 0) this.watchers.delete(collection);
      if (this.watchers.size === 0) this.closeChannel();
    };
  }

  /** How many watches are open (for leak checks). */
  get watchCount(): number {
    let n = 0;
    for (const s of this.watchers.values()) n += s.size;
    return n;
  }

  private get channelName(): string {
    return `lc-local:${this.dbName}`;
  }

  private listen(): void {
    if (this.channel || typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(this.channelName);
    channel.onmessage = (event: MessageEvent) => {
      const msg = event.data as Partial<ChannelMessage> | null;
      if (
        !msg ||
        msg.community !== this.community ||
        !msg.change ||
        typeof msg.change.collection !== 'string' ||
        typeof msg.change.id !== 'string'
      )
        return;
      this.deliver(msg.change);
    };
    this.channel = channel;
  }

  private closeChannel(): void {
    this.channel?.close();
    this.channel = undefined;
  }

  /** Tells this adapter's watchers (soon, not synchronously) and every other adapter on the channel. */
  private publish(change: Change): void {
    queueMicrotask(() => this.deliver(change));
    if (typeof BroadcastChannel === 'undefined') return;
    const message: ChannelMessage = { community: this.community, change };
    try {
      if (this.channel) this.channel.postMessage(message);
      else {
        // no watchers here: a short-lived sender (messages posted before close are still delivered)
        const sender = new BroadcastChannel(this.channelName);
        sender.postMessage(message);
        sender.close();
      }
    } catch (error) {
      console.warn('lc-elements: could not tell other tabs about a change', error);
    }
  }

  private deliver(change: Change): void {
    const set = this.watchers.get(change.collection);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(structuredClone(change));
      } catch (error) {
        // one failing watcher must not starve the others
        setTimeout(() => {
          throw error;
        });
      }
    }
  }

  // --- identity and people -----------------------------------------------------------------------

  async whoami(): Promise<Viewer> {
    // opening the database registers the identity in the people directory; whoami works without it
    await this.open().catch(() => undefined);
    if (this.givenViewer) return { ...this.givenViewer, roles: [...this.givenViewer.roles] };
    const self = readIdentity();
    return self ? { id: self.id, name: self.name, roles: [] } : { id: '', name: '', roles: [], anonymous: true };
  }

  private async identifySelf(name: string): Promise<Viewer> {
    const clean = typeof name === 'string' ? name.trim() : '';
    if (!clean) throw new LcAdapterError('invalid', 'a name is required');
    const identity: Identity = { id: readIdentity()?.id ?? newId(), name: clean };
    writeIdentity(identity);
    try {
      await this.transact([PEOPLE], 'readwrite', 'identify', (tx) => {
        tx.objectStore(PEOPLE).put({ ...identity, community: this.community } satisfies StoredPerson);
        return () => undefined;
      });
    } catch (error) {
      // the identity is kept; only the directory entry is missing
      console.warn('lc-elements: could not add the identity to the local people directory', error);
    }
    return { id: identity.id, name: identity.name, roles: [] };
  }

  /** The `people` roster plus everyone who identified (or was given by the page) in this community on this origin. */
  async people(query: PeopleQuery = {}): Promise<Person[]> {
    const known = await this.transact([PEOPLE], 'readonly', 'people', (tx) => {
      const req = tx.objectStore(PEOPLE).getAll(IDBKeyRange.bound([this.community], [this.community, []])) as IDBRequest<StoredPerson[]>;
      return () => req.result;
    });
    const byId = new Map<string, Person>();
    for (const p of known) byId.set(p.id, cleanPerson(p));
    for (const p of this.roster) byId.set(p.id, { ...byId.get(p.id), ...p }); // the page's roster is authoritative
    const q = query.search?.trim().toLowerCase();
    return [...byId.values()]
      .filter(
        (p) => (!query.ids || query.ids.includes(p.id)) && (!q || [p.name, p.title, p.team].some((f) => f?.toLowerCase().includes(q))),
      )
      .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, MAX_PEOPLE)
      .map((p) => ({ ...p }));
  }

  // --- lifecycle ---------------------------------------------------------------------------------

  /** Closes the database connection and the channel and drops every watch. The adapter reopens on its next call. */
  async close(): Promise<void> {
    this.watchers.clear();
    this.closeChannel();
    const db = this.db;
    this.db = undefined;
    if (db) {
      try {
        (await db).close();
      } catch {
        // it never opened
      }
    }
  }
}

export function createLocalAdapter(options?: LocalAdapterOptions): LocalAdapter {
  return new LocalAdapter(options);
}
