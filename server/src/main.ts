/**
 * Starts the reference server from the environment (see README, "Reference server"):
 *
 *   LC_AUTH=dev node --import tsx server/src/main.ts
 *
 * SIGTERM / SIGINT stop it gracefully (in-flight requests finish, event streams are told to
 * reconnect elsewhere, the database closes); a second signal, or LC_SHUTDOWN_TIMEOUT_MS, ends it at once.
 * SIGHUP re-reads the people roster (LC_PEOPLE_FILE).
 */
import { createServer } from './app.js';
import { ConfigError, loadConfig } from './config.js';

let config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`lc-server: ${e.message}`);
    process.exit(2);
  }
  throw e;
}

const server = await createServer(config).catch((e: Error) => {
  console.error(`lc-server: cannot start: ${e.message}`);
  process.exit(1);
});
const log = server.app.log;

let url: string;
try {
  url = await server.listen();
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  log.error(
    { err: err.message },
    `cannot listen on ${config.host}:${config.port}${err.code === 'EADDRINUSE' ? ' (the port is taken: set PORT)' : ''}`,
  );
  await server.close().catch(() => {});
  process.exit(1);
}
log.info(
  { url, store: server.db.kind, auth: config.auth, dataDir: server.db.kind === 'pglite' ? config.dataDir : undefined },
  'lc-server listening',
);
if (config.auth === 'dev')
  process.stderr.write(
    `\n  *** LC_AUTH=dev: anyone can claim any name. Demo only, bound to ${config.host}. Use LC_AUTH=header or jwt for real use. ***\n\n`,
  );
// one plain line for people and scripts that wait for the server (npm start, tests)
process.stdout.write(`lc-server: listening at ${url} (store ${server.db.kind}, auth ${config.auth})\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out: exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    server.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (e: Error) => {
        log.error({ err: e.message }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
process.on('SIGHUP', () => {
  if (!config.peopleFile) return;
  try {
    log.info({ file: config.peopleFile, people: server.reloadRoster() }, 'SIGHUP: people roster re-read');
  } catch (e) {
    log.error({ file: config.peopleFile, err: (e as Error).message }, 'SIGHUP: cannot read the roster; keeping the old one');
  }
});
