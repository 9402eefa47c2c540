import type { LcRecord, Page, Query, QueryValue } from './adapter.js';

/**
 * Query evaluation shared by the in-browser adapters (memory, local) and by the store when
 * it decides whether a live change belongs to a cached list. Ordering is by the query's
 * field, then by `id`, so every record has one place and cursors never skip or repeat.
 */

export const DEFAULT_ORDER = { field: 'createdAt', direction: 'desc' as const };
export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 50;

export function matches(record: LcRecord, where: Query['where']): boolean {
  if (!where) return true;
  for (const [field, value] of Object.entries(where)) {
    const actual = record[field];
    if (value === null ? actual !== null && actual !== undefined : actual !== value) return false;
  }
  return true;
}

function rank(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'boolean') return 1;
  if (typeof v === 'number') return 2;
  return 3;
}

/** Total order over field values: missing < booleans < numbers < strings. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (ra === 3) {
    const sa = String(a);
    const sb = String(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  return Number(a) - Number(b);
}

export function comparator(orderBy: Query['orderBy'] = DEFAULT_ORDER): (a: LcRecord, b: LcRecord) => number {
  const sign = orderBy.direction === 'desc' ? -1 : 1;
  return (a, b) => {
    const c = compareValues(a[orderBy.field], b[orderBy.field]);
    if (c !== 0) return sign * c;
    return sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}

interface CursorPosition {
  v: unknown;
  id: string;
}

export function encodeCursor(record: LcRecord, orderBy: Query['orderBy'] = DEFAULT_ORDER): string {
  const json = JSON.stringify({ v: record[orderBy.field] ?? null, id: record.id });
  return btoa(unescape(encodeURIComponent(json)));
}

export function decodeCursor(cursor: string): CursorPosition | undefined {
  try {
    const parsed = JSON.parse(decodeURIComponent(escape(atob(cursor)))) as CursorPosition;
    return typeof parsed?.id === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function clampLimit(limit: number | undefined): number {
  if (!limit || !Number.isFinite(limit) || limit < 1) return DEFAULT_LIMIT;
  return Math.min(Math.floor(limit), MAX_LIMIT);
}

/**
 * Filters, orders and pages an array of records. Throws `TypeError` for a cursor it did not make;
 * adapters turn that into an `invalid` error.
 */
export function runQuery<T extends LcRecord>(records: Iterable<T>, query: Query): Page<T> {
  const orderBy = query.orderBy ?? DEFAULT_ORDER;
  const cmp = comparator(orderBy);
  let items = [...records].filter((r) => matches(r, query.where)).sort(cmp);
  if (query.cursor) {
    const pos = decodeCursor(query.cursor);
    if (!pos) throw new TypeError('bad cursor');
    const pivot = { id: pos.id, [orderBy.field]: pos.v ?? undefined } as LcRecord;
    items = items.filter((r) => cmp(r, pivot) > 0);
  }
  const limit = clampLimit(query.limit);
  const page = items.slice(0, limit);
  return items.length > limit ? { items: page, cursor: encodeCursor(page[page.length - 1], orderBy) } : { items: page };
}

/** A stable string for a query without its cursor: the store's cache key. */
export function queryKey(collection: string, query: Query): string {
  const where = query.where
    ? Object.keys(query.where)
        .sort()
        .map((k) => [k, query.where![k]] as [string, QueryValue])
    : [];
  const o = query.orderBy ?? DEFAULT_ORDER;
  return JSON.stringify([collection, where, o.field, o.direction ?? 'asc', clampLimit(query.limit)]);
}
