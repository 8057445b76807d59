#pragma once
// Attachments of cases (DESIGN.md §1, §7; docs/decisions.md 2026-12-04): the files, stored
// content-addressed outside the database, and what the API and the pages share to list and
// serve them. A file is written (temp file, fsync, rename, fsync of the directory) before the
// case that refers to it is stored, so an acknowledged case never lacks its files. A file no case
// refers to (a submission reviewed and abandoned, or one that failed to store) is an orphan: it
// may hold personal data, so Sweep removes orphans older than a grace period. Save gives an
// existing file a fresh modification time, so a file about to be referenced again is never
// old enough to be swept.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/message.h"
#include "store/store.h"

namespace tawasul::service {

struct AppContext;
class UploadScreen;  // upload_screen.h

class AttachmentFiles {
 public:
  // `dir` is created on the first write.
  explicit AttachmentFiles(std::string dir);

  // Writes `content` durably under its SHA-256 (dir/ab/cd/<hex>) and returns the hex. An
  // existing file of the same hash is kept. Throws std::runtime_error on an I/O failure.
  std::string Save(std::string_view content) const;
  // True when a file is stored under `sha256`.
  bool Exists(std::string_view sha256) const;
  // The content stored under `sha256`, or nullopt (unknown, unreadable or not a hash).
  std::optional<std::string> Read(std::string_view sha256) const;
  // The path of a stored hash (tests and operators).
  std::string PathOf(std::string_view sha256) const;
  // What every new file goes through before Save (upload_screen.h): the malware scan and the
  // image metadata removal; null (commands, tests of this class): nothing.
  void set_screen(const UploadScreen* screen) { screen_ = screen; }
  const UploadScreen* screen() const { return screen_; }

  struct SweepResult {
    std::int64_t examined = 0;  // stored files looked at
    std::int64_t removed = 0;   // orphans (and abandoned temporary files) removed
    std::int64_t bytes = 0;     // their size
  };
  // Removes every stored file last written or saved more than `grace` ago that `referenced`
  // (asked with its hash) says no case refers to, and temporary files older than `grace`.
  // The modification time is checked again, under the lock Save takes, just before removing.
  SweepResult Sweep(std::chrono::seconds grace,
                    const std::function<bool(const std::string&)>& referenced) const;

 private:
  std::string dir_;
  const UploadScreen* screen_ = nullptr;
  mutable std::mutex mu_;  // Save's freshening and Sweep's final check-and-remove
};

// A file as received, before it is stored; or one already stored (while the citizen reviewed
// the submission), named by its hash and size with no content.
struct NewAttachment {
  std::string file_name;   // sanitised
  std::string media_type;  // sniffed
  std::string content;
  std::string stored_sha256;  // set: already on disk, `content` empty
  std::int64_t stored_size = 0;
  // Passed the screen (upload_screen.h): `content` is what may be stored. SubmitCase screens a new
  // file that has not: malware or an undecodable image is kInvalid (field "attachments", code
  // "malware" or "invalid_image"), an unreachable scanner kOverloaded; nothing is stored.
  bool screened = false;
};

// The attachment `id_text` (decimal) of the case, or nullopt.
std::optional<store::AttachmentRow> FindAttachment(const AppContext& ctx, std::int64_t case_id,
                                                   std::string_view id_text);

// The download response of an attachment: the stored media type, `attachment` disposition
// (`inline` only for images), nosniff, `default-src 'none'` CSP, no caching. 404 when its file
// is missing.
http::Response AttachmentResponse(const AppContext& ctx, const store::AttachmentRow& row,
                                  const std::string& request_id);

// [{"id", "name", "media_type", "size", "link"}] with link = link_prefix + id.
nlohmann::json AttachmentsJson(const std::vector<store::AttachmentRow>& rows,
                               const std::string& link_prefix);

}  // namespace tawasul::service
