import { request } from './request.ts';
import type { Category, ImportJob, Page, Township, UnitItem } from './types.ts';

export const listTownships = () => request<{ items: Township[] }>('GET', '/v1/townships');
export const listUnits = () => request<Page<UnitItem>>('GET', '/v1/units');
export const listCategories = () => request<{ items: Category[] }>('GET', '/v1/categories');

/** The directory files an admin imports, in the order they depend on each other. */
export type DirectoryFile = 'townships' | 'rooms' | 'groups' | 'stations' | 'units' | 'deputies';

/** An import job's progress and outcome (`GET /v1/directory/import-jobs/{jobId}`). */
export const importJob = (jobId: string) => request<ImportJob>('GET', `/v1/directory/import-jobs/${encodeURIComponent(jobId)}`);

/**
 * Uploads one directory CSV (`POST /v1/directory/<file>/import`), reporting the upload's progress.
 * A valid file answers 202 with its job; a refused file 400 with the failing rows and fields in `details`.
 */
export function importDirectory(file: DirectoryFile, csv: string, token: string, onProgress: (fraction: number) => void) {
  return new Promise<{ status: number; body: { error?: { message: string; details?: { path: string; message: string }[] } } & Partial<ImportJob> }>(
    (resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/v1/directory/${file}/import`);
      xhr.setRequestHeader('content-type', 'text/csv; charset=utf-8');
      xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
      xhr.onload = () => {
        let body = {};
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // not JSON: the status says enough
        }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => reject(new Error('network'));
      xhr.send(csv);
    },
  );
}
