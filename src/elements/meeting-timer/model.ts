/**
 * The meeting timer's pure logic: no DOM, no Lit. A state machine `reduce(state, action, now)`
 * and functions of `(state, now, clockOffset)` for everything shown. Time is always derived from
 * timestamps, never from counting ticks, so a throttled tab or a sleeping laptop is right on return.
 *
 * Clocks: the state's timestamps are on the shared (adapter's) clock. `reduce` takes `now` on that
 * clock; the view functions take the local `now` plus `offset` (shared clock minus local clock,
 * 0 when unknown) and give projected times back on the local clock.
 */
import type { TimerSummary, TimerSummaryRow } from '../../events/lc-timer-end.js';

export type TimerStatus = 'idle' | 'running' | 'paused' | 'finished';
export const STATUSES: readonly TimerStatus[] = ['idle', 'running', 'paused', 'finished'];

/** One segment of an agenda. */
export interface Segment {
  /** Display name (for preset segments, in the language of whoever built the agenda). */
  name: string;
  /** Planned length in minutes (fractions allowed: 0.5 is 30 seconds). */
  minutes: number;
  /** Message key of a preset segment's name, so every viewer reads it in their own language. */
  key?: string;
  /** Free-text guidance for a custom segment. */
  guidance?: string;
  /** Message keys of a preset segment's guidance questions. */
  guidanceKeys?: string[];
}

export interface TimerState {
  agenda: Segment[];
  status: TimerStatus;
  segmentIndex: number;
  /** When the current running stretch of the current segment began (shared clock, ms); null unless running. */
  segmentStartedAt: number | null;
  /** Time of the current segment that ran before the current stretch (earlier stretches, visits), ms. */
  elapsedBeforePause: number;
  /** Time each segment ran, ms, as of when it was last left. */
  spent: number[];
  /** Time added to each segment with "+1 minute", ms. */
  added: number[];
  /** First start and finish of the meeting (shared clock, ms). */
  startedAt: number | null;
  endedAt: number | null;
  /** Move on by itself when a segment's time is up (no overtime). */
  autoAdvance: boolean;
  /** Bumped by every change a control makes. */
  version: number;
}

export type TimerAction =
  | { type: 'start' }
  | { type: 'pause' }
  /** Start, pause or resume, whichever fits (the Space key). */
  | { type: 'toggle' }
  /** The next segment; on the last one it finishes the meeting. */
  | { type: 'next' }
  /** The previous segment; from a finished meeting it reopens the last one, paused. */
  | { type: 'previous' }
  | { type: 'goto'; index: number }
  /** Adds time to the current segment; in overtime it gives that much from now. */
  | { type: 'addMinute'; minutes?: number }
  /** Back to the start, optionally with a new agenda. */
  | { type: 'reset'; agenda?: Segment[]; autoAdvance?: boolean };

export const MINUTE = 60_000;
/** Limits of an agenda. */
export const MAX_SEGMENTS = 50;
export const MAX_MINUTES = 720;
const MAX_NAME = 200;
const MAX_GUIDANCE = 4000;

export function createState(agenda: Segment[], autoAdvance = false, version = 0): TimerState {
  return {
    agenda,
    status: 'idle',
    segmentIndex: 0,
    segmentStartedAt: null,
    elapsedBeforePause: 0,
    spent: agenda.map(() => 0),
    added: agenda.map(() => 0),
    startedAt: null,
    endedAt: null,
    autoAdvance,
    version,
  };
}

/** Planned plus added time of segment `i`, ms. */
export function durationOf(s: TimerState, i = s.segmentIndex): number {
  const seg = s.agenda[i];
  return seg ? Math.round(seg.minutes * MINUTE) + (s.added[i] ?? 0) : 0;
}

/** Time the current segment has run at `now` (shared clock), ms. */
export function elapsedOf(s: TimerState, now: number): number {
  return s.elapsedBeforePause + (s.status === 'running' && s.segmentStartedAt !== null ? Math.max(0, now - s.segmentStartedAt) : 0);
}

/** True for an idle timer nobody has touched: its agenda may still be replaced by configuration. */
export function isPristine(s: TimerState): boolean {
  return s.status === 'idle' && s.segmentIndex === 0 && s.added.every((x) => !x) && s.spent.every((x) => !x);
}

/** Applies auto-advance up to `now` (shared clock): the segments that ran out are left at their planned end. */
export function settle(s: TimerState, now: number): TimerState {
  if (!s.autoAdvance || s.status !== 'running' || s.segmentStartedAt === null) return s;
  let out = s;
  for (;;) {
    const duration = durationOf(out);
    if (elapsedOf(out, now) < duration) return out;
    const endAt = out.segmentStartedAt! + Math.max(0, duration - out.elapsedBeforePause);
    const i = out.segmentIndex;
    const spent = out.spent.slice();
    spent[i] = Math.max(duration, out.elapsedBeforePause);
    if (i >= out.agenda.length - 1)
      return { ...out, spent, status: 'finished', segmentStartedAt: null, elapsedBeforePause: spent[i], endedAt: endAt };
    out = { ...out, spent, segmentIndex: i + 1, segmentStartedAt: endAt, elapsedBeforePause: spent[i + 1] ?? 0 };
  }
}

function moveTo(s: TimerState, j: number, now: number): TimerState {
  const spent = s.spent.slice();
  if (s.status !== 'idle' && s.status !== 'finished') spent[s.segmentIndex] = elapsedOf(s, now);
  const running = s.status === 'running';
  return {
    ...s,
    spent,
    status: s.status === 'finished' ? 'paused' : s.status,
    segmentIndex: j,
    segmentStartedAt: running ? now : null,
    elapsedBeforePause: spent[j] ?? 0,
    endedAt: null,
  };
}

function apply(s: TimerState, a: TimerAction, now: number): TimerState {
  const n = s.agenda.length;
  const i = s.segmentIndex;
  switch (a.type) {
    case 'toggle':
      return apply(s, { type: s.status === 'running' ? 'pause' : 'start' }, now);
    case 'start':
      if (s.status === 'idle' && n)
        return { ...s, status: 'running', segmentStartedAt: now, elapsedBeforePause: s.spent[i] ?? 0, startedAt: now, endedAt: null };
      if (s.status === 'paused') return { ...s, status: 'running', segmentStartedAt: now, startedAt: s.startedAt ?? now };
      return s;
    case 'pause':
      return s.status === 'running' ? { ...s, status: 'paused', elapsedBeforePause: elapsedOf(s, now), segmentStartedAt: null } : s;
    case 'goto': {
      const j = a.index;
      if (!Number.isInteger(j) || j < 0 || j >= n || (j === i && s.status !== 'finished')) return s;
      return moveTo(s, j, now);
    }
    case 'next':
      if (s.status === 'finished' || !n) return s;
      if (i < n - 1) return moveTo(s, i + 1, now);
      if (s.status === 'idle') return s;
      {
        const elapsed = elapsedOf(s, now);
        const spent = s.spent.slice();
        spent[i] = elapsed;
        return { ...s, spent, status: 'finished', segmentStartedAt: null, elapsedBeforePause: elapsed, endedAt: now };
      }
    case 'previous':
      if (s.status === 'finished') return moveTo(s, i, now);
      return i > 0 ? moveTo(s, i - 1, now) : s;
    case 'addMinute': {
      if (s.status === 'finished' || !n) return s;
      const ms = Math.round((a.minutes ?? 1) * MINUTE);
      if (!(ms > 0)) return s;
      const remaining = durationOf(s) - elapsedOf(s, now);
      const added = s.added.slice();
      added[i] = (added[i] ?? 0) + (remaining < 0 ? ms - remaining : ms);
      return { ...s, added };
    }
    case 'reset': {
      const agenda = a.agenda ?? s.agenda;
      const autoAdvance = a.autoAdvance ?? s.autoAdvance;
      if (isPristine(s) && sameAgenda(agenda, s.agenda) && autoAdvance === s.autoAdvance) return s;
      return createState(agenda, autoAdvance, s.version);
    }
  }
}

/**
 * The state machine: the state after `action` at `now` (shared clock, ms). Returns the very same
 * object when the action does nothing in that state (a no-op), otherwise a new state with
 * `version` + 1.
 */
export function reduce(state: TimerState, action: TimerAction, now: number): TimerState {
  const settled = settle(state, now);
  const next = apply(settled, action, now);
  return next === settled ? state : { ...next, version: state.version + 1 };
}

/**
 * The same state with its timestamps moved by `delta` ms: re-expresses times written with a wrong
 * clock offset once the offset is known.
 */
export function shiftTimes(s: TimerState, delta: number): TimerState {
  const by = (t: number | null) => (t === null ? null : t + delta);
  return { ...s, segmentStartedAt: by(s.segmentStartedAt), startedAt: by(s.startedAt), endedAt: by(s.endedAt) };
}

// ------------------------------------------------------------------ derived view

export type SegmentPhase = 'done' | 'current' | 'upcoming';

export interface SegmentRow {
  index: number;
  plannedMs: number;
  addedMs: number;
  actualMs: number;
  phase: SegmentPhase;
}

export interface TimerView {
  /** The state with auto-advance applied. */
  state: TimerState;
  segment: Segment | undefined;
  durationMs: number;
  elapsedMs: number;
  /** Time left in the current segment, ms; negative in overtime. */
  remainingMs: number;
  /** True once a running or paused segment's time is up. */
  overtime: boolean;
  overtimeMs: number;
  /** Time left in the whole meeting if the rest keeps to plan, ms. */
  totalRemainingMs: number;
  /** When the meeting ends if the rest keeps to plan (or ended), local clock, ms. */
  projectedEnd: number;
  rows: SegmentRow[];
}

/** Everything shown, at local time `now`, with `offset` = shared clock − local clock. */
export function viewAt(state: TimerState, now: number, offset = 0): TimerView {
  const shared = now + offset;
  const s = settle(state, shared);
  const i = s.segmentIndex;
  const finished = s.status === 'finished';
  const durationMs = durationOf(s);
  const elapsedMs = elapsedOf(s, shared);
  const remainingMs = durationMs - elapsedMs;
  const overtime = !finished && s.status !== 'idle' && remainingMs <= 0 && durationMs > 0;
  let totalRemainingMs = finished ? 0 : Math.max(0, remainingMs);
  const rows = s.agenda.map((seg, j): SegmentRow => {
    const current = j === i && !finished;
    const phase: SegmentPhase = finished || j < i ? 'done' : current ? 'current' : 'upcoming';
    const actualMs = current ? elapsedMs : (s.spent[j] ?? 0);
    if (phase === 'upcoming') totalRemainingMs += Math.max(0, durationOf(s, j) - actualMs);
    return { index: j, plannedMs: Math.round(seg.minutes * MINUTE), addedMs: s.added[j] ?? 0, actualMs, phase };
  });
  return {
    state: s,
    segment: s.agenda[i],
    durationMs,
    elapsedMs,
    remainingMs,
    overtime,
    overtimeMs: overtime ? -remainingMs : 0,
    totalRemainingMs,
    projectedEnd: finished && s.endedAt !== null ? s.endedAt - offset : now + totalRemainingMs,
    rows,
  };
}

/** Planned against actual per segment and in total. `nameOf` gives each segment's display name. */
export function summarize(
  state: TimerState,
  now: number,
  offset: number,
  nameOf: (segment: Segment, index: number) => string,
): TimerSummary {
  const v = viewAt(state, now, offset);
  const total = { plannedMs: 0, addedMs: 0, actualMs: 0, differenceMs: 0 };
  const rows = v.rows.map((r): TimerSummaryRow => {
    const row = {
      name: nameOf(v.state.agenda[r.index], r.index),
      plannedMs: r.plannedMs,
      addedMs: r.addedMs,
      actualMs: r.actualMs,
      differenceMs: r.actualMs - r.plannedMs,
    };
    total.plannedMs += row.plannedMs;
    total.addedMs += row.addedMs;
    total.actualMs += row.actualMs;
    total.differenceMs += row.differenceMs;
    return row;
  });
  const iso = (t: number | null) => (t === null ? null : new Date(t - offset).toISOString());
  return { rows, total, startedAt: iso(v.state.startedAt), endedAt: iso(v.state.endedAt) };
}

// ------------------------------------------------------------------ CSV

export interface CsvLabels {
  segment: string;
  planned: string;
  added: string;
  actual: string;
  difference: string;
  total: string;
}

/** One CSV cell: quoted when needed, and text that a spreadsheet would run as a formula is defused. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let v = value;
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Minutes with at most two decimals (`1.5`, `-0.25`, `30`). */
export const toMinutes = (ms: number): number => Math.round(ms / 600) / 100 || 0;

/** The summary as CSV (RFC 4180, CRLF): one row per segment and a total row, times in minutes. */
export function toCsv(summary: TimerSummary, labels: CsvLabels): string {
  const line = (cells: (string | number)[]) => cells.map(csvCell).join(',');
  const nums = (r: Omit<TimerSummaryRow, 'name'>) => [
    toMinutes(r.plannedMs),
    toMinutes(r.addedMs),
    toMinutes(r.actualMs),
    toMinutes(r.differenceMs),
  ];
  return (
    [
      line([labels.segment, labels.planned, labels.added, labels.actual, labels.difference]),
      ...summary.rows.map((r) => line([r.name, ...nums(r)])),
      line([labels.total, ...nums(summary.total)]),
    ].join('\r\n') + '\r\n'
  );
}

// ------------------------------------------------------------------ presets and agendas

type PresetSegment = readonly [key: string, minutes: number, guidanceKeys: readonly string[]];

const REFLECT: PresetSegment = ['segReflect', 30, ['qReflectSurprised', 'qReflectStoodOut', 'qReflectDisappointing', 'qReflectHelp']];
const LEARN: PresetSegment = ['segLearn', 45, ['qLearnFocus', 'qLearnQuestions']];
const NEXT: PresetSegment = ['segNext', 15, ['qNextStoodOut', 'qNextPractice', 'qNextLearn']];

/** Built-in agendas; names and guidance are message keys (see messages.ts). */
export const PRESETS = {
  'reflect-learn-next': [REFLECT, LEARN, NEXT],
  'intro-reflect-learn-next': [['segIntro', 10, ['qIntroWho', 'qIntroVision']], REFLECT, LEARN, NEXT],
  '1-2-4-all': [
    ['segAlone', 1, ['q124Alone']],
    ['segPairs', 2, ['q124Pairs']],
    ['segFours', 4, ['q124Fours']],
    ['segAll', 5, ['q124All']],
  ],
} satisfies Record<string, readonly PresetSegment[]>;

export type PresetName = keyof typeof PRESETS;
export const DEFAULT_PRESET: PresetName = 'reflect-learn-next';

export function isPreset(name: unknown): name is PresetName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(PRESETS, name);
}

/** A preset's agenda, names looked up with `t` (the result goes into shared records as a fallback). */
export function presetAgenda(name: PresetName, t: (key: string) => string): Segment[] {
  return (PRESETS[name] as readonly PresetSegment[]).map(([key, minutes, guidanceKeys]) => ({
    key,
    name: t(key),
    minutes,
    guidanceKeys: [...guidanceKeys],
  }));
}

export interface AgendaProblem {
  /** Position of the segment (0-based); -1 for the agenda as a whole. */
  index: number;
  problem: 'not-a-list' | 'empty' | 'too-many' | 'not-an-object' | 'name' | 'minutes';
}

/** Reads minutes from an attribute or field: `30`, `1.5`, `1,5`. NaN when it is not a number. */
export function parseMinutes(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || !v.trim()) return NaN;
  return Number(v.trim().replace(',', '.'));
}

/**
 * Checks an agenda from any source (property, child elements, a stored record). Good segments are
 * kept (cleaned), bad ones are left out and listed in `problems`.
 */
export function parseAgenda(input: unknown): { agenda: Segment[]; problems: AgendaProblem[] } {
  const problems: AgendaProblem[] = [];
  const agenda: Segment[] = [];
  if (!Array.isArray(input)) return { agenda, problems: [{ index: -1, problem: 'not-a-list' }] };
  input.forEach((raw: unknown, index) => {
    if (!raw || typeof raw !== 'object') return problems.push({ index, problem: 'not-an-object' });
    const r = raw as Record<string, unknown>;
    const name = typeof r.name === 'string' ? r.name.replace(/\s+/g, ' ').trim() : '';
    const minutes = parseMinutes(r.minutes);
    if (!name || name.length > MAX_NAME) return problems.push({ index, problem: 'name' });
    if (!(minutes > 0 && minutes <= MAX_MINUTES)) return problems.push({ index, problem: 'minutes' });
    if (agenda.length >= MAX_SEGMENTS) return problems.push({ index, problem: 'too-many' });
    const seg: Segment = { name, minutes };
    if (typeof r.key === 'string' && r.key.length <= 64) seg.key = r.key;
    if (typeof r.guidance === 'string' && r.guidance.trim()) seg.guidance = r.guidance.trim().slice(0, MAX_GUIDANCE);
    if (Array.isArray(r.guidanceKeys))
      seg.guidanceKeys = r.guidanceKeys.filter((k): k is string => typeof k === 'string' && k.length <= 64).slice(0, 20);
    agenda.push(seg);
  });
  if (!agenda.length && !problems.length) problems.push({ index: -1, problem: 'empty' });
  return { agenda, problems };
}

/** Same segments (names, minutes, keys, guidance) in the same order. */
export function sameAgenda(a: readonly Segment[], b: readonly Segment[]): boolean {
  return (
    a === b ||
    (a.length === b.length &&
      a.every((x, i) => x.name === b[i].name && x.minutes === b[i].minutes && x.key === b[i].key && x.guidance === b[i].guidance))
  );
}

// ------------------------------------------------------------------ records

/** The timer's fields of a `meetings` record (timestamps as ISO strings). */
export interface MeetingFields {
  agenda: Segment[];
  status: TimerStatus;
  segmentIndex: number;
  segmentStartedAt: string | null;
  elapsedBeforePause: number;
  spent: number[];
  added: number[];
  startedAt: string | null;
  endedAt: string | null;
  autoAdvance: boolean;
  version: number;
}

const toIso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const fromIso = (t: unknown) => (typeof t === 'string' && !Number.isNaN(Date.parse(t)) ? Date.parse(t) : null);

export function toRecord(s: TimerState): MeetingFields {
  return {
    agenda: s.agenda,
    status: s.status,
    segmentIndex: s.segmentIndex,
    segmentStartedAt: toIso(s.segmentStartedAt),
    elapsedBeforePause: s.elapsedBeforePause,
    spent: s.spent,
    added: s.added,
    startedAt: toIso(s.startedAt),
    endedAt: toIso(s.endedAt),
    autoAdvance: s.autoAdvance,
    version: s.version,
  };
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The state kept in a record, or `undefined` when the record holds no timer yet. Call on validated records. */
export function fromRecord(r: Record<string, unknown> | undefined): TimerState | undefined {
  if (!r || !STATUSES.includes(r.status as TimerStatus)) return undefined;
  const { agenda } = parseAgenda(r.agenda);
  if (!agenda.length) return undefined;
  const list = (v: unknown) => agenda.map((_, i) => num(Array.isArray(v) ? v[i] : 0));
  const status = r.status as TimerStatus;
  const segmentStartedAt = fromIso(r.segmentStartedAt);
  return {
    agenda,
    status: status === 'running' && segmentStartedAt === null ? 'paused' : status,
    segmentIndex: Math.min(Math.max(0, Math.trunc(num(r.segmentIndex))), agenda.length - 1),
    segmentStartedAt: status === 'running' ? segmentStartedAt : null,
    elapsedBeforePause: Math.max(0, num(r.elapsedBeforePause)),
    spent: list(r.spent),
    added: list(r.added),
    startedAt: fromIso(r.startedAt),
    endedAt: fromIso(r.endedAt),
    autoAdvance: r.autoAdvance === true,
    version: Math.trunc(num(r.version)),
  };
}

const ISO_OR_NULL = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && !Number.isNaN(Date.parse(v)));
const NUMS = (v: unknown) =>
  v === undefined ||
  (Array.isArray(v) && v.length <= MAX_SEGMENTS && v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0));

/**
 * Validator for the `meetings` collection. A record without timer fields (a meeting not run yet)
 * is fine; timer fields that are present must have the right shape.
 */
export function validateMeeting(r: Record<string, unknown>): true | string {
  if (r.status !== undefined && !STATUSES.includes(r.status as TimerStatus)) return 'bad status';
  if (r.agenda !== undefined) {
    const { problems } = parseAgenda(r.agenda);
    if (problems.length) return 'bad agenda';
  }
  const n = Array.isArray(r.agenda) ? r.agenda.length : 0;
  if (
    r.segmentIndex !== undefined &&
    !(Number.isInteger(r.segmentIndex) && (r.segmentIndex as number) >= 0 && (r.segmentIndex as number) < Math.max(1, n))
  )
    return 'bad segmentIndex';
  for (const f of ['segmentStartedAt', 'startedAt', 'endedAt']) if (!ISO_OR_NULL(r[f])) return `bad ${f}`;
  for (const f of ['elapsedBeforePause', 'version'])
    if (r[f] !== undefined && !(typeof r[f] === 'number' && Number.isFinite(r[f]) && (r[f] as number) >= 0)) return `bad ${f}`;
  for (const f of ['spent', 'added']) if (!NUMS(r[f])) return `bad ${f}`;
  if (r.autoAdvance !== undefined && typeof r.autoAdvance !== 'boolean') return 'bad autoAdvance';
  return true;
}

// ------------------------------------------------------------------ formatting

/** `mm:ss`, or `h:mm:ss` from an hour. Rounds a countdown up (30:00 until a full second passed) and overtime down. */
export function formatClock(ms: number, up = false): string {
  const total = Math.max(0, up ? Math.floor(ms / 1000) : Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  const pad = (x: number) => String(x).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(sec)}` : `${pad(m)}:${pad(sec)}`;
}

/**
 * Ms until what `formatClock` shows next changes (the next whole second of the countdown or of the
 * overtime), so a view can wake exactly when its text changes.
 */
export function msToNextSecond(remainingMs: number): number {
  if (remainingMs > 0) return ((remainingMs - 1) % 1000) + 1;
  return 1000 - (-remainingMs % 1000);
}
