#pragma once
// News and announcements with threaded, moderated public comments (issue 19, item 1;
// docs/news.md): the pure rules. No I/O: the store keeps the rows, the service applies these.
//
// Invariants:
//  * A news item is bilingual: title, summary and Markdown body in Arabic and in English, all
//    required and bounded (CheckNewsItem). Its comment mode is open, pre-moderated or closed.
//  * A comment's depth is 1 (on the item) to kMaxCommentDepth; a reply is one level below its
//    parent, and a reply to a comment at the deepest level is refused (ReplyDepth), never
//    silently re-attached elsewhere (docs/decisions.md).
//  * Only a published comment may be replied to or reported.
//  * A comment reported by kDefaultReportThreshold (an option) distinct reporters is hidden
//    until a moderator decides (HiddenByReports); a moderator's restore starts the count afresh.
//  * Display names and texts are bounded, valid UTF-8, without control or bidirectional override
//    characters (which could disguise text); CheckComment names each bad field.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/language.h"
#include "domain/time.h"

namespace tawasul::domain {

enum class CommentMode { kOpen, kPreModerated, kClosed };
std::string_view ToString(CommentMode m);  // open | premoderated | closed
std::optional<CommentMode> ParseCommentMode(std::string_view s);

// published: shown; pending: awaits a moderator (pre-moderated items); reported: hidden after
// enough reports until a moderator decides; hidden: hidden by a moderator (with a reason).
enum class CommentState { kPublished, kPending, kReported, kHidden };
std::string_view ToString(CommentState s);
std::optional<CommentState> ParseCommentState(std::string_view s);

inline constexpr int kMaxCommentDepth = 3;
inline constexpr int kDefaultReportThreshold = 3;
inline constexpr std::size_t kMaxDisplayNameChars = 60;
inline constexpr std::size_t kMaxCommentChars = 2000;
inline constexpr std::size_t kMaxNewsTitleChars = 200;
inline constexpr std::size_t kMaxNewsSummaryChars = 500;
inline constexpr std::size_t kMaxNewsBodyChars = 20000;

struct NewsItem {
  std::int64_t id = 0;
  std::string entity;  // "" : the portal's own (central administration)
  std::string title_ar, title_en;
  std::string summary_ar, summary_en;
  std::string body_ar, body_en;  // Markdown
  bool published = false;
  CommentMode comment_mode = CommentMode::kOpen;
  Instant created_at{};
  Instant updated_at{};
  Instant published_at{};     // first publication (the list's order); epoch when never published
  std::int64_t comments = 0;  // published comments (read models only)
};

struct NewsComment {
  std::int64_t id = 0;
  std::int64_t item_id = 0;
  std::int64_t parent_id = 0;  // 0: on the item itself
  int depth = 1;
  std::string name;
  std::string text;
  CommentState state = CommentState::kPublished;
  std::string hide_reason;  // a kHideReasons code when hidden by a moderator
  int reports = 0;          // reports counted since it was last published by a moderator
  Instant created_at{};
};

// Why a reader reports a comment, and why a moderator hides one.
const std::vector<std::string_view>& ReportReasons();  // spam, offensive, off_topic
const std::vector<std::string_view>& HideReasons();    // spam, offensive, off_topic, personal_data

struct NewsFieldError {
  std::string field;
  std::string code;  // required | too_long | invalid_characters | too_deep | not_found | ...
};

// Number of Unicode characters (code points) of valid UTF-8.
std::size_t CharCount(std::string_view s);
// True when `s` holds a C0/C1 control other than tab, LF, CR (those only when `multiline`) or a
// bidirectional embedding, override or isolate (U+202A..U+202E, U+2066..U+2069).
bool HasForbiddenCharacters(std::string_view s, bool multiline);

// Every bad field of an item (titles, summaries, bodies in both languages), in form order.
std::vector<NewsFieldError> CheckNewsItem(const NewsItem& item);
// Every bad field of a comment: `name` and `text` (already trimmed).
std::vector<NewsFieldError> CheckComment(std::string_view name, std::string_view text);

// The depth of a reply to a comment at `parent_depth` (0: no parent, a comment on the item);
// nullopt when the parent is at the deepest level already.
std::optional<int> ReplyDepth(int parent_depth);

// True when `reports` reach `threshold` (threshold <= 0: reports never hide).
bool HiddenByReports(int reports, int threshold);

// The comments of one item as a reader sees them, in reading order: comments on the item newest
// first (or oldest first), each followed by its replies (oldest first, depth first). Pending
// comments are left out, and so is every reply under a comment that is left out; reported and
// hidden comments stay in place (the page shows a notice instead of their text), so that the
// replies under them keep their context.
std::vector<const NewsComment*> ThreadOrder(const std::vector<NewsComment>& comments,
                                            bool newest_first);

// The elapsed time from `then` to `now` in words: "قبل ساعتين" / "2 hours ago", with Arabic
// dual and plural forms (دقيقة، دقيقتين، ٣ دقائق، ١١ دقيقة) and Arabic-Indic digits in Arabic.
// Under a minute (or a time in the future): "الآن" / "just now".
std::string ElapsedWords(std::int64_t seconds, Language language);

}  // namespace tawasul::domain
