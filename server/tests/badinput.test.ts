/**
 * Bad input: malformed JSON, oversized bodies, wrong types, unknown collections, injection
 * attempts in filters, orders, cursors, ids, collections and communities. Each must be a 4xx
 * with a clear error, store nothing, and leave the server (and its tables) working.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import type { LcServer } from '../src/app.js';
import { as, stores, testServer, uid } from './helpers.js';

const INJECTIONS = [
  `'; DROP TABLE lc_records; --`,
  `" OR 1=1 --`,
  `x') OR ('1'='1`,
  `$1`,
  `data->>'id'`,
  `\\x00`,
  `../../etc/passwd`,
  `<script>alert(1)</script>`,
  `%00`,
  `{"$gt":""}`,
];

for (const store of await stores()) {
  describe(`bad input on ${store.name}`, () => {
    let handle: Awaited<ReturnType<typeof store.open>>;
    let server: LcServer;
    const c = uid();
    const h = as('mallory', [], c);

    before(async () => {
      handle = await store.open();
      server = await testServer(handle.db, { LC_BODY_LIMIT: '4096' });
      // one honest record, which must survive everything below
      assert.equal(
        (await server.app.inject({ method: 'PUT', url: '/v1/c/notes/keep', headers: as('ada', [], c), payload: { v: 1 } })).statusCode,
        200,
      );
    });
    after(async () => {
      await server.close();
      await handle.drop();
    });

    const count = async () => Number((await handle.db.query<{ n: string | number }>('SELECT count(*) AS n FROM lc_records')).rows[0].n);
    const expect4xx = async (opts: InjectOptions, status: number | number[], message?: RegExp) => {
      const before = await count();
      const r = await server.app.inject(opts);
      const ok = Array.isArray(status) ? status : [status];
      assert.ok(ok.includes(r.statusCode), `${opts.method} ${opts.url}: expected ${ok.join('/')}, got ${r.statusCode} ${r.body}`);
      const body = r.json();
      assert.equal(typeof body.error?.kind, 'string', 'error shape');
      assert.equal(typeof body.error?.message, 'string', 'error shape');
      if (message) assert.match(body.error.message, message);
      assert.equal(await count(), before, 'nothing stored');
      return body.error as { kind: string; message: string };
    };
    const putRaw = (url: string, payload: string, contentType = 'application/json') => ({
      method: 'PUT' as const,
      url,
      headers: { ...h, 'content-type': contentType },
      payload,
    });

    it('malformed JSON → 400 invalid', async () => {
      for (const body of ['{', '{"a":}', 'nul', '{"a":1}}', "{'a':1}", '\u0000']) {
        const e = await expect4xx(putRaw('/v1/c/notes/m1', body), 400);
        assert.equal(e.kind, 'invalid');
      }
    });

    it('an empty body, a body that is not an object, or not JSON at all → 4xx', async () => {
      await expect4xx(putRaw('/v1/c/notes/m1', ''), 400, /empty/);
      for (const body of ['[]', '[{"id":"m1"}]', '"text"', '42', 'null', 'true']) await expect4xx(putRaw('/v1/c/notes/m1', body), 400);
      await expect4xx(putRaw('/v1/c/notes/m1', 'id=m1', 'application/x-www-form-urlencoded'), 415, /JSON/);
      await expect4xx(putRaw('/v1/c/notes/m1', '{"id":"m1"}', 'text/plain'), 415);
    });

    it('an oversized body → 413', async () => {
      const e = await expect4xx(putRaw('/v1/c/notes/big', JSON.stringify({ text: 'x'.repeat(5000) })), 413, /larger than 4096/);
      assert.equal(e.kind, 'invalid');
    });

    it('prototype pollution attempts → 400, and no object is polluted', async () => {
      await expect4xx(putRaw('/v1/c/notes/p1', '{"__proto__":{"polluted":true}}'), 400);
      await expect4xx(putRaw('/v1/c/notes/p1', '{"constructor":{"prototype":{"polluted":true}}}'), 400);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    it('wrong types for a collection’s schema → 400 naming the field', async () => {
      const cases: [string, Record<string, unknown>, RegExp][] = [
        ['reflections', { promptId: 'p', visibility: 'public', answers: [] }, /visibility must be one of/],
        ['reflections', { promptId: 42, visibility: 'community', answers: [] }, /promptId/],
        ['reflections', { promptId: 'p', visibility: 'community' }, /Reflection/],
        ['kudos', { wallId: 'w', recipients: [], message: 'hi' }, /recipients/],
        ['kudos', { wallId: 'w', recipients: [{ id: 'a', name: 'A' }], message: 'hi', anonymous: 'yes' }, /anonymous/],
        ['kudos', { wallId: 'w', recipients: [{ id: 'a', name: 'A' }], message: '' }, /message/],
        ['meetings', { status: 'exploding' }, /status/],
        ['meetings', { agenda: [{ name: 'x', minutes: -5 }] }, /minutes/],
        ['credit-entries', { programId: 'p', title: 't', amount: 'lots', status: 'pending' }, /amount/],
        ['credit-entries', { programId: 'p', title: 't', amount: 1, status: 'pending', date: 7 }, /date/],
        ['kudos-prefs', { leaderboardOptOut: 'sometimes' }, /leaderboardOptOut/],
      ];
      for (const [collection, body, re] of cases) {
        const roles = collection === 'meetings' ? ['facilitator'] : [];
        const id = collection === 'kudos-prefs' ? 'mallory' : 'bad';
        const e = await expect4xx(
          { method: 'PUT', url: `/v1/c/${collection}/${id}`, headers: as('mallory', roles, c), payload: body },
          400,
          re,
        );
        assert.equal(e.kind, 'invalid');
      }
    });

    it('values PostgreSQL cannot store (NUL, lone surrogates) and runaway nesting → 400', async () => {
      await expect4xx(putRaw('/v1/c/notes/n1', '{"t":"a\\u0000b"}'), 400, /NUL/);
      await expect4xx(putRaw('/v1/c/notes/n1', '{"t":"\\ud800"}'), 400, /surrogate/);
      await expect4xx(putRaw('/v1/c/notes/n1', '{"a\\u0000":1}'), 400);
      let deep = '1';
      for (let i = 0; i < 60; i++) deep = `[${deep}]`;
      await expect4xx(putRaw('/v1/c/notes/n1', `{"d":${deep}}`), 400, /nested/);
    });

    it('unknown or malformed collections → 400 invalid', async () => {
      for (const col of [
        'unknown-things',
        'x'.repeat(65),
        '-dash',
        'a%20b',
        "a'b",
        encodeURIComponent("notes'; DROP TABLE lc_records; --"),
      ]) {
        const e = await expect4xx({ method: 'GET', url: `/v1/c/${col}`, headers: h }, [400, 404]);
        assert.ok(['invalid', 'not-found'].includes(e.kind));
        await expect4xx({ method: 'PUT', url: `/v1/c/${col}/x`, headers: h, payload: { v: 1 } }, [400, 404]);
      }
      const e = await expect4xx({ method: 'GET', url: '/v1/c/unknown-things', headers: h }, 400, /unknown collection/);
      assert.equal(e.kind, 'invalid');
    });

    it('injection attempts in filter fields and values, order, cursor and ids are data, never SQL', async () => {
      for (const evil of INJECTIONS) {
        const field = encodeURIComponent(evil);
        // as a field name: a valid filter on a field nobody has
        const r1 = await server.app.inject({ method: 'GET', url: `/v1/c/notes?where.${field}=1`, headers: h });
        assert.equal(r1.statusCode, 200, r1.body);
        assert.deepEqual(r1.json().items, []);
        // as a string value: matches nothing
        const r2 = await server.app.inject({
          method: 'GET',
          url: `/v1/c/notes?where.v=${encodeURIComponent(JSON.stringify(evil))}`,
          headers: h,
        });
        assert.equal(r2.statusCode, 200, r2.body);
        assert.deepEqual(r2.json().items, []);
        // as a raw (non-JSON) value: refused
        await expect4xx({ method: 'GET', url: `/v1/c/notes?where.v=${encodeURIComponent(evil)}`, headers: h }, 400);
        // as an order field: sorts by a missing field
        const r3 = await server.app.inject({ method: 'GET', url: `/v1/c/notes?order=${field}:desc`, headers: h });
        assert.equal(r3.statusCode, 200, r3.body);
        // as a cursor
        await expect4xx({ method: 'GET', url: `/v1/c/notes?cursor=${field}`, headers: h }, 400);
        // as an id: stored as the id it is, under this user, and only that
        const put = await server.app.inject({ method: 'GET', url: `/v1/c/notes/${encodeURIComponent(evil)}`, headers: h });
        assert.ok([404, 400].includes(put.statusCode), put.body);
      }
      // a cursor carrying SQL in its value and id decodes to data
      const cursor = Buffer.from(JSON.stringify({ o: 'createdAt:desc', v: "2020-01-01'); DROP TABLE lc_records; --", id: 'x' })).toString(
        'base64url',
      );
      await expect4xx({ method: 'GET', url: `/v1/c/notes?cursor=${cursor}`, headers: h }, 400);
      const cursor2 = Buffer.from(JSON.stringify({ o: 'v:asc', v: { $ne: 1 }, id: "'; --" })).toString('base64url');
      await expect4xx({ method: 'GET', url: `/v1/c/notes?order=v&cursor=${cursor2}`, headers: h }, 400);
      const tables = (await handle.db.query<{ n: string | number }>(`SELECT count(*) AS n FROM lc_records WHERE id = 'keep'`)).rows[0];
      assert.equal(Number(tables.n), 1, 'the honest record and its table are intact');
    });

    it('ids: control characters, too long, or a lone surrogate → 400; odd but valid ids round-trip', async () => {
      for (const id of ['a\u0001b', 'x'.repeat(201), 'tab\there'])
        await expect4xx({ method: 'PUT', url: `/v1/c/notes/${encodeURIComponent(id)}`, headers: h, payload: { v: 1 } }, [400, 414]);
      // a lone surrogate in UTF-8 form, and bytes that are not UTF-8
      for (const raw of ['%ED%A0%80', '%FF%FE', '%C0%AF'])
        await expect4xx({ method: 'PUT', url: `/v1/c/notes/${raw}`, headers: h, payload: { v: 1 } }, [400, 404]);
      for (const id of ["o'brien", 'a/b', 'semi;colon', '💡 idea', 'x'.repeat(200)]) {
        const r = await server.app.inject({ method: 'PUT', url: `/v1/c/notes/${encodeURIComponent(id)}`, headers: h, payload: { v: 2 } });
        assert.equal(r.statusCode, 200, `${id}: ${r.body}`);
        assert.equal(r.json().id, id);
        const g = await server.app.inject({ method: 'GET', url: `/v1/c/notes/${encodeURIComponent(id)}`, headers: h });
        assert.equal(g.json().id, id);
      }
    });

    it('query strings: unknown parameters, repeated ones, non-scalar filters, too many filters → 400', async () => {
      await expect4xx({ method: 'GET', url: '/v1/c/notes?filter.v=1', headers: h }, 400, /unknown query parameter/);
      await expect4xx({ method: 'GET', url: '/v1/c/notes?where.v=1&where.v=2', headers: h }, 400, /more than once/);
      await expect4xx({ method: 'GET', url: `/v1/c/notes?where.v=${encodeURIComponent('{"a":1}')}`, headers: h }, 400, /only strings/);
      await expect4xx({ method: 'GET', url: `/v1/c/notes?where.v=${encodeURIComponent('[1]')}`, headers: h }, 400);
      const many = Array.from({ length: 21 }, (_, i) => `where.f${i}=1`).join('&');
      await expect4xx({ method: 'GET', url: `/v1/c/notes?${many}`, headers: h }, 400, /at most 20/);
      await expect4xx({ method: 'GET', url: `/v1/c/notes?where.${'f'.repeat(201)}=1`, headers: h }, 400);
      await expect4xx({ method: 'GET', url: '/v1/events?lastEventId=abc', headers: h }, 400);
      await expect4xx({ method: 'GET', url: '/v1/events?replayMs=-1', headers: h }, 400);
      await expect4xx({ method: 'GET', url: '/v1/events?collections=notes,nope', headers: h }, 400, /unknown collection/);
      await expect4xx({ method: 'GET', url: '/v1/people?ids=' + 'a,'.repeat(101), headers: h }, 400, /at most 100/);
    });

    it('identity headers: a reserved, empty or control-character user id → 401', async () => {
      for (const user of ['anonymous', ' ', 'a\u0007b']) {
        const r = await server.app.inject({ method: 'GET', url: '/v1/me', headers: { ...h, 'x-remote-user': user } });
        assert.equal(r.statusCode, 401, `${JSON.stringify(user)}: ${r.body}`);
      }
    });

    it('after all of it the server is up and the honest record is as it was', async () => {
      const health = await server.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(health.statusCode, 200);
      const keep = await server.app.inject({ method: 'GET', url: '/v1/c/notes/keep', headers: as('ada', [], c) });
      assert.equal(keep.statusCode, 200);
      assert.equal(keep.json().v, 1);
      const stored = (await handle.db.query<{ id: string }>('SELECT id FROM lc_records WHERE community = $1 ORDER BY id', [c])).rows.map(
        (r) => r.id,
      );
      assert.deepEqual(
        stored.filter((id) => !["o'brien", 'a/b', 'semi;colon', '💡 idea', 'x'.repeat(200)].includes(id)),
        ['keep'],
        'nothing else was stored',
      );
    });
  });
}
