import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LcElement } from '../../core/lc-element.js';
import { RecordsController } from '../../core/records-controller.js';
import { registerValidator } from '../../core/validation.js';
import { newId } from '../../core/outbox.js';
import { LcAdapterError, type LcRecord } from '../../core/adapter.js';
import type { StoreWriteEvent } from '../../core/store.js';
import type { KeyOf } from '../../i18n/localize.js';
import './messages.js';
import type { rpMessages, RpKey } from './messages.js';
import { statusLine, type WriteStatus } from '../../ui/status-line.js';
import { progressBar } from '../../ui/progress.js';
import { avatar } from '../../ui/avatar.js';
import { identityPrompt } from '../../ui/identity-prompt.js';
import { UndoController } from '../../ui/undo.js';
import { LcReflectionSubmitEvent } from '../../events/lc-reflection-submit.js';
import { LcReflectionSavedEvent } from '../../events/lc-reflection-saved.js';
import { LcDraftSavedEvent } from '../../events/lc-draft-saved.js';
import { DraftSaver, drafts, type RemoteDrafts } from './draft.js';
import { readPrompt } from './prompt.js';
import { styles } from './reflection-prompt.styles.js';
import {
  COLLECTION,
  answersOf,
  charCount,
  checkAnswer,
  checkForm,
  commitmentAnswer,
  countWords,
  draftKey,
  exportFileName,
  hasText,
  lastCommitment,
  mergeNewest,
  parseVisibilities,
  pickVisibility,
  resolveQuestions,
  rotationIndex,
  toJson,
  toMarkdown,
  validateReflection,
  valuesOf,
  type AnswerProblem,
  type AnswerRules,
  type Draft,
  type PromptQuestion,
  type ReflectionAnswer,
  type ReflectionFollowUp,
  type ReflectionRecord,
  type Rotation,
  type Visibility,
} from './model.js';

/** One field of the form: an answer, the follow-up of the last commitment, or the extra commitment. */
interface Field {
  key: string;
  label: string;
  hint?: string;
  rules: AnswerRules;
  kind: 'answer' | 'followUp' | 'commitment';
  questionId?: string;
  /** This answer is also the record's commitment. */
  commits?: boolean;
}

interface Editing {
  id: string;
  values: Record<string, string>;
  error?: string;
}

const NEWEST = { field: 'createdAt', direction: 'desc' } as const;
const VIS_KEYS: Record<Visibility, [RpKey, RpKey]> = {
  private: ['rpVisPrivate', 'rpVisPrivateHint'],
  community: ['rpVisCommunity', 'rpVisCommunityHint'],
  anonymous: ['rpVisAnonymous', 'rpVisAnonymousHint'],
};
const isMac = () => /Mac|iP(hone|ad|od)/.test(navigator.platform);
const anonIcon = html`<svg class="anon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <circle cx="12" cy="8" r="4" />
  <path d="M4 21a8 8 0 0 1 16 0" />
</svg>`;

/**
 * A structured reflection that is never lost, with a practice loop. Shows one question, a preset
 * set or a custom set (`prompts` or `<lc-prompt>` children), all at once or one step at a time,
 * or one question a day. The draft is kept on this device as the viewer types and restored after
 * a reload; a submission made offline or while the backend is down waits in the outbox and syncs
 * later. The viewer's earlier reflections of the series can be read, edited, deleted (with undo)
 * and downloaded as a Markdown journal or JSON; others' community and anonymous responses can be
 * shown live. When the viewer committed to put something into practice last time, the prompt asks
 * how it went and links the answer to that reflection.
 *
 * Records go to the `reflections` collection: `promptId`, `series`, `answers`
 * (`{ questionId, question, text }[]`), `commitment`, `followUp`
 * (`{ previousId, previousCommitment, text }`), `visibility`, `authorId`, `authorName` (left out
 * when anonymous), `submittedAt`, `locale`.
 *
 * @summary Structured reflection with drafts that survive reloads, history, a shared feed and a practice loop.
 * @tag lc-reflection-prompt
 *
 * @slot intro - Text shown under the heading, above the questions (context, instructions).
 *
 * @csspart base - The outer wrapper.
 * @csspart heading - The heading (with `heading`).
 * @csspart form - The reflection form.
 * @csspart field - One question with its text area, counts and messages.
 * @csspart question - A question's label.
 * @csspart hint - A question's help text.
 * @csspart textarea - A text area.
 * @csspart word-count - The live word (and character) count under a text area.
 * @csspart error - A validation message.
 * @csspart follow-up - The "Last time you planned to" quote of the practice loop.
 * @csspart visibility - The "Who can see this?" choice.
 * @csspart draft-note - The "draft restored" note with its discard button.
 * @csspart actions - The row of form buttons.
 * @csspart back - The Back button (steps mode).
 * @csspart next - The Next button (steps mode).
 * @csspart submit - The submit button.
 * @csspart status - The write status line (saving, saved, will sync, not saved).
 * @csspart progress - The step progress (steps mode).
 * @csspart history - The viewer's earlier reflections.
 * @csspart history-item - One earlier reflection.
 * @csspart export - The download buttons.
 * @csspart shared - Others' shared responses.
 * @csspart shared-item - One shared response.
 * @csspart shared-unavailable - The note shown instead of the feed when the backend keeps only the viewer's own records (SCORM).
 * @csspart avatar - An author's avatar in the shared feed.
 * @csspart load-more - A "Show more" button.
 * @csspart identity - The "What should we call you?" form.
 * @csspart read-only - Why the viewer can read but not write.
 * @csspart toast - The "Reflection deleted. Undo" toast (with `toast__undo`, `toast__dismiss`).
 *
 * @cssprop --lc-reflection-prompt-gap - Space between the parts (default `--lc-space-m`).
 * @cssprop --lc-reflection-prompt-max-width - Largest width of the element (default `48rem`).
 * @cssprop --lc-reflection-prompt-surface - Background of cards: history and shared items (default `--lc-color-surface-raised`).
 * @cssprop --lc-reflection-prompt-radius - Corner radius of cards and text areas (default `--lc-radius-m`).
 * @cssprop --lc-reflection-prompt-accent - Accent of the practice loop and progress (default `--lc-color-accent`).
 * @cssprop --lc-reflection-prompt-question-font-size - Size of the questions (default `--lc-font-size-l`).
 * @cssprop --lc-reflection-prompt-textarea-min-height - Starting height of a text area (default `5.5em`).
 *
 * @fires {LcReflectionSubmitEvent} lc-reflection-submit - Before a new or edited reflection is written. Cancelable; `detail` is the record.
 * @fires {LcReflectionSavedEvent} lc-reflection-saved - When the adapter has confirmed a reflection (also after a queued one syncs). `detail` is the stored record.
 * @fires {LcDraftSavedEvent} lc-draft-saved - When the draft is kept on this device as the viewer types.
 * @fires {LcErrorEvent} lc-error - When loading, saving, deleting or identifying fails.
 */
export class LcReflectionPrompt extends LcElement<typeof rpMessages> {
  static override styles = [...LcElement.styles, ...styles];

  private readonly history = new RecordsController<ReflectionRecord>(this, {
    collection: COLLECTION,
    query: () =>
      this.canWrite && this.promptId
        ? { where: { series: this.seriesKey, authorId: this.viewer.id }, orderBy: NEWEST, limit: 20 }
        : undefined,
  });
  private readonly shared = (['community', 'anonymous'] as const).map(
    (visibility) =>
      new RecordsController<ReflectionRecord>(this, {
        collection: COLLECTION,
        query: () =>
          this.showShared && this.promptId
            ? { where: { promptId: this.promptId, visibility }, orderBy: NEWEST, limit: this.pageSize }
            : undefined,
      }),
  );
  private readonly undo = new UndoController(this);
  private readonly saver = new DraftSaver(
    this,
    () => this.draft(),
    (d, storage) => {
      this.draftSavedAt = d.savedAt;
      this.dispatchEvent(new LcDraftSavedEvent({ promptId: this.promptId, savedAt: d.savedAt, storage }));
    },
    300,
    () => this.remoteDrafts(),
    (error) => {
      this.draftError = error ? this.errorText(error) : undefined;
    },
  );

  @state() private values: Record<string, string> = {};
  @state() private step = 0;
  @state() private chosen?: Visibility;
  @state() private attempted = false;
  @state() private restoredAt?: string;
  @state() private draftSavedAt?: string;
  /** Submitted, not yet confirmed, by id (newest last). */
  @state() private pending = new Map<string, ReflectionRecord>();
  @state() private lastId?: string;
  @state() private submitError?: string;
  @state() private announcement = '';
  @state() private editing?: Editing;
  @state() private hiddenIds = new Set<string>();
  @state() private identity: { busy: boolean; error?: string } = { busy: false };
  @state() private childPrompts: PromptQuestion[] = [];
  @state() private exportError?: string;
  /** Why the adapter's draft storage (e.g. the LMS) could not keep the draft; this device still has it. */
  @state() private draftError?: string;
  /** The earlier reflection the follow-up text in `values` answers. */
  private followUpOf?: string;
  /** Reflections written by this element: not asked about until next time. */
  private readonly sessionIds = new Set<string>();
  private readonly edits = new Set<string>();
  private key?: string;
  private reuseId?: string;
  protected override readonly storeEventTypes = ['write'];
  private observer?: MutationObserver;

  /** Stable key of this prompt (required): drafts, records and the shared feed hang on it. */
  @property({ attribute: 'prompt-id' }) promptId = '';

  /** One question. Ignored when a custom set is given. */
  @property() prompt?: string;

  /** A built-in question set: `meeting-reflect`, `meeting-next`, `what-so-what-now-what` (Rolfe) or `gibbs`. */
  @property() preset?: string;

  /** A custom set of questions (strings or `{ id, text, hint, required, minWords, maxLength, commitment }`); wins over children, `prompt` and `preset`. */
  @property({ attribute: false }) prompts?: (PromptQuestion | string)[];

  /** `all` shows every question (default); `steps` shows one at a time with progress, Back and Next. */
  @property() mode: 'all' | 'steps' = 'all';

  /** `daily` or `weekly`: show one question of the set, the same for everyone that day (or week). */
  @property() rotate?: Rotation;

  /** Prompts sharing a series share history and the practice loop. Defaults to `prompt-id`. */
  @property() series?: string;

  /** Fewest words an answer must have (when given, or when required). `0`: no minimum. */
  @property({ type: Number, attribute: 'min-words' }) minWords = 0;

  /** Most characters an answer may have. `0`: no limit. */
  @property({ type: Number, attribute: 'max-length' }) maxLength = 0;

  /** Every question must be answered (otherwise at least one). */
  @property({ type: Boolean }) required = false;

  /** The visibilities offered, space-separated subset of `private community anonymous`. */
  @property({ attribute: 'allow-visibility' }) allowVisibility = 'private community';

  /** The preselected visibility (defaults to the first offered). */
  @property() visibility?: Visibility;

  /** Adds "What will you put into practice?" (the practice loop) when the set has no such question. */
  @property({ type: Boolean }) commitment = false;

  /** Turns the commitment of `meeting-next` (or a `commitment` question) into an ordinary answer. */
  @property({ type: Boolean, attribute: 'no-commitment' }) noCommitment = false;

  /** Shows others' community and anonymous responses to this prompt, live. */
  @property({ type: Boolean, attribute: 'show-shared' }) showShared = false;

  /** Hides the viewer's earlier reflections (the practice loop still uses them). */
  @property({ type: Boolean, attribute: 'no-history' }) noHistory = false;

  /** A heading shown above the prompt. */
  @property() heading?: string;

  /** The level of `heading` (sections below use the next level). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /** How many shared responses load per page, for each of the two feeds (community, anonymous). */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 10;

  constructor() {
    super();
    registerValidator(COLLECTION, validateReflection);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.readChildren();
    this.observer = new MutationObserver(() => this.readChildren());
    this.observer.observe(this, { childList: true, subtree: true, characterData: true, attributes: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const store = this.isConnected ? this.dataStore : undefined;
    const key =
      store && this.canWrite && this.promptId
        ? draftKey(store.adapter.key ?? 'default', this.community, this.viewer.id, this.promptId)
        : undefined;
    if (key !== this.key) this.loadDraft(key);
  }

  // ------------------------------------------------------------------ drafts & submissions

  private get seriesKey(): string {
    return this.series || this.promptId;
  }

  private readChildren(): void {
    const list = [...this.querySelectorAll('lc-prompt')].map(readPrompt);
    if (JSON.stringify(list) !== JSON.stringify(this.childPrompts)) this.childPrompts = list;
  }

  private draft(): Draft | undefined {
    if (!hasText({ values: this.values })) return undefined;
    return {
      values: this.values,
      followUpOf: this.followUpOf,
      visibility: this.chosen,
      step: this.step,
      savedAt: new Date().toISOString(),
    };
  }

  /** The adapter's own draft storage (SCORM `suspend_data`), used besides this device's. */
  private remoteDrafts(): RemoteDrafts | undefined {
    const store = this.key ? this.dataStore?.adapter.drafts : undefined;
    return store ? { store, key: `rp:${this.community}:${this.promptId}` } : undefined;
  }

  private loadDraft(key: string | undefined): void {
    this.saver.flush();
    this.key = this.saver.key = key;
    this.draftError = undefined;
    const d = key ? drafts.loadNewest(key, this.remoteDrafts()) : undefined;
    this.values = d?.values ?? {};
    this.followUpOf = d?.followUpOf;
    this.chosen = d?.visibility;
    this.step = d?.step ?? 0;
    this.restoredAt = hasText(d) ? d!.savedAt : undefined;
    this.pending = new Map();
    this.lastId = this.submitError = undefined;
    if (this.restoredAt) this.announce(this.localize.term('rpDraftRestored', this.localize.relativeTime(this.restoredAt)));
    for (const r of (key && drafts.load(key + ':pending')?.records) || []) void this.resume(r);
  }

  private savePending(): void {
    if (!this.key) return;
    if (this.pending.size)
      drafts.save(this.key + ':pending', { values: {}, savedAt: new Date().toISOString(), records: [...this.pending.values()] });
    else drafts.clear(this.key + ':pending');
  }

  /** A submission left by an earlier page: wait for it, confirm it, or put it back in the form. */
  private async resume(record: ReflectionRecord): Promise<void> {
    const store = this.dataStore!;
    const key = this.key;
    this.pending = new Map(this.pending).set(record.id, record);
    this.sessionIds.add(record.id);
    await store.ready();
    if (this.key !== key || !this.pending.has(record.id)) return;
    const s = store.writeState(COLLECTION, record.id);
    if (s === 'saved') return this.settled(record, true);
    if (s === 'failed') return this.settled(record, false, store.writeError(COLLECTION, record.id));
    if (s) return; // still on its way: the write event will tell
    let stored: LcRecord | undefined;
    try {
      stored = await store.get(COLLECTION, record.id);
    } catch {
      // Unknown: keep the id, so sending it again cannot make a second copy.
      this.reuseId = record.id;
    }
    if (this.key !== key || !this.pending.has(record.id)) return;
    if (stored) this.settled(stored as ReflectionRecord, true);
    else this.settled(record, false);
  }

  protected override handleStoreEvent(e: Event): void {
    const w = e as StoreWriteEvent;
    if (w.collection !== COLLECTION || w.operation !== 'put' || (w.state !== 'saved' && w.state !== 'failed')) return;
    const record = (w.record ?? this.pending.get(w.id)) as ReflectionRecord | undefined;
    if (this.pending.has(w.id) && record) this.settled(record, w.state === 'saved', w.error);
    else if (this.edits.delete(w.id) && record) {
      if (w.state === 'saved') this.dispatchEvent(new LcReflectionSavedEvent(record));
      else {
        this.editing = { id: w.id, values: this.editValues(record), error: this.errorText(w.error) };
        this.reportError({
          kind: w.error?.kind ?? 'unavailable',
          operation: 'write',
          collection: COLLECTION,
          recordId: w.id,
          error: w.error,
        });
      }
    }
  }

  /** A submission ended: confirmed (clear its copy, tell the page) or refused (back into the form). */
  private settled(record: ReflectionRecord, ok: boolean, error?: LcAdapterError): void {
    const pending = new Map(this.pending);
    if (!pending.delete(record.id)) return;
    this.pending = pending;
    if (ok) {
      this.lastId = record.id;
      this.submitError = undefined;
      if (this.reuseId === record.id) this.reuseId = undefined;
      this.savePending();
      this.dispatchEvent(new LcReflectionSavedEvent(record));
      return;
    }
    // Never lost: the text goes back into the form (without overwriting newer typing).
    const back = valuesOf(record);
    for (const [k, v] of Object.entries(this.values)) if (v.trim()) back[k] = v;
    this.values = back;
    this.followUpOf = record.followUp?.previousId ?? this.followUpOf;
    this.chosen = record.visibility;
    this.saver.write();
    this.savePending();
    this.sessionIds.delete(record.id);
    if (error) {
      this.submitError = this.errorText(error);
      this.reportError({ kind: error.kind, operation: 'write', collection: COLLECTION, recordId: record.id, error });
    } else {
      this.restoredAt = record.submittedAt ?? new Date().toISOString();
      this.announce(this.localize.term('rpDraftRestored', this.localize.relativeTime(this.restoredAt)));
    }
  }

  // ------------------------------------------------------------------ the form

  private get visibleHistory(): ReflectionRecord[] {
    return this.history.items.filter((r) => !this.hiddenIds.has(r.id));
  }

  private get lastCommit(): ReflectionRecord | undefined {
    return this.canWrite ? lastCommitment(this.visibleHistory, this.sessionIds) : undefined;
  }

  private fields(): Field[] {
    const t = this.localize;
    const custom = this.prompts?.length ? this.prompts : this.childPrompts;
    let questions = resolveQuestions({
      custom,
      prompt: this.prompt,
      preset: this.preset,
      commitment: this.noCommitment ? false : undefined,
    });
    if (this.rotate && questions.length > 1)
      questions = [questions[rotationIndex(new Date(), this.promptId, questions.length, this.rotate)]];
    const rules = (r: AnswerRules = {}): AnswerRules => ({
      required: r.required ?? this.required,
      minWords: r.minWords ?? this.minWords,
      maxLength: r.maxLength ?? this.maxLength,
    });
    const out: Field[] = [];
    if (this.lastCommit)
      out.push({
        key: 'followUp',
        kind: 'followUp',
        label: t.term('rpHowItWent'),
        hint: t.term('rpHowItWentHint'),
        rules: { maxLength: this.maxLength },
      });
    for (const q of questions)
      out.push({
        key: `q:${q.id}`,
        kind: 'answer',
        questionId: q.id,
        label: q.text ?? t.term(q.key!),
        hint: q.hint ?? (q.hintKey ? t.term(q.hintKey) : undefined),
        rules: rules(q),
        commits: q.commitment,
      });
    if (this.commitment && !this.noCommitment && !questions.some((q) => q.commitment))
      out.push({
        key: 'commitment',
        kind: 'commitment',
        label: t.term('rpCommitment'),
        hint: t.term('rpCommitmentHint'),
        rules: { maxLength: this.maxLength },
      });
    return out;
  }

  private build(fields: Field[], id: string): ReflectionRecord {
    const v = (k: string) => (this.values[k] ?? '').trim();
    const answers: ReflectionAnswer[] = fields
      .filter((f) => f.kind === 'answer' && v(f.key))
      .map((f) => ({ questionId: f.questionId!, question: f.label, text: v(f.key) }));
    const commitment = v(fields.find((f) => f.commits || f.kind === 'commitment')?.key ?? '');
    const last = this.lastCommit;
    const followUp: ReflectionFollowUp | undefined =
      last && v('followUp') ? { previousId: last.id, previousCommitment: String(last.commitment), text: v('followUp') } : undefined;
    const visibility = this.currentVisibility;
    const record: ReflectionRecord = {
      id,
      promptId: this.promptId,
      series: this.seriesKey,
      answers,
      visibility,
      authorId: this.viewer.id,
      submittedAt: new Date().toISOString(),
      locale: this.localize.lang,
    };
    if (commitment) record.commitment = commitment;
    if (followUp) record.followUp = followUp;
    if (visibility !== 'anonymous' && this.viewer.name) record.authorName = this.viewer.name;
    return record;
  }

  /**
   * The visibilities offered: `allow-visibility`, or only `private` where the backend keeps what is
   * stored for the viewer alone (`adapter.personal`, e.g. a SCORM course without a shared server),
   * so nobody is offered to share with people who could never see it.
   */
  private get allowedVisibilities(): Visibility[] {
    return this.dataStore?.adapter.personal ? ['private'] : parseVisibilities(this.allowVisibility);
  }

  private get currentVisibility(): Visibility {
    return pickVisibility(this.allowedVisibilities, this.chosen ?? this.visibility);
  }

  private announce(text: string): void {
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  private async focusField(index: number): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLTextAreaElement>(`#f${index}`)?.focus();
  }

  private problemText(p: AnswerProblem): string {
    const t = this.localize;
    if (p.code === 'required') return t.term('rpErrorRequired');
    if (p.code === 'minWords') return t.term('rpErrorMinWords', p.min, p.count);
    return t.term('rpErrorMaxLength', t.number(p.max), t.number(p.over));
  }

  // ------------------------------------------------------------------ handlers

  private onInput(key: string, e: Event): void {
    const ta = e.target as HTMLTextAreaElement;
    this.values = { ...this.values, [key]: ta.value };
    if (key === 'followUp') this.followUpOf = this.lastCommit?.id;
    this.lastId = undefined;
    this.saver.schedule();
    grow(ta);
  }

  private onKeydown(e: KeyboardEvent, action: () => void): void {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      action();
    }
  }

  private readonly onSubmit = (e?: Event): void => {
    e?.preventDefault();
    void this.submit();
  };

  private async submit(): Promise<void> {
    const store = this.dataStore;
    if (!store || !this.canWrite) return;
    const fields = this.fields();
    const check = checkForm(fields, this.values);
    // A second press right after sending: nothing new to send, nothing to complain about.
    if (check.empty && (this.pending.size || this.lastId)) return;
    this.attempted = true;
    if (!check.ok) {
      const first = Math.max(
        0,
        fields.findIndex((f) => check.problems[f.key]),
      );
      const n = Object.keys(check.problems).length;
      if (this.mode === 'steps') this.step = first;
      this.announce(n ? this.localize.term('rpErrorCount', n) : this.localize.term('rpErrorEmpty'));
      void this.focusField(first);
      return;
    }
    const record = this.build(fields, this.reuseId ?? newId());
    const intent = new LcReflectionSubmitEvent(record);
    this.dispatchEvent(intent);
    if (intent.defaultPrevented) return;
    const final = intent.detail;
    this.reuseId = undefined;
    this.sessionIds.add(final.id);
    this.pending = new Map(this.pending).set(final.id, final);
    this.savePending();
    // The text now lives in the pending copy until the adapter confirms it; the form starts afresh.
    this.values = {};
    this.followUpOf = undefined;
    this.step = 0;
    this.attempted = false;
    this.restoredAt = this.submitError = this.draftSavedAt = undefined;
    this.saver.write();
    // Refusals after sending arrive as write events; a record refused before sending (a listener
    // broke it) has none, so it is put back here.
    store.put(COLLECTION, final).catch((e: unknown) => this.settled(final, false, LcAdapterError.from(e)));
  }

  private readonly discardDraft = (): void => {
    this.saver.cancel();
    if (this.key) drafts.clear(this.key);
    const remote = this.remoteDrafts();
    remote?.store.remove(remote.key);
    this.draftError = undefined;
    this.values = {};
    this.restoredAt = this.draftSavedAt = undefined;
    this.attempted = false;
    this.step = 0;
    this.announce(this.localize.term('rpDraftDiscarded'));
    void this.focusField(0);
  };

  private go(delta: number, fields: Field[]): void {
    if (delta > 0) {
      const f = fields[this.step];
      if (f && checkAnswer(this.values[f.key] ?? '', f.rules)) {
        this.attempted = true;
        void this.focusField(this.step);
        return;
      }
    }
    this.step = Math.max(0, Math.min(fields.length - 1, this.step + delta));
    this.attempted = false;
    this.saver.schedule();
    this.announce(this.localize.term('rpStepOf', this.step + 1, fields.length));
    void this.focusField(this.step);
  }

  private readonly identify = async (name: string): Promise<void> => {
    const store = this.dataStore;
    if (!store) return;
    this.identity = { busy: true };
    try {
      await store.identify(name);
      this.identity = { busy: false };
    } catch (raw) {
      const error = LcAdapterError.from(raw);
      this.identity = { busy: false, error: this.errorText(error) };
      this.reportError({ kind: error.kind, operation: 'identify', error });
    }
  };

  private editValues(r: LcRecord): Record<string, string> {
    const v: Record<string, string> = {};
    answersOf(r).forEach((a, i) => (v[`a${i}`] = a.text));
    if (typeof r.commitment === 'string' && commitmentAnswer(r) < 0) v.c = r.commitment;
    const f = r.followUp as ReflectionFollowUp | undefined;
    if (f) v.f = f.text;
    return v;
  }

  private stopEdit(id: string): void {
    this.editing = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-edit="${id}"]`)?.focus());
  }

  private async startEdit(r: ReflectionRecord): Promise<void> {
    this.editing = { id: r.id, values: this.editValues(r) };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLTextAreaElement>('.editor textarea')?.focus();
  }

  private saveEdit(r: ReflectionRecord): void {
    const store = this.dataStore;
    const ed = this.editing;
    if (!store || !ed) return;
    const v = (k: string) => (ed.values[k] ?? '').trim();
    const texts = Object.keys(ed.values).map(v);
    const over = this.maxLength > 0 ? Math.max(0, ...texts.map(charCount)) - this.maxLength : 0;
    if (over > 0 || !texts.some(Boolean)) {
      const t = this.localize;
      this.editing = {
        ...ed,
        error: over > 0 ? t.term('rpErrorMaxLength', t.number(this.maxLength), t.number(over)) : t.term('rpErrorEmpty'),
      };
      return;
    }
    const updated: ReflectionRecord = {
      ...r,
      answers: answersOf(r).map((a, i) => ({ ...a, text: v(`a${i}`) })),
      editedAt: new Date().toISOString(),
    };
    const commits = commitmentAnswer(r);
    const commitment = commits >= 0 ? v(`a${commits}`) : 'c' in ed.values ? v('c') : undefined;
    if (commitment) updated.commitment = commitment;
    else if (commitment !== undefined) delete updated.commitment;
    if (r.followUp) updated.followUp = { ...r.followUp, text: v('f') };
    if (!Array.isArray(r.answers)) {
      delete updated.text;
    }
    const intent = new LcReflectionSubmitEvent(updated);
    this.dispatchEvent(intent);
    if (intent.defaultPrevented) return;
    this.edits.add(r.id);
    store.put(COLLECTION, intent.detail).catch(() => {
      /* reported through the write event */
    });
    this.stopEdit(r.id);
  }

  private deleteItem(r: ReflectionRecord): void {
    const store = this.dataStore;
    if (!store) return;
    const unhide = () => {
      const s = new Set(this.hiddenIds);
      s.delete(r.id);
      this.hiddenIds = s;
    };
    this.hiddenIds = new Set(this.hiddenIds).add(r.id);
    this.renderRoot.querySelector<HTMLElement>('.history .list')?.focus();
    this.undo
      .schedule({
        message: this.localize.term('rpDeleted'),
        commit: () => store.remove(COLLECTION, r.id),
        undo: () => {
          unhide();
          void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-edit="${r.id}"]`)?.focus());
        },
      })
      .then(unhide, (raw: unknown) => {
        unhide();
        const error = LcAdapterError.from(raw);
        this.reportError({ kind: error.kind, operation: 'remove', collection: COLLECTION, recordId: r.id, error });
      });
  }

  private async download(kind: 'md' | 'json'): Promise<void> {
    const store = this.dataStore;
    if (!store || !this.canWrite) return;
    this.exportError = undefined;
    try {
      const records = this.history.hasMore
        ? (
            await store.list<ReflectionRecord>(COLLECTION, {
              where: { series: this.seriesKey, authorId: this.viewer.id },
              orderBy: NEWEST,
              limit: 500,
            })
          ).filter((r) => !this.hiddenIds.has(r.id))
        : this.visibleHistory;
      const t = this.localize;
      const now = new Date().toISOString();
      const content =
        kind === 'json'
          ? toJson(records, this.seriesKey, now)
          : toMarkdown(
              records,
              {
                title: t.term('rpExportTitle', this.seriesKey),
                exported: t.term('rpExportedOn', t.date(now, { dateStyle: 'long' })),
                lastTime: t.term('rpLastTime'),
                howItWent: t.term('rpHowItWent'),
                commitment: t.term('rpCommitment'),
                answer: t.term('rpAnswer'),
                visibility: { private: t.term('rpVisPrivate'), community: t.term('rpVisCommunity'), anonymous: t.term('rpVisAnonymous') },
              },
              (iso) => t.date(iso, { dateStyle: 'long', timeStyle: 'short' }),
            );
      const url = URL.createObjectURL(new Blob([content], { type: kind === 'json' ? 'application/json' : 'text/markdown;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = exportFileName(this.seriesKey, kind);
      a.hidden = true;
      this.renderRoot.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (raw) {
      const error = LcAdapterError.from(raw);
      this.exportError = this.errorText(error);
      this.reportError({ kind: error.kind, operation: 'read', collection: COLLECTION, error });
    }
  }

  // ------------------------------------------------------------------ render

  private headingEl(text: string, level: number, id?: string): TemplateResult {
    return html`<div class="heading" role="heading" aria-level=${Math.min(6, Math.max(1, level))} id=${id ?? nothing}>${text}</div>`;
  }

  private renderField(f: Field, i: number): TemplateResult {
    const t = this.localize;
    const id = `f${i}`;
    const value = this.values[f.key] ?? '';
    const problem = checkAnswer(value, f.rules);
    const shown = problem && (this.attempted || problem.code === 'maxLength') ? problem : undefined;
    const words = countWords(value);
    const max = f.rules.maxLength ?? 0;
    const count = `${f.rules.minWords ? t.term('rpWordsMin', words, f.rules.minWords) : t.term('rpWords', words)}${
      max ? ` · ${t.term('rpChars', t.number(charCount(value.trim())), t.number(max))}` : ''
    }`;
    const last = f.kind === 'followUp' ? this.lastCommit : undefined;
    const describedBy = [last ? 'loop' : '', f.hint ? `${id}h` : '', `${id}c`, shown ? `${id}e` : ''].filter(Boolean).join(' ');
    return html`<div class="field" part="field">
      ${
        last
          ? html`<div class="loop" part="follow-up" id="loop">
              <p class="loop__label">${t.term('rpLastTime')}</p>
              <blockquote class="loop__quote">${last.commitment}</blockquote>
            </div>`
          : nothing
      }
      <label class="label question" part="question" for=${id}
        >${f.label}${f.rules.required ? html` <span class="req">${t.term('rpRequired')}</span>` : nothing}</label
      >
      ${f.hint ? html`<p class="hint" part="hint" id="${id}h">${f.hint}</p>` : nothing}
      <textarea
        id=${id}
        part="textarea"
        name=${f.key}
        rows="3"
        .value=${value}
        aria-required=${f.rules.required ? 'true' : nothing}
        aria-invalid=${shown ? 'true' : nothing}
        aria-describedby=${describedBy}
        @input=${(e: Event) => this.onInput(f.key, e)}
      ></textarea>
      <p class="count" part="word-count" id="${id}c">${count}</p>
      ${shown ? html`<p class="error" part="error" id="${id}e">${this.problemText(shown)}</p>` : nothing}
    </div>`;
  }

  private renderVisibility(): TemplateResult {
    const t = this.localize;
    const allowed = this.allowedVisibilities;
    const current = this.currentVisibility;
    if (allowed.length === 1) {
      const [label, hint] = VIS_KEYS[current];
      return html`<p class="hint vis-one" part="visibility"><strong>${t.term(label)}</strong> · ${t.term(hint)}</p>`;
    }
    return html`<fieldset class="vis" part="visibility">
      <legend class="label">${t.term('rpVisibility')}</legend>
      ${allowed.map((v) => {
        const [label, hint] = VIS_KEYS[v];
        return html`<label class="vis__opt">
          <input
            type="radio"
            name="visibility"
            .value=${v}
            .checked=${v === current}
            aria-describedby="vis-${v}"
            @change=${() => {
              this.chosen = v;
              this.saver.schedule();
            }}
          />
          <span class="vis__text"
            ><span class="vis__label">${t.term(label)}</span> <span class="hint" id="vis-${v}">${t.term(hint)}</span></span
          >
        </label>`;
      })}
    </fieldset>`;
  }

  private writeStatus(): WriteStatus | undefined {
    const ids = [...this.pending.keys()];
    const id = ids[ids.length - 1];
    if (id) return this.dataStore?.writeState(COLLECTION, id) ?? 'pending';
    if (this.submitError) return 'failed';
    return this.lastId ? 'saved' : undefined;
  }

  private renderForm(fields: Field[]): TemplateResult {
    const t = this.localize;
    const steps = this.mode === 'steps' && fields.length > 1;
    const step = Math.min(this.step, fields.length - 1);
    const lastStep = !steps || step === fields.length - 1;
    const check = this.attempted ? checkForm(fields, this.values) : undefined;
    return html`<form
      class="form"
      part="form"
      novalidate
      @submit=${this.onSubmit}
      @keydown=${(e: KeyboardEvent) => this.onKeydown(e, lastStep ? this.onSubmit : () => this.go(1, fields))}
    >
      ${
        this.restoredAt
          ? html`<div class="note" part="draft-note">
              <span>${t.term('rpDraftRestored', t.relativeTime(this.restoredAt))}</span>
              <button type="button" class="btn btn--ghost" @click=${this.discardDraft}>${t.term('rpDraftDiscard')}</button>
            </div>`
          : nothing
      }
      ${
        steps
          ? progressBar({
              value: step,
              max: fields.length,
              label: t.term('rpProgress'),
              text: t.term('rpStepOf', step + 1, fields.length),
              completeText: t.term('progressComplete'),
            })
          : nothing
      }
      ${steps ? this.renderField(fields[step], step) : fields.map((f, i) => this.renderField(f, i))}
      ${lastStep ? this.renderVisibility() : nothing}
      ${check?.empty ? html`<p class="error" part="error" id="form-error">${t.term('rpErrorEmpty')}</p>` : nothing}
      <div class="actions" part="actions">
        ${
          steps && step > 0
            ? html`<button type="button" class="btn" part="back" @click=${() => this.go(-1, fields)}>${t.term('rpBack')}</button>`
            : nothing
        }
        ${
          lastStep
            ? html`<button
                type="submit"
                class="btn btn--primary"
                part="submit"
                aria-describedby=${check?.empty ? 'form-error shortcut' : 'shortcut'}
              >
                ${t.term('rpSubmit')}
              </button>`
            : html`<button type="button" class="btn btn--primary" part="next" @click=${() => this.go(1, fields)}>
                ${t.term('rpNext')}
              </button>`
        }
        ${lastStep ? html`<span class="hint" id="shortcut">${t.term('rpShortcut', isMac() ? '⌘ Enter' : 'Ctrl+Enter')}</span>` : nothing}
      </div>
      ${statusLine({
        term: t.term.bind(t),
        state: this.writeStatus(),
        offline: !this.online,
        pendingCount: this.dataStore?.pendingCount,
        errorMessage: this.submitError,
        onRetry: () => void this.submit(),
      })}
      ${this.draftSavedAt && hasText({ values: this.values }) ? html`<p class="hint">${t.term('rpDraftKept')}</p>` : nothing}
      ${
        // a failed submission says it already, with the numbers that matter for the reflection itself
        this.draftError && !this.submitError && hasText({ values: this.values })
          ? html`<p class="error" part="error" role="alert">${this.draftError}</p>`
          : nothing
      }
    </form>`;
  }

  private renderBody(r: ReflectionRecord): TemplateResult {
    const t = this.localize;
    const f = r.followUp;
    return html`${
      f
        ? html`<div class="item__loop">
            <p class="loop__label">${t.term('rpLastTime')}</p>
            <blockquote class="loop__quote">${f.previousCommitment}</blockquote>
            <p class="item__q">${t.term('rpHowItWent')}</p>
            <p class="text">${f.text}</p>
          </div>`
        : nothing
    }
    ${answersOf(r)
      .filter((a) => a.text.trim())
      .map(
        (a) =>
          html`${a.question ? html`<p class="item__q">${a.question}</p>` : nothing}
            <p class="text">${a.text}</p>`,
      )}
    ${
      r.commitment && commitmentAnswer(r) < 0
        ? html`<p class="item__q">${t.term('rpCommitment')}</p>
            <p class="text commit">${r.commitment}</p>`
        : nothing
    }`;
  }

  private renderEditor(r: ReflectionRecord, ed: Editing): TemplateResult {
    const t = this.localize;
    const answers = answersOf(r);
    const field = (k: string, label: string) =>
      html`<div class="field">
        <label class="label" for="e-${k}">${label}</label>
        <textarea
          id="e-${k}"
          part="textarea"
          .value=${ed.values[k] ?? ''}
          aria-describedby=${ed.error ? 'e-error' : nothing}
          @input=${(e: Event) => {
            grow(e.target as HTMLTextAreaElement);
            this.editing = { ...ed, values: { ...ed.values, [k]: (e.target as HTMLTextAreaElement).value } };
          }}
        ></textarea>
      </div>`;
    return html`<form
      class="editor"
      novalidate
      @submit=${(e: Event) => {
        e.preventDefault();
        this.saveEdit(r);
      }}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') this.stopEdit(r.id);
        else this.onKeydown(e, () => this.saveEdit(r));
      }}
    >
      ${r.followUp ? field('f', t.term('rpHowItWent')) : nothing} ${answers.map((a, i) => field(`a${i}`, a.question || t.term('rpAnswer')))}
      ${'c' in ed.values ? field('c', t.term('rpCommitment')) : nothing}
      ${ed.error ? html`<p class="error" part="error" id="e-error">${ed.error}</p>` : nothing}
      <div class="actions">
        <button type="submit" class="btn btn--primary">${t.term('rpSaveChanges')}</button>
        <button type="button" class="btn" @click=${() => this.stopEdit(r.id)}>${t.term('cancel')}</button>
      </div>
    </form>`;
  }

  private renderHistory(level: number): TemplateResult | typeof nothing {
    if (this.noHistory || !this.canWrite) return nothing;
    const t = this.localize;
    const h = this.history;
    const items = this.visibleHistory;
    const badge = (id: string) => {
      const s = h.writeState(id);
      const key: KeyOf<typeof rpMessages> | undefined =
        s === 'pending' ? 'statusSaving' : s === 'queued' ? 'rpWaiting' : s === 'failed' ? 'statusFailed' : undefined;
      return key ? html`<span class="badge badge--${s}">${t.term(key)}</span>` : nothing;
    };
    return html`<section class="history" part="history" aria-labelledby="history-h">
      <div class="section-head">
        ${this.headingEl(t.term('rpHistory'), level, 'history-h')}
        ${
          items.length
            ? html`<div class="export" part="export">
                <button type="button" class="btn btn--ghost" @click=${() => this.download('md')}>${t.term('rpExportMarkdown')}</button>
                <button type="button" class="btn btn--ghost" @click=${() => this.download('json')}>${t.term('rpExportJson')}</button>
              </div>`
            : nothing
        }
      </div>
      ${this.exportError ? html`<p class="error" role="alert">${this.exportError}</p>` : nothing}
      ${
        h.status === 'loading' && !items.length
          ? html`<p class="muted">${t.term('loading')}</p>`
          : h.status === 'error'
            ? html`<div class="error-box">
                <p class="error">${this.errorText(h.error)}</p>
                <button type="button" class="btn" @click=${() => h.retry()}>${t.term('retry')}</button>
              </div>`
            : !items.length
              ? html`<p class="muted">${t.term('rpHistoryEmpty')}</p>`
              : nothing
      }
      <ol class="list" tabindex="-1" aria-labelledby="history-h" ?hidden=${!items.length}>
        ${items.map((r) => {
          const when = t.date(r.createdAt ?? r.submittedAt ?? '', { dateStyle: 'medium', timeStyle: 'short' });
          const [vis] = VIS_KEYS[r.visibility] ?? VIS_KEYS.private;
          const ed = this.editing?.id === r.id ? this.editing : undefined;
          return html`<li class="item" part="history-item">
            <div class="meta">
              <time datetime=${r.createdAt ?? ''}>${when}</time>
              <span class="badge">${t.term(vis)}</span>
              ${r.editedAt ? html`<span class="muted">${t.term('rpEdited')}</span>` : nothing} ${badge(r.id)}
            </div>
            ${
              ed
                ? this.renderEditor(r, ed)
                : html`${this.renderBody(r)}
                    <div class="item__actions">
                      <button
                        type="button"
                        class="btn btn--ghost"
                        data-edit=${r.id}
                        aria-label=${t.term('rpEditLabel', when)}
                        @click=${() => this.startEdit(r)}
                      >
                        ${t.term('rpEdit')}
                      </button>
                      <button
                        type="button"
                        class="btn btn--ghost"
                        aria-label=${t.term('rpDeleteLabel', when)}
                        @click=${() => this.deleteItem(r)}
                      >
                        ${t.term('confirmDelete')}
                      </button>
                    </div>`
            }
          </li>`;
        })}
      </ol>
      ${
        h.hasMore
          ? html`<button type="button" class="btn" part="load-more" ?disabled=${h.loadingMore} @click=${() => h.loadMore()}>
              ${t.term('rpShowMore')}
            </button>`
          : nothing
      }
      ${this.undo.render()}
    </section>`;
  }

  private renderShared(level: number): TemplateResult | typeof nothing {
    if (!this.showShared) return nothing;
    const t = this.localize;
    const lists = this.shared;
    const merged = mergeNewest(lists);
    const me = this.viewer.id;
    const items = merged.items.filter((r) => r.visibility !== 'private' && !(me && r.authorId === me));
    const failed = lists.find((l) => l.status === 'error');
    // A backend that holds only the viewer's own records (SCORM) has no feed: say so, calmly, with no retry.
    const unsupported = lists.some((l) => l.status === 'error' && l.error?.kind === 'unsupported');
    return html`<section class="shared" part="shared" aria-labelledby="shared-h">
      ${this.headingEl(t.term('rpShared'), level, 'shared-h')}
      ${
        unsupported
          ? html`<p class="muted" part="shared-unavailable">${t.term('rpSharedUnavailable')}</p>`
          : failed
            ? html`<div class="error-box">
                <p class="error">${this.errorText(failed.error)}</p>
                <button type="button" class="btn" @click=${() => lists.forEach((l) => l.status === 'error' && l.retry())}>
                  ${t.term('retry')}
                </button>
              </div>`
            : lists.some((l) => l.status === 'loading') && !items.length
              ? html`<p class="muted">${t.term('loading')}</p>`
              : !items.length && !merged.hasMore
                ? html`<p class="muted">${t.term('rpSharedEmpty')}</p>`
                : nothing
      }
      <ol class="list" ?hidden=${!items.length}>
        ${items.map((r) => {
          // Anonymous: nothing about the author is read, let alone rendered.
          const name = r.visibility === 'community' ? r.authorName || t.term('unknownPerson') : t.term('anonymous');
          return html`<li class="item" part="shared-item">
            <div class="meta">
              ${r.visibility === 'community' ? avatar({ name, size: 's' }) : anonIcon}
              <span class="author">${name}</span>
              <time datetime=${r.createdAt ?? ''}>${t.relativeTime(r.createdAt ?? '')}</time>
            </div>
            ${this.renderBody(r)}
          </li>`;
        })}
      </ol>
      ${
        merged.hasMore
          ? html`<button
              type="button"
              class="btn"
              part="load-more"
              ?disabled=${lists.some((l) => l.loadingMore)}
              @click=${() => lists.forEach((l) => l.hasMore && l.loadMore())}
            >
              ${t.term('rpShowMore')}
            </button>`
          : nothing
      }
    </section>`;
  }

  private renderMain(fields: Field[]): TemplateResult {
    const t = this.localize;
    if (this.viewerStatus === 'loading' || !this.dataStore) return html`<p class="muted">${t.term('loading')}</p>`;
    if (this.viewerStatus === 'error')
      return html`<div class="error-box">
        <p class="error">${this.viewerErrorText()}</p>
        ${this.viewerRetryable ? html`<button type="button" class="btn" @click=${() => this.retryViewer()}>${t.term('retry')}</button>` : nothing}
      </div>`;
    if (this.canWrite) return this.renderForm(fields);
    const questions = html`<ol class="questions">
      ${fields.map((f) => html`<li class="question" part="question">${f.label}</li>`)}
    </ol>`;
    return this.dataStore.canIdentify
      ? html`${questions}${identityPrompt({ term: t.term.bind(t), onSubmit: this.identify, busy: this.identity.busy, error: this.identity.error })}`
      : html`${questions}
          <p class="note" part="read-only">${t.term('readOnlyAnonymous')}</p>`;
  }

  override render(): TemplateResult {
    const fields = this.promptId ? this.fields() : [];
    const level = this.heading ? this.headingLevel + 1 : this.headingLevel;
    return html`<div class="base" part="base">
      ${this.heading ? html`<div part="heading">${this.headingEl(this.heading, this.headingLevel)}</div>` : nothing}
      <slot name="intro"></slot>
      ${fields.length ? this.renderMain(fields) : html`<p class="note">${this.localize.term('rpNotSetUp')}</p>`}
      ${this.promptId ? html`${this.renderHistory(level)}${this.renderShared(level)}` : nothing}
      <div class="vh announcer" role="status" aria-live="polite">${this.announcement}</div>
    </div>`;
  }
}

/** Grows a text area with its content where CSS `field-sizing` is not supported. */
function grow(ta: HTMLTextAreaElement): void {
  if (typeof CSS !== 'undefined' && CSS.supports?.('field-sizing', 'content')) return;
  ta.style.blockSize = 'auto';
  ta.style.blockSize = `${ta.scrollHeight + 2}px`;
}
