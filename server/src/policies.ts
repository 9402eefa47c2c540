/**
 * Who may read and change what, per collection. Each rule exists twice on purpose, once as SQL
 * (lists and gets, so paging and filters only ever see what the viewer may see) and once in
 * JavaScript (the event stream, and writes); the authorization tests run both against the same
 * matrix so they cannot drift apart.
 *
 * | collection        | read                                   | create                | change                              | delete            |
 * |-------------------|----------------------------------------|-----------------------|-------------------------------------|-------------------|
 * | reflections       | private: author only; anonymous: the   | member                | author                              | author            |
 * |                   | author's id and name hidden from others|                       |                                     |                   |
 * | kudos             | hidden: author and moderators only;    | member (moderators    | author (not the moderation fields); | author            |
 * |                   | anonymous: author hidden from everyone | only may hide)        | moderator: only the moderation      |                   |
 * |                   | else                                   |                       | fields (hidden, hiddenReason)       |                   |
 * | kudos-reactions   | member                                 | member, as themself   | author                              | author            |
 * |                   |                                        | (userId, id =         |                                     |                   |
 * |                   |                                        | kudosId:userId:emoji) |                                     |                   |
 * | kudos-reports     | author and moderators                  | member, as themself   | author, moderator                   | author, moderator |
 * |                   |                                        | (id = kudosId:        |                                     |                   |
 * |                   |                                        | reporterId)           |                                     |                   |
 * | kudos-prefs       | member (opt-outs bind every viewer)    | owner (id = own id)   | owner                               | owner             |
 * | credit-programs   | member                                 | manager               | manager                             | manager           |
 * | credit-entries    | author, approvers, managers            | member: "pending", or | author (same status rules);         | author            |
 * |                   |                                        | "approved" when the   | approver (not their own): only      |                   |
 * |                   |                                        | program needs no      | status and reviewComment            |                   |
 * |                   |                                        | approval              |                                     |                   |
 * | meetings          | member                                 | facilitator           | facilitator                         | facilitator       |
 * | extra collections | member                                 | member                | author                              | author            |
 *
 * `admin` holds every role. "member" is any identified viewer of the community.
 */
import { isDeepStrictEqual } from 'node:util';
import { hasRole, type Viewer } from './auth.js';
import { forbidden, invalid } from './errors.js';

export type Rec = Record<string, unknown> & { id: string; authorId?: string };

/** Fields the server owns: stamped on every write, never taken from the client. */
export const SERVER_FIELDS = ['id', 'community', 'createdAt', 'updatedAt', 'authorId'] as const;
/** Fields an anonymous record hides from everyone but its author. */
export const AUTHOR_FIELDS = ['authorId', 'authorName'] as const;
/**
 * What others see as the author of an anonymous record: a placeholder rather than nothing, so
 * record checks that need an author id still pass, while nobody learns who it was.
 */
export const ANONYMOUS_AUTHOR = 'anonymous';

/** What a write check may use: the time of the write, and other records of the community (same transaction). */
export interface WriteContext {
  now: string;
  lookup(collection: string, id: string): Promise<Rec | undefined>;
}

/** SQL context: `vid` is the placeholder holding the viewer's id. */
export interface SqlViewer {
  vid: string;
  viewer: Viewer;
}

export interface Policy {
  readonly collection: string;
  /** Name of the record schema in openapi.yaml `components.schemas`. */
  readonly schema: string;
  /** SQL condition: may the viewer see row `r` (columns author_id, id, data)? */
  readSql(r: string, v: SqlViewer): string;
  /** SQL jsonb expression: row `r` as the viewer sees it. */
  docSql(r: string, v: SqlViewer): string;
  canRead(viewer: Viewer, rec: Rec): boolean;
  /** The record as the viewer sees it (a copy when something is hidden). */
  view(viewer: Viewer, rec: Rec): Rec;
  /**
   * Checks a put by `viewer` (`old` is the stored record, if any, unredacted) and returns the
   * record to store. `next` already carries the server fields. Throws `forbidden` or `invalid`.
   */
  prepareWrite(viewer: Viewer, old: Rec | undefined, next: Rec, ctx: WriteContext): Rec | Promise<Rec>;
  checkRemove(viewer: Viewer, old: Rec): void;
}

const bool = (b: boolean) => (b ? 'TRUE' : 'FALSE');
const isAuthor = (viewer: Viewer, rec: Rec) => !!viewer.id && rec.authorId === viewer.id;

/** Top-level fields whose values differ (missing and undefined are the same). */
export function changedFields(a: Rec, b: Rec, ignore: readonly string[] = SERVER_FIELDS): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !ignore.includes(k) && !isDeepStrictEqual(a[k], b[k]));
}

function without(rec: Rec, fields: readonly string[]): Rec {
  const copy = { ...rec };
  for (const f of fields) delete copy[f];
  return copy;
}

/** Restores fields the client could not see (or must not touch) from the stored record. */
function keep(next: Rec, old: Rec, fields: readonly string[]): Rec {
  const out = { ...next };
  for (const f of fields) {
    if (f in old) out[f] = old[f];
    else delete out[f];
  }
  return out;
}

function requireAuthor(viewer: Viewer, old: Rec, what: string): void {
  if (!isAuthor(viewer, old)) throw forbidden(`only the author may ${what} this record`);
}

/** Builds a policy from the parts that differ; the defaults are "members read, authors write". */
function policy(
  collection: string,
  schema: string,
  parts: Partial<Omit<Policy, 'collection' | 'schema'>> & {
    /** Anonymous records: JS test and SQL condition on row `r`. */
    anonymous?: { js(rec: Rec): boolean; sql(r: string): string };
  } = {},
): Policy {
  const anon = parts.anonymous;
  const base: Policy = {
    collection,
    schema,
    readSql: () => 'TRUE',
    docSql: (r, v) =>
      anon
        ? `CASE WHEN ${anon.sql(r)} AND ${r}.author_id IS DISTINCT FROM ${v.vid} THEN jsonb_set(${r}.data - 'authorName', '{authorId}', '"${ANONYMOUS_AUTHOR}"') ELSE ${r}.data END`
        : `${r}.data`,
    canRead: () => true,
    view: (viewer, rec) =>
      anon && anon.js(rec) && !isAuthor(viewer, rec) ? { ...without(rec, AUTHOR_FIELDS), authorId: ANONYMOUS_AUTHOR } : rec,
    prepareWrite(viewer, old, next) {
      if (old) requireAuthor(viewer, old, 'change');
      return next;
    },
    checkRemove: (viewer, old) => requireAuthor(viewer, old, 'delete'),
  };
  const { anonymous: _a, ...rest } = parts;
  return { ...base, ...rest };
}

// ------------------------------------------------------------------------------------- reflections

const reflections = policy('reflections', 'Reflection', {
  anonymous: { js: (rec) => rec.visibility === 'anonymous', sql: (r) => `${r}.data->>'visibility' = 'anonymous'` },
  readSql: (r, v) => `(${r}.data->>'visibility' IS DISTINCT FROM 'private' OR ${r}.author_id = ${v.vid})`,
  canRead: (viewer, rec) => rec.visibility !== 'private' || isAuthor(viewer, rec),
});

// ------------------------------------------------------------------------------------------- kudos

const MODERATION = ['hidden', 'hiddenReason', 'hiddenBy', 'hiddenAt'] as const;

const kudos = policy('kudos', 'Kudos', {
  anonymous: { js: (rec) => rec.anonymous === true, sql: (r) => `${r}.data->'anonymous' = 'true'::jsonb` },
  readSql: (r, v) =>
    `(${r}.data->'hidden' IS DISTINCT FROM 'true'::jsonb OR ${r}.author_id = ${v.vid} OR ${bool(hasRole(v.viewer, 'moderator'))})`,
  canRead: (viewer, rec) => rec.hidden !== true || isAuthor(viewer, rec) || hasRole(viewer, 'moderator'),
  prepareWrite(viewer, old, next, { now }) {
    const moderator = hasRole(viewer, 'moderator');
    let out = next;
    if (!old) {
      if (!moderator && MODERATION.some((f) => f in next && next[f] !== undefined && !(f === 'hidden' && next[f] === false)))
        throw forbidden('only a moderator may hide kudos');
    } else if (isAuthor(viewer, old)) {
      if (!moderator) {
        const touched = MODERATION.filter((f) => f in next && !isDeepStrictEqual(next[f], old[f]));
        if (touched.length) throw forbidden(`only a moderator may change ${touched.join(', ')}`);
        out = keep(next, old, MODERATION);
      }
    } else {
      if (!moderator) throw forbidden('only the author may change this kudos (moderators may hide it)');
      // a moderator sees an anonymous kudos without its author: keep what they could not see
      out = keep(next, old, AUTHOR_FIELDS);
      const changed = changedFields(old, out).filter((f) => !(MODERATION as readonly string[]).includes(f));
      if (changed.length) throw forbidden(`a moderator may only hide or unhide kudos (changed: ${changed.join(', ')})`);
    }
    if (moderator && (!old || old.hidden !== out.hidden || old.hiddenReason !== out.hiddenReason)) {
      out = { ...out };
      if (out.hidden === true) {
        out.hiddenBy = viewer.id;
        out.hiddenAt = now;
      } else {
        delete out.hiddenBy;
        delete out.hiddenAt;
      }
    }
    return out;
  },
});

const kudosReactions = policy('kudos-reactions', 'KudosReaction', {
  prepareWrite(viewer, old, next) {
    if (old) requireAuthor(viewer, old, 'change');
    if (next.userId !== viewer.id) throw forbidden('a reaction is made as yourself: userId must be your user id');
    const expected = `${String(next.kudosId)}:${String(next.userId)}:${String(next.emoji)}`;
    if (next.id !== expected) throw invalid(`a reaction's id is kudosId:userId:emoji (expected "${expected}")`);
    // the name shown with a reaction is the identity's, like authorName
    return typeof next.userName === 'string' ? { ...next, userName: viewer.name } : next;
  },
});

const kudosReports = policy('kudos-reports', 'KudosReport', {
  readSql: (r, v) => `(${r}.author_id = ${v.vid} OR ${bool(hasRole(v.viewer, 'moderator'))})`,
  canRead: (viewer, rec) => isAuthor(viewer, rec) || hasRole(viewer, 'moderator'),
  prepareWrite(viewer, old, next) {
    if (!old || isAuthor(viewer, old)) {
      if (next.reporterId !== viewer.id) throw forbidden('a report is made as yourself: reporterId must be your user id');
      const expected = `${String(next.kudosId)}:${String(next.reporterId)}`;
      if (next.id !== expected) throw invalid(`a report's id is kudosId:reporterId (expected "${expected}")`);
      return next;
    }
    if (!hasRole(viewer, 'moderator')) throw forbidden('only the reporter or a moderator may change a report');
    if (next.reporterId !== old.reporterId || next.kudosId !== old.kudosId) throw forbidden('a moderator may not change who reported what');
    return next;
  },
  checkRemove(viewer, old) {
    if (!isAuthor(viewer, old) && !hasRole(viewer, 'moderator')) throw forbidden('only the reporter or a moderator may delete a report');
  },
});

// readable by every member: others' choices (leaderboard opt-out) must be honoured by every viewer
const kudosPrefs = policy('kudos-prefs', 'KudosPrefs', {
  prepareWrite(viewer, old, next) {
    if (next.id !== viewer.id) throw forbidden('preferences are kept under your own user id');
    if (old) requireAuthor(viewer, old, 'change');
    return next;
  },
});

// ----------------------------------------------------------------------------------------- credits

const managerOnly = (viewer: Viewer, what: string) => {
  if (!hasRole(viewer, 'manager')) throw forbidden(`only a manager may ${what} a credit program`);
};

const creditPrograms = policy('credit-programs', 'CreditProgram', {
  prepareWrite(viewer, old, next) {
    managerOnly(viewer, old ? 'change' : 'create');
    return next;
  },
  checkRemove: (viewer) => managerOnly(viewer, 'delete'),
});

/** Fields only an approver sets (the author may keep or drop them, not invent them). */
const REVIEWER_SET = ['reviewerId', 'reviewComment', 'reviewedAt'] as const;
const REVIEW = ['status', ...REVIEWER_SET] as const;
/** What an approver may set. `approved` is also the author's when the program needs no approval. */
const APPROVER_STATUSES = ['approved', 'returned', 'pending'];

async function approvalRequired(next: Rec, ctx: WriteContext): Promise<boolean> {
  if (typeof next.programId !== 'string' || !next.programId) return false;
  const program = await ctx.lookup('credit-programs', next.programId);
  return program?.requireApproval === true;
}

const creditEntries = policy('credit-entries', 'CreditEntry', {
  readSql: (r, v) => `(${r}.author_id = ${v.vid} OR ${bool(hasRole(v.viewer, 'approver') || hasRole(v.viewer, 'manager'))})`,
  canRead: (viewer, rec) => isAuthor(viewer, rec) || hasRole(viewer, 'approver') || hasRole(viewer, 'manager'),
  async prepareWrite(viewer, old, next, ctx) {
    if (!old || isAuthor(viewer, old)) {
      const invented = REVIEWER_SET.filter((f) => next[f] !== undefined && !isDeepStrictEqual(next[f], old?.[f]));
      if (invented.length) throw forbidden(`${invented.join(', ')} are set by an approver`);
      const content = old ? changedFields(old, next).filter((f) => !(REVIEW as readonly string[]).includes(f)) : ['new'];
      const status = next.status;
      const unchanged = !!old && status === old.status && !content.length;
      if (status !== undefined && status !== 'pending' && !unchanged) {
        if (status !== 'approved' || (await approvalRequired(next, ctx)))
          throw forbidden(`only an approver may set status "${String(status)}"; an author's new or edited entry is "pending"`);
      }
      return next;
    }
    if (!hasRole(viewer, 'approver')) throw forbidden('only the author or an approver may change a credit entry');
    const out = { ...next };
    const content = changedFields(old, out).filter((f) => !(REVIEW as readonly string[]).includes(f));
    if (content.length) throw forbidden(`an approver may change only status and reviewComment (changed: ${content.join(', ')})`);
    if (!APPROVER_STATUSES.includes(out.status as string)) throw invalid(`status must be one of ${APPROVER_STATUSES.join(', ')}`);
    out.reviewerId = viewer.id;
    out.reviewedAt = ctx.now;
    return out;
  },
});

// ---------------------------------------------------------------------------------------- meetings

const facilitatorOnly = (viewer: Viewer) => {
  if (!hasRole(viewer, 'facilitator')) throw forbidden('only a facilitator may run a meeting');
};

const meetings = policy('meetings', 'Meeting', {
  prepareWrite(viewer, _old, next) {
    facilitatorOnly(viewer);
    return next;
  },
  checkRemove: (viewer) => facilitatorOnly(viewer),
});

// --------------------------------------------------------------------------------------- registry

export const BUILT_IN: ReadonlyMap<string, Policy> = new Map(
  [reflections, kudos, kudosReactions, kudosReports, kudosPrefs, creditPrograms, creditEntries, meetings].map((p) => [p.collection, p]),
);

export const COLLECTION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const extraPolicies = new Map<string, Policy>();

/** The policy of a collection, or undefined when the collection is not served. */
export function policyFor(collection: string, extra: '*' | readonly string[]): Policy | undefined {
  const builtIn = BUILT_IN.get(collection);
  if (builtIn) return builtIn;
  if (!COLLECTION_NAME.test(collection)) return undefined;
  if (extra !== '*' && !extra.includes(collection)) return undefined;
  let p = extraPolicies.get(collection);
  if (!p) {
    p = policy(collection, 'ExtraRecord');
    if (extraPolicies.size < 10_000) extraPolicies.set(collection, p);
  }
  return p;
}
