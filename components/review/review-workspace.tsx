"use client";

import { useState } from "react";
import { Download } from "lucide-react";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Button } from "@/components/ui/button";
import { editableStatuses } from "@/lib/jobs/import-status";
import { ReviewGrid } from "./review-grid";
import type { GridFile } from "./grid-model";
import { ImportMapPanel } from "./import-map-panel";
import { QueueImportForm } from "./queue-import-form";
import { ErrorReportUpload } from "./error-report-upload";
import { BulkFixesPanel } from "./bulk-fixes-panel";

/** The review screen's interactive part: the grid and the map of rows, and the way out (report, queue). */
export function ReviewWorkspace({ jobId, status, files, columns, codes, totalRows, errorCount, validRows, tileUrl, tileAttribution, requestTypes }: {
  jobId: number;
  requestTypes: string[];
  tileUrl: string;
  tileAttribution: string;
  status: string;
  files: GridFile[];
  columns: string[];
  codes: string[];
  totalRows: number;
  errorCount: number;
  validRows: number;
}) {
  const [tab, setTab] = useState("rows");
  const [focusRowId, setFocusRowId] = useState<string | undefined>();
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((current) => current + 1);
  // The import moved on (queued, completed, rolled back…): the rows' outcomes changed with it.
  const [shownStatus, setShownStatus] = useState(status);
  if (shownStatus !== status) {
    setShownStatus(status);
    setVersion((current) => current + 1);
  }
  // Shown once validated, so of the editable statuses only "ready" reaches here.
  const editable = editableStatuses.has(status);
  const errorRows = totalRows - validRows;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-start justify-between gap-4 rounded-lg border border-border bg-white px-5 py-4">
        <div className="flex flex-col gap-2">
          <h2 className="font-semibold">Error report</h2>
          <p className="max-w-md text-sm text-muted-foreground">The rows with errors and what is wrong with each, to fix in a spreadsheet. Upload the fixed file again to patch only those rows.</p>
          <div className="flex flex-wrap gap-2">
            <Button asChild variant="secondary" size="sm">
              <a href={`/api/imports/${jobId}/error-report`} download>
                <Download aria-hidden className="size-4" />
                Download error report
              </a>
            </Button>
            <ErrorReportUpload jobId={jobId} disabled={!editable} />
          </div>
        </div>
        {editable ? <QueueImportForm jobId={jobId} errorRows={errorRows} errorCount={errorCount} validRows={validRows} /> : null}
      </div>

      {editable ? <BulkFixesPanel jobId={jobId} requestTypes={requestTypes} codes={codes} columns={columns} onChanged={changed} /> : null}

      <Tabs value={tab} onValueChange={setTab}>
        <TabsList aria-label="Review views">
          <TabsTrigger value="rows">Rows</TabsTrigger>
          <TabsTrigger value="map">Map</TabsTrigger>
        </TabsList>
        <TabsContent value="rows" forceMount className="data-[state=inactive]:hidden">
          <ReviewGrid jobId={jobId} files={files} columns={columns} codes={codes} editable={editable} initialTotal={totalRows} focusRowId={focusRowId} version={version} onChanged={changed} />
        </TabsContent>
        <TabsContent value="map">
          <ImportMapPanel
            jobId={jobId}
            editable={editable}
            tileUrl={tileUrl}
            tileAttribution={tileAttribution}
            onChanged={changed}
            onOpenRow={(rowId) => {
              setFocusRowId(rowId);
              setTab("rows");
            }}
          />
        </TabsContent>
      </Tabs>
    </div>
  );
}
