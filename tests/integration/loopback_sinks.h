#pragma once
// The real servers on loopback that the delivery tests talk to, no mocks (docs/notifications.md
// "Tests"): tests/notify/smtp_sink.py (aiosmtpd, Debian's /usr/bin/python3) stores each email it
// accepts as JSON, read back by Python's `email` parser; tests/notify/http_receiver.py stands for
// the SMS gateway, records each request and answers as its mode file says (200, 404, 500, hang).
// Each is a child process (tests/common/loopback.h) started by the test and killed when it ends.
// Shared by delivery_test.cpp, reminder_test.cpp and delivery_report_test.cpp.

#include <strings.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/loopback.h"
#include "integration/server.h"

namespace tawasul_test {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

inline const std::string kScripts = std::string(TAWASUL_SOURCE_DIR) + "/tests/notify/";
using loopback::kDebianPython;  // has python3-aiosmtpd
inline constexpr const char* kMailFrom = "Tawasul <noreply@tawasul.example>";
inline constexpr const char* kAgentMow = "agent.mow@tawasul.example";
inline constexpr auto kDeadline = std::chrono::seconds(60);

inline std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The loopback helpers (tests/common/loopback.h), with this file's deadline and scratch prefix.
using loopback::Child;
template <class F>
inline bool WaitUntil(F done, std::chrono::seconds limit = kDeadline) {
  return loopback::WaitUntil(done, limit);
}
class ScratchDir : public loopback::ScratchDir {
 public:
  ScratchDir() : loopback::ScratchDir("tawasul-delivery") {}
};

// tests/notify/smtp_sink.py: every accepted email as DIR/message-N.json.
class SmtpSink {
 public:
  explicit SmtpSink(const fs::path& dir) : dir_(dir) {
    fs::create_directories(dir_);
    port_ = child_.Start({kDebianPython, kScripts + "smtp_sink.py", dir_.string()});
    EXPECT_GT(port_, 0) << "smtp_sink.py did not start (is python3-aiosmtpd installed?)";
  }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  // Every message received so far (files appear whole: the sink renames them into place).
  std::vector<Json> Messages() const {
    std::vector<Json> out;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      const std::string name = entry.path().filename().string();
      if (!name.starts_with("message-") || !name.ends_with(".json")) continue;
      Json j = Json::parse(ReadAll(entry.path()), nullptr, false);
      if (!j.is_discarded()) out.push_back(std::move(j));
    }
    return out;
  }
  // The messages to `address` whose decoded Subject contains `subject_part`.
  std::vector<Json> To(const std::string& address, const std::string& subject_part = "") const {
    std::vector<Json> out;
    for (Json& m : Messages()) {
      bool to = false;
      for (const auto& r : m["rcpt_tos"]) to = to || r.get<std::string>() == address;
      if (to && Header(m, "Subject").find(subject_part) != std::string::npos) {
        out.push_back(std::move(m));
      }
    }
    return out;
  }

  // A header of a stored message, decoded by Python's parser ("" when absent).
  static std::string Header(const Json& m, const std::string& name) {
    for (const auto& [k, v] : m["parsed"]["headers"].items()) {
      if (strcasecmp(k.c_str(), name.c_str()) == 0) return v.get<std::string>();
    }
    return "";
  }
  // The decoded text of its first part of `type` ("" when none).
  static std::string Part(const Json& m, const std::string& type) {
    for (const auto& p : m["parsed"]["parts"]) {
      if (p.value("content_type", "") == type) return p.value("text", "");
    }
    return "";
  }

 private:
  fs::path dir_;
  Child child_;
  int port_ = 0;
};

// tests/notify/http_receiver.py: the SMS gateway.
class Receiver {
 public:
  explicit Receiver(const fs::path& dir, double hang_seconds = 10) : dir_(dir) {
    fs::create_directories(dir_);
    port_ = child_.Start({kDebianPython, kScripts + "http_receiver.py",
                          (dir_ / "requests.jsonl").string(), (dir_ / "mode").string(),
                          "--hang-seconds", std::to_string(hang_seconds)});
    EXPECT_GT(port_, 0) << "http_receiver.py did not start";
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/sms"; }
  void SetMode(const std::string& mode) const {
    std::ofstream(dir_ / "mode.tmp") << mode << "\n";
    fs::rename(dir_ / "mode.tmp", dir_ / "mode");
  }
  // Every complete request line so far.
  std::vector<Json> Requests() const {
    std::vector<Json> out;
    const std::string all = ReadAll(dir_ / "requests.jsonl");
    std::size_t start = 0;
    for (std::size_t nl; (nl = all.find('\n', start)) != std::string::npos; start = nl + 1) {
      Json j = Json::parse(all.substr(start, nl - start), nullptr, false);
      if (!j.is_discarded()) out.push_back(std::move(j));
    }
    return out;
  }
  // The SMS bodies ({"to","text","id"}, as the template below makes them).
  std::vector<Json> Sms() const {
    std::vector<Json> out;
    for (const Json& r : Requests())
      out.push_back(Json::parse(r.value("body", ""), nullptr, false));
    return out;
  }

 private:
  fs::path dir_;
  Child child_;
  int port_ = 0;
};

// The gateway template: a header line, a blank line, the JSON body.
inline std::string WriteSmsTemplate(const fs::path& dir) {
  const fs::path path = dir / "sms-template.txt";
  std::ofstream(path) << "X-Gateway-Key: test-key-123\n\n"
                      << R"({"to":"{{to}}","text":"{{text}}","id":"{{id}}"})"
                      << "\n";
  return path.string();
}

inline std::vector<std::string> EmailArgs(const SmtpSink& sink) {
  return {"--smtp-url", sink.url(),     "--mail-from",
          kMailFrom,    "--public-url", "https://tawasul.example"};
}
inline std::vector<std::string> SmsArgs(const Receiver& receiver,
                                        const std::string& template_file) {
  return {"--sms-gateway-url", receiver.url(), "--sms-gateway-template",
          template_file,       "--public-url", "https://tawasul.example"};
}

}  // namespace tawasul_test
