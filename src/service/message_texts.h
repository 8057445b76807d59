#pragma once
// The message texts in force (issue 15, /admin/messages): an administrator's newest version of
// a template where there is one, else the built-in text (domain/message_templates.h). Shared by
// the admin page (preview, save) and the delivery worker, which re-reads the edited templates at
// most every `max_age` (an edit applies to messages sent from then on, on every node).

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "domain/message_templates.h"
#include "store/store.h"

namespace tawasul::service {

class MessageTexts {
 public:
  MessageTexts(store::Store& store, std::chrono::seconds max_age)
      : store_(store), max_age_(max_age) {}

  // The text in force, or nullopt for an unknown kind. Thread-safe.
  std::optional<domain::MessageText> Get(std::string_view kind, domain::MessageChannel channel,
                                         domain::Language language);
  // Forget the cache (after a save in this process).
  void Invalidate();

 private:
  store::Store& store_;
  std::chrono::seconds max_age_;
  std::mutex mu_;
  std::chrono::steady_clock::time_point loaded_{};
  bool valid_ = false;
  std::map<std::string, domain::MessageText> edited_;  // "kind/channel/language"
};

// A field problem of an edited template: the field ("subject" or "body") and what is wrong
// ("required", "too_long", "unknown_placeholder"), with the offending placeholder.
struct TemplateProblem {
  std::string field;
  std::string code;
  std::string detail;
};

// Checks an edit: a body is required (at most 5,000 characters; an SMS at most 6 segments), an
// email's subject too (at most 200); every placeholder known for the kind.
std::vector<TemplateProblem> CheckMessageTemplate(std::string_view kind,
                                                  domain::MessageChannel channel,
                                                  const domain::MessageText& text);

// Example values for a preview of `kind` in `language` (a made-up case, never a real one).
std::map<std::string, std::string> SampleValues(std::string_view kind, domain::Language language);

}  // namespace tawasul::service
