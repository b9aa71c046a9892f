/**
 * CSV for the committee's spreadsheets: UTF-8 with a BOM (so Excel reads Chinese), CRLF lines,
 * text cells quoted, numbers bare, and text a spreadsheet would run as a formula neutralised.
 */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cell = (value: string | number | null | undefined) => {
    if (typeof value === 'number') return String(value); // -5 is a number, not a formula
    const text = value ?? '';
    return `"${(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
  };
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
