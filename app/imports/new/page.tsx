import type { Metadata } from "next";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata: Metadata = { title: "New import" };

// The browser upload lands with the CSM workflow; until then the same engine runs from the CLI.
export default function NewImportPage() {
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">New import</h1>
      <Card>
        <CardHeader>
          <CardTitle>Validate and import from the command line</CardTitle>
          <CardDescription>Uploading in the browser is on its way. The command line runs the same checks today.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3 text-sm">
          <p>Check a file against an organization&apos;s configuration, with no database needed:</p>
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-slate-100">npx bulk-import validate --config springfield.json --mapping types.csv potholes.csv</pre>
          <p>Write the rows that need fixing, with an <code>import_errors</code> column, for the customer:</p>
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-slate-100">npx bulk-import error-report --config springfield.json -o fix-these.csv potholes.csv</pre>
          <p>Get an organization&apos;s configuration file with <code>npx bulk-import org dump springfield -o springfield.json</code>.</p>
        </CardContent>
      </Card>
    </div>
  );
}
