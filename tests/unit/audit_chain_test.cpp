// The pure parts of the tamper evidence (docs/audit.md): the submission digest and the recorded
// state (domain/submission_digest.h), the Merkle root and the signed checkpoint text
// (domain/checkpoint.h).

#include <sodium.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/checkpoint.h"
#include "domain/submission_digest.h"

namespace tawasul::domain {
namespace {

class AuditChainTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GE(sodium_init(), 0); }

  static CaseDraft Draft() {
    CaseDraft d;
    d.category = "roads.potholes";
    d.entity = "MOW";
    d.subject = "حفرة في الطريق";
    d.description = "A deep pothole on the main road.";
    d.contact_name = "Fatima";
    d.contact_phone = "+97333334444";
    d.location = Location{26.2235, 50.5876, "Manama"};
    return d;
  }
  static std::map<std::string, std::string> Salts(const std::map<std::string, std::string>& v) {
    std::map<std::string, std::string> out;
    int i = 0;
    for (const auto& entry : v) {
      out[entry.first] = std::string(kSubmissionSaltBytes, static_cast<char>('a' + i++));
    }
    return out;
  }
};

TEST_F(AuditChainTest, SubmissionMatchesItsRowAndNamesTheFieldThatDiffers) {
  const CaseDraft d = Draft();
  const std::vector<std::string> files = {"ab12", "cd34"};
  auto values = SubmissionValues(d, files);
  EXPECT_EQ(values.size(), 14u);
  auto salts = Salts(values);
  CaseEvent first;
  first.data = R"({"figure":{"received":true}})";
  RecordSubmission(values, salts, CaseStatus::kReceived, first);
  EXPECT_NE(first.data.find("\"figure\""), std::string::npos) << "existing data kept";
  const std::string stored = EncodeSalts(salts);

  auto ok = CheckSubmission(first, SubmissionValues(d, files), stored, {});
  EXPECT_EQ(ok.result, SubmissionCheck::Result::kMatches);

  CaseDraft edited = d;
  edited.description = "Nothing happened.";
  auto bad = CheckSubmission(first, SubmissionValues(edited, files), stored, {});
  EXPECT_EQ(bad.result, SubmissionCheck::Result::kDiffers);
  EXPECT_EQ(bad.field, "description");

  edited = d;
  edited.location->lat += 1e-9;  // a moved pin, however slightly
  EXPECT_EQ(CheckSubmission(first, SubmissionValues(edited, files), stored, {}).field, "location");
  EXPECT_EQ(CheckSubmission(first, SubmissionValues(d, {"ab12"}), stored, {}).field, "attachments");

  // An erased field is skipped: its value and its salt are gone, the chain is unchanged.
  edited = d;
  edited.contact_phone.clear();
  auto without = salts;
  without.erase("contact_phone");
  auto erased = CheckSubmission(first, SubmissionValues(edited, files), EncodeSalts(without),
                                {"contact_phone"});
  EXPECT_EQ(erased.result, SubmissionCheck::Result::kMatches);
  // A salt removed without an erasure recorded in the chain is a difference.
  auto hidden = CheckSubmission(first, SubmissionValues(edited, files), EncodeSalts(without), {});
  EXPECT_EQ(hidden.result, SubmissionCheck::Result::kDiffers);
  EXPECT_EQ(hidden.field, "contact_phone");

  CaseEvent old;  // a case from before the digest
  EXPECT_EQ(CheckSubmission(old, values, stored, {}).result, SubmissionCheck::Result::kNotCovered);
}

TEST_F(AuditChainTest, FieldDigestDependsOnSaltNameAndValue) {
  const std::string s1(32, 'x'), s2(32, 'y');
  EXPECT_EQ(FieldDigest(s1, "subject", "a"), FieldDigest(s1, "subject", "a"));
  EXPECT_NE(FieldDigest(s1, "subject", "a"), FieldDigest(s2, "subject", "a"));
  EXPECT_NE(FieldDigest(s1, "subject", "a"), FieldDigest(s1, "description", "a"));
  EXPECT_NE(FieldDigest(s1, "ab", "c"), FieldDigest(s1, "a", "bc"));
  EXPECT_FALSE(DecodeSalts("not json").has_value());
  EXPECT_FALSE(DecodeSalts(R"({"subject":"zz"})").has_value());
}

TEST_F(AuditChainTest, LastRecordedStateFollowsChanges) {
  CaseRecord before;
  before.status = CaseStatus::kInProgress;
  before.draft.entity = "MOW";
  CaseRecord after = before;
  std::vector<CaseEvent> events(1);
  RecordStateChange(before, after, events);  // nothing moved: nothing recorded
  EXPECT_FALSE(LastRecordedState(events).has_value());
  after.status = CaseStatus::kReceived;
  after.draft.entity = "MOH";
  events.resize(2);
  RecordStateChange(before, after, events);
  EXPECT_TRUE(events[0].data.empty());
  auto state = LastRecordedState(events);
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->status, "received");
  EXPECT_EQ(state->entity, "MOH");
  events.push_back(CaseEvent{});
  events.back().data = R"({"erased":["contact_phone","subject"]})";
  EXPECT_EQ(ErasedFields(events), (std::set<std::string>{"contact_phone", "subject"}));
  EXPECT_EQ(LastRecordedState(events)->entity, "MOH");
}

TEST_F(AuditChainTest, MerkleRootIsOrderFreeAndSeesEveryLeaf) {
  std::vector<ChainLeaf> leaves;
  for (int i = 0; i < 7; ++i) {
    leaves.push_back({"TWS-26-00000" + std::to_string(i), i + 1, std::string(32, char('A' + i))});
  }
  const std::string root = MerkleRoot(leaves);
  EXPECT_EQ(root.size(), 32u);
  auto shuffled = leaves;
  std::reverse(shuffled.begin(), shuffled.end());
  EXPECT_EQ(MerkleRoot(shuffled), root);
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    auto fewer = leaves;
    fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(i));
    EXPECT_NE(MerkleRoot(fewer), root) << "leaf " << i << " removed";
    auto truncated = leaves;
    truncated[i].events -= 1;
    EXPECT_NE(MerkleRoot(truncated), root) << "leaf " << i << " truncated";
    auto rewritten = leaves;
    rewritten[i].head[0] ^= 1;
    EXPECT_NE(MerkleRoot(rewritten), root) << "leaf " << i << " rewritten";
  }
  // The last leaf repeated (the classic odd-node duplication) gives another root.
  auto repeated = leaves;
  repeated.push_back(leaves.back());
  EXPECT_NE(MerkleRoot(repeated), root);
  EXPECT_NE(MerkleRoot({}), MerkleRoot({leaves.front()}));
  EXPECT_EQ(MerkleRoot({leaves.front()}), LeafHash(leaves.front()));
}

TEST_F(AuditChainTest, CheckpointRoundTripsAndOnlyItsKeyVerifiesIt) {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  unsigned char pk2[crypto_sign_PUBLICKEYBYTES], sk2[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  crypto_sign_keypair(pk2, sk2);
  auto raw = [](const unsigned char* p, std::size_t n) {
    return std::string(reinterpret_cast<const char*>(p), n);
  };
  Checkpoint c;
  c.created_at = Instant{std::chrono::seconds(1796000000)};
  c.cases = 3;
  c.event_cutoff = 42;
  c.root = ToHex(MerkleRoot({}));
  SignCheckpoint(c, raw(sk, sizeof sk), raw(pk, sizeof pk));
  const std::string text = FormatCheckpoint(c);
  auto parsed = ParseCheckpoint(text);
  ASSERT_TRUE(parsed.has_value()) << text;
  EXPECT_EQ(FormatCheckpoint(*parsed), text);
  EXPECT_TRUE(CheckpointSignatureValid(*parsed, ToHex(raw(pk, sizeof pk))));
  EXPECT_FALSE(CheckpointSignatureValid(*parsed, ToHex(raw(pk2, sizeof pk2))));
  // Signed by another key that the file then names: refused for the key the verifier holds.
  Checkpoint forged = *parsed;
  SignCheckpoint(forged, raw(sk2, sizeof sk2), raw(pk2, sizeof pk2));
  EXPECT_FALSE(CheckpointSignatureValid(forged, ToHex(raw(pk, sizeof pk))));
  // Any edit of a signed line breaks the signature.
  Checkpoint edited = *parsed;
  edited.cases = 4;
  EXPECT_FALSE(CheckpointSignatureValid(edited, ToHex(raw(pk, sizeof pk))));
  EXPECT_FALSE(ParseCheckpoint("not a checkpoint\n").has_value());
  EXPECT_FALSE(ParseCheckpoint(text.substr(0, text.find("signature"))).has_value());
}

}  // namespace
}  // namespace tawasul::domain
