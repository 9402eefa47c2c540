import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import sinon from 'sinon';
import { LocalizeController } from '../../src/i18n/localize.js';
import { hostStyles, sharedStyles } from '../../src/styles/tokens.js';
import { statusLine, statusLineStyles, type StatusLineOptions } from '../../src/ui/status-line.js';

class TestStatusHost extends LitElement {
  static override styles = [hostStyles, sharedStyles, statusLineStyles];
  private localize = new LocalizeController(this);
  @property({ attribute: false }) opts: Omit<StatusLineOptions, 'term'> = {};
  override render() {
    return statusLine({ ...this.opts, term: this.localize.term.bind(this.localize) });
  }
}
customElements.define('test-status-host', TestStatusHost);

async function mount(opts: Omit<StatusLineOptions, 'term'>, lang = 'en'): Promise<TestStatusHost> {
  const el = await fixture<TestStatusHost>(html`<test-status-host lang=${lang} .opts=${opts}></test-status-host>`);
  await el.updateComplete;
  return el;
}
const live = (el: TestStatusHost) => el.shadowRoot!.querySelector('[role="status"]') as HTMLElement;
const text = (el: TestStatusHost) => live(el).textContent!.replace(/\s+/g, ' ').trim();
const retryButton = (el: TestStatusHost) => el.shadowRoot!.querySelector('button');

describe('statusLine', () => {
  it('is accessible in the failed state with a retry button', async () => {
    const el = await mount({ state: 'failed', errorMessage: 'The service is not available right now.', onRetry: () => {} });
    await expect(el).to.be.accessible();
  });

  it('keeps an empty polite live region when idle', async () => {
    const el = await mount({});
    expect(live(el)).to.exist;
    expect(live(el).getAttribute('aria-live')).to.equal('polite');
    expect(text(el)).to.equal('');
    expect(live(el).querySelector('svg')).to.be.null;
  });

  it('says saving with an icon while pending', async () => {
    const el = await mount({ state: 'pending' });
    expect(text(el)).to.equal('Saving…');
    expect(live(el).querySelector('svg[aria-hidden="true"]')).to.exist;
    expect(retryButton(el)).to.be.null;
  });

  it('says saved with an icon', async () => {
    const el = await mount({ state: 'saved' });
    expect(text(el)).to.equal('Saved');
    expect(live(el).querySelector('svg')).to.exist;
    expect(el.shadowRoot!.querySelector('.status--saved')).to.exist;
  });

  it('says queued, will sync, for queued writes', async () => {
    const el = await mount({ state: 'queued' });
    expect(text(el)).to.equal('Saved on this device, will sync');
  });

  it('says offline with the number of waiting changes', async () => {
    const el = await mount({ offline: true, pendingCount: 3 });
    expect(text(el)).to.contain('You are offline.');
    expect(text(el)).to.contain('(3 changes waiting)');
  });

  it('treats a pending write while offline as queued', async () => {
    const el = await mount({ state: 'pending', offline: true, pendingCount: 1 });
    expect(text(el)).to.contain('will sync');
    expect(text(el)).to.contain('(1 change waiting)');
  });

  it('says not saved with the error and calls onRetry from the button', async () => {
    const onRetry = sinon.spy();
    const el = await mount({ state: 'failed', errorMessage: 'Please sign in again.', onRetry });
    expect(text(el)).to.equal('Not saved Please sign in again.');
    const button = retryButton(el)!;
    expect(button.textContent!.trim()).to.equal('Try again');
    expect(live(el).contains(button)).to.be.false;
    button.click();
    expect(onRetry).to.have.been.calledOnce;
  });

  it('shows failed even when offline, and no button without onRetry', async () => {
    const el = await mount({ state: 'failed', offline: true });
    expect(text(el)).to.equal('Not saved');
    expect(retryButton(el)).to.be.null;
  });

  it('renders an error message as text', async () => {
    const el = await mount({ state: 'failed', errorMessage: '<b onclick="x()">bold</b>' });
    expect(live(el).querySelector('b')).to.be.null;
    expect(text(el)).to.contain('<b onclick="x()">bold</b>');
  });

  it('translates', async () => {
    const el = await mount({ state: 'failed', onRetry: () => {} }, 'es');
    expect(text(el)).to.equal('No se guardó');
    expect(retryButton(el)!.textContent!.trim()).to.equal('Reintentar');
  });
});
