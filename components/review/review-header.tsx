import type { ReactNode } from "react";

/** Where the header's actions put what they have to say (an upload's outcome): a line of its own under them. */
export const reviewNoticesId = "review-header-notices";

/**
 * The review's compact header: which import and its status, its counts, and the actions (the
 * primary one last), in one line on a laptop screen so the grid starts right under it.
 */
export function ReviewHeader({ heading, details, summary, children }: { heading: ReactNode; details: string; summary: ReactNode; children: ReactNode }) {
  return (
    <header className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-2 border-b border-border bg-white px-3 py-2 shadow-sm">
      <div className="min-w-0 max-w-60 min-[1600px]:max-w-md">
        <h1 className="flex flex-wrap items-center gap-2 text-lg font-semibold tracking-tight">{heading}</h1>
        <p className="truncate text-xs text-muted-foreground" title={details}>{details}</p>
      </div>
      {summary}
      <div className="ml-auto flex flex-wrap items-center justify-end gap-2">{children}</div>
      <div id={reviewNoticesId} className="flex basis-full flex-col gap-1 empty:hidden" />
    </header>
  );
}
