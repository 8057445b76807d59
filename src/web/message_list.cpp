// The messages of a case for the pages (message_list.h).

#include "web/message_list.h"

#include "store/message_store.h"
#include "web/i18n.h"
#include "web/page_util.h"

namespace tawasul::web {

void SetCaseMessages(kainjow::mustache::data& d, const WebContext& web,
                     const std::string& reference, domain::Language language,
                     const std::string& zone, bool citizen_only, bool show_citizen) {
  store::OutboxFilter filter;
  filter.reference = reference;
  filter.limit = 100;
  kainjow::mustache::list items;
  for (const auto& m : web.app.store.Messages().ListOutbox(filter)) {
    if (citizen_only && m.recipient != "case") continue;
    if (m.channel == domain::MessageChannel::kWebhook) continue;  // machines, not people
    kainjow::mustache::data item;
    item.set("kind", Text(language, "msg_kind_" + m.kind));
    item.set("channel", Text(language, "msg_channel_" + std::string(domain::ToString(m.channel))));
    if (m.recipient != "case") {
      item.set("recipient", m.recipient);
    } else if (show_citizen) {
      item.set("recipient", m.masked);
    }
    item.set("at", FormatDateTime(m.sent_at.value_or(m.created_at), language, zone));
    item.set("status", Text(language, "msg_status_" + m.status));
    item.set("status_code", m.status);
    items.push_back(item);
  }
  d.set("has_messages", !items.empty());
  d.set("messages", items);
}

}  // namespace tawasul::web
