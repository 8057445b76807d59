// Recomputing open cases against a real SQLite store whose write queue is small: more cases than
// the queue holds all get their change, none fails for "write queue full", whether the queue is
// full of the recomputation's own changes or of other writes (a writer held up, nothing of the
// recomputation in flight); only a shutdown gives the remaining cases up as failed.

#include "service/recompute.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "domain/calendar.h"
#include "domain/catalogue.h"
#include "domain/sla.h"
#include "service/case_service.h"
#include "service/context.h"
#include "store/store.h"

namespace tawasul::service {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kQueue = 8;
constexpr int kCases = 60;

class RecomputeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tawasul-recompute-XXXXXX";
    dir_ = mkdtemp(tmpl);
    store::StoreOptions options;
    options.max_queue = kQueue;
    store_ = store::OpenStore("sqlite:" + dir_ + "/t.db", options);
    store_->Migrate();
    domain::Catalogue catalogue(
        {{"MOW", "وزارة الأشغال", "Ministry of Works"}},
        {{"roads.potholes", "MOW", "حفر", "Potholes", "g", "g", {domain::CaseType::kComplaint}}},
        {});
    store_->SaveCatalogue(catalogue);
    catalogue_ = std::make_unique<CatalogueInForce>(std::move(catalogue));
    sla_ = std::make_unique<SlaRules>(domain::WorkingCalendar(domain::BahrainDefaultWeek()),
                                      domain::TargetTable());
    ctx_ = std::make_unique<AppContext>(AppContext{.store = *store_,
                                                   .catalogue = *catalogue_,
                                                   .sla = *sla_,
                                                   .pepper = "pepper",
                                                   .draining = nullptr,
                                                   .scheduler_leader = nullptr});
    for (int i = 0; i < kCases; ++i) {
      store::NewCase nc;
      nc.draft.type = domain::CaseType::kComplaint;
      nc.draft.category = "roads.potholes";
      nc.draft.entity = "MOW";
      nc.draft.subject = "Subject " + std::to_string(i);
      nc.draft.description = "Description of case " + std::to_string(i);
      nc.draft.contact_email = "c@example.com";
      nc.access_hash = std::string(32, 'h');
      nc.access_salt = std::string(16, 's');
      nc.submitted_at = domain::Now() - std::chrono::hours(24);
      StartNewCase(nc, *sla_->Get());
      std::promise<store::SubmitResult> stored;
      store_->SubmitCase(std::move(nc), [&](store::SubmitResult r) { stored.set_value(r); });
      auto r = stored.get_future().get();
      ASSERT_TRUE(r.ok) << r.error;
      refs_.push_back(r.reference);
    }
  }
  void TearDown() override {
    ctx_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  // Puts 30 working days for MOW complaints in force (every open case's due time moves) and
  // recomputes; returns what RecomputeOpenCases reported.
  RecomputeResult Retarget() {
    domain::TargetRule rule;
    rule.entity = "MOW";
    rule.type = "complaint";
    rule.first_response = {domain::TargetUnit::kWorkingDays, 2};
    rule.resolution = {domain::TargetUnit::kWorkingDays, 30};
    std::string error;
    auto table = domain::TargetTable::Create({rule}, &error);
    EXPECT_TRUE(table) << error;
    auto old = sla_->Get();
    sla_->Set(std::make_shared<const SlaRules::Snapshot>(
        SlaRules::Snapshot{old->calendar, std::move(*table)}));
    std::promise<RecomputeResult> result;
    RecomputeOpenCases(*ctx_, "targets_changed", true, domain::Actor{},
                       [&](RecomputeResult r) { result.set_value(r); });
    auto future = result.get_future();
    EXPECT_EQ(future.wait_for(std::chrono::seconds(60)), std::future_status::ready);
    return future.get();
  }

  // Holds the writer inside a change (so nothing queued is taken) and fills the queue with other
  // writes; the returned promise lets the writer go.
  std::shared_ptr<std::promise<void>> HoldWriterWithAFullQueue() {
    auto release = std::make_shared<std::promise<void>>();
    auto released = release->get_future().share();
    std::promise<void> entered;
    store_->ChangeCase(
        refs_[0],
        [&entered, released](const domain::CaseRecord&) {
          entered.set_value();
          released.wait();
          return store::CaseChange{};  // nothing to write
        },
        [](store::ChangeResult) {});
    entered.get_future().wait();
    // Completions of the queued ones run later, on the store's thread: a shared counter.
    auto refused = std::make_shared<std::atomic<int>>(0);
    for (std::size_t i = 0; i < kQueue + 1; ++i) {
      store_->ChangeCase(
          refs_[1], [](const domain::CaseRecord&) { return store::CaseChange{}; },
          [refused](store::ChangeResult r) { *refused += r.overloaded ? 1 : 0; });
    }
    EXPECT_EQ(refused->load(), 1) << "the queue should be exactly full";
    return release;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<CatalogueInForce> catalogue_;
  std::unique_ptr<SlaRules> sla_;
  std::unique_ptr<AppContext> ctx_;
  std::vector<std::string> refs_;
};

TEST_F(RecomputeTest, MoreCasesThanTheQueueHoldsAllChangeAndNoneFails) {
  const RecomputeResult r = Retarget();
  EXPECT_EQ(r.open, kCases);
  EXPECT_EQ(r.failed, 0);
  EXPECT_EQ(r.changed, kCases);
  for (const auto& ref : refs_) {
    auto found = store_->FindCaseWithEvents(ref);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->second.back().kind, domain::EventKind::kDueRecomputed) << ref;
  }
}

TEST_F(RecomputeTest, AQueueFullOfOtherWritesIsWaitedFor) {
  auto release = HoldWriterWithAFullQueue();
  // Nothing of the recomputation can be queued until the writer moves on.
  std::thread later([release] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    release->set_value();
  });
  const auto started = std::chrono::steady_clock::now();
  const RecomputeResult r = Retarget();
  later.join();
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(250));
  EXPECT_EQ(r.open, kCases);
  EXPECT_EQ(r.failed, 0);
  EXPECT_EQ(r.changed, kCases);
}

TEST_F(RecomputeTest, ShuttingDownGivesTheRemainingCasesUp) {
  auto release = HoldWriterWithAFullQueue();
  ctx_->draining = [] { return true; };
  const RecomputeResult r = Retarget();  // no room and shutting down: gives up at once
  release->set_value();
  EXPECT_EQ(r.open, kCases);
  EXPECT_EQ(r.failed, kCases);
  EXPECT_EQ(r.changed, 0);
}

}  // namespace
}  // namespace tawasul::service
