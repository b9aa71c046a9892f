/**
 * The console's view of the API, taken from the services' own code (type-only imports, erased by
 * the build): the zod schemas of request bodies where a service exports them, and the view
 * functions that shape every answer. A field renamed in a service fails the console's type check.
 */
import type { z } from 'zod';
import type { Caller, Role } from '../../../../shared/auth/caller.ts';
import type { SignInResult } from '../../../identity/src/use-cases/sign-in.ts';
import type { ImportReport } from '../../../identity/src/use-cases/import-directory.ts';
import type { HandlingUnit } from '../../../identity/src/domain/directory.ts';
import type { inboxItem, staffView } from '../../../messaging/src/domain/views.ts';
import type { submission } from '../../../messaging/src/handlers/intake.ts';
import type { MessageStatus } from '../../../messaging/src/domain/message.ts';
import type { caseView, SupervisionList } from '../../../case-routing/src/domain/views.ts';
import type { Case, CaseStatus, LedgerEntry } from '../../../case-routing/src/domain/case.ts';
import type { dutyArchive, yearRanking } from '../../../scoring/src/use-cases/duty-year.ts';
import type { ActivityKind } from '../../../scoring/src/domain/rules.ts';
import type { Activity } from '../../../scoring/src/domain/ledger.ts';
import type { DynamoLedger } from '../../../scoring/src/adapters/dynamo-ledger.ts';
import type { FlagReason } from '../../../scoring/src/domain/flags-and-ranking.ts';
import type { deliveryView, notificationView } from '../../../notifications/src/domain/views.ts';
import type { Preferences } from '../../../notifications/src/domain/preferences.ts';
import type { BulletinResult } from '../../../notifications/src/use-cases/publish-bulletin.ts';

export type { Role, MessageStatus, CaseStatus, LedgerEntry, SupervisionList, ActivityKind, FlagReason, Preferences, BulletinResult, ImportReport };

/** A list answer (API.md conventions). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * `POST /v1/auth/login`. `mustChangePassword` comes with the accounts work: when a sign-in answer
 * carries it, the console asks for a new password before anything else.
 */
export type SignIn = SignInResult & { mustChangePassword?: boolean };
export type User = SignInResult['user'];
export type Scope = Caller['scope'];

export type InboxItem = ReturnType<typeof inboxItem>;
export type MessageDetail = ReturnType<typeof staffView>;
export type CitizenMessage = z.input<typeof submission>;

export type CaseView = ReturnType<typeof caseView>;
export type ForwardBody = { unitCode: NonNullable<Case['unitCode']>; dueDate?: Case['dueDate'] };
export type AcceptBody = { committedDate: NonNullable<Case['committedDate']> };
export type ResolveBody = { result: NonNullable<Case['result']> };

export type DutyArchive = Awaited<ReturnType<typeof dutyArchive>>;
export type RankingItem = Awaited<ReturnType<typeof yearRanking>>[number];
/** `GET /v1/flags` item: the stored flag with the deputy's name and township. */
export type FlagItem = Awaited<ReturnType<DynamoLedger['flags']>>[number] & { name: string | null; townshipCode: string | null };
export type ActivityBody = Omit<Activity, 'activityId'>;

export type NotificationItem = ReturnType<typeof notificationView>;
export type DeliveryItem = ReturnType<typeof deliveryView>;
export type UnitItem = HandlingUnit;

export interface Category {
  code: string;
  name: string;
  resolutionDays?: number;
}
export interface Township {
  code: string;
  name: string;
}

/** An account as the accounts routes (`GET/POST/PATCH /v1/accounts`) list it. */
export interface AccountItem {
  username: string;
  name: string;
  role: Role;
  scope: Scope;
  disabled?: boolean;
  mustChangePassword?: boolean;
}
