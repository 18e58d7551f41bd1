// RFC 4180 output for the files the import side writes (export, new users).

export function csvField(value: string): string {
  return /[",\r\n\u2028\u2029]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}
