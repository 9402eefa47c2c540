import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../src/elements/credit-tracker/define.js';
import type { LcCreditTracker } from '../../src/elements/credit-tracker/credit-tracker.js';
import { creditMessages } from '../../src/elements/credit-tracker/messages.js';
import type { CreditEntry } from '../../src/elements/credit-tracker/model.js';
import { LcCreditLogEvent } from '../../src/events/lc-credit-log.js';
import type { LcCreditLoggedEvent } from '../../src/events/lc-credit-logged.js';
import type { LcCreditCompleteEvent } from '../../src/events/lc-credit-complete.js';
import { MemoryAdapter, MemoryBackend, type MemoryAdapterOptions } from '../../src/adapters/memory.js';
import { RecordStore } from '../../src/core/store.js';
import { LcAdapterError, type LcRecord, type Query, type Viewer } from '../../src/core/adapter.js';
import { en } from '../../src/i18n/en.js';
import { settle, until } from '../helpers.js';

const m = creditMessages;
const ME: Viewer = { id: 'u-me', name: 'Maya Okafor', roles: ['member'] };
const BOSS: Viewer = { id: 'u-boss', name: 'Noor Haddad', roles: ['manager', 'approver'] };
/** "Today" in these tests: 1 October 2027, local time. */
const NOW = new Date(2027, 9, 1, 10, 0);
let n = 0;

interface Setup {
  backend: MemoryBackend;
  adapter: MemoryAdapter;
  store: RecordStore;
  community: string;
  queries: Query[];
}

function setup(opts: MemoryAdapterOptions & { as?: Viewer } = {}): Setup {
  const community = opts.community ?? `ct-${Date.now()}-${++n}`;
  const backend = opts.backend ?? new MemoryBackend();
  const queries: Query[] = [];
  const adapter = new MemoryAdapter({
    viewer: opts.as ?? ME,
    ...opts,
    community,
    backend,
    before: (op, collection, arg) => {
      if (op === 'list' && collection === 'credit-entries') queries.push(arg as Query);
      return opts.before?.(op, collection, arg);
    },
  });
  return { backend, adapter, store: new RecordStore(adapter, { outbox: 'memory' }), community, queries };
}

function seed(s: Setup, collection: string, ...records: LcRecord[]): void {
  for (const r of records) s.backend.table(s.community, collection).set(r.id, { community: s.community, ...r });
}

const entry = (over: Partial<CreditEntry>): CreditEntry => ({
  id: `e-${++n}`,
  programId: 'pd',
  periodKey: '2027-01-01/2027-12-31',
  authorId: ME.id,
  authorName: ME.name,
  title: 'Course',
  kind: 'learning',
  category: 'course',
  amount: 1,
  date: '2027-03-01',
  status: 'approved',
  createdAt: '2027-03-01T10:00:00.000Z',
  ...over,
});

const stored = (s: Setup) => [...s.backend.table(s.community, 'credit-entries').values()] as CreditEntry[];
const root = (el: Element) => el.shadowRoot!;
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => root(el).querySelector<T>(sel);
const $$ = <T extends Element = HTMLElement>(el: Element, sel: string) => [...root(el).querySelectorAll<T>(sel)];
const text = (el: Element) => root(el).textContent!.replace(/\s+/g, ' ');
const button = (el: Element, label: string) =>
  $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent!.trim() === label || b.getAttribute('aria-label') === label);

async function click(el: LcCreditTracker, node: Element | null | undefined): Promise<void> {
  expect(node, 'element to click').to.exist;
  (node as HTMLElement).click();
  await el.updateComplete;
}

async function ready(el: LcCreditTracker, sel = '[part="summary"]'): Promise<void> {
  await until(() => !!$(el, sel), 3000, sel);
  await el.updateComplete;
}

/** Sets a form control's value the way typing does (an `input` event that bubbles to the form). */
async function set(el: LcCreditTracker, name: string, value: string): Promise<void> {
  if (name === 'kind') {
    $<HTMLInputElement>(el, `input[name="kind"][value="${value}"]`)!.click();
  } else {
    const input = $<HTMLInputElement>(el, `[name="${name}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
  await el.updateComplete;
}

async function fill(el: LcCreditTracker, values: Record<string, string>): Promise<void> {
  for (const [k, v] of Object.entries(values)) await set(el, k, v);
}

const submit = (el: LcCreditTracker) => click(el, $(el, '[part="submit"]'));
const rows = (el: LcCreditTracker) => $$(el, '[part="history"] tbody tr');

function clock(): sinon.SinonFakeTimers {
  return sinon.useFakeTimers({ now: NOW, toFake: ['Date'] });
}

afterEach(() => sinon.restore());

describe('<lc-credit-tracker>', () => {
  it('is accessible', async () => {
    clock();
    const s = setup();
    seed(s, 'credit-programs', { id: 'pd', required: 12, minLearning: 6, minSharing: 3 });
    seed(
      s,
      'credit-entries',
      entry({ amount: 5 }),
      entry({ kind: 'sharing', category: 'mentoring', amount: 2, title: 'Mentored Sam', evidenceUrl: 'https://example.org/x' }),
    );
    const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker program-id="pd" .store=${s.store}></lc-credit-tracker>`);
    await ready(el);
    await expect(el).to.be.accessible();
  });

  it('round-trips its attributes to properties and exposes parts', async () => {
    const s = setup();
    const el = await fixture<LcCreditTracker>(
      html`<lc-credit-tracker
        program-id="p1"
        required="12"
        min-learning="6"
        min-sharing="3"
        period="quarter"
        period-start="07-01"
        unit="hours"
        max-per-entry="8"
        categories="learning: MOOC, Book club; sharing: Lunch talk"
        require-approval
        view="team"
        edit-past
        heading-level="2"
        .store=${s.store}
      ></lc-credit-tracker>`,
    );
    expect(el.programId).to.equal('p1');
    expect([el.required, el.minLearning, el.minSharing, el.maxPerEntry, el.headingLevel]).to.deep.equal([12, 6, 3, 8, 2]);
    expect([el.period, el.periodStart, el.unit, el.view]).to.deep.equal(['quarter', '07-01', 'hours', 'team']);
    expect(el.categories).to.deep.equal({ learning: ['MOOC', 'Book club'], sharing: ['Lunch talk'] });
    expect(el.requireApproval && el.editPast).to.be.true;
    await ready(el, '[part="form"]');
    for (const part of ['base', 'header', 'summary', 'form', 'history', 'status', 'undo'])
      expect($(el, `[part~="${part}"]`), part).to.exist;
    expect($$(el, '#category option').map((o) => o.textContent)).to.deep.equal([m.crChoose, 'MOOC', 'Book club']);
    expect($(el, '[role="heading"]')!.getAttribute('aria-level')).to.equal('2');
    expect(text(el)).to.contain(m.crTeamOnly);
  });

  it('says so without a program-id, and while loading', async () => {
    const s = setup({ before: () => new Promise(() => {}) });
    const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker .store=${s.store}></lc-credit-tracker>`);
    expect(text(el)).to.contain(m.crNotSetUp);
    el.programId = 'pd';
    await el.updateComplete;
    expect(text(el)).to.contain(en.loading);
  });

  describe('progress and pace', () => {
    it('shows the total and both buckets as progress with a text equivalent and the pace by bucket', async () => {
      clock();
      const s = setup();
      seed(
        s,
        'credit-entries',
        entry({ amount: 5 }),
        entry({ kind: 'sharing', category: 'presenting', amount: 2 }),
        entry({ kind: 'sharing', category: 'presenting', amount: 4, date: '2026-05-01', title: 'Last year' }),
      );
      const el = await fixture<LcCreditTracker>(
        html`<lc-credit-tracker program-id="pd" required="12" min-learning="6" min-sharing="3" .store=${s.store}></lc-credit-tracker>`,
      );
      await ready(el);
      expect($(el, '.lead')!.textContent!.trim().replace(/\s+/g, ' ')).to.equal('7 of 12 credits · learning 5 of 6 · sharing 2 of 3');
      const bars = $$<HTMLProgressElement>(el, 'progress');
      expect(bars.map((b) => [b.getAttribute('aria-label'), b.value, b.max])).to.deep.equal([
        ['Total', 7, 12],
        ['Learning', 5, 6],
        ['Sharing', 2, 3],
      ]);
      expect(bars[0].getAttribute('aria-valuetext')).to.equal('7 of 12 credits');
      // 1 October: three months left.
      const pace = $$(el, '[part="pace"] li').map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
      expect(pace).to.deep.equal([
        'Total: behind: 5 credits needed in 3 months (about 1.7 a month)',
        'Learning: on track',
        'Sharing: on track',
      ]);
      expect($(el, '.pace--behind')).to.exist;
      expect(text(el)).not.to.contain('Last year');
    });

    it('marks a met requirement, keeps waiting credit apart, and uses hours', async () => {
      clock();
      const s = setup();
      seed(s, 'credit-entries', entry({ amount: 6.5 }), entry({ kind: 'sharing', category: 'mentoring', amount: 1.5, status: 'pending' }));
      const el = await fixture<LcCreditTracker>(
        html`<lc-credit-tracker program-id="pd" min-learning="6" min-sharing="3" unit="hours" .store=${s.store}></lc-credit-tracker>`,
      );
      await ready(el);
      expect($(el, '.lead')!.textContent!.trim()).to.equal('6.5 of 9 hours · learning 6.5 of 6 · sharing 0 of 3');
      expect($(el, '.bucket--learning')!.textContent).to.contain(m.crMet);
      expect(text(el)).to.contain(m.crPending('1.5 hours'));
      expect($$<HTMLProgressElement>(el, 'progress')[2].value).to.equal(0);
      expect(text(el)).to.contain('Amount (hours)');
    });

    it('takes the rules from the program record over the attributes', async () => {
      clock();
      const s = setup();
      seed(s, 'credit-programs', { id: 'pd', required: 20, period: 'quarter' });
      seed(s, 'credit-entries', entry({ amount: 2, date: '2027-09-30' }), entry({ amount: 3, date: '2027-10-01' }));
      const el = await fixture<LcCreditTracker>(
        html`<lc-credit-tracker program-id="pd" required="5" .store=${s.store}></lc-credit-tracker>`,
      );
      await ready(el);
      expect($(el, '.lead')!.textContent!.trim()).to.equal('3 of 20 credits');
      expect($(el, '#h-sum')!.textContent).to.equal('Oct – Dec 2027');
    });
  });

  describe('logging', () => {
    it('writes the entry, fires lc-credit-log before and lc-credit-logged after, and clears the form', async () => {
      clock();
      const s = setup();
      const el = await fixture<LcCreditTracker>(
        html`<lc-credit-tracker program-id="pd" required="12" .store=${s.store}></lc-credit-tracker>`,
      );
      await ready(el);
      const log = sinon.spy();
      const logged = sinon.spy();
      el.addEventListener('lc-credit-log', log);
      el.addEventListener('lc-credit-logged', logged);
      await fill(el, {
        title: 'Trauma-informed service',
        kind: 'sharing',
        category: 'presenting',
        amount: '1,5',
        date: '2027-09-20',
        evidenceUrl: ' https://example.org/slides ',
        note: 'Staff day',
      });
      await submit(el);
      expect(log.calledOnce).to.be.true;
      const intent = log.firstCall.args[0] as LcCreditLogEvent;
      expect(intent).to.be.instanceOf(LcCreditLogEvent);
      expect(intent.cancelable && intent.bubbles && intent.composed).to.be.true;
      await until(() => logged.calledOnce);
      const saved = (logged.firstCall.args[0] as LcCreditLoggedEvent).detail;
      expect(saved).to.include({
        programId: 'pd',
        periodKey: '2027-01-01/2027-12-31',
        authorId: ME.id,
        authorName: ME.name,
        title: 'Trauma-informed service',
        kind: 'sharing',
        category: 'presenting',
        amount: 1.5,
        date: '2027-09-20',
        evidenceUrl: 'https://example.org/slides',
        note: 'Staff day',
        status: 'approved',
      });
      expect(stored(s)).to.have.length(1);
      await el.updateComplete;
      expect($<HTMLInputElement>(el, '#title')!.value).to.equal('');
      expect(rows(el)).to.have.length(1);
      expect(text(el)).to.contain(en.statusSaved);
    });

    it('does not write when lc-credit-log is cancelled, and writes what a listener changed', async () => {
      clock();
      const s = setup();
      const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker program-id="pd" .store=${s.store}></lc-credit-tracker>`);
      await ready(el);
      let veto = true;
      el.addEventListener('lc-credit-log', (e) => {
        if (veto) e.preventDefault();
        else e.detail.note = 'added by the page';
      });
      await fill(el, { title: 'Read a book', category: 'reading', amount: '2' });
      await submit(el);
      await settle();
      expect(stored(s)).to.have.length(0);
      expect($<HTMLInputElement>(el, '#title')!.value).to.equal('Read a book');
      veto = false;
      await submit(el);
      await until(() => stored(s).length === 1);
      expect(stored(s)[0]).to.include({ note: 'added by the page', date: '2027-10-01', kind: 'learning' });
    });

    it('validates every field with messages tied to it', async () => {
      clock();
      const s = setup();
      const el = await fixture<LcCreditTracker>(
        html`<lc-credit-tracker program-id="pd" max-per-entry="4" .store=${s.store}></lc-credit-tracker>`,
      );
      await ready(el);
      const error = (f: string) => {
        const input = $(el, `#${f}`)!;
        const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
        for (const id of ids) expect(root(el).getElementById(id), id).to.exist;
        const msg = ids.map((id) => root(el).getElementById(id)!).find((x) => x.classList.contains('error'));
        if (msg) expect(input.getAttribute('aria-invalid')).to.equal('true');
        return msg?.textContent?.trim();
      };
      await set(el, 'amount', '');
      await set(el, 'date', '');
      await submit(el);
      expect(error('title')).to.equal(m.crErrTitle);
      expect(error('category')).to.equal(m.crErrCategory);
      expect(error('amount')).to.equal(m.crErrAmount);
      expect(error('date')).to.equal(m.crErrDate);
      expect(root(el).activeElement?.id).to.equal('title');
      expect(stored(s)).to.have.length(0);
      const cases: [string, string, string][] = [
        ['amount', '0', m.crErrPositive],
        ['amount', '-2', m.crErrPositive],
        ['amount', '4.25', m.crErrMax('4 credits')],
        ['amount', '1.3', m.crErrStep],
        ['date', '2027-10-02', m.crErrFuture],
        ['date', '2026-12-31', m.crErrOutside('Jan 1, 2027', 'Dec 31, 2027')],
        ['evidenceUrl', 'javascript:alert(1)', m.crErrUrl],
        ['evidenceUrl', 'data:text/html,<script>alert(1)</script>', m.crErrUrl],
        ['evidenceUrl', '/files/cert.pdf', m.crErrUrl],
      ];
      for (const [f, v, want] of cases) {
        await set(el, f, v);
        expect(error(f), `${f} = ${v}`).to.equal(want);
      }
      await expect(el).to.be.accessible();
      await fill(el, { title: 'OK', category: 'course', amount: '4', date: '2027-01-01', evidenceUrl: 'http://example.org' });
      for (const f of ['title', 'category', 'amount', 'date', 'evidenceUrl']) expect(error(f), f).to.be.undefined;
      expect($(el, '#amount')!.getAttribute('aria-describedby')).to.equal('amount-h');
      await submit(el);
      await until(() => stored(s).length === 1);
    });

    it('offers the categories of the chosen kind', async () => {
      const s = setup();
      const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker program-id="pd" .store=${s.store}></lc-credit-tracker>`);
      await ready(el);
      const options = () => $$(el, '#category option').map((o) => o.textContent);
      expect(options()).to.deep.equal([m.crChoose, m.crCatCourse, m.crCatWebinar, m.crCatConference, m.crCatReading, m.crCatObservation]);
      await set(el, 'category', 'webinar');
      await set(el, 'kind', 'sharing');
      expect(options()).to.deep.equal([m.crChoose, m.crCatPresenting, m.crCatMentoring, m.crCatLeading, m.crCatWriting, m.crCatTutoring]);
      expect($<HTMLSelectElement>(el, '#category')!.value).to.equal('');
    });

    it('queues through a failing backend ("will sync"), then delivers exactly once', async () => {
      clock();
      let down = true;
      let delivered = 0;
      const s = setup({
        before: (op, collection) => {
          if (op !== 'put' || collection !== 'credit-entries') return;
          if (down) throw new LcAdapterError('unavailable');
          delivered++;
        },
      });
      const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker program-id="pd" .store=${s.store}></lc-credit-tracker>`);
      await ready(el);
      const logged = sinon.spy();
      el.addEventListener('lc-credit-logged', logged);
      await fill(el, { title: 'Logged during an outage', category: 'course', amount: '1' });
      await submit(el);
      await until(() => text(el).includes(en.statusQueued), 3000, 'queued');
      expect(rows(el)).to.have.length(1);
      expect(rows(el)[0].textContent).to.contain(m.crSyncing);
      down = false;
      window.dispatchEvent(new Event('online'));
      await until(() => logged.called, 5000, 'delivery');
      await settle();
      expect(delivered).to.equal(1);
      expect(logged.callCount).to.equal(1);
      expect(stored(s)).to.have.length(1);
      await el.updateComplete;
      expect(text(el)).to.contain(en.statusSaved);
      expect(rows(el)[0].textContent).not.to.contain(m.crSyncing);
    });

    it('puts a refused entry back into the form and reports it', async () => {
      clock();
      const s = setup({ before: (op) => (op === 'put' ? Promise.reject(new LcAdapterError('forbidden')) : undefined) });
      const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker program-id="pd" .store=${s.store}></lc-credit-tracker>`);
      await ready(el);
      const errors = sinon.spy();
      el.addEventListener('lc-error', errors);
      await fill(el, { title: 'Refused', category: 'course', amount: '1' });
      await submit(el);
      await until(() => errors.called);
      await el.updateComplete;
      expect($<HTMLInputElement>(el, '#title')!.value).to.equal('Refused');
      expect(text(el)).to.contain(en.statusFailed).and.contain(en.errorForbidden);
      expect(rows(el)).to.have.length(0);
    });

    it('is operable with the keyboard', async () => {
      clock();
      const s = setup();
      const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker program-id="pd" .store=${s.store}></lc-credit-tracker>`);
      await ready(el);
      $(el, '#title')!.focus();
      await sendKeys({ type: 'Peer observation of storytime' });
      await sendKeys({ press: 'Tab' });
      expect(root(el).activeElement?.getAttribute('name')).to.equal('kind');
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect($<HTMLInputElement>(el, 'input[value="sharing"]')!.checked).to.be.true;
      await sendKeys({ press: 'Tab' });
      expect(root(el).activeElement?.id).to.equal('category');
      await set(el, 'category', 'tutoring');
      $(el, '#amount')!.focus();
      await sendKeys({ type: '0.75' });
      await sendKeys({ press: 'Enter' });
      await until(() => stored(s).length === 1);
      expect(stored(s)[0]).to.include({ title: 'Peer observation of storytime', kind: 'sharing', category: 'tutoring', amount: 0.75 });
      // Sort by amount from the keyboard.
      await el.updateComplete;
      const sortButton = $$<HTMLButtonElement>(el, 'th .sort')[1];
      sortButton.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(sortButton.closest('th')!.getAttribute('aria-sort')).to.equal('descending');
    });
  });

  describe('completion', () => {
    it('fires lc-credit-complete once when the period becomes complete, with a celebration', async () => {
      clock();
      const s = setup();
      seed(s, 'credit-entries', entry({ amount: 2 }));
      const el = await fixture<LcCreditTracker>(
        html`<lc-credit-tracker program-id="pd" required="3" min-learning="1" min-sharing="1" .store=${s.store}></lc-credit-tracker>`,
      );
      await ready(el);
      const complete = sinon.spy();
      el.addEventListener('lc-credit-complete', complete);
      await fill(el, { title: 'Led the reading circle', kind: 'sharing', category: 'leading', amount: '1' });
      await submit(el);
      await until(() => complete.called);
      const detail = (complete.firstCall.args[0] as LcCreditCompleteEvent).detail;
      expect(detail).to.deep.equal({
        programId: 'pd',
        periodKey: '2027-01-01/2027-12-31',
        total: 3,
        learning: 2,
        sharing: 1,
        unit: 'credits',
      });
      await el.updateComplete;
      expect($(el, '[part="celebration"]')!.textContent).to.contain(m.crDone);
      await expect(el).to.be.accessible();
      expect($(el, '[part="base"] > .vh')!.textContent).to.contain(m.crDone);
      // More renders and more credit do not fire it again.
      await fill(el, { title: 'Another course', kind: 'learning', category: 'course', amount: '1' });
      await submit(el);
      await click(el, $$(el, 'th .sort')[0]);
      await until(() => stored(s).length === 3);
      await settle();
      expect(complete.callCount).to.equal(1);
    });

    it('does not fire for a period that was already complete when shown (a reload)', async () => {
      clock();
      const s = setup();
      seed(s, 'credit-entries', entry({ amount: 3 }));
      const spy = sinon.spy();
      const wrap = await fixture<HTMLDivElement>(html`<div @lc-credit-complete=${spy}></div>`);
      for (let i = 0; i < 2; i++) {
        const el = document.createElement('lc-credit-tracker');
        el.programId = 'pd';
        el.required = 3;
        el.store = s.store;
        wrap.replaceChildren(el);
        await ready(el);
        expect($(el, '[part="celebration"]')).to.be.null;
        expect($(el, '.bucket--total')!.textContent).to.contain(en.progressComplete);
      }
      await settle();
      expect(spy.called).to.be.false;
    });
  });

  describe('history', () => {
    const three = () => [
      entry({ id: 'a', title: 'Alpha', amount: 2, date: '2027-02-01' }),
      entry({ id: 'b', title: 'Bravo', amount: 0.5, date: '2027-06-01', kind: 'sharing', category: 'writing' }),
      entry({ id: 'c', title: 'Charlie', amount: 3, date: '2027-04-01' }),
    ];

    it('sorts by date and amount with aria-sort, and filters by kind', async () => {
      clock();
      const s = setup();
      seed(s, 'credit-entries', ...three());
      const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker program-id="pd" .store=${s.store}></lc-credit-tracker>`);
      await ready(el);
      const titles = () => rows(el).map((r) => r.querySelector('.title')!.textContent);
      const [dateTh, amountTh] = $$(el, 'th[aria-sort]');
      expect(titles()).to.deep.equal(['Bravo', 'Charlie', 'Alpha']);
      expect([dateTh.getAttribute('aria-sort'), amountTh.getAttribute('aria-sort')]).to.deep.equal(['descending', 'none']);
      await click(el, dateTh.querySelector('button'));
      expect(titles()).to.deep.equal(['Alpha', 'Charlie', 'Bravo']);
      expect(dateTh.getAttribute('aria-sort')).to.equal('ascending');
      await click(el, amountTh.querySelector('button'));
      expect(titles()).to.deep.equal(['Charlie', 'Alpha', 'Bravo']);
      expect([dateTh.getAttribute('aria-sort'), amountTh.getAttribute('aria-sort')]).to.deep.equal(['none', 'descending']);
      const filter = $<HTMLSelectElement>(el, '[part="history"] select')!;
      filter.value = 'sharing';
      filter.dispatchEvent(new Event('change'));
      await el.updateComplete;
      expect(titles()).to.deep.equal(['Bravo']);
    });

    it('edits an entry in place', async () => {
      clock();
      const s = setup();
      seed(s, 'credit-entries', ...three());
      const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker program-id="pd" .store=${s.store}></lc-credit-tracker>`);
      await ready(el);
      await click(el, button(el, m.crEdit('Alpha')));
      expect($(el, '#h-form')!.textContent).to.equal(m.crEditing);
      expect($<HTMLInputElement>(el, '#title')!.value).to.equal('Alpha');
      expect(root(el).activeElement?.id).to.equal('title');
      await set(el, 'amount', '2.5');
      await click(el, button(el, m.crSave));
      await until(() => stored(s).find((e) => e.id === 'a')!.amount === 2.5);
      expect(stored(s)).to.have.length(3);
      expect($(el, '#h-form')!.textContent).to.equal(m.crLog);
    });

    it('deletes with undo', async () => {
      clock();
      const s = setup();
      seed(s, 'credit-entries', ...three());
      const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker program-id="pd" .store=${s.store}></lc-credit-tracker>`);
      await ready(el);
      await click(el, button(el, m.crDelete('Alpha')));
      expect(rows(el)).to.have.length(2);
      expect($(el, '[part="toast"]')!.textContent).to.contain(m.crDeleted);
      await click(el, button(el, en.undo));
      expect(rows(el)).to.have.length(3);
      await click(el, button(el, m.crDelete('Charlie')));
      await click(el, button(el, en.dismiss));
      await until(() => stored(s).length === 2);
      expect(
        stored(s)
          .map((e) => e.id)
          .sort(),
      ).to.deep.equal(['a', 'b']);
    });

    it('opens evidence links safely and never links unsafe ones', async () => {
      clock();
      const s = setup();
      seed(
        s,
        'credit-entries',
        entry({ title: 'Good', evidenceUrl: 'https://example.org/cert' }),
        entry({ title: 'Bad', evidenceUrl: 'javascript:alert(1)' }),
      );
      const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker program-id="pd" .store=${s.store}></lc-credit-tracker>`);
      await ready(el);
      const links = $$<HTMLAnchorElement>(el, 'a');
      expect(links).to.have.length(1);
      expect(links[0].href).to.equal('https://example.org/cert');
      expect(links[0].target).to.equal('_blank');
      expect(links[0].rel).to.equal('noopener noreferrer');
    });

    it('opens earlier periods read-only with their totals', async () => {
      clock();
      const s = setup();
      seed(
        s,
        'credit-entries',
        entry({ title: 'This year', amount: 2 }),
        entry({ title: 'Last year', amount: 4, date: '2026-11-11' }),
        entry({ title: 'Also last year', amount: 1, date: '2026-01-01' }),
      );
      const el = await fixture<LcCreditTracker>(
        html`<lc-credit-tracker program-id="pd" required="5" .store=${s.store}></lc-credit-tracker>`,
      );
      await ready(el);
      const select = $<HTMLSelectElement>(el, '#period')!;
      expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['2027 (current) · 2 credits', '2026 · 5 credits']);
      select.value = '2026-01-01/2026-12-31';
      select.dispatchEvent(new Event('change'));
      await el.updateComplete;
      expect($(el, '.lead')!.textContent!.trim()).to.equal('5 of 5 credits');
      expect(rows(el).map((r) => r.querySelector('.title')!.textContent)).to.deep.equal(['Last year', 'Also last year']);
      expect($(el, '[part="form"]')).to.be.null;
      expect(text(el)).to.contain(m.crReadOnly);
      expect(button(el, m.crEdit('Last year'))).to.be.undefined;
      expect($$(el, '[part="pace"] li').map((li) => li.textContent!.trim())).to.deep.equal(['Total: Requirement met']);
    });

    it('exports the period as CSV (escaped, formula-safe) and JSON', async () => {
      clock();
      const s = setup();
      seed(
        s,
        'credit-entries',
        entry({ title: '=HYPERLINK("http://evil")', amount: 1.5, date: '2027-05-02', note: 'line one\nline two, "quoted"' }),
        entry({ title: '+cmd', kind: 'sharing', category: 'mentoring', amount: 1, date: '2027-05-01' }),
        entry({ title: 'Old', date: '2026-05-01' }),
      );
      const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker program-id="pd" .store=${s.store}></lc-credit-tracker>`);
      await ready(el);
      const blobs: Blob[] = [];
      const names: string[] = [];
      sinon.stub(URL, 'createObjectURL').callsFake((b: Blob | MediaSource) => {
        blobs.push(b as Blob);
        return 'blob:test';
      });
      const revoke = sinon.stub(URL, 'revokeObjectURL');
      sinon.stub(HTMLAnchorElement.prototype, 'click').callsFake(function (this: HTMLAnchorElement) {
        names.push(this.download);
      });
      await click(el, button(el, m.crCsv));
      await click(el, button(el, m.crJson));
      expect(names).to.deep.equal(['pd_2027-01-01_2027-12-31.csv', 'pd_2027-01-01_2027-12-31.json']);
      const csv = await blobs[0].text();
      expect(blobs[0].type).to.equal('text/csv;charset=utf-8');
      expect(csv.split('\r\n')).to.deep.equal([
        'Date,What did you do?,Kind,Category,Amount (credits),Status,Evidence,Note (optional),Comment',
        `2027-05-02,"'=HYPERLINK(""http://evil"")",Learning,Course,1.5,Approved,,"line one\nline two, ""quoted""",`,
        "2027-05-01,'+cmd,Sharing,Mentoring,1,Approved,,,",
        '',
      ]);
      const json = JSON.parse(await blobs[1].text());
      expect(json.entries.map((e: CreditEntry) => e.title)).to.deep.equal(['=HYPERLINK("http://evil")', '+cmd']);
      expect(json.totals.approved).to.equal(2.5);
      expect($$(el, 'a')).to.have.length(0);
      await until(() => revoke.callCount === 2);
    });
  });

  describe('approval and roles', () => {
    it('keeps entries pending until an approver approves or returns them with a comment', async () => {
      clock();
      const backend = new MemoryBackend();
      const community = `ct-approval-${++n}`;
      const member = setup({ backend, community });
      const boss = setup({ backend, community, as: BOSS });
      const wrap = await fixture<HTMLDivElement>(
        html`<div>
          <lc-credit-tracker id="m" program-id="pd" required="2" require-approval .store=${member.store}></lc-credit-tracker>
          <lc-credit-tracker id="b" program-id="pd" required="2" require-approval .store=${boss.store}></lc-credit-tracker>
        </div>`,
      );
      const me = wrap.querySelector<LcCreditTracker>('#m')!;
      const approver = wrap.querySelector<LcCreditTracker>('#b')!;
      await ready(me);
      await ready(approver, '[part="review"]');
      const complete = sinon.spy();
      me.addEventListener('lc-credit-complete', complete);
      await fill(me, { title: 'Conference day', category: 'conference', amount: '2' });
      await submit(me);
      await until(() => stored(member).length === 1);
      expect(stored(member)[0].status).to.equal('pending');
      await me.updateComplete;
      expect($(me, '.lead')!.textContent!.trim()).to.equal('0 of 2 credits');
      expect(text(me)).to.contain(m.crPending('2 credits'));
      expect(rows(me)[0].textContent).to.contain(m.crWaiting);
      expect($(me, '[part="review"]')).to.be.null;
      // The approver returns it: a comment is required.
      await until(() => $$(approver, '[part="review-item"]').length === 1, 3000, 'review item');
      expect($(approver, '[part="review-item"]')!.textContent).to.contain('Maya Okafor').and.contain('Conference day');
      await expect(approver).to.be.accessible();
      await click(approver, button(approver, m.crReturn));
      const comment = $<HTMLTextAreaElement>(approver, '[part="review-item"] textarea')!;
      expect(comment.getAttribute('aria-invalid')).to.equal('true');
      expect(root(approver).getElementById(comment.getAttribute('aria-describedby')!)!.textContent).to.equal(m.crCommentNeeded);
      expect(stored(member)[0].status).to.equal('pending');
      comment.value = 'Please add the certificate link.';
      comment.dispatchEvent(new Event('input'));
      await click(approver, button(approver, m.crReturn));
      await until(() => stored(member)[0].status === 'returned');
      expect(stored(member)[0]).to.include({ reviewerId: BOSS.id, reviewComment: 'Please add the certificate link.' });
      await until(() => rows(me)[0]?.textContent!.includes('Please add the certificate link.'), 3000, 'member sees the comment');
      expect(rows(me)[0].textContent).to.contain(m.crReturned);
      // The member fixes it; it is pending again; the approver approves; it counts.
      await click(me, button(me, m.crEdit('Conference day')));
      await set(me, 'evidenceUrl', 'https://example.org/cert.pdf');
      await click(me, button(me, m.crSave));
      await until(() => stored(member)[0].status === 'pending' && !stored(member)[0].reviewComment);
      await until(() => $$(approver, '[part="review-item"]').length === 1, 3000, 'back in review');
      await click(approver, button(approver, m.crApprove));
      await until(() => stored(member)[0].status === 'approved');
      await until(() => $(me, '.lead')!.textContent!.trim() === '2 of 2 credits', 3000, 'counted');
      expect(complete.callCount).to.equal(1);
      expect(button(me, m.crEdit('Conference day')), 'approved entries are locked').to.be.undefined;
      expect(text(approver)).to.contain(m.crReviewEmpty);
    });

    it('leaves the approver’s review queue out of the printed summary', async () => {
      clock();
      const s = setup({ as: BOSS });
      seed(s, 'credit-entries', entry({ title: 'To check', status: 'pending' }));
      const el = await fixture<LcCreditTracker>(
        html`<lc-credit-tracker program-id="pd" require-approval .store=${s.store}></lc-credit-tracker>`,
      );
      await ready(el, '[part="review"]');
      await emulateMedia({ media: 'print' });
      try {
        expect(getComputedStyle($(el, '[part="review"]')!).display).to.equal('none');
        expect(getComputedStyle($(el, '[part="summary"]')!).display).not.to.equal('none');
      } finally {
        await emulateMedia({ media: 'screen' });
      }
    });

    it('never reads or shows other people’s entries to a member, and hides the team view', async () => {
      clock();
      const s = setup();
      seed(
        s,
        'credit-entries',
        entry({ title: 'Mine' }),
        entry({ authorId: 'u-x', authorName: 'Xavier', title: 'Secret of Xavier', status: 'pending' }),
      );
      const el = await fixture<LcCreditTracker>(
        html`<lc-credit-tracker program-id="pd" view="team" require-approval .store=${s.store}></lc-credit-tracker>`,
      );
      await ready(el);
      await settle();
      expect(text(el)).to.contain(m.crTeamOnly).and.contain('Mine');
      expect(text(el)).not.to.contain('Xavier');
      expect($(el, '[part="team"]')).to.be.null;
      expect($(el, '[part="review"]')).to.be.null;
      expect(s.queries.length).to.be.greaterThan(0);
      expect(
        s.queries.every((q) => q.where?.authorId === ME.id),
        JSON.stringify(s.queries),
      ).to.be.true;
    });

    it('drops other people’s entries even when a backend ignores the author filter', async () => {
      clock();
      const s = setup();
      const sloppy = s.adapter.list.bind(s.adapter);
      s.adapter.list = ((collection: string, q: Query) =>
        sloppy(collection, { ...q, where: { programId: 'pd' } })) as typeof s.adapter.list;
      seed(s, 'credit-entries', entry({ title: 'Mine' }), entry({ authorId: 'u-x', authorName: 'Xavier', title: 'Secret of Xavier' }));
      const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker program-id="pd" .store=${s.store}></lc-credit-tracker>`);
      await ready(el);
      expect(rows(el)).to.have.length(1);
      expect(text(el)).not.to.contain('Xavier');
    });

    it('shows managers the team, most behind first, sortable, with a CSV download', async () => {
      clock();
      const s = setup({ as: { id: 'u-mgr', name: 'Manager', roles: ['manager'] } });
      seed(
        s,
        'credit-entries',
        entry({ authorId: 'a', authorName: 'Ann', amount: 3 }),
        entry({ authorId: 'a', authorName: 'Ann', kind: 'sharing', category: 'mentoring', amount: 1 }),
        entry({ authorId: 'b', authorName: 'Bo, "the" tutor', amount: 0.5 }),
        entry({ authorId: 'c', authorName: '=Cy', amount: 2, kind: 'sharing', category: 'presenting' }),
        entry({ authorId: 'c', authorName: '=Cy', amount: 1, status: 'pending' }),
      );
      const el = await fixture<LcCreditTracker>(
        html`<lc-credit-tracker
          program-id="pd"
          view="team"
          required="4"
          min-learning="1"
          min-sharing="1"
          .store=${s.store}
        ></lc-credit-tracker>`,
      );
      await ready(el, '[part="team"] table');
      const names = () => $$(el, '[part="team"] tbody th').map((th) => th.textContent);
      expect(names()).to.deep.equal(['Bo, "the" tutor', '=Cy', 'Ann']);
      expect([...$$(el, '[part="team"] tbody tr')[1].children].map((c) => c.textContent!.trim())).to.deep.equal([
        '=Cy',
        '2',
        '0',
        '2',
        '1',
        m.crBehindShort,
      ]);
      expect($(el, '[part="form"]')).to.be.null;
      await expect(el).to.be.accessible();
      const statusTh = $$(el, '[part="team"] th[aria-sort]')[4];
      expect(statusTh.getAttribute('aria-sort')).to.equal('ascending');
      await click(el, $$(el, '[part="team"] th[aria-sort]')[1].querySelector('button'));
      expect(names()).to.deep.equal(['Ann', '=Cy', 'Bo, "the" tutor']);
      const blobs: Blob[] = [];
      sinon.stub(URL, 'createObjectURL').callsFake((b: Blob | MediaSource) => (blobs.push(b as Blob), 'blob:x'));
      sinon.stub(URL, 'revokeObjectURL');
      sinon.stub(HTMLAnchorElement.prototype, 'click');
      await click(el, button(el, m.crCsv));
      expect((await blobs[0].text()).split('\r\n')).to.deep.equal([
        'Member,Total,Learning,Sharing,Waiting for approval,Status',
        'Ann,4,3,1,0,Complete',
        "'=Cy,2,0,2,1,Behind",
        '"Bo, ""the"" tutor",0.5,0.5,0,0,Behind',
        '',
      ]);
    });
  });

  it('renders HTML and script payloads in titles and notes as text', async () => {
    clock();
    const payload = '<img src=x onerror="window.__ctPwned=1"><script>window.__ctPwned=1</script><b>bold</b>';
    const s = setup({ as: BOSS });
    seed(
      s,
      'credit-entries',
      entry({ authorId: BOSS.id, title: payload, note: payload }),
      entry({ authorId: 'u-x', authorName: '<em>Mallory</em>', title: payload, note: payload, status: 'pending' }),
    );
    const el = await fixture<LcCreditTracker>(
      html`<lc-credit-tracker program-id="pd" require-approval .store=${s.store}></lc-credit-tracker>`,
    );
    await ready(el, '[part="review-item"]');
    await fill(el, { title: payload, note: payload, category: 'course', amount: '1' });
    await submit(el);
    await until(() => rows(el).length === 2);
    await settle();
    expect($$(el, 'script, img, b, em')).to.have.length(0);
    expect((window as unknown as { __ctPwned?: number }).__ctPwned).to.be.undefined;
    expect(rows(el)[0].querySelector('.title')!.textContent).to.equal(payload);
    expect(rows(el)[0].querySelector('.note')!.textContent).to.equal(payload);
    expect($(el, '[part="review-item"]')!.textContent).to.contain('<em>Mallory</em>').and.contain(payload);
  });

  it('shows an error with a retry when it cannot load', async () => {
    clock();
    let fail = true;
    const s = setup({ before: (op) => (op === 'list' && fail ? Promise.reject(new LcAdapterError('unavailable')) : undefined) });
    const errors = sinon.spy();
    const el = await fixture<LcCreditTracker>(
      html`<lc-credit-tracker program-id="pd" @lc-error=${errors} .store=${s.store}></lc-credit-tracker>`,
    );
    await until(() => text(el).includes(en.errorUnavailable));
    expect(errors.called).to.be.true;
    sinon.restore();
    await expect(el).to.be.accessible();
    fail = false;
    await click(el, button(el, en.retry));
    await until(() => !!$(el, '[part="summary"]'));
  });

  it('asks an anonymous viewer for a name when the adapter can take one, then lets them log', async () => {
    const s = setup({ viewer: undefined });
    const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker program-id="pd" .store=${s.store}></lc-credit-tracker>`);
    await until(() => !!$(el, '[part="identity"]'));
    expect($(el, '[part="form"]')).to.be.null;
    $<HTMLInputElement>(el, '[part="identity__input"]')!.value = 'Sam Whitfield';
    $<HTMLFormElement>(el, '[part="identity"]')!.requestSubmit();
    await ready(el, '[part="form"]');
  });

  it('is read-only for an anonymous viewer when the adapter has its own identity', async () => {
    const s = setup({ viewer: undefined });
    (s.adapter as { identify?: unknown }).identify = undefined;
    const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker program-id="pd" .store=${s.store}></lc-credit-tracker>`);
    await until(() => text(el).includes(en.readOnlyAnonymous));
    expect($(el, '[part="form"]')).to.be.null;
  });

  it('fires no event when properties are set from script', async () => {
    clock();
    const s = setup();
    seed(s, 'credit-entries', entry({ amount: 2 }));
    const el = await fixture<LcCreditTracker>(html`<lc-credit-tracker program-id="pd" required="5" .store=${s.store}></lc-credit-tracker>`);
    await ready(el);
    const spy = sinon.spy();
    for (const t of ['lc-credit-log', 'lc-credit-logged', 'lc-credit-complete', 'lc-error']) el.addEventListener(t, spy);
    el.required = 2;
    el.unit = 'hours';
    el.period = 'quarter';
    await el.updateComplete;
    el.required = 1;
    el.period = 'year';
    await el.updateComplete;
    await settle();
    expect(spy.called).to.be.false;
  });

  it('speaks Spanish', async () => {
    clock();
    const s = setup();
    seed(s, 'credit-entries', entry({ amount: 1.5, kind: 'sharing', category: 'mentoring' }));
    const el = await fixture<LcCreditTracker>(
      html`<lc-credit-tracker lang="es" program-id="pd" required="4" min-sharing="2" .store=${s.store}></lc-credit-tracker>`,
    );
    await ready(el);
    expect($(el, '.lead')!.textContent!.trim()).to.equal('1,5 de 4 créditos · compartir 1,5 de 2');
    expect(text(el)).to.contain('Registrar una actividad').and.contain('Mentoría').and.contain('Actividades');
    expect($$(el, '[part="pace"] li')[0].textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Total: con retraso: faltan 2,5 créditos en 3 meses (aprox. 0,8 al mes)',
    );
    await submit(el);
    expect(text(el)).to.contain('Indica qué hiciste.').and.contain('Elige una categoría.');
    await expect(el).to.be.accessible();
  });
});
