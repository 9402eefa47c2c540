#!/usr/bin/env node
// Runs the server tests with node's test runner (TypeScript through tsx), one file at a time
// (2-core machines), spec output, then one closing line: "server: N passed, N failed, N skipped".
//   node server/tests/run.mjs [file.test.ts …]
// PostgreSQL runs too when DATABASE_URL reaches one. Without DATABASE_URL, as root on a machine with
// Debian's postgresql installed (apt-get install -y postgresql; .ci/run installs it), this starts the
// local cluster and uses a test database on it; otherwise those tests are skipped, saying why.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const args = process.argv.slice(2);
const files = args.length
  ? args.map((f) => resolve(f))
  : readdirSync(here)
      .filter((f) => f.endsWith('.test.ts'))
      .sort()
      .map((f) => join(here, f));

/** Starts Debian's local PostgreSQL cluster and makes the lc/lc_test role and database; returns the URL or undefined. */
function localPostgres() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || spawnSync('sh', ['-c', 'command -v pg_lsclusters && command -v pg_ctlcluster'], { stdio: 'ignore' }).status !== 0)
    return undefined;
  const clusters = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
  if (!clusters.length) return undefined;
  const [version, name, port, status] = clusters[0].split(/\s+/);
  if (status !== 'online') {
    console.log(`server tests: starting PostgreSQL ${version}/${name} (pg_ctlcluster ${version} ${name} start)`);
    if (spawnSync('pg_ctlcluster', [version, name, 'start'], { stdio: 'inherit' }).status !== 0) return undefined;
  }
  const psql = (sql) => spawnSync('su', ['postgres', '-c', `psql -p ${port} -v ON_ERROR_STOP=1 -tAc "${sql}"`], { encoding: 'utf8' });
  psql(
    "DO \\$\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lc') THEN CREATE ROLE lc LOGIN PASSWORD 'lc'; END IF; END \\$\\$",
  );
  if (!psql("SELECT 1 FROM pg_database WHERE datname = 'lc_test'").stdout.includes('1')) psql('CREATE DATABASE lc_test OWNER lc');
  return `postgres://lc:lc@127.0.0.1:${port}/lc_test`;
}

if (!process.env.DATABASE_URL) {
  const url = localPostgres();
  if (url) {
    process.env.DATABASE_URL = url;
    console.log(`server tests: DATABASE_URL=${url.replace(/:[^:@/]+@/, ':***@')} (the local cluster)`);
  }
}

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-timeout=180000',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(here, 'summary-reporter.mjs')}`,
    '--test-reporter-destination=stdout',
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, LC_LOG_LEVEL: process.env.LC_LOG_LEVEL ?? 'silent' } },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
