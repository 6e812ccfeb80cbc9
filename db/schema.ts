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

export type VolunteerStatus = "applicant" | "appointed" | "paused" | "retired" | "suspended" | "left";

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
  /** Weekly slots such as "mon-am", "sat-pm", "fri-ev"; null means not stated (any time). */
  availability: string[] | null;
  birth_date: string | null;
  feed_version: Generated<number>;
  feed_token_hash: string | null;
  volunteer_number: string | null;
  preferred_branches: Generated<string[]>;
  preferred_roles: Generated<number[]>;
  skills: Generated<string>;
  languages_spoken: Generated<string>;
  guardian_name: string | null;
  guardian_phone: string | null;
  /** Who the guardian of a child under 14 is to them (PIPL Art 31). */
  guardian_relation: GuardianRelation | null;
  /** Set when the person asked for deletion: personal data gone, service figures kept. */
  anonymised_at: Timestamp | null;
  /** Mail preferences (profile or one-click unsubscribe): calls for help, and reminders. */
  wants_calls_for_help: Generated<boolean>;
  wants_reminders: Generated<boolean>;
  /** Set by staff while the volunteer is suspended (status "suspended"); cleared when lifted. */
  suspended_at: Timestamp | null;
  suspended_by: number | null;
  suspension_reason: string | null;
  /** The status the suspension took away, given back when it is lifted. */
  status_before_suspension: "appointed" | "paused" | "retired" | null;
  id_doc_type: IdDocType | null;
  id_doc_number_sealed: string | null;
  id_doc_consent_at: Timestamp | null;
}

export type ApplicationStatus = "applied" | "interview" | "training" | "appointed" | "declined" | "withdrawn";

export type GuardianRelation = "mother" | "father" | "guardian";

export interface ApplicationTable {
  id: Generated<number>;
  volunteer_id: number;
  status: Generated<ApplicationStatus>;
  heard_from: Generated<string>;
  consent_at: Timestamp;
  guardian_consent_at: Timestamp | null;
  /** A child under 14: the guardian's separate consent under the children's notice (PIPL Art 31). */
  child_consent_at: Timestamp | null;
  submitted_ip: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export type InterviewStatus = "scheduled" | "cancelled" | "done";
export type InterviewOutcome = "passed" | "not-passed" | "no-show";

export interface InterviewTable {
  id: Generated<number>;
  application_id: number;
  branch_code: string;
  room_id: number | null;
  place: Generated<string>;
  interviewer_staff_id: number;
  local_date: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: Generated<InterviewStatus>;
  outcome: InterviewOutcome | null;
  outcome_note: Generated<string>;
  sequence: Generated<number>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface ApplicationEventTable {
  id: Generated<number>;
  application_id: number;
  at: CreatedAt;
  actor_staff_id: number | null;
  from_status: ApplicationStatus | null;
  to_status: ApplicationStatus;
  note: Generated<string>;
}

export interface ApplicationNoteTable {
  id: Generated<number>;
  application_id: number;
  at: CreatedAt;
  staff_id: number;
  body: string;
}

export interface VolunteerNoteTable {
  id: Generated<number>;
  volunteer_id: number;
  at: CreatedAt;
  staff_id: number;
  body: string;
}

export interface BranchSettingsTable {
  branch_code: string;
  desk_email: string | null;
  desk_phone: string | null;
  booking_cutoff_hours: Generated<number>;
  allow_late_cancellation: Generated<boolean>;
  reminder_hours: Generated<number>;
  second_reminder_hours: number | null;
  event_setup_minutes: Generated<number>;
  event_teardown_minutes: Generated<number>;
  guests_allowed: Generated<boolean>;
  updated_at: CreatedAt;
}

export interface VolunteerTrainingTable {
  volunteer_id: number;
  training_id: number;
  completed_at: CreatedAt;
  /** The session attended, when the record came from one (null for records entered otherwise). */
  session_id: number | null;
}

export interface TrainingSessionTable {
  id: Generated<number>;
  training_id: number;
  branch_code: string;
  room_id: number | null;
  place: Generated<string>;
  trainer: Generated<string>;
  local_date: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  capacity: number;
  enrolled: Generated<number>;
  status: Generated<"scheduled" | "cancelled">;
  cancel_reason: string | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
}

export interface TrainingEnrolmentTable {
  id: Generated<number>;
  session_id: number;
  volunteer_id: number;
  status: Generated<"enrolled" | "waitlisted" | "cancelled">;
  attendance: "attended" | "absent" | null;
  attendance_by: number | null;
  attendance_at: Timestamp | null;
  sequence: Generated<number>;
  enrolled_by: number | null;
  created_at: CreatedAt;
  cancelled_at: Timestamp | null;
  /** Waitlist order (the mechanism in waitlists/promotion.server.ts). */
  arrival: Generated<string>;
  waitlisted_at: Timestamp | null;
  confirmed_at: Timestamp | null;
}

export interface ShiftSeriesTable {
  id: Generated<number>;
  branch_code: string;
  role_id: number;
  weekdays: number[];
  start_date: string;
  until_date: string | null;
  occurrences: number | null;
  start_time: string;
  end_time: string;
  created_by: number | null;
  created_at: CreatedAt;
}

export type ShiftStatus = "scheduled" | "cancelled";

export interface ShiftTable {
  id: Generated<number>;
  branch_code: string;
  role_id: number;
  series_id: number | null;
  event_id: number | null;
  room_id: number | null;
  local_date: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  capacity: number;
  min_needed: number;
  booked: Generated<number>;
  notes: Generated<string>;
  status: Generated<ShiftStatus>;
  sequence: Generated<number>;
  cancelled_at: Timestamp | null;
  cancel_reason: string | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export type BookingStatus = "confirmed" | "waitlisted" | "cancelled" | "removed";

export interface BookingTable {
  id: Generated<number>;
  shift_id: number;
  volunteer_id: number;
  status: BookingStatus;
  arrival: Generated<number>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  sequence: Generated<number>;
  created_at: CreatedAt;
  confirmed_at: Timestamp | null;
  notified_at: Generated<Date>;
  cancelled_at: Timestamp | null;
  late_cancellation: Generated<boolean>;
  cancel_reason: string | null;
  assigned_by: number | null;
  override_reason: string | null;
  checked_in_at: Timestamp | null;
  checked_out_at: Timestamp | null;
  no_show: Generated<boolean>;
  adjusted_minutes: number | null;
  adjust_reason: string | null;
}

export interface ReminderSentTable {
  booking_id: number;
  lead_hours: number;
  for_starts_at: Timestamp;
  sent_at: CreatedAt;
}

export interface HelpRequestTable {
  id: Generated<number>;
  shift_id: number;
  requested_by: number;
  requested_at: CreatedAt;
  recipients: number;
}

export interface CertificateTable {
  id: Generated<number>;
  code: string;
  volunteer_id: number;
  period_from: string;
  period_to: string;
  sessions: number;
  minutes: number;
  details: Json<unknown>;
  issued_at: CreatedAt;
  issued_by: number | null;
  /** From the register, gap-free per year: SX-2026-000123. */
  number: string;
  year: number;
  serial: number;
  branch_code: string | null;
  role_id: number | null;
  issue_date: string;
  volunteer_number: string | null;
  id_doc_type: IdDocType | null;
  id_doc_number_sealed: string | null;
  /** The issuer's particulars as they stood when it was issued. */
  issuer: Json<CertificateIssuer>;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
  revoke_reason: string | null;
}

export type IdDocType = "resident-id" | "passport" | "hk-macao-permit" | "taiwan-permit" | "foreigner-permanent";

export interface CertificateIssuer {
  nameZh: string;
  nameEn: string;
  personInCharge: string;
  handler: string;
  contact: string;
}

export interface CertificateRegisterTable {
  year: number;
  last_number: number;
}

export interface SessionTable {
  id_hash: string;
  staff_id: number | null;
  volunteer_id: number | null;
  data: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface StaffSignInFailureTable {
  id: Generated<number>;
  /** The address as typed (lower-cased), whether or not an account has it. */
  email: string;
  ip: string;
  at: CreatedAt;
}

/** A staff member's TOTP second factor; pending until confirmed with a code (docs/decisions/0020). */
export interface StaffTotpTable {
  staff_id: number;
  /** Sealed (AES-256-GCM under a key derived from the server secret), never the secret itself. */
  secret_sealed: string;
  confirmed_at: Timestamp | null;
  /** The last 30-second time step whose code was accepted: older and equal steps are refused. */
  last_used_step: number | null;
  created_at: CreatedAt;
}

/** Between a right password and the code: the random id is in the form, only its hash here. */
export interface StaffSignInChallengeTable {
  id_hash: string;
  staff_id: number;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

export interface SignInCodeTable {
  id: Generated<number>;
  email: string;
  /** Null for a request for an address no active volunteer uses (recorded only to count it). */
  volunteer_id: number | null;
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
  /** The registration or application the message is about (retention and deletion find it by these). */
  registration_id: number | null;
  application_id: number | null;
  status: Generated<MessageStatus>;
  attempts: Generated<number>;
  lease_until: Timestamp | null;
  subject: string | null;
  last_error: string | null;
  smtp_response: string | null;
  sent_at: Timestamp | null;
  resent_from: number | null;
  /** A failure someone dealt with without resending; a resend clears it. */
  failure_handled_at: Timestamp | null;
  failure_handled_by: number | null;
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

export const EVENT_KINDS = ["promotion", "heritage", "parent-child", "salon", "book-swap", "classics", "poetry", "lecture", "craft", "digital", "essay", "class-visit", "study-tour", "volunteer-course", "safety-talk"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_AUDIENCES = ["everyone", "children", "parent-child", "adults", "seniors", "disabilities", "school-groups", "volunteers"] as const;
export type EventAudience = (typeof EVENT_AUDIENCES)[number];

export interface EventSeriesTable {
  id: Generated<number>;
  branch_code: string;
  weekdays: number[];
  start_date: string;
  until_date: string | null;
  occurrences: number | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface EventTable {
  id: Generated<number>;
  series_id: number | null;
  branch_code: string;
  room_id: number | null;
  place: Generated<string>;
  kind: EventKind;
  audience: EventAudience;
  title_zh: string;
  title_en: string;
  description_zh: Generated<string>;
  description_en: Generated<string>;
  accessibility_zh: Generated<string>;
  accessibility_en: Generated<string>;
  partner: Generated<string>;
  local_date: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  blocked_from: Timestamp;
  blocked_until: Timestamp;
  capacity: number;
  registered: Generated<number>;
  max_party: Generated<number>;
  card_required: Generated<boolean>;
  guests_allowed: Generated<boolean>;
  registration_opens_at: Timestamp | null;
  registration_closes_at: Timestamp | null;
  status: Generated<"scheduled" | "cancelled">;
  sequence: Generated<number>;
  cancel_reason: string | null;
  cancelled_at: Timestamp | null;
  feedback_requested_at: Timestamp | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export type RegistrationStatus = "confirmed" | "waitlisted" | "requested" | "declined" | "cancelled";

export interface RegistrationTable {
  id: Generated<number>;
  event_id: number;
  kind: Generated<"person" | "group">;
  reader_id: number | null;
  volunteer_id: number | null;
  name: string;
  email: string | null;
  phone: string | null;
  language: Generated<Locale>;
  adults: Generated<number>;
  children: Generated<number>;
  places: number;
  school: string | null;
  class_name: string | null;
  preferred_date: string | null;
  notes: Generated<string>;
  status: RegistrationStatus;
  arrival: Generated<string>;
  sequence: Generated<number>;
  token_nonce: string;
  token_hash: string;
  /** What the reader's QR code carries and the desk types (not the private link's token). */
  check_in_code: Generated<string>;
  created_at: CreatedAt;
  confirmed_at: Timestamp | null;
  waitlisted_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  cancel_reason: string | null;
  checked_in_at: Timestamp | null;
  checked_in_count: number | null;
  no_show: Generated<boolean>;
  feedback_requested_at: Timestamp | null;
  /** A reader under 14 registering: their guardian and the guardian's separate consent (PIPL Art 31). */
  guardian_name: string | null;
  guardian_relation: GuardianRelation | null;
  guardian_phone: string | null;
  guardian_consent_at: Timestamp | null;
  /** Off once the reader used a reminder's unsubscribe link: no more reminders for this registration. */
  wants_reminders: Generated<boolean>;
  anonymised_at: Timestamp | null;
}

export interface EventReminderSentTable {
  registration_id: number;
  lead_hours: number;
  for_starts_at: Timestamp;
  sent_at: CreatedAt;
}

export interface InterviewReminderSentTable {
  interview_id: number;
  lead_hours: number;
  for_starts_at: Timestamp;
  sent_at: CreatedAt;
}

export type FeedbackKind = "suggestion" | "question" | "complaint";
export type FeedbackStatus = "new" | "answered" | "closed";

export interface FeedbackTable {
  id: Generated<number>;
  event_id: number | null;
  registration_id: number | null;
  branch_code: string | null;
  kind: FeedbackKind;
  rating: number | null;
  body: string;
  contact_name: string | null;
  contact_email: string | null;
  language: Generated<Locale>;
  status: Generated<FeedbackStatus>;
  reply: string | null;
  replied_by: number | null;
  replied_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface BranchFiguresTable {
  branch_code: string;
  /** The first day of the month. */
  month: string;
  cards_issued: Generated<number>;
  visits: Generated<number>;
  loans: Generated<number>;
  donated_books: Generated<number>;
  updated_by: number | null;
  updated_at: Generated<Date>;
}

export interface StaffTokenTable {
  id: Generated<number>;
  staff_id: number;
  purpose: "invite" | "reset";
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface CalendarFeedVersionTable {
  /** 'volunteer:<id>' or 'branch:<code>:<language>'. */
  feed: string;
  etag: string;
  modified_at: Generated<Date>;
}

export type RecordVia = "desk" | "qr" | "correction" | "migration";
export type RecordQuality = "excellent" | "good" | "fair" | "poor";

/** One service session (志愿服务记录): never deleted, only corrected (docs/decisions/0028). */
export interface ServiceRecordTable {
  id: Generated<number>;
  volunteer_id: number;
  booking_id: number | null;
  branch_code: string;
  room_id: number | null;
  role_id: number | null;
  event_id: number | null;
  activity_zh: string;
  activity_en: string;
  local_date: string;
  started_at: Timestamp | null;
  ended_at: Timestamp;
  minutes: number;
  /** An audience code (events.audiences): 服务对象. */
  beneficiaries: string;
  content_zh: string;
  content_en: string;
  quality: RecordQuality | null;
  quality_note: Generated<string>;
  person_in_charge: number | null;
  recorder: number | null;
  recorded_via: RecordVia;
  revision: Generated<number>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface ServiceRecordRevisionTable {
  id: Generated<number>;
  record_id: number;
  revision: number;
  at: CreatedAt;
  staff_id: number | null;
  via: string;
  reason: Generated<string>;
  snapshot: Json<Record<string, unknown>>;
}

export type CorrectionKind = "missing-check-in" | "wrong-hours" | "unscheduled";
export type CorrectionStatus = "pending" | "approved" | "declined";

export interface RecordCorrectionTable {
  id: Generated<number>;
  volunteer_id: number;
  kind: CorrectionKind;
  booking_id: number | null;
  record_id: number | null;
  branch_code: string;
  local_date: string;
  minutes: number;
  activity: Generated<string>;
  note: string;
  status: Generated<CorrectionStatus>;
  decided_by: number | null;
  decided_at: Timestamp | null;
  decided_minutes: number | null;
  decision_reason: Generated<string>;
  created_at: CreatedAt;
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
  "shuxiang.staff_sign_in_failures": StaffSignInFailureTable;
  "shuxiang.staff_totp": StaffTotpTable;
  "shuxiang.staff_sign_in_challenges": StaffSignInChallengeTable;
  "shuxiang.mailbox_messages": MailboxMessageTable;
  "shuxiang.messages": MessageTable;
  "shuxiang.audit_log": AuditLogTable;
  "shuxiang.app_meta": AppMetaTable;
  "shuxiang.branch_settings": BranchSettingsTable;
  "shuxiang.volunteer_trainings": VolunteerTrainingTable;
  "shuxiang.shift_series": ShiftSeriesTable;
  "shuxiang.shifts": ShiftTable;
  "shuxiang.bookings": BookingTable;
  "shuxiang.reminders_sent": ReminderSentTable;
  "shuxiang.certificates": CertificateTable;
  "shuxiang.help_requests": HelpRequestTable;
  "shuxiang.applications": ApplicationTable;
  "shuxiang.application_events": ApplicationEventTable;
  "shuxiang.application_notes": ApplicationNoteTable;
  "shuxiang.volunteer_notes": VolunteerNoteTable;
  "shuxiang.interviews": InterviewTable;
  "shuxiang.training_sessions": TrainingSessionTable;
  "shuxiang.training_enrolments": TrainingEnrolmentTable;
  "shuxiang.event_series": EventSeriesTable;
  "shuxiang.events": EventTable;
  "shuxiang.registrations": RegistrationTable;
  "shuxiang.event_reminders_sent": EventReminderSentTable;
  "shuxiang.interview_reminders_sent": InterviewReminderSentTable;
  "shuxiang.feedback": FeedbackTable;
  "shuxiang.branch_figures": BranchFiguresTable;
  "shuxiang.staff_tokens": StaffTokenTable;
  "shuxiang.calendar_feed_versions": CalendarFeedVersionTable;
  "shuxiang.service_records": ServiceRecordTable;
  "shuxiang.service_record_revisions": ServiceRecordRevisionTable;
  "shuxiang.record_corrections": RecordCorrectionTable;
  "shuxiang.certificate_register": CertificateRegisterTable;
}

export type Branch = Selectable<BranchTable>;
export type Reader = Selectable<ReaderTable>;
export type Room = Selectable<RoomTable>;
export type Role = Selectable<RoleTable>;
export type Staff = Selectable<StaffTable>;
export type Volunteer = Selectable<VolunteerTable>;
export type NewReader = Insertable<ReaderTable>;
