#!/usr/bin/env node
// npm start: build, then run the reference server (server/) on its embedded store, serving the demo
// intranet page (demo/) at / and dist/ at /dist/ under a strict Content-Security-Policy, with every
// element on the `rest` adapter. LC_AUTH=dev: each browser window picks a name, so two windows are
// two people who see each other's kudos and the same meeting timer live. /lms/ shows the same week as a
// SCORM package (written by bin/lc-elements.mjs) in a stand-in LMS (scorm-again).
//   PORT (default 8080), HOST (default 127.0.0.1; dev identity is refused on other addresses),
//   LC_DATA_DIR (default ./.lc-data), and every other LC_* setting of the server (README, "Reference server")
//   --no-build  serve what is already in dist/
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/entries.mjs';
import { packageDemoCourses } from './lib/demo-lms.mjs';

process.chdir(root);

if (!process.argv.includes('--no-build')) {
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('start: the build failed; not serving a stale dist/');
    process.exit(r.status || 1);
  }
}
if (!existsSync(join(root, 'dist/cdn/lc-elements.js'))) {
  console.error('start: dist/cdn/lc-elements.js is missing; run without --no-build');
  process.exit(1);
}

const lmsProblem = packageDemoCourses(join(root, 'dist/demo-lms'));
if (lmsProblem) console.warn(`start: ${lmsProblem}`);

const env = {
  ...process.env,
  PORT: process.env.PORT ?? '8080',
  HOST: process.env.HOST || '127.0.0.1',
  LC_AUTH: process.env.LC_AUTH || 'dev',
  DATABASE_URL: '', // the embedded store: run server/src/main.ts directly for PostgreSQL
  LC_DATA_DIR: process.env.LC_DATA_DIR || join(root, '.lc-data'),
  LC_DEMO_DIR: join(root, 'demo'),
  LC_DIST_DIR: join(root, 'dist'),
  LC_LOG_LEVEL: process.env.LC_LOG_LEVEL || 'warn',
};

const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/src/main.ts')], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let announced = false;
let buffered = '';
server.stdout.on('data', (d) => {
  process.stdout.write(d);
  if (announced) return;
  buffered += d;
  const m = /lc-server: listening at (http:\/\/\S+)/.exec(buffered);
  if (m) {
    announced = true;
    console.log(
      `start: demo intranet page at ${m[1]}/  (rest adapter, data in ${env.LC_DATA_DIR}; open a second window to be a second person; Ctrl+C stops)`,
    );
    if (!lmsProblem) console.log(`start: a SCORM course in a stand-in LMS at ${m[1]}/lms/  (packaged by npx lc-elements package)`);
  }
});
server.on('exit', (code, signal) => {
  if (!announced) console.error(`start: the server stopped before it was ready (${signal ?? `exit ${code}`}); see above`);
  process.exit(code ?? 0);
});

// Ctrl+C in a terminal reaches the server itself (same process group): wait for its graceful exit
// rather than signalling it a second time (which would make it stop at once). SIGTERM sent to this
// process alone (a process manager) is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {
  if (server.exitCode === null) server.kill('SIGTERM');
});
