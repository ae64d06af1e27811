// `cem analyze` reads this. Lit's `state: true` entries of `static properties` are internal state, not
// attributes: the analyzer lists them anyway, so drop every attribute backed by a non-public field. Names
// starting with `_` are internal too (the build shortens them: vite.config.ts mangleProps).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  litelement: true,
  outdir: '.',
  plugins: [
    {
      name: 'drop-internal-state',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const d of mod.declarations ?? []) {
            const hidden = new Set(
              (d.members ?? [])
                .filter((m) => (m.privacy && m.privacy !== 'public') || m.name.startsWith('_'))
                .map((m) => m.name),
            );
            if (d.attributes) d.attributes = d.attributes.filter((a) => !hidden.has(a.fieldName ?? a.name));
            if (d.members) d.members = d.members.filter((m) => !hidden.has(m.name));
          }
        }
      },
    },
  ],
};
