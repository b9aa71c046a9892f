import { randomUUID } from 'node:crypto';
import type { Operation, SecurityWorld, Target } from './world.ts';

/** One request to one route, before the caller's headers are added. */
export interface Probe {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Query parameters that name a scope: the probe fills them from its target's township. */
const SCOPE_QUERY = new Set(['township', 'scope']);

/** A route's path and scope query filled from a target, and the headers its use case reads. */
export function probeFor(operation: Operation, world: SecurityWorld, target: Target): Omit<Probe, 'body'> {
  const path = operation.path.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => encodeURIComponent(pathValue(operation.path, name, world, target)));
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const parameter of operation.params) {
    if (parameter.in === 'query' && SCOPE_QUERY.has(parameter.name)) query.set(parameter.name, target.township);
    if (parameter.in === 'query' && parameter.name === 'year') query.set('year', String(world.year));
    if (parameter.in === 'header') headers[parameter.name.toLowerCase()] = headerValue(parameter.name, target);
  }
  const search = query.size ? `?${query}` : '';
  return { method: operation.method, path: `${path}${search}`, headers };
}

function pathValue(route: string, name: string, world: SecurityWorld, target: Target): string {
  switch (name) {
    case 'messageId':
    case 'caseId':
    case 'suggestionId':
    case 'trackingCode':
    case 'responseId':
      return target[name];
    case 'ballotId':
      return target.ballotId;
    case 'projectId':
      return 'p1';
    case 'entryId':
      return world.entryId;
    case 'jobId':
      return world.jobId;
    case 'username':
      return world.spareUsername;
    case 'year':
      return String(world.year);
    case 'path':
      return '';
    case 'id':
      if (route.startsWith('/v1/appointments')) return target.appointmentId;
      return route.startsWith('/v1/notifications') ? target.notificationId : target.consultationId;
  }
  // `code` names a different record on each route family.
  if (/^\/(s\/|v1\/stations\/|v1\/public\/stations\/)/.test(route)) return target.stationCode;
  if (/^\/(d\/|v1\/deputies\/)/.test(route)) return target.deputyCode;
  if (route.startsWith('/t/')) return target.trackingCode;
  if (route.startsWith('/c/')) return target.consultationId;
  if (route.startsWith('/r/')) return target.stationCode;
  if (route.startsWith('/a/')) return target.appointmentId;
  if (route.startsWith('/l/')) return target.ballotId;
  if (route.startsWith('/p/')) return 'consultation.js';
  if (route.startsWith('/assets/')) return 'app.css';
  throw new Error(`no value for {${name}} of ${route}`);
}

function headerValue(name: string, target: Target): string {
  switch (name.toLowerCase()) {
    case 'x-tracking-token':
      return target.trackingToken;
    // A new key each time: a repeated key would replay an earlier answer.
    case 'idempotency-key':
      return `probe-${randomUUID()}`;
    default:
      return randomUUID();
  }
}

/** A body the route's schema refuses for sure (every body schema is strict), so an admitted caller meets 400 and nothing changes. */
export function refusedBody(operation: Operation): Pick<Probe, 'body' | 'headers'> {
  if (!operation.body) return { headers: {} };
  if (operation.body.mediaType === 'text/csv') return { body: 'unexpected\n1\n', headers: { 'content-type': 'text/csv' } };
  return { body: JSON.stringify({ unexpectedField: true }), headers: { 'content-type': 'application/json' } };
}

/** Sends a probe with a caller's headers; the status and the parsed body. */
export async function send(base: string, probe: Probe, caller: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(`${base}${probe.path}`, { method: probe.method, headers: { ...probe.headers, ...caller }, body: probe.body });
  return { status: response.status, text: await response.text() };
}
