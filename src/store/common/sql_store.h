#pragma once
// The Store, written once for both backends: every operation of store.h as a template over the
// backend's connection (`Conn`: store/sqlite/db.h, store/postgres/db.h) and its SQL (`Q`: the
// `Sql` struct of each backend's queries.h, which names every statement and the few hooks where
// the dialects really differ). Each backend file (sqlite_store.cpp, pg_store.cpp) only opens its
// connections and adds what exists on that backend alone (SQLite's checkpointer, PostgreSQL's
// leadership lock and configuration version).
//
// Invariants:
//  * All writing goes through one GroupCommitWriter on one connection (`writer_conn_`): a write
//    that a client waits on is answered only after its batch's COMMIT, so an acknowledged write
//    is durable. Several writes share a COMMIT; each runs in its own SAVEPOINT.
//  * Figure deltas of a batch are summed in `batch_figures_` (writer thread only) and written
//    once, just before the batch's COMMIT; a rolled-back batch drops them. A write adds its
//    deltas last, after every statement that could fail, so a failed write counts nothing.
//  * Reads run on pooled connections. A read of more than one statement runs in one snapshot
//    (`Snapshot`), so it never mixes two states. A read whose connection broke (PostgreSQL
//    restart or failover: `Conn::Healthy()` false) is retried once on a fresh connection;
//    SQLite connections never report themselves broken, so nothing there is retried.
//  * Work run on the writer (`writer_->Run`) may be run again when the backend aborted it
//    (deadlock, serialisation failure: `Conn::Retryable`), so such work resets what it collects
//    before it starts.
//
// The hooks `Q` provides besides statements:
//   kHistogramsInUpsert            figures merge histograms in SQL (figure_ops.h)
//   MigrationNames(), MigrationFile(name)   the embedded numbered migrations
//   BeginMigration(c)              before the migrations (PostgreSQL: lock, bookkeeping table)
//   BeforeSearch(c)                inside the search snapshot (PostgreSQL: custom plans)
//   AfterConfigChange(c)           after catalogue/calendar/targets writes (other nodes reload)
//   AfterUsersImported(c)          after users were inserted with their ids

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "domain/reference.h"
#include "domain/time.h"
#include "store/account_store.h"
#include "store/api_key_store.h"
#include "store/common/admin_rows.h"
#include "store/common/case_ops.h"
#include "store/common/catalogue_rows.h"
#include "store/common/connection_pool.h"
#include "store/common/figure_ops.h"
#include "store/common/group_commit.h"
#include "store/common/search_ops.h"
#include "store/eservice_store.h"
#include "store/idempotency_store.h"
#include "store/message_store.h"
#include "store/mfa_store.h"
#include "store/news_store.h"
#include "store/open311_store.h"
#include "store/open311_update_store.h"
#include "store/store.h"
#include "store/suggestion_store.h"
#include "store/survey_store.h"
#include "store/webhook_store.h"

namespace tawasul::store::common {

// The message of a failed write, for its result (and the log).
inline std::string DescribeError(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

// The version of a migration file ("007_name.sql" -> 7).
inline int MigrationVersion(std::string_view name) {
  return std::stoi(std::string(name.substr(0, 3)));
}

template <class Q, class Conn>
class SqlStore : public Store,
                 public WebhookStore,
                 public MessageStore,
                 public MfaStore,
                 public EServiceStore,
                 public AccountStore,
                 public SuggestionStore,
                 public SurveyStore,
                 public ApiKeyStore,
                 public Open311Store,
                 public NewsStore,
                 public IdempotencyStore,
                 public Open311UpdateStore {
 public:
  using Writer = GroupCommitWriter<Conn>;

  ~SqlStore() override { SqlStore::Close(); }

  // Writes nothing when the schema and the search index are current (checked on a reading
  // connection), so a node opens on a read-only connection: a replica, a SELECT-only role.
  // Otherwise the migrations run in one writer transaction, which also clears a stale search
  // index; its cases are re-indexed after it, kReindexChunk a transaction (search_ops.h), so
  // that neither the migrations' locks nor one huge transaction last as long as the rebuild.
  void Migrate() override;  // sql_store_ready.h

  int SchemaVersion() override { return static_cast<int>(Scalar(Q::kSchemaVersion)); }

  int LatestSchemaVersion() const override {
    int latest = 0;
    for (auto name : Q::MigrationNames()) latest = std::max(latest, MigrationVersion(name));
    return latest;
  }

  // ---- readiness and rolling upgrades (sql_store_ready.h) ----
  Readiness CheckReady() override;

  // ---- catalogue, calendar, targets ----
  domain::Catalogue LoadCatalogue() override {
    return Read([](Conn& c) { return LoadCatalogueOn<Q>(c); });
  }
  void SaveCatalogue(const domain::Catalogue& cat) override {
    writer_->Run([&](Conn& c) {
      SaveCatalogueOn<Q>(c, cat);
      Q::AfterConfigChange(c);
    });
  }
  std::optional<domain::CalendarSpec> LoadCalendar(const std::string& code) override {
    return Read([&](Conn& c) { return LoadCalendarOn<Q>(c, code); });
  }
  void SaveCalendar(const std::string& code, const domain::CalendarSpec& spec) override {
    writer_->Run([&](Conn& c) {
      SaveCalendarOn<Q>(c, code, spec);
      Q::AfterConfigChange(c);
    });
  }
  std::vector<domain::TargetRule> LoadTargets() override {
    return Read([](Conn& c) { return LoadTargetsOn<Q>(c); });
  }
  void SaveTargets(const std::vector<domain::TargetRule>& rules) override {
    writer_->Run([&](Conn& c) {
      SaveTargetsOn<Q>(c, rules);
      Q::AfterConfigChange(c);
    });
  }

  // ---- cases (sql_store_cases.h) ----
  void SubmitCase(NewCase nc, std::function<void(SubmitResult)> done) override;
  std::vector<std::string> ImportCases(std::vector<NewCase> cases) override;
  std::int64_t CountCases() override { return Scalar(Q::kCountCases); }

  std::optional<domain::CaseRecord> FindCase(const std::string& reference) override;
  std::optional<std::pair<domain::CaseRecord, std::vector<domain::CaseEvent>>> FindCaseWithEvents(
      const std::string& reference) override;
  std::vector<domain::CaseEvent> CaseEvents(std::int64_t case_id) override;
  void ChangeCase(const std::string& reference, CaseDecider decide,
                  std::function<void(ChangeResult)> done) override;

  // SuggestionStore (out of line: sql_store_suggestion.h).
  void ChangeSuggestion(const std::string& reference, SuggestionDecider decide,
                        std::function<void(ChangeResult)> done) override;
  std::vector<ImplementedSuggestion> ImplementedSuggestions(const std::string& entity, int limit,
                                                            int offset) override;
  SuggestionCounts CountSuggestions(const std::string& entity) override;

  // NewsStore (out of line: sql_store_news.h).
  std::int64_t SaveNewsItem(const domain::NewsItem& item, domain::Instant now) override;
  std::optional<domain::NewsItem> FindNewsItem(std::int64_t id) override;
  std::vector<domain::NewsItem> ListNews(bool published_only, const std::string& entity, int limit,
                                         int offset) override;
  std::int64_t CountNews(bool published_only, const std::string& entity) override;
  std::int64_t AddNewsComment(const domain::NewsComment& comment) override;
  std::optional<domain::NewsComment> FindNewsComment(std::int64_t id) override;
  std::vector<domain::NewsComment> NewsComments(std::int64_t item_id) override;
  NewsReportResult ReportNewsComment(std::int64_t id, const std::string& reporter,
                                     const std::string& reason, int threshold,
                                     domain::Instant now) override;
  bool SetNewsCommentState(std::int64_t id, domain::CommentState state,
                           const std::string& reason) override;
  std::vector<domain::NewsComment> NewsModerationQueue(int limit) override;

  // Queues a change to a case: `tx(c, batch figures)` runs on the writer, `done` gets its result
  // after the commit (or the failure, or the full queue).
  template <class Tx>
  void SubmitChange(Tx tx, std::function<void(ChangeResult)> done) {
    auto result = std::make_shared<ChangeResult>();
    bool queued = writer_->Submit(
        [this, result, tx = std::move(tx)](Conn& c) { *result = tx(c, batch_figures_); },
        [result, done](std::exception_ptr error) {
          if (error) {
            // Not "no such case": whether it exists is unknown, and the caller must answer a
            // fault (the write failed), never a 404.
            result->found = true;
            result->ok = false;
            result->applied = false;
            result->error = DescribeError(error);
          }
          done(std::move(*result));
        });
    if (!queued) {
      ChangeResult r;
      r.found = true;
      r.overloaded = true;
      r.error = "write queue full";
      done(std::move(r));
    }
  }

  InboxPage Inbox(const InboxQuery& query) override;
  SearchResult Search(const SearchQuery& query) override;
  std::vector<SearchHit> SimilarCases(const SimilarQuery& query) override;
  std::vector<std::string> DueCases(DueKind kind, domain::Instant before, int limit) override;

  // ---- SurveyStore: satisfaction surveys (sql_store_survey.h) ----
  std::vector<domain::Questionnaire> LatestQuestionnaires() override;
  std::optional<domain::Questionnaire> LatestQuestionnaire(const std::string& code) override;
  int SaveQuestionnaire(const domain::Questionnaire& q) override;
  std::optional<SurveyTokenRow> FindSurveyToken(const std::string& token_hash) override;
  SurveyAnswerOutcome AnswerSurvey(const std::string& token_hash, const domain::Questionnaire& q,
                                   const domain::SurveyAnswers& answers, std::int64_t now) override;
  bool SurveyPending(std::int64_t case_id, std::int64_t now) override;
  bool RenewSurveyToken(std::int64_t case_id, const std::string& token_hash,
                        std::int64_t now) override;
  std::vector<domain::SurveyResponseRow> SurveyResponses(const std::string& code) override;
  void AddSurveyResponses(const std::string& code, int version,
                          const std::vector<domain::SurveyResponseRow>& rows) override;

  // ---- EServiceStore: the e-services catalogue (sql_store_eservice.h) ----
  std::vector<domain::EService> LoadEServices() override;
  void SaveEServices(const std::vector<domain::EService>& services) override;
  void RecordUsefulVote(const std::string& code, const std::string& day, bool useful) override;
  std::map<std::string, domain::UsefulCounts> UsefulTotals() override;
  // ---- API keys and the Open311 public reads (sql_store_api_keys.h) ----
  std::int64_t AddApiKey(const ApiKeyRow& row) override;
  std::vector<ApiKeyRow> ListApiKeys() override;
  std::optional<ApiKeyRow> FindApiKeyByPrefix(const std::string& prefix) override;
  bool RevokeApiKey(std::int64_t id, domain::Instant now) override;
  void TouchApiKey(std::int64_t id, domain::Instant now) override;
  std::vector<PublicRequestRow> PublicRequests(const PublicRequestQuery& query) override;
  std::optional<PublicRequestRow> PublicRequest(const std::string& reference) override;
  // ---- IdempotencyStore (sql_store_idempotency.h) ----
  std::optional<IdempotencyRow> FindIdempotencyKey(const std::string& key_hash,
                                                   domain::Instant since) override;
  std::int64_t ExpireIdempotencyKeys(domain::Instant before) override;
  // ---- Open311 request updates (sql_store_open311_updates.h) ----
  std::vector<RequestUpdateRow> RequestUpdates(domain::Instant from, domain::Instant to,
                                               int limit) override;
  void LinkRequestKey(const std::string& reference, std::int64_t key_id,
                      std::function<void(bool)> done) override;
  std::optional<std::int64_t> RequestKey(const std::string& reference) override;

  // ---- MessageStore: reminders, delivery reports, digests (sql_store_messages.h) ----
  std::vector<std::string> RateRemindersDue(domain::Instant now, std::chrono::seconds lead,
                                            int limit) override;
  void RemindToRate(const std::string& reference, domain::Instant now, std::chrono::seconds lead,
                    std::function<void(bool)> done) override;
  void RecordDeliveryReport(const DeliveryReport& report,
                            std::function<void(ReportResult)> done) override;
  void SendDigest(const std::string& entity, const std::string& local_date,
                  const domain::WorkingCalendar& calendar, domain::Instant now,
                  std::function<void(bool)> done) override;
  std::vector<std::string> DigestEntitiesDue(const std::string& local_date) override;

  std::vector<std::string> RetentionDue(domain::CaseType type, domain::Instant closed_before,
                                        int limit) override;

  std::vector<std::string> OpenCaseReferences() override;

  // ---- figures and whole-history operations ----
  FigureResult Figures(const FigureQuery& query, domain::Instant now,
                       const domain::WorkingCalendar& calendar) override {
    return Snapshot([&](Conn& c) { return QueryFigures<Q>(c, query, now, calendar); });
  }

  std::int64_t RebuildFigures(
      const domain::WorkingCalendar& calendar) override;  // sql_store_bulk.h

  std::int64_t ImportFullCases(
      std::vector<FullCase> cases,
      const domain::FigureDeltas* figures_sum) override;  // sql_store_bulk.h

  void ForEachCase(
      const std::function<void(const domain::CaseRecord&, const std::vector<domain::CaseEvent>&)>&
          sink) override;  // sql_store_bulk.h

  // ---- the history audit and signed checkpoints (sql_store_audit.h) ----
  AuditResult VerifyHistory() override;
  std::int64_t SafeEventCutoff() override;
  std::vector<ChainHead> ChainHeads(std::int64_t cutoff) override;
  std::int64_t AppendCheckpoint(const CheckpointRow& row, const std::vector<ChainHead>& leaves,
                                int keep_leaves) override;
  std::optional<std::vector<ChainHead>> CheckpointLeaves(const std::string& root,
                                                         std::int64_t cutoff) override;
  std::optional<domain::Instant> LastCheckpointAt() override;
  std::vector<std::string> MissingAppendOnlyTriggers() override;
  std::vector<std::string> RestoreAppendOnlyTriggers() override;

  // ---- staff MFA and session bookkeeping (store/mfa_store.h; sql_store_mfa.h) ----
  MfaState FindMfa(std::int64_t user_id) override;
  bool SetPendingMfa(std::int64_t user_id, const std::string& sealed_secret,
                     domain::Instant now) override;
  bool EnableMfa(std::int64_t user_id, std::int64_t step,
                 const std::vector<std::string>& recovery_hashes, domain::Instant now) override;
  bool AcceptTotpStep(std::int64_t user_id, std::int64_t step) override;
  bool UseRecoveryCode(std::int64_t user_id, const std::string& code_hash,
                       domain::Instant now) override;
  bool ResetMfa(std::int64_t user_id, domain::Instant now) override;
  void SetEntityMfa(const std::string& entity, bool required, domain::Instant now) override;
  std::vector<std::string> MfaEntities() override;
  void CreateMfaChallenge(const std::string& token_hash, std::int64_t user_id, domain::Instant now,
                          domain::Instant expires_at) override;
  std::optional<std::int64_t> TakeMfaChallenge(const std::string& token_hash,
                                               domain::Instant now) override;
  std::optional<StaffSession> FindStaffSession(const std::string& token_hash,
                                               domain::Instant now) override;
  void TouchSession(const std::string& token_hash, domain::Instant now) override;
  int RevokeUserSessions(std::int64_t user_id, domain::Instant now) override;
  std::map<std::int64_t, domain::Instant> LastSignIns() override;
  // ---- citizen accounts (sql_store_account.h) ----
  IssueResult IssueCode(const NewOneTimeCode& code, domain::Instant window_start,
                        const domain::OutboxMessage& message,
                        const std::string& reference) override;
  RedeemResult RedeemCode(const std::string& purpose, const std::string& subject,
                          domain::Instant now,
                          const std::function<bool(const OneTimeCodeRow&)>& usable,
                          const std::function<bool(const OneTimeCodeRow&)>& matches,
                          bool create_account) override;
  void CreateCitizenSession(const CitizenSessionRow& row) override;
  std::optional<std::int64_t> FindCitizenSession(const std::string& token_hash,
                                                 domain::Instant now) override;
  std::vector<CitizenSessionRow> CitizenSessions(std::int64_t account_id,
                                                 domain::Instant now) override;
  int RevokeCitizenSessions(std::int64_t account_id, domain::Instant now) override;
  std::vector<AccountCaseRow> AccountCases(std::int64_t account_id, int limit) override;
  bool SetCaseOwner(const std::string& reference, std::int64_t account_id) override;
  std::int64_t CaseOwner(const std::string& reference) override;
  bool RevokeCitizenSession(std::int64_t account_id, const std::string& token_hash,
                            domain::Instant now) override;
  RedeemResult RecoverCaseAccess(const std::string& reference, domain::Instant now,
                                 const std::function<bool(const OneTimeCodeRow&)>& usable,
                                 const std::function<bool(const OneTimeCodeRow&)>& matches,
                                 const std::string& access_hash, const std::string& access_salt,
                                 const domain::CaseEvent& event) override;

  // ---- users and sessions (sql_store_admin.h) ----
  bool AddUser(const NewUser& u) override;
  std::optional<UserRecord> FindUserByEmail(const std::string& email) override;
  std::optional<UserRecord> FindUserById(std::int64_t id) override;
  std::vector<UserRecord> ListUsers() override;
  void ImportUsers(const std::vector<UserRecord>& users) override;
  bool UpdateUser(std::int64_t id, domain::Role role, const std::string& entity,
                  const std::string& name, bool active) override;
  void CreateSession(const std::string& token_hash, std::int64_t user_id, domain::Instant now,
                     domain::Instant expires_at) override;
  std::optional<UserRecord> FindSessionUser(const std::string& token_hash,
                                            domain::Instant now) override;
  void RevokeSession(const std::string& token_hash, domain::Instant now,
                     std::function<void(bool)> done) override;
  void RecordLoginFailure(std::int64_t user_id, domain::Instant now, int max_failures,
                          std::chrono::seconds lock_for) override;
  void ResetLoginFailures(std::int64_t user_id) override;

  // ---- the delivery queue, message templates (sql_store_delivery.h); routing model ----
  std::int64_t CountOutbox() override;
  std::vector<OutboxRow> ClaimOutbox(domain::Instant now, domain::Instant lease_until, int limit,
                                     int channel_mask) override;
  int FinishOutbox(const std::vector<OutboxOutcome>& outcomes, domain::Instant now) override;
  std::vector<OutboxRow> ListOutbox(const OutboxFilter& f) override;
  int RetryOutbox(std::int64_t id, domain::Instant now) override;
  int PurgeOutbox(domain::Instant before) override;
  bool SetCaseNotify(const std::string& reference, domain::NotifyChoice choice) override;
  std::vector<MessageTemplateRow> CurrentMessageTemplates() override;
  std::vector<MessageTemplateRow> MessageTemplateVersions(const std::string& kind,
                                                          const std::string& channel,
                                                          const std::string& language) override;
  int SaveMessageTemplate(const MessageTemplateRow& row, domain::Instant now) override;
  std::vector<std::pair<std::pair<std::string, std::string>, std::int64_t>> OutboxCounts() override;

  void SaveRoutingModel(const RoutingModelRow& row) override {
    writer_->Run([&](Conn& c) {
      c.Prepare(Q::kInsertRoutingModel)
          .Bind(1, Secs(row.trained_at))
          .Bind(2, row.model)
          .Bind(3, row.metrics)
          .Run();
    });
  }

  std::optional<RoutingModelRow> LatestRoutingModel(std::int64_t newer_than) override {
    return Read([&](Conn& c) -> std::optional<RoutingModelRow> {
      auto st = c.Prepare(Q::kLatestRoutingModel);
      st.Bind(1, newer_than);
      if (!st.Step()) return std::nullopt;
      return RoutingModelRow{st.Int(0), FromSecs(st.Int(1)), st.Text(2), st.Text(3)};
    });
  }

  // ---- webhooks (their fan-out is in InsertOutboxRows, rows.h) ----
  std::int64_t AddWebhook(const WebhookRow& w) override;
  std::vector<WebhookRow> ListWebhooks() override;
  std::optional<WebhookRow> FindWebhook(std::int64_t id) override;
  bool DeactivateWebhook(std::int64_t id) override;
  // WebhookStore (store/webhook_store.h)
  bool UpdateWebhook(const WebhookRow& w) override;
  void ImportWebhooks(const std::vector<WebhookRow>& rows) override;
  std::vector<OutboxRow> WebhookDeliveries(std::int64_t id, int limit) override;
  bool ReplayWebhookDelivery(std::int64_t outbox_id, domain::Instant now) override;

  std::vector<AttachmentRow> CaseAttachments(std::int64_t case_id) override;

  bool AttachmentReferenced(const std::string& sha256) override;

  std::vector<WorkloadRow> Workload(const std::string& entity, domain::Instant now) override;

  // ---- administration ----
  std::vector<ResponseTemplate> ListResponseTemplates(const std::string& entity) override;
  std::optional<ResponseTemplate> FindResponseTemplate(std::int64_t id) override;
  std::int64_t SaveResponseTemplate(const ResponseTemplate& t, domain::Instant now) override;
  bool DeleteResponseTemplate(std::int64_t id) override;
  std::vector<AuditEntry> AuditLog(const AuditQuery& query) override;

  void RecordAdminChange(const AdminChange& change) override {
    writer_->Run([&](Conn& c) { RecordAdminChangeOn<Q>(c, change); });
  }

  std::vector<AdminChange> AdminChanges(const AdminChangeQuery& query) override {
    return Read([&](Conn& c) { return AdminChangesOn<Q>(c, query); });
  }

  WriterStats Stats() override { return writer_->Stats(); }
  MessageStore& Messages() override { return *this; }
  WebhookStore& Webhooks() override { return *this; }
  MfaStore& Mfa() override { return *this; }
  EServiceStore& EServices() override { return *this; }
  AccountStore& Accounts() override { return *this; }
  SuggestionStore& Suggestions() override { return *this; }
  SurveyStore& Surveys() override { return *this; }
  ApiKeyStore& ApiKeys() override { return *this; }
  Open311Store& Open311() override { return *this; }
  NewsStore& News() override { return *this; }
  IdempotencyStore& Idempotency() override { return *this; }
  Open311UpdateStore& Open311Updates() override { return *this; }

  void Close() override {
    if (closed_.exchange(true)) return;
    writer_->Close();
  }

 protected:
  // `writer_conn` is the only connection that writes; `open_reader` opens pooled readers.
  // The writer is created here and started by the backend's constructor (StartWriter), after it
  // has added its own hooks.
  SqlStore(std::unique_ptr<Conn> writer_conn, typename ConnectionPool<Conn>::Factory open_reader,
           int readers, const StoreOptions& options)
      : writer_conn_(std::move(writer_conn)),
        reads_(std::move(open_reader), readers),
        search_count_cap_(std::max<std::int64_t>(options.search_count_cap, 1)) {
    writer_ = std::make_unique<Writer>(*writer_conn_, options.max_queue, options.max_batch);
    writer_->SetBeforeCommit([this](Conn& c) {
      if (batch_figures_.empty()) return;
      domain::FigureDeltas sum = std::move(batch_figures_);
      batch_figures_.clear();
      ApplyFiguresOn<Q>(c, sum);
    });
    writer_->SetOnRollback([this] { batch_figures_.clear(); });
  }

  Writer& writer() { return *writer_; }
  // Records a migration's "-- compatible: yes" line (sql_store_ready.h).
  static void RecordCompatibility(Conn& c, int version, std::string_view file);
  // The database's schema is newer than this binary's latest migration (false when unreadable).
  bool SchemaNewerThanBinary();
  // Queues the write probe unless one is queued already (sql_store_ready.h).
  void StartWriteProbe();
  void StartWriter() { writer_->Start(); }
  bool closed() const { return closed_; }

  // The schema at the binary's latest version and the search index built by its analyzer; false
  // when that cannot be read (a new database has no schema_migrations yet).
  bool SchemaAndIndexCurrent();  // sql_store_ready.h

  // Indexes the cases after id `after` (the index was cleared by Migrate), kReindexChunk a
  // transaction, then records the analyzer version.
  void RebuildSearchIndex(std::int64_t after);  // sql_store_ready.h

  // Runs `f` on a pooled connection; once more on a fresh one if the connection broke.
  template <class F>
  std::invoke_result_t<F&, Conn&> Read(F&& f) {
    for (int attempt = 1;; ++attempt) {
      auto c = reads_.Acquire();
      try {
        return f(*c);
      } catch (const StoreError&) {
        if (attempt >= 2 || c->Healthy()) throw;
        spdlog::warn("database connection lost; retrying the read on a new one");
        reads_.DropIdle();
      }
    }
  }

  // Read(f) inside one read-only transaction: a consistent snapshot.
  template <class F>
  std::invoke_result_t<F&, Conn&> Snapshot(F&& f) {
    return Read([&](Conn& c) { return InSnapshot(c, f); });
  }

  template <class F>
  static std::invoke_result_t<F&, Conn&> InSnapshot(Conn& c, F& f) {
    c.BeginSnapshot();
    try {
      auto out = f(c);
      c.EndSnapshot();
      return out;
    } catch (...) {
      c.Rollback();
      throw;
    }
  }

  std::int64_t Scalar(const char* sql) {
    return Read([sql](Conn& c) {
      auto st = c.Prepare(sql);
      return st.Step() ? st.Int(0) : std::int64_t{0};
    });
  }

  template <class B>
  std::optional<UserRecord> UserBy(const char* sql, B&& bind) {
    return Read([&](Conn& c) -> std::optional<UserRecord> {
      auto st = c.Prepare(sql);
      bind(st);
      if (!st.Step()) return std::nullopt;
      return ReadUserRow(st);
    });
  }

 private:
  // Inserts cases[start, end) that are not stored yet, adds their figures, and moves each year's
  // sequence past the imported references (new submissions must never be given one of them).
  static std::int64_t ImportChunkTx(Conn& c, const std::vector<FullCase>& cases, std::size_t start,
                                    std::size_t end, const domain::FigureDeltas* figures_sum);

  std::unique_ptr<Conn> writer_conn_;
  ConnectionPool<Conn> reads_;
  std::int64_t search_count_cap_;
  // Figure deltas of the batch being written (writer thread only); declared before writer_ so
  // that it outlives the writer's final drain.
  domain::FigureDeltas batch_figures_;
  std::unique_ptr<Writer> writer_;
  std::atomic<bool> closed_{false};
  std::atomic<bool> probing_{false};  // a write probe is queued (StartWriteProbe)
};

}  // namespace tawasul::store::common

#include "store/common/sql_store_account.h"  // IWYU pragma: keep (the out-of-line members)
#include "store/common/sql_store_admin.h"
#include "store/common/sql_store_api_keys.h"  // IWYU pragma: keep (the out-of-line members)
#include "store/common/sql_store_audit.h"     // IWYU pragma: keep (the out-of-line members)
#include "store/common/sql_store_bulk.h"      // IWYU pragma: keep (the out-of-line members)
#include "store/common/sql_store_cases.h"     // IWYU pragma: keep (the out-of-line members)
#include "store/common/sql_store_delivery.h"  // IWYU pragma: keep (the out-of-line members)
#include "store/common/sql_store_eservice.h"  // IWYU pragma: keep (the out-of-line members)
#include "store/common/sql_store_messages.h"  // IWYU pragma: keep (the out-of-line members)
#include "store/common/sql_store_mfa.h"       // IWYU pragma: keep (the out-of-line members)
#include "store/common/sql_store_ready.h"     // IWYU pragma: keep (the out-of-line members)
#include "store/common/sql_store_survey.h"    // IWYU pragma: keep (the out-of-line members)

// The suggestion outcomes' out-of-line members.
#include "store/common/sql_store_news.h"        // IWYU pragma: keep (the out-of-line members)
#include "store/common/sql_store_suggestion.h"  // IWYU pragma: keep

// The idempotency keys' out-of-line members.
#include "store/common/sql_store_idempotency.h"  // IWYU pragma: keep
// The Open311 request updates' out-of-line members.
#include "store/common/sql_store_open311_updates.h"  // IWYU pragma: keep
