import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../src/elements/kudos-wall/define.js';
import type { LcKudosWall } from '../../src/elements/kudos-wall/kudos-wall.js';
import { EDIT_WINDOW_MS, KUDOS, REACTIONS, REPORTS, type KudosRecord } from '../../src/elements/kudos-wall/model.js';
import { kudosMessages } from '../../src/elements/kudos-wall/messages.js';
import type { LcPersonPicker } from '../../src/ui/person-picker.js';
import { MemoryAdapter, MemoryBackend, type MemoryAdapterOptions } from '../../src/adapters/memory.js';
import { RecordStore } from '../../src/core/store.js';
import { LcAdapterError, type LcRecord, type Person } from '../../src/core/adapter.js';
import { LcKudosGiveEvent } from '../../src/events/lc-kudos-give.js';
import { LcKudosGivenEvent } from '../../src/events/lc-kudos-given.js';
import type { LcKudosReactEvent } from '../../src/events/lc-kudos-react.js';
import type { LcKudosReportEvent } from '../../src/events/lc-kudos-report.js';
import type { LcKudosHideEvent } from '../../src/events/lc-kudos-hide.js';
import type { LcErrorEvent } from '../../src/events/lc-error.js';
import { settle, until } from '../helpers.js';

const PEOPLE: Person[] = [
  { id: 'u-maya', name: 'Maya Okafor', title: 'Branch Librarian', team: 'Branch 7' },
  { id: 'u-daniel', name: 'Daniel Reyes', title: 'Library Assistant', team: 'Branch 7' },
  { id: 'u-priya', name: 'Priya Natarajan', title: "Children's Services Lead" },
  { id: 'u-tom', name: 'Tom Lindqvist', title: 'Digital Services' },
];
const MAYA = { id: 'u-maya', name: 'Maya Okafor', roles: ['member'] };
const TOM = { id: 'u-tom', name: 'Tom Lindqvist', roles: ['member'] };
const NOOR = { id: 'u-noor', name: 'Noor Haddad', roles: ['moderator'] };
const en = kudosMessages;

interface Setup {
  backend: MemoryBackend;
  adapter: MemoryAdapter;
  store: RecordStore;
  community: string;
}

let n = 0;
/** A store over a memory adapter; pass `backend` and `community` to add another viewer of the same wall. */
function setup(opts: MemoryAdapterOptions = {}): Setup {
  const community = opts.community ?? `kw-${Date.now()}-${++n}`;
  const backend = opts.backend ?? new MemoryBackend({ people: PEOPLE });
  const adapter = new MemoryAdapter({ viewer: MAYA, ...opts, community, backend });
  return { backend, adapter, store: new RecordStore(adapter, { outbox: 'memory' }), community };
}
const viewerOf = (s: Setup, viewer: MemoryAdapterOptions['viewer'], opts: MemoryAdapterOptions = {}) =>
  setup({ ...opts, viewer, backend: s.backend, community: s.community });

let seq = 0;
function kudos(p: Partial<KudosRecord> = {}, minutesAgo = 60): KudosRecord {
  const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  return {
    id: `k-${++seq}`,
    wallId: 'w',
    authorId: 'u-tom',
    authorName: 'Tom Lindqvist',
    anonymous: false,
    recipients: [{ id: 'u-daniel', name: 'Daniel Reyes' }],
    message: `Thank you, number ${seq}`,
    createdAt: at,
    updatedAt: at,
    ...p,
  };
}
function seed(s: Setup, collection: string, ...records: LcRecord[]): void {
  for (const r of records) s.backend.table(s.community, collection).set(r.id, { community: s.community, ...r });
}
/** `count` kudos, one minute apart, newest first. */
function many(s: Setup, count: number, p: Partial<KudosRecord> = {}): KudosRecord[] {
  const list = Array.from({ length: count }, (_, i) => kudos({ message: `Kudos #${i}`, ...p }, 10 + i));
  seed(s, KUDOS, ...list);
  return list;
}
const stored = (s: Setup, collection = KUDOS) => [...s.backend.table(s.community, collection).values()] as KudosRecord[];

const root = (el: Element) => el.shadowRoot!;
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => root(el).querySelector<T>(sel);
const $$ = <T extends Element = HTMLElement>(el: Element, sel: string) => [...root(el).querySelectorAll<T>(sel)];
const cards = (el: LcKudosWall) => $$(el, 'article');
const ids = (el: LcKudosWall) => cards(el).map((c) => c.dataset.id!);
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const live = (el: LcKudosWall) => text($(el, '.announce'));
const button = (el: Element, label: string) => $$<HTMLButtonElement>(el, 'button').find((b) => text(b) === label);
const picker = (el: LcKudosWall) => $<LcPersonPicker>(el, 'lc-person-picker')!;
const card = (el: LcKudosWall, id: string) => $(el, `article[data-id="${id}"]`);

/** Everything a shadow tree exposes: text and attribute values, through nested shadow roots. */
function deep(node: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n instanceof Element) {
      for (const a of n.attributes) out += ` ${a.value}`;
      if (n.shadowRoot) walk(n.shadowRoot);
    } else if (n.nodeType === Node.TEXT_NODE) out += n.textContent;
    for (const c of n.childNodes) walk(c);
  };
  walk(node);
  return out;
}

async function mount(s: Setup, attrs: Partial<LcKudosWall> = {}, template?: ReturnType<typeof html>): Promise<LcKudosWall> {
  const el = await fixture<LcKudosWall>(template ?? html`<lc-kudos-wall wall-id="w" .store=${s.store}></lc-kudos-wall>`);
  Object.assign(el, attrs);
  await until(() => el.canWrite || el.viewer.anonymous === true, 3000, 'the viewer');
  await until(() => !$(el, '.skeleton'), 3000, 'the first page');
  await el.updateComplete;
  return el;
}

/** Two walls of the same wall id, one per store (two people looking at once), in one fixture. */
async function mountTwo(a: Setup, b: Setup): Promise<[LcKudosWall, LcKudosWall]> {
  const host = await fixture<HTMLDivElement>(
    html`<div>
      <lc-kudos-wall wall-id="w" .store=${a.store}></lc-kudos-wall><lc-kudos-wall wall-id="w" .store=${b.store}></lc-kudos-wall>
    </div>`,
  );
  const [x, y] = [...host.querySelectorAll('lc-kudos-wall')];
  await until(() => x.canWrite && y.canWrite && !$(x, '.skeleton') && !$(y, '.skeleton'), 3000, 'both walls');
  return [x, y];
}

async function type(target: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  target.value = value;
  target.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** Chooses a person through the picker, as a user would: type, wait for the suggestions, click one. */
async function pick(el: LcKudosWall, query: string, name = query): Promise<void> {
  const p = picker(el);
  const input = p.shadowRoot!.querySelector('input')!;
  input.focus();
  await type(input, query);
  await until(() => [...p.shadowRoot!.querySelectorAll('[role="option"]')].some((o) => text(o).includes(name)), 3000, `the option ${name}`);
  [...p.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')].find((o) => text(o).includes(name))!.click();
  await el.updateComplete;
}

async function write(el: LcKudosWall, message: string): Promise<void> {
  await type($<HTMLTextAreaElement>(el, '#msg')!, message);
  await el.updateComplete;
}

async function submit(el: LcKudosWall): Promise<void> {
  $<HTMLButtonElement>(el, '[part="submit"]')!.click();
  await el.updateComplete;
}

async function openMenu(el: LcKudosWall, id: string): Promise<HTMLDetailsElement> {
  const d = card(el, id)!.querySelector<HTMLDetailsElement>('details.menu')!;
  d.open = true;
  return d;
}
/** A button of a card's menu. */
const action = (el: LcKudosWall, id: string, label: string) =>
  [...card(el, id)!.querySelectorAll<HTMLButtonElement>('.menu__list button')].find((b) => text(b) === label);
const menuItems = (d: HTMLDetailsElement | null) => [...(d?.querySelectorAll('.menu__list button') ?? [])].map(text);

before(() => {
  // the card ResizeObserver is deferred to animation frames, but keep mocha from failing on this benign browser message
  const prev = window.onerror;
  window.onerror = (msg, ...rest) => (String(msg).includes('ResizeObserver loop') ? true : (prev?.call(window, msg, ...rest) ?? false));
});

afterEach(async () => {
  sinon.restore();
  await emulateMedia({ reducedMotion: 'no-preference' });
  window.scrollTo(0, 0);
});

describe('<lc-kudos-wall>', () => {
  it('is accessible', async () => {
    const s = setup();
    seed(
      s,
      KUDOS,
      kudos(),
      kudos({
        value: 'Shared knowledge',
        recipients: [
          { id: 'u-priya', name: 'Priya Natarajan' },
          { id: 'u-maya', name: 'Maya Okafor' },
        ],
      }),
    );
    seed(s, REACTIONS, { id: 'k-1:u-tom:🎉', kudosId: 'k-1', wallId: 'w', userId: 'u-tom', userName: 'Tom Lindqvist', emoji: '🎉' });
    const el = await mount(
      s,
      {},
      html`<lc-kudos-wall
        wall-id="w"
        values="Shared knowledge, Helped a colleague"
        allow-anonymous
        show-summary
        show-leaders
        .store=${s.store}
      ></lc-kudos-wall>`,
    );
    await until(() => cards(el).length === 2);
    await expect(el).to.be.accessible();
  });

  it('is accessible in its other states: validation errors, empty, spotlight, compact, moderation, dialog', async () => {
    const s = setup({ viewer: NOOR });
    seed(s, KUDOS, kudos({ hidden: true, hiddenReason: 'Off topic', hiddenBy: 'u-noor' }), kudos());
    seed(s, REPORTS, { id: 'k-x:u-tom', kudosId: `k-${seq}`, wallId: 'w', reporterId: 'u-tom', reason: 'Spam' });
    const el = await mount(s, {}, html`<lc-kudos-wall wall-id="w" values="Helped" require-value .store=${s.store}></lc-kudos-wall>`);
    await until(() => cards(el).length === 2 && !!$(el, '.reports'));
    await submit(el);
    expect($$(el, '.error').length + (picker(el).invalid ? 1 : 0)).to.equal(3);
    await expect(el).to.be.accessible();
    el.layout = 'compact';
    await el.updateComplete;
    await expect(el).to.be.accessible();
    el.layout = 'spotlight';
    await el.updateComplete;
    await expect(el).to.be.accessible();
    el.layout = 'wall';
    el.compose = 'button';
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[part="compose-button"]')!.click();
    await until(() => !!$<HTMLDialogElement>(el, 'dialog')?.open);
    await expect(el).to.be.accessible();
    $<HTMLDialogElement>(el, 'dialog')!.close();
    el.wallId = 'empty-wall';
    await until(() => !$<HTMLElement>(el, '[part="empty"]')!.hidden);
    await expect(el).to.be.accessible();
  });

  it('says what is missing without a wall-id', async () => {
    const el = await fixture<LcKudosWall>(html`<lc-kudos-wall></lc-kudos-wall>`);
    expect(text($(el, '.base'))).to.equal(en.kwNotSetUp);
  });

  describe('giving', () => {
    it('posts to the people chosen in the picker, optimistically, with events before and after the write', async () => {
      const s = setup();
      const el = await mount(
        s,
        {},
        html`<lc-kudos-wall wall-id="w" values="Shared knowledge, Helped a colleague" .store=${s.store}></lc-kudos-wall>`,
      );
      const order: string[] = [];
      let stored0 = -1;
      el.addEventListener('lc-kudos-give', (e) => {
        order.push('give');
        stored0 = stored(s).length;
        expect(e).to.be.instanceOf(LcKudosGiveEvent);
        expect(e.cancelable && e.bubbles && e.composed).to.be.true;
      });
      const given = new Promise<LcKudosGivenEvent>((resolve) => el.addEventListener('lc-kudos-given', (e) => resolve(e)));
      await pick(el, 'dan', 'Daniel Reyes');
      await pick(el, 'pri', 'Priya Natarajan');
      await write(el, '  You two ran the Saturday e-book clinic.  ');
      $<HTMLInputElement>(el, 'input[name="value"][value="Helped a colleague"]')!.click();
      await submit(el);
      expect(order).to.deep.equal(['give']);
      expect(stored0).to.equal(0);
      // optimistic: on the wall before the adapter answers
      expect(text(cards(el)[0])).to.contain('You two ran the Saturday e-book clinic.');
      expect(text(cards(el)[0])).to.contain('Maya Okafor');
      expect(text(cards(el)[0])).to.contain('Daniel Reyes and Priya Natarajan');
      expect(live(el)).to.equal('Kudos sent to Daniel Reyes and Priya Natarajan!');
      expect($(el, '[part="celebration"]')).to.exist;
      const e = await given;
      expect(e.detail.kudos).to.deep.include({
        wallId: 'w',
        authorId: 'u-maya',
        authorName: 'Maya Okafor',
        anonymous: false,
        message: 'You two ran the Saturday e-book clinic.',
        value: 'Helped a colleague',
      });
      expect(e.detail.kudos.recipients).to.deep.equal([
        { id: 'u-daniel', name: 'Daniel Reyes' },
        { id: 'u-priya', name: 'Priya Natarajan' },
      ]);
      expect(stored(s)).to.have.length(1);
      // the form is ready for the next one
      expect($<HTMLTextAreaElement>(el, '#msg')!.value).to.equal('');
      expect(picker(el).selected).to.deep.equal([]);
    });

    it('shows validation messages and moves focus to the first problem', async () => {
      const s = setup();
      const el = await mount(
        s,
        {},
        html`<lc-kudos-wall wall-id="w" values="Shared knowledge" require-value .store=${s.store}></lc-kudos-wall>`,
      );
      await submit(el);
      expect(picker(el).invalid).to.be.true;
      expect(picker(el).errorMessage).to.equal(en.kwErrTo);
      expect(text($(el, '#msg-err'))).to.equal(en.kwErrMessage);
      expect(text($(el, '#val-err'))).to.equal(en.kwErrValue);
      expect(root(el).activeElement).to.equal(picker(el));
      await pick(el, 'dan', 'Daniel Reyes');
      await write(el, 'x'.repeat(503));
      expect(text($(el, '[part="counter"]'))).to.equal('3 characters too many');
      expect(text($(el, '#msg-err'))).to.equal('Keep the message to 500 characters: 3 too many.');
      expect($(el, '#msg')!.getAttribute('aria-invalid')).to.equal('true');
      expect($(el, '#msg')!.getAttribute('aria-describedby')).to.contain('msg-err');
      await write(el, 'Better now');
      expect(text($(el, '[part="counter"]'))).to.equal('490 characters left');
      await submit(el);
      expect(stored(s)).to.have.length(0);
      expect(root(el).activeElement).to.equal($(el, 'input[name="value"]'));
    });

    it('refuses kudos to yourself, from the directory and as free text', async () => {
      const s = setup({ people: false });
      const el = await mount(s);
      await pick(el, 'maya okafor', 'Add');
      await write(el, 'Me, myself');
      await submit(el);
      expect(picker(el).errorMessage).to.equal(en.kwErrSelf);
      expect(stored(s)).to.have.length(0);
      // from a directory, the viewer is shown but cannot be chosen
      expect(picker(el).excludeIds).to.deep.equal(['u-maya']);
    });

    it('can post without the author’s name, and then renders no author anywhere', async () => {
      const s = setup();
      const [el, other] = await mountTwo(s, viewerOf(s, TOM));
      el.allowAnonymous = true;
      await el.updateComplete;
      await pick(el, 'dan', 'Daniel Reyes');
      await write(el, 'Quietly brilliant work on the hold shelf.');
      $<HTMLInputElement>(el, '[part="anonymous"]')!.click();
      await submit(el);
      await until(() => stored(s).length === 1);
      const rec = stored(s)[0];
      expect(rec.anonymous).to.be.true;
      expect(rec).not.to.have.property('authorName');
      expect(rec.authorId).to.equal('u-maya'); // kept so the author can edit and delete
      // the author sees it as theirs, still without their name
      expect(text(cards(el)[0])).to.contain(en.kwAnonYou);
      expect(deep(cards(el)[0])).not.to.contain('Maya');
      // someone else sees no trace of the author
      await until(() => cards(other).length === 1);
      const everything = deep(other.shadowRoot!);
      expect(everything).not.to.contain('Maya');
      expect(everything).not.to.contain('u-maya');
      expect(text(cards(other)[0])).to.contain('Anonymous');
    });

    it('lets the page veto or enrich kudos through the cancelable lc-kudos-give', async () => {
      const s = setup();
      const el = await mount(s);
      el.addEventListener('lc-kudos-give', (e) => e.preventDefault(), { once: true });
      await pick(el, 'dan', 'Daniel Reyes');
      await write(el, 'Vetoed');
      await submit(el);
      await settle();
      expect(stored(s)).to.have.length(0);
      expect($<HTMLTextAreaElement>(el, '#msg')!.value).to.equal('Vetoed');
      el.addEventListener('lc-kudos-give', (e) => (e.detail.kudos.message += ' (via the intranet)'), { once: true });
      await submit(el);
      await until(() => stored(s).length === 1);
      expect(stored(s)[0].message).to.equal('Vetoed (via the intranet)');
    });

    it('keeps the message when the adapter refuses the write, and reports lc-error', async () => {
      const s = setup({
        before: (op) => {
          if (op === 'put') throw new LcAdapterError('forbidden');
        },
      });
      const el = await mount(s);
      const errors: LcErrorEvent[] = [];
      el.addEventListener('lc-error', (e) => errors.push(e));
      await pick(el, 'dan', 'Daniel Reyes');
      await write(el, 'This will bounce');
      await submit(el);
      await until(() => errors.length > 0);
      await el.updateComplete;
      expect(errors[0].detail).to.deep.include({ kind: 'forbidden', operation: 'write', collection: KUDOS });
      expect($<HTMLTextAreaElement>(el, '#msg')!.value).to.equal('This will bounce');
      expect(text($(el, '[part="status"]'))).to.contain('Not saved');
      expect(cards(el)).to.have.length(0);
    });

    it('opens the form in a dialog, manages focus and closes with Escape', async () => {
      const s = setup();
      const el = await mount(s, { compose: 'button' });
      await el.updateComplete;
      expect($(el, 'form.compose')).to.be.null;
      const opener = $<HTMLButtonElement>(el, '[part="compose-button"]')!;
      opener.focus();
      opener.click();
      await until(() => !!$<HTMLDialogElement>(el, 'dialog')?.open);
      expect(root(el).activeElement).to.equal(picker(el));
      await sendKeys({ press: 'Escape' });
      await until(() => !$<HTMLDialogElement>(el, 'dialog')!.open);
      expect(root(el).activeElement).to.equal(opener);
      opener.click();
      await until(() => !!$<HTMLDialogElement>(el, 'dialog')?.open);
      await pick(el, 'dan', 'Daniel Reyes');
      await write(el, 'From the dialog');
      await submit(el);
      await until(() => !$<HTMLDialogElement>(el, 'dialog')!.open);
      await until(() => stored(s).length === 1);
      expect(text(cards(el)[0])).to.contain('From the dialog');
    });

    it('asks an adapter without identity for a name first', async () => {
      const s = setup({ viewer: undefined });
      const el = await mount(s);
      expect($(el, 'form.compose')).to.be.null;
      const input = $<HTMLInputElement>(el, '[part="identity__input"]')!;
      input.value = 'Sam Whitfield';
      $<HTMLButtonElement>(el, '[part="identity__submit"]')!.click();
      await until(() => !!$(el, 'form.compose'));
      expect(el.viewer.name).to.equal('Sam Whitfield');
    });
  });

  describe('reactions', () => {
    it('counts two viewers reacting at once, with who reacted, and toggles', async () => {
      const s = setup();
      const k = kudos();
      seed(s, KUDOS, k);
      const [a, b] = await mountTwo(s, viewerOf(s, TOM));
      await until(() => cards(a).length === 1 && cards(b).length === 1);
      const events: LcKudosReactEvent[] = [];
      a.addEventListener('lc-kudos-react', (e) => events.push(e));
      const party = (el: LcKudosWall) => card(el, k.id)!.querySelector<HTMLButtonElement>('[part="reaction"]')!;
      party(a).click();
      party(b).click();
      await until(() => stored(s, REACTIONS).length === 2);
      for (const el of [a, b]) {
        await until(() => text(party(el)).includes('2'), 3000, 'both reactions on both walls');
        expect(text(party(el).nextElementSibling)).to.equal('Maya Okafor and Tom Lindqvist');
      }
      expect(party(a).getAttribute('aria-pressed')).to.equal('true');
      expect(events.map((e) => e.detail)).to.deep.equal([{ kudosId: k.id, emoji: '🎉', active: true }]);
      expect(
        stored(s, REACTIONS)
          .map((r) => r.id)
          .sort(),
      ).to.deep.equal([`${k.id}:u-maya:🎉`, `${k.id}:u-tom:🎉`]);
      party(a).click();
      await until(() => stored(s, REACTIONS).length === 1);
      await until(() => text(party(b)).includes('1'));
      expect(party(a).getAttribute('aria-pressed')).to.equal('false');
      expect(events[1].detail.active).to.be.false;
    });

    it('offers the reactions of the reactions attribute', async () => {
      const s = setup();
      seed(s, KUDOS, kudos());
      const el = await mount(s, {}, html`<lc-kudos-wall wall-id="w" reactions="🙌 🚀" .store=${s.store}></lc-kudos-wall>`);
      expect($$(el, '[part="reaction"]').map((b) => text(b))).to.deep.equal(['🙌', '🚀']);
    });
  });

  describe('filters and search', () => {
    it('narrows by text, recipient, value, given and received', async () => {
      const s = setup();
      seed(
        s,
        KUDOS,
        kudos({ message: 'Great storytime for the toddlers', value: 'Shared knowledge' }, 1),
        kudos({ message: 'Fixed the printer queue', recipients: [{ id: 'u-maya', name: 'Maya Okafor' }], value: 'Helped a colleague' }, 2),
        kudos(
          {
            message: 'Café chat on e-books',
            authorId: 'u-maya',
            authorName: 'Maya Okafor',
            recipients: [{ id: 'u-priya', name: 'Priya Natarajan' }],
          },
          3,
        ),
      );
      const el = await mount(
        s,
        {},
        html`<lc-kudos-wall wall-id="w" values="Shared knowledge, Helped a colleague" .store=${s.store}></lc-kudos-wall>`,
      );
      await until(() => cards(el).length === 3);
      const search = $<HTMLInputElement>(el, '[part="search"]')!;
      await type(search, 'CAFE');
      await el.updateComplete;
      expect(cards(el).map((c) => text(c.querySelector('.msg')))).to.deep.equal(['Café chat on e-books']);
      expect(text($(el, '.count'))).to.equal('1 kudos');
      await type(search, 'nothing like this');
      await el.updateComplete;
      expect(cards(el)).to.have.length(0);
      expect(text($(el, '[part="empty"]:not([hidden])'))).to.contain(en.kwNoMatch);
      button(el, en.kwClear)!.click();
      await el.updateComplete;
      expect(cards(el)).to.have.length(3);
      const [recipient, value, show] = $$<HTMLSelectElement>(el, 'select[part="filter"]');
      const choose = async (sel: HTMLSelectElement, v: string) => {
        sel.value = v;
        sel.dispatchEvent(new Event('change'));
        await el.updateComplete;
      };
      await choose(recipient, 'u-priya');
      expect(cards(el).map((c) => text(c.querySelector('.msg')))).to.deep.equal(['Café chat on e-books']);
      await choose(recipient, '');
      await choose(value, 'Helped a colleague');
      expect(cards(el).map((c) => text(c.querySelector('.msg')))).to.deep.equal(['Fixed the printer queue']);
      await choose(value, '');
      await choose(show, 'given');
      expect(cards(el).map((c) => text(c.querySelector('.msg')))).to.deep.equal(['Café chat on e-books']);
      await choose(show, 'received');
      expect(cards(el).map((c) => text(c.querySelector('.msg')))).to.deep.equal(['Fixed the printer queue']);
      expect([...show.options].map((o) => o.value)).not.to.include('hidden');
    });

    it('moves focus to the search field when "Clear filters" clears them (the button goes away)', async () => {
      const s = setup();
      seed(s, KUDOS, kudos({ message: 'Shelved the returns' }, 1));
      const el = await mount(s);
      await until(() => cards(el).length === 1);
      const search = $<HTMLInputElement>(el, '[part="search"]')!;
      await type(search, 'no such words');
      await el.updateComplete;
      const clear = button(el, en.kwClear)!;
      clear.focus();
      clear.click();
      await until(() => cards(el).length === 1 && root(el).activeElement === $(el, '[part="search"]'), 3000, 'focus on the search field');
      expect(search.value).to.equal('');
    });
  });

  describe('paging', () => {
    it('loads pages with the button, without gaps or repeats, while new kudos arrive', async () => {
      const s = setup();
      const all = many(s, 55);
      const el = await mount(s, { pageSize: 20 });
      await until(() => cards(el).length === 20);
      // someone posts while the viewer pages
      const fresh = kudos({ message: 'Arrived mid-paging' }, 0);
      await viewerOf(s, TOM).store.put(KUDOS, fresh);
      button(el, en.kwLoadMore)!.click();
      await until(() => cards(el).length === 41);
      button(el, en.kwLoadMore)!.click();
      await until(() => cards(el).length === 56);
      expect(button(el, en.kwLoadMore)).to.be.undefined;
      expect(ids(el)).to.deep.equal([fresh.id, ...all.map((k) => k.id)]);
      expect(new Set(ids(el)).size).to.equal(56);
      expect(cards(el).map((c) => c.getAttribute('aria-posinset'))).to.deep.equal(ids(el).map((_, i) => String(i + 1)));
      expect(cards(el)[0].getAttribute('aria-setsize')).to.equal('56');
    });

    it('loads the next page on its own when the end of the list comes near', async () => {
      const s = setup();
      many(s, 30);
      const el = await mount(s, { pageSize: 10, layout: 'feed' });
      await until(() => cards(el).length >= 10);
      $(el, '.sentinel')!.scrollIntoView();
      await until(() => cards(el).length === 30, 5000, 'infinite scroll');
      expect(s.adapter.calls.list).to.be.greaterThan(2);
    });

    it('renders only the cards near the viewport of a long wall', async () => {
      const s = setup();
      many(s, 400);
      const el = await mount(s, { pageSize: 400, layout: 'feed' });
      await until(() => cards(el).length > 0);
      await new Promise((r) => requestAnimationFrame(r));
      await el.updateComplete;
      const first = cards(el).length;
      expect(first).to.be.lessThan(40);
      expect(cards(el)[0].getAttribute('aria-setsize')).to.equal('400');
      const list = $(el, '.list')!;
      expect(list.getBoundingClientRect().height).to.be.greaterThan(400 * 60);
      window.scrollTo(0, list.getBoundingClientRect().top + window.scrollY + list.getBoundingClientRect().height / 2);
      await until(() => Number(cards(el)[0].getAttribute('aria-posinset')) > 100, 3000, 'the window to move');
      expect(cards(el).length).to.be.lessThan(40);
      const pos = cards(el).map((c) => Number(c.getAttribute('aria-posinset')));
      expect(pos).to.deep.equal(pos.map((_, i) => pos[0] + i));
    });
  });

  describe('live', () => {
    it('shows new kudos at once when the viewer is at the top, and announces them', async () => {
      const s = setup();
      many(s, 3);
      const el = await mount(s);
      await until(() => cards(el).length === 3);
      const k = kudos({ message: 'Fresh off the press', recipients: [{ id: 'u-priya', name: 'Priya Natarajan' }] }, 0);
      await viewerOf(s, TOM).store.put(KUDOS, k);
      await until(() => cards(el).length === 4);
      expect(ids(el)[0]).to.equal(k.id);
      expect(live(el)).to.equal('New kudos for Priya Natarajan.');
      expect($(el, '[part="new-pill"]')).to.be.null;
    });

    it('holds new kudos behind an "N new" pill once the viewer has scrolled', async () => {
      const s = setup();
      many(s, 30);
      const el = await mount(s, { layout: 'feed' });
      await until(() => cards(el).length === 30);
      const list = $(el, '.list')!;
      window.scrollTo(0, list.getBoundingClientRect().top + window.scrollY + 600);
      await until(() => list.getBoundingClientRect().top < -100);
      const before = ids(el);
      const tom = viewerOf(s, TOM);
      await tom.store.put(KUDOS, kudos({ message: 'One' }, 0));
      await tom.store.put(KUDOS, kudos({ message: 'Two' }, 0));
      await until(() => !!$(el, '[part="new-pill"]') && text($(el, '[part="new-pill"]')).includes('2 new kudos'));
      expect(ids(el)).to.deep.equal(before);
      $<HTMLButtonElement>(el, '[part="new-pill"]')!.click();
      await until(() => cards(el).length === 32);
      await el.updateComplete;
      expect(text(cards(el)[0].querySelector('.msg'))).to.equal('Two');
      expect(root(el).activeElement).to.equal(cards(el)[0]);
      expect($(el, '[part="new-pill"]')).to.be.null;
    });

    it('brings held kudos in on a long, windowed wall: the new card is rendered, in view and focused', async () => {
      const s = setup();
      many(s, 200);
      const el = await mount(s, { pageSize: 200, layout: 'feed' });
      await until(() => cards(el).length > 0);
      const list = $(el, '.list')!;
      window.scrollTo(0, list.getBoundingClientRect().top + window.scrollY + list.getBoundingClientRect().height / 2);
      await until(() => Number(cards(el)[0].getAttribute('aria-posinset')) > 50, 3000, 'the window to move');
      const k = kudos({ message: 'Arrived while reading' }, 0);
      await viewerOf(s, TOM).store.put(KUDOS, k);
      await until(() => !!$(el, '[part="new-pill"]'), 3000, 'the pill');
      $<HTMLButtonElement>(el, '[part="new-pill"]')!.click();
      await until(() => !!card(el, k.id) && root(el).activeElement === card(el, k.id), 3000, 'focus on the new card');
      const top = card(el, k.id)!.getBoundingClientRect().top;
      expect(top).to.be.at.least(-1).and.below(window.innerHeight);
      expect($(el, '[part="new-pill"]')).to.be.null;
      window.scrollTo(0, 0);
    });

    it('follows edits, hides and deletions made elsewhere', async () => {
      const s = setup();
      const [a, b] = many(s, 2);
      const el = await mount(s);
      await until(() => cards(el).length === 2);
      const mod = viewerOf(s, NOOR).store;
      await mod.put(KUDOS, { ...a, message: 'Edited elsewhere' });
      await until(() => text(card(el, a.id)?.querySelector('.msg') ?? null) === 'Edited elsewhere');
      await mod.put(KUDOS, { ...a, hidden: true, hiddenReason: 'x' });
      await until(() => !card(el, a.id));
      await mod.remove(KUDOS, b.id);
      await until(() => cards(el).length === 0);
    });
  });

  describe('moderation', () => {
    it('does not let a member hide; hidden kudos disappear for members but not for moderators', async () => {
      const s = setup({ viewer: NOOR });
      const k = kudos();
      seed(s, KUDOS, k, kudos());
      const [mod, member] = await mountTwo(s, viewerOf(s, MAYA));
      await until(() => cards(mod).length === 2 && cards(member).length === 2);
      expect(button(member, en.kwCsv)).to.be.undefined;
      expect(button(mod, en.kwCsv)).to.exist;
      expect(menuItems(await openMenu(member, k.id))).to.deep.equal([en.kwReport]);
      expect(menuItems(await openMenu(mod, k.id))).to.deep.equal([en.kwReport, en.kwHide]);
      const hides: LcKudosHideEvent[] = [];
      mod.addEventListener('lc-kudos-hide', (e) => hides.push(e));
      action(mod, k.id, en.kwHide)!.click();
      await until(() => !!$<HTMLDialogElement>(mod, 'dialog')?.open);
      $<HTMLButtonElement>(mod, 'dialog button[type="submit"]')!.click();
      await mod.updateComplete;
      expect(text($(mod, '#reason-err'))).to.equal(en.kwErrReason);
      $<HTMLTextAreaElement>(mod, '#reason')!.value = 'Shares a patron’s name';
      $<HTMLButtonElement>(mod, 'dialog button[type="submit"]')!.click();
      await until(() => !!stored(s).find((r) => r.id === k.id)?.hidden, 3000, 'the hidden kudos to be stored');
      await until(() => !card(member, k.id), 3000, 'the member to lose the hidden kudos');
      expect(hides.map((e) => e.detail)).to.deep.equal([{ kudosId: k.id, hidden: true, reason: 'Shares a patron’s name' }]);
      await until(() => !!card(mod, k.id)?.querySelector('[part="card__hidden"]'));
      expect(text(card(mod, k.id)!.querySelector('[part="card__hidden"]'))).to.equal('Hidden by a moderator: Shares a patron’s name');
      expect(stored(s).find((r) => r.id === k.id)).to.deep.include({ hidden: true, hiddenBy: 'u-noor' });
      // a member's store refuses nothing locally, but the UI offers no hide; unhiding brings it back
      await openMenu(mod, k.id);
      action(mod, k.id, en.kwUnhide)!.click();
      await until(() => !!card(member, k.id));
      expect(hides[1].detail).to.deep.equal({ kudosId: k.id, hidden: false, reason: undefined });
    });

    it('lets anyone report with a reason; moderators see reports and can dismiss them', async () => {
      const s = setup();
      const k = kudos();
      seed(s, KUDOS, k);
      const [member, mod] = await mountTwo(s, viewerOf(s, NOOR));
      await until(() => cards(member).length === 1 && cards(mod).length === 1);
      const reports: LcKudosReportEvent[] = [];
      member.addEventListener('lc-kudos-report', (e) => reports.push(e));
      await openMenu(member, k.id);
      action(member, k.id, en.kwReport)!.click();
      await until(() => !!$<HTMLDialogElement>(member, 'dialog')?.open);
      $<HTMLTextAreaElement>(member, '#reason')!.value = 'Inside joke, excludes people';
      $<HTMLButtonElement>(member, 'dialog button[type="submit"]')!.click();
      await until(() => stored(s, REPORTS).length === 1);
      expect(reports[0].detail).to.deep.equal({ kudosId: k.id, reason: 'Inside joke, excludes people' });
      await until(() => text(card(member, k.id)).includes(en.kwReported));
      expect(menuItems(card(member, k.id)!.querySelector('details.menu'))).to.deep.equal([]);
      await until(() => !!card(mod, k.id)?.querySelector('[part="card__reports"]'));
      expect(text(card(mod, k.id)!.querySelector('[part="card__reports"]')))
        .to.contain('1 report')
        .and.contain('Inside joke, excludes people');
      await openMenu(mod, k.id);
      action(mod, k.id, en.kwDismiss)!.click();
      await until(() => stored(s, REPORTS).length === 0 && !card(mod, k.id)!.querySelector('[part="card__reports"]'));
    });

    it('keeps keyboard focus on the card after a report takes away its menu', async () => {
      const s = setup();
      const k = kudos();
      seed(s, KUDOS, k);
      const el = await mount(s);
      await until(() => cards(el).length === 1);
      await openMenu(el, k.id);
      action(el, k.id, en.kwReport)!.click();
      await until(() => !!$<HTMLDialogElement>(el, 'dialog')?.open);
      $<HTMLTextAreaElement>(el, '#reason')!.value = 'Spam';
      $<HTMLButtonElement>(el, 'dialog button[type="submit"]')!.click();
      await until(
        () => !card(el, k.id)!.querySelector('details.menu') && root(el).activeElement === card(el, k.id),
        3000,
        'focus on the card',
      );
      expect($<HTMLDialogElement>(el, 'dialog')!.open).to.equal(false);
    });

    it('lets moderators export CSV and JSON of the whole wall', async () => {
      const s = setup({ viewer: NOOR });
      many(s, 45);
      seed(s, KUDOS, kudos({ message: '=HYPERLINK("http://x")', anonymous: true, authorName: undefined }, 1));
      const el = await mount(s, { pageSize: 10 });
      const blobs: Blob[] = [];
      sinon.stub(URL, 'createObjectURL').callsFake((b: Blob | MediaSource) => (blobs.push(b as Blob), 'blob:x'));
      const click = sinon.stub(HTMLAnchorElement.prototype, 'click');
      button(el, en.kwCsv)!.click();
      await until(() => blobs.length === 1);
      const csv = await blobs[0].text();
      const lines = csv
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      expect(lines).to.have.length(47);
      expect(csv).to.contain(`"'=HYPERLINK(""http://x"")"`);
      expect(click.calledOnce).to.be.true;
      expect((click.firstCall.thisValue as HTMLAnchorElement).download).to.match(/^kudos-w-\d{4}-\d{2}-\d{2}\.csv$/);
      button(el, en.kwJson)!.click();
      await until(() => blobs.length === 2);
      expect(JSON.parse(await blobs[1].text()).kudos).to.have.length(46);
    });
  });

  describe('authors', () => {
    it('can edit for 15 minutes', async () => {
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      const s = setup();
      const mine = kudos({ authorId: 'u-maya', authorName: 'Maya Okafor' }, 0);
      seed(s, KUDOS, mine);
      const el = await mount(s);
      await until(() => cards(el).length === 1);
      expect(menuItems(await openMenu(el, mine.id))).to.deep.equal([en.kwEdit, en.kwDelete]);
      action(el, mine.id, en.kwEdit)!.click();
      await el.updateComplete;
      const ta = $<HTMLTextAreaElement>(el, '#edit')!;
      await type(ta, 'Thank you, with a typo fixed');
      await el.updateComplete;
      $<HTMLButtonElement>(el, 'form.edit button[type="submit"]')!.click();
      await until(() => stored(s)[0].message === 'Thank you, with a typo fixed');
      expect(stored(s)[0].editedAt).to.be.a('string');
      await until(() => text(cards(el)[0]).includes('(edited)'));
      // 14 minutes later: still open; start editing, then let the window close
      clock.tick(EDIT_WINDOW_MS - 60_000);
      await openMenu(el, mine.id);
      action(el, mine.id, en.kwEdit)!.click();
      await el.updateComplete;
      clock.tick(2 * 60_000);
      await type($<HTMLTextAreaElement>(el, '#edit')!, 'Too late');
      await el.updateComplete;
      $<HTMLButtonElement>(el, 'form.edit button[type="submit"]')!.click();
      await el.updateComplete;
      expect(text($(el, '#edit-err'))).to.equal(en.kwEditClosed);
      button(el, 'Cancel')!.click();
      await el.updateComplete;
      expect(menuItems(await openMenu(el, mine.id))).to.deep.equal([en.kwDelete]);
      expect(stored(s)[0].message).to.equal('Thank you, with a typo fixed');
    });

    it('can delete their own, with undo', async () => {
      const s = setup();
      const mine = kudos({ authorId: 'u-maya', authorName: 'Maya Okafor' }, 0);
      seed(s, KUDOS, mine, kudos());
      const el = await mount(s);
      await until(() => cards(el).length === 2);
      await openMenu(el, mine.id);
      action(el, mine.id, en.kwDelete)!.click();
      await el.updateComplete;
      expect(card(el, mine.id)).to.be.null;
      expect(text($(el, '[part="toast"]'))).to.contain(en.kwDeleted);
      button(el, 'Undo')!.click();
      await el.updateComplete;
      expect(card(el, mine.id)).to.exist;
      expect(root(el).activeElement).to.equal(card(el, mine.id));
      await openMenu(el, mine.id);
      action(el, mine.id, en.kwDelete)!.click();
      await el.updateComplete;
      $<HTMLButtonElement>(el, '[part="toast__dismiss"]')!.click();
      await until(() => stored(s).length === 1);
      await until(() => cards(el).length === 1);
    });
  });

  it('sets the direction of each message from its own text on a right-to-left page', async () => {
    const s = setup();
    seed(s, KUDOS, kudos({ message: 'Thanks for the story time!' }, 2), kudos({ message: 'شكرا على المساعدة.' }, 1));
    const el = await mount(s, {}, html`<lc-kudos-wall dir="rtl" wall-id="w" .store=${s.store}></lc-kudos-wall>`);
    await until(() => cards(el).length === 2);
    const dirs = cards(el).map((c) => getComputedStyle(c.querySelector('.msg')!).direction);
    expect(dirs).to.deep.equal(['rtl', 'ltr']);
    expect(getComputedStyle($(el, '#msg')!).direction, 'the empty message field follows the page').to.equal('rtl');
  });

  it('renders XSS payloads in messages and names as text', async () => {
    const s = setup();
    const evil = '<img src=x onerror="window.__kwXss=1"><script>window.__kwXss=2</script>';
    seed(
      s,
      KUDOS,
      kudos({
        message: evil,
        authorName: '"><svg onload="window.__kwXss=3">',
        recipients: [{ id: 'x', name: '<b onmouseover="window.__kwXss=4">Bold</b>' }],
        value: '<iframe src="javascript:window.__kwXss=5">',
      }),
    );
    const el = await mount(s);
    await until(() => cards(el).length === 1);
    await settle();
    const c = cards(el)[0];
    expect(c.querySelector('img, script, svg:not([aria-hidden]), b, iframe')).to.be.null;
    expect(text(c.querySelector('.msg'))).to.equal(evil);
    expect(text(c)).to.contain('"><svg onload="window.__kwXss=3">').and.contain('<b onmouseover="window.__kwXss=4">Bold</b>');
    expect((window as unknown as { __kwXss?: number }).__kwXss).to.be.undefined;
  });

  it('fires no events on programmatic changes', async () => {
    const s = setup();
    seed(s, KUDOS, kudos());
    const el = await mount(s);
    const spy = sinon.spy();
    for (const type of ['lc-kudos-give', 'lc-kudos-given', 'lc-kudos-react', 'lc-kudos-report', 'lc-kudos-hide'])
      el.addEventListener(type, spy);
    el.layout = 'feed';
    el.values = 'A, B';
    el.reactions = '👍';
    el.wallId = 'other';
    await el.updateComplete;
    await settle();
    expect(spy.called).to.be.false;
  });

  it('reflects layout and reads its attributes', async () => {
    const s = setup();
    seed(s, KUDOS, kudos());
    const el = await mount(
      s,
      {},
      html`<lc-kudos-wall
        wall-id="w"
        layout="compact"
        compose="none"
        page-size="5"
        interval="4"
        require-value
        allow-anonymous
        show-summary
        show-leaders
        .store=${s.store}
      ></lc-kudos-wall>`,
    );
    expect(el).to.deep.include({
      layout: 'compact',
      compose: 'none',
      pageSize: 5,
      interval: 4,
      requireValue: true,
      allowAnonymous: true,
      showSummary: true,
      showLeaders: true,
    });
    el.layout = 'feed';
    await el.updateComplete;
    expect(el.getAttribute('layout')).to.equal('feed');
    expect($(el, 'form.compose')).to.be.null;
    for (const part of ['base', 'toolbar', 'search', 'summary', 'leaders']) expect($(el, `[part~="${part}"]`), part).to.exist;
  });

  describe('keyboard', () => {
    it('gives kudos without a mouse', async () => {
      const s = setup();
      const el = await mount(s);
      picker(el).focus();
      await sendKeys({ type: 'dan' });
      const p = picker(el);
      await until(() => !!p.shadowRoot!.querySelector('[role="option"]'));
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Enter' });
      await until(() => p.selected.length === 1);
      await sendKeys({ press: 'Tab' });
      expect(root(el).activeElement).to.equal($(el, '#msg'));
      await sendKeys({ type: 'Typed with the keyboard' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Enter' });
      await until(() => stored(s).length === 1);
      expect(stored(s)[0]).to.deep.include({ message: 'Typed with the keyboard' });
      expect(stored(s)[0].recipients[0].name).to.equal('Daniel Reyes');
    });

    it('reacts with Space, moves between cards with Page Down / Page Up, closes menus with Escape', async () => {
      const s = setup();
      many(s, 3);
      const el = await mount(s, { compose: 'none' });
      await until(() => cards(el).length === 3);
      const react = cards(el)[0].querySelector<HTMLButtonElement>('[part="reaction"]')!;
      react.focus();
      await sendKeys({ press: 'Space' });
      await until(() => stored(s, REACTIONS).length === 1);
      await sendKeys({ press: 'PageDown' });
      expect(root(el).activeElement).to.equal(cards(el)[1]);
      await sendKeys({ press: 'PageDown' });
      expect(root(el).activeElement).to.equal(cards(el)[2]);
      await sendKeys({ press: 'PageUp' });
      expect(root(el).activeElement).to.equal(cards(el)[1]);
      const summary = cards(el)[1].querySelector<HTMLElement>('details.menu summary')!;
      summary.focus();
      await sendKeys({ press: 'Enter' });
      expect(summary.parentElement!.hasAttribute('open')).to.be.true;
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Escape' });
      expect(summary.parentElement!.hasAttribute('open')).to.be.false;
      expect(root(el).activeElement).to.equal(summary);
    });
  });

  describe('spotlight', () => {
    it('rotates, pauses on hover and focus, and has pause and step controls', async () => {
      const s = setup();
      many(s, 3);
      const el = await mount(s, { layout: 'spotlight', interval: 3, compose: 'none' });
      await until(() => cards(el).length === 1);
      const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'], shouldClearNativeTimers: true });
      // the element's interval was created before the fake clock: re-attach it
      el.remove();
      document.body.append(el);
      await el.updateComplete;
      const shown = () => text(cards(el)[0].querySelector('.msg'));
      expect(shown()).to.equal('Kudos #0');
      expect($(el, '.slide')!.getAttribute('aria-live')).to.equal('off');
      clock.tick(3000);
      await el.updateComplete;
      expect(shown()).to.equal('Kudos #1');
      $(el, '.spot')!.dispatchEvent(new MouseEvent('mouseenter'));
      await el.updateComplete;
      expect($(el, '.slide')!.getAttribute('aria-live')).to.equal('polite');
      clock.tick(9000);
      await el.updateComplete;
      expect(shown()).to.equal('Kudos #1');
      $(el, '.spot')!.dispatchEvent(new MouseEvent('mouseleave'));
      button(el, en.kwPause)!.click();
      clock.tick(9000);
      await el.updateComplete;
      expect(shown()).to.equal('Kudos #1');
      button(el, en.kwNext)!.click();
      await el.updateComplete;
      expect(shown()).to.equal('Kudos #2');
      button(el, en.kwNext)!.click();
      await el.updateComplete;
      expect(shown()).to.equal('Kudos #0');
      expect(text($(el, '.spot__bar .hint'))).to.equal('1 of 3');
      el.remove();
    });

    it('stands still under reduced motion', async () => {
      await emulateMedia({ reducedMotion: 'reduce' });
      const s = setup();
      many(s, 3);
      const el = await mount(s, { layout: 'spotlight', interval: 2 });
      await until(() => cards(el).length === 1);
      const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'], shouldClearNativeTimers: true });
      el.remove();
      document.body.append(el);
      clock.tick(10_000);
      await el.updateComplete;
      expect(text(cards(el)[0].querySelector('.msg'))).to.equal('Kudos #0');
      expect(button(el, en.kwPause)).to.be.undefined;
      el.remove();
    });

    it('does not celebrate under reduced motion', async () => {
      await emulateMedia({ reducedMotion: 'reduce' });
      const s = setup();
      const el = await mount(s);
      await pick(el, 'dan', 'Daniel Reyes');
      await write(el, 'Calm thanks');
      await submit(el);
      expect($(el, '[part="celebration"]')).to.be.null;
      expect(live(el)).to.equal('Kudos sent to Daniel Reyes!');
    });
  });

  describe('summary and leaderboard', () => {
    it('counts this month, shows top values and leaders, and lets people opt out', async () => {
      const s = setup();
      seed(
        s,
        KUDOS,
        kudos({ value: 'Helped', recipients: [{ id: 'u-maya', name: 'Maya Okafor' }] }, 5),
        kudos({ value: 'Helped', recipients: [{ id: 'u-maya', name: 'Maya Okafor' }] }, 6),
        kudos({ value: 'Shared' }, 7),
      );
      const el = await mount(s, { showSummary: true, showLeaders: true });
      await until(() => cards(el).length === 3);
      expect(text($(el, '[part="summary"]')))
        .to.contain('3 kudos this month')
        .and.contain('Helped 2')
        .and.contain('Shared 1');
      const board = () => $$(el, '.leaders li').map((li) => text(li));
      expect(board()[0]).to.contain('Maya Okafor').and.contain('2');
      $<HTMLInputElement>(el, '[part="leaders"] input[type="checkbox"]')!.click();
      await until(() => board().length === 1);
      expect(board()[0]).to.contain('Daniel Reyes');
      await until(() => stored(s, 'kudos-prefs').length === 1);
      expect(stored(s, 'kudos-prefs')[0]).to.deep.include({ id: 'u-maya', leaderboardOptOut: true });
    });
  });

  it('makes one read per collection for 20 walls on one page', async () => {
    const s = setup();
    many(s, 5);
    const calls: string[] = [];
    const counted = setup({
      backend: s.backend,
      community: s.community,
      before: (op, collection) => void (op === 'list' && calls.push(collection!)),
    });
    const host = await fixture<HTMLDivElement>(
      html`<div>${Array.from({ length: 20 }, () => html`<lc-kudos-wall wall-id="w" .store=${counted.store}></lc-kudos-wall>`)}</div>`,
    );
    const walls = [...host.querySelectorAll('lc-kudos-wall')];
    await until(() => walls.every((w) => cards(w).length === 5));
    expect(calls.filter((c) => c === KUDOS)).to.have.length(1);
    expect(calls.filter((c) => c === REACTIONS)).to.have.length(1);
    expect(calls).to.have.length(2); // reports are read by moderators only
  });

  it('speaks Spanish', async () => {
    const s = setup();
    seed(s, KUDOS, kudos());
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="es"><lc-kudos-wall wall-id="w" .store=${s.store}></lc-kudos-wall></div>`);
    const el = wrapper.querySelector('lc-kudos-wall')!;
    await until(() => cards(el).length === 1);
    expect(text($(el, '#give'))).to.equal('Dar un reconocimiento');
    expect(text($(el, '[part="submit"]'))).to.equal('Enviar reconocimiento');
    expect(text($(el, '[part="counter"]'))).to.equal('Quedan 500 caracteres');
    expect(text(cards(el)[0])).to.contain('Daniel Reyes');
  });

  it('shows the load error with a retry', async () => {
    let fail = true;
    const s = setup({
      before: (op, collection) => {
        if (fail && op === 'list' && collection === KUDOS) throw new LcAdapterError('unavailable');
      },
    });
    seed(s, KUDOS, kudos());
    const el = await fixture<LcKudosWall>(html`<lc-kudos-wall wall-id="w" .store=${s.store}></lc-kudos-wall>`);
    await until(() => !!$(el, '[part="error"]'));
    expect(text($(el, '[part="error"]'))).to.contain('The service is not available right now.');
    await expect(el).to.be.accessible();
    fail = false;
    button(el, 'Try again')!.click();
    await until(() => cards(el).length === 1);
  });
});
