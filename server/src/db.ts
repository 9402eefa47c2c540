/**
 * One SQL dialect, two engines: PGlite (PostgreSQL compiled to WebAssembly, in-process, data in a
 * directory) for the embedded default, and PostgreSQL through `pg` for several instances. Both
 * run the same migrations and the same parameterised queries; this file is the only place that
 * knows which one is in use.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { MIGRATIONS } from './migrations.js';

export interface QueryResult<R> {
  rows: R[];
}

export interface Queryable {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Listens on a channel. `onReconnect` runs after a lost listening connection came back, so the
   * caller can catch up on what it may have missed.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DbOptions {
  databaseUrl?: string;
  dataDir?: string;
  schema?: string;
  poolSize?: number;
  /** Where to report a lost listening connection and its return. */
  log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDb(options: DbOptions): Promise<Db> {
  const db = options.databaseUrl ? await openPostgres(options) : await openPglite(options);
  try {
    await migrate(db);
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
  return db;
}

// ------------------------------------------------------------------------------------------ PGlite

async function openPglite(options: DbOptions): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = options.dataDir ?? './.lc-data';
  const memory = dir === 'memory://' || dir === ':memory:';
  if (!memory) mkdirSync(resolve(dir), { recursive: true });
  const lite = memory ? await PGlite.create() : await PGlite.create(resolve(dir));
  if (options.schema) {
    if (!SCHEMA_NAME.test(options.schema)) throw new Error(`bad schema name ${options.schema}`);
    await lite.exec(`CREATE SCHEMA IF NOT EXISTS ${options.schema}; SET search_path TO ${options.schema}`);
  }
  let closed = false;
  return {
    kind: 'pglite',
    query: <R>(text: string, values?: unknown[]) => lite.query<R>(text, values) as Promise<QueryResult<R>>,
    transaction: (fn) =>
      lite.transaction((tx) =>
        fn({ query: <R>(text: string, values?: unknown[]) => tx.query<R>(text, values) as Promise<QueryResult<R>> }),
      ),
    async listen(channel, onPayload) {
      const unlisten = await lite.listen(channel, onPayload);
      return async () => {
        if (!closed) await unlisten();
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await lite.close();
    },
  };
}

// -------------------------------------------------------------------------------------- PostgreSQL

async function openPostgres(options: DbOptions): Promise<Db> {
  const schema = options.schema;
  if (schema && !SCHEMA_NAME.test(schema)) throw new Error(`bad schema name ${schema}`);
  const clientConfig: pg.ClientConfig = { connectionString: options.databaseUrl, application_name: 'lc-server' };
  if (schema) clientConfig.options = `-c search_path=${schema}`;
  if (schema) {
    // the schema must exist before connections that name it in search_path are used
    const c = new pg.Client({ connectionString: options.databaseUrl });
    await c.connect();
    try {
      // instances starting together: IF NOT EXISTS alone races on the catalog's unique index
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock(7311000)');
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await c.query('COMMIT');
    } finally {
      await c.end();
    }
  }
  const pool = new pg.Pool({ ...clientConfig, max: options.poolSize ?? 10, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
  // an idle client that loses its connection emits here; without a listener the process would crash
  pool.on('error', (e) => options.log?.warn({ err: e.message }, 'postgres: idle connection lost'));
  await pool.query('SELECT 1'); // fail fast on a wrong DATABASE_URL
  const listeners = new Set<{ stop(): Promise<void> }>();
  let closed = false;

  return {
    kind: 'postgres',
    query: <R>(text: string, values?: unknown[]) => pool.query(text, values) as unknown as Promise<QueryResult<R>>,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: <R>(text: string, values?: unknown[]) => client.query(text, values) as unknown as Promise<QueryResult<R>>,
        });
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload, onReconnect) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel ${channel}`);
      let client: pg.Client | undefined;
      let stopped = false;
      let attempt = 0;
      let timer: NodeJS.Timeout | undefined;
      const connect = async (isReconnect: boolean): Promise<void> => {
        const c = new pg.Client(clientConfig);
        c.on('notification', (n) => {
          if (n.channel === channel) onPayload(n.payload ?? '');
        });
        const lost = (why: string) => {
          if (stopped || client !== c) return;
          client = undefined;
          options.log?.warn({ channel, why }, 'postgres: listening connection lost; reconnecting');
          c.end().catch(() => {});
          schedule();
        };
        c.on('error', (e) => lost(e.message));
        c.on('end', () => lost('ended'));
        client = c;
        try {
          await c.connect();
          await c.query(`LISTEN ${channel}`);
        } catch (e) {
          if (client === c) client = undefined;
          c.end().catch(() => {});
          throw e;
        }
        attempt = 0;
        if (isReconnect) {
          options.log?.info({ channel }, 'postgres: listening again');
          onReconnect?.();
        }
      };
      const schedule = () => {
        if (stopped) return;
        const delay = Math.min(30_000, 250 * 2 ** attempt++);
        timer = setTimeout(() => {
          connect(true).catch((e: Error) => {
            options.log?.warn({ channel, err: e.message, retryInMs: Math.min(30_000, 250 * 2 ** attempt) }, 'postgres: cannot listen yet');
            schedule();
          });
        }, delay);
        timer.unref();
      };
      await connect(false);
      const handle = {
        async stop() {
          stopped = true;
          clearTimeout(timer);
          listeners.delete(handle);
          const c = client;
          client = undefined;
          await c?.end().catch(() => {});
        },
      };
      listeners.add(handle);
      return () => handle.stop();
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const l of [...listeners]) await l.stop();
      await pool.end();
    },
  };
}

// -------------------------------------------------------------------------------------- migrations

/** Applies the migrations not applied yet, one transaction each, serialised across instances. */
export async function migrate(db: Db): Promise<number[]> {
  const applied: number[] = [];
  // a fixed advisory lock key: two instances starting at once do not both migrate
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7311001)');
    await tx.query(`CREATE TABLE IF NOT EXISTS lc_schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM lc_schema_migrations')).rows.map((r) => Number(r.version)),
    );
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const statement of m.statements) await tx.query(statement);
      await tx.query('INSERT INTO lc_schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
  });
  return applied;
}
