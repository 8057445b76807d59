#pragma once
// Who sees a citizen's contact details, and how (issue 21 item 7, docs/design.md §7). Staff who
// answer cases need the contact; an auditor reads everything to check the work, not to reach
// the citizen, so the auditor sees it masked; exports are masked unless an administrator asks
// for the contact explicitly (`tawasul export --include-contact`, recorded).
//
// Invariants:
//  * An anonymous case's identity is hidden from entity staff (agents, supervisors, call-centre
//    staff), as before: kNone.
//  * A masked contact never holds more than the first character of the name, the first
//    character and the domain of the email, and the country code and last four digits of the
//    phone (MaskEmail, MaskPhone of notifications.h); an empty field stays empty.

#include <string>

#include "domain/case.h"
#include "domain/lifecycle.h"

namespace tawasul::domain {

enum class ContactAccess { kFull, kMasked, kNone };

ContactAccess ContactAccessOf(const Actor& viewer, bool anonymous);

struct ContactFields {
  std::string name, email, phone;
};
// The contact of `draft` as `access` shows it (kNone: all empty).
ContactFields ContactAs(const CaseDraft& draft, ContactAccess access);

// The first character (a whole UTF-8 sequence) and "***"; "" stays "".
std::string MaskName(const std::string& name);

}  // namespace tawasul::domain
