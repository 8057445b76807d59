#pragma once
// Reading the submission form (web/templates/submit.mustache): application/x-www-form-urlencoded
// as before, or multipart/form-data when files are attached (http/multipart.h). The files of the
// `attachments` input are checked here (count, size, type sniffed from the bytes, name
// sanitised), then screened (malware scan, image metadata removed: ScreenUploads); problems come
// back as messages for the field, and nothing is stored by this code.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"
#include "service/attachments.h"
#include "service/upload_screen.h"
#include "web/page_util.h"

namespace tawasul::web {

// A file stored while the citizen reviewed the submission, carried by the review page (and the
// form shown again by "edit") as a signed `attachment_ref` field (domain/case_token.h, purpose
// "att"), so a client cannot name another file or alter its name or size.
struct KeptAttachment {
  std::string sha256;
  std::string media_type;
  std::string file_name;
  std::int64_t size = 0;
};
std::string EncodeKept(const std::string& pepper, const KeptAttachment& kept);
std::optional<KeptAttachment> DecodeKept(const std::string& pepper, std::string_view ref);

struct SubmittedForm {
  bool malformed = false;                           // an unreadable body: answer 400
  Form fields;                                      // every text field, in order
  std::vector<service::NewAttachment> attachments;  // accepted files (new ones)
  std::vector<KeptAttachment> kept;                 // valid attachment_ref fields
  std::vector<std::string> attachment_errors;       // messages in the page's language
};

// Parses the request's body by its Content-Type.
// A file size for people: "512 B", "14 KB", "3.2 MB", with the language's digits.
std::string FormatFileSize(std::int64_t bytes, domain::Language lang);

// Parses the request's body by its Content-Type; `pepper` checks attachment_ref fields.
SubmittedForm ReadSubmittedForm(const http::Request& req, domain::Language lang,
                                const std::string& pepper);

// Screens the new files (service/upload_screen.h; `screen` null: none): an infected file, or an
// image that does not decode or is too large, becomes a message naming it in
// `attachment_errors`; the others are replaced by their cleaned bytes. False when the scanner
// could not scan them (answer 503; nothing is stored). Blocking: runs on the upload pool.
bool ScreenUploads(const service::UploadScreen* screen, SubmittedForm& form, domain::Language lang);

}  // namespace tawasul::web
