/**
 * Several stateless instances on one PostgreSQL: they migrate together safely, a write through
 * one reaches the event streams of the others (LISTEN/NOTIFY), and an instance that loses its
 * listening connection catches up on what it missed. PostgreSQL only.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it, test } from 'node:test';
import pg from 'pg';
import type { LcServer } from '../src/app.js';
import { openDb, type Db } from '../src/db.js';
import { as, postgresUrl, sse, testServer, uid, until } from './helpers.js';

const url = await postgresUrl();

if (!url) {
  test('two instances on one PostgreSQL', { skip: 'no PostgreSQL (set DATABASE_URL)' }, () => {});
} else {
  describe('two instances on one PostgreSQL', () => {
    const schema = `lc_cluster_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    let dbs: Db[];
    let servers: LcServer[];
    let bases: string[];

    before(async () => {
      // both start at once: the migration lock lets exactly one create the tables
      dbs = await Promise.all([openDb({ databaseUrl: url, schema, poolSize: 4 }), openDb({ databaseUrl: url, schema, poolSize: 4 })]);
      servers = await Promise.all(dbs.map((db, i) => testServer(db, { LC_INSTANCE_ID: `instance-${i}` })));
      bases = await Promise.all(servers.map((s) => s.listen()));
    });
    after(async () => {
      for (const s of servers ?? []) await s.close();
      for (const d of dbs ?? []) await d.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    });

    it('migrated once', async () => {
      const { rows } = await dbs[0].query<{ version: number }>('SELECT version FROM lc_schema_migrations');
      assert.deepEqual(
        rows.map((r) => Number(r.version)),
        [1],
      );
    });

    it('a write through one instance reaches an event stream on the other', async () => {
      const c = uid();
      const health = await Promise.all(bases.map(async (b) => (await (await fetch(`${b}/healthz`)).json()) as { instance: string }));
      assert.notEqual(health[0].instance, health[1].instance);
      const onB = await sse(`${bases[1]}/v1/events?collections=kudos`, as('bob', [], c));
      await onB.waitFor((m) => m.event === 'ready');
      const k = { id: 'k1', wallId: 'w', recipients: [{ id: 'bob', name: 'Bob' }], message: 'Thanks for covering the desk' };
      const r = await fetch(`${bases[0]}/v1/c/kudos/k1`, {
        method: 'PUT',
        headers: { ...as('ada', [], c), 'content-type': 'application/json' },
        body: JSON.stringify(k),
      });
      assert.equal(r.status, 200);
      const got = await onB.waitFor((m) => m.event === 'change', 3000, 'the change made through instance 0');
      assert.deepEqual(JSON.parse(got.data).record.message, k.message);
      // and the other way round, with resume: B's last id works on A (ids are the shared log's)
      onB.close();
      await fetch(`${bases[1]}/v1/c/kudos/k2`, {
        method: 'PUT',
        headers: { ...as('bob', [], c), 'content-type': 'application/json' },
        body: JSON.stringify({ ...k, id: 'k2' }),
      });
      const onA = await sse(`${bases[0]}/v1/events?collections=kudos`, { ...as('ada', [], c), 'last-event-id': got.id! });
      await onA.waitFor((m) => m.event === 'ready');
      assert.deepEqual(
        onA.changes().map((x) => x.id),
        ['k2'],
        'resumed on the other instance from the shared id',
      );
      onA.close();
    });

    it('many writers on both instances: each stream gets every change once, in order', async () => {
      const c = uid();
      const streams = await Promise.all(bases.map((b) => sse(`${b}/v1/events`, as('watcher', [], c))));
      for (const s of streams) await s.waitFor((m) => m.event === 'ready');
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          fetch(`${bases[i % 2]}/v1/c/notes/n${i}`, {
            method: 'PUT',
            headers: { ...as(`w${i % 5}`, [], c), 'content-type': 'application/json' },
            body: JSON.stringify({ i }),
          }).then((r) => assert.equal(r.status, 200)),
        ),
      );
      for (const s of streams) {
        await until(() => s.changes().length >= 40, 'forty changes', 5000);
        const ids = s.messages.filter((m) => m.event === 'change').map((m) => Number(m.id));
        assert.equal(ids.length, 40);
        assert.deepEqual(
          ids,
          [...ids].sort((a, b) => a - b),
        );
        s.close();
      }
      const [a, b] = streams.map((s) =>
        s.messages
          .filter((m) => m.event === 'change')
          .map((m) => m.id)
          .join(),
      );
      assert.equal(a, b, 'both instances deliver the same sequence');
    });

    it('an instance that loses its LISTEN connection reconnects and catches up on what it missed', async () => {
      const c = uid();
      const onB = await sse(`${bases[1]}/v1/events`, as('bob', [], c));
      await onB.waitFor((m) => m.event === 'ready');
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        // end every listening connection of this schema's instances (as a failover or a network cut would)
        const { rows } = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN lc_events' AND pid <> pg_backend_pid()`,
        );
        assert.ok(rows.length >= 1, 'a listening connection was there to cut');
      } finally {
        await admin.end();
      }
      await fetch(`${bases[0]}/v1/c/notes/during-outage`, {
        method: 'PUT',
        headers: { ...as('ada', [], c), 'content-type': 'application/json' },
        body: '{}',
      });
      await onB.waitFor(
        (m) => m.event === 'change' && JSON.parse(m.data).id === 'during-outage',
        8000,
        'the change written while B was not listening',
      );
      onB.close();
    });
  });
}
