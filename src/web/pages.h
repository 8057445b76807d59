#pragma once
// The first public pages (DESIGN.md §4): home, submit, track — server-rendered from the
// embedded mustache templates of web/templates, Arabic by default, working without JavaScript.

#include "http/router.h"
#include "web/page_util.h"

namespace tawasul::web {

class Pages {
 public:
  // The web context's `lookups` is shared with the JSON API, so failed look-ups are limited
  // across both.
  explicit Pages(const WebContext& web);
  void Register(http::Router& router);

  void Home(const http::Request& req, http::Reply reply);
  void SubmitForm(const http::Request& req, http::Reply reply);
  void SubmitPost(const http::Request& req, http::Reply reply);
  void TrackForm(const http::Request& req, http::Reply reply);
  void TrackPost(const http::Request& req, http::Reply reply);
  void Static(const http::Request& req, http::Reply reply);

 private:
  const WebContext& web_;
  const service::AppContext& ctx_;
  http::RateLimiter& lookups_;
};

}  // namespace tawasul::web
