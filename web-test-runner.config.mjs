// @ts-check
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { restServerPlugin } from './tests/adapters/rest-server-plugin.mjs';
import { xapiLrsPlugin } from './tests/adapters/xapi-lrs-plugin.mjs';

// Debian's chromium (apt-get install -y chromium). Overridable with CHROME_PATH.
const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';

/**
 * Prints one plain "N passed, N failed, N skipped" line at the very end,
 * so CI log scrapers see a closing summary (wtr's own line carries a progress bar).
 * Failures that are not inside a test (import errors, onerror) count as failed.
 * @returns {import('@web/test-runner').Reporter}
 */
function plainSummaryReporter() {
  return {
    stop({ sessions }) {
      let passed = 0,
        failed = 0,
        skipped = 0;
      /** @param {any} suite */
      const walk = (suite) => {
        if (!suite) return;
        for (const t of suite.tests) t.skipped ? skipped++ : t.passed ? passed++ : failed++;
        for (const s of suite.suites) walk(s);
      };
      for (const s of sessions) {
        walk(s.testResults);
        if (s.errors?.length || (!s.passed && !s.testResults)) failed += Math.max(1, s.errors?.length ?? 0);
      }
      // written at process exit so it comes after the default reporter's final output
      process.once('exit', () => process.stdout.write(`\nwtr: ${passed} passed, ${failed} failed, ${skipped} skipped\n`));
    },
  };
}

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['tests/**/*.test.ts', '!tests/e2e/**'],
  nodeResolve: true,
  plugins: [
    // tsconfig is REQUIRED: it makes esbuild honour experimentalDecorators/useDefineForClassFields.
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2021' }),
    // the reference server for tests/adapters/rest.test.ts, started on first use (see the plugin)
    restServerPlugin(),
    // an xAPI LRS peer and the xAPI validator for tests/adapters/xapi.test.ts, started on first use
    xapiLrsPlugin(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true, // puppeteer-core 24: new headless mode
        args: [
          '--no-sandbox', // required when running as root
          '--disable-setuid-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-quic',
          '--no-first-run',
        ],
      },
    }),
  ],
  concurrency: 1, // 2-core machine
  browserStartTimeout: 60000,
  testsFinishTimeout: 120000,
  testFramework: { config: { timeout: 10000 } },
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  reporters: [defaultReporter(), plainSummaryReporter()],
  coverageConfig: {
    include: ['src/**/*.ts'],
    report: true,
    reportDir: 'coverage',
    threshold: { statements: 80, branches: 70, functions: 80, lines: 80 },
  },
};
