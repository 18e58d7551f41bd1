// The e2e web server: a fresh, migrated and seeded database with the e2e accounts, then the app
// as `npm start` runs it.
import { createThrowawayDatabase } from "../lib/testing/throwaway-database.ts";
import { start } from "../lib/runtime/start.ts";
import { applyFixtureOrganization } from "../lib/testing/fixture-organization.ts";
import { seedAccounts } from "../lib/testing/seed-accounts.ts";
import { accounts } from "./accounts.ts";

const database = await createThrowawayDatabase("bulk_import_e2e");
process.env.DATABASE_URL = database.url;
// Beside the demo organization: one whose boundaries and request types fit the two real exports.
await applyFixtureOrganization(database.url, "lib/profiles/testing/real-files-org.json");
// Known passwords for the setup project; with an admin there, start() makes no first admin.
await seedAccounts(database.url, Object.values(accounts));
// Browsers reach the e2e server directly, not through a proxy on this machine: trust no X-Forwarded-For.
process.env.TRUST_PROXY_HOPS ??= "0";
await start({ dev: false, onShutdown: () => database.drop() });
