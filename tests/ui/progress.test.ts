import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { hostStyles, sharedStyles } from '../../src/styles/tokens.js';
import { clampProgress, progressBar, progressRing, progressStyles, type ProgressRingOptions } from '../../src/ui/progress.js';

class TestProgressHost extends LitElement {
  static override styles = [hostStyles, sharedStyles, progressStyles];
  @property({ attribute: false }) opts: ProgressRingOptions = { value: 0, max: 1, label: '', text: '' };
  @property() kind: 'bar' | 'ring' = 'bar';
  override render() {
    return this.kind === 'bar' ? progressBar(this.opts) : progressRing(this.opts);
  }
}
customElements.define('test-progress-host', TestProgressHost);

async function mount(kind: 'bar' | 'ring', opts: ProgressRingOptions): Promise<TestProgressHost> {
  const el = await fixture<TestProgressHost>(html`<test-progress-host kind=${kind} .opts=${opts}></test-progress-host>`);
  await el.updateComplete;
  return el;
}
const q = <E extends Element>(el: TestProgressHost, sel: string) => el.shadowRoot!.querySelector(sel) as E;

describe('progress', () => {
  it('is accessible as a bar and as a ring', async () => {
    const el = await fixture<HTMLDivElement>(
      html`<div>
        <test-progress-host kind="bar" .opts=${{ value: 3, max: 10, label: 'Credits', text: '3 of 10 credits' }}></test-progress-host>
        <test-progress-host kind="ring" .opts=${{ value: 10, max: 10, label: 'Sessions', text: '10 of 10' }}></test-progress-host>
      </div>`,
    );
    await expect(el).to.be.accessible();
  });

  it('clamps values and survives bad numbers', () => {
    expect(clampProgress(5, 10)).to.deep.equal({ value: 5, max: 10, percent: 50, complete: false });
    expect(clampProgress(15, 10)).to.deep.equal({ value: 10, max: 10, percent: 100, complete: true });
    expect(clampProgress(-3, 10)).to.deep.equal({ value: 0, max: 10, percent: 0, complete: false });
    expect(clampProgress(NaN, 10).value).to.equal(0);
    expect(clampProgress(5, 0)).to.deep.equal({ value: 0, max: 0, percent: 0, complete: false });
    expect(clampProgress(5, -1).max).to.equal(0);
    expect(clampProgress(5, Infinity).max).to.equal(0);
  });

  it('bar: native progress with name, value text and visible text', async () => {
    const el = await mount('bar', { value: 3, max: 10, label: 'Credits', text: '3 of 10 credits' });
    const bar = q<HTMLProgressElement>(el, 'progress');
    expect(bar.max).to.equal(10);
    expect(bar.value).to.equal(3);
    expect(bar.getAttribute('aria-label')).to.equal('Credits');
    expect(bar.getAttribute('aria-valuetext')).to.equal('3 of 10 credits');
    expect(q(el, '.progress__text').textContent!.trim()).to.equal('3 of 10 credits');
    expect(q(el, '.progress__done')).to.be.null;
  });

  it('bar: clamps an over-full value and marks completion with text and an icon', async () => {
    const el = await mount('bar', { value: 12, max: 10, label: 'Credits', text: '12 of 10 credits', completeText: 'Completado' });
    const bar = q<HTMLProgressElement>(el, 'progress');
    expect(bar.value).to.equal(10);
    expect(q(el, '.progress__done').textContent).to.equal('Completado');
    expect(q(el, '.progress__check')).to.exist;
    expect(bar.getAttribute('aria-valuetext')).to.equal('12 of 10 credits (Completado)');
  });

  it('ring: role progressbar with aria values', async () => {
    const el = await mount('ring', { value: 7, max: 20, label: 'Hours', text: '7 of 20 h', size: 120 });
    const ring = q(el, '[role="progressbar"]');
    expect(ring.getAttribute('aria-label')).to.equal('Hours');
    expect(ring.getAttribute('aria-valuemin')).to.equal('0');
    expect(ring.getAttribute('aria-valuemax')).to.equal('20');
    expect(ring.getAttribute('aria-valuenow')).to.equal('7');
    expect(ring.getAttribute('aria-valuetext')).to.equal('7 of 20 h');
    expect(q(el, '.ring__text').textContent!.trim()).to.equal('7 of 20 h');
    const svg = q<SVGSVGElement>(el, 'svg.ring__svg');
    expect(svg.getAttribute('width')).to.equal('120');
    expect(q(el, '.ring__fill').getAttribute('stroke-dashoffset')).to.equal('65');
  });

  it('ring: clamps below zero and above max', async () => {
    const el = await mount('ring', { value: -5, max: 4, label: 'Steps', text: 'none yet' });
    expect(q(el, '[role="progressbar"]').getAttribute('aria-valuenow')).to.equal('0');
    expect(q(el, '.ring__fill').getAttribute('stroke-dashoffset')).to.equal('100');
    el.opts = { value: 9, max: 4, label: 'Steps', text: '4 of 4' };
    await el.updateComplete;
    expect(q(el, '[role="progressbar"]').getAttribute('aria-valuenow')).to.equal('4');
    expect(q(el, '.ring__fill').getAttribute('stroke-dashoffset')).to.equal('0');
    expect(q(el, '.progress__done').textContent).to.equal('Complete');
    expect(q(el, '.ring--complete')).to.exist;
  });

  it('uses no inline style attributes (strict CSP)', async () => {
    const el = await mount('ring', { value: 1, max: 2, label: 'Half', text: '1 of 2' });
    expect(el.shadowRoot!.querySelector('[style]')).to.be.null;
    const bar = await mount('bar', { value: 1, max: 2, label: 'Half', text: '1 of 2' });
    expect(bar.shadowRoot!.querySelector('[style]')).to.be.null;
  });

  it('renders label and text as text', async () => {
    const el = await mount('bar', { value: 1, max: 2, label: '<i>x</i>', text: '<img src=x onerror=alert(1)>' });
    expect(el.shadowRoot!.querySelector('i, img')).to.be.null;
    expect(q(el, '.progress__label').textContent).to.equal('<i>x</i>');
  });
});
