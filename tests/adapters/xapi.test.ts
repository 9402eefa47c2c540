import { expect, fixture, html } from '@open-wc/testing';
import {
  XAPI_EXTENSIONS,
  XAPI_MESSAGES,
  XAPI_VERBS,
  XapiAdapter,
  homePageOf,
  isoDuration,
  normaliseBase,
  normaliseEndpoint,
  statementsFor,
  uuidV5,
  voidingFor,
  type StatementOptions,
  type XapiAgent,
  type XapiOptions,
  type XapiStatement,
} from '../../src/adapters/xapi.js';
import { LcAdapterError, type LcAdapter, type LcRecord, type Viewer } from '../../src/core/adapter.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import '../../src/elements/provider/define.js';
import '../../src/elements/reflection-prompt/define.js';
import { RecordStore } from '../../src/core/store.js';
import type { LcProvider } from '../../src/elements/provider/provider.js';
import { LcXapiStatementEvent } from '../../src/events/lc-xapi-statement.js';
import type { LcErrorEvent } from '../../src/events/lc-error.js';
import { nextEvent } from '../helpers.js';
import '../../src/elements/credit-tracker/define.js';

/**
 * The xAPI wrapper: the pure mapping (checked with `@learninglocker/xapi-validation`, run by the wtr
 * plugin in tests/adapters/xapi-lrs-plugin.mjs), then the wrapper against a real LRS peer
 * (Learning Locker's `xapi-statements`, in memory, over loopback HTTP from Chromium).
 */

interface LrsInfo {
  url: string;
  control: string;
  basic: string;
  bearer: string;
}
interface LrsRequest {
  method: string;
  statementId: string | null;
  status: number;
  auth: string;
}

let lrs: LrsInfo;

const ada: Viewer = { id: 'u-ada', name: 'Ada Lovelace', roles: [] };
const OPTS: StatementOptions = {
  activityBase: 'https://intranet.example/lc/',
  homePage: 'https://intranet.example',
  community: 'library-staff',
  language: 'en-GB',
};

const uid = () => crypto.randomUUID().slice(0, 8);

function reflection(overrides: Partial<LcRecord> = {}): LcRecord {
  return {
    id: `r-${uid()}`,
    community: 'library-staff',
    promptId: 'week-3',
    series: 'week-3',
    answers: [
      { questionId: 'surprised', question: 'What surprised you?', text: 'How quiet the archive is.' },
      { questionId: 'next', question: 'What will you try next?', text: 'Pairing on the catalogue.' },
    ],
    visibility: 'community',
    authorId: ada.id,
    authorName: ada.name,
    locale: 'en-GB',
    createdAt: '2027-03-01T10:00:00.000Z',
    submittedAt: '2027-03-01T10:00:00.123Z',
    ...overrides,
  };
}

function kudos(overrides: Partial<LcRecord> = {}): LcRecord {
  return {
    id: `k-${uid()}`,
    wallId: 'branch-7',
    authorId: ada.id,
    authorName: ada.name,
    anonymous: false,
    recipients: [
      { id: 'u-grace', name: 'Grace Hopper' },
      { id: 'u-alan', name: 'Alan Turing' },
    ],
    message: 'Thank you for covering the desk!',
    value: 'teamwork',
    createdAt: '2027-03-02T08:30:00.000Z',
    ...overrides,
  };
}

function credit(overrides: Partial<LcRecord> = {}): LcRecord {
  return {
    id: `c-${uid()}`,
    programId: '2027-staff-pd',
    periodKey: '2027',
    authorId: ada.id,
    authorName: ada.name,
    title: 'Webinar: linked data in catalogues',
    kind: 'learning',
    category: 'webinar',
    amount: 1.5,
    date: '2027-02-28',
    evidenceUrl: 'https://example.org/certificates/42',
    status: 'approved',
    createdAt: '2027-03-03T12:00:00.000Z',
    ...overrides,
  };
}

function meeting(overrides: Partial<LcRecord> = {}): LcRecord {
  return {
    id: `m-${uid()}`,
    agenda: [{ name: 'Reflect', minutes: 15 }],
    status: 'finished',
    segmentIndex: 0,
    segmentStartedAt: null,
    elapsedBeforePause: 0,
    spent: [2730250],
    added: [0],
    startedAt: '2027-03-04T09:00:00.000Z',
    endedAt: '2027-03-04T09:45:30.250Z',
    autoAdvance: false,
    version: 7,
    ...overrides,
  };
}

async function validate(statement: unknown): Promise<{ type: string; path: string }[]> {
  const res = await fetch('/__lc/xapi-validate', { method: 'POST', body: JSON.stringify(statement) });
  expect(res.status).to.equal(200);
  return (await res.json()) as { type: string; path: string }[];
}

async function control(body?: { mode?: 'up' | 'down' | 'lose-answers'; reset?: boolean }): Promise<{ requests: LrsRequest[] }> {
  const res = await fetch(lrs.control, body ? { method: 'POST', body: JSON.stringify(body) } : {});
  return (await res.json()) as { requests: LrsRequest[] };
}

async function lrsGet(params: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${lrs.url}statements?${new URLSearchParams(params)}`, {
    headers: { authorization: lrs.basic, 'x-experience-api-version': '1.0.3' },
  });
  return { status: res.status, body: res.status === 200 ? await res.json() : undefined };
}

/** Waits until `check` resolves truthy (the LRS is on the other side of real HTTP). */
async function until(check: () => unknown, what: string, timeout = 8000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const made: XapiAdapter[] = [];
const dbs: string[] = [];

function wrap(inner: LcAdapter, options: Partial<XapiOptions> = {}): XapiAdapter {
  const storageName = options.storageName ?? `lc-xapi-test-${uid()}`;
  dbs.push(storageName);
  const a = new XapiAdapter(inner, {
    endpoint: lrs.url,
    auth: lrs.basic,
    activityBase: OPTS.activityBase,
    homePage: OPTS.homePage,
    backoff: { baseMs: 20, maxMs: 100 },
    storageName,
    ...options,
  });
  made.push(a);
  return a;
}

const memory = (viewer: Viewer | undefined = ada) => new MemoryAdapter({ community: `c-${uid()}`, viewer });

before(async () => {
  lrs = (await (await fetch('/__lc/xapi-lrs.json')).json()) as LrsInfo;
});

afterEach(async () => {
  for (const a of made.splice(0)) a.close();
  await control({ mode: 'up' });
  for (const name of dbs.splice(0)) indexedDB.deleteDatabase(name);
});

// ------------------------------------------------------------------ ids and formats

describe('xAPI: ids and formats', () => {
  it('makes RFC 4122 version 5 UUIDs (one and two SHA-1 blocks)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).to.equal('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(uuidV5('a reflection about cataloguing, long enough to span two SHA-1 blocks ✓ ünïcödé')).to.equal(
      'b4905ab6-44c6-5860-be35-b5e66916381f',
    );
    expect(() => uuidV5('x', 'not-a-uuid')).to.throw(TypeError);
  });

  it('writes ISO 8601 durations', () => {
    expect(isoDuration(0)).to.equal('PT0S');
    expect(isoDuration(-5)).to.equal('PT0S');
    expect(isoDuration(1500)).to.equal('PT1.5S');
    expect(isoDuration(2_730_250)).to.equal('PT45M30.25S');
    expect(isoDuration(3_600_000 * 26 + 60_000)).to.equal('PT26H1M');
  });

  it('makes activity bases absolute, ending in a slash', () => {
    expect(normaliseBase(undefined, 'https://intranet.example/page?x=1')).to.equal('https://intranet.example/lc/');
    expect(normaliseBase('https://lrs.example/acts', 'https://a.example/')).to.equal('https://lrs.example/acts/');
    expect(normaliseBase('/courses/pd/', 'https://a.example/x')).to.equal('https://a.example/courses/pd/');
  });
});

// ------------------------------------------------------------------ mapping

describe('xAPI: statementsFor', () => {
  it('maps a submitted reflection to "answered" on a long-fill-in cmi.interaction', () => {
    const r = reflection();
    const [s, ...rest] = statementsFor('reflections', r, undefined, ada, OPTS);
    expect(rest).to.have.length(0);
    expect(s.verb.id).to.equal('http://adlnet.gov/expapi/verbs/answered');
    expect(s.actor).to.deep.equal({
      objectType: 'Agent',
      name: 'Ada Lovelace',
      account: { homePage: 'https://intranet.example', name: 'u-ada' },
    });
    expect(s.object).to.deep.include({ objectType: 'Activity', id: 'https://intranet.example/lc/reflection/week-3' });
    const def = (s.object as { definition: Record<string, unknown> }).definition;
    expect(def.type).to.equal('http://adlnet.gov/expapi/activities/cmi.interaction');
    expect(def.interactionType).to.equal('long-fill-in');
    expect(def.description).to.deep.equal({ 'en-GB': 'What surprised you?\nWhat will you try next?' });
    expect(s.result?.response).to.equal(
      'What surprised you?\nHow quiet the archive is.\n\nWhat will you try next?\nPairing on the catalogue.',
    );
    expect(s.result?.completion).to.equal(true);
    expect(s.timestamp).to.equal('2027-03-01T10:00:00.123Z');
    expect(s.context?.platform).to.equal('lc-elements');
    expect(s.context?.language).to.equal('en-GB');
    expect(s.context?.extensions?.[XAPI_EXTENSIONS.visibility]).to.equal('community');
    expect(s.context?.contextActivities?.grouping?.[0].id).to.equal('https://intranet.example/lc/community/library-staff');
    expect(s.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // the same event gives the same statement
    expect(statementsFor('reflections', r, undefined, ada, OPTS)[0]).to.deep.equal(s);
  });

  it('reports a reflection only when it is submitted, once per submission, and only for its author', () => {
    const r = reflection();
    expect(statementsFor('reflections', { ...r, submittedAt: undefined }, undefined, ada, OPTS)).to.have.length(0);
    expect(statementsFor('reflections', { ...r, answers: [], editedAt: 'x' }, r, ada, OPTS)).to.have.length(0);
    const again = statementsFor('reflections', { ...r, submittedAt: '2027-03-08T10:00:00.000Z' }, r, ada, OPTS);
    expect(again).to.have.length(1);
    expect(again[0].id).not.to.equal(statementsFor('reflections', r, undefined, ada, OPTS)[0].id);
    expect(statementsFor('reflections', r, undefined, { id: 'u-mod', name: 'Mo', roles: ['moderator'] }, OPTS)).to.have.length(0);
    expect(statementsFor('reflections', r, undefined, { id: '', name: '', roles: [], anonymous: true }, OPTS)).to.have.length(0);
    expect(statementsFor('reflection-drafts', r, undefined, ada, OPTS)).to.have.length(0);
  });

  it('maps kudos to "applauded", one statement per recipient with the recipient as the object', () => {
    const k = kudos();
    const list = statementsFor('kudos', k, undefined, ada, OPTS);
    expect(list.map((s) => (s.object as XapiAgent).account.name)).to.deep.equal(['u-grace', 'u-alan']);
    const [s] = list;
    expect(s.verb).to.deep.equal(XAPI_VERBS.applauded);
    expect(s.object).to.deep.equal({
      objectType: 'Agent',
      name: 'Grace Hopper',
      account: { homePage: 'https://intranet.example', name: 'u-grace' },
    });
    expect(s.result?.response).to.equal('Thank you for covering the desk!');
    expect(s.context?.contextActivities?.parent?.[0].id).to.equal('https://intranet.example/lc/kudos-wall/branch-7');
    expect(s.context?.contextActivities?.other?.[0].id).to.equal(`https://intranet.example/lc/kudos/${k.id}`);
    expect(s.context?.extensions?.[XAPI_EXTENSIONS.kudosValue]).to.equal('teamwork');
    // the object is an Agent: xAPI allows no `platform` then
    expect(s.context).not.to.have.property('platform');
    expect(new Set(list.map((x) => x.id)).size).to.equal(2);
  });

  it('does not report anonymous, hidden or someone else’s kudos; an edit reports only added recipients', () => {
    const k = kudos();
    expect(statementsFor('kudos', { ...k, anonymous: true, authorName: undefined }, undefined, ada, OPTS)).to.have.length(0);
    expect(statementsFor('kudos', { ...k, hidden: true }, k, { id: 'u-mod', name: 'Mo', roles: [] }, OPTS)).to.have.length(0);
    expect(statementsFor('kudos', { ...k, hidden: true }, k, ada, OPTS)).to.have.length(0);
    const edited = { ...k, recipients: [...(k.recipients as object[]), { id: 'u-ada', name: 'me' }, { id: 'u-kath', name: 'Kath' }] };
    const list = statementsFor('kudos', edited, k, ada, OPTS);
    expect(list.map((s) => (s.object as XapiAgent).account.name)).to.deep.equal(['u-kath']);
  });

  it('maps a credit entry to "completed" with the amount in a result extension', () => {
    const c = credit();
    const [s] = statementsFor('credit-entries', c, undefined, ada, { ...OPTS, creditUnit: 'hours' });
    expect(s.verb.id).to.equal('http://adlnet.gov/expapi/verbs/completed');
    expect(s.object).to.deep.include({ id: `https://intranet.example/lc/credit-entry/${c.id}` });
    const def = (s.object as { definition: Record<string, unknown> }).definition;
    expect(def.name).to.deep.equal({ 'en-GB': 'Webinar: linked data in catalogues' });
    expect(def.moreInfo).to.equal('https://example.org/certificates/42');
    expect(s.result?.extensions).to.deep.equal({
      [XAPI_EXTENSIONS.credits]: 1.5,
      [XAPI_EXTENSIONS.creditKind]: 'learning',
      [XAPI_EXTENSIONS.creditCategory]: 'webinar',
      [XAPI_EXTENSIONS.creditUnit]: 'hours',
      [XAPI_EXTENSIONS.creditStatus]: 'approved',
    });
    expect(s.context?.contextActivities?.parent?.[0].id).to.equal('https://intranet.example/lc/credit-program/2027-staff-pd');
    expect(s.context?.extensions?.[XAPI_EXTENSIONS.creditDate]).to.equal('2027-02-28');
    // a reviewer approving it, or an edit of its title, reports nothing new (an edit of the amount: see below)
    expect(statementsFor('credit-entries', c, undefined, { id: 'u-boss', name: 'Boss', roles: ['reviewer'] }, OPTS)).to.have.length(0);
    expect(statementsFor('credit-entries', { ...c, title: 'Renamed' }, c, ada, OPTS)).to.have.length(0);
  });

  it('maps a meeting reaching "finished" to "attended" with its duration, once', () => {
    const m = meeting();
    const [s] = statementsFor('meetings', m, { ...m, status: 'running' }, ada, OPTS);
    expect(s.verb.id).to.equal('http://adlnet.gov/expapi/verbs/attended');
    expect(s.object).to.deep.include({ id: `https://intranet.example/lc/meeting/${m.id}` });
    expect(s.result).to.deep.equal({ completion: true, duration: 'PT45M30.25S' });
    expect(s.timestamp).to.equal('2027-03-04T09:00:00.000Z');
    expect(statementsFor('meetings', { ...m, status: 'running', endedAt: null }, undefined, ada, OPTS)).to.have.length(0);
    expect(statementsFor('meetings', { ...m, version: 8 }, m, ada, OPTS)).to.have.length(0);
    // whoever finishes a shared meeting reports, whoever started it
    expect(statementsFor('meetings', { ...m, authorId: 'u-grace' }, undefined, ada, OPTS)).to.have.length(1);
  });

  it('cuts very long answers', () => {
    const long = 'x'.repeat(40_000);
    const [s] = statementsFor(
      'reflections',
      reflection({ answers: [{ questionId: 'q1', question: 'Q', text: long }] }),
      undefined,
      ada,
      OPTS,
    );
    expect(s.result!.response!.length).to.equal(32_000);
    expect(s.result!.response!.endsWith('…')).to.equal(true);
  });

  it('makes statements that pass @learninglocker/xapi-validation, every kind', async () => {
    const all: XapiStatement[] = [
      ...statementsFor('reflections', reflection(), undefined, ada, OPTS),
      ...statementsFor('reflections', reflection({ answers: [], text: 'legacy text', locale: undefined }), undefined, ada, {
        ...OPTS,
        language: undefined,
      }),
      ...statementsFor('kudos', kudos(), undefined, ada, OPTS),
      ...statementsFor('credit-entries', credit(), undefined, ada, { ...OPTS, creditUnit: 'credits' }),
      ...statementsFor('meetings', meeting(), undefined, { id: 'u-x', name: '', roles: [] }, OPTS),
    ];
    expect(all).to.have.length(6);
    for (const s of all) expect(await validate(s), `${s.verb.id}: ${JSON.stringify(s)}`).to.deep.equal([]);
    // the check is real: a statement with `platform` and an Agent object is refused
    const [k] = statementsFor('kudos', kudos(), undefined, ada, OPTS);
    expect(await validate({ ...k, context: { ...k.context, platform: 'lc-elements' } })).to.not.deep.equal([]);
  });
});

// ------------------------------------------------------------------ the wrapper and an LRS

describe('XapiAdapter with an LRS peer', () => {
  it('delegates the contract and has optional members only where the inner adapter has them', async () => {
    const inner = memory();
    const a = wrap(inner);
    expect(a.key).to.equal(inner.key);
    expect(typeof a.watch).to.equal('function');
    expect(typeof a.people).to.equal('function');
    expect(typeof a.identify).to.equal('function');
    expect(a.watchViewer).to.equal(undefined);
    const bare: LcAdapter = {
      whoami: async () => ada,
      list: async () => ({ items: [] }),
      get: async () => undefined,
      put: async (_c, r) => r,
      remove: async () => {},
    };
    const b = wrap(bare);
    expect(b.watch).to.equal(undefined);
    expect(b.people).to.equal(undefined);
    expect(b.identify).to.equal(undefined);
    expect(b.key).to.equal(undefined);
    expect(b.drafts).to.equal(undefined);
    expect(b.personal).to.equal(undefined);
    // a SCORM course reporting to an LRS keeps its drafts in suspend_data and offers no sharing
    const drafts = { load: () => undefined, save: () => undefined, remove: () => undefined };
    const c = wrap({ ...bare, personal: true, drafts });
    expect(c.personal).to.equal(true);
    expect(c.drafts).to.equal(drafts);
    expect((await a.whoami()).id).to.equal('u-ada');
    await a.put('notes', { id: 'n1', text: 'hi' });
    expect((await a.get('notes', 'n1'))?.text).to.equal('hi');
    expect((await inner.list('notes', {})).items).to.have.length(1);
    await a.remove('notes', 'n1');
    expect(await inner.get('notes', 'n1')).to.equal(undefined);
    expect(await a.pending()).to.deep.equal([]);
  });

  it('sends every kind of statement to the LRS, dispatching lc-xapi-statement for each', async () => {
    await control({ reset: true });
    const host = document.createElement('div');
    const seen: XapiStatement[] = [];
    host.addEventListener('lc-xapi-statement', (e) => {
      expect(e).to.be.instanceOf(LcXapiStatementEvent);
      expect(e.bubbles && e.composed).to.equal(true);
      seen.push(e.detail.statement);
    });
    const a = wrap(memory(), { host });
    await a.whoami();
    await a.put('reflections', reflection());
    await a.put('kudos', kudos());
    await a.put('credit-entries', credit());
    const m = meeting({ status: 'running', endedAt: null });
    await a.put('meetings', m);
    await a.put('meetings', { ...m, status: 'finished', endedAt: '2027-03-04T09:45:30.250Z' });
    expect(seen.map((s) => s.verb.id)).to.deep.equal([
      XAPI_VERBS.answered.id,
      XAPI_VERBS.applauded.id,
      XAPI_VERBS.applauded.id,
      XAPI_VERBS.completed.id,
      XAPI_VERBS.attended.id,
    ]);
    await until(async () => (await a.pending()).length === 0, 'the queue to empty');
    for (const s of seen) {
      const got = await lrsGet({ statementId: s.id });
      expect(got.status, s.id).to.equal(200);
      const stored = got.body as XapiStatement & { stored: string };
      expect(stored.verb.id).to.equal(s.verb.id);
      expect(stored.actor).to.deep.equal(s.actor);
      expect(stored.object.objectType).to.equal(s.object.objectType);
      expect(stored.timestamp).to.equal(s.timestamp);
      expect(stored.stored).to.be.a('string');
    }
    const { requests } = await control();
    const puts = requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.statementId).sort()).to.deep.equal(seen.map((s) => s.id).sort());
    expect(puts.every((r) => r.auth === lrs.basic && r.status === 204)).to.equal(true);
  });

  it('reports nothing for a write the backend refused', async () => {
    const host = document.createElement('div');
    let events = 0;
    host.addEventListener('lc-xapi-statement', () => events++);
    const inner = new MemoryAdapter({
      viewer: ada,
      before: (op) => {
        if (op === 'put') throw new LcAdapterError('forbidden', 'no');
      },
    });
    const a = wrap(inner, { host });
    await a.whoami();
    let error: unknown;
    await a.put('reflections', reflection()).catch((e: unknown) => (error = e));
    expect((error as LcAdapterError).kind).to.equal('forbidden');
    expect(events).to.equal(0);
    expect(await a.pending()).to.deep.equal([]);
  });

  it('asks the auth hook before every send', async () => {
    await control({ reset: true });
    let calls = 0;
    const a = wrap(memory(), {
      auth: 'Basic bm90OnVzZWQ=',
      getAuth: async () => {
        calls++;
        return lrs.bearer;
      },
    });
    await a.whoami();
    await a.put('reflections', reflection());
    await a.put('credit-entries', credit());
    await until(async () => (await a.pending()).length === 0, 'the queue to empty');
    expect(calls).to.equal(2);
    const puts = (await control()).requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => [r.auth, r.status])).to.deep.equal([
      [lrs.bearer, 204],
      [lrs.bearer, 204],
    ]);
  });

  it('keeps statements while the LRS is down and sends each exactly once when it is back (on `online`)', async () => {
    await control({ mode: 'down', reset: true });
    // a backoff far longer than the test: only the `online` event can send them again
    const a = wrap(memory(), { backoff: { baseMs: 600_000, maxMs: 600_000 } });
    await a.whoami();
    const r = reflection({ promptId: `down-${uid()}` });
    await a.put('reflections', r);
    await a.put('kudos', kudos());
    await a.put('credit-entries', credit());
    await a.put('meetings', meeting());
    const queued = await a.pending();
    expect(queued).to.have.length(5);
    await until(async () => (await control()).requests.some((q) => q.status === 503), 'a refused attempt');
    await control({ mode: 'up' });
    window.dispatchEvent(new Event('online'));
    await until(async () => (await a.pending()).length === 0, 'the queue to empty');
    const { requests } = await control();
    for (const s of queued) {
      const delivered = requests.filter((q) => q.method === 'PUT' && q.statementId === s.id && q.status === 204);
      expect(delivered, s.id).to.have.length(1);
      expect((await lrsGet({ statementId: s.id })).status).to.equal(200);
    }
    const byActivity = (await lrsGet({ activity: `${OPTS.activityBase}reflection/${r.promptId as string}` })).body as {
      statements: unknown[];
    };
    expect(byActivity.statements).to.have.length(1);
  });

  it('stores a statement once when the LRS’s answer is lost and the send is retried', async () => {
    await control({ mode: 'lose-answers', reset: true });
    const a = wrap(memory());
    await a.whoami();
    const r = reflection({ promptId: `lost-${uid()}` });
    await a.put('reflections', r);
    const [s] = await a.pending();
    await until(async () => (await control()).requests.some((q) => q.statementId === s.id && q.status === 204), 'a stored statement');
    expect(await a.pending()).to.have.length(1); // the answer never came: still queued
    await control({ mode: 'up' });
    await until(async () => (await a.pending()).length === 0, 'the queue to empty');
    const attempts = (await control()).requests.filter((q) => q.method === 'PUT' && q.statementId === s.id);
    expect(attempts.length).to.be.greaterThan(1);
    const list = (await lrsGet({ activity: `${OPTS.activityBase}reflection/${r.promptId as string}` })).body as {
      statements: { id: string }[];
    };
    expect(list.statements.map((x) => x.id)).to.deep.equal([s.id]);
  });

  it('replays statements a previous page left queued (a new wrapper over the same IndexedDB)', async () => {
    await control({ mode: 'down', reset: true });
    const storageName = `lc-xapi-test-${uid()}`;
    const first = wrap(memory(), { storageName, backoff: { baseMs: 600_000, maxMs: 600_000 } });
    await first.whoami();
    await first.put('kudos', kudos({ recipients: [{ id: 'u-grace', name: 'Grace Hopper' }] }));
    const [s] = await first.pending();
    await until(async () => (await control()).requests.some((q) => q.statementId === s.id && q.status === 503), 'a refused attempt');
    first.close();
    await control({ mode: 'up' });
    // "the next page load": nothing is written, the wrapper just starts
    const second = wrap(memory(), { storageName });
    await until(async () => (await second.pending()).length === 0, 'the replayed queue to empty');
    expect((await lrsGet({ statementId: s.id })).status).to.equal(200);
    const delivered = (await control()).requests.filter((q) => q.statementId === s.id && q.status === 204);
    expect(delivered).to.have.length(1);
  });

  it('keeps a statement the LRS refuses for good as failed, reports lc-error, and can send it again', async () => {
    await control({ reset: true });
    const host = document.createElement('div');
    let auth = 'Basic d3Jvbmc6d3Jvbmc=';
    const a = wrap(memory(), { host, getAuth: () => auth });
    await a.whoami();
    const error = nextEvent<LcErrorEvent>(host, 'lc-error');
    await a.put('credit-entries', credit());
    const e = await error;
    expect(e.detail.kind).to.equal('unauthorized');
    expect(e.detail.operation).to.equal('report');
    const [failed] = await a.failed();
    expect(e.detail.recordId).to.equal(failed.id);
    expect(await a.pending()).to.deep.equal([]);
    // refused twice (the hook was asked again once), not retried forever
    expect((await control()).requests.filter((q) => q.statementId === failed.id).map((q) => q.status)).to.deep.equal([401, 401]);
    auth = lrs.basic;
    expect(await a.retryFailed()).to.equal(1);
    await until(async () => (await a.pending()).length === 0, 'the queue to empty');
    expect(await a.failed()).to.deep.equal([]);
    expect((await lrsGet({ statementId: failed.id })).status).to.equal(200);
  });

  it('reports an event once even when its record is written again unseen', async () => {
    await control({ reset: true });
    const host = document.createElement('div');
    let events = 0;
    host.addEventListener('lc-xapi-statement', () => events++);
    const inner = memory();
    const a = wrap(inner, { host });
    await a.whoami();
    const r = reflection();
    // two writes in flight at once: neither knows the other as its previous version
    await Promise.all([
      a.put('reflections', r),
      a.put('reflections', { ...r, answers: [{ questionId: 'q', question: 'Q', text: 'edited' }] }),
    ]);
    await a.put('reflections', { ...r, answers: [{ questionId: 'q', question: 'Q', text: 'edited again' }] });
    expect(events).to.equal(1);
    // a second page that never read the record writes it edited: the same statement id, other
    // content; the LRS answers 409 (it has that id), which counts as delivered, not as a failure
    const b = wrap(memory());
    await b.whoami();
    await b.put('reflections', { ...r, answers: [{ questionId: 'q', question: 'Q', text: 'edited elsewhere' }] });
    await until(async () => (await a.pending()).length === 0 && (await b.pending()).length === 0, 'the queues to empty');
    const puts = (await control()).requests.filter((q) => q.method === 'PUT');
    expect(puts.map((q) => q.status)).to.deep.equal([204, 409]);
    expect(new Set(puts.map((q) => q.statementId)).size).to.equal(1);
    expect(await b.failed()).to.deep.equal([]);
    const [stored] = [(await lrsGet({ statementId: puts[0].statementId! })).body as XapiStatement];
    expect(stored.result?.response).to.contain('How quiet the archive is.');
  });

  it('only dispatches events with xapi-endpoint "events"', async () => {
    await control({ reset: true });
    const host = document.createElement('div');
    const a = wrap(memory(), { endpoint: 'events', host });
    await a.whoami();
    const event = nextEvent<LcXapiStatementEvent>(host, 'lc-xapi-statement');
    await a.put('meetings', meeting());
    expect((await event).detail.statement.verb.id).to.equal(XAPI_VERBS.attended.id);
    expect(a.endpoint).to.equal(undefined);
    expect(await a.pending()).to.deep.equal([]);
    expect((await control()).requests).to.deep.equal([]);
  });
});

// ------------------------------------------------------------------ through the provider and the store

describe('xAPI through <lc-provider>', () => {
  it('dispatches lc-xapi-statement from the element the record belongs to, else from the provider', async () => {
    const community = `xapi-${uid()}`;
    const provider = await fixture<LcProvider>(html`
      <lc-provider adapter="memory" community=${community} user-id="u-ada" user-name="Ada Lovelace" xapi-endpoint="events">
        <lc-reflection-prompt prompt-id="week-3" prompt="What surprised you?"></lc-reflection-prompt>
        <lc-reflection-prompt prompt-id="week-4" prompt="What next?"></lc-reflection-prompt>
      </lc-provider>
    `);
    const [week3, week4] = provider.querySelectorAll('lc-reflection-prompt');
    const store = provider.store!;
    await store.whoami();
    let onWeek4 = 0;
    week4.addEventListener('lc-xapi-statement', () => onWeek4++);
    const fromWeek3 = nextEvent<LcXapiStatementEvent>(week3, 'lc-xapi-statement');
    await store.put('reflections', reflection({ community, promptId: 'week-3' }));
    const e = await fromWeek3;
    expect(e.target).to.equal(week3);
    expect(e.detail.statement.verb.id).to.equal(XAPI_VERBS.answered.id);
    // a record no element on the page shows: from the provider itself
    const fromProvider = nextEvent<LcXapiStatementEvent>(provider, 'lc-xapi-statement');
    await store.put('reflections', reflection({ community, promptId: 'elsewhere' }));
    expect((await fromProvider).target).to.equal(provider);
    expect(onWeek4).to.equal(0);
  });

  it('wraps the adapter of a provider with xapi-endpoint; statements bubble to the document and reach the LRS', async () => {
    await control({ reset: true });
    const community = `xapi-${uid()}`;
    const el = await fixture<LcProvider>(html`
      <lc-provider
        adapter="memory"
        community=${community}
        user-id="u-ada"
        user-name="Ada Lovelace"
        xapi-endpoint=${lrs.url}
        xapi-activity-base="https://intranet.example/lc/"
      ></lc-provider>
    `);
    let hookCalls = 0;
    (el as LcProvider & { xapiAuth?: () => Promise<string> }).xapiAuth = async () => {
      hookCalls++;
      return lrs.basic;
    };
    const store = el.store!;
    expect(store.adapter).to.be.instanceOf(XapiAdapter);
    await store.whoami();
    const onDocument = nextEvent<LcXapiStatementEvent>(document, 'lc-xapi-statement');
    const r = reflection({ community });
    await store.put('reflections', r);
    const { statement } = (await onDocument).detail;
    expect(statement.object).to.deep.include({ id: 'https://intranet.example/lc/reflection/week-3' });
    expect(statement.context?.contextActivities?.grouping?.[0].id).to.equal(`https://intranet.example/lc/community/${community}`);
    const adapter = store.adapter as XapiAdapter;
    await until(async () => (await adapter.pending()).length === 0, 'the queue to empty');
    expect((await lrsGet({ statementId: statement.id })).status).to.equal(200);
    expect(hookCalls).to.equal(1);
    adapter.close();
  });

  it('reports a reflection submitted in <lc-reflection-prompt> once the store has confirmed it', async () => {
    await control({ reset: true });
    const host = document.createElement('div');
    let events = 0;
    host.addEventListener('lc-xapi-statement', () => events++);
    const adapter = wrap(memory({ id: 'u-maya', name: 'Maya Okafor', roles: [] }), { host });
    const store = new RecordStore(adapter, { outbox: 'memory' });
    const promptId = `el-${uid()}`;
    const el = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(
      html`<lc-reflection-prompt prompt-id=${promptId} preset="meeting-next" .store=${store}></lc-reflection-prompt>`,
    );
    const root = el.shadowRoot!;
    await until(() => root.querySelector('textarea'), 'the form');
    await el.updateComplete;
    for (const [i, text] of ['The role-play', 'Greet every patron by name'].entries()) {
      const ta = root.querySelector<HTMLTextAreaElement>(`#f${i}`)!;
      ta.value = text;
      ta.dispatchEvent(new Event('input', { bubbles: true }));
      await el.updateComplete;
    }
    root.querySelector<HTMLInputElement>('input[value="community"]')!.click();
    await el.updateComplete;
    root.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await until(async () => (await control()).requests.some((q) => q.method === 'PUT' && q.status === 204), 'the statement at the LRS');
    const list = (await lrsGet({ activity: `${OPTS.activityBase}reflection/${promptId}` })).body as { statements: XapiStatement[] };
    expect(list.statements).to.have.length(1);
    const [s] = list.statements;
    expect(s.actor.account.name).to.equal('u-maya');
    expect(s.result?.response).to.contain('The role-play').and.to.contain('Greet every patron by name');
    expect(s.context?.extensions?.[XAPI_EXTENSIONS.visibility]).to.equal('community');
    expect(events).to.equal(1);
    store.dispose();
  });

  it('leaves the adapter of a provider without xapi-endpoint alone', async () => {
    const el = await fixture<LcProvider>(html`<lc-provider adapter="memory" community=${`plain-${uid()}`}></lc-provider>`);
    expect(el.store!.adapter).to.be.instanceOf(MemoryAdapter);
  });
});

// ------------------------------------------------------------------ QA regressions

describe('xAPI: what an LRS admin and an analyst would check', () => {
  it('reports nothing for an anonymous reflection (the author chose not to be named)', () => {
    expect(
      statementsFor('reflections', reflection({ visibility: 'anonymous', authorName: undefined }), undefined, ada, OPTS),
    ).to.deep.equal([]);
  });

  it('reports a private reflection as answered without its text', async () => {
    const [s] = statementsFor('reflections', reflection({ visibility: 'private' }), undefined, ada, OPTS);
    expect(s.verb.id).to.equal(XAPI_VERBS.answered.id);
    expect(s.result).to.deep.equal({ completion: true });
    expect(JSON.stringify(s)).not.to.contain('How quiet the archive is.');
    expect(await validate(s)).to.deep.equal([]);
  });

  it('includes a commitment asked as an extra field (not one of the answers) in the response', () => {
    const r = reflection({ commitment: 'Greet every patron by name' });
    expect(statementsFor('reflections', r, undefined, ada, OPTS)[0].result?.response).to.contain('Greet every patron by name');
    // a commitment that is one of the answers is not repeated
    const same = reflection({ commitment: 'Pairing on the catalogue.' });
    const response = statementsFor('reflections', same, undefined, ada, OPTS)[0].result!.response!;
    expect(response.split('Pairing on the catalogue.')).to.have.length(2);
  });

  it('reports the unit the credit entry itself carries (a program configured by attributes has no record)', () => {
    const [s] = statementsFor('credit-entries', credit({ unit: 'hours' }), undefined, ada, OPTS);
    expect(s.result?.extensions?.[XAPI_EXTENSIONS.creditUnit]).to.equal('hours');
  });

  it('an edit of a credit entry’s amount voids the earlier statement and reports the new amount; an approval reports nothing', async () => {
    const c = credit({ unit: 'hours' });
    const [first] = statementsFor('credit-entries', c, undefined, ada, OPTS);
    const edited = statementsFor('credit-entries', { ...c, amount: 3, updatedAt: '2027-03-05T10:00:00.000Z' }, c, ada, OPTS);
    expect(edited.map((s) => s.verb.id)).to.deep.equal([XAPI_VERBS.voided.id, XAPI_VERBS.completed.id]);
    expect(edited[0].object).to.deep.equal({ objectType: 'StatementRef', id: first.id });
    expect(edited[1].id).not.to.equal(first.id);
    expect(edited[1].result?.extensions?.[XAPI_EXTENSIONS.credits]).to.equal(3);
    for (const s of edited) expect(await validate(s), JSON.stringify(s)).to.deep.equal([]);
    expect(statementsFor('credit-entries', { ...c, status: 'pending', title: 'Renamed' }, c, ada, OPTS)).to.deep.equal([]);
  });

  it('gives each person their own "attended" statement for the same run of a meeting', () => {
    const m = meeting();
    const [mine] = statementsFor('meetings', m, undefined, ada, OPTS);
    const [theirs] = statementsFor('meetings', m, undefined, { id: 'u-grace', name: 'Grace', roles: [] }, OPTS);
    expect(mine.id).not.to.equal(theirs.id);
  });

  it('voids what a deleted reflection, kudos or credit entry reported', async () => {
    const r = reflection();
    const [answered] = statementsFor('reflections', r, undefined, ada, OPTS);
    const [v] = voidingFor('reflections', r, ada, OPTS, '2027-03-09T00:00:00.000Z');
    expect(v.object).to.deep.equal({ objectType: 'StatementRef', id: answered.id });
    expect(v.verb.id).to.equal('http://adlnet.gov/expapi/verbs/voided');
    expect(await validate(v)).to.deep.equal([]);
    expect(voidingFor('kudos', kudos(), ada, OPTS, v.timestamp)).to.have.length(2);
    expect(voidingFor('credit-entries', credit(), ada, OPTS, v.timestamp)).to.have.length(1);
    expect(voidingFor('meetings', meeting(), ada, OPTS, v.timestamp)).to.deep.equal([]);
  });

  it('normalises the LRS address: no trailing slash, the statements resource itself, a tenant query', () => {
    expect(normaliseEndpoint('https://lrs.example/xapi', 'https://a.example/')).to.equal('https://lrs.example/xapi/');
    expect(normaliseEndpoint('https://lrs.example/xapi/statements', 'https://a.example/')).to.equal('https://lrs.example/xapi/');
    expect(normaliseEndpoint('https://lrs.example/xapi?tenant=7', 'https://a.example/')).to.equal('https://lrs.example/xapi/?tenant=7');
    expect(normaliseEndpoint('/lrs/xapi', 'https://a.example/p/')).to.equal('https://a.example/lrs/xapi/');
    expect(() => normaliseEndpoint('https://[lrs.example/xapi', 'https://a.example/')).to.throw(TypeError);
    expect(() => normaliseEndpoint('ftp://lrs.example/xapi', 'https://a.example/')).to.throw(TypeError);
    expect(homePageOf(undefined, 'https://a.example/p/x')).to.equal('https://a.example');
    expect(homePageOf('/people', 'https://a.example/p/x')).to.equal('https://a.example/people');
    expect(homePageOf('https://sso.example', 'https://a.example/')).to.equal('https://sso.example');
  });

  it('sends to <endpoint>statements keeping the endpoint’s query', async () => {
    const urls: string[] = [];
    const a = wrap(memory(), {
      endpoint: 'https://lrs.example/xapi?tenant=7',
      storage: 'memory',
      fetch: async (input) => {
        urls.push(String(input));
        return new Response(null, { status: 204 });
      },
    });
    await a.whoami();
    const [s] = statementsFor('meetings', meeting(), undefined, ada, OPTS);
    await a.put('meetings', meeting());
    await a.flush();
    expect(urls).to.have.length(1);
    const u = new URL(urls[0]);
    expect(u.origin + u.pathname).to.equal('https://lrs.example/xapi/statements');
    expect(u.searchParams.get('tenant')).to.equal('7');
    expect(u.searchParams.get('statementId')).to.match(/^[0-9a-f-]{36}$/);
    expect(s.id).to.be.a('string');
  });

  it('delivers to an endpoint written without its trailing slash', async () => {
    await control({ reset: true });
    const a = wrap(memory(), { endpoint: lrs.url.replace(/\/$/, '') });
    await a.whoami();
    await a.put('meetings', meeting());
    await until(async () => (await a.pending()).length === 0, 'the queue to empty');
    expect((await control()).requests.map((q) => q.status)).to.deep.equal([204]);
  });

  it('voids a deleted reflection at the LRS, and an edited credit amount', async () => {
    await control({ reset: true });
    const a = wrap(memory());
    await a.whoami();
    const r = reflection();
    await a.put('reflections', r);
    const [answered] = await a.pending();
    const c = credit({ unit: 'hours' });
    await a.put('credit-entries', c);
    await a.put('credit-entries', { ...c, amount: 4 });
    await a.remove('reflections', r.id);
    await until(async () => (await a.pending()).length === 0, 'the queue to empty');
    expect(await a.failed()).to.deep.equal([]);
    expect((await lrsGet({ statementId: answered.id })).status).to.equal(404);
    expect((await lrsGet({ voidedStatementId: answered.id })).status).to.equal(200);
    const credits = (await lrsGet({ activity: `${OPTS.activityBase}credit-entry/${c.id}` })).body as { statements: XapiStatement[] };
    // (an activity query also returns the voiding statement, which refers to a matching statement)
    const completed = credits.statements.filter((s) => s.verb.id === XAPI_VERBS.completed.id);
    expect(completed.map((s) => s.result?.extensions?.[XAPI_EXTENSIONS.credits])).to.deep.equal([4]);
  });

  it('tells the page once, translated, when the LRS cannot be reached, and keeps the statements', async () => {
    const host = document.createElement('div');
    host.lang = 'es';
    document.body.append(host);
    const errors: LcErrorEvent[] = [];
    host.addEventListener('lc-error', (e) => errors.push(e));
    const warn = console.warn;
    console.warn = () => {};
    try {
      // nothing listens on port 9 of loopback: fetch fails like a CORS refusal or a wrong host
      const a = wrap(memory(), { endpoint: 'http://127.0.0.1:9/xapi/', host, language: () => 'es', backoff: { baseMs: 5, maxMs: 10 } });
      await a.whoami();
      await a.put('meetings', meeting());
      await until(() => errors.length > 0, 'an lc-error');
      await new Promise((r) => setTimeout(r, 200));
      expect(errors).to.have.length(1);
      expect(errors[0].detail.kind).to.equal('offline');
      expect(errors[0].detail.message).to.equal(XAPI_MESSAGES.es.errorXapiWaiting);
      expect(await a.pending()).to.have.length(1);
    } finally {
      console.warn = warn;
      host.remove();
    }
  });

  it('translates the lc-error of a statement the LRS refuses', async () => {
    const host = document.createElement('div');
    const a = wrap(memory(), { host, auth: 'Basic d3Jvbmc6d3Jvbmc=', language: () => 'es' });
    await a.whoami();
    const error = nextEvent<LcErrorEvent>(host, 'lc-error');
    await a.put('meetings', meeting());
    const e = await error;
    expect(e.detail.kind).to.equal('unauthorized');
    expect(e.detail.message).to.equal(XAPI_MESSAGES.es.errorXapiRefused);
    expect(e.detail.message).not.to.equal(XAPI_MESSAGES.en.errorXapiRefused);
  });

  it('a provider with a mistyped xapi-endpoint still gives its elements a store (unreported)', async () => {
    const error = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => logged.push(args[0]);
    try {
      const el = await fixture<LcProvider>(
        html`<lc-provider adapter="memory" community=${`bad-${uid()}`} xapi-endpoint="https://[lrs.example.org/xapi/"></lc-provider>`,
      );
      expect(el.store).to.be.instanceOf(RecordStore);
      expect(el.store!.adapter).to.be.instanceOf(MemoryAdapter);
      expect(String(logged[0])).to.contain('xapi-endpoint');
    } finally {
      console.error = error;
    }
  });

  it('reports a credit logged in <lc-credit-tracker unit="hours"> with its unit', async () => {
    await control({ reset: true });
    const host = document.createElement('div');
    const seen: XapiStatement[] = [];
    host.addEventListener('lc-xapi-statement', (e) => seen.push(e.detail.statement));
    const adapter = wrap(memory(), { host });
    const store = new RecordStore(adapter, { outbox: 'memory' });
    const el = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(
      html`<lc-credit-tracker program-id=${`pd-${uid()}`} unit="hours" required="10" .store=${store}></lc-credit-tracker>`,
    );
    const root = el.shadowRoot!;
    await until(() => root.querySelector('form'), 'the form');
    const set = (sel: string, value: string) => {
      const input = root.querySelector<HTMLInputElement | HTMLSelectElement>(sel)!;
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    };
    set('[name="title"]', 'Webinar on linked data');
    await el.updateComplete;
    set('[name="category"]', 'webinar');
    set('[name="amount"]', '1.5');
    await el.updateComplete;
    root.querySelector<HTMLFormElement>('form')!.requestSubmit();
    await until(() => seen.length > 0, 'a statement');
    expect(seen[0].result?.extensions?.[XAPI_EXTENSIONS.credits]).to.equal(1.5);
    expect(seen[0].result?.extensions?.[XAPI_EXTENSIONS.creditUnit]).to.equal('hours');
    store.dispose();
  });
});
