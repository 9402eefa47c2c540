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
  /**
   * True when what is stored can be read by nobody but the viewer (a SCORM learner's `suspend_data`):
   * elements then offer no sharing choices (a reflection is private) rather than promise an audience.
   */
  readonly personal?: boolean;
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
  /**
   * Optional synchronous draft storage held by the backend itself (the SCORM adapter keeps drafts in
   * `suspend_data`, so a learner who resumes on another computer finds their unsent text). Elements
   * use it in addition to their on-device copy (localStorage), never instead of it.
   */
  readonly drafts?: LcDraftStore;
}

/**
 * Synchronous draft storage an adapter may offer (`LcAdapter.drafts`). Synchronous on purpose: a
 * draft is written as the page is hidden or closed, when nothing asynchronous is sure to finish.
 *
 * Keys are chosen by the elements (unique per community and element, e.g. `rp:<community>:<promptId>`);
 * the adapter keeps drafts per viewer. Values are opaque strings (elements store JSON with a
 * `savedAt` timestamp and keep the newer of the backend's and the device's copy).
 */
export interface LcDraftStore {
  /** The stored draft, or `undefined` when there is none (or the backend cannot be read). */
  load(key: string): string | undefined;
  /**
   * Keeps a draft. Returns an `LcAdapterError` (never throws) when it cannot be kept, e.g. kind
   * `invalid` with reason `storage-full`; what was stored before is then left as it was.
   */
  save(key: string, value: string): void | LcAdapterError;
  /** Forgets a draft (after it was submitted or discarded). */
  remove(key: string): void;
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

/**
 * A finer reason than the kind, for messages that must say exactly what to do:
 * `no-lms` (kind `unavailable`): the page runs outside the LMS that should host it;
 * `storage-full` (kind `invalid`): the backend's space would overflow (`remaining` says how many characters are left);
 * `foreign-data` (kind `conflict`): the backend holds data written by someone else, which is not overwritten.
 */
export type LcErrorReason = 'no-lms' | 'storage-full' | 'foreign-data';

export interface LcAdapterErrorOptions {
  cause?: unknown;
  reason?: LcErrorReason;
  /** With reason `storage-full`: how many more characters fit. */
  remaining?: number;
}

/** The one error type adapters throw. `kind` lets elements say something useful. */
export class LcAdapterError extends Error {
  readonly kind: LcErrorKind;
  override readonly cause?: unknown;
  /** A finer reason than `kind`, when the adapter knows one (elements show a dedicated message). */
  readonly reason?: LcErrorReason;
  /** With reason `storage-full`: how many more characters fit. */
  readonly remaining?: number;

  constructor(kind: LcErrorKind, message?: string, options?: LcAdapterErrorOptions) {
    super(message ?? kind);
    this.name = 'LcAdapterError';
    this.kind = kind;
    this.cause = options?.cause;
    if (options?.reason) this.reason = options.reason;
    if (options?.remaining !== undefined) this.remaining = options.remaining;
  }

  /** Wraps anything thrown into an `LcAdapterError` (network failures become `offline`). */
  static from(error: unknown): LcAdapterError {
    if (error instanceof LcAdapterError) return error;
    if (error && typeof error === 'object' && 'kind' in error && ERROR_KINDS.includes((error as { kind: LcErrorKind }).kind)) {
      const e = error as { kind: LcErrorKind; message?: unknown; reason?: LcErrorReason; remaining?: number };
      return new LcAdapterError(e.kind, String(e.message ?? ''), { cause: error, reason: e.reason, remaining: e.remaining });
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
