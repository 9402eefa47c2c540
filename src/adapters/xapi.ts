import { registerAdapterWrapper } from '../elements/provider/adapters.js';
import {
  LcAdapterError,
  type Change,
  type LcAdapter,
  type LcDraftStore,
  type LcErrorKind,
  type LcRecord,
  type Page,
  type PeopleQuery,
  type Person,
  type Query,
  type Viewer,
} from '../core/adapter.js';
import {
  IdbOutboxStorage,
  MemoryOutboxStorage,
  Outbox,
  type BackoffOptions,
  type OutboxOutcome,
  type OutboxStorage,
} from '../core/outbox.js';
import { LcErrorEvent } from '../events/lc-error.js';
import { LcXapiStatementEvent } from '../events/lc-xapi-statement.js';
import { registerMessages, translate } from '../i18n/localize.js';

/** The strings of xAPI reporting (its `lc-error` messages), English and Spanish: kept here, not in the shared catalogue. */
export const XAPI_MESSAGES = {
  en: {
    errorXapiRefused: 'Your activity could not be recorded in the learning record store. Your work itself is saved.',
    errorXapiWaiting:
      'Your activity cannot reach the learning record store right now; it is kept and sent later. Your work itself is saved.',
  },
  es: {
    errorXapiRefused: 'Tu actividad no se pudo registrar en el almacén de registros de aprendizaje. Tu trabajo sí está guardado.',
    errorXapiWaiting:
      'Tu actividad no puede llegar ahora al almacén de registros de aprendizaje; se conserva y se enviará más tarde. Tu trabajo sí está guardado.',
  },
};
registerMessages(XAPI_MESSAGES);
type XapiMessages = (typeof XAPI_MESSAGES)['en'];

/**
 * xAPI reporting: a wrapper around any adapter that turns the viewer's confirmed writes into xAPI
 * 1.0.3 statements and sends them to a Learning Record Store.
 *
 * ```html
 * <script type="module" src="lc-elements.js"></script>
 * <script type="module" src="lc-elements/adapters/xapi.js"></script>
 * <lc-provider adapter="rest" endpoint="/api/lc" community="library-staff"
 *              xapi-endpoint="https://lrs.example/xapi/" xapi-auth="Basic dXNlcjpwYXNz">…</lc-provider>
 * ```
 *
 * | write (after the adapter confirmed it)             | verb                                        | object |
 * |----------------------------------------------------|---------------------------------------------|--------|
 * | a reflection submitted (`submittedAt` set/changed) | `http://adlnet.gov/expapi/verbs/answered`   | `<base>reflection/<promptId>`, a `cmi.interaction` (`long-fill-in`); the text in `result.response` |
 * | kudos given (one statement per recipient)          | `http://id.tincanapi.com/verb/applauded`    | the recipient, an Agent |
 * | a credit entry logged by its author                | `http://adlnet.gov/expapi/verbs/completed`  | `<base>credit-entry/<id>`; the amount in `result.extensions["…/xapi/credits"]` |
 * | a meeting finished                                 | `http://adlnet.gov/expapi/verbs/attended`   | `<base>meeting/<meetingId>`; `result.duration` |
 *
 * - The actor is the viewer (`whoami()`), as `{ account: { homePage, name: viewer.id } }`. Writes of
 *   someone else's record (a moderator hiding kudos, a reviewer approving credits) report nothing:
 *   the statement would name the wrong person. Anonymous kudos report nothing either: an xAPI
 *   statement always names its actor, and the author chose not to be named.
 * - Statement ids are UUID v5 of the record, the event and the activity base, so a statement made
 *   twice for one event (a reload, an edit) is the same statement and the LRS keeps one.
 * - Statements wait in an IndexedDB queue (`lc-xapi-outbox`) until the LRS confirms them, are sent
 *   one tab at a time with `PUT <endpoint>statements?statementId=…` (idempotent: a resend after a
 *   lost answer is harmless), retried with backoff and jitter, on `online` and on the next page
 *   load. An LRS refusal other than 409 (already stored) and 429 is final: the statement is kept in
 *   a failed list (`failed()`, `retryFailed()`) and `lc-error` is dispatched on the provider.
 * - Every statement made is dispatched as `lc-xapi-statement` (`detail.statement`) on the provider,
 *   for hosts that forward statements themselves; `xapi-endpoint="events"` only dispatches them.
 *
 * Credentials: `xapi-auth` is a whole `Authorization` value (`Basic …`: an LRS's activity-provider
 * key with write-only rights, since the page shows it to anyone), or set a function as the provider's
 * `xapiAuth` property (`provider.xapiAuth = async () => 'Bearer …'`), called before every send. A
 * strict CSP needs the LRS origin in `connect-src`; the LRS must answer CORS for the page's origin.
 */

/** The xAPI version this library speaks (`X-Experience-API-Version`). */
export const XAPI_VERSION = '1.0.3';

/** Base of this project's xAPI vocabulary (extension IRIs and activity types). */
export const LC_XAPI = 'https://w3id.org/lc-elements/xapi/';

/** Extension IRIs the statements use. */
export const XAPI_EXTENSIONS = {
  /** `result.extensions`: the credits (or hours) an entry carries, a number. */
  credits: `${LC_XAPI}credits`,
  /** `result.extensions`: `learning` or `sharing`. */
  creditKind: `${LC_XAPI}credit-kind`,
  /** `result.extensions`: the entry's category (`course`, `mentoring`…). */
  creditCategory: `${LC_XAPI}credit-category`,
  /** `result.extensions`: the program's unit, `credits` or `hours` (when the program is known). */
  creditUnit: `${LC_XAPI}credit-unit`,
  /** `result.extensions`: `approved`, `pending` or `returned` when logged. */
  creditStatus: `${LC_XAPI}credit-status`,
  /** `context.extensions`: the calendar day the activity took place, `YYYY-MM-DD`. */
  creditDate: `${LC_XAPI}credit-date`,
  /** `context.extensions`: the program period the entry counts for. */
  creditPeriod: `${LC_XAPI}credit-period`,
  /** `context.extensions`: the value a kudos names (`teamwork`…). */
  kudosValue: `${LC_XAPI}kudos-value`,
  /** `context.extensions`: `private`, `community` or `anonymous`. */
  visibility: `${LC_XAPI}visibility`,
  /** `context.extensions`: the prompt series of a reflection. */
  series: `${LC_XAPI}series`,
  /** `context.extensions`: the lc-elements record the statement is about (collection/id). */
  record: `${LC_XAPI}record`,
} as const;

export const XAPI_VERBS = {
  answered: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
  applauded: { id: 'http://id.tincanapi.com/verb/applauded', display: { 'en-US': 'applauded' } },
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
  attended: { id: 'http://adlnet.gov/expapi/verbs/attended', display: { 'en-US': 'attended' } },
  voided: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
} as const;

const CMI_INTERACTION = 'http://adlnet.gov/expapi/activities/cmi.interaction';
const MEETING_TYPE = 'http://adlnet.gov/expapi/activities/meeting';
const CREDIT_ENTRY_TYPE = `${LC_XAPI}activities/credit-entry`;
const CREDIT_PROGRAM_TYPE = `${LC_XAPI}activities/credit-program`;
const KUDOS_WALL_TYPE = `${LC_XAPI}activities/kudos-wall`;
const COMMUNITY_TYPE = `${LC_XAPI}activities/community`;

/** Namespace of the UUID v5 statement ids. */
export const LC_XAPI_NAMESPACE = '0bffd1c6-8037-4184-8b79-ace85298388c';

/** Longest `result.response` sent, in UTF-16 units; longer text is cut with an ellipsis. */
export const MAX_RESPONSE = 32_000;

// The collections reported (the element models' names; only their names are needed here).
const REFLECTIONS = 'reflections';
const KUDOS = 'kudos';
const CREDIT_ENTRIES = 'credit-entries';
const CREDIT_PROGRAMS = 'credit-programs';
const MEETINGS = 'meetings';

/** Which element's tag and attribute a record of a reported collection belongs to (see `elementFor`). */
const ELEMENT_OF: Readonly<Record<string, { tag: string; attribute: string; field: string }>> = {
  reflections: { tag: 'lc-reflection-prompt', attribute: 'prompt-id', field: 'promptId' },
  kudos: { tag: 'lc-kudos-wall', attribute: 'wall-id', field: 'wallId' },
  'credit-entries': { tag: 'lc-credit-tracker', attribute: 'program-id', field: 'programId' },
  meetings: { tag: 'lc-meeting-timer', attribute: 'meeting-id', field: 'id' },
};
const REPORTED = new Set([REFLECTIONS, KUDOS, CREDIT_ENTRIES, MEETINGS]);

// ------------------------------------------------------------------ statement shapes

export type LanguageMap = Record<string, string>;

export interface XapiAgent {
  objectType: 'Agent';
  name?: string;
  account: { homePage: string; name: string };
}

export interface XapiActivity {
  objectType: 'Activity';
  id: string;
  definition?: {
    name?: LanguageMap;
    description?: LanguageMap;
    type?: string;
    moreInfo?: string;
    interactionType?: string;
  };
}

export interface XapiStatement {
  id: string;
  actor: XapiAgent;
  verb: { id: string; display: LanguageMap };
  object: XapiActivity | XapiAgent | { objectType: 'StatementRef'; id: string };
  result?: {
    response?: string;
    completion?: boolean;
    success?: boolean;
    duration?: string;
    extensions?: Record<string, unknown>;
  };
  context?: {
    platform?: string;
    language?: string;
    contextActivities?: { parent?: XapiActivity[]; grouping?: XapiActivity[]; category?: XapiActivity[]; other?: XapiActivity[] };
    extensions?: Record<string, unknown>;
  };
  timestamp: string;
}

/** What `statementsFor` needs besides the records. */
export interface StatementOptions {
  /** Absolute IRI ending in `/` under which activity ids are made. */
  activityBase: string;
  /** `account.homePage` of actors and recipients: the system whose ids `viewer.id` are. */
  homePage: string;
  /** The community, reported as the grouping activity. */
  community?: string;
  /** The page's language (RFC 5646), when the record has none. */
  language?: string;
  /** The unit of the credit program an entry belongs to, when known. */
  creditUnit?: string;
}

// ------------------------------------------------------------------ ids and formats

/** SHA-1 (for UUID v5 only; `crypto.subtle` is missing on plain-http intranet pages). */
function sha1(data: Uint8Array): Uint8Array {
  const length = data.length;
  const padded = new Uint8Array((((length + 8) >> 6) + 1) << 6);
  padded.set(data);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
  view.setUint32(padded.length - 4, (length * 8) >>> 0);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Uint32Array(80);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
      w[i] = (x << 1) | (x >>> 31);
    }
    let [a, b, c, d, e] = h;
    for (let i = 0; i < 80; i++) {
      const [f, k] =
        i < 20
          ? [(b & c) | (~b & d), 0x5a827999]
          : i < 40
            ? [b ^ c ^ d, 0x6ed9eba1]
            : i < 60
              ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc]
              : [b ^ c ^ d, 0xca62c1d6];
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]) >>> 0;
      e = d;
      d = c;
      c = ((b << 30) | (b >>> 2)) >>> 0;
      b = a;
      a = t;
    }
    h[0] = (h[0] + a) >>> 0;
    h[1] = (h[1] + b) >>> 0;
    h[2] = (h[2] + c) >>> 0;
    h[3] = (h[3] + d) >>> 0;
    h[4] = (h[4] + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  h.forEach((x, i) => outView.setUint32(i * 4, x));
  return out;
}

/** A name-based UUID (RFC 4122 version 5): the same name always gives the same id. */
export function uuidV5(name: string, namespace: string = LC_XAPI_NAMESPACE): string {
  const hex = namespace.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError('uuidV5: the namespace is not a UUID');
  const text = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + text.length);
  for (let i = 0; i < 16; i++) input[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  input.set(text, 16);
  const b = sha1(input).slice(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const s = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** An ISO 8601 duration as xAPI writes it (`PT1H2M3.5S`, hundredths of a second at most). */
export function isoDuration(ms: number): string {
  const total = Math.max(0, Math.round((Number.isFinite(ms) ? ms : 0) / 10)); // hundredths
  const hours = Math.floor(total / 360_000);
  const minutes = Math.floor((total % 360_000) / 6000);
  const hundredths = total % 6000;
  const seconds = hundredths ? `${(hundredths / 100).toFixed(2).replace(/\.?0+$/, '')}S` : '';
  const body = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds}`;
  return `PT${body || '0S'}`;
}

const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i;

/** The tag if it is a plausible RFC 5646 language tag. */
function languageTag(value: unknown): string | undefined {
  return typeof value === 'string' && LANGUAGE_TAG.test(value.trim()) ? value.trim() : undefined;
}

/** An ISO 8601 timestamp with milliseconds, or `undefined` for anything that is not a date. */
function timestampOf(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const t = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

function clip(text: string, max = MAX_RESPONSE): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const enc = encodeURIComponent;

/** An activity base as an absolute IRI ending in `/`. */
function pageUrl(): string {
  if (typeof document !== 'undefined' && /^https?:/i.test(document.baseURI)) return document.baseURI;
  return typeof location !== 'undefined' && /^https?:/i.test(location.href) ? location.href : 'http://localhost/';
}

/**
 * The LRS's xAPI base as an absolute URL whose path ends in `/` (a query, which some LRSs use to
 * name a tenant, is kept). The statements resource itself (`…/xapi/statements`), a common mistake,
 * stands for its base. Throws a `TypeError` for something that is not a URL.
 */
export function normaliseEndpoint(endpoint: string, here = pageUrl()): string {
  const url = new URL(endpoint.trim(), here);
  if (!/^https?:$/.test(url.protocol)) throw new TypeError(`xapi-endpoint must be an http(s) URL, not "${endpoint}"`);
  url.hash = '';
  url.pathname = url.pathname.replace(/\/statements\/?$/i, '/');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** `account.homePage`: as given when absolute, resolved against the page when relative, else the page's origin. */
export function homePageOf(homePage: string | undefined, here = pageUrl()): string {
  const given = homePage?.trim();
  if (given && /^[a-z][a-z0-9+.-]*:/i.test(given)) return given;
  return given ? new URL(given, here).href : new URL(here).origin;
}

export function normaliseBase(base: string | undefined, here = pageUrl()): string {
  const url = new URL(base?.trim() || '/lc/', here);
  url.search = '';
  url.hash = '';
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

// ------------------------------------------------------------------ mapping

function agent(id: string, name: string | undefined, homePage: string): XapiAgent {
  return { objectType: 'Agent', ...(name ? { name } : {}), account: { homePage, name: id } };
}

function activity(id: string, definition?: XapiActivity['definition']): XapiActivity {
  return definition ? { objectType: 'Activity', id, definition } : { objectType: 'Activity', id };
}

/** The facts of a credit entry a statement reports: a change of any makes a new statement. */
function creditFacts(record: LcRecord, options: StatementOptions): string {
  return JSON.stringify([record.amount, str(record.kind), str(record.unit) || options.creditUnit || '', str(record.date)]);
}

/** The statement that voids `target` (xAPI 1.0.3, 2.2.6 Voided): the LRS keeps it out of queries. */
function voiding(target: XapiStatement, actor: XapiAgent, timestamp: string): XapiStatement {
  return {
    id: uuidV5(`${target.id}\u0000voided`),
    actor,
    verb: XAPI_VERBS.voided,
    object: { objectType: 'StatementRef', id: target.id },
    timestamp,
  };
}

/**
 * The statements that take back what a deleted record reported: voiding statements for the
 * statements `statementsFor` made for it (`record` as last known). A deleted reflection's text or a
 * deleted credit entry's amount then no longer counts in the LRS. Meetings are not taken back:
 * the meeting took place.
 */
export function voidingFor(
  collection: string,
  record: LcRecord,
  viewer: Viewer,
  options: StatementOptions,
  timestamp: string,
): XapiStatement[] {
  if (collection === MEETINGS) return [];
  const made = statementsFor(collection, record, undefined, viewer, options).filter((s) => s.verb.id !== XAPI_VERBS.voided.id);
  return made.map((s) => voiding(s, s.actor, timestamp));
}

/**
 * The xAPI statements one confirmed write makes: `record` as the adapter stored it, `previous` the
 * version known before the write (if any), `viewer` who wrote it. Pure: no network, no DOM, no clock
 * (timestamps come from the record), so the same write always gives the same statements.
 */
export function statementsFor(
  collection: string,
  record: LcRecord,
  previous: LcRecord | undefined,
  viewer: Viewer,
  options: StatementOptions,
): XapiStatement[] {
  if (!REPORTED.has(collection) || !record || typeof record.id !== 'string' || !record.id) return [];
  if (!viewer || viewer.anonymous || !viewer.id) return [];
  // Someone else's record (a moderator, a reviewer): a statement would name the wrong actor. A
  // meeting is everyone's: whoever finishes it reports their attendance.
  if (collection !== MEETINGS && typeof record.authorId === 'string' && record.authorId && record.authorId !== viewer.id) return [];
  const base = options.activityBase;
  const lang = languageTag(record.locale) ?? languageTag(options.language);
  const map = (text: string): LanguageMap => ({ [lang ?? 'und']: text });
  const actor = agent(viewer.id, viewer.name || undefined, options.homePage);
  const community = str(record.community) || options.community;
  const grouping = community ? [activity(`${base}community/${enc(community)}`, { type: COMMUNITY_TYPE, name: { und: community } })] : [];
  const context = (extra: NonNullable<XapiStatement['context']>, objectIsActivity = true): XapiStatement['context'] => ({
    // `platform` is only allowed when the object is an Activity (xAPI 1.0.3, 4.1.6)
    ...(objectIsActivity ? { platform: 'lc-elements' } : {}),
    ...(lang ? { language: lang } : {}),
    ...extra,
    contextActivities: { ...extra.contextActivities, ...(grouping.length ? { grouping } : {}) },
    extensions: { ...extra.extensions, [XAPI_EXTENSIONS.record]: `${collection}/${record.id}` },
  });
  const idFor = (...parts: string[]) => uuidV5([base, collection, record.id, ...parts].join('\u0000'));
  const when = (...candidates: unknown[]) => candidates.map(timestampOf).find(Boolean) ?? new Date(0).toISOString();

  if (collection === REFLECTIONS) {
    const submittedAt = timestampOf(record.submittedAt);
    if (!submittedAt || timestampOf(previous?.submittedAt) === submittedAt) return [];
    // An anonymous reflection names no author to anyone; a statement always names its actor, and
    // the text with the time would identify the author of the anonymous response in the shared feed.
    if (record.visibility === 'anonymous') return [];
    const promptId = str(record.promptId) || 'reflection';
    const answers = (Array.isArray(record.answers) ? record.answers : []) as { question?: unknown; text?: unknown }[];
    const blocks = answers
      .filter((a) => a && str(a.text).trim())
      .map((a) => (answers.length > 1 && str(a.question) ? `${str(a.question)}\n${str(a.text)}` : str(a.text)));
    if (!answers.length && str(record.text).trim()) blocks.push(str(record.text));
    const followUp = record.followUp as { previousCommitment?: unknown; text?: unknown } | undefined;
    if (followUp && str(followUp.text).trim()) blocks.push(`${str(followUp.previousCommitment)}\n${str(followUp.text)}`.trim());
    // the commitment asked as an extra field (not one of the answers) is part of the response too
    const commitment = str(record.commitment).trim();
    if (commitment && !answers.some((a) => a && str(a.text).trim() === commitment)) blocks.push(commitment);
    const questions = answers.map((a) => str(a.question)).filter(Boolean);
    // A private reflection is for its author alone: the LRS (read by admins and analysts) learns
    // that it was answered, not what it says.
    const isPrivate = record.visibility === 'private';
    return [
      {
        id: idFor('answered', submittedAt),
        actor,
        verb: XAPI_VERBS.answered,
        object: activity(`${base}reflection/${enc(promptId)}`, {
          type: CMI_INTERACTION,
          interactionType: 'long-fill-in',
          name: map(questions.length === 1 ? questions[0] : promptId),
          ...(questions.length ? { description: map(clip(questions.join('\n'), 8000)) } : {}),
        }),
        result: isPrivate ? { completion: true } : { response: clip(blocks.join('\n\n')), completion: true },
        context: context({
          extensions: {
            ...(str(record.visibility) ? { [XAPI_EXTENSIONS.visibility]: str(record.visibility) } : {}),
            ...(str(record.series) ? { [XAPI_EXTENSIONS.series]: str(record.series) } : {}),
          },
        }),
        timestamp: submittedAt,
      },
    ];
  }

  if (collection === KUDOS) {
    // Anonymous kudos name no author to the wall; the LRS would have to name one. Hidden kudos are a moderator's.
    if (record.anonymous === true || record.hidden === true) return [];
    const before = new Set(
      previous && Array.isArray(previous.recipients) ? (previous.recipients as { id?: unknown }[]).map((r) => str(r?.id)) : [],
    );
    const recipients = (Array.isArray(record.recipients) ? record.recipients : []) as { id?: unknown; name?: unknown }[];
    const wallId = str(record.wallId) || 'kudos';
    // The object is the recipient (an Agent), so an LRS query `agent=<recipient>&related_agents=true`
    // finds the kudos a person received, which is what a report on kudos asks. The kudos itself stays
    // identifiable as a context activity (`other`), under its wall (`parent`).
    return recipients
      .filter((r) => r && str(r.id) && str(r.id) !== viewer.id && !before.has(str(r.id)))
      .map((r) => ({
        id: idFor('applauded', str(r.id)),
        actor,
        verb: XAPI_VERBS.applauded,
        object: agent(str(r.id), str(r.name) || undefined, options.homePage),
        ...(str(record.message) ? { result: { response: clip(str(record.message)) } } : {}),
        context: context(
          {
            contextActivities: {
              parent: [activity(`${base}kudos-wall/${enc(wallId)}`, { type: KUDOS_WALL_TYPE, name: { und: wallId } })],
              other: [activity(`${base}kudos/${enc(record.id)}`)],
            },
            extensions: str(record.value) ? { [XAPI_EXTENSIONS.kudosValue]: str(record.value) } : {},
          },
          false,
        ),
        timestamp: when(record.createdAt, record.updatedAt),
      }));
  }

  if (collection === CREDIT_ENTRIES) {
    const amount = typeof record.amount === 'number' && Number.isFinite(record.amount) ? record.amount : undefined;
    if (amount === undefined) return [];
    // the entry's own unit (the tracker writes it), else the program record's
    const unit = str(record.unit) || options.creditUnit;
    const facts = creditFacts(record, options);
    // An approval, or an edit of the title or note, changes nothing an analyst sums up: nothing new.
    // An edit of the amount, kind, unit or day voids the statement made for the earlier version and
    // makes one for this one (its id follows from those facts, so the same version is one statement).
    const earlier = previous && creditFacts(previous, options);
    if (earlier === facts) return [];
    const programId = str(record.programId);
    const evidence = str(record.evidenceUrl);
    const voids = earlier
      ? statementsFor(collection, previous!, undefined, viewer, options).map((s) =>
          voiding(s, actor, when(record.updatedAt, record.createdAt)),
        )
      : [];
    return [
      ...voids,
      {
        id: idFor('completed', facts),
        actor,
        verb: XAPI_VERBS.completed,
        object: activity(`${base}credit-entry/${enc(record.id)}`, {
          type: CREDIT_ENTRY_TYPE,
          name: map(str(record.title) || record.id),
          ...(/^https?:\/\//i.test(evidence) ? { moreInfo: evidence } : {}),
        }),
        result: {
          completion: true,
          extensions: {
            [XAPI_EXTENSIONS.credits]: amount,
            ...(str(record.kind) ? { [XAPI_EXTENSIONS.creditKind]: str(record.kind) } : {}),
            ...(str(record.category) ? { [XAPI_EXTENSIONS.creditCategory]: str(record.category) } : {}),
            ...(unit ? { [XAPI_EXTENSIONS.creditUnit]: unit } : {}),
            ...(str(record.status) ? { [XAPI_EXTENSIONS.creditStatus]: str(record.status) } : {}),
          },
        },
        context: context({
          contextActivities: programId
            ? { parent: [activity(`${base}credit-program/${enc(programId)}`, { type: CREDIT_PROGRAM_TYPE, name: { und: programId } })] }
            : {},
          extensions: {
            ...(str(record.date) ? { [XAPI_EXTENSIONS.creditDate]: str(record.date) } : {}),
            ...(str(record.periodKey) ? { [XAPI_EXTENSIONS.creditPeriod]: str(record.periodKey) } : {}),
          },
        }),
        timestamp: when(record.createdAt, record.updatedAt),
      },
    ];
  }

  // meetings: once per run of a meeting (a run is known by its start), when it reaches `finished`
  if (record.status !== 'finished' || previous?.status === 'finished') return [];
  const startedAt = timestampOf(record.startedAt);
  const endedAt = timestampOf(record.endedAt);
  if (!startedAt || !endedAt) return [];
  return [
    {
      // one statement per person and run: another facilitator finishing it again is their attendance
      id: idFor('attended', viewer.id, startedAt),
      actor,
      verb: XAPI_VERBS.attended,
      object: activity(`${base}meeting/${enc(record.id)}`, { type: MEETING_TYPE, name: { und: record.id } }),
      result: { completion: true, duration: isoDuration(Date.parse(endedAt) - Date.parse(startedAt)) },
      context: context({}),
      // when the meeting began; `result.duration` says how long it went on
      timestamp: startedAt,
    },
  ];
}

// ------------------------------------------------------------------ the wrapper

export interface XapiOptions {
  /**
   * The LRS's xAPI base (`https://lrs.example/xapi/`; statements go to `<endpoint>statements`), or
   * `events` to only dispatch `lc-xapi-statement` events and send nothing.
   */
  endpoint: string;
  /** A whole `Authorization` header value (`Basic dXNlcjpwYXNz`). */
  auth?: string;
  /** Called before every send for an `Authorization` value (wins over `auth`); may return a promise. */
  getAuth?: () => string | null | undefined | Promise<string | null | undefined>;
  /** IRI under which activity ids are made (default `<page origin>/lc/`). */
  activityBase?: string;
  /** `account.homePage` of actors (default the page's origin). */
  homePage?: string;
  /** The community, reported as a grouping activity (default: the record's). */
  community?: string;
  /** Where `lc-xapi-statement` and `lc-error` are dispatched (the provider). */
  host?: EventTarget;
  /** The page's language at the time of a statement (default `<html lang>`). */
  language?: () => string | undefined;
  /** Fetch credentials mode (default `'omit'`: LRSs authenticate by header and allow any origin). */
  credentials?: RequestCredentials;
  /** Per-request timeout in ms (default 15,000). */
  timeoutMs?: number;
  /** Retry backoff (default 1 s to 60 s, doubled each time, with jitter). */
  backoff?: BackoffOptions;
  /** Where the queue lives (default IndexedDB; `memory` where that is missing). */
  storage?: 'indexeddb' | 'memory' | OutboxStorage;
  /** IndexedDB database name of the queue (default `lc-xapi-outbox`). */
  storageName?: string;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT = 15_000;
/** Failed attempts of one statement after which the page is told the LRS cannot be reached. */
const UNREACHABLE_AFTER = 3;
/** Records remembered (only the fields that decide what a write reports) to know a write's previous version. */
const SEEN_LIMIT = 5000;

function kindOfStatus(status: number): LcErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 408 || status === 429 || status >= 500) return 'unavailable';
  return 'invalid';
}

/** Only what `statementsFor` compares with a previous version. */
function digest(record: LcRecord): LcRecord {
  const { id, authorId, submittedAt, status, startedAt, endedAt, recipients, unit, visibility, anonymous, hidden } = record;
  const { amount, kind, date, promptId, programId, wallId, community } = record;
  return {
    id,
    authorId,
    submittedAt,
    status,
    startedAt,
    endedAt,
    unit,
    recipients,
    visibility,
    anonymous,
    hidden,
    amount,
    kind,
    date,
    promptId,
    programId,
    wallId,
    community,
  } as LcRecord;
}

/**
 * Wraps an adapter: every call goes to it unchanged; the viewer's confirmed writes of reflections,
 * kudos, credit entries and meetings also become xAPI statements, queued and sent to an LRS.
 */
export class XapiAdapter implements LcAdapter {
  readonly inner: LcAdapter;
  /** The inner adapter's key: writes queued by the store stay the same with or without reporting. */
  readonly key?: string;
  readonly assignsRoles?: boolean;
  readonly personal?: boolean;
  readonly drafts?: LcDraftStore;
  readonly watch?: (collection: string, query: Query, onChange: (change: Change) => void) => () => void;
  readonly people?: (query: PeopleQuery) => Promise<Person[]>;
  readonly identify?: (name: string) => Promise<Viewer>;
  readonly watchViewer?: (onChange: (viewer: Viewer) => void) => () => void;
  /** The LRS base (ending in `/`), or undefined in events-only mode. */
  readonly endpoint?: string;
  readonly activityBase: string;
  readonly homePage: string;
  private readonly opts: XapiOptions;
  private readonly fetcher: typeof fetch;
  private readonly storage?: OutboxStorage;
  private readonly queue?: Outbox;
  private readonly scope: string;
  private viewer?: Viewer;
  private readonly seen = new Map<string, LcRecord>();
  /** Statement ids made on this page: an event is reported once even if its record is written again. */
  private readonly made = new Set<string>();
  /** The page was told the LRS cannot be reached (once, until a statement goes through). */
  private waitingTold = false;

  constructor(inner: LcAdapter, options: XapiOptions) {
    this.inner = inner;
    this.opts = options;
    if (inner.key !== undefined) this.key = inner.key;
    if (inner.assignsRoles !== undefined) this.assignsRoles = inner.assignsRoles;
    // capabilities of the inner adapter pass through: a SCORM course that reports to an LRS keeps its
    // drafts in suspend_data and stays personal
    if (inner.personal !== undefined) this.personal = inner.personal;
    if (inner.drafts) this.drafts = inner.drafts;
    // the document's base (not `location`): right in `about:srcdoc` frames and under `<base href>`
    const here = pageUrl();
    this.activityBase = normaliseBase(options.activityBase, here);
    this.homePage = homePageOf(options.homePage, here);
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
    const raw = options.endpoint?.trim() ?? '';
    if (raw && raw.toLowerCase() !== 'events') this.endpoint = normaliseEndpoint(raw, here);
    this.scope = `xapi:${this.endpoint ?? 'events'}`;

    if (inner.watch) {
      const watch = inner.watch.bind(inner);
      this.watch = (collection, query, onChange) =>
        watch(collection, query, (change) => {
          if (change.type === 'put' && change.record) this.remember(collection, change.record);
          else if (change.type === 'remove') this.seen.delete(`${collection}\u0000${change.id}`);
          onChange(change);
        });
    }
    if (inner.people) this.people = inner.people.bind(inner);
    if (inner.identify) {
      const identify = inner.identify.bind(inner);
      this.identify = async (name) => (this.viewer = await identify(name));
    }
    if (inner.watchViewer) {
      const watchViewer = inner.watchViewer.bind(inner);
      this.watchViewer = (onChange) =>
        watchViewer((v) => {
          this.viewer = v;
          onChange(v);
        });
    }

    if (this.endpoint) {
      const s = options.storage;
      this.storage =
        s === 'memory' || (s === undefined && typeof indexedDB === 'undefined')
          ? new MemoryOutboxStorage()
          : typeof s === 'object'
            ? s
            : new IdbOutboxStorage(options.storageName ?? 'lc-xapi-outbox');
      this.queue = new Outbox({
        scope: this.scope,
        storage: this.storage,
        backoff: options.backoff,
        send: (entry) => this.send(entry.record as unknown as XapiStatement),
        onOutcome: (o) => void this.settle(o),
      });
      // statements a previous page left queued go out now
      void this.queue.flush();
    }
  }

  // ---------------------------------------------------------------- the contract, delegated

  async whoami(): Promise<Viewer> {
    const v = await this.inner.whoami();
    this.viewer = v;
    return v;
  }

  async list<T extends LcRecord = LcRecord>(collection: string, query: Query): Promise<Page<T>> {
    const page = await this.inner.list<T>(collection, query);
    if (page && Array.isArray(page.items)) for (const r of page.items) this.remember(collection, r);
    return page;
  }

  async get<T extends LcRecord = LcRecord>(collection: string, id: string): Promise<T | undefined> {
    const r = await this.inner.get<T>(collection, id);
    if (r) this.remember(collection, r);
    return r;
  }

  /** Writes through the inner adapter; once it confirms, the write's statements are queued (before this resolves). */
  async put<T extends LcRecord>(collection: string, record: T): Promise<T> {
    const key = `${collection}\u0000${record?.id}`;
    // Known before the write: a live change echoing this very write may arrive before the answer.
    const previous = this.seen.get(key);
    const stored = await this.inner.put(collection, record);
    const written = (stored && typeof stored === 'object' ? stored : record) as LcRecord;
    if (REPORTED.has(collection)) {
      try {
        await this.report(collection, written, previous);
      } catch (e) {
        // reporting must never fail a write the backend has confirmed
        console.warn('lc-elements: could not make xAPI statements', e);
      }
    }
    this.remember(collection, written);
    return stored;
  }

  /** Removes through the inner adapter; once it confirms, the statements the record made are voided. */
  async remove(collection: string, id: string): Promise<void> {
    const key = `${collection}\u0000${id}`;
    const known = this.seen.get(key);
    await this.inner.remove(collection, id);
    this.seen.delete(key);
    if (known && REPORTED.has(collection)) {
      try {
        const viewer = this.viewer ?? (await this.whoami().catch(() => undefined));
        if (viewer)
          await this.emit(
            voidingFor(collection, known, viewer, this.statementOptions(collection, known), new Date().toISOString()),
            collection,
            known,
          );
      } catch (e) {
        console.warn('lc-elements: could not make xAPI statements', e);
      }
    }
  }

  // ---------------------------------------------------------------- statements

  private remember(collection: string, record: LcRecord): void {
    if ((!REPORTED.has(collection) && collection !== CREDIT_PROGRAMS) || !record || typeof record.id !== 'string') return;
    const key = `${collection}\u0000${record.id}`;
    this.seen.delete(key);
    this.seen.set(key, digest(record));
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.keys().next().value as string);
  }

  private language(): string | undefined {
    if (this.opts.language) return this.opts.language();
    return typeof document !== 'undefined' ? document.documentElement.lang || undefined : undefined;
  }

  /** Makes, dispatches and queues the statements of one confirmed write. */
  private async report(collection: string, record: LcRecord, previous: LcRecord | undefined): Promise<void> {
    const viewer = this.viewer ?? (await this.whoami().catch(() => undefined));
    if (!viewer) return;
    await this.emit(statementsFor(collection, record, previous, viewer, this.statementOptions(collection, record)), collection, record);
  }

  private statementOptions(collection: string, record: LcRecord): StatementOptions {
    const program = collection === CREDIT_ENTRIES ? this.seen.get(`${CREDIT_PROGRAMS}\u0000${str(record.programId)}`) : undefined;
    return {
      activityBase: this.activityBase,
      homePage: this.homePage,
      community: this.opts.community,
      language: this.language(),
      creditUnit: str(program?.unit) || undefined,
    };
  }

  /**
   * The element a record belongs to, inside the provider: `lc-xapi-statement` is dispatched from it
   * (so a host can listen on one element), and bubbles through the provider to the document.
   */
  private elementFor(collection: string, record: LcRecord): Element | undefined {
    const host = this.opts.host;
    const by = ELEMENT_OF[collection];
    const value = by && record[by.field];
    if (!(host instanceof Element || host instanceof Document) || !by || typeof value !== 'string' || !value) return undefined;
    for (const el of host.querySelectorAll(by.tag)) if (el.getAttribute(by.attribute) === value) return el;
    return undefined;
  }

  /** Dispatches and queues statements, each once per page. */
  private async emit(statements: XapiStatement[], collection: string, record: LcRecord): Promise<void> {
    const target = this.elementFor(collection, record) ?? this.opts.host;
    for (const statement of statements) {
      if (this.made.has(statement.id)) continue;
      this.made.add(statement.id);
      target?.dispatchEvent(new LcXapiStatementEvent({ statement }));
      await this.queue?.enqueue({
        opId: `${this.scope}#${statement.id}`,
        type: 'put',
        collection: 'statements',
        id: statement.id,
        record: statement as unknown as LcRecord,
      });
    }
  }

  private async authorization(): Promise<string | undefined> {
    const value = this.opts.getAuth ? await this.opts.getAuth() : this.opts.auth;
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  }

  /** One `PUT statements?statementId=…`. Resolves when the LRS has it (2xx, or 409: that id is stored). */
  private async send(statement: XapiStatement, retried = false): Promise<void> {
    const base = new URL(this.endpoint!);
    const target = new URL('statements', base);
    target.search = base.search;
    target.searchParams.set('statementId', statement.id);
    const url = target.href;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-experience-api-version': XAPI_VERSION,
    };
    const auth = await this.authorization();
    if (auth) headers.authorization = auth;
    const ctrl = new AbortController();
    const timeoutMs = this.opts.timeoutMs ?? DEFAULT_TIMEOUT;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, timeoutMs);
    let res: Response;
    try {
      res = await this.fetcher(url, {
        method: 'PUT',
        headers,
        body: JSON.stringify(statement),
        credentials: this.opts.credentials ?? 'omit',
        cache: 'no-store',
        signal: ctrl.signal,
      });
    } catch (e) {
      if (timedOut) throw new LcAdapterError('unavailable', `xAPI: the LRS did not answer within ${timeoutMs} ms`, { cause: e });
      throw new LcAdapterError('offline', `xAPI: the LRS cannot be reached (${e instanceof Error ? e.message : String(e)})`, { cause: e });
    } finally {
      clearTimeout(timer);
    }
    await res.body?.cancel().catch(() => {});
    if (res.ok || res.status === 409) return;
    // an expired token: ask the hook once more (it may refresh it) and try again
    if (res.status === 401 && this.opts.getAuth && !retried) return this.send(statement, true);
    throw new LcAdapterError(kindOfStatus(res.status), `xAPI: the LRS refused statement ${statement.id} (HTTP ${res.status})`);
  }

  /** The locale of messages: the provider's nearest `lang`, the page's, the browser's. */
  private messageLang(): string {
    return this.language() || (typeof navigator !== 'undefined' ? navigator.language : '') || 'en';
  }

  private async settle(o: OutboxOutcome): Promise<void> {
    if (o.ok) {
      this.waitingTold = false;
      return;
    }
    const statement = o.entry.record as unknown as XapiStatement;
    if (!o.final) {
      // An LRS that cannot be reached (down, a wrong address, CORS not allowing this page) looks
      // like "offline" from here: the statements stay queued and are retried, but the page is told
      // once, and the admin gets the technical reason in the console.
      if (this.waitingTold || o.entry.attempts < UNREACHABLE_AFTER) return;
      this.waitingTold = true;
      console.warn(
        `lc-elements: the LRS at ${this.endpoint} has not accepted statements after ${o.entry.attempts} attempts (${o.error.message}); ` +
          "they stay queued and are retried. If the console shows a CORS error, the LRS must allow this page's origin; a strict CSP needs it in connect-src.",
      );
      this.opts.host?.dispatchEvent(
        new LcErrorEvent({
          kind: o.error.kind,
          message: translate<XapiMessages>(this.messageLang(), 'errorXapiWaiting'),
          operation: 'report',
          collection: 'xapi-statements',
          recordId: statement?.id,
          error: o.error,
        }),
      );
      return;
    }
    if (!this.storage) return;
    try {
      await this.storage.put({
        ...o.entry,
        opId: `failed:${o.entry.opId}`,
        scope: `xapi-failed:${this.endpoint}`,
        lastError: o.error.message,
      });
    } catch {
      /* the lc-error below still tells the page */
    }
    this.opts.host?.dispatchEvent(
      new LcErrorEvent({
        kind: o.error.kind,
        message: translate<XapiMessages>(this.messageLang(), 'errorXapiRefused'),
        operation: 'report',
        collection: 'xapi-statements',
        recordId: statement?.id,
        error: o.error,
      }),
    );
  }

  // ---------------------------------------------------------------- queue

  /** Statements waiting for the LRS, oldest first. */
  async pending(): Promise<XapiStatement[]> {
    return this.queue ? (await this.queue.pending()).map((e) => e.record as unknown as XapiStatement) : [];
  }

  /** Statements the LRS refused for good (kept so they can be looked at and sent again). */
  async failed(): Promise<XapiStatement[]> {
    return this.storage ? (await this.storage.load(`xapi-failed:${this.endpoint}`)).map((e) => e.record as unknown as XapiStatement) : [];
  }

  /** Queues the refused statements again (after fixing credentials, say); resolves with how many. */
  async retryFailed(): Promise<number> {
    if (!this.storage || !this.queue) return 0;
    const entries = await this.storage.load(`xapi-failed:${this.endpoint}`);
    for (const e of entries) {
      await this.storage.delete(e.opId);
      await this.queue.enqueue({ opId: `${this.scope}#${e.id}`, type: 'put', collection: 'statements', id: e.id, record: e.record });
    }
    return entries.length;
  }

  /** Sends what is queued now (it also goes on its own: on backoff, `online` and page load). */
  flush(): Promise<void> {
    return this.queue?.flush() ?? Promise.resolve();
  }

  /** Stops sending; the queue stays in storage for the next page. */
  close(): void {
    this.queue?.stop();
  }
}

type AuthHook = () => string | null | undefined | Promise<string | null | undefined>;

// <lc-provider … xapi-endpoint="https://lrs.example/xapi/" [xapi-auth="Basic …"] [xapi-activity-base="…"]
// [xapi-home-page="…"]>; an `xapiAuth` function property on the provider wins over `xapi-auth`, read
// before every send, so a page can refresh a token without re-creating the adapter.
registerAdapterWrapper((adapter, config) => {
  const host = config.host as HTMLElement & { xapiAuth?: AuthHook | string };
  const endpoint = host.getAttribute('xapi-endpoint')?.trim();
  if (!endpoint) return adapter;
  try {
    return new XapiAdapter(adapter, {
      endpoint,
      getAuth: () => (typeof host.xapiAuth === 'function' ? host.xapiAuth() : (host.xapiAuth ?? host.getAttribute('xapi-auth'))),
      activityBase: host.getAttribute('xapi-activity-base') ?? undefined,
      homePage: host.getAttribute('xapi-home-page') ?? undefined,
      community: config.community,
      host,
      language: () => host.closest('[lang]')?.getAttribute('lang') || undefined,
    });
  } catch (e) {
    // A mistyped LRS address must not take the elements' data away: they work, unreported.
    console.error(`lc-provider: xAPI reporting is off: xapi-endpoint "${endpoint}" is not a usable URL.`, e);
    return adapter;
  }
});
