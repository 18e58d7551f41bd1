import "server-only";
import { redirect } from "next/navigation";
import { getViewer } from "@/lib/auth/viewer";
import type { Viewer } from "@/lib/auth/policy";

/**
 * A staff page's viewer. Nobody signed in (or a session that ended) goes to the sign-in page; a
 * customer goes to the portal, the only part of the app that is theirs (ADR 0015).
 */
export async function requirePageViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/sign-in");
  if (!viewer.isStaff) redirect("/portal");
  return viewer;
}

/** A portal page's viewer: a customer. Staff go back to the imports. */
export async function requirePortalViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/sign-in");
  if (viewer.isStaff) redirect("/imports");
  return viewer;
}
