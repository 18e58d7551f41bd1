"use client";

import { useState, type ReactNode } from "react";
import { ChartColumn, FileWarning, History, Map as MapIcon, PanelRightClose, PanelRightOpen, Wand2, type LucideIcon } from "lucide-react";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { editableStatuses } from "@/lib/jobs/import-status";
import { cn } from "@/lib/utils/cn";
import { ReviewGrid } from "./review-grid";
import type { GridFile } from "./grid-model";
import { ImportMapPanel } from "./import-map-panel";
import { BulkFixesPanel, useBulkFixes } from "./bulk-fixes-panel";
import { FixHistory } from "./fix-history";
import { useRowsChangedElsewhere } from "./recheck-notice";
import { useSidePanelCollapsed } from "./use-side-panel";

type Props = {
  jobId: number;
  requestTypes: string[];
  tileUrl: string;
  tileAttribution: string;
  status: string;
  files: GridFile[];
  columns: string[];
  codes: string[];
  totalRows: number;
  /** The problem charts, rendered by the page. */
  charts: ReactNode;
  /** The whole-file problems, rendered by the page; null when there are none (else their tab opens first). */
  fileProblems: ReactNode;
  /** The organization's slug when the viewer may change its settings (problems from them link there). */
  settingsSlug?: string | null;
  /** The import's audit log (who did what, when), rendered by the page; the History tab shows it in every status. */
  activity: ReactNode;
};

type PanelTab = { value: string; label: string; icon: LucideIcon };

/** The side panel's tabs: the fixes while rows can change, the file problems when there are some, the history always. */
function panelTabs(editable: boolean, fileProblems: boolean): PanelTab[] {
  return [
    ...(editable ? [{ value: "fixes", label: "Fixes", icon: Wand2 }] : []),
    { value: "map", label: "Map", icon: MapIcon },
    { value: "charts", label: "Charts", icon: ChartColumn },
    ...(fileProblems ? [{ value: "file", label: "File problems", icon: FileWarning }] : []),
    { value: "history", label: "History", icon: History },
  ];
}

/**
 * The review screen's interactive part: the grid fills the window, and the side panel beside it
 * holds the fixes, the map, the charts, the file problems and the fix history, one tab at a time.
 */
export function ReviewWorkspace({ jobId, status, files, columns, codes, totalRows, tileUrl, tileAttribution, requestTypes, charts, fileProblems, activity, settingsSlug = null }: Props) {
  // Shown once validated, so of the editable statuses only "ready" reaches here.
  const editable = editableStatuses.has(status);
  // A whole-file problem concerns every row (a blocked file, a guessed encoding): it comes first.
  const [tab, setTab] = useState(fileProblems ? "file" : editable ? "fixes" : "charts");
  const [collapsed, setCollapsed] = useSidePanelCollapsed();
  // A new object each time a row is asked for: asking again for the same row opens it again.
  const [openRequest, setOpenRequest] = useState<{ rowId: string } | undefined>();
  const [selectedRowId, setSelectedRowId] = useState<string | undefined>();
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((current) => current + 1);
  useRowsChangedElsewhere(changed);
  // The import moved on (queued, completed, rolled back…) or lost a file: its rows changed with it.
  const shape = `${status}:${totalRows}:${files.map((file) => file.id).join(",")}`;
  const [shownShape, setShownShape] = useState(shape);
  if (shownShape !== shape) {
    setShownShape(shape);
    setVersion((current) => current + 1);
  }
  const tabs = panelTabs(editable, Boolean(fileProblems));
  // A tab that went away (the file problems, once a settings change fixed them) gives way to the first.
  const shownTab = tabs.some((each) => each.value === tab) ? tab : tabs[0]!.value;
  const open = (value: string) => {
    setTab(value);
    setCollapsed(false);
  };

  return (
    <Tabs value={shownTab} onValueChange={setTab} className="flex min-h-0 min-w-0 flex-1">
      <div className="flex min-w-0 flex-1 flex-col p-3">
        <ReviewGrid jobId={jobId} files={files} columns={columns} codes={codes} editable={editable} initialTotal={totalRows} openRequest={openRequest} version={version} onChanged={changed} onSelectRow={setSelectedRowId} settingsSlug={settingsSlug} requestTypes={requestTypes} />
      </div>
      {collapsed ? <PanelRail tabs={tabs} onOpen={open} /> : null}
      <aside
        id="review-side-panel"
        aria-label="Side panel"
        className={cn(
          "flex min-h-0 w-[24rem] shrink-0 flex-col border-l border-border bg-white min-[1600px]:w-[32rem]",
          // On a wide screen the map gets room to sit beside the grid.
          shownTab === "map" && "min-[1600px]:w-[44%]",
          collapsed && "hidden",
        )}
      >
        <div className="flex items-center gap-1 border-b border-border px-2 py-2">
          {/* One row at 1280 px: the icons join the words only where the panel is wider. */}
          <TabsList aria-label="Side panel" className="min-w-0 flex-1 flex-nowrap gap-0.5">
            {tabs.map(({ value, label, icon: Icon }) => (
              <TabsTrigger key={value} value={value} className="flex shrink-0 items-center gap-1 whitespace-nowrap px-1.5 text-[13px] min-[1600px]:px-2 min-[1600px]:text-sm">
                <Icon aria-hidden className="hidden size-3.5 min-[1600px]:block" /> {label}
              </TabsTrigger>
            ))}
          </TabsList>
          <button type="button" onClick={() => setCollapsed(true)} aria-label="Hide side panel" aria-expanded aria-controls="review-side-panel" title="Hide side panel" className="grid size-8 shrink-0 place-items-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground">
            <PanelRightClose aria-hidden className="size-4" />
          </button>
        </div>
        {editable ? (
          <FixesTabs jobId={jobId} requestTypes={requestTypes} codes={codes} columns={columns} onChanged={changed} activity={activity} />
        ) : (
          <TabsContent value="history" className={panelContent}>
            <ActivitySection>{activity}</ActivitySection>
          </TabsContent>
        )}
        <TabsContent value="map" className={panelContent}>
          <ImportMapPanel
            jobId={jobId}
            editable={editable}
            tileUrl={tileUrl}
            tileAttribution={tileAttribution}
            onChanged={changed}
            selectedRowId={selectedRowId}
            onOpenRow={(rowId) => setOpenRequest({ rowId })}
          />
        </TabsContent>
        <TabsContent value="charts" className={panelContent}>{charts}</TabsContent>
        {fileProblems ? <TabsContent value="file" className={panelContent}>{fileProblems}</TabsContent> : null}
      </aside>
    </Tabs>
  );
}

const panelContent = "mt-0 min-h-0 flex-1 overflow-auto p-4";

/** The Fixes and History tabs, which share the bulk fixes' state (and keep it while hidden). */
function FixesTabs({ jobId, requestTypes, codes, columns, onChanged, activity }: { jobId: number; requestTypes: string[]; codes: string[]; columns: string[]; onChanged: () => void; activity: ReactNode }) {
  const fixes = useBulkFixes({ jobId, codes, onChanged });
  return (
    <>
      <TabsContent value="fixes" forceMount className={cn(panelContent, "data-[state=inactive]:hidden")}>
        <BulkFixesPanel jobId={jobId} requestTypes={requestTypes} columns={columns} fixes={fixes} />
      </TabsContent>
      <TabsContent value="history" className={panelContent}>
        {fixes.message ? <p role="status" className="mb-3 rounded-md bg-muted px-3 py-2 text-sm font-medium">{fixes.message}</p> : null}
        <FixHistory fixes={fixes.fixes} pending={fixes.pending} onUndo={fixes.undo} />
        <ActivitySection>{activity}</ActivitySection>
      </TabsContent>
    </>
  );
}

/** Who did what to the import, and when: every upload, edit, fix, submission, queue, cancel and roll back. */
function ActivitySection({ children }: { children: ReactNode }) {
  return (
    <section aria-labelledby="import-activity-title" className="mt-6 first:mt-0">
      <h2 id="import-activity-title" className="mb-3 flex items-center gap-2 font-semibold">
        <History aria-hidden className="size-4" /> Activity
      </h2>
      {children}
    </section>
  );
}

/** The collapsed panel: a narrow rail that opens it again, at the tab chosen. */
function PanelRail({ tabs, onOpen }: { tabs: PanelTab[]; onOpen: (tab: string) => void }) {
  return (
    <nav aria-label="Side panel (hidden)" className="flex w-12 shrink-0 flex-col items-center gap-1 border-l border-border bg-white py-2">
      <button type="button" onClick={() => onOpen(tabs[0]!.value)} aria-label="Show side panel" aria-expanded={false} aria-controls="review-side-panel" title="Show side panel" className={railButton}>
        <PanelRightOpen aria-hidden className="size-4" />
      </button>
      <span aria-hidden className="my-1 h-px w-6 bg-border" />
      {tabs.map(({ value, label, icon: Icon }) => (
        <button key={value} type="button" onClick={() => onOpen(value)} aria-label={`Open ${label}`} title={label} className={railButton}>
          <Icon aria-hidden className="size-4" />
        </button>
      ))}
    </nav>
  );
}

const railButton = "grid size-9 place-items-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground";
