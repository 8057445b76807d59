// The PostgreSQL store: the same Store as SQLite's, for many stateless nodes on one database.
//
// Concurrency: each node has one writer connection driven by the shared group-commit writer
// (store/common/group_commit.h), so a node's writes share one COMMIT; a pool of reading
// connections serves reads. Between nodes, PostgreSQL's row locks keep every invariant exact:
//  * references: the "case:YY" row of `sequences` is incremented under its row lock (gapless,
//    unique across nodes);
//  * a case's changes: its row is read FOR UPDATE in the writing transaction (ChangeCaseTx);
//  * figures: counters are added by an upsert that locks the row, and the histograms it returns
//    are merged and written back under the same lock; rows are written in primary-key order
//    (ExpandFigureRows), so two writers never wait on each other in a cycle. Deadlocks that
//    remain possible across a batch (two nodes changing the same two cases in opposite orders)
//    are aborted by the server and the batch is run again (the writer's retry).
// Isolation is READ COMMITTED for writes (every decision is taken on rows it has locked) and
// REPEATABLE READ READ ONLY for multi-statement reads (one snapshot).
//
// Failures: a read on a connection that broke (server restart, failover) is retried once on a
// fresh connection; the writer reconnects before its next batch. A COMMIT whose connection broke
// has an unknown outcome: its requests are answered with an error, never retried.
//
// Nodes: the scheduler runs on the holder of an advisory lock (HoldLeadership), taken on a
// connection of its own, so it is released when the node dies; SLA and calendar changes bump
// config_version, which every node polls to reload its cached rules.
//
// Format: migrations/NNN_name.sql, embedded, applied in order under an advisory lock (two nodes
// starting together do not both migrate), recorded in schema_migrations.

#include "store/postgres/pg_store.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <mutex>
#include <type_traits>

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include "store/common/admin_rows.h"
#include "store/common/case_ops.h"
#include "store/common/catalogue_rows.h"
#include "store/common/connection_pool.h"
#include "store/common/figure_ops.h"
#include "store/common/group_commit.h"
#include "store/common/search_ops.h"
#include "store/postgres/db.h"
#include "store/postgres/queries.h"

namespace tawasul::store::postgres {

std::optional<std::string_view> PgMigrationFile(std::string_view name);
std::vector<std::string_view> PgMigrationFileNames();

namespace {

using namespace common;  // row mapping and the shared operations
using GroupCommitWriter = common::GroupCommitWriter<Connection>;

constexpr std::int64_t kMigrationLock = 0x7461776173756c01;  // "tawasul" + 1
constexpr std::int64_t kLeaderLock = 0x7461776173756c02;

domain::Instant Now() {
  return domain::Instant(std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch()));
}

// Adds `deltas` to the figures rows (see the file comment for the locking).
void ApplyFigures(Connection& c, const domain::FigureDeltas& deltas) {
  for (const auto& row : ExpandFigureRows(deltas)) {
    const auto& f = row.counters;
    const auto& k = row.key;
    std::string fr_hist, answer_hist;
    {
      auto st = c.Prepare(q::kUpsertFigureCounters);
      st.Bind(1, row.level)
          .Bind(2, row.period)
          .Bind(3, k.entity)
          .Bind(4, k.category)
          .Bind(5, k.type)
          .Bind(6, k.channel)
          .Bind(7, f.received)
          .Bind(8, f.answered)
          .Bind(9, f.answered_on_time)
          .Bind(10, f.due)
          .Bind(11, f.due_met)
          .Bind(12, f.rated)
          .Bind(13, f.rating_sum)
          .Bind(14, f.rating_4_5)
          .Bind(15, f.transferred)
          .Bind(16, f.reopened)
          .Bind(17, f.open);
      if (!st.Step()) throw StoreError("figures upsert returned no row");
      fr_hist = st.Blob(0);
      answer_hist = st.Blob(1);
    }
    if (f.first_response.Empty() && f.answer.Empty()) continue;
    auto fr = domain::Histogram::Decode(fr_hist);
    fr.Merge(f.first_response);
    auto answer = domain::Histogram::Decode(answer_hist);
    answer.Merge(f.answer);
    c.Prepare(q::kSetFigureHistograms)
        .Bind(1, row.level)
        .Bind(2, row.period)
        .Bind(3, k.entity)
        .Bind(4, k.category)
        .Bind(5, k.type)
        .Bind(6, k.channel)
        .BindBlob(7, fr.Encode())
        .BindBlob(8, answer.Encode())
        .Run();
  }
}

class PgStore final : public Store {
 public:
  PgStore(std::string url, const StoreOptions& options)
      : url_(std::move(url)),
        writer_conn_(url_),
        reads_([u = url_] { return std::make_unique<Connection>(u); },
               std::max(options.read_connections, 2)),
        search_count_cap_(std::max<std::int64_t>(options.search_count_cap, 1)) {
    writer_ =
        std::make_unique<GroupCommitWriter>(writer_conn_, options.max_queue, options.max_batch);
    writer_->SetBeforeCommit([this](Connection& c) {
      if (batch_figures_.empty()) return;
      domain::FigureDeltas sum = std::move(batch_figures_);
      batch_figures_.clear();
      ApplyFigures(c, sum);
    });
    writer_->SetOnRollback([this] { batch_figures_.clear(); });
    writer_->Start();
  }
  ~PgStore() override { Close(); }

  void Migrate() override {
    auto names = PgMigrationFileNames();
    std::sort(names.begin(), names.end());
    writer_->Run([&](Connection& c) {
      // Under the lock: two nodes starting together would race even on IF NOT EXISTS.
      c.Exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) + ")");
      c.Exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations(version integer PRIMARY KEY, "
          "name text NOT NULL, applied_at bigint NOT NULL)");
      std::int64_t current = 0;
      {
        auto st = c.Prepare(q::kSchemaVersion);
        if (st.Step()) current = st.Int(0);
      }
      for (auto name : names) {
        int version = std::stoi(std::string(name.substr(0, 3)));
        if (version <= current) continue;
        c.Exec(*PgMigrationFile(name));
        c.Prepare(q::kRecordMigration).Bind(1, version).Bind(2, name).Bind(3, Secs(Now())).Run();
      }
      auto indexed = ReindexSearchIfStale<Sql>(c);
      if (indexed > 0) spdlog::info("search index built for {} cases", indexed);
    });
  }

  int SchemaVersion() override {
    return Read([](Connection& c) {
      auto st = c.Prepare(q::kSchemaVersion);
      return st.Step() ? static_cast<int>(st.Int(0)) : 0;
    });
  }

  int LatestSchemaVersion() const override {
    int latest = 0;
    for (auto name : PgMigrationFileNames()) {
      latest = std::max(latest, std::stoi(std::string(name.substr(0, 3))));
    }
    return latest;
  }

  bool Ready() override {
    try {
      return !closed_ && SchemaVersion() == LatestSchemaVersion();
    } catch (const std::exception&) {
      return false;
    }
  }

  domain::Catalogue LoadCatalogue() override {
    return Read([](Connection& c) { return LoadCatalogueOn<Sql>(c); });
  }
  void SaveCatalogue(const domain::Catalogue& cat) override {
    writer_->Run([&](Connection& c) {
      SaveCatalogueOn<Sql>(c, cat);
      c.Prepare(q::kBumpConfigVersion).Run();
    });
  }
  std::optional<domain::CalendarSpec> LoadCalendar(const std::string& code) override {
    return Read([&](Connection& c) { return LoadCalendarOn<Sql>(c, code); });
  }
  void SaveCalendar(const std::string& code, const domain::CalendarSpec& spec) override {
    writer_->Run([&](Connection& c) {
      SaveCalendarOn<Sql>(c, code, spec);
      c.Prepare(q::kBumpConfigVersion).Run();
    });
  }
  std::vector<domain::TargetRule> LoadTargets() override {
    return Read([](Connection& c) { return LoadTargetsOn<Sql>(c); });
  }
  void SaveTargets(const std::vector<domain::TargetRule>& rules) override {
    writer_->Run([&](Connection& c) {
      SaveTargetsOn<Sql>(c, rules);
      c.Prepare(q::kBumpConfigVersion).Run();
    });
  }

  void SubmitCase(NewCase nc, std::function<void(SubmitResult)> done) override {
    auto result = std::make_shared<SubmitResult>();
    auto shared_case = std::make_shared<NewCase>(std::move(nc));
    bool queued = writer_->Submit(
        [this, result, shared_case](Connection& c) {
          auto [id, ref] = InsertNewCase<Sql>(c, *shared_case);
          result->id = id;
          result->reference = std::move(ref);
          for (const auto& [k, f] : shared_case->figures) batch_figures_[k].Add(f);
        },
        [result, done](std::exception_ptr error) {
          result->ok = !error;
          if (error) result->error = Describe(error);
          done(std::move(*result));
        });
    if (!queued) {
      SubmitResult r;
      r.overloaded = true;
      r.error = "write queue full";
      done(std::move(r));
    }
  }

  std::vector<std::string> ImportCases(std::vector<NewCase> cases) override {
    std::vector<std::string> refs;
    refs.reserve(cases.size());
    constexpr std::size_t kChunk = 5000;
    for (std::size_t start = 0; start < cases.size(); start += kChunk) {
      std::size_t end = std::min(cases.size(), start + kChunk);
      std::vector<std::string> chunk_refs;
      writer_->Run([&](Connection& c) {
        chunk_refs.clear();  // a retried attempt starts again
        for (std::size_t i = start; i < end; ++i) {
          chunk_refs.push_back(InsertNewCase<Sql>(c, cases[i]).second);
          for (const auto& [k, f] : cases[i].figures) batch_figures_[k].Add(f);
        }
      });
      refs.insert(refs.end(), chunk_refs.begin(), chunk_refs.end());
    }
    return refs;
  }

  std::int64_t CountCases() override { return Scalar(q::kCountCases); }

  std::optional<domain::CaseRecord> FindCase(const std::string& reference) override {
    return Read([&](Connection& c) { return FindCaseWith(c, q::kFindCase, reference); });
  }

  std::optional<std::pair<domain::CaseRecord, std::vector<domain::CaseEvent>>> FindCaseWithEvents(
      const std::string& reference) override {
    return Snapshot([&](Connection& c) {
      std::optional<std::pair<domain::CaseRecord, std::vector<domain::CaseEvent>>> out;
      if (auto rec = FindCaseWith(c, q::kFindCase, reference)) {
        auto events = ReadEvents<Sql>(c, rec->id);
        out.emplace(std::move(*rec), std::move(events));
      }
      return out;
    });
  }

  std::vector<domain::CaseEvent> CaseEvents(std::int64_t case_id) override {
    return Read([&](Connection& c) { return ReadEvents<Sql>(c, case_id); });
  }

  bool AddUser(const NewUser& u) override {
    bool added = false;
    writer_->Run([&](Connection& c) {
      auto st = c.Prepare(q::kInsertUser);
      st.Bind(1, u.email)
          .Bind(2, u.password_hash)
          .Bind(3, u.role)
          .Bind(4, u.entity)
          .Bind(5, u.name)
          .Bind(6, Secs(Now()))
          .Run();
      added = st.Changes() > 0;
    });
    return added;
  }

  std::optional<UserRecord> FindUserByEmail(const std::string& email) override {
    return UserBy(q::kFindUser, [&](Statement& st) { st.Bind(1, email); });
  }

  void ChangeCase(const std::string& reference, CaseDecider decide,
                  std::function<void(ChangeResult)> done) override {
    auto result = std::make_shared<ChangeResult>();
    bool queued = writer_->Submit(
        [this, result, reference, decide = std::move(decide)](Connection& c) {
          *result = ChangeCaseTx<Sql>(c, reference, decide, batch_figures_);
        },
        [result, done](std::exception_ptr error) {
          if (error) {
            result->ok = false;
            result->applied = false;
            result->error = Describe(error);
          }
          done(std::move(*result));
        });
    if (!queued) {
      ChangeResult r;
      r.found = true;
      r.error = "write queue full";
      done(std::move(r));
    }
  }

  InboxPage Inbox(const InboxQuery& query) override {
    return Snapshot([&](Connection& c) { return QueryInbox<Sql>(c, query); });
  }

  SearchResult Search(const SearchQuery& query) override {
    SearchQuery bounded = query;
    bounded.count_cap = std::min(bounded.count_cap, search_count_cap_);
    return Snapshot([&](Connection& c) {
      // A plan for each query's own words: a common word walks the primary key backwards and
      // stops after the ranking window, a rare one takes the GIN index. A cached generic plan
      // would take the GIN index for both, fetching every match of a common word.
      c.Exec("SET LOCAL plan_cache_mode = force_custom_plan");
      return SearchOn<Sql>(c, bounded);
    });
  }

  std::vector<SearchHit> SimilarCases(const SimilarQuery& query) override {
    return Read([&](Connection& c) { return SimilarOn<Sql>(c, query); });
  }

  std::vector<std::string> DueCases(DueKind kind, domain::Instant before, int limit) override {
    return Read([&](Connection& c) { return DueReferences<Sql>(c, kind, before, limit); });
  }

  FigureResult Figures(const FigureQuery& query, domain::Instant now,
                       const domain::WorkingCalendar& calendar) override {
    return Snapshot([&](Connection& c) { return QueryFigures<Sql>(c, query, now, calendar); });
  }

  std::int64_t RebuildFigures(const domain::WorkingCalendar& calendar) override {
    domain::FigureDeltas all;
    std::int64_t n = 0;
    Snapshot([&](Connection& c) {
      all.clear();
      n = 0;
      ForEachCaseOn<Sql>(
          c, [&](const domain::CaseRecord& r, const std::vector<domain::CaseEvent>& events) {
            ++n;
            for (const auto& e : events) domain::EventFigures(r, e, calendar, all);
            domain::OpenCycleFigures(r, +1, calendar, all);
          });
      return 0;
    });
    // As on SQLite: writes between the snapshot and this transaction would be lost from the
    // rebuilt figures, so it runs with the service stopped (the CLI says so).
    writer_->Run([&](Connection& c) {
      c.Prepare(q::kDeleteFigures).Run();
      ApplyFigures(c, all);
    });
    return n;
  }

  std::int64_t ImportFullCases(std::vector<FullCase> cases,
                               const domain::FigureDeltas* figures_sum) override {
    std::int64_t inserted = 0;
    const std::size_t chunk = figures_sum ? std::max<std::size_t>(cases.size(), 1) : 5000;
    for (std::size_t start = 0; start < cases.size(); start += chunk) {
      std::size_t end = std::min(cases.size(), start + chunk);
      std::int64_t chunk_inserted = 0;
      writer_->Run([&](Connection& c) {
        std::vector<std::size_t> new_ones;
        new_ones.reserve(end - start);
        std::map<int, std::uint64_t> max_seq;
        for (std::size_t i = start; i < end; ++i) {
          if (!InsertFullCase<Sql>(c, cases[i])) continue;
          new_ones.push_back(i);
          if (auto ref = domain::ParseReference(cases[i].record.reference)) {
            auto& m = max_seq[ref->year2];
            m = std::max(m, ref->sequence);
          }
        }
        chunk_inserted = static_cast<std::int64_t>(new_ones.size());
        if (figures_sum && new_ones.size() == end - start) {
          ApplyFigures(c, *figures_sum);
        } else {
          domain::FigureDeltas sum;
          for (auto i : new_ones) {
            for (const auto& [k, f] : cases[i].figures) sum[k].Add(f);
          }
          ApplyFigures(c, sum);
        }
        // New submissions must never be given an imported reference.
        for (const auto& [year2, seq] : max_seq) {
          c.Prepare(q::kBumpSequence)
              .Bind(1, std::string("case:") + (year2 < 10 ? "0" : "") + std::to_string(year2))
              .Bind(2, static_cast<std::int64_t>(seq))
              .Run();
        }
      });
      inserted += chunk_inserted;
    }
    return inserted;
  }

  void ForEachCase(
      const std::function<void(const domain::CaseRecord&, const std::vector<domain::CaseEvent>&)>&
          sink) override {
    // Not retried: the sink has already seen what was read before a failure.
    auto c = reads_.Acquire();
    c->Exec(q::kBegin);
    try {
      ForEachCaseOn<Sql>(*c, sink);
    } catch (...) {
      c->Rollback();
      throw;
    }
    c->Exec(q::kCommit);
  }

  std::vector<std::string> OpenCaseReferences() override {
    return Read([](Connection& c) {
      auto st = c.Prepare(q::kOpenCases);
      std::vector<std::string> out;
      while (st.Step()) out.push_back(st.Text(0));
      return out;
    });
  }

  // Attachments area.
  std::vector<AttachmentRow> CaseAttachments(std::int64_t case_id) override {
    return Read([&](Connection& c) {
      auto st = c.Prepare(q::kCaseAttachments);
      st.Bind(1, case_id);
      std::vector<AttachmentRow> out;
      while (st.Step()) {
        out.push_back(AttachmentRow{st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Int(4),
                                    st.Text(5), FromSecs(st.Int(6))});
      }
      return out;
    });
  }

  void SaveRoutingModel(const RoutingModelRow& row) override {
    writer_->Run([&](Connection& c) {
      c.Prepare(q::kInsertRoutingModel)
          .Bind(1, Secs(row.trained_at))
          .Bind(2, row.model)
          .Bind(3, row.metrics)
          .Run();
    });
  }

  std::optional<RoutingModelRow> LatestRoutingModel(std::int64_t newer_than) override {
    return Read([&](Connection& c) -> std::optional<RoutingModelRow> {
      auto st = c.Prepare(q::kLatestRoutingModel);
      st.Bind(1, newer_than);
      if (!st.Step()) return std::nullopt;
      return RoutingModelRow{st.Int(0), FromSecs(st.Int(1)), st.Text(2), st.Text(3)};
    });
  }

  // dashboard
  std::vector<WorkloadRow> Workload(const std::string& entity, domain::Instant now) override {
    return Read([&](Connection& c) {
      auto st = c.Prepare(q::kWorkload);
      if (entity.empty()) {
        st.BindNull(1);
      } else {
        st.Bind(1, entity);
      }
      st.Bind(2, Secs(now));
      std::vector<WorkloadRow> out;
      while (st.Step()) out.push_back({st.Int(0), st.Text(1), st.Text(2), st.Int(3), st.Int(4)});
      return out;
    });
  }

  // ---- admin ----
  static ResponseTemplate ReadTemplate(Statement& st) {
    return ResponseTemplate{st.Int(0),  st.Text(1), st.Text(2),          st.Text(3),
                            st.Text(4), st.Text(5), FromSecs(st.Int(6)), FromSecs(st.Int(7))};
  }

  std::vector<ResponseTemplate> ListResponseTemplates(const std::string& entity) override {
    return Read([&](Connection& c) {
      auto st = c.Prepare(q::kListTemplates);
      st.Bind(1, entity);
      std::vector<ResponseTemplate> out;
      while (st.Step()) out.push_back(ReadTemplate(st));
      return out;
    });
  }

  std::optional<ResponseTemplate> FindResponseTemplate(std::int64_t id) override {
    return Read([&](Connection& c) -> std::optional<ResponseTemplate> {
      auto st = c.Prepare(q::kFindTemplate);
      st.Bind(1, id);
      if (!st.Step()) return std::nullopt;
      return ReadTemplate(st);
    });
  }

  std::int64_t SaveResponseTemplate(const ResponseTemplate& t, domain::Instant now) override {
    std::int64_t id = 0;
    writer_->Run([&](Connection& c) {
      id = 0;
      if (t.id == 0) {
        auto st = c.Prepare(q::kInsertTemplate);
        st.Bind(1, t.entity)
            .Bind(2, t.title_ar)
            .Bind(3, t.title_en)
            .Bind(4, t.body_ar)
            .Bind(5, t.body_en)
            .Bind(6, Secs(now));
        if (st.Step()) id = st.Int(0);
      } else {
        auto st = c.Prepare(q::kUpdateTemplate);
        st.Bind(1, t.id)
            .Bind(2, t.entity)
            .Bind(3, t.title_ar)
            .Bind(4, t.title_en)
            .Bind(5, t.body_ar)
            .Bind(6, t.body_en)
            .Bind(7, Secs(now));
        if (st.Step()) id = st.Int(0);
      }
    });
    return id;
  }

  bool DeleteResponseTemplate(std::int64_t id) override {
    bool found = false;
    writer_->Run([&](Connection& c) {
      auto st = c.Prepare(q::kDeleteTemplate);
      st.Bind(1, id);
      found = st.Step();
    });
    return found;
  }

  std::vector<AuditEntry> AuditLog(const AuditQuery& query) override {
    return Read([&](Connection& c) {
      auto st = c.Prepare(q::kAuditLog);
      st.Bind(1, query.actor)
          .Bind(2, query.kind)
          .Bind(3, query.entity)
          .Bind(4, query.reference)
          .Bind(5, query.from ? Secs(*query.from) : std::numeric_limits<std::int64_t>::min())
          .Bind(6, query.to ? Secs(*query.to) : std::numeric_limits<std::int64_t>::max())
          .Bind(7, query.limit)
          .Bind(8, query.offset);
      std::vector<AuditEntry> out;
      while (st.Step()) {
        out.push_back(AuditEntry{st.Int(0), st.Text(1), st.Text(2), FromSecs(st.Int(3)), st.Text(4),
                                 st.Int(5) != 0, st.Text(6), st.Text(7)});
      }
      return out;
    });
  }

  void RecordAdminChange(const AdminChange& change) override {
    writer_->Run([&](Connection& c) { RecordAdminChangeOn<Sql>(c, change); });
  }

  bool AttachmentReferenced(const std::string& sha256) override {
    return Read([&](Connection& c) {
      auto st = c.Prepare(q::kAttachmentReferenced);
      st.Bind(1, sha256);
      return st.Step() && st.Int(0) != 0;
    });
  }

  std::vector<AdminChange> AdminChanges(const AdminChangeQuery& query) override {
    return Read([&](Connection& c) { return AdminChangesOn<Sql>(c, query); });
  }

  bool UpdateUser(std::int64_t id, const std::string& role, const std::string& entity,
                  const std::string& name, bool active) override {
    bool found = false;
    writer_->Run([&](Connection& c) {
      auto st = c.Prepare(q::kUpdateUserAdmin);
      st.Bind(1, id).Bind(2, role).Bind(3, entity).Bind(4, name).Bind(5, active ? 1 : 0);
      found = st.Step();
    });
    return found;
  }

  std::int64_t CountOutbox() override { return Scalar(q::kCountOutbox); }

  std::vector<OutboxRow> ClaimOutbox(int limit) override {
    std::vector<OutboxRow> out;
    writer_->Run([&](Connection& c) {
      out.clear();
      auto st = c.Prepare(q::kClaimOutbox);
      st.Bind(1, limit);
      while (st.Step()) {
        out.push_back(
            {st.Int(0), FromSecs(st.Int(1)), st.Text(2), st.Text(3), st.Text(4), st.Text(5)});
      }
    });
    std::sort(out.begin(), out.end(),
              [](const OutboxRow& a, const OutboxRow& b) { return a.id < b.id; });
    return out;
  }

  AuditResult VerifyHistory() override {
    return Snapshot([](Connection& c) { return VerifyHistoryOn<Sql>(c); });
  }

  void CreateSession(const std::string& token_hash, std::int64_t user_id, domain::Instant now,
                     domain::Instant expires_at) override {
    writer_->Run([&](Connection& c) {
      c.Prepare(q::kInsertSession)
          .BindBlob(1, token_hash)
          .Bind(2, user_id)
          .Bind(3, Secs(now))
          .Bind(4, Secs(expires_at))
          .Run();
    });
  }

  std::optional<UserRecord> FindSessionUser(const std::string& token_hash,
                                            domain::Instant now) override {
    return UserBy(q::kSessionUser,
                  [&](Statement& st) { st.BindBlob(1, token_hash).Bind(2, Secs(now)); });
  }

  void RevokeSession(const std::string& token_hash, domain::Instant now,
                     std::function<void(bool)> done) override {
    bool queued = writer_->Submit(
        [token_hash, now](Connection& c) {
          c.Prepare(q::kRevokeSession).BindBlob(1, token_hash).Bind(2, Secs(now)).Run();
        },
        [done](std::exception_ptr error) { done(!error); });
    if (!queued) done(false);
  }

  void RecordLoginFailure(std::int64_t user_id, domain::Instant now, int max_failures,
                          std::chrono::seconds lock_for) override {
    writer_->Run([&](Connection& c) {
      c.Prepare(q::kLoginFailure)
          .Bind(1, user_id)
          .Bind(2, Secs(now))
          .Bind(3, max_failures)
          .Bind(4, static_cast<std::int64_t>(lock_for.count()))
          .Run();
    });
  }

  void ResetLoginFailures(std::int64_t user_id) override {
    writer_->Run([&](Connection& c) { c.Prepare(q::kLoginReset).Bind(1, user_id).Run(); });
  }

  std::optional<UserRecord> FindUserById(std::int64_t id) override {
    return UserBy(q::kFindUserById, [&](Statement& st) { st.Bind(1, id); });
  }

  bool HoldLeadership() override {
    std::lock_guard lock(leader_mu_);
    try {
      if (leader_conn_ && leader_held_) {
        leader_conn_->Exec("SELECT 1");  // the lock lives as long as this session
        return true;
      }
      if (!leader_conn_ || !leader_conn_->Healthy()) {
        leader_conn_ = std::make_unique<Connection>(url_);
        leader_held_ = false;
      }
      auto st = leader_conn_->Prepare(q::kTryLeader);
      st.Bind(1, kLeaderLock);
      leader_held_ = st.Step() && st.Text(0) == "t";
      return leader_held_;
    } catch (const std::exception& e) {
      spdlog::warn("scheduler leadership: {}", e.what());
      leader_conn_.reset();  // a lost session has lost the lock too
      leader_held_ = false;
      return false;
    }
  }

  std::int64_t ConfigVersion() override { return Scalar(q::kConfigVersion); }

  std::vector<UserRecord> ListUsers() override {
    return Read([](Connection& c) { return ListUsersOn<Sql>(c); });
  }

  void ImportUsers(const std::vector<UserRecord>& users) override {
    writer_->Run([&](Connection& c) {
      InsertUsersOn<Sql>(c, users, Now());
      c.Prepare(q::kResyncUserIds).Run();
    });
  }

  WriterStats Stats() override { return writer_->Stats(); }

  void Close() override {
    if (closed_.exchange(true)) return;
    writer_->Close();
    std::lock_guard lock(leader_mu_);
    leader_conn_.reset();
  }

 private:
  static std::string Describe(const std::exception_ptr& error) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      return e.what();
    } catch (...) {
      return "unknown error";
    }
  }

  // Runs `f` on a pooled connection; once more on a fresh one if the connection broke.
  template <class F>
  std::invoke_result_t<F&, Connection&> Read(F&& f) {
    for (int attempt = 1;; ++attempt) {
      auto c = reads_.Acquire();
      try {
        return f(*c);
      } catch (const StoreError&) {
        if (attempt >= 2 || c->Healthy()) throw;
        spdlog::warn("PostgreSQL connection lost; retrying the read on a new one");
        reads_.DropIdle();
      }
    }
  }

  // Read(f) inside one REPEATABLE READ READ ONLY transaction: a consistent snapshot.
  template <class F>
  std::invoke_result_t<F&, Connection&> Snapshot(F&& f) {
    return Read([&](Connection& c) {
      c.Exec(q::kBegin);
      try {
        auto out = f(c);
        c.Exec(q::kCommit);
        return out;
      } catch (...) {
        c.Rollback();
        throw;
      }
    });
  }

  std::int64_t Scalar(const char* sql) {
    return Read([sql](Connection& c) {
      auto st = c.Prepare(sql);
      return st.Step() ? st.Int(0) : std::int64_t{0};
    });
  }

  template <class B>
  std::optional<UserRecord> UserBy(const char* sql, B&& bind) {
    return Read([&](Connection& c) -> std::optional<UserRecord> {
      auto st = c.Prepare(sql);
      bind(st);
      if (!st.Step()) return std::nullopt;
      return ReadUserRow(st);
    });
  }

  std::string url_;
  Connection writer_conn_;
  ConnectionPool<Connection> reads_;
  std::int64_t search_count_cap_;
  // Figure deltas of the batch being written (writer thread only); declared before writer_ so
  // that it outlives the writer's final drain.
  domain::FigureDeltas batch_figures_;
  std::unique_ptr<GroupCommitWriter> writer_;
  std::atomic<bool> closed_{false};
  std::mutex leader_mu_;
  std::unique_ptr<Connection> leader_conn_;
  bool leader_held_ = false;
};

}  // namespace

std::unique_ptr<Store> OpenPgStore(const std::string& url, const StoreOptions& options) {
  return std::make_unique<PgStore>(url, options);
}

}  // namespace tawasul::store::postgres
