import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { html as litHtml } from 'lit';
import '../../src/elements/provider/define.js';
import type { LcProvider } from '../../src/elements/provider/provider.js';
import { LcElement } from '../../src/core/lc-element.js';
import { RecordsController } from '../../src/core/records-controller.js';
import { configure, defaultStore } from '../../src/core/defaults.js';
import { defineElement, VERSION } from '../../src/core/define.js';
import { LcAdapterError, type LcAdapter, type LcRecord } from '../../src/core/adapter.js';
import { MemoryAdapter, MemoryBackend } from '../../src/adapters/memory.js';
import { LocalAdapter } from '../../src/adapters/local.js';
import type { LcErrorEvent } from '../../src/events/lc-error.js';
import { settle, until } from '../helpers.js';
import { registerAdapter, registerAdapterWrapper } from '../../src/elements/provider/adapters.js';

/** A minimal consumer: what every real element does through the base class and controller. */
class TestConsumer extends LcElement {
  readonly notes = new RecordsController<LcRecord>(this, { collection: 'notes' });
  override render() {
    return litHtml`<p>${this.notes.status}: ${this.notes.items.length} · ${this.viewer.name}</p>`;
  }
}
customElements.define('test-consumer', TestConsumer);

/** A consumer whose query waits for something (here: a topic) before reading anything. */
class WaitingConsumer extends LcElement {
  topic?: string;
  readonly notes = new RecordsController<LcRecord>(this, {
    collection: 'notes',
    query: () => (this.topic ? { where: { topic: this.topic } } : undefined),
  });
  override render() {
    return litHtml`<p>${this.notes.items.length}</p>`;
  }
}
customElements.define('test-waiting-consumer', WaitingConsumer);

describe('<lc-provider>', () => {
  it('is accessible and renders its content', async () => {
    const el = await fixture<LcProvider>(html`<lc-provider adapter="memory" community="a11y"><p>Hello</p></lc-provider>`);
    await expect(el).to.be.accessible();
    expect(el.textContent).to.contain('Hello');
  });

  it('hands its store and community to nested elements', async () => {
    const el = await fixture<LcProvider>(
      html`<lc-provider adapter="memory" community="c1"
        ><div><test-consumer></test-consumer></div
      ></lc-provider>`,
    );
    const child = el.querySelector<TestConsumer>('test-consumer')!;
    await child.updateComplete;
    expect(el.store).to.exist;
    expect(child.dataStore).to.equal(el.store);
    expect(child.community).to.equal('c1');
    expect((el.store!.adapter as MemoryAdapter).community).to.equal('c1');
  });

  it('lets an inner provider win over an outer one', async () => {
    const el = await fixture<LcProvider>(html`
      <lc-provider adapter="memory" community="outer" theme="dark">
        <test-consumer id="a"></test-consumer>
        <lc-provider adapter="memory" community="inner" theme="light"><test-consumer id="b"></test-consumer></lc-provider>
      </lc-provider>
    `);
    const a = el.querySelector<TestConsumer>('#a')!;
    const b = el.querySelector<TestConsumer>('#b')!;
    const inner = el.querySelector<LcProvider>('lc-provider')!;
    await a.updateComplete;
    await b.updateComplete;
    expect(a.dataStore).to.equal(el.store);
    expect(b.dataStore).to.equal(inner.store);
    expect(a.dataStore).not.to.equal(b.dataStore);
    expect(b.community).to.equal('inner');
    expect(a.dataset.lcTheme).to.equal('dark');
    expect(b.dataset.lcTheme).to.equal('light');
  });

  it('uses a developer’s own adapter object given as a property', async () => {
    const backend = new MemoryBackend();
    backend.table('mine', 'notes').set('n1', { id: 'n1', createdAt: '2026-01-01T00:00:00.000Z' });
    const custom: LcAdapter = new MemoryAdapter({
      backend,
      community: 'mine',
      viewer: { id: 'dev', name: 'Dev Eloper', roles: ['moderator'] },
    });
    const el = await fixture<LcProvider>(html`<lc-provider .adapter=${custom}><test-consumer></test-consumer></lc-provider>`);
    const child = el.querySelector<TestConsumer>('test-consumer')!;
    await until(() => child.notes.status === 'ready' && child.viewer.name === 'Dev Eloper');
    expect(el.store!.adapter).to.equal(custom);
    await child.updateComplete;
    expect(child.shadowRoot!.textContent).to.contain('ready: 1 · Dev Eloper');
  });

  it('gives page identity (user-id, user-name, user-roles) to adapters without their own', async () => {
    const el = await fixture<LcProvider>(
      html`<lc-provider adapter="memory" community="ids" user-id="u-7" user-name="Grace Hopper" user-roles="moderator, facilitator"
        ><test-consumer></test-consumer
      ></lc-provider>`,
    );
    const child = el.querySelector<TestConsumer>('test-consumer')!;
    await until(() => child.viewer.id === 'u-7');
    expect(child.viewer).to.deep.include({ name: 'Grace Hopper', roles: ['moderator', 'facilitator'] });
    expect(child.canWrite).to.be.true;
  });

  it('uses the local adapter by default', async () => {
    const el = await fixture<LcProvider>(html`<lc-provider community="local-default"></lc-provider>`);
    expect(el.store!.adapter).to.be.instanceOf(LocalAdapter);
  });

  it('forwards a failed read of an element as lc-error on that element', async () => {
    const custom = new MemoryAdapter({
      before: (op) => {
        if (op === 'list') throw new LcAdapterError('unavailable');
      },
    });
    const errors: LcErrorEvent[] = [];
    const el = await fixture<LcProvider>(
      html`<lc-provider .adapter=${custom} @lc-error=${(e: LcErrorEvent) => errors.push(e)}><test-consumer></test-consumer></lc-provider>`,
    );
    const child = el.querySelector<TestConsumer>('test-consumer')!;
    await until(() => child.notes.status === 'error');
    await settle();
    expect(errors).to.have.length(1);
    expect(errors[0].target).to.equal(child);
    expect(errors[0].detail.kind).to.equal('unavailable');
    expect(errors[0].detail.message).to.equal('The service is not available right now.');
  });

  it('translates lc-error messages into the nearest lang', async () => {
    const custom = new MemoryAdapter({
      before: (op) => {
        if (op === 'list') throw new LcAdapterError('forbidden');
      },
    });
    const errors: LcErrorEvent[] = [];
    const el = await fixture<LcProvider>(
      html`<lc-provider lang="es" .adapter=${custom}
        ><test-consumer @lc-error=${(e: LcErrorEvent) => errors.push(e)}></test-consumer
      ></lc-provider>`,
    );
    const child = el.querySelector<TestConsumer>('test-consumer')!;
    await until(() => child.notes.status === 'error');
    await settle();
    // store-level messages follow the page; the element re-translates what it shows
    expect(errors[0].detail.kind).to.equal('forbidden');
    expect((child as unknown as { errorText(e: unknown): string }).errorText(new LcAdapterError('forbidden'))).to.equal(
      'No tienes permiso para hacer eso.',
    );
  });
});

describe('RecordsController', () => {
  it('reads nothing while its query answers undefined, then reads exactly that query', async () => {
    const backend = new MemoryBackend();
    backend.table('default', 'notes').set('a', { id: 'a', topic: 'x' });
    backend.table('default', 'notes').set('b', { id: 'b', topic: 'y' });
    const adapter = new MemoryAdapter({ backend, viewer: { id: 'u' } });
    const el = await fixture<WaitingConsumer>(html`<test-waiting-consumer .adapter=${adapter}></test-waiting-consumer>`);
    await settle();
    expect(adapter.calls.list).to.equal(0);
    expect(el.notes.items).to.have.length(0);
    el.topic = 'x';
    el.requestUpdate();
    await until(() => el.notes.status === 'ready');
    expect(adapter.calls.list).to.equal(1);
    expect(el.notes.items.map((r) => r.id)).to.deep.equal(['a']);
  });
});

describe('elements outside any provider', () => {
  it('use the page default store, which configure() replaces', async () => {
    const child = await fixture<TestConsumer>(html`<test-consumer></test-consumer>`);
    expect(child.dataStore).to.equal(defaultStore());
    expect(defaultStore().adapter).to.be.instanceOf(LocalAdapter);
    const mine = new MemoryAdapter({ community: 'page' });
    configure({ adapter: mine });
    const other = await fixture<TestConsumer>(html`<test-consumer></test-consumer>`);
    expect(other.dataStore!.adapter).to.equal(mine);
  });

  it('prefer an explicit .adapter property over any provider', async () => {
    const mine = new MemoryAdapter({ community: 'explicit' });
    const el = await fixture<LcProvider>(
      html`<lc-provider adapter="memory"><test-consumer .adapter=${mine}></test-consumer></lc-provider>`,
    );
    const child = el.querySelector<TestConsumer>('test-consumer')!;
    expect(child.dataStore!.adapter).to.equal(mine);
  });

  it('do not leak subscriptions over 1,000 mount/unmount cycles', async () => {
    const backend = new MemoryBackend();
    const adapter = new MemoryAdapter({ backend, viewer: { id: 'u' } });
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const store = (await fixture<TestConsumer>(html`<test-consumer .adapter=${adapter}></test-consumer>`)).dataStore!;
    for (let i = 0; i < 1000; i++) {
      const el = document.createElement('test-consumer') as TestConsumer;
      el.adapter = adapter;
      host.append(el);
      await el.updateComplete;
      el.remove();
    }
    await settle();
    // only the fixture element above still listens
    expect(store.stats().listeners).to.equal(1);
    expect(store.stats().entries).to.be.at.most(2);
    expect(backend.watchCount).to.equal(1);
    expect(adapter.calls.list).to.be.at.most(2);
  });
});

describe('defineElement', () => {
  it('is harmless twice and warns without throwing when another version defined the tag', () => {
    class A extends HTMLElement {}
    class B extends HTMLElement {}
    const warn = sinon.stub(console, 'warn');
    try {
      defineElement('lc-test-defined', A);
      defineElement('lc-test-defined', A);
      expect(warn.called).to.be.false;
      (customElements.get('lc-test-defined') as unknown as Record<symbol, string>)[Symbol.for('lc.version')] = '0.0.1-other';
      expect(() => defineElement('lc-test-defined', B)).not.to.throw();
      expect(warn.calledOnce).to.be.true;
      expect(String(warn.firstCall.args[0])).to.contain('0.0.1-other').and.contain(VERSION);
      expect(customElements.get('lc-test-defined')).to.equal(A);
    } finally {
      warn.restore();
    }
  });
});

describe('lc-provider and adapters registered after it upgraded', () => {
  it('picks up an adapter registered later (a module loaded after the provider’s)', async () => {
    const name = `late-${Math.random().toString(36).slice(2)}`;
    const error = console.error;
    console.error = () => {};
    const el = document.createElement('lc-provider');
    el.setAttribute('adapter', name);
    el.setAttribute('community', 'late');
    try {
      document.body.append(el);
    } finally {
      console.error = error;
    }
    try {
      expect(el.store === undefined).to.equal(true);
      const adapter = new MemoryAdapter({ viewer: { id: 'u1', name: 'U', roles: [] } });
      registerAdapter(name, () => adapter);
      expect(el.store?.adapter === adapter).to.equal(true);
    } finally {
      el.remove();
    }
  });

  it('applies a wrapper registered later (e.g. xAPI imported after all.js) and leaves other providers’ stores alone', async () => {
    const marker = `wrap-${Math.random().toString(36).slice(2)}`;
    const wrapped = await fixture<LcProvider>(html`<lc-provider adapter="memory" community=${marker} data-wrap></lc-provider>`);
    const plain = await fixture<LcProvider>(html`<lc-provider adapter="memory" community=${`${marker}-plain`}></lc-provider>`);
    const before = plain.store;
    const inner = wrapped.store!.adapter;
    registerAdapterWrapper((adapter, config) =>
      config.host.hasAttribute('data-wrap') && config.community === marker
        ? Object.assign(Object.create(adapter) as LcAdapter, { key: 'wrapped' })
        : adapter,
    );
    expect(wrapped.store!.adapter === inner).to.equal(false);
    expect((wrapped.store!.adapter as LcAdapter).key).to.equal('wrapped');
    expect(plain.store === before).to.equal(true);
  });
});
