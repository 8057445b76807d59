// News items and their comments: the use cases (see news.h).

#include "service/news.h"

#include <algorithm>

#include "domain/access_code.h"
#include "domain/checkpoint.h"
#include "domain/intake.h"
#include "service/admin_log.h"
#include "store/news_store.h"

namespace tawasul::service {

namespace {

bool Contains(const std::vector<std::string_view>& codes, const std::string& code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

bool MayWriteNews(const domain::Actor& who, const std::string& entity) {
  if (who.role == domain::Role::kAdmin) return true;
  return who.role == domain::Role::kSupervisor && !entity.empty() && entity == who.entity;
}

bool MayReadNewsAdmin(const domain::Actor& who) {
  return who.role == domain::Role::kAdmin || who.role == domain::Role::kSupervisor ||
         who.role == domain::Role::kAuditor;
}

bool MayModerate(const domain::Actor& who) {
  return who.role == domain::Role::kAdmin || who.role == domain::Role::kSupervisor;
}

SaveNewsOutcome SaveNews(const AppContext& ctx, const domain::Actor& who, domain::NewsItem item) {
  SaveNewsOutcome out;
  auto& news = ctx.store.News();
  if (item.id != 0) {
    auto stored = news.FindNewsItem(item.id);
    if (!stored) {
      out.not_found = true;
      return out;
    }
    if (!MayWriteNews(who, stored->entity)) {
      out.forbidden = true;
      return out;
    }
  }
  for (auto* field : {&item.title_ar, &item.title_en, &item.summary_ar, &item.summary_en,
                      &item.body_ar, &item.body_en}) {
    *field = domain::TrimText(*field);
  }
  out.errors = domain::CheckNewsItem(item);
  if (!item.entity.empty() && !ctx.catalogue.Get()->FindEntity(item.entity)) {
    out.errors.insert(out.errors.begin(), {"entity", "unknown"});
  } else if (!MayWriteNews(who, item.entity)) {
    out.errors.insert(out.errors.begin(), {"entity", "forbidden"});
  }
  if (!out.errors.empty()) return out;
  const bool is_new = item.id == 0;
  out.id = news.SaveNewsItem(item, domain::Now());
  if (out.id == 0) {
    out.not_found = true;
    return out;
  }
  RecordAdminChange(ctx, who, "news", is_new ? "add" : "change", std::to_string(out.id),
                    {{"entity", item.entity},
                     {"title_ar", item.title_ar},
                     {"title_en", item.title_en},
                     {"published", item.published},
                     {"comment_mode", std::string(domain::ToString(item.comment_mode))}});
  return out;
}

std::optional<domain::NewsItem> PublicNewsItem(const AppContext& ctx, std::int64_t id) {
  auto item = ctx.store.News().FindNewsItem(id);
  if (!item || !item->published) return std::nullopt;
  return item;
}

CommentOutcome PostComment(const AppContext& ctx, CommentInput input) {
  CommentOutcome out;
  auto item = PublicNewsItem(ctx, input.item_id);
  if (!item) {
    out.status = CommentStatus::kNoItem;
    return out;
  }
  if (item->comment_mode == domain::CommentMode::kClosed) {
    out.status = CommentStatus::kClosed;
    return out;
  }
  // The limit comes before the checks: a flood of bad requests is a flood too.
  if (ctx.news && !ctx.news->AllowComment(input.address, &out.retry_after)) {
    out.status = CommentStatus::kLimited;
    return out;
  }
  input.name = domain::TrimText(input.name);
  input.text = domain::TrimText(input.text);
  out.errors = domain::CheckComment(input.name, input.text);
  int depth = 1;
  if (input.parent_id != 0) {
    auto parent = ctx.store.News().FindNewsComment(input.parent_id);
    if (!parent || parent->item_id != item->id ||
        parent->state != domain::CommentState::kPublished) {
      out.errors.push_back({"parent", "not_found"});
    } else if (auto d = domain::ReplyDepth(parent->depth)) {
      depth = *d;
    } else {
      out.errors.push_back({"parent", "too_deep"});
    }
  }
  if (!out.errors.empty()) {
    out.status = CommentStatus::kInvalid;
    return out;
  }
  domain::NewsComment c;
  c.item_id = item->id;
  c.parent_id = input.parent_id;
  c.depth = depth;
  c.name = std::move(input.name);
  c.text = std::move(input.text);
  const bool held = item->comment_mode == domain::CommentMode::kPreModerated;
  c.state = held ? domain::CommentState::kPending : domain::CommentState::kPublished;
  c.created_at = domain::Now();
  out.id = ctx.store.News().AddNewsComment(c);
  out.status = held ? CommentStatus::kAwaitsModeration : CommentStatus::kPublished;
  return out;
}

ReportOutcome ReportComment(const AppContext& ctx, std::int64_t item_id, std::int64_t comment_id,
                            const std::string& reason, const std::string& address) {
  ReportOutcome out;
  auto comment = ctx.store.News().FindNewsComment(comment_id);
  if (!comment || comment->item_id != item_id || !PublicNewsItem(ctx, item_id)) {
    out.status = ReportStatus::kNotFound;
    return out;
  }
  if (!Contains(domain::ReportReasons(), reason)) {
    out.status = ReportStatus::kInvalid;
    return out;
  }
  if (ctx.news && !ctx.news->AllowReport(address, &out.retry_after)) {
    out.status = ReportStatus::kLimited;
    return out;
  }
  // One report per address and comment, without keeping the address: a hash keyed by the
  // server's secret, salted with the comment's id (the same address gives unrelated values on
  // two comments).
  const std::string reporter = domain::ToHex(domain::KeyedSaltedHash(
      "pepper", "tawasul news report v1", ctx.pepper, std::to_string(comment_id), address));
  const int threshold =
      ctx.news ? ctx.news->options().report_threshold : domain::kDefaultReportThreshold;
  auto r =
      ctx.store.News().ReportNewsComment(comment_id, reporter, reason, threshold, domain::Now());
  // A comment already hidden (or pending) takes no more reports; the reader is thanked alike.
  out.status = ReportStatus::kCounted;
  out.hidden = r.hidden;
  return out;
}

std::optional<ModerationAction> ParseModerationAction(const std::string& s) {
  if (s == "approve") return ModerationAction::kApprove;
  if (s == "hide") return ModerationAction::kHide;
  if (s == "restore") return ModerationAction::kRestore;
  return std::nullopt;
}

ModerationStatus Moderate(const AppContext& ctx, const domain::Actor& who, std::int64_t comment_id,
                          ModerationAction action, const std::string& reason) {
  auto& news = ctx.store.News();
  auto comment = news.FindNewsComment(comment_id);
  if (!comment) return ModerationStatus::kNotFound;
  auto item = news.FindNewsItem(comment->item_id);
  if (!item) return ModerationStatus::kNotFound;
  if (!MayModerate(who) || (who.role != domain::Role::kAdmin && item->entity != who.entity)) {
    return ModerationStatus::kForbidden;
  }
  const bool hide = action == ModerationAction::kHide;
  if (hide && !Contains(domain::HideReasons(), reason)) return ModerationStatus::kInvalid;
  auto state = hide ? domain::CommentState::kHidden : domain::CommentState::kPublished;
  if (!news.SetNewsCommentState(comment_id, state, hide ? reason : "")) {
    return ModerationStatus::kNotFound;
  }
  static constexpr const char* kActionNames[] = {"approve", "hide", "restore"};
  RecordAdminChange(ctx, who, "comment", kActionNames[static_cast<int>(action)],
                    std::to_string(comment_id),
                    {{"item", item->id},
                     {"was", std::string(domain::ToString(comment->state))},
                     {"reason", hide ? reason : ""}});
  return ModerationStatus::kDone;
}

}  // namespace tawasul::service
