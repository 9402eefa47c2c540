/**
 * Pure logic of `<lc-kudos-wall>`: record shapes and their validators, draft validation, reaction
 * ids and aggregation, filters and search, the edit window, moderation visibility, the summary
 * and leaderboard, CSV/JSON export and the windowing arithmetic. No DOM, no Lit.
 */
import type { LcRecord, Viewer } from '../../core/adapter.js';

export const KUDOS = 'kudos';
export const REACTIONS = 'kudos-reactions';
export const REPORTS = 'kudos-reports';
export const PREFS = 'kudos-prefs';

/** Most characters (code points) a message may have. */
export const MAX_MESSAGE = 500;
/** How long an author may edit a kudos after posting it. */
export const EDIT_WINDOW_MS = 15 * 60_000;
export const DEFAULT_REACTIONS = '🎉 👏 💡 ❤️';

export interface KudosRecipient {
  id: string;
  name: string;
}

/** A kudos (`kudos` collection). `authorName` is left out when `anonymous`; `authorId` stays, so the author can edit and delete. */
export interface KudosRecord extends LcRecord {
  wallId: string;
  authorId: string;
  authorName?: string;
  anonymous: boolean;
  recipients: KudosRecipient[];
  message: string;
  value?: string;
  hidden?: boolean;
  hiddenReason?: string;
  hiddenBy?: string;
  editedAt?: string;
}

/** A reaction (`kudos-reactions`), its own record so concurrent reactions never overwrite each other. */
export interface ReactionRecord extends LcRecord {
  kudosId: string;
  wallId: string;
  userId: string;
  userName: string;
  emoji: string;
}

/** A report (`kudos-reports`); one per reporter and kudos (`id = kudosId:reporterId`). */
export interface ReportRecord extends LcRecord {
  kudosId: string;
  wallId: string;
  reporterId: string;
  reason: string;
}

/** A person's preferences (`kudos-prefs`, `id` = the person's id). */
export interface PrefsRecord extends LcRecord {
  leaderboardOptOut: boolean;
}

type Who = Pick<Viewer, 'id' | 'name'> & { roles?: string[] };

const str = (v: unknown, max = 1000, min = 0): boolean => typeof v === 'string' && v.length >= min && v.length <= max;
const opt = (v: unknown, max = 1000): boolean => v == null || str(v, max);
const length = (s: string): number => [...s].length;

// ------------------------------------------------------------------ record validators (store side)

export function validKudos(r: LcRecord): true | string {
  const k = r as KudosRecord;
  if (!str(k.wallId, 200, 1)) return 'wallId is required';
  if (!str(k.authorId, 256, 1)) return 'authorId is required';
  if (!Array.isArray(k.recipients) || !k.recipients.length || !k.recipients.every((p) => p && str(p.id, 256, 1) && str(p.name, 200, 1)))
    return 'recipients must be a non-empty list of { id, name }';
  if (typeof k.message !== 'string' || !k.message.trim() || length(k.message) > MAX_MESSAGE)
    return `message must have 1 to ${MAX_MESSAGE} characters`;
  if (k.anonymous != null && typeof k.anonymous !== 'boolean') return 'anonymous must be a boolean';
  if (k.anonymous && k.authorName) return 'an anonymous kudos carries no author name';
  if (!opt(k.authorName, 200) || !opt(k.value, 200) || !opt(k.hiddenReason, 1000) || !opt(k.hiddenBy, 256) || !opt(k.editedAt, 40))
    return 'bad optional field';
  return k.hidden == null || typeof k.hidden === 'boolean' ? true : 'hidden must be a boolean';
}

export function validReaction(r: LcRecord): true | string {
  const x = r as ReactionRecord;
  if (![x.kudosId, x.wallId, x.userId].every((v) => str(v, 256, 1)) || !str(x.emoji, 16, 1) || !opt(x.userName, 200)) return 'bad reaction';
  return x.id === reactionId(x.kudosId, x.userId, x.emoji) || 'reaction id must be kudosId:userId:emoji';
}

export function validReport(r: LcRecord): true | string {
  const x = r as ReportRecord;
  return ([x.kudosId, x.wallId, x.reporterId].every((v) => str(v, 256, 1)) && str(x.reason, 1000, 1)) || 'bad report';
}

export function validPrefs(r: LcRecord): true | string {
  return typeof (r as PrefsRecord).leaderboardOptOut === 'boolean' || 'leaderboardOptOut must be a boolean';
}

// ------------------------------------------------------------------ giving

export interface KudosDraft {
  recipients: KudosRecipient[];
  message: string;
  value?: string;
}

/** What is wrong with a draft, by field; empty when it can be posted. */
export interface DraftProblems {
  recipients?: 'required' | 'self';
  message?: 'required' | 'tooLong';
  value?: 'required';
}

/** A space- or comma-separated attribute as a list (`values` splits on commas only). */
export function parseList(s: string | undefined, commasOnly = false): string[] {
  return [
    ...new Set(
      (s ?? '')
        .split(commasOnly ? ',' : /[\s,]+/u)
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
}

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** True when a recipient is the viewer: the same id, or a free-text name equal to the viewer's. */
export function isSelf(r: KudosRecipient, viewer: Who): boolean {
  return !!viewer.id && (r.id === viewer.id || (r.id.startsWith('name:') && !!viewer.name && fold(r.name) === fold(viewer.name)));
}

/** Characters left for a message (negative when over). */
export const charsLeft = (message: string): number => MAX_MESSAGE - length(message);

export function checkDraft(d: KudosDraft, viewer: Who, requireValue = false): DraftProblems {
  const p: DraftProblems = {};
  if (!d.recipients.length) p.recipients = 'required';
  else if (d.recipients.some((r) => isSelf(r, viewer))) p.recipients = 'self';
  if (!d.message.trim()) p.message = 'required';
  else if (charsLeft(d.message) < 0) p.message = 'tooLong';
  if (requireValue && !d.value) p.value = 'required';
  return p;
}

// ------------------------------------------------------------------ reactions

export const reactionId = (kudosId: string, userId: string, emoji: string): string => `${kudosId}:${userId}:${emoji}`;

export interface ReactionSummary {
  emoji: string;
  count: number;
  mine: boolean;
  /** Who reacted, in the order they did. */
  names: string[];
}

/** Groups reactions by kudos id, then emoji. */
export function aggregate(reactions: readonly ReactionRecord[], viewerId: string): Map<string, Map<string, ReactionSummary>> {
  const out = new Map<string, Map<string, ReactionSummary>>();
  for (let i = reactions.length; i--;) {
    // newest first in the list: walk backwards so names come oldest first
    const r = reactions[i];
    let byEmoji = out.get(r.kudosId);
    if (!byEmoji) out.set(r.kudosId, (byEmoji = new Map()));
    let s = byEmoji.get(r.emoji);
    if (!s) byEmoji.set(r.emoji, (s = { emoji: r.emoji, count: 0, mine: false, names: [] }));
    s.count++;
    s.names.push(r.userName || r.userId);
    if (r.userId === viewerId) s.mine = true;
  }
  return out;
}

/** The reactions of one kudos: the offered emoji first (also at zero), then any others it has. */
export function reactionsOf(byEmoji: Map<string, ReactionSummary> | undefined, offered: string[]): ReactionSummary[] {
  const list = offered.map((emoji) => byEmoji?.get(emoji) ?? { emoji, count: 0, mine: false, names: [] });
  for (const [emoji, s] of byEmoji ?? []) if (!offered.includes(emoji)) list.push(s);
  return list;
}

// ------------------------------------------------------------------ filters and search

export interface KudosFilter {
  /** A recipient's id. */
  recipient?: string;
  value?: string;
  /** `given` by the viewer, `received` by them, `reported` or `hidden` (moderators). */
  show?: '' | 'given' | 'received' | 'reported' | 'hidden';
  /** Free text: every word must appear in the message, names or value. */
  text?: string;
}

const haystacks = new WeakMap<KudosRecord, string>();
function haystack(k: KudosRecord): string {
  let h = haystacks.get(k);
  if (h === undefined) {
    h = fold([k.message, k.value ?? '', k.anonymous ? '' : (k.authorName ?? ''), ...k.recipients.map((r) => r.name)].join(' '));
    haystacks.set(k, h);
  }
  return h;
}

export function isFiltered(f: KudosFilter): boolean {
  return !!(f.recipient || f.value || f.show || f.text?.trim());
}

export function matchesFilter(k: KudosRecord, f: KudosFilter, viewerId: string, reported?: ReadonlySet<string>): boolean {
  if (f.recipient && !k.recipients.some((r) => r.id === f.recipient)) return false;
  if (f.value && k.value !== f.value) return false;
  switch (f.show) {
    case 'given':
      if (k.authorId !== viewerId) return false;
      break;
    case 'received':
      if (!k.recipients.some((r) => r.id === viewerId)) return false;
      break;
    case 'reported':
      if (!reported?.has(k.id)) return false;
      break;
    case 'hidden':
      if (!k.hidden) return false;
  }
  const words = fold(f.text ?? '');
  if (!words) return true;
  const h = haystack(k);
  return words.split(' ').every((w) => h.includes(w));
}

// ------------------------------------------------------------------ rights

export const isModerator = (v: { roles?: string[] }): boolean => !!v.roles?.includes('moderator');

/** Hidden kudos are seen only by moderators and their author. */
export function isVisible(k: KudosRecord, viewer: Who): boolean {
  return !k.hidden || isModerator(viewer) || (!!viewer.id && k.authorId === viewer.id);
}

export const isAuthor = (k: KudosRecord, viewerId: string): boolean => !!viewerId && k.authorId === viewerId;

/** Milliseconds the author has left to edit (0 when closed or not theirs). */
export function editTimeLeft(k: KudosRecord, viewerId: string, now = Date.now()): number {
  if (!isAuthor(k, viewerId)) return 0;
  const t = k.createdAt ? Date.parse(k.createdAt) : now;
  return Math.max(0, t + EDIT_WINDOW_MS - now);
}

export const canEdit = (k: KudosRecord, viewerId: string, now = Date.now()): boolean => editTimeLeft(k, viewerId, now) > 0;

// ------------------------------------------------------------------ summary and leaderboard

/** True when an ISO date falls in the same calendar month as `now` (local time). */
export const sameMonth = (iso: string | undefined, now: Date): boolean => {
  if (!iso) return false;
  const d = new Date(iso);
  return d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth();
};

export interface Summary {
  /** Kudos given this calendar month (local time). */
  month: number;
  /** Values given this month, most used first: `[value, count]`. */
  values: [string, number][];
}

export function summarize(kudos: readonly KudosRecord[], now = new Date()): Summary {
  const counts = new Map<string, number>();
  let month = 0;
  for (const k of kudos) {
    if (!sameMonth(k.createdAt, now)) continue;
    month++;
    if (k.value) counts.set(k.value, (counts.get(k.value) ?? 0) + 1);
  }
  return { month, values: [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3) };
}

export interface Leader {
  id: string;
  name: string;
  count: number;
}

/** The people thanked most this month, without those who opted out. */
export function leaders(kudos: readonly KudosRecord[], optedOut: ReadonlySet<string>, now = new Date(), limit = 5): Leader[] {
  const by = new Map<string, Leader>();
  for (const k of kudos) {
    if (!sameMonth(k.createdAt, now)) continue;
    for (const r of k.recipients) {
      if (optedOut.has(r.id)) continue;
      const l = by.get(r.id) ?? { id: r.id, name: r.name, count: 0 };
      l.count++;
      by.set(r.id, l);
    }
  }
  return [...by.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, limit);
}

// ------------------------------------------------------------------ export

/** One CSV cell: quoted when needed, and defused when a spreadsheet would read it as a formula. */
export function csvCell(v: unknown): string {
  let s = v == null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface ExportRow {
  id: string;
  createdAt: string;
  from: string;
  to: string[];
  value: string;
  message: string;
  reactions: number;
  reports: number;
  hidden: boolean;
  hiddenReason: string;
  editedAt: string;
}

/** Rows for export. Anonymous kudos export without their author, even to moderators. */
export function exportRows(
  kudos: readonly KudosRecord[],
  reactionCounts: ReadonlyMap<string, number>,
  reportCounts: ReadonlyMap<string, number>,
): ExportRow[] {
  return kudos.map((k) => ({
    id: k.id,
    createdAt: k.createdAt ?? '',
    from: k.anonymous ? '' : (k.authorName ?? ''),
    to: k.recipients.map((r) => r.name),
    value: k.value ?? '',
    message: k.message,
    reactions: reactionCounts.get(k.id) ?? 0,
    reports: reportCounts.get(k.id) ?? 0,
    hidden: !!k.hidden,
    hiddenReason: k.hiddenReason ?? '',
    editedAt: k.editedAt ?? '',
  }));
}

export function toCsv(rows: readonly ExportRow[]): string {
  const cols = ['id', 'createdAt', 'from', 'to', 'value', 'message', 'reactions', 'reports', 'hidden', 'hiddenReason', 'editedAt'] as const;
  return (
    [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(c === 'to' ? r.to.join('; ') : r[c])).join(','))].join('\r\n') + '\r\n'
  );
}

export function toJson(wallId: string, rows: readonly ExportRow[], exportedAt = new Date()): string {
  return JSON.stringify({ wallId, exportedAt: exportedAt.toISOString(), kudos: rows }, null, 2);
}

// ------------------------------------------------------------------ windowing

export interface WindowRange {
  /** First row to render. */
  start: number;
  /** One past the last row to render. */
  end: number;
  /** Space taken by the rows before `start` (each row plus one gap). */
  before: number;
  /** Space taken by the rows from `end` on (one gap plus each row). */
  after: number;
}

/**
 * The rows that intersect `[top, bottom)` (pixels from the start of the list), given each row's
 * height and the gap between rows. O(rows); cheap enough for every scroll frame at 10,000.
 */
export function windowRange(heights: readonly number[], gap: number, top: number, bottom: number): WindowRange {
  let y = 0;
  let start = 0;
  while (start < heights.length && y + heights[start] < top) y += heights[start++] + gap;
  const before = y;
  let end = start;
  while (end < heights.length && (y < bottom || end === start)) y += heights[end++] + gap;
  let after = 0;
  for (let i = end; i < heights.length; i++) after += heights[i] + gap;
  return { start, end, before, after };
}
