import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import {
  AVATAR_COLORS,
  avatar,
  avatarColor,
  avatarColorIndex,
  avatarStyles,
  initials,
  isSafeImageSrc,
  type AvatarOptions,
} from '../../src/ui/avatar.js';
import { hostStyles, sharedStyles } from '../../src/styles/tokens.js';

class TestAvatarHost extends LitElement {
  static override styles = [hostStyles, sharedStyles, avatarStyles];
  @property({ attribute: false }) opts: AvatarOptions = { name: '' };
  override render() {
    return avatar(this.opts);
  }
}
customElements.define('test-avatar-host', TestAvatarHost);

async function mount(opts: AvatarOptions): Promise<TestAvatarHost> {
  const el = await fixture<TestAvatarHost>(html`<test-avatar-host .opts=${opts}></test-avatar-host>`);
  await el.updateComplete;
  return el;
}
const part = (el: TestAvatarHost) => el.shadowRoot!.querySelector('.avatar') as HTMLElement;

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('avatar', () => {
  it('is accessible, decorative and labelled', async () => {
    const el = await mount({ name: 'Ana López', label: 'Ana López' });
    await expect(el).to.be.accessible();
  });

  it('is decorative without a label', async () => {
    const el = await mount({ name: 'Ana López' });
    expect(part(el).getAttribute('aria-hidden')).to.equal('true');
    expect(part(el).hasAttribute('role')).to.be.false;
    expect(part(el).textContent!.trim()).to.equal('AL');
  });

  it('has role img and a name with a label', async () => {
    const el = await mount({ name: 'Ana López', label: 'Photo of Ana' });
    expect(part(el).getAttribute('role')).to.equal('img');
    expect(part(el).getAttribute('aria-label')).to.equal('Photo of Ana');
    expect(part(el).hasAttribute('aria-hidden')).to.be.false;
  });

  it('takes initials from the first and last words, Unicode-aware', () => {
    expect(initials('Ana María López')).to.equal('AL');
    expect(initials('  élodie  ')).to.equal('É');
    expect(initials('e\u0301mile zola')).to.equal('ÉZ');
    expect(initials('李 小龙')).to.equal('李小');
    expect(initials('(Sam) O’Neil')).to.equal('SO');
    expect(initials('👩‍💻 Dev')).to.equal('D');
    expect(initials('Seeder 17')).to.equal('S');
    expect(initials('Team 7 Lead')).to.equal('TL');
    expect(initials('')).to.equal('?');
    expect(initials('   ')).to.equal('?');
  });

  it('derives the same colour from the same name, ignoring case and spacing', () => {
    expect(avatarColor('Ana López')).to.equal(avatarColor('ana lópez '));
    expect(avatarColorIndex('Ana López')).to.equal(avatarColorIndex('Ana López'));
    const seen = new Set(['Ana', 'Ben', 'Chloé', 'Dev', 'Eun-ji', 'Farah', 'Gus', 'Hana'].map(avatarColorIndex));
    expect(seen.size).to.be.greaterThan(3);
  });

  it('uses only colours with at least 4.5:1 contrast against the white initials', async () => {
    for (const c of AVATAR_COLORS) expect(1.05 / (luminance(c) + 0.05)).to.be.at.least(4.5, c);
    const el = await mount({ name: 'Ben Okafor' });
    const style = getComputedStyle(part(el));
    expect(style.color).to.equal('rgb(255, 255, 255)');
    const hex = avatarColor('Ben Okafor');
    const rgb = `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    expect(style.backgroundColor).to.equal(rgb);
  });

  it('renders an image for http(s) and data:image sources', async () => {
    const el = await mount({ name: 'Ana', src: 'https://example.com/a.png' });
    const img = el.shadowRoot!.querySelector('img')!;
    expect(img.getAttribute('src')).to.equal('https://example.com/a.png');
    expect(img.alt).to.equal('');
    expect(isSafeImageSrc('data:image/png;base64,AAAA')).to.be.true;
    expect(isSafeImageSrc('HTTP://example.com/a.png')).to.be.true;
  });

  it('ignores unsafe or relative sources and keeps the initials', async () => {
    for (const src of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '/me.png',
      '//evil.example/x.png',
      'vbscript:x',
    ]) {
      expect(isSafeImageSrc(src), src).to.be.false;
    }
    const el = await mount({ name: 'Ana', src: 'javascript:alert(1)' });
    expect(el.shadowRoot!.querySelector('img')).to.be.null;
    expect(part(el).textContent!.trim()).to.equal('A');
  });

  it('hides a picture that fails to load, showing the initials', async () => {
    const el = await mount({ name: 'Ana Bell', src: 'data:image/png;base64,not-an-image' });
    const img = el.shadowRoot!.querySelector('img')!;
    img.dispatchEvent(new Event('error'));
    expect(img.hidden).to.be.true;
    expect(getComputedStyle(img).display).to.equal('none');
  });

  it('renders a hostile name as text', async () => {
    const name = '<img src=x onerror="window.__pwned=1"> Zed';
    const el = await mount({ name, label: name });
    expect(el.shadowRoot!.querySelector('img')).to.be.null;
    expect(part(el).getAttribute('aria-label')).to.equal(name);
    expect(part(el).textContent!.trim()).to.equal('IZ');
    expect((window as unknown as { __pwned?: number }).__pwned).to.be.undefined;
  });

  it('sizes by class', async () => {
    const el = await mount({ name: 'Ana', size: 'l' });
    expect(part(el).classList.contains('avatar--l')).to.be.true;
    expect(part(el).getBoundingClientRect().width).to.be.greaterThan(40);
  });
});
