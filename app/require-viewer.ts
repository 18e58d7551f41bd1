import "server-only";
import { redirect } from "next/navigation";
import { getViewer } from "@/lib/auth/viewer";
import type { Viewer } from "@/lib/auth/policy";

/** A page's viewer; nobody signed in (or a session that ended) goes to the sign-in page. */
export async function requirePageViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/sign-in");
  return viewer;
}
