/**
 * The authorization matrix: every collection × role × operation (read by get, list and event
 * stream; create; change; delete), plus anonymous authors hidden everywhere and records that
 * leave a viewer's sight (hidden kudos, a reflection made private) arriving as removes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LcServer } from '../src/app.js';
import { as, sse, stores, testServer, uid, until, type SseClient } from './helpers.js';

type Rec = Record<string, unknown> & { id: string };

const ACTORS = {
  author: [] as string[],
  member: [] as string[],
  moderator: ['moderator'],
  approver: ['approver'],
  manager: ['manager'],
  facilitator: ['facilitator'],
  admin: ['admin'],
};
type Actor = keyof typeof ACTORS;
const ALL = Object.keys(ACTORS) as Actor[];
const idOf = (a: Actor) => `u-${a}`;

interface Scenario {
  title: string;
  collection: string;
  /** Who writes the record under test (default: author). */
  owner?: Actor;
  /** The record `who` would create (its id included). */
  make(who: Actor, n?: number): Rec;
  read: Actor[];
  /** Who may create a record of this kind as themself. */
  create: Actor[];
  update: Actor[];
  remove: Actor[];
  /** The change an actor attempts (default: a new `note`). */
  change?(rec: Rec, who: Actor): Rec;
  /** Viewers who see the author as "anonymous". */
  anonymousTo?: Actor[];
  /** Setup before the owner writes (e.g. a program that requires approval). */
  setup?(put: (who: Actor, collection: string, rec: Rec) => Promise<number>): Promise<void>;
}

const reflection =
  (visibility: string) =>
  (who: Actor, n = 0) => ({ id: `r-${who}-${n}`, promptId: 'week-3', visibility, answers: [{ text: `by ${who}` }], authorName: who });
const kudos =
  (extra: Record<string, unknown> = {}) =>
  (who: Actor, n = 0) => ({
    id: `k-${who}-${n}`,
    wallId: 'w1',
    recipients: [{ id: 'u-member', name: 'Member' }],
    message: `thanks from ${who}`,
    anonymous: false,
    ...extra,
  });
const everyoneBut = (...not: Actor[]) => ALL.filter((a) => !not.includes(a));

const SCENARIOS: Scenario[] = [
  {
    title: 'reflections, community',
    collection: 'reflections',
    make: reflection('community'),
    read: ALL,
    create: ALL,
    update: ['author'],
    remove: ['author'],
  },
  {
    title: 'reflections, private',
    collection: 'reflections',
    make: reflection('private'),
    read: ['author'],
    create: ALL,
    update: ['author'],
    remove: ['author'],
  },
  {
    title: 'reflections, anonymous',
    collection: 'reflections',
    make: reflection('anonymous'),
    read: ALL,
    create: ALL,
    update: ['author'],
    remove: ['author'],
    anonymousTo: everyoneBut('author'),
  },
  {
    title: 'kudos',
    collection: 'kudos',
    make: kudos(),
    read: ALL,
    create: ALL,
    update: ['author'],
    remove: ['author'],
    change: (r, who) => ({ ...r, message: `edited by ${who}` }),
  },
  {
    title: 'kudos, hiding (moderation fields only)',
    collection: 'kudos',
    make: kudos(),
    read: ALL,
    create: ALL,
    update: ['moderator', 'admin'],
    remove: ['author'],
    change: (r, who) => ({ ...r, hidden: true, hiddenReason: `hidden by ${who}` }),
  },
  {
    title: 'kudos, hidden',
    collection: 'kudos',
    owner: 'moderator',
    make: (who, n = 0) => kudos({ hidden: true, hiddenReason: 'off topic' })(who, n),
    read: ['moderator', 'admin'],
    create: ['moderator', 'admin'],
    update: ['moderator'],
    remove: ['moderator'],
  },
  {
    title: 'kudos, anonymous',
    collection: 'kudos',
    make: kudos({ anonymous: true }),
    read: ALL,
    create: ALL,
    update: ['author'],
    remove: ['author'],
    anonymousTo: everyoneBut('author'),
  },
  {
    title: 'kudos-reactions',
    collection: 'kudos-reactions',
    make: (who) => ({ id: `k1:${idOf(who)}:🎉`, kudosId: 'k1', wallId: 'w1', userId: idOf(who), userName: who, emoji: '🎉' }),
    read: ALL,
    create: ALL,
    update: ['author'],
    remove: ['author'],
  },
  {
    title: 'kudos-reports',
    collection: 'kudos-reports',
    make: (who, n = 0) => ({ id: `k${n}:${idOf(who)}`, kudosId: `k${n}`, wallId: 'w1', reporterId: idOf(who), reason: 'unkind' }),
    read: ['author', 'moderator', 'admin'],
    create: ALL,
    update: ['author', 'moderator', 'admin'],
    remove: ['author', 'moderator', 'admin'],
  },
  {
    title: 'kudos-prefs',
    collection: 'kudos-prefs',
    make: (who) => ({ id: idOf(who), leaderboardOptOut: true }),
    read: ALL,
    create: ALL,
    update: ['author'],
    remove: ['author'],
  },
  {
    title: 'credit-programs',
    collection: 'credit-programs',
    owner: 'manager',
    make: (who, n = 0) => ({ id: `prog-${who}-${n}`, required: 20, unit: 'hours', requireApproval: true }),
    read: ALL,
    create: ['manager', 'admin'],
    update: ['manager', 'admin'],
    remove: ['manager', 'admin'],
  },
  {
    title: 'credit-entries',
    collection: 'credit-entries',
    make: (who, n = 0) => ({
      id: `e-${who}-${n}`,
      programId: 'p-strict',
      title: 'Course',
      kind: 'learning',
      category: 'course',
      amount: 2,
      date: '2027-03-01',
      status: 'pending',
      authorName: who,
    }),
    read: ['author', 'approver', 'manager', 'admin'],
    create: ALL,
    update: ['author'],
    remove: ['author'],
  },
  {
    title: 'credit-entries, review',
    collection: 'credit-entries',
    make: (who, n = 0) => ({
      id: `e-${who}-${n}`,
      programId: 'p-strict',
      title: 'Course',
      kind: 'learning',
      category: 'course',
      amount: 2,
      date: '2027-03-01',
      status: 'pending',
    }),
    read: ['author', 'approver', 'manager', 'admin'],
    create: ALL,
    update: ['approver', 'admin'],
    remove: ['author'],
    change: (r) => ({ ...r, status: 'approved', reviewComment: 'well done' }),
    setup: async (put) => assert.equal(await put('manager', 'credit-programs', { id: 'p-strict', requireApproval: true }), 200),
  },
  {
    title: 'meetings',
    collection: 'meetings',
    owner: 'facilitator',
    make: (who, n = 0) => ({ id: `m-${who}-${n}`, status: 'idle', agenda: [{ name: 'Check-in', minutes: 5 }], segmentIndex: 0 }),
    read: ALL,
    create: ['facilitator', 'admin'],
    update: ['facilitator', 'admin'],
    remove: ['facilitator', 'admin'],
    change: (r) => ({ ...r, status: 'running', segmentStartedAt: new Date().toISOString(), startedAt: new Date().toISOString() }),
  },
  {
    title: 'extra collection (notes)',
    collection: 'notes',
    make: (who, n = 0) => ({ id: `n-${who}-${n}`, text: 'hi' }),
    read: ALL,
    create: ALL,
    update: ['author'],
    remove: ['author'],
  },
];

for (const store of await stores()) {
  describe(`authorization matrix on ${store.name}`, () => {
    let handle: Awaited<ReturnType<typeof store.open>>;
    let server: LcServer;
    let base: string;

    before(async () => {
      handle = await store.open();
      server = await testServer(handle.db);
      base = await server.listen();
    });
    after(async () => {
      await server.close();
      await handle.drop();
    });

    const h = (who: Actor, c: string) => as(idOf(who), ACTORS[who], c, who);
    const put = async (who: Actor, c: string, collection: string, rec: Rec) =>
      server.app.inject({ method: 'PUT', url: `/v1/c/${collection}/${encodeURIComponent(rec.id)}`, headers: h(who, c), payload: rec });
    const get = async (who: Actor, c: string, collection: string, id: string) =>
      server.app.inject({ method: 'GET', url: `/v1/c/${collection}/${encodeURIComponent(id)}`, headers: h(who, c) });
    const list = async (who: Actor, c: string, collection: string) =>
      (await server.app.inject({ method: 'GET', url: `/v1/c/${collection}`, headers: h(who, c) })).json().items as Rec[];
    const stored = async (c: string, collection: string, id: string) =>
      (
        await handle.db.query<{ data: Rec }>('SELECT data FROM lc_records WHERE community = $1 AND collection = $2 AND id = $3', [
          c,
          collection,
          id,
        ])
      ).rows[0]?.data;

    /** A fresh community with the scenario's setup and the owner's record in it. */
    const arrange = async (s: Scenario) => {
      const c = uid();
      await s.setup?.(async (who, collection, rec) => (await put(who, c, collection, rec)).statusCode);
      const owner = s.owner ?? 'author';
      const rec = s.make(owner);
      const r = await put(owner, c, s.collection, rec);
      assert.equal(r.statusCode, 200, `the owner (${owner}) writes the record: ${r.body}`);
      return { c, rec: r.json() as Rec, owner };
    };

    for (const s of SCENARIOS) {
      describe(s.title, () => {
        // reading: one record, every actor by get, by list and on their event stream
        let read: { c: string; rec: Rec; owner: Actor; streams: Map<Actor, SseClient> };
        before(async () => {
          const c = uid();
          const streams = new Map<Actor, SseClient>();
          for (const a of ALL) {
            const client = await sse(`${base}/v1/events?collections=${s.collection}`, h(a, c));
            await client.waitFor((m) => m.event === 'ready', 3000, 'ready');
            streams.set(a, client);
          }
          await s.setup?.(async (who, collection, rec) => (await put(who, c, collection, rec)).statusCode);
          const owner = s.owner ?? 'author';
          const r = await put(owner, c, s.collection, s.make(owner));
          assert.equal(r.statusCode, 200, r.body);
          // a fence every actor can see, so "nothing arrived" is known, not guessed
          const fence = await put('author', c, 'notes', { id: 'fence' });
          assert.equal(fence.statusCode, 200);
          read = { c, rec: r.json(), owner, streams };
          // the fence is on another collection: wait until every stream has caught up with the write itself
          await new Promise((r2) => setTimeout(r2, 150));
        });
        after(() => {
          for (const client of read.streams.values()) client.close();
        });

        for (const a of ALL) {
          const may = s.read.includes(a);
          const anon = s.anonymousTo?.includes(a);
          it(`${a} ${may ? 'reads' : 'cannot read'} it (get, list, events)${anon ? ', without its author' : ''}`, async () => {
            const { c, rec } = read;
            const g = await get(a, c, s.collection, rec.id);
            assert.equal(g.statusCode, may ? 200 : 404, g.body);
            const listed = await list(a, c, s.collection);
            assert.equal(
              listed.some((x) => x.id === rec.id),
              may,
              'in the list',
            );
            const stream = read.streams.get(a)!;
            if (may) await stream.waitFor((m) => m.event === 'change' && JSON.parse(m.data).id === rec.id, 3000, `the put of ${rec.id}`);
            else {
              await until(
                () =>
                  s.read.every((r) =>
                    read.streams
                      .get(r)!
                      .changes()
                      .some((x) => x.id === rec.id),
                  ),
                'the readers got it',
              );
              assert.ok(!stream.changes().some((x) => x.id === rec.id), 'not on the event stream');
            }
            if (may) {
              const seen = [
                g.json() as Rec,
                listed.find((x) => x.id === rec.id)!,
                stream.changes().find((x) => x.id === rec.id)!.record as Rec,
              ];
              for (const v of seen) {
                if (anon) {
                  assert.equal(v.authorId, 'anonymous');
                  assert.equal(v.authorName, undefined);
                  assert.ok(!JSON.stringify(v).includes(idOf(read.owner)), 'the author id appears nowhere');
                } else assert.equal(v.authorId, idOf(read.owner));
              }
              if (anon) {
                const filtered = (
                  await server.app.inject({
                    method: 'GET',
                    url: `/v1/c/${s.collection}?where.authorId=${encodeURIComponent(JSON.stringify(idOf(read.owner)))}`,
                    headers: h(a, c),
                  })
                ).json().items;
                assert.deepEqual(filtered, [], 'filtering on the author does not find an anonymous record');
              }
            }
          });
        }

        for (const a of ALL) {
          const may = s.create.includes(a);
          it(`${a} ${may ? 'creates' : 'cannot create'} one as themself`, async () => {
            const c = uid();
            await s.setup?.(async (who, collection, rec) => (await put(who, c, collection, rec)).statusCode);
            const rec = s.make(a, 1);
            const r = await put(a, c, s.collection, rec);
            assert.equal(r.statusCode, may ? 200 : 403, r.body);
            if (!may) assert.equal(r.json().error.kind, 'forbidden');
            assert.equal(!!(await stored(c, s.collection, rec.id)), may, 'stored');
          });
        }

        for (const a of ALL) {
          const may = s.update.includes(a);
          it(`${a} ${may ? 'changes' : 'cannot change'} it`, async () => {
            const { c, rec } = await arrange(s);
            const visible = (await get(a, c, s.collection, rec.id)).statusCode === 200;
            const base = visible ? ((await get(a, c, s.collection, rec.id)).json() as Rec) : rec;
            const changed = s.change ? s.change(base, a) : { ...base, note: `changed by ${a}` };
            const r = await put(a, c, s.collection, changed);
            assert.equal(r.statusCode, may ? 200 : 403, r.body);
            const after = await stored(c, s.collection, rec.id);
            assert.equal(after?.authorId, rec.authorId, 'the author stays the author');
            if (may) assert.notDeepEqual(after, rec);
            else assert.deepEqual(after, rec, 'unchanged');
          });
        }

        for (const a of ALL) {
          const may = s.remove.includes(a);
          it(`${a} ${may ? 'deletes' : 'cannot delete'} it`, async () => {
            const { c, rec } = await arrange(s);
            const visible = (await get(a, c, s.collection, rec.id)).statusCode === 200;
            const r = await server.app.inject({
              method: 'DELETE',
              url: `/v1/c/${s.collection}/${encodeURIComponent(rec.id)}`,
              headers: h(a, c),
            });
            assert.equal(r.statusCode, may || !visible ? 204 : 403, r.body);
            assert.equal(!!(await stored(c, s.collection, rec.id)), !may, may ? 'deleted' : 'still there');
          });
        }
      });
    }

    it('nobody without an identity reads or writes anything (401)', async () => {
      const c = uid();
      const none = { 'x-lc-community': c };
      for (const [method, url] of [
        ['GET', '/v1/c/kudos'],
        ['GET', '/v1/c/kudos/x'],
        ['PUT', '/v1/c/kudos/x'],
        ['DELETE', '/v1/c/kudos/x'],
        ['GET', '/v1/me'],
        ['GET', '/v1/people'],
        ['GET', '/v1/events'],
      ] as const) {
        const r = await server.app.inject({ method, url, headers: none, payload: method === 'PUT' ? {} : undefined });
        assert.equal(r.statusCode, 401, `${method} ${url}`);
        assert.equal(r.json().error.kind, 'unauthorized');
      }
    });

    it('a hidden kudos leaves non-moderators as a remove event, and comes back as a put when shown again', async () => {
      const c = uid();
      const member = await sse(`${base}/v1/events?collections=kudos`, h('member', c));
      const moderator = await sse(`${base}/v1/events?collections=kudos`, h('moderator', c));
      const k = kudos()('author');
      await put('author', c, 'kudos', k);
      await member.waitFor((m) => m.event === 'change' && JSON.parse(m.data).type === 'put', 3000, 'put');
      const stored1 = (await get('moderator', c, 'kudos', k.id)).json();
      assert.equal((await put('moderator', c, 'kudos', { ...stored1, hidden: true, hiddenReason: 'off topic' })).statusCode, 200);
      const removed = await member.waitFor((m) => m.event === 'change' && JSON.parse(m.data).type === 'remove', 3000, 'remove');
      assert.deepEqual(JSON.parse(removed.data), { type: 'remove', collection: 'kudos', id: k.id });
      const modPut = await moderator.waitFor((m) => m.event === 'change' && JSON.parse(m.data).record?.hidden === true, 3000, 'hidden put');
      const rec = JSON.parse(modPut.data).record;
      assert.equal(rec.hiddenBy, 'u-moderator', 'the server stamps who hid it');
      assert.ok(rec.hiddenAt);
      const { hiddenReason: _r, hiddenBy: _b, hiddenAt: _a, ...shown } = rec;
      assert.equal((await put('moderator', c, 'kudos', { ...shown, hidden: false })).statusCode, 200);
      await until(() => member.changes().filter((x) => x.type === 'put').length === 2, 'the put when shown again');
      const back = member.changes().pop()!;
      assert.equal(back.record?.hiddenBy, undefined);
      // the author cannot unhide or hide their own kudos
      const authorView = (await get('author', c, 'kudos', k.id)).json();
      assert.equal((await put('author', c, 'kudos', { ...authorView, hidden: true })).statusCode, 403);
      member.close();
      moderator.close();
    });

    it('a reflection made private leaves others as a remove; an author cannot be impersonated by a client-sent authorId or authorName', async () => {
      const c = uid();
      const member = await sse(`${base}/v1/events?collections=reflections`, h('member', c));
      await member.waitFor((m) => m.event === 'ready');
      const r = reflection('community')('author');
      const first = await put('author', c, 'reflections', { ...r, authorId: 'u-admin', authorName: 'The Director' });
      assert.equal(first.json().authorId, 'u-author');
      assert.equal(first.json().authorName, 'author', 'authorName is the identity’s name');
      await member.waitFor((m) => m.event === 'change', 3000, 'put');
      await put('author', c, 'reflections', { ...r, visibility: 'private' });
      const gone = await member.waitFor((m) => m.event === 'change' && JSON.parse(m.data).type === 'remove', 3000, 'remove');
      assert.equal(JSON.parse(gone.data).id, r.id);
      await put('author', c, 'reflections', { ...r, visibility: 'private', answers: [{ text: 'still private' }] });
      await put('author', c, 'notes', { id: 'fence' });
      await new Promise((res) => setTimeout(res, 200));
      assert.equal(member.changes().length, 2, 'changes to a private record are not announced to others');
      member.close();
    });

    it('credit entries: an author approves their own only when the program does not require approval; an approver cannot approve their own', async () => {
      const c = uid();
      const entry = (id: string, programId: string, status: string) => ({
        id,
        programId,
        title: 'Webinar',
        kind: 'learning',
        category: 'webinar',
        amount: 1,
        date: '2027-01-10',
        status,
      });
      assert.equal(
        (await put('author', c, 'credit-entries', entry('e1', 'p-open', 'approved'))).statusCode,
        200,
        'no program record: self-approval is how the element logs without approval',
      );
      assert.equal((await put('manager', c, 'credit-programs', { id: 'p-strict', requireApproval: true })).statusCode, 200);
      assert.equal((await put('author', c, 'credit-entries', entry('e2', 'p-strict', 'approved'))).statusCode, 403);
      assert.equal((await put('author', c, 'credit-entries', entry('e3', 'p-strict', 'pending'))).statusCode, 200);
      assert.equal((await put('approver', c, 'credit-entries', entry('e4', 'p-strict', 'pending'))).statusCode, 200);
      assert.equal((await put('approver', c, 'credit-entries', entry('e4', 'p-strict', 'approved'))).statusCode, 403, 'not their own');
      const reviewed = await put('approver', c, 'credit-entries', {
        ...(await get('approver', c, 'credit-entries', 'e3')).json(),
        status: 'returned',
        reviewComment: 'add evidence',
        reviewerId: 'u-someone',
      });
      assert.equal(reviewed.statusCode, 200, reviewed.body);
      assert.equal(reviewed.json().reviewerId, 'u-approver', 'the server stamps the reviewer');
      const asAuthor = (await get('author', c, 'credit-entries', 'e3')).json();
      assert.equal(
        (await put('author', c, 'credit-entries', { ...asAuthor, reviewComment: 'I say it is fine' })).statusCode,
        403,
        'an author cannot write the review',
      );
      const { reviewerId: _r, reviewComment: _c, reviewedAt: _a, ...resubmit } = asAuthor;
      assert.equal(
        (await put('author', c, 'credit-entries', { ...resubmit, status: 'pending', evidenceUrl: 'https://example.org/cert' })).statusCode,
        200,
        'an author resubmits',
      );
      assert.equal(
        (
          await put('approver', c, 'credit-entries', {
            ...(await get('approver', c, 'credit-entries', 'e3')).json(),
            amount: 50,
            status: 'approved',
          })
        ).statusCode,
        403,
        'an approver does not change the amount',
      );
    });
  });
}
