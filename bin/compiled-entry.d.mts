export function sourceFingerprint(entry: string, root?: string): string;
export function importEntry(entry: string, options?: { root?: string; cacheDir?: string }): Promise<Record<string, unknown>>;
