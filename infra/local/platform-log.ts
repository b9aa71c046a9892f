/** Where the local platform reports its own doings (not the services' logs). */
export interface LambdaLogger {
  info(source: string, message: string, fields?: Record<string, unknown>): void;
  error(source: string, message: string, error?: unknown): void;
}

/** JSON lines on stderr, or nothing when quiet (tests). Never a body, only names and outcomes. */
export function platformLogger(quiet: boolean): LambdaLogger {
  const write = (level: string, source: string, message: string, fields?: Record<string, unknown>) => {
    if (quiet) return;
    process.stderr.write(`${JSON.stringify({ level, source, message, ...fields, timestamp: new Date().toISOString() })}\n`);
  };
  return {
    info: (source, message, fields) => write('INFO', source, message, fields),
    error: (source, message, error) => write('ERROR', source, message, { errorName: (error as Error)?.name, errorMessage: (error as Error)?.message }),
  };
}
