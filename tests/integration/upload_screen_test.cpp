// Clean uploads (issue 21, item 3; service/upload_screen.h): every upload is scanned by a real
// clamd before anything is stored, and images are stored without their metadata.
//
// The tests start Debian's clamd themselves, in a scratch directory, with ONE local signature:
// EICAR's test string as a body signature (an .ndb line), so that it matches the string inside
// an accepted file type (a PDF). Debian ships no signature database and freshclam cannot reach
// its servers here; production keeps its signatures current (docs/operations.md).
// The photo with a GPS position is made in the test (libvips), tagged with exiftool, uploaded,
// and read back from the staff download with exiftool.

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vips/vips.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "integration/server.h"
#include "integration/upload_helpers.h"

namespace tawasul_test {
namespace {

namespace fs = std::filesystem;

const std::string kEicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
const std::string kCleanPdf =
    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";
const std::string kInfectedPdf = "%PDF-1.4\n% " + kEicar + "\n%%EOF\n";

std::string Hex(const std::string& s) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void WriteAll(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}

// A shell command's standard output (its exit status in `status`).
std::string Shell(const std::string& cmd, int* status = nullptr) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int raw = pclose(p);
  if (status) *status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return out;
}

// One clamd, started in `dir` with the EICAR body signature only; stopped by Stop() or the
// destructor.
class Clamd {
 public:
  // `tcp_port` > 0: clamd also listens on 127.0.0.1:tcp_port.
  explicit Clamd(const std::string& dir, int tcp_port = 0) : dir_(dir) {
    fs::create_directories(dir_ + "/db");
    fs::create_directories(dir_ + "/tmp");
    WriteAll(dir_ + "/db/tawasul-test.ndb", "Tawasul.Test.EICAR:0:*:" + Hex(kEicar) + "\n");
    std::string conf = "LocalSocket " + socket() + "\nDatabaseDirectory " + dir_ +
                       "/db\nTemporaryDirectory " + dir_ + "/tmp\nForeground yes\nLogFile " + dir_ +
                       "/clamd.log\n";
    if (tcp_port > 0) conf += "TCPAddr 127.0.0.1\nTCPSocket " + std::to_string(tcp_port) + "\n";
    WriteAll(dir_ + "/clamd.conf", conf);
  }
  ~Clamd() { Stop(); }

  std::string socket() const { return dir_ + "/clamd.sock"; }

  // Starts clamd and waits until it answers PING (loading one signature takes a second or two;
  // up to 120 s on a loaded machine). Records a failure when it never does.
  void Start() {
    pid_ = fork();
    if (pid_ == 0) {
      int fd = ::open((dir_ + "/clamd.out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        dup2(fd, 1);
        dup2(fd, 2);
      }
      execl("/usr/sbin/clamd", "clamd", "-c", (dir_ + "/clamd.conf").c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    ASSERT_GT(pid_, 0);
    for (int i = 0; i < 1200; ++i) {
      if (Ping()) return;
      int st = 0;
      if (waitpid(pid_, &st, WNOHANG) == pid_) {
        pid_ = -1;
        FAIL() << "clamd exited: " << ReadAll(dir_ + "/clamd.out");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "clamd does not answer: " << ReadAll(dir_ + "/clamd.out");
  }

  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int st = 0;
    waitpid(pid_, &st, 0);
    pid_ = -1;
    std::error_code ec;
    fs::remove(socket(), ec);  // as after a crash: nothing listens there
  }

 private:
  bool Ping() const {
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, socket().c_str(), sizeof addr.sun_path - 1);
    timeval tv{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    bool ok = false;
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        write(fd, "zPING", 6) == 6) {
      char buf[16] = {};
      ok = read(fd, buf, sizeof buf - 1) >= 4 && std::string(buf) == "PONG";
    }
    close(fd);
    return ok;
  }

  std::string dir_;
  pid_t pid_ = -1;
};

// A JPEG of `width` x `height` (a horizontal gradient, so it is not all one colour).
std::string MakeJpeg(int width, int height) {
  static bool init = VIPS_INIT("upload_screen_test") == 0;
  EXPECT_TRUE(init);
  VipsImage* x = nullptr;
  VipsImage* rgb = nullptr;
  void* buf = nullptr;
  std::size_t len = 0;
  std::string out;
  if (vips_xyz(&x, width, height, nullptr) == 0) {
    VipsImage* bands[3] = {nullptr, nullptr, nullptr};
    if (vips_extract_band(x, &bands[0], 0, nullptr) == 0 &&
        vips_extract_band(x, &bands[1], 1, nullptr) == 0 &&
        vips_extract_band(x, &bands[2], 0, nullptr) == 0) {
      VipsImage* joined = nullptr;
      if (vips_bandjoin(bands, &joined, 3, nullptr) == 0) {
        if (vips_cast_uchar(joined, &rgb, nullptr) == 0 &&
            vips_jpegsave_buffer(rgb, &buf, &len, nullptr) == 0) {
          out.assign(static_cast<const char*>(buf), len);
          g_free(buf);
        }
        g_object_unref(joined);
      }
    }
    for (auto* b : bands)
      if (b) g_object_unref(b);
  }
  if (rgb) g_object_unref(rgb);
  if (x) g_object_unref(x);
  EXPECT_FALSE(out.empty()) << vips_error_buffer();
  return out;
}

// exiftool's view of a file: every tag, by "Group:Name" (-G1), numbers as numbers.
Json ExifTags(const std::string& path) {
  int status = -1;
  std::string out = Shell("exiftool -j -a -G1 -n '" + path + "'", &status);
  EXPECT_EQ(status, 0) << out;
  Json j = Json::parse(out, nullptr, false);
  if (!j.is_array() || j.empty()) {
    ADD_FAILURE() << out;
    return Json::object();
  }
  return j[0];
}

// The tags whose name contains `part`.
std::vector<std::string> TagsLike(const Json& tags, const std::string& part) {
  std::vector<std::string> out;
  for (auto it = tags.begin(); it != tags.end(); ++it)
    if (it.key().find(part) != std::string::npos) out.push_back(it.key());
  return out;
}

class UploadScreenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tawasul-scan-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    clamd_ = std::make_unique<Clamd>(dir_ + "/clamd");
    ASSERT_NO_FATAL_FAILURE(clamd_->Start());
    ServerOptions o;
    o.extra_args = {"--attachments-dir", files_dir(), "--clamd-socket", clamd_->socket()};
    server_ = std::make_unique<Server>(o);
    server_->Start();
    http_ = std::make_unique<Http>(*server_);
  }
  void TearDown() override {
    http_.reset();
    server_.reset();
    clamd_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string files_dir() const { return dir_ + "/files"; }

  struct Session {
    std::string token, cookies;
  };
  Session Open(const std::string& path) {
    Response r = http_->Get(path);
    EXPECT_EQ(r.status, 200) << r.Describe();
    return {FormInputValue(r.body, "csrf").value_or(""),
            "csrf=" + r.SetCookie("csrf").value_or("")};
  }
  Fields CaseFields(const std::string& csrf, const std::string& step = "") {
    Fields f = {{"csrf", csrf},
                {"type", "complaint"},
                {"category", "roads.potholes"},
                {"subject", "Pothole with photos"},
                {"description", "A deep pothole opened in front of house 12; photos attached."},
                {"email", "citizen@example.com"}};
    if (!step.empty()) f.emplace_back("step", step);
    return f;
  }
  Response PostSubmit(const std::vector<FilePart>& files, const std::string& lang = "en",
                      const std::string& step = "") {
    Session s = Open("/submit?lang=" + lang);
    return FollowReceipt(
        *http_,
        http_->PostRaw("/submit?lang=" + lang, MultipartBody(CaseFields(s.token, step), files),
                       "multipart/form-data; boundary=" + kBoundary, {"Cookie: " + s.cookies}));
  }
  std::int64_t Cases() { return server_->SqlInt("SELECT count(*) FROM cases"); }
  std::int64_t AttachmentRows() { return server_->SqlInt("SELECT count(*) FROM case_attachments"); }
  std::string StaffAuth() {
    Response r = http_->PostJson("/api/v1/auth/login", {{"email", "agent.mow@tawasul.example"},
                                                        {"password", "demo-agent-2026"}});
    EXPECT_EQ(r.status, 200) << r.Describe();
    return "Authorization: Bearer " + r.JsonBody().value("token", "");
  }

  std::string dir_;
  std::unique_ptr<Clamd> clamd_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<Http> http_;
};

TEST_F(UploadScreenTest, EicarIsRefusedWithAClearMessageAndNothingIsStored) {
  const std::int64_t before = Cases();
  for (const std::string step : {"", "review"}) {
    Response r = PostSubmit({{"report.pdf", "application/pdf", kInfectedPdf}}, "en", step);
    EXPECT_EQ(r.status, 422) << step << ": " << r.Describe();
    auto err = ElementTextById(r.body, "attachments-error");
    ASSERT_TRUE(err.has_value()) << "no error beside the attachments field:\n" << r.body;
    EXPECT_NE(err->find("report.pdf"), std::string::npos) << *err;
    EXPECT_NE(err->find("malware"), std::string::npos) << *err;
    // The error summary at the top links to the field.
    EXPECT_NE(r.body.find("href=\"#attachments\""), std::string::npos) << r.body;
    EXPECT_FALSE(ElementTextById(r.body, "access-code").has_value());
  }
  Response ar = PostSubmit({{"تقرير.pdf", "application/pdf", kInfectedPdf}}, "ar");
  EXPECT_EQ(ar.status, 422) << ar.Describe();
  auto ar_err = ElementTextById(ar.body, "attachments-error");
  ASSERT_TRUE(ar_err.has_value()) << ar.body;
  EXPECT_NE(ar_err->find("برنامج ضار"), std::string::npos) << *ar_err;
  EXPECT_EQ(Cases(), before);
  EXPECT_EQ(AttachmentRows(), 0);
  EXPECT_EQ(CountFiles(files_dir()), 0u) << "an infected file was stored";
  // One infected file among clean ones refuses the whole submission.
  Response mixed = PostSubmit(
      {{"clean.pdf", "application/pdf", kCleanPdf}, {"bad.pdf", "application/pdf", kInfectedPdf}});
  EXPECT_EQ(mixed.status, 422) << mixed.Describe();
  EXPECT_EQ(CountFiles(files_dir()), 0u);
  EXPECT_EQ(Cases(), before);
}

TEST_F(UploadScreenTest, CleanFilesAreAcceptedAndServed) {
  Response r = PostSubmit(
      {{"report.pdf", "application/pdf", kCleanPdf}, {"photo.png", "image/png", TinyPng()}});
  ASSERT_EQ(r.status, 200) << r.Describe();
  const std::string ref = ElementTextById(r.body, "reference").value_or("");
  ASSERT_FALSE(ref.empty());
  EXPECT_EQ(AttachmentRows(), 2);
  EXPECT_EQ(CountFiles(files_dir()), 2u);
  const std::string id =
      server_->SqlText("SELECT id FROM case_attachments WHERE media_type = 'application/pdf'");
  Response pdf = http_->Get("/staff/cases/" + ref + "/attachments/" + id, {StaffAuth()});
  ASSERT_EQ(pdf.status, 200) << pdf.Describe();
  EXPECT_EQ(pdf.body, kCleanPdf) << "a PDF is stored as sent";
  // PDFs are download-only and sandboxed (docs/decisions.md 2026-12-07).
  EXPECT_EQ(pdf.Header("content-disposition").rfind("attachment;", 0), 0u);
  EXPECT_EQ(pdf.Header("content-security-policy"), "default-src 'none'; sandbox");
  EXPECT_EQ(pdf.Header("x-content-type-options"), "nosniff");
}

TEST_F(UploadScreenTest, ClamdDownRefusesUploadsWith503AndIntakeWithoutFilesGoesOn) {
  clamd_->Stop();
  const std::int64_t before = Cases();
  for (const std::string step : {"", "review"}) {
    Response r = PostSubmit({{"report.pdf", "application/pdf", kCleanPdf}}, "en", step);
    EXPECT_EQ(r.status, 503) << step << ": " << r.Describe();
    EXPECT_FALSE(r.Header("retry-after").empty());
    EXPECT_NE(r.body.find("cannot be checked"), std::string::npos) << r.body;
  }
  EXPECT_EQ(Cases(), before);
  EXPECT_EQ(AttachmentRows(), 0);
  EXPECT_EQ(CountFiles(files_dir()), 0u) << "an unscanned file was stored";
  // A submission without attachments needs no scanner.
  Response plain = PostSubmit({});
  EXPECT_EQ(plain.status, 200) << plain.Describe();
  EXPECT_TRUE(ElementTextById(plain.body, "access-code").has_value());
  EXPECT_EQ(Cases(), before + 1);
  EXPECT_EQ(SubmitCase(*http_, ValidCaseBody()).status, 201);
}

// A clamd that accepts the connection and never answers: the upload is refused once the scan
// timeout passes (503), the server does not hang.
TEST_F(UploadScreenTest, ClamdThatNeverAnswersTimesOutAs503) {
  const std::string path = dir_ + "/silent.sock";
  int listener = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(listener, 16), 0);
  ServerOptions o;
  o.extra_args = {"--attachments-dir",       dir_ + "/silent-files",
                  "--clamd-socket",          path,
                  "--clamd-timeout-seconds", "1"};
  Server silent(o);
  silent.Start();
  Http http(silent);
  Response page = http.Get("/submit?lang=en");
  const std::string token = FormInputValue(page.body, "csrf").value_or("");
  Response r =
      http.PostRaw("/submit?lang=en",
                   MultipartBody(CaseFields(token), {{"a.pdf", "application/pdf", kCleanPdf}}),
                   "multipart/form-data; boundary=" + kBoundary,
                   {"Cookie: csrf=" + page.SetCookie("csrf").value_or("")});
  EXPECT_EQ(r.status, 503) << r.Describe();
  EXPECT_EQ(CountFiles(dir_ + "/silent-files"), 0u);
  EXPECT_EQ(silent.SqlInt("SELECT count(*) FROM case_attachments"), 0);
  close(listener);
}

// Issue 21: photos kept their EXIF GPS position and were served to staff byte for byte.
TEST_F(UploadScreenTest, GpsAndDeviceTagsAreGoneFromTheServedPhotoAndItStaysUpright) {
  const std::string original = dir_ + "/original.jpg";
  WriteAll(original, MakeJpeg(64, 32));
  int status = -1;
  std::string out = Shell(
      "exiftool -q -overwrite_original -GPSLatitude=26.2235 -GPSLatitudeRef=N "
      "-GPSLongitude=50.5876 -GPSLongitudeRef=E -Make=TestCam -Model=T1 "
      "-SerialNumber=SN-4242-TEST -XMP:Creator='Citizen Photographer' -Orientation#=6 '" +
          original + "' 2>&1",
      &status);
  ASSERT_EQ(status, 0) << out;
  Json before = ExifTags(original);
  ASSERT_FALSE(TagsLike(before, "GPSLatitude").empty()) << before.dump();  // the test is real
  ASSERT_FALSE(TagsLike(before, "SerialNumber").empty()) << before.dump();

  Response r = PostSubmit({{"photo.jpg", "image/jpeg", ReadAll(original)}});
  ASSERT_EQ(r.status, 200) << r.Describe();
  const std::string ref = ElementTextById(r.body, "reference").value_or("");
  const std::string code = ElementTextById(r.body, "access-code").value_or("");
  const std::string id = server_->SqlText("SELECT id FROM case_attachments");
  Response served = http_->Get("/staff/cases/" + ref + "/attachments/" + id, {StaffAuth()});
  ASSERT_EQ(served.status, 200) << served.Describe();
  EXPECT_EQ(served.MediaType(), "image/jpeg");
  const std::string got = dir_ + "/served.jpg";
  WriteAll(got, served.body);

  Json after = ExifTags(got);
  for (const char* part : {"GPS", "Serial", "Make", "Model", "Creator", "XMP", "Orientation"}) {
    EXPECT_TRUE(TagsLike(after, part).empty()) << part << " survived: " << after.dump();
  }
  // The orientation was applied to the pixels: 64 x 32 turned a quarter is 32 x 64.
  auto width = TagsLike(after, ":ImageWidth");
  auto height = TagsLike(after, ":ImageHeight");
  ASSERT_FALSE(width.empty() || height.empty()) << after.dump();
  EXPECT_EQ(after[width[0]], 32) << after.dump();
  EXPECT_EQ(after[height[0]], 64) << after.dump();

  // What is stored, listed and chained is the cleaned file: its SHA-256, its size.
  const std::string sha = server_->SqlText("SELECT sha256 FROM case_attachments");
  EXPECT_EQ(Shell("sha256sum '" + got + "'").substr(0, 64), sha);
  EXPECT_EQ(ReadAll(files_dir() + "/" + sha.substr(0, 2) + "/" + sha.substr(2, 2) + "/" + sha),
            served.body);
  EXPECT_EQ(server_->SqlInt("SELECT size FROM case_attachments"),
            static_cast<std::int64_t>(served.body.size()));
  Response view = LookupCase(*http_, ref, code);
  EXPECT_EQ(view.JsonBody()["attachments"][0].value("size", 0),
            static_cast<int>(served.body.size()));
  CliOutput verify = RunTawasul("audit verify " + server_->CliDatabaseArgs());
  EXPECT_EQ(verify.status, 0) << verify.out << verify.err;
}

TEST_F(UploadScreenTest, AFileThatClaimsToBeAnImageButDoesNotDecodeIs422) {
  // A PNG signature and header with no image data behind it.
  const std::string fake =
      std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0", 26);
  std::string truncated = MakeJpeg(64, 64);
  truncated.resize(truncated.size() / 2);
  for (const auto& [name, type, data] : std::vector<FilePart>{
           {"header-only.png", "image/png", fake}, {"half.jpg", "image/jpeg", truncated}}) {
    Response r = PostSubmit({{name, type, data}});
    EXPECT_EQ(r.status, 422) << name << ": " << r.Describe();
    auto err = ElementTextById(r.body, "attachments-error");
    ASSERT_TRUE(err.has_value()) << r.body;
    EXPECT_NE(err->find(name), std::string::npos) << *err;
    EXPECT_NE(err->find("could not be read as an image"), std::string::npos) << *err;
  }
  EXPECT_EQ(AttachmentRows(), 0);
  EXPECT_EQ(CountFiles(files_dir()), 0u);
}

// A free loopback TCP port (bound and released; clamd binds it right after).
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

// --clamd-address: the same scan over TCP on loopback.
TEST_F(UploadScreenTest, ClamdOverTcpRefusesEicarAndAcceptsCleanFiles) {
  const int port = FreePort();
  ASSERT_GT(port, 0);
  Clamd tcp(dir_ + "/clamd-tcp", port);
  ASSERT_NO_FATAL_FAILURE(tcp.Start());
  ServerOptions o;
  o.extra_args = {"--attachments-dir", dir_ + "/tcp-files", "--clamd-address",
                  "127.0.0.1:" + std::to_string(port)};
  Server server(o);
  server.Start();
  Http http(server);
  auto post = [&](const FilePart& file) {
    Response page = http.Get("/submit?lang=en");
    return FollowReceipt(
        http, http.PostRaw(
                  "/submit?lang=en",
                  MultipartBody(CaseFields(FormInputValue(page.body, "csrf").value_or("")), {file}),
                  "multipart/form-data; boundary=" + kBoundary,
                  {"Cookie: csrf=" + page.SetCookie("csrf").value_or("")}));
  };
  Response bad = post({"bad.pdf", "application/pdf", kInfectedPdf});
  EXPECT_EQ(bad.status, 422) << bad.Describe();
  EXPECT_EQ(CountFiles(dir_ + "/tcp-files"), 0u);
  Response good = post({"good.pdf", "application/pdf", kCleanPdf});
  EXPECT_EQ(good.status, 200) << good.Describe();
  EXPECT_EQ(server.SqlInt("SELECT count(*) FROM case_attachments"), 1);
  EXPECT_EQ(CountFiles(dir_ + "/tcp-files"), 1u);
}

}  // namespace
}  // namespace tawasul_test
