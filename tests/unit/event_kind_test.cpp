// Event kinds: the enum inside the program, the unchanged names at the edges (event_kind.h).

#include "domain/event_kind.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "domain/case.h"
#include "domain/lifecycle.h"

namespace tawasul::domain {
namespace {

TEST(EventKindTest, EveryKindRoundTripsThroughItsName) {
  std::set<std::string_view> names;
  for (int i = 0; i < kEventKindCount; ++i) {
    const auto kind = static_cast<EventKind>(i);
    if (kind == EventKind::kOther) continue;
    const std::string_view name = ToString(kind);
    EXPECT_FALSE(name.empty()) << i;
    EXPECT_TRUE(names.insert(name).second) << name << " named twice";
    EXPECT_EQ(ParseEventKind(name), kind) << name;
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(kEventKindCount - 1));
}

TEST(EventKindTest, NamesAreThoseInTheDatabase) {
  // Stored in case_events.kind and hashed into the chain: renaming one breaks old histories.
  EXPECT_EQ(ToString(EventKind::kReceived), "received");
  EXPECT_EQ(ToString(EventKind::kRequestInfo), "request_info");
  EXPECT_EQ(ToString(EventKind::kCitizenReply), "citizen_reply");
  EXPECT_EQ(ToString(EventKind::kInfoTimeout), "info_timeout");
  EXPECT_EQ(ToString(EventKind::kClose), "close");
  EXPECT_EQ(ToString(EventKind::kBreached), "breached");
  EXPECT_EQ(ToString(EventKind::kEscalated), "escalated");
  EXPECT_EQ(ToString(EventKind::kDueRecomputed), "due_recomputed");
}

TEST(EventKindTest, UnknownNamesAreRefused) {
  for (const char* name : {"", "other", "Reply", "reply ", " reply", "auto_close", "breach",
                           "escalation", "due-recomputed", "received\n"}) {
    EXPECT_EQ(ParseEventKind(name), std::nullopt) << '"' << name << '"';
  }
  EXPECT_EQ(ToString(EventKind::kOther), "");
}

TEST(EventKindTest, AnUnknownStoredNameIsKeptAsItWas) {
  CaseEvent e;
  SetKindName(e, "escalated_twice");  // a newer version's kind, read by this one
  EXPECT_EQ(e.kind, EventKind::kOther);
  EXPECT_EQ(KindName(e), "escalated_twice");
  SetKindName(e, "reply");
  EXPECT_EQ(e.kind, EventKind::kReply);
  EXPECT_EQ(e.other_kind, "");
  EXPECT_EQ(KindName(e), "reply");
}

TEST(EventKindTest, TheHashChainSeesTheStoredName) {
  CaseEvent known;
  known.kind = EventKind::kNote;
  CaseEvent read;
  SetKindName(read, "note");
  EXPECT_EQ(EventHash("", "26-0000001-1", known), EventHash("", "26-0000001-1", read));
  CaseEvent unknown;
  SetKindName(unknown, "memo");
  EXPECT_NE(EventHash("", "26-0000001-1", known), EventHash("", "26-0000001-1", unknown));
}

TEST(EventKindTest, ActionsAreNamedAfterTheirEvents) {
  for (int i = 0; i < kActionKindCount; ++i) {
    const auto action = static_cast<ActionKind>(i);
    if (action == ActionKind::kAutoClose) {
      EXPECT_EQ(ToString(action), "auto_close");
      EXPECT_EQ(EventOf(action), EventKind::kClose);
      continue;
    }
    EXPECT_EQ(ToString(action), ToString(EventOf(action))) << i;
  }
  EXPECT_EQ(ParseStaffAction("request_info"), ActionKind::kRequestInfo);
  EXPECT_EQ(ParseStaffAction("citizen_reply"), std::nullopt);  // not a staff action
}

}  // namespace
}  // namespace tawasul::domain
