import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { MemoryAdapter, MemoryBackend, type MemoryOperation } from '../../src/adapters/memory.js';
import { LcAdapterError, type Change, type LcAdapter, type LcRecord, type Person, type Query } from '../../src/core/adapter.js';
import { runQuery } from '../../src/core/query.js';
import { runAdapterConformance } from '../../src/testing/index.js';
import { conformanceChecks, runConformanceCheck, type AdapterFactory } from '../../src/testing/conformance.js';
import { deferred } from '../helpers.js';

const roster: Person[] = [
  { id: 'p-ada', name: 'Ada Lovelace', title: 'Analyst', team: 'Engines' },
  { id: 'p-grace', name: 'Grace Hopper', title: 'Rear Admiral', team: 'Compilers' },
  { id: 'p-alan', name: 'Alan Turing', title: 'Fellow', team: 'Bletchley' },
];

describe('MemoryAdapter', () => {
  // one backend per test, shared by every adapter the kit makes within that test
  let backend: MemoryBackend;
  beforeEach(() => {
    backend = new MemoryBackend({ people: roster });
  });

  runAdapterConformance('memory', ({ community, viewer }) => new MemoryAdapter({ backend, community, viewer }), { people: true });

  describe('memory-only options', () => {
    afterEach(() => sinon.restore());

    it('adds latency to every call (fake timers)', async () => {
      const clock = sinon.useFakeTimers();
      const a = new MemoryAdapter({ backend, latency: 100 });
      let done = false;
      const p = a.put('notes', { id: 'n1' }).then(() => (done = true));
      await clock.tickAsync(99);
      expect(done).to.equal(false);
      await clock.tickAsync(1);
      await p;
      expect(done).to.equal(true);
    });

    it('takes latency per operation from a function', async () => {
      const clock = sinon.useFakeTimers();
      const a = new MemoryAdapter({ backend, latency: (op: MemoryOperation) => (op === 'get' ? 500 : 0) });
      await a.put('notes', { id: 'n1' }); // no latency: resolves without ticking
      let got: LcRecord | undefined;
      const p = a.get('notes', 'n1').then((r) => (got = r));
      await clock.tickAsync(499);
      expect(got).to.equal(undefined);
      await clock.tickAsync(1);
      await p;
      expect(got?.id).to.equal('n1');
    });

    it('fails a share of calls with "unavailable", driven by the random source', async () => {
      let next = 0.1;
      const a = new MemoryAdapter({ backend, failRate: 0.5, random: () => next });
      const error = await a.put('notes', { id: 'n1' }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(LcAdapterError);
      expect((error as LcAdapterError).kind).to.equal('unavailable');
      expect(backend.table('default', 'notes').size).to.equal(0);
      next = 0.9;
      await a.put('notes', { id: 'n1' });
      expect(backend.table('default', 'notes').size).to.equal(1);
    });

    it('applies failRate only to the operations in failOn', async () => {
      const a = new MemoryAdapter({ backend, failRate: 1, failOn: ['put'], random: () => 0 });
      expect(await a.get('notes', 'x')).to.equal(undefined);
      const error = await a.put('notes', { id: 'n1' }).catch((e: unknown) => e);
      expect((error as LcAdapterError).kind).to.equal('unavailable');
    });

    it('waits for a before gate the test resolves by hand, and tells it the call', async () => {
      const gate = deferred();
      const seen: unknown[] = [];
      const a = new MemoryAdapter({
        backend,
        before: (op, collection, arg) => {
          seen.push([op, collection, arg]);
          return gate.promise;
        },
      });
      let done = false;
      const p = a.put('notes', { id: 'n1', text: 'hi' }).then(() => (done = true));
      await new Promise((r) => setTimeout(r, 0));
      expect(done).to.equal(false);
      expect(backend.table('default', 'notes').size).to.equal(0);
      gate.resolve();
      await p;
      expect(done).to.equal(true);
      expect(seen).to.deep.equal([['put', 'notes', { id: 'n1', text: 'hi' }]]);
    });

    it('fails a call when the before gate throws', async () => {
      const a = new MemoryAdapter({
        backend,
        before: (op) => {
          if (op === 'remove') throw new LcAdapterError('forbidden', 'nope');
        },
      });
      await a.put('notes', { id: 'n1' });
      const error = await a.remove('notes', 'n1').catch((e: unknown) => e);
      expect((error as LcAdapterError).kind).to.equal('forbidden');
      expect(await a.get('notes', 'n1')).to.not.equal(undefined);
    });

    it('has no people directory with people: false', async () => {
      expect(new MemoryAdapter({ backend, people: false }).people).to.equal(undefined);
      expect(await new MemoryAdapter({ backend }).people!({ search: 'grace' })).to.deep.equal([roster[1]]);
    });

    it('counts calls and closes watches', async () => {
      const a = new MemoryAdapter({ backend });
      const stop = a.watch('notes', {}, () => {});
      expect(backend.watchCount).to.equal(1);
      stop();
      expect(backend.watchCount).to.equal(0);
      await a.list('notes', {});
      await a.whoami();
      expect(a.calls.list).to.equal(1);
      expect(a.calls.whoami).to.equal(1);
    });

    it('is anonymous until identify, which keeps the id', async () => {
      const a = new MemoryAdapter({ backend });
      expect(await a.whoami()).to.deep.equal({ id: '', name: '', roles: [], anonymous: true });
      const error = await a.identify('  ').catch((e: unknown) => e);
      expect((error as LcAdapterError).kind).to.equal('invalid');
      const v1 = await a.identify(' Ada ');
      expect(v1.name).to.equal('Ada');
      const v2 = await a.identify('Ada L.');
      expect(v2.id).to.equal(v1.id);
      expect(await a.whoami()).to.deep.equal(v2);
    });
  });

  describe('the conformance kit fails a broken adapter', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any function: the faults replace methods of every shape
    type Loose = { [K in Exclude<keyof LcAdapter, 'key'>]?: (...args: any[]) => any } & { key?: string };

    /** An adapter over the test's backend whose behaviour `faults` changes. */
    const broken =
      (faults: (base: MemoryAdapter, community: string) => Loose): AdapterFactory =>
      ({ community, viewer }) => {
        const base = new MemoryAdapter({ backend, community, viewer });
        const adapter: Loose = {
          key: base.key,
          whoami: () => base.whoami(),
          list: (c: string, q: Query) => base.list(c, q),
          get: (c: string, id: string) => base.get(c, id),
          put: (c: string, r: LcRecord) => base.put(c, r),
          remove: (c: string, id: string) => base.remove(c, id),
          watch: (c: string, q: Query, on: (ch: Change) => void) => base.watch(c, q, on),
          people: (q: object) => base.people!(q),
        };
        return Object.assign(adapter, faults(base, community)) as LcAdapter;
      };
    const table = (base: MemoryAdapter, c: string) => backend.table(base.community, c);
    /** Hears every change the backend emits (any community, any collection) until stopped. */
    const tap = (hear: (community: string, change: Change) => unknown): (() => void) => {
      let active = true;
      const emit = backend.emit.bind(backend);
      backend.emit = (community: string, change: Change) => {
        emit(community, change);
        if (active) queueMicrotask(() => hear(community, structuredClone(change)));
      };
      return () => (active = false);
    };

    const cases: Array<[check: string, fault: string, factory: AdapterFactory]> = [
      ['round-trip', 'remove does nothing', broken(() => ({ remove: async () => {} }))],
      [
        'round-trip',
        'put returns the input without community and timestamps',
        broken((b) => ({ put: async (c: string, r: LcRecord) => (await b.put(c, r), { ...r }) })),
      ],
      [
        'missing id',
        'get of a missing id resolves null',
        broken((b) => ({ get: async (c: string, id: string) => (await b.get(c, id)) ?? null })),
      ],
      [
        'idempotent',
        'every put makes a new createdAt',
        broken((b) => ({ put: async (c: string, r: LcRecord) => (table(b, c).delete(r.id), b.put(c, r)) })),
      ],
      [
        'idempotent',
        'put merges instead of replacing',
        broken((b) => ({ put: async (c: string, r: LcRecord) => b.put(c, { ...table(b, c).get(r.id), ...r }) })),
      ],
      ['copies', 'get returns the stored object', broken((b) => ({ get: async (c: string, id: string) => table(b, c).get(id) }))],
      [
        'without an id',
        'put accepts a record without an id',
        broken((b) => ({ put: async (c: string, r: LcRecord) => b.put(c, { ...r, id: r.id || 'made-up' }) })),
      ],
      ['equality filters', 'where is ignored', broken((b) => ({ list: (c: string, q: Query) => b.list(c, { ...q, where: undefined }) }))],
      [
        'equality filters',
        'where compares loosely (==)',
        broken((b) => ({
          list: async (c: string, q: Query) => {
            const all = [...table(b, c).values()].filter((r) => Object.entries(q.where ?? {}).every(([k, v]) => r[k] == v));
            return runQuery(all, { ...q, where: undefined });
          },
        })),
      ],
      [
        'orders ascending',
        'ties are not broken by id',
        broken((b) => ({
          list: async (c: string, q: Query) => {
            const f = q.orderBy?.field ?? 'createdAt';
            const sign = q.orderBy?.direction === 'desc' ? -1 : 1;
            return {
              items: [...table(b, c).values()].sort((x, y) => sign * (x[f] === y[f] ? 0 : (x[f] as number) < (y[f] as number) ? -1 : 1)),
            };
          },
        })),
      ],
      [
        'orders ascending',
        'numbers are compared as text',
        broken((b) => ({
          list: async (c: string, q: Query) => {
            const f = q.orderBy!.field;
            const rows = [...table(b, c).values()].map((r) => ({ ...r, [f]: String(r[f]) }));
            const page = runQuery(rows, q);
            return { items: page.items.map((r) => table(b, c).get(r.id)) };
          },
        })),
      ],
      ['limit', 'limit is ignored', broken((b) => ({ list: (c: string, q: Query) => b.list(c, { ...q, limit: 500 }) }))],
      [
        'visits every record',
        'the cursor keeps only the sort value (ties on a page boundary are skipped)',
        broken((b) => ({
          list: async (c: string, q: Query) => {
            const o = q.orderBy!;
            const sign = o.direction === 'desc' ? -1 : 1;
            let all = runQuery(table(b, c).values(), { orderBy: o, limit: 500 }).items;
            if (q.cursor) all = all.filter((r) => sign * ((r[o.field] as number) - Number(q.cursor)) > 0);
            const items = all.slice(0, q.limit);
            return all.length > items.length ? { items, cursor: String(items[items.length - 1][o.field]) } : { items };
          },
        })),
      ],
      [
        'mid-walk',
        'the cursor is an offset',
        broken((b) => ({
          list: async (c: string, q: Query) => {
            const all = runQuery(table(b, c).values(), { ...q, cursor: undefined, limit: 500 }).items;
            const start = Number(q.cursor ?? 0);
            const items = all.slice(start, start + (q.limit ?? 50));
            return start + items.length < all.length ? { items, cursor: String(start + items.length) } : { items };
          },
        })),
      ],
      [
        'bad cursor',
        'a bad cursor rejects with a plain Error',
        broken((b) => ({
          list: (c: string, q: Query) => b.list(c, q).catch(() => Promise.reject(new Error('bad cursor'))),
        })),
      ],
      [
        'isolated: data',
        'every community shares one table',
        broken(() => ({
          get: (c: string, id: string) => new MemoryAdapter({ backend }).get(c, id),
          put: (c: string, r: LcRecord) => new MemoryAdapter({ backend }).put(c, r),
          list: (c: string, q: Query) => new MemoryAdapter({ backend }).list(c, q),
        })),
      ],
      ['key', 'every community has the same key', broken(() => ({ key: 'memory' }))],
      ['whoami', 'the viewer has no roles array', broken(() => ({ whoami: async () => ({ id: 'x', name: 'X' }) }))],
      [
        'watch delivers put',
        'unsubscribe does nothing',
        broken((b) => ({ watch: (c: string, q: Query, on: (ch: Change) => void) => (b.watch(c, q, on), () => {}) })),
      ],
      [
        'watch delivers put',
        'watch delivers every collection',
        broken((b) => ({
          watch: (_c: string, _q: Query, on: (ch: Change) => void) => tap((community, change) => community === b.community && on(change)),
        })),
      ],
      [
        'another adapter of the same community',
        "watch sees only its own adapter's writes",
        broken((b) => {
          const mine = new Set<(ch: Change) => void>();
          return {
            put: async (c: string, r: LcRecord) => {
              const stored = await b.put(c, r);
              for (const on of mine) on({ type: 'put', collection: c, id: r.id, record: stored });
              return stored;
            },
            watch: (_c: string, _q: Query, on: (ch: Change) => void) => (mine.add(on), () => mine.delete(on)),
          };
        }),
      ],
      [
        'isolated: watch',
        'watch hears every community',
        broken(() => ({
          watch: (c: string, _q: Query, on: (ch: Change) => void) => tap((_community, change) => change.collection === c && on(change)),
        })),
      ],
      [
        'people',
        'search is case-sensitive',
        broken(() => ({
          people: async (q: { search?: string; ids?: string[] }) =>
            roster.filter((p) => (!q.search || p.name.includes(q.search)) && (!q.ids || q.ids.includes(p.id))),
        })),
      ],
      ['people', 'ids are ignored', broken((b) => ({ people: (q: { search?: string }) => b.people!({ search: q.search }) }))],
    ];

    for (const [title, fault, factory] of cases) {
      it(`fails "${title}" when ${fault}`, async () => {
        const check = conformanceChecks.find((c) => c.title.includes(title));
        expect(check, `a check titled …${title}…`).to.not.equal(undefined);
        const error = await runConformanceCheck(check!, factory, { people: true, timeoutMs: 150 }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, 'the check should fail').to.be.instanceOf(Error);
        expect((error as Error).name).to.equal('AssertionError');
      });
    }

    it('skips the watch checks, saying so, for an adapter without watch', async () => {
      const check = conformanceChecks.find((c) => c.needs === 'watch')!;
      expect(
        await runConformanceCheck(
          check,
          broken(() => ({ watch: undefined })),
        ),
      ).to.equal('adapter has no watch');
      const error = await runConformanceCheck(
        check,
        broken(() => ({ watch: undefined })),
        { watch: true },
      ).catch((e: unknown) => e);
      expect((error as Error).message).to.contain('no watch()');
    });
  });
});
