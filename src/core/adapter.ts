/**
 * The adapter contract: every backend stores generic records in named collections.
 * Nothing here knows about kudos or reflections; domain rules live once in the library.
 */

/** A stored record. `id` is made by the client (`crypto.randomUUID()`), so `put` is an idempotent upsert. */
export interface LcRecord {
  id: string;
  /** The community the record belongs to; adapters fill it in. */
  community?: string;
  /** ISO 8601 timestamps; adapters fill in `createdAt` on first write and `updatedAt` on every write. */
  createdAt?: string;
  updatedAt?: string;
  /** The viewer who wrote it, where that applies. */
  authorId?: string;
  [field: string]: unknown;
}

/** Who is looking. `anonymous` is true when the adapter knows no identity yet. */
export interface Viewer {
  id: string;
  name: string;
  roles: string[];
  anonymous?: boolean;
}

/** An entry of the people directory (`adapter.people`). */
export interface Person {
  id: string;
  name: string;
  title?: string;
  team?: string;
  /** An http(s) or data: image URL. */
  avatar?: string;
}

export type QueryValue = string | number | boolean | null;

/** A deliberately small query: equality filters, one ordering field, a page size and an opaque cursor. */
export interface Query {
  where?: Record<string, QueryValue>;
  orderBy?: { field: string; direction?: 'asc' | 'desc' };
  limit?: number;
  cursor?: string;
}

/** One page of a list. `cursor` is present when there may be more. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** A change delivered by `watch`. `record` is present for `put`. */
export interface Change<T extends LcRecord = LcRecord> {
  type: 'put' | 'remove';
  collection: string;
  id: string;
  record?: T;
}

export interface PeopleQuery {
  search?: string;
  ids?: string[];
}

export interface LcAdapter {
  /**
   * A stable key naming this backend and community, used to keep queued writes (the outbox)
   * apart between adapters on one origin. Defaults to `'default'` when absent.
   */
  readonly key?: string;
  /**
   * True when the backend assigns roles to viewers (a real identity source), so a viewer with no
   * roles has none — rather than the adapter having no notion of roles (local, memory), where
   * elements let anyone do what a role would otherwise gate (e.g. run a shared timer).
   */
  readonly assignsRoles?: boolean;
  whoami(): Promise<Viewer>;
  list<T extends LcRecord = LcRecord>(collection: string, query: Query): Promise<Page<T>>;
  get<T extends LcRecord = LcRecord>(collection: string, id: string): Promise<T | undefined>;
  put<T extends LcRecord>(collection: string, record: T): Promise<T>;
  remove(collection: string, id: string): Promise<void>;
  watch?(collection: string, query: Query, onChange: (change: Change) => void): () => void;
  people?(query: PeopleQuery): Promise<Person[]>;
  /**
   * For adapters with no identity source of their own (local, memory): take a self-declared
   * display name and keep it. Adapters backed by a real identity leave this out.
   */
  identify?(name: string): Promise<Viewer>;
  /**
   * For adapters whose viewer can change while the page is open (a name chosen in another tab):
   * calls `onChange` with the new viewer; returns a function that stops it.
   */
  watchViewer?(onChange: (viewer: Viewer) => void): () => void;
}

export type LcErrorKind = 'offline' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'invalid' | 'unavailable' | 'unsupported';

export const ERROR_KINDS: readonly LcErrorKind[] = [
  'offline',
  'unauthorized',
  'forbidden',
  'not-found',
  'conflict',
  'invalid',
  'unavailable',
  'unsupported',
];

/** The one error type adapters throw. `kind` lets elements say something useful. */
export class LcAdapterError extends Error {
  readonly kind: LcErrorKind;
  override readonly cause?: unknown;

  constructor(kind: LcErrorKind, message?: string, options?: { cause?: unknown }) {
    super(message ?? kind);
    this.name = 'LcAdapterError';
    this.kind = kind;
    this.cause = options?.cause;
  }

  /** Wraps anything thrown into an `LcAdapterError` (network failures become `offline`). */
  static from(error: unknown): LcAdapterError {
    if (error instanceof LcAdapterError) return error;
    if (error && typeof error === 'object' && 'kind' in error && ERROR_KINDS.includes((error as { kind: LcErrorKind }).kind)) {
      return new LcAdapterError((error as { kind: LcErrorKind }).kind, String((error as { message?: unknown }).message ?? ''), {
        cause: error,
      });
    }
    if (error instanceof TypeError) return new LcAdapterError('offline', error.message, { cause: error });
    return new LcAdapterError('unavailable', error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** Transient kinds are retried by the outbox; the others are final and roll the write back. */
export function isTransient(kind: LcErrorKind): boolean {
  return kind === 'offline' || kind === 'unavailable';
}

/** The viewer used while the adapter has not said who is looking. */
export const ANONYMOUS_VIEWER: Viewer = Object.freeze({ id: '', name: '', roles: [], anonymous: true }) as Viewer;
