import { registerAdapter } from '../elements/provider/adapters.js';
import {
  ERROR_KINDS,
  LcAdapterError,
  type Change,
  type LcAdapter,
  type LcErrorKind,
  type LcRecord,
  type Page,
  type PeopleQuery,
  type Person,
  type Query,
  type Viewer,
} from '../core/adapter.js';

/**
 * The REST adapter: records live on a server that speaks the lc-elements HTTP protocol
 * (`server/openapi.yaml`; the reference server is `server/` in this repository), shared by
 * everyone in a community, with live changes over server-sent events.
 *
 * ```html
 * <script type="module" src="lc-elements.js"></script>
 * <lc-provider adapter="rest" endpoint="https://intranet.example/api/lc" community="library-staff">…</lc-provider>
 * ```
 *
 * Credentials: cookies (`credentials: 'include'`, for same-site intranets behind an SSO proxy), or
 * a bearer token — the provider's `token` attribute, or a `getToken()` function set as a property
 * on the provider (called before every request, so it can refresh an SSO token).
 *
 * Live changes come over one `text/event-stream` per adapter, read with `fetch` rather than
 * `EventSource` so that the `Authorization` and community headers go with it; it reconnects with
 * backoff, resumes with `Last-Event-ID` (the server replays what was missed), and treats a stream
 * silent for longer than two and a half heartbeats as dead.
 */

export interface RestAdapterOptions {
  /** Base URL of the server (its `/v1/…` routes live under it). Relative URLs resolve against the page. Default: the page's origin. */
  endpoint?: string;
  /** The community every request is scoped to (default `'default'`). */
  community?: string;
  /** A bearer token sent as `Authorization: Bearer …`. */
  token?: string;
  /** Called before each request for a bearer token (wins over `token`); may return a promise. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** Fetch credentials mode (default `'include'`: cookies go along, also cross-origin to an allowed origin). */
  credentials?: RequestCredentials;
  /** Per-request timeout in ms (default 15,000). A timed-out request fails with kind `unavailable`. */
  timeoutMs?: number;
  /**
   * `'dev'`: the server runs `LC_AUTH=dev` (a demo on loopback). The adapter then keeps a
   * self-declared identity per browser tab and offers `identify(name)`, so two windows can be two
   * people. Never use it against a real deployment: the server refuses it there anyway.
   */
  identity?: 'dev';
  /** With `identity: 'dev'`: a fixed identity to declare instead of asking for a name. */
  viewer?: Partial<Viewer> & { id: string };
  /** Backoff of the event stream's reconnects, ms (default 500 to 30,000, doubled each time, with jitter). */
  reconnect?: { minMs?: number; maxMs?: number };
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
}

/** sessionStorage key (per endpoint) of the dev identity `{ id, name }`: one per tab. */
export const REST_DEV_IDENTITY_KEY = 'lc-rest-dev-identity';

const DEFAULT_TIMEOUT = 15_000;
const DEFAULT_HEARTBEAT = 15_000;
/** Covers the time between `watch()` and the stream being open (the server replays it). */
const REPLAY_MARGIN_MS = 2_000;
const MAX_REPLAY_MS = 60_000;
/** How long the stream stays open after the last watch ends (a re-render often watches again at once). */
const LINGER_MS = 1_000;

const STATUS_KIND: Record<number, LcErrorKind> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'invalid',
  415: 'invalid',
  422: 'invalid',
  429: 'unavailable',
  501: 'unsupported',
};

function kindOfStatus(status: number): LcErrorKind {
  return STATUS_KIND[status] ?? (status >= 500 ? 'unavailable' : 'invalid');
}

function newId(): string {
  return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

interface Watcher {
  collection: string;
  onChange: (change: Change) => void;
}

/** One parsed server-sent event. */
interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** An incremental `text/event-stream` parser (the WHATWG rules: CR, LF or CRLF; comments; multi-line data). */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;
  private sawCR = false;

  constructor(private readonly onEvent: (e: SseEvent) => void) {}

  push(chunk: string): void {
    let text = chunk;
    if (this.sawCR && text.startsWith('\n')) text = text.slice(1);
    this.sawCR = text.endsWith('\r');
    this.buffer += text;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length || this.event) this.onEvent({ event: this.event || 'message', data: this.data.join('\n'), id: this.id });
      this.data = [];
      this.event = '';
      this.id = undefined;
      return;
    }
    if (line.startsWith(':')) return;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    let value = i < 0 ? '' : line.slice(i + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\u0000')) this.id = value;
  }
}

export class RestAdapter implements LcAdapter {
  readonly key: string;
  /** The server's identity source assigns roles: a viewer without `facilitator` does not run timers. */
  readonly assignsRoles = true;
  readonly community: string;
  /** Present with `identity: 'dev'` only (the contract: adapters with a real identity leave it out). */
  readonly identify?: (name: string) => Promise<Viewer>;
  private readonly base: string;
  private readonly opts: RestAdapterOptions;
  private readonly fetcher: typeof fetch;
  private readonly dev?: { id: string; name: string; roles?: string[]; fixed: boolean };
  private readonly watchers = new Set<Watcher>();
  private streamCollections = '';
  private streamAbort?: AbortController;
  private streamRunning = false;
  private lastEventId?: string;
  /** Earliest `watch()` not yet covered by a live stream, ms. */
  private uncoveredSince?: number;
  private heartbeatMs = DEFAULT_HEARTBEAT;
  private attempt = 0;
  private wake?: () => void;
  private lingerTimer?: ReturnType<typeof setTimeout>;
  private closed = false;
  /** True while the event stream is open and caught up. */
  connected = false;
  private readonly onOnline = () => this.wake?.();

  constructor(options: RestAdapterOptions = {}) {
    this.opts = options;
    this.community = options.community || 'default';
    const here = typeof location !== 'undefined' ? location.href : 'http://localhost/';
    this.base = new URL(options.endpoint || '/', here).href.replace(/\/+$/, '');
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
    if (options.identity === 'dev') {
      if (options.viewer?.id) {
        this.dev = { id: options.viewer.id, name: options.viewer.name ?? options.viewer.id, roles: options.viewer.roles, fixed: true };
      } else {
        const saved = this.readDevIdentity();
        this.dev = { id: saved?.id ?? `dev-${newId()}`, name: saved?.name ?? '', fixed: false };
        if (!saved) this.saveDevIdentity();
      }
      this.identify = (name) => this.identifyDev(name);
    }
    // the outbox keeps queued writes per key: per tab in dev mode, where each tab is its own person
    this.key = `rest:${this.base}:${this.community}${this.dev ? `:${this.dev.id}` : ''}`;
  }

  // ------------------------------------------------------------------------------- requests

  private async headers(json: boolean): Promise<Record<string, string>> {
    const h: Record<string, string> = { accept: 'application/json', 'x-lc-community': this.community };
    if (json) h['content-type'] = 'application/json';
    const token = this.opts.getToken ? await this.opts.getToken() : this.opts.token;
    if (token) h.authorization = `Bearer ${token}`;
    if (this.dev) {
      h['x-lc-dev-user'] = encodeURIComponent(this.dev.id);
      if (this.dev.name) h['x-lc-dev-name'] = encodeURIComponent(this.dev.name);
      if (this.dev.roles) h['x-lc-dev-roles'] = this.dev.roles.join(',');
    }
    return h;
  }

  private url(path: string, params?: URLSearchParams): string {
    const qs = params?.toString();
    return `${this.base}${path}${qs ? `?${qs}` : ''}`;
  }

  /** One HTTP call with a timeout; every failure becomes an `LcAdapterError`. */
  private async call(
    method: string,
    path: string,
    init: { params?: URLSearchParams; body?: unknown } = {},
    retried = false,
  ): Promise<Response> {
    const ctrl = new AbortController();
    const timeoutMs = this.opts.timeoutMs ?? DEFAULT_TIMEOUT;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, timeoutMs);
    let res: Response;
    try {
      res = await this.fetcher(this.url(path, init.params), {
        method,
        headers: await this.headers(init.body !== undefined),
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        credentials: this.opts.credentials ?? 'include',
        cache: 'no-store',
        signal: ctrl.signal,
      });
    } catch (e) {
      clearTimeout(timer);
      if (timedOut) throw new LcAdapterError('unavailable', `${method} ${path}: no answer within ${timeoutMs} ms`, { cause: e });
      if (e instanceof LcAdapterError) throw e;
      throw new LcAdapterError(
        'offline',
        `${method} ${path}: the server cannot be reached (${e instanceof Error ? e.message : String(e)})`,
        { cause: e },
      );
    }
    try {
      if (res.ok) return res;
      const body = await res.json().catch(() => undefined);
      const err = (body as { error?: { kind?: unknown; message?: unknown } } | undefined)?.error;
      const ours = !!err && typeof err === 'object' && typeof err.kind === 'string';
      // a token that just expired: ask the hook once more (it may refresh) and try again
      if (res.status === 401 && this.opts.getToken && !retried) {
        clearTimeout(timer);
        return this.call(method, path, init, true);
      }
      const kind = ours && ERROR_KINDS.includes(err!.kind as LcErrorKind) ? (err!.kind as LcErrorKind) : kindOfStatus(res.status);
      const message = ours && typeof err!.message === 'string' ? err!.message : `${method} ${path}: HTTP ${res.status}`;
      throw new LcAdapterError(res.status === 404 && !ours ? 'unavailable' : kind, message);
    } finally {
      clearTimeout(timer);
    }
  }

  private async json<T>(res: Response, what: string): Promise<T> {
    try {
      return (await res.json()) as T;
    } catch (e) {
      throw new LcAdapterError('unavailable', `${what}: the server's answer is not JSON`, { cause: e });
    }
  }

  private collectionPath(collection: string, id?: string): string {
    if (typeof collection !== 'string' || !collection) throw new LcAdapterError('invalid', 'a collection name is required');
    return `/v1/c/${encodeURIComponent(collection)}${id === undefined ? '' : `/${encodeURIComponent(id)}`}`;
  }

  // ------------------------------------------------------------------------------- contract

  async whoami(): Promise<Viewer> {
    const v = await this.json<Viewer>(await this.call('GET', '/v1/me'), 'whoami');
    if (!v || typeof v.id !== 'string' || !Array.isArray(v.roles))
      throw new LcAdapterError('unavailable', 'whoami: the server answered something that is not a viewer');
    return {
      id: v.id,
      name: typeof v.name === 'string' ? v.name : v.id,
      roles: v.roles.filter((r) => typeof r === 'string'),
      ...(v.anonymous ? { anonymous: true } : {}),
    };
  }

  async list<T extends LcRecord = LcRecord>(collection: string, query: Query = {}): Promise<Page<T>> {
    const params = new URLSearchParams();
    for (const [field, value] of Object.entries(query.where ?? {})) params.append(`where.${field}`, JSON.stringify(value));
    if (query.orderBy) params.set('order', `${query.orderBy.field}:${query.orderBy.direction ?? 'asc'}`);
    if (query.limit !== undefined && Number.isFinite(query.limit) && query.limit >= 1) params.set('limit', String(Math.floor(query.limit)));
    if (query.cursor) params.set('cursor', query.cursor);
    const page = await this.json<Page<T>>(await this.call('GET', this.collectionPath(collection), { params }), 'list');
    if (!page || !Array.isArray(page.items))
      throw new LcAdapterError('unavailable', 'list: the server answered something that is not a page');
    return page.cursor ? { items: page.items, cursor: page.cursor } : { items: page.items };
  }

  /**
   * Reads one record through the list route (`where.id`), not `GET /v1/c/{collection}/{id}`: a
   * record that does not exist yet is an everyday answer here, and a 404 would put a red line in
   * the browser console of every page that asks for one (a meeting nobody has started).
   */
  async get<T extends LcRecord = LcRecord>(collection: string, id: string): Promise<T | undefined> {
    if (typeof id !== 'string' || !id) throw new LcAdapterError('invalid', 'a record id is required');
    return (await this.list<T>(collection, { where: { id }, limit: 1 })).items[0];
  }

  async put<T extends LcRecord>(collection: string, record: T): Promise<T> {
    if (!record || typeof record !== 'object' || typeof record.id !== 'string' || !record.id)
      throw new LcAdapterError('invalid', 'a record needs a non-empty string id');
    return this.json<T>(await this.call('PUT', this.collectionPath(collection, record.id), { body: record }), 'put');
  }

  async remove(collection: string, id: string): Promise<void> {
    if (typeof id !== 'string' || !id) throw new LcAdapterError('invalid', 'a record id is required');
    await this.call('DELETE', this.collectionPath(collection, id));
  }

  async people(query: PeopleQuery = {}): Promise<Person[]> {
    const params = new URLSearchParams();
    if (query.search) params.set('search', query.search);
    if (query.ids) {
      if (!query.ids.length) return [];
      params.set('ids', query.ids.map(encodeURIComponent).join(','));
    }
    const people = await this.json<Person[]>(await this.call('GET', '/v1/people', { params }), 'people');
    if (!Array.isArray(people)) throw new LcAdapterError('unavailable', 'people: the server answered something that is not a list');
    return people;
  }

  // ------------------------------------------------------------------------------- dev identity

  private get devStorageKey(): string {
    return `${REST_DEV_IDENTITY_KEY}:${this.base}`;
  }

  private readDevIdentity(): { id: string; name: string } | undefined {
    try {
      const raw = storage()?.getItem(this.devStorageKey);
      const v = raw ? (JSON.parse(raw) as { id?: unknown; name?: unknown }) : undefined;
      return v && typeof v.id === 'string' && v.id ? { id: v.id, name: typeof v.name === 'string' ? v.name : '' } : undefined;
    } catch {
      return undefined;
    }
  }

  private saveDevIdentity(): void {
    try {
      storage()?.setItem(this.devStorageKey, JSON.stringify({ id: this.dev!.id, name: this.dev!.name }));
    } catch {
      /* private mode: the identity lasts for the page */
    }
  }

  private async identifyDev(name: string): Promise<Viewer> {
    const clean = typeof name === 'string' ? name.trim() : '';
    if (!clean) throw new LcAdapterError('invalid', 'a name is required');
    if (clean.length > 200) throw new LcAdapterError('invalid', 'a name is at most 200 characters');
    this.dev!.name = clean;
    if (!this.dev!.fixed) this.saveDevIdentity();
    return this.whoami();
  }

  // ------------------------------------------------------------------------------- live changes

  watch(collection: string, _query: Query, onChange: (change: Change) => void): () => void {
    const w: Watcher = { collection, onChange: (c) => onChange(c) };
    this.watchers.add(w);
    clearTimeout(this.lingerTimer);
    this.uncoveredSince ??= Date.now();
    this.ensureStream();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.watchers.delete(w);
      if (!this.watchers.size) {
        clearTimeout(this.lingerTimer);
        this.lingerTimer = setTimeout(() => {
          if (!this.watchers.size) this.stopStream();
        }, LINGER_MS);
      }
    };
  }

  /** How many watches are open (for leak checks). */
  get watchCount(): number {
    return this.watchers.size;
  }

  /** Closes the event stream and stops reconnecting; the adapter still answers calls. */
  close(): void {
    this.closed = true;
    this.watchers.clear();
    this.stopStream();
  }

  private wantedCollections(): string {
    return [...new Set([...this.watchers].map((w) => w.collection))].sort().join(',');
  }

  private ensureStream(): void {
    if (this.closed) return;
    // a stream already open for a smaller set restarts (resuming from its last id, so nothing is lost)
    if (this.streamRunning && this.streamCollections && this.streamCollections !== this.wantedCollections()) {
      const wanted = new Set(this.wantedCollections().split(','));
      const missing = [...wanted].some((c) => !this.streamCollections.split(',').includes(c));
      if (missing) this.streamAbort?.abort();
    }
    if (this.streamRunning) return;
    this.streamRunning = true;
    if (typeof addEventListener === 'function') addEventListener('online', this.onOnline);
    void this.runStream();
  }

  private stopStream(): void {
    this.streamRunning = false;
    this.connected = false;
    this.streamAbort?.abort();
    this.wake?.();
    if (typeof removeEventListener === 'function') removeEventListener('online', this.onOnline);
  }

  private async runStream(): Promise<void> {
    while (this.streamRunning && !this.closed && this.watchers.size) {
      let retryNow = false;
      try {
        retryNow = await this.openStream();
      } catch {
        // counted below: every failure backs off
      }
      this.connected = false;
      if (!this.streamRunning || this.closed || !this.watchers.size) break;
      if (retryNow) continue;
      const min = this.opts.reconnect?.minMs ?? 500;
      const max = this.opts.reconnect?.maxMs ?? 30_000;
      const delay = Math.min(max, min * 2 ** this.attempt++) * (0.75 + Math.random() * 0.5);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
    this.streamRunning = false;
  }

  /**
   * One connection of the event stream. Resolves true to reconnect at once (the collection set
   * changed, or the server said bye), false to back off; throws on failures.
   */
  private async openStream(): Promise<boolean> {
    const collections = this.wantedCollections();
    this.streamCollections = collections;
    // The controller exists before any wait, so a watch added meanwhile can cancel this connection.
    const ctrl = new AbortController();
    this.streamAbort = ctrl;
    const params = new URLSearchParams({ collections });
    const headers = await this.headers(false);
    if (ctrl.signal.aborted || this.wantedCollections() !== collections) return true; // the set changed while we waited
    headers.accept = 'text/event-stream';
    if (this.lastEventId) headers['last-event-id'] = this.lastEventId;
    else if (this.uncoveredSince !== undefined)
      params.set('replayMs', String(Math.min(MAX_REPLAY_MS, Date.now() - this.uncoveredSince + REPLAY_MARGIN_MS)));
    let restart = false;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const arm = (ms: number) => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => ctrl.abort(), ms);
    };
    arm(this.opts.timeoutMs ?? DEFAULT_TIMEOUT);
    try {
      const res = await this.fetcher(this.url('/v1/events', params), {
        headers,
        credentials: this.opts.credentials ?? 'include',
        cache: 'no-store',
        signal: ctrl.signal,
      });
      if (!res.ok || !res.body) {
        await res.body?.cancel().catch(() => {});
        if (res.status >= 400 && res.status < 500 && res.status !== 429) this.attempt = Math.max(this.attempt, 4); // a refused stream: back off longer
        return false;
      }
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      const parser = new SseParser((e) => {
        if (e.id !== undefined) this.lastEventId = e.id;
        if (e.event === 'change') this.onChangeEvent(e.data);
        else if (e.event === 'ready') {
          try {
            const hb = (JSON.parse(e.data) as { heartbeatMs?: unknown }).heartbeatMs;
            if (typeof hb === 'number' && hb > 0) this.heartbeatMs = hb;
          } catch {
            /* keep the default */
          }
          this.connected = true;
          this.attempt = 0;
          this.uncoveredSince = undefined;
        } else if (e.event === 'reset') {
          this.lastEventId = undefined;
          this.refreshAll();
          restart = true;
        } else if (e.event === 'bye') restart = true;
      });
      for (;;) {
        arm(this.heartbeatMs * 2.5);
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(decoder.decode(value, { stream: true }));
      }
      return restart;
    } catch (e) {
      // our own abort because the set of collections grew: reconnect at once
      if (ctrl.signal.aborted && this.streamRunning && this.streamCollections !== this.wantedCollections()) return true;
      throw e;
    } finally {
      clearTimeout(watchdog);
      ctrl.abort();
    }
  }

  private onChangeEvent(data: string): void {
    let change: Change;
    try {
      change = JSON.parse(data) as Change;
    } catch {
      return;
    }
    if (
      !change ||
      (change.type !== 'put' && change.type !== 'remove') ||
      typeof change.collection !== 'string' ||
      typeof change.id !== 'string'
    )
      return;
    this.emit(change);
  }

  private emit(change: Change): void {
    let first = true;
    for (const w of [...this.watchers]) {
      if (w.collection !== change.collection) continue;
      const copy = first ? change : (structuredClone(change) as Change);
      first = false;
      try {
        w.onChange(copy);
      } catch (e) {
        // one failing watcher must not stop the others: report it the way an event listener's error is
        setTimeout(() => {
          throw e;
        });
      }
    }
  }

  /** After a `reset` (history lost): re-read what is watched and hand it out as puts. */
  private refreshAll(): void {
    for (const collection of new Set([...this.watchers].map((w) => w.collection))) {
      this.list(collection, { limit: 500 }).then(
        (page) => {
          for (const record of page.items) this.emit({ type: 'put', collection, id: record.id, record });
        },
        () => {},
      );
    }
  }
}

/** Makes a REST adapter (the `rest` name of `<lc-provider adapter="rest">` uses it). */
export function createRestAdapter(options: RestAdapterOptions = {}): RestAdapter {
  return new RestAdapter(options);
}

// <lc-provider adapter="rest" endpoint="…" [token="…"] [identity="dev"]>; a `getToken` function
// property on the provider wins over the attribute. Both are read at every request, so a page can
// refresh them without re-creating the adapter.
registerAdapter('rest', (c) => {
  const host = c.host as HTMLElement & { getToken?: () => string | null | undefined | Promise<string | null | undefined> };
  const dev = host.getAttribute('identity') === 'dev';
  return new RestAdapter({
    endpoint: c.endpoint,
    community: c.community,
    getToken: () => (typeof host.getToken === 'function' ? host.getToken() : host.getAttribute('token')),
    identity: dev ? 'dev' : undefined,
    viewer: dev ? c.viewer : undefined,
  });
});
