/**
 * An open-loop burst: `count` requests started at an even pace over `seconds`, each on its own
 * connection if need be, whether or not the earlier ones were answered — as thousands of citizens
 * pressing "send" at once do. (autocannon's connections wait for their answers, so a slow server
 * lowers what it offers; a burst must not.)
 */
export interface OpenLoopResult {
  sent: number;
  /** Answers by HTTP status. */
  statuses: Record<number, number>;
  /** Requests that got no answer (connection refused, reset or timed out). */
  errors: number;
  /** Those, by their cause's code (e.g. `UND_ERR_CONNECT_TIMEOUT`, `ECONNRESET`). */
  errorsByCause: Record<string, number>;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** From the first request until the last answer. */
  answeredSeconds: number;
}

/** Offers `request(i)` for i in [0, count) over `seconds`; `onAnswer` sees each answer's status and body. */
export async function offerOpenLoop(options: {
  count: number;
  seconds: number;
  request: (i: number) => { url: string; init: RequestInit };
  onAnswer: (status: number, body: string) => void;
}): Promise<OpenLoopResult> {
  const { count, seconds } = options;
  const statuses: Record<number, number> = {};
  const latencies: number[] = [];
  let errors = 0;
  const errorsByCause: Record<string, number> = {};
  const started = performance.now();
  const answers: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    // Paced by the schedule, not by the answers: the i-th request leaves at i × seconds ÷ count.
    const due = started + (i * seconds * 1000) / count;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const { url, init } = options.request(i);
    const sentAt = performance.now();
    answers.push(
      fetch(url, init).then(
        async (response) => {
          const body = await response.text();
          latencies.push(performance.now() - sentAt);
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          options.onAnswer(response.status, body);
        },
        (error: Error & { cause?: { code?: string; name?: string } }) => {
          errors++;
          const cause = error.cause?.code ?? error.cause?.name ?? error.name;
          errorsByCause[cause] = (errorsByCause[cause] ?? 0) + 1;
        },
      ),
    );
  }
  await Promise.all(answers);
  const answeredSeconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { sent: count, statuses, errors, errorsByCause, latencyMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) }, answeredSeconds };
}
