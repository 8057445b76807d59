#pragma once
// News items and their public comments (issue 19, item 1; docs/news.md), a capability beside
// `Store` (reached through Store::News()), so that the many files including store.h do not
// rebuild for operations only the news pages use.
//
// Invariants: an item's published_at is set the first time it is published and kept after (the
// list's order does not move when an item is edited or unpublished and published again). A
// report is counted once per (comment, reporter) — `reporter` is a keyed hash, never an address
// — and the count and the state change in one transaction, so N reports from N reporters hide a
// published comment exactly once. Restoring a comment (state published) starts its count afresh
// while the earlier reporters stay recorded (they cannot report it again).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/news.h"

namespace tawasul::store {

struct NewsReportResult {
  bool found = false;    // the comment exists and is published
  bool counted = false;  // false: this reporter had reported it already
  bool hidden = false;   // this report hid it (the threshold was reached)
};

class NewsStore {
 public:
  virtual ~NewsStore() = default;
  // Inserts (item.id == 0) or updates an item; returns its id, 0 when item.id names none.
  virtual std::int64_t SaveNewsItem(const domain::NewsItem& item, domain::Instant now) = 0;
  virtual std::optional<domain::NewsItem> FindNewsItem(std::int64_t id) = 0;
  // Newest first (first publication, then id; never-published items by creation); only the
  // published ones when `published_only`; `entity` "" for every entity. With comment counts.
  virtual std::vector<domain::NewsItem> ListNews(bool published_only, const std::string& entity,
                                                 int limit, int offset) = 0;
  virtual std::int64_t CountNews(bool published_only, const std::string& entity) = 0;

  // Stores a comment as given (state, depth: checked by the caller); returns its id.
  virtual std::int64_t AddNewsComment(const domain::NewsComment& comment) = 0;
  virtual std::optional<domain::NewsComment> FindNewsComment(std::int64_t id) = 0;
  // Every comment of an item, in every state, oldest first.
  virtual std::vector<domain::NewsComment> NewsComments(std::int64_t item_id) = 0;
  // Counts a report of a published comment by `reporter` (a keyed hash); hides the comment
  // (state reported) when its count reaches `threshold` (domain::HiddenByReports).
  virtual NewsReportResult ReportNewsComment(std::int64_t id, const std::string& reporter,
                                             const std::string& reason, int threshold,
                                             domain::Instant now) = 0;
  // A moderator's decision: published (approve or restore: the report count restarts at 0) or
  // hidden with `reason`. False when there is no such comment.
  virtual bool SetNewsCommentState(std::int64_t id, domain::CommentState state,
                                   const std::string& reason) = 0;
  // Comments awaiting a moderator (pending or reported) and those hidden (to restore), newest
  // first, at most `limit`.
  virtual std::vector<domain::NewsComment> NewsModerationQueue(int limit) = 0;
};

}  // namespace tawasul::store
