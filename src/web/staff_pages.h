#pragma once
// The staff area's parts, registered together by RegisterStaffPages (staff_pages.cpp): the
// inbox and search there, the case page and its actions in staff_case_page.cpp.

#include <string>
#include <vector>

#include "http/problem.h"
#include "http/router.h"
#include "web/page_util.h"

namespace tawasul::web {

void RegisterStaffCasePage(http::Router& router, const WebContext& web);

// The message of a field error code in the page's language (required, invalid, unknown).
std::string StaffFieldError(domain::Language l, const std::string& code);

// Adds "<field>_error" members for each error (the message) to `d`, for the templates to show
// next to the field, and returns a list of them for the error summary.
kainjow::mustache::list StaffErrors(domain::Language l, const std::vector<http::FieldError>& errors,
                                    kainjow::mustache::data& d);

// <option> lists for selects: value, label, selected.
kainjow::mustache::list StatusOptions(domain::Language l, const std::string& selected);
kainjow::mustache::list TypeOptions(domain::Language l, const std::string& selected);
kainjow::mustache::list EntityOptions(const service::AppContext& ctx, domain::Language l,
                                      const std::string& selected);

}  // namespace tawasul::web
