import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { Scorm12API, Scorm2004API } from 'scorm-again';
import '../../src/elements/provider/define.js';
import '../../src/elements/reflection-prompt/define.js';
import '../../src/elements/kudos-wall/define.js';
import '../../src/adapters/xapi.js'; // registers the xAPI wrapper (applied only where xapi-endpoint is set)
import type { XapiAdapter, XapiStatement } from '../../src/adapters/xapi.js';
import {
  ScormAdapter,
  ScormCompositeAdapter,
  ScormSession,
  SCORM_SUSPEND_LIMITS,
  displayName,
  findScormApi,
  flattenText,
  scorm12Duration,
  scorm12Time,
  scorm2004Duration,
  scorm2004Time,
  scormAdapterFactory,
  typedLength,
  type ScormApi,
  type Scorm12Api,
  type Scorm2004Api,
} from '../../src/adapters/scorm.js';
import { MemoryAdapter, MemoryBackend } from '../../src/adapters/memory.js';
import { LcAdapterError, type LcRecord } from '../../src/core/adapter.js';
import { runAdapterConformance } from '../../src/testing/index.js';
import { LcCreditProgressEvent } from '../../src/events/lc-credit-progress.js';
import type { LcReflectionPrompt } from '../../src/elements/reflection-prompt/reflection-prompt.js';
import type { LcProvider } from '../../src/elements/provider/provider.js';
import { en } from '../../src/i18n/en.js';
import { rpBundle } from '../../src/elements/reflection-prompt/messages.js';
import { kudosMessages } from '../../src/elements/kudos-wall/messages.js';
import { settle, until } from '../helpers.js';

type Api2004 = InstanceType<typeof Scorm2004API>;
type Api12 = InstanceType<typeof Scorm12API>;
// scorm-again's data model, as the LMS side sees it
type Cmi = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const QUIET = { logLevel: 5, autocommit: false } as never;

/** A real SCORM 2004 run-time (the LMS side), with a learner and optional saved data, as on a (re)launch. */
function lms2004(cmi: Record<string, unknown> = {}): Api2004 {
  const api = new Scorm2004API(QUIET);
  api.loadFromJSON({ learner_id: 'learner-7', learner_name: 'Lovelace, Ada', ...cmi });
  return api;
}

function lms12(core: Record<string, unknown> = {}, cmi: Record<string, unknown> = {}): Api12 {
  const api = new Scorm12API(QUIET);
  const c = (api as unknown as { cmi: Cmi }).cmi;
  c.core.student_id = 'student-12';
  c.core.student_name = 'Hopper, Grace';
  Object.assign(c.core, core);
  if (cmi.suspend_data !== undefined) c.suspend_data = cmi.suspend_data;
  return api;
}

const cmiOf = (api: Api2004 | Api12) => (api as unknown as { cmi: Cmi }).cmi;
/** Everything the LMS holds, write-only elements included (what it stores on commit). */
const lmsView = (api: Api2004 | Api12): Cmi => JSON.parse(api.renderCMIToJSONString()).cmi;
const found2004 = (api: Api2004): ScormApi => ({ version: '2004', api: api as unknown as Scorm2004Api });
const found12 = (api: Api12): ScormApi => ({ version: '1.2', api: api as unknown as Scorm12Api });

/** What the LMS would hand the SCO on the next launch: the learner, the status and suspend_data. */
function relaunch2004(before: Api2004): Api2004 {
  const c = cmiOf(before);
  return lms2004({ suspend_data: c.suspend_data, completion_status: c.completion_status, entry: 'resume' });
}

let n = 0;
const community = () => `scorm-${Date.now()}-${++n}`;
const sessions: ScormSession[] = [];
function adapter(found: ScormApi, options: Partial<ConstructorParameters<typeof ScormAdapter>[0]> = {}): ScormAdapter {
  const a = new ScormAdapter({ api: found, community: community(), ...options });
  if (a.session) sessions.push(a.session);
  return a;
}

function reflection(id: string, promptId: string, text: string, extra: Partial<LcRecord> = {}): LcRecord {
  return {
    id,
    promptId,
    series: promptId,
    answers: [{ questionId: 'q1', question: 'What stood out?', text }],
    visibility: 'private',
    authorId: 'learner-7',
    submittedAt: new Date().toISOString(),
    locale: 'en',
    ...extra,
  };
}

afterEach(() => {
  sinon.restore();
  for (const s of sessions.splice(0)) s.terminate();
  delete (window as unknown as Record<string, unknown>).API_1484_11;
  delete (window as unknown as Record<string, unknown>).API;
});

// ------------------------------------------------------------------------------------------------

describe('findScormApi', () => {
  const frames: HTMLIFrameElement[] = [];
  afterEach(() => frames.splice(0).forEach((f) => f.remove()));

  function frame(parent: Document, attrs: Record<string, string> = {}): HTMLIFrameElement {
    const f = parent.createElement('iframe');
    for (const [k, v] of Object.entries(attrs)) f.setAttribute(k, v);
    parent.body.append(f);
    if (parent === document) frames.push(f);
    return f;
  }

  it('finds the API on the window itself', () => {
    const api = lms2004();
    (window as unknown as Record<string, unknown>).API_1484_11 = api;
    expect(findScormApi(window)).to.deep.equal({ version: '2004', api });
  });

  it('finds the API two frames up the parent chain (a SCO in a nested frame)', () => {
    const api = lms12();
    (window as unknown as Record<string, unknown>).API = api;
    const outer = frame(document);
    const inner = frame(outer.contentDocument!);
    const found = findScormApi(inner.contentWindow!);
    expect(found?.version).to.equal('1.2');
    expect(found?.api).to.equal(api);
  });

  it('prefers SCORM 2004 when both APIs are present, even when 1.2 is nearer', () => {
    const api = lms2004();
    (window as unknown as Record<string, unknown>).API_1484_11 = api;
    const f = frame(document);
    (f.contentWindow as unknown as Record<string, unknown>).API = lms12();
    expect(findScormApi(f.contentWindow!)?.version).to.equal('2004');
    expect(findScormApi(f.contentWindow!)?.api).to.equal(api);
  });

  it('walks past a cross-origin frame whose properties throw', () => {
    const api = lms2004();
    (window as unknown as Record<string, unknown>).API_1484_11 = api;
    // a sandboxed frame has an opaque origin: reading its properties throws a SecurityError
    const f = frame(document, { sandbox: 'allow-scripts' });
    expect(() => (f.contentWindow as unknown as Record<string, unknown>).API_1484_11).to.throw();
    expect(findScormApi(f.contentWindow!)?.api).to.equal(api);
  });

  it('looks in the opener (and its parents) of a popup, tolerating getters that throw', () => {
    const api = lms12();
    const lms = { API: api } as unknown as Window;
    (lms as unknown as { parent: Window }).parent = lms;
    const hostile = new Proxy({} as Window, {
      get(_t, key) {
        if (key === 'parent') return lms;
        throw new DOMException('Blocked a frame', 'SecurityError');
      },
    });
    const popup = { parent: null, opener: hostile } as unknown as Window;
    (popup as unknown as { parent: Window }).parent = popup;
    expect(findScormApi(popup)?.api).to.equal(api);
  });

  it('stops after 10 levels of parents and answers undefined when there is no API', () => {
    const chain: Record<string, unknown>[] = [];
    for (let i = 0; i < 13; i++) chain.push({});
    chain.forEach((w, i) => (w.parent = chain[i + 1] ?? w));
    chain[12].API_1484_11 = lms2004();
    expect(findScormApi(chain[0] as unknown as Window)).to.equal(undefined);
    expect(findScormApi(chain[2] as unknown as Window)?.version).to.equal('2004');
    expect(findScormApi(window)).to.equal(undefined);
  });
});

describe('SCORM formats', () => {
  it('writes SCORM times and durations with fractional seconds', () => {
    const d = new Date('2027-03-04T05:06:07.891Z');
    expect(scorm2004Time(d)).to.equal('2027-03-04T05:06:07.89Z');
    expect(scorm12Time(new Date(2027, 2, 4, 5, 6, 7, 891))).to.equal('05:06:07.89');
    expect(scorm2004Duration(3_723_450)).to.equal('PT1H2M3.45S');
    expect(scorm2004Duration(0)).to.equal('PT0S');
    expect(scorm12Duration(3_723_450)).to.equal('0001:02:03.45');
  });

  it('flattens line breaks and turns "Last, First" into "First Last"', () => {
    expect(flattenText('one\r\ntwo\nthree\rfour\u2028five')).to.equal('one two three four five');
    expect(displayName('Lovelace, Ada')).to.equal('Ada Lovelace');
    expect(displayName('Ada Lovelace')).to.equal('Ada Lovelace');
  });
});

describe('ScormAdapter', () => {
  describe('session', () => {
    it('initializes once for every adapter on the page and reads the 2004 learner', async () => {
      const api = lms2004();
      const init = sinon.spy(api, 'Initialize');
      const a = adapter(found2004(api));
      const b = adapter(found2004(api));
      expect(init.callCount).to.equal(0); // lazily, on first use
      const [va, vb] = await Promise.all([a.whoami(), b.whoami()]);
      await a.list('credit-entries', {});
      expect(init.callCount).to.equal(1);
      expect(a.session).to.equal(b.session);
      expect(va).to.deep.equal({ id: 'learner-7', name: 'Ada Lovelace', roles: [] });
      expect(vb.id).to.equal('learner-7');
      expect(cmiOf(api).completion_status).to.equal('incomplete');
      expect(lmsView(api).exit).to.equal('suspend');
    });

    it('reads the 1.2 learner and marks a first attempt incomplete', async () => {
      const api = lms12();
      const a = adapter(found12(api));
      expect(await a.whoami()).to.deep.equal({ id: 'student-12', name: 'Grace Hopper', roles: [] });
      expect(cmiOf(api).core.lesson_status).to.equal('incomplete');
      expect(lmsView(api).core.exit).to.equal('suspend');
    });

    it('rejects every call with "unavailable"/"no-lms" when no API is found', async () => {
      const a = new ScormAdapter({ community: community() });
      for (const call of [a.whoami(), a.list('reflections', {}), a.put('meetings', { id: 'm1' }), a.get('meetings', 'm1')]) {
        const error = (await call.catch((e: unknown) => e)) as LcAdapterError;
        expect(error).to.be.instanceOf(LcAdapterError);
        expect(error.kind).to.equal('unavailable');
        expect(error.reason).to.equal('no-lms');
        expect(error.message).to.contain('open this inside your LMS');
      }
      expect(a.drafts.load('k')).to.equal(undefined);
      expect(a.drafts.save('k', '{}')).to.be.instanceOf(LcAdapterError);
    });

    it('turns an LMS error into an LcAdapterError carrying the LMS diagnostic', async () => {
      const api = lms2004();
      const a = adapter(found2004(api));
      await a.whoami();
      sinon.stub(api, 'SetValue').returns('false');
      sinon.stub(api, 'GetLastError').returns('351');
      sinon.stub(api, 'GetErrorString').returns('General Set Failure');
      sinon.stub(api, 'GetDiagnostic').returns('database is read-only');
      const error = (await a.put('meetings', { id: 'm1' }).catch((e: unknown) => e)) as LcAdapterError;
      expect(error).to.be.instanceOf(LcAdapterError);
      expect(error.message).to.contain('351').and.contain('General Set Failure').and.contain('database is read-only');
    });
  });

  describe('suspend_data', () => {
    it('keeps reflections and drafts as compact namespaced JSON that resumes after a relaunch', async () => {
      const api = lms2004();
      const c = community();
      const a = adapter(found2004(api), { community: c });
      await a.put('reflections', reflection('r1', 'week-3', 'Line one\nLine two'));
      expect(
        a.drafts.save(`rp:${c}:week-4`, JSON.stringify({ values: { 'q:q1': 'half a thought' }, savedAt: '2027-01-01T00:00:00Z' })),
      ).to.equal(undefined);
      const raw = cmiOf(api).suspend_data as string;
      const parsed = JSON.parse(raw);
      expect(parsed.lc).to.equal(1);
      expect(Object.keys(parsed.c)).to.deep.equal([c]);
      expect(parsed.c[c].r.r1.answers[0].text).to.equal('Line one\nLine two');
      expect(parsed.c[c].r.r1).not.to.have.property('id'); // the key is the id
      expect(raw).not.to.contain('\n  '); // not pretty-printed
      expect(Object.keys(parsed.d)).to.deep.equal([`rp:${c}:week-4`]);

      a.session!.terminate(); // the learner closes the SCO
      const again = relaunch2004(api);
      const b = adapter(found2004(again), { community: c });
      const got = await b.get('reflections', 'r1');
      expect(got).to.include({ id: 'r1', community: c, authorId: 'learner-7', promptId: 'week-3' });
      expect((got!.answers as { text: string }[])[0].text).to.equal('Line one\nLine two');
      const mine = await b.list('reflections', { where: { series: 'week-3', authorId: 'learner-7' } });
      expect(mine.items.map((r) => r.id)).to.deep.equal(['r1']);
      expect(JSON.parse(b.drafts.load(`rp:${c}:week-4`)!).values['q:q1']).to.equal('half a thought');
      b.drafts.remove(`rp:${c}:week-4`);
      expect(b.drafts.load(`rp:${c}:week-4`)).to.equal(undefined);
      expect(cmiOf(again).completion_status).to.equal('incomplete');
    });

    it('refuses a 1.2 write past 4,096 characters (the LMS would take it) and keeps what is stored', async () => {
      const api = lms12();
      const a = adapter(found12(api));
      await a.put('reflections', reflection('r1', 'p1', 'a'.repeat(2000), { authorId: 'student-12' }));
      const before = cmiOf(api).suspend_data as string;
      const error = (await a
        .put('reflections', reflection('r2', 'p2', 'b'.repeat(2500), { authorId: 'student-12' }))
        .catch((e: unknown) => e)) as LcAdapterError;
      expect(error).to.be.instanceOf(LcAdapterError);
      expect(error.kind).to.equal('invalid');
      expect(error.reason).to.equal('storage-full');
      expect(error.remaining).to.be.below(SCORM_SUSPEND_LIMITS['1.2'] - before.length); // the text's room, see below
      expect(error.message).to.contain('4096');
      expect(cmiOf(api).suspend_data).to.equal(before);
      expect((await a.get('reflections', 'r1'))!.answers).to.have.length(1);
      expect(await a.get('reflections', 'r2')).to.equal(undefined);
      expect(cmiOf(api).interactions.childArray).to.have.length(1); // no interaction for the refused one
      // a draft that would overflow is refused the same way, and returned (not thrown)
      const refused = a.drafts.save('rp:x:p3', 'c'.repeat(3000));
      expect(refused).to.be.instanceOf(LcAdapterError);
      expect((refused as LcAdapterError).reason).to.equal('storage-full');
      expect(cmiOf(api).suspend_data).to.equal(before);
      // and a smaller one still fits
      await a.put('reflections', reflection('r3', 'p3', 'short', { authorId: 'student-12' }));
      expect((cmiOf(api).suspend_data as string).length).to.be.at.most(4096);
    });

    it('keeps a JSON draft as an object: quotes and line breaks are escaped once, not twice', async () => {
      const api = lms2004();
      const a = adapter(found2004(api));
      const text = '"Why?" she asked.\n"Because," I said.\n'.repeat(50);
      const draft = JSON.stringify({ values: { 'q:q1': text }, step: 0, savedAt: '2027-01-01T00:00:00.000Z' });
      expect(a.drafts.save('rp:x:p1', draft)).to.equal(undefined);
      const raw = cmiOf(api).suspend_data as string;
      expect(JSON.parse(raw).d['rp:x:p1'].values['q:q1']).to.equal(text);
      // escaped once: the draft costs what its own JSON costs, plus the key
      expect(raw.length).to.be.below(draft.length + 60);
      expect(a.drafts.load('rp:x:p1')).to.equal(draft);
      expect(a.drafts.save('rp:x:p1', draft)).to.equal(undefined); // unchanged: no write
      // a draft that is not JSON is kept as it is; an old string draft still loads
      expect(a.drafts.save('plain', 'just "text"')).to.equal(undefined);
      expect(a.drafts.load('plain')).to.equal('just "text"');
      a.session!.terminate();
      const again = relaunch2004(api);
      const b = adapter(found2004(again));
      expect(b.drafts.load('rp:x:p1')).to.equal(draft);
      expect(b.drafts.load('plain')).to.equal('just "text"');
    });

    it('says how long the refused text may be to fit (the record around it takes room too), and that length fits', async () => {
      const api = lms12();
      const a = adapter(found12(api));
      await a.put('reflections', reflection('r1', 'p1', 'a'.repeat(2000), { authorId: 'student-12' }));
      const before = cmiOf(api).suspend_data as string;
      const error = (await a
        .put('reflections', reflection('r2', 'p2', 'b'.repeat(2500), { authorId: 'student-12' }))
        .catch((e: unknown) => e)) as LcAdapterError;
      expect(error.reason).to.equal('storage-full');
      const room = error.remaining!;
      // less than the raw room left: the new record's ids, dates and question take some of it
      expect(room)
        .to.be.above(0)
        .and.below(SCORM_SUSPEND_LIMITS['1.2'] - before.length);
      // a draft likewise: its remaining is the length of text that fits
      const draft = (t: string) => JSON.stringify({ values: { 'q:q1': t }, step: 0, savedAt: '2027-01-01T00:00:00.000Z' });
      const refused = a.drafts.save('rp:x:p3', draft('c'.repeat(2500))) as LcAdapterError;
      expect(refused.reason).to.equal('storage-full');
      expect(refused.remaining)
        .to.be.above(0)
        .and.below(SCORM_SUSPEND_LIMITS['1.2'] - before.length);
      expect(a.drafts.save('rp:x:p3', draft('c'.repeat(refused.remaining!)))).to.equal(undefined);
      a.drafts.remove('rp:x:p3');
      expect(cmiOf(api).suspend_data).to.equal(before.replace(/\}$/, ',"d":{}}'));
      // "d":{} now takes 7 characters
      await a.put('reflections', reflection('r2', 'p2', 'b'.repeat(room - 7), { authorId: 'student-12' }));
      expect((cmiOf(api).suspend_data as string).length).to.be.at.most(4096);
      expect(typedLength({ answers: [{ question: 'Why?', text: 'abc' }], commitment: 'de', followUp: { text: 'f' } })).to.equal(6);
    });

    it('refuses a 2004 write past 64,000 characters', async () => {
      const api = lms2004();
      const a = adapter(found2004(api));
      await a.put('reflections', reflection('r1', 'p1', 'a'.repeat(60_000)));
      const before = cmiOf(api).suspend_data as string;
      const error = (await a.put('reflections', reflection('r2', 'p2', 'b'.repeat(4_000))).catch((e: unknown) => e)) as LcAdapterError;
      expect(error.kind).to.equal('invalid');
      expect(error.reason).to.equal('storage-full');
      expect(error.message).to.contain('64000');
      expect(cmiOf(api).suspend_data).to.equal(before);
      expect(before.length).to.be.greaterThan(60_000).and.at.most(64_000);
    });

    it('never overwrites suspend_data written by something else', async () => {
      const api = lms2004({ suspend_data: 'slide=7|score=3' });
      const a = adapter(found2004(api));
      expect((await a.list('meetings', {})).items).to.deep.equal([]);
      const error = (await a.put('meetings', { id: 'm1' }).catch((e: unknown) => e)) as LcAdapterError;
      expect(error.kind).to.equal('conflict');
      expect(error.reason).to.equal('foreign-data');
      expect((a.drafts.save('k', 'v') as LcAdapterError).reason).to.equal('foreign-data');
      a.session!.terminate();
      expect(cmiOf(api).suspend_data).to.equal('slide=7|score=3');
    });
  });

  describe('interactions', () => {
    it('records a 2004 long-fill-in with a flattened response of at most 4,000 characters, once per submission', async () => {
      const api = lms2004();
      const a = adapter(found2004(api));
      const long = 'x'.repeat(3000) + '\r\n' + 'y'.repeat(2000);
      const r = reflection('r1', 'week 3/reflect', long, {
        answers: [
          { questionId: 'q1', question: 'What?', text: 'First\nanswer' },
          { questionId: 'q2', question: 'So what?', text: long },
        ],
        submittedAt: '2027-05-06T07:08:09.123Z',
      });
      await a.put('reflections', r);
      const list = cmiOf(api).interactions.childArray as Cmi[];
      expect(list).to.have.length(1);
      const i = list[0];
      expect(i.id).to.equal('urn:lc:reflection:week-3-reflect');
      expect(i.type).to.equal('long-fill-in');
      expect(i.result).to.equal('neutral');
      expect(i.timestamp).to.equal('2027-05-06T07:08:09.12Z');
      expect(i.description).to.equal('What? | So what?');
      const response = i.learner_response as string;
      expect(response.startsWith('{lang=en}First answer | xxx')).to.equal(true);
      expect(response).not.to.match(/[\r\n]/);
      expect(response.length).to.equal(4000);
      expect(response.endsWith('…')).to.equal(true);
      // the full text stays in suspend_data
      expect((await a.get('reflections', 'r1'))!.answers).to.deep.equal(r.answers);
      // an edit keeps submittedAt: no second interaction; a new submission adds one
      await a.put('reflections', { ...r, editedAt: new Date().toISOString() });
      expect(cmiOf(api).interactions.childArray).to.have.length(1);
      await a.put('reflections', reflection('r2', 'week 3/reflect', 'again'));
      expect(cmiOf(api).interactions._count).to.equal(2);
    });

    it('records a 1.2 fill-in of at most 255 characters and keeps the full text in suspend_data', async () => {
      const api = lms12();
      const a = adapter(found12(api));
      const text = 'Line\n'.repeat(100);
      await a.put(
        'reflections',
        reflection('r1', 'week-3', text, { authorId: 'student-12', submittedAt: new Date(2027, 0, 2, 3, 4, 5, 670).toISOString() }),
      );
      expect(cmiOf(api).interactions._count).to.equal(1);
      const i = lmsView(api).interactions['0'];
      expect(i.id).to.equal('lc_reflection_week-3');
      expect(i.type).to.equal('fill-in');
      expect(i.time).to.equal('03:04:05.67');
      expect(i.student_response).to.have.length(255);
      expect(i.student_response).not.to.contain('\n');
      expect(JSON.parse(cmiOf(api).suspend_data).c[a.community].r.r1.answers[0].text).to.equal(text);
    });
  });

  describe('completion and score', () => {
    it('completes when every prompt on the page has a submitted reflection, and commits', async () => {
      const host = await fixture<HTMLElement>(
        html`<div>
          <lc-reflection-prompt prompt-id="p1"></lc-reflection-prompt>
          <section><lc-reflection-prompt prompt-id="p2"></lc-reflection-prompt></section>
        </div>`,
      );
      const api = lms2004();
      const commit = sinon.spy(api, 'Commit');
      const a = adapter(found2004(api), { host });
      await a.put('reflections', reflection('r1', 'p1', 'one'));
      expect(cmiOf(api).completion_status).to.equal('incomplete');
      await a.put('reflections', { ...reflection('r2', 'p2', 'draft only'), submittedAt: undefined });
      expect(cmiOf(api).completion_status).to.equal('incomplete');
      const commits = commit.callCount;
      await a.put('reflections', reflection('r3', 'p2', 'two'));
      expect(cmiOf(api).completion_status).to.equal('completed');
      expect(cmiOf(api).success_status).to.equal('unknown');
      expect(commit.callCount).to.be.greaterThan(commits);
    });

    it('completes a 1.2 lesson with lms-complete-on="submit" and not with "none"', async () => {
      const host = await fixture<HTMLElement>(html`<div><lc-reflection-prompt prompt-id="p1"></lc-reflection-prompt></div>`);
      const api = lms12();
      await adapter(found12(api), { host }).put('reflections', reflection('r1', 'p1', 'one', { authorId: 'student-12' }));
      expect(cmiOf(api).core.lesson_status).to.equal('completed');
      const other = lms12();
      await adapter(found12(other), { host, completeOn: 'none' }).put(
        'reflections',
        reflection('r1', 'p1', 'one', { authorId: 'student-12' }),
      );
      expect(cmiOf(other).core.lesson_status).to.equal('incomplete');
    });

    it('reports credit progress as score and progress_measure, completing on the goal with lms-complete-on="goal"', async () => {
      const host = await fixture<HTMLElement>(html`<div></div>`);
      const api = lms2004();
      const a = adapter(found2004(api), { host, completeOn: 'goal' });
      await a.whoami();
      host.dispatchEvent(new LcCreditProgressEvent({ programId: 'pd', periodKey: '2027-01-01/2027-12-31', percent: 40, complete: false }));
      const c = cmiOf(api);
      expect([c.score.raw, c.score.min, c.score.max, c.score.scaled, c.progress_measure]).to.deep.equal(['40', '0', '100', '0.4', '0.4']);
      expect(c.completion_status).to.equal('incomplete');
      host.dispatchEvent(new LcCreditProgressEvent({ programId: 'pd', periodKey: '2027-01-01/2027-12-31', percent: 100, complete: true }));
      expect(c.score.raw).to.equal('100');
      expect(c.completion_status).to.equal('completed');

      const api12 = lms12();
      adapter(found12(api12), { host });
      await settle(1);
      host.dispatchEvent(new LcCreditProgressEvent({ programId: 'pd', periodKey: 'k', percent: 55, complete: false }));
      expect(cmiOf(api12).core.score.raw).to.equal('55'); // the first report opens the session
      expect(cmiOf(api12).core.score.max).to.equal('100');
    });
  });

  describe('commits and termination', () => {
    it('commits on each submission, and otherwise at most once per 30 seconds while there are changes', async () => {
      const clock = sinon.useFakeTimers({ now: new Date('2027-01-01T09:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const api = lms2004();
      const commit = sinon.spy(api, 'Commit');
      const a = adapter(found2004(api));
      await a.whoami();
      for (let i = 0; i < 5; i++) {
        a.drafts.save('k', `draft ${i}`);
        await clock.tickAsync(1000);
      }
      expect(commit.callCount).to.equal(0);
      await clock.tickAsync(25_000); // 30 s after Initialize
      expect(commit.callCount).to.equal(1);
      a.drafts.save('k', 'later');
      await clock.tickAsync(29_000);
      expect(commit.callCount).to.equal(1);
      await clock.tickAsync(1_000);
      expect(commit.callCount).to.equal(2);
      await clock.tickAsync(120_000); // nothing changed: no commit
      expect(commit.callCount).to.equal(2);
      await a.put('reflections', reflection('r1', 'p1', 'submitted'));
      expect(commit.callCount).to.equal(3); // at once
      await a.put('reflections', { ...reflection('r1', 'p1', 'edited'), submittedAt: (await a.get('reflections', 'r1'))!.submittedAt });
      expect(commit.callCount).to.equal(3); // an edit waits for the cadence
      await clock.tickAsync(30_000);
      expect(commit.callCount).to.equal(4);
    });

    it('writes session time and terminates on a real pagehide of the SCO frame', async () => {
      const f = document.createElement('iframe');
      document.body.append(f);
      const api = lms2004();
      const terminate = sinon.spy(api, 'Terminate');
      const commit = sinon.spy(api, 'Commit');
      const a = adapter(found2004(api), { window: f.contentWindow! });
      await a.whoami();
      a.drafts.save('k', 'unsaved');
      expect(terminate.callCount).to.equal(0);
      f.remove(); // unloading the frame fires pagehide in it
      await until(() => terminate.callCount > 0, 2000, 'Terminate');
      expect(terminate.callCount).to.equal(1);
      expect(commit.calledBefore(terminate)).to.equal(true);
      expect(lmsView(api).session_time).to.match(/^PT(\d+H)?(\d+M)?\d+(\.\d{1,2})?S$/);
      expect(JSON.parse(cmiOf(api).suspend_data).d.k).to.equal('unsaved');
      expect(a.session!.state).to.equal('ended');
    });

    it('never throws from pagehide when the run-time throws on Commit and Terminate', async () => {
      const api = lms2004();
      sinon.stub(api, 'Commit').throws(new Error('LMS gone'));
      sinon.stub(api, 'Terminate').throws(new Error('LMS gone'));
      const warn = sinon.stub(console, 'warn');
      const a = adapter(found2004(api));
      await a.whoami();
      a.drafts.save('k', 'v');
      expect(() => a.session!.terminate()).not.to.throw();
      expect(a.session!.state).to.equal('ended');
      expect(warn.calledWithMatch('lc-elements (SCORM):', /Terminate threw: LMS gone/)).to.equal(true);
    });

    it('calls LMSFinish with a 1.2 session time on pagehide', async () => {
      const api = lms12();
      const finish = sinon.spy(api, 'LMSFinish');
      const set = sinon.spy(api, 'LMSSetValue');
      const a = adapter(found12(api));
      await a.whoami();
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      expect(finish.callCount).to.equal(1);
      const time = set.getCalls().find((c) => c.args[0] === 'cmi.core.session_time');
      expect(time?.args[1]).to.match(/^\d{4}:\d{2}:\d{2}\.\d{2}$/);
      expect(time?.returnValue).to.equal('true');
      expect(time!.calledBefore(finish.firstCall)).to.equal(true);
    });
  });

  describe('what SCORM does not hold', () => {
    it('answers "unsupported" for kudos and for a feed of other learners\' reflections', async () => {
      const a = adapter(found2004(lms2004()));
      for (const call of [
        a.list('kudos', {}),
        a.put('kudos', { id: 'k1' }),
        a.get('kudos-reactions', 'x'),
        a.list('reflections', { where: { promptId: 'p1', visibility: 'community' } }),
        a.list('reflections', { where: { authorId: 'someone-else' } }),
      ])
        expect(((await call.catch((e: unknown) => e)) as LcAdapterError).kind).to.equal('unsupported');
      const forbidden = (await a
        .put('reflections', reflection('r1', 'p1', 'x', { authorId: 'someone-else' }))
        .catch((e: unknown) => e)) as LcAdapterError;
      expect(forbidden.kind).to.equal('forbidden');
    });

    it("watch delivers this page's changes to learner collections", async () => {
      const api = lms2004();
      const c = community();
      const a = adapter(found2004(api), { community: c });
      const b = adapter(found2004(api), { community: c });
      const seen: string[] = [];
      const stop = b.watch('reflections', {}, (ch) => seen.push(`${ch.type} ${ch.id}`));
      await a.put('reflections', reflection('r1', 'p1', 'x'));
      await a.remove('reflections', 'r1');
      await settle(1);
      expect(seen).to.deep.equal(['put r1', 'remove r1']);
      stop();
    });
  });

  describe('composite with a shared backend', () => {
    it("keeps the learner's records in SCORM and sends shared data to the other adapter", async () => {
      const api = lms2004();
      const c = community();
      const backend = new MemoryBackend();
      const shared = new MemoryAdapter({ community: c, backend, viewer: { id: 'learner-7' } });
      const composite = new ScormCompositeAdapter(adapter(found2004(api), { community: c }), shared);
      expect(await composite.whoami()).to.include({ id: 'learner-7', name: 'Ada Lovelace' });
      await composite.put('kudos', { id: 'k1', text: 'thanks' });
      expect(backend.table(c, 'kudos').has('k1')).to.equal(true);
      expect(cmiOf(api).suspend_data).to.equal('');
      await composite.put('reflections', reflection('private-1', 'p1', 'mine only'));
      await composite.put('reflections', reflection('shared-1', 'p1', 'for everyone', { visibility: 'community' }));
      backend
        .table(c, 'reflections')
        .set('other-1', { ...reflection('other-1', 'p1', 'theirs', { visibility: 'community', authorId: 'peer' }), community: c });
      const stored = JSON.parse(cmiOf(api).suspend_data).c[c].r;
      expect(Object.keys(stored).sort()).to.deep.equal(['private-1', 'shared-1']);
      expect([...backend.table(c, 'reflections').keys()].sort()).to.deep.equal(['other-1', 'shared-1']);
      const feed = await composite.list('reflections', { where: { promptId: 'p1', visibility: 'community' } });
      expect(feed.items.map((r) => r.id).sort()).to.deep.equal(['other-1', 'shared-1']);
      const mine = await composite.list('reflections', { where: { authorId: 'learner-7' } });
      expect(mine.items.map((r) => r.id).sort()).to.deep.equal(['private-1', 'shared-1']);
      expect(composite.drafts).to.equal(composite.scorm.drafts);
    });

    it('is what the provider factory makes when endpoint is set', () => {
      const api = lms2004();
      (window as unknown as Record<string, unknown>).API_1484_11 = api;
      const host = document.createElement('div');
      host.setAttribute('lms-complete-on', 'goal');
      const plain = scormAdapterFactory({ community: community(), host });
      expect(plain).to.be.instanceOf(ScormAdapter);
      expect((plain as ScormAdapter).completeOn).to.equal('goal');
      const both = scormAdapterFactory({ community: community(), host, endpoint: '/api/lc' });
      expect(both).to.be.instanceOf(ScormCompositeAdapter);
      sessions.push((plain as ScormAdapter).session!);
    });
  });
});

// The contract, on the collections SCORM holds (reflections need where.authorId; covered above).
describe('ScormAdapter conformance', () => {
  let api: Api2004;
  beforeEach(() => {
    api = lms2004();
  });
  runAdapterConformance('scorm 2004', ({ community }) => adapter(found2004(api), { community }), {
    collections: ['credit-entries', 'meetings', 'credit-programs'],
    watch: true,
    people: false,
  });
});

// ------------------------------------------------------------------------------------------------

describe('elements in a SCORM provider', () => {
  const term = (k: keyof typeof rpBundle.en) => rpBundle.en[k] as string;
  async function prompt(attrs: { community: string; showShared?: boolean }): Promise<{ provider: LcProvider; el: LcReflectionPrompt }> {
    const provider = await fixture<LcProvider>(
      html`<lc-provider adapter="scorm" community=${attrs.community}>
        <lc-reflection-prompt prompt-id="week-3" prompt="What stood out?" ?show-shared=${!!attrs.showShared}></lc-reflection-prompt>
      </lc-provider>`,
    );
    const el = provider.querySelector('lc-reflection-prompt') as LcReflectionPrompt;
    const s = (provider.store!.adapter as ScormAdapter).session;
    if (s) sessions.push(s);
    return { provider, el };
  }

  it('says "Open this inside your LMS" when there is no LMS, accessibly', async () => {
    const { el } = await prompt({ community: community() });
    await until(() => !!el.shadowRoot!.querySelector('.error'), 3000, 'the error');
    expect(el.shadowRoot!.querySelector('.error')!.textContent).to.equal(en.errorNoLms);
    expect(el.shadowRoot!.querySelector('textarea')).to.equal(null);
    expect(el.shadowRoot!.querySelector('.error-box button'), 'no Try again: asking again cannot find an LMS').to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('submits into the LMS: interaction, completion, draft in suspend_data; the feed degrades to a note', async () => {
    const api = lms2004();
    (window as unknown as Record<string, unknown>).API_1484_11 = api;
    const c = community();
    const { el } = await prompt({ community: c, showShared: true });
    await until(() => !!el.shadowRoot!.querySelector('textarea'), 3000, 'the form');
    await until(() => !!el.shadowRoot!.querySelector('[part="shared-unavailable"]'), 3000, 'the feed note');
    expect(el.shadowRoot!.querySelector('[part="shared-unavailable"]')!.textContent).to.equal(term('rpSharedUnavailable'));
    const ta = el.shadowRoot!.querySelector('textarea')!;
    ta.value = 'The quiet\nquestion';
    ta.dispatchEvent(new Event('input'));
    await until(() => !!cmiOf(api).suspend_data, 2000, 'the draft in suspend_data');
    expect(JSON.parse(cmiOf(api).suspend_data).d[`rp:${c}:week-3`].values['q:q1']).to.equal('The quiet\nquestion');
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await until(() => cmiOf(api).interactions._count === 1, 3000, 'the interaction');
    expect((cmiOf(api).interactions.childArray as Cmi[])[0].learner_response).to.match(/^\{lang=en(-[A-Z]{2})?\}The quiet question$/);
    expect(cmiOf(api).completion_status).to.equal('completed');
    const data = JSON.parse(cmiOf(api).suspend_data);
    expect(Object.values(data.c[c].r as Record<string, LcRecord>)[0].authorId).to.equal('learner-7');
    expect(data.d ?? {}).not.to.have.property(`rp:${c}:week-3`); // the draft went with the submission
  });

  it('offers no sharing where nobody but the learner can read suspend_data: the reflection is private', async () => {
    const api = lms2004();
    (window as unknown as Record<string, unknown>).API_1484_11 = api;
    const c = community();
    const { el } = await prompt({ community: c }); // allow-visibility defaults to "private community"
    await until(() => !!el.shadowRoot!.querySelector('textarea'), 3000, 'the form');
    expect(el.shadowRoot!.querySelector('input[type="radio"][name="visibility"]'), 'no visibility choice').to.equal(null);
    expect(el.shadowRoot!.querySelector('[part="visibility"]')!.textContent).to.contain(term('rpVisPrivate'));
    const ta = el.shadowRoot!.querySelector('textarea')!;
    ta.value = 'Only for me';
    ta.dispatchEvent(new Event('input'));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await until(() => !!cmiOf(api).suspend_data && !!JSON.parse(cmiOf(api).suspend_data).c?.[c]?.r, 3000, 'the reflection');
    const stored = Object.values(JSON.parse(cmiOf(api).suspend_data).c[c].r as Record<string, LcRecord>)[0];
    expect(stored.visibility).to.equal('private');
    await expect(el).to.be.accessible();
  });

  it('a SCORM course that also reports to an LRS: statements name the LMS learner, drafts stay in suspend_data, no sharing offered', async () => {
    const api = lms2004();
    (window as unknown as Record<string, unknown>).API_1484_11 = api;
    const c = community();
    const provider = await fixture<LcProvider>(
      html`<lc-provider adapter="scorm" community=${c} xapi-endpoint="events">
        <lc-reflection-prompt prompt-id="week-3" prompt="What stood out?"></lc-reflection-prompt>
      </lc-provider>`,
    );
    const wrapper = provider.store!.adapter as XapiAdapter;
    const scorm = wrapper.inner as ScormAdapter;
    expect(scorm).to.be.instanceOf(ScormAdapter);
    if (scorm.session) sessions.push(scorm.session);
    const statements: XapiStatement[] = [];
    provider.addEventListener('lc-xapi-statement', (e) => statements.push(e.detail.statement));
    const el = provider.querySelector('lc-reflection-prompt') as LcReflectionPrompt;
    await until(() => !!el.shadowRoot!.querySelector('textarea'), 3000, 'the form');
    expect(el.shadowRoot!.querySelector('input[type="radio"][name="visibility"]'), 'no sharing through the wrapper either').to.equal(null);
    const ta = el.shadowRoot!.querySelector('textarea')!;
    ta.value = 'Reported and resumable';
    ta.dispatchEvent(new Event('input'));
    await until(() => !!cmiOf(api).suspend_data && !!JSON.parse(cmiOf(api).suspend_data).d?.[`rp:${c}:week-3`], 2000, 'the draft');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await until(() => statements.length > 0, 3000, 'a statement');
    expect(statements[0].verb.id).to.equal('http://adlnet.gov/expapi/verbs/answered');
    expect(statements[0].actor.account?.name).to.equal('learner-7');
    expect(statements[0].result?.response, 'a private reflection sends no text').to.equal(undefined);
    expect(cmiOf(api).interactions._count).to.equal(1);
  });

  it('keeps the last keystrokes when the learner leaves at once: the draft is written before Terminate', async () => {
    const api = lms2004();
    (window as unknown as Record<string, unknown>).API_1484_11 = api;
    const terminate = sinon.spy(api, 'Terminate');
    const c = community();
    const { el } = await prompt({ community: c });
    await until(() => !!el.shadowRoot!.querySelector('textarea'), 3000, 'the form');
    const ta = el.shadowRoot!.querySelector('textarea')!;
    ta.value = 'typed just before leaving';
    ta.dispatchEvent(new Event('input')); // the draft is due in 300 ms; the learner closes the course now
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(terminate.callCount).to.equal(1);
    expect(JSON.parse(cmiOf(api).suspend_data).d[`rp:${c}:week-3`].values['q:q1']).to.equal('typed just before leaving');
  });

  it('a kudos wall without a shared backend says kudos are not available here: no form, no retry', async () => {
    const api = lms2004();
    (window as unknown as Record<string, unknown>).API_1484_11 = api;
    const provider = await fixture<LcProvider>(
      html`<lc-provider adapter="scorm" community=${community()}><lc-kudos-wall wall-id="w1"></lc-kudos-wall></lc-provider>`,
    );
    const s = (provider.store!.adapter as ScormAdapter).session;
    if (s) sessions.push(s);
    const wall = provider.querySelector('lc-kudos-wall')!;
    await until(() => !!wall.shadowRoot?.querySelector('[part="unavailable"]'), 3000, 'the note');
    expect(wall.shadowRoot!.querySelector('[part="unavailable"]')!.textContent).to.equal(kudosMessages.kwUnavailable);
    expect(wall.shadowRoot!.querySelector('form, textarea, [part="error"], button')).to.equal(null);
    await expect(wall).to.be.accessible();
  });

  it('resumes a draft from suspend_data on another computer (nothing in this browser)', async () => {
    const c = community();
    const draft = { values: { 'q:q1': 'Typed on the library PC' }, savedAt: new Date(Date.now() - 60_000).toISOString() };
    const api = lms2004({ suspend_data: JSON.stringify({ lc: 1, c: {}, d: { [`rp:${c}:week-3`]: JSON.stringify(draft) } }) });
    (window as unknown as Record<string, unknown>).API_1484_11 = api;
    const { el } = await prompt({ community: c });
    await until(() => !!el.shadowRoot!.querySelector('textarea'), 3000, 'the form');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('textarea')!.value).to.equal('Typed on the library PC');
    expect(el.shadowRoot!.querySelector('[part="draft-note"]')).not.to.equal(null);
  });

  it('keeps the text and says how much room is left when the 1.2 limit would overflow', async () => {
    const c = community();
    const full = JSON.stringify({ lc: 1, c: { [c]: { m: { m1: { note: 'z'.repeat(3500) } } } } });
    const api = lms12({}, { suspend_data: full });
    (window as unknown as Record<string, unknown>).API = api;
    const { el } = await prompt({ community: c });
    await until(() => !!el.shadowRoot!.querySelector('textarea'), 3000, 'the form');
    const ta = el.shadowRoot!.querySelector('textarea')!;
    const text = 'w'.repeat(400);
    ta.value = text;
    ta.dispatchEvent(new Event('input'));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await until(() => !!el.shadowRoot!.querySelector('.status--failed'), 3000, 'the refused submission');
    await el.updateComplete;
    // the message names how long the text may be: the record around it (ids, dates) needs room too
    const shown = el.shadowRoot!.querySelector('.status--failed')!.textContent!;
    const remaining = Number(/store only (\d+) more/.exec(shown)?.[1]);
    expect(remaining)
      .to.be.above(0)
      .and.below(4096 - full.length);
    expect(shown).to.contain(en.errorStorageFull(remaining));
    expect(el.shadowRoot!.querySelector('textarea')!.value).to.equal(text);
    // one message, not a second one for the draft with another number
    const messages = [...el.shadowRoot!.querySelectorAll('.status--failed, .error')].filter((n) => /store only/.test(n.textContent!));
    expect(messages).to.have.length(1);
    expect(cmiOf(api).suspend_data).to.equal(full);
    expect((cmiOf(api).suspend_data as string).length).to.be.at.most(4096);
    expect(cmiOf(api).interactions.childArray).to.have.length(0);
    await expect(el).to.be.accessible();
  });
});
