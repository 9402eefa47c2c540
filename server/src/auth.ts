/**
 * Who is asking. Identity comes from the portal, configured, never guessed (`LC_AUTH`):
 *  - `header`: `X-Remote-User` / `X-Remote-Name` / `X-Remote-Roles`, set by the organisation's SSO
 *    reverse proxy and believed only from `LC_TRUSTED_PROXIES`;
 *  - `jwt`: a bearer token (or the `LC_JWT_COOKIE` cookie) verified with `jose` against an HS256
 *    secret or a JWKS URL, issuer and audience checked;
 *  - `dev`: `X-LC-Dev-User` / `X-LC-Dev-Name` / `X-LC-Dev-Roles` as the browser says, for the demo
 *    on a loopback address only.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { addressMatcher, isLoopbackHost, type Config } from './config.js';
import { unauthorized } from './errors.js';

export interface Viewer {
  id: string;
  name: string;
  roles: string[];
  anonymous?: boolean;
  /** When the credential stops being valid (ms since epoch); event streams close then. */
  expiresAt?: number;
}

export const ANONYMOUS: Viewer = Object.freeze({ id: '', name: '', roles: [], anonymous: true }) as Viewer;

/** The roles the server gives meaning to. `admin` holds all of them. */
export const ROLES = ['moderator', 'approver', 'manager', 'facilitator', 'admin'] as const;

export function hasRole(viewer: Viewer, role: (typeof ROLES)[number]): boolean {
  return viewer.roles.includes(role) || viewer.roles.includes('admin');
}

export interface RequestLike {
  headers: IncomingHttpHeaders;
  remoteAddress?: string;
}

/** Resolves the viewer of a request: a viewer, `ANONYMOUS` when no credential came, or throws `unauthorized`. */
export type Authenticate = (req: RequestLike) => Promise<Viewer>;

const ID_MAX = 200;
const NAME_MAX = 200;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

/**
 * Header values arrive as latin1. Names may be percent-encoded UTF-8 (what most proxies do) or
 * raw UTF-8 bytes; both become the right string.
 */
export function decodeHeaderText(raw: string): string {
  let s = raw.trim();
  if (/%[0-9a-fA-F]{2}/.test(s)) {
    try {
      s = decodeURIComponent(s);
    } catch {
      /* keep as is */
    }
  } else if (/[\u0080-\u00ff]/.test(s)) {
    const utf8 = Buffer.from(s, 'latin1').toString('utf8');
    if (!utf8.includes('\ufffd')) s = utf8;
  }
  return s;
}

export function parseRoles(raw: unknown): string[] {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const roles = items
    .filter((r): r is string => typeof r === 'string')
    .map((r) => r.trim().toLowerCase())
    .filter((r) => r && r.length <= 64 && !CONTROL.test(r));
  return [...new Set(roles)].slice(0, 50);
}

function checkId(id: string, source: string): string {
  const trimmed = id.trim();
  if (!trimmed || trimmed.length > ID_MAX || CONTROL.test(trimmed))
    throw unauthorized(`${source}: the user id is empty, too long or has control characters`);
  // reserved: what others see as the author of an anonymous record
  if (trimmed === 'anonymous') throw unauthorized(`${source}: "anonymous" is reserved and cannot be a user id`);
  return trimmed;
}

function checkName(name: string | undefined, fallback: string): string {
  const n = (name ?? '').trim();
  if (!n || CONTROL.test(n)) return fallback;
  return n.slice(0, NAME_MAX);
}

function withDefaults(v: Viewer, defaultRoles: string[]): Viewer {
  return defaultRoles.length ? { ...v, roles: [...new Set([...v.roles, ...defaultRoles])] } : v;
}

/** A claim by name, or by dotted path (`realm_access.roles`). */
function claim(payload: JWTPayload, path: string): unknown {
  if (path in payload) return payload[path];
  let cur: unknown = payload;
  for (const part of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function cookieValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = header(headers, 'cookie');
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export interface AuthWarnings {
  warn(obj: object, msg: string): void;
}

export function createAuthenticate(config: Config, log?: AuthWarnings): Authenticate {
  const defaults = config.defaultRoles;
  if (config.auth === 'header') {
    const trusted = addressMatcher(config.trustedProxies);
    return async (req) => {
      const user = header(req.headers, 'x-remote-user');
      if (!user) return ANONYMOUS;
      if (!trusted(req.remoteAddress)) {
        log?.warn({ remoteAddress: req.remoteAddress }, 'auth: X-Remote-User from an address not in LC_TRUSTED_PROXIES; refused');
        throw unauthorized('identity headers are only accepted from the trusted reverse proxy');
      }
      const id = checkId(decodeHeaderText(user), 'X-Remote-User');
      const nameRaw = header(req.headers, 'x-remote-name');
      return withDefaults(
        { id, name: checkName(nameRaw && decodeHeaderText(nameRaw), id), roles: parseRoles(header(req.headers, 'x-remote-roles') ?? '') },
        defaults,
      );
    };
  }

  if (config.auth === 'jwt') {
    const jwt = config.jwt;
    const key: Uint8Array | JWTVerifyGetKey = jwt.secret
      ? new TextEncoder().encode(jwt.secret)
      : createRemoteJWKSet(new URL(jwt.jwksUrl!), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    return async (req) => {
      const authz = header(req.headers, 'authorization');
      let token: string | undefined;
      if (authz) {
        const m = /^Bearer\s+([A-Za-z0-9_\-.=]+)\s*$/i.exec(authz);
        if (!m) throw unauthorized('Authorization must be "Bearer <token>"');
        token = m[1];
      } else if (jwt.cookie) token = cookieValue(req.headers, jwt.cookie);
      if (!token) return ANONYMOUS;
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, key as Uint8Array, {
          issuer: jwt.issuer,
          audience: jwt.audience,
          algorithms: jwt.algorithms,
          clockTolerance: 30,
        }));
      } catch (e) {
        const why =
          e instanceof joseErrors.JWTExpired
            ? 'the token has expired'
            : e instanceof joseErrors.JWTClaimValidationFailed
              ? `the token's ${e.claim} claim is not accepted`
              : e instanceof joseErrors.JWKSNoMatchingKey
                ? 'no key of the JWKS matches the token'
                : e instanceof joseErrors.JOSEError
                  ? 'the token signature or format is not valid'
                  : 'the token cannot be verified now';
        if (!(e instanceof joseErrors.JOSEError)) log?.warn({ err: (e as Error).message }, 'auth: token verification failed');
        throw unauthorized(why);
      }
      if (typeof payload.sub !== 'string') throw unauthorized('the token has no subject (sub)');
      const id = checkId(payload.sub, 'token sub');
      const name = claim(payload, jwt.nameClaim) ?? payload.preferred_username;
      return withDefaults(
        {
          id,
          name: checkName(typeof name === 'string' ? name : undefined, id),
          roles: parseRoles(claim(payload, jwt.rolesClaim)),
          expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined,
        },
        defaults,
      );
    };
  }

  // dev
  return async (req) => {
    const user = header(req.headers, 'x-lc-dev-user');
    if (!user) return ANONYMOUS;
    if (!req.remoteAddress || !isLoopbackHost(req.remoteAddress)) throw unauthorized('dev identity is only accepted on loopback');
    const id = checkId(decodeHeaderText(user), 'X-LC-Dev-User');
    const nameRaw = header(req.headers, 'x-lc-dev-name');
    const name = nameRaw && decodeHeaderText(nameRaw);
    const rolesRaw = header(req.headers, 'x-lc-dev-roles');
    const v: Viewer = { id, name: checkName(name, ''), roles: rolesRaw !== undefined ? parseRoles(rolesRaw) : [...config.devRoles] };
    // a dev id without a name is someone who has not picked a name yet
    if (!v.name) return { ...ANONYMOUS, id: '', roles: [] };
    return withDefaults(v, defaults);
  };
}
