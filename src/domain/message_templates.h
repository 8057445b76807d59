#pragma once
// The words of every message (issue 15, docs/notifications.md "Templates"): one template per
// (message kind, channel, language), with named placeholders `{{name}}`.
//
// Invariants:
//  * A template may name only the placeholders its kind defines (PlaceholdersFor); anything else
//    between double braces, or a brace sequence that is not a plain `{{name}}`, is refused
//    (CheckTemplate), so an administrator's edit can never leak a value a message should not
//    carry or render half a template.
//  * Rendering never fails: a defined placeholder without a value renders as nothing, and a line
//    whose placeholders are all empty is dropped.
//  * Values are inserted as they are; the email's HTML part escapes them (jobs/delivery.cpp).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case_rules.h"
#include "domain/language.h"

namespace tawasul::domain {

struct MessageText {
  std::string subject;  // email only
  std::string body;     // plain text; paragraphs separated by blank lines
};

// Every message kind, citizen's first then staff's.
const std::vector<std::string_view>& MessageKinds();
// Whether the message goes to the citizen (else to staff).
bool IsCitizenMessage(std::string_view kind);
// The placeholders a template of `kind` may use.
std::vector<std::string_view> PlaceholdersFor(std::string_view kind);
// The built-in text, or nullopt for an unknown kind.
std::optional<MessageText> DefaultMessageText(std::string_view kind, MessageChannel channel,
                                              Language language);
// The line that ends every email to a citizen, before the link that stops the messages.
std::string_view StopMessagesLine(Language language);
// Null when `text` is a safe template for `kind`; else the offending placeholder or fragment.
std::optional<std::string> CheckTemplate(std::string_view kind, std::string_view text);
// `text` with each `{{name}}` replaced by values[name] ("" when absent); a line whose
// placeholders are all empty is left out ("Access code: " when there is none).
std::string RenderTemplate(std::string_view text, const std::map<std::string, std::string>& values);

}  // namespace tawasul::domain
