#pragma once
// The Store: everything Tawasul keeps. An interface so that the embedded SQLite store and the
// PostgreSQL store (a later issue) are interchangeable; no backend type appears here.
//
// Contract for every implementation:
//  * Writes that a client waits on (SubmitCase) complete asynchronously: `done` runs exactly
//    once, on a store thread, and only after the write is durable (or has failed). Handlers
//    must not block in it.
//  * Reads (Find*, Load*) are synchronous and safe from any thread; they see every write whose
//    `done` has run.
//  * References are allocated from a store sequence, so they stay unique when several nodes
//    share one database.
//  * Infrastructure failures throw StoreError; expected outcomes are results.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/case.h"
#include "domain/case_rules.h"
#include "domain/catalogue.h"
#include "domain/figures.h"
#include "domain/sla.h"
#include "domain/text_analyzer.h"
#include "store/audit_rows.h"

namespace tawasul::store {

class AccountStore;     // store/account_store.h
class ApiKeyStore;      // store/api_key_store.h
class EServiceStore;    // store/eservice_store.h
class MessageStore;     // store/message_store.h
class MfaStore;         // store/mfa_store.h
class NewsStore;        // store/news_store.h
class Open311Store;     // store/open311_store.h
class SuggestionStore;  // store/suggestion_store.h
class SurveyStore;      // store/survey_store.h
class WebhookStore;     // store/webhook_store.h
// store/open311_update_store.h
class Open311UpdateStore;

class IdempotencyStore;  // store/idempotency_store.h

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown (or reported) when the write queue is full: the caller should answer 503.
class Overloaded : public StoreError {
 public:
  using StoreError::StoreError;
};

// Reported to every write of a batch whose connection broke while its COMMIT was under way: the
// database may or may not have committed it (docs/operations.md, "unknown commit outcome"). The
// caller must not say "nothing was saved"; it may look the write up on a fresh connection.
class CommitOutcomeUnknown : public StoreError {
 public:
  using StoreError::StoreError;
};

// What /readyz reports (Store::CheckReady). `schema` is the database's version, `latest` the
// binary's newest migration; `compatible` is true when the binary can run on that schema: the
// same version, or a newer one whose every later migration was declared compatible with the
// previous binary (docs/operations.md, "rolling upgrades"). `reason` says why not ready.
struct Readiness {
  bool ready = false;
  int schema = 0;
  int latest = 0;
  bool compatible = false;
  bool writes_failing = false;  // the last write failed because the database's storage is full
  std::string reason;           // "" when ready
};

// An attachment of a case (attachments area): its file is stored by `sha256` (lowercase hex)
// outside the database before the row is written.
struct AttachmentRow {
  std::int64_t id = 0;       // set by the store
  std::int64_t case_id = 0;  // set by the store
  std::string file_name;     // sanitised (domain::SanitizeAttachmentName)
  std::string media_type;    // sniffed (domain::SniffAttachmentType)
  std::int64_t size = 0;
  std::string sha256;
  domain::Instant created_at{};
};

struct NewCase {
  domain::CaseDraft draft;
  std::string access_hash;
  std::string access_salt;
  domain::Instant submitted_at{};
  domain::Instant first_response_due_at{};
  domain::Instant due_at{};
  int year2 = 0;  // the reference's year (local calendar year of submission, mod 100)
  domain::CaseStatus status = domain::CaseStatus::kReceived;
  domain::FigureDeltas figures;  // NewCaseFigures(...): written in the same transaction
  domain::CaseClock clock;       // the inputs of the due times above
  std::optional<domain::Instant> warn_at;
  // Set when the routing model chose the category (automatic routing, docs/routing.md): its
  // confidence, recorded on the received event as {"routed_by": "model", "confidence": x}.
  std::optional<double> routed_confidence;
  // Attachments (their files already on disk), inserted in the case's transaction.
  std::vector<AttachmentRow> attachments;
  // The staff member who entered the case for a caller or visitor (0: the citizen): the
  // received event's actor is then "user:<id>".
  std::int64_t entered_by = 0;
  std::int64_t owner_id = 0;  // the citizen account that submitted it (0: none; issue 16)
  // Messages about the new case (the "received" message), written in its transaction.
  std::vector<domain::OutboxMessage> outbox;
  // An Idempotency-Key of POST /api/v1/cases (store/idempotency_store.h), inserted in the case's
  // transaction when idempotency_key_hash is not empty.
  std::string idempotency_key_hash, idempotency_body_hash, idempotency_response;
};

struct SubmitResult {
  bool ok = false;
  bool overloaded = false;
  std::string error;  // when !ok
  // When !ok: the connection broke during COMMIT, so the case may be stored under `reference`
  // (CommitOutcomeUnknown).
  bool outcome_unknown = false;
  std::int64_t id = 0;
  std::string reference;  // "YY-NNNNNNN-C"
};

struct NewUser {
  std::string email;
  std::string password_hash;  // already hashed (argon2id)
  domain::Role role = domain::Role::kAgent;
  std::string entity;  // empty for central roles
  std::string name;
};

struct UserRecord {
  std::int64_t id = 0;
  std::string email;
  std::string password_hash;
  // A role the database holds that is not a staff role (only a hand-edited row could) reads
  // as auditor: read-only rights at most.
  domain::Role role = domain::Role::kAuditor;
  std::string entity;
  std::string name;
  bool active = true;
  int failed_logins = 0;
  std::optional<domain::Instant> locked_until;
};

// A notification to deliver later, written in the same transaction as the change it reports.
using OutboxMessage = domain::OutboxMessage;  // domain/case_rules.h

// What one decision writes to a case.
using CaseChange = domain::CaseChange;  // domain/case_rules.h

// A whole case as carried by `tawasul import` (its row after replaying its history, the history,
// and what it adds to the figures). Inserted only when its reference is new.
struct FullCase {
  domain::CaseRecord record;  // reference set; id ignored
  std::vector<domain::CaseEvent> events;
  domain::FigureDeltas figures;
};

// GET /api/v1/stats: local days (DayNumber) both inclusive; empty filters match everything;
// group_by "", "entity", "type", "category", "channel", "month" or "day".
struct FigureQuery {
  std::int32_t from_day = 0;
  std::int32_t to_day = 0;
  std::string entity;
  std::string type;
  std::string category;
  std::string channel;
  std::string group_by;
};
struct FigureGroup {
  std::string key;
  domain::FigureCounters counters;
  std::int64_t open = 0;
  std::int64_t overdue = 0;
};
struct FigureResult {
  domain::FigureCounters totals;
  std::int64_t open = 0;            // as of now
  std::int64_t overdue = 0;         // open, clock running, past its due time now
  std::vector<FigureGroup> groups;  // ordered by key
};

// GET /api/v1/search: the parsed search box, filters, and one page. Cases match on the analyzer's
// words (docs/search.md); when `fragment` is set (the folded text typed, at least three
// characters) and no case matches by words, cases whose text contains the fragment are returned
// instead (the partial-word path; also how part of a reference number is found).
struct SearchQuery {
  domain::Query query;
  std::string fragment;
  std::string entity;  // empty: every entity (the API scopes entity staff to their own)
  std::string type;
  std::string status;
  std::optional<domain::Instant> from, to;  // submitted in [from, to)
  int limit = 20;
  int offset = 0;
  // Bounds on the work of one search (docs/decisions.md 2026-12-04): at most count_cap matches
  // are counted (more: `total` = count_cap, `total_capped`); the newest rank_window matches (by
  // id, i.e. arrival) are ranked by score, later pages list the older matches newest first.
  std::int64_t count_cap = 10000;
  int rank_window = 1000;
};
struct SearchHit {
  domain::CaseRecord record;
  double score = 0;  // higher is better; comparable within one result only
};
struct SearchResult {
  std::int64_t total = 0;      // at most the query's count_cap
  bool total_capped = false;   // more than count_cap cases matched
  bool partial_words = false;  // the hits came from the partial-word path
  std::vector<SearchHit> hits;
};

// Possible duplicates of a case: open cases of the same entity submitted since `since` that share
// words with `text`, the case itself left out.
struct SimilarQuery {
  std::string entity;
  std::string text;
  std::int64_t exclude_id = 0;
  domain::Instant since{};
  int limit = 5;
};

// What the scheduler looks for.
// kWarning: 75% of the resolution clock ran (warn_at <= before); kEscalation: the resolution
// clock was breached and its due time is at or before `before` (the caller passes now minus the
// escalation delay).
enum class DueKind { kFirstResponseBreach, kResolutionBreach, kAutoClose, kWarning, kEscalation };

// Decides a change to a case from its current row, inside the writing transaction (so no other
// write to the case interleaves), and returns what to write (domain/case_rules.h); a change with
// `apply` false writes nothing. Runs on the store's writer thread: it must be pure.
using CaseDecider = std::function<CaseChange(const domain::CaseRecord& current)>;

struct ChangeResult {
  bool found = false;       // false: no such reference
  bool ok = false;          // the transaction committed (or there was nothing to write)
  bool applied = false;     // the decider asked to write and it was written
  bool overloaded = false;  // the write queue was full: nothing was tried (answer 503, or wait)
  std::string error;
  domain::CaseRecord record;              // the row after (or as it was when not applied)
  std::vector<domain::CaseEvent> events;  // the whole history after the change
};

struct InboxQuery {
  std::string entity;  // empty: every entity
  std::string status;  // empty: any open status (not closed)
  std::string type;
  std::string category;
  std::int64_t assignee = 0;  // 0: anyone; -1: unassigned
  bool overdue_only = false;
  domain::Instant now{};
  int limit = 50;
  int offset = 0;
};

struct InboxPage {
  std::int64_t total = 0;
  std::vector<domain::CaseRecord> items;
};

// A trained routing model as stored (docs/routing.md): the JSON of domain::RoutingModel and the
// training summary, also JSON.
struct RoutingModelRow {
  std::int64_t id = 0;  // grows with every model saved; the newest is in force
  domain::Instant trained_at{};
  std::string model;
  std::string metrics;
};

// A ready-made reply of one entity, in both languages (admin: /admin/templates).
struct ResponseTemplate {
  std::int64_t id = 0;  // 0: not stored yet
  std::string entity;
  std::string title_ar, title_en;
  std::string body_ar, body_en;
  domain::Instant created_at{}, updated_at{};
};

// The audit log page (/admin/audit): case events, newest first, filtered. Empty strings match
// everything; `reference` is canonical ("YY-NNNNNNN-C"); [from, to) bounds the event time.
struct AuditQuery {
  std::string actor;   // "user:12", "citizen", "system", ...
  std::string kind;    // event kind
  std::string entity;  // the case's (current) entity
  std::string reference;
  std::optional<domain::Instant> from, to;
  int limit = 50;
  int offset = 0;
};
struct AuditEntry {
  std::int64_t id = 0;
  std::string reference;
  std::string entity;
  domain::Instant at{};
  std::string kind;
  bool is_public = false;
  std::string actor;
  std::string body;
};

// One change an administrator made outside case histories (the administration log,
// /admin/changes): catalogue, calendar, SLA targets, users, response templates.
struct AdminChange {
  std::int64_t id = 0;  // 0: not stored yet
  domain::Instant at{};
  std::string actor;    // "user:12"
  std::string area;     // "entity", "category", "calendar", "targets", "user", "template"
  std::string action;   // "add", "change", "delete"
  std::string subject;  // the code, id or email changed
  std::string detail;   // JSON: the values after the change, or what was added and removed
};
// Empty strings match everything; [from, to) bounds the time of the change.
struct AdminChangeQuery {
  std::string actor;
  std::string area;
  std::optional<domain::Instant> from, to;
  int limit = 50;
  int offset = 0;
};

// Counters for /metrics.
struct WriterStats {
  std::uint64_t batches = 0;
  std::uint64_t items = 0;
  std::uint64_t failed_commits = 0;
  std::uint64_t queue_depth = 0;
  // True from a write that failed because the database's storage is full (SQLITE_FULL,
  // PostgreSQL 53100) until a write probe succeeds (store/common/group_commit.h).
  bool disk_full = false;
  std::vector<double> batch_bounds;          // upper bounds of the batch-size histogram
  std::vector<std::uint64_t> batch_buckets;  // counts per bound, plus one for larger
  double batch_sum = 0;
};

// dashboard: the open cases of one assignee (or of nobody) as of an instant.
struct WorkloadRow {
  std::int64_t assignee_id = 0;  // 0: unassigned
  std::string name;              // the assignee's name and email ("" when unassigned)
  std::string email;
  std::int64_t open = 0;     // received, in progress or awaiting the citizen
  std::int64_t overdue = 0;  // of which the clock runs (not awaiting) and is past its due time
};

class Store {
 public:
  virtual ~Store() = default;

  // Brings the schema up to date (the pending numbered migrations in one transaction, then a
  // stale search index rebuilt in transactions of its own). Writes nothing when the schema and
  // the search index are current, so it succeeds on a read-only connection (a replica).
  virtual void Migrate() = 0;
  virtual int SchemaVersion() = 0;
  virtual int LatestSchemaVersion() const = 0;
  // Database reachable, schema current or compatible (Readiness), writes not failing for want
  // of space. While writes fail for want of space it tries a small write (at most one at a
  // time, without waiting for it), so that readiness returns once space does, with no traffic.
  virtual Readiness CheckReady() = 0;
  bool Ready() { return CheckReady().ready; }
  // Free bytes on the filesystem holding the database (SQLite: the file's directory); nullopt
  // where the node cannot see it (PostgreSQL: the server's own monitoring must watch it).
  virtual std::optional<std::uint64_t> FreeBytes() { return std::nullopt; }

  virtual domain::Catalogue LoadCatalogue() = 0;
  // Inserts or updates every entity, category and service given (by code).
  virtual void SaveCatalogue(const domain::Catalogue& catalogue) = 0;

  // The calendar named `code`, or nullopt when absent.
  virtual std::optional<domain::CalendarSpec> LoadCalendar(const std::string& code) = 0;
  // Replaces the calendar `code` with `spec` (week, holidays, special periods).
  virtual void SaveCalendar(const std::string& code, const domain::CalendarSpec& spec) = 0;
  // SLA target rules stored by administrators (without the built-in defaults).
  virtual std::vector<domain::TargetRule> LoadTargets() = 0;
  // Replaces every stored rule with `rules` (already validated by TargetTable::Create).
  virtual void SaveTargets(const std::vector<domain::TargetRule>& rules) = 0;

  // Queues a new case (with its "received" event); see the contract above for `done`.
  virtual void SubmitCase(NewCase c, std::function<void(SubmitResult)> done) = 0;
  // Inserts many cases in large transactions and waits; returns their references in order.
  virtual std::vector<std::string> ImportCases(std::vector<NewCase> cases) = 0;
  virtual std::int64_t CountCases() = 0;

  virtual std::optional<domain::CaseRecord> FindCase(const std::string& reference) = 0;
  virtual std::vector<domain::CaseEvent> CaseEvents(std::int64_t case_id) = 0;
  // A case and its history read in one snapshot (one read transaction).
  virtual std::optional<std::pair<domain::CaseRecord, std::vector<domain::CaseEvent>>>
  FindCaseWithEvents(const std::string& reference) = 0;

  // Adds a user; returns false when the email is taken.
  virtual bool AddUser(const NewUser& user) = 0;
  virtual std::optional<UserRecord> FindUserByEmail(const std::string& email) = 0;

  // Lifecycle: see CaseDecider. `done` runs once on a store thread after the commit.
  virtual void ChangeCase(const std::string& reference, CaseDecider decide,
                          std::function<void(ChangeResult)> done) = 0;
  virtual InboxPage Inbox(const InboxQuery& query) = 0;
  // Ranked matches (see SearchQuery); the index is written in the transaction of the case.
  virtual SearchResult Search(const SearchQuery& query) = 0;
  // Best first by StemSimilarity (domain/search_text.h) with `text`, at most query.limit; the
  // score is that similarity, the same on both backends.
  virtual std::vector<SearchHit> SimilarCases(const SimilarQuery& query) = 0;
  // Cases whose deadline of `kind` is at or before `before` (auto-close: answered at or before),
  // earliest first, at most `limit`. Served by an index: never a scan of all cases.
  virtual std::vector<std::string> DueCases(DueKind kind, domain::Instant before, int limit) = 0;
  // Retention (domain/erasure.h): closed cases of `type` closed before `closed_before` whose
  // personal data has not been erased, longest closed first, at most `limit`. Served by a
  // partial index: never a scan of all cases.
  virtual std::vector<std::string> RetentionDue(domain::CaseType type,
                                                domain::Instant closed_before, int limit) = 0;
  // Outbox rows not yet delivered or given up (queued, retrying, sending).
  // References of every open case (received, in progress, awaiting the citizen), by id.
  virtual std::vector<std::string> OpenCaseReferences() = 0;

  // Figures from the aggregates (a bounded number of aggregate rows, never the cases), plus the
  // open and overdue counts as of `now`.
  // Unresolved clocks count as due in the period once their due time has passed (`calendar`
  // gives the local days).
  virtual FigureResult Figures(const FigureQuery& query, domain::Instant now,
                               const domain::WorkingCalendar& calendar) = 0;
  // Recomputes the aggregates from every case's history (domain::EventFigures and
  // OpenCycleFigures) and replaces them in one transaction. Returns the cases read.
  virtual std::int64_t RebuildFigures(const domain::WorkingCalendar& calendar) = 0;
  // Inserts whole cases in large transactions; a reference already stored is skipped (and adds
  // nothing to the figures). `figures_sum`, when given, must be the sum of every case's figures:
  // it is applied as is when every case was new (the common case; it saves summing on the
  // writer thread), else the inserted cases' figures are summed. Returns how many were inserted.
  virtual std::int64_t ImportFullCases(std::vector<FullCase> cases,
                                       const domain::FigureDeltas* figures_sum = nullptr) = 0;
  // Every case with its history, in id order, to `sink` (export), read in one snapshot.
  virtual void ForEachCase(
      const std::function<void(const domain::CaseRecord&, const std::vector<domain::CaseEvent>&)>&
          sink) = 0;
  // Recomputes every case's hash chain, then checks the case row against what the chain
  // committed to (the submission digest, the last recorded status and entity); reports the first
  // broken case and event, or the first field that differs.
  virtual AuditResult VerifyHistory() = 0;

  // Signed checkpoints (docs/audit.md). SafeEventCutoff: the largest event id such that no event
  // with a smaller or equal id can still commit (PostgreSQL: taken under a brief SHARE lock on
  // case_events, which waits for the transactions inserting events). ChainHeads: each case's
  // head among its events with id <= cutoff, in one snapshot. AppendCheckpoint stores the
  // checkpoint and its leaves and keeps the leaves of only the newest `keep_leaves` checkpoints;
  // returns its id. CheckpointLeaves: the stored leaves of the newest checkpoint with this root
  // and cut-off, if kept.
  virtual std::int64_t SafeEventCutoff() = 0;
  virtual std::vector<ChainHead> ChainHeads(std::int64_t cutoff) = 0;
  virtual std::int64_t AppendCheckpoint(const CheckpointRow& row,
                                        const std::vector<ChainHead>& leaves, int keep_leaves) = 0;
  virtual std::optional<std::vector<ChainHead>> CheckpointLeaves(const std::string& root,
                                                                 std::int64_t cutoff) = 0;
  // When the newest checkpoint was written (nullopt: never).
  virtual std::optional<domain::Instant> LastCheckpointAt() = 0;
  // The append-only triggers (on case_events and audit_checkpoints) that are missing; Restore
  // re-creates them and returns the names it re-created.
  virtual std::vector<std::string> MissingAppendOnlyTriggers() = 0;
  virtual std::vector<std::string> RestoreAppendOnlyTriggers() = 0;

  // Staff sessions (tokens stored hashed). Synchronous ones wait for the writer: call them off
  // the I/O threads.
  virtual void CreateSession(const std::string& token_hash, std::int64_t user_id,
                             domain::Instant now, domain::Instant expires_at) = 0;
  virtual std::optional<UserRecord> FindSessionUser(const std::string& token_hash,
                                                    domain::Instant now) = 0;
  virtual void RevokeSession(const std::string& token_hash, domain::Instant now,
                             std::function<void(bool)> done) = 0;
  virtual void RecordLoginFailure(std::int64_t user_id, domain::Instant now, int max_failures,
                                  std::chrono::seconds lock_for) = 0;
  virtual void ResetLoginFailures(std::int64_t user_id) = 0;
  virtual std::optional<UserRecord> FindUserById(std::int64_t id) = 0;
  // Every user, by id (copying a system).
  virtual std::vector<UserRecord> ListUsers() = 0;
  // Inserts users with their ids, lockout state included (into a store that has none of them).
  virtual void ImportUsers(const std::vector<UserRecord>& users) = 0;

  // Sets how the citizen of case `reference` hears about it; false when there is no such case.
  virtual bool SetCaseNotify(const std::string& reference, domain::NotifyChoice choice) = 0;

  // The capabilities kept beside this interface, each in its own header so that the many files
  // that include store.h neither depend on nor rebuild for operations few callers use. Every
  // store that OpenStore returns has all of them (store/common/sql_store.h).
  virtual MessageStore& Messages() = 0;  // the outbox, message templates, reminders, digests
  virtual WebhookStore& Webhooks() = 0;  // webhooks and their deliveries
  virtual MfaStore& Mfa() = 0;  // staff second factor, sign-in challenges, session bookkeeping
  virtual EServiceStore& EServices() = 0;  // the e-services catalogue, "was this useful?" counts
  virtual AccountStore& Accounts() = 0;    // citizen accounts, one-time codes, citizen sessions
  virtual SuggestionStore& Suggestions() = 0;  // suggestion outcomes and their public read model
  virtual ApiKeyStore& ApiKeys() = 0;          // integrators' API keys
  virtual Open311Store& Open311() = 0;         // the Open311 public reads of requests
  virtual NewsStore& News() = 0;               // news items and their moderated comments
  // Idempotency-Key rows of POST /api/v1/cases.
  virtual IdempotencyStore& Idempotency() = 0;
  // Open311 request updates (mySociety's servicerequestupdates).
  virtual Open311UpdateStore& Open311Updates() = 0;

  // Satisfaction surveys: questionnaires, single-use links (hashes), anonymous responses.
  virtual SurveyStore& Surveys() = 0;

  // Several nodes on one database: true while this process holds the scheduler's leadership
  // (checked each tick; a dead leader's leadership passes to another node within a tick or two).
  // A store used by one process (SQLite) always holds it.
  virtual bool HoldLeadership() { return true; }
  // Changes whenever the catalogue, a calendar or the SLA targets change (on any node), so a
  // node can reload what it caches. Constant on a store used by one process.
  virtual std::int64_t ConfigVersion() { return 0; }

  // Routing models: SaveRoutingModel appends one (synchronous; it waits for the writer).
  // LatestRoutingModel returns the one with the highest id when that id is above `newer_than`,
  // else nullopt (cheap to poll: nothing is read while the model is unchanged).
  virtual void SaveRoutingModel(const RoutingModelRow& row) = 0;
  virtual std::optional<RoutingModelRow> LatestRoutingModel(std::int64_t newer_than) = 0;

  // Attachments area: the attachments of a case, by id (oldest first).
  virtual std::vector<AttachmentRow> CaseAttachments(std::int64_t case_id) = 0;
  // True when some case refers to the file stored under `sha256` (the attachment sweep).
  virtual bool AttachmentReferenced(const std::string& sha256) = 0;
  // ---- admin (issue 4: /admin/ pages) ----
  // Response templates of `entity` ("" : of every entity), by entity then id. For the staff case
  // page (offer the templates of the case's entity) and the admin pages.
  virtual std::vector<ResponseTemplate> ListResponseTemplates(const std::string& entity) = 0;
  virtual std::optional<ResponseTemplate> FindResponseTemplate(std::int64_t id) = 0;
  // Inserts (t.id == 0) or updates (by t.id) a template, stamping created/updated with `now`;
  // returns its id, or 0 when updating an id that does not exist. Synchronous (waits for the
  // writer). The entity must exist.
  virtual std::int64_t SaveResponseTemplate(const ResponseTemplate& t, domain::Instant now) = 0;
  // Deletes a template; false when there was none. Synchronous.
  virtual bool DeleteResponseTemplate(std::int64_t id) = 0;
  // Case events matching `query`, newest first (by event id), at most query.limit.
  virtual std::vector<AuditEntry> AuditLog(const AuditQuery& query) = 0;
  // The administration log: appends one change (synchronous: it waits for the writer, so the
  // change is on record before the administrator is answered); lists them newest first.
  virtual void RecordAdminChange(const AdminChange& change) = 0;
  virtual std::vector<AdminChange> AdminChanges(const AdminChangeQuery& query) = 0;
  // Sets a user's role, entity ("" for central roles), name and active flag; false when there is
  // no such user. Synchronous.
  virtual bool UpdateUser(std::int64_t id, domain::Role role, const std::string& entity,
                          const std::string& name, bool active) = 0;

  virtual WriterStats Stats() = 0;
  // Finishes queued writes and closes connections. Further writes fail.
  virtual void Close() = 0;

  // dashboard
  // Workload: open cases of `entity` ("" every entity) by assignee, as of `now`; the unassigned
  // ones in a row with assignee_id 0. Ordered by open count descending, then assignee id.
  virtual std::vector<WorkloadRow> Workload(const std::string& entity, domain::Instant now) = 0;
};

struct StoreOptions {
  int read_connections = 4;
  std::size_t max_queue = 20000;          // queued writes beyond this are refused (503)
  std::size_t max_batch = 1000;           // writes per group commit
  std::int64_t search_count_cap = 10000;  // SearchQuery::count_cap of every search (>= 1)
  // SQLite only: writes that would grow the file beyond this many bytes fail as on a full disk
  // (PRAGMA max_page_count on the writer); 0: no quota.
  std::int64_t sqlite_max_bytes = 0;
};

// Opens the store named by `url`: "sqlite:PATH" (PATH may be ":memory:" only in tests) or
// "postgres://..." / "postgresql://..." (libpq's URL). Throws StoreError with a one-line reason.
std::unique_ptr<Store> OpenStore(const std::string& url, const StoreOptions& options);
// The file of a "sqlite:PATH" (or "sqlite://PATH") URL; nullopt for any other URL.
std::optional<std::string> SqlitePathOf(const std::string& url);
// True for a "postgres://" or "postgresql://" URL.
bool IsPostgresUrl(const std::string& url);

}  // namespace tawasul::store
