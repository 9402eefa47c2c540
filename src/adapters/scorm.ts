import { registerAdapter, type AdapterConfig } from '../elements/provider/adapters.js';
import {
  LcAdapterError,
  type Change,
  type LcAdapter,
  type LcDraftStore,
  type LcRecord,
  type Page,
  type Person,
  type PeopleQuery,
  type Query,
  type Viewer,
} from '../core/adapter.js';
import { runQuery } from '../core/query.js';
import { RestAdapter } from './rest.js';

/**
 * The SCORM run-time adapter: the learner's own records live in the LMS, in `cmi.suspend_data`,
 * through the SCORM run-time API the LMS puts in a parent frame (`API_1484_11` for SCORM 2004,
 * `API` for SCORM 1.2). Put the elements in a SCO (a SCORM package's HTML page):
 *
 * ```html
 * <lc-provider adapter="scorm" lms-complete-on="submit">
 *   <lc-reflection-prompt prompt-id="week-3" preset="gibbs"></lc-reflection-prompt>
 * </lc-provider>
 * ```
 *
 * - One SCORM session per page, shared by every element and adapter: `Initialize` on first use,
 *   `Commit` after every submitted reflection and completion change and otherwise at most once every
 *   30 seconds while there are unsaved changes, `Terminate` (`LMSFinish` in 1.2) on `pagehide`
 *   after the session time is written. `cmi.exit` is `suspend`, so the LMS keeps the data for the
 *   next launch.
 * - Identity from `cmi.learner_id`/`cmi.learner_name` (2004) or `cmi.core.student_id`/`student_name` (1.2);
 *   `Last, First` names are shown as `First Last`.
 * - Held in `suspend_data` as compact namespaced JSON (`{"lc":1,"c":{community:{collection:{id:record}}},"d":{drafts}}`):
 *   `reflections` (the learner's own), `credit-entries`, `credit-programs`, `meetings` (a self-run
 *   timer), and reflection drafts (`drafts`). The version's limit is enforced here — 4,096
 *   characters in 1.2, 64,000 in 2004 — even where the LMS would accept more: a write that would
 *   overflow is refused with kind `invalid` and reason `storage-full`, and nothing stored is lost
 *   or truncated. `suspend_data` written by something else is never overwritten (reason `foreign-data`).
 * - Each submitted reflection is also recorded as an interaction (2004 `long-fill-in`, response up to
 *   4,000 characters with line breaks flattened; 1.2 `fill-in`, 255 characters, write-only — the
 *   full text stays in `suspend_data`), id `urn:lc:reflection:<prompt-id>` (1.2: `lc_reflection_<prompt-id>`),
 *   so LMS reports group the responses to one prompt.
 * - Completion (`lms-complete-on` on the provider): `submit` (default) completes when every
 *   `<lc-reflection-prompt>` inside the provider has a submitted reflection; `goal` when a credit
 *   tracker's goal is met; `none` never. A credit tracker's progress (`lc-credit-progress`) is
 *   reported as `score` (percent, 0–100) and, in 2004, `score.scaled` and `progress_measure`.
 *   `success_status` is left alone: a reflection has no wrong answer.
 * - Other learners' data (kudos, shared responses, shared timers) is not SCORM's to hold: those
 *   calls reject with kind `unsupported`. Set `endpoint` too and the provider combines SCORM for the
 *   learner's own records with the REST adapter for shared data (`ScormCompositeAdapter`).
 * - No run-time API found (the page was opened outside the LMS): every call rejects with kind
 *   `unavailable` and reason `no-lms`; elements say "Open this inside your LMS".
 */

export type ScormVersion = '1.2' | '2004';

/** The SCORM 2004 run-time API (`window.API_1484_11`). */
export interface Scorm2004Api {
  Initialize(parameter: ''): string | boolean;
  Terminate(parameter: ''): string | boolean;
  GetValue(element: string): string;
  SetValue(element: string, value: string): string | boolean;
  Commit(parameter: ''): string | boolean;
  GetLastError(): string | number;
  GetErrorString(code: string): string;
  GetDiagnostic(code: string): string;
}

/** The SCORM 1.2 run-time API (`window.API`). */
export interface Scorm12Api {
  LMSInitialize(parameter: ''): string | boolean;
  LMSFinish(parameter: ''): string | boolean;
  LMSGetValue(element: string): string;
  LMSSetValue(element: string, value: string): string | boolean;
  LMSCommit(parameter: ''): string | boolean;
  LMSGetLastError(): string | number;
  LMSGetErrorString(code: string): string;
  LMSGetDiagnostic(code: string): string;
}

/** A run-time API found by `findScormApi`. */
export type ScormApi = { version: '2004'; api: Scorm2004Api } | { version: '1.2'; api: Scorm12Api };

/** What `lms-complete-on` accepts. */
export type ScormCompleteOn = 'submit' | 'goal' | 'none';

/** `suspend_data` limits by version, in characters (UTF-16 code units, so a count never falls short). */
export const SCORM_SUSPEND_LIMITS: Readonly<Record<ScormVersion, number>> = { '1.2': 4096, '2004': 64000 };

/** Collections the learner's `suspend_data` holds, with their short names there. */
export const SCORM_COLLECTIONS: Readonly<Record<string, string>> = {
  reflections: 'r',
  'credit-entries': 'e',
  'credit-programs': 'p',
  meetings: 'm',
};

const MAX_DEPTH = 10;
const COMMIT_INTERVAL_MS = 30_000;
const REFLECTIONS = 'reflections';

// ------------------------------------------------------------------------------ API discovery

function read(win: Window, name: string): unknown {
  try {
    return (win as unknown as Record<string, unknown>)[name];
  } catch {
    return undefined; // a cross-origin frame
  }
}

function has(api: unknown, methods: string[]): boolean {
  if (!api || (typeof api !== 'object' && typeof api !== 'function')) return false;
  try {
    return methods.every((m) => typeof (api as Record<string, unknown>)[m] === 'function');
  } catch {
    return false;
  }
}

const METHODS_2004 = ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError'];
const METHODS_12 = ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError'];

/** `win`, then its parents (at most `MAX_DEPTH` levels), each access guarded. */
function chain(start: Window | null | undefined, out: Window[]): void {
  let w = start;
  for (let depth = 0; w && depth <= MAX_DEPTH; depth++) {
    if (!out.includes(w)) out.push(w);
    let parent: Window | null = null;
    try {
      parent = w.parent;
    } catch {
      return;
    }
    if (!parent || parent === w) return;
    w = parent;
  }
}

/**
 * Finds the SCORM run-time API the way the ADL guidance describes: in the window itself, then up
 * its parent frames (at most 10 levels), then in the window that opened it (and that window's
 * parents) — of the window and of each of its parents. Frames of another origin are skipped, never
 * a reason to fail. SCORM 2004 (`API_1484_11`) wins over 1.2 (`API`) when both are present.
 */
export function findScormApi(win: Window = window): ScormApi | undefined {
  const windows: Window[] = [];
  chain(win, windows);
  for (const w of [...windows]) {
    let opener: Window | null = null;
    try {
      opener = w.opener as Window | null;
    } catch {
      opener = null;
    }
    if (opener) chain(opener, windows);
  }
  for (const w of windows) {
    const api = read(w, 'API_1484_11');
    if (has(api, METHODS_2004)) return { version: '2004', api: api as Scorm2004Api };
  }
  for (const w of windows) {
    const api = read(w, 'API');
    if (has(api, METHODS_12)) return { version: '1.2', api: api as Scorm12Api };
  }
  return undefined;
}

// ------------------------------------------------------------------------------ formats

const pad = (n: number, width = 2) => String(Math.floor(n)).padStart(width, '0');

/** A SCORM 2004 `time(second,10,2)` timestamp in UTC with hundredths of a second: `2027-03-04T05:06:07.89Z`. */
export function scorm2004Time(date: Date): string {
  return date.toISOString().replace(/(\.\d{2})\d*Z$/, '$1Z');
}

/** A SCORM 1.2 `CMITime` (time of day, local): `HH:MM:SS.SS`. */
export function scorm12Time(date: Date): string {
  const cs = Math.floor(date.getMilliseconds() / 10);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(cs)}`;
}

/** A SCORM 2004 `timeinterval(second,10,2)`: `PT1H2M3.45S`. */
export function scorm2004Duration(ms: number): string {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.floor(cs / 360_000);
  const m = Math.floor((cs % 360_000) / 6000);
  const s = (cs % 6000) / 100;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s.toFixed(2).replace(/\.?0+$/, '') || '0'}S`;
}

/** A SCORM 1.2 `CMITimespan`: `HHHH:MM:SS.SS` (hours capped at 9999). */
export function scorm12Duration(ms: number): string {
  const cs = Math.min(Math.max(0, Math.round(ms / 10)), 9999 * 360_000 + 359_999);
  return `${pad(cs / 360_000, 4)}:${pad((cs % 360_000) / 6000)}:${pad((cs % 6000) / 100)}.${pad(cs % 100)}`;
}

/** Line breaks and other control characters become spaces (LMSs reject raw newlines in responses). */
export function flattenText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
      .replace(/ {2,}/g, ' ')
      .trim()
  );
}

/** At most `max` UTF-16 code units, never splitting a surrogate pair; an ellipsis marks a cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (cut > 0 && /[\ud800-\udbff]/.test(text[cut - 1])) cut--;
  return text.slice(0, cut) + '…';
}

/** `Lovelace, Ada` → `Ada Lovelace` (SCORM's `Last, First`); other names unchanged. */
export function displayName(name: string): string {
  const parts = name.split(',');
  if (parts.length !== 2) return name.trim();
  const [last, first] = parts.map((p) => p.trim());
  return first && last ? `${first} ${last}` : name.trim();
}

// ------------------------------------------------------------------------------ the session

type Stored = Omit<LcRecord, 'id' | 'community'>;
interface Root {
  lc: 1;
  /** community → short collection name → id → record */
  c: Record<string, Record<string, Record<string, Stored>>>;
  /** Drafts by key: the draft's JSON as an object (a string from older data, or when it is not JSON). */
  d?: Record<string, unknown>;
  [other: string]: unknown;
}

type Listener = (change: Change) => void;

const ok = (r: unknown) => r === true || String(r) === 'true';

/** Options of the page-wide session (the first adapter on an API sets them). */
export interface ScormSessionOptions {
  /** The most time between two commits while there are unsaved changes, ms (default 30,000). */
  commitIntervalMs?: number;
  /** The window whose `pagehide` ends the session (default the current one). */
  window?: Window;
}

/**
 * The one SCORM session of a page for one run-time API, shared by every adapter on it. Made by
 * `ScormSession.for(found)`; opened (`Initialize`) on first use.
 */
export class ScormSession {
  private static readonly sessions = new WeakMap<object, ScormSession>();

  /** The session for this API object (made on first call). */
  static for(found: ScormApi, options: ScormSessionOptions = {}): ScormSession {
    let s = ScormSession.sessions.get(found.api);
    if (!s) ScormSession.sessions.set(found.api, (s = new ScormSession(found, options)));
    return s;
  }

  readonly version: ScormVersion;
  readonly limit: number;
  /** `new` until first use, `open` after `Initialize`, `ended` after `Terminate`. */
  state: 'new' | 'open' | 'ended' = 'new';
  learner = { id: '', name: '' };
  /** True while changes have not been committed. */
  dirty = false;
  /** The last commit that failed (the run-time keeps the data; the next commit sends it). */
  commitError?: LcAdapterError;
  private readonly found: ScormApi;
  private readonly intervalMs: number;
  private readonly win: Window;
  private root: Root = { lc: 1, c: {} };
  private raw = '';
  private foreign?: LcAdapterError;
  private startedAt = 0;
  private lastCommit = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private completed = false;
  private score?: number;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly onPageHide = () => this.terminate();

  private constructor(found: ScormApi, options: ScormSessionOptions) {
    this.found = found;
    this.version = found.version;
    this.limit = SCORM_SUSPEND_LIMITS[found.version];
    this.intervalMs = options.commitIntervalMs ?? COMMIT_INTERVAL_MS;
    this.win = options.window ?? window;
  }

  // ---------------------------------------------------------------------------- raw API calls

  private call(name: string, ...args: string[]): unknown {
    const api = this.found.api as unknown as Record<string, (...a: string[]) => unknown>;
    const method = this.version === '2004' ? name : `LMS${name === 'Terminate' ? 'Finish' : name}`;
    try {
      return api[method](...args);
    } catch (e) {
      throw new LcAdapterError('unavailable', `SCORM ${method} threw: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  /** The run-time's last error as an `LcAdapterError`, or undefined when there is none. */
  private lastError(what: string): LcAdapterError | undefined {
    let code = '0';
    try {
      code = String(this.call('GetLastError') ?? '0');
    } catch {
      return undefined;
    }
    if (code === '0' || code === '') return undefined;
    let text = '';
    let diagnostic = '';
    try {
      text = String(this.call('GetErrorString', code) ?? '');
      diagnostic = String(this.call('GetDiagnostic', code) ?? '');
    } catch {
      /* the code alone then */
    }
    const detail = [text, diagnostic && diagnostic !== text ? diagnostic : ''].filter(Boolean).join(': ');
    // 2004: 4xx are data model errors (a value the LMS refused); 1.2: 401–405 likewise.
    const kind = /^4\d\d$/.test(code) ? 'invalid' : 'unavailable';
    return new LcAdapterError(kind, `The LMS refused ${what} (SCORM error ${code}${detail ? `: ${detail}` : ''})`);
  }

  get(element: string): string {
    const value = this.call('GetValue', element);
    return value === undefined || value === null ? '' : String(value);
  }

  set(element: string, value: string): void {
    const result = this.call('SetValue', element, value);
    const error = this.lastError(`${element}`);
    if (error || !ok(result)) throw error ?? new LcAdapterError('invalid', `The LMS refused ${element}`);
  }

  private has(element: string): string | undefined {
    const v = this.get(element);
    return this.lastError(element) ? undefined : v;
  }

  // ---------------------------------------------------------------------------- lifecycle

  /** Opens the session (`Initialize`) on first use; throws an `LcAdapterError` when it cannot. */
  open(): this {
    if (this.state === 'open') return this;
    if (this.state === 'ended') throw new LcAdapterError('unavailable', 'The SCORM session of this page has ended.');
    const started = this.call('Initialize', '');
    if (!ok(started)) {
      const error = this.lastError('Initialize');
      // Already initialized by another copy of the library on the page: carry on with it.
      const id = this.version === '2004' ? 'cmi.learner_id' : 'cmi.core.student_id';
      if (this.has(id) === undefined) throw error ?? new LcAdapterError('unavailable', 'The LMS did not start the SCORM session.');
    }
    this.state = 'open';
    this.startedAt = this.lastCommit = Date.now();
    const v2004 = this.version === '2004';
    this.learner = {
      id: this.has(v2004 ? 'cmi.learner_id' : 'cmi.core.student_id') ?? '',
      name: displayName(this.has(v2004 ? 'cmi.learner_name' : 'cmi.core.student_name') ?? ''),
    };
    this.load(this.has('cmi.suspend_data') ?? '');
    try {
      const statusEl = v2004 ? 'cmi.completion_status' : 'cmi.core.lesson_status';
      const status = this.has(statusEl) ?? '';
      this.completed = status === 'completed' || status === 'passed';
      if (status === '' || status === 'unknown' || status === 'not attempted') this.set(statusEl, 'incomplete');
      this.set(v2004 ? 'cmi.exit' : 'cmi.core.exit', 'suspend');
    } catch (e) {
      console.warn('lc-elements (SCORM):', (e as Error).message);
    }
    this.win.addEventListener('pagehide', this.onPageHide);
    return this;
  }

  private load(raw: string): void {
    this.raw = raw;
    if (!raw) return;
    try {
      const parsed = JSON.parse(raw) as Root;
      if (parsed && typeof parsed === 'object' && parsed.lc === 1 && parsed.c && typeof parsed.c === 'object') {
        this.root = parsed;
        return;
      }
    } catch {
      /* not JSON */
    }
    this.foreign = new LcAdapterError(
      'conflict',
      `cmi.suspend_data holds ${raw.length} characters written by something else; they are left untouched and nothing is saved here.`,
      { reason: 'foreign-data' },
    );
  }

  /** Ends the session: final suspend data, session time, commit, `Terminate`. Safe to call twice. */
  terminate(): void {
    if (this.state !== 'open') return;
    this.win.removeEventListener('pagehide', this.onPageHide);
    // Pending drafts first: elements write them on `lc-session-end` (their own pagehide listeners
    // may come after this one), while the session still takes writes.
    try {
      this.win.dispatchEvent(new Event('lc-session-end'));
    } catch (e) {
      console.warn('lc-elements (SCORM):', (e as Error).message);
    }
    if (this.state !== 'open') return;
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      if (!this.foreign && this.get('cmi.suspend_data') !== this.raw && this.raw) this.set('cmi.suspend_data', this.raw);
      const time = Date.now() - this.startedAt;
      this.set(
        this.version === '2004' ? 'cmi.session_time' : 'cmi.core.session_time',
        this.version === '2004' ? scorm2004Duration(time) : scorm12Duration(time),
      );
    } catch (e) {
      console.warn('lc-elements (SCORM):', (e as Error).message);
    }
    try {
      this.commit();
    } catch {
      /* Terminate commits too */
    }
    this.state = 'ended';
    try {
      // runs in a pagehide listener: a run-time that throws must not become an uncaught exception
      this.call('Terminate', '');
    } catch (e) {
      console.warn('lc-elements (SCORM):', (e as Error).message);
    }
  }

  /** Commits now. */
  commit(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastCommit = Date.now();
    const done = this.call('Commit', '');
    const error = ok(done) ? undefined : (this.lastError('Commit') ?? new LcAdapterError('unavailable', 'The LMS did not commit.'));
    this.commitError = error;
    if (error) {
      // The run-time still holds the data: try again on the usual cadence.
      this.schedule();
      throw error;
    }
    this.dirty = false;
  }

  /** Commits now, reporting a failure instead of throwing (the data is safe in the run-time). */
  commitSoon(now: boolean): void {
    if (this.state !== 'open') return;
    if (!now) return this.schedule();
    try {
      this.commit();
    } catch (e) {
      console.warn('lc-elements (SCORM):', (e as Error).message);
    }
  }

  /** A commit within the interval of the last one. */
  private schedule(): void {
    if (this.timer !== undefined || this.state !== 'open') return;
    const wait = Math.max(0, this.lastCommit + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.dirty || this.commitError) this.commitSoon(true);
    }, wait);
  }

  // ---------------------------------------------------------------------------- data

  /** The stored data (read-only: change it through `write`). */
  get data(): Readonly<Root> {
    return this.root;
  }

  /** Characters `suspend_data` holds now. */
  get used(): number {
    return this.raw.length;
  }

  /**
   * Replaces the data with `next` in `suspend_data`. Refuses (throws `invalid`/`storage-full`) when
   * it would not fit, and never touches data written by something else. `typed`: how many characters
   * of the learner's own text this write carries; the refusal's `remaining` is then how long that
   * text may be to fit (what the learner can act on), not the raw room left, which the record's
   * other fields and JSON escaping also take.
   */
  write(next: Root, typed?: number): void {
    if (this.foreign) throw this.foreign;
    const json = JSON.stringify(next);
    if (json.length > this.limit) {
      // Every character the learner removes takes at least one out of the JSON.
      const remaining = typed === undefined ? Math.max(0, this.limit - this.raw.length) : Math.max(0, typed - (json.length - this.limit));
      throw new LcAdapterError(
        'invalid',
        `This would need ${json.length} of the ${this.limit} characters SCORM ${this.version} allows in suspend_data ` +
          `(${remaining} left); nothing was written.`,
        { reason: 'storage-full', remaining },
      );
    }
    this.set('cmi.suspend_data', json);
    this.root = next;
    this.raw = json;
    this.dirty = true;
  }

  /** Puts back what was there before a write that had to be undone. */
  restore(previous: Root, raw: string): void {
    try {
      this.set('cmi.suspend_data', raw);
      this.root = previous;
      this.raw = raw;
    } catch (e) {
      console.warn('lc-elements (SCORM):', (e as Error).message);
    }
  }

  /** Records an interaction (`cmi.interactions.n`): throws an `LcAdapterError` when the LMS refuses a value. */
  addInteraction(i: { id: string; response: string; description: string; when: Date }): void {
    const n = Number(this.get('cmi.interactions._count')) || 0;
    const base = `cmi.interactions.${n}.`;
    if (this.version === '2004') {
      this.set(`${base}id`, i.id);
      this.set(`${base}type`, 'long-fill-in');
      this.set(`${base}learner_response`, i.response);
      this.set(`${base}timestamp`, scorm2004Time(i.when));
      this.set(`${base}result`, 'neutral');
      if (i.description) this.set(`${base}description`, i.description);
    } else {
      this.set(`${base}id`, i.id);
      this.set(`${base}type`, 'fill-in');
      this.set(`${base}student_response`, i.response);
      this.set(`${base}time`, scorm12Time(i.when));
      this.set(`${base}result`, 'neutral');
    }
    this.dirty = true;
  }

  /** Marks the SCO completed (once) and commits. */
  complete(): void {
    if (this.completed || this.state !== 'open') return;
    this.set(this.version === '2004' ? 'cmi.completion_status' : 'cmi.core.lesson_status', 'completed');
    this.completed = true;
    this.dirty = true;
    this.commitSoon(true);
  }

  /** Reports progress as a score (percent, 0–100); 2004 also `score.scaled` and `progress_measure`. */
  setScore(percent: number): void {
    const p = Math.max(0, Math.min(100, Math.round(percent * 100) / 100));
    if (this.state !== 'open' || p === this.score) return;
    const s = this.version === '2004' ? 'cmi.score.' : 'cmi.core.score.';
    this.set(`${s}min`, '0');
    this.set(`${s}max`, '100');
    this.set(`${s}raw`, String(p));
    if (this.version === '2004') {
      this.set('cmi.score.scaled', String(p / 100));
      this.set('cmi.progress_measure', String(p / 100));
    }
    this.score = p;
    this.dirty = true;
    this.schedule();
  }

  subscribe(key: string, listener: Listener): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => set!.delete(listener);
  }

  emit(key: string, change: Change): void {
    for (const l of [...(this.listeners.get(key) ?? [])]) queueMicrotask(() => l(structuredClone(change)));
  }
}

// ------------------------------------------------------------------------------ the adapter

export interface ScormAdapterOptions {
  /** The community records belong to (default `'default'`); communities never see each other's records. */
  community?: string;
  /** The run-time API to use (default: `findScormApi(window)`). */
  api?: ScormApi;
  /** The window to search and whose `pagehide` ends the session (default the current one). */
  window?: Window;
  /** When the SCO is complete: `submit` (default), `goal` or `none`. */
  completeOn?: ScormCompleteOn;
  /** The element holding the page's prompts and credit trackers (the provider): `submit` counts its prompts; `lc-credit-progress` is heard on it. */
  host?: HTMLElement;
  /** The most time between commits while there are unsaved changes, ms (default 30,000). */
  commitIntervalMs?: number;
}

const cloneRecord = (r: unknown) => structuredClone(r) as LcRecord;

/** A draft as `suspend_data` keeps it: its JSON as an object when it is a JSON object, else the string. */
function draftValue(value: string): unknown {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && JSON.stringify(parsed) === value) return parsed;
  } catch {
    /* not JSON: kept as it is */
  }
  return value;
}

/**
 * How many characters of the learner's own text a record or a draft holds: `text`, `commitment`,
 * `title`, `note`, the answers' and the follow-up's `text`, a draft's `values` (a string draft counts
 * whole). Question texts, ids and dates are not the learner's to shorten.
 */
export function typedLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (!value || typeof value !== 'object') return 0;
  const r = value as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v.length : 0);
  const texts = (v: unknown) => (Array.isArray(v) ? v.reduce<number>((n, a) => n + str((a as { text?: unknown } | null)?.text), 0) : 0);
  const values = r.values && typeof r.values === 'object' ? Object.values(r.values).reduce<number>((n, v) => n + str(v), 0) : 0;
  return (
    str(r.text) +
    str(r.commitment) +
    str(r.title) +
    str(r.note) +
    texts(r.answers) +
    str((r.followUp as { text?: unknown } | null)?.text) +
    values
  );
}

/** The SCORM run-time adapter (see the module documentation). */
export class ScormAdapter implements LcAdapter {
  readonly community: string;
  readonly completeOn: ScormCompleteOn;
  /** Only this learner reads what `suspend_data` holds: elements offer no sharing (see `LcAdapter.personal`). */
  readonly personal = true;
  /** The session, or `undefined` when no run-time API was found. */
  readonly session?: ScormSession;
  /** Drafts kept in `suspend_data` (see `LcDraftStore`). */
  readonly drafts: LcDraftStore;
  private readonly missing?: LcAdapterError;
  private readonly host?: HTMLElement;
  private readonly onProgress = (e: Event) => this.progress(e);

  constructor(options: ScormAdapterOptions = {}) {
    this.community = options.community || 'default';
    this.completeOn = options.completeOn ?? 'submit';
    this.host = options.host;
    const found = options.api ?? findScormApi(options.window ?? window);
    if (found) this.session = ScormSession.for(found, { commitIntervalMs: options.commitIntervalMs, window: options.window });
    else
      this.missing = new LcAdapterError(
        'unavailable',
        'No SCORM run-time API (API_1484_11 or API) was found in this window, its parent frames or its opener: open this inside your LMS.',
        { reason: 'no-lms' },
      );
    this.host?.addEventListener('lc-credit-progress', this.onProgress);
    this.drafts = {
      load: (key) => {
        try {
          const d = this.open().data.d?.[key];
          return typeof d === 'string' ? d : d && typeof d === 'object' ? JSON.stringify(d) : undefined;
        } catch {
          return undefined;
        }
      },
      save: (key, value) => {
        try {
          const s = this.open();
          // A JSON draft is kept as an object, not as a string inside the JSON: escaped twice, every
          // quote and line break of the learner's text would cost 3–4 characters of the limit.
          const stored = draftValue(value);
          const prev = s.data.d?.[key];
          if (prev === value || (typeof stored === 'object' && typeof prev === 'object' && JSON.stringify(prev) === value)) return;
          s.write({ ...s.data, d: { ...s.data.d, [key]: stored } } as Root, typedLength(stored));
          s.commitSoon(false);
        } catch (e) {
          return LcAdapterError.from(e);
        }
      },
      remove: (key) => {
        try {
          const s = this.open();
          if (!s.data.d || !(key in s.data.d)) return;
          const d = { ...s.data.d };
          delete d[key];
          s.write({ ...s.data, d } as Root);
          s.commitSoon(false);
        } catch {
          /* nothing stored, or nothing can be */
        }
      },
    };
  }

  /** Names the backend, the learner and the community (the outbox keeps queued writes apart by it). */
  get key(): string {
    let learner = '';
    try {
      learner = this.open().learner.id;
    } catch {
      /* no session */
    }
    return `scorm:${this.session?.version ?? 'none'}:${learner}:${this.community}`;
  }

  /** The session, opened; throws the adapter's error when there is none. */
  private open(): ScormSession {
    if (!this.session) throw this.missing!;
    return this.session.open();
  }

  /** Stops listening on the host (the session ends with the page). */
  dispose(): void {
    this.host?.removeEventListener('lc-credit-progress', this.onProgress);
  }

  /**
   * True when this adapter holds `collection` and can answer `query` from the learner's own data
   * (a `reflections` list must ask for the learner's own: `where.authorId` equal to the learner).
   */
  supports(collection: string, query?: Query): boolean {
    if (!(collection in SCORM_COLLECTIONS)) return false;
    if (collection !== REFLECTIONS || !query) return true;
    let learner = '';
    try {
      learner = this.open().learner.id;
    } catch {
      return false;
    }
    return !!learner && query.where?.authorId === learner;
  }

  private table(s: ScormSession, collection: string): Record<string, Stored> {
    return s.data.c[this.community]?.[SCORM_COLLECTIONS[collection]] ?? {};
  }

  private check(collection: string, query?: Query): ScormSession {
    const s = this.open();
    if (!(collection in SCORM_COLLECTIONS))
      throw new LcAdapterError(
        'unsupported',
        `SCORM keeps only the learner's own records; "${collection}" needs a shared backend (add endpoint="…" to <lc-provider>).`,
      );
    if (!this.supports(collection, query))
      throw new LcAdapterError(
        'unsupported',
        `SCORM keeps only this learner's reflections: list them with where.authorId equal to the learner (others' responses need a shared backend).`,
      );
    return s;
  }

  private records(s: ScormSession, collection: string): LcRecord[] {
    return Object.entries(this.table(s, collection)).map(([id, r]) => ({ ...r, id, community: this.community }) as LcRecord);
  }

  async whoami(): Promise<Viewer> {
    const s = this.open();
    const { id, name } = s.learner;
    return id ? { id, name: name || id, roles: [] } : { id: '', name: '', roles: [], anonymous: true };
  }

  async list<T extends LcRecord = LcRecord>(collection: string, query: Query): Promise<Page<T>> {
    const s = this.check(collection, query);
    try {
      return structuredClone(runQuery(this.records(s, collection), query)) as Page<T>;
    } catch (e) {
      throw new LcAdapterError('invalid', (e as Error).message);
    }
  }

  async get<T extends LcRecord = LcRecord>(collection: string, id: string): Promise<T | undefined> {
    const s = this.check(collection);
    const r = this.table(s, collection)[id];
    return r ? ({ ...cloneRecord(r), id, community: this.community } as T) : undefined;
  }

  async put<T extends LcRecord>(collection: string, record: T): Promise<T> {
    const s = this.check(collection);
    if (!record || typeof record.id !== 'string' || !record.id) throw new LcAdapterError('invalid', 'record needs an id');
    const learner = s.learner.id;
    if (
      (collection === REFLECTIONS || collection === 'credit-entries') &&
      record.authorId !== undefined &&
      learner &&
      record.authorId !== learner
    )
      throw new LcAdapterError('forbidden', 'SCORM keeps only the learner’s own records.');
    const short = SCORM_COLLECTIONS[collection];
    const prev = this.table(s, collection)[record.id];
    const now = new Date().toISOString();
    const { id, community: _community, ...rest } = cloneRecord(record);
    const stored: Stored = { ...rest, createdAt: (prev?.createdAt as string) ?? record.createdAt ?? now, updatedAt: now };
    if (stored.authorId === undefined && learner && collection !== 'credit-programs') stored.authorId = learner;
    const before = s.data as Root;
    const beforeRaw = JSON.stringify(before);
    const communityData = before.c[this.community] ?? {};
    s.write(
      {
        ...before,
        c: { ...before.c, [this.community]: { ...communityData, [short]: { ...communityData[short], [id]: stored } } },
      },
      typedLength(stored),
    );
    const submitted = collection === REFLECTIONS && typeof stored.submittedAt === 'string' && stored.submittedAt !== prev?.submittedAt;
    if (submitted) {
      try {
        s.addInteraction(this.interaction(s, { ...stored, id } as LcRecord));
      } catch (e) {
        s.restore(before, beforeRaw);
        throw LcAdapterError.from(e);
      }
    }
    const result = { ...cloneRecord(stored), id, community: this.community } as T;
    s.emit(this.listenKey(collection), { type: 'put', collection, id, record: result });
    if (submitted && this.completeOn === 'submit') this.checkSubmitted(s);
    s.commitSoon(submitted);
    return structuredClone(result);
  }

  async remove(collection: string, id: string): Promise<void> {
    const s = this.check(collection);
    const short = SCORM_COLLECTIONS[collection];
    const before = s.data as Root;
    const table = before.c[this.community]?.[short];
    if (!table || !(id in table)) return;
    const nextTable = { ...table };
    delete nextTable[id];
    s.write({ ...before, c: { ...before.c, [this.community]: { ...before.c[this.community], [short]: nextTable } } });
    s.emit(this.listenKey(collection), { type: 'remove', collection, id });
    s.commitSoon(false);
  }

  watch(collection: string, _query: Query, onChange: (change: Change) => void): () => void {
    if (!this.session || !(collection in SCORM_COLLECTIONS)) return () => {};
    return this.session.subscribe(this.listenKey(collection), onChange);
  }

  private listenKey(collection: string): string {
    return `${this.community}\u0000${collection}`;
  }

  // ---------------------------------------------------------------------------- reporting

  private interaction(s: ScormSession, r: LcRecord): { id: string; response: string; description: string; when: Date } {
    const promptId = String(r.promptId ?? r.id);
    const answers = Array.isArray(r.answers) ? (r.answers as { text?: unknown; question?: unknown }[]) : [];
    const texts = answers.length ? answers.map((a) => String(a.text ?? '')) : [String(r.text ?? '')];
    const response = flattenText(texts.filter((t) => t.trim()).join(' | '));
    const questions = flattenText(
      answers
        .map((a) => String(a.question ?? ''))
        .filter(Boolean)
        .join(' | '),
    );
    const when = new Date(String(r.submittedAt));
    const at = Number.isNaN(when.getTime()) ? new Date() : when;
    if (s.version === '2004') {
      const lang = typeof r.locale === 'string' && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(r.locale) ? `{lang=${r.locale}}` : '';
      return {
        id: `urn:lc:reflection:${promptId.replace(/[^A-Za-z0-9()+,\-.:=@;$_!*']/g, '-').slice(0, 200) || 'prompt'}`,
        response: lang + clip(response, 4000 - lang.length),
        description: clip(questions || promptId, 250),
        when: at,
      };
    }
    return {
      id: `lc_reflection_${promptId.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 255),
      response: clip(response, 255),
      description: '',
      when: at,
    };
  }

  /** The prompt ids of the `<lc-reflection-prompt>` elements inside the host (upgraded or not). */
  private promptIds(): string[] {
    if (!this.host) return [];
    return [...this.host.querySelectorAll('lc-reflection-prompt')]
      .map((el) => String((el as HTMLElement & { promptId?: string }).promptId || el.getAttribute('prompt-id') || ''))
      .filter(Boolean);
  }

  /** `lms-complete-on="submit"`: complete once every prompt on the page has a submitted reflection. */
  private checkSubmitted(s: ScormSession): void {
    const ids = this.promptIds();
    if (!ids.length) return;
    const learner = s.learner.id;
    const done = new Set(
      this.records(s, REFLECTIONS)
        .filter((r) => typeof r.submittedAt === 'string' && (!learner || r.authorId === learner))
        .map((r) => String(r.promptId)),
    );
    if (ids.every((id) => done.has(id))) this.safely(() => s.complete());
  }

  private progress(e: Event): void {
    const d = (e as CustomEvent<{ percent?: unknown; complete?: unknown }>).detail;
    if (!this.session || !d || typeof d.percent !== 'number' || !Number.isFinite(d.percent)) return;
    this.safely(() => {
      const s = this.open();
      s.setScore(d.percent as number);
      if (this.completeOn === 'goal' && d.complete === true) s.complete();
    });
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      console.warn('lc-elements (SCORM):', (e as Error).message);
    }
  }
}

// ------------------------------------------------------------------------------ SCORM + a shared backend

/** Collections a composite keeps in SCORM; everything else goes to the shared backend. */
const COMPOSITE_LEARNER = new Set([REFLECTIONS, 'credit-entries']);
const SHARED_VISIBILITIES = new Set(['community', 'anonymous']);

/**
 * SCORM for the learner's own records (their reflections and credit entries, drafts, identity,
 * completion) and a shared backend (REST) for everything that involves other people: kudos, the
 * shared responses feed, shared timers, program rules. A reflection the learner shares
 * (`community` or `anonymous`) is written to both.
 */
export class ScormCompositeAdapter implements LcAdapter {
  readonly drafts?: LcDraftStore;
  readonly people?: (query: PeopleQuery) => Promise<Person[]>;

  constructor(
    readonly scorm: ScormAdapter,
    readonly shared: LcAdapter,
  ) {
    this.drafts = scorm.drafts;
    if (shared.people) this.people = (q) => shared.people!(q);
  }

  get key(): string {
    return `${this.scorm.key}+${this.shared.key ?? 'default'}`;
  }

  private learnerHolds(collection: string, query?: Query): boolean {
    return COMPOSITE_LEARNER.has(collection) && (!query || this.scorm.supports(collection, query));
  }

  whoami(): Promise<Viewer> {
    return this.scorm.whoami();
  }

  list<T extends LcRecord = LcRecord>(collection: string, query: Query): Promise<Page<T>> {
    return this.learnerHolds(collection, query) ? this.scorm.list<T>(collection, query) : this.shared.list<T>(collection, query);
  }

  async get<T extends LcRecord = LcRecord>(collection: string, id: string): Promise<T | undefined> {
    if (!this.learnerHolds(collection)) return this.shared.get<T>(collection, id);
    return (await this.scorm.get<T>(collection, id)) ?? (collection === REFLECTIONS ? this.shared.get<T>(collection, id) : undefined);
  }

  async put<T extends LcRecord>(collection: string, record: T): Promise<T> {
    if (!this.learnerHolds(collection)) return this.shared.put(collection, record);
    const stored = await this.scorm.put(collection, record);
    if (collection === REFLECTIONS && SHARED_VISIBILITIES.has(String(record.visibility))) await this.shared.put(collection, record);
    return stored;
  }

  async remove(collection: string, id: string): Promise<void> {
    if (!this.learnerHolds(collection)) return this.shared.remove(collection, id);
    await this.scorm.remove(collection, id);
    if (collection === REFLECTIONS) await this.shared.remove(collection, id);
  }

  watch(collection: string, query: Query, onChange: (change: Change) => void): () => void {
    const stops: (() => void)[] = [];
    if (this.learnerHolds(collection)) stops.push(this.scorm.watch(collection, query, onChange));
    if ((!this.learnerHolds(collection) || collection === REFLECTIONS) && this.shared.watch)
      stops.push(this.shared.watch(collection, query, onChange));
    return () => stops.forEach((s) => s());
  }
}

/** Reads `lms-complete-on` (`submit` by default). */
export function parseCompleteOn(value: string | null | undefined): ScormCompleteOn {
  const v = (value ?? '').trim().toLowerCase();
  return v === 'goal' || v === 'none' ? v : 'submit';
}

/** Makes the adapter of `<lc-provider adapter="scorm" [lms-complete-on] [endpoint]>`. */
export function scormAdapterFactory(c: AdapterConfig): LcAdapter {
  const scorm = new ScormAdapter({
    community: c.community,
    host: c.host,
    completeOn: parseCompleteOn(c.host.getAttribute('lms-complete-on')),
  });
  if (!c.endpoint) return scorm;
  const host = c.host as HTMLElement & { getToken?: () => string | null | undefined | Promise<string | null | undefined> };
  const rest = new RestAdapter({
    endpoint: c.endpoint,
    community: c.community,
    getToken: () => (typeof host.getToken === 'function' ? host.getToken() : host.getAttribute('token')),
  });
  return new ScormCompositeAdapter(scorm, rest);
}

// <lc-provider adapter="scorm" [lms-complete-on="submit|goal|none"] [endpoint="…" for shared data]>
registerAdapter('scorm', scormAdapterFactory);
