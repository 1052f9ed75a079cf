// Lint rules, each with the reason it exists. The boundary rules are the architecture's (ARCHITECTURE.md).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const frameworkImports = [
  {
    group: ["next", "next/*", "next-auth", "next-auth/*"],
    message: "lib/engine and lib/db are framework-free: the engine process has no Next.js.",
  },
  {
    group: ["react", "react-dom", "react/*"],
    message: "lib/engine and lib/db are framework-free: no React in the engine process.",
  },
  { group: ["server-only"], message: "server-only breaks the engine at start-up." },
  {
    group: ["**/auth/*", "@/lib/auth/*"],
    message: "lib/auth is Next-only; the engine and the data layer must not depend on it.",
  },
  { group: ["**/components/*", "@/components/*"], message: "Library code never imports UI." },
];
const prismaOutsideDb = {
  group: ["@prisma/client", "@prisma/client/*", "**/generated/*", "**/db/generated/**"],
  message: "Only lib/db touches the Prisma client: add a function to a lib/db module instead.",
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".next/",
      ".next-*/",
      "dist/",
      "data/",
      "reports/",
      "test-results/",
      "lib/db/generated/",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        URL: "readonly",
        Buffer: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        fetch: "readonly",
        Response: "readonly",
        Request: "readonly",
        AbortSignal: "readonly",
        AbortController: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        setImmediate: "readonly",
        queueMicrotask: "readonly",
      },
    },
    rules: {
      // Unused bindings are usually a half-finished change; a leading underscore marks a deliberate one.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // One module validates the environment (lib/env.ts); reading process.env elsewhere skips validation.
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read settings through lib/env.ts (getEnv), the one validated environment module.",
        },
      ],
      // Unexpected errors must surface; an empty catch hides them.
      "no-empty": ["error", { allowEmptyCatch: false }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/queries/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      // Hooks called conditionally break React's state model silently.
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    files: ["lib/engine/**/*.ts", "lib/mdm-simulator/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [...frameworkImports, prismaOutsideDb] }],
    },
  },
  {
    files: ["lib/db/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: frameworkImports }],
    },
  },
  {
    files: ["components/**/*.{ts,tsx}", "lib/queries/**/*.ts", "lib/api/client.ts"],
    rules: {
      // Browser code: data access, the engine and auth stay on the server. Type-only imports are erased.
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/db/*", "**/lib/db/*"],
              message: "Browser code never imports lib/db; call the REST API.",
              allowTypeImports: true,
            },
            {
              group: ["@/lib/engine/*", "**/lib/engine/*"],
              message: "Browser code never imports the engine (types excepted).",
              allowTypeImports: true,
            },
            { group: ["@/lib/auth/*", "**/lib/auth/*"], message: "lib/auth is server-only.", allowTypeImports: true },
            prismaOutsideDb,
          ],
        },
      ],
    },
  },
  {
    files: [
      "app/**/*.{ts,tsx}",
      "lib/api/route.ts",
      "lib/api/problem.ts",
      "lib/api/engine.ts",
      "lib/auth/**/*.ts",
      "lib/validation/**/*.ts",
      "scripts/**/*.ts",
      "e2e/**/*.ts",
    ],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [prismaOutsideDb] }],
    },
  },
  {
    // Entry points, configuration files, tooling and tests are where the environment is legitimately read.
    files: [
      "lib/env.ts",
      "scripts/**",
      "e2e/**",
      "playwright.config.ts",
      "prisma.config.ts",
      "next.config.js",
      "**/*.test.ts",
      "**/testing.ts",
      "**/test-support.ts",
      // The simulator is a separate program with its own variables (and accepts port 0 for tests).
      "lib/mdm-simulator/main.ts",
    ],
    rules: { "no-restricted-syntax": "off" },
  },
);
