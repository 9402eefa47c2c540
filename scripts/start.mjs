#!/usr/bin/env node
// npm start: build, then serve the demo intranet page (demo/) with dist/ at /dist/, under the same
// strict Content-Security-Policy the end-to-end suite uses.
//   PORT (default 8080), HOST (default 127.0.0.1; HOST=0.0.0.0 to reach it from another machine)
//   --no-build  serve what is already in dist/
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/entries.mjs';
import { createStaticServer, listen } from './lib/static-server.mjs';

process.chdir(root);
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST || '127.0.0.1';

if (!process.argv.includes('--no-build')) {
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('start: the build failed; not serving a stale dist/');
    process.exit(r.status || 1);
  }
}
if (!existsSync(join(root, 'dist/cdn/lc-elements.js'))) {
  console.error('start: dist/cdn/lc-elements.js is missing; run without --no-build');
  process.exit(1);
}

const server = createStaticServer({ mounts: { '/dist/': join(root, 'dist'), '/': join(root, 'demo') }, log: true });
let url;
try {
  url = await listen(server, port, host);
} catch (e) {
  console.error(`start: cannot listen on ${host}:${port}: ${e.message}${e.code === 'EADDRINUSE' ? ' (set PORT to another port)' : ''}`);
  process.exit(1);
}
console.log(`start: demo intranet page at ${url}  (dist/ at ${url}dist/, strict CSP; Ctrl+C stops)`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\nstart: ${signal}, stopping`);
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
