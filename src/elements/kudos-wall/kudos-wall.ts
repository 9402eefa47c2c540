import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { LcAdapterError, type Person } from '../../core/adapter.js';
import { LcElement } from '../../core/lc-element.js';
import { newId } from '../../core/outbox.js';
import { RecordsController } from '../../core/records-controller.js';
import { registerValidator } from '../../core/validation.js';
import { LcKudosGiveEvent } from '../../events/lc-kudos-give.js';
import { LcKudosGivenEvent } from '../../events/lc-kudos-given.js';
import { LcKudosHideEvent } from '../../events/lc-kudos-hide.js';
import { LcKudosReactEvent } from '../../events/lc-kudos-react.js';
import { LcKudosReportEvent } from '../../events/lc-kudos-report.js';
import { avatar } from '../../ui/avatar.js';
import { identityPrompt } from '../../ui/identity-prompt.js';
import { statusLine } from '../../ui/status-line.js';
import { UndoController } from '../../ui/undo.js';
import { styles } from './kudos-wall.styles.js';
import { kudosMessages } from './messages.js';
import {
  DEFAULT_REACTIONS,
  KUDOS,
  PREFS,
  REACTIONS,
  REPORTS,
  aggregate,
  canEdit,
  charsLeft,
  checkDraft,
  exportRows,
  isAuthor,
  isFiltered,
  isModerator,
  isVisible,
  leaders,
  matchesFilter,
  parseList,
  reactionId,
  reactionsOf,
  sameMonth,
  summarize,
  toCsv,
  toJson,
  validKudos,
  validPrefs,
  validReaction,
  validReport,
  windowRange,
  type DraftProblems,
  type KudosFilter,
  type KudosRecord,
  type PrefsRecord,
  type ReactionRecord,
  type ReactionSummary,
  type ReportRecord,
  type WindowRange,
} from './model.js';

export type KudosLayout = 'wall' | 'feed' | 'compact' | 'spotlight';
export type KudosCompose = 'inline' | 'button' | 'none';

interface Draft {
  to: Person[];
  message: string;
  value: string;
  anon: boolean;
}
interface Dialog {
  mode: 'compose' | 'report' | 'hide';
  kudos?: KudosRecord;
  error?: boolean;
}

const NEWEST = { field: 'createdAt', direction: 'desc' } as const;
const EMPTY: Draft = { to: [], message: '', value: '', anon: false };
const reducedMotion = (): boolean => matchMedia('(prefers-reduced-motion: reduce)').matches;
const val = (e: Event): string => (e.target as HTMLInputElement).value;
const same = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A wall of peer recognition that drops into any page. Members thank one or more colleagues with a
 * message and an optional value tag (optimistic, with a small celebration), react with emoji (each
 * reaction its own record, so concurrent reactions never collide), search and filter, and see new
 * kudos arrive live: at the top, or behind a "N new" pill once they have scrolled. Moderators see
 * reports, hide and unhide with a reason, and export CSV or JSON. Authors edit for 15 minutes and
 * delete with undo. Long walls render only the cards near the viewport, so 10,000 kudos stay smooth.
 *
 * Records: `kudos` (`wallId`, `authorId`, `authorName` (left out when anonymous), `anonymous`,
 * `recipients` `[{ id, name }]`, `message`, `value`, `hidden`, `hiddenReason`, `hiddenBy`,
 * `editedAt`), `kudos-reactions` (`id` = `kudosId:userId:emoji`), `kudos-reports`
 * (`id` = `kudosId:reporterId`, `reason`) and `kudos-prefs` (`id` = person, `leaderboardOptOut`).
 *
 * @summary Peer recognition: give kudos, react, celebrate, live, at any size.
 * @tag lc-kudos-wall
 *
 * @slot empty - What an empty wall says (default: an invitation to thank someone).
 *
 * @csspart base - The outer wrapper.
 * @csspart compose - The give-kudos form.
 * @csspart compose-button - The "Give kudos" button (`compose="button"`).
 * @csspart picker - The recipient picker.
 * @csspart message - The message text area.
 * @csspart counter - The characters-left counter.
 * @csspart values - The value choice.
 * @csspart anonymous - The "post without my name" checkbox.
 * @csspart submit - The send button.
 * @csspart status - The write status line (sending, will sync, not sent).
 * @csspart dialog - The dialog for giving kudos, reporting and hiding.
 * @csspart celebration - The burst of emoji after posting.
 * @csspart summary - The month's count and top values (`show-summary`).
 * @csspart leaders - The leaderboard (`show-leaders`).
 * @csspart toolbar - Search and filters.
 * @csspart search - The search field.
 * @csspart filter - A filter select.
 * @csspart export - An export button (moderators).
 * @csspart new-pill - The "N new kudos" button.
 * @csspart list - The feed of cards.
 * @csspart card - One kudos.
 * @csspart card__message - A card's message.
 * @csspart card__value - A card's value chip.
 * @csspart card__time - A card's relative time.
 * @csspart card__hidden - The "hidden by a moderator" note.
 * @csspart card__reports - The reports of a card (moderators).
 * @csspart card__menu - A card's "more actions" menu.
 * @csspart reaction - A reaction button.
 * @csspart avatar - An avatar.
 * @csspart spotlight - The spotlight frame (`layout="spotlight"`).
 * @csspart load-more - The "Load more" button.
 * @csspart empty - The empty and no-match states.
 * @csspart error - The load error with its retry button.
 * @csspart unavailable - The note shown instead of the wall when the backend keeps only the viewer's own records (SCORM without an endpoint).
 * @csspart identity - The "What should we call you?" form.
 * @csspart toast - The "Kudos deleted. Undo" toast.
 *
 * @cssprop --lc-kudos-wall-card-min - Narrowest card of the `wall` grid (default `16rem`).
 * @cssprop --lc-kudos-wall-gap - Space between cards (default `--lc-space-m`).
 * @cssprop --lc-kudos-wall-card-surface - Card background (default `--lc-color-surface-raised`).
 * @cssprop --lc-kudos-wall-card-radius - Card corner radius (default `--lc-radius-l`).
 * @cssprop --lc-kudos-wall-accent - The card stripe, chips and pressed reactions (default `--lc-color-accent`).
 * @cssprop --lc-kudos-wall-spotlight-font-size - The message size in `spotlight` (default `--lc-font-size-xl`).
 * @cssprop --lc-kudos-wall-max-width - Widest the `feed` column grows (default `44rem`).
 *
 * @fires {KudosGiveDetail} lc-kudos-give - Before kudos are written. Cancelable; a listener may enrich `detail.kudos`.
 * @fires {KudosGivenDetail} lc-kudos-given - When the adapter has confirmed kudos the viewer gave.
 * @fires {KudosReactDetail} lc-kudos-react - When the viewer toggles a reaction.
 * @fires {KudosReportDetail} lc-kudos-report - When the viewer reports a kudos.
 * @fires {KudosHideDetail} lc-kudos-hide - When a moderator hides or unhides a kudos.
 * @fires {LcErrorDetail} lc-error - When loading or writing fails.
 */
export class LcKudosWall extends LcElement<typeof kudosMessages> {
  static override styles = [...LcElement.styles, ...styles];

  /**
   * Lists up to this long render every card; longer ones render only the cards near the viewport.
   * (`Infinity` renders every card: the benchmark's naive baseline.)
   * @internal
   */
  static windowThreshold = 60;

  private readonly kudos = new RecordsController<KudosRecord>(this, {
    collection: KUDOS,
    query: () => (this.wallId ? { where: { wallId: this.wallId }, orderBy: NEWEST, limit: this.pageSize } : undefined),
  });
  private readonly reactionRecords = new RecordsController<ReactionRecord>(this, {
    collection: REACTIONS,
    query: () => (this.wallId ? { where: { wallId: this.wallId }, orderBy: NEWEST, limit: 500 } : undefined),
  });
  /** Reports are read by moderators only; a member's own reports are remembered on this page (a report is an upsert, so reporting twice is harmless). */
  private readonly reports = new RecordsController<ReportRecord>(this, {
    collection: REPORTS,
    query: () => (this.wallId && isModerator(this.viewer) ? { where: { wallId: this.wallId }, limit: 500 } : undefined),
  });
  private readonly prefs = new RecordsController<PrefsRecord>(this, {
    collection: PREFS,
    query: () => (this.showLeaders ? { limit: 500 } : undefined),
  });
  private readonly undo = new UndoController(this);
  private readonly t = this.localize.term.bind(this.localize);

  @state() private draft: Draft = EMPTY;
  @state() private attempted = false;
  @state() private sentId?: string;
  @state() private sendError?: string;
  @state() private filter: KudosFilter = {};
  @state() private editing?: { id: string; text: string; error?: string };
  @state() private dialog?: Dialog;
  @state() private announcement = '';
  @state() private spot = 0;
  @state() private paused = false;
  @state() private hovered = false;
  @state() private burst = 0;
  @state() private identity: { busy: boolean; error?: string } = { busy: false };
  @state() private moreFailed = false;
  @state() private exporting = false;
  /** Ids admitted to the view; new arrivals wait outside while the viewer reads further down. */
  private known = new Set<string>();
  private held = new Set<string>();
  private removed = new Set<string>();
  private reportedHere = new Set<string>();
  private version = 0;
  private newest = '';
  private loaded = false;
  private lastItems?: readonly KudosRecord[];
  private lastSig = '';
  /** Live changes seen: the store mutates its lists in place, so array identity alone misses them. */
  private changes = 0;
  protected override readonly storeEventTypes = ['change'];
  private memo = new Map<string, [unknown[], unknown]>();
  private heights = new Map<string, number>();
  private heightSum = 0;
  private cols = 1;
  private gap = 0;
  private viewTop = 0;
  private viewH = innerHeight;
  private painted: WindowRange = { start: 0, end: 0, before: 0, after: 0 };
  private ro?: ResizeObserver;
  private io?: IntersectionObserver;
  private list?: Element;
  private sentinel?: Element;
  private observed = new Set<Element>();
  private nearEnd = false;
  private frame = 0;
  private beat?: ReturnType<typeof setInterval>;
  private beats = 0;
  private wait = 0;
  private extraPages = 0;
  private opener?: HTMLElement;
  private focusAfter?: string;

  /** The wall to show and post to (required). */
  @property({ attribute: 'wall-id' }) wallId = '';

  /** `wall` (card grid), `feed` (one column), `compact` (sidebar list) or `spotlight` (one kudos at a time, rotating). */
  @property({ reflect: true }) layout: KudosLayout = 'wall';

  /** How to give kudos: `inline` form, a `button` that opens a dialog, or `none`. */
  @property() compose: KudosCompose = 'inline';

  /** Comma-separated value tags offered when giving kudos, e.g. `Shared knowledge, Helped a colleague`. */
  @property() values = '';

  /** Makes choosing a value mandatory. */
  @property({ type: Boolean, attribute: 'require-value' }) requireValue = false;

  /** Offers "Post without my name". */
  @property({ type: Boolean, attribute: 'allow-anonymous' }) allowAnonymous = false;

  /** The reaction emoji, separated by spaces. */
  @property() reactions = DEFAULT_REACTIONS;

  /** Shows the month's count and top values. */
  @property({ type: Boolean, attribute: 'show-summary' }) showSummary = false;

  /** Shows the people thanked most this month (people can opt out). */
  @property({ type: Boolean, attribute: 'show-leaders' }) showLeaders = false;

  /** How many kudos load per page. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 30;

  /** Seconds each kudos stays in the spotlight. */
  @property({ type: Number }) interval = 8;

  /** The accessible name of the wall (default "Kudos"). */
  @property() label?: string;

  constructor() {
    super();
    registerValidator(KUDOS, validKudos);
    registerValidator(REACTIONS, validReaction);
    registerValidator(REPORTS, validReport);
    registerValidator(PREFS, validPrefs);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('scroll', this.onScroll, { capture: true, passive: true });
    addEventListener('resize', this.onScroll);
    this.beat = setInterval(this.onBeat, 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('scroll', this.onScroll, { capture: true });
    removeEventListener('resize', this.onScroll);
    clearInterval(this.beat);
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.ro?.disconnect();
    this.io?.disconnect();
    this.ro = this.io = this.list = this.sentinel = undefined;
    this.observed.clear();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('wallId') && changed.get('wallId') !== undefined) {
      this.known.clear();
      this.held.clear();
      this.heights.clear();
      this.heightSum = this.spot = this.extraPages = 0;
      this.loaded = false;
      this.newest = '';
      this.lastItems = undefined;
    }
    this.admit();
  }

  protected override updated(changed: PropertyValues): void {
    const root = this.renderRoot;
    const list = root.querySelector('.list') ?? undefined;
    const sentinel = root.querySelector('.sentinel') ?? undefined;
    // without these observers (very old browsers) every card renders and "Load more" pages
    if (typeof ResizeObserver === 'undefined' || typeof IntersectionObserver === 'undefined') LcKudosWall.windowThreshold = Infinity;
    else {
      this.ro ??= new ResizeObserver(this.onResize);
      this.io ??= new IntersectionObserver(this.onIntersect, { rootMargin: '800px 0px' });
    }
    if (list !== this.list) {
      if (this.list) this.ro?.unobserve(this.list);
      if (list) this.ro?.observe(list);
      this.list = list;
      this.schedule();
    }
    if (sentinel !== this.sentinel) {
      if (this.sentinel) this.io?.unobserve(this.sentinel);
      if (sentinel) this.io?.observe(sentinel);
      this.sentinel = sentinel;
    }
    if (list instanceof HTMLElement && this.ro) {
      list.style.paddingBlockStart = `${this.painted.before}px`;
      list.style.paddingBlockEnd = `${this.painted.after}px`;
      for (const card of list.children)
        if (!this.observed.has(card)) {
          this.ro.observe(card);
          this.observed.add(card);
        }
      for (const card of this.observed)
        if (!card.isConnected) {
          this.ro.unobserve(card);
          this.observed.delete(card);
        }
    }
    if (changed.has('layout')) this.schedule();
    if (this.focusAfter) {
      const card = root.querySelector<HTMLElement>(this.focusAfter);
      this.focusAfter = undefined;
      card?.focus();
    }
    // next: a page requested from inside updated() would re-render at once
    queueMicrotask(() => this.fetchMore());
  }

  // ------------------------------------------------------------------ derived data

  private m<T>(key: string, deps: unknown[], make: () => T): T {
    const hit = this.memo.get(key);
    if (hit && same(hit[0], deps)) return hit[1] as T;
    const value = make();
    this.memo.set(key, [deps, value]);
    return value;
  }

  /** Admits new records to the view, holding back fresh arrivals while the viewer has scrolled. */
  private admit(): void {
    const items = this.kudos.items;
    const sig = `${items.length}:${this.changes}`;
    if ((items === this.lastItems && sig === this.lastSig) || this.kudos.status !== 'ready') return;
    this.lastItems = items;
    this.lastSig = sig;
    const first = !this.loaded;
    this.loaded = true;
    const hold = !first && this.layout !== 'spotlight' && !!this.list && this.list.getBoundingClientRect().top < -8;
    const fresh: KudosRecord[] = [];
    let newest = this.newest;
    for (const k of items) {
      if (this.known.has(k.id) || this.held.has(k.id)) continue;
      const at = k.createdAt ?? '';
      const arrival = !first && at > this.newest && !isAuthor(k, this.viewer.id);
      if (arrival && hold) this.held.add(k.id);
      else {
        this.known.add(k.id);
        if (arrival && isVisible(k, this.viewer)) fresh.push(k);
      }
      if (at > newest) newest = at;
    }
    this.newest = newest;
    this.version++;
    if (this.held.size && hold) this.say(this.t('kwNew', this.held.size));
    else if (fresh.length === 1) this.say(this.t('kwArrived', this.names(fresh[0])));
    else if (fresh.length) this.say(this.t('kwNew', fresh.length));
  }

  /** Every kudos the viewer may see, before filters. */
  private get all(): readonly KudosRecord[] {
    const items = this.kudos.items;
    return this.m('all', [items, items.length, this.version, this.changes, this.viewer], () =>
      items.filter((k) => this.known.has(k.id) && !this.removed.has(k.id) && isVisible(k, this.viewer)),
    );
  }

  private get reported(): Map<string, ReportRecord[]> {
    const items = this.reports.items;
    return this.m('rep', [items, items.length, this.changes], () => {
      const by = new Map<string, ReportRecord[]>();
      for (const r of items) by.set(r.kudosId, [...(by.get(r.kudosId) ?? []), r]);
      return by;
    });
  }

  /** The kudos on show: visible and matching the filters. */
  private get shown(): readonly KudosRecord[] {
    const all = this.all;
    const f = this.filter;
    const rep = this.reported;
    return this.m('shown', [all, f, rep], () =>
      isFiltered(f) ? all.filter((k) => matchesFilter(k, f, this.viewer.id, new Set(rep.keys()))) : all,
    );
  }

  private get agg(): ReturnType<typeof aggregate> {
    const items = this.reactionRecords.items;
    return this.m('agg', [items, items.length, this.changes, this.viewer.id], () => aggregate(items, this.viewer.id));
  }

  private get heldCount(): number {
    const items = this.kudos.items;
    return this.m(
      'held',
      [items, items.length, this.version, this.changes],
      () => items.filter((k) => this.held.has(k.id) && isVisible(k, this.viewer)).length,
    );
  }

  private get emojis(): string[] {
    return this.m('emoji', [this.reactions], () => parseList(this.reactions));
  }

  private get valueList(): string[] {
    return parseList(this.values, true);
  }

  private names(k: KudosRecord): string {
    return this.localize.list(k.recipients.map((r) => r.name));
  }

  // ------------------------------------------------------------------ windowing

  private range(list: readonly KudosRecord[]): WindowRange {
    const cols = this.cols;
    const rows = Math.ceil(list.length / cols);
    if (list.length <= LcKudosWall.windowThreshold || this.layout === 'spotlight') return { start: 0, end: rows, before: 0, after: 0 };
    const heights = this.m('rows', [list, cols, this.heights.size, this.heightSum], () => {
      const est = this.heights.size ? this.heightSum / this.heights.size : 180;
      const out: number[] = [];
      for (let i = 0; i < list.length; i += cols) {
        let h = 0;
        for (let j = i; j < i + cols && j < list.length; j++) h = Math.max(h, this.heights.get(list[j].id) ?? est);
        out.push(h);
      }
      return out;
    });
    const over = this.viewH / 2 + 200;
    return windowRange(heights, this.gap, this.viewTop - over, this.viewTop + this.viewH + over);
  }

  private readView(): void {
    const list = this.list;
    if (!list) return;
    const cs = getComputedStyle(list);
    const cols = this.layout === 'wall' ? cs.gridTemplateColumns.split(' ').length : 1;
    const gap = parseFloat(cs.rowGap) || 0;
    const top = -list.getBoundingClientRect().top;
    const dirty = cols !== this.cols || gap !== this.gap;
    this.cols = cols;
    this.gap = gap;
    this.viewTop = top;
    this.viewH = innerHeight;
    const w = this.range(this.shown);
    if (dirty || w.start !== this.painted.start || w.end !== this.painted.end || w.before !== this.painted.before) this.requestUpdate();
  }

  private schedule(): void {
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      this.readView();
    });
  }

  private readonly onScroll = (): void => this.schedule();

  protected override handleStoreEvent(): void {
    this.changes++;
    this.requestUpdate();
  }

  private readonly onResize = (entries: ResizeObserverEntry[]): void => {
    for (const e of entries) {
      const id = (e.target as HTMLElement).dataset.id;
      const h = e.borderBoxSize?.[0]?.blockSize ?? (e.target as HTMLElement).offsetHeight;
      if (!id || !h) continue;
      const old = this.heights.get(id) ?? 0;
      if (Math.abs(old - h) < 0.5) continue;
      this.heightSum += h - old;
      this.heights.set(id, h);
    }
    // after this frame: updating inside the observer's own delivery would loop it
    this.schedule();
  };

  private readonly onIntersect = (entries: IntersectionObserverEntry[]): void => {
    this.nearEnd = entries[entries.length - 1].isIntersecting;
    this.fetchMore();
  };

  /** Loads the next page while the end of the list is near (and the rest of the reactions and preferences). */
  private fetchMore(): void {
    const k = this.kudos;
    if (this.nearEnd && k.hasMore && !k.loadingMore && !this.moreFailed && this.layout !== 'spotlight') void this.loadMore();
    for (const c of [this.reactionRecords, this.prefs])
      if (c.hasMore && !c.loadingMore && !c.error && this.extraPages < 50) {
        this.extraPages++;
        void c.loadMore();
      }
  }

  private async loadMore(): Promise<void> {
    if (this.moreFailed) this.moreFailed = false;
    await this.kudos.loadMore();
    if (this.kudos.error) this.moreFailed = true;
  }

  // ------------------------------------------------------------------ handlers

  private readonly onBeat = (): void => {
    if (
      this.layout === 'spotlight' &&
      !this.paused &&
      !this.hovered &&
      !reducedMotion() &&
      !document.hidden &&
      ++this.wait >= Math.max(2, this.interval)
    ) {
      this.wait = 0;
      this.spot++;
    }
    if (++this.beats % 60 === 0) this.requestUpdate();
  };

  private say(text: string): void {
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  private fail(error: unknown, collection: string, recordId: string, operation = 'write'): void {
    const e = LcAdapterError.from(error);
    this.say(this.errorText(e));
    this.reportError({ kind: e.kind, operation, collection, recordId, error: e });
  }

  private patch(p: Partial<Draft>): void {
    this.draft = { ...this.draft, ...p };
  }

  private setFilter(p: Partial<KudosFilter>): void {
    this.filter = { ...this.filter, ...p };
    this.moreFailed = false;
  }

  private readonly search = (q: string): Promise<Person[]> => this.dataStore!.people({ search: q });

  private problems(): DraftProblems {
    const d = this.draft;
    return checkDraft(
      { recipients: d.to, message: d.message, value: d.value },
      this.viewer,
      this.requireValue && this.valueList.length > 0,
    );
  }

  private async send(e: Event): Promise<void> {
    e.preventDefault();
    const store = this.dataStore;
    const v = this.viewer;
    if (!store || !this.canWrite) return;
    const d = this.draft;
    const p = this.problems();
    this.attempted = true;
    if (p.recipients || p.message || p.value) {
      const form = e.target as HTMLFormElement;
      await this.updateComplete;
      form.querySelector<HTMLElement>(p.recipients ? 'lc-person-picker' : p.message ? 'textarea' : '[name=value]')?.focus();
      return;
    }
    const anonymous = this.allowAnonymous && d.anon;
    const kudos: KudosRecord = {
      id: newId(),
      wallId: this.wallId,
      authorId: v.id,
      anonymous,
      recipients: d.to.map(({ id, name }) => ({ id, name })),
      message: d.message.trim(),
    };
    if (!anonymous) kudos.authorName = v.name;
    if (d.value) kudos.value = d.value;
    // cancelable: false when the page vetoed it
    if (!this.dispatchEvent(new LcKudosGiveEvent({ kudos }))) return;
    this.known.add(kudos.id);
    this.draft = EMPTY;
    this.attempted = false;
    this.sentId = kudos.id;
    this.sendError = undefined;
    if (this.dialog) this.close();
    this.celebrate();
    this.say(this.t('kwSent', this.names(kudos)));
    try {
      const stored = (await store.put(KUDOS, kudos)) as KudosRecord;
      this.dispatchEvent(new LcKudosGivenEvent({ kudos: stored }));
    } catch (err) {
      // nothing typed is lost: the message goes back into the form
      if (this.sentId === kudos.id) {
        this.sendError = this.errorText(err);
        if (!this.draft.message) this.draft = d;
      }
      this.fail(err, KUDOS, kudos.id);
    }
  }

  private celebrate(): void {
    if (reducedMotion()) return;
    const n = ++this.burst;
    setTimeout(() => {
      if (this.burst === n) this.burst = 0;
    }, 1600);
  }

  private react(k: KudosRecord, s: ReactionSummary): void {
    const store = this.dataStore;
    const v = this.viewer;
    if (!store || !this.canWrite) return;
    const id = reactionId(k.id, v.id, s.emoji);
    const active = !s.mine;
    (active
      ? store.put<ReactionRecord>(REACTIONS, {
          id,
          kudosId: k.id,
          wallId: k.wallId,
          userId: v.id,
          userName: v.name,
          emoji: s.emoji,
          authorId: v.id,
        })
      : store.remove(REACTIONS, id)
    ).catch((err) => this.fail(err, REACTIONS, id, active ? 'write' : 'remove'));
    this.dispatchEvent(new LcKudosReactEvent({ kudosId: k.id, emoji: s.emoji, active }));
  }

  private write(k: KudosRecord, say?: string): void {
    this.dataStore
      ?.put(KUDOS, k)
      .then(() => say && this.say(say))
      .catch((err) => this.fail(err, KUDOS, k.id));
  }

  private setHidden(k: KudosRecord, reason?: string): void {
    const { hiddenReason: _r, hiddenBy: _b, ...rest } = k;
    this.write(
      reason ? { ...rest, hidden: true, hiddenReason: reason, hiddenBy: this.viewer.id } : { ...rest, hidden: false },
      this.t(reason ? 'kwHiddenDone' : 'kwShownDone'),
    );
    this.dispatchEvent(new LcKudosHideEvent({ kudosId: k.id, hidden: !!reason, reason }));
  }

  private dismissReports(k: KudosRecord): void {
    for (const r of this.reported.get(k.id) ?? [])
      this.dataStore?.remove(REPORTS, r.id).catch((err) => this.fail(err, REPORTS, r.id, 'remove'));
  }

  private saveEdit(e: Event, k: KudosRecord): void {
    e.preventDefault();
    const ed = this.editing!;
    const text = ed.text.trim();
    const left = charsLeft(text);
    const error = !text
      ? this.t('kwErrMessage')
      : left < 0
        ? this.t('kwErrLong', -left)
        : !canEdit(k, this.viewer.id)
          ? this.t('kwEditClosed')
          : '';
    if (error) {
      this.editing = { ...ed, error };
      return;
    }
    this.editing = undefined;
    this.focusAfter = `[data-id="${CSS.escape(k.id)}"]`;
    if (text !== k.message) this.write({ ...k, message: text, editedAt: new Date().toISOString() });
  }

  private deleteKudos(k: KudosRecord, card: HTMLElement): void {
    const next = (card.nextElementSibling ?? card.previousElementSibling) as HTMLElement | null;
    const unmark = () => {
      this.removed.delete(k.id);
      this.version++;
      this.requestUpdate();
    };
    this.removed.add(k.id);
    this.version++;
    this.requestUpdate();
    next?.focus();
    void this.undo.schedule({
      message: this.t('kwDeleted'),
      commit: () => {
        const p = this.dataStore?.remove(KUDOS, k.id);
        unmark();
        return p?.catch((err) => this.fail(err, KUDOS, k.id, 'remove'));
      },
      undo: () => {
        unmark();
        this.focusAfter = `[data-id="${CSS.escape(k.id)}"]`;
      },
    });
  }

  private async open(d: Dialog, opener: HTMLElement | null): Promise<void> {
    this.opener = opener ?? undefined;
    this.dialog = d;
    await this.updateComplete;
    const dlg = this.renderRoot.querySelector('dialog')!;
    if (!dlg.open) dlg.showModal();
    dlg.querySelector<HTMLElement>(d.mode === 'compose' ? 'lc-person-picker' : 'textarea')?.focus();
  }

  private close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private onClose(): void {
    const k = this.dialog?.kudos;
    const opener = this.opener;
    this.dialog = undefined;
    if (opener?.isConnected) opener.focus();
    // reporting can take away the card's last action, and with it the menu that opened the dialog: focus the card
    if (k)
      void this.updateComplete.then(() => {
        if (!opener?.isConnected) this.renderRoot.querySelector<HTMLElement>(`[data-id="${CSS.escape(k.id)}"]`)?.focus();
      });
  }

  private submitReason(e: Event): void {
    e.preventDefault();
    const d = this.dialog!;
    const k = d.kudos!;
    const reason = ((e.target as HTMLFormElement).elements.namedItem('reason') as HTMLTextAreaElement).value.trim();
    if (!reason) {
      this.dialog = { ...d, error: true };
      (e.target as HTMLFormElement).querySelector('textarea')!.focus();
      return;
    }
    this.close();
    if (d.mode === 'hide') return this.setHidden(k, reason);
    const v = this.viewer;
    const id = `${k.id}:${v.id}`;
    this.reportedHere.add(k.id);
    this.dataStore
      ?.put<ReportRecord>(REPORTS, { id, kudosId: k.id, wallId: k.wallId, reporterId: v.id, reason, authorId: v.id })
      .then(() => this.say(this.t('kwReportSent')))
      .catch((err) => this.fail(err, REPORTS, id));
    this.dispatchEvent(new LcKudosReportEvent({ kudosId: k.id, reason }));
  }

  /** Clears search and filters; the button goes with them, so focus moves to the search field. */
  private async clearFilters(): Promise<void> {
    this.filter = {};
    this.moreFailed = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part="search"]')?.focus();
  }

  /** Brings held-back arrivals in and moves to the top of the list. */
  private async showNew(): Promise<void> {
    for (const id of this.held) this.known.add(id);
    const first = this.kudos.items.find((k) => this.held.has(k.id));
    this.held.clear();
    this.version++;
    // render the top of a long (windowed) list, and scroll only once the pill has gone from above it
    this.viewTop = 0;
    this.requestUpdate();
    await this.updateComplete;
    this.list?.scrollIntoView({ block: 'start' });
    if (first) this.renderRoot.querySelector<HTMLElement>(`[data-id="${CSS.escape(first.id)}"]`)?.focus({ preventScroll: true });
  }

  private onFeedKey(e: KeyboardEvent): void {
    const down = e.key === 'PageDown';
    if (!down && e.key !== 'PageUp') return;
    const card = (e.target as Element).closest('article');
    const next = (down ? card?.nextElementSibling : card?.previousElementSibling) as HTMLElement | null;
    if (next) {
      e.preventDefault();
      next.focus();
    }
  }

  private onMenuKey(e: KeyboardEvent): void {
    const d = e.currentTarget as HTMLDetailsElement;
    if (e.key === 'Escape' && d.open) {
      e.stopPropagation();
      d.open = false;
      d.querySelector('summary')!.focus();
    }
  }

  private onMenuOut(e: FocusEvent): void {
    const d = e.currentTarget as HTMLDetailsElement;
    if (!d.contains(e.relatedTarget as Node | null)) d.open = false;
  }

  private go(step: number): void {
    const n = this.shown.length || 1;
    this.spot = (((this.spot + step) % n) + n) % n;
    this.wait = 0;
  }

  private async identify(name: string): Promise<void> {
    this.identity = { busy: true };
    try {
      await this.dataStore!.identify(name);
      this.identity = { busy: false };
    } catch (err) {
      this.identity = { busy: false, error: this.errorText(err) };
    }
  }

  /** Reads every page of the wall (pages of 500) through the store. */
  private everything(): Promise<readonly KudosRecord[]> {
    const store = this.dataStore!;
    return new Promise((resolve, reject) => {
      let sub: ReturnType<typeof store.subscribe<KudosRecord>> | undefined = undefined;
      const step = (): void => {
        const s = sub?.state;
        if (!s || s.status === 'loading' || s.loadingMore) return;
        if (s.status === 'error' || (s.error && s.hasMore)) {
          sub!.unsubscribe();
          reject(s.error);
        } else if (s.hasMore) void sub!.loadMore();
        else {
          sub!.unsubscribe();
          resolve(s.items);
        }
      };
      sub = store.subscribe<KudosRecord>(KUDOS, { where: { wallId: this.wallId }, orderBy: NEWEST, limit: 500 }, step);
      step();
    });
  }

  private async download(kind: 'csv' | 'json'): Promise<void> {
    this.exporting = true;
    try {
      const all = await this.everything();
      const reactions = new Map<string, number>();
      for (const [id, by] of this.agg)
        reactions.set(
          id,
          [...by.values()].reduce((n, s) => n + s.count, 0),
        );
      const reports = new Map([...this.reported].map(([id, r]) => [id, r.length]));
      const rows = exportRows(all, reactions, reports);
      const text = kind === 'csv' ? `\ufeff${toCsv(rows)}` : toJson(this.wallId, rows);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([text], { type: kind === 'csv' ? 'text/csv;charset=utf-8' : 'application/json' }));
      a.download = `kudos-${this.wallId}-${new Date().toISOString().slice(0, 10)}.${kind}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    } catch (err) {
      this.fail(err, KUDOS, '', 'read');
    } finally {
      this.exporting = false;
    }
  }

  private optOut(e: Event): void {
    const v = this.viewer;
    const on = (e.target as HTMLInputElement).checked;
    this.dataStore
      ?.put<PrefsRecord>(PREFS, { id: v.id, leaderboardOptOut: on, authorId: v.id })
      .catch((err) => this.fail(err, PREFS, v.id));
  }

  // ------------------------------------------------------------------ rendering

  private renderForm(inDialog: boolean): TemplateResult {
    const t = this.t;
    const d = this.draft;
    const p = this.attempted ? this.problems() : {};
    const left = charsLeft(d.message);
    const values = this.valueList;
    const valueError = p.value ? 'val-err' : nothing;
    const radio = (value: string, label: string) =>
      html`<label class="val"
        ><input
          type="radio"
          name="value"
          .value=${value}
          .checked=${live(d.value === value)}
          aria-describedby=${valueError}
          @change=${() => this.patch({ value })}
        /><span>${label}</span></label
      >`;
    return html`<form class="compose" part="compose" novalidate aria-labelledby="give" @submit=${this.send}>
      <p class="title" id="give">${t('kwGive')}</p>
      <lc-person-picker
        part="picker"
        multiple
        .label=${t('kwTo')}
        .search=${this.dataStore?.hasPeople ? this.search : undefined}
        .allowFree=${true}
        .selected=${d.to}
        .excludeIds=${[this.viewer.id]}
        .invalid=${!!p.recipients}
        .errorMessage=${p.recipients ? t(p.recipients === 'self' ? 'kwErrSelf' : 'kwErrTo') : ''}
        @lc-people-change=${(e: CustomEvent<{ selected: Person[] }>) => this.patch({ to: e.detail.selected })}
      ></lc-person-picker>
      <div class="field">
        <label class="label" for="msg">${t('kwMessage')}</label>
        <p class="hint" id="msg-hint">${t('kwMessageHint')}</p>
        <textarea
          id="msg"
          part="message"
          rows="3"
          .value=${live(d.message)}
          aria-invalid=${p.message ? 'true' : nothing}
          aria-describedby="msg-hint msg-count ${p.message ? 'msg-err' : ''}"
          @input=${(e: Event) => this.patch({ message: val(e) })}
        ></textarea>
        <p class="hint ${left < 0 ? 'over' : ''}" id="msg-count" part="counter">${left < 0 ? t('kwOver', -left) : t('kwLeft', left)}</p>
        ${p.message ? html`<p class="error" id="msg-err">${p.message === 'required' ? t('kwErrMessage') : t('kwErrLong', -left)}</p>` : nothing}
      </div>
      ${
        values.length
          ? html`<fieldset class="values" part="values">
              <legend class="label">${t('kwValue')} ${this.requireValue ? '' : t('kwOptional')}</legend>
              ${this.requireValue ? nothing : radio('', t('kwNoValue'))}${values.map((v) => radio(v, v))}
              ${p.value ? html`<p class="error" id="val-err">${t('kwErrValue')}</p>` : nothing}
            </fieldset>`
          : nothing
      }
      ${
        this.allowAnonymous
          ? html`<label class="check"
              ><input
                type="checkbox"
                part="anonymous"
                .checked=${live(d.anon)}
                @change=${(e: Event) => this.patch({ anon: (e.target as HTMLInputElement).checked })}
              />
              ${t('kwAnon')}</label
            >`
          : nothing
      }
      <div class="actions">
        <button type="submit" class="btn btn--primary" part="submit">${t('kwSend')}</button>
        ${inDialog ? html`<button type="button" class="btn" @click=${this.close}>${t('cancel')}</button>` : nothing}
      </div>
    </form>`;
  }

  private renderCompose(): TemplateResult | typeof nothing {
    const t = this.t;
    if (this.compose === 'none') return nothing;
    if (!this.canWrite) {
      if (this.viewerStatus !== 'ready') return nothing;
      return this.dataStore?.canIdentify
        ? identityPrompt({ term: t, onSubmit: (name) => void this.identify(name), ...this.identity })
        : html`<p class="hint">${t('readOnlyAnonymous')}</p>`;
    }
    if (this.compose === 'button')
      return html`<button
        type="button"
        class="btn btn--primary"
        part="compose-button"
        aria-haspopup="dialog"
        @click=${(e: Event) => void this.open({ mode: 'compose' }, e.currentTarget as HTMLElement)}
      >
        ${t('kwGive')}
      </button>`;
    return this.renderForm(false);
  }

  private renderDialog(): TemplateResult | typeof nothing {
    const d = this.dialog;
    if (!d) return nothing;
    if (d.mode === 'compose') return this.renderForm(true);
    const t = this.t;
    const report = d.mode === 'report';
    return html`<form class="compose" novalidate aria-labelledby="dlg" @submit=${this.submitReason}>
      <p class="title" id="dlg">${t(report ? 'kwReportTitle' : 'kwHideTitle')}</p>
      <p class="hint" id="dlg-hint">${t(report ? 'kwReportHint' : 'kwHideHint')}</p>
      <blockquote class="quote" dir="auto">${d.kudos!.message}</blockquote>
      <div class="field">
        <label class="label" for="reason">${t('kwReason')}</label>
        <textarea
          id="reason"
          name="reason"
          rows="3"
          maxlength="500"
          aria-invalid=${d.error ? 'true' : nothing}
          aria-describedby="dlg-hint ${d.error ? 'reason-err' : ''}"
        ></textarea>
        ${d.error ? html`<p class="error" id="reason-err">${t('kwErrReason')}</p>` : nothing}
      </div>
      <div class="actions">
        <button type="submit" class="btn ${report ? 'btn--primary' : 'btn--danger'}">${t(report ? 'kwReport' : 'kwHide')}</button>
        <button type="button" class="btn" @click=${this.close}>${t('cancel')}</button>
      </div>
    </form>`;
  }

  private renderSide(all: readonly KudosRecord[]): TemplateResult | typeof nothing {
    if (!this.showSummary && !this.showLeaders) return nothing;
    const t = this.t;
    const s = summarize(all);
    const last = all[all.length - 1];
    const more = this.kudos.hasMore && sameMonth(last?.createdAt, new Date());
    const out = new Set(this.prefs.items.filter((p) => p.leaderboardOptOut).map((p) => p.id));
    const top = this.showLeaders ? leaders(all, out) : [];
    return html`<div class="side">
      ${
        this.showSummary
          ? html`<div class="panel" part="summary">
              <p class="stat">${t('kwMonth', this.localize.number(s.month) + (more ? '+' : ''))}</p>
              ${
                s.values.length
                  ? html`<p class="label" id="tv">${t('kwTopValues')}</p>
                      <ul class="chips" aria-labelledby="tv">
                        ${s.values.map(([v, n]) => html`<li class="chip">${v} <b>${this.localize.number(n)}</b></li>`)}
                      </ul>`
                  : nothing
              }
            </div>`
          : nothing
      }
      ${
        this.showLeaders
          ? html`<div class="panel" part="leaders">
              <p class="label" id="lb">${t('kwLeaders')}</p>
              <ol class="leaders" aria-labelledby="lb">
                ${top.map((l) => html`<li>${avatar({ name: l.name, size: 's' })}<span>${l.name}</span><b>${this.localize.number(l.count)}</b></li>`)}
              </ol>
              ${
                this.canWrite
                  ? html`<label class="check"
                      ><input type="checkbox" .checked=${live(out.has(this.viewer.id))} @change=${this.optOut} /> ${t('kwOptOut')}</label
                    >`
                  : nothing
              }
            </div>`
          : nothing
      }
    </div>`;
  }

  private renderToolbar(all: readonly KudosRecord[], shown: number): TemplateResult {
    const t = this.t;
    const f = this.filter;
    const mod = isModerator(this.viewer);
    const people = this.m('people', [all], () => {
      const by = new Map<string, string>();
      for (const k of all) for (const r of k.recipients) by.set(r.id, r.name);
      return [...by].sort((a, b) => a[1].localeCompare(b[1]));
    });
    const values = this.m('values', [all, this.values], () =>
      [...new Set([...this.valueList, ...all.map((k) => k.value ?? '')])].filter(Boolean),
    );
    const opt = (value: string, label: string, current?: string) =>
      html`<option value=${value} ?selected=${(current ?? '') === value}>${label}</option>`;
    return html`<div class="bar" part="toolbar" role="search" aria-label=${t('kwFilters')}>
        <input
          type="search"
          part="search"
          aria-label=${t('kwSearch')}
          placeholder=${t('kwSearch')}
          .value=${live(f.text ?? '')}
          @input=${(e: Event) => this.setFilter({ text: val(e) })}
        />
        <select part="filter" aria-label=${t('kwRecipient')} @change=${(e: Event) => this.setFilter({ recipient: val(e) })}>
          ${opt('', t('kwEveryone'), f.recipient)}${people.map(([id, name]) => opt(id, name, f.recipient))}
        </select>
        ${
          values.length
            ? html`<select part="filter" aria-label=${t('kwValue')} @change=${(e: Event) => this.setFilter({ value: val(e) })}>
                ${opt('', t('kwAllValues'), f.value)}${values.map((v) => opt(v, v, f.value))}
              </select>`
            : nothing
        }
        ${
          this.canWrite
            ? html`<select
                part="filter"
                aria-label=${t('kwShow')}
                @change=${(e: Event) => this.setFilter({ show: val(e) as KudosFilter['show'] })}
              >
                ${opt('', t('kwAll'), f.show)}${opt('given', t('kwGiven'), f.show)}${opt('received', t('kwReceived'), f.show)}
                ${mod ? html`${opt('reported', t('kwReported'), f.show)}${opt('hidden', t('kwHiddenOnly'), f.show)}` : nothing}
              </select>`
            : nothing
        }
        ${
          mod
            ? html`<button type="button" class="btn" part="export" ?disabled=${this.exporting} @click=${() => this.download('csv')}>
                  ${t('kwCsv')}</button
                ><button type="button" class="btn" part="export" ?disabled=${this.exporting} @click=${() => this.download('json')}>
                  ${t('kwJson')}
                </button>`
            : nothing
        }
      </div>
      <p class="hint count" role="status">${isFiltered(f) ? t('kwCount', shown, this.kudos.hasMore) : ''}</p>`;
  }

  private renderTime(iso = ''): TemplateResult {
    return html`<time class="time" part="card__time" datetime=${iso} tabindex="0"
      >${this.localize.relativeTime(iso)}<span class="tip"
        >${this.localize.date(iso, { dateStyle: 'full', timeStyle: 'short' })}</span
      ></time
    >`;
  }

  private renderCard(k: KudosRecord, i: number, size: number): TemplateResult {
    const t = this.t;
    const v = this.viewer;
    const mine = isAuthor(k, v.id);
    const mod = isModerator(v);
    const ed = this.editing?.id === k.id ? this.editing : undefined;
    const reports = mod ? this.reported.get(k.id) : undefined;
    const reportedByMe = !mod && this.reportedHere.has(k.id);
    const ws = this.kudos.writeState(k.id);
    const actions: [string, (card: HTMLElement, summary: HTMLElement) => void][] = [];
    if (canEdit(k, v.id)) actions.push([t('kwEdit'), () => (this.editing = { id: k.id, text: k.message })]);
    if (mine) actions.push([t('kwDelete'), (card) => this.deleteKudos(k, card)]);
    if (this.canWrite && !mine && !reportedByMe) actions.push([t('kwReport'), (_, s) => void this.open({ mode: 'report', kudos: k }, s)]);
    if (mod)
      actions.push(
        k.hidden ? [t('kwUnhide'), () => this.setHidden(k)] : [t('kwHide'), (_, s) => void this.open({ mode: 'hide', kudos: k }, s)],
      );
    if (reports) actions.push([t('kwDismiss'), () => this.dismissReports(k)]);
    const act = (e: Event, run: (card: HTMLElement, summary: HTMLElement) => void) => {
      const d = (e.target as Element).closest('details')!;
      d.open = false;
      run(d.closest('article')!, d.querySelector('summary')!);
    };
    return html`<article
      class="card ${k.hidden ? 'card--hidden' : ''}"
      part="card"
      tabindex="-1"
      data-id=${k.id}
      aria-posinset=${i + 1}
      aria-setsize=${size}
      aria-labelledby="h${i}"
    >
      <div class="head">
        <span class="av"
          >${avatar({ name: k.recipients[0].name })}${k.recipients.length > 1 ? html`<span class="more" aria-hidden="true">+${k.recipients.length - 1}</span>` : nothing}</span
        >
        <div class="hd">
          <p class="who" id="h${i}">
            <span class="from">${k.anonymous ? t(mine ? 'kwAnonYou' : 'anonymous') : k.authorName}</span>
            <span class="arrow" aria-hidden="true">→</span><span class="vh">${t('kwToWord')}</span>
            <span class="to">${this.names(k)}</span>
          </p>
          ${this.renderTime(k.createdAt)}
        </div>
      </div>
      ${k.hidden ? html`<p class="note" part="card__hidden">${t('kwHidden', k.hiddenReason ?? '')}</p>` : nothing}
      ${
        ed
          ? html`<form class="edit" @submit=${(e: Event) => this.saveEdit(e, k)}>
              <label class="vh" for="edit">${t('kwMessage')}</label>
              <textarea
                id="edit"
                rows="3"
                .value=${live(ed.text)}
                aria-invalid=${ed.error ? 'true' : nothing}
                aria-describedby=${ed.error ? 'edit-err' : nothing}
                @input=${(e: Event) => (this.editing = { id: k.id, text: val(e) })}
              ></textarea>
              ${ed.error ? html`<p class="error" id="edit-err">${ed.error}</p>` : nothing}
              <div class="actions">
                <button type="submit" class="btn btn--primary">${t('save')}</button>
                <button
                  type="button"
                  class="btn"
                  @click=${() => ((this.editing = undefined), (this.focusAfter = `[data-id="${CSS.escape(k.id)}"]`))}
                >
                  ${t('cancel')}
                </button>
              </div>
            </form>`
          : html`<p class="msg" part="card__message" dir="auto">${k.message}</p>`
      }
      <div class="meta">
        ${k.value ? html`<span class="chip" part="card__value">${k.value}</span>` : nothing}
        ${k.editedAt ? html`<span class="hint">(${t('kwEdited')})</span>` : nothing}
        ${ws === 'pending' || ws === 'queued' ? html`<span class="hint">${t(ws === 'queued' ? 'statusQueued' : 'statusSaving')}</span>` : nothing}
      </div>
      ${
        reports
          ? html`<details class="reports" part="card__reports">
              <summary>${t('kwReports', reports.length)}</summary>
              <ul>
                ${reports.map((r) => html`<li dir="auto">${r.reason}</li>`)}
              </ul>
            </details>`
          : nothing
      }
      <div class="foot">
        <div class="reacts" role="group" aria-label=${t('kwReactions')}>
          ${reactionsOf(this.agg.get(k.id), this.emojis).map(
            (s, j) =>
              html`<span class="rw"
                ><button
                  type="button"
                  class="react"
                  part="reaction"
                  aria-pressed=${s.mine ? 'true' : 'false'}
                  aria-disabled=${this.canWrite ? nothing : 'true'}
                  aria-describedby=${s.count ? `r${i}-${j}` : nothing}
                  @click=${() => this.react(k, s)}
                >
                  ${s.emoji}<span class="n">${s.count ? this.localize.number(s.count) : ''}</span></button
                >${s.count ? html`<span class="tip" id="r${i}-${j}">${this.localize.list(s.names)}</span>` : nothing}</span
              >`,
          )}
        </div>
        ${reportedByMe ? html`<span class="hint">${t('kwReported')}</span>` : nothing}
        ${
          actions.length
            ? html`<details class="menu" part="card__menu" @keydown=${this.onMenuKey} @focusout=${this.onMenuOut}>
                <summary class="btn btn--ghost btn--icon" aria-label=${t('kwActions')}><span aria-hidden="true">⋯</span></summary>
                <div class="menu__list">
                  ${actions.map(([label, run]) => html`<button type="button" class="btn btn--ghost" @click=${(e: Event) => act(e, run)}>${label}</button>`)}
                </div>
              </details>`
            : nothing
        }
      </div>
    </article>`;
  }

  private renderList(list: readonly KudosRecord[]): TemplateResult {
    const t = this.t;
    const size = this.kudos.hasMore ? -1 : list.length;
    if (this.layout === 'spotlight') {
      const n = list.length;
      const i = this.spot % n;
      const still = reducedMotion();
      const rotating = !still && !this.paused && !this.hovered;
      return html`<div
        class="spot"
        part="spotlight"
        role="region"
        aria-roledescription=${t('kwCarousel')}
        aria-label=${this.label || t('kwLabel')}
        @mouseenter=${() => (this.hovered = true)}
        @mouseleave=${() => (this.hovered = this.matches(':focus-within'))}
        @focusin=${() => (this.hovered = true)}
        @focusout=${(e: FocusEvent) => (this.hovered = this.matches(':hover') || (e.currentTarget as Element).contains(e.relatedTarget as Node | null))}
      >
        <div class="spot__bar">
          <button type="button" class="btn btn--ghost" @click=${() => this.go(-1)}>${t('kwPrev')}</button>
          ${still ? nothing : html`<button type="button" class="btn btn--ghost" @click=${() => (this.paused = !this.paused)}>${t(this.paused ? 'kwPlay' : 'kwPause')}</button>`}
          <button type="button" class="btn btn--ghost" @click=${() => this.go(1)}>${t('kwNext')}</button>
          <span class="hint">${t('kwOf', i + 1, n)}</span>
        </div>
        <div
          class="slide"
          aria-live=${rotating ? 'off' : 'polite'}
          role="group"
          aria-roledescription=${t('kwSlide')}
          aria-label=${t('kwOf', i + 1, n)}
        >
          ${keyed(list[i].id, this.renderCard(list[i], i, n))}
        </div>
      </div>`;
    }
    const w = this.range(list);
    this.painted = w;
    const from = w.start * this.cols;
    return html`<div
      class="list"
      part="list"
      role="feed"
      aria-busy=${this.kudos.loadingMore ? 'true' : 'false'}
      aria-label=${this.label || t('kwLabel')}
      @keydown=${this.onFeedKey}
    >
      ${repeat(
        list.slice(from, Math.min(list.length, w.end * this.cols)),
        (k) => k.id,
        (k, j) => this.renderCard(k, from + j, size),
      )}
    </div>`;
  }

  private renderBody(all: readonly KudosRecord[], list: readonly KudosRecord[]): TemplateResult {
    const t = this.t;
    const c = this.kudos;
    const held = this.heldCount;
    const ready = c.status === 'ready';
    const filtered = isFiltered(this.filter);
    return html`${
        c.status === 'loading'
          ? html`<div class="skeleton" aria-hidden="true">
                <div></div>
                <div></div>
                <div></div>
              </div>
              <p class="vh" role="status">${t('loading')}</p>`
          : nothing
      }
      ${
        c.status === 'error'
          ? html`<div class="state" part="error" role="alert">
              <p>${this.errorText(c.error)}</p>
              <button type="button" class="btn" @click=${() => c.retry()}>${t('retry')}</button>
            </div>`
          : nothing
      }
      <div class="state" part="empty" ?hidden=${!ready || all.length > 0 || c.hasMore}><slot name="empty">${t('kwEmpty')}</slot></div>
      ${
        ready && filtered && !list.length && !c.hasMore
          ? html`<div class="state" part="empty">
              <p>${t('kwNoMatch')}</p>
              <button type="button" class="btn" @click=${this.clearFilters}>${t('kwClear')}</button>
            </div>`
          : nothing
      }
      ${held ? html`<button type="button" class="btn btn--primary pill" part="new-pill" @click=${this.showNew}>↑ ${t('kwNew', held)}</button>` : nothing}
      ${ready && list.length ? this.renderList(list) : nothing}
      ${
        ready && c.hasMore && this.layout !== 'spotlight'
          ? html`<div class="end">
              ${this.moreFailed ? html`<p class="error">${this.errorText(c.error)}</p>` : nothing}
              <button type="button" class="btn" part="load-more" ?disabled=${c.loadingMore} @click=${this.loadMore}>
                ${c.loadingMore ? t('loading') : t('kwLoadMore')}
              </button>
            </div>`
          : ready && !c.hasMore && list.length > 10 && this.layout !== 'spotlight'
            ? html`<p class="end hint">${t('kwEnd')}</p>`
            : nothing
      }
      <div class="sentinel"></div>`;
  }

  override render(): TemplateResult {
    const t = this.t;
    if (!this.wallId) return html`<div class="base" part="base"><p class="state">${t('kwNotSetUp')}</p></div>`;
    // A backend that holds only the viewer's own records (SCORM without an endpoint) has no wall:
    // say so calmly, with no form that cannot send and no retry that cannot help.
    if (this.kudos.status === 'error' && this.kudos.error?.kind === 'unsupported')
      return html`<div class="base" part="base"><p class="state" part="unavailable" role="status">${t('kwUnavailable')}</p></div>`;
    const all = this.all;
    const list = this.shown;
    const store = this.dataStore;
    return html`<div class="base" part="base">
      <div class="top">
        ${this.renderCompose()}
        ${statusLine({
          term: t,
          state: this.sendError ? 'failed' : this.sentId ? this.kudos.writeState(this.sentId) : undefined,
          errorMessage: this.sendError,
          offline: !this.online,
          pendingCount: store?.pendingCount ?? 0,
        })}
        <div class="fx">
          ${
            this.burst
              ? keyed(
                  this.burst,
                  html`<div class="burst" part="celebration" aria-hidden="true">
                    ${[...Array(12)].map((_, i) => html`<i>${this.emojis[i % this.emojis.length] ?? '🎉'}</i>`)}
                  </div>`,
                )
              : nothing
          }
        </div>
      </div>
      ${this.renderSide(all)}
      ${this.layout === 'spotlight' || (!all.length && !isFiltered(this.filter)) ? nothing : this.renderToolbar(all, list.length)}
      ${this.renderBody(all, list)} ${this.undo.render()}
      <div class="vh announce" role="status" aria-live="polite">${this.announcement}</div>
      <dialog
        part="dialog"
        aria-labelledby=${this.dialog ? (this.dialog.mode === 'compose' ? 'give' : 'dlg') : nothing}
        @close=${this.onClose}
      >
        ${this.renderDialog()}
      </dialog>
    </div>`;
  }
}
