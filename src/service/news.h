#pragma once
// News and announcements with threaded, moderated public comments (issue 19, item 1;
// docs/news.md): the use cases shared by the pages and the JSON API.
//
// Invariants:
//  * Who writes: a central administrator writes any item (of any entity, or the portal's own);
//    a supervisor writes the items of their own entity only (MayWriteNews). Both publish and
//    unpublish; auditors read the administration list; nobody else.
//  * The public sees published items only; an unpublished or unknown item is "not found".
//  * A comment is checked (domain::CheckComment, the parent: published, of the same item, not at
//    the deepest level) and stored whole or not at all. On a pre-moderated item it is stored
//    pending (shown to nobody until approved); on a closed item it is refused.
//  * Comments and reports are limited per client address (NewsBoard); a report is counted once
//    per address and comment through a keyed hash of the address (never the address itself).
//  * Every moderation decision is recorded in the administration log (area "comment"), without
//    the comment's text or name.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/lifecycle.h"
#include "domain/news.h"
#include "http/rate_limit.h"
#include "service/context.h"

namespace tawasul::service {

struct NewsOptions {
  int report_threshold = domain::kDefaultReportThreshold;  // reports that hide a comment
  double comments_per_address_per_hour = 10;               // 0: no limit
  double reports_per_address_per_hour = 30;                // 0: no limit
};

// The options and the per-address limits of the comments; one per server (AppContext::news).
class NewsBoard {
 public:
  explicit NewsBoard(NewsOptions options)
      : options_(options),
        comments_(options.comments_per_address_per_hour / 60.0,
                  options.comments_per_address_per_hour),
        reports_(options.reports_per_address_per_hour / 60.0,
                 options.reports_per_address_per_hour) {}
  const NewsOptions& options() const { return options_; }
  bool AllowComment(const std::string& address, int* retry_after_seconds) {
    return comments_.Allow(address, retry_after_seconds);
  }
  bool AllowReport(const std::string& address, int* retry_after_seconds) {
    return reports_.Allow(address, retry_after_seconds);
  }

 private:
  NewsOptions options_;
  http::RateLimiter comments_;
  http::RateLimiter reports_;
};

// May `who` write items of `entity` ("" : the portal's own)?
bool MayWriteNews(const domain::Actor& who, const std::string& entity);
// May `who` see the administration list and the moderation queue (write or read only)?
bool MayReadNewsAdmin(const domain::Actor& who);
// May `who` moderate comments? Central administrators and supervisors.
bool MayModerate(const domain::Actor& who);

struct SaveNewsOutcome {
  std::int64_t id = 0;
  bool forbidden = false;                      // not this writer's entity (or the stored item's)
  bool not_found = false;                      // item.id names no item
  std::vector<domain::NewsFieldError> errors;  // non-empty: nothing stored
};
// Checks and stores an item (new when item.id == 0), then records it in the administration log.
SaveNewsOutcome SaveNews(const AppContext& ctx, const domain::Actor& who, domain::NewsItem item);

// A published item, or nullopt (unknown or unpublished).
std::optional<domain::NewsItem> PublicNewsItem(const AppContext& ctx, std::int64_t id);

enum class CommentStatus { kPublished, kAwaitsModeration, kNoItem, kClosed, kLimited, kInvalid };
struct CommentOutcome {
  CommentStatus status = CommentStatus::kInvalid;
  std::int64_t id = 0;
  int retry_after = 0;                         // kLimited
  std::vector<domain::NewsFieldError> errors;  // kInvalid: name, text, parent
};
struct CommentInput {
  std::int64_t item_id = 0;
  std::int64_t parent_id = 0;  // 0: on the item
  std::string name;            // trimmed by PostComment
  std::string text;
  std::string address;  // the client's address (rate limit only; never stored)
};
CommentOutcome PostComment(const AppContext& ctx, CommentInput input);

enum class ReportStatus { kCounted, kNotFound, kLimited, kInvalid };
struct ReportOutcome {
  ReportStatus status = ReportStatus::kInvalid;
  bool hidden = false;  // this report hid the comment
  int retry_after = 0;
};
// A reader's report of a published comment of item `item_id` with one of
// domain::ReportReasons(). A second report from the same address is answered as counted (the
// reader is not told) and changes nothing.
ReportOutcome ReportComment(const AppContext& ctx, std::int64_t item_id, std::int64_t comment_id,
                            const std::string& reason, const std::string& address);

enum class ModerationAction { kApprove, kHide, kRestore };
std::optional<ModerationAction> ParseModerationAction(const std::string& s);
enum class ModerationStatus { kDone, kNotFound, kForbidden, kInvalid };
// A moderator's decision on a comment: a central administrator on any, a supervisor on those of
// their entity's items. `reason` (one of domain::HideReasons()) is required to hide (else
// kInvalid) and ignored otherwise.
ModerationStatus Moderate(const AppContext& ctx, const domain::Actor& who, std::int64_t comment_id,
                          ModerationAction action, const std::string& reason);

}  // namespace tawasul::service
