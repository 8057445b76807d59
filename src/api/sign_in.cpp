// POST /api/v1/auth/login and POST /api/v1/auth/logout (docs/api.md "Staff"): staff sessions,
// handled by the sign-in service (service/auth.h) that the sign-in page shares.

#include "api/routes.h"

namespace tawasul::api {

void RegisterSignInRoutes(http::Router& router, ApiContext& api) {
  using http::Method;
  router.Add(Method::kPost, "/api/v1/auth/login",
             [&api](const http::Request& req, http::Reply reply) {
               api.auth.Login(req, std::move(reply));
             });
  router.Add(Method::kPost, "/api/v1/auth/logout",
             [&api](const http::Request& req, http::Reply reply) {
               api.auth.Logout(req, std::move(reply));
             });
}

}  // namespace tawasul::api
