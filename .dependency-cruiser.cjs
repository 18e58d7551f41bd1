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

/** A rule: every one is an error, and says why in its comment. */
const rule = (name, comment, from, to) => ({ name, comment, severity: "error", from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    rule("engine-is-pure", "The engine (lib/engine, geo, time, org, profiles) imports no framework, no database and no server module.", { path: engine }, {
      path: [
        "^lib/(db|crm|imports|jobs|auth|uploads|runtime|cli|generated)/",
        "^lib/env[.]ts$",
        "^(app|components)/",
        "(^|/)node_modules/(next|react|react-dom|@prisma/[^/]+|prisma|pg|pg-[^/]+|server-only)/",
      ],
    }),
    rule("components-do-not-import-app", "components/ is UI; routes and their server actions live in app/ and reach components through props.", { path: "^components/" }, { path: "^app/" }),
    rule("lib-does-not-import-ui", "lib/ is below the UI: it never imports app/ or components/.", { path: "^lib/" }, { path: "^(app|components)/" }),
    rule(
      "prisma-only-in-data-modules",
      "Only lib/db and the server-only data modules (crm, imports, jobs, auth) import the Prisma client.",
      { pathNot: [dataModules, compositionRoots, tests] },
      { path: ["^lib/db/client[.]ts$", "^lib/generated/", "(^|/)node_modules/@prisma/client/"], dependencyTypesNot: ["type-only"] },
    ),
    rule(
      "jobs-do-not-import-the-workflow",
      "The workflow (lib/imports) enqueues through lib/jobs; the jobs layer runs handlers it is given and never imports the workflow.",
      { path: "^lib/jobs/", pathNot: tests },
      { path: "^lib/imports/" },
    ),
    rule(
      "layers-point-down",
      "The CLI and the runtime put processes together; the workflow and the jobs sit above the CRM data, the engine and the database, never below them.",
      { path: "^lib/", pathNot: [tests, "^lib/(cli|runtime)/"] },
      { path: "^lib/(cli|runtime)/" },
    ),
    rule(
      "data-below-the-workflow",
      "CRM data, auth, uploads, forms and the database never import the workflow (lib/imports) or the jobs.",
      { path: "^lib/(crm|auth|uploads|db|utils|forms)/", pathNot: tests },
      { path: "^lib/(imports|jobs)/" },
    ),
    rule(
      "ui-imports-server-modules-only-as-types",
      "components/ may name a server module's types, never run its code in the browser. The import-status module is pure: the UI reads its labels and groups.",
      { path: "^components/" },
      { path: [dataModules, "^lib/(uploads|runtime|cli|env[.]ts)"], pathNot: "^lib/jobs/import-status[.]ts$", dependencyTypesNot: ["type-only"] },
    ),
    rule("no-cycles", "No cycles between modules, static or dynamic (import()).", {}, { circular: true }),
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
