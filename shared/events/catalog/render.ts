import { z } from 'zod';
import { createEvent, detailSchema, eventMetadataSchema, type EventContract } from '../envelope.ts';

/** One generated file of the catalog: a path under `docs/events/` and its content. */
export interface CatalogFile {
  path: string;
  content: string;
}

const SAMPLE_TIME = new Date('2026-03-05T09:30:00+08:00');

/** The catalog file name stem of a contract: `minqing.messaging/MessageSubmitted.v1`. */
export function contractStem(contract: EventContract): string {
  return `${contract.source}/${contract.detailType}.v${contract.schemaVersion.split('.')[0]}`;
}

/**
 * Renders the event catalog for other agencies: per contract a JSON Schema of `detail` and a
 * complete sample EventBridge event, plus the envelope's schema and an index. Deterministic, so a
 * test can tell when the committed catalog is stale.
 */
export function renderCatalog(contracts: readonly EventContract[], city = 'demo'): CatalogFile[] {
  const sorted = [...contracts].sort((a, b) => contractStem(a).localeCompare(contractStem(b)));
  const files: CatalogFile[] = [
    { path: 'envelope.metadata.schema.json', content: json(schemaOf(eventMetadataSchema, 'Minqing event metadata', 'detail.metadata of every Minqing event')) },
  ];
  for (const contract of sorted) {
    const stem = contractStem(contract);
    files.push({
      path: `${stem}.schema.json`,
      content: json(schemaOf(detailSchema(contract), `${contract.detailType} v${contract.schemaVersion}`, contract.description)),
    });
    const event = createEvent(contract, contract.sample, {
      city,
      now: SAMPLE_TIME,
      eventId: '01JNQ5Y8R2W3Z4X5C6V7B8N9M0',
      cause: { correlationId: 'sample-correlation-id', causationId: 'sample-causation-id' },
    });
    files.push({
      path: `${stem}.sample.json`,
      content: json({
        version: '0',
        id: 'a1b2c3d4-0000-4000-8000-000000000000',
        'detail-type': event.detailType,
        source: event.source,
        account: '123456789012',
        time: '2026-03-05T01:30:00Z',
        region: 'cn-northwest-1',
        resources: [],
        detail: event.detail,
      }),
    });
  }
  files.push({ path: 'README.md', content: index(sorted) });
  return files;
}

function schemaOf(schema: z.ZodType, title: string, description: string): unknown {
  return { title, description, ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' }) };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function index(contracts: readonly EventContract[]): string {
  const rows = contracts.map(
    (c) =>
      `| \`${c.source}\` | \`${c.detailType}\` | ${c.schemaVersion} | ${c.description} | [schema](${contractStem(c)}.schema.json), [sample](${contractStem(c)}.sample.json) |`,
  );
  return [
    '# Minqing event catalog',
    '',
    'Generated from the zod contracts in `shared/events/` by `npm run events:catalog`; a test fails when',
    'this folder is stale. Do not edit by hand.',
    '',
    "Every event is put on the city's EventBridge bus `minqing-<city>` with `source` = `minqing.<service>`,",
    '`detail-type` = the event name, and `detail` = `{ metadata, data }`. `metadata` is described by',
    '[envelope.metadata.schema.json](envelope.metadata.schema.json): deduplicate on `metadata.eventId`,',
    "follow a flow with `correlationId`. Events carry identifiers and facts only — never a citizen's",
    'name, phone number or message text.',
    '',
    'Free text on the bus is reviewed, field by field (`test/contracts/free-text.test.ts` lists every',
    "text field and fails on a new one). Two kinds travel, each marked in its schema's `description`:",
    "public names (of townships, stations, units, deputies as office holders, a consultation's title),",
    'as published on stations and pages; and official answers addressed to the citizen (`CaseDeclined.reason`,',
    '`CaseResolved.result`), which staff write for publication, which the citizen reads on the tracking',
    'page, and which are refused when written if they hold a phone number, an ID number or an e-mail',
    'address. Everything else a person writes stays in its service and is read through the API by those',
    "allowed: a citizen's message and replies, a unit's progress notes and measures, a reviewer's reason",
    "for returning or a unit's for asking to be reassigned, a suggestion's text and written answer, comments",
    'on consultations.',
    '',
    'Versioning: adding an optional field raises the minor version; any other change is published as a new',
    'major version side by side with the old one (match on `detail.metadata.schemaVersion` with a `prefix`).',
    '',
    'Subscribing from another AWS account: the city lists your account in its config; you may then create',
    "rules on the city's bus that target resources in your own account.",
    '',
    '| source | detail-type | version | meaning | files |',
    '| --- | --- | --- | --- | --- |',
    ...(rows.length > 0 ? rows : ['| — | — | — | No public events are published yet. | — |']),
    '',
  ].join('\n');
}
