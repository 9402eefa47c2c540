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

type Listener = (change: Change) => void;

/**
 * The data behind one or more memory adapters. Share one backend between adapters with
 * different viewers to simulate several people on one community (tests, demos).
 */
export class MemoryBackend {
  /** community → collection → id → record */
  readonly data = new Map<string, Map<string, Map<string, LcRecord>>>();
  private readonly listeners = new Map<string, Set<Listener>>();
  people: Person[];

  constructor(options: { people?: Person[]; seed?: Record<string, Record<string, LcRecord[]>> } = {}) {
    this.people = options.people ?? [];
    for (const [community, collections] of Object.entries(options.seed ?? {}))
      for (const [collection, records] of Object.entries(collections))
        for (const r of records) this.table(community, collection).set(r.id, { ...r, community });
  }

  table(community: string, collection: string): Map<string, LcRecord> {
    let c = this.data.get(community);
    if (!c) this.data.set(community, (c = new Map()));
    let t = c.get(collection);
    if (!t) c.set(collection, (t = new Map()));
    return t;
  }

  subscribe(community: string, collection: string, l: Listener): () => void {
    const key = community + '\u0000' + collection;
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(l);
    return () => set!.delete(l);
  }

  emit(community: string, change: Change): void {
    const set = this.listeners.get(community + '\u0000' + change.collection);
    for (const l of [...(set ?? [])]) queueMicrotask(() => l(structuredClone(change)));
  }

  /** How many live watches are open (for leak checks). */
  get watchCount(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }
}

export type MemoryOperation = 'whoami' | 'list' | 'get' | 'put' | 'remove' | 'people' | 'identify';

export interface MemoryAdapterOptions {
  community?: string;
  /** Who is looking. Without one the viewer is anonymous until `identify(name)`. */
  viewer?: Partial<Viewer> & { id: string };
  backend?: MemoryBackend;
  /** Added delay in ms for every call (or a function of the operation). */
  latency?: number | ((op: MemoryOperation) => number);
  /** Share (0–1) of calls that fail with `unavailable`. */
  failRate?: number;
  /** Which operations `failRate` applies to (default: all). */
  failOn?: MemoryOperation[];
  /** Random source for `failRate` (default `Math.random`). */
  random?: () => number;
  /**
   * Runs before every call; may wait (tests resolve it by hand) or throw an `LcAdapterError`
   * to make the call fail.
   */
  before?: (op: MemoryOperation, collection?: string, arg?: unknown) => void | Promise<void>;
  /** Set `false` to behave like a backend without a people directory. */
  people?: boolean;
  /** Behave like a backend that assigns roles (see `LcAdapter.assignsRoles`). */
  assignsRoles?: boolean;
}

/**
 * An in-process adapter with live `watch`: for tests, stories and demos. Options add latency, a
 * share of failures, or a hand-driven gate before each call.
 */
export class MemoryAdapter implements LcAdapter {
  readonly backend: MemoryBackend;
  readonly community: string;
  readonly key: string;
  readonly assignsRoles: boolean;
  private viewer?: Viewer;
  private readonly opts: MemoryAdapterOptions;
  /** Calls made, by operation (for tests that count adapter calls). */
  readonly calls: Record<MemoryOperation, number> = { whoami: 0, list: 0, get: 0, put: 0, remove: 0, people: 0, identify: 0 };
  people?: (query: PeopleQuery) => Promise<Person[]>;

  constructor(options: MemoryAdapterOptions = {}) {
    this.opts = options;
    this.backend = options.backend ?? new MemoryBackend();
    this.community = options.community ?? 'default';
    this.key = `memory:${this.community}`;
    this.assignsRoles = options.assignsRoles ?? false;
    if (options.viewer) this.viewer = { name: options.viewer.id, roles: [], ...options.viewer };
    if (options.people !== false) this.people = (q) => this.findPeople(q);
  }

  private async gate(op: MemoryOperation, collection?: string, arg?: unknown): Promise<void> {
    this.calls[op]++;
    const latency = typeof this.opts.latency === 'function' ? this.opts.latency(op) : (this.opts.latency ?? 0);
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    await this.opts.before?.(op, collection, arg);
    const rate = this.opts.failRate ?? 0;
    if (rate > 0 && (!this.opts.failOn || this.opts.failOn.includes(op)) && (this.opts.random ?? Math.random)() < rate)
      throw new LcAdapterError('unavailable', `simulated failure of ${op}`);
  }

  async whoami(): Promise<Viewer> {
    await this.gate('whoami');
    return this.viewer ? { ...this.viewer } : { id: '', name: '', roles: [], anonymous: true };
  }

  async identify(name: string): Promise<Viewer> {
    await this.gate('identify');
    const clean = name.trim();
    if (!clean) throw new LcAdapterError('invalid', 'name is required');
    this.viewer = { id: this.viewer?.id || `user-${crypto.randomUUID()}`, name: clean, roles: this.viewer?.roles ?? [] };
    return { ...this.viewer };
  }

  async list<T extends LcRecord = LcRecord>(collection: string, query: Query): Promise<Page<T>> {
    await this.gate('list', collection, query);
    try {
      return structuredClone(runQuery(this.backend.table(this.community, collection).values(), query)) as Page<T>;
    } catch (e) {
      throw new LcAdapterError('invalid', (e as Error).message);
    }
  }

  async get<T extends LcRecord = LcRecord>(collection: string, id: string): Promise<T | undefined> {
    await this.gate('get', collection, id);
    const r = this.backend.table(this.community, collection).get(id);
    return r ? (structuredClone(r) as T) : undefined;
  }

  async put<T extends LcRecord>(collection: string, record: T): Promise<T> {
    await this.gate('put', collection, record);
    if (!record || typeof record.id !== 'string' || !record.id) throw new LcAdapterError('invalid', 'record needs an id');
    const table = this.backend.table(this.community, collection);
    const prev = table.get(record.id);
    const now = new Date().toISOString();
    const stored = structuredClone({
      ...record,
      community: this.community,
      createdAt: prev?.createdAt ?? record.createdAt ?? now,
      updatedAt: record.updatedAt ?? now,
    }) as T;
    table.set(record.id, stored);
    this.backend.emit(this.community, { type: 'put', collection, id: record.id, record: stored });
    return structuredClone(stored);
  }

  async remove(collection: string, id: string): Promise<void> {
    await this.gate('remove', collection, id);
    const table = this.backend.table(this.community, collection);
    if (table.delete(id)) this.backend.emit(this.community, { type: 'remove', collection, id });
  }

  watch(collection: string, _query: Query, onChange: (c: Change) => void): () => void {
    return this.backend.subscribe(this.community, collection, onChange);
  }

  private async findPeople(query: PeopleQuery): Promise<Person[]> {
    await this.gate('people');
    const q = query.search?.trim().toLowerCase();
    return this.backend.people
      .filter(
        (p) => (!query.ids || query.ids.includes(p.id)) && (!q || `${p.name} ${p.title ?? ''} ${p.team ?? ''}`.toLowerCase().includes(q)),
      )
      .slice(0, 20)
      .map((p) => ({ ...p }));
  }
}

export function createMemoryAdapter(options?: MemoryAdapterOptions): MemoryAdapter {
  return new MemoryAdapter(options);
}
