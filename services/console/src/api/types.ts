/**
 * The console's view of the API, from the same zod schemas the services validate requests with and
 * type their answers by (`src/handlers/schemas.ts`, the domain views; type-only imports, erased by
 * the build). A field a service renames fails the console's type check.
 */
import type { z } from 'zod';
import type { Role } from '../../../../shared/auth/caller.ts';
import type {
  accountViewSchema,
  importJobSchema,
  newAccountSchema,
  oneTimePasswordSchema,
  importReportSchema,
  signInResultSchema,
  stationsSchema,
  townshipsSchema,
  unitsSchema,
  userSchema,
  wechatAuthorizationSchema,
  wechatBindingSchema,
} from '../../../identity/src/domain/public-views.ts';
import type { accountPatch, accountsQuery, newStaffAccount } from '../../../identity/src/handlers/schemas.ts';
import type {
  categoriesSchema,
  escalatedSchema,
  heldItemSchema,
  heldPageSchema,
  overdueReplyPageSchema,
  inboxItemSchema,
  inboxSchema,
  moderatedSchema,
  repliedSchema,
  staffViewSchema,
} from '../../../messaging/src/domain/views.ts';
import type { escalationBody, heldQuery, inboxQuery, rejectBody, releaseBody, replyBody } from '../../../messaging/src/handlers/schemas.ts';
import type { MessageStatus } from '../../../messaging/src/domain/message.ts';
import type { caseListSchema, casePageSchema, caseViewSchema, SupervisionList } from '../../../case-routing/src/domain/views.ts';
import type {
  acceptBody,
  answerBody,
  assistBody,
  evaluationBody,
  forwardBody,
  meetingBody,
  progressBody,
  reasonBody,
  registerSuggestionBody,
  resolveBody,
  submitSuggestionBody,
  supervisionQuery,
} from '../../../case-routing/src/handlers/schemas.ts';
import type { CaseStatus, LedgerEntry } from '../../../case-routing/src/domain/case.ts';
import type { dutyArchiveSchema, flagsSchema, rankingSchema } from '../../../scoring/src/domain/views.ts';
import type { activityBody } from '../../../scoring/src/handlers/schemas.ts';
import type { ActivityKind } from '../../../scoring/src/domain/rules.ts';
import type { FlagReason } from '../../../scoring/src/domain/flags-and-ranking.ts';
import type {
  bulletinResultSchema,
  deliveriesSchema,
  deliveryViewSchema,
  notificationsSchema,
  notificationViewSchema,
  preferencesSchema,
} from '../../../notifications/src/domain/views.ts';
import type { bulletinBody } from '../../../notifications/src/handlers/schemas.ts';
import type {
  deputiesSchema as deputyFiguresSchema,
  followUpSchema,
  overviewSchema,
  unitsSchema as unitFiguresSchema,
} from '../../../statistics/src/domain/views.ts';
import type { overviewQuery } from '../../../statistics/src/handlers/schemas.ts';

export type { Role, MessageStatus, CaseStatus, LedgerEntry, SupervisionList, ActivityKind, FlagReason };

/** A list answer (the conventions of docs/api.md). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * `POST /v1/auth/login`. `mustChangePassword` comes with the accounts work: when a sign-in answer
 * carries it, the console asks for a new password before anything else.
 */
export type SignIn = z.output<typeof signInResultSchema> & { mustChangePassword?: boolean };
export type User = z.output<typeof userSchema>;
export type Scope = User['scope'];
/** 绑定微信: an account's binding, and the authorization page that starts one. */
export type WechatBinding = z.output<typeof wechatBindingSchema>;
export type WechatAuthorization = z.output<typeof wechatAuthorizationSchema>;
export type ImportReport = z.output<typeof importReportSchema>;
export type ImportJob = z.output<typeof importJobSchema>;
export type Township = z.output<typeof townshipsSchema>['items'][number];
export type UnitItem = z.output<typeof unitsSchema>['items'][number];
/** `resolutionDays` is the category's usual time, which the review screen proposes as the due date. */
export type Category = z.output<typeof categoriesSchema>['items'][number];

export type InboxItem = z.output<typeof inboxItemSchema>;
export type Inbox = z.output<typeof inboxSchema>;
export type InboxQuery = Pick<Partial<z.input<typeof inboxQuery>>, 'status' | 'cursor'>;
export type MessageDetail = z.output<typeof staffViewSchema>;
export type ReplyBody = z.input<typeof replyBody>;
export type Replied = z.output<typeof repliedSchema>;
export type EscalationBody = z.input<typeof escalationBody>;
export type Escalated = z.output<typeof escalatedSchema>;

export type HeldItem = z.output<typeof heldItemSchema>;
export type HeldPage = z.output<typeof heldPageSchema>;
/** A page of messages whose deputy's reply is overdue (on the supervision list). */
export type OverdueReplyPage = z.output<typeof overdueReplyPageSchema>;
export type OverdueReply = OverdueReplyPage['items'][number];
export type HeldQuery = Partial<Record<keyof z.input<typeof heldQuery>, string>>;
export type ReleaseBody = z.input<typeof releaseBody>;
export type RejectBody = z.input<typeof rejectBody>;
export type Moderated = z.output<typeof moderatedSchema>;
/** A liaison station with its deputies in office (`GET /v1/stations`). */
export type StationItem = z.output<typeof stationsSchema>['items'][number];

export type CaseView = z.output<typeof caseViewSchema>;
export type CaseList = z.output<typeof caseListSchema>;
/** A page of a closed-loop list (`nextCursor` for the next). */
export type CasePage = z.output<typeof casePageSchema>;
/** What `GET /v1/supervision` takes: the list, the period, filters and paging. */
export type SupervisionQuery = Partial<Omit<z.input<typeof supervisionQuery>, 'format' | 'limit'>> & { list: SupervisionList; limit?: number };
export type ForwardBody = z.input<typeof forwardBody>;
export type AcceptBody = z.input<typeof acceptBody>;
export type ResolveBody = z.input<typeof resolveBody>;
export type ProgressBody = z.input<typeof progressBody>;
export type ReasonBody = z.input<typeof reasonBody>;
/** A deputy's suggestion or motion as it rides on its case. */
export type SuggestionView = NonNullable<CaseView['suggestion']>;
export type SubmitSuggestionBody = z.input<typeof submitSuggestionBody>;
export type RegisterSuggestionBody = z.input<typeof registerSuggestionBody>;
export type AssistBody = z.input<typeof assistBody>;
export type MeetingBody = z.input<typeof meetingBody>;
export type AnswerBody = z.input<typeof answerBody>;
export type EvaluationBody = z.input<typeof evaluationBody>;

export type DutyArchive = z.output<typeof dutyArchiveSchema>;
export type Rankings = z.output<typeof rankingSchema>;
export type RankingItem = Rankings['items'][number];
export type Flags = z.output<typeof flagsSchema>;
export type FlagItem = Flags['items'][number];
export type ActivityBody = z.input<typeof activityBody>;

export type NotificationItem = z.output<typeof notificationViewSchema>;
export type Notifications = z.output<typeof notificationsSchema>;
export type DeliveryItem = z.output<typeof deliveryViewSchema>;
export type Deliveries = z.output<typeof deliveriesSchema>;
export type Preferences = z.output<typeof preferencesSchema>;
export type BulletinBody = z.input<typeof bulletinBody>;
export type BulletinResult = z.output<typeof bulletinResultSchema>;

/** An account as `GET /v1/accounts` lists it: `status` is `pending`, `active` or `disabled`. */
export type AccountItem = z.output<typeof accountViewSchema>;
export type AccountStatus = AccountItem['status'];
export type AccountsQuery = Pick<Partial<z.input<typeof accountsQuery>>, 'role' | 'q' | 'cursor'>;
export type NewAccount = z.input<typeof newStaffAccount>;
export type StaffRole = NewAccount['role'];
export type AccountPatch = z.input<typeof accountPatch>;
/** The username and its one-time password, shown once. */
export type CreatedAccount = z.output<typeof newAccountSchema>;
export type OneTimePassword = z.output<typeof oneTimePasswordSchema>;

/** The committee's figures (统计分析) for a period: counts, with rates left to the reader. */
export type Overview = z.output<typeof overviewSchema>;
export type Tally = Omit<Overview, 'from' | 'to' | 'byCategory' | 'byTownship' | 'byDay' | 'byWeek'>;
export type UnitFigures = z.output<typeof unitFiguresSchema>;
export type DeputyFigures = z.output<typeof deputyFiguresSchema>;
/** The follow-up questionnaire's answers (回访) for a period. */
export type FollowUpFigures = z.output<typeof followUpSchema>;
/** `?from=&to=&township=` of the figures' routes (city dates, both included). */
export type StatsQuery = Pick<z.input<typeof overviewQuery>, 'from' | 'to' | 'township'>;

/** Whose personal data to erase: a message by its id or its tracking code. */
export type ErasureTarget = { messageId: string } | { trackingCode: string } | { appointmentId: string };

/** An audit entry of an erasure of a citizen's personal data (never the data). */
export interface Erasure {
  erasureId: string;
  at: string;
  by: string;
  reason: 'retention' | 'request';
  messageIds: string[];
  /** Reception-day appointments erased (participation's entries). */
  appointmentIds?: string[];
  fields: ('name' | 'phone' | 'location' | 'source')[];
}
