import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { LcAdapterError, type LcRecord } from '../../src/core/adapter.js';
import {
  IdbOutboxStorage,
  MemoryOutboxStorage,
  Outbox,
  backoffDelay,
  type OutboxEntry,
  type OutboxOutcome,
} from '../../src/core/outbox.js';
import { RecordStore, type StoreWriteEvent } from '../../src/core/store.js';
import { MemoryAdapter, MemoryBackend } from '../../src/adapters/memory.js';
import { nextEvent, settle } from '../helpers.js';

const uniqueName = () => `lc-outbox-test-${Math.random().toString(36).slice(2)}`;

describe('backoffDelay', () => {
  it('grows exponentially, is capped, and jitters within [ceiling/2, ceiling]', () => {
    const opts = { baseMs: 1000, maxMs: 60_000 };
    expect(backoffDelay(1, 0, opts)).to.equal(500);
    expect(backoffDelay(1, 1, opts)).to.equal(1000);
    expect(backoffDelay(2, 1, opts)).to.equal(2000);
    expect(backoffDelay(4, 1, opts)).to.equal(8000);
    expect(backoffDelay(20, 1, opts)).to.equal(60_000);
    expect(backoffDelay(20, 0, opts)).to.equal(30_000);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(3, Math.random(), opts);
      expect(d).to.be.within(2000, 4000);
    }
  });
});

describe('Outbox', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => clock?.restore());

  it('retries a transient failure after the backoff delay, in order, and forgets confirmed writes', async () => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const storage = new MemoryOutboxStorage();
    let down = true;
    const sent: string[] = [];
    const outcomes: OutboxOutcome[] = [];
    const outbox = new Outbox({
      scope: 's',
      storage,
      backoff: { baseMs: 1000, maxMs: 8000 },
      random: () => 1,
      send: async (e) => {
        if (down) throw new LcAdapterError('unavailable');
        sent.push(e.id);
      },
      onOutcome: (o) => outcomes.push(o),
    });
    await outbox.enqueue({ type: 'put', collection: 'c', id: 'a', record: { id: 'a' } });
    await outbox.enqueue({ type: 'put', collection: 'c', id: 'b', record: { id: 'b' } });
    await outbox.flush();
    expect(sent).to.deep.equal([]);
    expect((await storage.load('s')).map((e) => e.attempts)).to.deep.equal([1, 0]); // head-of-line: b not tried out of order
    down = false;
    await clock.tickAsync(999);
    expect(sent).to.deep.equal([]);
    await clock.tickAsync(1);
    await outbox.flush();
    expect(sent).to.deep.equal(['a', 'b']);
    expect(await storage.load('s')).to.have.length(0);
    expect(outcomes.filter((o) => o.ok).map((o) => o.entry.id)).to.deep.equal(['a', 'b']);
    outbox.stop();
  });

  it('sends at once when the browser comes back online', async () => {
    const storage = new MemoryOutboxStorage();
    let down = true;
    const sent: string[] = [];
    const outbox = new Outbox({
      scope: 's',
      storage,
      backoff: { baseMs: 3_600_000, maxMs: 3_600_000 },
      send: async (e) => {
        if (down) throw new LcAdapterError('offline');
        sent.push(e.id);
      },
      onOutcome: () => {},
    });
    await outbox.enqueue({ type: 'put', collection: 'c', id: 'a', record: { id: 'a' } });
    await outbox.flush();
    expect(sent).to.deep.equal([]);
    down = false;
    window.dispatchEvent(new Event('online'));
    await outbox.flush();
    expect(sent).to.deep.equal(['a']);
    outbox.stop();
  });

  it('drops a finally refused write and carries on with the next', async () => {
    const storage = new MemoryOutboxStorage();
    const sent: string[] = [];
    const outcomes: OutboxOutcome[] = [];
    const outbox = new Outbox({
      scope: 's',
      storage,
      send: async (e: OutboxEntry) => {
        if (e.id === 'bad') throw new LcAdapterError('invalid');
        sent.push(e.id);
      },
      onOutcome: (o) => outcomes.push(o),
    });
    await outbox.enqueue({ type: 'put', collection: 'c', id: 'bad', record: { id: 'bad' } });
    await outbox.enqueue({ type: 'put', collection: 'c', id: 'ok', record: { id: 'ok' } });
    await outbox.flush();
    await outbox.flush();
    expect(sent).to.deep.equal(['ok']);
    const bad = outcomes.find((o) => o.entry.id === 'bad');
    expect(bad && !bad.ok && bad.final && bad.error.kind).to.equal('invalid');
    expect(await storage.load('s')).to.have.length(0);
    outbox.stop();
  });

  it('keeps entries in IndexedDB, per scope, across instances', async () => {
    const name = uniqueName();
    const a = new IdbOutboxStorage(name);
    const entry: OutboxEntry = {
      opId: 'o1',
      scope: 'x',
      seq: 2,
      type: 'put',
      collection: 'c',
      id: 'r',
      record: { id: 'r' },
      attempts: 0,
      createdAt: 1,
    };
    await a.put(entry);
    await a.put({ ...entry, opId: 'o0', seq: 1 });
    await a.put({ ...entry, opId: 'other', scope: 'y' });
    const b = new IdbOutboxStorage(name);
    expect((await b.load('x')).map((e) => e.opId)).to.deep.equal(['o0', 'o1']);
    await b.delete('o0');
    expect((await a.load('x')).map((e) => e.opId)).to.deep.equal(['o1']);
    expect((await a.load('y')).map((e) => e.opId)).to.deep.equal(['other']);
  });
});

describe('Outbox through the store', () => {
  it('delivers every write exactly once after an adapter that failed every write recovers', async () => {
    const backend = new MemoryBackend();
    let down = true;
    const adapter = new MemoryAdapter({
      backend,
      viewer: { id: 'u1' },
      before: (op) => {
        if (down && (op === 'put' || op === 'remove')) throw new LcAdapterError('unavailable');
      },
    });
    const store = new RecordStore(adapter, { outboxName: uniqueName(), backoff: { baseMs: 3_600_000, maxMs: 3_600_000 } });
    const arrivals = new Map<string, number>();
    backend.subscribe('default', 'notes', (c) => arrivals.set(c.id, (arrivals.get(c.id) ?? 0) + 1));
    const ids = Array.from({ length: 10 }, (_, i) => `n${i}`);
    const writes = ids.map((id) => store.put('notes', { id, text: id }));
    await nextEvent(store, 'write', (e) => (e as StoreWriteEvent).state === 'queued');
    // failing writes are retried again and again; none gets through while down
    await store.outbox.flush();
    await store.outbox.flush();
    expect(arrivals.size).to.equal(0);
    expect(ids.every((id) => ['queued', 'pending'].includes(store.writeState('notes', id)!))).to.be.true;
    down = false;
    await store.outbox.flush();
    await Promise.all(writes);
    await settle();
    expect([...arrivals.keys()].sort()).to.deep.equal([...ids].sort());
    expect([...arrivals.values()].every((n) => n === 1)).to.be.true;
    expect(await store.outbox.pending()).to.have.length(0);
    store.dispose();
  });

  it('replays writes left by a previous page when a new store opens the same outbox', async () => {
    const name = uniqueName();
    const backend = new MemoryBackend();
    const failing = new MemoryAdapter({
      backend,
      viewer: { id: 'u1' },
      before: (op) => {
        if (op === 'put' || op === 'remove') throw new LcAdapterError('offline');
      },
    });
    const first = new RecordStore(failing, { outboxName: name, backoff: { baseMs: 3_600_000, maxMs: 3_600_000 } });
    void first.put('notes', { id: 'a', text: 'first' }).catch(() => {});
    void first.put('notes', { id: 'b', text: 'second' }).catch(() => {});
    void first.remove('notes', 'gone').catch(() => {});
    await nextEvent(first, 'write', (e) => (e as StoreWriteEvent).state === 'queued');
    await first.outbox.flush();
    first.dispose(); // the page goes away
    expect((await first.outbox.pending()).length).to.equal(3);

    backend.table('default', 'notes').set('gone', { id: 'gone', text: 'old' });
    const working = new MemoryAdapter({ backend, viewer: { id: 'u1' } });
    const second = new RecordStore(working, { outboxName: name });
    await second.ready();
    // shown as queued before they are confirmed
    const sub = second.subscribe<LcRecord>('notes', {}, () => {});
    await second.outbox.flush();
    await settle();
    expect(backend.table('default', 'notes').get('a')?.text).to.equal('first');
    expect(backend.table('default', 'notes').get('b')?.text).to.equal('second');
    expect(backend.table('default', 'notes').has('gone')).to.be.false;
    expect(await second.outbox.pending()).to.have.length(0);
    expect(sub.state.items.map((r) => r.id).sort()).to.deep.equal(['a', 'b']);
    sub.unsubscribe();
    second.dispose();
  });
});
