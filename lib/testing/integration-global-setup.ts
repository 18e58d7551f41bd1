import type { TestProject } from "vitest/node";
import { createThrowawayDatabase } from "./throwaway-database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** One migrated throwaway database for the integration run, dropped at the end. */
export default async function setup(project: TestProject) {
  const database = await createThrowawayDatabase("bulk_import_it");
  project.provide("databaseUrl", database.url);
  return async () => {
    await database.drop();
  };
}
