/**
 * The reference server: the REST protocol of server/openapi.yaml on Fastify.
 *
 *   createServer(config) → { app, db, hub, listen(), close() }
 *
 * Every /v1 request passes, in order: CORS (allowlist), identity (LC_AUTH), community, rate
 * limit, then its route. Errors of any origin leave as `{ error: { kind, message } }`.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ANONYMOUS, createAuthenticate, type Viewer } from './auth.js';
import type { Config } from './config.js';
import { openDb, type Db } from './db.js';
import { HttpError, errorBody, forbidden, invalid, kindOfStatus, unauthorized, type ErrorKind } from './errors.js';
import { EventHub, EventStream } from './events.js';
import { Directory } from './people.js';
import { policyFor, type Policy, type Rec } from './policies.js';
import { RateLimiter } from './ratelimit.js';
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  eventHorizon,
  eventsAfter,
  getRecord,
  latestSeq,
  listRecordsJson,
  pruneEvents,
  putRecord,
  removeRecord,
  type ListQuery,
  type Scalar,
} from './records.js';
import { RecordSchemas, loadOpenApi } from './schemas.js';
import { registerStatic } from './static.js';

declare module 'fastify' {
  interface FastifyRequest {
    lc?: { viewer: Viewer; community?: string };
  }
}

export interface LcServer {
  app: FastifyInstance;
  db: Db;
  hub: EventHub;
  config: Config;
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  /** Re-reads LC_PEOPLE_FILE; resolves with the number of people (throws and keeps the old roster when it cannot). */
  reloadRoster(): number;
  /** Graceful: stops taking requests, says bye to event streams, finishes in-flight work, closes the database. */
  close(): Promise<void>;
}

export interface ServerOptions {
  /** A database to use instead of opening one from the config (it is not closed by `close`). */
  db?: Db;
  /** Fastify logger option; default: JSON lines at `config.logLevel`. */
  logger?: boolean | Record<string, unknown>;
}

const COMMUNITY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_FILTERS = 20;
const MAX_REPLAY = 5000;
const API_CSP = "default-src 'none'; frame-ancestors 'none'";
const ALLOWED_HEADERS =
  'authorization, content-type, x-lc-community, x-lc-dev-user, x-lc-dev-name, x-lc-dev-roles, last-event-id, x-request-id';

function single(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.length === 1 ? single(v[0]) : undefined;
  return typeof v === 'string' ? v : undefined;
}

function parseScalar(raw: string, field: string): Scalar {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw invalid(`where.${field}: the value must be JSON (a string is quoted: where.${field}="text")`);
  }
  if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
    throw invalid(`where.${field}: only strings, numbers, booleans and null can be matched`);
  return v as Scalar;
}

function checkField(field: string, what: string): string {
  if (!field || field.length > 200 || CONTROL.test(field))
    throw invalid(`${what}: a field name is 1 to 200 characters without control characters`);
  return field;
}

/** Turns the query string of a list into a ListQuery; anything it does not know is an error. */
export function parseListQuery(q: Record<string, unknown>): ListQuery {
  const where: ListQuery['where'] = [];
  let order: ListQuery['order'] = { field: 'createdAt', direction: 'desc' };
  let limit = DEFAULT_LIMIT;
  let cursor: string | undefined;
  for (const [key, value] of Object.entries(q)) {
    const raw = single(value);
    if (raw === undefined) throw invalid(`query parameter ${key} is given more than once`);
    if (key.startsWith('where.')) {
      const field = checkField(key.slice(6), key);
      if (where.length >= MAX_FILTERS) throw invalid(`at most ${MAX_FILTERS} filters`);
      where.push([field, parseScalar(raw, field)]);
    } else if (key === 'order') {
      const m = /^(.*?)(?::(asc|desc))?$/s.exec(raw)!;
      order = { field: checkField(m[1], 'order'), direction: (m[2] as 'asc' | 'desc' | undefined) ?? 'asc' };
    } else if (key === 'limit') {
      const n = Number(raw);
      if (!/^\d{1,9}$/.test(raw) || n < 1) throw invalid('limit must be a whole number from 1');
      limit = Math.min(n, MAX_LIMIT);
    } else if (key === 'cursor') {
      cursor = raw;
    } else if (key !== 'community') {
      throw invalid(`unknown query parameter "${key}" (filters are where.<field>=<JSON value>)`);
    }
  }
  return { where, order, limit, cursor };
}

export async function createServer(config: Config, options: ServerOptions = {}): Promise<LcServer> {
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      base: { instance: config.instanceId },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { maxParamLength: 1000, ignoreTrailingSlash: true },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // errors Fastify meets before routing (a URL that is not valid percent-encoded UTF-8) get the same shape
    frameworkErrors: (err, _req, reply) => {
      (reply as FastifyReply)
        .code(400)
        .type('application/json; charset=utf-8')
        .send(errorBody('invalid', err.code === 'FST_ERR_BAD_URL' ? 'the URL is not valid percent-encoded UTF-8' : err.message));
    },
  });
  // JSON only: a text/plain body is refused (415) rather than taken as a string
  app.removeContentTypeParser('text/plain');
  const log = app.log;
  const openapi = loadOpenApi();
  const schemas = new RecordSchemas(openapi);
  const ownDb = !options.db;
  const db =
    options.db ??
    (await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: config.dbSchema, poolSize: config.dbPoolSize, log }));
  const hub = new EventHub(db, log);
  await hub.start();
  const directory = new Directory(db, config.peopleFile);
  if (config.peopleFile) log.info({ file: config.peopleFile, people: directory.load() }, 'people: roster loaded');
  const authenticate = createAuthenticate(config, log);
  const readLimit = new RateLimiter(config.rateLimit);
  const writeLimit = new RateLimiter(config.writeRateLimit);
  const streams = new Set<EventStream>();
  const allowed = new Set(config.allowedOrigins);
  const policy = (collection: string) => policyFor(collection, config.extraCollections);
  let closing = false;

  if (config.auth === 'dev') {
    const line = '!'.repeat(88);
    log.warn(
      { auth: 'dev' },
      `\n${line}\n!! LC_AUTH=dev: every browser says who it is (X-LC-Dev-User). For the demo only, on loopback.\n!! Use LC_AUTH=header or LC_AUTH=jwt for anything people rely on.\n${line}`,
    );
  }

  // ------------------------------------------------------------------------------------ errors

  const sendError = (reply: FastifyReply, status: number, kind: ErrorKind, message: string) =>
    reply.code(status).type('application/json; charset=utf-8').send(errorBody(kind, message));

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof HttpError) {
      reply.headers(err.headers);
      if (err.status >= 500) req.log.warn({ kind: err.kind }, err.message);
      return sendError(reply, err.status, err.kind, err.message);
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return sendError(reply, status === 500 ? 503 : status, 'unavailable', 'the server could not complete the request; try again');
    }
    const message =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `the body is larger than ${config.bodyLimit} bytes`
        : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'the body must be JSON (Content-Type: application/json)'
          : err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? 'the body is empty; send the record as JSON'
            : err.message;
    return sendError(reply, status, kindOfStatus(status), message);
  });

  app.setNotFoundHandler((req, reply) => sendError(reply, 404, 'not-found', `no route ${req.method} ${req.url.split('?')[0]}`));

  // -------------------------------------------------------------------------- headers and CORS

  const securityHeaders = (req: FastifyRequest): Record<string, string> => {
    const h: Record<string, string> = {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'x-frame-options': 'SAMEORIGIN',
    };
    if (req.url.startsWith('/v1/') || req.url === '/healthz') {
      h['content-security-policy'] = API_CSP;
      h['cache-control'] = 'no-store';
      h['cross-origin-resource-policy'] = 'same-site';
      h['x-frame-options'] = 'DENY';
    }
    if (config.hsts || req.protocol === 'https') h['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
    return h;
  };

  const corsHeaders = (req: FastifyRequest): Record<string, string> | undefined => {
    const origin = req.headers.origin;
    if (!origin || origin === `${req.protocol}://${req.host}`) return undefined;
    if (!allowed.has(origin)) return undefined;
    return {
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'retry-after, x-request-id',
      vary: 'Origin',
    };
  };

  app.addHook('onRequest', async (req, reply) => {
    reply.headers(securityHeaders(req));
    if (!req.url.startsWith('/v1/')) return;
    const origin = req.headers.origin;
    const sameOrigin = !origin || origin === `${req.protocol}://${req.host}`;
    if (!sameOrigin && !allowed.has(origin!)) {
      // also a CSRF guard for cookie and proxy identities: foreign pages get nothing
      req.log.info({ origin }, 'cors: origin not in LC_ALLOWED_ORIGINS');
      throw forbidden(`origin ${origin} is not allowed (LC_ALLOWED_ORIGINS)`);
    }
    const cors = corsHeaders(req);
    if (cors) reply.headers(cors);
    if (req.method === 'OPTIONS') {
      reply
        .code(204)
        .headers({
          'access-control-allow-methods': 'GET, PUT, DELETE, OPTIONS',
          'access-control-allow-headers': ALLOWED_HEADERS,
          'access-control-max-age': '600',
        })
        .send();
      return reply;
    }
  });

  // ------------------------------------------------------------------ identity, community, limits

  const identify = async (req: FastifyRequest, { needCommunity = true, write = false, allowAnonymous = false } = {}) => {
    const viewer = await authenticate({ headers: req.headers, remoteAddress: req.socket.remoteAddress });
    const header = single(req.headers['x-lc-community']);
    const query = single((req.query as Record<string, unknown> | undefined)?.community);
    if (header !== undefined && query !== undefined && header !== query)
      throw invalid('the X-LC-Community header and the community parameter disagree');
    const community = header ?? query;
    if (community !== undefined && !COMMUNITY.test(community))
      throw invalid('a community name is 1 to 128 of A-Z a-z 0-9 . _ - starting with a letter or digit');
    if (needCommunity && community === undefined) throw invalid('name the community: X-LC-Community header (or ?community=)');
    if (community !== undefined && config.communities.length && !config.communities.includes(community))
      throw forbidden(`community ${community} is not served here`);
    const key = viewer.anonymous ? `ip:${req.ip}` : `u:${viewer.id}`;
    let wait = readLimit.take(key);
    if (!wait && write) wait = writeLimit.take(key);
    if (wait) {
      const secs = String(Math.ceil(wait / 1000));
      throw new HttpError('unavailable', `too many requests; try again in ${secs} s`, { status: 429, headers: { 'retry-after': secs } });
    }
    if (viewer.anonymous && !(allowAnonymous || (config.auth === 'dev' && !write)))
      throw unauthorized('sign in first: no identity came with the request');
    req.lc = { viewer, community };
    return { viewer, community: community as string };
  };

  const collectionPolicy = (collection: string): Policy => {
    const p = policy(collection);
    if (!p) throw invalid(`unknown collection "${collection}"`);
    return p;
  };

  const recordId = (raw: string): string => {
    if (!raw || raw.length > 200 || CONTROL.test(raw) || !raw.isWellFormed())
      throw invalid('a record id is 1 to 200 characters without control characters');
    return raw;
  };

  // ------------------------------------------------------------------------------------ routes

  app.get('/healthz', async (_req, reply) => {
    if (closing) return reply.code(503).send({ ok: false, store: db.kind, instance: config.instanceId, error: 'shutting down' });
    try {
      await db.query('SELECT 1');
      return { ok: true, store: db.kind, instance: config.instanceId, streams: streams.size };
    } catch (e) {
      return reply.code(503).send({ ok: false, store: db.kind, instance: config.instanceId, error: (e as Error).message });
    }
  });

  app.get('/v1/openapi.json', async () => openapi);

  app.get('/v1/me', async (req) => {
    const { viewer, community } = await identify(req, { needCommunity: false, allowAnonymous: config.auth === 'dev' });
    if (community && !viewer.anonymous) await directory.seen(community, viewer);
    const out: Viewer = { id: viewer.id, name: viewer.name, roles: viewer.roles };
    if (viewer.anonymous) out.anonymous = true;
    return out;
  });

  app.get('/v1/people', async (req) => {
    const { community } = await identify(req);
    const q = req.query as Record<string, unknown>;
    for (const k of Object.keys(q)) if (!['search', 'ids', 'community'].includes(k)) throw invalid(`unknown query parameter "${k}"`);
    const search = q.search === undefined ? undefined : single(q.search);
    const idsRaw = q.ids === undefined ? undefined : single(q.ids);
    if ((q.search !== undefined && search === undefined) || (q.ids !== undefined && idsRaw === undefined))
      throw invalid('search and ids are given once');
    if (search !== undefined && search.length > 200) throw invalid('search is at most 200 characters');
    let ids: string[] | undefined;
    if (idsRaw !== undefined) {
      ids = idsRaw
        .split(',')
        .map((s) => {
          try {
            return decodeURIComponent(s);
          } catch {
            throw invalid('ids: bad percent-encoding');
          }
        })
        .filter(Boolean);
      if (ids.length > 100) throw invalid('at most 100 ids');
    }
    return directory.search(community, { search, ids });
  });

  app.get<{ Params: { collection: string } }>('/v1/c/:collection', async (req, reply) => {
    const { viewer, community } = await identify(req);
    const p = collectionPolicy(req.params.collection);
    const query = parseListQuery(req.query as Record<string, unknown>);
    return reply.type('application/json; charset=utf-8').send(await listRecordsJson(db, p, viewer, community, query));
  });

  app.get<{ Params: { collection: string; id: string } }>('/v1/c/:collection/:id', async (req) => {
    const { viewer, community } = await identify(req);
    const p = collectionPolicy(req.params.collection);
    const rec = await getRecord(db, p, viewer, community, recordId(req.params.id));
    if (!rec) throw new HttpError('not-found', `no ${p.collection} record ${req.params.id}`);
    return rec;
  });

  app.put<{ Params: { collection: string; id: string } }>('/v1/c/:collection/:id', async (req) => {
    const { viewer, community } = await identify(req, { write: true });
    const p = collectionPolicy(req.params.collection);
    const id = recordId(req.params.id);
    const body = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('the body must be a JSON object (the record)');
    const rec = body as Rec;
    if (rec.id !== undefined && rec.id !== id)
      throw invalid(`the record's id (${JSON.stringify(rec.id)}) differs from the path's (${JSON.stringify(id)})`);
    await directory.seen(community, viewer);
    return putRecord(db, { viewer, community, policy: p, validate: (r) => schemas.validate(p.schema, r) }, { ...rec, id });
  });

  app.delete<{ Params: { collection: string; id: string } }>('/v1/c/:collection/:id', async (req, reply) => {
    const { viewer, community } = await identify(req, { write: true });
    const p = collectionPolicy(req.params.collection);
    await removeRecord(db, viewer, community, p, recordId(req.params.id));
    return reply.code(204).send();
  });

  app.get('/v1/events', async (req, reply) => {
    const { viewer, community } = await identify(req);
    const q = req.query as Record<string, unknown>;
    for (const k of Object.keys(q))
      if (!['collections', 'lastEventId', 'replayMs', 'community'].includes(k)) throw invalid(`unknown query parameter "${k}"`);
    let collections: Set<string> | undefined;
    const colRaw = q.collections === undefined ? undefined : single(q.collections);
    if (q.collections !== undefined && colRaw === undefined) throw invalid('collections is given once, comma-separated');
    if (colRaw) {
      const names = colRaw.split(',').filter(Boolean);
      if (names.length > 100) throw invalid('at most 100 collections');
      for (const n of names) collectionPolicy(n);
      collections = new Set(names);
    }
    const idRaw = single(req.headers['last-event-id']) ?? single(q.lastEventId);
    if (idRaw !== undefined && !/^\d{1,15}$/.test(idRaw)) throw invalid('Last-Event-ID is the id of an event this server sent');
    const lastId = idRaw === undefined ? undefined : Number(idRaw);
    const replayRaw = single(q.replayMs);
    if (replayRaw !== undefined && !/^\d{1,5}$/.test(replayRaw)) throw invalid('replayMs is a whole number of milliseconds up to 60000');
    const replayMs = replayRaw === undefined ? 0 : Math.min(Number(replayRaw), 60_000);
    if (closing) throw new HttpError('unavailable', 'the server is shutting down');
    if (streams.size >= config.maxStreams)
      throw new HttpError('unavailable', 'this server has as many event streams as it takes; try again', {
        headers: { 'retry-after': '5' },
      });

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.socket.setKeepAlive(true, 30_000);
    let unsubscribe = () => {};
    const stream = new EventStream({
      res,
      community,
      viewer,
      collections,
      policyFor: policy,
      heartbeatMs: config.heartbeatMs,
      onClose: () => {
        unsubscribe();
        streams.delete(stream);
      },
    });
    streams.add(stream);
    unsubscribe = hub.subscribe(stream);
    if (stream.isClosed) unsubscribe();
    try {
      const latest = await latestSeq(db, community);
      if (lastId !== undefined && lastId < (await eventHorizon(db))) return stream.reset('the resume point is older than the kept history');
      const cols = collections ? [...collections] : undefined;
      const from = lastId !== undefined ? { afterSeq: lastId } : replayMs ? { sinceMs: replayMs } : undefined;
      if (from) {
        const events = await eventsAfter(db, community, from, cols, MAX_REPLAY);
        if (events.length >= MAX_REPLAY) return stream.reset('too many changes to replay');
        for (const ev of events) stream.deliver(ev);
      }
      stream.ready(Math.max(latest, lastId ?? 0));
    } catch (e) {
      req.log.error({ err: e }, 'events: cannot start the stream');
      stream.close('error');
    }
  });

  // ------------------------------------------------------------------------------------ static

  if (config.demoDir) {
    const attrs = `adapter="rest" endpoint="/"${config.auth === 'dev' ? ' identity="dev"' : ''}`;
    registerStatic(app, { demoDir: config.demoDir, distDir: config.distDir, providerAttributes: attrs });
  }

  // ---------------------------------------------------------------------------- housekeeping

  const prune = async () => {
    try {
      const n = await pruneEvents(db, config.eventRetentionHours);
      if (n) log.info({ events: n }, 'events: pruned history');
      // PGlite has no autovacuum daemon: keep the planner's statistics fresh by hand
      if (db.kind === 'pglite') await db.query('ANALYZE lc_records, lc_events, lc_people');
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'events: housekeeping failed');
    }
  };
  const pruneTimer = setInterval(prune, 10 * 60_000);
  pruneTimer.unref();
  void prune();

  app.addHook('preClose', async () => {
    closing = true;
    for (const s of [...streams]) s.close('server shutting down', true);
  });

  let closed: Promise<void> | undefined;
  return {
    app,
    db,
    hub,
    config,
    reloadRoster: () => directory.load(),
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
      return `http://${host}:${port}`;
    },
    close() {
      closed ??= (async () => {
        clearInterval(pruneTimer);
        await app.close();
        await hub.stop();
        if (ownDb) await db.close();
      })();
      return closed;
    },
  };
}

export { ANONYMOUS };
