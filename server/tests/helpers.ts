/**
 * Shared by the server tests: the stores to run against (PGlite always; PostgreSQL when
 * DATABASE_URL reaches one), test servers with a config built like the real one, identities,
 * and a small SSE client.
 */
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { createServer, type LcServer } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { openDb, type Db } from '../src/db.js';

export interface StoreKind {
  name: 'pglite' | 'postgres';
  /** Opens a fresh, migrated database private to the caller (a PGlite in memory, or a new PostgreSQL schema). */
  open(): Promise<{ db: Db; schema?: string; drop(): Promise<void> }>;
}

let postgresChecked: Promise<string | undefined> | undefined;
let postgresSkipReason = '';

/** The PostgreSQL URL to test against, or undefined (with the reason printed once). */
export function postgresUrl(): Promise<string | undefined> {
  postgresChecked ??= (async () => {
    const url = process.env.DATABASE_URL;
    if (!url) {
      postgresSkipReason = 'DATABASE_URL is not set (.ci/run starts Debian postgresql and sets it)';
      console.log(`# postgres: skipped: ${postgresSkipReason}`);
      return undefined;
    }
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      return url;
    } catch (e) {
      postgresSkipReason = `cannot connect to DATABASE_URL (${(e as Error).message})`;
      console.log(`# postgres: skipped: ${postgresSkipReason}`);
      return undefined;
    } finally {
      await c.end().catch(() => {});
    }
  })();
  return postgresChecked;
}

export const pglite: StoreKind = {
  name: 'pglite',
  async open() {
    const db = await openDb({ dataDir: 'memory://' });
    return { db, drop: () => db.close() };
  },
};

export function postgresStore(url: string): StoreKind {
  return {
    name: 'postgres',
    async open() {
      const schema = `lc_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const db = await openDb({ databaseUrl: url, schema, poolSize: 5 });
      return {
        db,
        schema,
        async drop() {
          await db.close();
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await c.end();
        },
      };
    },
  };
}

/** PGlite, plus PostgreSQL when it can be reached (else a skipped test says why, so the count shows it). */
export async function stores(): Promise<StoreKind[]> {
  const url = await postgresUrl();
  if (!url) test('the same suite on PostgreSQL', { skip: postgresSkipReason }, () => {});
  return url ? [pglite, postgresStore(url)] : [pglite];
}

/** A config as the environment would give it: header identity from loopback, limits off unless asked. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    LC_AUTH: 'header',
    LC_TRUSTED_PROXIES: '127.0.0.1,::1',
    HOST: '127.0.0.1',
    PORT: '0',
    LC_RATE_LIMIT: '0',
    LC_WRITE_RATE_LIMIT: '0',
    LC_EXTRA_COLLECTIONS: 'notes,tasks',
    LC_DATA_DIR: 'memory://',
    ...env,
  });
}

export async function testServer(db: Db, env: Record<string, string> = {}): Promise<LcServer> {
  return createServer(testConfig(env), { db, logger: false });
}

/** Headers of a viewer in header mode (as the SSO proxy sets them). */
export function as(id: string, roles: string[] = [], community = 'c1', name = id): Record<string, string> {
  return { 'x-remote-user': id, 'x-remote-name': encodeURIComponent(name), 'x-remote-roles': roles.join(','), 'x-lc-community': community };
}

export function uid(prefix = 'c'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

// -------------------------------------------------------------------------------------- SSE client

export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

export interface SseClient {
  messages: SseMessage[];
  /** Comment lines seen (heartbeats). */
  comments: string[];
  status: number;
  /** Resolves with the first message (already received or later) matching; rejects after `ms`. */
  waitFor(match: (m: SseMessage) => boolean, ms?: number, what?: string): Promise<SseMessage>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
  changes(): { type: string; collection: string; id: string; record?: Record<string, unknown> }[];
}

export async function sse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: ctrl.signal });
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  let endResolve!: () => void;
  const ended = new Promise<void>((r) => (endResolve = r));
  if (res.ok && res.body) {
    void (async () => {
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      let buf = '';
      let cur: Partial<SseMessage> & { data?: string } = {};
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, i).replace(/\r$/, '');
            buf = buf.slice(i + 1);
            if (line === '') {
              if (cur.data !== undefined || cur.event) messages.push({ event: cur.event ?? 'message', data: cur.data ?? '', id: cur.id });
              cur = {};
              for (const w of [...waiters]) w();
            } else if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else {
              const j = line.indexOf(':');
              const f = j < 0 ? line : line.slice(0, j);
              const v = j < 0 ? '' : line.slice(j + 1).replace(/^ /, '');
              if (f === 'data') cur.data = cur.data === undefined ? v : `${cur.data}\n${v}`;
              else if (f === 'event') cur.event = v;
              else if (f === 'id') cur.id = v;
            }
          }
        }
      } catch {
        /* aborted */
      }
      endResolve();
      for (const w of [...waiters]) w();
    })();
  } else endResolve();
  return {
    messages,
    comments,
    status: res.status,
    ended,
    close: () => ctrl.abort(),
    changes: () => messages.filter((m) => m.event === 'change').map((m) => JSON.parse(m.data)),
    waitFor(match, ms = 3000, what = 'a matching event') {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = messages.find(match);
          if (hit) {
            clearTimeout(t);
            waiters.delete(check);
            resolve(hit);
          }
        };
        const t = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `SSE: no ${what} within ${ms} ms; got ${JSON.stringify(messages.map((m) => `${m.event}:${m.id}:${m.data.slice(0, 120)}`))}`,
            ),
          );
        }, ms);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Waits until `fn` returns true (polling), or fails with `what`. */
export async function until(fn: () => boolean | Promise<boolean>, what: string, ms = 3000): Promise<void> {
  const t0 = Date.now();
  while (!(await fn())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
