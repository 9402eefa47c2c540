import type { Change, LcAdapter, LcErrorKind, LcRecord, Person, Viewer } from '../core/adapter.js';

/**
 * The adapter conformance kit: one mocha suite that every adapter, built-in or your own, runs
 * in its tests. It uses the `describe`/`it` globals of mocha (the runner of
 * `@web/test-runner`, and of most Node setups) and depends on nothing else, so it can be
 * imported from a test of any project:
 *
 * ```ts
 * import { runAdapterConformance } from 'lc-elements/testing';
 * runAdapterConformance('my backend', ({ community, viewer }) => new MyAdapter({ community, viewer }));
 * ```
 *
 * Every test uses fresh random community and collection names, so persistent backends do not
 * need to be emptied between tests.
 */

/** What the kit hands the factory: make an adapter for this community (and, where you can, this viewer). */
export interface AdapterConformanceContext {
  community: string;
  viewer: Viewer;
}

/**
 * Makes one adapter. Within one test the kit may call it several times (another community,
 * or a second adapter on the same community): every adapter made within a test must reach
 * the same backend.
 */
export type AdapterFactory = (ctx: AdapterConformanceContext) => LcAdapter | Promise<LcAdapter>;

export interface AdapterConformanceOptions {
  /** Run the live `watch` tests. Default: when the adapter has `watch`. `true` makes a missing `watch` a failure. */
  watch?: boolean;
  /**
   * Run the people directory tests (the directory must hold at least one person). Default: not
   * run. `false` says the adapter has no directory and checks that it leaves `people` out.
   */
  people?: boolean;
  /** How long to wait for a live change, in ms. Default: 2,000. */
  timeoutMs?: number;
  /** Called for every adapter the kit made, after each test (close connections, drop data). */
  cleanup?: (adapter: LcAdapter) => void | Promise<void>;
  /**
   * For adapters that hold only some named collections (e.g. SCORM: `credit-entries`,
   * `credit-programs`, `meetings`): the kit uses these instead of making up collection names, the
   * next one for each collection a check needs (every check needs at most 2; give at least 2).
   * Each test still runs in a fresh community. Default: fresh random collection names.
   */
  collections?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// A tiny assert: the kit must not depend on chai or any other test library.

class ConformanceAssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    const json = JSON.stringify(value);
    return json.length > 400 ? json.slice(0, 400) + '…' : json;
  } catch {
    return String(value);
  }
}

function fail(message: string): never {
  throw new ConformanceAssertionError(message);
}

function ok(value: unknown, message: string): asserts value {
  if (!value) fail(message);
}

function equal(actual: unknown, expected: unknown, message: string): void {
  if (!Object.is(actual, expected)) fail(`${message}: expected ${show(expected)}, got ${show(actual)}`);
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => isDeepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function deepEqual(actual: unknown, expected: unknown, message: string): void {
  if (!isDeepEqual(actual, expected)) fail(`${message}: expected ${show(expected)}, got ${show(actual)}`);
}

/** Every field of `expected` is in `actual` with a deep-equal value (adapters may add fields). */
function hasFields(actual: unknown, expected: Record<string, unknown>, message: string): void {
  ok(actual && typeof actual === 'object', `${message}: expected a record, got ${show(actual)}`);
  for (const [k, v] of Object.entries(expected))
    if (!isDeepEqual((actual as Record<string, unknown>)[k], v))
      fail(`${message}: field "${k}" should be ${show(v)}, got ${show((actual as Record<string, unknown>)[k])}`);
}

async function rejectsWithKind(promise: Promise<unknown>, kind: LcErrorKind, message: string): Promise<void> {
  let result: unknown;
  try {
    result = await promise;
  } catch (error) {
    ok(error instanceof Error, `${message}: should reject with an Error (an LcAdapterError), got ${show(error)}`);
    equal(
      (error as { kind?: unknown }).kind,
      kind,
      `${message}: should reject with an LcAdapterError of kind "${kind}" (got ${(error as Error).name}: ${(error as Error).message}); kind`,
    );
    return;
  }
  fail(`${message}: should reject with kind "${kind}" but resolved with ${show(result)}`);
}

function isIsoDate(v: unknown): boolean {
  return typeof v === 'string' && !Number.isNaN(Date.parse(v));
}

// ---------------------------------------------------------------------------------------------
// What a check gets to work with.

/** The changes one `watch` delivered, with a way to wait for a particular one. */
export interface ChangeLog {
  readonly changes: Change[];
  /** Resolves with the first change (received so far or later) that matches, or rejects after the timeout. */
  waitFor(match: (c: Change) => boolean, what: string): Promise<Change>;
  /** Unsubscribes (idempotent). */
  stop(): void;
}

/** @internal The context of one conformance check. */
export interface ConformanceCheckContext {
  /** The first adapter, on `community`. */
  readonly a: LcAdapter;
  readonly community: string;
  readonly viewer: Viewer;
  readonly timeoutMs: number;
  /** Another adapter on the same backend: on `community` unless another one is given. */
  adapter(community?: string): Promise<LcAdapter>;
  /** A fresh, unique community name. */
  name(prefix: string): string;
  /** A collection for this check: fresh and unique, or the next of `options.collections`; the same prefix gives the same collection. */
  collection(prefix: string): string;
  /** Watches a collection and records what arrives; stopped after the check. */
  watch(adapter: LcAdapter, collection: string): ChangeLog;
}

/** @internal One conformance check; `runAdapterConformance` turns each into a mocha test. */
export interface ConformanceCheck {
  title: string;
  needs?: 'watch' | 'people';
  run(ctx: ConformanceCheckContext): Promise<void>;
}

function uid(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return (c?.randomUUID?.() ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`).replace(/-/g, '').slice(0, 12);
}

function ids(records: readonly { id: string }[]): string[] {
  return records.map((r) => r.id);
}

async function putAll(a: LcAdapter, collection: string, records: LcRecord[]): Promise<void> {
  for (const r of records) await a.put(collection, r);
}

/** Follows cursors to the end; fails on a page larger than the limit or on a runaway walk. */
async function walk(
  a: LcAdapter,
  collection: string,
  orderBy: { field: string; direction?: 'asc' | 'desc' },
  limit: number,
  between?: (page: number, seen: string[]) => Promise<void>,
): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await a.list(collection, { orderBy, limit, cursor });
    ok(Array.isArray(result?.items), `list should resolve with { items: [] }, got ${show(result)}`);
    ok(result.items.length <= limit, `a page asked with limit ${limit} held ${result.items.length} records`);
    seen.push(...ids(result.items));
    if (!result.cursor) return seen;
    ok(typeof result.cursor === 'string', `cursor should be a string, got ${show(result.cursor)}`);
    await between?.(page, seen);
    cursor = result.cursor;
  }
  fail(`paging did not end after 100 pages (seen ${seen.length} records): the cursor does not advance`);
}

function duplicates(list: string[]): string[] {
  return list.filter((id, i) => list.indexOf(id) !== i);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A fixed shuffle, so insertion order is never the sorted order. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (i * 7 + 3) % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The checks.

/** @internal Every check of the kit, in the order the suite runs them. */
export const conformanceChecks: readonly ConformanceCheck[] = [
  {
    title: 'put, get, list and remove round-trip a record',
    async run({ a, community, collection }) {
      const col = collection('crud');
      const input = { id: 'r1', title: 'Hello', count: 3, done: false, tags: ['a', 'b'], nested: { x: 1 }, none: null };
      const put = await a.put<LcRecord>(col, input);
      hasFields(put, input, 'put should resolve with the stored record');
      equal(put.community, community, 'put should fill in the community');
      ok(isIsoDate(put.createdAt), `put should fill in createdAt (ISO 8601), got ${show(put.createdAt)}`);
      ok(isIsoDate(put.updatedAt), `put should fill in updatedAt (ISO 8601), got ${show(put.updatedAt)}`);
      const got = await a.get(col, 'r1');
      hasFields(got, input, 'get after put');
      equal(got!.createdAt, put.createdAt, 'get should return the createdAt put returned');
      const listed = await a.list(col, {});
      deepEqual(ids(listed.items), ['r1'], 'list after put');
      hasFields(listed.items[0], input, 'the listed record');
      await a.remove(col, 'r1');
      equal(await a.get(col, 'r1'), undefined, 'get after remove');
      deepEqual(ids((await a.list(col, {})).items), [], 'list after remove');
      await a.remove(col, 'r1'); // removing a missing id is not an error
    },
  },
  {
    title: 'get of a missing id resolves undefined and an unknown collection lists nothing',
    async run({ a, collection }) {
      const col = collection('missing');
      equal(await a.get(col, 'nope'), undefined, 'get of a missing id');
      await a.put(col, { id: 'there' });
      equal(await a.get(col, 'nope'), undefined, 'get of a missing id in a collection with records');
      deepEqual(ids((await a.list(collection('empty'), {})).items), [], 'list of an unknown collection');
    },
  },
  {
    title: 'put is an idempotent upsert: one record per id, createdAt kept, content replaced',
    async run({ a, collection }) {
      const col = collection('upsert');
      const first = await a.put<LcRecord>(col, { id: 'u1', a: 1, b: 2 });
      // let the clock move on, so a createdAt made afresh would differ
      const t = Date.now();
      while (Date.now() === t) await new Promise((r) => setTimeout(r, 0));
      const second = await a.put<LcRecord>(col, { id: 'u1', a: 3 });
      equal(second.createdAt, first.createdAt, 'a second put should keep createdAt');
      equal(second.a, 3, 'a second put should replace the content; field a');
      equal(second.b, undefined, 'a second put should replace (not merge) the content; field b');
      const third = await a.put(col, { id: 'u1', a: 4, createdAt: '2001-01-01T00:00:00.000Z' });
      equal(third.createdAt, first.createdAt, 'a put carrying another createdAt should keep the stored createdAt');
      const list = await a.list(col, {});
      deepEqual(ids(list.items), ['u1'], 'records after three puts of one id');
      const got = await a.get(col, 'u1');
      equal(got?.a, 4, 'get after three puts; field a');
      equal(got?.b, undefined, 'get after three puts; field b');
      equal(got?.createdAt, first.createdAt, 'get after three puts; createdAt');
    },
  },
  {
    title: 'returned records are copies',
    async run({ a, collection }) {
      const col = collection('copies');
      const input = { id: 'c1', title: 'original', nested: { x: 1 }, tags: ['a'] };
      const put = await a.put(col, input);
      input.title = 'changed input';
      input.nested.x = 2;
      input.tags.push('b');
      put.title = 'changed put result';
      (put.nested as { x: number }).x = 3;
      const g1 = await a.get(col, 'c1');
      hasFields(g1, { title: 'original', nested: { x: 1 }, tags: ['a'] }, 'after changing the input and the put result, get');
      ok(g1 !== put, 'get should not return the object put returned');
      g1!.title = 'changed get result';
      (g1!.nested as { x: number }).x = 4;
      const g2 = await a.get(col, 'c1');
      ok(g2 !== g1, 'two gets should return two objects');
      hasFields(g2, { title: 'original', nested: { x: 1 } }, 'after changing a get result, get');
      const listed = await a.list(col, {});
      listed.items[0].title = 'changed list result';
      hasFields(await a.get(col, 'c1'), { title: 'original' }, 'after changing a list result, get');
      hasFields((await a.list(col, {})).items[0], { title: 'original' }, 'after changing a list result, list');
    },
  },
  {
    title: 'put of a record without an id rejects with kind "invalid"',
    async run({ a, collection }) {
      const col = collection('noid');
      await rejectsWithKind(a.put(col, {} as LcRecord), 'invalid', 'put of a record without an id');
      await rejectsWithKind(a.put(col, { id: '' }), 'invalid', 'put of a record with an empty id');
      deepEqual(ids((await a.list(col, {})).items), [], 'records after refused puts');
    },
  },
  {
    title: 'equality filters on string, number, boolean and null fields',
    async run({ a, collection }) {
      const col = collection('where');
      await putAll(a, col, [
        { id: 'w4', s: 'X', n: 1, b: false, z: 'set' },
        { id: 'w1', s: 'x', n: 1, b: true, z: null },
        { id: 'w3', s: 'x', n: 2, b: false },
        { id: 'w2', s: 'y', n: 2, b: false, z: 'set' },
        { id: 'w5', s: 'xy', n: '1', b: 'true', z: 0 },
      ]);
      const where = async (w: Record<string, string | number | boolean | null>) => ids((await a.list(col, { where: w })).items).sort();
      deepEqual(await where({ s: 'x' }), ['w1', 'w3'], 'where { s: "x" } (exact and case-sensitive)');
      deepEqual(await where({ n: 1 }), ['w1', 'w4'], 'where { n: 1 } (the string "1" does not match)');
      deepEqual(await where({ n: 2 }), ['w2', 'w3'], 'where { n: 2 }');
      deepEqual(await where({ b: true }), ['w1'], 'where { b: true } (the string "true" does not match)');
      deepEqual(await where({ b: false }), ['w2', 'w3', 'w4'], 'where { b: false }');
      deepEqual(await where({ z: null }), ['w1', 'w3'], 'where { z: null } (null or missing; 0 does not match)');
      deepEqual(await where({ s: 'x', n: 2 }), ['w3'], 'where { s: "x", n: 2 } (all must match)');
      deepEqual(await where({ s: 'nothing' }), [], 'where { s: "nothing" }');
    },
  },
  {
    title: 'orders ascending and descending on string and number fields, ties broken by id',
    async run({ a, collection }) {
      const col = collection('order');
      await putAll(a, col, [
        { id: 'o3', word: 'fig', score: 100 },
        { id: 'o1', word: 'pear', score: 10 },
        { id: 'o5', word: 'banana', score: 9 },
        { id: 'o0', word: 'pear', score: 9 },
        { id: 'o4', word: 'apple', score: 10 },
        { id: 'o2', word: 'apple', score: 9 },
      ]);
      const order = async (field: string, direction?: 'asc' | 'desc') =>
        ids((await a.list(col, { orderBy: direction ? { field, direction } : { field } })).items);
      const byWord = ['o2', 'o4', 'o5', 'o3', 'o0', 'o1'];
      const byScore = ['o0', 'o2', 'o5', 'o1', 'o4', 'o3'];
      deepEqual(await order('word', 'asc'), byWord, 'orderBy word asc');
      deepEqual(await order('word', 'desc'), [...byWord].reverse(), 'orderBy word desc (ties by id descending)');
      deepEqual(await order('score', 'asc'), byScore, 'orderBy score asc (numeric, not text, order)');
      deepEqual(await order('score', 'desc'), [...byScore].reverse(), 'orderBy score desc (ties by id descending)');
      deepEqual(await order('score'), byScore, 'orderBy score without a direction (ascending)');
    },
  },
  {
    title: 'limit caps a page and the cursor leads on',
    async run({ a, collection }) {
      const col = collection('limit');
      await putAll(a, col, shuffled([1, 2, 3, 4, 5, 6, 7].map((i) => ({ id: `l${i}`, i }))));
      const first = await a.list(col, { orderBy: { field: 'i' }, limit: 3 });
      deepEqual(ids(first.items), ['l1', 'l2', 'l3'], 'first page with limit 3');
      ok(typeof first.cursor === 'string' && first.cursor, `a page with more after it should carry a cursor, got ${show(first.cursor)}`);
      const second = await a.list(col, { orderBy: { field: 'i' }, limit: 3, cursor: first.cursor });
      deepEqual(ids(second.items), ['l4', 'l5', 'l6'], 'second page with limit 3');
      const all = await a.list(col, { orderBy: { field: 'i' }, limit: 100 });
      deepEqual(ids(all.items), ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7'], 'one page with limit 100');
      if (all.cursor)
        deepEqual(
          ids((await a.list(col, { orderBy: { field: 'i' }, limit: 100, cursor: all.cursor })).items),
          [],
          'the page after the last one',
        );
    },
  },
  {
    title: 'paging with cursors visits every record exactly once, in order, despite duplicate sort values',
    async run({ a, collection }) {
      const col = collection('paging');
      const records = Array.from({ length: 23 }, (_, i) => ({ id: `p${pad(i)}`, g: (i * 7) % 4 }));
      await putAll(a, col, shuffled(records));
      const sorted = [...records].sort((x, y) => x.g - y.g || (x.id < y.id ? -1 : 1)).map((r) => r.id);
      for (const direction of ['asc', 'desc'] as const) {
        const seen = await walk(a, col, { field: 'g', direction }, 5);
        deepEqual(duplicates(seen), [], `records seen twice walking ${direction}`);
        equal(seen.length, 23, `records seen walking ${direction}`);
        deepEqual(seen, direction === 'asc' ? sorted : [...sorted].reverse(), `order of a walk ${direction}`);
      }
    },
  },
  {
    title: 'a record inserted or removed mid-walk causes no repeats and no skips',
    async run({ a, collection }) {
      const col = collection('midwalk');
      const records = Array.from({ length: 23 }, (_, i) => ({ id: `m${pad(i)}`, g: i % 5 }));
      await putAll(a, col, shuffled(records));
      const seen = await walk(a, col, { field: 'g' }, 5, async (page, sofar) => {
        if (page === 0) {
          await a.put(col, { id: 'm-early', g: -1 }); // sorts before the cursor
          await a.put(col, { id: 'm-late', g: 99 }); // sorts after it
        }
        if (page === 1) await a.remove(col, sofar[0]); // an already seen record
      });
      deepEqual(duplicates(seen), [], 'records seen twice');
      const missing = records.map((r) => r.id).filter((id) => !seen.includes(id));
      deepEqual(missing, [], 'records never seen');
      ok(seen.includes('m-late'), 'a record inserted after the cursor should be seen');
    },
  },
  {
    title: 'a bad cursor rejects with kind "invalid"',
    async run({ a, collection }) {
      const col = collection('badcursor');
      await putAll(a, col, [{ id: 'b1' }, { id: 'b2' }]);
      await rejectsWithKind(a.list(col, { limit: 1, cursor: 'not a cursor!' }), 'invalid', 'list with cursor "not a cursor!"');
      await rejectsWithKind(
        a.list(col, { limit: 1, cursor: 'eyJub3BlIjp0cnVlfQ==' }),
        'invalid',
        'list with a well-formed base64 cursor the adapter did not make',
      );
    },
  },
  {
    title: 'communities are isolated: data',
    async run({ a, community, adapter, collection, name }) {
      const col = collection('iso');
      const other = name('community');
      const b = await adapter(other);
      await a.put(col, { id: 'same', v: 'one' });
      equal(await b.get(col, 'same'), undefined, 'another community should not get the record');
      deepEqual(ids((await b.list(col, {})).items), [], 'another community should not list the record');
      const inB = await b.put<LcRecord>(col, { id: 'same', v: 'two' });
      equal(inB.community, other, 'the community of a record put in the other community');
      hasFields(await a.get(col, 'same'), { v: 'one', community }, 'the first community after the other put the same id');
      hasFields(await b.get(col, 'same'), { v: 'two', community: other }, 'the other community after its put');
      await b.remove(col, 'same');
      hasFields(await a.get(col, 'same'), { v: 'one' }, 'the first community after the other removed the same id');
      deepEqual(ids((await a.list(col, {})).items), ['same'], 'the first community lists its record');
    },
  },
  {
    title: 'key, when present, is stable for a community and differs between communities',
    async run({ a, adapter, name }) {
      if (a.key === undefined) return;
      ok(typeof a.key === 'string' && a.key, `key should be a non-empty string, got ${show(a.key)}`);
      equal((await adapter()).key, a.key, 'key of a second adapter on the same community');
      ok((await adapter(name('community'))).key !== a.key, `key should differ between communities, both are ${show(a.key)}`);
    },
  },
  {
    title: 'whoami resolves a viewer with an id, a name and a roles array',
    async run({ a }) {
      const v = await a.whoami();
      ok(v && typeof v === 'object', `whoami should resolve with a viewer, got ${show(v)}`);
      equal(typeof v.id, 'string', 'type of viewer.id');
      equal(typeof v.name, 'string', 'type of viewer.name');
      ok(Array.isArray(v.roles), `viewer.roles should be an array, got ${show(v.roles)}`);
      ok(
        v.roles.every((r) => typeof r === 'string'),
        `viewer.roles should hold strings, got ${show(v.roles)}`,
      );
      ok(
        v.anonymous === undefined || typeof v.anonymous === 'boolean',
        `viewer.anonymous should be a boolean when present, got ${show(v.anonymous)}`,
      );
      if (!v.anonymous) ok(v.id, `a viewer that is not anonymous should have an id, got ${show(v)}`);
    },
  },
  {
    title: 'watch delivers put and remove, only for its collection, and stops after unsubscribe',
    needs: 'watch',
    async run({ a, watch, collection }) {
      const col = collection('watch');
      const elsewhere = collection('elsewhere');
      const log = watch(a, col);
      const fence = watch(a, col);
      await a.put(elsewhere, { id: 'x1' });
      await a.put(col, { id: 'w1', v: 1 });
      const put = await log.waitFor((c) => c.type === 'put' && c.id === 'w1', 'the put of w1');
      equal(put.collection, col, 'collection of the put change');
      hasFields(put.record, { id: 'w1', v: 1 }, 'record of the put change');
      await a.remove(col, 'w1');
      const removed = await log.waitFor((c) => c.type === 'remove' && c.id === 'w1', 'the remove of w1');
      equal(removed.collection, col, 'collection of the remove change');
      ok(!log.changes.some((c) => c.id === 'x1'), 'a change in another collection should not be delivered');
      log.stop();
      await a.put(col, { id: 'w2' });
      await fence.waitFor((c) => c.id === 'w2', 'the put of w2 on a second watch');
      ok(!log.changes.some((c) => c.id === 'w2'), 'a watch should deliver nothing after unsubscribe');
    },
  },
  {
    title: 'watch delivers changes made through another adapter of the same community',
    needs: 'watch',
    async run({ a, adapter, watch, collection }) {
      const col = collection('watch2');
      const b = await adapter();
      const log = watch(a, col);
      await b.put(col, { id: 'y1', v: 'from b' });
      const put = await log.waitFor((c) => c.type === 'put' && c.id === 'y1', 'the put of y1 made through another adapter');
      hasFields(put.record, { id: 'y1', v: 'from b' }, 'record of the put change');
      await b.remove(col, 'y1');
      await log.waitFor((c) => c.type === 'remove' && c.id === 'y1', 'the remove of y1 made through another adapter');
    },
  },
  {
    title: 'communities are isolated: watch',
    needs: 'watch',
    async run({ a, adapter, watch, collection, name }) {
      const col = collection('isowatch');
      const other = name('community');
      const b = await adapter(other);
      const b2 = await adapter(other);
      const logA = watch(a, col);
      const logB = watch(b, col);
      await a.put(col, { id: 'in-a' });
      await b2.put(col, { id: 'in-b' });
      await logB.waitFor((c) => c.id === 'in-b', 'the put made in the watched community');
      await logA.waitFor((c) => c.id === 'in-a', 'the put made in the first community');
      ok(!logB.changes.some((c) => c.id === 'in-a'), 'a watch should not see changes of another community');
      ok(!logA.changes.some((c) => c.id === 'in-b'), 'a watch should not see changes of another community (other way)');
    },
  },
  {
    title: 'people lists the directory, searches it case-insensitively and finds by ids',
    needs: 'people',
    async run({ a }) {
      const all = await a.people!({});
      ok(Array.isArray(all), `people({}) should resolve with an array, got ${show(all)}`);
      ok(all.length > 0, 'people({}) should list someone (give the adapter a directory for this test)');
      ok(all.length <= 20, `people should return at most 20 people, got ${all.length}`);
      for (const p of all)
        ok(typeof p.id === 'string' && p.id && typeof p.name === 'string', `a person needs a string id and name, got ${show(p)}`);
      const p = all.find((x) => x.name.trim().length >= 3) ?? all[0];
      const name = p.name.trim();
      const part = name.length >= 3 ? name.slice(1, -1) : name;
      const swapped = [...part].map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join('');
      const found = await a.people!({ search: swapped });
      ok(
        found.some((x: Person) => x.id === p.id),
        `people({ search: ${show(swapped)} }) should find ${show(p)}, got ${show(found)}`,
      );
      const byId = await a.people!({ ids: [p.id] });
      deepEqual(ids(byId), [p.id], `people({ ids: [${show(p.id)}] })`);
      deepEqual(await a.people!({ search: `zz-no-such-person-${uid()}` }), [], 'people with a search matching nobody');
    },
  },
];

/** With `options.people: false`: an adapter without a directory leaves `people` out. */
const noPeopleCheck: ConformanceCheck = {
  title: 'has no people directory',
  async run({ a }) {
    equal(typeof a.people, 'undefined', 'options.people is false, so the adapter should leave people() out; typeof people');
  },
};

// ---------------------------------------------------------------------------------------------
// Running checks.

/** @internal Runs one check against a factory; resolves with a skip reason, or nothing when it passed. */
export async function runConformanceCheck(
  check: ConformanceCheck,
  makeAdapter: AdapterFactory,
  options: AdapterConformanceOptions = {},
): Promise<string | void> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const community = `lc-conf-${uid()}`;
  const viewer: Viewer = { id: `viewer-${uid()}`, name: 'Conformance Viewer', roles: ['member'] };
  const made: LcAdapter[] = [];
  const logs: ChangeLog[] = [];
  const collections = new Map<string, string>();
  const make = async (c: string) => {
    const adapter = await makeAdapter({ community: c, viewer: { ...viewer, roles: [...viewer.roles] } });
    made.push(adapter);
    return adapter;
  };
  const watch = (adapter: LcAdapter, collection: string): ChangeLog => {
    ok(typeof adapter.watch === 'function', 'the adapter has no watch()');
    const changes: Change[] = [];
    const waiters = new Set<() => void>();
    const stopFn = adapter.watch(collection, {}, (change) => {
      changes.push(change);
      for (const w of [...waiters]) w();
    });
    ok(typeof stopFn === 'function', `watch() should return an unsubscribe function, got ${show(stopFn)}`);
    let stopped = false;
    const log: ChangeLog = {
      changes,
      stop() {
        if (!stopped) stopFn();
        stopped = true;
      },
      waitFor(match, what) {
        return new Promise((resolve, reject) => {
          const check = () => {
            const hit = changes.find(match);
            if (!hit) return false;
            clearTimeout(timer);
            waiters.delete(check);
            resolve(hit);
            return true;
          };
          const timer = setTimeout(() => {
            waiters.delete(check);
            reject(
              new ConformanceAssertionError(
                `watch did not deliver ${what} within ${timeoutMs} ms; it delivered ${show(changes.map((c) => `${c.type} ${c.id}`))}`,
              ),
            );
          }, timeoutMs);
          if (!check()) waiters.add(check);
        });
      },
    };
    logs.push(log);
    return log;
  };
  let error: unknown;
  try {
    const a = await make(community);
    if (check.needs === 'watch') {
      if (options.watch === false) return 'watch disabled by options';
      if (typeof a.watch !== 'function') {
        if (options.watch === true) fail('options.watch is true but the adapter has no watch()');
        return 'adapter has no watch';
      }
    }
    if (check.needs === 'people') {
      if (!options.people) return 'options.people not set';
      ok(typeof a.people === 'function', 'options.people is true but the adapter has no people()');
    }
    await check.run({
      a,
      community,
      viewer,
      timeoutMs,
      adapter: (c = community) => make(c),
      name: (prefix) => `${prefix}-${uid()}`,
      collection: (prefix) => {
        let col = collections.get(prefix);
        if (col) return col;
        if (options.collections) {
          col = options.collections[collections.size];
          if (!col) fail(`this check needs more than the ${options.collections.length} collections given in options.collections`);
        } else col = `${prefix}-${uid()}`;
        collections.set(prefix, col);
        return col;
      },
      watch,
    });
  } catch (e) {
    error = e;
  } finally {
    for (const log of logs) {
      try {
        log.stop();
      } catch (e) {
        error ??= e;
      }
    }
    for (const adapter of made) {
      try {
        await options.cleanup?.(adapter);
      } catch (e) {
        error ??= e;
      }
    }
  }
  if (error !== undefined) throw error;
}

/**
 * Defines a mocha suite, `<name> adapter conformance`, that checks an adapter against the
 * contract: CRUD, idempotent upserts, copies, filters, ordering, limits, cursor paging,
 * error kinds, community isolation, `whoami`, live `watch` and (optionally) `people`.
 */
export function runAdapterConformance(name: string, makeAdapter: AdapterFactory, options: AdapterConformanceOptions = {}): void {
  const timeoutMs = options.timeoutMs ?? 2000;
  describe(`${name} adapter conformance`, () => {
    for (const check of conformanceChecks) {
      if (check.needs === 'watch' && options.watch === false) {
        it.skip(`${check.title} (skipped: watch disabled by options)`, () => undefined);
        continue;
      }
      if (check.needs === 'people' && options.people === false) {
        it('has no people directory (options.people is false): people is left out, so elements offer free text', async () => {
          await runConformanceCheck(noPeopleCheck, makeAdapter, options);
        });
        continue;
      }
      if (check.needs === 'people' && !options.people) {
        it.skip(`${check.title} (skipped: options.people not set)`, () => undefined);
        continue;
      }
      it(check.title, async function () {
        if (this.timeout() < timeoutMs * 4) this.timeout(timeoutMs * 4);
        const skipped = await runConformanceCheck(check, makeAdapter, options);
        if (skipped) {
          this.test!.title += ` (skipped: ${skipped})`;
          this.skip();
        }
      });
    }
  });
}
