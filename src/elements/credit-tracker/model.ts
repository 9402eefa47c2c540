/**
 * Credit arithmetic for `<lc-credit-tracker>`: periods, rules, sums, requirements, pace, team
 * status, entry validation and exports. Pure: no DOM, no Lit. Days are `YYYY-MM-DD` strings in
 * the viewer's local calendar, so they compare as strings and never shift with time zones.
 */
import type { LcRecord } from '../../core/adapter.js';

export const ENTRIES = 'credit-entries';
export const PROGRAMS = 'credit-programs';

export type Kind = 'learning' | 'sharing';
export const KINDS: readonly Kind[] = ['learning', 'sharing'];
export type EntryStatus = 'approved' | 'pending' | 'returned';
export const STATUSES: readonly EntryStatus[] = ['approved', 'pending', 'returned'];
export type Unit = 'credits' | 'hours';
/** A calendar day, `YYYY-MM-DD`. */
export type Day = string;

/** One logged activity (`credit-entries`). */
export interface CreditEntry extends LcRecord {
  programId: string;
  periodKey: string;
  authorId: string;
  authorName: string;
  title: string;
  kind: Kind;
  category: string;
  amount: number;
  /** The program's unit when the entry was logged (so a report read elsewhere, e.g. xAPI, knows what `amount` counts). */
  unit?: Unit;
  date: Day;
  evidenceUrl?: string;
  note?: string;
  status: EntryStatus;
  reviewerId?: string;
  reviewComment?: string;
}

/** A program's rules. An admin stores them once as a `credit-programs` record (`id` = program id). */
export interface Rules {
  /** Total needed per period (0: the sum of the two minimums). */
  required: number;
  minLearning: number;
  minSharing: number;
  /** `year`, `quarter`, `month`, or an ISO interval `2027-01-01/2027-12-31`. */
  period: string;
  /** `MM-DD` the year (and its quarters and months) starts on. */
  periodStart: string;
  unit: Unit;
  /** Most one entry may carry (0: no limit). */
  maxPerEntry: number;
  categories: Record<Kind, string[]>;
  requireApproval: boolean;
}

export type ProgramRecord = LcRecord & Partial<Rules>;

/** Default categories: message keys of the element (`crCat<Name>`), shown translated. */
export const DEFAULT_CATEGORIES: Record<Kind, string[]> = {
  learning: ['course', 'webinar', 'conference', 'reading', 'observation'],
  sharing: ['presenting', 'mentoring', 'leading', 'writing', 'tutoring'],
};

const DEFAULTS: Rules = {
  required: 0,
  minLearning: 0,
  minSharing: 0,
  period: 'year',
  periodStart: '01-01',
  unit: 'credits',
  maxPerEntry: 0,
  categories: DEFAULT_CATEGORIES,
  requireApproval: false,
};

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const list = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((c) => typeof c === 'string' && c.trim() !== '');
const OK: { [K in keyof Rules]: (v: unknown) => boolean } = {
  required: num,
  minLearning: num,
  minSharing: num,
  maxPerEntry: num,
  period: (v) => typeof v === 'string' && (v in STEPS || !!interval(v)),
  periodStart: (v) => typeof v === 'string' && !!monthDay(v),
  unit: (v) => v === 'credits' || v === 'hours',
  categories: (v) => !!v && typeof v === 'object' && KINDS.some((k) => list((v as Record<string, unknown>)[k])),
  requireApproval: (v) => typeof v === 'boolean',
};

/** Field by field: the program record wins, then the element's attributes, then the defaults. */
export function resolveRules(record: Partial<Rules> | undefined, attrs: Partial<Rules>): Rules {
  const out = { ...DEFAULTS } as Record<string, unknown>;
  for (const k of Object.keys(OK) as (keyof Rules)[]) {
    const v = [record?.[k], attrs[k]].find((x) => x !== undefined && x !== null && OK[k](x));
    if (v !== undefined) out[k] = v;
  }
  const c = out.categories as Record<Kind, unknown>;
  out.categories = {
    learning: list(c.learning) ? c.learning : DEFAULT_CATEGORIES.learning,
    sharing: list(c.sharing) ? c.sharing : DEFAULT_CATEGORIES.sharing,
  };
  return out as unknown as Rules;
}

/** Parses the `categories` attribute: `learning: Course, Webinar; sharing: Mentoring`. */
export function parseCategories(text: string | null): Partial<Record<Kind, string[]>> | undefined {
  if (!text) return undefined;
  const out: Partial<Record<Kind, string[]>> = {};
  for (const part of text.split(';')) {
    const [k, v = ''] = part.split(':');
    const kind = k.trim().toLowerCase() as Kind;
    const items = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (KINDS.includes(kind) && items.length) out[kind] = items;
  }
  return out;
}

// ------------------------------------------------------------------ days

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The local calendar day of a moment. */
export const dayOf = (d: Date): Day => `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** A day from a year, a month index (any integer: it rolls over years) and a day clamped to the month's length. */
function make(year: number, month: number, day: number): Day {
  const y = year + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  return `${pad(y, 4)}-${pad(m + 1)}-${pad(Math.min(day, new Date(Date.UTC(y, m + 1, 0)).getUTCDate()))}`;
}

const utc = (d: Day) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));

/** Whole days from `a` to `b`. */
export const daysBetween = (a: Day, b: Day) => Math.round((utc(b) - utc(a)) / 864e5);

export function addDays(d: Day, n: number): Day {
  const t = new Date(utc(d) + n * 864e5);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/**
 * A day from what a record or a form holds: `YYYY-MM-DD` as is (when it exists in the calendar),
 * a full ISO date-time as the local day it falls on; anything else is `undefined`.
 */
export function toDay(v: unknown): Day | undefined {
  if (typeof v !== 'string') return undefined;
  const m = DAY.exec(v);
  if (m) return make(+m[1], +m[2] - 1, +m[3]) === v && +m[3] > 0 ? v : undefined;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v)) return undefined;
  const t = new Date(v);
  return Number.isNaN(t.getTime()) ? undefined : dayOf(t);
}

function monthDay(v: string): [number, number] | undefined {
  const m = /^(\d{2})-(\d{2})$/.exec(v);
  return m && +m[1] >= 1 && +m[1] <= 12 && +m[2] >= 1 && +m[2] <= 31 ? [+m[1] - 1, +m[2]] : undefined;
}

function interval(v: string): [Day, Day] | undefined {
  const [a, b, extra] = v.split('/');
  return extra === undefined && toDay(a) === a && toDay(b) === b && DAY.test(a) && a <= b ? [a, b] : undefined;
}

// ------------------------------------------------------------------ periods

/** A review period: first and last day, both inclusive. `key` is the ISO interval `start/end`. */
export interface Period {
  key: string;
  start: Day;
  end: Day;
  /** An explicit interval: the only period there is. */
  fixed?: boolean;
}

const STEPS: Record<string, number> = { year: 12, quarter: 3, month: 1 };

/**
 * The period a day falls in. Periods tile the calendar without gaps or overlaps: each ends the day
 * before the next starts, so a day on a boundary belongs to exactly one. A start day the month
 * lacks (`02-29`, `01-31` for quarters) becomes the month's last day.
 */
export function periodOf(day: Day, period: string, periodStart = '01-01'): Period {
  const iv = interval(period);
  if (iv) return { key: period, start: iv[0], end: iv[1], fixed: true };
  const step = STEPS[period] ?? 12;
  const [m0, d0] = monthDay(periodStart) ?? [0, 1];
  const at = (k: number) => make(0, k * step + m0, d0);
  let k = Math.floor((+day.slice(0, 4) * 12 + +day.slice(5, 7) - 1 - m0) / step);
  if (day < at(k)) k--;
  const start = at(k);
  const end = addDays(at(k + 1), -1);
  return { key: `${start}/${end}`, start, end };
}

/** The period before `p` (none for an explicit interval). */
export const previousPeriod = (p: Period, rules: Rules): Period | undefined =>
  p.fixed ? undefined : periodOf(addDays(p.start, -1), rules.period, rules.periodStart);

export const inPeriod = (day: Day | undefined, p: Period) => !!day && day >= p.start && day <= p.end;

/**
 * The current period and every earlier one that has entries, newest first (the period picker).
 */
export function periodsWithEntries(entries: readonly CreditEntry[], rules: Rules, today: Day): Period[] {
  const current = periodOf(today, rules.period, rules.periodStart);
  const found = new Map([[current.key, current]]);
  if (!current.fixed)
    for (const e of entries) {
      const d = toDay(e.date);
      if (d && d < current.start) {
        const p = periodOf(d, rules.period, rules.periodStart);
        found.set(p.key, p);
      }
    }
  return [...found.values()].sort((a, b) => (a.start < b.start ? 1 : -1));
}

// ------------------------------------------------------------------ sums, requirements, pace

export const roundQuarter = (n: number) => Math.round(n * 4) / 4;
export const isQuarter = (n: number) => Math.abs(n * 4 - Math.round(n * 4)) < 1e-9;

export type Bucket = Record<EntryStatus, number>;
export type Sums = Record<Kind, Bucket>;

/** Amounts by kind and status. Only `approved` counts toward requirements. */
export function sums(entries: readonly CreditEntry[]): Sums {
  const s: Sums = { learning: { approved: 0, pending: 0, returned: 0 }, sharing: { approved: 0, pending: 0, returned: 0 } };
  for (const e of entries) if (s[e.kind] && num(e.amount) && e.status in s[e.kind]) s[e.kind][e.status] += e.amount;
  return s;
}

export type GoalKey = 'total' | Kind;

/** One requirement: the total, or a bucket's minimum. */
export interface Goal {
  key: GoalKey;
  done: number;
  target: number;
  pending: number;
  met: boolean;
}

/** The requirements of `rules` measured against `s`: the total, then each bucket with a minimum. */
export function goals(s: Sums, rules: Rules): Goal[] {
  const goal = (key: GoalKey, done: number, pending: number, target: number): Goal => ({ key, done, pending, target, met: done >= target });
  const out: Goal[] = [];
  const target = rules.required || rules.minLearning + rules.minSharing;
  if (target > 0) out.push(goal('total', s.learning.approved + s.sharing.approved, s.learning.pending + s.sharing.pending, target));
  if (rules.minLearning > 0) out.push(goal('learning', s.learning.approved, s.learning.pending, rules.minLearning));
  if (rules.minSharing > 0) out.push(goal('sharing', s.sharing.approved, s.sharing.pending, rules.minSharing));
  return out;
}

/** Every requirement met (and there is at least one). */
export const isComplete = (gs: readonly Goal[]) => gs.length > 0 && gs.every((g) => g.met);

/**
 * Progress toward the requirements, 0–100, rounded down: each requirement counts up to its target
 * (extra learning does not make up for missing sharing), so 100 means every requirement is met.
 * No requirements: 0.
 */
export function progressPercent(gs: readonly Goal[]): number {
  const target = gs.reduce((n, g) => n + g.target, 0);
  if (!(target > 0)) return 0;
  if (isComplete(gs)) return 100;
  const done = gs.reduce((n, g) => n + Math.max(0, Math.min(g.done, g.target)), 0);
  return Math.min(99, Math.floor((done / target) * 100));
}

export type PaceTime = 'month' | 'week' | 'day';

/** How one requirement is going against the calendar. */
export interface Pace {
  state: 'met' | 'on-track' | 'behind' | 'ended';
  /** What is still needed. */
  need: number;
  /** What should be done by today for a steady pace (quarter units, rounded down). */
  expected: number;
  /** Time left, in `unit`s (whole, at least 1). */
  left: number;
  unit: PaceTime;
  /** `need` per `unit`, to one decimal. */
  rate: number;
}

/**
 * Pace of a requirement: a steady share of the target is due by each day of the period. Behind
 * when less than that (in quarter units, so nobody is behind on the first days); the time left is
 * said in months (60 days or more), weeks (14 or more) or days.
 */
export function pace(goal: Pick<Goal, 'done' | 'target'>, p: Period, today: Day): Pace {
  const need = roundQuarter(Math.max(0, goal.target - goal.done));
  const length = daysBetween(p.start, p.end) + 1;
  const elapsed = Math.min(length, Math.max(0, daysBetween(p.start, today)));
  const expected = Math.floor(((goal.target * elapsed) / length) * 4) / 4;
  const daysLeft = Math.max(1, daysBetween(today, p.end) + 1);
  const [unit, size]: [PaceTime, number] = daysLeft >= 60 ? ['month', 30.4375] : daysLeft >= 14 ? ['week', 7] : ['day', 1];
  const left = Math.max(1, Math.round(daysLeft / size));
  const state = need <= 0 ? 'met' : today > p.end ? 'ended' : goal.done < expected ? 'behind' : 'on-track';
  return { state, need, expected, left, unit, rate: Math.round((need / left) * 10) / 10 };
}

// ------------------------------------------------------------------ team

export type TeamStatus = 'complete' | 'on-track' | 'behind';
const RANK: Record<TeamStatus, number> = { behind: 0, 'on-track': 1, complete: 2 };

export interface TeamRow {
  id: string;
  name: string;
  total: number;
  learning: number;
  sharing: number;
  pending: number;
  status: TeamStatus;
  /** How far behind the steadiest pace the furthest-behind requirement is (0 when not behind). */
  gap: number;
}

/** One row per member with entries in `p`, most behind first, then by name. */
export function teamRows(entries: readonly CreditEntry[], rules: Rules, p: Period, today: Day): TeamRow[] {
  const by = new Map<string, CreditEntry[]>();
  for (const e of entries) if (inPeriod(toDay(e.date), p)) by.set(e.authorId, [...(by.get(e.authorId) ?? []), e]);
  const rows = [...by].map(([id, list]): TeamRow => {
    const s = sums(list);
    const gs = goals(s, rules);
    const gap = Math.max(0, ...gs.map((g) => pace(g, p, today).expected - g.done));
    const status: TeamStatus = isComplete(gs)
      ? 'complete'
      : gs.some((g) => pace(g, p, today).state !== 'on-track' && !g.met)
        ? 'behind'
        : 'on-track';
    const name = list.map((e) => e.authorName).find(Boolean) ?? id;
    return {
      id,
      name,
      learning: s.learning.approved,
      sharing: s.sharing.approved,
      total: s.learning.approved + s.sharing.approved,
      pending: s.learning.pending + s.sharing.pending,
      status,
      gap,
    };
  });
  return rows.sort(byStatus);
}

/** Most behind first: status, then the size of the gap, then name. */
export const byStatus = (a: TeamRow, b: TeamRow) => RANK[a.status] - RANK[b.status] || b.gap - a.gap || a.name.localeCompare(b.name);

// ------------------------------------------------------------------ validation

export type EntryField = 'title' | 'kind' | 'category' | 'amount' | 'date' | 'evidenceUrl';
export type Problem = 'required' | 'positive' | 'max' | 'step' | 'future' | 'outside' | 'url';

/** What the form holds (amount as typed). */
export interface EntryInput {
  title?: string;
  kind?: string;
  category?: string;
  amount?: string | number;
  date?: string;
  evidenceUrl?: string;
  note?: string;
}

/** A plain decimal, point or comma: not `1e3`, `0x8`, `Infinity` (which `Number` would take). */
const AMOUNT = /^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/;
/** The amount as a number (`1,5` and `1.5` alike), or NaN. */
export const parseAmount = (v: unknown) =>
  typeof v === 'number' ? v : typeof v === 'string' && AMOUNT.test(v.trim()) ? Number(v.trim().replace(',', '.')) : NaN;

/** An http(s) URL with a host, normalised; `undefined` for anything else (`javascript:`, `data:`, relative, malformed). */
export function safeUrl(v: unknown): string | undefined {
  const s = typeof v === 'string' ? v.trim() : '';
  if (!/^https?:\/\/[^\s/?#]+([/?#]|$)/i.test(s)) return undefined;
  try {
    const u = new URL(s);
    return /^https?:$/.test(u.protocol) && u.hostname ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Field problems of an entry about to be logged in `p` (empty when it may be written). */
export function checkEntry(v: EntryInput, rules: Rules, p: Period, today: Day): Partial<Record<EntryField, Problem>> {
  const out: Partial<Record<EntryField, Problem>> = {};
  if (!v.title?.trim()) out.title = 'required';
  const kind = v.kind as Kind;
  if (!KINDS.includes(kind)) out.kind = 'required';
  else if (!rules.categories[kind].includes(v.category ?? '')) out.category = 'required';
  const a = parseAmount(v.amount);
  if (Number.isNaN(a)) out.amount = 'required';
  else if (a <= 0) out.amount = 'positive';
  else if (rules.maxPerEntry > 0 && a > rules.maxPerEntry) out.amount = 'max';
  else if (!isQuarter(a)) out.amount = 'step';
  const d = toDay(v.date);
  if (!d || !DAY.test(v.date!)) out.date = 'required';
  else if (d > today) out.date = 'future';
  else if (!inPeriod(d, p)) out.date = 'outside';
  if (v.evidenceUrl?.trim() && !safeUrl(v.evidenceUrl)) out.evidenceUrl = 'url';
  return out;
}

const str = (v: unknown, max = 10_000) => typeof v === 'string' && v.length <= max;
const optStr = (v: unknown) => v === undefined || v === null || str(v);

/** Shape check of a `credit-entries` record read from any backend. */
export function validateEntry(r: LcRecord): true | string {
  for (const f of ['programId', 'authorId', 'title', 'category']) if (!str(r[f], 500) || !r[f]) return `${f} must be a string`;
  if (!KINDS.includes(r.kind as Kind)) return 'kind must be learning or sharing';
  if (!num(r.amount) || !r.amount) return 'amount must be a positive number';
  if (!toDay(r.date)) return 'date must be a day';
  if (!STATUSES.includes(r.status as EntryStatus)) return 'status must be approved, pending or returned';
  if (r.unit !== undefined && r.unit !== null && r.unit !== 'credits' && r.unit !== 'hours') return 'unit must be credits or hours';
  for (const f of ['periodKey', 'authorName', 'evidenceUrl', 'note', 'reviewerId', 'reviewComment'])
    if (!optStr(r[f])) return `${f} must be a string`;
  return true;
}

/** Shape check of a `credit-programs` record: every rule it sets has the right type. */
export function validateProgram(r: LcRecord): true | string {
  for (const k of Object.keys(OK) as (keyof Rules)[]) if (r[k] !== undefined && r[k] !== null && !OK[k](r[k])) return `${k} is not valid`;
  return true;
}

// ------------------------------------------------------------------ export

/** One CSV cell: text that a spreadsheet would run as a formula gets a leading `'`; quoted when needed. */
export function csvCell(v: unknown): string {
  let s = v === undefined || v === null ? '' : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with CRLF line ends and a BOM (so spreadsheets read UTF-8). */
export const toCsv = (rows: readonly (readonly unknown[])[]) => `\ufeff${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;

/** The viewer's period as JSON: program, period, rules, totals and entries (storage fields left out). */
export function toJson(programId: string, p: Period, rules: Rules, entries: readonly CreditEntry[], exportedAt: string): string {
  const s = sums(entries);
  return JSON.stringify(
    {
      programId,
      period: { start: p.start, end: p.end },
      exportedAt,
      rules,
      totals: {
        learning: s.learning,
        sharing: s.sharing,
        approved: s.learning.approved + s.sharing.approved,
        complete: isComplete(goals(s, rules)),
      },
      entries: entries.map(({ community: _c, ...e }) => e),
    },
    null,
    2,
  );
}

/** A file name safe on every system: `2027-staff-pd_2027-01-01_2027-12-31.csv`. */
export const fileName = (...parts: string[]) => parts.join('_').replace(/[^\w.-]+/g, '-');
