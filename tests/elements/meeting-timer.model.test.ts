import { expect } from '@open-wc/testing';
import {
  MINUTE,
  PRESETS,
  createState,
  csvCell,
  durationOf,
  formatClock,
  fromRecord,
  isPristine,
  msToNextSecond,
  parseAgenda,
  presetAgenda,
  reduce,
  summarize,
  toCsv,
  toRecord,
  validateMeeting,
  viewAt,
  type Segment,
  type TimerAction,
  type TimerState,
  type TimerStatus,
} from '../../src/elements/meeting-timer/model.js';
import '../../src/elements/meeting-timer/messages.js';
import { translate as tr } from '../../src/i18n/localize.js';

const translate = tr as (lang: string, key: string) => string;

const T0 = Date.UTC(2026, 0, 6, 17, 0, 0);
const min = (m: number) => m * MINUTE;
const sec = (s: number) => s * 1000;
const AGENDA: Segment[] = [
  { name: 'Check-in', minutes: 10 },
  { name: 'Case clinic', minutes: 20 },
  { name: 'Commitments', minutes: 5 },
];

/** Applies actions in order, each at its own time. */
function run(state: TimerState, steps: [TimerAction, number][]): TimerState {
  return steps.reduce((s, [a, at]) => reduce(s, a, at), state);
}

/** States in each status, as of NOW. */
const NOW = T0 + min(5);
const idle = () => createState(AGENDA);
const running = () => reduce(idle(), { type: 'start' }, T0);
const paused = () => reduce(running(), { type: 'pause' }, T0 + min(3));
const finished = () =>
  run(idle(), [
    [{ type: 'start' }, T0],
    [{ type: 'next' }, T0 + min(1)],
    [{ type: 'next' }, T0 + min(2)],
    [{ type: 'next' }, T0 + min(3)],
  ]);

type Expect = 'noop' | { status: TimerStatus; index: number; remaining: number };

const table: Record<TimerStatus, [() => TimerState, Record<string, Expect>]> = {
  idle: [
    idle,
    {
      start: { status: 'running', index: 0, remaining: min(10) },
      pause: 'noop',
      toggle: { status: 'running', index: 0, remaining: min(10) },
      next: { status: 'idle', index: 1, remaining: min(20) },
      previous: 'noop',
      goto: { status: 'idle', index: 2, remaining: min(5) },
      addMinute: { status: 'idle', index: 0, remaining: min(11) },
      reset: 'noop',
    },
  ],
  running: [
    running,
    {
      start: 'noop',
      pause: { status: 'paused', index: 0, remaining: min(5) },
      toggle: { status: 'paused', index: 0, remaining: min(5) },
      next: { status: 'running', index: 1, remaining: min(20) },
      previous: 'noop',
      goto: { status: 'running', index: 2, remaining: min(5) },
      addMinute: { status: 'running', index: 0, remaining: min(6) },
      reset: { status: 'idle', index: 0, remaining: min(10) },
    },
  ],
  paused: [
    paused,
    {
      start: { status: 'running', index: 0, remaining: min(7) },
      pause: 'noop',
      toggle: { status: 'running', index: 0, remaining: min(7) },
      next: { status: 'paused', index: 1, remaining: min(20) },
      previous: 'noop',
      goto: { status: 'paused', index: 2, remaining: min(5) },
      addMinute: { status: 'paused', index: 0, remaining: min(8) },
      reset: { status: 'idle', index: 0, remaining: min(10) },
    },
  ],
  finished: [
    finished,
    {
      start: 'noop',
      pause: 'noop',
      toggle: 'noop',
      next: 'noop',
      // reopens the last segment, paused, with its minute already spent
      previous: { status: 'paused', index: 2, remaining: min(4) },
      goto: { status: 'paused', index: 0, remaining: min(9) },
      addMinute: 'noop',
      reset: { status: 'idle', index: 0, remaining: min(10) },
    },
  ],
};

const ACTIONS: Record<string, TimerAction> = {
  start: { type: 'start' },
  pause: { type: 'pause' },
  toggle: { type: 'toggle' },
  next: { type: 'next' },
  previous: { type: 'previous' },
  goto: { type: 'goto', index: 0 },
  addMinute: { type: 'addMinute' },
  reset: { type: 'reset' },
};

describe('meeting timer model', () => {
  describe('every control in every status', () => {
    for (const [status, [make, rows]] of Object.entries(table)) {
      for (const [name, expected] of Object.entries(rows)) {
        it(`${name} when ${status}`, () => {
          const before = make();
          expect(before.status).to.equal(status);
          // goto: to the last segment, except from finished (to the first)
          const action = name === 'goto' ? { type: 'goto' as const, index: status === 'finished' ? 0 : 2 } : ACTIONS[name];
          const after = reduce(before, action, NOW);
          if (expected === 'noop') {
            expect(after, 'a no-op returns the same state').to.equal(before);
            return;
          }
          expect(after.version).to.equal(before.version + 1);
          expect(after.status).to.equal(expected.status);
          expect(after.segmentIndex).to.equal(expected.index);
          expect(viewAt(after, NOW).remainingMs).to.equal(expected.remaining);
        });
      }
    }
    it('goto ignores an index outside the agenda or the current segment', () => {
      const s = running();
      for (const index of [-1, 3, 0.5, 0]) expect(reduce(s, { type: 'goto', index }, NOW)).to.equal(s);
    });
    it('next on the last segment while idle does nothing; while running it finishes', () => {
      const atLast = run(idle(), [[{ type: 'goto', index: 2 }, T0]]);
      expect(reduce(atLast, { type: 'next' }, NOW)).to.equal(atLast);
      const done = run(atLast, [
        [{ type: 'start' }, T0],
        [{ type: 'next' }, T0 + min(7)],
      ]);
      expect(done.status).to.equal('finished');
      expect(done.endedAt).to.equal(T0 + min(7));
      expect(done.spent).to.deep.equal([0, 0, min(7)]);
      expect(viewAt(done, NOW + min(30)).overtime, 'a finished meeting has no overtime').to.be.false;
    });
  });

  describe('time from timestamps', () => {
    it('counts a running segment down and into overtime', () => {
      const s = running();
      expect(viewAt(s, T0).remainingMs).to.equal(min(10));
      expect(viewAt(s, T0 + min(9) + sec(59)).overtime).to.be.false;
      const at = viewAt(s, T0 + min(10));
      expect(at.remainingMs).to.equal(0);
      expect(at.overtime, 'overtime starts the moment time is up').to.be.true;
      const later = viewAt(s, T0 + min(12) + sec(30));
      expect(later.overtimeMs).to.equal(min(2) + sec(30));
      expect(later.totalRemainingMs, 'the rest of the agenda').to.equal(min(25));
    });

    it('pauses across a segment boundary: paused time does not count, and the boundary moves', () => {
      const s = run(createState(AGENDA, true), [
        [{ type: 'start' }, T0],
        [{ type: 'pause' }, T0 + min(9) + sec(30)],
      ]);
      // ten minutes later it is still paused in the first segment with 30 s left
      const waited = viewAt(s, T0 + min(19) + sec(30));
      expect(waited.state.segmentIndex).to.equal(0);
      expect(waited.remainingMs).to.equal(sec(30));
      const resumedAt = T0 + min(20);
      const r = reduce(s, { type: 'start' }, resumedAt);
      expect(viewAt(r, resumedAt + sec(30) - 1).state.segmentIndex).to.equal(0);
      const crossed = viewAt(r, resumedAt + sec(30));
      expect(crossed.state.segmentIndex, 'auto-advance at the moved boundary').to.equal(1);
      expect(crossed.remainingMs).to.equal(min(20));
      expect(crossed.rows[0].actualMs).to.equal(min(10));
    });

    it('without auto-advance a resumed segment goes into overtime at the moved boundary', () => {
      const s = run(idle(), [
        [{ type: 'start' }, T0],
        [{ type: 'pause' }, T0 + min(9) + sec(30)],
        [{ type: 'start' }, T0 + min(20)],
      ]);
      expect(viewAt(s, T0 + min(20) + sec(29)).overtime).to.be.false;
      expect(viewAt(s, T0 + min(20) + sec(30)).overtime).to.be.true;
      expect(viewAt(s, T0 + min(20) + sec(45)).overtimeMs).to.equal(sec(15));
    });

    it('moving on while paused keeps the timer paused with the new segment’s full time', () => {
      const s = run(paused(), [[{ type: 'next' }, NOW]]);
      expect(s.status).to.equal('paused');
      expect(viewAt(s, NOW + min(30)).remainingMs).to.equal(min(20));
      expect(s.spent[0]).to.equal(min(3));
    });

    it('+1 minute in overtime gives one minute from now, and is accounted as added time', () => {
      const s = running();
      const at = T0 + min(12) + sec(30);
      const plus = reduce(s, { type: 'addMinute' }, at);
      const v = viewAt(plus, at);
      expect(v.overtime).to.be.false;
      expect(v.remainingMs).to.equal(min(1));
      expect(plus.added[0]).to.equal(min(3) + sec(30));
      expect(viewAt(plus, at + min(1)).overtime).to.be.true;
      const sum = summarize(plus, at + min(1), 0, (seg) => seg.name);
      expect(sum.rows[0]).to.deep.include({
        plannedMs: min(10),
        addedMs: min(3) + sec(30),
        actualMs: min(13) + sec(30),
        differenceMs: min(3) + sec(30),
      });
    });

    it('+1 minute before overtime simply adds a minute', () => {
      const plus = reduce(running(), { type: 'addMinute', minutes: 2 }, NOW);
      expect(viewAt(plus, NOW).remainingMs).to.equal(min(7));
      expect(durationOf(plus)).to.equal(min(12));
    });

    it('previous from the first segment does nothing in any status', () => {
      for (const s of [idle(), running(), paused()]) expect(reduce(s, { type: 'previous' }, NOW)).to.equal(s);
    });

    it('previous returns to a segment with its time so far', () => {
      const s = run(running(), [
        [{ type: 'next' }, T0 + min(4)],
        [{ type: 'previous' }, T0 + min(6)],
      ]);
      const v = viewAt(s, T0 + min(6));
      expect(s.segmentIndex).to.equal(0);
      expect(v.remainingMs).to.equal(min(6));
      expect(s.spent[1]).to.equal(min(2));
      expect(v.rows[1].actualMs).to.equal(min(2));
      expect(v.totalRemainingMs, 'the visited segment has 18 minutes left').to.equal(min(6) + min(18) + min(5));
    });

    it('reset clears time, keeps counting versions, and can take a new agenda', () => {
      const s = run(running(), [
        [{ type: 'addMinute' }, T0 + min(1)],
        [{ type: 'next' }, T0 + min(2)],
      ]);
      const r = reduce(s, { type: 'reset' }, NOW);
      expect(isPristine(r)).to.be.true;
      expect(r.version).to.equal(s.version + 1);
      expect(r.startedAt).to.equal(null);
      expect(r.added).to.deep.equal([0, 0, 0]);
      const other: Segment[] = [{ name: 'Only', minutes: 15 }];
      const r2 = reduce(r, { type: 'reset', agenda: other }, NOW);
      expect(r2.agenda).to.equal(other);
      expect(r2.spent).to.deep.equal([0]);
      expect(reduce(r2, { type: 'reset', agenda: [{ name: 'Only', minutes: 15 }] }, NOW), 'same agenda, already reset').to.equal(r2);
    });

    it('a late joiner computes the same segment and time from the stored record', () => {
      const s = run(createState(AGENDA), [
        [{ type: 'start' }, T0],
        [{ type: 'next' }, T0 + min(11)],
        [{ type: 'addMinute' }, T0 + min(12)],
      ]);
      const stored = JSON.parse(JSON.stringify({ id: 'm', ...toRecord(s) }));
      expect(validateMeeting(stored)).to.equal(true);
      const joined = fromRecord(stored)!;
      expect(joined).to.deep.equal(s);
      const v = viewAt(joined, T0 + min(17) + sec(20));
      expect(v.state.segmentIndex).to.equal(1);
      expect(v.remainingMs).to.equal(min(14) + sec(40));
      expect(v.rows[0].actualMs).to.equal(min(11));
    });

    it('a late joiner on an auto-advancing meeting lands in the right segment', () => {
      const s = reduce(createState(AGENDA, true), { type: 'start' }, T0);
      const joined = fromRecord(JSON.parse(JSON.stringify(toRecord(s))))!;
      const v = viewAt(joined, T0 + min(17));
      expect(v.state.segmentIndex).to.equal(1);
      expect(v.remainingMs).to.equal(min(13));
      const end = viewAt(joined, T0 + min(40));
      expect(end.state.status).to.equal('finished');
      expect(end.state.endedAt).to.equal(T0 + min(35));
    });

    for (const [aSkew, bSkew] of [
      [min(5), min(-3)],
      [min(-7), min(4)],
      [sec(-90), min(11)],
    ]) {
      it(`corrects clock offsets (facilitator ${aSkew / 1000}s, participant ${bSkew / 1000}s off the shared clock)`, () => {
        // real (shared) time R; each device's clock reads R + skew, so its offset is -skew
        const R0 = T0;
        // the facilitator's page puts now on the shared clock: its local time plus its offset
        const s = reduce(createState(AGENDA), { type: 'start' }, R0 + aSkew + -aSkew);
        expect(s.segmentStartedAt).to.equal(R0);
        const R = R0 + min(4) + sec(17);
        const a = viewAt(s, R + aSkew, -aSkew);
        const b = viewAt(s, R + bSkew, -bSkew);
        expect(a.remainingMs).to.equal(min(5) + sec(43));
        expect(b.remainingMs).to.equal(a.remainingMs);
        // projected ends are on each device's own clock
        expect(a.projectedEnd - aSkew).to.equal(b.projectedEnd - bSkew);
        // without the correction the participant would be off by its skew
        expect(viewAt(s, R + bSkew, 0).remainingMs).to.equal(a.remainingMs - bSkew);
      });
    }

    it('drifts less than 100 ms over a 90-minute meeting observed at uneven intervals', () => {
      const agenda = presetAgenda('reflect-learn-next', (k) => k);
      let s = reduce(createState(agenda, true), { type: 'start' }, T0);
      let t = T0;
      let pausedMs = 0;
      let seed = 7;
      const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      // observe like a throttled tab would: 1 s, then gaps of up to a minute, with pauses in between
      while (t < T0 + min(60)) {
        t += Math.floor(rand() * 60_000) + 1;
        if (rand() < 0.05) {
          s = reduce(s, { type: 'pause' }, t);
          const gap = Math.floor(rand() * 30_000);
          pausedMs += gap;
          t += gap;
          s = reduce(s, { type: 'start' }, t);
        }
        const v = viewAt(s, t);
        const ran = t - T0 - pausedMs;
        const expectedIndex = ran < min(30) ? 0 : ran < min(75) ? 1 : 2;
        expect(v.state.segmentIndex).to.equal(expectedIndex);
      }
      const end = T0 + min(90) + pausedMs;
      expect(viewAt(s, end - 1).state.status).to.equal('running');
      const done = viewAt(s, end + min(3));
      expect(done.state.status).to.equal('finished');
      expect(Math.abs(done.state.endedAt! - end)).to.be.at.most(100);
      expect(done.rows.map((r) => r.actualMs)).to.deep.equal([min(30), min(45), min(15)]);
    });
  });

  describe('summary and CSV', () => {
    it('escapes commas, quotes, newlines and spreadsheet formulas', () => {
      expect(csvCell('plain')).to.equal('plain');
      expect(csvCell('a, b')).to.equal('"a, b"');
      expect(csvCell('say "hi"')).to.equal('"say ""hi"""');
      expect(csvCell('two\nlines')).to.equal('"two\nlines"');
      expect(csvCell('=HYPERLINK("x")')).to.equal(`"'=HYPERLINK(""x"")"`);
      for (const lead of ['+', '-', '@', '\t']) expect(csvCell(`${lead}cmd`)).to.equal(lead === '\t' ? `'\tcmd` : `'${lead}cmd`);
      expect(csvCell(-2.5), 'numbers we compute stay numbers').to.equal('-2.5');
    });

    it('builds planned against actual per segment and in total', () => {
      const agenda: Segment[] = [
        { name: 'Check-in, quick', minutes: 5 },
        { name: '=1+1', minutes: 10 },
        { name: 'Say "next"', minutes: 5 },
      ];
      const s = run(createState(agenda), [
        [{ type: 'start' }, T0],
        [{ type: 'next' }, T0 + min(6) + sec(30)],
        [{ type: 'pause' }, T0 + min(10)],
        [{ type: 'start' }, T0 + min(20)],
        [{ type: 'addMinute' }, T0 + min(21)],
        [{ type: 'next' }, T0 + min(25)],
        [{ type: 'next' }, T0 + min(29)],
      ]);
      const sum = summarize(s, T0 + min(40), 0, (seg) => seg.name);
      expect(sum.rows.map((r) => r.actualMs)).to.deep.equal([min(6) + sec(30), min(8) + sec(30), min(4)]);
      expect(sum.total).to.deep.equal({ plannedMs: min(20), addedMs: min(1), actualMs: min(19), differenceMs: min(-1) });
      expect(sum.startedAt).to.equal(new Date(T0).toISOString());
      expect(sum.endedAt).to.equal(new Date(T0 + min(29)).toISOString());
      const csv = toCsv(sum, {
        segment: 'Segment',
        planned: 'Planned (min)',
        added: 'Added (min)',
        actual: 'Actual (min)',
        difference: 'Difference (min)',
        total: 'Total',
      });
      expect(csv.split('\r\n')).to.deep.equal([
        'Segment,Planned (min),Added (min),Actual (min),Difference (min)',
        '"Check-in, quick",5,0,6.5,1.5',
        "'=1+1,10,1,8.5,-1.5",
        '"Say ""next""",5,0,4,-1',
        'Total,20,1,19,-1',
        '',
      ]);
    });
  });

  describe('agendas, presets and records', () => {
    it('has the three presets with their minutes, translated in English and Spanish', () => {
      const minutes = (name: keyof typeof PRESETS) => presetAgenda(name, (k) => k).map((s) => s.minutes);
      expect(minutes('reflect-learn-next')).to.deep.equal([30, 45, 15]);
      expect(minutes('intro-reflect-learn-next')).to.deep.equal([10, 30, 45, 15]);
      expect(minutes('1-2-4-all')).to.deep.equal([1, 2, 4, 5]);
      for (const name of Object.keys(PRESETS) as (keyof typeof PRESETS)[])
        for (const seg of presetAgenda(name, (k) => k))
          for (const key of [seg.key!, ...seg.guidanceKeys!])
            for (const lang of ['en', 'es']) expect(translate(lang, key), `${lang}:${key}`).not.to.equal(key);
      expect(presetAgenda('reflect-learn-next', (k) => translate('es', k))[0].name).to.equal('Tiempo para reflexionar');
    });

    it('parses an agenda, keeping good segments and listing the problems', () => {
      const { agenda, problems } = parseAgenda([
        { name: '  Welcome  ', minutes: '5' },
        { name: 'Decimal comma', minutes: '1,5', guidance: '  Think  ' },
        { name: '', minutes: 5 },
        { name: 'Zero', minutes: 0 },
        { name: 'Too long', minutes: 721 },
        'nope',
      ]);
      expect(agenda).to.deep.equal([
        { name: 'Welcome', minutes: 5 },
        { name: 'Decimal comma', minutes: 1.5, guidance: 'Think' },
      ]);
      expect(problems).to.deep.equal([
        { index: 2, problem: 'name' },
        { index: 3, problem: 'minutes' },
        { index: 4, problem: 'minutes' },
        { index: 5, problem: 'not-an-object' },
      ]);
      expect(parseAgenda('x').problems).to.deep.equal([{ index: -1, problem: 'not-a-list' }]);
      expect(parseAgenda([]).problems).to.deep.equal([{ index: -1, problem: 'empty' }]);
      expect(parseAgenda(Array.from({ length: 51 }, (_, i) => ({ name: `S${i}`, minutes: 1 }))).problems).to.deep.equal([
        { index: 50, problem: 'too-many' },
      ]);
    });

    it('validates meeting records: a meeting not run yet is fine, damaged timer fields are not', () => {
      const ok = { id: 'tuesday-circle', title: 'Tuesday circle', preset: 'reflect-learn-next', facilitatorId: 'u-noor' };
      expect(validateMeeting(ok)).to.equal(true);
      expect(fromRecord(ok), 'no timer yet').to.equal(undefined);
      const good = { id: 'm', ...toRecord(running()) };
      expect(validateMeeting(good)).to.equal(true);
      for (const bad of [
        { status: 'exploded' },
        { agenda: [{ name: 'x', minutes: -1 }] },
        { segmentIndex: 3 },
        { segmentStartedAt: 'yesterday' },
        { elapsedBeforePause: -5 },
        { spent: [1, 'x'] },
        { autoAdvance: 'yes' },
      ])
        expect(validateMeeting({ ...good, ...bad }), JSON.stringify(bad)).to.be.a('string');
    });

    it('reads a running record without a start time as paused', () => {
      const r = { ...toRecord(running()), segmentStartedAt: null };
      expect(fromRecord(r)!.status).to.equal('paused');
    });
  });

  describe('formatting', () => {
    it('shows mm:ss, h:mm:ss from an hour, counting down up and overtime down', () => {
      expect(formatClock(min(30))).to.equal('30:00');
      expect(formatClock(min(30) - 1)).to.equal('30:00');
      expect(formatClock(min(29) + sec(59))).to.equal('29:59');
      expect(formatClock(500)).to.equal('00:01');
      expect(formatClock(0)).to.equal('00:00');
      expect(formatClock(min(90))).to.equal('1:30:00');
      expect(formatClock(999, true)).to.equal('00:00');
      expect(formatClock(sec(61), true)).to.equal('01:01');
    });

    it('wakes exactly when the shown second changes', () => {
      expect(msToNextSecond(29_500)).to.equal(500);
      expect(msToNextSecond(29_000)).to.equal(1000);
      expect(msToNextSecond(1)).to.equal(1);
      expect(msToNextSecond(0)).to.equal(1000);
      expect(msToNextSecond(-300)).to.equal(700);
    });
  });
});
