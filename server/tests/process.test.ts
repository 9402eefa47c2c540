/**
 * The server as a process (server/src/main.ts): refuses bad configurations with a clear message,
 * keeps data in LC_DATA_DIR across restarts, serves the demo page on the rest adapter under a
 * strict CSP, and stops gracefully on SIGTERM.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const main = join(root, 'server/src/main.ts');

function start(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', HOST: '127.0.0.1', PORT: '0', LC_LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no start within 90 s:\n${out}`));
    }, 90_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /lc-server: listening at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ url: m[1], child, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before listening:\n${out}`));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));

describe('the server process', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'lc-proc-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('refuses to start with a bad configuration, saying what to fix (exit 2)', () => {
    for (const [env, re] of [
      [{ LC_AUTH: '' }, /LC_AUTH must be set/],
      [{ LC_AUTH: 'dev', HOST: '0.0.0.0' }, /refused unless HOST is a loopback address/],
      [{ LC_AUTH: 'header' }, /LC_TRUSTED_PROXIES/],
    ] as const) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', main], {
        cwd: root,
        env: { ...process.env, ...env },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, re);
    }
  });

  it('keeps data in LC_DATA_DIR across a restart, serves the demo on the rest adapter, and stops on SIGTERM', async () => {
    const dataDir = join(tmp, 'data');
    const demoDir = join(tmp, 'demo');
    const distDir = join(tmp, 'dist');
    mkdirSync(demoDir);
    mkdirSync(join(distDir, 'cdn'), { recursive: true });
    writeFileSync(
      join(demoDir, 'index.html'),
      '<!doctype html><script type="module" src="/dist/cdn/lc-elements.js"></script><lc-provider community="library-staff"><p>hi</p></lc-provider>',
    );
    writeFileSync(join(distDir, 'cdn/lc-elements.js'), 'export {};');
    const env = { LC_AUTH: 'dev', LC_DATA_DIR: dataDir, LC_DEMO_DIR: demoDir, LC_DIST_DIR: distDir };
    const first = await start(env);
    assert.match(first.output(), /LC_AUTH=dev/, 'dev mode is announced loudly');
    const h = { 'x-lc-community': 'library-staff', 'x-lc-dev-user': 'dev-1', 'x-lc-dev-name': 'Ada', 'content-type': 'application/json' };
    const put = await fetch(`${first.url}/v1/c/meetings/tuesday`, { method: 'PUT', headers: h, body: JSON.stringify({ status: 'idle' }) });
    assert.equal(put.status, 200, await put.clone().text());

    const page = await fetch(`${first.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const html = await page.text();
    assert.match(html, /<lc-provider community="library-staff" adapter="rest" endpoint="\/" identity="dev">/);
    const js = await fetch(`${first.url}/dist/cdn/lc-elements.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    assert.equal((await fetch(`${first.url}/dist/../../etc/passwd`)).status, 404);

    first.child.kill('SIGTERM');
    assert.equal(await exited(first.child), 0, first.output());
    assert.match(first.output(), /"msg":"stopped"/);

    const second = await start(env);
    const got = await fetch(`${second.url}/v1/c/meetings/tuesday`, { headers: h });
    assert.equal(got.status, 200, 'the record survived the restart');
    assert.equal(((await got.json()) as { status: string }).status, 'idle');
    second.child.kill('SIGTERM');
    assert.equal(await exited(second.child), 0);
  });
});
