import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import sinon from 'sinon';
import { LocalizeController } from '../../src/i18n/localize.js';
import { hostStyles, sharedStyles } from '../../src/styles/tokens.js';
import { identityPrompt, identityPromptStyles } from '../../src/ui/identity-prompt.js';

class TestIdentityHost extends LitElement {
  static override styles = [hostStyles, sharedStyles, identityPromptStyles];
  private localize = new LocalizeController(this);
  @property({ attribute: false }) onSubmit: (name: string) => void = () => {};
  @property({ attribute: false }) error?: string;
  @property({ type: Boolean }) busy = false;
  override render() {
    return identityPrompt({ term: this.localize.term.bind(this.localize), onSubmit: this.onSubmit, error: this.error, busy: this.busy });
  }
}
customElements.define('test-identity-host', TestIdentityHost);

const input = (el: TestIdentityHost) => el.shadowRoot!.querySelector('input')!;
const submitButton = (el: TestIdentityHost) => el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!;

describe('identityPrompt', () => {
  it('is accessible', async () => {
    const el = await fixture<TestIdentityHost>(html`<test-identity-host></test-identity-host>`);
    await expect(el).to.be.accessible();
  });

  it('asks for a name with a labelled input, a hint and Continue', async () => {
    const el = await fixture<TestIdentityHost>(html`<test-identity-host></test-identity-host>`);
    expect(el.shadowRoot!.querySelector('.identity__title')!.textContent).to.equal('What should we call you?');
    expect(input(el).labels![0].textContent).to.equal('Your name');
    expect(el.shadowRoot!.getElementById(input(el).getAttribute('aria-describedby')!)!.textContent).to.contain('kept in this browser');
    expect(submitButton(el).textContent!.trim()).to.equal('Continue');
  });

  it('submits the trimmed name with Enter', async () => {
    const onSubmit = sinon.spy();
    const el = await fixture<TestIdentityHost>(html`<test-identity-host .onSubmit=${onSubmit}></test-identity-host>`);
    input(el).focus();
    await sendKeys({ type: '  Ana   López ' });
    await sendKeys({ press: 'Enter' });
    expect(onSubmit).to.have.been.calledOnceWith('Ana López');
  });

  it('refuses an empty name without calling onSubmit', async () => {
    const onSubmit = sinon.spy();
    const el = await fixture<TestIdentityHost>(html`<test-identity-host .onSubmit=${onSubmit}></test-identity-host>`);
    input(el).value = '   ';
    submitButton(el).click();
    expect(onSubmit).not.to.have.been.called;
    expect(input(el).validationMessage).to.equal('Please enter a name.');
    expect(el.shadowRoot!.activeElement).to.equal(input(el));
    input(el).dispatchEvent(new InputEvent('input'));
    expect(input(el).validationMessage).to.equal('');
  });

  it('shows an error wired to the input', async () => {
    const el = await fixture<TestIdentityHost>(html`<test-identity-host .error=${'Could not load.'}></test-identity-host>`);
    expect(input(el).getAttribute('aria-invalid')).to.equal('true');
    expect(input(el).getAttribute('aria-describedby')).to.contain('lc-identity-error');
    expect(el.shadowRoot!.getElementById('lc-identity-error')!.textContent).to.equal('Could not load.');
  });

  it('ignores submits while busy and says so', async () => {
    const onSubmit = sinon.spy();
    const el = await fixture<TestIdentityHost>(html`<test-identity-host busy .onSubmit=${onSubmit}></test-identity-host>`);
    input(el).value = 'Ana';
    submitButton(el).click();
    expect(onSubmit).not.to.have.been.called;
    expect(submitButton(el).getAttribute('aria-disabled')).to.equal('true');
    expect(submitButton(el).textContent!.trim()).to.equal('Saving…');
  });

  it('translates', async () => {
    const el = await fixture<TestIdentityHost>(html`<test-identity-host lang="es"></test-identity-host>`);
    expect(el.shadowRoot!.querySelector('.identity__title')!.textContent).to.equal('¿Cómo quieres que te llamemos?');
    expect(submitButton(el).textContent!.trim()).to.equal('Continuar');
  });
});
