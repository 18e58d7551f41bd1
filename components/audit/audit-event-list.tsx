import { formatWithZone } from "@/components/ui/date-time";

// The audit log as people read it (ADR 0018): newest first, who did what, and when in the
// organization's time zone with the zone named. Rendered on the server: the page reloads it after
// every action (revalidatePath), so it needs no polling of its own.

export type AuditEventItem = { id: string; summary: string; actor: string; at: Date };

export function AuditEventList({ events, timeZone, label, empty }: { events: AuditEventItem[]; timeZone: string; label: string; empty: string }) {
  if (events.length === 0) return <p className="text-sm text-muted-foreground">{empty}</p>;
  return (
    <ol aria-label={label} className="flex flex-col divide-y divide-border">
      {events.map((event) => (
        <li key={event.id} className="py-2 text-sm first:pt-0">
          <span className="font-medium">{event.summary}</span>
          <span className="block text-xs text-muted-foreground">
            {event.actor} · <time dateTime={event.at.toISOString()}>{formatWithZone(event.at, timeZone)}</time>
          </span>
        </li>
      ))}
    </ol>
  );
}
