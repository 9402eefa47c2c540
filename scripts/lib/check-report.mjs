// @ts-check
// The reporting of the browser suites driven from Node (tests/e2e/run.mjs, tests/e2e/rest-live.mjs,
// tests/lms/e2e.mjs, tests/lms/demo-e2e.mjs): a ✓ / ✗ line per check, then the closing
// "<suite>: N passed, N failed" line that scripts/test.mjs reads, and the exit code.

/** @param {string} suite the name on the closing line */
export function createReport(suite) {
  let passed = 0;
  let failed = 0;
  /** Records one outcome: an `error` (anything thrown, or a message) fails it. @param {string} name @param {unknown} [error] */
  const report = (name, error) => {
    if (error) {
      failed++;
      const text = String(error instanceof Error ? error.message : error);
      console.log(`  ✗ ${name}\n      ${text.split('\n').join('\n      ')}`);
    } else {
      passed++;
      console.log(`  ✓ ${name}`);
    }
  };
  return {
    report,
    /** Runs `fn` as one check: it passes unless it throws. @param {string} name @param {() => unknown} fn */
    async check(name, fn) {
      try {
        await fn();
        report(name);
      } catch (e) {
        report(name, e);
      }
    },
    /** Prints the closing line and exits (1 when anything failed). @returns {never} */
    finish() {
      console.log(`${suite}: ${passed} passed, ${failed} failed`);
      process.exit(failed ? 1 : 0);
    },
  };
}
