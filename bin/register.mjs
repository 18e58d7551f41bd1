// Loads TypeScript sources directly (no build step) for the bin/ entry points.
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

register("./node-hooks.mjs", import.meta.url);
registerTsx();
