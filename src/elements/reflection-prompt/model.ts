/**
 * Pure logic of `<lc-reflection-prompt>`: presets, rotation, validation, word counting, the
 * practice loop, feed merging and export. No DOM, no Lit: unit-tested on its own.
 */
import type { LcRecord } from '../../core/adapter.js';
import type { RpKey } from './messages.js';

export const COLLECTION = 'reflections';

export type Visibility = 'private' | 'community' | 'anonymous';
export const VISIBILITIES: readonly Visibility[] = ['private', 'community', 'anonymous'];

export type PresetName = 'meeting-reflect' | 'meeting-next' | 'what-so-what-now-what' | 'gibbs';
export type Rotation = 'daily' | 'weekly';

/** Limits on one answer. `0` means no limit. */
export interface AnswerRules {
  required?: boolean;
  minWords?: number;
  maxLength?: number;
}

/** A question as declared by a page: `prompts` property entries and `<lc-prompt>` children. */
export interface PromptQuestion extends AnswerRules {
  /** Stable id of the question within the prompt (defaults to its position, `q1`, `q2`…). */
  id?: string;
  text: string;
  hint?: string;
  /** The answer is also stored as the record's `commitment` (the practice loop). */
  commitment?: boolean;
}

/** A question the element shows: either literal text or a message key (presets, translated). */
export interface Question extends AnswerRules {
  id: string;
  text?: string;
  key?: RpKey;
  hint?: string;
  hintKey?: RpKey;
  commitment?: boolean;
}

export interface ReflectionAnswer {
  questionId: string;
  /** The question as shown when answered, so the answer keeps its meaning if prompts change. */
  question: string;
  text: string;
}

export interface ReflectionFollowUp {
  /** The earlier reflection whose commitment this follows up. */
  previousId: string;
  previousCommitment: string;
  /** How it went. */
  text: string;
}

/** A record of the `reflections` collection. */
export interface ReflectionRecord extends LcRecord {
  promptId: string;
  series: string;
  answers: ReflectionAnswer[];
  /** What the author will put into practice (the practice loop). */
  commitment?: string;
  followUp?: ReflectionFollowUp;
  visibility: Visibility;
  authorId?: string;
  /** Left out for anonymous reflections. */
  authorName?: string;
  /** When the author pressed submit (ISO 8601); `createdAt` is when the store first wrote it. */
  submittedAt?: string;
}

const q = (id: string, key: RpKey, extra: Partial<Question> = {}): Question => ({ id, key, ...extra });

/** The built-in question sets. Their text is translated through the message catalogue. */
export const PRESETS: Readonly<Record<PresetName, readonly Question[]>> = {
  'meeting-reflect': [
    q('surprised', 'rpQReflectSurprised'),
    q('stood-out', 'rpQReflectStoodOut'),
    q('disappointing', 'rpQReflectDisappointing'),
    q('help', 'rpQReflectHelp'),
  ],
  'meeting-next': [q('stood-out', 'rpQNextStoodOut'), q('practice', 'rpCommitment', { commitment: true }), q('learn-next', 'rpQNextLearn')],
  'what-so-what-now-what': [
    q('what', 'rpQWhat', { hintKey: 'rpQWhatHint' }),
    q('so-what', 'rpQSoWhat', { hintKey: 'rpQSoWhatHint' }),
    q('now-what', 'rpQNowWhat', { hintKey: 'rpQNowWhatHint' }),
  ],
  gibbs: [
    q('description', 'rpQGibbsDescription', { hintKey: 'rpQGibbsDescriptionHint' }),
    q('feelings', 'rpQGibbsFeelings', { hintKey: 'rpQGibbsFeelingsHint' }),
    q('evaluation', 'rpQGibbsEvaluation', { hintKey: 'rpQGibbsEvaluationHint' }),
    q('analysis', 'rpQGibbsAnalysis', { hintKey: 'rpQGibbsAnalysisHint' }),
    q('conclusion', 'rpQGibbsConclusion', { hintKey: 'rpQGibbsConclusionHint' }),
    q('action-plan', 'rpQGibbsActionPlan', { hintKey: 'rpQGibbsActionPlanHint' }),
  ],
};

export function isPreset(name: unknown): name is PresetName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(PRESETS, name);
}

/**
 * The question set in force: a custom set (property, then `<lc-prompt>` children) wins over a
 * single `prompt`, which wins over a `preset`. Ids default to `q1`, `q2`…; duplicates get a suffix.
 * `commitment` false turns a preset's commitment question into an ordinary one.
 */
export function resolveQuestions(opts: {
  custom?: readonly (PromptQuestion | string)[];
  prompt?: string;
  preset?: string;
  commitment?: boolean;
}): Question[] {
  let list: Question[];
  const custom = (opts.custom ?? [])
    .map((p) => (typeof p === 'string' ? { text: p } : p))
    .filter((p) => p && typeof p.text === 'string' && p.text.trim());
  if (custom.length) list = custom.map((p, i) => ({ ...p, id: (p.id ?? '').trim() || `q${i + 1}`, text: p.text.trim() }));
  else if (opts.prompt?.trim()) list = [{ id: 'q1', text: opts.prompt.trim() }];
  else if (isPreset(opts.preset)) list = PRESETS[opts.preset].map((x) => ({ ...x }));
  else return [];
  const seen = new Set<string>();
  for (const x of list) {
    let id = x.id;
    for (let n = 2; seen.has(id); n++) id = `${x.id}-${n}`;
    seen.add((x.id = id));
    if (opts.commitment === false) x.commitment = false;
  }
  return list;
}

// ------------------------------------------------------------------ rotation

/** 32-bit FNV-1a over the UTF-16 code units of `s`. */
export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Days since 1970-01-01 of the local calendar date of `date`. */
export function dayNumber(date: Date): number {
  return Math.floor(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / 86_400_000);
}

/** The day (or Monday-based week) number of `date`: consecutive periods give consecutive numbers. */
export function periodNumber(date: Date, rotation: Rotation): number {
  const d = dayNumber(date);
  // 1970-01-01 was a Thursday: shifting by 3 puts week boundaries on Mondays.
  return rotation === 'weekly' ? Math.floor((d + 3) / 7) : d;
}

/**
 * Which of `n` questions to show on `date`: `(period + hash(promptId)) mod n`. The same for
 * everyone on the same day; consecutive periods walk through the whole set, so each question
 * comes up equally often; prompts with different ids start at different places.
 */
export function rotationIndex(date: Date, promptId: string, n: number, rotation: Rotation): number {
  if (n <= 0) return 0;
  return (((periodNumber(date, rotation) + hash(promptId)) % n) + n) % n;
}

// ------------------------------------------------------------------ counting & validation

const WORD_RE = /[\p{L}\p{N}\p{M}]+(?:['’\-‐][\p{L}\p{N}\p{M}]+)*/gu;
const JOINERS = new Set(["'", '’', '-', '‐']);
type Seg = { segment: string; isWordLike?: boolean };
type Segmenter = { segment(s: string): Iterable<Seg> };
const IntlSeg = (Intl as unknown as { Segmenter?: new (l?: string, o?: object) => Segmenter }).Segmenter;
let segmenter: Segmenter | undefined;

/**
 * Counts words in any script. Uses `Intl.Segmenter` where available (so Thai, Chinese and
 * Japanese, written without spaces, are counted by word), keeping `don't` and `well-known` as one
 * word; elsewhere counts runs of letters and numbers.
 */
export function countWords(text: string): number {
  if (!text) return 0;
  if (IntlSeg) {
    segmenter ??= new IntlSeg(undefined, { granularity: 'word' });
    let n = 0;
    let prev: Seg | undefined;
    let joined = false;
    for (const s of segmenter.segment(text)) {
      if (s.isWordLike) {
        if (!joined) n++;
        joined = false;
      } else joined = !!prev?.isWordLike && JOINERS.has(s.segment);
      prev = s;
    }
    return n;
  }
  return text.match(WORD_RE)?.length ?? 0;
}

/** Length in characters as people count them (code points, so an emoji is one). */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export type AnswerProblem =
  { code: 'required' } | { code: 'minWords'; min: number; count: number } | { code: 'maxLength'; max: number; over: number };

/**
 * Checks one answer. An empty optional answer is fine; `minWords` applies to answers that are
 * given (and to required ones); `maxLength` counts characters.
 */
export function checkAnswer(text: string, rules: AnswerRules = {}): AnswerProblem | undefined {
  const t = (text ?? '').trim();
  const max = rules.maxLength ?? 0;
  if (max > 0) {
    const len = charCount(t);
    if (len > max) return { code: 'maxLength', max, over: len - max };
  }
  if (!t) return rules.required ? { code: 'required' } : undefined;
  const min = rules.minWords ?? 0;
  if (min > 0) {
    const count = countWords(t);
    if (count < min) return { code: 'minWords', min, count };
  }
  return undefined;
}

/** A field of the form: an answer to a question, the follow-up, or the extra commitment. */
export interface FieldSpec {
  key: string;
  rules: AnswerRules;
}

export interface FormCheck {
  problems: Record<string, AnswerProblem>;
  /** True when every field is empty. */
  empty: boolean;
  ok: boolean;
}

/** Checks a whole form: each field's rules, plus "write something". */
export function checkForm(fields: readonly FieldSpec[], values: Readonly<Record<string, string>>): FormCheck {
  const problems: Record<string, AnswerProblem> = {};
  let empty = true;
  for (const f of fields) {
    const v = values[f.key] ?? '';
    const p = checkAnswer(v, f.rules);
    if (p) problems[f.key] = p;
    if (v.trim()) empty = false;
  }
  return { problems, empty, ok: !empty && Object.keys(problems).length === 0 };
}

// ------------------------------------------------------------------ visibility

/** Parses `allow-visibility` (space or comma separated); falls back to `private community`. */
export function parseVisibilities(attr: string | undefined): Visibility[] {
  const wanted = new Set((attr ?? '').toLowerCase().split(/[\s,]+/));
  const list = VISIBILITIES.filter((v) => wanted.has(v));
  return list.length ? list : ['private', 'community'];
}

/** The visibility to preselect: the wanted one when allowed, else the most private allowed. */
export function pickVisibility(allowed: readonly Visibility[], wanted?: string): Visibility {
  return allowed.includes(wanted as Visibility) ? (wanted as Visibility) : allowed[0];
}

// ------------------------------------------------------------------ records & the practice loop

const isStr = (v: unknown, max = 100_000): v is string => typeof v === 'string' && v.length <= max;
const optStr = (v: unknown, max?: number) => v === undefined || v === null || isStr(v, max);

/**
 * The `reflections` record check registered with the store. Tolerates records that carry a
 * plain `text` instead of `answers` (older or simpler backends); see `answersOf`.
 */
export function validateReflection(r: LcRecord): true | string {
  if (!isStr(r.promptId, 256) || !r.promptId) return 'promptId must be a non-empty string';
  if (!optStr(r.series, 256)) return 'series must be a string';
  if (!VISIBILITIES.includes(r.visibility as Visibility)) return 'visibility must be private, community or anonymous';
  if (r.answers !== undefined) {
    if (!Array.isArray(r.answers) || r.answers.length > 100) return 'answers must be a list';
    for (const a of r.answers as unknown[]) {
      const x = a as Partial<ReflectionAnswer> | null;
      if (!x || typeof x !== 'object' || !isStr(x.text) || !optStr(x.question, 2000) || !optStr(x.questionId, 256))
        return 'each answer needs text';
    }
  } else if (!isStr(r.text)) return 'answers or text is required';
  if (!optStr(r.commitment) || !optStr(r.authorName, 256) || !optStr(r.submittedAt, 64))
    return 'commitment, authorName and submittedAt must be strings';
  const f = r.followUp as Partial<ReflectionFollowUp> | undefined | null;
  if (
    f !== undefined &&
    f !== null &&
    (typeof f !== 'object' || !isStr(f.previousId, 256) || !isStr(f.text) || !optStr(f.previousCommitment))
  )
    return 'followUp is malformed';
  return true;
}

/** The answers of a record; a record with only `text` reads as one answer. */
export function answersOf(r: LcRecord): ReflectionAnswer[] {
  if (Array.isArray(r.answers)) return r.answers as ReflectionAnswer[];
  return typeof r.text === 'string' ? [{ questionId: '', question: '', text: r.text }] : [];
}

/** The answer that is also the record's commitment (a commitment question, not an extra field), or -1. */
export function commitmentAnswer(r: LcRecord): number {
  const c = typeof r.commitment === 'string' ? r.commitment.trim() : '';
  return c ? answersOf(r).findIndex((a) => a.text.trim() === c) : -1;
}

/** The series of a record (defaults to its prompt id). */
export const seriesOf = (r: LcRecord): string => (r.series as string) || (r.promptId as string);

/**
 * The viewer's last commitment in a series that has not been followed up yet. `records` are the
 * viewer's own reflections of the series, in any order; `exclude` names records made in this
 * session (a commitment made a minute ago is not asked about until next time).
 */
export function lastCommitment(records: readonly LcRecord[], exclude: ReadonlySet<string> = new Set()): ReflectionRecord | undefined {
  const newest = [...records].sort(byNewest);
  const followed = new Set(newest.map((r) => (r.followUp as ReflectionFollowUp | undefined)?.previousId).filter(Boolean));
  const last = newest.find((r) => !exclude.has(r.id) && typeof r.commitment === 'string' && r.commitment.trim());
  return last && !followed.has(last.id) ? (last as ReflectionRecord) : undefined;
}

/** Newest first, by `createdAt`, then `id`. */
export function byNewest(a: LcRecord, b: LcRecord): number {
  const x = a.createdAt ?? '';
  const y = b.createdAt ?? '';
  return x < y ? 1 : x > y ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Merges several newest-first pages into one newest-first list without gaps: a list that has
 * more pages hides, for now, the others' items older than its own oldest loaded item (they may
 * belong after items it has not loaded yet).
 */
export function mergeNewest<T extends LcRecord>(
  lists: readonly { items: readonly T[]; hasMore: boolean }[],
): { items: T[]; hasMore: boolean } {
  let cutoff: string | undefined;
  for (const l of lists) {
    const last = l.items[l.items.length - 1];
    if (l.hasMore && last?.createdAt && (cutoff === undefined || last.createdAt > cutoff)) cutoff = last.createdAt;
  }
  const seen = new Set<string>();
  const items: T[] = [];
  for (const l of lists)
    for (const r of l.items)
      if (!seen.has(r.id) && (cutoff === undefined || (r.createdAt ?? '') >= cutoff)) {
        seen.add(r.id);
        items.push(r);
      }
  return { items: items.sort(byNewest), hasMore: lists.some((l) => l.hasMore) };
}

// ------------------------------------------------------------------ drafts

export interface Draft {
  /** Field values by field key (`q:<questionId>`, `commitment`, `followUp`). */
  values: Record<string, string>;
  /** The earlier reflection the follow-up text answers. */
  followUpOf?: string;
  visibility?: Visibility;
  step?: number;
  /** ISO 8601. */
  savedAt: string;
  /** Submitted reflections the adapter has not confirmed yet (kept in a separate slot). */
  records?: ReflectionRecord[];
}

/** The storage key of a draft: per adapter (backend + community), community, viewer and prompt. */
export function draftKey(adapterKey: string, community: string, viewerId: string, promptId: string): string {
  return ['lc-reflection-draft', adapterKey, community, viewerId, promptId].map(encodeURIComponent).join(':');
}

/** Form values back from a record: answers by question, the commitment and the follow-up. */
export function valuesOf(r: LcRecord): Record<string, string> {
  const v: Record<string, string> = {};
  for (const a of answersOf(r)) v[`q:${a.questionId}`] = a.text;
  if (typeof r.commitment === 'string') v.commitment = r.commitment;
  const f = r.followUp as ReflectionFollowUp | undefined;
  if (f?.text) v.followUp = f.text;
  return v;
}

/** True when a draft holds any text worth keeping. */
export function hasText(d: Pick<Draft, 'values'> | undefined): boolean {
  return !!d && Object.values(d.values ?? {}).some((v) => typeof v === 'string' && v.trim() !== '');
}

/** Reads a stored draft, or `undefined` when it is missing or damaged. */
export function parseDraft(raw: string | null | undefined): Draft | undefined {
  if (!raw) return undefined;
  try {
    const d = JSON.parse(raw) as Draft;
    if (!d || typeof d !== 'object' || !d.values || typeof d.values !== 'object') return undefined;
    for (const [k, v] of Object.entries(d.values)) if (typeof v !== 'string') delete d.values[k];
    return d;
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------ export

export interface ExportLabels {
  title: string;
  exported: string;
  lastTime: string;
  howItWent: string;
  commitment: string;
  visibility: Record<Visibility, string>;
  /** Heading of an answer without a question (plain `text` records). */
  answer: string;
}

/** Escapes Markdown syntax and raw HTML so a journal shows exactly what was written; keeps line breaks. */
export function mdEscape(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\\`*_{}[\]<>#|~]/g, '\\$&')
    .replace(/^(\s*)([-+=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/gm, '$1\\$2')
    .replace(/([^\n])\n(?=[^\n])/g, '$1  \n');
}

const quote = (text: string) =>
  mdEscape(text)
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');

/**
 * A portfolio journal: one section per reflection, newest first, with the follow-up of the earlier
 * commitment, each question and answer, and the new commitment.
 */
export function toMarkdown(records: readonly LcRecord[], labels: ExportLabels, date: (iso: string) => string): string {
  const out = [`# ${mdEscape(labels.title)}`, '', `_${mdEscape(labels.exported)}_`];
  for (const r of [...records].sort(byNewest)) {
    const v = labels.visibility[r.visibility as Visibility] ?? '';
    out.push('', `## ${mdEscape(date(String(r.submittedAt ?? r.createdAt ?? '')))}${v ? ` · ${mdEscape(v)}` : ''}`);
    const f = r.followUp as ReflectionFollowUp | undefined;
    if (f)
      out.push(
        '',
        `**${mdEscape(labels.lastTime)}**`,
        '',
        quote(f.previousCommitment ?? ''),
        '',
        `**${mdEscape(labels.howItWent)}**`,
        '',
        mdEscape(f.text),
      );
    for (const a of answersOf(r)) if (a.text.trim()) out.push('', `### ${mdEscape(a.question || labels.answer)}`, '', mdEscape(a.text));
    if (typeof r.commitment === 'string' && r.commitment.trim() && commitmentAnswer(r) < 0)
      out.push('', `**${mdEscape(labels.commitment)}**`, '', mdEscape(r.commitment));
  }
  return out.join('\n') + '\n';
}

/** The JSON export: the series, when, and the viewer's records (newest first). */
export function toJson(records: readonly LcRecord[], series: string, exportedAt: string): string {
  return JSON.stringify({ series, exportedAt, reflections: [...records].sort(byNewest) }, null, 2) + '\n';
}

/** A safe download file name for a series. */
export function exportFileName(series: string, ext: 'md' | 'json'): string {
  const base = series
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${base || 'reflections'}-reflections.${ext}`;
}
