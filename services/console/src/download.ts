/** Saves text as a file in the browser (a CSV the API wrote), with a BOM so spreadsheet programs read the Chinese. */
export function downloadText(text: string, filename: string, type: string): void {
  const blob = new Blob([text.startsWith('\uFEFF') ? text : `\uFEFF${text}`], { type: `${type};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
