import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../utils/project-root.ts";

// Every server action and route handler goes through the policy (issue #13): found from the code,
// so a new one that forgets to ask fails here. The two that are public by nature are named.

const publicByNature = new Map([
  ["app/sign-in/actions.ts#signInAction", "the sign-in itself"],
  ["app/sign-in/actions.ts#signOutAction", "ends whatever session the cookie names"],
  ["app/api/auth/[...all]/route.ts#GET", "better-auth's endpoints"],
  ["app/api/auth/[...all]/route.ts#POST", "better-auth's endpoints"],
  ["app/portal/invite/[token]/actions.ts#acceptInviteAction", "the invite link's token is the credential (lib/auth/invites.ts)"],
]);

// authorize(), authorizeImportAccess(), authorizeStaff(), or this file's own wrappers of them (authorizeJob, authorizeInput).
const asksThePolicy = /\bauthorize(ImportAccess|Staff|Job|Input)?\(/;

function files(dir: string, name: string): string[] {
  return readdirSync(path.join(projectRoot, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === name)
    .map((file) => path.join(dir, file));
}

/** Each exported function of a module with its body (up to the next top-level declaration). */
function exportedFunctions(source: string): { name: string; body: string }[] {
  const starts = [...source.matchAll(/^export (?:async )?function (\w+)/gm)];
  return starts.map((match) => {
    const from = match.index!;
    const rest = source.slice(from + match[0].length);
    const end = rest.search(/^(export |function |async function |const |type )/m);
    return { name: match[1]!, body: end === -1 ? rest : rest.slice(0, end) };
  });
}

const endpoints = [...files("app", "actions.ts"), ...files("app/api", "route.ts")].flatMap((file) =>
  exportedFunctions(readFileSync(path.join(projectRoot, file), "utf8")).map((fn) => ({ id: `${file}#${fn.name}`, body: fn.body })),
);

describe("every server action and route handler asks the policy", () => {
  it("finds the endpoints", () => {
    expect(endpoints.length).toBeGreaterThan(25);
    expect(endpoints.map((endpoint) => endpoint.id)).toContain("app/imports/[id]/actions.ts#rollbackImportAction");
    expect(endpoints.map((endpoint) => endpoint.id)).toContain("app/api/imports/[id]/files/route.ts#PUT");
    expect(endpoints.map((endpoint) => endpoint.id)).toEqual(expect.arrayContaining(["app/organizations/[slug]/actions.ts#createInviteAction", "app/organizations/[slug]/actions.ts#revokeInviteAction", "app/portal/imports/[id]/actions.ts#submitImportAction"]));
  });

  it.each(endpoints.map((endpoint) => [endpoint.id, endpoint.body] as const))("%s", (id, body) => {
    if (publicByNature.has(id)) return expect(asksThePolicy.test(body)).toBe(false);
    expect(body).toMatch(asksThePolicy);
  });
});
