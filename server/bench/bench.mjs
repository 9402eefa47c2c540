#!/usr/bin/env node
// npm run bench:server — a benchmark, not a test. Loopback only, bounded in time.
//
// For each store (PGlite in a data directory; PostgreSQL when DATABASE_URL reaches one — as root with
// Debian's postgresql installed, the local cluster is started as the server tests do), it starts the
// reference server as its own process and measures, with autocannon at 50 connections:
//   - list: GET /v1/c/kudos?where.wallId="w1"&limit=50 (newest first) over 1,000 seeded kudos
//   - put:  PUT /v1/c/kudos/<new id> (a new record per request, so every one is a committed write)
// then opens 1,000 event streams and times one write reaching every one of them.
// Prints a Markdown table (and the machine it ran on) for the README.
//
//   BENCH_DURATION=10 (seconds per run)  BENCH_CONNECTIONS=50  BENCH_SUBSCRIBERS=1000
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, totalmem, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const COMMUNITY = 'bench';
const headers = (user = 'bench-writer') => ({
  'x-remote-user': user,
  'x-remote-name': 'Bench',
  'x-lc-community': COMMUNITY,
  'content-type': 'application/json',
});
const kudos = (id, i) => ({
  id,
  wallId: 'w1',
  recipients: [{ id: 'r1', name: 'Recipient' }],
  message: `Thank you #${i} for covering the desk`,
  anonymous: false,
});

function startServer(env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/src/main.ts')], {
      cwd: root,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: '0',
        LC_AUTH: 'header',
        LC_TRUSTED_PROXIES: '127.0.0.1',
        LC_RATE_LIMIT: '0',
        LC_WRITE_RATE_LIMIT: '0',
        LC_LOG_LEVEL: 'warn',
        LC_MAX_STREAMS: String(SUBSCRIBERS + 100),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 120_000);
    const onData = (d) => {
      out += d;
      const m = /lc-server: listening at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ url: m[1], child });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
}

const stopServer = (child) =>
  new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });

async function seed(url, n) {
  const batch = 50;
  for (let i = 0; i < n; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, n - i) }, (_, j) =>
        fetch(`${url}/v1/c/kudos/seed-${i + j}`, {
          method: 'PUT',
          headers: headers(),
          body: JSON.stringify(kudos(`seed-${i + j}`, i + j)),
        }).then((r) => {
          if (r.status !== 200) throw new Error(`seed: HTTP ${r.status}`);
        }),
      ),
    );
  }
}

function cannon(opts) {
  return new Promise((resolvePromise, reject) => {
    autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts }, (err, result) => (err ? reject(err) : resolvePromise(result)));
  });
}

const summary = (r) => ({
  rps: Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  errors: r.errors + r.timeouts + r.non2xx,
  total: r.requests.total,
});

/** Opens `n` event streams; resolves once every one has said ready. */
async function subscribers(url, n) {
  const streams = [];
  const open = (i) =>
    new Promise((resolvePromise, reject) => {
      const s = { res: undefined, req: undefined, buf: '', waiting: undefined };
      s.req = request(
        `${url}/v1/events?collections=kudos`,
        { headers: { ...headers(`sub-${i}`), accept: 'text/event-stream' }, agent: false },
        (res) => {
          s.res = res;
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            s.buf += chunk;
            if (s.buf.includes('event: ready')) resolvePromise(s);
            if (s.waiting && s.buf.includes(s.waiting.id)) {
              const done = s.waiting.done;
              s.waiting = undefined;
              done(performance.now());
            }
            if (s.buf.length > 1 << 16) s.buf = s.buf.slice(-4096);
          });
        },
      );
      s.req.on('error', reject);
      s.req.end();
      streams.push(s);
    });
  for (let i = 0; i < n; i += 100) await Promise.all(Array.from({ length: Math.min(100, n - i) }, (_, j) => open(i + j)));
  return streams;
}

async function fanOut(url) {
  const streams = await subscribers(url, SUBSCRIBERS);
  const times = [];
  // three writes; the figure is the median of their "last subscriber reached" times
  for (let round = 0; round < 3; round++) {
    const id = `fan-${randomUUID()}`;
    const arrivals = streams.map((s) => new Promise((done) => (s.waiting = { id, done })));
    const t0 = performance.now();
    const r = await fetch(`${url}/v1/c/kudos/${id}`, { method: 'PUT', headers: headers(), body: JSON.stringify(kudos(id, round)) });
    if (r.status !== 200) throw new Error(`fan-out write: HTTP ${r.status}`);
    const at = (await Promise.all(arrivals)).map((t) => t - t0).sort((a, b) => a - b);
    times.push({ first: at[0], p50: at[Math.floor(at.length / 2)], last: at[at.length - 1] });
  }
  for (const s of streams) s.req.destroy();
  times.sort((a, b) => a.last - b.last);
  return times[1];
}

async function benchStore(name, env) {
  console.log(`\n── ${name} ──`);
  const { url, child } = await startServer(env);
  try {
    await seed(url, 1000);
    const list = summary(
      await cannon({ url: `${url}/v1/c/kudos?where.wallId=${encodeURIComponent('"w1"')}&limit=50`, headers: headers('bench-reader') }),
    );
    console.log(`list: ${list.rps} req/s, p50 ${list.p50} ms, p99 ${list.p99} ms (${list.total} requests, ${list.errors} errors)`);
    let n = 0;
    const put = summary(
      await cannon({
        url,
        requests: [
          {
            method: 'PUT',
            headers: headers(),
            setupRequest: (req) => {
              const id = `put-${process.pid}-${n++}`;
              return { ...req, path: `/v1/c/kudos/${id}`, body: JSON.stringify(kudos(id, n)) };
            },
          },
        ],
      }),
    );
    console.log(`put: ${put.rps} req/s, p50 ${put.p50} ms, p99 ${put.p99} ms (${put.total} requests, ${put.errors} errors)`);
    const fan = await fanOut(url);
    console.log(
      `one write to ${SUBSCRIBERS} subscribers: first ${fan.first.toFixed(1)} ms, median ${fan.p50.toFixed(1)} ms, last ${fan.last.toFixed(1)} ms`,
    );
    return { name, list, put, fan };
  } finally {
    await stopServer(child);
  }
}

/** As in server/tests/run.mjs: DATABASE_URL, or Debian's local cluster when root. */
function postgresUrl() {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || spawnSync('sh', ['-c', 'command -v pg_lsclusters'], { stdio: 'ignore' }).status !== 0) return undefined;
  const line = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
  if (!line) return undefined;
  const [version, cluster, port, status] = line.split(/\s+/);
  if (status !== 'online' && spawnSync('pg_ctlcluster', [version, cluster, 'start'], { stdio: 'inherit' }).status !== 0) return undefined;
  const psql = (sql) => spawnSync('su', ['postgres', '-c', `psql -p ${port} -v ON_ERROR_STOP=1 -tAc "${sql}"`], { encoding: 'utf8' });
  psql(
    "DO \\$\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lc') THEN CREATE ROLE lc LOGIN PASSWORD 'lc'; END IF; END \\$\\$",
  );
  if (!psql("SELECT 1 FROM pg_database WHERE datname = 'lc_test'").stdout.includes('1')) psql('CREATE DATABASE lc_test OWNER lc');
  return `postgres://lc:lc@127.0.0.1:${port}/lc_test`;
}

const results = [];
const dataDir = mkdtempSync(join(tmpdir(), 'lc-bench-'));
try {
  results.push(await benchStore('PGlite (embedded, file-backed)', { LC_DATA_DIR: join(dataDir, 'pglite') }));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
let pgVersion = '';
const url = postgresUrl();
if (url) {
  const schema = `lc_bench_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  pgVersion = (await c.query('SHOW server_version')).rows[0].server_version;
  try {
    results.push(await benchStore(`PostgreSQL ${pgVersion.split(' ')[0]}`, { DATABASE_URL: url, LC_DB_SCHEMA: schema }));
  } finally {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
} else console.log('\n── PostgreSQL: skipped (no DATABASE_URL and no local cluster) ──');

let os = '';
try {
  os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? '';
} catch {
  /* not Linux */
}
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${os}, Node ${process.version}${pgVersion ? `, PostgreSQL ${pgVersion.split(' ')[0]}` : ''}; server and load generator on the same machine over loopback, ${CONNECTIONS} connections, ${DURATION} s per run`;
const row = (r) =>
  `| ${r.name} | ${r.list.rps} | ${r.list.p50} / ${r.list.p99} | ${r.put.rps} | ${r.put.p50} / ${r.put.p99} | ${r.fan.p50.toFixed(0)} / ${r.fan.last.toFixed(0)} |`;
console.log(`\nMachine: ${machine}\n`);
console.log(
  `| store | list req/s | list p50 / p99 ms | put req/s | put p50 / p99 ms | one write → ${SUBSCRIBERS} SSE subscribers, median / last ms |`,
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of results) console.log(row(r));
const errors = results.reduce((n, r) => n + r.list.errors + r.put.errors, 0);
if (errors) console.log(`\n(${errors} requests failed or timed out during the runs)`);
