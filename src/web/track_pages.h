#pragma once
// The citizen's case page (after POST /track) and what it offers: the public history, the
// attachments with short-lived download links, and the citizen's actions (reply when asked for
// information, rate, reopen), each a form that posts back and re-renders this page. The forms
// carry the reference and a signed token (domain/case_token.h) instead of the access code, which
// is shown only once (docs/decisions.md 2026-12-04).

#include <map>
#include <string>
#include <vector>

#include "domain/case.h"
#include "http/message.h"
#include "web/page_util.h"

namespace tawasul::web {

// What to say on the case page besides the case: a success message (in an aria-live region),
// field errors by form field name, a message for the whole action, and the values typed.
struct CaseNotice {
  std::string success;
  std::string action_error;
  std::map<std::string, std::string> field_errors;
  Form typed;
};

// The case page for a citizen who proved the access code (or holds a valid token).
http::Response CasePage(const WebContext& web, const PageContext& pc,
                        const domain::CaseRecord& record,
                        const std::vector<domain::CaseEvent>& events, const CaseNotice& notice,
                        int status = 200);

}  // namespace tawasul::web
