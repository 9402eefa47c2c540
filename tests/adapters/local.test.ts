import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { LOCAL_IDENTITY_KEY, LocalAdapter, createLocalAdapter, type LocalAdapterOptions } from '../../src/adapters/local.js';
import { LcAdapterError, type Change, type LcRecord, type Person, type Viewer } from '../../src/core/adapter.js';
import { RecordStore } from '../../src/core/store.js';
import { runAdapterConformance } from '../../src/testing/index.js';
import { nextChange as changeOn } from '../helpers.js';

function uid(): string {
  return crypto.randomUUID().slice(0, 8);
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Deletes a database; open connections of our adapters close themselves on `versionchange`. */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
  });
}

/** Resolves with the first change `watch` delivers that matches; fails after `timeout` ms (no sleeping). */
const nextChange = (adapter: LocalAdapter, collection: string, match?: (c: Change) => boolean, timeout = 2000) =>
  changeOn(adapter, collection, match, timeout);

/** Records every change a watch delivers. */
function record(adapter: LocalAdapter, collection: string): { changes: Change[]; stop: () => void } {
  const changes: Change[] = [];
  const stop = adapter.watch(collection, {}, (c) => changes.push(c));
  return { changes, stop };
}

async function rejection(p: Promise<unknown>): Promise<LcAdapterError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the call should reject').to.be.instanceOf(LcAdapterError);
  return error as LcAdapterError;
}

describe('LocalAdapter', () => {
  let dbName: string;
  let made: LocalAdapter[];

  /** A local adapter on this test's database, closed after the test. */
  const local = (options: LocalAdapterOptions = {}): LocalAdapter => {
    const adapter = new LocalAdapter({ dbName, ...options });
    made.push(adapter);
    return adapter;
  };

  beforeEach(() => {
    dbName = `lc-test-${uid()}`;
    made = [];
    localStorage.removeItem(LOCAL_IDENTITY_KEY);
  });

  afterEach(async () => {
    sinon.restore();
    for (const a of made) await a.close();
    await deleteDatabase(dbName);
    localStorage.removeItem(LOCAL_IDENTITY_KEY);
  });

  runAdapterConformance('local', ({ community, viewer }) => local({ community, viewer }), {
    people: true,
    cleanup: (a) => (a as LocalAdapter).close(),
  });

  describe('storage', () => {
    it('defaults to the "default" community and the "lc-local" database, named in key', () => {
      const a = createLocalAdapter();
      expect(a).to.be.instanceOf(LocalAdapter);
      expect(a.key).to.equal('local:lc-local:default');
      expect(new LocalAdapter({ dbName: 'x', community: 'c' }).key).to.equal('local:x:c');
    });

    it('keeps records as { community, collection, id, data } in the "records" store, indexed by community and collection', async () => {
      const a = local({ community: 'c1' });
      const stored = await a.put('notes', { id: 'n1', text: 'hi' });
      await a.close();
      const db = await request(indexedDB.open(dbName));
      try {
        const tx = db.transaction('records', 'readonly');
        const store = tx.objectStore('records');
        expect(store.keyPath).to.deep.equal(['community', 'collection', 'id']);
        const index = store.index('by-collection');
        expect(index.keyPath).to.deep.equal(['community', 'collection']);
        const row = await request(store.get(['c1', 'notes', 'n1']));
        expect(row).to.deep.equal({ community: 'c1', collection: 'notes', id: 'n1', data: stored });
        expect(await request(index.count(IDBKeyRange.only(['c1', 'notes'])))).to.equal(1);
        expect([...db.objectStoreNames].sort()).to.deep.equal(['people', 'records']);
      } finally {
        db.close();
      }
    });

    it('keeps data across a new instance on the same database (a reload)', async () => {
      const before = local({ community: 'c1' });
      const put = await before.put('notes', { id: 'n1', text: 'kept' });
      await before.close();
      const after = local({ community: 'c1' });
      expect(await after.get('notes', 'n1')).to.deep.equal(put);
      expect((await after.list('notes', {})).items).to.deep.equal([put]);
      expect(await local({ community: 'c1', dbName: `${dbName}-other` }).get('notes', 'n1')).to.equal(undefined);
      await deleteDatabase(`${dbName}-other`);
    });

    it('keeps a client-given updatedAt and otherwise stamps the time of the write', async () => {
      const clock = sinon.useFakeTimers({ now: Date.UTC(2026, 2, 1), toFake: ['Date'] });
      const a = local();
      const first = await a.put<LcRecord>('notes', { id: 'n1' });
      expect(first.createdAt).to.equal('2026-03-01T00:00:00.000Z');
      expect(first.updatedAt).to.equal('2026-03-01T00:00:00.000Z');
      clock.tick(60_000);
      const second = await a.put<LcRecord>('notes', { id: 'n1' });
      expect(second.createdAt).to.equal('2026-03-01T00:00:00.000Z');
      expect(second.updatedAt).to.equal('2026-03-01T00:01:00.000Z');
      const third = await a.put('notes', { id: 'n1', updatedAt: '2026-02-01T00:00:00.000Z' });
      expect(third.updatedAt).to.equal('2026-02-01T00:00:00.000Z');
    });

    it('refuses a record that cannot be stored with "invalid"', async () => {
      const a = local();
      expect((await rejection(a.put('notes', { id: 'n1', fn: () => 1 }))).kind).to.equal('invalid');
      expect((await rejection(a.put('', { id: 'n1' }))).kind).to.equal('invalid');
      expect(await a.get('notes', 'n1')).to.equal(undefined);
    });

    it('reports a database it cannot open as "unavailable", and retries on the next call', async () => {
      // a newer version of the database (another release of the library) cannot be opened at version 1
      const newer = indexedDB.open(dbName, 5);
      newer.onupgradeneeded = () => newer.result.createObjectStore('other');
      (await request(newer)).close();
      const a = local();
      const error = await rejection(a.list('notes', {}));
      expect(error.kind).to.equal('unavailable');
      expect(error.message).to.contain('local database');
      await deleteDatabase(dbName);
      expect((await a.list('notes', {})).items).to.deep.equal([]);
    });

    it('reports a full disk (QuotaExceededError) as "unavailable" with a clear message', async () => {
      const a = local();
      await a.put('notes', { id: 'n0' });
      sinon.stub(IDBObjectStore.prototype, 'put').throws(new DOMException('quota', 'QuotaExceededError'));
      const error = await rejection(a.put('notes', { id: 'n1' }));
      expect(error.kind).to.equal('unavailable');
      expect(error.message).to.contain('storage for this site is full');
      sinon.restore();
      expect(await a.get('notes', 'n1')).to.equal(undefined);
    });

    it('closes on versionchange so another tab can delete the database, then reopens', async () => {
      const a = local();
      await a.put('notes', { id: 'n1' });
      await deleteDatabase(dbName); // would hang on "blocked" if the adapter kept its connection
      expect(await a.get('notes', 'n1')).to.equal(undefined);
      await a.put('notes', { id: 'n2' });
      expect(await a.get('notes', 'n2')).to.not.equal(undefined);
    });
  });

  describe('live changes', () => {
    it('delivers a put in one instance to a watcher on another (two BroadcastChannel peers), and removes', async () => {
      const a = local({ community: 'c1' });
      const b = local({ community: 'c1' });
      const put = nextChange(b, 'notes', (c) => c.type === 'put');
      await a.put('notes', { id: 'n1', text: 'from A' });
      const change = await put;
      expect(change).to.deep.include({ type: 'put', collection: 'notes', id: 'n1' });
      expect(change.record).to.deep.include({ id: 'n1', text: 'from A', community: 'c1' });
      const removed = nextChange(b, 'notes', (c) => c.type === 'remove');
      await a.remove('notes', 'n1');
      expect(await removed).to.deep.equal({ type: 'remove', collection: 'notes', id: 'n1' });
    });

    it('delivers its own writes to its own watchers', async () => {
      const a = local();
      const got = nextChange(a, 'notes');
      await a.put('notes', { id: 'n1' });
      expect((await got).id).to.equal('n1');
    });

    it('does not leak changes between communities on one database', async () => {
      const a1 = local({ community: 'c1' });
      const b2 = local({ community: 'c2' });
      const writer2 = local({ community: 'c2' });
      const seen = record(b2, 'notes');
      const fence = nextChange(b2, 'notes', (c) => c.id === 'fence');
      await a1.put('notes', { id: 'secret' });
      await writer2.put('notes', { id: 'fence' });
      await fence;
      expect(seen.changes.map((c) => c.id)).to.deep.equal(['fence']);
      expect(await b2.get('notes', 'secret')).to.equal(undefined);
    });

    it('speaks a documented protocol: { community, change } on "lc-local:<dbName>"', async () => {
      const a = local({ community: 'c1' });
      const seen = record(a, 'notes');
      const fence = nextChange(a, 'notes', (c) => c.id === 'n2');
      const peer = new BroadcastChannel(`lc-local:${dbName}`);
      const heard = new Promise<unknown>((resolve) => (peer.onmessage = (e) => resolve(e.data)));
      try {
        peer.postMessage('garbage');
        peer.postMessage({ community: 'c2', change: { type: 'put', collection: 'notes', id: 'other-community' } });
        peer.postMessage({ community: 'c1', change: { type: 'put', collection: 'other', id: 'other-collection' } });
        peer.postMessage({ community: 'c1', change: { type: 'put', collection: 'notes', id: 'n2', record: { id: 'n2' } } });
        await fence;
        expect(seen.changes.map((c) => c.id)).to.deep.equal(['n2']);
        await local({ community: 'c1' }).put('notes', { id: 'n3' });
        const message = (await heard) as { community: string; change: Change };
        expect(message.community).to.equal('c1');
        expect(message.change).to.deep.include({ type: 'put', collection: 'notes', id: 'n3' });
      } finally {
        peer.close();
      }
    });

    it('stops after unsubscribe and closes the channel when no watchers remain', async () => {
      const close = sinon.spy(BroadcastChannel.prototype, 'close');
      const a = local();
      const stop1 = a.watch('notes', {}, () => {});
      const stop2 = a.watch('other', {}, () => {});
      expect(a.watchCount).to.equal(2);
      stop1();
      stop1(); // idempotent
      expect(a.watchCount).to.equal(1);
      expect(close.called).to.equal(false);
      stop2();
      expect(a.watchCount).to.equal(0);
      expect(close.calledOnce).to.equal(true);
    });

    it('keeps watching when one watcher throws', async () => {
      const a = local();
      // the watcher's error is reported asynchronously as an uncaught error (the runner logs it); keep it out of mocha
      const reported: unknown[] = [];
      const onerror = window.onerror;
      window.onerror = (_m, _s, _l, _c, error) => (reported.push(error), true);
      try {
        a.watch('notes', {}, () => {
          throw new Error('watcher bug');
        });
        const got = nextChange(a, 'notes');
        await a.put('notes', { id: 'n1' });
        expect((await got).id).to.equal('n1');
        await new Promise((r) => setTimeout(r, 0));
        expect(reported).to.have.length(1);
      } finally {
        window.onerror = onerror;
      }
    });
  });

  describe('identity', () => {
    it('is anonymous, then identify keeps a self-declared name that a new instance returns', async () => {
      const a = local();
      expect(await a.whoami()).to.deep.equal({ id: '', name: '', roles: [], anonymous: true });
      expect((await rejection(a.identify!('   '))).kind).to.equal('invalid');
      const v1 = await a.identify!('  Ada  ');
      expect(v1.name).to.equal('Ada');
      expect(v1.roles).to.deep.equal([]);
      expect(v1.id).to.match(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(localStorage.getItem(LOCAL_IDENTITY_KEY)!)).to.deep.equal({ id: v1.id, name: 'Ada' });
      const v2 = await a.identify!('Ada L.');
      expect(v2.id).to.equal(v1.id);
      expect(await local().whoami()).to.deep.equal({ id: v1.id, name: 'Ada L.', roles: [] });
    });

    it('lets the viewer option win, with roles defaulting to []', async () => {
      await local().identify!('Self Declared');
      const given = local({ viewer: { id: 'u1', name: 'Una', roles: ['moderator'] } });
      expect(await given.whoami()).to.deep.equal({ id: 'u1', name: 'Una', roles: ['moderator'] });
      expect(given.identify).to.equal(undefined);
      expect(await local({ viewer: { id: 'u2', name: 'Ugo' } }).whoami()).to.deep.equal({ id: 'u2', name: 'Ugo', roles: [] });
    });

    it('tells a store in another tab when a name is chosen, so that tab stops asking', async () => {
      const here = local();
      const store = new RecordStore(here, { outbox: 'memory' });
      expect((await store.whoami()).anonymous).to.be.true;
      const changed = new Promise<Viewer>((resolve) => store.addEventListener('viewer', () => resolve(store.viewer), { once: true }));
      const v = await local().identify!('Bea'); // "another tab"
      // the browser fires `storage` only in the other tabs; this is what they receive
      window.dispatchEvent(new StorageEvent('storage', { key: LOCAL_IDENTITY_KEY, newValue: localStorage.getItem(LOCAL_IDENTITY_KEY) }));
      expect(await changed).to.deep.equal({ id: v.id, name: 'Bea', roles: [] });
      expect(await store.whoami()).to.deep.equal({ id: v.id, name: 'Bea', roles: [] });
      store.dispose();
      // a page-given viewer is not the user's to change: no watch at all
      expect(local({ viewer: { id: 'given' } }).watchViewer).to.equal(undefined);
    });

    it('falls back to memory when localStorage throws', async () => {
      sinon.stub(Storage.prototype, 'getItem').throws(new DOMException('denied', 'SecurityError'));
      sinon.stub(Storage.prototype, 'setItem').throws(new DOMException('denied', 'SecurityError'));
      try {
        const a = local();
        expect((await a.whoami()).anonymous).to.equal(true);
        const v = await a.identify!('Private Pat');
        expect(await a.whoami()).to.deep.equal(v);
        expect(await local().whoami()).to.deep.equal(v);
      } finally {
        sinon.restore();
        await local().identify!('Cleanup'); // a working localStorage takes over from memory again
      }
      expect(await local().whoami()).to.include({ name: 'Cleanup' });
    });
  });

  describe('people', () => {
    const roster: Person[] = [
      { id: 'p-ada', name: 'Ada Lovelace', title: 'Analyst', team: 'Engines' },
      { id: 'p-grace', name: 'Grace Hopper', title: 'Rear Admiral', team: 'Compilers' },
    ];

    it('lists the roster plus everyone identified or given on this origin, per community', async () => {
      await local({ community: 'c1' }).identify!('Self Sam');
      await local({ community: 'c1', viewer: { id: 'u-una', name: 'Una Given' } }).whoami();
      const a = local({ community: 'c1', people: roster });
      const names = (await a.people({})).map((p) => p.name);
      expect(names).to.deep.equal(['Ada Lovelace', 'Grace Hopper', 'Self Sam', 'Una Given']);
      localStorage.removeItem(LOCAL_IDENTITY_KEY);
      expect(await local({ community: 'c2' }).people({})).to.deep.equal([]);
    });

    it('adds a viewer given to another instance (another tab) without any call but people', async () => {
      const tab1 = local({ community: 'c1', viewer: { id: 'u1', name: 'Tab One' } });
      await tab1.list('notes', {}); // any call opens the database and registers the viewer
      expect(await local({ community: 'c1' }).people({ ids: ['u1'] })).to.deep.equal([{ id: 'u1', name: 'Tab One' }]);
    });

    it('searches name, title and team case-insensitively, finds by ids, and returns at most 20', async () => {
      const many = Array.from({ length: 30 }, (_, i) => ({
        id: `m${i}`,
        name: `Member ${String(i).padStart(2, '0')}`,
        team: i % 2 ? 'Odd' : 'Even',
      }));
      const a = local({ people: [...roster, ...many] });
      expect((await a.people({ search: 'hOPPER' })).map((p) => p.id)).to.deep.equal(['p-grace']);
      expect((await a.people({ search: 'analyst' })).map((p) => p.id)).to.deep.equal(['p-ada']);
      expect((await a.people({ search: 'compilers' })).map((p) => p.id)).to.deep.equal(['p-grace']);
      expect((await a.people({ ids: ['p-ada', 'm3'] })).map((p) => p.id)).to.deep.equal(['p-ada', 'm3']);
      expect(await a.people({})).to.have.length(20);
      expect(await a.people({ search: 'odd' })).to.have.length(15);
      expect(await a.people({ search: 'nobody' })).to.deep.equal([]);
      const first = (await a.people({ ids: ['p-ada'] }))[0];
      first.name = 'changed';
      expect((await a.people({ ids: ['p-ada'] }))[0].name).to.equal('Ada Lovelace');
    });
  });
});
