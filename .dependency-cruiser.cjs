// The layers of docs/architecture.md, checked on the paths the code really imports (relative or
// `@/`). `npm run lint` runs it; lib/testing/dependency-rules.test.ts plants a violation of each
// rule and expects it caught.

/** The pure engine: it runs in the browser's Web Worker, the server and the CLI alike. */
const engine = "^lib/(engine|geo|time|org|profiles)/";
/** Server-only data access: the only modules that may reach the Prisma client. */
const dataModules = "^lib/(db|crm|imports|jobs|auth)/";
/** Where a process is put together (the CLI's connection, `npm start`, test set-up). */
const compositionRoots = "^lib/(cli/with-db[.]ts|runtime/|testing/)";
const tests = "[.](test|spec)[.]tsx?$|/testing/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "engine-is-pure",
      comment: "The engine (lib/engine, geo, time, org, profiles) imports no framework, no database and no server module.",
      severity: "error",
      from: { path: engine },
      to: {
        path: [
          "^lib/(db|crm|imports|jobs|auth|uploads|runtime|cli|generated)/",
          "^lib/env[.]ts$",
          "^(app|components)/",
          "(^|/)node_modules/(next|react|react-dom|@prisma/[^/]+|prisma|pg|pg-[^/]+|server-only)/",
        ],
      },
    },
    {
      name: "components-do-not-import-app",
      comment: "components/ is UI; routes and their server actions live in app/ and reach components through props.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "lib-does-not-import-ui",
      comment: "lib/ is below the UI: it never imports app/ or components/.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app|components)/" },
    },
    {
      name: "prisma-only-in-data-modules",
      comment: "Only lib/db and the server-only data modules (crm, imports, jobs, auth) import the Prisma client.",
      severity: "error",
      from: { pathNot: [dataModules, compositionRoots, tests] },
      to: {
        path: ["^lib/db/client[.]ts$", "^lib/generated/", "(^|/)node_modules/@prisma/client/"],
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "jobs-do-not-import-the-workflow",
      comment: "The workflow (lib/imports) enqueues through lib/jobs; the jobs layer runs handlers it is given and never imports the workflow.",
      severity: "error",
      from: { path: "^lib/jobs/", pathNot: tests },
      to: { path: "^lib/imports/" },
    },
    {
      name: "layers-point-down",
      comment: "The CLI and the runtime put processes together; the workflow and the jobs sit above the CRM data, the engine and the database, never below them.",
      severity: "error",
      from: { path: "^lib/", pathNot: [tests, "^lib/(cli|runtime)/"] },
      to: { path: "^lib/(cli|runtime)/" },
    },
    {
      name: "data-below-the-workflow",
      comment: "CRM data, auth, uploads, forms and the database never import the workflow (lib/imports) or the jobs.",
      severity: "error",
      from: { path: "^lib/(crm|auth|uploads|db|utils|forms)/", pathNot: tests },
      to: { path: "^lib/(imports|jobs)/" },
    },
    {
      name: "ui-imports-server-modules-only-as-types",
      comment: "components/ may name a server module's types, never run its code in the browser. The import-status module is pure: the UI reads its labels and groups.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: [dataModules, "^lib/(uploads|runtime|cli|env[.]ts)"], pathNot: "^lib/jobs/import-status[.]ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-cycles",
      comment: "No cycles between modules, static or dynamic (import()).",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(lib/generated|node_modules|[.]next)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".tsx", ".js", ".mjs"] },
    skipAnalysisNotInRules: false,
  },
};
