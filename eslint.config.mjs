import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

// Dependencies point inward: app → components → lib. The engine imports no framework and only
// server-only data modules import the Prisma client.
const frameworkImports = [
  { group: ["next", "next/*", "react", "react-dom", "react/*"], message: "lib/ is framework-free." },
  { group: ["@/app/*", "@/components/*"], message: "lib/ must not import from app/ or components/." },
];
const prismaImports = [
  { group: ["@prisma/client", "@prisma/client/*", "@/lib/generated/*", "**/generated/prisma/*", "@/lib/db/client"], message: "Only lib/db and the server-only data modules import the Prisma client." },
];

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", ".data/**", "lib/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "bench/out/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  {
    files: ["lib/engine/**", "lib/geo/**", "lib/time/**", "lib/org/**", "lib/profiles/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...frameworkImports, ...prismaImports, { group: ["pg", "pg-*", "@/lib/db/*", "@/lib/crm/*", "@/lib/imports/*", "@/lib/jobs/*"], message: "The engine is pure: no database." }] }] },
  },
  {
    files: ["lib/**"],
    ignores: ["lib/db/**", "lib/crm/**", "lib/imports/**", "lib/jobs/**", "lib/testing/**", "lib/engine/**", "lib/geo/**", "lib/time/**", "lib/org/**", "lib/profiles/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...frameworkImports, ...prismaImports] }] },
  },
  {
    files: ["app/**", "components/**"],
    rules: { "no-restricted-imports": ["error", { patterns: prismaImports }] },
  },
  {
    files: ["**/*.mjs", "bin/**"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly" } },
  },
);
