// Open311 request updates (see open311_updates.h for the invariants).

#include "service/open311_updates.h"

#include "service/case_actions.h"
#include "store/open311_update_store.h"

namespace tawasul::service {

std::vector<RequestUpdateView> ListRequestUpdates(const AppContext& ctx,
                                                  const domain::Open311Window& window,
                                                  domain::Language language) {
  std::vector<RequestUpdateView> out;
  for (auto& row : ctx.store.Open311Updates().RequestUpdates(window.from, window.to,
                                                             domain::kOpen311MaxUpdates)) {
    auto status = domain::Open311UpdateStatus(row.kind);
    if (!status) continue;  // the statement lists the same kinds; kept as a second guard
    RequestUpdateView v;
    v.update_id = domain::Open311UpdateId(row.reference, row.seq);
    v.reference = std::move(row.reference);
    v.status = std::string(*status);
    v.description = std::string(domain::Open311UpdateWording(*status, language));
    v.at = row.at;
    out.push_back(std::move(v));
  }
  return out;
}

void PostRequestUpdate(const AppContext& ctx, const std::string& reference, std::int64_t key_id,
                       const std::string& text, std::function<void(UpdatePostOutcome)> done) {
  using Kind = UpdatePostOutcome::Kind;
  UpdatePostOutcome out;
  auto owner = ctx.store.Open311Updates().RequestKey(reference);
  if (!owner || *owner != key_id) {
    out.kind = Kind::kNotFound;
    return done(std::move(out));
  }
  domain::Action action;
  auto errors = BuildCitizenAction(domain::ActionKind::kCitizenReply, text, std::nullopt, action);
  if (!errors.empty()) {
    out.kind = Kind::kInvalid;
    out.field = "description";
    out.message = errors.front().message;
    return done(std::move(out));
  }
  domain::Actor citizen;
  citizen.role = domain::Role::kCitizen;
  ApplyCaseAction(ctx, reference, citizen, action, [done](ActionOutcome o) {
    UpdatePostOutcome out;
    if (!o.found) {
      out.kind = Kind::kNotFound;
    } else if (o.overloaded) {
      out.kind = Kind::kOverloaded;
    } else if (!o.stored) {
      out.kind = Kind::kFailed;
    } else if (o.decision.outcome != domain::Outcome::kOk) {
      // The lifecycle refuses a citizen's reply to a case that is no longer open.
      out.kind = Kind::kClosed;
    } else {
      out.kind = Kind::kPosted;
      for (auto it = o.events.rbegin(); it != o.events.rend(); ++it) {
        if (it->kind == domain::EventKind::kCitizenReply) {
          out.update_id = domain::Open311UpdateId(o.record.reference, it->seq);
          break;
        }
      }
    }
    done(std::move(out));
  });
}

}  // namespace tawasul::service
