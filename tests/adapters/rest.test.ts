import { expect } from '@open-wc/testing';
import { RestAdapter, SseParser, type RestAdapterOptions } from '../../src/adapters/rest.js';
import { LcAdapterError, type Change, type LcRecord, type Viewer } from '../../src/core/adapter.js';
import { runAdapterConformance } from '../../src/testing/index.js';
import { nextChange as changeOn } from '../helpers.js';

/**
 * The REST adapter against the real reference server (started by the wtr plugin in
 * tests/adapters/rest-server-plugin.mjs: LC_AUTH=jwt with a per-run HS256 secret, in-memory PGlite),
 * over loopback, from Chromium: the conformance kit, then what is particular to HTTP.
 */

interface ServerInfo {
  url: string;
  secret: string;
  issuer: string;
  audience: string;
  bodyLimit: number;
}

let server: ServerInfo;

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const b64json = (v: unknown) => b64url(new TextEncoder().encode(JSON.stringify(v)));

/** An HS256 token the test server accepts, made with WebCrypto. */
async function mint(viewer: Partial<Viewer> & { id: string }, overrides: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    sub: viewer.id,
    name: viewer.name ?? viewer.id,
    roles: viewer.roles ?? [],
    iss: server.issuer,
    aud: server.audience,
    iat: now,
    exp: now + 600,
    ...overrides,
  };
  const input = `${b64json({ alg: 'HS256', typ: 'JWT' })}.${b64json(payload)}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(server.secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input)));
  return `${input}.${b64url(sig)}`;
}

function uid(): string {
  return crypto.randomUUID().slice(0, 8);
}

const made: RestAdapter[] = [];

/** An adapter for `viewer` on `community`, closed after the test. */
function rest(community: string, viewer: Partial<Viewer> & { id: string }, options: Partial<RestAdapterOptions> = {}): RestAdapter {
  const token = mint(viewer);
  const a = new RestAdapter({ endpoint: server.url, community, getToken: () => token, reconnect: { minMs: 50, maxMs: 500 }, ...options });
  made.push(a);
  return a;
}

async function rejection(p: Promise<unknown>): Promise<LcAdapterError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the call should reject').to.be.instanceOf(LcAdapterError);
  return error as LcAdapterError;
}

/** Resolves with the first change a watch delivers that matches; fails after `timeout` ms. */
const nextChange = (adapter: RestAdapter, collection: string, match: (c: Change) => boolean, timeout = 4000) =>
  changeOn(adapter, collection, match, timeout);

before(async function () {
  this.timeout(120_000); // the first request starts the server (PGlite needs a few seconds)
  const res = await fetch('/__lc/rest-server.json');
  if (!res.ok) throw new Error(`the test server did not start: HTTP ${res.status} ${await res.text()}`);
  server = (await res.json()) as ServerInfo;
});

afterEach(() => {
  for (const a of made.splice(0)) a.close();
});

runAdapterConformance('rest', ({ community, viewer }) => rest(community, viewer), {
  people: true,
  watch: true,
  timeoutMs: 4000,
  cleanup: (a) => (a as RestAdapter).close(),
});

describe('RestAdapter', () => {
  const ada = { id: `ada-${uid()}`, name: 'Ada', roles: [] as string[] };
  const bob = { id: `bob-${uid()}`, name: 'Bob', roles: [] as string[] };

  describe('requests', () => {
    it('sends the community and the token, and names itself by endpoint and community', async () => {
      const seen: Request[] = [];
      const community = `c-${uid()}`;
      const a = rest(community, ada, {
        fetch: (input, init) => {
          seen.push(new Request(input, init));
          return fetch(input, init);
        },
      });
      expect(a.key).to.equal(`rest:${server.url}:${community}`);
      const me = await a.whoami();
      expect(me).to.deep.equal({ id: ada.id, name: 'Ada', roles: [] });
      expect(seen[0].url).to.equal(`${server.url}/v1/me`);
      expect(seen[0].headers.get('x-lc-community')).to.equal(community);
      expect(seen[0].headers.get('authorization')).to.match(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      expect(seen[0].credentials).to.equal('include');
      expect(a.identify, 'a real identity offers no identify()').to.equal(undefined);
    });

    it('encodes filters as JSON so types survive, and ids and collections as path segments', async () => {
      const a = rest(`c-${uid()}`, ada);
      await a.put('notes', { id: 'a/b c?d#e%', n: 1, s: '1' });
      await a.put('notes', { id: 'plain', n: '1', s: 1 });
      expect((await a.get('notes', 'a/b c?d#e%'))?.n).to.equal(1);
      expect((await a.list('notes', { where: { n: 1 } })).items.map((r) => r.id)).to.deep.equal(['a/b c?d#e%']);
      expect((await a.list('notes', { where: { n: '1' } })).items.map((r) => r.id)).to.deep.equal(['plain']);
      expect((await a.list('notes', { where: { 'odd field&x=1': null } })).items).to.have.length(2);
      await a.remove('notes', 'a/b c?d#e%');
      expect(await a.get('notes', 'a/b c?d#e%')).to.equal(undefined);
    });

    it('maps HTTP failures to error kinds with the server message', async () => {
      const community = `c-${uid()}`;
      const a = rest(community, ada);
      const unknown = await rejection(a.list('no-such-collection!', {}));
      expect(unknown.kind).to.equal('invalid');
      const forbidden = await rejection(a.put('meetings', { id: 'm1' }));
      expect(forbidden.kind).to.equal('forbidden');
      expect(forbidden.message).to.contain('facilitator');
      const tooBig = await rejection(a.put('notes', { id: 'big', text: 'x'.repeat(server.bodyLimit + 10) }));
      expect(tooBig.kind).to.equal('invalid');
      expect(tooBig.message).to.contain('larger than');
      const noToken = new RestAdapter({ endpoint: server.url, community });
      expect((await rejection(noToken.whoami())).kind).to.equal('unauthorized');
      const expired = new RestAdapter({
        endpoint: server.url,
        community,
        token: await mint(ada, { exp: Math.floor(Date.now() / 1000) - 3600 }),
      });
      const e = await rejection(expired.list('notes', {}));
      expect(e.kind).to.equal('unauthorized');
      expect(e.message).to.contain('expired');
    });

    it('asks getToken again and retries once after a 401', async () => {
      const community = `c-${uid()}`;
      const good = await mint(ada);
      const tokens = ['not-a-token', good];
      let calls = 0;
      const a = new RestAdapter({ endpoint: server.url, community, getToken: () => tokens[Math.min(calls++, 1)] });
      expect((await a.whoami()).id).to.equal(ada.id);
      expect(calls).to.equal(2);
    });

    it('fails with "offline" when the server cannot be reached and "unavailable" on a timeout', async () => {
      const down = new RestAdapter({ endpoint: 'http://127.0.0.1:9', community: 'c' });
      expect((await rejection(down.list('notes', {}))).kind).to.equal('offline');
      const slow = new RestAdapter({
        endpoint: server.url,
        community: 'c',
        timeoutMs: 30,
        fetch: (_i, init) =>
          new Promise((_r, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
      });
      const e = await rejection(slow.get('notes', 'x'));
      expect(e.kind).to.equal('unavailable');
      expect(e.message).to.contain('30 ms');
    });

    it('treats a 404 that is not the server\'s (a wrong endpoint) as "unavailable", not as a missing record', async () => {
      const wrong = new RestAdapter({ endpoint: `${location.origin}/nothing-here`, community: 'c' });
      expect((await rejection(wrong.get('notes', 'x'))).kind).to.equal('unavailable');
    });
  });

  describe('authorization through the adapter', () => {
    it('hides anonymous authors and private reflections from others, in lists and in events', async () => {
      const community = `c-${uid()}`;
      const a = rest(community, ada);
      const b = rest(community, bob);
      const seen: Change[] = [];
      const stop = b.watch('reflections', {}, (c) => seen.push(c));
      const fence = nextChange(b, 'reflections', (c) => c.id === 'r-fence');
      await a.put('reflections', { id: 'r-private', promptId: 'p', visibility: 'private', answers: [{ text: 'secret' }] });
      await a.put('reflections', {
        id: 'r-anon',
        promptId: 'p',
        visibility: 'anonymous',
        answers: [{ text: 'candid' }],
        authorName: 'Ada',
      });
      await a.put('reflections', { id: 'r-fence', promptId: 'p', visibility: 'community', answers: [{ text: 'hi' }], authorName: 'Ada' });
      await fence;
      stop();
      expect(seen.map((c) => c.id)).to.deep.equal(['r-anon', 'r-fence']);
      const anon = seen[0].record as LcRecord;
      expect(anon.authorId).to.equal('anonymous');
      expect(anon).to.not.have.property('authorName');
      expect(JSON.stringify(seen[0]), 'nothing in the anonymous change names its author').to.not.contain(ada.id);
      const listed = (await b.list('reflections', {})).items;
      expect(listed.map((r) => r.id).sort()).to.deep.equal(['r-anon', 'r-fence']);
      expect(JSON.stringify(listed.find((r) => r.id === 'r-anon'))).to.not.contain(ada.id);
      expect(await b.get('reflections', 'r-private')).to.equal(undefined);
      expect((await b.list('reflections', { where: { authorId: ada.id } })).items.map((r) => r.id)).to.deep.equal(['r-fence']);
      // the author still sees everything of their own
      expect((await a.list('reflections', { where: { authorId: ada.id } })).items).to.have.length(3);
    });
  });

  describe('live changes', () => {
    it('resumes with Last-Event-ID after the stream drops, delivering what was written meanwhile', async () => {
      const community = `c-${uid()}`;
      const streams: { ctrl: AbortController; headers: Headers }[] = [];
      const b = rest(community, bob, {
        fetch: (input, init) => {
          const url = String(input);
          if (!url.includes('/v1/events')) return fetch(input, init);
          const ctrl = new AbortController();
          init?.signal?.addEventListener('abort', () => ctrl.abort());
          streams.push({ ctrl, headers: new Headers(init?.headers) });
          return fetch(input, { ...init, signal: ctrl.signal });
        },
      });
      const a = rest(community, ada);
      const first = nextChange(b, 'notes', (c) => c.id === 'n1');
      await a.put('notes', { id: 'n1' });
      await first;
      expect(b.connected).to.equal(true);
      const seen: string[] = [];
      const stop = b.watch('notes', {}, (c) => seen.push(c.id));
      streams[streams.length - 1].ctrl.abort(); // the network drops
      await a.put('notes', { id: 'n2' }); // written while b is not connected
      await new Promise<void>((resolve, reject) => {
        const t0 = Date.now();
        const poll = () =>
          seen.includes('n2')
            ? resolve()
            : Date.now() - t0 > 4000
              ? reject(new Error(`n2 not delivered; saw ${seen}`))
              : setTimeout(poll, 20);
        poll();
      });
      stop();
      expect(streams.length).to.be.greaterThan(1);
      expect(streams[streams.length - 1].headers.get('last-event-id'), 'the reconnect resumes from the last event').to.match(/^\d+$/);
    });

    it('delivers changes made before the stream was open (replay of the first moments)', async () => {
      const community = `c-${uid()}`;
      const a = rest(community, ada);
      const b = rest(community, bob);
      const got = nextChange(b, 'notes', (c) => c.id === 'early');
      await a.put('notes', { id: 'early' }); // most likely committed before b's stream is open
      expect((await got).record).to.include({ id: 'early' });
    });

    it('treats a stream silent past two and a half heartbeats as dead and reconnects', async () => {
      let opened = 0;
      const enc = new TextEncoder();
      const a = new RestAdapter({
        endpoint: server.url,
        community: 'c',
        reconnect: { minMs: 10, maxMs: 20 },
        fetch: async (input, init) => {
          if (!String(input).includes('/v1/events')) return fetch(input, init);
          opened++;
          const body = new ReadableStream<Uint8Array>({
            start(c) {
              c.enqueue(enc.encode(`id: ${opened}\nevent: ready\ndata: {"seq":${opened},"heartbeatMs":20}\n\n`));
              init?.signal?.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
            },
          });
          return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
        },
      });
      made.push(a);
      const stop = a.watch('notes', {}, () => {});
      await new Promise((r) => setTimeout(r, 400));
      stop();
      expect(opened, 'reconnects after silent streams').to.be.greaterThan(2);
    });

    it('keeps one stream for several collections, widening it (with resume) when a collection is added', async () => {
      const community = `c-${uid()}`;
      const urls: string[] = [];
      const b = rest(community, bob, {
        fetch: (input, init) => {
          if (String(input).includes('/v1/events')) urls.push(String(input));
          return fetch(input, init);
        },
      });
      const a = rest(community, ada);
      const keep = b.watch('notes', {}, () => {});
      const n = nextChange(b, 'notes', (c) => c.id === 'x1');
      await a.put('notes', { id: 'x1' });
      await n;
      const t = nextChange(b, 'tasks', (c) => c.id === 'y1');
      await a.put('tasks', { id: 'y1' });
      await t;
      keep();
      expect(urls[urls.length - 1]).to.contain('collections=notes%2Ctasks');
    });

    it('widens the stream for a collection watched while the first connection is still being opened', async () => {
      const community = `c-${uid()}`;
      const token = mint(bob);
      let release!: () => void;
      const slowToken = new Promise<void>((r) => (release = r));
      let calls = 0;
      // The first token is slow (an SSO refresh): the second watch arrives while the stream waits for it.
      const b = rest(community, bob, { getToken: async () => (calls++ === 0 ? (await slowToken, token) : token) });
      const a = rest(community, ada);
      const stops = [b.watch('alpha', {}, () => {})];
      await new Promise((r) => setTimeout(r, 20));
      const reaction = nextChange(b, 'beta', (c) => c.id === 'r1', 6000);
      release();
      await new Promise((r) => setTimeout(r, 300));
      await a.put('beta', { id: 'r1' });
      await reaction;
      stops.forEach((stop) => stop());
    });
  });

  describe('SseParser', () => {
    it('parses events across chunk boundaries, CRLF and CR line ends, comments and multi-line data', () => {
      const events: { event: string; data: string; id?: string }[] = [];
      const p = new SseParser((e) => events.push(e));
      p.push(': hb\n\nid: 1\nevent: change\nda');
      p.push('ta: {"a":\r\ndata: 1}\r');
      p.push('\n\r\nid: 2\revent: ready\rdata: x\r\r');
      p.push('data:no-space\n\n');
      expect(events).to.deep.equal([
        { event: 'change', data: '{"a":\n1}', id: '1' },
        { event: 'ready', data: 'x', id: '2' },
        { event: 'message', data: 'no-space', id: undefined },
      ]);
    });
  });
});
