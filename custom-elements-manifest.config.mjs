// Configuration for `npm run analyze` (cem analyze), which writes custom-elements.json: the
// elements' public API for Storybook's docs and controls, IDEs and consumers.
// Members that are not public API (TypeScript `private`/`protected`, `#private`, `@internal`)
// are left out, so they do not show up as Storybook controls.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/testing/**', 'src/**/*.test.ts', 'src/**/*.stories.ts'],
  litelement: true,
  plugins: [
    {
      name: 'lc-public-api-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules ?? []) {
          for (const decl of mod.declarations ?? []) {
            if (!Array.isArray(decl.members)) continue;
            decl.members = decl.members.filter(
              (m) => m.privacy !== 'private' && m.privacy !== 'protected' && !String(m.name).startsWith('#'),
            );
          }
        }
      },
    },
  ],
};
