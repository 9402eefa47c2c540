/**
 * The event stream over a real socket: ready, live changes in commit order, resume with
 * Last-Event-ID, replay of the first moments, reset past the kept history, heartbeats, the
 * collection filter, a credential's end, and goodbye on shutdown.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import type { LcServer } from '../src/app.js';
import { as, pglite, sse, stores, testServer, uid, until } from './helpers.js';

for (const store of await stores()) {
  describe(`event stream on ${store.name}`, () => {
    let handle: Awaited<ReturnType<typeof store.open>>;
    let server: LcServer;
    let base: string;

    before(async () => {
      handle = await store.open();
      server = await testServer(handle.db, { LC_SSE_HEARTBEAT_MS: '200' });
      base = await server.listen();
    });
    after(async () => {
      await server.close();
      await handle.drop();
    });

    const put = (c: string, id: string, body: Record<string, unknown> = {}, collection = 'notes') =>
      fetch(`${base}/v1/c/${collection}/${encodeURIComponent(id)}`, {
        method: 'PUT',
        headers: { ...as('ada', [], c), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => {
        assert.equal(r.status, 200, await r.clone().text());
        return r.json();
      });
    const events = (c: string, qs = '', headers: Record<string, string> = {}) =>
      sse(`${base}/v1/events${qs}`, { ...as('bob', [], c), ...headers });

    it('opens with ready (the resume point), then sends every change in commit order with increasing ids', async () => {
      const c = uid();
      const s = await events(c, '?collections=notes');
      assert.equal(s.status, 200);
      const ready = await s.waitFor((m) => m.event === 'ready');
      assert.match(ready.id!, /^\d+$/);
      assert.equal(JSON.parse(ready.data).heartbeatMs, 200);
      await Promise.all(Array.from({ length: 30 }, (_, i) => put(c, `n${i}`, { i })));
      await until(() => s.changes().length === 30, '30 changes');
      const ids = s.messages.filter((m) => m.event === 'change').map((m) => Number(m.id));
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => a - b),
        'ids increase',
      );
      assert.equal(new Set(s.changes().map((x) => x.id)).size, 30);
      s.close();
    });

    it('resumes after Last-Event-ID: what was missed, then live', async () => {
      const c = uid();
      const s1 = await events(c);
      await s1.waitFor((m) => m.event === 'ready');
      await put(c, 'a');
      const last = await s1.waitFor((m) => m.event === 'change');
      s1.close();
      await put(c, 'b');
      await put(c, 'c');
      const s2 = await events(c, '', { 'last-event-id': last.id! });
      await s2.waitFor((m) => m.event === 'ready');
      assert.deepEqual(
        s2.changes().map((x) => x.id),
        ['b', 'c'],
        'only what came after',
      );
      await put(c, 'd');
      await until(() => s2.changes().some((x) => x.id === 'd'), 'live after the replay');
      const s3 = await events(c, `?lastEventId=${last.id}`);
      await s3.waitFor((m) => m.event === 'ready');
      assert.deepEqual(
        s3.changes().map((x) => x.id),
        ['b', 'c', 'd'],
        'the query parameter works the same',
      );
      s2.close();
      s3.close();
    });

    it('replays the last replayMs on a first connection, and nothing without it', async () => {
      const c = uid();
      await put(c, 'early');
      const plain = await events(c);
      await plain.waitFor((m) => m.event === 'ready');
      assert.deepEqual(plain.changes(), []);
      const replay = await events(c, '?replayMs=30000');
      await replay.waitFor((m) => m.event === 'ready');
      assert.deepEqual(
        replay.changes().map((x) => x.id),
        ['early'],
      );
      plain.close();
      replay.close();
    });

    it('sends reset when the resume point is older than the kept history', async () => {
      const c = uid();
      await put(c, 'x');
      await handle.db.query(
        `INSERT INTO lc_meta (key, value) VALUES ('event_horizon', '1000000') ON CONFLICT (key) DO UPDATE SET value = '1000000'`,
      );
      try {
        const s = await events(c, '', { 'last-event-id': '1' });
        await s.waitFor((m) => m.event === 'reset');
        await s.ended;
      } finally {
        await handle.db.query(`DELETE FROM lc_meta WHERE key = 'event_horizon'`);
      }
    });

    it('sends heartbeats while idle', async () => {
      const s = await events(uid());
      await until(() => s.comments.filter((x) => x.startsWith('hb')).length >= 2, 'two heartbeats', 2000);
      s.close();
    });

    it('sends only the collections asked for', async () => {
      const c = uid();
      const s = await events(c, '?collections=tasks');
      await s.waitFor((m) => m.event === 'ready');
      await put(c, 'n1');
      await put(c, 't1', {}, 'tasks');
      await s.waitFor((m) => m.event === 'change');
      assert.deepEqual(
        s.changes().map((x) => `${x.collection}/${x.id}`),
        ['tasks/t1'],
      );
      s.close();
    });

    it('prunes history older than the retention and records the horizon', async () => {
      const c = uid();
      await put(c, 'old');
      await handle.db.query(`UPDATE lc_events SET at = now() - interval '48 hours' WHERE community = $1`, [c]);
      const { pruneEvents, eventHorizon } = await import('../src/records.js');
      assert.ok((await pruneEvents(handle.db, 24)) >= 1);
      assert.ok((await eventHorizon(handle.db)) >= 1);
      await handle.db.query(`DELETE FROM lc_meta WHERE key = 'event_horizon'`);
    });
  });
}

describe('event stream lifecycle', () => {
  let handle: Awaited<ReturnType<typeof pglite.open>>;
  before(async () => {
    handle = await pglite.open();
  });
  after(() => handle.drop());

  it('closes a stream when its token expires (the client comes back with a fresh one)', async () => {
    const secret = 'x'.repeat(40);
    const server = await testServer(handle.db, { LC_AUTH: 'jwt', LC_JWT_SECRET: secret, LC_JWT_ISSUER: 'i', LC_JWT_AUDIENCE: 'a' });
    const base = await server.listen();
    try {
      const exp = Math.floor(Date.now() / 1000) + 2;
      const t = await new SignJWT({ sub: 'short-lived' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('i')
        .setAudience('a')
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(secret));
      const s = await sse(`${base}/v1/events`, { authorization: `Bearer ${t}`, 'x-lc-community': 'c' });
      await s.waitFor((m) => m.event === 'ready');
      const t0 = Date.now();
      await s.ended;
      assert.ok(Date.now() - t0 < 4000, 'closed at expiry');
    } finally {
      await server.close();
    }
  });

  it('says bye to every stream on shutdown and stops taking new ones; in-flight requests finish', async () => {
    const server = await testServer(handle.db);
    const base = await server.listen();
    const c = uid();
    const streams = await Promise.all([1, 2, 3].map(() => sse(`${base}/v1/events`, as('bob', [], c))));
    for (const s of streams) await s.waitFor((m) => m.event === 'ready');
    // a write whose body is still arriving when the shutdown begins
    const body = '{"v":1}';
    const req = request(`${base}/v1/c/notes/last`, {
      method: 'PUT',
      headers: { ...as('ada', [], c), 'content-type': 'application/json', 'content-length': String(body.length) },
    });
    const answered = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    req.write(body.slice(0, 3));
    await new Promise((r) => setTimeout(r, 100));
    const closing = server.close();
    for (const s of streams) {
      await s.waitFor((m) => m.event === 'bye');
      await s.ended;
    }
    req.end(body.slice(3));
    assert.equal(await answered, 200, 'the in-flight write finished');
    await closing;
    assert.equal(
      (await handle.db.query('SELECT 1 FROM lc_records WHERE community = $1 AND id = $2', [c, 'last'])).rows.length,
      1,
      'and was committed',
    );
    await assert.rejects(fetch(`${base}/healthz`), 'no longer listening');
  });

  it('refuses streams past LC_MAX_STREAMS with 503 and Retry-After', async () => {
    const server = await testServer(handle.db, { LC_MAX_STREAMS: '2' });
    const base = await server.listen();
    try {
      const a = await sse(`${base}/v1/events`, as('u1'));
      const b = await sse(`${base}/v1/events`, as('u2'));
      const c = await sse(`${base}/v1/events`, as('u3'));
      assert.equal(c.status, 503);
      a.close();
      b.close();
      c.close();
    } finally {
      await server.close();
    }
  });
});
