// The upload screen; see upload_screen.h.

#include "service/upload_screen.h"

#include <spdlog/spdlog.h>

#include "service/image_clean.h"

namespace tawasul::service {

UploadScreen::UploadScreen(UploadScreenOptions options) : options_(std::move(options)) {}

UploadScreen::Verdict UploadScreen::Screen(NewAttachment& a) const {
  if (options_.clamd) {
    ClamdSession session(*options_.clamd, options_.timeouts);
    ClamdVerdict verdict;
    if (auto ec = session.Scan(a.content, verdict)) {
      spdlog::warn("upload refused: clamd at {} did not scan it: {}", options_.clamd->Describe(),
                   ec.message());
      return Verdict::kScannerUnavailable;
    }
    if (verdict.infected) {
      spdlog::warn("upload refused: clamd found {}", verdict.signature);
      return Verdict::kInfected;
    }
  }
  if (IsCleanableImage(a.media_type)) {
    CleanedImage cleaned = StripImageMetadata(a.content, a.media_type);
    if (cleaned.error == CleanedImage::Error::kTooManyPixels) return Verdict::kImageTooLarge;
    if (cleaned.error != CleanedImage::Error::kNone) return Verdict::kNotAnImage;
    a.content = std::move(cleaned.bytes);
  }
  a.screened = true;
  return Verdict::kClean;
}

std::error_code UploadScreen::Ping() const {
  if (!options_.clamd) return {};
  ClamdSession session(*options_.clamd, options_.timeouts);
  return session.Ping();
}

std::string UploadScreen::Describe() const {
  return options_.clamd ? "clamd at " + options_.clamd->Describe() : "no malware scan";
}

}  // namespace tawasul::service
