/**
 * `npm run lint`'s import-circle check (dependency-cruiser): no file reaches itself through its
 * imports, type imports included. What holds data is imported by what reads it, never the reverse
 * (docs/architecture.md).
 */
const config = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import circle: break it by moving what both sides need into a module of its own.",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|test-results|data)/" },
    // Type-only imports count: a circle of types is still a circle for whoever reads the code.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs"] },
  },
};

export default config;
