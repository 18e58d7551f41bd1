import { createDb } from "../db/client.ts";
import { setPasswordAccount, type AccountInput } from "../auth/accounts.ts";

/** Creates sign-in accounts with known passwords in a test database (the e2e server's). */
export async function seedAccounts(databaseUrl: string, accounts: AccountInput[]): Promise<void> {
  const db = createDb(databaseUrl, { max: 1 });
  try {
    for (const account of accounts) await setPasswordAccount(db, account);
  } finally {
    await db.$disconnect();
  }
}
