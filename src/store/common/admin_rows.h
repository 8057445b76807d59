#pragma once
// The administration log (admin_changes) as rows, for both stores (templates over the backend's
// connection and SQL `Q`; see store/common/rows.h). Rows are only ever inserted: the insert runs
// inside the writer's transaction, the listing on a reading connection, newest first.

#include <cstdint>
#include <limits>
#include <vector>

#include "store/common/rows.h"
#include "store/store.h"

namespace tawasul::store::common {

template <class Q, class Conn>
void RecordAdminChangeOn(Conn& c, const AdminChange& change) {
  c.Prepare(Q::kInsertAdminChange)
      .Bind(1, Secs(change.at))
      .Bind(2, change.actor)
      .Bind(3, change.area)
      .Bind(4, change.action)
      .Bind(5, change.subject)
      .Bind(6, change.detail)
      .Run();
}

template <class Q, class Conn>
std::vector<AdminChange> AdminChangesOn(Conn& c, const AdminChangeQuery& query) {
  auto st = c.Prepare(Q::kAdminChanges);
  st.Bind(1, query.actor)
      .Bind(2, query.area)
      .Bind(3, query.from ? Secs(*query.from) : std::numeric_limits<std::int64_t>::min())
      .Bind(4, query.to ? Secs(*query.to) : std::numeric_limits<std::int64_t>::max())
      .Bind(5, query.limit)
      .Bind(6, query.offset);
  std::vector<AdminChange> out;
  while (st.Step()) {
    out.push_back(AdminChange{st.Int(0), FromSecs(st.Int(1)), st.Text(2), st.Text(3), st.Text(4),
                              st.Text(5), st.Text(6)});
  }
  return out;
}

}  // namespace tawasul::store::common
