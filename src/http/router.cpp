// Router: a linear scan over a few dozen routes, preferring the match with the most literal
// segments. At this size a scan is faster than a trie and much simpler; revisit past ~200 routes.

#include "http/router.h"

namespace tawasul::http {

namespace {
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    if (i >= path.size()) break;
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    parts.push_back(path.substr(i, j - i));
    i = j;
  }
  return parts;
}
}  // namespace

void Router::Add(Method method, std::string pattern, Handler handler) {
  Route r;
  r.method = method;
  r.pattern = pattern;
  for (auto part : SplitPath(pattern)) {
    if (part == "*") {
      r.wildcard = true;
      break;
    }
    if (part.front() != '{') ++r.literal_count;
    r.segments.emplace_back(part);
  }
  r.handler = std::move(handler);
  routes_.push_back(std::move(r));
}

bool Router::MatchSegments(const Route& route, const std::vector<std::string_view>& parts,
                           std::vector<std::pair<std::string, std::string>>* params) {
  if (route.wildcard ? parts.size() < route.segments.size() : parts.size() != route.segments.size())
    return false;
  for (std::size_t i = 0; i < route.segments.size(); ++i) {
    const std::string& seg = route.segments[i];
    if (seg.front() == '{') {
      if (params) {
        // Split first, decode after: an encoded '/' (%2F) stays inside its parameter.
        std::string value;
        if (!PercentDecode(parts[i], value, false)) value = std::string(parts[i]);
        params->emplace_back(seg.substr(1, seg.size() - 2), std::move(value));
      }
    } else if (seg != parts[i]) {
      return false;
    }
  }
  return true;
}

Router::Match Router::Find(Request& request) const {
  auto parts = SplitPath(request.raw_path.empty() ? request.path : request.raw_path);
  Match best;
  int best_literals = -1;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const Route& r = routes_[i];
    if (!MatchSegments(r, parts, nullptr)) continue;
    bool method_ok =
        r.method == request.method || (request.method == Method::kHead && r.method == Method::kGet);
    if (!method_ok) {
      best.path_known = true;
      continue;
    }
    if (r.literal_count > best_literals) {
      best_literals = r.literal_count;
      best.handler = &r.handler;
      best.route_index = static_cast<int>(i);
    }
  }
  if (best.handler) {
    request.path_params.clear();
    MatchSegments(routes_[best.route_index], parts, &request.path_params);
  } else if (!best.path_known && not_found_) {
    best.handler = &not_found_;
  }
  return best;
}

}  // namespace tawasul::http
