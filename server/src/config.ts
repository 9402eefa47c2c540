/**
 * Configuration from the environment (`LC_*`, `PORT`, `HOST`, `DATABASE_URL`). Every setting is
 * read and checked once at start; a bad value stops the server with a message naming it.
 */
import { BlockList, isIP } from 'node:net';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

export type AuthMode = 'header' | 'jwt' | 'dev';

export interface RateLimit {
  /** Requests allowed per window (0 turns the limit off). */
  max: number;
  windowMs: number;
}

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent the embedded PGlite store in `dataDir` is used. */
  databaseUrl?: string;
  /** Schema (search_path) for the tables on PostgreSQL; default `public`. */
  dbSchema?: string;
  dbPoolSize: number;
  /** PGlite data directory, or `memory://` for a throwaway in-memory store. */
  dataDir: string;
  auth: AuthMode;
  trustedProxies: string[];
  jwt: {
    secret?: string;
    jwksUrl?: string;
    issuer?: string;
    audience?: string;
    algorithms: string[];
    nameClaim: string;
    rolesClaim: string;
    cookie?: string;
  };
  devRoles: string[];
  defaultRoles: string[];
  allowedOrigins: string[];
  /** Allowed communities; empty means any well-formed name. */
  communities: string[];
  /** Collections beyond the built-in ones: `*` for any well-formed name, or a list. */
  extraCollections: '*' | string[];
  bodyLimit: number;
  rateLimit: RateLimit;
  writeRateLimit: RateLimit;
  peopleFile?: string;
  logLevel: string;
  heartbeatMs: number;
  eventRetentionHours: number;
  maxStreams: number;
  shutdownTimeoutMs: number;
  hsts: boolean;
  instanceId: string;
  /** Static directories to serve (the demo page and dist/); off unless `LC_DEMO_DIR` is set. */
  demoDir?: string;
  distDir?: string;
  /** Attributes the demo page's `<lc-provider>` gets when served from here (adapter="rest" …). */
  demoProvider: boolean;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const list = (v: string | undefined) =>
  (v ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function int(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name}=${raw}: expected a whole number from ${min} to ${max}`);
  return n;
}

/** `600/60s`, `100/1m`, `0` (off). */
function rate(env: Env, name: string, fallback: string): RateLimit {
  const raw = (env[name] ?? fallback).trim();
  if (raw === '0' || raw === 'off') return { max: 0, windowMs: 60_000 };
  const m = /^(\d+)\s*\/\s*(\d+)?\s*(ms|s|m|h)$/.exec(raw);
  if (!m) throw new ConfigError(`${name}=${raw}: expected COUNT/WINDOW such as 600/60s or 100/1m, or 0 to turn it off`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[3] as 'ms' | 's' | 'm' | 'h'];
  return { max: Number(m[1]), windowMs: Number(m[2] ?? 1) * unit };
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '::ffff:127.0.0.1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** A matcher for `LC_TRUSTED_PROXIES` (IPs and CIDR ranges, v4 and v6). */
export function addressMatcher(entries: string[]): (address: string | undefined) => boolean {
  const block = new BlockList();
  for (const e of entries) {
    const [addr, bits] = e.split('/');
    const type = isIP(addr) === 6 ? 'ipv6' : isIP(addr) === 4 ? 'ipv4' : undefined;
    if (!type) throw new ConfigError(`LC_TRUSTED_PROXIES: "${e}" is not an IP address or CIDR range`);
    if (bits === undefined) block.addAddress(addr, type);
    else {
      const n = Number(bits);
      if (!Number.isInteger(n) || n < 0 || n > (type === 'ipv4' ? 32 : 128))
        throw new ConfigError(`LC_TRUSTED_PROXIES: bad prefix length in "${e}"`);
      block.addSubnet(addr, n, type);
    }
  }
  return (address) => {
    if (!address) return false;
    const a = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    const type = isIP(a) === 6 ? 'ipv6' : isIP(a) === 4 ? 'ipv4' : undefined;
    return !!type && block.check(a, type);
  };
}

export function loadConfig(env: Env = process.env): Config {
  const auth = (env.LC_AUTH ?? '').trim().toLowerCase();
  if (auth !== 'header' && auth !== 'jwt' && auth !== 'dev')
    throw new ConfigError(
      `LC_AUTH must be set to header, jwt or dev (got ${auth ? `"${auth}"` : 'nothing'}). ` +
        'header: trust X-Remote-User from LC_TRUSTED_PROXIES; jwt: verify bearer tokens; dev: pick-a-name identity, loopback only.',
    );
  const host = env.HOST?.trim() || '127.0.0.1';
  const trustedProxies = list(env.LC_TRUSTED_PROXIES);
  addressMatcher(trustedProxies); // validates
  if (auth === 'header' && !trustedProxies.length)
    throw new ConfigError(
      'LC_AUTH=header needs LC_TRUSTED_PROXIES: the addresses of the reverse proxy that sets X-Remote-User (e.g. 127.0.0.1 or 10.0.0.0/24)',
    );
  if (auth === 'dev' && !isLoopbackHost(host))
    throw new ConfigError(
      `LC_AUTH=dev lets anyone say who they are; it is refused unless HOST is a loopback address (got HOST=${host}). Use LC_AUTH=header or jwt.`,
    );

  const jwt: Config['jwt'] = {
    secret: env.LC_JWT_SECRET || undefined,
    jwksUrl: env.LC_JWT_JWKS_URL || undefined,
    issuer: env.LC_JWT_ISSUER || undefined,
    audience: env.LC_JWT_AUDIENCE || undefined,
    algorithms: list(env.LC_JWT_ALGORITHMS),
    nameClaim: env.LC_JWT_NAME_CLAIM || 'name',
    rolesClaim: env.LC_JWT_ROLES_CLAIM || 'roles',
    cookie: env.LC_JWT_COOKIE || undefined,
  };
  if (auth === 'jwt') {
    if (!!jwt.secret === !!jwt.jwksUrl)
      throw new ConfigError('LC_AUTH=jwt needs exactly one of LC_JWT_SECRET (HS256) or LC_JWT_JWKS_URL (RS256/ES256)');
    if (!jwt.issuer || !jwt.audience)
      throw new ConfigError('LC_AUTH=jwt needs LC_JWT_ISSUER and LC_JWT_AUDIENCE: tokens are checked against both');
    if (jwt.secret && Buffer.byteLength(jwt.secret) < 32) throw new ConfigError('LC_JWT_SECRET must be at least 32 bytes');
    if (jwt.jwksUrl) {
      let u: URL;
      try {
        u = new URL(jwt.jwksUrl);
      } catch {
        throw new ConfigError(`LC_JWT_JWKS_URL=${jwt.jwksUrl} is not a URL`);
      }
      if (u.protocol !== 'https:' && !isLoopbackHost(u.hostname))
        throw new ConfigError('LC_JWT_JWKS_URL must be https (plain http only on loopback)');
    }
    if (!jwt.algorithms.length) jwt.algorithms = jwt.secret ? ['HS256'] : ['RS256', 'ES256'];
    for (const a of jwt.algorithms)
      if (!['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'].includes(a))
        throw new ConfigError(`LC_JWT_ALGORITHMS: unknown algorithm ${a}`);
  }

  const extra = (env.LC_EXTRA_COLLECTIONS ?? '').trim();
  const demoDir = env.LC_DEMO_DIR ? resolve(env.LC_DEMO_DIR) : undefined;
  return {
    port: int(env, 'PORT', 8080, 0, 65535),
    host,
    databaseUrl: env.DATABASE_URL || undefined,
    dbSchema: env.LC_DB_SCHEMA || undefined,
    dbPoolSize: int(env, 'LC_DB_POOL', 10, 1, 500),
    dataDir: env.LC_DATA_DIR || './.lc-data',
    auth,
    trustedProxies,
    jwt,
    devRoles: list(env.LC_DEV_ROLES ?? 'facilitator'),
    defaultRoles: list(env.LC_DEFAULT_ROLES),
    allowedOrigins: list(env.LC_ALLOWED_ORIGINS).map((o) => o.replace(/\/$/, '')),
    communities: list(env.LC_COMMUNITIES),
    extraCollections: extra === '*' ? '*' : list(extra),
    bodyLimit: int(env, 'LC_BODY_LIMIT', 64 * 1024, 1024, 16 * 1024 * 1024),
    rateLimit: rate(env, 'LC_RATE_LIMIT', '600/60s'),
    writeRateLimit: rate(env, 'LC_WRITE_RATE_LIMIT', '120/60s'),
    peopleFile: env.LC_PEOPLE_FILE || undefined,
    logLevel: env.LC_LOG_LEVEL || 'info',
    heartbeatMs: int(env, 'LC_SSE_HEARTBEAT_MS', 15_000, 100, 600_000),
    eventRetentionHours: int(env, 'LC_EVENT_RETENTION_HOURS', 24, 1, 24 * 365),
    maxStreams: int(env, 'LC_MAX_STREAMS', 10_000, 1, 1_000_000),
    shutdownTimeoutMs: int(env, 'LC_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    hsts: env.LC_HSTS === '1' || env.LC_HSTS === 'true',
    instanceId: env.LC_INSTANCE_ID || `${hostname()}-${process.pid}`,
    demoDir,
    distDir: env.LC_DIST_DIR ? resolve(env.LC_DIST_DIR) : undefined,
    demoProvider: !!demoDir,
  };
}
