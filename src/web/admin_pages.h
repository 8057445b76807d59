#pragma once
// Administration pages (/admin/): shared pieces of the admin_*.cpp page modules.
//
// Access (DESIGN.md §1): central administrators may read and change everything here; auditors
// may read every admin page (forms hidden, and a POST is refused with 403); any other staff
// member gets the 403 page; nobody signed in is sent to /login.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "web/site.h"

namespace tawasul::web {

// The admin gate: the signed-in staff member when they may see (write=false) or change
// (write=true) administration; otherwise replies (redirect to /login, or the 403 page) and
// returns nullopt.
std::optional<service::Principal> RequireAdmin(const WebContext& web, const http::Request& req,
                                               PageContext& pc, const http::Reply& reply,
                                               bool write);

// True when the principal may change administration (central administrator).
bool CanWrite(const service::Principal& who);

// One field error for a page form: the field's name and the message key (strings.admin.json).
struct PageFieldError {
  std::string field;
  std::string key;
};

// How a log shows an actor: a staff member's email for "user:<id>" (looked up once per page in
// `seen`), anything else ("citizen", "system") as it is.
std::string ShownActor(const WebContext& web, const std::string& actor,
                       std::map<std::string, std::string>& seen);

// `text` cut to at most `bytes` (on a character boundary) with "…" when it was longer.
std::string Shorten(const std::string& text, std::size_t bytes);

// The ?page= of a paged list: a positive number, 1 when absent or malformed.
int PageNumber(const http::Request& req);

// The entity <option>s of an admin form (value, label "name (CODE)", selected), after a first
// option with the value "" labelled by the text `empty_key` (nullptr: no such option).
kainjow::mustache::list AdminEntityOptions(const WebContext& web, domain::Language l,
                                           const std::string& selected, const char* empty_key);
// Sets "err_<field>" to the message of each error in `d` (for the field-error paragraphs).
void SetFieldErrors(kainjow::mustache::data& d, domain::Language l,
                    const std::vector<PageFieldError>& errors);

// Page modules of the administration (one file each), registered by RegisterAdminPages.
void RegisterAdminCalendarPages(http::Router& router, const WebContext& web);   // admin_calendar
void RegisterAdminTemplatePages(http::Router& router, const WebContext& web);   // admin_templates
void RegisterAdminUserPages(http::Router& router, const WebContext& web);       // admin_users
void RegisterAdminTargetPages(http::Router& router, const WebContext& web);     // admin_targets
void RegisterAdminAuditPages(http::Router& router, const WebContext& web);      // admin_audit
void RegisterAdminCataloguePages(http::Router& router, const WebContext& web);  // admin_catalogue
void RegisterAdminServicePages(http::Router& router, const WebContext& web);    // admin_services
void RegisterAdminChangePages(http::Router& router, const WebContext& web);     // admin_changes
void RegisterAdminWebhookPages(http::Router& router, const WebContext& web);    // admin_webhooks
void RegisterAdminMessagePages(http::Router& router, const WebContext& web);    // admin_messages
void RegisterAdminOutboxPages(http::Router& router, const WebContext& web);     // admin_outbox
void RegisterAdminNewsPages(http::Router& router, const WebContext& web);       // admin_news
void RegisterAdminApiKeyPages(http::Router& router, const WebContext& web);     // admin_api_keys
void RegisterAdminSurveyPages(http::Router& router, const WebContext& web);     // admin_surveys

}  // namespace tawasul::web
