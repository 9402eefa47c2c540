import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import sinon from 'sinon';
import { hostStyles, sharedStyles } from '../../src/styles/tokens.js';
import { UndoController, undoStyles } from '../../src/ui/undo.js';

class TestUndoHost extends LitElement {
  static override styles = [hostStyles, sharedStyles, undoStyles];
  readonly undo = new UndoController(this);
  override render() {
    return html`<p>Items</p>
      ${this.undo.render()}`;
  }
}
customElements.define('test-undo-host', TestUndoHost);

const toast = (el: TestUndoHost) => el.shadowRoot!.querySelector<HTMLElement>('.toast');
const live = (el: TestUndoHost) => el.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();
const button = (el: TestUndoHost, part: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`[part="${part}"]`)!;

describe('UndoController', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });

  it('is accessible with a toast shown', async () => {
    const el = await fixture<TestUndoHost>(html`<test-undo-host></test-undo-host>`);
    void el.undo.schedule({ message: 'Deleted.', commit: () => {} });
    await el.updateComplete;
    expect(toast(el)).to.exist;
    await expect(el).to.be.accessible();
    await el.undo.commitNow();
  });

  it('shows the message with Undo and Dismiss, and announces it', async () => {
    clock = sinon.useFakeTimers();
    const el = await fixture<TestUndoHost>(html`<test-undo-host></test-undo-host>`);
    void el.undo.schedule({ message: 'Deleted.', commit: () => {} });
    await el.updateComplete;
    expect(toast(el)!.querySelector('.toast__message')!.textContent).to.equal('Deleted.');
    expect(button(el, 'toast__undo').textContent!.trim()).to.equal('Undo');
    expect(button(el, 'toast__dismiss').getAttribute('aria-label')).to.equal('Dismiss');
    expect(live(el)).to.equal('Deleted.');
    expect(el.undo.active).to.be.true;
  });

  it('commits after ms', async () => {
    clock = sinon.useFakeTimers();
    const el = await fixture<TestUndoHost>(html`<test-undo-host></test-undo-host>`);
    const commit = sinon.spy();
    const outcome = el.undo.schedule({ message: 'Deleted.', commit, ms: 5000 });
    await clock.tickAsync(4999);
    expect(commit).not.to.have.been.called;
    await clock.tickAsync(1);
    expect(commit).to.have.been.calledOnce;
    expect(await outcome).to.equal('committed');
    await el.updateComplete;
    expect(toast(el)).to.be.null;
  });

  it('defaults to 6 seconds', async () => {
    clock = sinon.useFakeTimers();
    const el = await fixture<TestUndoHost>(html`<test-undo-host></test-undo-host>`);
    const commit = sinon.spy();
    void el.undo.schedule({ message: 'Deleted.', commit });
    await clock.tickAsync(5999);
    expect(commit).not.to.have.been.called;
    await clock.tickAsync(1);
    expect(commit).to.have.been.calledOnce;
  });

  it('Undo prevents the commit, runs undo and announces Restored', async () => {
    clock = sinon.useFakeTimers();
    const el = await fixture<TestUndoHost>(html`<test-undo-host></test-undo-host>`);
    const commit = sinon.spy();
    const undo = sinon.spy();
    const outcome = el.undo.schedule({ message: 'Deleted.', commit, undo });
    await el.updateComplete;
    button(el, 'toast__undo').click();
    expect(undo).to.have.been.calledOnce;
    expect(await outcome).to.equal('undone');
    await clock.tickAsync(10000);
    expect(commit).not.to.have.been.called;
    await el.updateComplete;
    expect(toast(el)).to.be.null;
    expect(live(el)).to.equal('Restored.');
  });

  it('commits the pending action when the host disconnects', async () => {
    clock = sinon.useFakeTimers();
    const el = await fixture<TestUndoHost>(html`<test-undo-host></test-undo-host>`);
    const commit = sinon.spy();
    void el.undo.schedule({ message: 'Deleted.', commit });
    el.remove();
    expect(commit).to.have.been.calledOnce;
    await clock.tickAsync(10000);
    expect(commit).to.have.been.calledOnce;
  });

  it('commits the pending action when the page goes away (reload, navigation)', async () => {
    clock = sinon.useFakeTimers();
    const el = await fixture<TestUndoHost>(html`<test-undo-host></test-undo-host>`);
    const commit = sinon.spy();
    void el.undo.schedule({ message: 'Deleted.', commit });
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(commit).to.have.been.calledOnce;
    await clock.tickAsync(10000);
    expect(commit).to.have.been.calledOnce;
  });

  it('Dismiss commits at once', async () => {
    clock = sinon.useFakeTimers();
    const el = await fixture<TestUndoHost>(html`<test-undo-host></test-undo-host>`);
    const commit = sinon.spy();
    void el.undo.schedule({ message: 'Deleted.', commit });
    await el.updateComplete;
    button(el, 'toast__dismiss').click();
    expect(commit).to.have.been.calledOnce;
    await clock.tickAsync(10000);
    expect(commit).to.have.been.calledOnce;
  });

  it('commits the previous action when another is scheduled', async () => {
    clock = sinon.useFakeTimers();
    const el = await fixture<TestUndoHost>(html`<test-undo-host></test-undo-host>`);
    const first = sinon.spy();
    const second = sinon.spy();
    void el.undo.schedule({ message: 'Deleted one.', commit: first });
    void el.undo.schedule({ message: 'Deleted two.', commit: second });
    expect(first).to.have.been.calledOnce;
    expect(second).not.to.have.been.called;
    await el.updateComplete;
    expect(toast(el)!.textContent).to.contain('Deleted two.');
    await clock.tickAsync(6000);
    expect(second).to.have.been.calledOnce;
  });

  it('pauses while the toast is hovered or focused', async () => {
    clock = sinon.useFakeTimers();
    const el = await fixture<TestUndoHost>(html`<test-undo-host></test-undo-host>`);
    const commit = sinon.spy();
    void el.undo.schedule({ message: 'Deleted.', commit, ms: 1000 });
    await el.updateComplete;
    await clock.tickAsync(400);
    toast(el)!.dispatchEvent(new MouseEvent('mouseenter'));
    await clock.tickAsync(5000);
    expect(commit).not.to.have.been.called;
    button(el, 'toast__undo').focus();
    toast(el)!.dispatchEvent(new MouseEvent('mouseleave'));
    await clock.tickAsync(5000);
    expect(commit, 'still focused').not.to.have.been.called;
    button(el, 'toast__undo').blur();
    await clock.tickAsync(599);
    expect(commit).not.to.have.been.called;
    await clock.tickAsync(1);
    expect(commit).to.have.been.calledOnce;
  });

  it('rejects the outcome when commit fails, without an unhandled rejection', async () => {
    clock = sinon.useFakeTimers();
    const el = await fixture<TestUndoHost>(html`<test-undo-host></test-undo-host>`);
    const outcome = el.undo.schedule({ message: 'Deleted.', commit: () => Promise.reject(new Error('nope')) });
    await clock.tickAsync(6000);
    let error: unknown;
    await outcome.catch((e) => (error = e));
    expect((error as Error).message).to.equal('nope');
    void el.undo.schedule({ message: 'Deleted.', commit: () => Promise.reject(new Error('ignored')) });
    await clock.tickAsync(6000);
  });

  it('renders the message as text', async () => {
    const el = await fixture<TestUndoHost>(html`<test-undo-host></test-undo-host>`);
    void el.undo.schedule({ message: '<img src=x onerror=alert(1)>', commit: () => {} });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('img')).to.be.null;
    expect(toast(el)!.querySelector('.toast__message')!.textContent).to.equal('<img src=x onerror=alert(1)>');
    await el.undo.commitNow();
  });
});
