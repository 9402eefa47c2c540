/**
 * Identity modes (LC_AUTH): header (trusted proxies only), jwt (HS256 secret, RS256/ES256 JWKS,
 * issuer and audience, cookie), dev (loopback only); and configuration checks.
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { LcServer } from '../src/app.js';
import { createAuthenticate, decodeHeaderText, parseRoles } from '../src/auth.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { pglite, testConfig, testServer } from './helpers.js';

describe('identity', () => {
  let handle: Awaited<ReturnType<typeof pglite.open>>;
  before(async () => {
    handle = await pglite.open();
  });
  after(async () => {
    await handle.drop();
  });

  describe('header mode', () => {
    let server: LcServer;
    before(async () => {
      server = await testServer(handle.db, { LC_TRUSTED_PROXIES: '127.0.0.1, 10.1.0.0/16', LC_DEFAULT_ROLES: 'member' });
    });
    after(() => server.close());

    it('believes X-Remote-* from a trusted proxy (an address or a range)', async () => {
      for (const remoteAddress of ['127.0.0.1', '10.1.200.3', '::ffff:10.1.0.9']) {
        const r = await server.app.inject({
          method: 'GET',
          url: '/v1/me',
          remoteAddress,
          headers: { 'x-remote-user': 'jo', 'x-remote-name': 'Jo%20Bloggs', 'x-remote-roles': 'Moderator approver' },
        });
        assert.equal(r.statusCode, 200, `${remoteAddress}: ${r.body}`);
        assert.deepEqual(r.json(), { id: 'jo', name: 'Jo Bloggs', roles: ['moderator', 'approver', 'member'] });
      }
    });

    it('refuses identity headers from anyone else, and answers 401 without them', async () => {
      for (const remoteAddress of ['10.2.0.1', '192.168.1.5', '::1']) {
        const r = await server.app.inject({
          method: 'GET',
          url: '/v1/me',
          remoteAddress,
          headers: { 'x-remote-user': 'admin', 'x-remote-roles': 'admin' },
        });
        assert.equal(r.statusCode, 401, remoteAddress);
        assert.match(r.json().error.message, /trusted reverse proxy/);
      }
      assert.equal((await server.app.inject({ method: 'GET', url: '/v1/me' })).statusCode, 401);
    });

    it('decodes names sent percent-encoded or as raw UTF-8 bytes, and cleans role lists', () => {
      assert.equal(decodeHeaderText('Zo%C3%AB%20%C3%96lund'), 'Zoë Ölund');
      assert.equal(decodeHeaderText(Buffer.from('Zoë', 'utf8').toString('latin1')), 'Zoë');
      assert.equal(decodeHeaderText('100% sure'), '100% sure');
      assert.deepEqual(parseRoles(' Moderator,approver  approver\tFACILITATOR,, '), ['moderator', 'approver', 'facilitator']);
      assert.deepEqual(parseRoles(['a', 3, 'B']), ['a', 'b']);
    });
  });

  describe('jwt mode', () => {
    const secret = 'a-test-secret-that-is-long-enough-0123456789';
    const issuer = 'https://sso.example';
    const audience = 'lc-elements';
    let server: LcServer;
    const sign = (
      claims: Record<string, unknown>,
      opts: { iss?: string; aud?: string; exp?: string | number; key?: string; alg?: string } = {},
    ) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
        .setIssuedAt()
        .setIssuer(opts.iss ?? issuer)
        .setAudience(opts.aud ?? audience)
        .setExpirationTime(opts.exp ?? '10m')
        .sign(new TextEncoder().encode(opts.key ?? secret));

    before(async () => {
      server = await testServer(handle.db, {
        LC_AUTH: 'jwt',
        LC_JWT_SECRET: secret,
        LC_JWT_ISSUER: issuer,
        LC_JWT_AUDIENCE: audience,
        LC_JWT_COOKIE: 'lc_token',
        LC_JWT_ROLES_CLAIM: 'realm_access.roles',
      });
    });
    after(() => server.close());

    const me = (headers: Record<string, string>) => server.app.inject({ method: 'GET', url: '/v1/me', headers });

    it('accepts a valid bearer token: sub, name and roles (dotted claim path)', async () => {
      const t = await sign({ sub: 'u-17', name: 'Seventeen', realm_access: { roles: ['Approver'] } });
      const r = await me({ authorization: `Bearer ${t}` });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json(), { id: 'u-17', name: 'Seventeen', roles: ['approver'] });
    });

    it('accepts the token from the configured cookie', async () => {
      const t = await sign({ sub: 'u-cookie' });
      const r = await me({ cookie: `other=1; lc_token=${t}` });
      assert.equal(r.json().id, 'u-cookie');
    });

    it('refuses expired, wrongly issued, wrong-audience, forged, unsigned and subject-less tokens', async () => {
      const cases: [string, Promise<string> | string, RegExp][] = [
        ['expired', sign({ sub: 'u' }, { exp: Math.floor(Date.now() / 1000) - 120 }), /expired/],
        ['issuer', sign({ sub: 'u' }, { iss: 'https://evil.example' }), /iss/],
        ['audience', sign({ sub: 'u' }, { aud: 'someone-else' }), /aud/],
        ['forged', sign({ sub: 'u' }, { key: 'another-secret-that-is-long-enough-012345' }), /signature/],
        ['no sub', sign({ name: 'x' }), /subject/],
        [
          'alg none',
          `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'u', iss: issuer, aud: audience })).toString('base64url')}.`,
          /not valid/,
        ],
        ['garbage', 'not.a.token', /not valid/],
      ];
      for (const [what, token, re] of cases) {
        const r = await me({ authorization: `Bearer ${await token}` });
        assert.equal(r.statusCode, 401, what);
        assert.match(r.json().error.message, re, what);
      }
      assert.equal((await me({ authorization: 'Basic dXNlcjpwYXNz' })).statusCode, 401);
      assert.equal((await me({})).statusCode, 401);
    });
  });

  describe('jwt mode with a JWKS (RS256 and ES256)', () => {
    let jwks: Server;
    let server: LcServer;
    const keys: { alg: string; privateKey: CryptoKey; kid: string }[] = [];
    before(async () => {
      const published: JWK[] = [];
      for (const alg of ['RS256', 'ES256']) {
        const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
        const jwk = await exportJWK(publicKey);
        const kid = `k-${alg}`;
        published.push({ ...jwk, kid, alg, use: 'sig' });
        keys.push({ alg, privateKey: privateKey as CryptoKey, kid });
      }
      jwks = createHttpServer((_req, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published })),
      );
      await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
      const port = (jwks.address() as { port: number }).port;
      server = await testServer(handle.db, {
        LC_AUTH: 'jwt',
        LC_JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
        LC_JWT_ISSUER: 'iss',
        LC_JWT_AUDIENCE: 'aud',
      });
    });
    after(async () => {
      await server.close();
      jwks.close();
    });

    it('verifies tokens signed by either key, and refuses a key it does not publish', async () => {
      for (const k of keys) {
        const t = await new SignJWT({ sub: `via-${k.alg}` })
          .setProtectedHeader({ alg: k.alg, kid: k.kid })
          .setIssuer('iss')
          .setAudience('aud')
          .setExpirationTime('5m')
          .sign(k.privateKey);
        const r = await server.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${t}` } });
        assert.equal(r.statusCode, 200, r.body);
        assert.equal(r.json().id, `via-${k.alg}`);
      }
      const stranger = await generateKeyPair('RS256');
      const t = await new SignJWT({ sub: 'x' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k-RS256' })
        .setIssuer('iss')
        .setAudience('aud')
        .setExpirationTime('5m')
        .sign(stranger.privateKey);
      assert.equal((await server.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${t}` } })).statusCode, 401);
    });
  });

  describe('dev mode', () => {
    let server: LcServer;
    before(async () => {
      server = await testServer(handle.db, { LC_AUTH: 'dev', LC_DEV_ROLES: 'facilitator' });
    });
    after(() => server.close());

    it('is anonymous until a name is given, then the declared identity with the dev roles', async () => {
      const anon = await server.app.inject({ method: 'GET', url: '/v1/me', headers: { 'x-lc-community': 'c' } });
      assert.deepEqual(anon.json(), { id: '', name: '', roles: [], anonymous: true });
      const named = await server.app.inject({
        method: 'GET',
        url: '/v1/me',
        headers: { 'x-lc-dev-user': 'dev-1', 'x-lc-dev-name': encodeURIComponent('Åsa') },
      });
      assert.deepEqual(named.json(), { id: 'dev-1', name: 'Åsa', roles: ['facilitator'] });
    });

    it('lets the anonymous read but not write, and takes dev identities only from loopback', async () => {
      assert.equal((await server.app.inject({ method: 'GET', url: '/v1/c/notes', headers: { 'x-lc-community': 'c' } })).statusCode, 200);
      assert.equal(
        (await server.app.inject({ method: 'PUT', url: '/v1/c/notes/x', headers: { 'x-lc-community': 'c' }, payload: {} })).statusCode,
        401,
      );
      const remote = await server.app.inject({
        method: 'GET',
        url: '/v1/me',
        remoteAddress: '192.168.0.7',
        headers: { 'x-lc-dev-user': 'dev-1', 'x-lc-dev-name': 'x' },
      });
      assert.equal(remote.statusCode, 401);
    });

    it('refuses to start unless bound to loopback', () => {
      assert.throws(() => loadConfig({ LC_AUTH: 'dev', HOST: '0.0.0.0' }), /loopback/);
      assert.throws(() => loadConfig({ LC_AUTH: 'dev', HOST: '192.168.1.4' }), /loopback/);
      for (const host of ['127.0.0.1', '::1', 'localhost', '127.1.2.3'])
        assert.equal(loadConfig({ LC_AUTH: 'dev', HOST: host }).auth, 'dev');
    });
  });

  describe('configuration', () => {
    it('refuses to start without a clear identity setup', () => {
      const bad: [Record<string, string>, RegExp][] = [
        [{}, /LC_AUTH must be set/],
        [{ LC_AUTH: 'magic' }, /LC_AUTH must be set/],
        [{ LC_AUTH: 'header' }, /LC_TRUSTED_PROXIES/],
        [{ LC_AUTH: 'header', LC_TRUSTED_PROXIES: 'proxy.example' }, /not an IP/],
        [{ LC_AUTH: 'header', LC_TRUSTED_PROXIES: '10.0.0.0/40' }, /prefix/],
        [{ LC_AUTH: 'jwt' }, /exactly one of/],
        [{ LC_AUTH: 'jwt', LC_JWT_SECRET: 'x'.repeat(40) }, /ISSUER/],
        [{ LC_AUTH: 'jwt', LC_JWT_SECRET: 'short', LC_JWT_ISSUER: 'i', LC_JWT_AUDIENCE: 'a' }, /32 bytes/],
        [{ LC_AUTH: 'jwt', LC_JWT_JWKS_URL: 'http://sso.example/jwks', LC_JWT_ISSUER: 'i', LC_JWT_AUDIENCE: 'a' }, /https/],
        [{ LC_AUTH: 'dev', PORT: 'eighty' }, /PORT/],
        [{ LC_AUTH: 'dev', LC_RATE_LIMIT: 'lots' }, /LC_RATE_LIMIT/],
      ];
      for (const [env, re] of bad)
        assert.throws(
          () => loadConfig(env),
          (e: Error) => e instanceof ConfigError && re.test(e.message),
          JSON.stringify(env),
        );
    });

    it('reads rate limits, origins and collections', () => {
      const c = testConfig({
        LC_RATE_LIMIT: '100/1m',
        LC_WRITE_RATE_LIMIT: 'off',
        LC_ALLOWED_ORIGINS: 'https://a.example/, https://b.example',
        LC_EXTRA_COLLECTIONS: '*',
      });
      assert.deepEqual(c.rateLimit, { max: 100, windowMs: 60_000 });
      assert.equal(c.writeRateLimit.max, 0);
      assert.deepEqual(c.allowedOrigins, ['https://a.example', 'https://b.example']);
      assert.equal(c.extraCollections, '*');
    });

    it('authenticate() never trusts X-Remote-* in jwt mode nor a bearer token in header mode', async () => {
      const jwt = createAuthenticate(
        testConfig({ LC_AUTH: 'jwt', LC_JWT_SECRET: 'x'.repeat(40), LC_JWT_ISSUER: 'i', LC_JWT_AUDIENCE: 'a' }),
      );
      assert.equal((await jwt({ headers: { 'x-remote-user': 'admin' }, remoteAddress: '127.0.0.1' })).anonymous, true);
      const header = createAuthenticate(testConfig());
      assert.equal((await header({ headers: { authorization: 'Bearer abc' }, remoteAddress: '127.0.0.1' })).anonymous, true);
    });
  });
});
