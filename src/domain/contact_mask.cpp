// See contact_mask.h. Why Bahrain's country code stays: a citizen with numbers in two countries
// needs it to know which phone to pick up; it narrows nothing down for anyone else.

#include "domain/contact_mask.h"

#include <cctype>

namespace tawasul::domain {
namespace {

std::string MaskEmailForScreen(const std::string& email) {
  const auto at = email.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 >= email.size()) return "";
  return "…" + email.substr(at);
}

std::string MaskPhoneForScreen(const std::string& phone) {
  std::string digits;
  for (char c : phone) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) digits += c;
  }
  if (digits.size() < 6) return "";
  std::string country;
  // Bahrain's code is the one the service knows the length of; another number shows no
  // country code rather than a wrong one.
  if (phone.starts_with("+973") && digits.size() == 11) country = "+973 ";
  return country + "•••• " + digits.substr(digits.size() - 2);
}

}  // namespace

std::string MaskForScreen(const Contact& contact) {
  return contact.kind == ContactKind::kPhone ? MaskPhoneForScreen(contact.value)
                                             : MaskEmailForScreen(contact.value);
}

}  // namespace tawasul::domain
