// The embedded SQLite store.
//
// Concurrency: one writer connection owned by the GroupCommitWriter thread (writer.h) does all
// writing; reads go through a pool of read-only connections, each used by one thread at a time
// (a lease). WAL mode lets readers run while the writer commits, and each reader sees the last
// committed state, so a read after a completed write sees it.
//
// Durability: journal_mode=WAL and synchronous=FULL: a COMMIT returns after the WAL is fsynced.
// The writer answers requests only after their batch's COMMIT. Checkpoints (copying the WAL
// back into the database file) run on their own thread and connection, not inside a commit, so
// a commit never waits for one; past 64 MiB of WAL a checkpoint may wait for readers to move on
// so the WAL can restart (bounding its size).
//
// Format: the schema is the sum of the numbered migrations (migrations/NNN_name.sql, embedded
// in the binary), applied in order, each in its own transaction, recorded in schema_migrations.
// Times are Unix seconds. Case events are append-only (triggers refuse UPDATE and DELETE) and
// hash-chained per case (domain::EventHash).

#include "store/sqlite/sqlite_store.h"

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <limits>
#include <mutex>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <thread>

#include "domain/reference.h"
#include "store/common/admin_rows.h"
#include "store/common/case_ops.h"
#include "store/common/catalogue_rows.h"
#include "store/common/connection_pool.h"
#include "store/common/figure_ops.h"
#include "store/common/group_commit.h"
#include "store/common/search_ops.h"
#include "store/sqlite/db.h"
#include "store/sqlite/figures_ops.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/search_tokenizer.h"

namespace tawasul::store::sqlite {

std::optional<std::string_view> SqliteMigrationFile(std::string_view name);
std::vector<std::string_view> SqliteMigrationFileNames();

namespace {

using domain::Instant;
using namespace common;  // row mapping and the shared operations

using common::FromSecs;
using common::Secs;
using GroupCommitWriter = common::GroupCommitWriter<Connection>;

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, const StoreOptions& options)
      : path_(std::move(path)),
        writer_conn_(path_, false),
        reads_(
            [p = path_] {
              auto c = std::make_unique<Connection>(p, true);
              RegisterSearchTokenizer(c->Handle());
              return c;
            },
            options.read_connections),
        search_count_cap_(std::max<std::int64_t>(options.search_count_cap, 1)) {
    RegisterSearchTokenizer(writer_conn_.Handle());
    writer_conn_.Exec(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
        "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at INTEGER NOT NULL);");
    // Checkpoints run on their own thread; after a rewind the WAL file shrinks back to 64 MiB.
    RegisterFigureFunctions(writer_conn_.Handle());
    writer_conn_.Exec("PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864;");
    writer_ =
        std::make_unique<GroupCommitWriter>(writer_conn_, options.max_queue, options.max_batch);
    // Submissions and lifecycle changes add their figure deltas to batch_figures_; the batch's
    // sum is written once, in the same transaction, just before its commit.
    writer_->SetBeforeCommit([this](Connection& c) {
      if (batch_figures_.empty()) return;
      domain::FigureDeltas sum = std::move(batch_figures_);
      batch_figures_.clear();
      ApplyFigures(c, sum);
    });
    writer_->SetOnRollback([this] { batch_figures_.clear(); });
    writer_->SetBetweenBatches([this](Connection& c) {
      if (!checkpoint_requested_.exchange(false)) return;
      // Between batches this is the only writer and holds no transaction, so RESTART waits only
      // for readers to leave old snapshots (short), then the next commit rewinds the WAL.
      int log_frames = 0, done_frames = 0;
      int rc = sqlite3_wal_checkpoint_v2(c.Handle(), nullptr, SQLITE_CHECKPOINT_RESTART,
                                         &log_frames, &done_frames);
      if (rc != SQLITE_OK) checkpoint_requested_ = true;  // busy (e.g. a passive one): next gap
    });
    writer_->Start();
    checkpointer_ = std::thread([this] { CheckpointLoop(); });
  }
  ~SqliteStore() override { Close(); }

  void Migrate() override {
    auto names = SqliteMigrationFileNames();
    std::sort(names.begin(), names.end());
    writer_->Run([&](Connection& c) {
      std::int64_t current = 0;
      {
        auto st = c.Prepare(q::kSchemaVersion);
        if (st.Step()) current = st.Int(0);
      }
      for (auto name : names) {
        int version = std::stoi(std::string(name.substr(0, 3)));
        if (version <= current) continue;
        c.Exec(*SqliteMigrationFile(name));
        auto st = c.Prepare(q::kRecordMigration);
        st.Bind(1, version)
            .Bind(2, name)
            .Bind(3, Secs(domain::Instant(std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()))));
        st.Run();
      }
      auto indexed = ReindexSearchIfStale<Sql>(c);
      if (indexed > 0) spdlog::info("search index built for {} cases", indexed);
    });
  }

  int SchemaVersion() override {
    auto c = reads_.Acquire();
    auto st = c->Prepare(q::kSchemaVersion);
    return st.Step() ? static_cast<int>(st.Int(0)) : 0;
  }

  int LatestSchemaVersion() const override {
    int latest = 0;
    for (auto name : SqliteMigrationFileNames()) {
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
    auto c = reads_.Acquire();
    return LoadCatalogueOn<Sql>(*c);
  }

  void SaveCatalogue(const domain::Catalogue& cat) override {
    writer_->Run([&](Connection& c) { SaveCatalogueOn<Sql>(c, cat); });
  }

  std::optional<domain::CalendarSpec> LoadCalendar(const std::string& code) override {
    auto c = reads_.Acquire();
    return LoadCalendarOn<Sql>(*c, code);
  }

  void SaveCalendar(const std::string& code, const domain::CalendarSpec& spec) override {
    writer_->Run([&](Connection& c) { SaveCalendarOn<Sql>(c, code, spec); });
  }

  void SubmitCase(NewCase nc, std::function<void(SubmitResult)> done) override {
    auto result = std::make_shared<SubmitResult>();
    auto shared_case = std::make_shared<NewCase>(std::move(nc));
    bool queued = writer_->Submit(
        [this, result, shared_case](Connection& c) {
          auto [id, ref] = InsertNewCase<Sql>(c, *shared_case);
          result->id = id;
          result->reference = std::move(ref);
          // Last, after every statement that could fail (see SetBeforeCommit).
          for (const auto& [k, f] : shared_case->figures) batch_figures_[k].Add(f);
        },
        [result, done](std::exception_ptr error) {
          if (error) {
            result->ok = false;
            try {
              std::rethrow_exception(error);
            } catch (const std::exception& e) {
              result->error = e.what();
            }
          } else {
            result->ok = true;
          }
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
      writer_->Run([&](Connection& c) {
        for (std::size_t i = start; i < end; ++i) {
          refs.push_back(InsertNewCase<Sql>(c, cases[i]).second);
          for (const auto& [k, f] : cases[i].figures) batch_figures_[k].Add(f);
        }
      });
    }
    return refs;
  }

  std::int64_t CountCases() override {
    auto c = reads_.Acquire();
    auto st = c->Prepare(q::kCountCases);
    return st.Step() ? st.Int(0) : 0;
  }

  std::optional<domain::CaseRecord> FindCase(const std::string& reference) override {
    auto c = reads_.Acquire();
    auto st = c->Prepare(q::kFindCase);
    st.Bind(1, reference);
    if (!st.Step()) return std::nullopt;
    return ReadCaseRow(st);
  }

  std::optional<std::pair<domain::CaseRecord, std::vector<domain::CaseEvent>>> FindCaseWithEvents(
      const std::string& reference) override {
    auto c = reads_.Acquire();
    // One read transaction: a consistent snapshot, and half the file-lock system calls of two.
    c->Prepare(q::kBegin).Run();
    std::optional<std::pair<domain::CaseRecord, std::vector<domain::CaseEvent>>> out;
    try {
      if (auto rec = FindCaseWith(*c, q::kFindCase, reference)) {
        auto events = ReadEvents<Sql>(*c, rec->id);
        out.emplace(std::move(*rec), std::move(events));
      }
    } catch (...) {
      c->Exec("ROLLBACK");
      throw;
    }
    c->Prepare(q::kCommit).Run();
    return out;
  }

  std::vector<domain::CaseEvent> CaseEvents(std::int64_t case_id) override {
    auto c = reads_.Acquire();
    return ReadEvents<Sql>(*c, case_id);
  }

  bool AddUser(const NewUser& u) override {
    bool added = false;
    writer_->Run([&](Connection& c) {
      c.Prepare(q::kInsertUser)
          .Bind(1, u.email)
          .Bind(2, u.password_hash)
          .Bind(3, u.role)
          .Bind(4, u.entity)
          .Bind(5, u.name)
          .Bind(6, Secs(domain::Instant(std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch()))))
          .Run();
      added = c.Changes() > 0;
    });
    return added;
  }

  std::optional<UserRecord> FindUserByEmail(const std::string& email) override {
    auto c = reads_.Acquire();
    auto st = c->Prepare(q::kFindUser);
    st.Bind(1, email);
    if (!st.Step()) return std::nullopt;
    return ReadUserRow(st);
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
            try {
              std::rethrow_exception(error);
            } catch (const std::exception& e) {
              result->error = e.what();
            }
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
    auto c = reads_.Acquire();
    return QueryInbox<Sql>(*c, query);
  }

  SearchResult Search(const SearchQuery& query) override {
    auto c = reads_.Acquire();
    c->Prepare(q::kBegin).Run();
    SearchResult out;
    try {
      SearchQuery bounded = query;
      bounded.count_cap = std::min(bounded.count_cap, search_count_cap_);
      out = SearchOn<Sql>(*c, bounded);
    } catch (...) {
      c->Exec("ROLLBACK");
      throw;
    }
    c->Prepare(q::kCommit).Run();
    return out;
  }

  std::vector<SearchHit> SimilarCases(const SimilarQuery& query) override {
    auto c = reads_.Acquire();
    return SimilarOn<Sql>(*c, query);
  }

  std::vector<std::string> DueCases(DueKind kind, domain::Instant before, int limit) override {
    auto c = reads_.Acquire();
    return DueReferences<Sql>(*c, kind, before, limit);
  }

  std::vector<domain::TargetRule> LoadTargets() override {
    auto c = reads_.Acquire();
    return LoadTargetsOn<Sql>(*c);
  }

  void SaveTargets(const std::vector<domain::TargetRule>& rules) override {
    writer_->Run([&](Connection& c) { SaveTargetsOn<Sql>(c, rules); });
  }

  FigureResult Figures(const FigureQuery& query, domain::Instant now,
                       const domain::WorkingCalendar& calendar) override {
    auto c = reads_.Acquire();
    c->Prepare(q::kBegin).Run();
    FigureResult out;
    try {
      out = QueryFigures<Sql>(*c, query, now, calendar);
    } catch (...) {
      c->Exec("ROLLBACK");
      throw;
    }
    c->Prepare(q::kCommit).Run();
    return out;
  }

  std::int64_t RebuildFigures(const domain::WorkingCalendar& calendar) override {
    domain::FigureDeltas all;
    std::int64_t n = 0;
    {
      auto c = reads_.Acquire();
      c->Prepare(q::kBegin).Run();
      try {
        ForEachCaseOn<Sql>(
            *c, [&](const domain::CaseRecord& r, const std::vector<domain::CaseEvent>& events) {
              ++n;
              for (const auto& e : events) domain::EventFigures(r, e, calendar, all);
              domain::OpenCycleFigures(r, +1, calendar, all);
            });
      } catch (...) {
        c->Exec("ROLLBACK");
        throw;
      }
      c->Prepare(q::kCommit).Run();
    }
    // Writes between the snapshot and this transaction would be lost from the rebuilt figures:
    // run it with the service stopped (the CLI does), or accept one batch of drift.
    writer_->Run([&](Connection& c) {
      c.Prepare(q::kDeleteFigures).Run();
      ApplyFigures(c, all);
    });
    return n;
  }

  std::int64_t ImportFullCases(std::vector<FullCase> cases,
                               const domain::FigureDeltas* figures_sum) override {
    std::int64_t inserted = 0;
    // One transaction when a precomputed sum is given (it covers every case); else chunks.
    const std::size_t chunk = figures_sum ? std::max<std::size_t>(cases.size(), 1) : 5000;
    for (std::size_t start = 0; start < cases.size(); start += chunk) {
      std::size_t end = std::min(cases.size(), start + chunk);
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
        inserted += static_cast<std::int64_t>(new_ones.size());
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
              .Bind(1, fmt::format("case:{:02}", year2))
              .Bind(2, static_cast<std::int64_t>(seq))
              .Run();
        }
      });
    }
    return inserted;
  }

  void ForEachCase(
      const std::function<void(const domain::CaseRecord&, const std::vector<domain::CaseEvent>&)>&
          sink) override {
    auto c = reads_.Acquire();
    c->Prepare(q::kBegin).Run();
    try {
      ForEachCaseOn<Sql>(*c, sink);
    } catch (...) {
      c->Exec("ROLLBACK");
      throw;
    }
    c->Prepare(q::kCommit).Run();
  }

  std::vector<std::string> OpenCaseReferences() override {
    auto c = reads_.Acquire();
    auto st = c->Prepare(q::kOpenCases);
    std::vector<std::string> out;
    while (st.Step()) out.push_back(st.Text(0));
    return out;
  }

  // Attachments area.
  std::vector<AttachmentRow> CaseAttachments(std::int64_t case_id) override {
    auto c = reads_.Acquire();
    auto st = c->Prepare(q::kCaseAttachments);
    st.Bind(1, case_id);
    std::vector<AttachmentRow> out;
    while (st.Step()) {
      out.push_back(AttachmentRow{st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Int(4),
                                  st.Text(5), FromSecs(st.Int(6))});
    }
    return out;
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
    auto c = reads_.Acquire();
    auto st = c->Prepare(q::kLatestRoutingModel);
    st.Bind(1, newer_than);
    if (!st.Step()) return std::nullopt;
    return RoutingModelRow{st.Int(0), FromSecs(st.Int(1)), st.Text(2), st.Text(3)};
  }

  // dashboard
  std::vector<WorkloadRow> Workload(const std::string& entity, domain::Instant now) override {
    auto c = reads_.Acquire();
    auto st = c->Prepare(q::kWorkload);
    if (entity.empty()) {
      st.BindNull(1);
    } else {
      st.Bind(1, entity);
    }
    st.Bind(2, Secs(now));
    std::vector<WorkloadRow> out;
    while (st.Step()) out.push_back({st.Int(0), st.Text(1), st.Text(2), st.Int(3), st.Int(4)});
    return out;
  }

  // ---- admin ----
  static ResponseTemplate ReadTemplate(Statement& st) {
    return ResponseTemplate{st.Int(0),  st.Text(1), st.Text(2),          st.Text(3),
                            st.Text(4), st.Text(5), FromSecs(st.Int(6)), FromSecs(st.Int(7))};
  }

  std::vector<ResponseTemplate> ListResponseTemplates(const std::string& entity) override {
    auto cp = reads_.Acquire();
    auto& c = *cp;
    auto st = c.Prepare(q::kListTemplates);
    st.Bind(1, entity);
    std::vector<ResponseTemplate> out;
    while (st.Step()) out.push_back(ReadTemplate(st));
    return out;
  }

  std::optional<ResponseTemplate> FindResponseTemplate(std::int64_t id) override {
    auto cp = reads_.Acquire();
    auto& c = *cp;
    auto st = c.Prepare(q::kFindTemplate);
    st.Bind(1, id);
    if (!st.Step()) return std::nullopt;
    return ReadTemplate(st);
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
    auto cp = reads_.Acquire();
    auto& c = *cp;
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
  }

  void RecordAdminChange(const AdminChange& change) override {
    writer_->Run([&](Connection& c) { RecordAdminChangeOn<Sql>(c, change); });
  }

  bool AttachmentReferenced(const std::string& sha256) override {
    auto cp = reads_.Acquire();
    auto st = cp->Prepare(q::kAttachmentReferenced);
    st.Bind(1, sha256);
    return st.Step() && st.Int(0) != 0;
  }

  std::vector<AdminChange> AdminChanges(const AdminChangeQuery& query) override {
    auto c = reads_.Acquire();
    return AdminChangesOn<Sql>(*c, query);
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

  std::int64_t CountOutbox() override {
    auto c = reads_.Acquire();
    auto st = c->Prepare(q::kCountOutbox);
    return st.Step() ? st.Int(0) : 0;
  }

  std::vector<OutboxRow> ClaimOutbox(int limit) override {
    std::vector<OutboxRow> out;
    writer_->Run([&](Connection& c) {
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
    auto c = reads_.Acquire();
    return VerifyHistoryOn<Sql>(*c);
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
    auto c = reads_.Acquire();
    auto st = c->Prepare(q::kSessionUser);
    st.BindBlob(1, token_hash).Bind(2, Secs(now));
    if (!st.Step()) return std::nullopt;
    return ReadUserRow(st);
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
    auto c = reads_.Acquire();
    auto st = c->Prepare(q::kFindUserById);
    st.Bind(1, id);
    if (!st.Step()) return std::nullopt;
    return ReadUserRow(st);
  }

  std::vector<UserRecord> ListUsers() override {
    auto c = reads_.Acquire();
    return ListUsersOn<Sql>(*c);
  }

  void ImportUsers(const std::vector<UserRecord>& users) override {
    writer_->Run([&](Connection& c) {
      InsertUsersOn<Sql>(c, users,
                         domain::Instant(std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())));
    });
  }

  WriterStats Stats() override { return writer_->Stats(); }

  void Close() override {
    if (closed_.exchange(true)) return;
    writer_->Close();
    {
      std::lock_guard lock(checkpoint_mu_);
      stop_checkpoints_ = true;
    }
    checkpoint_cv_.notify_all();
    if (checkpointer_.joinable()) checkpointer_.join();
  }

 private:
  std::string path_;
  Connection writer_conn_;
  common::ConnectionPool<Connection> reads_;
  std::int64_t search_count_cap_;
  void CheckpointLoop() {
    std::unique_ptr<Connection> conn;
    try {
      conn = std::make_unique<Connection>(path_, false);
      // A connection learns that the database is in WAL mode on its first read; until then a
      // checkpoint call is a no-op (it reports -1 frames).
      conn->Exec("SELECT count(*) FROM sqlite_master;");
    } catch (const std::exception& e) {
      spdlog::error("checkpointer cannot open the database: {}", e.what());
      return;
    }
    constexpr int kRestartFrames = 16384;  // 64 MiB of 4 KiB pages
    std::unique_lock lock(checkpoint_mu_);
    while (!stop_checkpoints_) {
      checkpoint_cv_.wait_for(lock, std::chrono::milliseconds(250));
      lock.unlock();
      if (checkpoint_requested_) {  // leave the checkpoint lock to the writer
        lock.lock();
        continue;
      }
      int log_frames = 0, done_frames = 0;
      int rc = sqlite3_wal_checkpoint_v2(conn->Handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                         &log_frames, &done_frames);
      if (rc == SQLITE_OK && log_frames > kRestartFrames) {
        // Under steady writes a passive checkpoint never lets the WAL rewind; the writer does a
        // RESTART between batches (it is the only one that can without being starved).
        checkpoint_requested_ = true;
      }
      lock.lock();
    }
    lock.unlock();
    // A last full checkpoint at shutdown leaves a compact database file behind.
    sqlite3_wal_checkpoint_v2(conn->Handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr,
                              nullptr);
  }

  // Figure deltas of the batch being written (writer thread only); declared before writer_ so
  // that it outlives the writer's final drain.
  domain::FigureDeltas batch_figures_;
  std::atomic<bool> checkpoint_requested_{false};
  std::unique_ptr<GroupCommitWriter> writer_;
  std::atomic<bool> closed_{false};
  std::thread checkpointer_;
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool stop_checkpoints_ = false;
};

}  // namespace

std::unique_ptr<Store> OpenSqliteStore(const std::string& path, const StoreOptions& options) {
  std::filesystem::path p(path);
  if (p.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
  }
  return std::make_unique<SqliteStore>(path, options);
}

}  // namespace tawasul::store::sqlite
