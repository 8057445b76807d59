// The SQLite store against a real database file: migrations, group commit under concurrency,
// unique references, the received event's hash chain, the append-only history, calendars.

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <set>
#include <thread>

#include <sqlite3.h>

#include "domain/reference.h"
#include "domain/text_analyzer.h"
#include "store/store.h"

namespace tawasul::store {
namespace {

namespace fs = std::filesystem;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tawasul-store-XXXXXX";
    dir_ = mkdtemp(tmpl);
    path_ = dir_ + "/t.db";
    store_ = OpenStore("sqlite:" + path_, StoreOptions{});
    store_->Migrate();
    store_->SaveCatalogue(domain::Catalogue(
        {{"MOW", "وزارة الأشغال", "Ministry of Works"}},
        {{"roads.potholes", "MOW", "حفر", "Potholes", "g", "g", {domain::CaseType::kComplaint}}},
        {}));
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  static NewCase Case(int i) {
    NewCase c;
    c.draft.type = domain::CaseType::kComplaint;
    c.draft.category = "roads.potholes";
    c.draft.entity = "MOW";
    c.draft.subject = "Subject " + std::to_string(i);
    c.draft.description = "Description of case " + std::to_string(i);
    c.draft.contact_email = "c@example.com";
    c.access_hash = std::string(32, 'h');
    c.access_salt = std::string(16, 's');
    c.submitted_at = domain::Instant(std::chrono::seconds(1'780'000'000 + i));
    c.first_response_due_at = c.submitted_at + std::chrono::hours(48);
    c.due_at = c.submitted_at + std::chrono::hours(24 * 20);
    c.year2 = 26;
    return c;
  }

  std::string dir_, path_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteStoreTest, MigratesOnceAndReportsVersion) {
  EXPECT_EQ(store_->SchemaVersion(), store_->LatestSchemaVersion());
  EXPECT_GE(store_->LatestSchemaVersion(), 1);
  store_->Migrate();  // idempotent
  EXPECT_TRUE(store_->Ready());
}

TEST_F(SqliteStoreTest, ConcurrentSubmissionsGetUniqueSequentialReferences) {
  constexpr int kThreads = 8, kPerThread = 200;
  std::mutex mu;
  std::vector<std::string> refs;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::promise<SubmitResult> p;
        store_->SubmitCase(Case(t * kPerThread + i), [&p](SubmitResult r) { p.set_value(r); });
        auto r = p.get_future().get();
        ASSERT_TRUE(r.ok) << r.error;
        std::lock_guard lock(mu);
        refs.push_back(r.reference);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<std::uint64_t> seqs;
  for (const auto& ref : refs) {
    auto parsed = domain::ParseReference(ref);
    ASSERT_TRUE(parsed) << ref;
    EXPECT_EQ(parsed->year2, 26);
    seqs.insert(parsed->sequence);
  }
  EXPECT_EQ(seqs.size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(*seqs.begin(), 1u);
  EXPECT_EQ(*seqs.rbegin(), static_cast<std::uint64_t>(kThreads * kPerThread));
  EXPECT_EQ(store_->CountCases(), kThreads * kPerThread);
  auto stats = store_->Stats();
  EXPECT_EQ(stats.items,
            static_cast<std::uint64_t>(kThreads * kPerThread + 2));  // + migrate + catalogue
  EXPECT_LT(stats.batches, stats.items);  // some requests shared a commit
}

TEST_F(SqliteStoreTest, StoredCaseReadsBackWithItsReceivedEvent) {
  std::promise<SubmitResult> p;
  auto c = Case(1);
  c.draft.location = domain::Location{26.2, 50.5, "Road 12"};
  store_->SubmitCase(c, [&p](SubmitResult r) { p.set_value(r); });
  auto r = p.get_future().get();
  ASSERT_TRUE(r.ok);
  auto rec = store_->FindCase(r.reference);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->draft.subject, "Subject 1");
  EXPECT_EQ(rec->draft.entity, "MOW");
  EXPECT_EQ(rec->submitted_at, c.submitted_at);
  EXPECT_EQ(rec->due_at, c.due_at);
  ASSERT_TRUE(rec->draft.location);
  EXPECT_DOUBLE_EQ(rec->draft.location->lat, 26.2);
  EXPECT_EQ(rec->access_hash, c.access_hash);
  auto events = store_->CaseEvents(rec->id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, domain::EventKind::kReceived);
  EXPECT_EQ(events[0].seq, 1);
  EXPECT_FALSE(store_->FindCase("26-9999999-0"));
}

TEST_F(SqliteStoreTest, FailedWriteStoresNothingAndOthersInTheBatchSucceed) {
  auto bad = Case(1);
  bad.draft.entity = "NOPE";  // violates the foreign key
  std::promise<SubmitResult> p1, p2;
  store_->SubmitCase(bad, [&p1](SubmitResult r) { p1.set_value(r); });
  store_->SubmitCase(Case(2), [&p2](SubmitResult r) { p2.set_value(r); });
  EXPECT_FALSE(p1.get_future().get().ok);
  auto good = p2.get_future().get();
  EXPECT_TRUE(good.ok);
  EXPECT_EQ(store_->CountCases(), 1);
}

TEST_F(SqliteStoreTest, HistoryIsAppendOnlyAndChained) {
  std::promise<SubmitResult> p;
  store_->SubmitCase(Case(1), [&p](SubmitResult r) { p.set_value(r); });
  auto r = p.get_future().get();
  ASSERT_TRUE(r.ok);
  store_->Close();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  EXPECT_NE(sqlite3_exec(db, "UPDATE case_events SET body = 'x'", nullptr, nullptr, &err),
            SQLITE_OK);
  sqlite3_free(err);
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM case_events", nullptr, nullptr, &err), SQLITE_OK);
  sqlite3_free(err);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(
          db, "SELECT prev_hash, hash, seq, at, kind, public, actor, body, data FROM case_events",
          -1, &st, nullptr),
      SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  std::string prev(static_cast<const char*>(sqlite3_column_blob(st, 0)),
                   sqlite3_column_bytes(st, 0));
  std::string hash(static_cast<const char*>(sqlite3_column_blob(st, 1)),
                   sqlite3_column_bytes(st, 1));
  domain::CaseEvent e;
  e.seq = sqlite3_column_int64(st, 2);
  e.at = domain::Instant(std::chrono::seconds(sqlite3_column_int64(st, 3)));
  domain::SetKindName(e, reinterpret_cast<const char*>(sqlite3_column_text(st, 4)));
  e.is_public = sqlite3_column_int(st, 5) != 0;
  e.actor = reinterpret_cast<const char*>(sqlite3_column_text(st, 6));
  e.body = reinterpret_cast<const char*>(sqlite3_column_text(st, 7));
  e.data = reinterpret_cast<const char*>(sqlite3_column_text(st, 8));
  EXPECT_NE(e.data.find("\"received\":true"), std::string::npos) << e.data;  // figure facts
  EXPECT_EQ(prev, std::string(32, '\0'));
  EXPECT_EQ(hash, domain::EventHash(prev, r.reference, e));
  e.body = "edited";
  EXPECT_NE(hash, domain::EventHash(prev, r.reference, e));
  sqlite3_finalize(st);
  sqlite3_close(db);
}

// A kind this version does not know (a newer version's, say) reads back as kOther with its stored
// name, which the hash chain still checks.
TEST_F(SqliteStoreTest, AnUnknownEventKindReadsBackAsStored) {
  std::promise<SubmitResult> p;
  store_->SubmitCase(Case(1), [&p](SubmitResult r) { p.set_value(r); });
  auto r = p.get_future().get();
  ASSERT_TRUE(r.ok);
  const auto first = store_->CaseEvents(r.id);
  ASSERT_EQ(first.size(), 1u);
  store_->Close();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT hash FROM case_events WHERE case_id = ?1 AND seq = 1",
                               -1, &st, nullptr),
            SQLITE_OK);
  sqlite3_bind_int64(st, 1, r.id);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  const std::string prev(static_cast<const char*>(sqlite3_column_blob(st, 0)),
                         sqlite3_column_bytes(st, 0));
  sqlite3_finalize(st);
  domain::CaseEvent memo;
  memo.seq = 2;
  memo.at = first[0].at + std::chrono::hours(1);
  domain::SetKindName(memo, "memo");
  memo.is_public = false;
  memo.actor = "system";
  memo.body = "from a newer version";
  const std::string hash = domain::EventHash(prev, r.reference, memo);
  ASSERT_EQ(
      sqlite3_prepare_v2(db,
                         "INSERT INTO case_events (case_id, seq, at, kind, public, actor, body, "
                         "prev_hash, hash) VALUES (?1, 2, ?2, 'memo', 0, 'system', ?3, ?4, ?5)",
                         -1, &st, nullptr),
      SQLITE_OK);
  sqlite3_bind_int64(st, 1, r.id);
  sqlite3_bind_int64(st, 2, memo.at.time_since_epoch().count());
  sqlite3_bind_text(st, 3, memo.body.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob(st, 4, prev.data(), static_cast<int>(prev.size()), SQLITE_TRANSIENT);
  sqlite3_bind_blob(st, 5, hash.data(), static_cast<int>(hash.size()), SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(st), SQLITE_DONE) << sqlite3_errmsg(db);
  sqlite3_finalize(st);
  sqlite3_close(db);

  store_ = OpenStore("sqlite:" + path_, StoreOptions{});
  auto events = store_->CaseEvents(r.id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind, domain::EventKind::kOther);
  EXPECT_EQ(domain::KindName(events[1]), "memo");
  EXPECT_EQ(domain::EventHash(prev, r.reference, events[1]), hash);
}

TEST_F(SqliteStoreTest, CalendarRoundTrips) {
  auto spec = domain::BahrainDefaultWeek();
  std::string error;
  auto holidays = domain::ParseHolidaysCsv(
      "start_date,end_date,kind,status,name_en,name_ar,note\n"
      "2025-12-16,2025-12-17,fixed,confirmed,National Day,العيد الوطني,\n"
      "2026-03-20,2026-03-22,hijri,tentative,Eid al-Fitr,عيد الفطر,\"proposal, to confirm\"\n",
      &error);
  ASSERT_TRUE(holidays) << error;
  spec.holidays = *holidays;
  spec.special_periods.push_back({*domain::ParseDate("2026-02-18"),
                                  *domain::ParseDate("2026-03-19"), domain::Frame{8 * 60, 14 * 60},
                                  "Ramadan", "رمضان", ""});
  store_->SaveCalendar("default", spec);
  auto back = store_->LoadCalendar("default");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->time_zone, "Asia/Bahrain");
  EXPECT_EQ(back->week, spec.week);
  ASSERT_EQ(back->holidays.size(), 2u);
  EXPECT_EQ(back->holidays[1].status, domain::HolidayStatus::kTentative);
  EXPECT_EQ(back->holidays[1].note, "proposal, to confirm");
  ASSERT_EQ(back->special_periods.size(), 1u);
  EXPECT_EQ(back->special_periods[0].frame, (domain::Frame{480, 840}));
  EXPECT_FALSE(store_->LoadCalendar("other"));
}

TEST_F(SqliteStoreTest, UsersAreUniqueByEmailIgnoringCase) {
  EXPECT_TRUE(store_->AddUser({"Agent@Example.com", "hash", domain::Role::kAgent, "MOW", "A"}));
  EXPECT_FALSE(store_->AddUser({"agent@example.com", "hash", domain::Role::kAgent, "MOW", "A"}));
  auto u = store_->FindUserByEmail("AGENT@example.com");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->role, domain::Role::kAgent);
  EXPECT_EQ(u->entity, "MOW");
}

// Bounded search (docs/decisions.md 2026-12-04): with more matches than count_cap, `total` is the
// cap; the newest rank_window matches come first, best first, then older ones newest first, with
// neither gaps nor repeats across pages; with and without filters (different statements).
TEST_F(SqliteStoreTest, SearchCountsUpToTheCapAndRanksTheNewestWindow) {
  std::vector<std::string> refs;  // by submission order
  for (int i = 1; i <= 7; ++i) {
    auto c = Case(i);
    // Case 5 says it three times: the best of the window (cases 5, 6, 7).
    c.draft.description += i == 5 ? " pothole pothole pothole" : " pothole";
    std::promise<SubmitResult> p;
    store_->SubmitCase(c, [&p](SubmitResult r) { p.set_value(r); });
    auto r = p.get_future().get();
    ASSERT_TRUE(r.ok);
    refs.push_back(r.reference);
  }
  for (const std::string entity : {"", "MOW"}) {
    SearchQuery q;
    q.query = domain::ParseQuery("pothole");
    q.entity = entity;
    q.count_cap = 5;
    q.rank_window = 3;
    q.limit = 2;
    std::vector<std::string> seen;
    for (int offset = 0; offset < 8; offset += 2) {
      q.offset = offset;
      auto r = store_->Search(q);
      EXPECT_EQ(r.total, 5) << entity;
      EXPECT_TRUE(r.total_capped) << entity;
      for (const auto& h : r.hits) seen.push_back(h.record.reference);
    }
    ASSERT_EQ(seen.size(), 5u) << entity;
    EXPECT_EQ(seen[0], refs[4]) << entity;  // case 5, the best of the newest three
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.begin() + 3),
              (std::set<std::string>{refs[4], refs[5], refs[6]}))
        << entity;
    EXPECT_EQ(seen[3], refs[3]) << entity;  // then older matches, newest first
    EXPECT_EQ(seen[4], refs[2]) << entity;
    // Under the cap: the exact count.
    q.count_cap = 100;
    q.offset = 0;
    auto all = store_->Search(q);
    EXPECT_EQ(all.total, 7) << entity;
    EXPECT_FALSE(all.total_capped) << entity;
  }
}

}  // namespace
}  // namespace tawasul::store
