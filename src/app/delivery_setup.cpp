// Delivery configuration (delivery_setup.h).

#include "app/delivery_setup.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tawasul::app {

namespace {

std::string ReadFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument(std::string(what) + ": cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

jobs::DeliveryOptions MakeDeliveryOptions(const Config& config, int port) {
  jobs::DeliveryOptions o;
  o.threads = config.delivery_threads;
  o.retry.give_up =
      std::chrono::seconds(static_cast<std::int64_t>(config.delivery_give_up_hours * 3600));
  o.retry.first = std::chrono::seconds(
      std::max<std::int64_t>(1, std::llround(config.delivery_retry_first_seconds)));
  o.lease =
      std::chrono::seconds(std::max<std::int64_t>(1, std::llround(config.delivery_lease_seconds)));
  o.email_per_second = config.delivery_email_per_second;
  o.sms_per_second = config.delivery_sms_per_second;
  o.public_url = config.public_url;
  if (o.public_url.empty()) {
    std::string host = config.listen_host.empty() ? "127.0.0.1" : config.listen_host;
    if (host == "0.0.0.0" || host == "::") host = "127.0.0.1";
    o.public_url = "http://" + host + ":" + std::to_string(port);
  }
  while (!o.public_url.empty() && o.public_url.back() == '/') o.public_url.pop_back();
  return o;
}

jobs::DeliveryChannels MakeDeliveryChannels(
    const Config& config, store::Store& store,
    std::function<std::string(const std::string&, domain::Language)> entity_name) {
  jobs::DeliveryChannels ch;
  ch.entity_name = std::move(entity_name);
  ch.texts = std::make_shared<service::MessageTexts>(store, std::chrono::seconds(10));
  if (!config.smtp_url.empty()) {
    notify::SmtpConfig smtp;
    smtp.url = config.smtp_url;
    smtp.from = config.mail_from;
    smtp.require_tls = config.smtp_require_tls;
    if (!config.smtp_password_file.empty()) {
      std::string error;
      if (!notify::ReadSecretFile(config.smtp_password_file, smtp.password, error)) {
        throw std::invalid_argument("--smtp-password-file: " + error);
      }
    }
    ch.smtp = std::move(smtp);
  }
  if (!config.sms_gateway_url.empty()) {
    std::string error;
    auto sms = notify::LoadSmsGatewayConfig(
        config.sms_gateway_url, ReadFile(config.sms_gateway_template, "--sms-gateway-template"),
        error);
    if (!error.empty()) throw std::invalid_argument("--sms-gateway-template: " + error);
    ch.sms = std::move(sms);
  }
  return ch;
}

}  // namespace tawasul::app
