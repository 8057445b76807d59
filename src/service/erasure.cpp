// Erasure and retention (erasure.h).

#include "service/erasure.h"

#include <filesystem>
#include <future>
#include <set>

#include <spdlog/spdlog.h>

#include "domain/submission_digest.h"
#include "service/attachments.h"

namespace tawasul::service {

ErasureOutcome EraseCase(store::Store& store, const AttachmentFiles* files,
                         const std::string& reference, const std::string& actor,
                         const std::string& reason, domain::Instant now) {
  ErasureOutcome out;
  auto found = store.FindCaseWithEvents(reference);
  if (!found) {
    out.result = ErasureOutcome::Result::kNotFound;
    return out;
  }
  // What was erased before, and the files to remove after the commit. Both are read before the
  // write: nothing adds an erasure or an attachment to a closed case in between (a reopened
  // case is refused by the decider, which reads the row inside the transaction).
  const std::set<std::string> already = domain::ErasedFields(found->second);
  std::vector<std::string> shas;
  for (const auto& a : store.CaseAttachments(found->first.id)) shas.push_back(a.sha256);

  auto decision = std::make_shared<domain::ErasureDecision>(domain::ErasureDecision::kNotClosed);
  std::promise<store::ChangeResult> done;
  auto result = done.get_future();
  store.ChangeCase(
      reference,
      [already, actor, reason, now, decision](const domain::CaseRecord& current) {
        return domain::ErasureChange(current, already, actor, reason, now, *decision);
      },
      [&done](store::ChangeResult r) { done.set_value(std::move(r)); });
  store::ChangeResult r = result.get();
  if (r.overloaded) {
    out.result = ErasureOutcome::Result::kOverloaded;
    return out;
  }
  if (!r.found) {
    out.result = ErasureOutcome::Result::kNotFound;
    return out;
  }
  if (!r.ok) {
    out.result = ErasureOutcome::Result::kFailed;
    out.error = r.error;
    return out;
  }
  if (*decision == domain::ErasureDecision::kNotClosed) {
    out.result = ErasureOutcome::Result::kNotClosed;
    return out;
  }
  out.result = *decision == domain::ErasureDecision::kAlreadyErased
                   ? ErasureOutcome::Result::kAlreadyErased
                   : ErasureOutcome::Result::kErased;
  if (out.result == ErasureOutcome::Result::kErased) {
    for (const auto& f : domain::ErasedFields(r.events)) {
      if (already.count(f) == 0) out.fields.push_back(f);
    }
  }
  if (files != nullptr) {
    for (const auto& sha : shas) {
      if (store.AttachmentReferenced(sha)) continue;
      std::error_code ec;
      if (std::filesystem::remove(files->PathOf(sha), ec)) out.files_removed++;
    }
  }
  return out;
}

RetentionReport RunRetention(store::Store& store, const AttachmentFiles* files,
                             const domain::RetentionPolicy& policy, domain::Instant now, int batch,
                             bool dry_run) {
  RetentionReport report;
  for (const auto& [type, years] : policy.years) {
    if (years <= 0) continue;
    auto refs = store.RetentionDue(type, domain::RetentionCutoff(now, years), batch);
    if (static_cast<int>(refs.size()) >= batch) report.more = true;
    if (dry_run) {
      report.due[type] = std::move(refs);
      continue;
    }
    std::int64_t& erased = report.erased[type];
    for (const auto& ref : refs) {
      auto o = EraseCase(store, files, ref, "system", "retention", now);
      using R = ErasureOutcome::Result;
      if (o.result == R::kErased || o.result == R::kAlreadyErased) {
        erased++;
      } else {
        // A case reopened meanwhile is no longer closed: it is simply not due. Anything else
        // is reported (the reference only: no personal data in logs).
        if (o.result != R::kNotClosed && o.result != R::kNotFound) {
          report.failed++;
          spdlog::warn("retention: case {} not erased{}{}", ref, o.error.empty() ? "" : ": ",
                       o.error);
        }
      }
    }
  }
  return report;
}

}  // namespace tawasul::service
