// The roles a signed-in user can have (the `AppRole` enum), without the Prisma client: the policy
// and the CLI's option parsing read it.

export const appRoles = ["admin", "csm", "customer"] as const;
export type AppRole = (typeof appRoles)[number];

/** Staff roles: they work on every organization. */
export const staffRoles: ReadonlySet<AppRole> = new Set(["admin", "csm"]);
