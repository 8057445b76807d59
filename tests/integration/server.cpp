#include "integration/server.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

#ifndef TAWASUL_BINARY
#error "TAWASUL_BINARY must be defined (absolute path of the tawasul binary)"
#endif
#ifndef TAWASUL_SOURCE_DIR
#error "TAWASUL_SOURCE_DIR must be defined (repository root)"
#endif

namespace tawasul_test {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kStartTimeout = std::chrono::seconds(60);
constexpr auto kStopTimeout = std::chrono::seconds(60);

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

void GlobalInitCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_ALL); });
}

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "wait status " + std::to_string(status);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Server

Server::Server(ServerOptions options) : options_(std::move(options)) {
  char tmpl[] = "/tmp/tawasul-it-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
  dir_ = tmpl;
  try {
    database_ = options_.share_database_of ? options_.share_database_of->database_
                                           : std::make_shared<TestDatabase>(dir_);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    throw;
  }
}

Server::~Server() {
  if (pid_ > 0) Stop();
  database_.reset();  // drops a PostgreSQL database no other node still uses
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string Server::database_path() const {
  const std::string& url = database_url();
  return url.rfind("sqlite:", 0) == 0 ? url.substr(7) : std::string();
}

std::string Server::StderrTail(std::size_t max_bytes) const {
  std::string all = ReadFile(dir_ + "/stderr." + std::to_string(starts_) + ".log");
  if (all.size() > max_bytes) all = "..." + all.substr(all.size() - max_bytes);
  return all;
}

void Server::Start() {
  if (pid_ > 0) throw std::runtime_error("server already running");
  GlobalInitCurl();
  ++starts_;
  const std::string out_path = dir_ + "/stdout." + std::to_string(starts_) + ".log";
  const std::string err_path = dir_ + "/stderr." + std::to_string(starts_) + ".log";

  std::vector<std::string> args = {TAWASUL_BINARY,  "serve",
                                   "--database",    database_url(),
                                   "--secret-file", secret_file(),
                                   "--listen",      "127.0.0.1:0",
                                   "--threads",     std::to_string(options_.threads),
                                   "--access-log",  options_.access_log};
  if (options_.demo) {
    args.insert(args.end(), {"--demo", "--demo-cases", "0"});
  }
  if (!options_.intake_limits) {
    args.insert(args.end(), {"--submissions-per-address-per-hour", "0",
                             "--submissions-per-contact-per-day", "0"});
  }
  // Administrators sign in with a password alone unless the suite asks for the production
  // default with extra_args {"--admin-mfa"} (mfa_test.cpp).
  if (std::find(options_.extra_args.begin(), options_.extra_args.end(), "--admin-mfa") ==
      options_.extra_args.end()) {
    args.push_back("--no-admin-mfa");
  }
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test process
    if (getppid() != parent) _exit(126);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || in < 0) _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    close_range(3, ~0U, 0);  // e.g. the test's curl sockets
    execv(argv[0], argv.data());
    _exit(127);
  }
  pid_ = pid;
  port_ = 0;

  const auto deadline = Clock::now() + kStartTimeout;
  auto fail = [&](const std::string& why) {
    std::string msg = "tawasul serve did not start: " + why + "\ncommand:";
    for (const auto& a : args) msg += " " + a;
    msg += "\nstdout: " + ReadFile(out_path) + "\nstderr: " + StderrTail();
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
    throw std::runtime_error(msg);
  };

  while (port_ == 0) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      fail("the process ended (" + DescribeWaitStatus(status) + ")");
    }
    const std::string out = ReadFile(out_path);
    const std::string prefix = "http://127.0.0.1:";
    for (std::size_t at = out.find(prefix); at != std::string::npos && port_ == 0;
         at = out.find(prefix, at + 1)) {
      std::size_t i = at + prefix.size();
      int p = 0;
      while (i < out.size() && std::isdigit(static_cast<unsigned char>(out[i])) && p < 65536) {
        p = p * 10 + (out[i++] - '0');
      }
      const bool complete = i < out.size();  // not a line still being written
      if (complete && p > 0 && p < 65536) port_ = p;
    }
    if (port_ != 0) break;
    if (Clock::now() > deadline) fail("no URL line on stdout within the start-up timeout");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

  // The URL is printed once listening; confirm it answers.
  Http http(port_);
  http.set_timeout_seconds(10);
  while (true) {
    Response r = http.Get("/healthz");
    if (r.status == 200) return;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      fail("the process ended after printing its URL (" + DescribeWaitStatus(status) + ")");
    }
    if (Clock::now() > deadline) {
      fail("/healthz did not answer 200 (last: " + r.Describe() + ")");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int Server::Stop(bool expect_clean) {
  if (pid_ <= 0) return 0;
  kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + kStopTimeout;
  int status = 0;
  bool exited = false;
  while (Clock::now() < deadline) {
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exited = true;
      break;
    }
    if (r < 0 && errno != EINTR) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!exited) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = -1;
    if (expect_clean) {
      ADD_FAILURE() << "tawasul serve did not exit within 60 s of SIGTERM; stderr:\n"
                    << StderrTail();
    }
    return status;
  }
  pid_ = -1;
  if (expect_clean && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
    ADD_FAILURE() << "tawasul serve (start #" << starts_ << ", port " << port_ << ") ended with "
                  << DescribeWaitStatus(status)
                  << " after SIGTERM (expected exit status 0); stderr:\n"
                  << StderrTail();
  }
  return status;
}

void Server::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

// ---------------------------------------------------------------------------------------------
// Response

std::string Response::Header(std::string_view name) const {
  auto it = headers.find(Lower(name));
  return it == headers.end() ? std::string() : it->second;
}

bool Response::HasHeader(std::string_view name) const { return headers.count(Lower(name)) > 0; }

std::vector<std::string> Response::HeaderValues(std::string_view name) const {
  std::vector<std::string> out;
  auto [b, e] = headers.equal_range(Lower(name));
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

Json Response::JsonBody() const { return Json::parse(body, nullptr, false); }

std::string Response::MediaType() const {
  std::string ct = Header("content-type");
  auto semi = ct.find(';');
  if (semi != std::string::npos) ct.resize(semi);
  return Lower(Trim(ct));
}

std::optional<std::string> Response::SetCookie(std::string_view name) const {
  for (const auto& v : HeaderValues("set-cookie")) {
    auto semi = v.find(';');
    std::string pair = Trim(v.substr(0, semi));
    auto eq = pair.find('=');
    if (eq == std::string::npos) continue;
    if (Trim(pair.substr(0, eq)) == name) return Trim(pair.substr(eq + 1));
  }
  return std::nullopt;
}

std::string Response::Describe() const {
  std::ostringstream ss;
  if (status == 0) {
    ss << "transport error: " << error;
    return ss.str();
  }
  ss << "HTTP " << status << " [" << Header("content-type") << "] ";
  ss << (body.size() > 600 ? body.substr(0, 600) + "..." : body);
  return ss.str();
}

// ---------------------------------------------------------------------------------------------
// Http

namespace {

size_t WriteBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t WriteHeader(char* data, size_t size, size_t n, void* user) {
  auto* headers = static_cast<std::multimap<std::string, std::string>*>(user);
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();  // a new response (e.g. after a 1xx)
    return size * n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  headers->emplace(Lower(Trim(line.substr(0, colon))), Trim(line.substr(colon + 1)));
  return size * n;
}

}  // namespace

Http::Http(int port) : port_(port) {
  GlobalInitCurl();
  curl_ = curl_easy_init();
  if (!curl_) throw std::runtime_error("curl_easy_init failed");
}

Http::~Http() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

Response Http::Request(const std::string& method, const std::string& path, const std::string& body,
                       const Headers& headers, const std::string& cookies) {
  CURL* c = static_cast<CURL*>(curl_);
  curl_easy_reset(c);  // keeps the live connection
  Response r;
  const std::string url = "http://127.0.0.1:" + std::to_string(port_) + path;
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_seconds_);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, WriteHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);

  if (method == "GET" && body.empty()) {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else if (method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else {
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    }
    if (method != "POST") curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  }

  struct curl_slist* list = nullptr;
  list = curl_slist_append(list, "Expect:");
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  if (!cookies.empty()) curl_easy_setopt(c, CURLOPT_COOKIE, cookies.c_str());

  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    r.status = 0;
    r.error = std::string(curl_easy_strerror(rc)) + (errbuf[0] ? std::string(": ") + errbuf : "");
  } else {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  }
  curl_slist_free_all(list);
  return r;
}

Response Http::Get(const std::string& path, const Headers& headers, const std::string& cookies) {
  return Request("GET", path, "", headers, cookies);
}

Response Http::PostJson(const std::string& path, const Json& body, const Headers& headers) {
  return PostRaw(path, body.dump(), "application/json", headers);
}

Response Http::PostRaw(const std::string& path, const std::string& body,
                       const std::string& content_type, const Headers& headers) {
  Headers h = headers;
  h.push_back("Content-Type: " + content_type);
  return Request("POST", path, body, h);
}

Response Http::PostForm(const std::string& path, const Fields& fields, const std::string& cookies,
                        const Headers& headers) {
  Headers h = headers;
  h.push_back("Content-Type: application/x-www-form-urlencoded");
  return Request("POST", path, FormEncode(fields), h, cookies);
}

// ---------------------------------------------------------------------------------------------
// Catalogue

const Catalogue& Catalogue::Get() {
  static const Catalogue catalogue = [] {
    Catalogue c;
    const std::string path = std::string(TAWASUL_SOURCE_DIR) + "/data/demo/catalogue.json";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    c.raw = Json::parse(in);
    const std::vector<std::string> all_types = {"complaint", "suggestion", "inquiry", "compliment"};
    for (const auto& e : c.raw.at("entities")) c.entity_codes.push_back(e.at("code"));
    for (const auto& cat : c.raw.at("categories")) {
      std::vector<std::string> types = cat.at("types");
      auto allows = [&](const std::string& t) {
        return std::find(types.begin(), types.end(), t) != types.end();
      };
      if (c.complaint_category.empty() && std::all_of(all_types.begin(), all_types.end(), allows)) {
        c.complaint_category = cat.at("code");
        c.complaint_entity = cat.at("entity");
      }
      if (c.restricted_category.empty() && allows("complaint")) {
        for (const auto& t : all_types) {
          if (!allows(t)) {
            c.restricted_category = cat.at("code");
            c.disallowed_type = t;
            break;
          }
        }
      }
    }
    for (const auto& e : c.entity_codes) {
      if (e != c.complaint_entity) {
        c.other_entity = e;
        break;
      }
    }
    c.service_code = c.raw.at("services").at(0).at("code");
    if (c.complaint_category.empty() || c.restricted_category.empty() || c.other_entity.empty()) {
      throw std::runtime_error("the demo catalogue lacks the categories the tests need");
    }
    return c;
  }();
  return catalogue;
}

std::vector<std::string> Catalogue::CategoriesOf(const std::string& entity,
                                                 const std::string& type) const {
  std::vector<std::string> out;
  for (const auto& cat : raw.at("categories")) {
    if (cat.at("entity") != entity) continue;
    if (!type.empty()) {
      std::vector<std::string> types = cat.at("types");
      if (std::find(types.begin(), types.end(), type) == types.end()) continue;
    }
    out.push_back(cat.at("code"));
  }
  return out;
}

bool Catalogue::HasService(const std::string& code) const {
  for (const auto& s : raw.at("services")) {
    if (s.at("code") == code) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Helpers

Json ValidCaseBody() {
  return Json{{"type", "complaint"},
              {"category", Catalogue::Get().complaint_category},
              {"subject", "The street light outside my house is broken"},
              {"description", "The street light on our road has been off for two weeks now."},
              {"contact", {{"name", "Test Citizen"}, {"email", "citizen@example.com"}}}};
}

Json ValidArabicCaseBody() {
  return Json{
      {"type", "complaint"},
      {"category", Catalogue::Get().complaint_category},
      {"subject", "انقطاع الإنارة في الشارع"},
      {"description", "إنارة الشارع أمام منزلنا مطفأة منذ أسبوعين ولم يتم إصلاحها حتى الآن."},
      {"contact", {{"name", "مواطن"}, {"email", "citizen@example.com"}}}};
}

Response SubmitCase(Http& http, const Json& body) { return http.PostJson("/api/v1/cases", body); }

Response FollowReceipt(Http& http, const Response& posted) {
  const std::string location = posted.Header("location");
  if (posted.status != 303 || location.rfind("/submit/receipt", 0) != 0) return posted;
  auto cookie = posted.SetCookie("tawasul_receipt");
  if (!cookie) {
    ADD_FAILURE() << "303 to the receipt without its cookie: " << posted.Describe();
    return posted;
  }
  return http.Get(location, {}, "tawasul_receipt=" + *cookie);
}

Response LookupCase(Http& http, const std::string& path_reference,
                    const std::optional<std::string>& code) {
  Headers h;
  if (code) h.push_back("X-Access-Code: " + *code);
  return http.Get("/api/v1/cases/" + path_reference, h);
}

namespace {
bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
}  // namespace

bool LooksLikeReference(const std::string& s) {
  // YY-NNNNNNN-C, the sequence 7 digits or more.
  if (s.size() < 12 || s[2] != '-' || s[s.size() - 2] != '-') return false;
  return AllDigits(std::string_view(s).substr(0, 2)) &&
         AllDigits(std::string_view(s).substr(3, s.size() - 5)) &&
         AllDigits(std::string_view(s).substr(s.size() - 1));
}

bool IsRfc3339WithOffset(const std::string& s, const std::string& offset) {
  // YYYY-MM-DDTHH:MM:SS[.fraction]<offset>
  if (s.size() < 19 + offset.size()) return false;
  const std::string_view v(s);
  auto digits = [&](std::size_t pos, std::size_t n) { return AllDigits(v.substr(pos, n)); };
  if (!(digits(0, 4) && v[4] == '-' && digits(5, 2) && v[7] == '-' && digits(8, 2) &&
        v[10] == 'T' && digits(11, 2) && v[13] == ':' && digits(14, 2) && v[16] == ':' &&
        digits(17, 2))) {
    return false;
  }
  std::size_t i = 19;
  if (i < v.size() && v[i] == '.') {
    std::size_t j = i + 1;
    while (j < v.size() && v[j] >= '0' && v[j] <= '9') ++j;
    if (j == i + 1) return false;
    i = j;
  }
  return v.substr(i) == offset;
}

bool IsDigits(const std::string& s) { return AllDigits(s); }

int DammCheckDigit(std::string_view digits) {
  static const int kTable[10][10] = {
      {0, 3, 1, 7, 5, 9, 8, 6, 4, 2}, {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
      {4, 2, 0, 6, 8, 7, 1, 3, 5, 9}, {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
      {6, 1, 2, 3, 0, 4, 5, 9, 7, 8}, {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
      {5, 8, 6, 9, 7, 2, 0, 1, 3, 4}, {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
      {9, 4, 3, 8, 6, 1, 7, 2, 0, 5}, {2, 5, 8, 1, 4, 3, 6, 7, 9, 0}};
  int interim = 0;
  for (char ch : digits) interim = kTable[interim][ch - '0'];
  return interim;
}

std::optional<ParsedReference> ParseCanonicalReference(const std::string& s) {
  if (!LooksLikeReference(s)) return std::nullopt;
  ParsedReference p;
  p.year2 = std::stoi(s.substr(0, 2));
  const auto last_dash = s.rfind('-');
  p.sequence = std::stoull(s.substr(3, last_dash - 3));
  p.check = s.back() - '0';
  return p;
}

std::string MakeReference(int year2, std::uint64_t sequence) {
  const int y = ((year2 % 100) + 100) % 100;
  const std::string yy = {static_cast<char>('0' + y / 10), static_cast<char>('0' + y % 10)};
  std::string seq = std::to_string(sequence);
  if (seq.size() < 7) seq.insert(0, 7 - seq.size(), '0');
  int check = DammCheckDigit(yy + seq);
  return yy + "-" + seq + "-" + std::to_string(check);
}

std::string ToArabicIndicDigits(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      // U+0660 + d: UTF-8 D9 A0..D9 A9
      out += static_cast<char>(0xD9);
      out += static_cast<char>(0xA0 + (c - '0'));
    } else {
      out += c;
    }
  }
  return out;
}

std::string PercentEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string FormEncode(const Fields& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += PercentEncode(k) + "=" + PercentEncode(v);
  }
  return out;
}

std::string Repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

Json ExpectProblem(const Response& r, long status) {
  EXPECT_EQ(r.status, status) << r.Describe();
  EXPECT_EQ(r.MediaType(), "application/problem+json") << r.Describe();
  Json j = r.JsonBody();
  EXPECT_TRUE(j.is_object()) << "problem body is not a JSON object: " << r.Describe();
  if (!j.is_object()) return Json::value_t::discarded;
  EXPECT_TRUE(j.contains("type") && j["type"].is_string()) << r.body;
  EXPECT_TRUE(j.contains("title") && j["title"].is_string()) << r.body;
  EXPECT_TRUE(j.contains("status") && j["status"].is_number_integer() && j["status"] == status)
      << r.body;
  EXPECT_TRUE(j.contains("request_id") && j["request_id"].is_string() &&
              !j["request_id"].get<std::string>().empty())
      << r.body;
  if (j.contains("request_id") && j["request_id"].is_string()) {
    EXPECT_EQ(j["request_id"].get<std::string>(), r.Header("x-request-id"))
        << "request_id in the body differs from the X-Request-Id header";
  }
  return j;
}

bool HasFieldError(const Json& problem, const std::string& field, const std::string& code) {
  if (!problem.is_object() || !problem.contains("errors") || !problem["errors"].is_array()) {
    return false;
  }
  for (const auto& e : problem["errors"]) {
    if (e.is_object() && e.value("field", "") == field && e.value("code", "") == code &&
        e.contains("message") && e["message"].is_string() &&
        !e["message"].get<std::string>().empty()) {
      return true;
    }
  }
  return false;
}

std::string ErrorsSummary(const Json& problem) {
  if (!problem.is_object() || !problem.contains("errors")) return "(no errors[])";
  std::string out;
  for (const auto& e : problem["errors"]) {
    out += "{" + e.value("field", "?") + ", " + e.value("code", "?") + "} ";
  }
  return out;
}

void ExpectHealthy(const Server& server) {
  Http http(server);
  Response r = http.Get("/healthz");
  EXPECT_EQ(r.status, 200) << "server unhealthy: " << r.Describe();
}

CliOutput RunTawasul(const std::string& args) {
  CliOutput r;
  char err_path[] = "/tmp/tawasul-cli-err-XXXXXX";
  const int err_fd = mkstemp(err_path);
  if (err_fd < 0) {
    ADD_FAILURE() << "mkstemp: " << std::strerror(errno);
    return r;
  }
  close(err_fd);
  const std::string cmd = std::string(TAWASUL_BINARY) + " " + args + " 2>" + err_path;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) {
    ADD_FAILURE() << "popen: " << std::strerror(errno);
    unlink(err_path);
    return r;
  }
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.status = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = ReadFile(err_path);
  unlink(err_path);
  return r;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// Attributes of the tag starting at html[open] ('<'); `end` receives the position of its '>'.
std::vector<std::pair<std::string, std::string>> TagAttributes(const std::string& html,
                                                               std::size_t open, std::size_t* end) {
  std::vector<std::pair<std::string, std::string>> attrs;
  std::size_t i = open + 1;
  auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (i < html.size() && !is_space(html[i]) && html[i] != '>' && html[i] != '/') ++i;
  while (i < html.size()) {
    while (i < html.size() && (is_space(html[i]) || html[i] == '/')) ++i;
    if (i >= html.size() || html[i] == '>') break;
    std::size_t name_start = i;
    while (i < html.size() && !is_space(html[i]) && html[i] != '=' && html[i] != '>') ++i;
    std::string name = Lower(html.substr(name_start, i - name_start));
    while (i < html.size() && is_space(html[i])) ++i;
    std::string value;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && is_space(html[i])) ++i;
      if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        const char quote = html[i++];
        std::size_t close = html.find(quote, i);
        if (close == std::string::npos) close = html.size();
        value = html.substr(i, close - i);
        i = close + 1;
      } else {
        std::size_t vs = i;
        while (i < html.size() && !is_space(html[i]) && html[i] != '>') ++i;
        value = html.substr(vs, i - vs);
      }
    }
    attrs.emplace_back(std::move(name), std::move(value));
  }
  if (end) *end = std::min(i, html.size());
  return attrs;
}

std::optional<std::string> Attr(const std::vector<std::pair<std::string, std::string>>& attrs,
                                const std::string& name) {
  for (const auto& [k, v] : attrs) {
    if (k == name) return v;
  }
  return std::nullopt;
}

bool StartsTag(const std::string& lower_html, std::size_t pos, const std::string& tag) {
  if (lower_html.compare(pos, tag.size() + 1, "<" + tag) != 0) return false;
  const std::size_t after = pos + tag.size() + 1;
  return after >= lower_html.size() || !std::isalnum(static_cast<unsigned char>(lower_html[after]));
}

std::string StripTags(const std::string& s) {
  std::string out;
  bool in_tag = false;
  for (char c : s) {
    if (c == '<') {
      in_tag = true;
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> FormInputValue(const std::string& html, const std::string& name) {
  const std::string lower = Lower(html);
  for (std::size_t pos = lower.find("<input"); pos != std::string::npos;
       pos = lower.find("<input", pos + 1)) {
    if (!StartsTag(lower, pos, "input")) continue;
    auto attrs = TagAttributes(html, pos, nullptr);
    if (Attr(attrs, "name") != name) continue;
    return Attr(attrs, "value").value_or("");
  }
  return std::nullopt;
}

std::optional<std::string> ElementTextById(const std::string& html, const std::string& id) {
  const std::string lower = Lower(html);
  for (std::size_t open = html.find('<'); open != std::string::npos;
       open = html.find('<', open + 1)) {
    if (open + 1 >= html.size() || !std::isalpha(static_cast<unsigned char>(html[open + 1]))) {
      continue;
    }
    std::size_t tag_end = 0;
    auto attrs = TagAttributes(html, open, &tag_end);
    if (Attr(attrs, "id") != id) continue;
    std::size_t name_end = open + 1;
    while (name_end < lower.size() && std::isalnum(static_cast<unsigned char>(lower[name_end]))) {
      ++name_end;
    }
    const std::string tag = lower.substr(open + 1, name_end - open - 1);
    if (tag == "input") return Attr(attrs, "value").value_or("");
    // The matching close tag, counting nested elements of the same name.
    int depth = 1;
    std::size_t pos = tag_end + 1;
    while (pos < lower.size()) {
      std::size_t next_open = lower.find("<" + tag, pos);
      while (next_open != std::string::npos && !StartsTag(lower, next_open, tag)) {
        next_open = lower.find("<" + tag, next_open + 1);
      }
      std::size_t next_close = lower.find("</" + tag, pos);
      if (next_close == std::string::npos) return std::nullopt;
      if (next_open != std::string::npos && next_open < next_close) {
        ++depth;
        pos = next_open + 1;
        continue;
      }
      if (--depth == 0) {
        return Trim(StripTags(html.substr(tag_end + 1, next_close - tag_end - 1)));
      }
      pos = next_close + 1;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace tawasul_test
