/**
 * The protocol: records, lists (filters, order, cursors), people, identity, headers, CORS, limits,
 * the OpenAPI document. Against PGlite, and PostgreSQL when available.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import type { LcServer } from '../src/app.js';
import { as, stores, testServer, uid } from './helpers.js';

for (const store of await stores()) {
  describe(`protocol on ${store.name}`, () => {
    let handle: Awaited<ReturnType<typeof store.open>>;
    let server: LcServer;
    const inject = (opts: InjectOptions) => server.app.inject(opts);

    before(async () => {
      handle = await store.open();
      const dir = mkdtempSync(join(tmpdir(), 'lc-api-'));
      const roster = join(dir, 'people.csv');
      writeFileSync(
        roster,
        'id,name,title,team\np-ada,Ada Lovelace,Analyst,Engines\n"p-gr","Hopper, Grace","Rear ""Amazing"" Admiral",Compilers\n',
      );
      server = await testServer(handle.db, { LC_PEOPLE_FILE: roster });
    });
    after(async () => {
      await server.close();
      await handle.drop();
    });

    const put = (c: string, id: string, body: unknown, headers = as('ada', [], c)) =>
      inject({ method: 'PUT', url: `/v1/c/notes/${encodeURIComponent(id)}`, headers, payload: body as object });
    const list = async (c: string, qs: string) => {
      const r = await inject({ method: 'GET', url: `/v1/c/notes${qs}`, headers: as('ada', [], c) });
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as { items: { id: string }[]; cursor?: string };
    };

    it('PUT stamps community, createdAt, updatedAt and authorId; GET returns it; DELETE removes it', async () => {
      const c = uid();
      const r = await put(c, 'n1', {
        title: 'Hello',
        nested: { a: [1, { b: null }] },
        community: 'elsewhere',
        authorId: 'someone-else',
        createdAt: '2001-01-01T00:00:00.000Z',
      });
      assert.equal(r.statusCode, 200, r.body);
      const rec = r.json();
      assert.equal(rec.community, c);
      assert.equal(rec.authorId, 'ada');
      assert.notEqual(rec.createdAt, '2001-01-01T00:00:00.000Z');
      assert.deepEqual(rec.nested, { a: [1, { b: null }] });
      const got = await inject({ method: 'GET', url: '/v1/c/notes/n1', headers: as('ada', [], c) });
      assert.deepEqual(got.json(), rec);
      const del = await inject({ method: 'DELETE', url: '/v1/c/notes/n1', headers: as('ada', [], c) });
      assert.equal(del.statusCode, 204);
      const gone = await inject({ method: 'GET', url: '/v1/c/notes/n1', headers: as('ada', [], c) });
      assert.equal(gone.statusCode, 404);
      assert.equal(gone.json().error.kind, 'not-found');
      assert.equal(
        (await inject({ method: 'DELETE', url: '/v1/c/notes/n1', headers: as('ada', [], c) })).statusCode,
        204,
        'deleting a missing record is fine',
      );
    });

    it('PUT is an idempotent upsert: createdAt kept, content replaced, and a repeat changes nothing', async () => {
      const c = uid();
      const first = (await put(c, 'u', { a: 1, b: 2 })).json();
      await new Promise((r) => setTimeout(r, 5));
      const second = (await put(c, 'u', { a: 3 })).json();
      assert.equal(second.createdAt, first.createdAt);
      assert.equal(second.b, undefined);
      assert.ok(second.updatedAt > first.updatedAt);
      const seqBefore = (await handle.db.query<{ n: string }>('SELECT count(*)::text AS n FROM lc_events WHERE community = $1', [c]))
        .rows[0].n;
      const again = (await put(c, 'u', { a: 3 })).json();
      assert.equal(again.updatedAt, second.updatedAt, 'same content: nothing written');
      const seqAfter = (await handle.db.query<{ n: string }>('SELECT count(*)::text AS n FROM lc_events WHERE community = $1', [c])).rows[0]
        .n;
      assert.equal(seqAfter, seqBefore, 'same content: nothing announced');
    });

    it('refuses a body id that differs from the path id, and takes the path id when the body has none', async () => {
      const c = uid();
      const bad = await put(c, 'x1', { id: 'x2' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().error.message, /differs/);
      assert.equal((await put(c, 'x1', { v: 1 })).json().id, 'x1');
    });

    it('filters by equality with types kept (1 ≠ "1", true ≠ "true", null matches missing)', async () => {
      const c = uid();
      const rows = [
        { id: 'w4', s: 'X', n: 1, b: false, z: 'set' },
        { id: 'w1', s: 'x', n: 1, b: true, z: null },
        { id: 'w3', s: 'x', n: 2, b: false },
        { id: 'w2', s: 'y', n: 2, b: false, z: 'set' },
        { id: 'w5', s: 'xy', n: '1', b: 'true', z: 0 },
        { id: 'w6', s: ['x'], n: 1.0, b: 1 },
      ];
      for (const r of rows) assert.equal((await put(c, r.id, r)).statusCode, 200);
      const ids = async (w: Record<string, unknown>) =>
        (
          await list(
            c,
            `?${Object.entries(w)
              .map(([k, v]) => `where.${encodeURIComponent(k)}=${encodeURIComponent(JSON.stringify(v))}`)
              .join('&')}`,
          )
        ).items
          .map((r) => r.id)
          .sort();
      assert.deepEqual(await ids({ s: 'x' }), ['w1', 'w3'], 'an array holding "x" is not "x"');
      assert.deepEqual(await ids({ n: 1 }), ['w1', 'w4', 'w6']);
      assert.deepEqual(await ids({ n: '1' }), ['w5']);
      assert.deepEqual(await ids({ b: true }), ['w1']);
      assert.deepEqual(await ids({ b: 'true' }), ['w5']);
      assert.deepEqual(await ids({ z: null }), ['w1', 'w3', 'w6']);
      assert.deepEqual(await ids({ s: 'x', n: 2 }), ['w3']);
      assert.deepEqual(await ids({ id: 'w2' }), ['w2']);
    });

    it('orders by any field over missing < booleans < numbers < strings, ties by id, both directions', async () => {
      const c = uid();
      const rows = [
        { id: 'o1', v: 'b' },
        { id: 'o2', v: 10 },
        { id: 'o3', v: 9 },
        { id: 'o4', v: true },
        { id: 'o5' },
        { id: 'o6', v: false },
        { id: 'o7', v: 'B' },
        { id: 'o8', v: 10 },
        { id: 'o0', v: null },
      ];
      for (const r of rows) await put(c, r.id, r);
      const asc = (await list(c, '?order=v:asc')).items.map((r) => r.id);
      assert.deepEqual(asc, ['o0', 'o5', 'o6', 'o4', 'o3', 'o2', 'o8', 'o7', 'o1']);
      const desc = (await list(c, '?order=v:desc')).items.map((r) => r.id);
      assert.deepEqual(desc, [...asc].reverse());
      assert.deepEqual(
        (await list(c, '?order=v')).items.map((r) => r.id),
        asc,
        'no direction: ascending',
      );
      const byCreated = (await list(c, '')).items.map((r) => r.id);
      assert.deepEqual(byCreated, rows.map((r) => r.id).reverse(), 'default: createdAt desc');
    });

    it('pages with cursors without skips or repeats, on a stamped field and on a JSON field, while records come and go', async () => {
      const c = uid();
      for (let i = 0; i < 23; i++) await put(c, `p${String(i).padStart(2, '0')}`, { g: i % 4 });
      for (const order of ['g:asc', 'g:desc', 'createdAt:desc', 'updatedAt:asc', 'id:asc']) {
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await list(c, `?order=${order}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
          assert.ok(page.items.length <= 5);
          seen.push(...page.items.map((r) => r.id));
          if (pages === 0 && order === 'g:asc') {
            await put(c, 'late', { g: 99 }); // after the cursor: must be seen
            await inject({ method: 'DELETE', url: `/v1/c/notes/${seen[0]}`, headers: as('ada', [], c) }); // already seen
          }
          cursor = page.cursor;
          pages++;
        } while (cursor && pages < 50);
        assert.equal(new Set(seen).size, seen.length, `${order}: no repeats`);
        if (order === 'g:asc') assert.ok(seen.includes('late'));
        else assert.equal(seen.length, 23, `${order}: every record once`);
      }
    });

    it('clamps limit to 500, refuses a bad limit, and refuses cursors it did not make or made for another order', async () => {
      const c = uid();
      await put(c, 'a', {});
      await put(c, 'b', {});
      const p = await list(c, '?limit=1&order=id');
      assert.ok(p.cursor);
      assert.equal((await inject({ method: 'GET', url: `/v1/c/notes?limit=100000`, headers: as('ada', [], c) })).statusCode, 200);
      for (const bad of [
        '?limit=0',
        '?limit=-1',
        '?limit=1.5',
        '?limit=abc',
        '?cursor=not%20a%20cursor!',
        '?cursor=eyJub3BlIjp0cnVlfQ==',
        `?cursor=${p.cursor}&order=id:desc`,
        `?cursor=${p.cursor}`,
      ]) {
        const r = await inject({ method: 'GET', url: `/v1/c/notes${bad}`, headers: as('ada', [], c) });
        assert.equal(r.statusCode, 400, `${bad}: ${r.body}`);
        assert.equal(r.json().error.kind, 'invalid');
      }
    });

    it('keeps communities apart', async () => {
      const c1 = uid();
      const c2 = uid();
      await put(c1, 'same', { v: 1 });
      const other = await inject({ method: 'GET', url: '/v1/c/notes/same', headers: as('ada', [], c2) });
      assert.equal(other.statusCode, 404);
      assert.deepEqual((await list(c2, '')).items, []);
      await put(c2, 'same', { v: 2 });
      assert.equal((await inject({ method: 'GET', url: '/v1/c/notes/same', headers: as('ada', [], c1) })).json().v, 1);
    });

    it('names the community in a header or a parameter, and refuses a disagreement or a bad name', async () => {
      const c = uid();
      const { 'x-lc-community': _c, ...noCommunity } = as('ada', [], c);
      assert.equal((await inject({ method: 'GET', url: `/v1/c/notes?community=${c}`, headers: noCommunity })).statusCode, 200);
      const missing = await inject({ method: 'GET', url: '/v1/c/notes', headers: noCommunity });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.json().error.message, /community/);
      assert.equal((await inject({ method: 'GET', url: `/v1/c/notes?community=other`, headers: as('ada', [], c) })).statusCode, 400);
      assert.equal(
        (await inject({ method: 'GET', url: '/v1/c/notes', headers: { ...noCommunity, 'x-lc-community': '../etc' } })).statusCode,
        400,
      );
    });

    it('answers /v1/me from the identity and records people for the directory, with the roster', async () => {
      const c = uid();
      const me = await inject({ method: 'GET', url: '/v1/me', headers: as('u-zoë', ['moderator', 'Facilitator'], c, 'Zoë Ölund') });
      assert.deepEqual(me.json(), { id: 'u-zoë', name: 'Zoë Ölund', roles: ['moderator', 'facilitator'] });
      const people = async (qs: string) =>
        (await inject({ method: 'GET', url: `/v1/people${qs}`, headers: as('ada', [], c) })).json() as { id: string; name: string }[];
      assert.deepEqual(
        (await people('?search=ÖLU')).map((p) => p.id),
        ['u-zoë'],
      );
      assert.deepEqual(
        (await people('?search=engines')).map((p) => p.id),
        ['p-ada'],
      );
      const grace = (await people('?search=hopper'))[0];
      assert.deepEqual(grace, { id: 'p-gr', name: 'Hopper, Grace', title: 'Rear "Amazing" Admiral', team: 'Compilers' });
      assert.deepEqual(
        (await people(`?ids=${encodeURIComponent(['u-zoë', 'p-ada', 'nobody'].map(encodeURIComponent).join(','))}`)).map((p) => p.id),
        ['u-zoë', 'p-ada'],
      );
      assert.ok((await people('')).length <= 20);
      assert.deepEqual(await people('?search=zzz-nobody'), []);
      const otherCommunity = (await inject({ method: 'GET', url: '/v1/people?search=zoë', headers: as('ada', [], uid()) })).json();
      assert.deepEqual(otherCommunity, [], 'people seen in one community are not listed in another');
    });

    it('serves the OpenAPI document, and every route of the server is in it', async () => {
      const r = await inject({ method: 'GET', url: '/v1/openapi.json' });
      assert.equal(r.statusCode, 200);
      const doc = r.json();
      assert.equal(doc.openapi, '3.1.0');
      const documented = Object.keys(doc.paths).map((p: string) => p.replace(/\{(\w+)\}/g, ':$1'));
      const routes = server.app.printRoutes({ commonPrefix: false });
      for (const path of [
        '/healthz',
        '/v1/openapi.json',
        '/v1/me',
        '/v1/people',
        '/v1/c/:collection',
        '/v1/c/:collection/:id',
        '/v1/events',
      ]) {
        assert.ok(documented.includes(path), `${path} is documented`);
        assert.ok(routes.includes(path.split('/').pop()!), `${path} is served`);
      }
      for (const schema of [
        'Reflection',
        'Kudos',
        'KudosReaction',
        'KudosReport',
        'KudosPrefs',
        'CreditProgram',
        'CreditEntry',
        'Meeting',
        'ExtraRecord',
      ])
        assert.ok(doc.components.schemas[schema], schema);
    });

    it('sends security headers on API answers and the error shape on unknown routes', async () => {
      const r = await inject({ method: 'GET', url: '/v1/nothing', headers: as('ada') });
      assert.equal(r.statusCode, 404);
      assert.deepEqual(Object.keys(r.json().error).sort(), ['kind', 'message']);
      for (const [h, v] of Object.entries({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'cache-control': 'no-store',
      }))
        assert.equal(r.headers[h], v, h);
      const health = await inject({ method: 'GET', url: '/healthz' });
      assert.equal(health.statusCode, 200);
      assert.equal(health.json().ok, true);
      assert.equal(health.json().store, store.name);
    });
  });
}

describe('CORS, rate limits and body limit', () => {
  let handle: Awaited<ReturnType<(typeof import('./helpers.js'))['pglite']['open']>>;
  let server: LcServer;
  before(async () => {
    const { pglite } = await import('./helpers.js');
    handle = await pglite.open();
    server = await testServer(handle.db, {
      LC_ALLOWED_ORIGINS: 'https://intranet.example',
      LC_RATE_LIMIT: '5/60s',
      LC_WRITE_RATE_LIMIT: '2/60s',
      LC_BODY_LIMIT: '2048',
    });
  });
  after(async () => {
    await server.close();
    await handle.drop();
  });

  it('answers a preflight from an allowed origin and lets it read with credentials', async () => {
    const pre = await server.app.inject({
      method: 'OPTIONS',
      url: '/v1/c/notes/x',
      headers: {
        origin: 'https://intranet.example',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization,content-type,x-lc-community',
      },
    });
    assert.equal(pre.statusCode, 204);
    assert.equal(pre.headers['access-control-allow-origin'], 'https://intranet.example');
    assert.equal(pre.headers['access-control-allow-credentials'], 'true');
    assert.match(String(pre.headers['access-control-allow-headers']), /x-lc-community/);
    assert.match(String(pre.headers['access-control-allow-methods']), /PUT/);
    const get = await server.app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { ...as('cors-user'), origin: 'https://intranet.example' },
    });
    assert.equal(get.statusCode, 200);
    assert.equal(get.headers['access-control-allow-origin'], 'https://intranet.example');
    assert.equal(get.headers.vary, 'Origin');
  });

  it('refuses other origins, also for simple requests (a CSRF guard for cookie identities)', async () => {
    for (const method of ['OPTIONS', 'GET', 'PUT'] as const) {
      const r = await server.app.inject({
        method,
        url: '/v1/c/notes/x',
        headers: { ...as('evil-target'), origin: 'https://evil.example', 'content-type': 'application/json' },
        payload: method === 'PUT' ? '{}' : undefined,
      });
      assert.equal(r.statusCode, 403, method);
      assert.equal(r.headers['access-control-allow-origin'], undefined);
    }
    const stored = await handle.db.query('SELECT 1 FROM lc_records WHERE id = $1', ['x']);
    assert.equal(stored.rows.length, 0);
  });

  it('limits requests per user with 429, Retry-After and kind "unavailable"; writes have their own lower limit', async () => {
    const h = as('busy-writer');
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push((await server.app.inject({ method: 'PUT', url: `/v1/c/notes/r${i}`, headers: h, payload: { i } })).statusCode);
    assert.deepEqual(codes, [200, 200, 429]);
    const reads: number[] = [];
    for (let i = 0; i < 4; i++)
      reads.push((await server.app.inject({ method: 'GET', url: '/v1/c/notes', headers: as('busy-reader') })).statusCode);
    assert.deepEqual(reads, [200, 200, 200, 200]);
    const r = await server.app.inject({ method: 'GET', url: '/v1/c/notes', headers: as('busy-reader') });
    const r2 = await server.app.inject({ method: 'GET', url: '/v1/c/notes', headers: as('busy-reader') });
    assert.equal(r.statusCode, 200);
    assert.equal(r2.statusCode, 429);
    assert.equal(r2.json().error.kind, 'unavailable');
    assert.match(String(r2.headers['retry-after']), /^\d+$/);
    assert.equal(
      (await server.app.inject({ method: 'GET', url: '/v1/c/notes', headers: as('someone-else') })).statusCode,
      200,
      'another user is not limited',
    );
  });

  it('refuses a body over LC_BODY_LIMIT with 413 and stores nothing', async () => {
    const r = await server.app.inject({
      method: 'PUT',
      url: '/v1/c/notes/huge',
      headers: as('big-writer'),
      payload: { text: 'x'.repeat(4096) },
    });
    assert.equal(r.statusCode, 413);
    assert.equal(r.json().error.kind, 'invalid');
    assert.equal((await handle.db.query('SELECT 1 FROM lc_records WHERE id = $1', ['huge'])).rows.length, 0);
  });
});

describe('the demo page served by the server', () => {
  it('points the first provider outside comments at this server, and leaves one with an adapter alone', async () => {
    const { pointProviderHere } = await import('../src/static.js');
    const attrs = 'adapter="rest" endpoint="/"';
    assert.equal(
      pointProviderHere('<!-- <lc-provider> in a comment --><lc-provider community="x"><lc-provider community="y">', attrs),
      '<!-- <lc-provider> in a comment --><lc-provider community="x" adapter="rest" endpoint="/"><lc-provider community="y">',
    );
    assert.equal(pointProviderHere('<lc-provider adapter="local">', attrs), '<lc-provider adapter="local">');
    assert.equal(pointProviderHere('<p>no provider</p>', attrs), '<p>no provider</p>');
  });
});
