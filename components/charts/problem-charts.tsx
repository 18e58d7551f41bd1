"use client";

import { useSyncExternalStore } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const reducedMotionQuery = "(prefers-reduced-motion: reduce)";

function subscribeToReducedMotion(onChange: () => void): () => void {
  const query = window.matchMedia(reducedMotionQuery);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/** Whether the user asked for less motion (the server renders without animation). */
function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(subscribeToReducedMotion, () => window.matchMedia(reducedMotionQuery).matches, () => true);
}

export type ChartDatum = { name: string; errors: number; warnings: number };

function ProblemBarChart({ title, data }: { title: string; data: ChartDatum[] }) {
  const animate = !usePrefersReducedMotion();
  const height = Math.max(120, data.length * 28 + 40);
  return (
    <figure className="flex flex-col gap-2">
      <figcaption className="text-sm font-medium">{title}</figcaption>
      {data.length === 0 ? (
        <p className="text-sm text-muted-foreground">No problems.</p>
      ) : (
        <div style={{ height }} aria-hidden>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }} accessibilityLayer={false}>
              <CartesianGrid horizontal={false} stroke="#e2e8f0" />
              <XAxis type="number" allowDecimals={false} fontSize={12} />
              <YAxis type="category" dataKey="name" width={170} fontSize={12} interval={0} />
              <Tooltip />
              <Bar dataKey="errors" name="Errors" stackId="a" fill="#b91c1c" isAnimationActive={animate} />
              <Bar dataKey="warnings" name="Warnings" stackId="a" fill="#d97706" isAnimationActive={animate} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      {/* The same numbers as text, for screen readers. */}
      <table className="sr-only">
        <caption>{title}</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Errors</th><th scope="col">Warnings</th></tr></thead>
        <tbody>{data.map((d) => <tr key={d.name}><th scope="row">{d.name}</th><td>{d.errors}</td><td>{d.warnings}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}

export function ProblemCharts({ byCode, byColumn }: { byCode: ChartDatum[]; byColumn: ChartDatum[] }) {
  return (
    <div className="grid gap-6">
      <ProblemBarChart title="Problems by code" data={byCode} />
      <ProblemBarChart title="Problems by column" data={byColumn} />
    </div>
  );
}
