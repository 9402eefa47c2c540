import { expect } from '@open-wc/testing';
import {
  DEFAULT_CATEGORIES,
  addDays,
  byStatus,
  checkEntry,
  csvCell,
  dayOf,
  daysBetween,
  fileName,
  goals,
  inPeriod,
  isComplete,
  isQuarter,
  pace,
  parseAmount,
  parseCategories,
  periodOf,
  periodsWithEntries,
  previousPeriod,
  resolveRules,
  roundQuarter,
  safeUrl,
  sums,
  teamRows,
  toCsv,
  toDay,
  toJson,
  validateEntry,
  validateProgram,
  type CreditEntry,
  type EntryInput,
  type Rules,
} from '../../src/elements/credit-tracker/model.js';

const rules = (over: Partial<Rules> = {}): Rules => resolveRules(over, {});

let n = 0;
const entry = (over: Partial<CreditEntry> = {}): CreditEntry => ({
  id: `e${++n}`,
  programId: 'p',
  periodKey: '2027-01-01/2027-12-31',
  authorId: 'u1',
  authorName: 'Ann',
  title: 'Course',
  kind: 'learning',
  category: 'course',
  amount: 1,
  date: '2027-03-01',
  status: 'approved',
  ...over,
});

describe('credit-tracker model', () => {
  describe('periodOf', () => {
    const cases: [string, string, string, string | undefined, string, string][] = [
      // name, day, period, period-start, start, end
      ['calendar year', '2027-06-15', 'year', undefined, '2027-01-01', '2027-12-31'],
      ['first day of the year', '2027-01-01', 'year', '01-01', '2027-01-01', '2027-12-31'],
      ['last day of the year', '2027-12-31', 'year', '01-01', '2027-01-01', '2027-12-31'],
      ['fiscal year: the start day opens the new year', '2027-07-01', 'year', '07-01', '2027-07-01', '2028-06-30'],
      ['fiscal year: the day before closes the old one', '2027-06-30', 'year', '07-01', '2026-07-01', '2027-06-30'],
      ['fiscal year starting in April', '2027-01-15', 'year', '04-01', '2026-04-01', '2027-03-31'],
      ['fiscal year starting mid-month', '2027-09-14', 'year', '09-15', '2026-09-15', '2027-09-14'],
      ['leap-day start in a leap year', '2028-03-01', 'year', '02-29', '2028-02-29', '2029-02-27'],
      ['leap-day start in a common year: Feb 28', '2027-02-28', 'year', '02-29', '2027-02-28', '2028-02-28'],
      ['leap-day start, the day before', '2027-02-27', 'year', '02-29', '2026-02-28', '2027-02-27'],
      ['quarter 1', '2027-02-10', 'quarter', undefined, '2027-01-01', '2027-03-31'],
      ['quarter boundary: Apr 1 opens Q2', '2027-04-01', 'quarter', undefined, '2027-04-01', '2027-06-30'],
      ['quarter boundary: Mar 31 closes Q1', '2027-03-31', 'quarter', undefined, '2027-01-01', '2027-03-31'],
      ['quarter 4', '2027-12-31', 'quarter', undefined, '2027-10-01', '2027-12-31'],
      ['fiscal quarters follow period-start', '2027-08-20', 'quarter', '07-01', '2027-07-01', '2027-09-30'],
      ['fiscal quarter across the new year', '2028-01-05', 'quarter', '10-01', '2028-01-01', '2028-03-31'],
      ['fiscal quarter across the new year (Nov start)', '2028-01-05', 'quarter', '11-01', '2027-11-01', '2028-01-31'],
      ['month', '2027-05-31', 'month', undefined, '2027-05-01', '2027-05-31'],
      ['February in a leap year', '2028-02-29', 'month', undefined, '2028-02-01', '2028-02-29'],
      ['February in a common year', '2027-02-28', 'month', undefined, '2027-02-01', '2027-02-28'],
      ['months starting on the 31st clamp to short months', '2027-03-15', 'month', '01-31', '2027-02-28', '2027-03-30'],
      ['explicit interval', '2027-05-05', '2027-02-01/2028-01-31', undefined, '2027-02-01', '2028-01-31'],
      ['explicit interval, a day outside it still gets it', '2029-05-05', '2027-02-01/2028-01-31', undefined, '2027-02-01', '2028-01-31'],
      ['unknown period falls back to year', '2027-05-05', 'fortnight', undefined, '2027-01-01', '2027-12-31'],
      ['bad period-start falls back to Jan 1', '2027-05-05', 'year', '13-40', '2027-01-01', '2027-12-31'],
      ['reversed interval is not an interval', '2027-05-05', '2027-12-31/2027-01-01', undefined, '2027-01-01', '2027-12-31'],
    ];
    for (const [name, day, period, start, s, e] of cases)
      it(name, () => {
        const p = periodOf(day, period, start);
        expect([p.start, p.end]).to.deep.equal([s, e]);
        expect(p.key).to.equal(`${s}/${e}`);
        expect(inPeriod(day, p) || !!p.fixed).to.be.true;
      });

    it('tiles the calendar: every day of four years is in exactly one period, for every form', () => {
      for (const [period, start] of [
        ['year', '07-01'],
        ['year', '02-29'],
        ['quarter', '01-31'],
        ['quarter', '03-01'],
        ['month', '01-30'],
        ['month', '01-01'],
      ]) {
        let d = '2026-01-01';
        let prev = periodOf(d, period, start);
        for (let i = 0; i < 4 * 366; i++) {
          d = addDays(d, 1);
          const p = periodOf(d, period, start);
          expect(inPeriod(d, p), `${period} ${start} ${d}`).to.be.true;
          if (p.key !== prev.key) {
            expect(p.start, `${period} ${start} ${d}: no gap, no overlap`).to.equal(addDays(prev.end, 1));
            expect(inPeriod(d, prev)).to.be.false;
          }
          prev = p;
        }
      }
    });

    it('steps back to the previous period, except for explicit intervals', () => {
      const r = rules({ period: 'quarter' });
      expect(previousPeriod(periodOf('2027-01-10', 'quarter'), r)!.key).to.equal('2026-10-01/2026-12-31');
      expect(previousPeriod(periodOf('2027-01-10', '2027-01-01/2027-06-30'), rules({ period: '2027-01-01/2027-06-30' }))).to.be.undefined;
    });
  });

  describe('days and time zones', () => {
    it('takes the local calendar day of a moment, not the UTC one', () => {
      const lateEvening = new Date(2027, 11, 31, 23, 59, 59);
      expect(dayOf(lateEvening)).to.equal('2027-12-31');
      expect(dayOf(new Date(2028, 0, 1, 0, 0, 0))).to.equal('2028-01-01');
    });

    const cases: [string, unknown, string | undefined][] = [
      ['a plain day stays as it is (no UTC shift)', '2027-07-01', '2027-07-01'],
      ['Feb 29 in a leap year', '2028-02-29', '2028-02-29'],
      ['Feb 29 in a common year does not exist', '2027-02-29', undefined],
      ['month 13', '2027-13-01', undefined],
      ['day 0', '2027-01-00', undefined],
      ['a date-time becomes its local day', new Date(2027, 5, 30, 23, 30).toISOString(), '2027-06-30'],
      ['garbage', 'yesterday', undefined],
      ['not a string', 20270101, undefined],
    ];
    for (const [name, v, want] of cases) it(`toDay: ${name}`, () => expect(toDay(v)).to.equal(want));

    it('counts days across DST changes and leap years', () => {
      expect(daysBetween('2027-03-01', '2027-04-01')).to.equal(31);
      expect(daysBetween('2027-10-01', '2027-11-01')).to.equal(31);
      expect(daysBetween('2028-01-01', '2029-01-01')).to.equal(366);
      expect(addDays('2028-02-28', 1)).to.equal('2028-02-29');
      expect(addDays('2027-02-28', 1)).to.equal('2027-03-01');
    });
  });

  describe('resolveRules', () => {
    it('uses defaults when nothing is given', () => {
      const r = resolveRules(undefined, {});
      expect(r).to.include({ required: 0, period: 'year', periodStart: '01-01', unit: 'credits', maxPerEntry: 0, requireApproval: false });
      expect(r.categories).to.deep.equal(DEFAULT_CATEGORIES);
    });

    const cases: [string, Partial<Rules> | undefined, Partial<Rules>, Partial<Rules>][] = [
      [
        'attributes apply without a record',
        undefined,
        { required: 12, unit: 'hours', period: 'quarter' },
        { required: 12, unit: 'hours', period: 'quarter' },
      ],
      [
        'the program record beats attributes',
        { required: 20, requireApproval: true },
        { required: 12, requireApproval: false },
        { required: 20, requireApproval: true },
      ],
      [
        'field by field: attributes fill what the record leaves out',
        { required: 20 },
        { minSharing: 3, periodStart: '07-01' },
        { required: 20, minSharing: 3, periodStart: '07-01' },
      ],
      [
        'an invalid record field falls back to the attribute',
        { required: -5, unit: 'days' as never },
        { required: 8 },
        { required: 8, unit: 'credits' },
      ],
      ['an explicit interval is a period', { period: '2027-01-01/2027-12-31' }, {}, { period: '2027-01-01/2027-12-31' }],
      ['a malformed interval is not', { period: '2027-01-01/2027-13-01' }, { period: 'month' }, { period: 'month' }],
    ];
    for (const [name, record, attrs, want] of cases) it(name, () => expect(resolveRules(record, attrs)).to.include(want));

    it('fills a kind left out of custom categories with the defaults', () => {
      const r = resolveRules({ categories: { learning: ['MOOC'] } as Rules['categories'] }, {});
      expect(r.categories).to.deep.equal({ learning: ['MOOC'], sharing: DEFAULT_CATEGORIES.sharing });
    });

    it('parses the categories attribute', () => {
      expect(parseCategories('learning: Course, Webinar; sharing: Mentoring ,  Blog')).to.deep.equal({
        learning: ['Course', 'Webinar'],
        sharing: ['Mentoring', 'Blog'],
      });
      expect(parseCategories('other: X; learning:')).to.deep.equal({});
      expect(parseCategories(null)).to.be.undefined;
    });
  });

  describe('sums, requirements and completion', () => {
    const list = [
      entry({ kind: 'learning', amount: 2, status: 'approved' }),
      entry({ kind: 'learning', amount: 1.5, status: 'pending' }),
      entry({ kind: 'sharing', amount: 1, status: 'approved' }),
      entry({ kind: 'sharing', amount: 0.75, status: 'returned' }),
      entry({ kind: 'sharing', amount: 2.25, status: 'pending' }),
    ];

    it('sums by kind and status', () => {
      expect(sums(list)).to.deep.equal({
        learning: { approved: 2, pending: 1.5, returned: 0 },
        sharing: { approved: 1, pending: 2.25, returned: 0.75 },
      });
    });

    const cases: [string, Partial<Rules>, [string, number, number, boolean][], boolean][] = [
      ['total only', { required: 3 }, [['total', 3, 3, true]], true],
      [
        'total and both minimums',
        { required: 6, minLearning: 2, minSharing: 2 },
        [
          ['total', 3, 6, false],
          ['learning', 2, 2, true],
          ['sharing', 1, 2, false],
        ],
        false,
      ],
      [
        'no total: the minimums add up',
        { minLearning: 2, minSharing: 1 },
        [
          ['total', 3, 3, true],
          ['learning', 2, 2, true],
          ['sharing', 1, 1, true],
        ],
        true,
      ],
      ['nothing required: nothing to complete', {}, [], false],
      ['pending credit never counts', { required: 4 }, [['total', 3, 4, false]], false],
    ];
    for (const [name, r, want, complete] of cases)
      it(name, () => {
        const gs = goals(sums(list), rules(r));
        expect(gs.map((g) => [g.key, g.done, g.target, g.met])).to.deep.equal(want);
        expect(isComplete(gs)).to.equal(complete);
      });

    it('keeps pending apart per goal', () => {
      const [total, learning, sharing] = goals(sums(list), rules({ required: 6, minLearning: 1, minSharing: 1 }));
      expect([total.pending, learning.pending, sharing.pending]).to.deep.equal([3.75, 1.5, 2.25]);
    });
  });

  describe('pace', () => {
    const year = periodOf('2027-05-01', 'year');
    const cases: [string, number, number, string, Partial<ReturnType<typeof pace>>][] = [
      ['met', 12, 12, '2027-03-01', { state: 'met', need: 0 }],
      ['first day: nobody is behind', 0, 12, '2027-01-01', { state: 'on-track', expected: 0 }],
      ['second day: still on track', 0, 12, '2027-01-02', { state: 'on-track' }],
      ['halfway with half done', 6, 12, '2027-07-02', { state: 'on-track' }],
      [
        'three months left, 4 needed: about 1.3 a month',
        8,
        12,
        '2027-10-01',
        { state: 'behind', need: 4, left: 3, unit: 'month', rate: 1.3 },
      ],
      ['three weeks left: said in weeks', 10, 12, '2027-12-11', { state: 'behind', need: 2, left: 3, unit: 'week', rate: 0.7 }],
      ['last days: said in days', 11, 12, '2027-12-29', { state: 'behind', need: 1, left: 3, unit: 'day', rate: 0.3 }],
      ['last day', 11, 12, '2027-12-31', { state: 'behind', left: 1, unit: 'day', rate: 1 }],
      ['ended without meeting it', 5, 12, '2028-01-05', { state: 'ended', need: 7 }],
      ['quarter units: a quarter short of the steady line is behind', 2.5, 12, '2027-04-01', { state: 'behind' }],
    ];
    for (const [name, done, target, today, want] of cases) it(name, () => expect(pace({ done, target }, year, today)).to.include(want));
  });

  describe('team', () => {
    const r = rules({ required: 4, minLearning: 1, minSharing: 1 });
    const p = periodOf('2027-07-02', 'year');
    const list = [
      entry({ authorId: 'a', authorName: 'Ann', kind: 'learning', amount: 3 }),
      entry({ authorId: 'a', authorName: 'Ann', kind: 'sharing', amount: 1 }),
      entry({ authorId: 'b', authorName: 'Bo', kind: 'learning', amount: 2 }),
      entry({ authorId: 'b', authorName: 'Bo', kind: 'sharing', amount: 1, status: 'pending' }),
      entry({ authorId: 'c', authorName: 'Cy', kind: 'learning', amount: 0.5 }),
      entry({ authorId: 'd', authorName: 'Di', kind: 'learning', amount: 1 }),
      entry({ authorId: 'd', authorName: 'Di', kind: 'sharing', amount: 1 }),
      entry({ authorId: 'e', authorName: 'Ed', kind: 'learning', amount: 9, date: '2026-12-31' }),
    ];

    it('aggregates one row per member in the period, most behind first', () => {
      const rows = teamRows(list, r, p, '2027-07-02');
      expect(rows.map((x) => [x.name, x.total, x.learning, x.sharing, x.pending, x.status])).to.deep.equal([
        ['Cy', 0.5, 0.5, 0, 0, 'behind'],
        ['Bo', 2, 2, 0, 1, 'behind'],
        ['Di', 2, 1, 1, 0, 'on-track'],
        ['Ann', 4, 3, 1, 0, 'complete'],
      ]);
      expect(rows.find((x) => x.name === 'Cy')!.gap).to.be.greaterThan(rows.find((x) => x.name === 'Bo')!.gap);
    });

    it('sorts by status, then gap, then name', () => {
      const row = (name: string, status: 'behind' | 'on-track' | 'complete', gap: number) => ({
        id: name,
        name,
        status,
        gap,
        total: 0,
        learning: 0,
        sharing: 0,
        pending: 0,
      });
      const rows = [
        row('Z', 'complete', 0),
        row('B', 'behind', 1),
        row('A', 'behind', 1),
        row('C', 'behind', 3),
        row('D', 'on-track', 0),
      ].sort(byStatus);
      expect(rows.map((x) => x.name)).to.deep.equal(['C', 'A', 'B', 'D', 'Z']);
    });
  });

  describe('amounts', () => {
    const cases: [unknown, number][] = [
      ['1.5', 1.5],
      ['1,25', 1.25],
      [' 2 ', 2],
      [3, 3],
      ['', NaN],
      ['abc', NaN],
      ['-1', -1],
      ['.5', 0.5],
      // only plain decimals: Number() would take these as 1000, 8, 16 and Infinity credits
      ['1e3', NaN],
      ['0x8', NaN],
      ['0b10000', NaN],
      ['Infinity', NaN],
      ['1.5.2', NaN],
    ];
    for (const [v, want] of cases)
      it(`parseAmount(${JSON.stringify(v)})`, () =>
        Number.isNaN(want) ? expect(parseAmount(v)).to.be.NaN : expect(parseAmount(v)).to.equal(want));
    it('rounds to quarter units', () => {
      expect([0.1, 0.13, 1.374, 1.376, 2.5].map(roundQuarter)).to.deep.equal([0, 0.25, 1.25, 1.5, 2.5]);
      expect([0.25, 1.5, 2.75, 3].every(isQuarter)).to.be.true;
      expect([0.1, 1.3, 2.333].some(isQuarter)).to.be.false;
    });
  });

  describe('safeUrl', () => {
    const cases: [string, string | undefined][] = [
      ['https://example.org/cert.pdf', 'https://example.org/cert.pdf'],
      ['  http://example.org  ', 'http://example.org/'],
      ['HTTPS://EXAMPLE.ORG/A', 'https://example.org/A'],
      ['javascript:alert(1)', undefined],
      ['JaVaScRiPt:alert(1)', undefined],
      [' javascript:alert(1)', undefined],
      ['data:text/html,<script>alert(1)</script>', undefined],
      ['vbscript:msgbox(1)', undefined],
      ['ftp://example.org/file', undefined],
      ['/relative/path', undefined],
      ['//example.org/x', undefined],
      ['example.org', undefined],
      ['http:example.org', undefined],
      ['http://', undefined],
      ['http:///x', undefined],
      ['https://exa mple.org', undefined],
      ['https://[::1', undefined],
      ['', undefined],
    ];
    for (const [v, want] of cases) it(JSON.stringify(v), () => expect(safeUrl(v)).to.equal(want));
  });

  describe('checkEntry', () => {
    const r = rules({ maxPerEntry: 8 });
    const p = periodOf('2027-06-15', 'year');
    const today = '2027-06-15';
    const ok: EntryInput = {
      title: 'Webinar on literacy',
      kind: 'learning',
      category: 'webinar',
      amount: '1.5',
      date: '2027-06-01',
      evidenceUrl: '',
    };
    const cases: [string, EntryInput, Record<string, string>][] = [
      ['a good entry', {}, {}],
      ['the evidence link is optional; http and https are fine', { evidenceUrl: 'https://example.org/cert' }, {}],
      ['empty title', { title: '   ' }, { title: 'required' }],
      ['category of the other kind', { kind: 'sharing', category: 'webinar' }, { category: 'required' }],
      ['no category', { category: '' }, { category: 'required' }],
      ['unknown kind', { kind: 'teaching' }, { kind: 'required' }],
      ['no amount', { amount: '' }, { amount: 'required' }],
      ['amount not a number', { amount: 'two' }, { amount: 'required' }],
      ['zero amount', { amount: '0' }, { amount: 'positive' }],
      ['negative amount', { amount: '-1' }, { amount: 'positive' }],
      ['too large an amount', { amount: '8.25' }, { amount: 'max' }],
      ['the maximum itself', { amount: '8' }, {}],
      ['not in quarter steps', { amount: '1.3' }, { amount: 'step' }],
      ['a decimal comma', { amount: '1,75' }, {}],
      ['no date', { date: '' }, { date: 'required' }],
      ['malformed date', { date: '2027-02-30' }, { date: 'required' }],
      ['a date-time is not a day', { date: '2027-06-01T10:00:00Z' }, { date: 'required' }],
      ['today', { date: today }, {}],
      ['tomorrow is the future', { date: '2027-06-16' }, { date: 'future' }],
      ['before the period', { date: '2026-12-31' }, { date: 'outside' }],
      ['first day of the period', { date: '2027-01-01' }, {}],
      ['javascript: URL', { evidenceUrl: 'javascript:alert(1)' }, { evidenceUrl: 'url' }],
      ['data: URL', { evidenceUrl: 'data:text/html;base64,PHNjcmlwdD4=' }, { evidenceUrl: 'url' }],
      ['relative URL', { evidenceUrl: 'cert.pdf' }, { evidenceUrl: 'url' }],
      [
        'several problems at once',
        { title: '', amount: '0', date: '2030-01-01' },
        { title: 'required', amount: 'positive', date: 'future' },
      ],
    ];
    for (const [name, over, want] of cases) it(name, () => expect(checkEntry({ ...ok, ...over }, r, p, today)).to.deep.equal(want));

    it('has no upper limit without max-per-entry', () => {
      expect(checkEntry({ ...ok, amount: '40' }, rules(), p, today)).to.deep.equal({});
    });
  });

  describe('record validation', () => {
    const cases: [string, Partial<CreditEntry> | Record<string, unknown>, boolean][] = [
      ['a good entry', {}, true],
      ['no title', { title: '' }, false],
      ['unknown kind', { kind: 'other' }, false],
      ['amount as a string', { amount: '1' }, false],
      ['zero amount', { amount: 0 }, false],
      ['bad date', { date: 'soon' }, false],
      ['unknown status', { status: 'maybe' }, false],
      ['note not a string', { note: 5 }, false],
    ];
    for (const [name, over, ok] of cases)
      it(`entry: ${name}`, () => expect(validateEntry(entry(over as Partial<CreditEntry>)) === true).to.equal(ok));

    it('checks program records field by field', () => {
      expect(validateProgram({ id: 'p', required: 12, period: 'quarter', requireApproval: true })).to.equal(true);
      expect(validateProgram({ id: 'p' })).to.equal(true);
      expect(validateProgram({ id: 'p', required: '12' })).to.be.a('string');
      expect(validateProgram({ id: 'p', period: 'weekly' })).to.be.a('string');
      expect(validateProgram({ id: 'p', categories: { learning: [] } })).to.be.a('string');
    });
  });

  describe('export', () => {
    const cases: [unknown, string][] = [
      ['plain', 'plain'],
      ['a, b', '"a, b"'],
      ['say "hi"', '"say ""hi"""'],
      ['two\nlines', '"two\nlines"'],
      ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
      ['+1', "'+1"],
      ['-2+3', "'-2+3"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\tTab', "'\tTab"],
      [1.5, '1.5'],
      [-2, '-2'],
      [undefined, ''],
      [null, ''],
    ];
    for (const [v, want] of cases) it(`csvCell(${JSON.stringify(v)})`, () => expect(csvCell(v)).to.equal(want));

    it('builds CSV with a BOM and CRLF line ends', () => {
      expect(
        toCsv([
          ['a', 'b'],
          [1, '=x'],
        ]),
      ).to.equal("\ufeffa,b\r\n1,'=x\r\n");
    });

    it('builds JSON with the period, totals and entries (storage fields left out)', () => {
      const p = periodOf('2027-06-01', 'year');
      const data = JSON.parse(
        toJson('p', p, rules({ required: 1 }), [entry({ community: 'x' } as Partial<CreditEntry>)], '2027-06-01T00:00:00.000Z'),
      );
      expect(data.period).to.deep.equal({ start: '2027-01-01', end: '2027-12-31' });
      expect(data.totals).to.include({ approved: 1, complete: true });
      expect(data.entries[0]).to.include({ title: 'Course', amount: 1 });
      expect(data.entries[0]).not.to.have.property('community');
    });

    it('makes safe file names', () => {
      expect(fileName('2027 staff/pd', '2027-01-01', '2027-12-31.csv')).to.equal('2027-staff-pd_2027-01-01_2027-12-31.csv');
    });
  });

  it('lists the current period and earlier ones with entries, newest first', () => {
    const r = rules({ period: 'quarter' });
    const list = [
      entry({ date: '2027-02-01' }),
      entry({ date: '2026-11-30' }),
      entry({ date: '2027-02-02' }),
      entry({ date: '2027-05-01' }),
    ];
    expect(periodsWithEntries(list, r, '2027-05-20').map((p) => p.start)).to.deep.equal(['2027-04-01', '2027-01-01', '2026-10-01']);
  });
});
