#pragma once
// SqlStore's e-services catalogue operations (store/eservice_store.h), once for both backends.
// Included at the end of sql_store.h only. Sets are stored as '|'-joined codes
// (domain::JoinCodes), so a row reads back equal to what was written.

#include "store/common/sql_store.h"

namespace tawasul::store::common {

template <class Q, class Conn>
std::vector<domain::EService> SqlStore<Q, Conn>::LoadEServices() {
  return Read([](Conn& c) {
    std::vector<domain::EService> out;
    auto st = c.Prepare(Q::kLoadEServices);
    while (st.Step()) {
      domain::EService s;
      s.code = st.Text(0);
      s.entity = st.Text(1);
      s.name_ar = st.Text(2);
      s.name_en = st.Text(3);
      s.url = st.Text(4);
      s.description_ar = st.Text(5);
      s.description_en = st.Text(6);
      s.audience_ar = st.Text(7);
      s.audience_en = st.Text(8);
      s.fees_ar = st.Text(9);
      s.fees_en = st.Text(10);
      s.time_ar = st.Text(11);
      s.time_en = st.Text(12);
      s.channels = domain::SplitCodes(st.Text(13));
      s.life_events = domain::SplitCodes(st.Text(14));
      s.categories = domain::SplitCodes(st.Text(15));
      s.keywords = st.Text(16);
      s.active = st.Int(17) != 0;
      out.push_back(std::move(s));
    }
    return out;
  });
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::SaveEServices(const std::vector<domain::EService>& services) {
  writer_->Run([&](Conn& c) {
    for (const auto& s : services) {
      c.Prepare(Q::kUpsertEService)
          .Bind(1, s.code)
          .Bind(2, s.entity)
          .Bind(3, s.name_ar)
          .Bind(4, s.name_en)
          .Bind(5, s.url)
          .Bind(6, s.description_ar)
          .Bind(7, s.description_en)
          .Bind(8, s.audience_ar)
          .Bind(9, s.audience_en)
          .Bind(10, s.fees_ar)
          .Bind(11, s.fees_en)
          .Bind(12, s.time_ar)
          .Bind(13, s.time_en)
          .Bind(14, domain::JoinCodes(s.channels))
          .Bind(15, domain::JoinCodes(s.life_events))
          .Bind(16, domain::JoinCodes(s.categories))
          .Bind(17, s.keywords)
          .Bind(18, s.active ? 1 : 0)
          .Run();
    }
    Q::AfterConfigChange(c);
  });
}

template <class Q, class Conn>
void SqlStore<Q, Conn>::RecordUsefulVote(const std::string& code, const std::string& day,
                                         bool useful) {
  writer_->Run([&](Conn& c) {
    c.Prepare(Q::kAddUsefulVote)
        .Bind(1, code)
        .Bind(2, day)
        .Bind(3, useful ? 1 : 0)
        .Bind(4, useful ? 0 : 1)
        .Run();
  });
}

template <class Q, class Conn>
std::map<std::string, domain::UsefulCounts> SqlStore<Q, Conn>::UsefulTotals() {
  return Read([](Conn& c) {
    std::map<std::string, domain::UsefulCounts> out;
    auto st = c.Prepare(Q::kUsefulTotals);
    while (st.Step()) out[st.Text(0)] = {st.Int(1), st.Int(2)};
    return out;
  });
}

}  // namespace tawasul::store::common
