/**
 * The schema, as an append-only list of migrations. Never edit one that has shipped: add the next.
 * Every statement runs on PostgreSQL 15+ and on PGlite alike.
 */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'records, events, people',
    statements: [
      // Every record of every collection of every community. `data` is the whole record as
      // stored (id, community, createdAt, updatedAt and authorId included); the columns beside it
      // are what access rules and the default order need without looking inside the JSON.
      `CREATE TABLE lc_records (
        community text NOT NULL,
        collection text NOT NULL,
        id text NOT NULL,
        author_id text,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (community, collection, id)
      )`,
      `CREATE INDEX lc_records_by_created ON lc_records (community, collection, created_at, id COLLATE "C")`,
      `CREATE INDEX lc_records_by_updated ON lc_records (community, collection, updated_at, id COLLATE "C")`,
      `CREATE INDEX lc_records_by_author ON lc_records (community, collection, author_id)`,
      // The change log behind the event stream: resumable with Last-Event-ID, fanned out across
      // instances with NOTIFY (which carries only the seq; payloads stay in the table).
      `CREATE TABLE lc_events (
        seq bigserial PRIMARY KEY,
        community text NOT NULL,
        collection text NOT NULL,
        record_id text NOT NULL,
        type text NOT NULL CHECK (type IN ('put', 'remove')),
        old_data jsonb,
        new_data jsonb,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`,
      `CREATE INDEX lc_events_by_community ON lc_events (community, seq)`,
      `CREATE INDEX lc_events_by_time ON lc_events (at)`,
      // People seen by the server (each identity that used a community), for the directory.
      `CREATE TABLE lc_people (
        community text NOT NULL,
        id text NOT NULL,
        name text NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community, id)
      )`,
      // Small facts shared by instances: the event horizon (events at or below it were pruned).
      `CREATE TABLE lc_meta (
        key text PRIMARY KEY,
        value text NOT NULL
      )`,
    ],
  },
];
