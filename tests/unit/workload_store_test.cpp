// Store::Workload (the dashboard's open cases by assignee) on a real SQLite file: assigned and
// unassigned cases apart, overdue counted only while the clock runs, closed cases and other
// entities left out. (PostgreSQL runs the same query through the dashboard's integration test.)

#include <gtest/gtest.h>

#include <filesystem>
#include <future>

#include <sqlite3.h>

#include "store/store.h"

namespace tawasul::store {
namespace {

namespace fs = std::filesystem;

class WorkloadStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tawasul-workload-XXXXXX";
    dir_ = mkdtemp(tmpl);
    path_ = dir_ + "/t.db";
    store_ = OpenStore("sqlite:" + path_, StoreOptions{});
    store_->Migrate();
    store_->SaveCatalogue(domain::Catalogue(
        {{"MOW", "وزارة الأشغال", "Ministry of Works"},
         {"MOH", "وزارة الصحة", "Ministry of Health"}},
        {{"roads.potholes", "MOW", "حفر", "Potholes", "g", "g", {domain::CaseType::kComplaint}},
         {"health.x", "MOH", "ص", "Health", "g", "g", {domain::CaseType::kComplaint}}},
        {}));
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  std::string Submit(const std::string& entity, int i) {
    NewCase c;
    c.draft.type = domain::CaseType::kComplaint;
    c.draft.category = entity == "MOW" ? "roads.potholes" : "health.x";
    c.draft.entity = entity;
    c.draft.subject = "Subject " + std::to_string(i);
    c.draft.description = "Description of case " + std::to_string(i);
    c.access_hash = std::string(32, 'h');
    c.access_salt = std::string(16, 's');
    c.submitted_at = domain::Instant(std::chrono::seconds(1'780'000'000 + i));
    c.first_response_due_at = c.submitted_at + std::chrono::hours(48);
    c.due_at = c.submitted_at + std::chrono::hours(24 * 20);
    c.year2 = 26;
    std::promise<SubmitResult> p;
    store_->SubmitCase(c, [&p](SubmitResult r) { p.set_value(r); });
    auto r = p.get_future().get();
    EXPECT_TRUE(r.ok) << r.error;
    return r.reference;
  }

  // Test set-up only: rows edited directly (the lifecycle is tested elsewhere).
  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << err;
    sqlite3_free(err);
    sqlite3_close(db);
  }

  std::string dir_, path_;
  std::unique_ptr<Store> store_;
};

TEST_F(WorkloadStoreTest, OpenCasesByAssigneeWithOverdue) {
  ASSERT_TRUE(store_->AddUser({"a@x.example", "h", domain::Role::kAgent, "MOW", "Agent A"}));
  ASSERT_TRUE(store_->AddUser({"b@x.example", "h", domain::Role::kAgent, "MOW", "Agent B"}));
  const auto a = store_->FindUserByEmail("a@x.example")->id;
  const auto b = store_->FindUserByEmail("b@x.example")->id;
  std::vector<std::string> refs;
  for (int i = 0; i < 7; ++i) refs.push_back(Submit("MOW", i));
  Submit("MOH", 100);
  const std::string ids = std::to_string(a);
  // A holds 0, 1, 2 (1 overdue, 2 awaiting the citizen and past due: not overdue), B holds 3
  // (closed: not counted), 4..6 are unassigned (5 overdue).
  Sql("UPDATE cases SET assignee_id = " + ids + ", status = 'in_progress' WHERE reference IN ('" +
      refs[0] + "', '" + refs[1] + "', '" + refs[2] +
      "');"
      "UPDATE cases SET due_at = 1000 WHERE reference IN ('" +
      refs[1] + "', '" + refs[2] + "', '" + refs[5] +
      "');"
      "UPDATE cases SET status = 'awaiting_citizen' WHERE reference = '" +
      refs[2] +
      "';"
      "UPDATE cases SET assignee_id = " +
      std::to_string(b) + ", status = 'closed' WHERE reference = '" + refs[3] + "';");
  const auto now = domain::Instant(std::chrono::seconds(1'780'100'000));
  auto rows = store_->Workload("MOW", now);
  ASSERT_EQ(rows.size(), 2u);
  // Ordered by open count descending, then assignee id (0, the unassigned, first on a tie).
  std::map<std::int64_t, WorkloadRow> by_id;
  for (const auto& r : rows) by_id[r.assignee_id] = r;
  ASSERT_TRUE(by_id.count(a));
  ASSERT_TRUE(by_id.count(0));
  EXPECT_FALSE(by_id.count(b));
  EXPECT_EQ(by_id[a].open, 3);
  EXPECT_EQ(by_id[a].overdue, 1);
  EXPECT_EQ(by_id[a].name, "Agent A");
  EXPECT_EQ(by_id[a].email, "a@x.example");
  EXPECT_EQ(by_id[0].open, 3);
  EXPECT_EQ(by_id[0].overdue, 1);
  EXPECT_EQ(by_id[0].name, "");
  EXPECT_EQ(rows[0].assignee_id, 0) << "equal counts: ordered by assignee id";

  auto all = store_->Workload("", now);
  std::int64_t total = 0;
  for (const auto& r : all) total += r.open;
  EXPECT_EQ(total, 7);  // six open at MOW, one at MOH
  auto moh = store_->Workload("MOH", now);
  ASSERT_EQ(moh.size(), 1u);
  EXPECT_EQ(moh[0].assignee_id, 0);
  EXPECT_EQ(moh[0].open, 1);
  EXPECT_TRUE(store_->Workload("NONE", now).empty());
}

}  // namespace
}  // namespace tawasul::store
