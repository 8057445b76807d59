#pragma once
// The messages of one case as the pages show them (issue 15): the staff case page lists every
// message (channel, masked recipient, time, status); the citizen's tracking page lists those
// sent to the citizen ("we sent you an SMS at …"). Addresses are never shown whole.

#include <string>

#include "web/site.h"

namespace tawasul::web {

// Sets "messages" (a list: channel, recipient, at, status, status_code, kind) and
// "has_messages" in `d`. `citizen_only`: only the messages to the citizen. `show_citizen`:
// false hides even the masked address (an anonymous case seen by the entity's staff).
void SetCaseMessages(kainjow::mustache::data& d, const WebContext& web,
                     const std::string& reference, domain::Language language,
                     const std::string& zone, bool citizen_only, bool show_citizen = true);

}  // namespace tawasul::web
