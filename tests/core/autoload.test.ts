import { expect } from '@open-wc/testing';
import { discover } from '../../src/autoload.js';
import { until } from '../helpers.js';

// One page per test file: nothing else has defined the lc elements here.
describe('autoload (the CDN autoloader entry)', () => {
  it('defines the provider at once and no drawing element before its tag appears', () => {
    expect(customElements.get('lc-provider'), 'provider').to.exist;
    for (const tag of ['lc-reflection-prompt', 'lc-kudos-wall', 'lc-credit-tracker', 'lc-meeting-timer'])
      expect(customElements.get(tag), tag).to.equal(undefined);
  });

  it('loads an element added to the document later, and only that one', async () => {
    const el = document.createElement('lc-credit-tracker');
    document.body.append(el);
    try {
      await until(() => !!customElements.get('lc-credit-tracker'), 5000, 'credit tracker defined');
      expect(customElements.get('lc-kudos-wall')).to.equal(undefined);
      expect(customElements.get('lc-meeting-timer')).to.equal(undefined);
    } finally {
      el.remove();
    }
  });

  it('loads a parent element when only its child tag is found (lc-segment → the meeting timer)', async () => {
    const host = document.createElement('div');
    host.innerHTML = '<lc-segment minutes="5">Check-in</lc-segment>';
    await discover(host);
    expect(customElements.get('lc-meeting-timer')).to.exist;
    expect(customElements.get('lc-segment')).to.exist;
  });

  it('finds tags inside a shadow root when asked, which the document observer cannot see', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    root.append(document.createElement('lc-kudos-wall'));
    try {
      await new Promise((r) => setTimeout(r, 50));
      expect(customElements.get('lc-kudos-wall'), 'not seen by the document observer').to.equal(undefined);
      await discover(root);
      expect(customElements.get('lc-kudos-wall')).to.exist;
      expect(await discover(root)).to.equal(undefined); // a second call is harmless
    } finally {
      host.remove();
    }
  });
});
