// A node:test reporter that prints one closing line, "server: N passed, N failed, N skipped",
// counting leaf tests (a test with subtests counts through them). A failure outside any test
// (a hook, a file that does not load) counts as one failure.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let prevNesting = -1;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const d = event.data;
    // children report before their parent, one level deeper: a parent follows a deeper event
    const leaf = d.details?.type !== 'suite' && !(prevNesting > d.nesting);
    prevNesting = d.nesting;
    if (event.type === 'test:pass') {
      if (!leaf) continue;
      if (d.skip !== undefined || d.todo !== undefined) skipped++;
      else passed++;
    } else if (leaf || d.details?.error?.failureType !== 'subtestsFailed') failed++;
  }
  yield `\nserver: ${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}
