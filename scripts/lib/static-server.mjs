// @ts-check
// A small static file server (node:http) for the demo (scripts/start.mjs) and the end-to-end
// suite (tests/e2e/run.mjs). Every response carries the strict Content-Security-Policy an
// intranet may impose, so anything that needs inline script, inline style or unchecked
// innerHTML fails here first.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html lc-elements";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * @param {{ mounts: Record<string, string>, csp?: string, log?: boolean }} options
 *   mounts: URL prefix → directory, e.g. `{ '/dist/': 'dist', '/': 'demo' }` (longest prefix wins).
 */
export function createStaticServer({ mounts, csp = STRICT_CSP, log = false }) {
  const table = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix.endsWith('/') ? prefix : prefix + '/', resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);

  /** @param {string} pathname */
  function lookup(pathname) {
    for (const [prefix, dir] of table) {
      if (!(pathname + '/').startsWith(prefix) && !pathname.startsWith(prefix)) continue;
      const rest = normalize(pathname.slice(prefix.length - 1)).replace(/^([/\\])+/, '');
      let file = join(dir, rest);
      if (file !== dir && !file.startsWith(dir + sep)) return undefined; // path traversal
      try {
        if (statSync(file).isDirectory()) file = join(file, 'index.html');
        if (statSync(file).isFile()) return file;
      } catch {
        /* try the next mount */
      }
    }
    return undefined;
  }

  return createServer((req, res) => {
    const headers = {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    };
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400, headers).end('bad request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = pathname.includes('\0') ? undefined : lookup(pathname);
    if (!file) {
      // browsers ask for /favicon.ico on their own; answer without an error in the console
      if (pathname === '/favicon.ico') res.writeHead(204, headers).end();
      else res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      if (log && pathname !== '/favicon.ico') console.log(`404 ${pathname}`);
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') res.end();
    else
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
  });
}

/**
 * Starts listening and resolves with the base URL (`port: 0` picks a free port).
 * @param {import('node:http').Server} server @param {number} port @param {string} host
 */
export function listen(server, port, host) {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const p = typeof address === 'object' && address ? address.port : port;
      resolvePromise(`http://${host.includes(':') ? `[${host}]` : host}:${p}/`);
    });
  });
}
