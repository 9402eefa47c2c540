import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LcElement } from '../../core/lc-element.js';
import { RecordsController } from '../../core/records-controller.js';
import { registerValidator } from '../../core/validation.js';
import { newId } from '../../core/outbox.js';
import { LcAdapterError, type Query } from '../../core/adapter.js';
import type { StoreWriteEvent } from '../../core/store.js';
import { progressBar, progressStyles } from '../../ui/progress.js';
import { statusLine, statusLineStyles } from '../../ui/status-line.js';
import { UndoController, undoStyles } from '../../ui/undo.js';
import { identityPrompt, identityPromptStyles } from '../../ui/identity-prompt.js';
import { LcCreditLogEvent } from '../../events/lc-credit-log.js';
import { LcCreditLoggedEvent } from '../../events/lc-credit-logged.js';
import { LcCreditCompleteEvent } from '../../events/lc-credit-complete.js';
import { LcCreditProgressEvent } from '../../events/lc-credit-progress.js';
import { creditMessages } from './messages.js';
import { styles } from './credit-tracker.styles.js';
import {
  ENTRIES,
  KINDS,
  PROGRAMS,
  byStatus,
  checkEntry,
  dayOf,
  fileName,
  goals,
  inPeriod,
  isComplete,
  progressPercent,
  pace,
  parseAmount,
  parseCategories,
  periodsWithEntries,
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
  type Day,
  type EntryField,
  type EntryInput,
  type Goal,
  type Kind,
  type Period,
  type ProgramRecord,
  type Rules,
  type TeamRow,
  type Unit,
} from './model.js';

type Sort = { key: string; dir: number };
type Term = (key: string, ...args: unknown[]) => string;

/** What every render needs, worked out once per update. */
interface View {
  rules: Rules;
  today: Day;
  current: Period;
  periods: Period[];
  period: Period;
  /** The viewer's own visible entries of `period`. */
  own: CreditEntry[];
  team: boolean;
  readOnly: boolean;
}

const BY_DATE = { field: 'date', direction: 'desc' } as const;
const ERR: Record<string, string> = {
  title: 'crErrTitle',
  category: 'crErrCategory',
  kind: 'crErrCategory',
  date: 'crErrDate',
  required: 'crErrAmount',
  positive: 'crErrPositive',
  max: 'crErrMax',
  step: 'crErrStep',
  future: 'crErrFuture',
  outside: 'crErrOutside',
  url: 'crErrUrl',
};
const STATUS_KEY = { approved: 'crApproved', pending: 'crWaiting', returned: 'crReturned' };
const TEAM_KEY = { complete: 'crComplete', 'on-track': 'crOnTrack', behind: 'crBehindShort' };
const local = (d: Day) => new Date(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
const has = (roles: string[], ...r: string[]) => r.some((x) => roles.includes(x));

/**
 * Professional-development credit for learning **and** sharing. The viewer logs activities
 * (title, kind, category, amount, date, evidence link, note) in a program's period and sees the
 * total and both buckets as progress bars with a text equivalent, which requirements are met, and
 * the pace ("behind: 4 credits needed in 3 months (about 1.3 a month)"). Earlier periods can be
 * opened (read-only unless `edit-past`). The activities table sorts by date or amount, filters by
 * kind, edits, deletes (with undo) and downloads as CSV or JSON; printing gives a one-page summary.
 *
 * Rules come from the `credit-programs` record whose id is `program-id`, field by field, else from
 * the attributes. With `require-approval`, entries wait for a viewer with the `approver` role to
 * approve them or return them with a comment; waiting credit is shown apart and does not count.
 * `view="team"` shows managers and approvers one row per member (complete, on track, behind; most
 * behind first) with a CSV download. Other people's entries are read and shown only for those roles.
 *
 * Records: `credit-entries` `{ id, programId, periodKey, authorId, authorName, title, kind,
 * category, amount, date, evidenceUrl?, note?, status, reviewerId?, reviewComment? }`.
 *
 * @summary Tracks professional-development credit for learning and sharing, with pace, approval and a team view.
 * @tag lc-credit-tracker
 *
 * @csspart base - The outer wrapper.
 * @csspart header - The period picker and download buttons.
 * @csspart summary - The progress card: text summary, bars, waiting credit, pace, celebration.
 * @csspart progress - One progress bar (with `progress__bar` and `progress__text`).
 * @csspart pace - The pace list.
 * @csspart celebration - The "Program complete!" message.
 * @csspart form - The log (or edit) form.
 * @csspart field - One form field with its label, hint and message.
 * @csspart error - A validation message.
 * @csspart submit - The submit button.
 * @csspart history - The activities table with its filter.
 * @csspart table - A table (activities or team).
 * @csspart review - The approver's list of entries waiting for approval.
 * @csspart review-item - One entry waiting for approval.
 * @csspart team - The team table with its download.
 * @csspart status - The write status line (saving, saved, will sync, not saved).
 * @csspart toast - The "Activity deleted. Undo" toast.
 * @csspart identity - The "What should we call you?" form (adapters without an identity of their own).
 *
 * @cssprop --lc-credit-tracker-gap - Space between sections (default `--lc-space-l`).
 * @cssprop --lc-credit-tracker-max-width - Largest width (default `64rem`).
 * @cssprop --lc-credit-tracker-surface - Background of cards (default `--lc-color-surface-raised`).
 * @cssprop --lc-credit-tracker-radius - Corner radius of cards (default `--lc-radius-l`).
 * @cssprop --lc-credit-tracker-learning-color - Bar colour of the learning bucket (default `--lc-color-accent`).
 * @cssprop --lc-credit-tracker-sharing-color - Bar colour of the sharing bucket (default a violet that meets AA in light and dark).
 *
 * @fires {LcCreditLogEvent} lc-credit-log - Before an activity is written (new or edited). Cancelable; `detail` is the entry.
 * @fires {LcCreditLoggedEvent} lc-credit-logged - When the adapter has confirmed an activity (also after a queued one syncs).
 * @fires {LcCreditCompleteEvent} lc-credit-complete - When the viewer's current period becomes complete. Once per completion.
 * @fires {LcCreditProgressEvent} lc-credit-progress - When the viewer's progress in the current period is first known and whenever it changes: `{ programId, periodKey, percent, complete }` (an LMS adapter reports it as a score).
 * @fires {LcErrorEvent} lc-error - When loading, saving, approving or deleting fails.
 */
export class LcCreditTracker extends LcElement<typeof creditMessages> {
  static override styles = [...LcElement.styles, progressStyles, statusLineStyles, undoStyles, identityPromptStyles, styles];

  private readonly program = new RecordsController<ProgramRecord>(this, { collection: PROGRAMS, id: () => this.programId || undefined });
  // Made on first need: RecordsController reads the whole collection when `query()` returns undefined,
  // so these exist only once their query can be asked.
  private mine?: RecordsController<CreditEntry>;
  /** Everyone's entries: read only for managers and approvers. */
  private all?: RecordsController<CreditEntry>;
  private readonly undo = new UndoController(this);

  @state() private values: EntryInput = {};
  @state() private editing?: string;
  @state() private attempted = false;
  @state() private periodKey?: string;
  @state() private sort: Sort = { key: 'date', dir: -1 };
  @state() private teamSort: Sort = { key: 'status', dir: 1 };
  @state() private kindFilter = '';
  @state() private gone = new Set<string>();
  @state() private lastId?: string;
  @state() private failed?: string;
  @state() private said = '';
  @state() private celebrate?: string;
  @state() private comments: Record<string, string> = {};
  @state() private needComment?: string;
  @state() private identity: { busy: boolean; error?: string } = { busy: false };
  private v!: View;
  private readonly baseline = new Map<string, boolean>();
  /** The last progress reported with `lc-credit-progress`. */
  private progressSent?: string;
  private readonly sent = new Map<string, CreditEntry>();
  protected override readonly storeEventTypes = ['write'];

  /** The program (required): its `credit-programs` record, when there is one, sets the rules. */
  @property({ attribute: 'program-id' }) programId = '';

  /** Total needed per period. Defaults to the sum of the two minimums. */
  @property({ type: Number }) required?: number;

  /** Least learning credit per period. */
  @property({ type: Number, attribute: 'min-learning' }) minLearning?: number;

  /** Least sharing credit per period. */
  @property({ type: Number, attribute: 'min-sharing' }) minSharing?: number;

  /** `year` (default), `quarter`, `month`, or an ISO interval such as `2027-01-01/2027-12-31`. */
  @property() period?: string;

  /** The month and day (`MM-DD`) the year starts, e.g. `07-01` for a July fiscal year; quarters and months follow it. */
  @property({ attribute: 'period-start' }) periodStart?: string;

  /** `credits` (default) or `hours`. */
  @property() unit?: Unit;

  /** Most one activity may count for. No limit when unset. */
  @property({ type: Number, attribute: 'max-per-entry' }) maxPerEntry?: number;

  /** Categories per kind; attribute form `learning: Course, Webinar; sharing: Mentoring`. The defaults are translated. */
  @property({ converter: { fromAttribute: parseCategories } }) categories?: Partial<Record<Kind, string[]>>;

  /** Entries wait for an approver before they count. */
  @property({ type: Boolean, attribute: 'require-approval' }) requireApproval = false;

  /** `me` (default): the viewer's own credit. `team`: one row per member, for the `manager` and `approver` roles. */
  @property() view: 'me' | 'team' = 'me';

  /** Lets the viewer log and edit activities of earlier periods (read-only by default). */
  @property({ type: Boolean, attribute: 'edit-past' }) editPast = false;

  /** The level of the section headings. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 3;

  constructor() {
    super();
    registerValidator(ENTRIES, validateEntry);
    registerValidator(PROGRAMS, validateProgram);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.canWrite && this.programId) this.mine ??= this.entries(() => ({ programId: this.programId, authorId: this.viewer.id }));
    if (this.staff && this.programId) this.all ??= this.entries(() => ({ programId: this.programId }));
    const rules = resolveRules(this.program.item, {
      required: this.required,
      minLearning: this.minLearning,
      minSharing: this.minSharing,
      period: this.period,
      periodStart: this.periodStart,
      unit: this.unit,
      maxPerEntry: this.maxPerEntry,
      categories: this.categories as Rules['categories'],
      requireApproval: this.requireApproval,
    });
    const today = dayOf(new Date());
    const me = this.viewer.id;
    const team = this.staff && this.view === 'team';
    const mine = (this.mine?.items ?? []).filter((e) => e.authorId === me && !this.gone.has(e.id));
    const periods = periodsWithEntries(team ? this.all!.items : mine, rules, today);
    const current = periods.find((p) => inPeriod(today, p)) ?? periods[0];
    const period = periods.find((p) => p.key === this.periodKey) ?? current;
    const of = (p: Period) => mine.filter((e) => inPeriod(toDay(e.date), p));
    this.v = { rules, today, current, periods, period, own: of(period), team, readOnly: period !== current && !this.editPast };
    // Completion: remember how the current period stood when first seen under these rules; celebrate only
    // the change to complete that entries bring (a change of rules is not an achievement).
    if (this.mine?.status === 'ready' && this.canWrite && this.program.status !== 'loading') {
      const s = sums(of(current));
      const gs = goals(s, rules);
      const done = isComplete(gs);
      const progress = { programId: this.programId, periodKey: current.key, percent: progressPercent(gs), complete: done };
      const sent = JSON.stringify([me, progress]);
      if (sent !== this.progressSent) {
        this.progressSent = sent;
        this.dispatchEvent(new LcCreditProgressEvent(progress));
      }
      const key = JSON.stringify([me, this.programId, current.key, rules]);
      const was = this.baseline.get(key);
      if (was !== true) this.baseline.set(key, done);
      if (was === false && done) {
        this.celebrate = current.key;
        this.announce(`${this.t('crDone')} ${this.t('crDoneText', this.label(current))}`);
        const [l, sh] = [s.learning.approved, s.sharing.approved];
        this.dispatchEvent(
          new LcCreditCompleteEvent({
            programId: this.programId,
            periodKey: current.key,
            total: l + sh,
            learning: l,
            sharing: sh,
            unit: rules.unit,
          }),
        );
      }
    }
  }

  protected override updated(): void {
    for (const c of [this.mine, this.all]) if (c?.hasMore && !c.loadingMore && c.status === 'ready') void c.loadMore();
  }

  // ------------------------------------------------------------------ helpers

  private entries(where: () => Query['where']): RecordsController<CreditEntry> {
    return new RecordsController<CreditEntry>(this, {
      collection: ENTRIES,
      query: () => ({ where: where(), orderBy: BY_DATE, limit: 500 }),
    });
  }

  private get staff(): boolean {
    return this.canWrite && has(this.viewer.roles, 'manager', 'approver');
  }

  private get t(): Term {
    return this.localize.term.bind(this.localize) as Term;
  }

  protected override handleStoreEvent(e: Event): void {
    const w = e as StoreWriteEvent;
    const sent = this.sent.get(w.id);
    if (w.collection !== ENTRIES || !sent || (w.state !== 'saved' && w.state !== 'failed')) return;
    this.sent.delete(w.id);
    const own = sent.authorId === this.viewer.id;
    if (w.state === 'saved') {
      if (own) this.dispatchEvent(new LcCreditLoggedEvent((w.record ?? sent) as CreditEntry));
      return;
    }
    this.failed = this.errorText(w.error);
    // Never lost: a refused activity goes back into the form when the form is empty.
    if (own && !this.values.title) this.fill(sent);
    this.reportError({ kind: w.error?.kind ?? 'unavailable', operation: 'write', collection: ENTRIES, recordId: w.id, error: w.error });
  }

  private announce(text: string): void {
    this.said = this.said === text ? `${text}\u00a0` : text;
  }

  private n(x: number): string {
    return this.localize.number(x, { maximumFractionDigits: 2 });
  }

  private unitWord(x: number): string {
    return this.t(this.v.rules.unit === 'hours' ? 'crHours' : 'crCredits', x);
  }

  private amount(x: number): string {
    return `${this.n(x)} ${this.unitWord(x)}`;
  }

  private day(d: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
    const x = toDay(d);
    return x ? this.localize.date(local(x), options) : '';
  }

  /** "2027", "July 2027", "Jul 2026 – Jun 2027", or full dates for explicit intervals. */
  private label(p: Period): string {
    const { start: a, end: b, fixed } = p;
    if (!fixed && a.endsWith('01-01') && b.endsWith('12-31') && a < b) return a.slice(0, 4);
    if (!fixed && a.slice(0, 7) === b.slice(0, 7)) return this.day(a, { month: 'long', year: 'numeric' });
    const o: Intl.DateTimeFormatOptions = fixed || !a.endsWith('01') ? { dateStyle: 'medium' } : { month: 'short', year: 'numeric' };
    return new Intl.DateTimeFormat(this.localize.lang, o).formatRange(local(a), local(b));
  }

  /** A default category's translated label (its message key, looked up in the bundle, keeps the bundle in any build); a custom one as is. */
  private category(c: string): string {
    const key = `crCat${c.charAt(0).toUpperCase()}${c.slice(1)}`;
    return key in creditMessages ? this.t(key) : c;
  }

  private kindName(k: string): string {
    return this.t(k === 'sharing' ? 'crSharing' : k === 'learning' ? 'crLearning' : 'crTotal');
  }

  private heading(text: string, id: string): TemplateResult {
    return html`<div class="h" role="heading" aria-level=${this.headingLevel} id=${id} tabindex="-1">${text}</div>`;
  }

  private async focusOn(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private fill(e: CreditEntry): void {
    this.values = {
      title: e.title,
      kind: e.kind,
      category: e.category,
      amount: String(e.amount),
      date: e.date,
      evidenceUrl: e.evidenceUrl ?? '',
      note: e.note ?? '',
    };
  }

  private get form(): EntryInput {
    const { today, period } = this.v;
    return { kind: 'learning', category: '', date: inPeriod(today, period) ? today : period.end, ...this.values };
  }

  private put(record: CreditEntry): void {
    this.sent.set(record.id, record);
    this.lastId = record.id;
    this.failed = undefined;
    this.dataStore!.put(ENTRIES, record).catch(() => {
      /* reported through the write event */
    });
  }

  private download(name: string, type: string, content: string): void {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.hidden = true;
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 100);
  }

  // ------------------------------------------------------------------ handlers

  private readonly onInput = (e: Event): void => {
    const { name, value } = e.target as HTMLInputElement;
    if (!name) return;
    const values = { ...this.values, [name]: value };
    if (name === 'kind' && !this.v.rules.categories[value as Kind].includes(values.category ?? '')) values.category = '';
    this.values = values;
  };

  private readonly onSubmit = (e: Event): void => {
    e.preventDefault();
    const { rules, period, today } = this.v;
    const v = this.form;
    const bad = Object.keys(checkEntry(v, rules, period, today));
    this.attempted = true;
    if (bad.length) {
      this.announce(this.t('crErrCount', bad.length));
      void this.focusOn(`#${bad[0]}`);
      return;
    }
    const prev = this.mine!.items.find((x) => x.id === this.editing);
    const record: CreditEntry = {
      ...prev,
      id: prev?.id ?? newId(),
      programId: this.programId,
      periodKey: period.key,
      authorId: this.viewer.id,
      authorName: this.viewer.name,
      title: v.title!.trim(),
      kind: v.kind as Kind,
      category: v.category!,
      amount: roundQuarter(parseAmount(v.amount)),
      unit: rules.unit,
      date: v.date!,
      status: rules.requireApproval ? 'pending' : 'approved',
    };
    // A changed entry is a new claim: earlier review fields go.
    for (const k of ['evidenceUrl', 'note', 'reviewerId', 'reviewComment'] as const) delete record[k];
    const url = safeUrl(v.evidenceUrl);
    if (url) record.evidenceUrl = url;
    if (v.note?.trim()) record.note = v.note.trim();
    const intent = new LcCreditLogEvent(record);
    this.dispatchEvent(intent);
    if (intent.defaultPrevented) return;
    this.put(intent.detail);
    this.values = {};
    this.editing = undefined;
    this.attempted = false;
    this.announce(this.t('crLogged'));
  };

  private edit(e?: CreditEntry): void {
    const id = this.editing;
    if (e) this.fill(e);
    else this.values = {};
    this.editing = e?.id;
    this.attempted = false;
    void this.focusOn(e ? '#title' : `[data-id="${id}"]`);
  }

  private delete(e: CreditEntry): void {
    const store = this.dataStore!;
    const hide = (on: boolean) => {
      const s = new Set(this.gone);
      if (on) s.add(e.id);
      else s.delete(e.id);
      this.gone = s;
    };
    hide(true);
    if (this.editing === e.id) this.edit();
    void this.focusOn('#h-hist');
    this.undo
      .schedule({
        message: this.t('crDeleted'),
        commit: () => store.remove(ENTRIES, e.id),
        undo: () => void this.focusOn(`[data-id="${e.id}"]`),
      })
      .then(
        () => hide(false),
        (raw: unknown) => {
          hide(false);
          const error = LcAdapterError.from(raw);
          this.lastId = undefined;
          this.failed = this.errorText(error);
          this.reportError({ kind: error.kind, operation: 'remove', collection: ENTRIES, recordId: e.id, error });
        },
      );
  }

  private review(e: CreditEntry, ok: boolean): void {
    const comment = (this.comments[e.id] ?? '').trim();
    if (!ok && !comment) {
      this.needComment = e.id;
      void this.focusOn(`#c-${e.id}`);
      return;
    }
    const record: CreditEntry = { ...e, status: ok ? 'approved' : 'returned', reviewerId: this.viewer.id };
    if (comment) record.reviewComment = comment;
    else delete record.reviewComment;
    this.needComment = undefined;
    this.put(record);
    this.announce(this.t(ok ? 'crDidApprove' : 'crDidReturn', e.title));
  }

  private export(kind: 'csv' | 'json'): void {
    const { period, rules, own } = this.v;
    const t = this.t;
    const name = fileName(this.programId, period.start, `${period.end}.${kind}`);
    if (kind === 'json')
      return this.download(name, 'application/json', toJson(this.programId, period, rules, own, new Date().toISOString()));
    const head = ['crDate', 'crWhat', 'crKind', 'crCategory', 'crAmount', 'crStatus', 'crEvidenceLink', 'crNote', 'crComment'].map((k) =>
      t(k, this.unitWord(2)),
    );
    const rows = this.sorted(own).map((e) => [
      e.date,
      e.title,
      this.kindName(e.kind),
      this.category(e.category),
      e.amount,
      t(STATUS_KEY[e.status]),
      e.evidenceUrl,
      e.note,
      e.reviewComment,
    ]);
    this.download(name, 'text/csv;charset=utf-8', toCsv([head, ...rows]));
  }

  private exportTeam(rows: TeamRow[]): void {
    const t = this.t;
    const { period } = this.v;
    const head = ['crMember', 'crTotal', 'crLearning', 'crSharing', 'crWaiting', 'crStatus'].map((k) => t(k));
    // as on screen (the badge capitalises its first letter): "Behind", not "behind" beside "Complete"
    const status = (s: string) => s.charAt(0).toLocaleUpperCase(this.localize.lang) + s.slice(1);
    const body = rows.map((r) => [r.name, r.total, r.learning, r.sharing, r.pending, status(t(TEAM_KEY[r.status]))]);
    this.download(fileName(this.programId, 'team', period.start, `${period.end}.csv`), 'text/csv;charset=utf-8', toCsv([head, ...body]));
  }

  private readonly identify = async (name: string): Promise<void> => {
    this.identity = { busy: true };
    try {
      await this.dataStore!.identify(name);
      this.identity = { busy: false };
    } catch (raw) {
      const error = LcAdapterError.from(raw);
      this.identity = { busy: false, error: this.errorText(error) };
      this.reportError({ kind: error.kind, operation: 'identify', error });
    }
  };

  // ------------------------------------------------------------------ render

  private sorted(list: CreditEntry[]): CreditEntry[] {
    const { key, dir } = this.sort;
    const date = (a: CreditEntry, b: CreditEntry) => a.date.localeCompare(b.date) || (a.createdAt ?? '').localeCompare(b.createdAt ?? '');
    return list
      .filter((e) => !this.kindFilter || e.kind === this.kindFilter)
      .sort((a, b) => dir * ((key === 'amount' ? a.amount - b.amount : 0) || date(a, b)));
  }

  /** A sortable column header: a button inside the `th`, `aria-sort` on the `th`. */
  private th(label: string, key: string, s: Sort, set: (s: Sort) => void): TemplateResult {
    const on = s.key === key;
    return html`<th scope="col" aria-sort=${on ? (s.dir > 0 ? 'ascending' : 'descending') : 'none'}>
      <button type="button" class="sort" @click=${() => set({ key, dir: on ? -s.dir : key === 'status' || key === 'name' ? 1 : -1 })}>
        ${label}<span aria-hidden="true">${on ? (s.dir > 0 ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>`;
  }

  private link(url: unknown): TemplateResult | typeof nothing {
    const safe = safeUrl(url);
    return safe ? html` · <a href=${safe} target="_blank" rel="noopener noreferrer">${this.t('crEvidenceLink')}</a>` : nothing;
  }

  private renderSummary(): TemplateResult {
    const { rules, period, current, today, own } = this.v;
    const t = this.t;
    const s = sums(own);
    const gs = goals(s, rules);
    const waiting = s.learning.pending + s.sharing.pending;
    const of = (g: Goal) => t('progressOf', this.n(g.done), this.n(g.target), this.unitWord(g.target));
    const paceText = (g: Goal) => {
      const p = pace(g, period, today);
      return p.state === 'behind'
        ? t(
            'crBehind',
            this.amount(p.need),
            this.localize.number(p.left, { style: 'unit', unit: p.unit, unitDisplay: 'long' }),
            t('crRate', this.n(p.rate), p.unit),
            p.need,
          )
        : t(p.state === 'met' ? 'crMet' : p.state === 'ended' ? 'crNotMet' : 'crOnTrack');
    };
    return html`<section class="card" part="summary" aria-labelledby="h-sum">
      <p class="po">${this.viewer.name} · ${this.programId}</p>
      ${this.heading(this.label(period), 'h-sum')}
      <p class="lead">
        ${
          gs.length
            ? gs
                .map((g) =>
                  g.key === 'total'
                    ? of(g)
                    : t('crBucket', this.kindName(g.key).toLocaleLowerCase(this.localize.lang), this.n(g.done), this.n(g.target)),
                )
                .join(' · ')
            : `${t('crTotal')}: ${this.amount(s.learning.approved + s.sharing.approved)}`
        }
      </p>
      ${gs.map(
        (g) =>
          html`<div class="bucket--${g.key}">
            ${progressBar({ value: g.done, max: g.target, label: this.kindName(g.key), text: of(g), completeText: t(g.key === 'total' ? 'progressComplete' : 'crMet') })}
          </div>`,
      )}
      ${waiting ? html`<p class="muted">${t('crPending', this.amount(waiting))}</p>` : nothing}
      ${
        gs.length
          ? html`<ul class="pace" part="pace">
              ${gs.map((g) => html`<li class="pace--${pace(g, period, today).state}">${this.kindName(g.key)}: ${paceText(g)}</li>`)}
            </ul>`
          : nothing
      }
      ${
        this.celebrate === period.key && period === current
          ? html`<p class="done" part="celebration">
              <span class="burst" aria-hidden="true"></span><strong>${t('crDone')}</strong> ${t('crDoneText', this.label(period))}
            </p>`
          : nothing
      }
    </section>`;
  }

  private renderForm(): TemplateResult {
    const { rules, period, today } = this.v;
    const t = this.t;
    const v = this.form;
    const problems = this.attempted ? checkEntry(v, rules, period, today) : {};
    const max = rules.maxPerEntry ? this.amount(rules.maxPerEntry) : '';
    const field = (
      f: EntryField | 'note',
      label: string,
      control: (describedBy: string | typeof nothing, invalid: string | typeof nothing) => TemplateResult,
      hint = '',
    ) => {
      const p = problems[f as EntryField];
      const by = [hint && `${f}-h`, p && `${f}-e`].filter(Boolean).join(' ');
      const args = p === 'max' ? [max] : p === 'outside' ? [this.day(period.start), this.day(period.end)] : [];
      return html`<div class="field" part="field">
        <label class="label" for=${f}>${label}</label>
        ${hint ? html`<p class="hint" id="${f}-h">${hint}</p>` : nothing} ${control(by || nothing, p ? 'true' : nothing)}
        ${p ? html`<p class="error" part="error" id="${f}-e">${t(ERR[f === 'amount' || p !== 'required' ? p : f], ...args)}</p>` : nothing}
      </div>`;
    };
    const input =
      (f: EntryField, type: string, extra: { min?: string; max?: string; mode?: string } = {}) =>
      (by: string | typeof nothing, invalid: string | typeof nothing) =>
        html`<input
          id=${f}
          name=${f}
          type=${type}
          .value=${String(v[f] ?? '')}
          min=${extra.min ?? nothing}
          max=${extra.max ?? nothing}
          inputmode=${extra.mode ?? nothing}
          maxlength=${type === 'date' ? nothing : 500}
          aria-invalid=${invalid}
          aria-describedby=${by}
        />`;
    return html`<form class="card" part="form" novalidate aria-labelledby="h-form" @input=${this.onInput} @submit=${this.onSubmit}>
      ${this.heading(t(this.editing ? 'crEditing' : 'crLog'), 'h-form')} ${field('title', t('crWhat'), input('title', 'text'))}
      <fieldset class="kinds">
        <legend class="label">${t('crKind')}</legend>
        ${KINDS.map(
          (k) =>
            html`<label class="kind"
              ><input type="radio" name="kind" .value=${k} .checked=${v.kind === k} aria-describedby="${k}-h" />
              <span
                ><strong>${this.kindName(k)}</strong>
                <span class="hint" id="${k}-h">${t(k === 'learning' ? 'crLearningHint' : 'crSharingHint')}</span></span
              ></label
            >`,
        )}
      </fieldset>
      <div class="row">
        ${field(
          'category',
          t('crCategory'),
          (by, invalid) =>
            html`<select id="category" name="category" aria-invalid=${invalid} aria-describedby=${by}>
              <option value="" ?selected=${!v.category}>${t('crChoose')}</option>
              ${rules.categories[v.kind as Kind].map((c) => html`<option .value=${c} ?selected=${c === v.category}>${this.category(c)}</option>`)}
            </select>`,
        )}
        ${field('amount', t('crAmount', this.unitWord(2)), input('amount', 'text', { mode: 'decimal' }), t('crAmountHint', max))}
        ${field('date', t('crDate'), input('date', 'date', { min: period.start, max: today < period.end ? today : period.end }))}
      </div>
      ${field('evidenceUrl', t('crEvidence'), input('evidenceUrl', 'url'), t('crEvidenceHint'))}
      ${field('note', t('crNote'), () => html`<textarea id="note" name="note" rows="2" maxlength="2000" .value=${v.note ?? ''}></textarea>`)}
      <div class="row">
        <button type="submit" class="btn btn--primary" part="submit">${t(this.editing ? 'crSave' : 'crSubmit')}</button>
        ${this.editing ? html`<button type="button" class="btn" @click=${() => this.edit()}>${t('cancel')}</button>` : nothing}
      </div>
    </form>`;
  }

  private renderHistory(): TemplateResult {
    const { own, readOnly, rules } = this.v;
    const t = this.t;
    const list = this.sorted([...own]);
    const showStatus = rules.requireApproval || own.some((e) => e.status !== 'approved');
    const set = (s: Sort) => (this.sort = s);
    return html`<section part="history" aria-labelledby="h-hist">
      <div class="row bar">
        ${this.heading(t('crHistory'), 'h-hist')}
        <label class="filter" ?hidden=${!own.length}
          >${t('crShow')}
          <select @change=${(e: Event) => (this.kindFilter = (e.target as HTMLSelectElement).value)}>
            ${['', ...KINDS].map((k) => html`<option .value=${k} ?selected=${k === this.kindFilter}>${k ? this.kindName(k) : t('crAll')}</option>`)}
          </select></label
        >
      </div>
      ${
        list.length
          ? html`<div class="scroll">
              <table part="table" aria-labelledby="h-hist">
                <thead>
                  <tr>
                    ${this.th(t('crDate'), 'date', this.sort, set)}
                    <th scope="col">${t('crActivity')}</th>
                    <th scope="col">${t('crKind')}</th>
                    ${this.th(t('crAmount', this.unitWord(2)), 'amount', this.sort, set)}
                    ${showStatus ? html`<th scope="col">${t('crStatus')}</th>` : nothing}
                    <th scope="col" class="acts"><span class="vh">${t('crActions')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${list.map((e) => {
                    const w = this.mine!.writeState(e.id);
                    return html`<tr class=${e.id === this.editing ? 'editing' : ''}>
                      <td class="nowrap">${this.day(e.date)}</td>
                      <td class="what">
                        <span class="title">${e.title}</span>
                        <span class="muted">${this.category(e.category)}${this.link(e.evidenceUrl)}</span>
                        ${e.note ? html`<span class="note">${e.note}</span>` : nothing}
                        ${e.status === 'returned' && e.reviewComment ? html`<span class="note returned">${t('crComment')}: ${e.reviewComment}</span>` : nothing}
                      </td>
                      <td>${this.kindName(e.kind)}</td>
                      <td class="num">${this.n(e.amount)}<span class="unit"> ${this.unitWord(e.amount)}</span></td>
                      ${showStatus ? html`<td><span class="badge badge--${e.status}">${t(STATUS_KEY[e.status])}</span></td>` : nothing}
                      <td class="acts">
                        ${w && w !== 'saved' ? html`<span class="badge badge--${w}">${t(w === 'failed' ? 'statusFailed' : 'crSyncing')}</span>` : nothing}
                        ${
                          readOnly || (rules.requireApproval && e.status === 'approved')
                            ? nothing
                            : html`<button
                                  type="button"
                                  class="btn btn--ghost"
                                  data-id=${e.id}
                                  aria-label=${t('crEdit', e.title)}
                                  @click=${() => this.edit(e)}
                                >
                                  ${t('crEditShort')}</button
                                ><button
                                  type="button"
                                  class="btn btn--ghost"
                                  aria-label=${t('crDelete', e.title)}
                                  @click=${() => this.delete(e)}
                                >
                                  ${t('confirmDelete')}
                                </button>`
                        }
                      </td>
                    </tr>`;
                  })}
                </tbody>
              </table>
            </div>`
          : html`<p class="muted">${t('crEmpty')}</p>`
      }
    </section>`;
  }

  private renderReview(): TemplateResult {
    const t = this.t;
    const items = this.all!.items.filter((e) => e.status === 'pending' && e.authorId !== this.viewer.id).sort((a, b) =>
      a.date.localeCompare(b.date),
    );
    return html`<section class="card review" part="review" aria-labelledby="h-rev">
      ${this.heading(t('crReview', items.length), 'h-rev')}
      ${
        items.length
          ? html`<ul class="list">
              ${items.map((e) => {
                const bad = this.needComment === e.id;
                return html`<li class="card" part="review-item">
                  <p>
                    <strong>${e.authorName || e.authorId}</strong> · ${this.day(e.date)} · ${this.kindName(e.kind)},
                    ${this.category(e.category)} · ${this.amount(e.amount)}${this.link(e.evidenceUrl)}
                  </p>
                  <p class="title">${e.title}</p>
                  ${e.note ? html`<p class="note">${e.note}</p>` : nothing}
                  <div class="field">
                    <label class="label" for="c-${e.id}">${t('crComment')}</label>
                    <textarea
                      id="c-${e.id}"
                      rows="2"
                      .value=${this.comments[e.id] ?? ''}
                      aria-invalid=${bad ? 'true' : nothing}
                      aria-describedby=${bad ? `ce-${e.id}` : nothing}
                      @input=${(ev: Event) => (this.comments = { ...this.comments, [e.id]: (ev.target as HTMLTextAreaElement).value })}
                    ></textarea>
                    ${bad ? html`<p class="error" part="error" id="ce-${e.id}">${t('crCommentNeeded')}</p>` : nothing}
                  </div>
                  <div class="row">
                    <button type="button" class="btn btn--primary" @click=${() => this.review(e, true)}>${t('crApprove')}</button>
                    <button type="button" class="btn" @click=${() => this.review(e, false)}>${t('crReturn')}</button>
                  </div>
                </li>`;
              })}
            </ul>`
          : html`<p class="muted">${t('crReviewEmpty')}</p>`
      }
    </section>`;
  }

  private renderTeam(): TemplateResult {
    const { rules, period, today } = this.v;
    const t = this.t;
    const { key, dir } = this.teamSort;
    const rows = teamRows(this.all!.items, rules, period, today).sort(
      (a, b) =>
        dir *
        (key === 'status'
          ? byStatus(a, b)
          : key === 'name'
            ? a.name.localeCompare(b.name)
            : a[key as 'total'] - b[key as 'total'] || byStatus(b, a)),
    );
    const set = (s: Sort) => (this.teamSort = s);
    const th = (k: string, label: string) => this.th(t(label), k, this.teamSort, set);
    return html`<section part="team" aria-labelledby="h-team">
      <div class="row bar">
        ${this.heading(`${t('crTeam')} · ${this.label(period)}`, 'h-team')}
        ${rows.length ? html`<button type="button" class="btn" @click=${() => this.exportTeam(rows)}>${t('crCsv')}</button>` : nothing}
      </div>
      ${
        rows.length
          ? html`<div class="scroll">
              <table part="table" aria-labelledby="h-team">
                <thead>
                  <tr>
                    ${th('name', 'crMember')} ${th('total', 'crTotal')} ${th('learning', 'crLearning')} ${th('sharing', 'crSharing')}
                    <th scope="col">${t('crWaiting')}</th>
                    ${th('status', 'crStatus')}
                  </tr>
                </thead>
                <tbody>
                  ${rows.map(
                    (r) =>
                      html`<tr>
                        <th scope="row">${r.name}</th>
                        ${[r.total, r.learning, r.sharing, r.pending].map((x) => html`<td class="num">${this.n(x)}</td>`)}
                        <td><span class="badge badge--${r.status}">${t(TEAM_KEY[r.status])}</span></td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : html`<p class="muted">${t('crTeamEmpty')}</p>`
      }
    </section>`;
  }

  private renderMain(): TemplateResult {
    const t = this.t;
    const { periods, period, current, team, readOnly, rules } = this.v;
    const list = (team ? this.all : this.mine)!;
    if (list.status === 'error')
      return html`<div class="card" role="alert">
        <p class="error">${this.errorText(list.error)}</p>
        <button type="button" class="btn" @click=${() => void list.retry()}>${t('retry')}</button>
      </div>`;
    if (list.status === 'loading' || this.program.status === 'loading') return html`<p class="muted">${t('loading')}</p>`;
    const total = (p: Period) =>
      this.amount(
        list.items
          .filter((e) => e.authorId === this.viewer.id && e.status === 'approved' && inPeriod(toDay(e.date), p))
          .reduce((a, e) => a + e.amount, 0),
      );
    return html`<div class="row" part="header">
        <label class="filter"
          >${t('crPeriod')}
          <select id="period" @change=${(e: Event) => (this.periodKey = (e.target as HTMLSelectElement).value)}>
            ${periods.map((p) => html`<option .value=${p.key} ?selected=${p === period}>${this.label(p)}${p === current ? ` ${t('crNow')}` : ''}${team ? '' : ` · ${total(p)}`}</option>`)}
          </select></label
        >
        <span class="grow"></span>
        ${
          team
            ? nothing
            : html`<button type="button" class="btn btn--ghost" @click=${() => this.export('csv')}>${t('crCsv')}</button>
                <button type="button" class="btn btn--ghost" @click=${() => this.export('json')}>${t('crJson')}</button>`
        }
        <button type="button" class="btn btn--ghost" @click=${() => window.print()}>${t('crPrint')}</button>
      </div>
      ${this.view === 'team' && !team ? html`<p class="note">${t('crTeamOnly')}</p>` : nothing}
      ${team ? this.renderTeam() : html`${this.renderSummary()} ${readOnly ? html`<p class="note">${t('crReadOnly')}</p>` : this.renderForm()} ${this.renderHistory()}`}
      ${rules.requireApproval && has(this.viewer.roles, 'approver') && this.all?.status === 'ready' ? this.renderReview() : nothing}`;
  }

  override render(): TemplateResult {
    const t = this.t;
    const store = this.dataStore;
    return html`<div class="base" part="base">
      ${
        !this.programId
          ? html`<p class="note">${t('crNotSetUp')}</p>`
          : this.viewerStatus === 'error'
            ? html`<div class="card" role="alert">
                <p class="error">${this.viewerErrorText()}</p>
                ${this.viewerRetryable ? html`<button type="button" class="btn" @click=${() => this.retryViewer()}>${t('retry')}</button>` : nothing}
              </div>`
            : this.viewerStatus === 'loading' || !store
              ? html`<p class="muted">${t('loading')}</p>`
              : this.canWrite
                ? this.renderMain()
                : store.canIdentify
                  ? identityPrompt({ term: this.localize.term.bind(this.localize), onSubmit: this.identify, ...this.identity })
                  : html`<p class="note">${t('readOnlyAnonymous')}</p>`
      }
      ${statusLine({
        term: this.localize.term.bind(this.localize),
        state: (this.lastId && store?.writeState(ENTRIES, this.lastId)) || (this.failed ? 'failed' : undefined),
        offline: !this.online,
        pendingCount: store?.pendingCount,
        errorMessage: this.failed,
      })}
      ${this.undo.render()}
      <div class="vh" role="status" aria-live="polite">${this.said}</div>
    </div>`;
  }
}
