import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { LitElement } from 'lit';
import { PALETTES, hostStyles, sharedStyles } from '../../src/styles/tokens.js';

class TestTokensHost extends LitElement {
  static override styles = [hostStyles, sharedStyles];
  override render() {
    return html`<p class="muted">Muted</p>
      <button class="btn btn--primary">Go</button>
      <button class="btn btn--icon" aria-label="Close">×</button>
      <label>Name <input /></label>
      <span class="vh">Hidden text</span>`;
  }
}
customElements.define('test-tokens-host', TestTokensHost);

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe('tokens', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' }));

  it('is accessible', async () => {
    const el = await fixture(html`<test-tokens-host></test-tokens-host>`);
    await expect(el).to.be.accessible();
  });

  it('is accessible in the dark theme', async () => {
    const el = await fixture(html`<test-tokens-host data-lc-theme="dark"></test-tokens-host>`);
    await expect(el).to.be.accessible();
  });

  for (const [name, p] of Object.entries(PALETTES)) {
    it(`${name} palette meets WCAG 2.2 AA`, () => {
      for (const surface of [p.surface, p['surface-raised'], p['surface-sunken']]) {
        for (const text of [p.text, p['text-muted'], p.accent, p.danger, p.success, p.warning]) {
          expect(contrast(text, surface), `${text} on ${surface}`).to.be.at.least(4.5);
        }
        for (const ui of [p.border, p.focus]) expect(contrast(ui, surface), `${ui} on ${surface}`).to.be.at.least(3);
      }
      expect(contrast(p['accent-contrast'], p.accent)).to.be.at.least(4.5);
      expect(contrast(p['danger-contrast'], p.danger)).to.be.at.least(4.5);
    });
  }

  it('data-lc-theme forces a palette; auto follows prefers-color-scheme', async () => {
    const el = await fixture<HTMLElement>(html`<test-tokens-host></test-tokens-host>`);
    await emulateMedia({ colorScheme: 'dark' });
    expect(getComputedStyle(el).color).to.equal(rgb(PALETTES.dark.text));
    el.dataset.lcTheme = 'light';
    expect(getComputedStyle(el).color).to.equal(rgb(PALETTES.light.text));
    el.dataset.lcTheme = 'auto';
    expect(getComputedStyle(el).backgroundColor).to.equal(rgb(PALETTES.dark.surface));
    await emulateMedia({ colorScheme: 'light' });
    expect(getComputedStyle(el).backgroundColor).to.equal(rgb(PALETTES.light.surface));
    el.dataset.lcTheme = 'dark';
    expect(getComputedStyle(el).backgroundColor).to.equal(rgb(PALETTES.dark.surface));
  });

  it('public tokens override the theme and the font inherits', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<div style="--lc-color-text: #102030; font-family: Georgia, serif">
        <test-tokens-host data-lc-theme="dark"></test-tokens-host>
      </div>`,
    );
    const el = wrap.firstElementChild as HTMLElement;
    expect(getComputedStyle(el).color).to.equal('rgb(16, 32, 48)');
    expect(getComputedStyle(el).fontFamily).to.contain('Georgia');
  });

  it('honours hidden', async () => {
    const el = await fixture<HTMLElement>(html`<test-tokens-host hidden></test-tokens-host>`);
    expect(getComputedStyle(el).display).to.equal('none');
  });

  it('shows a focus ring on keyboard focus and keeps targets at least 24px', async () => {
    const el = await fixture<HTMLElement>(html`<test-tokens-host></test-tokens-host>`);
    const [go, close] = el.shadowRoot!.querySelectorAll('button');
    go.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(close);
    const style = getComputedStyle(close);
    expect(style.outlineStyle).to.equal('solid');
    expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
    expect(parseFloat(style.outlineOffset)).to.be.at.least(2);
    expect(style.outlineColor).to.equal(rgb(PALETTES.light.focus));
    const box = close.getBoundingClientRect();
    expect(box.width).to.be.at.least(24);
    expect(box.height).to.be.at.least(24);
  });

  it('turns motion off under prefers-reduced-motion', async () => {
    const el = await fixture<HTMLElement>(html`<test-tokens-host></test-tokens-host>`);
    const go = el.shadowRoot!.querySelector('button')!;
    expect(parseFloat(getComputedStyle(go).transitionDuration)).to.be.greaterThan(0.1);
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(parseFloat(getComputedStyle(go).transitionDuration)).to.be.below(0.001);
  });

  it('hides .vh visually but not from assistive tech', async () => {
    const el = await fixture<HTMLElement>(html`<test-tokens-host></test-tokens-host>`);
    const vh = el.shadowRoot!.querySelector('.vh')!;
    expect(vh.getBoundingClientRect().width).to.be.at.most(1);
    expect(getComputedStyle(vh).display).to.not.equal('none');
  });
});
