/**
 * Live changes. Every committed write NOTIFYs `lc_events` with its seq; each instance LISTENs,
 * reads the events it has subscribers for and hands them to its event streams, which decide per
 * viewer what to send (a put with the record as that viewer may see it, a remove when a record
 * left their view, or nothing). On PGlite the same NOTIFY path runs inside the one process.
 */
import type { ServerResponse } from 'node:http';
import type { Viewer } from './auth.js';
import type { Db } from './db.js';
import type { Policy, Rec } from './policies.js';
import { EVENTS_CHANNEL, eventsBySeq, eventsSince, type StoredEvent } from './records.js';

export interface Subscriber {
  readonly community: string;
  accept(ev: StoredEvent): void;
}

interface HubLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const RECENT_MAX = 50_000;

export class EventHub {
  private readonly byCommunity = new Map<string, Set<Subscriber>>();
  private pending: number[] = [];
  private flushing?: Promise<void>;
  private unlisten?: () => Promise<void>;
  private lastHeard = Date.now();
  /** Seqs already handed out, so a catch-up after a lost LISTEN does not deliver twice. */
  private readonly recent = new Set<number>();
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly log: HubLog,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(
      EVENTS_CHANNEL,
      (payload) => this.onNotify(payload),
      () => void this.catchUp(),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.unlisten?.();
    await this.flushing;
  }

  /** Number of subscribers (event streams) on this instance. */
  get size(): number {
    let n = 0;
    for (const s of this.byCommunity.values()) n += s.size;
    return n;
  }

  subscribe(sub: Subscriber): () => void {
    let set = this.byCommunity.get(sub.community);
    if (!set) this.byCommunity.set(sub.community, (set = new Set()));
    set.add(sub);
    return () => {
      set!.delete(sub);
      if (!set!.size && this.byCommunity.get(sub.community) === set) this.byCommunity.delete(sub.community);
    };
  }

  private onNotify(payload: string): void {
    this.lastHeard = Date.now();
    const i = payload.indexOf(':');
    const seq = Number(i > 0 ? payload.slice(0, i) : payload);
    const community = i > 0 ? payload.slice(i + 1) : undefined;
    if (!Number.isSafeInteger(seq)) return;
    // nobody here watches that community: nothing to read
    if (community !== undefined && !this.byCommunity.has(community)) {
      this.remember(seq);
      return;
    }
    this.pending.push(seq);
    this.schedule();
  }

  private schedule(): void {
    if (this.flushing || this.stopped) return;
    this.flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.flush())
      .catch((e: Error) => this.log.error({ err: e.message }, 'events: cannot read notified events'))
      .finally(() => {
        this.flushing = undefined;
        if (this.pending.length) this.schedule();
      });
  }

  private async flush(): Promise<void> {
    while (this.pending.length && !this.stopped) {
      const seqs = this.pending.splice(0, 1000);
      const events = await eventsBySeq(this.db, seqs);
      this.dispatch(events);
    }
  }

  private dispatch(events: StoredEvent[]): void {
    for (const ev of events) {
      if (this.recent.has(ev.seq)) continue;
      this.remember(ev.seq);
      const subs = this.byCommunity.get(ev.community);
      if (!subs) continue;
      for (const s of [...subs]) {
        try {
          s.accept(ev);
        } catch (e) {
          this.log.error({ err: (e as Error).message }, 'events: a subscriber failed');
        }
      }
    }
  }

  private remember(seq: number): void {
    this.recent.add(seq);
    if (this.recent.size > RECENT_MAX) {
      const drop = this.recent.size - RECENT_MAX;
      let i = 0;
      for (const s of this.recent) {
        if (i++ >= drop) break;
        this.recent.delete(s);
      }
    }
  }

  /** After the listening connection came back: deliver what was committed meanwhile. */
  private async catchUp(): Promise<void> {
    const since = new Date(this.lastHeard - 30_000);
    try {
      const events = await eventsSince(this.db, since, 100_000);
      this.lastHeard = Date.now();
      this.dispatch(events);
      this.log.warn({ since: since.toISOString(), events: events.length }, 'events: caught up after a lost LISTEN connection');
    } catch (e) {
      this.log.error({ err: (e as Error).message }, 'events: catch-up failed');
    }
  }
}

// --------------------------------------------------------------------------------------- streams

/** Serialised `data:` of a record shared by every viewer who sees it unchanged. */
const frameCache = new WeakMap<object, string>();

export interface StreamOptions {
  res: ServerResponse;
  community: string;
  viewer: Viewer;
  collections?: Set<string>;
  policyFor(collection: string): Policy | undefined;
  heartbeatMs: number;
  /** Largest unsent backlog (bytes) before a slow client is dropped (it resumes with Last-Event-ID). */
  maxBacklog?: number;
  onClose(): void;
}

/** One client's `text/event-stream`: buffers while it catches up, then sends live changes. */
export class EventStream implements Subscriber {
  readonly community: string;
  lastSent = 0;
  private buffering = true;
  private buffer: StoredEvent[] = [];
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private expiry?: NodeJS.Timeout;

  constructor(private readonly o: StreamOptions) {
    this.community = o.community;
    this.heartbeat = setInterval(() => this.send(`: hb ${Date.now()}\n\n`), o.heartbeatMs);
    this.heartbeat.unref();
    if (o.viewer.expiresAt) {
      // the credential ends: close, and the client comes back with a fresh one
      const ms = Math.max(0, Math.min(o.viewer.expiresAt - Date.now(), 2 ** 31 - 1));
      this.expiry = setTimeout(() => this.close('credential expired'), ms);
      this.expiry.unref();
    }
    o.res.on('close', () => this.close());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  accept(ev: StoredEvent): void {
    if (this.closed) return;
    if (this.buffering) {
      this.buffer.push(ev);
      if (this.buffer.length > 10_000) this.reset('too many changes while catching up');
      return;
    }
    this.deliver(ev);
  }

  /** Sends one change if this viewer may see it. */
  deliver(ev: StoredEvent): void {
    if (this.closed || ev.seq <= this.lastSent) return;
    this.lastSent = ev.seq;
    if (this.o.collections && !this.o.collections.has(ev.collection)) return;
    const policy = this.o.policyFor(ev.collection);
    if (!policy) return;
    const { viewer } = this.o;
    const was = !!ev.old && policy.canRead(viewer, ev.old);
    const is = !!ev.next && policy.canRead(viewer, ev.next);
    let data: string;
    if (is) {
      const record = policy.view(viewer, ev.next as Rec);
      data = frameCache.get(record) ?? JSON.stringify({ type: 'put', collection: ev.collection, id: ev.recordId, record });
      frameCache.set(record, data);
    } else if (was) data = JSON.stringify({ type: 'remove', collection: ev.collection, id: ev.recordId });
    else return;
    this.send(`id: ${ev.seq}\nevent: change\ndata: ${data}\n\n`);
  }

  /** Ends the catch-up: announces the resume point, then sends what arrived meanwhile. */
  ready(seq: number): void {
    if (this.closed) return;
    this.lastSent = Math.max(this.lastSent, seq);
    this.send(`id: ${this.lastSent}\nevent: ready\ndata: ${JSON.stringify({ seq: this.lastSent, heartbeatMs: this.o.heartbeatMs })}\n\n`);
    this.buffering = false;
    const buffered = this.buffer;
    this.buffer = [];
    for (const ev of buffered) this.deliver(ev);
  }

  /** Tells the client it may have missed changes (it re-reads), then closes. */
  reset(reason: string): void {
    this.send(`event: reset\ndata: ${JSON.stringify({ reason })}\n\n`);
    this.close(reason);
  }

  send(frame: string): void {
    if (this.closed) return;
    const { res } = this.o;
    res.write(frame);
    if (res.writableLength > (this.o.maxBacklog ?? 4 * 1024 * 1024)) this.close('client too slow');
  }

  /** Closes the stream (`bye` tells a client the server is going away, so it reconnects at once). */
  close(reason?: string, bye = false): void {
    if (this.closed) return;
    if (bye) this.o.res.write(`event: bye\ndata: ${JSON.stringify({ reason: reason ?? 'closing' })}\n\n`);
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.expiry);
    this.buffer = [];
    this.o.res.end();
    this.o.onClose();
  }
}
