#pragma once
// The router maps (method, path) to a handler. Patterns are literal segments and "{name}"
// parameters ("/api/v1/cases/{reference}/actions"); a trailing "/*" matches any rest (static
// files). Literal segments win over parameters. Empty segments are ignored, so "/staff" and
// "/staff/" are one path (two patterns differing only so would tie; the route-table test refuses
// it). Routes are added before the server starts and never change afterwards, so matching takes
// no lock.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace tawasul::http {

class Router {
 public:
  // Registers a handler. `pattern` also names the route in metrics and logs.
  void Add(Method method, std::string pattern, Handler handler);

  struct Match {
    const Handler* handler = nullptr;  // null: no route
    int route_index = -1;              // index for metrics; -1 when unmatched
    bool path_known = false;           // the path exists for another method (405, not 404)
  };
  // Finds the route for a request and fills request.path_params. A path no route knows goes to
  // the not-found handler when one is set (route_index -1), else no handler (404).
  Match Find(Request& request) const;
  // The handler of paths no route knows (e.g. an HTML page for browsers); 405s are unaffected.
  void SetNotFound(Handler handler) { not_found_ = std::move(handler); }

  // The routes in the order they were added (read-only; metrics and the route-table test).
  std::size_t RouteCount() const { return routes_.size(); }
  const std::string& RouteName(int index) const { return routes_[index].pattern; }
  Method RouteMethod(int index) const { return routes_[index].method; }

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;
    bool wildcard = false;
    int literal_count = 0;
    Handler handler;
  };
  static bool MatchSegments(const Route& route, const std::vector<std::string_view>& parts,
                            std::vector<std::pair<std::string, std::string>>* params);
  std::vector<Route> routes_;
  Handler not_found_;
};

}  // namespace tawasul::http
