import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import sinon from 'sinon';
import type { TemplateResult } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/meeting-timer/define.js';
import type { LcMeetingTimer } from '../../src/elements/meeting-timer/meeting-timer.js';
import { RecordStore } from '../../src/core/store.js';
import { MemoryAdapter, MemoryBackend } from '../../src/adapters/memory.js';
import { LcAdapterError, type LcRecord, type Viewer } from '../../src/core/adapter.js';
import type { LcErrorEvent } from '../../src/events/lc-error.js';
import type { LcTimerStartEvent } from '../../src/events/lc-timer-start.js';
import type { LcTimerPauseEvent } from '../../src/events/lc-timer-pause.js';
import type { LcSegmentChangeEvent } from '../../src/events/lc-segment-change.js';
import type { LcTimerOvertimeEvent } from '../../src/events/lc-timer-overtime.js';
import type { LcTimerEndEvent } from '../../src/events/lc-timer-end.js';
import { until } from '../helpers.js';

const realTimeout = window.setTimeout.bind(window);
const T0 = Date.UTC(2026, 0, 6, 17, 0, 0);
const MIN = 60_000;
const FACILITATOR = { id: 'u-noor', name: 'Noor Haddad', roles: ['facilitator'] };
const MEMBER = { id: 'u-maya', name: 'Maya Okafor', roles: ['member'] };

let clock: sinon.SinonFakeTimers | undefined;
const stores: RecordStore[] = [];

/** Fake time (Date and timers; not animation frames, so fixtures still render). */
function fakeTime(now = T0): sinon.SinonFakeTimers {
  clock = sinon.useFakeTimers({ now, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  return clock;
}

/** Lets promises, adapter calls and the outbox settle (real tasks too: the outbox takes a Web Lock). */
async function flush(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (clock) await clock.tickAsync(0);
    await new Promise((r) => realTimeout(r, 0));
  }
}

function storeOn(
  backend = new MemoryBackend(),
  viewer: Partial<Viewer> & { id: string } = FACILITATOR,
  adapter?: MemoryAdapter,
): RecordStore {
  const store = new RecordStore(adapter ?? new MemoryAdapter({ backend, viewer }), { outbox: 'memory' });
  stores.push(store);
  return store;
}

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
const text = (el: Element, name: string) => part(el, name)?.textContent!.replace(/\s+/g, ' ').trim();
const live = (el: Element) => el.shadowRoot!.querySelector('.vh[role="status"]')!.textContent!.trim();
const buttonNamed = (el: Element, name: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.replace(/\s+/g, ' ').trim() === name)!;

async function timer(template: TemplateResult): Promise<LcMeetingTimer> {
  const el = await fixture<LcMeetingTimer>(template);
  await flush();
  await el.updateComplete;
  return el;
}

/** One fixture holding several timers: several people in one meeting. */
async function timers(template: TemplateResult): Promise<LcMeetingTimer[]> {
  const wrap = await fixture<HTMLElement>(template);
  await flush();
  const els = [...wrap.querySelectorAll('lc-meeting-timer')];
  for (const el of els) await el.updateComplete;
  return els;
}

/** A timer that arrives later in the test's one fixture (a late joiner, or the page after a reload). */
async function join(where: Element, store: RecordStore, attrs: Record<string, string>): Promise<LcMeetingTimer> {
  const el = document.createElement('lc-meeting-timer');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.store = store;
  where.append(el);
  await flush();
  await el.updateComplete;
  return el;
}

/** Moves fake time forward: exactly, timer by timer, up to 10 s; in one-second steps beyond. */
async function tick(ms: number, ...els: LcMeetingTimer[]): Promise<void> {
  if (ms > 10_000) await fastForward(ms, ...els);
  else await clock!.tickAsync(ms);
  await flush(2);
  for (const el of els) await el.updateComplete;
}

/**
 * Moves fake time forward in steps of at most a second, rendering between steps (fast: no real
 * task per timer). For long stretches; `tick` is exact to the millisecond.
 */
async function fastForward(ms: number, ...els: LcMeetingTimer[]): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    clock!.tick(Math.min(1000, end - Date.now()));
    for (const el of els) await el.updateComplete;
  }
}

let n = 0;
const uid = () => `timer-${++n}-${Math.random().toString(36).slice(2, 8)}`;

describe('<lc-meeting-timer>', () => {
  beforeEach(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('lc-meeting-timer:')) localStorage.removeItem(k);
  });
  afterEach(() => {
    fixtureCleanup();
    clock?.restore();
    clock = undefined;
    for (const s of stores.splice(0)) s.dispose();
  });

  it('is accessible, idle and running', async () => {
    const el = await timer(html`<lc-meeting-timer id=${uid()} .store=${storeOn()}></lc-meeting-timer>`);
    await expect(el).to.be.accessible();
    el.start();
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('is accessible when finished with its summary, and read-only', async () => {
    const backend = new MemoryBackend();
    const [el, ro] = await timers(
      html`<div>
        <lc-meeting-timer meeting-id="a11y" preset="1-2-4-all" .store=${storeOn(backend)}></lc-meeting-timer>
        <lc-meeting-timer meeting-id="a11y" .store=${storeOn(backend, MEMBER)}></lc-meeting-timer>
      </div>`,
    );
    el.start();
    for (let i = 0; i < 4; i++) el.next();
    await flush();
    await el.updateComplete;
    expect(part(el, 'summary')).to.exist;
    await expect(el).to.be.accessible();
    await ro.updateComplete;
    expect(part(ro, 'summary')).to.exist;
    expect(part(ro, 'controls')).to.be.null;
    await expect(ro).to.be.accessible();
  });

  it('shows the default agenda: reflect, learn together, what’s next, with guidance', async () => {
    const el = await timer(html`<lc-meeting-timer id=${uid()} .store=${storeOn()}></lc-meeting-timer>`);
    expect(text(el, 'title')).to.equal('Time to reflect');
    expect(text(el, 'step')).to.equal('Segment 1 of 3');
    expect(text(el, 'time')).to.equal('30:00');
    expect(text(el, 'time-label')).to.equal('Ready to start');
    expect(text(el, 'guidance')).to.contain('what surprised you?');
    const items = [...el.shadowRoot!.querySelectorAll('[part~="agenda__item"]')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(items).to.deep.equal(['Time to reflect 30 min', 'Learning together 45 min', 'What’s next? 15 min']);
    expect(text(el, 'meta')).to.match(/^1:30:00 left in total Ends about \d/);
    expect(part(el, 'progress-ring').getAttribute('aria-valuetext')).to.equal('0 of 30 min');
  });

  it('has the other presets', async () => {
    const el = await timer(html`<lc-meeting-timer id=${uid()} preset="intro-reflect-learn-next" .store=${storeOn()}></lc-meeting-timer>`);
    expect(text(el, 'title')).to.equal('Introductions');
    expect(text(el, 'time')).to.equal('10:00');
    el.preset = '1-2-4-all';
    await el.updateComplete;
    expect(text(el, 'title')).to.equal('On your own');
    expect(text(el, 'step')).to.equal('Segment 1 of 4');
    expect(text(el, 'time')).to.equal('01:00');
  });

  it('takes a custom agenda from <lc-segment> children and shows the running one’s own markup', async () => {
    const el = await timer(
      html`<lc-meeting-timer id=${uid()} .store=${storeOn()}>
        <lc-segment name="Check-in" minutes="5"><strong>One word</strong>: how are you arriving?</lc-segment>
        <lc-segment name="Case clinic" minutes="40"
          ><ul>
            <li>What is the challenge?</li>
          </ul></lc-segment
        >
        <lc-segment name="Broken" minutes="lots">never shown</lc-segment>
      </lc-meeting-timer>`,
    );
    const slot = el.shadowRoot!.querySelector('slot')!;
    expect(text(el, 'title')).to.equal('Check-in');
    expect(text(el, 'time')).to.equal('05:00');
    expect(slot.assignedElements()).to.deep.equal([el.querySelector('lc-segment')]);
    expect(text(el, 'notice')).to.contain('One segment of this agenda could not be used');
    el.next();
    await el.updateComplete;
    expect(slot.assignedElements()).to.deep.equal([el.querySelectorAll('lc-segment')[1]]);
    // a segment added later is picked up (the timer is not started, so its agenda follows the page)
    el.reset();
    const added = document.createElement('lc-segment');
    added.setAttribute('name', 'Wrap-up');
    added.setAttribute('minutes', '10');
    el.append(added);
    await flush();
    await el.updateComplete;
    expect(text(el, 'step')).to.equal('Segment 1 of 3');
  });

  it('lets the agenda property win, and falls back to the preset when nothing is usable', async () => {
    const el = await timer(
      html`<lc-meeting-timer
        id=${uid()}
        .store=${storeOn()}
        .agenda=${[{ name: 'Only', minutes: 12, guidance: 'Talk.' }]}
      ></lc-meeting-timer>`,
    );
    expect(text(el, 'title')).to.equal('Only');
    expect(text(el, 'guidance')).to.equal('Talk.');
    el.agenda = [{ name: '', minutes: 3 }];
    await el.updateComplete;
    expect(text(el, 'title')).to.equal('Time to reflect');
    expect(text(el, 'notice')).to.contain('could not be used');
  });

  it('moves on at exactly the right moment with auto-advance, and shows each second', async () => {
    fakeTime();
    const el = await timer(html`<lc-meeting-timer id=${uid()} preset="1-2-4-all" auto-advance .store=${storeOn()}></lc-meeting-timer>`);
    const changes: LcSegmentChangeEvent['detail'][] = [];
    el.addEventListener('lc-segment-change', (e) => changes.push(e.detail));
    el.start();
    await el.updateComplete;
    expect(text(el, 'time')).to.equal('01:00');
    await tick(999, el);
    expect(text(el, 'time')).to.equal('01:00');
    await tick(1, el);
    expect(text(el, 'time')).to.equal('00:59');
    await tick(58_999, el);
    expect(text(el, 'time')).to.equal('00:01');
    expect(changes).to.have.length(0);
    await tick(1, el);
    expect(text(el, 'title')).to.equal('In pairs');
    expect(text(el, 'time')).to.equal('02:00');
    expect(changes).to.deep.equal([{ meetingId: undefined, from: 0, to: 1, segmentName: 'In pairs', source: 'auto' }]);
    expect(live(el)).to.equal('Now: In pairs, 2 minutes.');
  });

  it('counts overtime up with a label and colour, and fires lc-timer-overtime once', async () => {
    fakeTime();
    const el = await timer(html`<lc-meeting-timer id=${uid()} preset="1-2-4-all" .store=${storeOn()}></lc-meeting-timer>`);
    const overtime = sinon.spy();
    el.addEventListener('lc-timer-overtime', overtime);
    el.start();
    await tick(59_999, el);
    expect(overtime).not.to.have.been.called;
    expect(part(el, 'base').classList.contains('over')).to.be.false;
    await tick(1, el);
    expect(overtime).to.have.been.calledOnce;
    expect((overtime.firstCall.args[0] as LcTimerOvertimeEvent).detail).to.deep.equal({
      meetingId: undefined,
      segmentIndex: 0,
      segmentName: 'On your own',
      durationMs: MIN,
    });
    expect(text(el, 'time')).to.equal('+00:00');
    expect(text(el, 'time-label')).to.equal('Overtime');
    expect(part(el, 'base').classList.contains('over')).to.be.true;
    await tick(30_000, el);
    expect(text(el, 'time')).to.equal('+00:30');
    expect(el.remainingMs).to.equal(-30_000);
    expect(overtime).to.have.been.calledOnce;
    // +1 minute in overtime gives a minute from now
    el.addMinute();
    await el.updateComplete;
    expect(text(el, 'time')).to.equal('01:00');
    expect(text(el, 'time-label')).to.equal('left');
  });

  it('chimes and announces the one-minute warning and the end once each', async () => {
    fakeTime();
    const el = await timer(html`<lc-meeting-timer id=${uid()} .store=${storeOn()} flash></lc-meeting-timer>`);
    const play = sinon.stub(el.chime, 'play').returns(true);
    el.start();
    await el.updateComplete;
    expect(live(el)).to.equal('Now: Time to reflect, 30 minutes.');
    await fastForward(29 * MIN - 1, el);
    expect(play).not.to.have.been.called;
    await tick(1, el);
    expect(play.args).to.deep.equal([['warning']]);
    expect(live(el)).to.equal('One minute left for Time to reflect.');
    expect(part(el, 'base').classList.contains('flash')).to.be.true;
    await tick(30_000, el);
    expect(play).to.have.been.calledOnce;
    expect(live(el)).to.equal('One minute left for Time to reflect.');
    await tick(30_000, el);
    expect(play.args).to.deep.equal([['warning'], ['end']]);
    expect(live(el)).to.equal('Time is up for Time to reflect. Overtime is counting.');
    await fastForward(5 * MIN, el);
    expect(play).to.have.been.calledTwice;
    el.muted = true;
    await el.updateComplete;
    expect(el.chime.muted).to.be.true;
  });

  it('does not drift over a 90-minute meeting', async () => {
    fakeTime();
    const el = await timer(html`<lc-meeting-timer id=${uid()} auto-advance .store=${storeOn()}></lc-meeting-timer>`);
    const ended = sinon.spy();
    el.addEventListener('lc-timer-end', ended);
    el.start();
    await fastForward(90 * MIN, el);
    expect(el.status).to.equal('finished');
    expect(ended).to.have.been.calledOnce;
    const { summary } = (ended.firstCall.args[0] as LcTimerEndEvent).detail;
    expect(Math.abs(Date.parse(summary.endedAt!) - (T0 + 90 * MIN))).to.be.at.most(100);
    expect(summary.rows.map((r) => r.actualMs)).to.deep.equal([30 * MIN, 45 * MIN, 15 * MIN]);
  });

  it('is right as soon as a throttled or sleeping tab is visible again', async () => {
    fakeTime();
    const el2 = await timer(html`<lc-meeting-timer id=${uid()} .store=${storeOn()}></lc-meeting-timer>`);
    el2.start();
    await el2.updateComplete;
    clock!.setSystemTime(Date.now() + 17 * MIN + 250);
    document.dispatchEvent(new Event('visibilitychange'));
    await el2.updateComplete;
    expect(text(el2, 'time')).to.equal('13:00');
  });

  it('keeps two participants on one meeting-id in step after start, pause, next and +1', async () => {
    fakeTime();
    const backend = new MemoryBackend();
    const [a, b] = await timers(
      html`<div>
        <lc-meeting-timer meeting-id="circle" .store=${storeOn(backend, FACILITATOR)}></lc-meeting-timer>
        <lc-meeting-timer meeting-id="circle" .store=${storeOn(backend, MEMBER)}></lc-meeting-timer>
      </div>`,
    );
    const same = () => {
      expect(b.status).to.equal(a.status);
      expect(b.segmentIndex).to.equal(a.segmentIndex);
      expect(Math.abs(b.remainingMs - a.remainingMs)).to.be.below(1000);
      expect(text(b, 'time')).to.equal(text(a, 'time'));
      expect(text(b, 'title')).to.equal(text(a, 'title'));
    };
    const remote = sinon.spy();
    b.addEventListener('lc-timer-start', remote);
    a.start();
    await flush();
    await tick(3 * MIN + 400, a, b);
    same();
    expect(b.status).to.equal('running');
    expect(text(b, 'time')).to.equal('27:00');
    expect((remote.firstCall.args[0] as LcTimerStartEvent).detail).to.deep.include({ source: 'remote', resumed: false, segmentIndex: 0 });
    a.pause();
    await flush();
    await tick(2 * MIN, a, b);
    same();
    expect(b.status).to.equal('paused');
    a.next();
    await flush();
    await tick(10_000, a, b);
    same();
    expect(text(b, 'title')).to.equal('Learning together');
    a.start();
    a.addMinute();
    await flush();
    await tick(65_000, a, b);
    same();
    expect(text(b, 'time')).to.equal('44:55');
    // one write per control action, none per second
    expect((a.store!.adapter as MemoryAdapter).calls.put).to.equal(5);
  });

  it('is read-only for participants who are not facilitators', async () => {
    const backend = new MemoryBackend();
    const el = await timer(html`<lc-meeting-timer meeting-id="ro" .store=${storeOn(backend, MEMBER)}></lc-meeting-timer>`);
    expect(el.canControl).to.be.false;
    expect(part(el, 'controls')).to.be.null;
    expect(text(el, 'notice')).to.equal('The facilitator runs this timer. You see it as they do.');
    el.start();
    part(el, 'face').focus();
    await sendKeys({ press: 'Space' });
    await flush();
    expect(el.status).to.equal('idle');
    expect(backend.table('default', 'meetings').size).to.equal(0);
  });

  it('lets anyone control where the adapter gives no roles, and reads the record’s preset', async () => {
    const backend = new MemoryBackend({
      seed: { default: { meetings: [{ id: 'seeded', facilitatorId: 'u-maya', preset: '1-2-4-all' }] } },
    });
    const [anyone, member] = await timers(
      html`<div>
        <lc-meeting-timer meeting-id="open" .store=${storeOn(backend, { id: 'u-1', name: 'One', roles: [] })}></lc-meeting-timer>
        <lc-meeting-timer meeting-id="seeded" .store=${storeOn(backend, MEMBER)}></lc-meeting-timer>
      </div>`,
    );
    expect(anyone.canControl).to.be.true;
    expect(member.canControl, 'roles, but not facilitator').to.be.false;
    expect(text(member, 'title'), 'the record’s preset').to.equal('On your own');
  });

  it('is read-only for a viewer without roles where the backend assigns roles (a server identity)', async () => {
    const backend = new MemoryBackend();
    const viewer = { id: 'u-2', name: 'Two', roles: [] };
    const adapter = new MemoryAdapter({ backend, viewer, assignsRoles: true });
    const el = await timer(html`<lc-meeting-timer meeting-id="assigned" .store=${storeOn(backend, viewer, adapter)}></lc-meeting-timer>`);
    expect(el.canControl).to.be.false;
    expect(part(el, 'controls')).to.be.null;
  });

  it('restores a local timer after a reload', async () => {
    fakeTime();
    const id = uid();
    const page = await fixture<HTMLElement>(html`<div><lc-meeting-timer id=${id} .store=${storeOn()}></lc-meeting-timer></div>`);
    const el = page.querySelector('lc-meeting-timer')!;
    await flush();
    el.start();
    await tick(5 * MIN, el);
    el.remove();
    await tick(2 * MIN);
    const again = await join(page, storeOn(), { id });
    expect(again.status).to.equal('running');
    expect(text(again, 'time')).to.equal('23:00');
    const start = sinon.spy();
    again.addEventListener('lc-timer-start', start);
    await tick(1000, again);
    expect(start, 'restoring is not a new start').not.to.have.been.called;
  });

  it('keeps two local timers without ids on one page apart, across a reload', async () => {
    fakeTime();
    const page = await fixture<HTMLElement>(
      html`<div>
        <lc-meeting-timer preset="1-2-4-all" .store=${storeOn()}></lc-meeting-timer>
        <lc-meeting-timer preset="reflect-learn-next" .store=${storeOn()}></lc-meeting-timer>
      </div>`,
    );
    await flush();
    const [first] = page.querySelectorAll('lc-meeting-timer');
    first.start();
    await tick(10_000, first);
    for (const el of page.querySelectorAll('lc-meeting-timer')) el.remove();
    const a = await join(page, storeOn(), { preset: '1-2-4-all' });
    const b = await join(page, storeOn(), { preset: 'reflect-learn-next' });
    expect([a.status, text(a, 'title'), text(a, 'time')]).to.deep.equal(['running', 'On your own', '00:50']);
    expect([b.status, text(b, 'title'), text(b, 'time')]).to.deep.equal(['idle', 'Time to reflect', '30:00']);
  });

  it('restores a shared timer for a late joiner or a reload', async () => {
    fakeTime();
    const backend = new MemoryBackend();
    const page = await fixture<HTMLElement>(
      html`<div><lc-meeting-timer meeting-id="late" .store=${storeOn(backend)}></lc-meeting-timer></div>`,
    );
    const a = page.querySelector('lc-meeting-timer')!;
    await flush();
    a.start();
    await flush();
    await tick(31 * MIN, a);
    a.next();
    await flush();
    await tick(4 * MIN, a);
    const late = await join(page, storeOn(backend, MEMBER), { 'meeting-id': 'late' });
    expect(late.segmentIndex).to.equal(1);
    expect(text(late, 'time')).to.equal('41:00');
    const rows = [...late.shadowRoot!.querySelectorAll('[part~="agenda__item"]')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(rows[0]).to.equal('Time to reflect 30 min planned, 31:00 actual');
  });

  it('fires start, pause, resume and segment-change with typed detail, cancelable from this page', async () => {
    const el = await timer(html`<lc-meeting-timer id=${uid()} .store=${storeOn()}></lc-meeting-timer>`);
    const seen: string[] = [];
    el.addEventListener('lc-timer-start', (e) => seen.push(`start:${e.detail.resumed}:${e.detail.segmentName}:${e.cancelable}`));
    el.addEventListener('lc-timer-pause', (e: LcTimerPauseEvent) =>
      seen.push(`pause:${e.detail.segmentIndex}:${e.detail.remainingMs > 0}`),
    );
    el.addEventListener('lc-segment-change', (e) => seen.push(`segment:${e.detail.from}->${e.detail.to}:${e.detail.source}`));
    const veto = (e: Event) => e.preventDefault();
    el.addEventListener('lc-timer-start', veto, { once: true });
    el.start();
    await el.updateComplete;
    expect(el.status, 'vetoed').to.equal('idle');
    el.start();
    el.pause();
    el.toggle();
    el.next();
    el.previous();
    el.goTo(2);
    await el.updateComplete;
    expect(seen).to.deep.equal([
      'start:false:Time to reflect:true',
      'start:false:Time to reflect:true',
      'pause:0:true',
      'start:true:Time to reflect:true',
      'segment:0->1:local',
      'segment:1->0:local',
      'segment:0->2:local',
    ]);
  });

  it('fires no event on a programmatic property set', async () => {
    const el = await timer(html`<lc-meeting-timer id=${uid()} .store=${storeOn()}></lc-meeting-timer>`);
    const any = sinon.spy();
    for (const type of ['lc-timer-start', 'lc-timer-pause', 'lc-segment-change', 'lc-timer-overtime', 'lc-timer-end'])
      el.addEventListener(type, any);
    el.preset = '1-2-4-all';
    el.muted = true;
    el.compact = true;
    el.agenda = [{ name: 'X', minutes: 2 }];
    await el.updateComplete;
    expect(any).not.to.have.been.called;
    expect(el.hasAttribute('compact')).to.be.true;
    expect(el.hasAttribute('muted')).to.be.true;
  });

  it('works from the keyboard: Space, N, P, + and ? for the shortcuts', async () => {
    const el = await timer(html`<lc-meeting-timer id=${uid()} .store=${storeOn()}></lc-meeting-timer>`);
    part(el, 'face').focus();
    await sendKeys({ press: 'Space' });
    expect(el.status).to.equal('running');
    await sendKeys({ press: 'KeyN' });
    expect(el.segmentIndex).to.equal(1);
    await sendKeys({ press: 'KeyP' });
    expect(el.segmentIndex).to.equal(0);
    await sendKeys({ type: '+' });
    expect(el.remainingMs).to.be.above(30 * MIN);
    await sendKeys({ press: 'Space' });
    expect(el.status).to.equal('paused');
    await sendKeys({ type: '?' });
    const help = part(el, 'help');
    expect(help.matches(':popover-open')).to.be.true;
    expect(help.textContent).to.contain('Add one minute');
    await sendKeys({ press: 'Escape' });
    expect(help.matches(':popover-open')).to.be.false;
    // Space on a button presses that button only
    buttonNamed(el, 'Next').focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(el.segmentIndex).to.equal(1);
    expect(el.status).to.equal('paused');
  });

  it('asks before resetting', async () => {
    const el = await timer(html`<lc-meeting-timer id=${uid()} .store=${storeOn()}></lc-meeting-timer>`);
    el.start();
    el.next();
    await el.updateComplete;
    buttonNamed(el, 'Reset').click();
    const dialog = part(el, 'confirm') as HTMLDialogElement;
    expect(dialog.open).to.be.true;
    expect(dialog.textContent).to.contain('Reset the timer?');
    buttonNamed(el, 'Cancel').click();
    expect(dialog.open).to.be.false;
    expect(el.segmentIndex).to.equal(1);
    buttonNamed(el, 'Reset').click();
    dialog.querySelector<HTMLButtonElement>('.btn--danger')!.click();
    await el.updateComplete;
    expect(el.status).to.equal('idle');
    expect(el.segmentIndex).to.equal(0);
  });

  it('ends with a planned-against-actual summary and a CSV', async () => {
    fakeTime();
    const el = await timer(
      html`<lc-meeting-timer
        meeting-id="summary, 1"
        .store=${storeOn()}
        .agenda=${[
          { name: 'Check-in, round', minutes: 2 },
          { name: '=SUM(A1)', minutes: 3 },
        ]}
      ></lc-meeting-timer>`,
    );
    const end = sinon.spy();
    el.addEventListener('lc-timer-end', end);
    el.start();
    await tick(2 * MIN + 30_000, el);
    el.next();
    await tick(2 * MIN, el);
    el.next();
    await flush();
    await el.updateComplete;
    expect(end).to.have.been.calledOnce;
    const detail = (end.firstCall.args[0] as LcTimerEndEvent).detail;
    expect(detail.meetingId).to.equal('summary, 1');
    expect(detail.source).to.equal('local');
    expect(detail.summary.total).to.deep.equal({ plannedMs: 5 * MIN, addedMs: 0, actualMs: 4.5 * MIN, differenceMs: -0.5 * MIN });
    expect(detail.csv).to.equal(
      'Segment,Planned (min),Added (min),Actual (min),Difference (min)\r\n' +
        '"Check-in, round",2,0,2.5,0.5\r\n' +
        "'=SUM(A1),3,0,2,-1\r\n" +
        'Total,5,0,4.5,-0.5\r\n',
    );
    expect(text(el, 'title')).to.equal('Meeting finished');
    const rows = [...part(el, 'summary__table').querySelectorAll('tr')].map((tr) =>
      [...tr.children].map((c) => c.textContent!.trim()).join(' | '),
    );
    expect(rows).to.deep.equal([
      'Segment | Planned | Actual | Difference',
      'Check-in, round | 02:00 | 02:30 | +00:30',
      '=SUM(A1) | 03:00 | 02:00 | −01:00',
      'Total | 05:00 | 04:30 | −00:30',
    ]);
    expect(live(el)).to.equal('The meeting has finished.');
    const create = sinon.stub(URL, 'createObjectURL').returns('blob:summary');
    sinon.stub(URL, 'revokeObjectURL');
    const click = sinon.stub(HTMLAnchorElement.prototype, 'click');
    try {
      part(el, 'download').click();
      const blob = create.firstCall.args[0] as Blob;
      // a UTF-8 byte order mark first, so spreadsheets read accents right
      expect([...new Uint8Array(await blob.arrayBuffer()).slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
      expect(await blob.text()).to.equal(detail.csv);
      expect((click.firstCall.thisValue as HTMLAnchorElement).download).to.equal('summary-1-summary.csv');
    } finally {
      create.restore();
      click.restore();
      (URL.revokeObjectURL as sinon.SinonStub).restore();
    }
  });

  it('corrects for a difference between this clock and the adapter’s', async () => {
    fakeTime();
    const SKEW = 5 * MIN;
    const backend = new MemoryBackend();
    /** A backend whose clock runs five minutes ahead, stamping updatedAt itself (as a server does). */
    class AheadAdapter extends MemoryAdapter {
      override put<T extends LcRecord>(collection: string, record: T): Promise<T> {
        return super.put(collection, { ...record, updatedAt: new Date(Date.now() + SKEW).toISOString() });
      }
    }
    const [a, b] = await timers(
      html`<div>
        <lc-meeting-timer
          meeting-id="skew"
          .store=${storeOn(backend, FACILITATOR, new AheadAdapter({ backend, viewer: FACILITATOR }))}
        ></lc-meeting-timer>
        <lc-meeting-timer
          meeting-id="skew"
          .store=${storeOn(backend, MEMBER, new AheadAdapter({ backend, viewer: MEMBER }))}
        ></lc-meeting-timer>
      </div>`,
    );
    a.start();
    await flush();
    await tick(2 * MIN, a, b);
    const stored = backend.table('default', 'meetings').get('skew')!;
    expect(Date.parse(stored.segmentStartedAt as string), 'rewritten on the adapter’s clock').to.equal(T0 + SKEW);
    expect(text(a, 'time')).to.equal('28:00');
    expect(text(b, 'time')).to.equal('28:00');
  });

  it('shows a late joiner whose clock is behind the adapter’s the same time, without waiting for a live change', async () => {
    fakeTime();
    const SKEW = 5 * MIN;
    const backend = new MemoryBackend();
    class AheadAdapter extends MemoryAdapter {
      override put<T extends LcRecord>(collection: string, record: T): Promise<T> {
        return super.put(collection, { ...record, updatedAt: new Date(Date.now() + SKEW).toISOString() });
      }
    }
    const [a] = await timers(
      html`<div>
        <lc-meeting-timer
          meeting-id="late-skew"
          .store=${storeOn(backend, FACILITATOR, new AheadAdapter({ backend, viewer: FACILITATOR }))}
        ></lc-meeting-timer>
      </div>`,
    );
    a.start();
    await flush();
    await tick(2 * MIN, a);
    a.addMinute();
    await flush();
    expect(text(a, 'time')).to.equal('29:00');
    // this page's clock is five minutes behind the adapter's; the joiner has written nothing and seen no live change
    const b = await join(a.parentElement!, storeOn(backend, MEMBER, new AheadAdapter({ backend, viewer: MEMBER })), {
      'meeting-id': 'late-skew',
    });
    expect(text(b, 'time')).to.equal('29:00');
    await tick(10 * MIN, a, b);
    expect(text(b, 'time')).to.equal('19:00');
    expect(text(a, 'time')).to.equal('19:00');
  });

  it('shows loading with the controls disabled, then says when a change was refused', async () => {
    const backend = new MemoryBackend();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const adapter = new MemoryAdapter({
      backend,
      viewer: FACILITATOR,
      before: async (op) => {
        if (op === 'get') await gate;
        if (op === 'put') throw new LcAdapterError('forbidden');
      },
    });
    const el = await timer(
      html`<lc-meeting-timer meeting-id="refused" .store=${storeOn(backend, FACILITATOR, adapter)}></lc-meeting-timer>`,
    );
    expect(text(el, 'notice')).to.equal('Loading…');
    expect(buttonNamed(el, 'Start').getAttribute('aria-disabled')).to.equal('true');
    el.start();
    expect(el.status).to.equal('idle');
    release();
    await flush();
    await el.updateComplete;
    expect(el.canControl).to.be.true;
    const errors: LcErrorEvent[] = [];
    el.addEventListener('lc-error', (e) => errors.push(e));
    buttonNamed(el, 'Start').click();
    expect(el.status, 'optimistic').to.equal('running');
    await flush();
    await el.updateComplete;
    expect(el.status, 'rolled back').to.equal('idle');
    expect(errors.map((e) => [e.detail.kind, e.detail.operation])).to.deep.equal([['forbidden', 'write']]);
    expect(text(el, 'status')).to.contain('Not saved');
  });

  it('presents a compact timer full screen in the full layout, the time inside the ring', async () => {
    const el = await timer(html`<lc-meeting-timer id=${uid()} compact .store=${storeOn()}></lc-meeting-timer>`);
    const face = part(el, 'face');
    expect(getComputedStyle(face).gridAutoFlow, 'compact in the page').to.equal('column');
    const present = el.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label="Present"]')!;
    present.focus();
    await sendKeys({ press: 'Enter' });
    try {
      await until(() => document.fullscreenElement === el, 3000, 'full screen');
      expect(getComputedStyle(face).gridAutoFlow).to.equal('row');
    } finally {
      if (document.fullscreenElement) await document.exitFullscreen();
    }
  });

  it('keeps keyboard focus on the timer when Finish ends the meeting', async () => {
    const el = await timer(html`<lc-meeting-timer id=${uid()} preset="1-2-4-all" .store=${storeOn()}></lc-meeting-timer>`);
    el.start();
    el.goTo(3);
    await el.updateComplete;
    buttonNamed(el, 'Finish').focus();
    buttonNamed(el, 'Finish').click();
    await el.updateComplete;
    await el.updateComplete;
    expect(el.status).to.equal('finished');
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'face'));
  });

  it('speaks Spanish', async () => {
    const el = await timer(html`<lc-meeting-timer id=${uid()} lang="es" .store=${storeOn()}></lc-meeting-timer>`);
    expect(text(el, 'title')).to.equal('Tiempo para reflexionar');
    expect(text(el, 'step')).to.equal('Bloque 1 de 3');
    expect(buttonNamed(el, 'Empezar')).to.exist;
    expect(text(el, 'guidance')).to.contain('¿qué te sorprendió?');
    el.start();
    await el.updateComplete;
    expect(live(el)).to.equal('Ahora: Tiempo para reflexionar, 30 minutos.');
  });

  it('keeps the screen awake while running', async () => {
    const release = sinon.stub().resolves();
    const sentinel = { released: false, release, addEventListener() {} };
    const request = sinon.stub().resolves(sentinel);
    Object.defineProperty(navigator, 'wakeLock', { value: { request }, configurable: true });
    try {
      const el = await timer(html`<lc-meeting-timer id=${uid()} .store=${storeOn()}></lc-meeting-timer>`);
      expect(request).not.to.have.been.called;
      el.start();
      await flush();
      expect(request).to.have.been.calledOnceWith('screen');
      el.pause();
      await flush();
      expect(release).to.have.been.calledOnce;
    } finally {
      delete (navigator as unknown as Record<string, unknown>).wakeLock;
    }
  });
});
