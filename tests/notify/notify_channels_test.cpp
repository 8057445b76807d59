// The delivery channels (src/notify) against real servers on loopback, no mocks (issue 15).
//
// Each test starts what it needs as a child process and kills it in TearDown:
//   - tests/notify/smtp_sink.py, an aiosmtpd SMTP server run by Debian's /usr/bin/python3, which
//     writes every accepted message as JSON (envelope, raw data, and the message as Python's
//     `email` parser reads it: an independent decoder of our MIME);
//   - tests/notify/http_receiver.py, a stdlib HTTP server that logs each request as a JSON line
//     and answers as its mode file says (200, 404, 410, 500, hang), re-read on every request.
// Both print their port on their first line of stdout; "down" is a port nobody listens on. The
// children die with the test process (PR_SET_PDEATHSIG) even if it crashes. The whole run takes
// a few seconds: the one deliberate wait is the 1 s client time-out of the hang cases.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/loopback.h"
#include "notify/email.h"
#include "notify/sms.h"
#include "notify/webhook.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using tawasul::notify::EmailMessage;
using tawasul::notify::SendOutcome;
using tawasul::notify::SendResult;
using tawasul::notify::SmtpConfig;
using tawasul::notify::SmtpSender;

const std::string kScripts = std::string(TAWASUL_SOURCE_DIR) + "/tests/notify/";
using tawasul_test::loopback::kDebianPython;

// The loopback helpers (tests/common/loopback.h): the scripts here print their port within 15 s.
class Child : public tawasul_test::loopback::Child {
 public:
  int Start(const std::vector<std::string>& argv) {
    return tawasul_test::loopback::Child::Start(argv, std::chrono::seconds(15));
  }
};

// A loopback port that nobody listens on (bound, read, released).
int ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// HMAC-SHA256 as a webhook receiver computes it, over the bytes it received.
std::string ReceiverSignature(const std::string& secret, const std::string& timestamp,
                              const std::string& body) {
  const std::string message = timestamp + "." + body;
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[sizeof mac * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string("v1=") + hex;
}

const std::string kArabicSubject = "تم استلام بلاغك رقم 2026-000123 — وزارة الأشغال";
const std::string kArabicText =
    "شكراً لتواصلك معنا.\r\nرقم البلاغ: 2026-000123\r\nرمز المتابعة: 7KQ9TX4M\r\n";
const std::string kArabicHtml = "<p>شكراً لتواصلك معنا. رقم البلاغ: <b>2026-000123</b></p>";
// Quotes, a backslash, a line break, an ampersand and a literal placeholder: none may change the
// request's shape or be substituted again.
const std::string kSmsText = "بلاغك رقم 2026-000123 \"عاجل\" & تم\nرمز: 7KQ9TX4M \\ {{id}}";

class NotifyChannelsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The servers are on loopback: never through a proxy from the environment.
    setenv("no_proxy", "127.0.0.1,localhost", 1);
    setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    ASSERT_GE(sodium_init(), 0);
    ASSERT_FALSE(scratch_.path().empty());
    dir_ = scratch_.path();
  }
  // The directory goes with the fixture, after TearDown.
  void TearDown() override { child_.Kill(); }

  int StartSmtpSink(std::vector<std::string> options = {}) {
    std::vector<std::string> argv = {kDebianPython, kScripts + "smtp_sink.py", dir_.string()};
    argv.insert(argv.end(), options.begin(), options.end());
    const int port = child_.Start(argv);
    EXPECT_GT(port, 0) << "smtp_sink.py did not start (is python3-aiosmtpd installed?)";
    return port;
  }

  int StartReceiver(double hang_seconds = 10) {
    const int port = child_.Start({kDebianPython, kScripts + "http_receiver.py",
                                   (dir_ / "requests.jsonl").string(), (dir_ / "mode").string(),
                                   "--hang-seconds", std::to_string(hang_seconds)});
    EXPECT_GT(port, 0) << "http_receiver.py did not start";
    return port;
  }

  void SetMode(const std::string& mode) { std::ofstream(dir_ / "mode") << mode << "\n"; }

  std::vector<json> Messages() const {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      const std::string name = entry.path().filename().string();
      if (name.starts_with("message-") && name.ends_with(".json")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<json> messages;
    for (const fs::path& file : files) messages.push_back(json::parse(ReadFile(file)));
    return messages;
  }

  std::vector<json> Requests() const {
    std::vector<json> requests;
    std::ifstream in(dir_ / "requests.jsonl");
    for (std::string line; std::getline(in, line);) requests.push_back(json::parse(line));
    return requests;
  }

  SmtpConfig Smtp(int port) const {
    SmtpConfig config;
    config.url = "smtp://127.0.0.1:" + std::to_string(port);
    config.from = "Tawasul <noreply@tawasul.example>";
    config.timeout_seconds = 5;
    return config;
  }

  static EmailMessage ArabicEmail() {
    EmailMessage message;
    message.to = {"citizen@example.com"};
    message.subject = kArabicSubject;
    message.text = kArabicText;
    message.html = kArabicHtml;
    message.language = "ar";
    message.message_id = "outbox-42.7f3a";
    message.unsubscribe_url = "https://tawasul.example/unsubscribe?t=abc123";
    message.idempotency_key = "outbox-42";
    return message;
  }

  tawasul::notify::SmsGatewayConfig Gateway(int port, const std::string& template_text) const {
    std::string error;
    auto config = tawasul::notify::LoadSmsGatewayConfig(
        "http://127.0.0.1:" + std::to_string(port) + "/v1/sms", template_text, error);
    EXPECT_EQ(error, "");
    config.timeout_seconds = 1;
    return config;
  }

  tawasul_test::loopback::ScratchDir scratch_{"tawasul-notify"};
  fs::path dir_;
  Child child_;
};

TEST_F(NotifyChannelsTest, ArabicEmailWithTextAndHtmlArrivesWithItsHeaders) {
  SmtpSender sender(Smtp(StartSmtpSink()));
  const SendResult result = sender.Send(ArabicEmail());
  ASSERT_EQ(result.outcome, SendOutcome::kSent) << result.detail;
  EXPECT_EQ(result.provider_id, "TAWASUL-1");

  const std::vector<json> messages = Messages();
  ASSERT_EQ(messages.size(), 1u);
  const json& m = messages[0];
  EXPECT_EQ(m["mail_from"], "noreply@tawasul.example");
  EXPECT_EQ(m["rcpt_tos"], json::array({"citizen@example.com"}));
  const json& parsed = m["parsed"];
  EXPECT_EQ(parsed["defects"], json::array());
  const json& headers = parsed["headers"];
  EXPECT_EQ(headers["From"], "Tawasul <noreply@tawasul.example>");
  EXPECT_EQ(headers["To"], "citizen@example.com");
  EXPECT_EQ(headers["Subject"], kArabicSubject);  // decoded back from RFC 2047 by Python
  EXPECT_EQ(headers["Message-ID"], "<outbox-42.7f3a@tawasul.example>");
  EXPECT_EQ(headers["MIME-Version"], "1.0");
  EXPECT_EQ(headers["Content-Language"], "ar");
  EXPECT_EQ(headers["List-Unsubscribe"], "<https://tawasul.example/unsubscribe?t=abc123>");
  EXPECT_EQ(headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
  EXPECT_EQ(headers["X-Tawasul-Idempotency-Key"], "outbox-42");
  EXPECT_TRUE(headers.contains("Date"));
  EXPECT_EQ(parsed["content_type"], "multipart/alternative");

  ASSERT_EQ(parsed["parts"].size(), 2u);
  const json& text = parsed["parts"][0];
  EXPECT_EQ(text["content_type"], "text/plain");
  EXPECT_EQ(text["charset"], "utf-8");
  EXPECT_EQ(text["transfer_encoding"], "base64");
  EXPECT_EQ(text["text"], kArabicText);
  const json& html = parsed["parts"][1];
  EXPECT_EQ(html["content_type"], "text/html");
  const std::string html_text = html["text"];
  EXPECT_NE(html_text.find("<html lang=\"ar\" dir=\"rtl\">"), std::string::npos) << html_text;
  EXPECT_NE(html_text.find(kArabicHtml), std::string::npos);

  // On the wire: 7-bit headers, the subject as encoded-words, no line over 78 characters.
  const std::string raw = m["raw"];
  EXPECT_NE(raw.find("Subject: =?UTF-8?B?"), std::string::npos);
  std::size_t start = 0;
  for (std::size_t end; (end = raw.find("\r\n", start)) != std::string::npos; start = end + 2) {
    EXPECT_LE(end - start, 78u) << raw.substr(start, end - start);
  }
}

TEST_F(NotifyChannelsTest, SmtpAuthenticatesWithCredentialsFromTheUrlOrTheConfig) {
  const int port = StartSmtpSink({"--auth", "tawasul:pa ss@word"});
  SmtpConfig config = Smtp(port);
  config.url = "smtp://tawasul:pa%20ss%40word@127.0.0.1:" + std::to_string(port);
  const SendResult from_url = SmtpSender(config).Send(ArabicEmail());
  ASSERT_EQ(from_url.outcome, SendOutcome::kSent) << from_url.detail;

  config = Smtp(port);
  config.username = "tawasul";
  config.password = "pa ss@word";
  const SendResult from_config = SmtpSender(config).Send(ArabicEmail());
  ASSERT_EQ(from_config.outcome, SendOutcome::kSent) << from_config.detail;

  // The user in the URL, the password apart (--smtp-password-file).
  config = Smtp(port);
  config.url = "smtp://tawasul@127.0.0.1:" + std::to_string(port);
  config.password = "pa ss@word";
  const SendResult user_in_url = SmtpSender(config).Send(ArabicEmail());
  ASSERT_EQ(user_in_url.outcome, SendOutcome::kSent) << user_in_url.detail;

  const std::vector<json> messages = Messages();
  ASSERT_EQ(messages.size(), 3u);
  for (const json& m : messages) EXPECT_EQ(m["login"], "tawasul");

  // A wrong password or none is the configuration's fault, not the message's: temporary.
  config.password = "wrong";
  const SendResult wrong = SmtpSender(config).Send(ArabicEmail());
  EXPECT_EQ(wrong.outcome, SendOutcome::kTemporaryFailure);
  EXPECT_EQ(wrong.detail, "smtp auth 535");
  const SendResult none = SmtpSender(Smtp(port)).Send(ArabicEmail());
  EXPECT_EQ(none.outcome, SendOutcome::kTemporaryFailure);
  EXPECT_EQ(none.detail, "smtp auth 530");
  EXPECT_EQ(Messages().size(), 3u);
}

TEST_F(NotifyChannelsTest, RejectedRecipientIsPermanent) {
  SmtpSender sender(Smtp(StartSmtpSink({"--reject", "refused@example.com"})));
  EmailMessage message = ArabicEmail();
  message.to = {"refused@example.com"};
  const SendResult result = sender.Send(message);
  EXPECT_EQ(result.outcome, SendOutcome::kPermanentFailure);
  EXPECT_EQ(result.detail, "smtp 550");
  EXPECT_TRUE(Messages().empty());
}

TEST_F(NotifyChannelsTest, SmtpServerDownIsTemporary) {
  const SendResult result = SmtpSender(Smtp(ClosedPort())).Send(ArabicEmail());
  EXPECT_EQ(result.outcome, SendOutcome::kTemporaryFailure);
  EXPECT_EQ(result.detail, "connect refused");
}

TEST_F(NotifyChannelsTest, RequiredStartTlsThatTheServerLacksIsTemporaryAndSendsNothing) {
  SmtpConfig config = Smtp(StartSmtpSink());
  config.require_tls = true;
  const SendResult result = SmtpSender(config).Send(ArabicEmail());
  EXPECT_EQ(result.outcome, SendOutcome::kTemporaryFailure);
  EXPECT_EQ(result.detail, "starttls unavailable");
  EXPECT_TRUE(Messages().empty());
}

TEST_F(NotifyChannelsTest, SmsJsonTemplateCarriesArabicTextAndAuthHeader) {
  const int port = StartReceiver();
  tawasul::notify::SmsSender sender(
      Gateway(port,
              "Content-Type: application/json\n"
              "Authorization: Bearer test-token-123\n"
              "\n"
              R"({"to": "{{to}}", "text": "{{text}}", "ref": "{{id}}"})"
              "\n"));
  const SendResult result = sender.Send("+97336001234", kSmsText, "outbox-7");
  ASSERT_EQ(result.outcome, SendOutcome::kSent) << result.detail;
  EXPECT_EQ(result.provider_id, "gw-1");

  const std::vector<json> requests = Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["method"], "POST");
  EXPECT_EQ(requests[0]["path"], "/v1/sms");
  EXPECT_EQ(requests[0]["headers"]["Authorization"], "Bearer test-token-123");
  EXPECT_EQ(requests[0]["headers"]["Content-Type"], "application/json");
  const json body = json::parse(requests[0]["body"].get<std::string>());
  EXPECT_EQ(body, json({{"to", "+97336001234"}, {"text", kSmsText}, {"ref", "outbox-7"}}));
}

TEST_F(NotifyChannelsTest, SmsFormTemplateIsUrlEncoded) {
  const int port = StartReceiver();
  tawasul::notify::SmsSender sender(Gateway(port, "to={{to}}&message={{text}}&ref={{id}}\n"));
  const SendResult result = sender.Send("+97336001234", kSmsText, "outbox-8");
  ASSERT_EQ(result.outcome, SendOutcome::kSent) << result.detail;

  const std::vector<json> requests = Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["headers"]["Content-Type"], "application/x-www-form-urlencoded");
  EXPECT_EQ(requests[0]["form"],
            json({{"to", "+97336001234"}, {"message", kSmsText}, {"ref", "outbox-8"}}));
}

TEST_F(NotifyChannelsTest, SmsGatewayAnswersAreClassified) {
  const int port = StartReceiver();
  tawasul::notify::SmsSender sender(Gateway(port, R"({"to": "{{to}}", "text": "{{text}}"})"));
  const std::vector<std::pair<std::string, SendOutcome>> cases = {
      {"500", SendOutcome::kTemporaryFailure},
      {"503", SendOutcome::kTemporaryFailure},
      {"429", SendOutcome::kTemporaryFailure},
      {"408", SendOutcome::kTemporaryFailure},
      {"404", SendOutcome::kPermanentFailure},
      {"400", SendOutcome::kPermanentFailure},
      {"201", SendOutcome::kSent}};
  for (const auto& [mode, outcome] : cases) {
    SetMode(mode);
    const SendResult result = sender.Send("+97336001234", "نص", "outbox-9");
    EXPECT_EQ(result.outcome, outcome) << mode;
    EXPECT_EQ(result.detail, "http " + mode);
  }
  EXPECT_EQ(Requests().size(), cases.size());

  // An invalid number fails for good without a request.
  const SendResult invalid = sender.Send("0097336001234", "نص", "outbox-10");
  EXPECT_EQ(invalid.outcome, SendOutcome::kPermanentFailure);
  EXPECT_EQ(invalid.detail, "invalid number");
  EXPECT_EQ(Requests().size(), cases.size());
}

TEST_F(NotifyChannelsTest, SmsGatewayThatHangsIsTemporaryWithinTheTimeout) {
  tawasul::notify::SmsSender sender(Gateway(StartReceiver(5), R"({"to":"{{to}}","t":"{{text}}"})"));
  SetMode("hang");
  const auto start = std::chrono::steady_clock::now();
  const SendResult result = sender.Send("+97336001234", "نص", "outbox-11");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(result.outcome, SendOutcome::kTemporaryFailure);
  EXPECT_EQ(result.detail, "timeout");
  EXPECT_LT(elapsed, std::chrono::milliseconds(2500));
}

TEST_F(NotifyChannelsTest, SmsGatewayDownIsTemporary) {
  tawasul::notify::SmsSender sender(Gateway(ClosedPort(), R"({"to":"{{to}}","t":"{{text}}"})"));
  const SendResult result = sender.Send("+97336001234", "نص", "outbox-12");
  EXPECT_EQ(result.outcome, SendOutcome::kTemporaryFailure);
  EXPECT_EQ(result.detail, "connect refused");
}

TEST_F(NotifyChannelsTest, WebhookCarriesHeadersAndASignatureThatVerifies) {
  const int port = StartReceiver();
  tawasul::notify::WebhookDelivery delivery;
  delivery.url = "http://127.0.0.1:" + std::to_string(port) + "/hooks/tawasul";
  delivery.secret = "whsec_3f9a1c";
  delivery.event = "case.received";
  delivery.body_json =
      R"({"event":"case.received","case":{"reference":"2026-000123","subject":"حفرة في شارع ١٢"}})";
  delivery.delivery_id = "dlv-42-1";
  delivery.timestamp = 1767225600;
  const SendResult result = tawasul::notify::SendWebhook(delivery, 2);
  ASSERT_EQ(result.outcome, SendOutcome::kSent) << result.detail;

  const std::vector<json> requests = Requests();
  ASSERT_EQ(requests.size(), 1u);
  const json& request = requests[0];
  EXPECT_EQ(request["method"], "POST");
  EXPECT_EQ(request["path"], "/hooks/tawasul");
  const json& headers = request["headers"];
  EXPECT_EQ(headers["Content-Type"], "application/json");
  EXPECT_EQ(headers["Tawasul-Event"], "case.received");
  EXPECT_EQ(headers["Tawasul-Delivery"], "dlv-42-1");
  EXPECT_EQ(headers["Tawasul-Timestamp"], "1767225600");
  const std::string body = request["body"];
  EXPECT_EQ(body, delivery.body_json);
  // What a receiver does: HMAC over "<Tawasul-Timestamp>.<raw body>" with the shared secret.
  EXPECT_EQ(headers["Tawasul-Signature"],
            ReceiverSignature("whsec_3f9a1c", headers["Tawasul-Timestamp"], body));
  EXPECT_NE(headers["Tawasul-Signature"],
            ReceiverSignature("whsec_3f9a1c", headers["Tawasul-Timestamp"], body + " "));
}

TEST_F(NotifyChannelsTest, WebhookGoneOrNotFoundIsPermanentServerErrorTemporary) {
  const int port = StartReceiver();
  tawasul::notify::WebhookDelivery delivery;
  delivery.url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
  delivery.secret = "s";
  delivery.event = "case.closed";
  delivery.body_json = "{}";
  delivery.delivery_id = "dlv-1";
  delivery.timestamp = 1767225600;
  const std::vector<std::pair<std::string, SendOutcome>> cases = {
      {"410", SendOutcome::kPermanentFailure}, {"404", SendOutcome::kPermanentFailure},
      {"500", SendOutcome::kTemporaryFailure}, {"429", SendOutcome::kTemporaryFailure},
      {"301", SendOutcome::kTemporaryFailure}, {"204", SendOutcome::kSent}};
  for (const auto& [mode, outcome] : cases) {
    SetMode(mode);
    const SendResult result = tawasul::notify::SendWebhook(delivery, 2);
    EXPECT_EQ(result.outcome, outcome) << mode;
    EXPECT_EQ(result.detail, "http " + mode);
  }
  delivery.url = "file:///etc/passwd";
  const SendResult invalid = tawasul::notify::SendWebhook(delivery, 2);
  EXPECT_EQ(invalid.outcome, SendOutcome::kPermanentFailure);
  EXPECT_EQ(invalid.detail, "invalid url");
  EXPECT_EQ(Requests().size(), cases.size());
}

}  // namespace
