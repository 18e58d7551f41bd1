// The canonical rows bench:import imports and bench:import-floor writes, made the same way by
// both so their numbers compare.

export const importBenchHeader = [
  "lat", "lng", "address", "request_type", "summary", "description", "reporter_email", "created_at", "acknowledge_message", "closed_at",
  "auto_assignment", "public_comment_1", "internal_comment_1", "Q: What is the size of the pothole?", "Q: How deep is it, in inches?",
];

/** Realistic canonical rows: mostly open potholes, a third closed, a fifth with a reporter (a pool of 2,000 people), comments and answers. */
export function importBenchRow(n: number): string[] {
  const closed = n % 3 === 0;
  const day = 1 + (n % 28);
  return [
    (42.1 + (n % 500) * 0.00008).toFixed(5),
    (-72.53 - (n % 300) * 0.0001).toFixed(5),
    `${n % 9000} Main St`,
    "Pothole",
    "Pothole",
    `A pothole reported by a resident, number ${n}. It is deep enough to damage a tyre.`,
    n % 5 === 0 ? `resident${n % 2000}@example.com` : "",
    `2021-03-${String(day).padStart(2, "0")}T10:11:12-05:00`,
    n % 7 === 0 ? "Crew notified" : "",
    closed ? `2021-04-${String(day).padStart(2, "0")}T09:00:00-04:00` : "",
    n % 2 === 0 ? "Yes" : "No",
    n % 4 === 0 ? "Thanks for reporting" : "",
    `Original ID: SR-${n}`,
    ["Small", "Medium", "Large"][n % 3]!,
    n % 2 === 0 ? String(n % 12) : "",
  ];
}
