import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, fsyncSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * An append-only JSON-lines journal: the local platform's way of keeping queues on disk. Each
 * append is one `write` to the file before the caller is answered, so what was accepted survives
 * the process being killed at any moment (the OS keeps written pages even if the process dies).
 * Without a path it keeps nothing (`MINQING_DATA_DIR=:memory:`).
 */
export class Journal<R> {
  private fd: number | undefined;

  constructor(private readonly path: string | undefined) {}

  /** Reads every record written so far; a torn last line (a kill mid-write) is skipped. */
  read(): R[] {
    if (!this.path || !existsSync(this.path)) return [];
    const records: R[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        records.push(JSON.parse(line) as R);
      } catch {
        // Only the last line can be torn; it was never acknowledged to anyone.
      }
    }
    return records;
  }

  append(records: readonly R[]): void {
    if (!this.path || records.length === 0) return;
    this.fd ??= this.open();
    writeSync(this.fd, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  }

  /** Replaces the journal with `records` atomically (write a new file, fsync, rename). */
  rewrite(records: readonly R[]): void {
    if (!this.path) return;
    this.close();
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.tmp`;
    const fd = openSync(temp, 'w');
    if (records.length > 0) writeSync(fd, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, this.path);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): number {
    mkdirSync(dirname(this.path!), { recursive: true });
    return openSync(this.path!, 'a');
  }
}
