// Dates and times as people read them, in a given IANA zone (the organization's), with the zone named.

export function dateTimeFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", ...(timeZone ? { timeZone } : {}) });
}

/** "Mar 4, 2021, 10:11 AM EST": the time and its zone's short name. */
export function formatWithZone(date: Date, timeZone: string): string {
  const zone = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" }).formatToParts(date).find((part) => part.type === "timeZoneName")?.value ?? timeZone;
  return `${dateTimeFormat(timeZone).format(date)} ${zone}`;
}
