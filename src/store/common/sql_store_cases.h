#pragma once
// SqlStore's case operations, out of line to keep sql_store.h to the class and its shared
// machinery: a submission and an import through the group-commit writer, the reads of one case,
// a change to a case, the inbox, search and the scheduler's look-ups. Included at the end of
// sql_store.h only.
//
// Invariants (besides sql_store.h's):
//  * A submission is answered only after its batch's COMMIT; a full queue answers "overloaded"
//    at once and writes nothing, so the caller can say "try again" truthfully.
//  * The figure deltas of a write are added after every statement that could fail.
//  * A read of a case with its events, the inbox and a search each run in one snapshot.

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "store/common/sql_store.h"

namespace tawasul::store::common {

template <class Q, class Conn>
void SqlStore<Q, Conn>::SubmitCase(NewCase nc, std::function<void(SubmitResult)> done) {
  auto result = std::make_shared<SubmitResult>();
  auto shared_case = std::make_shared<NewCase>(std::move(nc));
  // Hashing and encoding here, on the submitting thread, not on the one writer thread.
  auto prepared = std::make_shared<PreparedCase>(PrepareNewCase(*shared_case));
  bool queued = writer_->Submit(
      [this, result, shared_case, prepared](Conn& c) {
        auto [id, ref] = InsertNewCase<Q>(c, *shared_case, *prepared);
        result->id = id;
        result->reference = std::move(ref);
        // Last, after every statement that could fail (see the file comment).
        for (const auto& [k, f] : shared_case->figures) batch_figures_[k].Add(f);
      },
      [result, done](std::exception_ptr error) {
        result->ok = !error;
        if (error) result->error = DescribeError(error);
        if (error) result->outcome_unknown = IsOutcomeUnknown(error);
        done(std::move(*result));
      });
  if (!queued) {
    SubmitResult r;
    r.overloaded = true;
    r.error = "write queue full";
    done(std::move(r));
  }
}

template <class Q, class Conn>
std::vector<std::string> SqlStore<Q, Conn>::ImportCases(std::vector<NewCase> cases) {
  std::vector<std::string> refs;
  refs.reserve(cases.size());
  constexpr std::size_t kChunk = 5000;
  for (std::size_t start = 0; start < cases.size(); start += kChunk) {
    std::size_t end = std::min(cases.size(), start + kChunk);
    std::vector<std::string> chunk_refs;
    writer_->Run([&](Conn& c) {
      chunk_refs.clear();  // a retried attempt starts again
      for (std::size_t i = start; i < end; ++i) {
        chunk_refs.push_back(InsertNewCase<Q>(c, cases[i]).second);
        for (const auto& [k, f] : cases[i].figures) batch_figures_[k].Add(f);
      }
    });
    refs.insert(refs.end(), chunk_refs.begin(), chunk_refs.end());
  }
  return refs;
}

template <class Q, class Conn>
std::optional<domain::CaseRecord> SqlStore<Q, Conn>::FindCase(const std::string& reference) {
  return Read([&](Conn& c) { return FindCaseWith(c, Q::kFindCase, reference); });
}

template <class Q, class Conn>
std::optional<std::pair<domain::CaseRecord, std::vector<domain::CaseEvent>>>
SqlStore<Q, Conn>::FindCaseWithEvents(const std::string& reference) {
  return Snapshot([&](Conn& c) {
    std::optional<std::pair<domain::CaseRecord, std::vector<domain::CaseEvent>>> out;
    if (auto rec = FindCaseWith(c, Q::kFindCase, reference)) {
      auto events = ReadEvents<Q>(c, rec->id);
      out.emplace(std::move(*rec), std::move(events));
    }
    return out;
  });
}

template <class Q, class Conn>
std::vector<domain::CaseEvent> SqlStore<Q, Conn>::CaseEvents(std::int64_t case_id) {
  return Read([&](Conn& c) { return ReadEvents<Q>(c, case_id); });
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::ChangeCase(const std::string& reference, CaseDecider decide,
                                   std::function<void(ChangeResult)> done) {
  SubmitChange(
      [reference, decide = std::move(decide)](Conn& c, domain::FigureDeltas& figures) {
        return ChangeCaseTx<Q>(c, reference, decide, figures);
      },
      std::move(done));
}

template <class Q, class Conn>
InboxPage SqlStore<Q, Conn>::Inbox(const InboxQuery& query) {
  return Snapshot([&](Conn& c) { return QueryInbox<Q>(c, query); });
}

template <class Q, class Conn>
SearchResult SqlStore<Q, Conn>::Search(const SearchQuery& query) {
  SearchQuery bounded = query;
  bounded.count_cap = std::min(bounded.count_cap, search_count_cap_);
  return Snapshot([&](Conn& c) {
    Q::BeforeSearch(c);
    return SearchOn<Q>(c, bounded);
  });
}

template <class Q, class Conn>
std::vector<SearchHit> SqlStore<Q, Conn>::SimilarCases(const SimilarQuery& query) {
  return Read([&](Conn& c) { return SimilarOn<Q>(c, query); });
}

template <class Q, class Conn>
std::vector<std::string> SqlStore<Q, Conn>::DueCases(DueKind kind, domain::Instant before,
                                                     int limit) {
  return Read([&](Conn& c) { return DueReferences<Q>(c, kind, before, limit); });
}

template <class Q, class Conn>
std::vector<std::string> SqlStore<Q, Conn>::RetentionDue(domain::CaseType type,
                                                         domain::Instant closed_before, int limit) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kRetentionDue);
    st.Bind(1, std::string(domain::ToString(type))).Bind(2, Secs(closed_before)).Bind(3, limit);
    std::vector<std::string> out;
    while (st.Step()) out.push_back(st.Text(0));
    return out;
  });
}

template <class Q, class Conn>
std::vector<std::string> SqlStore<Q, Conn>::OpenCaseReferences() {
  return Read([](Conn& c) {
    auto st = c.Prepare(Q::kOpenCases);
    std::vector<std::string> out;
    while (st.Step()) out.push_back(st.Text(0));
    return out;
  });
}

template <class Q, class Conn>
std::vector<AttachmentRow> SqlStore<Q, Conn>::CaseAttachments(std::int64_t case_id) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kCaseAttachments);
    st.Bind(1, case_id);
    std::vector<AttachmentRow> out;
    while (st.Step()) {
      out.push_back(AttachmentRow{st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Int(4),
                                  st.Text(5), FromSecs(st.Int(6))});
    }
    return out;
  });
}

template <class Q, class Conn>
bool SqlStore<Q, Conn>::AttachmentReferenced(const std::string& sha256) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kAttachmentReferenced);
    st.Bind(1, sha256);
    return st.Step() && st.Int(0) != 0;
  });
}

template <class Q, class Conn>
std::vector<WorkloadRow> SqlStore<Q, Conn>::Workload(const std::string& entity,
                                                     domain::Instant now) {
  return Read([&](Conn& c) {
    auto st = c.Prepare(Q::kWorkload);
    if (entity.empty()) {
      st.BindNull(1);
    } else {
      st.Bind(1, entity);
    }
    st.Bind(2, Secs(now));
    std::vector<WorkloadRow> out;
    while (st.Step()) out.push_back({st.Int(0), st.Text(1), st.Text(2), st.Int(3), st.Int(4)});
    return out;
  });
}

}  // namespace tawasul::store::common
