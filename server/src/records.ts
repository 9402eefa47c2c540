/**
 * Records in SQL: lists with equality filters, one order and keyset cursors (the reference
 * semantics of src/core/query.ts: order by the field, then by id; missing < booleans < numbers <
 * strings; cursors never skip or repeat), gets, upserts and deletes. Every write and its change
 * event commit in one transaction; the event's seq is NOTIFYed so every instance can fan it out.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Viewer } from './auth.js';
import type { Db, Queryable } from './db.js';
import { invalid } from './errors.js';
import { AUTHOR_FIELDS, type Policy, type Rec, type SqlViewer } from './policies.js';

export const EVENTS_CHANNEL = 'lc_events';
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export type Scalar = string | number | boolean | null;

export interface ListQuery {
  where: [field: string, value: Scalar][];
  order: { field: string; direction: 'asc' | 'desc' };
  limit: number;
  cursor?: string;
}

export interface StoredEvent {
  seq: number;
  community: string;
  collection: string;
  recordId: string;
  type: 'put' | 'remove';
  old: Rec | null;
  next: Rec | null;
}

/** Positional parameters for one statement. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

// ----------------------------------------------------------------------------------------- cursors

interface CursorData {
  o: string;
  v: Scalar;
  id: string;
}

function b64url(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url');
}

export function encodeCursor(order: ListQuery['order'], rec: Rec): string {
  const v = rec[order.field];
  const data: CursorData = { o: `${order.field}:${order.direction}`, v: v === undefined ? null : (v as Scalar), id: rec.id };
  return b64url(JSON.stringify(data));
}

export function decodeCursor(cursor: string, order: ListQuery['order']): CursorData {
  const bad = () => invalid('the cursor is not one this server made for this query (it is opaque: pass back the one a page carried)');
  if (!/^[A-Za-z0-9_-]{1,4096}={0,2}$/.test(cursor)) throw bad();
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const d = data as Partial<CursorData> | null;
  if (!d || typeof d !== 'object' || typeof d.id !== 'string' || typeof d.o !== 'string' || !('v' in d)) throw bad();
  if (d.o !== `${order.field}:${order.direction}`) throw invalid('the cursor belongs to another order; start again without a cursor');
  return d as CursorData;
}

// ----------------------------------------------------------------------------------------- ordering

/** The server stamps these as ISO strings on every record, so they have typed columns and indexes. */
const STAMPED: Record<string, string> = { createdAt: 'created_at', updatedAt: 'updated_at' };

/** Sort keys of a jsonb expression: type rank, then the value in its type. Same rules as compareValues. */
function sortKeys(e: string): string[] {
  return [
    `(CASE jsonb_typeof(${e}) WHEN 'boolean' THEN 1 WHEN 'number' THEN 2 WHEN 'string' THEN 3 WHEN 'object' THEN 3 WHEN 'array' THEN 3 ELSE 0 END)`,
    `(CASE WHEN jsonb_typeof(${e}) = 'boolean' THEN (${e})::boolean ELSE FALSE END)`,
    `(CASE WHEN jsonb_typeof(${e}) = 'number' THEN (${e})::numeric ELSE 0 END)`,
    `(CASE WHEN jsonb_typeof(${e}) = 'string' THEN ${e} #>> '{}' WHEN jsonb_typeof(${e}) IN ('object', 'array') THEN (${e})::text ELSE '' END) COLLATE "C"`,
  ];
}

/** The viewer's id becomes a parameter only when a rule uses it (an unused parameter has no type). */
function viewerSql(p: Params, viewer: Viewer): SqlViewer {
  let placeholder: string | undefined;
  return {
    get vid() {
      placeholder ??= `${p.add(viewer.id)}::text`;
      return placeholder;
    },
    viewer,
  };
}

// -------------------------------------------------------------------------------------------- reads

/**
 * A page, as the JSON text of `{ items, cursor? }`: the records leave the database as text and go
 * out as they are, without being parsed and serialised again on the way.
 */
export async function listRecordsJson(db: Queryable, policy: Policy, viewer: Viewer, community: string, q: ListQuery): Promise<string> {
  const { rows, limit } = await listRows(db, policy, viewer, community, q);
  const page = rows.slice(0, limit).map((r) => r.doc);
  const cursor = rows.length > limit ? encodeCursor(q.order, JSON.parse(page[page.length - 1]) as Rec) : undefined;
  return `{"items":[${page.join(',')}]${cursor ? `,"cursor":${JSON.stringify(cursor)}` : ''}}`;
}

export async function listRecords(
  db: Queryable,
  policy: Policy,
  viewer: Viewer,
  community: string,
  q: ListQuery,
): Promise<{ items: Rec[]; cursor?: string }> {
  return JSON.parse(await listRecordsJson(db, policy, viewer, community, q)) as { items: Rec[]; cursor?: string };
}

async function listRows(
  db: Queryable,
  policy: Policy,
  viewer: Viewer,
  community: string,
  q: ListQuery,
): Promise<{ rows: { doc: string }[]; limit: number }> {
  const p = new Params();
  const v = viewerSql(p, viewer);
  const doc = policy.docSql('r', v);
  // redaction only ever touches the author fields: everything else is read from the row as stored,
  // which keeps the per-row work (and the planner's job) small
  const src = (field: string) => ((AUTHOR_FIELDS as readonly string[]).includes(field) ? `(${doc})` : 'r.data');
  const conds: string[] = [];
  // doc.id is always the row's id (the server stamps it): filter on the key, which is indexed
  const byId = q.where.find(([f, val]) => f === 'id' && typeof val === 'string');
  if (byId) conds.push(`r.id = ${p.add(byId[1])}::text`);
  for (const [field, value] of q.where) {
    const f = p.add(field);
    if (value === null) conds.push(`coalesce(jsonb_typeof(${src(field)} -> ${f}::text), 'null') = 'null'`);
    else conds.push(`${src(field)} -> ${f}::text = ${p.add(JSON.stringify(value))}::jsonb`);
  }
  const dir = q.order.direction === 'desc' ? 'DESC' : 'ASC';
  const cmp = q.order.direction === 'desc' ? '<' : '>';
  const stamped = STAMPED[q.order.field];
  let keys: string[];
  if (stamped) {
    keys = [`r.${stamped}`];
    if (q.cursor) {
      const c = decodeCursor(q.cursor, q.order);
      if (typeof c.v !== 'string' || Number.isNaN(Date.parse(c.v))) throw invalid('the cursor is not one this server made for this query');
      conds.push(`(r.${stamped}, r.id COLLATE "C") ${cmp} (${p.add(c.v)}::timestamptz, ${p.add(c.id)}::text COLLATE "C")`);
    }
  } else {
    const fp = p.add(q.order.field);
    keys = sortKeys(`(${src(q.order.field)} -> ${fp}::text)`);
    if (q.cursor) {
      const c = decodeCursor(q.cursor, q.order);
      if (c.v !== null && typeof c.v === 'object') throw invalid('the cursor is not one this server made for this query');
      const pivot = sortKeys(`${p.add(JSON.stringify(c.v))}::jsonb`);
      conds.push(`(${keys.join(', ')}, r.id COLLATE "C") ${cmp} (${pivot.join(', ')}, ${p.add(c.id)}::text COLLATE "C")`);
    }
  }
  const order = [...keys.map((k) => `${k} ${dir}`), `r.id COLLATE "C" ${dir}`].join(', ');
  const text = `SELECT (${doc})::text AS doc
    FROM lc_records r
    WHERE r.community = ${p.add(community)} AND r.collection = ${p.add(policy.collection)} AND ${policy.readSql('r', v)}
    ${conds.map((c) => `AND ${c}`).join('\n    ')}
    ORDER BY ${order}
    LIMIT ${p.add(q.limit + 1)}`;
  const { rows } = await db.query<{ doc: string }>(text, p.values);
  return { rows, limit: q.limit };
}

export async function getRecord(db: Queryable, policy: Policy, viewer: Viewer, community: string, id: string): Promise<Rec | undefined> {
  const p = new Params();
  const v = viewerSql(p, viewer);
  const { rows } = await db.query<{ doc: Rec }>(
    `SELECT ${policy.docSql('r', v)} AS doc FROM lc_records r
     WHERE r.community = ${p.add(community)} AND r.collection = ${p.add(policy.collection)} AND r.id = ${p.add(id)} AND ${policy.readSql('r', v)}`,
    p.values,
  );
  return rows[0]?.doc;
}

// ------------------------------------------------------------------------------------------- writes

/**
 * One write: takes the community's lock (so its events commit in seq order), reads the stored
 * record, lets `decide` check and shape the change, then writes the record and its event.
 * `decide` returns undefined for "nothing to do".
 */
async function write<T>(
  db: Db,
  community: string,
  collection: string,
  id: string,
  decide: (old: Rec | undefined, tx: Queryable) => Promise<{ type: 'put' | 'remove'; next?: Rec; result: T } | { result: T }>,
): Promise<T> {
  return db.transaction(async (tx) => {
    // the community's lock first, in its own statement: the read after it must see what the
    // writer before us committed (a statement's snapshot is taken when the statement starts)
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1::text))', [community]);
    const { rows } = await tx.query<{ data: Rec }>('SELECT data FROM lc_records WHERE community = $1 AND collection = $2 AND id = $3', [
      community,
      collection,
      id,
    ]);
    const old = rows[0]?.data;
    const outcome = await decide(old, tx);
    if (!('type' in outcome)) return outcome.result;
    const next = outcome.type === 'put' ? outcome.next! : undefined;
    // one more: the record, its event and the NOTIFY (delivered at commit)
    // $1 community, $2 collection, $3 id, $4 type, $5 old, $6 new, $7 channel; a put adds $8 author, $9 created, $10 updated
    const params: unknown[] = [
      community,
      collection,
      id,
      outcome.type,
      old ? JSON.stringify(old) : null,
      next ? JSON.stringify(next) : null,
      EVENTS_CHANNEL,
    ];
    const change =
      outcome.type === 'put'
        ? `INSERT INTO lc_records (community, collection, id, author_id, data, created_at, updated_at)
           VALUES ($1, $2, $3, $8, $6::jsonb, $9::timestamptz, $10::timestamptz)
           ON CONFLICT (community, collection, id) DO UPDATE SET author_id = EXCLUDED.author_id, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at
           RETURNING 1`
        : `DELETE FROM lc_records WHERE community = $1 AND collection = $2 AND id = $3 RETURNING 1`;
    if (next) params.push(next.authorId ?? null, next.createdAt, next.updatedAt);
    await tx.query(
      `WITH change AS (${change}),
       ev AS (
         INSERT INTO lc_events (community, collection, record_id, type, old_data, new_data)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb) RETURNING seq
       )
       SELECT pg_notify($7, ev.seq::text || ':' || $1::text) FROM ev`,
      params,
    );
    return outcome.result;
  });
}

const sameContent = (a: Rec, b: Rec) => {
  const { updatedAt: _a, ...x } = a;
  const { updatedAt: _b, ...y } = b;
  return isDeepStrictEqual(x, y);
};

export interface PutContext {
  viewer: Viewer;
  community: string;
  policy: Policy;
  /** Validates the record to store; throws `invalid`. */
  validate(rec: Rec): void;
}

/** Idempotent upsert. Resolves with the stored record as the viewer sees it. */
export async function putRecord(db: Db, ctx: PutContext, input: Rec): Promise<Rec> {
  const { viewer, community, policy } = ctx;
  return write(db, community, policy.collection, input.id, async (old, tx) => {
    const now = new Date().toISOString();
    const author = !old || old.authorId === viewer.id;
    const stamped: Rec = {
      ...input,
      id: input.id,
      community,
      createdAt: (old?.createdAt as string) ?? now,
      updatedAt: now,
      authorId: old ? old.authorId : viewer.id,
    };
    if (old && old.authorId === undefined) delete stamped.authorId;
    // the author's name is the identity's, never what the client says
    if (author && typeof stamped.authorName === 'string') stamped.authorName = viewer.name;
    const lookup = async (collection: string, id: string) =>
      (
        await tx.query<{ data: Rec }>('SELECT data FROM lc_records WHERE community = $1 AND collection = $2 AND id = $3', [
          community,
          collection,
          id,
        ])
      ).rows[0]?.data;
    const next = await policy.prepareWrite(viewer, old, stamped, { now, lookup });
    ctx.validate(next);
    // a retry of the same write changes nothing and announces nothing
    if (old && sameContent(old, next)) return { result: policy.view(viewer, old) };
    return { type: 'put', next, result: policy.view(viewer, next) };
  });
}

/** Deletes; a missing record (or one the viewer cannot see) is not an error. */
export async function removeRecord(db: Db, viewer: Viewer, community: string, policy: Policy, id: string): Promise<void> {
  await write(db, community, policy.collection, id, async (old) => {
    if (!old || !policy.canRead(viewer, old)) return { result: undefined };
    policy.checkRemove(viewer, old);
    return { type: 'remove', result: undefined };
  });
}

// ------------------------------------------------------------------------------------------- events

interface EventRow {
  seq: number | string;
  community: string;
  collection: string;
  record_id: string;
  type: 'put' | 'remove';
  old_data: Rec | null;
  new_data: Rec | null;
}

const EVENT_COLUMNS = 'seq, community, collection, record_id, type, old_data, new_data';

function toEvent(r: EventRow): StoredEvent {
  return {
    seq: Number(r.seq),
    community: r.community,
    collection: r.collection,
    recordId: r.record_id,
    type: r.type,
    old: r.old_data,
    next: r.new_data,
  };
}

export async function eventsBySeq(db: Queryable, seqs: number[]): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM lc_events WHERE seq = ANY($1::bigint[]) ORDER BY seq`, [seqs]);
  return rows.map(toEvent);
}

/** Events of a community after `afterSeq` (or since `sinceMs` ago), oldest first, at most `max`. */
export async function eventsAfter(
  db: Queryable,
  community: string,
  from: { afterSeq: number } | { sinceMs: number },
  collections: string[] | undefined,
  max: number,
): Promise<StoredEvent[]> {
  const p = new Params();
  const conds = [`community = ${p.add(community)}`];
  if ('afterSeq' in from) conds.push(`seq > ${p.add(from.afterSeq)}::bigint`);
  else conds.push(`at >= clock_timestamp() - (${p.add(from.sinceMs)}::integer * interval '1 millisecond')`);
  if (collections) conds.push(`collection = ANY(${p.add(collections)}::text[])`);
  const { rows } = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM lc_events WHERE ${conds.join(' AND ')} ORDER BY seq LIMIT ${p.add(max)}`,
    p.values,
  );
  return rows.map(toEvent);
}

/** Events of any community at or after a time, for an instance catching up after a lost LISTEN. */
export async function eventsSince(db: Queryable, since: Date, max: number): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM lc_events WHERE at >= $1::timestamptz ORDER BY seq LIMIT $2`, [
    since.toISOString(),
    max,
  ]);
  return rows.map(toEvent);
}

export async function latestSeq(db: Queryable, community: string): Promise<number> {
  const { rows } = await db.query<{ seq: number | string | null }>('SELECT max(seq) AS seq FROM lc_events WHERE community = $1', [
    community,
  ]);
  return Number(rows[0]?.seq ?? 0);
}

/** The highest pruned seq: a resume from below it may have lost events. */
export async function eventHorizon(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ value: string }>(`SELECT value FROM lc_meta WHERE key = 'event_horizon'`);
  return Number(rows[0]?.value ?? 0);
}

/** Deletes events older than the retention; returns how many. */
export async function pruneEvents(db: Db, retentionHours: number): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ seq: number | string | null }>(
      `SELECT max(seq) AS seq FROM lc_events WHERE at < now() - ($1::integer * interval '1 hour')`,
      [retentionHours],
    );
    const upTo = rows[0]?.seq;
    if (upTo === null || upTo === undefined) return 0;
    const del = await tx.query<{ n: number | string }>(
      'WITH d AS (DELETE FROM lc_events WHERE seq <= $1::bigint RETURNING 1) SELECT count(*) AS n FROM d',
      [upTo],
    );
    await tx.query(
      `INSERT INTO lc_meta (key, value) VALUES ('event_horizon', $1::text)
       ON CONFLICT (key) DO UPDATE SET value = GREATEST(lc_meta.value::bigint, EXCLUDED.value::bigint)::text`,
      [String(upTo)],
    );
    return Number(del.rows[0]?.n ?? 0);
  });
}
