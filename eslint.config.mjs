// `npm run lint`: Next's rules (React, hooks, accessibility, Core Web Vitals), typescript-eslint's
// recommended rules, and the layering of docs/architecture.md as import restrictions.
import { defineConfig, globalIgnores } from "eslint/config";
import js from "@eslint/js";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Relative forms are listed next to the `@/` ones so that `../server/…` cannot step around a rule.
const serverOnly = {
  group: ["@/lib/server", "@/lib/server/*", "**/lib/server", "**/lib/server/*", "../server", "../server/*"],
  message: "Server code is reached through a server action (app/**/actions.ts), never imported here.",
};

export default defineConfig([
  js.configs.recommended,
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "test-results/**", "playwright-report/**", "data/**", "out/**", "next-env.d.ts"]),
  {
    rules: {
      // An unused name is an error, except a rest sibling that leaves a property out of a copy, and
      // a name marked unused on purpose with a leading underscore.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { ignoreRestSiblings: true, argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-unused-expressions": "error",
    },
  },
  {
    // The rules and the file reading run in the browser, the CLI and the server alike: nothing
    // server-only, and nothing from the app or its components.
    files: ["lib/events/**", "lib/csv/**", "lib/contract/**", "lib/review/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "server-only", message: "This code runs in the browser too." }],
          patterns: [
            serverOnly,
            {
              group: ["@/app", "@/app/*", "@/components", "@/components/*", "**/app/*", "**/components/*"],
              message: "Shared code does not depend on the app or its components.",
            },
          ],
        },
      ],
    },
  },
  {
    // The app's configuration is read, checked and typed once, in lib/env.ts (docs/architecture.md
    // names the exceptions). Tools that set their own variables or hand the environment on to a
    // process they start are outside this rule.
    files: ["app/**", "components/**", "lib/**", "proxy.ts", "instrumentation.ts"],
    ignores: [
      "lib/env.ts",
      "**/*.test.ts",
      "**/*.test.tsx",
      "lib/bench/**",
      "lib/soak/**",
      "lib/server/testing/**",
      "lib/csv/fuzz-inputs.ts",
      "lib/cli/start.ts",
    ],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through env() from lib/env.ts." },
      ],
    },
  },
  {
    // Components reach the server through server actions only, types included: a type from
    // lib/server drags the server's model into the browser's.
    files: ["components/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [serverOnly] }],
    },
  },
]);
