// The typed shape of the database. `library.*` tables belong to the library's core systems and
// are shared with them (we read and link, never delete); `shuxiang.*` tables are ours.
import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type BranchKind = "main" | "street" | "children";
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
/** Opening hours per weekday as local wall-time intervals, e.g. { mon: [["09:00", "17:00"]] }. */
export type OpeningHours = Partial<Record<Weekday, Array<[string, string]>>>;

export interface BranchTable {
  code: string;
  name_zh: string;
  name_en: string;
  kind: BranchKind;
  address_zh: string;
  address_en: string;
  timezone: string;
  shares_circulation: boolean;
  opening_hours: Json<OpeningHours>;
  sort_order: number;
}

export type ReaderStatus = "active" | "suspended" | "expired" | "lost";

export interface ReaderTable {
  id: Generated<number>;
  card_number: string;
  name: string;
  phone: string | null;
  email: string | null;
  birth_date: string | null;
  home_branch_code: string;
  status: ReaderStatus;
  registered_at: Timestamp;
}

export interface RoomTable {
  id: Generated<number>;
  branch_code: string;
  code: string;
  name_zh: string;
  name_en: string;
  floor: string | null;
  capacity: number;
  accessibility_zh: string | null;
  accessibility_en: string | null;
  active: Generated<boolean>;
}

export interface TrainingTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string;
  description_zh: string;
  description_en: string;
}

export interface RoleTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string;
  description_zh: string;
  description_en: string;
  min_age: number;
  active: Generated<boolean>;
  sort_order: number;
}

export interface RoleTrainingTable {
  role_id: number;
  training_id: number;
}

export type StaffRole = "administrator" | "coordinator" | "desk";
export type Locale = "zh-CN" | "en";

export interface StaffTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string | null;
  role: StaffRole;
  language: Generated<Locale>;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface StaffBranchTable {
  staff_id: number;
  branch_code: string;
}

export type VolunteerStatus = "appointed" | "paused" | "left";

export interface VolunteerTable {
  id: Generated<number>;
  email: string;
  name: string;
  phone: string | null;
  language: Generated<Locale>;
  status: Generated<VolunteerStatus>;
  reader_id: number | null;
  home_branch_code: string | null;
  appointed_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SessionTable {
  id_hash: string;
  staff_id: number | null;
  volunteer_id: number | null;
  data: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface SignInCodeTable {
  id: Generated<number>;
  email: string;
  volunteer_id: number;
  code_hash: string;
  link_hash: string;
  requested_ip: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  failed_attempts: Generated<number>;
}

export interface MailboxMessageTable {
  id: Generated<number>;
  message_id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  ical: string | null;
  ical_method: string | null;
  created_at: CreatedAt;
}

export type MessageStatus = "queued" | "sending" | "sent" | "failed";
export type CalendarMethod = "REQUEST" | "CANCEL" | "PUBLISH";

export interface MessageTable {
  id: Generated<number>;
  created_at: CreatedAt;
  recipient_email: string;
  recipient_name: Generated<string>;
  language: Generated<Locale>;
  template: string;
  data: Json<Record<string, unknown>>;
  ical: string | null;
  ical_method: CalendarMethod | null;
  message_id: string;
  idempotency_key: string | null;
  status: Generated<MessageStatus>;
  attempts: Generated<number>;
  lease_until: Timestamp | null;
  subject: string | null;
  last_error: string | null;
  smtp_response: string | null;
  sent_at: Timestamp | null;
  resent_from: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_staff_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  branch_code: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  request_id: string | null;
}

export interface AppMetaTable {
  key: string;
  value: Json<unknown>;
  updated_at: CreatedAt;
}

export interface Database {
  "library.branches": BranchTable;
  "library.readers": ReaderTable;
  "shuxiang.rooms": RoomTable;
  "shuxiang.trainings": TrainingTable;
  "shuxiang.roles": RoleTable;
  "shuxiang.role_trainings": RoleTrainingTable;
  "shuxiang.staff": StaffTable;
  "shuxiang.staff_branches": StaffBranchTable;
  "shuxiang.volunteers": VolunteerTable;
  "shuxiang.sessions": SessionTable;
  "shuxiang.sign_in_codes": SignInCodeTable;
  "shuxiang.mailbox_messages": MailboxMessageTable;
  "shuxiang.messages": MessageTable;
  "shuxiang.audit_log": AuditLogTable;
  "shuxiang.app_meta": AppMetaTable;
}

export type Branch = Selectable<BranchTable>;
export type Reader = Selectable<ReaderTable>;
export type Room = Selectable<RoomTable>;
export type Role = Selectable<RoleTable>;
export type Staff = Selectable<StaffTable>;
export type Volunteer = Selectable<VolunteerTable>;
export type NewReader = Insertable<ReaderTable>;
