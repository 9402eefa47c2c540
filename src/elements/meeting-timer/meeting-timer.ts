import { html, nothing, svg, type PropertyValues, type SVGTemplateResult, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { LcElement } from '../../core/lc-element.js';
import { LcAdapterError, type LcRecord } from '../../core/adapter.js';
import { RecordsController } from '../../core/records-controller.js';
import { registerValidator } from '../../core/validation.js';
import { progressRing, progressStyles } from '../../ui/progress.js';
import { statusLine, statusLineStyles } from '../../ui/status-line.js';
import type { Term } from '../../ui/types.js';
import { LcTimerStartEvent } from '../../events/lc-timer-start.js';
import { LcTimerPauseEvent } from '../../events/lc-timer-pause.js';
import { LcSegmentChangeEvent } from '../../events/lc-segment-change.js';
import { LcTimerOvertimeEvent } from '../../events/lc-timer-overtime.js';
import { LcTimerEndEvent, type TimerSummary } from '../../events/lc-timer-end.js';
import { timerMessages } from './messages.js';
import { styles } from './meeting-timer.styles.js';
import { Chime, type ChimeKind } from './chime.js';
import { WakeLockController } from './wake-lock.js';
import {
  DEFAULT_PRESET,
  MINUTE,
  createState,
  durationOf,
  formatClock,
  fromRecord,
  isPreset,
  isPristine,
  msToNextSecond,
  parseAgenda,
  presetAgenda,
  reduce,
  sameAgenda,
  settle,
  shiftTimes,
  summarize,
  toCsv,
  toRecord,
  validateMeeting,
  viewAt,
  type Segment,
  type TimerAction,
  type TimerState,
  type TimerStatus,
  type TimerView,
} from './model.js';

const COLLECTION = 'meetings';

/** A segment of the `agenda` property. */
export interface AgendaItem {
  name: string;
  /** Planned length in minutes (fractions allowed), at most 720. */
  minutes: number;
  /** What the group does or discusses in the segment. */
  guidance?: string;
}

interface Config {
  agenda: Segment[];
  /** The `<lc-segment>` each agenda entry came from (for rich guidance). */
  sources: (Element | undefined)[];
  problems: number;
  prop?: readonly AgendaItem[];
  key: string;
}

const icon = (body: SVGTemplateResult) => html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${body}</svg>`;
const ICON = {
  play: icon(svg`<path d="M7 4.5v15l12-7.5z" />`),
  pause: icon(svg`<path d="M8 5v14M16 5v14" />`),
  prev: html`<svg class="icon flip" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M15 6l-6 6 6 6" /></svg>`,
  next: html`<svg class="icon flip" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M9 6l6 6-6 6" /></svg>`,
  sound: icon(svg`<path d="M4 9v6h4l5 4V5L8 9z" /><path d="M16.5 8.5a5 5 0 0 1 0 7" />`),
  muted: icon(svg`<path d="M4 9v6h4l5 4V5L8 9z" /><path d="M16 9l5 6m0-6l-5 6" />`),
  present: icon(svg`<path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />`),
  alert: icon(svg`<circle cx="12" cy="12" r="9" /><path d="M12 7v6m0 3.5v.01" />`),
  lock: icon(svg`<rect x="5" y="11" width="14" height="9" rx="2" /><path d="M8 11V8a4 4 0 0 1 8 0v3" />`),
};

/**
 * A facilitated agenda timer that everyone in the meeting shares: segments with guidance, a large
 * countdown, overtime that counts up, +1 minute, a chime, planned against actual time and a
 * summary to download. With `meeting-id` the state lives in the `meetings` collection and every
 * participant sees the same segment and time, late joiners and reloads included; without it, it
 * is a timer for this page that survives a reload.
 *
 * Only the facilitator controls a shared timer: a viewer with the `facilitator` role (as the
 * reference server enforces), wherever the backend assigns roles (`adapter.assignsRoles`, as the
 * REST adapter does) or the page gave the viewer roles; where there are no roles at all (the local
 * adapter without `user-roles`), anyone on the page. Others see it read-only. Control actions are the only
 * writes (never one per second); every page computes the time from the record's timestamps,
 * corrected for the difference between its clock and the adapter's.
 *
 * The record (`meetings` collection, id = `meeting-id`) keeps `agenda`, `status`, `segmentIndex`,
 * `segmentStartedAt`, `elapsedBeforePause`, `spent`, `added`, `startedAt`, `endedAt`,
 * `autoAdvance`, `version` and `writerId`; other fields (a `title`, a `preset`) are kept as they are.
 *
 * Keyboard, while the timer has focus: Space starts, pauses or resumes; N next; P previous;
 * + adds a minute; ? lists the shortcuts.
 *
 * @summary A shared meeting timer with an agenda, overtime and a planned-against-actual summary.
 * @tag lc-meeting-timer
 *
 * @slot - `<lc-segment name minutes>guidance</lc-segment>` children: a custom agenda. The running segment's content is shown as its guidance.
 *
 * @csspart base - The timer's frame.
 * @csspart header - Step, segment name and toolbar.
 * @csspart step - "Segment 2 of 3".
 * @csspart title - The running segment's name.
 * @csspart toolbar - Mute, present and shortcut buttons.
 * @csspart face - The focusable clock: progress ring and time.
 * @csspart progress-ring - The segment's progress ring.
 * @csspart time - The large remaining (or overtime) time.
 * @csspart time-label - "left", "Overtime", "Paused"…
 * @csspart guidance - The running segment's guidance.
 * @csspart controls - The control buttons.
 * @csspart button - Each control button.
 * @csspart button-primary - The start / pause / resume button.
 * @csspart notice - Read-only, loading, error and agenda notices.
 * @csspart meta - Total left and projected end.
 * @csspart agenda - The agenda (a disclosure) with planned against actual time.
 * @csspart agenda__item - One agenda entry.
 * @csspart summary - The end-of-meeting summary.
 * @csspart summary__table - Its table.
 * @csspart download - The CSV download button.
 * @csspart status - Sync state of a shared timer (offline, queued, not saved).
 * @csspart confirm - The reset confirmation dialog.
 * @csspart help - The keyboard shortcut popover.
 *
 * @cssprop --lc-meeting-timer-accent - Ring and progress colour (default `--lc-color-accent`).
 * @cssprop --lc-meeting-timer-overtime-color - Colour of overtime (default `--lc-color-danger`); always with the "Overtime" label.
 * @cssprop --lc-meeting-timer-time-size - Font size of the large time (default 3.75rem; 2rem compact).
 * @cssprop --lc-meeting-timer-ring-size - Diameter of the progress ring (default 15rem; 3.5rem compact).
 * @cssprop --lc-meeting-timer-flash-color - Colour of the optional visual flash.
 *
 * @fires {LcTimerStartDetail} lc-timer-start - The timer started or resumed (cancelable when from this page).
 * @fires {LcTimerPauseDetail} lc-timer-pause - The timer paused (cancelable when from this page).
 * @fires {LcSegmentChangeDetail} lc-segment-change - The meeting moved to another segment (cancelable when from this page).
 * @fires {LcTimerOvertimeDetail} lc-timer-overtime - A segment's time ran out; overtime counts.
 * @fires {LcTimerEndDetail} lc-timer-end - The meeting finished; carries the summary and its CSV.
 * @fires {LcErrorDetail} lc-error - Loading or saving the shared state failed.
 */
export class LcMeetingTimer extends LcElement<typeof timerMessages> {
  static override styles = [...LcElement.styles, progressStyles, statusLineStyles, styles];
  /** @internal Keeps the message bundle (registered when its module loads) in every bundle of this class. */
  static readonly messages = timerMessages;
  /** @internal The running `<lc-segment>` is assigned to the slot by hand; the others stay hidden. */
  static override shadowRootOptions: ShadowRootInit = { ...LcElement.shadowRootOptions, slotAssignment: 'manual' };

  private readonly meetings = new RecordsController<LcRecord>(this, { collection: COLLECTION, id: () => this.meetingId || undefined });
  private readonly wakeLock = new WakeLockController(this);
  /** @internal The chime (tests stub `play`). */
  readonly chime = new Chime();

  @query('slot') private slotEl?: HTMLSlotElement;
  @query('dialog') private dialogEl?: HTMLDialogElement;
  @query('[popover]') private helpEl?: HTMLElement;

  @state() private announcement = '';
  @state() private presenting = false;
  @state() private flashing = false;
  @state() private localState?: TimerState;
  private localWriter?: string;
  private view?: TimerView;
  private prev?: { state: TimerState; remaining: number };
  private lastItem?: LcRecord;
  private wasReady = false;
  private rtt = Infinity;
  private rttOffset = -Infinity;
  private lowerBound = -Infinity;
  /** Like `lowerBound`, from the record as loaded: loose (it may be old), so it only ever shows that this clock is behind. */
  private loadBound = -Infinity;
  private tick?: ReturnType<typeof setTimeout>;
  private flashTimer?: ReturnType<typeof setTimeout>;
  private config?: Config;
  private observer?: MutationObserver;
  private localKey?: string;
  private readonly clientId = Math.random().toString(36).slice(2, 12);

  /** The shared meeting's id in the `meetings` collection. Without it the timer is local to this page. */
  @property({ attribute: 'meeting-id' }) meetingId?: string;

  /** Built-in agenda: `reflect-learn-next` (default), `intro-reflect-learn-next` or `1-2-4-all`. */
  @property() preset?: string;

  /** A custom agenda (wins over `<lc-segment>` children and `preset`). */
  @property({ attribute: false }) agenda?: readonly AgendaItem[];

  /** A smaller layout for sidebars. */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** No chime on this page. The toolbar's mute button toggles it. */
  @property({ type: Boolean, reflect: true }) muted = false;

  /** Flash the timer with each chime (never under reduced motion). */
  @property({ type: Boolean }) flash = false;

  /** Move on to the next segment by itself when time is up, instead of counting overtime. Applies from the next start or reset. */
  @property({ type: Boolean, attribute: 'auto-advance' }) autoAdvance = false;

  override connectedCallback(): void {
    super.connectedCallback();
    registerValidator(COLLECTION, validateMeeting);
    // <lc-segment> children added, removed or edited (changes of the host's own attributes are not agenda changes)
    this.observer = new MutationObserver((records) => {
      if (!records.some((r) => r.target !== this || r.type === 'childList')) return;
      this.config = undefined;
      this.requestUpdate();
    });
    this.observer.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
    document.addEventListener('visibilitychange', this.onWake);
    document.addEventListener('fullscreenchange', this.onFullscreen);
    window.addEventListener('storage', this.onStorage);
    this.localKey = undefined;
    this.loadLocal();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    document.removeEventListener('visibilitychange', this.onWake);
    document.removeEventListener('fullscreenchange', this.onFullscreen);
    window.removeEventListener('storage', this.onStorage);
    clearTimeout(this.tick);
    clearTimeout(this.flashTimer);
    this.prev = undefined;
    this.chime.close();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.chime.muted = this.muted;
    if (changed.has('meetingId') && this.hasUpdated) {
      // another meeting (or back to local): nothing carries over
      this.prev = this.lastItem = undefined;
      this.wasReady = false;
      this.rtt = Infinity;
      this.rttOffset = this.lowerBound = this.loadBound = -Infinity;
      this.loadLocal();
    }
    const item = this.meetings.item;
    if (item !== this.lastItem) {
      // A change another participant wrote, arriving live: its adapter stamp is a lower bound of the clock offset.
      const at = Date.parse(String(item?.updatedAt));
      if (this.wasReady && item?.writerId !== this.clientId && !Number.isNaN(at))
        this.lowerBound = Math.max(this.lowerBound, at - Date.now());
      // Loaded (a late joiner, a reload): the adapter stamped it before now, so a stamp ahead of this clock shows it is behind.
      else if (!this.wasReady && !Number.isNaN(at)) this.loadBound = Math.max(this.loadBound, at - Date.now());
      this.lastItem = item;
    }
    this.wasReady = this.meetings.status === 'ready';
    this.observe();
  }

  protected override updated(): void {
    const v = this.view!;
    const st = v.state.status;
    const src = st === 'finished' ? undefined : this.sourceOf(v.segment);
    this.slotEl?.assign(...(src ? [src] : []));
    this.wakeLock.want(st === 'running');
    clearTimeout(this.tick);
    if (this.isConnected && st !== 'finished')
      this.tick = setTimeout(() => this.requestUpdate(), st === 'running' ? msToNextSecond(v.remainingMs) : MINUTE - (Date.now() % MINUTE));
  }

  // ---------------------------------------------------------------- handlers

  private readonly onWake = () => {
    if (document.visibilityState === 'visible') this.requestUpdate();
  };

  private readonly onFullscreen = () => {
    this.presenting = document.fullscreenElement === this;
  };

  private readonly onStorage = (e: StorageEvent) => {
    if (!this.meetingId && e.key === this.storageKey) this.loadLocal();
  };

  private readonly onKeyDown = (e: KeyboardEvent) => {
    this.chime.prime();
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.composedPath()[0] as Element;
    if (target.closest?.('dialog,[popover],input,textarea,select,[contenteditable]')) return;
    if (e.key === '?') {
      e.preventDefault();
      this.helpEl?.togglePopover?.();
      return;
    }
    const k = e.key.toLowerCase();
    const action: TimerAction | undefined =
      k === ' '
        ? /^(button|a|summary)$/.test(target.localName)
          ? undefined
          : { type: 'toggle' }
        : k === 'n'
          ? { type: 'next' }
          : k === 'p'
            ? { type: 'previous' }
            : k === '+'
              ? { type: 'addMinute' }
              : undefined;
    if (!action || !this.canControl) return;
    e.preventDefault();
    this.act(action);
  };

  private readonly onPresent = async () => {
    try {
      if (document.fullscreenElement === this) await document.exitFullscreen();
      else await this.requestFullscreen();
    } catch {
      // refused (not allowed in this frame): the page layout stays
    }
  };

  private readonly onConfirmReset = () => {
    this.dialogEl?.close();
    this.reset();
  };

  private download(): void {
    const url = URL.createObjectURL(new Blob(['\uFEFF' + this.summaryCsv()], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${(this.meetingId || 'meeting').replace(/[^\w-]+/g, '-')}-summary.csv`;
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // ---------------------------------------------------------------- public methods

  /** The timer's status: `idle`, `running`, `paused` or `finished`. */
  get status(): TimerStatus {
    return this.snapshot().state.status;
  }

  /** Index of the current segment. */
  get segmentIndex(): number {
    return this.snapshot().state.segmentIndex;
  }

  /** Time left in the current segment, ms (negative in overtime). */
  get remainingMs(): number {
    return this.snapshot().remainingMs;
  }

  /** True when this viewer may control the timer now (see the class description). */
  get canControl(): boolean {
    return !this.meetingId || (this.roleAllows && this.viewerStatus !== 'loading' && this.isReady);
  }

  /** Starts the meeting, or resumes it. */
  start(): void {
    this.act({ type: 'start' });
  }

  pause(): void {
    this.act({ type: 'pause' });
  }

  /** Starts, pauses or resumes, whichever fits. */
  toggle(): void {
    this.act({ type: 'toggle' });
  }

  /** Moves to the next segment; on the last one, finishes the meeting. */
  next(): void {
    this.act({ type: 'next' });
  }

  /** Moves to the previous segment; on a finished meeting, reopens the last one. */
  previous(): void {
    this.act({ type: 'previous' });
  }

  /** Moves to segment `index`. */
  goTo(index: number): void {
    this.act({ type: 'goto', index });
  }

  /** Adds time to the current segment; in overtime it gives that much from now. */
  addMinute(minutes = 1): void {
    this.act({ type: 'addMinute', minutes });
  }

  /** Back to the first segment with the time cleared (no confirmation; the Reset button asks first). */
  reset(): void {
    this.act({ type: 'reset', agenda: this.getConfig().agenda, autoAdvance: this.autoAdvance });
  }

  /** Planned against actual time, per segment and in total, as of now. */
  summary(): TimerSummary {
    return summarize(this.current, Date.now(), this.clockOffset, (s) => this.nameOf(s));
  }

  /** The summary as CSV, with column names in the viewer's language. */
  summaryCsv(summary = this.summary()): string {
    const t = this.localize.term.bind(this.localize);
    return toCsv(summary, {
      segment: t('segment'),
      planned: t('csvPlanned'),
      added: t('csvAdded'),
      actual: t('csvActual'),
      difference: t('csvDifference'),
      total: t('total'),
    });
  }

  // ---------------------------------------------------------------- internals

  /** Shared clock minus local clock: from this page's confirmed writes, else from live changes, else 0; never below what the loaded record proves. */
  private get clockOffset(): number {
    const best = Math.max(this.rttOffset, this.lowerBound);
    return Math.max(best === -Infinity ? 0 : best, this.loadBound);
  }

  /** Per page and timer: its id, else its place among the page's local timers without one (the first keeps the plain key). */
  private get storageKey(): string {
    if (this.localKey === undefined) {
      let key = this.id;
      if (!key && this.isConnected) {
        const root = this.getRootNode() as Document | ShadowRoot;
        const i = [...root.querySelectorAll('lc-meeting-timer')].filter((t) => !t.id && !t.hasAttribute('meeting-id')).indexOf(this);
        if (i > 0) key = `#${i}`;
      }
      this.localKey = `lc-meeting-timer:${location.pathname}:${key}`;
    }
    return this.localKey;
  }

  /** Whether the viewer's roles let them control a shared timer (true while still unknown, so nothing flickers). */
  private get roleAllows(): boolean {
    if (!this.meetingId || this.viewerStatus === 'loading') return true;
    const roles = this.viewer.roles ?? [];
    // No roles at all only means "anyone" where the backend has no notion of roles (local, memory).
    return roles.includes('facilitator') || (!roles.length && !this.dataStore?.adapter.assignsRoles);
  }

  private get isReady(): boolean {
    return !this.meetingId || this.meetings.status === 'ready';
  }

  private snapshot(): TimerView {
    return viewAt(this.current, Date.now(), this.clockOffset);
  }

  private readonly t = (key: string): string => (this.localize.term as (k: string) => string).call(this.localize, key);

  private nameOf(seg: Segment | undefined): string {
    if (!seg) return '';
    const tr = seg.key ? this.t(seg.key) : '';
    return tr && tr !== seg.key ? tr : seg.name;
  }

  private getConfig(): Config {
    const lang = this.localize.lang;
    const recordPreset = this.meetings.item?.preset;
    const key = `${lang}|${this.preset}|${recordPreset}`;
    const c = this.config;
    if (c && c.key === key && c.prop === this.agenda) return c;
    const agenda: Segment[] = [];
    const sources: (Element | undefined)[] = [];
    let problems = 0;
    if (this.agenda) {
      const r = parseAgenda(this.agenda);
      agenda.push(...r.agenda);
      problems = r.problems.length;
    } else {
      for (const el of this.children) {
        if (el.localName !== 'lc-segment') continue;
        const r = parseAgenda([
          { name: el.getAttribute('name'), minutes: el.getAttribute('minutes'), guidance: (el.textContent ?? '').replace(/\s+/g, ' ') },
        ]);
        if (r.agenda.length && agenda.length < 50) {
          agenda.push(r.agenda[0]);
          sources.push(el);
        } else problems++;
      }
    }
    if (this.preset && !isPreset(this.preset)) problems++;
    if (!agenda.length) {
      const name = isPreset(this.preset) ? this.preset : isPreset(recordPreset) ? recordPreset : DEFAULT_PRESET;
      agenda.push(...presetAgenda(name, this.t));
    }
    return (this.config = { agenda, sources, problems, prop: this.agenda, key });
  }

  /** The `<lc-segment>` a segment came from, if this page has it. */
  private sourceOf(seg: Segment | undefined): Element | undefined {
    const c = this.getConfig();
    const j = seg ? c.agenda.findIndex((x) => sameAgenda([x], [seg])) : -1;
    return j >= 0 ? c.sources[j] : undefined;
  }

  /** The timer state: shared or stored, unless it is untouched, when this page's agenda applies. */
  private get current(): TimerState {
    const cfg = this.getConfig();
    const stored = this.meetingId ? fromRecord(this.meetings.item) : this.localState;
    if (stored && (!isPristine(stored) || (sameAgenda(stored.agenda, cfg.agenda) && stored.autoAdvance === this.autoAdvance)))
      return stored;
    return createState(cfg.agenda, this.autoAdvance, stored?.version ?? 0);
  }

  private loadLocal(): void {
    if (this.meetingId) return;
    try {
      const r = JSON.parse(localStorage.getItem(this.storageKey) ?? 'null');
      if (r && typeof r === 'object' && validateMeeting(r) === true) {
        this.localState = fromRecord(r);
        this.localWriter = r.writerId;
      }
    } catch {
      // storage blocked or damaged: start fresh
    }
  }

  /** Applies a control action: cancelable intent events first, then the write. */
  private act(action: TimerAction): void {
    if (!this.canControl) return;
    const now = Date.now() + this.clockOffset;
    const current = this.current;
    const next = reduce(current, action, now);
    if (next === current) return;
    for (const e of this.intents(settle(current, now), next, 'local')) if (!this.emit(e)) return;
    this.chime.prime();
    this.commit(next);
    // the controls that ended the meeting go away: keep keyboard focus on the timer
    if (next.status === 'finished' && this.shadowRoot?.activeElement)
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.face')?.focus());
  }

  private commit(next: TimerState): void {
    if (!this.meetingId) {
      this.localState = next;
      this.localWriter = this.clientId;
      try {
        localStorage.setItem(this.storageKey, JSON.stringify({ ...toRecord(next), writerId: this.clientId }));
      } catch {
        // private mode or full: the timer still works on this page
      }
      return;
    }
    const store = this.dataStore;
    if (!store) return;
    const id = this.meetingId;
    const record: LcRecord = { ...this.meetings.item, id, ...toRecord(next), writerId: this.clientId };
    delete record.updatedAt;
    const used = this.clockOffset;
    const t0 = Date.now();
    store.put(COLLECTION, record).then(
      (saved) => {
        // The adapter's stamp against the midpoint of the round trip estimates the clock offset.
        const t1 = Date.now();
        const at = Date.parse(String(saved?.updatedAt));
        if (Number.isNaN(at) || t1 - t0 > 10_000 || t1 - t0 > this.rtt) return;
        this.rtt = t1 - t0;
        this.rttOffset = at - (t0 + t1) / 2;
        // Written before the offset was known (the first action): write the same state on the right clock, once.
        const delta = this.clockOffset - used;
        const mine = this.meetings.item;
        const cur = fromRecord(mine);
        if (Math.abs(delta) > 1000 && mine?.writerId === this.clientId && cur?.version === next.version)
          this.commit(shiftTimes(cur, delta));
        this.requestUpdate();
      },
      (error) =>
        this.reportError({ kind: LcAdapterError.from(error).kind, operation: 'write', collection: COLLECTION, recordId: id, error }),
    );
  }

  /** start / pause / segment-change events between two states. */
  private intents(a: TimerState, b: TimerState, source: 'local' | 'remote'): Event[] {
    const meetingId = this.meetingId || undefined;
    const at = (s: TimerState) => ({ meetingId, segmentIndex: s.segmentIndex, segmentName: this.nameOf(s.agenda[s.segmentIndex]), source });
    const out: Event[] = [];
    if (a.segmentIndex !== b.segmentIndex && !isPristine(b))
      out.push(new LcSegmentChangeEvent({ meetingId, from: a.segmentIndex, to: b.segmentIndex, segmentName: at(b).segmentName, source }));
    if (b.status === 'running' && a.status !== 'running') out.push(new LcTimerStartEvent({ ...at(b), resumed: a.status === 'paused' }));
    if (b.status === 'paused' && a.status === 'running')
      out.push(new LcTimerPauseEvent({ ...at(b), remainingMs: durationOf(b) - b.elapsedBeforePause }));
    return out;
  }

  /** Compares the state now with the last one seen: events, chimes and announcements of what changed. */
  private observe(): void {
    const v = (this.view = this.snapshot());
    const s = v.state;
    const p = this.prev;
    this.prev = this.isReady ? { state: s, remaining: v.remainingMs } : undefined;
    if (!p || !this.isReady) return;
    const ps = p.state;
    const writer = this.meetingId ? this.meetings.item?.writerId : this.localWriter;
    const source = s.version === ps.version ? 'auto' : writer === this.clientId ? 'local' : 'remote';
    const name = this.nameOf(v.segment);
    const moved = s.segmentIndex !== ps.segmentIndex && !isPristine(s);
    if (source === 'remote') for (const e of this.intents(ps, s, 'remote')) this.emit(e);
    if (source === 'auto' && moved && s.status !== 'finished')
      this.emit(
        new LcSegmentChangeEvent({
          meetingId: this.meetingId || undefined,
          from: ps.segmentIndex,
          to: s.segmentIndex,
          segmentName: name,
          source,
        }),
      );
    if (s.status === 'finished' && ps.status !== 'finished') {
      if (source === 'auto') this.signal('end');
      this.announce(this.localize.term('announceFinished'));
      const summary = this.summary();
      this.emit(new LcTimerEndEvent({ meetingId: this.meetingId || undefined, summary, csv: this.summaryCsv(summary), source }));
    } else if (s.status !== 'finished' && (moved || (s.status === 'running' && ps.status === 'idle'))) {
      if (source === 'auto') this.signal('end');
      const m = Math.round(Math.max(0, v.remainingMs) / 6000) / 10;
      this.announce(this.localize.term('announceSegment', name, m, this.localize.number(m)));
    } else if (s.status === 'running' && ps.status === 'running' && !moved) {
      if (p.remaining > 0 && v.remainingMs <= 0) {
        this.signal('end');
        this.announce(this.localize.term('announceTimeUp', name));
        this.emit(
          new LcTimerOvertimeEvent({
            meetingId: this.meetingId || undefined,
            segmentIndex: s.segmentIndex,
            segmentName: name,
            durationMs: v.durationMs,
          }),
        );
      } else if (p.remaining > MINUTE && v.remainingMs <= MINUTE) {
        this.signal('warning');
        this.announce(this.localize.term('announceOneMinute', name));
      }
    }
  }

  private emit(e: Event): boolean {
    return this.dispatchEvent(e);
  }

  private signal(kind: ChimeKind): void {
    this.chime.play(kind);
    if (!this.flash) return;
    this.flashing = true;
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => (this.flashing = false), 2000);
  }

  private announce(text: string): void {
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  // ---------------------------------------------------------------- render

  private button(
    label: string,
    action: TimerAction,
    disabled: boolean,
    extra: { icon?: TemplateResult; primary?: boolean } = {},
  ): TemplateResult {
    return html`<button
      type="button"
      class="btn ${extra.primary ? 'btn--primary' : ''}"
      part="button${extra.primary ? ' button-primary' : ''}"
      aria-disabled=${disabled ? 'true' : 'false'}
      @click=${() => !disabled && this.act(action)}
    >
      ${extra.icon}${label}
    </button>`;
  }

  private renderControls(v: TimerView, enabled: boolean): TemplateResult {
    const t = this.localize.term.bind(this.localize);
    const s = v.state;
    const st = s.status;
    const last = s.segmentIndex >= s.agenda.length - 1;
    const running = st === 'running';
    const finished = st === 'finished';
    return html`<div part="controls" class="controls" role="group" aria-label=${t('controls')}>
      ${
        finished
          ? nothing
          : this.button(running ? t('pause') : st === 'paused' ? t('resume') : t('start'), { type: 'toggle' }, !enabled, {
              icon: running ? ICON.pause : ICON.play,
              primary: true,
            })
      }
      ${this.button(t('previous'), { type: 'previous' }, !enabled || (s.segmentIndex === 0 && !finished), { icon: ICON.prev })}
      ${finished ? nothing : this.button(last && st !== 'idle' ? t('finish') : t('next'), { type: 'next' }, !enabled || (last && st === 'idle'), { icon: ICON.next })}
      ${finished ? nothing : this.button(t('addMinute'), { type: 'addMinute' }, !enabled)}
      <button
        type="button"
        class="btn"
        part="button"
        aria-disabled=${!enabled || isPristine(s) ? 'true' : 'false'}
        aria-haspopup="dialog"
        @click=${() => enabled && !isPristine(s) && this.dialogEl?.showModal()}
      >
        ${t('reset')}
      </button>
    </div>`;
  }

  private renderAgenda(v: TimerView, enabled: boolean): TemplateResult {
    const t = this.localize.term.bind(this.localize);
    const s = v.state;
    const min = (ms: number) => t('min', this.localize.number(Math.round(ms / 6000) / 10));
    const total = v.rows.reduce((sum, r) => sum + r.plannedMs, 0);
    return html`<details part="agenda" class="agenda" ?open=${!this.compact}>
      <summary>
        ${t('agenda')} <span class="hint">(${t('agendaTotal', s.agenda.length, this.localize.number(Math.round(total / 6000) / 10))})</span>
      </summary>
      <ol>
        ${v.rows.map((r) => {
          const name = this.nameOf(s.agenda[r.index]);
          const current = r.phase === 'current';
          const times =
            s.status !== 'idle' && (r.actualMs || r.phase !== 'upcoming')
              ? t('plannedActual', min(r.plannedMs), formatClock(r.actualMs, true))
              : min(r.plannedMs);
          return html`<li class=${r.phase} part="agenda__item" aria-current=${current ? 'step' : nothing}>
            <span
              >${
                enabled && !current && s.status !== 'finished'
                  ? html`<button
                      type="button"
                      class="link"
                      aria-label=${t('goTo', name)}
                      @click=${() => this.act({ type: 'goto', index: r.index })}
                    >
                      ${name}
                    </button>`
                  : name
              }</span
            >
            <span class="agenda__times"
              >${times}${r.addedMs ? html` · ${t('addedTime', this.localize.number(Math.round(r.addedMs / 6000) / 10))}` : nothing}</span
            >
          </li>`;
        })}
      </ol>
    </details>`;
  }

  private renderSummary(sum: TimerSummary): TemplateResult {
    const t = this.localize.term.bind(this.localize);
    const diff = (ms: number) => `${ms < 0 ? '−' : '+'}${formatClock(Math.abs(ms), true)}`;
    // whole seconds, so that the difference adds up with what is shown
    const cells = (r: TimerSummary['total']) =>
      html`<td>${formatClock(r.plannedMs)}</td>
        <td>${formatClock(r.actualMs, true)}</td>
        <td>${diff(Math.floor(r.actualMs / 1000) * 1000 - r.plannedMs)}</td>`;
    return html`<section part="summary" class="summary" aria-labelledby="summary-title">
      <p id="summary-title" class="dialog-title">${t('summary')}</p>
      <table part="summary__table">
        <thead>
          <tr>
            <th scope="col">${t('segment')}</th>
            <th scope="col">${t('planned')}</th>
            <th scope="col">${t('actual')}</th>
            <th scope="col">${t('difference')}</th>
          </tr>
        </thead>
        <tbody>
          ${sum.rows.map(
            (r) =>
              html`<tr>
                <th scope="row">${r.name}</th>
                ${cells(r)}
              </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">${t('total')}</th>
            ${cells(sum.total)}
          </tr>
        </tfoot>
      </table>
      <button type="button" class="btn" part="download" @click=${() => this.download()}>${t('downloadCsv')}</button>
    </section>`;
  }

  override render(): TemplateResult {
    const t = this.localize.term.bind(this.localize);
    const v = this.view ?? this.snapshot();
    const s = v.state;
    const st = s.status;
    const cfg = this.getConfig();
    const control = this.roleAllows;
    const shared = !!this.meetingId;
    const loading = shared && this.meetings.status === 'loading';
    const failed = shared && this.meetings.status === 'error';
    const enabled = this.canControl;
    const over = v.overtime;
    const finished = st === 'finished';
    const seg = v.segment;
    const name = finished ? t('finished') : this.nameOf(seg);
    const time = finished
      ? formatClock(
          v.rows.reduce((x, r) => x + r.actualMs, 0),
          true,
        )
      : over
        ? `+${formatClock(v.overtimeMs, true)}`
        : formatClock(v.remainingMs);
    const label = finished ? t('totalTime') : over ? t('overtime') : st === 'paused' ? t('paused') : st === 'idle' ? t('ready') : t('left');
    const keys = !finished && seg?.guidanceKeys?.length ? seg.guidanceKeys : undefined;
    const text = !finished && !keys && !this.sourceOf(seg) ? seg?.guidance : undefined;
    const hasGuidance = !finished && !!(keys || text || this.sourceOf(seg));
    const clock = (ms: number) => this.localize.date(ms, { hour: 'numeric', minute: '2-digit' });
    const ws = shared ? this.meetings.writeState(this.meetingId!) : undefined;
    const termFn = this.localize.term.bind(this.localize) as unknown as Term;
    return html`<section
      part="base"
      class="base ${over ? 'over' : ''} ${this.flashing ? 'flash' : ''}"
      aria-label=${t('timerLabel')}
      @keydown=${this.onKeyDown}
      @pointerdown=${() => this.chime.prime()}
    >
      <div part="header" class="header">
        <div>
          <p part="step" class="step">${t('stepOf', Math.min(s.segmentIndex + 1, s.agenda.length), s.agenda.length)}</p>
          <p part="title" class="title" id="title">${name}</p>
        </div>
        <div part="toolbar" class="toolbar">
          <button
            type="button"
            class="btn btn--ghost btn--icon"
            aria-pressed=${this.muted ? 'true' : 'false'}
            aria-label=${t('mute')}
            @click=${() => (this.muted = !this.muted)}
          >
            ${this.muted ? ICON.muted : ICON.sound}
          </button>
          ${
            document.fullscreenEnabled
              ? html`<button
                  type="button"
                  class="btn btn--ghost btn--icon"
                  aria-label=${this.presenting ? t('exitPresent') : t('present')}
                  @click=${this.onPresent}
                >
                  ${ICON.present}
                </button>`
              : nothing
          }
          <button type="button" class="btn btn--ghost btn--icon" popovertarget="help" aria-label=${t('shortcuts')} ?hidden=${!control}>
            ?
          </button>
        </div>
      </div>

      ${loading ? html`<p part="notice" class="notice" role="status">${t('loading')}</p>` : nothing}
      ${
        failed
          ? html`<div part="notice" class="notice notice--error" role="alert">
              ${ICON.alert}<span>${this.errorText(this.meetings.error)}</span>
              <button type="button" class="btn" @click=${() => this.meetings.retry()}>${t('retry')}</button>
            </div>`
          : nothing
      }

      <div part="face" class="face" tabindex="0" role="timer" aria-labelledby="time label title">
        ${progressRing({
          value: finished ? 1 : Math.min(v.elapsedMs, v.durationMs),
          max: finished ? 1 : v.durationMs,
          label: t('progress'),
          text: t(
            'progressText',
            this.localize.number(Math.floor(v.elapsedMs / MINUTE)),
            this.localize.number(Math.round(v.durationMs / 6000) / 10),
          ),
          completeText: t('timeUp'),
        })}
        <div class="clock">
          <span part="time" class="time ${time.length > 5 ? 'time--long' : ''}" id="time">${time}</span>
          <span part="time-label" class="label" id="label">${over ? ICON.alert : nothing}${label}</span>
        </div>
      </div>

      <div part="guidance" class="guidance" ?hidden=${!hasGuidance}>
        ${
          keys
            ? html`<ul>
                ${keys.map((k) => html`<li>${this.t(k)}</li>`)}
              </ul>`
            : text
              ? html`<p>${text}</p>`
              : nothing
        }
        <slot></slot>
      </div>

      ${control ? this.renderControls(v, enabled) : html`<p part="notice" class="notice">${ICON.lock}<span>${t('readOnly')}</span></p>`}
      ${cfg.problems ? html`<p part="notice" class="notice">${ICON.alert}<span>${t('agendaProblems', cfg.problems)}</span></p>` : nothing}

      <p part="meta" class="meta">
        ${
          finished
            ? html`<span>${t('endedAt', clock(v.projectedEnd))}</span>`
            : html`<span>${t('totalLeft', formatClock(v.totalRemainingMs))}</span> <span>${t('endsAt', clock(v.projectedEnd))}</span>`
        }
      </p>

      ${finished ? this.renderSummary(this.summary()) : nothing} ${this.renderAgenda(v, enabled)}
      ${
        shared
          ? statusLine({
              state: ws === 'queued' || ws === 'failed' ? ws : undefined,
              offline: !this.online,
              errorMessage: ws === 'failed' ? this.errorText(this.meetings.writeError(this.meetingId!)) : undefined,
              term: termFn,
            })
          : nothing
      }
      <div class="vh" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>

      <dialog part="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-body">
        <p class="dialog-title" id="confirm-title">${t('resetTitle')}</p>
        <p id="confirm-body">${t('resetBody')}</p>
        <div class="dialog-actions">
          <button type="button" class="btn" @click=${() => this.dialogEl?.close()}>${t('cancel')}</button>
          <button type="button" class="btn btn--danger" @click=${this.onConfirmReset}>${t('reset')}</button>
        </div>
      </dialog>

      <div part="help" id="help" popover>
        <p class="dialog-title">${t('shortcuts')}</p>
        <p class="hint">${t('shortcutsHint')}</p>
        <dl>
          <dt><kbd>${t('keySpace')}</kbd></dt>
          <dd>${t('keyToggle')}</dd>
          <dt><kbd>N</kbd></dt>
          <dd>${t('keyNext')}</dd>
          <dt><kbd>P</kbd></dt>
          <dd>${t('keyPrevious')}</dd>
          <dt><kbd>+</kbd></dt>
          <dd>${t('keyAdd')}</dd>
          <dt><kbd>?</kbd></dt>
          <dd>${t('keyHelp')}</dd>
        </dl>
        <button type="button" class="btn" popovertarget="help" popovertargetaction="hide">${t('close')}</button>
      </div>
    </section>`;
  }
}
