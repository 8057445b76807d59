#pragma once
// What a change to a case came to, for every use case that changes one (a staff or citizen
// action, a suggestion outcome): whether the case was found and the change stored, the domain's
// decision, and the case as it now stands. One completion turns the store's result into it, so
// every change logs a failed write and leaves the store's completion thread the same way.

#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "domain/case.h"
#include "service/case_service.h"
#include "service/context.h"
#include "store/store.h"

namespace tawasul::service {

template <class Decision>
struct ChangeOutcome {
  bool found = false;
  bool stored = false;      // the store committed (false: infrastructure failure)
  bool overloaded = false;  // not stored because the write queue was full (retry shortly)
  Decision decision;        // outcome kOk when applied
  domain::CaseRecord record;
  std::vector<domain::CaseEvent> events;
};

// The store's completion for a change whose decider fills `*decision`: hops off the store's
// thread (AppContext::Complete), logs a failed write as `what`, and hands `done` the outcome.
template <class Decision>
std::function<void(store::ChangeResult)> CompleteChange(
    const AppContext& ctx, const char* what, std::shared_ptr<Decision> decision,
    std::function<void(ChangeOutcome<Decision>)> done) {
  return
      [&ctx, what, decision = std::move(decision), done = std::move(done)](store::ChangeResult r) {
        ctx.Complete([what, decision, done, r = std::move(r)]() mutable {
          ChangeOutcome<Decision> out;
          out.found = r.found;
          out.stored = r.ok;
          out.overloaded = r.overloaded;
          if (r.found && !r.ok && !r.overloaded) LogFailedWrite(what, r.error);
          out.decision = std::move(*decision);
          out.record = std::move(r.record);
          out.events = std::move(r.events);
          done(std::move(out));
        });
      };
}

}  // namespace tawasul::service
