// @ts-check
// A web-test-runner plugin for the xAPI wrapper's browser tests (tests/adapters/xapi.test.ts):
//   GET  /__lc/xapi-lrs.json   starts, on first use, an xAPI LRS peer in a child process
//                              (tests/adapters/xapi-lrs.mjs: Learning Locker's GPL `xapi-statements`,
//                              in memory, on 127.0.0.1 with an ephemeral port, behind a gate that
//                              checks credentials and can play "down") and tells the page its URL,
//                              its control URL and the credentials it accepts;
//   POST /__lc/xapi-validate   runs `@learninglocker/xapi-validation` on the posted statement and
//                              answers its warnings (none: the statement is valid).
// Neither package is ever imported by src/ or bundled: they run here, in node, for the tests only.
// The LRS is stopped when web-test-runner stops.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
export const XAPI_LRS_INFO_PATH = '/__lc/xapi-lrs.json';
export const XAPI_VALIDATE_PATH = '/__lc/xapi-validate';

/**
 * Starts the LRS peer and resolves once it prints its URL.
 * @param {string[]} auth accepted `Authorization` values
 * @returns {Promise<{ url: string, child: import('node:child_process').ChildProcess }>}
 */
function startLrs(auth) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(root, 'tests/adapters/xapi-lrs.mjs')], {
      cwd: root,
      env: { ...process.env, LRS_AUTH: auth.join(','), AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the xAPI LRS peer did not start within 60 s:\n${out}`));
    }, 60_000);
    const onData = (/** @type {Buffer} */ d) => {
      out += d;
      const m = /xapi-lrs: listening at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ url: m[1], child });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the xAPI LRS peer exited (${code}) before listening:\n${out}`));
    });
  });
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<string>}
 */
function readBody(req) {
  return new Promise((resolveBody, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => resolveBody(body));
    req.on('error', reject);
  });
}

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function xapiLrsPlugin() {
  /** @type {Promise<Record<string, unknown>> | undefined} */
  let info;
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  const stop = () => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
    child = undefined;
  };
  return {
    name: 'lc-xapi-lrs',
    async serve(context) {
      if (context.path === XAPI_VALIDATE_PATH && context.method === 'POST') {
        /** @type {(statement: unknown) => { constructor: { name: string }, path?: unknown }[]} */
        const validate = require('@learninglocker/xapi-validation').default;
        const warnings = validate(JSON.parse(await readBody(context.req))).map((w) => ({
          type: w.constructor.name,
          path: Array.isArray(w.path) ? w.path.join('.') : String(w.path ?? ''),
        }));
        return { body: JSON.stringify(warnings), type: 'json' };
      }
      if (context.path !== XAPI_LRS_INFO_PATH) return undefined;
      info ??= (async () => {
        const basic = `Basic ${Buffer.from(`lc-test:${randomBytes(9).toString('base64url')}`).toString('base64')}`;
        const bearer = `Bearer ${randomBytes(18).toString('base64url')}`;
        const started = await startLrs([basic, bearer]);
        child = started.child;
        process.once('exit', stop);
        return { url: `${started.url}/xAPI/`, control: `${started.url}/__control`, basic, bearer };
      })();
      return { body: JSON.stringify(await info), type: 'json' };
    },
    async serverStop() {
      stop();
    },
  };
}
