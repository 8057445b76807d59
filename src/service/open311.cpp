// Open311 use cases (see open311.h for the invariants).

#include "service/open311.h"

#include <algorithm>
#include <memory>
#include <set>

#include "domain/reference.h"
#include "store/open311_store.h"
#include "store/open311_update_store.h"

namespace tawasul::service {

namespace {

PublicRequestView View(const domain::Catalogue& catalogue, store::PublicRequestRow row,
                       domain::Language language) {
  const bool ar = language == domain::Language::kArabic;
  PublicRequestView v;
  if (const auto* c = catalogue.FindCategory(row.category)) {
    v.service_name = ar ? c->name_ar : c->name_en;
  } else {
    v.service_name = row.category;
  }
  if (const auto* e = catalogue.FindEntity(row.entity)) {
    v.agency = ar ? e->name_ar : e->name_en;
  } else {
    v.agency = row.entity;
  }
  v.updated_at = row.submitted_at;
  for (const auto& t : {row.first_response_at, row.answered_at, row.closed_at}) {
    if (t) v.updated_at = std::max(v.updated_at, *t);
  }
  v.row = std::move(row);
  return v;
}

}  // namespace

void SubmitOpen311Request(const AppContext& ctx, domain::SubmissionInput input, std::int64_t key_id,
                          const std::string& request_id, std::function<void(SubmitOutcome)> done) {
  domain::IntakeContext intake;
  auto catalogue = ctx.catalogue.Get();  // alive while SubmitCase validates
  intake.catalogue = catalogue.get();
  intake.caller_has_api_key = true;
  SubmitCase(ctx, std::move(input), intake, request_id,
             [&ctx, key_id, done = std::move(done)](SubmitOutcome o) mutable {
               if (o.kind == SubmitOutcome::Kind::kCreated) {
                 // The key that created it may post updates to it (service/open311_updates.h).
                 std::string reference = o.reference;
                 auto shared = std::make_shared<SubmitOutcome>(std::move(o));
                 ctx.store.Open311Updates().LinkRequestKey(
                     reference, key_id, [&ctx, shared, done](bool linked) {
                       if (!linked) LogFailedWrite("open311 request key link", "not stored");
                       ctx.Complete([shared, done] { done(std::move(*shared)); });
                     });
                 return;
               }
               if (o.kind == SubmitOutcome::Kind::kInvalid) {
                 std::vector<domain::FieldError> renamed;
                 std::set<std::string> seen;
                 for (auto& e : o.errors) {
                   e.field = domain::Open311FieldName(e.field);
                   if (seen.insert(e.field).second) renamed.push_back(std::move(e));
                 }
                 o.errors = std::move(renamed);
               }
               done(std::move(o));
             });
}

std::vector<PublicRequestView> ListPublicRequests(const AppContext& ctx,
                                                  const domain::Open311Query& query,
                                                  domain::Language language) {
  auto catalogue = ctx.catalogue.Get();
  auto& reads = ctx.store.Open311();
  std::vector<PublicRequestView> out;
  if (!query.references.empty()) {
    std::set<std::string> seen;
    for (const auto& ref : query.references) {
      if (!seen.insert(ref).second) continue;
      if (auto row = reads.PublicRequest(ref)) out.push_back(View(*catalogue, *row, language));
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.row.submitted_at > b.row.submitted_at;
    });
    return out;
  }
  store::PublicRequestQuery q;
  q.from = query.from;
  q.to = query.to;
  q.category = query.service_code;
  q.open = query.open;
  q.limit = domain::kOpen311MaxResults;
  for (auto& row : reads.PublicRequests(q)) out.push_back(View(*catalogue, row, language));
  return out;
}

std::optional<PublicRequestView> FindPublicRequest(const AppContext& ctx, std::string_view id,
                                                   domain::Language language) {
  auto ref = domain::ParseReference(id);
  if (!ref) return std::nullopt;
  auto row = ctx.store.Open311().PublicRequest(domain::FormatReference(*ref));
  if (!row) return std::nullopt;
  return View(*ctx.catalogue.Get(), std::move(*row), language);
}

}  // namespace tawasul::service
