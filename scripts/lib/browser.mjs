// @ts-check
// One way to start Debian's Chromium for the scripts outside web-test-runner (end-to-end checks,
// benchmarks). Root needs --no-sandbox; the closed network here needs background networking off,
// or Chromium fills the log with refused connections. web-test-runner.config.mjs uses the same flags.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** The browser binary: `CHROME_PATH` (set by scripts/test.mjs) or Debian's Chromium. */
export const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Launches headless Chromium with the project's flags. */
export function launchChromium() {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}
