// The erasure rule and retention periods (domain/erasure.h): what is emptied and kept, the
// event that records it (and that CheckSubmission then honours), and the retention options.

#include <sodium.h>

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "domain/contact_access.h"
#include "domain/erasure.h"
#include "domain/submission_digest.h"

namespace tawasul::domain {
namespace {

CaseRecord ClosedCase() {
  CaseRecord r;
  r.id = 7;
  r.reference = "26-0000007-1";
  r.status = CaseStatus::kClosed;
  r.draft.category = "roads.potholes";
  r.draft.entity = "MOW";
  r.draft.subject = "Pothole at home";
  r.draft.description = "A deep pothole in front of house 12.";
  r.draft.contact_name = "Fatima";
  r.draft.contact_email = "fatima@example.com";
  r.draft.contact_phone = "+97333334444";
  r.draft.location = Location{26.2, 50.5, "Manama"};
  return r;
}

TEST(ErasureTest, EmptiesPersonalFieldsKeepsTheRestAndRecordsThem) {
  ASSERT_GE(sodium_init(), 0);
  CaseRecord before = ClosedCase();
  ErasureDecision decision{};
  CaseChange c = ErasureChange(before, {}, "system", "citizen request", Instant{}, decision);
  ASSERT_EQ(decision, ErasureDecision::kOk);
  ASSERT_TRUE(c.apply);
  EXPECT_EQ(c.next.draft.subject, "");
  EXPECT_EQ(c.next.draft.description, "");
  EXPECT_EQ(c.next.draft.contact_name, "");
  EXPECT_EQ(c.next.draft.contact_email, "");
  EXPECT_EQ(c.next.draft.contact_phone, "");
  EXPECT_FALSE(c.next.draft.location.has_value());
  EXPECT_EQ(c.next.draft.entity, "MOW");
  EXPECT_EQ(c.next.draft.category, "roads.potholes");
  EXPECT_EQ(c.next.status, CaseStatus::kClosed);
  EXPECT_TRUE(c.figures.empty());
  EXPECT_TRUE(c.outbox.empty());
  ASSERT_EQ(c.events.size(), 1u);
  EXPECT_EQ(c.events[0].kind, EventKind::kPersonalDataErased);
  EXPECT_FALSE(c.events[0].is_public);
  EXPECT_NE(c.events[0].data.find("citizen request"), std::string::npos);
  std::set<std::string> listed = ErasedFields(c.events);
  EXPECT_EQ(listed, std::set<std::string>(PersonalFields().begin(), PersonalFields().end()));
  EXPECT_EQ(std::set<std::string>(c.erased.begin(), c.erased.end()), listed);

  // The digest of the submission still matches once the erased fields are skipped, and their
  // salts removed; every other field is still checked.
  auto values = SubmissionValues(before.draft, {"abc"});
  std::map<std::string, std::string> salts;
  for (const auto& [name, v] : values) salts[name] = std::string(kSubmissionSaltBytes, 's');
  CaseEvent first;
  RecordSubmission(values, salts, CaseStatus::kReceived, first);
  for (const auto& f : listed) salts.erase(f);
  auto after = SubmissionValues(c.next.draft, {});
  EXPECT_EQ(CheckSubmission(first, after, EncodeSalts(salts), listed).result,
            SubmissionCheck::Result::kMatches);
  after["category"] = "roads.lights";
  EXPECT_EQ(CheckSubmission(first, after, EncodeSalts(salts), listed).field, "category");
}

TEST(ErasureTest, OpenCasesAreRefusedAndAnErasedCaseGetsNoSecondEvent) {
  CaseRecord open = ClosedCase();
  open.status = CaseStatus::kAnswered;
  ErasureDecision decision{};
  EXPECT_FALSE(ErasureChange(open, {}, "system", "r", Instant{}, decision).apply);
  EXPECT_EQ(decision, ErasureDecision::kNotClosed);

  std::set<std::string> all(PersonalFields().begin(), PersonalFields().end());
  CaseChange again = ErasureChange(ClosedCase(), all, "system", "r", Instant{}, decision);
  EXPECT_EQ(decision, ErasureDecision::kAlreadyErased);
  EXPECT_TRUE(again.events.empty());
  EXPECT_EQ(again.next.draft.contact_email, "");  // the row is emptied and marked again

  CaseChange some = ErasureChange(ClosedCase(), {"subject"}, "system", "r", Instant{}, decision);
  EXPECT_EQ(decision, ErasureDecision::kOk);
  EXPECT_EQ(ErasedFields(some.events).count("subject"), 0u);
  EXPECT_EQ(ErasedFields(some.events).size(), PersonalFields().size() - 1);
}

TEST(ErasureTest, RetentionPeriodsParseOverTheDefaults) {
  std::string error;
  auto p = ParseRetention("", error);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->YearsFor(CaseType::kComplaint), 5);
  EXPECT_EQ(p->YearsFor(CaseType::kSuggestion), 3);
  EXPECT_EQ(p->YearsFor(CaseType::kInquiry), 2);
  p = ParseRetention("complaint=7,inquiry=0", error);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->YearsFor(CaseType::kComplaint), 7);
  EXPECT_EQ(p->YearsFor(CaseType::kInquiry), 0);
  EXPECT_EQ(p->YearsFor(CaseType::kCompliment), 2);
  for (const char* bad : {"complaint", "complaint=x", "petition=3", "complaint=101", "complaint=-1",
                          "complaint=5,,inquiry=1"}) {
    EXPECT_FALSE(ParseRetention(bad, error)) << bad;
    EXPECT_FALSE(error.empty());
  }
  const Instant now{std::chrono::sys_days(std::chrono::year{2030} / 6 / 1)};
  EXPECT_EQ(RetentionCutoff(now, 5), now - std::chrono::years(5));
}

TEST(ContactAccessTest, AuditorSeesMaskedEntityStaffNothingOnAnonymousCases) {
  Actor auditor{Role::kAuditor, 1, ""};
  Actor agent{Role::kAgent, 2, "MOW"};
  Actor admin{Role::kAdmin, 3, ""};
  EXPECT_EQ(ContactAccessOf(auditor, false), ContactAccess::kMasked);
  EXPECT_EQ(ContactAccessOf(auditor, true), ContactAccess::kMasked);
  EXPECT_EQ(ContactAccessOf(agent, false), ContactAccess::kFull);
  EXPECT_EQ(ContactAccessOf(agent, true), ContactAccess::kNone);
  EXPECT_EQ(ContactAccessOf(admin, true), ContactAccess::kFull);

  CaseDraft d = ClosedCase().draft;
  d.contact_name = "فاطمة";
  auto masked = ContactAs(d, ContactAccess::kMasked);
  EXPECT_EQ(masked.name, "ف***");
  EXPECT_EQ(masked.email, "f***@example.com");
  EXPECT_EQ(masked.phone, "+973 ****4444");
  auto none = ContactAs(d, ContactAccess::kNone);
  EXPECT_TRUE(none.name.empty() && none.email.empty() && none.phone.empty());
  d.contact_phone.clear();
  EXPECT_EQ(ContactAs(d, ContactAccess::kMasked).phone, "");
  EXPECT_EQ(MaskName(""), "");
}

}  // namespace
}  // namespace tawasul::domain
