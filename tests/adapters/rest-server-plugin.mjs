// @ts-check
// A web-test-runner plugin that runs the reference server (server/src/main.ts) for the REST
// adapter's browser tests. It starts lazily, on the first request for /__lc/rest-server.json (so
// test runs that do not touch the REST adapter pay nothing), on 127.0.0.1 with an ephemeral port,
// an in-memory PGlite store, LC_AUTH=jwt (HS256, a secret made for this run) and the test page's
// origin in LC_ALLOWED_ORIGINS; the JSON tells the page the server's URL and how to mint tokens.
// The server is stopped when web-test-runner stops.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const REST_SERVER_INFO_PATH = '/__lc/rest-server.json';

/** People of the test directory (the conformance kit's people checks need someone). */
const ROSTER = [
  { id: 'p-ada', name: 'Ada Lovelace', title: 'Analyst', team: 'Engines' },
  { id: 'p-grace', name: 'Grace Hopper', title: 'Rear Admiral', team: 'Compilers' },
];

/**
 * Starts `node --import tsx server/src/main.ts` and resolves once it prints its URL.
 * @param {Record<string, string>} env
 * @returns {Promise<{ url: string, child: import('node:child_process').ChildProcess, output: () => string }>}
 */
export function startServer(env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/src/main.ts')], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', HOST: '127.0.0.1', PORT: '0', LC_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the reference server did not start within 90 s:\n${out}`));
    }, 90_000);
    const onData = (/** @type {Buffer} */ d) => {
      out += d;
      const m = /lc-server: listening at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ url: m[1], child, output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the reference server exited (${code}) before listening:\n${out}`));
    });
  });
}

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function restServerPlugin() {
  /** @type {Promise<Record<string, unknown>> | undefined} */
  let info;
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  /** @type {string | undefined} */
  let dir;
  const stop = () => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
    child = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  };
  return {
    name: 'lc-rest-server',
    async serve(context) {
      if (context.path !== REST_SERVER_INFO_PATH) return undefined;
      info ??= (async () => {
        dir = mkdtempSync(join(tmpdir(), 'lc-rest-test-'));
        const roster = join(dir, 'people.json');
        writeFileSync(roster, JSON.stringify(ROSTER));
        const secret = randomBytes(32).toString('hex');
        const issuer = 'lc-test-issuer';
        const audience = 'lc-test-audience';
        const origin = context.origin;
        const started = await startServer({
          LC_AUTH: 'jwt',
          LC_JWT_SECRET: secret,
          LC_JWT_ISSUER: issuer,
          LC_JWT_AUDIENCE: audience,
          LC_DATA_DIR: 'memory://',
          LC_EXTRA_COLLECTIONS: '*',
          LC_RATE_LIMIT: '0',
          LC_WRITE_RATE_LIMIT: '0',
          LC_BODY_LIMIT: '65536',
          LC_SSE_HEARTBEAT_MS: '2000',
          LC_PEOPLE_FILE: roster,
          LC_ALLOWED_ORIGINS: [origin, origin.replace('//localhost:', '//127.0.0.1:'), origin.replace('//127.0.0.1:', '//localhost:')].join(
            ',',
          ),
        });
        child = started.child;
        process.once('exit', stop);
        return { url: started.url, secret, issuer, audience, bodyLimit: 65536 };
      })();
      return { body: JSON.stringify(await info), type: 'json' };
    },
    async serverStop() {
      stop();
    },
  };
}
