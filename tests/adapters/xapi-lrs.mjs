// @ts-check
// An xAPI LRS peer for the xAPI wrapper's browser tests: Learning Locker's `xapi-statements`
// (GPL-3.0, a devDependency; test-only, never imported from src/ and never bundled) run in a child
// process with in-memory models, behind a small gate. Started by tests/adapters/xapi-lrs-plugin.mjs.
//
// The gate, in front of the LRS's own express routes (`/xAPI/statements`, `/xAPI/about`):
//   - checks `Authorization` against the credentials given in LRS_AUTH (comma-separated full header
//     values); anything else is answered 401 (the LRS itself runs AUTH_REPO=test, which lets all in);
//   - can play an LRS that is down (`503`), or one that stores a statement but whose answer is lost
//     (the connection is cut after the LRS answered), switched by `POST /__control {"mode": …}`;
//   - counts every request to the statements resource (`GET /__control`), so tests can check that
//     a statement was sent, and how often.
// It prints `xapi-lrs: listening at <url>` once ready.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// xapi-statements is CommonJS and reads its configuration from the environment when first required
const require = createRequire(import.meta.url);

const dir = mkdtempSync(join(tmpdir(), 'lc-xapi-lrs-'));
Object.assign(process.env, {
  MODELS_REPO: 'memory',
  STORAGE_REPO: 'local',
  AUTH_REPO: 'test',
  EVENTS_REPO: 'test',
  FS_LOCAL_STORAGE_DIR: dir,
  EXPRESS_MORGAN_DIRECTORY: join(dir, 'access-logs'),
  WINSTON_CONSOLE_LEVEL: 'error',
  SERVICE_AWAIT_UPDATES: 'true',
  LANG: 'en',
});

const dist = join(require.resolve('xapi-statements/package.json'), '..', 'dist');
const express = require('express');
const translator = require(join(dist, 'translatorFactory')).default();
const service = require(join(dist, 'serviceFactory')).default();
const presenter = require(join(dist, 'expressPresenter')).default;
const config = require(join(dist, 'config')).default;
const logger = require(join(dist, 'logger')).default;
const tracker = require(join(dist, 'tracker')).default;
const constants = require(join(dist, 'utils', 'constants'));

const routes = presenter({
  llClientInfoEndpoint: config.llClientInfoEndpoint,
  customRoute: config.express.customRoute,
  customRouteText: config.express.customRouteText,
  morganDirectory: config.express.morganDirectory,
  bodyParserLimit: config.express.bodyParserLimit,
  service,
  tracker,
  translator,
  logger,
});
const app = express();
app.use(constants.aboutRoute, routes.aboutRouter);
app.use(constants.fullActivitiesRoute, routes.fullActivitiesRouter);
app.use(constants.statementsRoute, routes.statementsRouter);

const allowed = new Set(
  (process.env.LRS_AUTH || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
/** @type {'up' | 'down' | 'lose-answers'} */
let mode = 'up';
/** @type {{ method: string, statementId: string | null, status: number, auth: string }[]} */
const requests = [];

/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
function cors(req, res) {
  res.setHeader('access-control-allow-origin', req.headers.origin || '*');
  res.setHeader('access-control-allow-credentials', 'true');
  res.setHeader('access-control-allow-methods', 'GET, PUT, POST, OPTIONS');
  res.setHeader(
    'access-control-allow-headers',
    req.headers['access-control-request-headers'] || 'authorization, content-type, x-experience-api-version',
  );
  res.setHeader('access-control-expose-headers', 'x-experience-api-version');
}

/** @param {http.ServerResponse} res @param {number} status @param {unknown} body */
function json(res, status, body) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url || '/', 'http://lrs.invalid');
  if (url.pathname === '/__control') {
    cors(req, res);
    if (req.method === 'OPTIONS') return void res.end();
    if (req.method === 'GET') return json(res, 200, { mode, requests });
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const msg = body ? JSON.parse(body) : {};
      if (msg.mode === 'up' || msg.mode === 'down' || msg.mode === 'lose-answers') mode = msg.mode;
      if (msg.reset) requests.length = 0;
      json(res, 200, { mode });
    });
    return;
  }
  const statements = url.pathname.toLowerCase() === constants.statementsRoute.toLowerCase();
  if (req.method === 'OPTIONS') {
    cors(req, res);
    res.statusCode = 204;
    return void res.end();
  }
  const auth = String(req.headers.authorization || '');
  const log = statements ? { method: String(req.method), statementId: url.searchParams.get('statementId'), status: 0, auth } : undefined;
  if (log) requests.push(log);
  if (mode === 'down') {
    cors(req, res);
    if (log) log.status = 503;
    return json(res, 503, { message: 'the LRS is down (test switch)' });
  }
  if (!allowed.has(auth)) {
    cors(req, res);
    if (log) log.status = 401;
    res.setHeader('www-authenticate', 'Basic realm="xapi-lrs"');
    return json(res, 401, { message: 'unauthorised' });
  }
  if (log) res.on('finish', () => (log.status = res.statusCode));
  if (mode === 'lose-answers' && req.method !== 'GET') {
    // the LRS stores the statement, but the answer never reaches the browser
    const end = res.end.bind(res);
    // @ts-expect-error -- replaced to cut the connection instead of answering
    res.end = (...args) => {
      if (log) log.status = res.statusCode;
      req.socket.destroy();
      return end(...args);
    };
  }
  app(req, res);
});

server.listen(0, '127.0.0.1', () => {
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  process.stdout.write(`xapi-lrs: listening at http://127.0.0.1:${address.port}\n`);
});

const stop = () => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
