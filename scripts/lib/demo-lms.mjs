// @ts-check
// The LMS demo of `npm start` (/lms/, demo/lms/): the demo week packaged for SCORM 2004 and 1.2 by
// our own packager, and scorm-again (a devDependency: an LMS-side SCORM run-time) for the stand-in LMS.
// Also used by tests/lms/demo-e2e.mjs, which runs the demo page as npm start serves it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './entries.mjs';

/**
 * Writes scorm-again.js, course-2004/ and course-1.2/ into `out` (npm start: dist/demo-lms/). Returns a problem
 * (a sentence) or undefined.
 * @param {string} out
 */
export function packageDemoCourses(out) {
  const scormAgain = join(root, 'node_modules/scorm-again/dist/scorm-again.js');
  if (!existsSync(scormAgain)) return 'scorm-again is not installed (npm install): the LMS demo page is off';
  mkdirSync(out, { recursive: true });
  copyFileSync(scormAgain, join(out, 'scorm-again.js'));
  for (const version of ['2004', '1.2']) {
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'bin/lc-elements.mjs'),
        'package',
        '--scorm',
        version,
        '--title',
        'Week 3: reading with early learners',
        '--no-heading',
        '--element',
        'lc-reflection-prompt prompt-id=week-3 preset=what-so-what-now-what allow-visibility=private',
        '--element',
        'lc-reflection-prompt prompt-id=week-3-next prompt="Which story will you read at your next storytime, and why?" allow-visibility=private',
        '--element',
        'lc-credit-tracker program-id=early-literacy required=6 unit=hours',
        '--dir',
        join(out, `course-${version}`),
      ],
      { cwd: root, encoding: 'utf8' },
    );
    if (r.status !== 0) return `packaging the demo course failed: ${r.stderr || r.stdout}`;
  }
  return undefined;
}
