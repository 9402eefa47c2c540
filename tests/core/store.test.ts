import { expect } from '@open-wc/testing';
import { LcAdapterError, type LcRecord } from '../../src/core/adapter.js';
import { RecordStore, StoreWriteEvent } from '../../src/core/store.js';
import { registerValidator } from '../../src/core/validation.js';
import { MemoryAdapter, MemoryBackend } from '../../src/adapters/memory.js';
import type { LcErrorEvent } from '../../src/events/lc-error.js';
import { deferred, nextEvent, settle } from '../helpers.js';

interface Note extends LcRecord {
  text: string;
  topic?: string;
}

function note(id: string, text: string, extra: Partial<Note> = {}): Note {
  return { id, text, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, Number(id.replace(/\D/g, '')) || 0)).toISOString(), ...extra };
}

function setup(options: ConstructorParameters<typeof MemoryAdapter>[0] = {}) {
  const backend = options.backend ?? new MemoryBackend();
  const adapter = new MemoryAdapter({ viewer: { id: 'u1', name: 'Ada' }, ...options, backend });
  const store = new RecordStore(adapter, { outbox: 'memory' });
  return { backend, adapter, store };
}

describe('RecordStore', () => {
  it('shares one adapter call among many subscribers of the same query', async () => {
    const { adapter, store, backend } = setup();
    backend.table('default', 'notes').set('n1', note('n1', 'hello'));
    const subs = Array.from({ length: 20 }, () => store.subscribe<Note>('notes', { where: { topic: null } }, () => {}));
    const reads = await Promise.all(Array.from({ length: 5 }, () => store.list<Note>('notes', { where: { topic: null } })));
    await settle();
    expect(adapter.calls.list).to.equal(1);
    expect(subs.every((s) => s.state.status === 'ready' && s.state.items.length === 1)).to.be.true;
    expect(reads.every((r) => r.length === 1)).to.be.true;
    // a different query is a different read
    await store.list('notes', { where: { topic: 'x' } });
    expect(adapter.calls.list).to.equal(2);
    subs.forEach((s) => s.unsubscribe());
  });

  it('shows a write at once and confirms it when the adapter answers', async () => {
    const gate = deferred();
    const { store } = setup({ before: (op) => (op === 'put' ? gate.promise : undefined) });
    const sub = store.subscribe<Note>('notes', {}, () => {});
    await settle();
    const saved = store.put<Note>('notes', note('n1', 'draft'));
    await settle();
    expect(sub.state.items.map((n) => n.text)).to.deep.equal(['draft']);
    expect(store.writeState('notes', 'n1')).to.equal('pending');
    gate.resolve();
    const stored = await saved;
    expect(stored.community).to.equal('default');
    expect(store.writeState('notes', 'n1')).to.equal('saved');
    expect(sub.state.items).to.have.length(1);
    sub.unsubscribe();
  });

  it('rolls a refused write back, marks it failed and reports lc-error', async () => {
    const { store, backend } = setup({
      before: (op) => {
        if (op === 'put') throw new LcAdapterError('forbidden', 'no');
      },
    });
    backend.table('default', 'notes').set('n1', note('n1', 'original'));
    const sub = store.subscribe<Note>('notes', {}, () => {});
    await settle();
    const errors: LcErrorEvent[] = [];
    store.addEventListener('lc-error', (e) => errors.push(e as LcErrorEvent));
    const attempt = store.put<Note>('notes', { ...sub.state.items[0], text: 'changed' });
    let rejected: unknown;
    await attempt.catch((e) => (rejected = e));
    expect((rejected as LcAdapterError).kind).to.equal('forbidden');
    expect(sub.state.items[0].text).to.equal('original');
    expect(store.writeState('notes', 'n1')).to.equal('failed');
    expect(errors).to.have.length(1);
    expect(errors[0].detail).to.include({ kind: 'forbidden', operation: 'write', collection: 'notes', recordId: 'n1' });
    expect(errors[0].detail.message).to.be.a('string').and.not.be.empty;
    sub.unsubscribe();
  });

  it('keeps a write queued through a transient failure and delivers it once on recovery', async () => {
    let down = true;
    const { store, backend } = setup({
      before: (op) => {
        if (op === 'put' && down) throw new LcAdapterError('offline');
      },
    });
    const arrivals: string[] = [];
    backend.subscribe('default', 'notes', (c) => c.type === 'put' && arrivals.push(c.id));
    const sub = store.subscribe<Note>('notes', {}, () => {});
    await settle();
    const saved = store.put<Note>('notes', note('n1', 'kept'));
    await nextEvent(store, 'write', (e) => (e as StoreWriteEvent).state === 'queued');
    expect(store.writeState('notes', 'n1')).to.equal('queued');
    expect(sub.state.items.map((n) => n.text)).to.deep.equal(['kept']);
    down = false;
    await store.outbox.flush();
    await saved;
    await settle();
    expect(store.writeState('notes', 'n1')).to.equal('saved');
    expect(arrivals).to.deep.equal(['n1']);
    expect(backend.table('default', 'notes').get('n1')?.text).to.equal('kept');
    sub.unsubscribe();
    store.dispose();
  });

  it('drops a malformed record from a list and reports it, without failing the list', async () => {
    const { store, backend } = setup();
    registerValidator('checked-notes', (r) => (typeof r.text === 'string' ? true : 'text must be a string'));
    const t = backend.table('default', 'checked-notes');
    t.set('good', note('good1', 'fine', { id: 'good' }));
    t.set('bad', { id: 'bad', text: 42 } as unknown as LcRecord);
    t.set('worse', { id: 7 } as unknown as LcRecord);
    const errors: LcErrorEvent[] = [];
    store.addEventListener('lc-error', (e) => errors.push(e as LcErrorEvent));
    const items = await store.list<Note>('checked-notes');
    expect(items.map((n) => n.id)).to.deep.equal(['good']);
    expect(errors.map((e) => e.detail.kind)).to.deep.equal(['invalid-record', 'invalid-record']);
    expect(errors.find((e) => e.detail.recordId === 'bad')).to.exist;
  });

  it('fans live changes out to every list they belong to', async () => {
    const backend = new MemoryBackend();
    const { store } = setup({ backend });
    const other = new MemoryAdapter({ backend, viewer: { id: 'u2', name: 'Bea' } });
    const all = store.subscribe<Note>('notes', {}, () => {});
    const a = store.subscribe<Note>('notes', { where: { topic: 'a' } }, () => {});
    const b = store.subscribe<Note>('notes', { where: { topic: 'b' } }, () => {});
    await settle();
    await other.put('notes', note('n1', 'from Bea', { topic: 'a' }));
    await settle();
    expect(all.state.items.map((n) => n.id)).to.deep.equal(['n1']);
    expect(a.state.items.map((n) => n.id)).to.deep.equal(['n1']);
    expect(b.state.items).to.have.length(0);
    // moving it to topic b moves it between the lists
    await other.put('notes', note('n1', 'from Bea', { topic: 'b' }));
    await settle();
    expect(a.state.items).to.have.length(0);
    expect(b.state.items.map((n) => n.id)).to.deep.equal(['n1']);
    await other.remove('notes', 'n1');
    await settle();
    expect(all.state.items).to.have.length(0);
    [all, a, b].forEach((s) => s.unsubscribe());
  });

  it('pages with loadMore without gaps or repeats, and keeps a new record on the first page', async () => {
    const { store, backend } = setup();
    const t = backend.table('default', 'notes');
    for (let i = 1; i <= 12; i++) t.set(`n${i}`, note(`n${i}`, `note ${i}`));
    const sub = store.subscribe<Note>('notes', { limit: 5 }, () => {});
    await settle();
    expect(sub.state.items.map((n) => n.id)).to.deep.equal(['n12', 'n11', 'n10', 'n9', 'n8']);
    expect(sub.state.hasMore).to.be.true;
    await sub.loadMore();
    await sub.loadMore();
    expect(sub.state.items.map((n) => n.id)).to.deep.equal(['n12', 'n11', 'n10', 'n9', 'n8', 'n7', 'n6', 'n5', 'n4', 'n3', 'n2', 'n1']);
    expect(sub.state.hasMore).to.be.false;
    await store.put('notes', note('n20', 'newest'));
    expect(sub.state.items[0].id).to.equal('n20');
    expect(new Set(sub.state.items.map((n) => n.id)).size).to.equal(13);
    sub.unsubscribe();
  });

  it('gives every changed list a new items array, and clears a load-more error once a page loads', async () => {
    let failNext = false;
    const { store, backend } = setup({
      before: (op, _c, arg) => {
        if (op === 'list' && failNext && (arg as { cursor?: string })?.cursor) {
          failNext = false;
          throw new LcAdapterError('unavailable');
        }
      },
    });
    const t = backend.table('default', 'notes');
    for (let i = 1; i <= 4; i++) t.set(`n${i}`, note(`n${i}`, `note ${i}`));
    const sub = store.subscribe<Note>('notes', { limit: 2 }, () => {});
    await settle();
    const first = sub.state.items;
    failNext = true;
    await sub.loadMore();
    expect(sub.state.error?.kind).to.equal('unavailable');
    await sub.loadMore();
    expect(sub.state.error).to.equal(undefined);
    expect(sub.state.items).not.to.equal(first);
    const paged = sub.state.items;
    await new MemoryAdapter({ backend }).put('notes', note('n9', 'live'));
    await settle();
    expect(sub.state.items).not.to.equal(paged);
    expect(sub.state.items[0].id).to.equal('n9');
    sub.unsubscribe();
  });

  it('removes optimistically and restores the record when the removal is refused', async () => {
    const { store, backend } = setup({
      before: (op) => {
        if (op === 'remove') throw new LcAdapterError('forbidden');
      },
    });
    backend.table('default', 'notes').set('n1', note('n1', 'stay'));
    const sub = store.subscribe<Note>('notes', {}, () => {});
    await settle();
    const removal = store.remove('notes', 'n1');
    expect(sub.state.items).to.have.length(0);
    await removal.catch(() => {});
    expect(sub.state.items.map((n) => n.id)).to.deep.equal(['n1']);
    sub.unsubscribe();
  });

  it('reports a failed read as an error state that retry recovers from', async () => {
    let fail = true;
    const { store } = setup({
      before: (op) => {
        if (op === 'list' && fail) throw new LcAdapterError('unavailable');
      },
    });
    const sub = store.subscribe<Note>('notes', {}, () => {});
    await settle();
    expect(sub.state.status).to.equal('error');
    expect(sub.state.error?.kind).to.equal('unavailable');
    fail = false;
    await sub.retry();
    expect(sub.state.status).to.equal('ready');
    sub.unsubscribe();
  });

  it('closes the adapter watch when the last subscriber of a collection leaves', async () => {
    const { store, backend } = setup();
    const s1 = store.subscribe('notes', {}, () => {});
    const s2 = store.subscribe('notes', { where: { topic: 'a' } }, () => {});
    await settle();
    expect(backend.watchCount).to.equal(1);
    s1.unsubscribe();
    expect(backend.watchCount).to.equal(1);
    s2.unsubscribe();
    s2.unsubscribe(); // twice is harmless
    expect(backend.watchCount).to.equal(0);
    expect(store.stats().listeners).to.equal(0);
  });

  it('fetches the viewer once and takes a self-declared name', async () => {
    const adapter = new MemoryAdapter();
    const store = new RecordStore(adapter, { outbox: 'memory' });
    const [a, b] = await Promise.all([store.whoami(), store.whoami()]);
    expect(a.anonymous).to.be.true;
    expect(b).to.equal(a);
    expect(adapter.calls.whoami).to.equal(1);
    const v = await store.identify('  Grace ');
    expect(v.name).to.equal('Grace');
    expect(store.viewer.name).to.equal('Grace');
    expect(store.canIdentify).to.be.true;
  });

  it('refuses to write a record without an id', async () => {
    const { store } = setup();
    let error: unknown;
    await store.put('notes', { id: '' } as Note).catch((e) => (error = e));
    expect((error as LcAdapterError).kind).to.equal('invalid');
  });
});
