#pragma once
// The delivery worker's configuration from the command line (docs/notifications.md): shared by
// `tawasul serve` (which runs the worker beside the server) and `tawasul outbox deliver`.

#include <functional>
#include <string>

#include "app/config.h"
#include "jobs/delivery.h"

namespace tawasul::app {

// The options; `port` is the listening port when --public-url is not given.
jobs::DeliveryOptions MakeDeliveryOptions(const Config& config, int port);
// The channels configured (none when their flags are absent). Throws std::invalid_argument
// naming the problem (an unreadable file, a template with an unknown placeholder).
jobs::DeliveryChannels MakeDeliveryChannels(
    const Config& config, store::Store& store,
    std::function<std::string(const std::string&, domain::Language)> entity_name);

}  // namespace tawasul::app
