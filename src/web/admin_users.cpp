// Users and roles (/admin/users): staff accounts, their role (agent, supervisor, admin,
// auditor) and entity, enabling and disabling them.
//
//   GET  /admin/users              the list, with a change form per user and the add form
//   POST /admin/users/new          add: email, name, role, entity, password (argon2id, the hash
//                                  of `tawasul user add`: service::HashPassword, on the auth pool)
//   POST /admin/users/{id}         change role, entity, name and active
//   POST /admin/users/{id}/unlock  clear failed sign-ins (an account locked by guesses)
//
// Rules (as `tawasul user add`): agents and supervisors need an existing entity, central roles
// have none; the email must look like one and be unused; the password has 10+ characters. An
// administrator cannot disable their own account or take away their own admin role (so the
// last administrator cannot lock everyone out by accident). A disabled user's sessions end at
// once: revoked (store/mfa_store.h), and Auth::Authenticate checks the active flag besides. The
// list shows each user's last sign-in (their newest session).

#include "domain/intake.h"
#include "domain/time.h"
#include "service/admin_log.h"
#include "store/mfa_store.h"
#include "web/admin_pages.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

constexpr const char* kPage = "/admin/users";
constexpr domain::Role kRoles[] = {domain::Role::kAgent, domain::Role::kSupervisor,
                                   domain::Role::kAdmin, domain::Role::kAuditor,
                                   domain::Role::kCallCentre};

std::string RoleName(domain::Role r) { return std::string(domain::ToString(r)); }

// The role choices, `selected` (a form's text, or a stored role's name) chosen.
list RoleOptions(domain::Language l, const std::string& selected) {
  list items;
  for (domain::Role r : kRoles) {
    data item;
    item.set("value", RoleName(r));
    item.set("label", Text(l, "role_" + RoleName(r)));
    item.set("selected", selected == RoleName(r));
    items.push_back(item);
  }
  return items;
}

// The role/entity rules; errors by field.
void CheckRole(const WebContext& web, const std::optional<domain::Role>& role,
               const std::string& entity, std::vector<PageFieldError>& errors) {
  auto catalogue = web.app.catalogue.Get();
  if (!role) {
    errors.push_back({"role", "adm_err_role"});
  } else if (domain::IsEntityRole(*role)) {
    if (entity.empty())
      errors.push_back({"entity", "adm_err_entity_required"});
    else if (!catalogue->FindEntity(entity))
      errors.push_back({"entity", "adm_err_entity"});
  } else if (!entity.empty()) {
    errors.push_back({"entity", "adm_err_entity_central"});
  }
}

http::Response UsersPage(const WebContext& web, PageContext pc, const service::Principal& who,
                         const http::Request& req, const Form* add,
                         const std::vector<PageFieldError>& errors, int status) {
  pc.path = kPage;
  const auto l = pc.language;
  list rows;
  const auto now = domain::Now();
  const auto last_sign_ins = web.app.store.Mfa().LastSignIns();
  const std::string zone = web.app.sla.Get()->calendar.Spec().time_zone;
  for (const auto& u : web.app.store.ListUsers()) {
    data row;
    auto last = last_sign_ins.find(u.id);
    row.set("last_sign_in", last == last_sign_ins.end() ? Text(l, "adm_never")
                                                        : FormatDateTime(last->second, l, zone));
    row.set("id", std::to_string(u.id));
    row.set("email", u.email);
    row.set("name", u.name);
    row.set("role", Text(l, "role_" + RoleName(u.role)));
    row.set("role_code", RoleName(u.role));
    row.set("entity", u.entity.empty() ? std::string("—") : EntityName(web.app, u.entity, l));
    row.set("active", u.active);
    row.set("locked", u.locked_until.has_value() && *u.locked_until > now);
    row.set("self", u.id == who.user.id);
    row.set("roles", RoleOptions(l, RoleName(u.role)));
    row.set("entities", AdminEntityOptions(web, l, u.entity, "adm_no_entity"));
    rows.push_back(row);
  }
  data d;
  d.set("users", rows);
  d.set("can_write", CanWrite(who));
  auto value = [&](const char* k) { return add ? FormValue(*add, k) : std::string(); };
  d.set("v_email", value("email"));
  d.set("v_name", value("name"));
  d.set("roles", RoleOptions(l, value("role").empty() ? "agent" : value("role")));
  d.set("entities", AdminEntityOptions(web, l, value("entity"), "adm_no_entity"));
  SetFieldErrors(d, l, errors);
  std::string done = req.QueryParam("done");
  if (done == "added" || done == "updated" || done == "unlocked")
    d.set("result", Text(l, "adm_user_done_" + done));
  return RenderPage(pc, "admin_users", d, "adm_users_title", status);
}

void List(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  reply(UsersPage(web, pc, *who, req, nullptr, {}, 200));
}

void Add(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, kPage)) return;
  // Pasted addresses and names often carry a no-break space: trimmed as Unicode text.
  std::string email = domain::TrimText(FormValue(form, "email"));
  std::string name = domain::TrimText(FormValue(form, "name"));
  auto role = domain::ParseStaffRole(FormValue(form, "role"));
  std::string entity = FormValue(form, "entity");
  std::string password = FormValue(form, "password");
  std::vector<PageFieldError> errors;
  if (!domain::IsPlausibleEmail(email))
    errors.push_back({"email", "adm_err_email"});
  else if (web.app.store.FindUserByEmail(email))
    errors.push_back({"email", "adm_err_email_taken"});
  if (name.size() > 200) errors.push_back({"name", "adm_err_too_long_text"});
  CheckRole(web, role, entity, errors);
  if (password.size() < 10 || password.size() > 200)
    errors.push_back({"password", "adm_err_password"});
  if (!errors.empty()) {
    reply(UsersPage(web, pc, *who, http::Request{}, &form, errors, 422));
    return;
  }
  store::NewUser user{email, "", *role, domain::IsEntityRole(*role) ? entity : "", name};
  web.auth.HashPasswordAsync(
      password, [&web, pc, who = *who, form, user, reply](std::string hash) mutable {
        if (hash.empty()) {
          reply(ErrorPage(pc, 503, "busy", kPage));
          return;
        }
        user.password_hash = std::move(hash);
        if (!web.app.store.AddUser(user)) {
          reply(UsersPage(web, pc, who, http::Request{}, &form, {{"email", "adm_err_email_taken"}},
                          422));
          return;
        }
        service::RecordAdminChange(
            web.app, who.actor, "user", "add", user.email,
            {{"role", RoleName(user.role)}, {"entity", user.entity}, {"name", user.name}});
        reply(Redirect(std::string(kPage) + "?done=added"));
      });
}

// The user named by the path's {id}; nullopt when it is not a number or no such user.
std::optional<store::UserRecord> UserOfPath(const WebContext& web, const http::Request& req) {
  std::string_view id_text = req.PathParam("id");
  std::int64_t id = 0;
  bool ok = !id_text.empty() && id_text.size() < 16;
  for (char c : id_text) {
    if (c < '0' || c > '9')
      ok = false;
    else
      id = id * 10 + (c - '0');
  }
  return ok ? web.app.store.FindUserById(id) : std::nullopt;
}

// POST /admin/users/{id}/unlock: clears the failed sign-ins of an account locked by guesses
// (service/sign_in_guard.h).
// The admin, form and user of a POST on /admin/users/{id}, after the role and CSRF checks;
// nullopt when a reply (redirect, 403, 404) was already sent.
struct UserPost {
  PageContext pc;
  service::Principal who;
  Form form;
  store::UserRecord user;
};
std::optional<UserPost> ReadUserPost(const WebContext& web, const http::Request& req,
                                     const http::Reply& reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return std::nullopt;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, kPage)) return std::nullopt;
  auto user = UserOfPath(web, req);
  if (!user) {
    reply(ErrorPage(pc, 404, "adm_user_unknown", kPage));
    return std::nullopt;
  }
  return UserPost{std::move(pc), std::move(*who), std::move(form), std::move(*user)};
}

// POST /admin/users/{id}/unlock: clears the failed sign-ins of an account locked by guesses
// (service/sign_in_guard.h).
void Unlock(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto post = ReadUserPost(web, req, reply);
  if (!post) return;
  web.app.store.ResetLoginFailures(post->user.id);
  service::RecordAdminChange(web.app, post->who.actor, "user", "unlock", post->user.email,
                             nlohmann::json::object());
  reply(Redirect(std::string(kPage) + "?done=unlocked#user-" + std::to_string(post->user.id)));
}

void Change(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto post = ReadUserPost(web, req, reply);
  if (!post) return;
  const auto& pc = post->pc;
  const auto* who = &post->who;
  const auto& form = post->form;
  const auto* user = &post->user;
  std::optional<domain::Role> role = FormValue(form, "role").empty()
                                         ? std::optional(user->role)
                                         : domain::ParseStaffRole(FormValue(form, "role"));
  std::string entity = FormValue(form, "entity");
  if (role && !domain::IsEntityRole(*role)) entity.clear();
  std::string active_text = FormValue(form, "active");
  bool active = active_text.empty() ? user->active : active_text == "1";
  std::string name = domain::TrimText(FormValue(form, "name"));
  if (name.empty()) name = user->name;
  std::vector<PageFieldError> errors;
  CheckRole(web, role, entity, errors);
  if (user->id == who->user.id && (!active || role != domain::Role::kAdmin))
    errors.push_back({"role", "adm_err_self"});
  if (!errors.empty()) {
    reply(ErrorPage(pc, 422, errors.front().key, kPage));
    return;
  }
  if (!web.app.store.UpdateUser(user->id, *role, entity, name, active)) {
    reply(ErrorPage(pc, 404, "adm_user_unknown", kPage));
    return;
  }
  // Disabling ends the sessions for good (Authenticate also refuses an inactive user's, but a
  // re-enabled account must sign in again).
  if (!active) web.app.store.Mfa().RevokeUserSessions(user->id, domain::Now());
  service::RecordAdminChange(
      web.app, who->actor, "user", "change", user->email,
      {{"role", RoleName(*role)}, {"entity", entity}, {"name", name}, {"active", active}});
  reply(Redirect(std::string(kPage) + "?done=updated#user-" + std::to_string(user->id)));
}

}  // namespace

void RegisterAdminUserPages(http::Router& router, const WebContext& web) {
  using http::Method;
  router.Add(Method::kGet, "/admin/users",
             [&web](const http::Request& req, http::Reply reply) { List(web, req, reply); });
  router.Add(Method::kPost, "/admin/users/new",
             [&web](const http::Request& req, http::Reply reply) { Add(web, req, reply); });
  router.Add(Method::kPost, "/admin/users/{id}",
             [&web](const http::Request& req, http::Reply reply) { Change(web, req, reply); });
  router.Add(Method::kPost, "/admin/users/{id}/unlock",
             [&web](const http::Request& req, http::Reply reply) { Unlock(web, req, reply); });
}

}  // namespace tawasul::web
