#pragma once
// What every uploaded file goes through before it is stored where staff can fetch it and before
// a case refers to it (issue 21 "clean uploads"; docs/operations.md "Malware scanning"):
//   1. a malware scan of the bytes as received, by clamd (clamd.h), when one is configured;
//   2. for images, the metadata removed by re-encoding (image_clean.h); the stored file, its
//      size and its SHA-256 (and so the submission digest of docs/audit.md) are the cleaned ones.
//
// Invariants:
// - With a clamd configured, a file is never accepted unscanned: a clamd that is down, times out
//   or answers anything but OK or FOUND makes Screen answer kScannerUnavailable (the caller
//   answers 503 and stores nothing). Without one, files are not scanned, which the startup log
//   says (docs/decisions.md 2026-12-07).
// - Screen sets `screened` only on kClean; SubmitCase (case_service.h) screens any new file that
//   arrives unscreened, so no adapter can store a file past this.
// - The log names the clamd endpoint, the error and the signature found, never the file's name
//   or content (personal data).

#include <optional>
#include <string>
#include <system_error>

#include "service/attachments.h"
#include "service/clamd.h"

namespace tawasul::service {

struct UploadScreenOptions {
  std::optional<ClamdEndpoint> clamd;  // nullopt: no malware scan
  ClamdTimeouts timeouts;
};

class UploadScreen {
 public:
  explicit UploadScreen(UploadScreenOptions options);

  enum class Verdict { kClean, kInfected, kNotAnImage, kImageTooLarge, kScannerUnavailable };
  // Scans `a.content` and, for an image, replaces it with its cleaned re-encoding. Blocking (a
  // round trip to clamd and a decode): call it off the I/O threads.
  Verdict Screen(NewAttachment& a) const;

  bool scanning() const { return options_.clamd.has_value(); }
  // The startup check: PING, when scanning.
  std::error_code Ping() const;
  // "clamd at <socket or host:port>", or "no malware scan".
  std::string Describe() const;

 private:
  UploadScreenOptions options_;
};

}  // namespace tawasul::service
