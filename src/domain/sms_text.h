#pragma once

#include <string_view>

namespace tawasul::domain {

// How an SMS text is encoded and how many messages ("segments") it costs. ucs2 is true when a
// character lies outside the GSM 03.38 default alphabet and its extension table (any Arabic
// letter does). `characters` is in the encoding's units: GSM-7 septets (an extension character
// such as € or { counts 2) or UTF-16 code units (a character outside the BMP counts 2).
struct SmsSegments {
  bool ucs2 = false;
  int characters = 0;
  int segments = 0;
};

// GSM-7: 160 septets in a single SMS, 153 per part when concatenated; UCS-2: 70 and 67. An empty
// text is 0 segments. Parts never split an extension character's escape pair or a surrogate
// pair, as gateways do, so a long text can cost one part more than characters / 153 (or 67).
// Invalid UTF-8 counts as U+FFFD (UCS-2).
SmsSegments CountSmsSegments(std::string_view utf8);

}  // namespace tawasul::domain
