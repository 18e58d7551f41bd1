import { describe, expect, it } from "vitest";
import { decide, organizationScope, verbs, type Verb, type Viewer } from "./policy.ts";

// The whole matrix: role × verb × own / other organization, and nobody signed in.

const ownOrg = 1;
const otherOrg = 2;
const viewers: Record<"admin" | "csm" | "customer", Viewer> = {
  admin: { userId: 1, email: "a@x.example", name: null, role: "admin", isStaff: true, organizationIds: "all" },
  csm: { userId: 2, email: "c@x.example", name: null, role: "csm", isStaff: true, organizationIds: "all" },
  customer: { userId: 3, email: "k@x.example", name: null, role: "customer", isStaff: false, organizationIds: [ownOrg] },
};

// What a customer may do in its own organization (issue #13: never queue, run, cancel or roll back).
const customerMay: Record<Verb, boolean> = { view: true, upload: true, edit: true, download: true, submit: true, queue: false, cancel: false, rollback: false, discard: false, configure: false, invite: false };

type Row = [who: keyof typeof viewers | "anonymous", verb: Verb, organization: "own" | "other", expected: 200 | 401 | 403 | 404];

const table: Row[] = verbs.flatMap((verb): Row[] => [
  ["admin", verb, "own", 200],
  ["admin", verb, "other", 200],
  ["csm", verb, "own", 200],
  ["csm", verb, "other", 200],
  ["customer", verb, "own", customerMay[verb] ? 200 : 403],
  ["customer", verb, "other", 404],
  ["anonymous", verb, "own", 401],
  ["anonymous", verb, "other", 401],
]);

describe("decide", () => {
  it("covers every verb", () => {
    expect(Object.keys(customerMay).sort()).toEqual([...verbs].sort());
  });

  it.each(table)("%s %s on the %s organization → %i", (who, verb, organization, expected) => {
    const viewer = who === "anonymous" ? null : viewers[who];
    const decision = decide(viewer, verb, organization === "own" ? ownOrg : otherOrg);
    expect(decision.ok ? 200 : decision.status).toBe(expected);
  });
});

// An import of the customer's own organization: its own upload, or a colleague's (or a CSM's).
const ownImport = { createdById: viewers.customer.userId };
const someoneElses = { createdById: 99 };
const unowned = { createdById: null };

describe("decide on one import", () => {
  it.each([
    ["customer", "view", ownImport, 200],
    ["customer", "submit", ownImport, 200],
    ["customer", "queue", ownImport, 403],
    ["customer", "view", someoneElses, 404],
    ["customer", "submit", someoneElses, 404],
    ["customer", "view", unowned, 404],
    ["csm", "view", someoneElses, 200],
    ["csm", "submit", unowned, 200],
    ["admin", "rollback", someoneElses, 200],
  ] as const)("%s %s of an import created by %j → %i", (who, verb, resource, expected) => {
    const decision = decide(viewers[who], verb, ownOrg, resource);
    expect(decision.ok ? 200 : decision.status).toBe(expected);
  });
});

describe("organizationScope", () => {
  it.each([
    ["csm", {}],
    ["customer", { organizationId: { in: [ownOrg] } }],
  ] as const)("%s → %j", (who, scope) => {
    expect(organizationScope(viewers[who])).toEqual(scope);
  });
});
