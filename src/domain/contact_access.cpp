// Who sees a citizen's contact, and how (contact_access.h).

#include "domain/contact_access.h"

#include "domain/notifications.h"

namespace tawasul::domain {

ContactAccess ContactAccessOf(const Actor& viewer, bool anonymous) {
  if (viewer.role == Role::kAuditor) return ContactAccess::kMasked;
  return CanSeeCitizenIdentity(viewer, anonymous) ? ContactAccess::kFull : ContactAccess::kNone;
}

std::string MaskName(const std::string& name) {
  if (name.empty()) return name;
  std::size_t n = 1;
  const auto lead = static_cast<unsigned char>(name[0]);
  if (lead >= 0xF0) {
    n = 4;
  } else if (lead >= 0xE0) {
    n = 3;
  } else if (lead >= 0xC0) {
    n = 2;
  }
  return name.substr(0, std::min(n, name.size())) + "***";
}

ContactFields ContactAs(const CaseDraft& d, ContactAccess access) {
  switch (access) {
    case ContactAccess::kFull:
      return {d.contact_name, d.contact_email, d.contact_phone};
    case ContactAccess::kMasked:
      return {MaskName(d.contact_name), d.contact_email.empty() ? "" : MaskEmail(d.contact_email),
              d.contact_phone.empty() ? "" : MaskPhone(d.contact_phone)};
    case ContactAccess::kNone:
      break;
  }
  return {};
}

}  // namespace tawasul::domain
