import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../utils/project-root.ts";

// Every server action and route handler under app/, found from the code: the policy test
// (lib/auth/endpoints-authorize.test.ts) and the role matrix (app/role-matrix.integration.test.ts)
// both start from this list, so a new endpoint that is in neither fails both.

export type Endpoint = { id: string; file: string; name: string; body: string };

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

/** The exports a module may have besides functions; anything else exported from actions.ts or route.ts is a mistake to catch. */
const otherExport = /^export (?!(?:async )?function |type |interface |const (?:dynamic|runtime|revalidate|maxDuration) )/m;

/** `app/imports/[id]/actions.ts#editCellAction`, … : every server action and route handler. */
export function listEndpoints(): Endpoint[] {
  return [...files("app", "actions.ts"), ...files("app/api", "route.ts")].sort().flatMap((file) => {
    const source = readFileSync(path.join(projectRoot, file), "utf8");
    // An endpoint exported some other way (`export const x = async () => …`) would slip past the list.
    if (otherExport.test(source)) throw new Error(`${file} exports something other than functions: export endpoints as \`export async function\`.`);
    return exportedFunctions(source).map((fn) => ({ id: `${file}#${fn.name}`, file, name: fn.name, body: fn.body }));
  });
}
