// Attachment files and responses; see attachments.h.

#include "service/attachments.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "domain/attachment.h"
#include "http/problem.h"
#include "service/context.h"

namespace tawasul::service {

namespace {

std::string Sha256Hex(std::string_view content) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(content.data()),
                     content.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool IsHash(std::string_view s) {
  if (s.size() != crypto_hash_sha256_BYTES * 2) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

[[noreturn]] void Fail(const std::string& what, const std::string& path) {
  throw std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

void FsyncPath(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) Fail("cannot open directory", path);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) Fail("cannot fsync", path);
}

}  // namespace

AttachmentFiles::AttachmentFiles(std::string dir) : dir_(std::move(dir)) {}

std::string AttachmentFiles::PathOf(std::string_view h) const {
  return dir_ + "/" + std::string(h.substr(0, 2)) + "/" + std::string(h.substr(2, 2)) + "/" +
         std::string(h);
}

std::string AttachmentFiles::Save(std::string_view content) const {
  namespace fs = std::filesystem;
  const std::string hash = Sha256Hex(content);
  const std::string path = PathOf(hash);
  std::error_code ec;
  {
    std::lock_guard lock(mu_);
    if (fs::exists(path, ec) && fs::file_size(path, ec) == content.size() && !ec) {
      // Freshen it: a sweep must not take a file a case is about to refer to again.
      fs::last_write_time(path, fs::file_time_type::clock::now(), ec);
      if (!ec) return hash;
    }
  }
  const std::string shard = dir_ + "/" + hash.substr(0, 2) + "/" + hash.substr(2, 2);
  fs::create_directories(shard, ec);
  if (ec) throw std::runtime_error("cannot create " + shard + ": " + ec.message());
  unsigned char rnd[8];
  randombytes_buf(rnd, sizeof rnd);
  char rnd_hex[sizeof rnd * 2 + 1];
  sodium_bin2hex(rnd_hex, sizeof rnd_hex, rnd, sizeof rnd);
  const std::string tmp = shard + "/.tmp-" + hash + "-" + rnd_hex;
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) Fail("cannot create", tmp);
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int saved = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      errno = saved;
      Fail("cannot write", tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int saved = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    errno = saved;
    Fail("cannot fsync", tmp);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int saved = errno;
    ::unlink(tmp.c_str());
    errno = saved;
    Fail("cannot rename", tmp);
  }
  // The new directory entries must be durable too (shard, its parent, the root).
  FsyncPath(shard);
  FsyncPath(dir_ + "/" + hash.substr(0, 2));
  FsyncPath(dir_);
  return hash;
}

AttachmentFiles::SweepResult AttachmentFiles::Sweep(
    std::chrono::seconds grace, const std::function<bool(const std::string&)>& referenced) const {
  namespace fs = std::filesystem;
  SweepResult r;
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) return r;
  auto old = [&](const fs::path& p) {
    std::error_code e;
    auto t = fs::last_write_time(p, e);
    return !e && t < fs::file_time_type::clock::now() - grace;
  };
  std::vector<fs::path> candidates;
  for (auto it = fs::recursive_directory_iterator(dir_, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) candidates.push_back(it->path());
  }
  for (const auto& p : candidates) {
    const std::string name = p.filename().string();
    const bool temporary = name.rfind(".tmp-", 0) == 0;
    if (!temporary && !IsHash(name)) continue;  // not ours: never touched
    ++r.examined;
    if (!old(p)) continue;
    if (!temporary && referenced(name)) continue;
    std::lock_guard lock(mu_);
    if (!old(p)) continue;  // saved again meanwhile
    std::error_code e;
    auto size = fs::file_size(p, e);
    if (fs::remove(p, e) && !e) {
      ++r.removed;
      r.bytes += static_cast<std::int64_t>(size);
    }
  }
  return r;
}

bool AttachmentFiles::Exists(std::string_view sha256) const {
  std::error_code ec;
  return IsHash(sha256) && std::filesystem::is_regular_file(PathOf(sha256), ec);
}

std::optional<std::string> AttachmentFiles::Read(std::string_view sha256) const {
  if (!IsHash(sha256)) return std::nullopt;
  std::ifstream in(PathOf(sha256), std::ios::binary);
  if (!in) return std::nullopt;
  std::string out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return out;
}

std::optional<store::AttachmentRow> FindAttachment(const AppContext& ctx, std::int64_t case_id,
                                                   std::string_view id_text) {
  if (id_text.empty() || id_text.size() > 18 ||
      id_text.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  std::int64_t id = std::stoll(std::string(id_text));
  for (auto& row : ctx.store.CaseAttachments(case_id)) {
    if (row.id == id) return row;
  }
  return std::nullopt;
}

http::Response AttachmentResponse(const AppContext& ctx, const store::AttachmentRow& row,
                                  const std::string& request_id) {
  auto content = ctx.attachment_files ? ctx.attachment_files->Read(row.sha256) : std::nullopt;
  if (!content || !domain::SniffAttachmentType(*content)) {
    return http::Problem(404, "not-found", "", "No such attachment.", request_id);
  }
  http::Response r;
  // Only the sniffed types are ever stored; anything else is served as bytes.
  const bool image = domain::IsInlineImage(row.media_type);
  const bool known = image || row.media_type == "application/pdf";
  r.Set("Content-Type", known ? row.media_type : "application/octet-stream");
  r.Set("Content-Disposition", domain::ContentDisposition(row.file_name, image));
  r.Set("X-Content-Type-Options", "nosniff");
  r.Set("Content-Security-Policy", "default-src 'none'; sandbox");
  r.Set("Cache-Control", "private, no-store");
  r.body = std::move(*content);
  return r;
}

nlohmann::json AttachmentsJson(const std::vector<store::AttachmentRow>& rows,
                               const std::string& link_prefix) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : rows) {
    out.push_back({{"id", a.id},
                   {"name", a.file_name},
                   {"media_type", a.media_type},
                   {"size", a.size},
                   {"link", link_prefix + std::to_string(a.id)}});
  }
  return out;
}

}  // namespace tawasul::service
