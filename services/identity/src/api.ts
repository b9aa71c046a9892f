import type { z } from 'zod';
import { ROLES } from '../../../shared/auth/caller.ts';
import { openApiRouteDoc } from '../../../shared/api/openapi.ts';
import type { ServiceApi } from '../../../shared/api/route-doc.ts';
import {
  importJobSchema,
  jwksSchema,
  deputyProfileSchema,
  publicStationSchema,
  signInResultSchema,
  stationsSchema,
  townshipsSchema,
  unitsSchema,
  userSchema,
} from './domain/public-views.ts';
import { codeParams, credentials, importFiles, importJobParams } from './handlers/schemas.ts';

const csvImport = (what: string, file: z.ZodType) =>
  ({
    roles: ['admin'],
    summary: `Imports the city's ${what} from a CSV file (UTF-8, header row; at most 2 MiB) as a job.`,
    description:
      'The whole file is validated first: a file with any bad row is refused whole, the failing rows and fields named in `details`. A valid file answers 202 with its job at once; the rows are written outside the request (`GET /v1/directory/import-jobs/{jobId}` shows the progress). Importing the same file again changes nothing; a changed row updates the entity and tells the other services.',
    body: { schema: file, mediaType: 'text/csv' },
    response: { status: 202, description: 'The queued job.', schema: importJobSchema },
  }) as const;

/**
 * Identity's routes (`service.ts`), documented for `docs/api.md` and `GET /v1/openapi.json`. Only
 * schemas and views are imported: the reference is built without wiring any adapter.
 */
export const identityApi: ServiceApi = {
  service: 'identity',
  description: 'The city directory (townships, stations, deputies, units), sign-in and access tokens, and the QR codes citizens scan.',
  routes: [
    {
      method: 'POST',
      path: '/v1/auth/login',
      summary: 'Signs in with a username and password.',
      description:
        'An unknown username and a wrong password get the same 401. Repeated failures per username or per client are refused with 429 until their window ends.',
      body: { schema: credentials },
      response: { status: 200, description: 'An access token and the account.', schema: signInResultSchema },
      errors: [401, 429],
    },
    {
      method: 'GET',
      path: '/v1/me',
      roles: ROLES,
      summary: "The caller's account.",
      response: { status: 200, description: 'The signed-in account.', schema: userSchema },
    },
    {
      method: 'GET',
      path: '/.well-known/jwks.json',
      summary: 'The public key that verifies access tokens, for services and agencies.',
      response: { status: 200, description: 'A JSON Web Key Set.', schema: jwksSchema },
    },
    {
      method: 'GET',
      path: '/v1/townships',
      summary: "The city's townships.",
      response: { status: 200, description: 'Every township.', schema: townshipsSchema },
    },
    {
      method: 'GET',
      path: '/v1/stations',
      summary: 'Every liaison station with its active deputies.',
      response: { status: 200, description: 'Every station, whole.', schema: stationsSchema },
    },
    {
      method: 'GET',
      path: '/v1/stations/{code}',
      summary: 'One liaison station.',
      params: codeParams,
      response: { status: 200, description: 'The station and its active deputies.', schema: publicStationSchema },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/stations/{code}/qr.svg',
      summary: "The station's QR code (站码), opening its public message page `/s/{code}`.",
      params: codeParams,
      response: { status: 200, description: 'An SVG image.', mediaType: 'image/svg+xml' },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/stations/{code}/poster',
      summary: "A printable A4 poster for the station's wall: its deputies with their codes and QR codes.",
      params: codeParams,
      response: { status: 200, description: 'An HTML page.', mediaType: 'text/html' },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/deputies/{code}',
      summary: "A deputy's public facts (no phone, no private data) and their responsiveness over the last 12 months.",
      params: codeParams,
      response: { status: 200, description: 'The deputy.', schema: deputyProfileSchema },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/deputies/{code}/qr.svg',
      summary: "The deputy's QR code (代表码), opening their public message page `/d/{code}`; only for deputies in office.",
      params: codeParams,
      response: { status: 200, description: 'An SVG image.', mediaType: 'image/svg+xml' },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/units',
      roles: ROLES,
      summary: 'The handling units (承办单位) reviewers forward cases to.',
      response: { status: 200, description: 'Every unit, whole.', schema: unitsSchema },
    },
    { method: 'POST', path: '/v1/directory/townships/import', ...csvImport('townships', importFiles.townships) },
    { method: 'POST', path: '/v1/directory/rooms/import', ...csvImport('online liaison rooms and their grids', importFiles.rooms) },
    { method: 'POST', path: '/v1/directory/groups/import', ...csvImport('deputy groups (townships first)', importFiles.groups) },
    { method: 'POST', path: '/v1/directory/stations/import', ...csvImport('liaison stations (townships first)', importFiles.stations) },
    { method: 'POST', path: '/v1/directory/units/import', ...csvImport('handling units', importFiles.units) },
    { method: 'POST', path: '/v1/directory/deputies/import', ...csvImport('deputies (stations and units first)', importFiles.deputies) },
    {
      method: 'GET',
      path: '/v1/directory/import-jobs/{jobId}',
      roles: ['admin'],
      summary: 'An import job: its status, rows done of total, the outcome and the rows that failed.',
      params: importJobParams,
      response: { status: 200, description: 'The job.', schema: importJobSchema },
      errors: [404],
    },
    openApiRouteDoc,
  ],
};
