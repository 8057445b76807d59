// The submission form's body and its files; see uploads.h.

#include "web/uploads.h"

#include <chrono>

#include "domain/attachment.h"
#include "domain/case_token.h"
#include "domain/time.h"
#include "http/multipart.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

std::string Named(domain::Language lang, const std::string& key, const std::string& name) {
  return "«" + name + "»: " + Text(lang, key);
}

std::int64_t NowUnix() { return domain::Now().time_since_epoch().count(); }

std::string Hex(std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view s) {
  if (s.size() % 2 != 0) return std::nullopt;
  auto v = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    int hi = v(s[i]), lo = v(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string KeptSubject(const KeptAttachment& k) {
  return k.media_type + "|" + std::to_string(k.size) + "|" + k.file_name;
}

// Keeps the text fields and checks the attachment_ref ones.
void AddField(SubmittedForm& out, std::string name, std::string value, const std::string& pepper,
              domain::Language lang) {
  if (name == "attachment_ref") {
    if (auto k = DecodeKept(pepper, value)) {
      out.kept.push_back(std::move(*k));
    } else {
      out.attachment_errors.push_back(Text(lang, "cz_err_ref_expired"));
    }
    return;
  }
  out.fields.emplace_back(std::move(name), std::move(value));
}

}  // namespace

std::string FormatFileSize(std::int64_t bytes, domain::Language lang) {
  const bool ar = Ar(lang);
  if (bytes < 1024) return FormatCount(bytes, lang) + (ar ? " بايت" : " B");
  if (bytes < 1024 * 1024) return FormatCount((bytes + 1023) / 1024, lang) + (ar ? " ك.ب" : " KB");
  std::int64_t tenths = (bytes * 10 + 1024 * 1024 - 1) / (1024 * 1024);
  return FormatCount(tenths / 10, lang) + (ar ? "٫" : ".") + FormatCount(tenths % 10, lang) +
         (ar ? " م.ب" : " MB");
}

std::string EncodeKept(const std::string& pepper, const KeptAttachment& k) {
  // sha256 . media type . size . hex(name) . token (the token holds one more dot).
  return k.sha256 + "." + k.media_type + "." + std::to_string(k.size) + "." + Hex(k.file_name) +
         "." + domain::MakeCaseToken(pepper, "att", k.sha256, KeptSubject(k), NowUnix());
}

std::optional<KeptAttachment> DecodeKept(const std::string& pepper, std::string_view ref) {
  std::string_view parts[4];
  for (auto& p : parts) {
    auto dot = ref.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    p = ref.substr(0, dot);
    ref.remove_prefix(dot + 1);
  }
  KeptAttachment k;
  k.sha256 = std::string(parts[0]);
  k.media_type = std::string(parts[1]);
  if (parts[2].empty() || parts[2].size() > 9 ||
      parts[2].find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  k.size = std::stoll(std::string(parts[2]));
  auto name = Unhex(parts[3]);
  if (!name) return std::nullopt;
  k.file_name = std::move(*name);
  if (!domain::VerifyCaseToken(pepper, ref, "att", k.sha256, KeptSubject(k), NowUnix()))
    return std::nullopt;
  return k;
}

SubmittedForm ReadSubmittedForm(const http::Request& req, domain::Language lang,
                                const std::string& pepper) {
  SubmittedForm out;
  auto boundary = http::MultipartBoundary(req.Header("Content-Type"));
  if (!boundary) {
    for (auto& [k, v] : http::ParseUrlEncoded(req.body)) AddField(out, k, v, pepper, lang);
    return out;
  }
  http::MultipartLimits limits;
  limits.max_parts = 40;
  limits.max_part_bytes = domain::kMaxAttachmentBytes;
  auto parsed = http::ParseMultipart(req.body, *boundary, limits);
  if (!parsed.ok) {
    out.malformed = true;
    return out;
  }
  std::size_t files = 0;
  for (const auto& part : parsed.parts) {
    if (!part.filename && part.name == "attachment_ref") ++files;
  }
  bool too_many = false;
  for (auto& part : parsed.parts) {
    if (!part.filename) {
      // A text field larger than a file may be is simply dropped (its validation then fails).
      if (!part.oversize) AddField(out, part.name, std::move(part.data), pepper, lang);
      continue;
    }
    if (part.name != "attachments") continue;
    if (part.filename->empty() && part.size == 0) continue;  // the input left empty
    if (++files > domain::kMaxAttachments) {
      too_many = true;
      continue;
    }
    if (part.oversize) {
      out.attachment_errors.push_back(
          Named(lang, "cz_err_too_big", domain::SanitizeAttachmentName(*part.filename, "")));
      continue;
    }
    auto type = domain::SniffAttachmentType(part.data);
    if (!type) {
      out.attachment_errors.push_back(
          Named(lang, "cz_err_bad_type", domain::SanitizeAttachmentName(*part.filename, "")));
      continue;
    }
    service::NewAttachment a;
    a.file_name = domain::SanitizeAttachmentName(*part.filename, *type);
    a.media_type = *type;
    a.content = std::move(part.data);
    out.attachments.push_back(std::move(a));
  }
  if (too_many)
    out.attachment_errors.insert(out.attachment_errors.begin(), Text(lang, "cz_err_too_many"));
  return out;
}

bool ScreenUploads(const service::UploadScreen* screen, SubmittedForm& form,
                   domain::Language lang) {
  if (!screen) return true;
  using Verdict = service::UploadScreen::Verdict;
  std::vector<service::NewAttachment> clean;
  for (auto& a : form.attachments) {
    switch (screen->Screen(a)) {
      case Verdict::kClean:
        clean.push_back(std::move(a));
        break;
      case Verdict::kScannerUnavailable:
        return false;
      case Verdict::kInfected:
        form.attachment_errors.push_back(Named(lang, "cz_err_malware", a.file_name));
        break;
      case Verdict::kNotAnImage:
        form.attachment_errors.push_back(Named(lang, "cz_err_bad_image", a.file_name));
        break;
      case Verdict::kImageTooLarge:
        form.attachment_errors.push_back(Named(lang, "cz_err_image_too_large", a.file_name));
        break;
    }
  }
  form.attachments = std::move(clean);
  return true;
}

}  // namespace tawasul::web
