// BuildMime, decoded again here in C++ (base64 by libsodium, RFC 2047 words and MIME parts by
// hand) so that the test does not trust the code it checks. tests/notify runs the same messages
// through a real SMTP server and Python's `email` parser.

#include <gtest/gtest.h>
#include <sodium.h>

#include <chrono>
#include <string>
#include <vector>

#include "notify/email.h"

namespace tawasul::notify {
namespace {

const auto kDate = std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));
const std::string kSubject = "تم استلام بلاغك رقم 2026-000123";
const std::string kText = "شكراً لتواصلك معنا.\nرقم البلاغ: 2026-000123\n";
const std::string kHtml = "<p>شكراً لتواصلك معنا. <b>2026-000123</b></p>";

std::string Base64Decode(const std::string& encoded) {
  std::string out(encoded.size(), '\0');
  std::size_t length = 0;
  const int rc =
      sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), encoded.data(),
                        encoded.size(), "\r\n", &length, nullptr, sodium_base64_VARIANT_ORIGINAL);
  EXPECT_EQ(rc, 0) << encoded;
  out.resize(length);
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find("\r\n", start)) != std::string::npos; start = end + 2) {
    lines.push_back(text.substr(start, end - start));
  }
  return lines;
}

std::string HeaderBlock(const std::string& mime) { return mime.substr(0, mime.find("\r\n\r\n")); }

// The unfolded value of the first header `name` ("" when absent).
std::string Header(const std::string& mime, const std::string& name) {
  const std::vector<std::string> lines = Lines(HeaderBlock(mime) + "\r\n");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind(name + ": ", 0) != 0) continue;
    std::string value = lines[i].substr(name.size() + 2);
    while (i + 1 < lines.size() && lines[i + 1].starts_with(" ")) value += lines[++i];
    return value;
  }
  return {};
}

// Words are "=?UTF-8?B?...?="; the space between two words is not part of the text.
std::vector<std::string> EncodedWords(const std::string& value) {
  std::vector<std::string> words;
  for (std::size_t at = 0; (at = value.find("=?UTF-8?B?", at)) != std::string::npos;) {
    const auto end = value.find("?=", at + 10);
    words.push_back(value.substr(at, end + 2 - at));
    at = end + 2;
  }
  return words;
}

std::string DecodeWords(const std::string& value) {
  std::string out;
  for (const std::string& word : EncodedWords(value)) {
    out += Base64Decode(word.substr(10, word.size() - 12));
  }
  return out;
}

struct Part {
  std::string headers;
  std::string body;
};

std::vector<Part> Parts(const std::string& mime, const std::string& boundary) {
  std::vector<Part> parts;
  const std::string delimiter = "\r\n--" + boundary;
  auto at = mime.find(delimiter);
  while (at != std::string::npos) {
    const auto start = at + delimiter.size();
    if (mime.compare(start, 2, "--") == 0) break;  // the closing delimiter
    const auto next = mime.find(delimiter, start);
    const std::string part = mime.substr(start + 2, next - start - 2);
    const auto blank = part.find("\r\n\r\n");
    parts.push_back({part.substr(0, blank), part.substr(blank + 4)});
    at = next;
  }
  return parts;
}

SmtpConfig Config() {
  SmtpConfig config;
  config.from = "Tawasul <noreply@tawasul.example>";
  return config;
}

EmailMessage ArabicMessage() {
  EmailMessage message;
  message.to = {"citizen@example.com"};
  message.subject = kSubject;
  message.text = kText;
  message.html = kHtml;
  message.language = "ar";
  message.message_id = "outbox-42.7f3a";
  message.unsubscribe_url = "https://tawasul.example/u?t=abc";
  message.idempotency_key = "outbox-42";
  return message;
}

TEST(BuildMimeTest, HeadersOfAnArabicMessage) {
  const std::string mime = BuildMime(Config(), ArabicMessage(), kDate);
  EXPECT_EQ(Header(mime, "Date"), "Thu, 01 Jan 2026 00:00:00 +0000");
  EXPECT_EQ(Header(mime, "From"), "Tawasul <noreply@tawasul.example>");
  EXPECT_EQ(Header(mime, "To"), "citizen@example.com");
  EXPECT_EQ(DecodeWords(Header(mime, "Subject")), kSubject);
  EXPECT_EQ(Header(mime, "Message-ID"), "<outbox-42.7f3a@tawasul.example>");
  EXPECT_EQ(Header(mime, "MIME-Version"), "1.0");
  EXPECT_EQ(Header(mime, "Content-Language"), "ar");
  EXPECT_EQ(Header(mime, "Auto-Submitted"), "auto-generated");
  EXPECT_EQ(Header(mime, "List-Unsubscribe"), "<https://tawasul.example/u?t=abc>");
  EXPECT_EQ(Header(mime, "List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
  EXPECT_EQ(Header(mime, "X-Tawasul-Idempotency-Key"), "outbox-42");
  EXPECT_TRUE(Header(mime, "Content-Type").starts_with("multipart/alternative; boundary=\"=_"));
}

TEST(BuildMimeTest, EveryLineEndsInCrlfAndHeadersAreSevenBit) {
  const std::string mime = BuildMime(Config(), ArabicMessage(), kDate);
  for (std::size_t i = 0; i < mime.size(); ++i) {
    if (mime[i] == '\n') {
      EXPECT_TRUE(i > 0 && mime[i - 1] == '\r') << i;
    }
    if (mime[i] == '\r') {
      EXPECT_TRUE(i + 1 < mime.size() && mime[i + 1] == '\n') << i;
    }
  }
  for (const char c : mime) EXPECT_LT(static_cast<unsigned char>(c), 0x80);
  for (const std::string& line : Lines(mime)) EXPECT_LE(line.size(), 78u) << line;
}

TEST(BuildMimeTest, LongArabicSubjectIsSplitBetweenWholeCharacters) {
  std::string subject;
  for (int i = 0; i < 12; ++i) subject += "بلاغ عن حفرة عميقة في الشارع ";
  EmailMessage message = ArabicMessage();
  message.subject = subject;
  const std::string mime = BuildMime(Config(), message, kDate);
  const std::vector<std::string> words = EncodedWords(Header(mime, "Subject"));
  ASSERT_GT(words.size(), 5u);
  for (const std::string& word : words) {
    EXPECT_LE(word.size(), 75u);
    // Each word decodes to whole UTF-8 characters: it neither starts nor ends inside one.
    const std::string bytes = Base64Decode(word.substr(10, word.size() - 12));
    EXPECT_NE(static_cast<unsigned char>(bytes.front()) & 0xC0, 0x80);
    const unsigned char last = static_cast<unsigned char>(bytes.back());
    EXPECT_TRUE(last < 0x80 || (last & 0xC0) == 0x80);
  }
  EXPECT_EQ(DecodeWords(Header(mime, "Subject")), subject);
}

TEST(BuildMimeTest, PlainAsciiSubjectStaysReadable) {
  EmailMessage message = ArabicMessage();
  message.subject = "Case 2026-000123 received";
  EXPECT_EQ(Header(BuildMime(Config(), message, kDate), "Subject"), "Case 2026-000123 received");
}

TEST(BuildMimeTest, PartsAreBase64OfTheInputBetweenBoundaries) {
  const std::string mime = BuildMime(Config(), ArabicMessage(), kDate);
  const std::string type = Header(mime, "Content-Type");
  const auto quote = type.find('"');
  const std::string boundary = type.substr(quote + 1, type.rfind('"') - quote - 1);
  ASSERT_FALSE(boundary.empty());
  EXPECT_NE(mime.find("\r\n--" + boundary + "--\r\n"), std::string::npos);

  const std::vector<Part> parts = Parts(mime, boundary);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].headers,
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64");
  EXPECT_EQ(parts[1].headers,
            "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64");
  for (const Part& part : parts) {
    for (const std::string& line : Lines(part.body)) EXPECT_LE(line.size(), 76u);
  }
  EXPECT_EQ(Base64Decode(parts[0].body), kText);
  const std::string html = Base64Decode(parts[1].body);
  EXPECT_NE(html.find("<html lang=\"ar\" dir=\"rtl\">"), std::string::npos) << html;
  EXPECT_NE(html.find(kHtml), std::string::npos);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
}

TEST(BuildMimeTest, TextOnlyMessageIsOnePart) {
  EmailMessage message = ArabicMessage();
  message.html.clear();
  const std::string mime = BuildMime(Config(), message, kDate);
  EXPECT_EQ(Header(mime, "Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(Header(mime, "Content-Transfer-Encoding"), "base64");
  EXPECT_EQ(Base64Decode(mime.substr(mime.find("\r\n\r\n") + 4)), kText);
}

TEST(BuildMimeTest, EnglishHtmlIsLeftToRightAndAWholeDocumentKeepsItsOwnDir) {
  EmailMessage message = ArabicMessage();
  message.language = "en";
  message.html = "<p>Received</p>";
  std::string mime = BuildMime(Config(), message, kDate);
  std::string type = Header(mime, "Content-Type");
  std::string boundary = type.substr(type.find('"') + 1, type.rfind('"') - type.find('"') - 1);
  EXPECT_NE(Base64Decode(Parts(mime, boundary)[1].body).find("<html lang=\"en\" dir=\"ltr\">"),
            std::string::npos);

  message.language = "ar";
  message.html = "<!DOCTYPE html><HTML><body>x</body></HTML>";
  mime = BuildMime(Config(), message, kDate);
  type = Header(mime, "Content-Type");
  boundary = type.substr(type.find('"') + 1, type.rfind('"') - type.find('"') - 1);
  EXPECT_EQ(Base64Decode(Parts(mime, boundary)[1].body),
            "<!DOCTYPE html><HTML lang=\"ar\" dir=\"rtl\"><body>x</body></HTML>");
}

TEST(BuildMimeTest, HeaderInjectionIsImpossible) {
  SmtpConfig config = Config();
  config.from = "Tawasul <noreply@tawasul.example>\r\nX-Evil: from";
  EmailMessage message = ArabicMessage();
  message.to = {"citizen@example.com\r\nBcc: victim@example.com"};
  message.subject = "Hello\r\nBcc: victim@example.com";
  message.message_id = "id\r\nX-Evil: id";
  message.idempotency_key = "key\r\nX-Evil: key";
  message.unsubscribe_url = "https://u.example/\r\nX-Evil: url";
  message.language = "ar\r\nX-Evil: language";
  const std::string mime = BuildMime(config, message, kDate);
  for (const std::string& line : Lines(HeaderBlock(mime) + "\r\n")) {
    EXPECT_FALSE(line.starts_with("Bcc")) << line;
    EXPECT_FALSE(line.starts_with("X-Evil")) << line;
  }
  EXPECT_EQ(mime.find("\r\n\r\n"), HeaderBlock(mime).size());  // no early end of the headers
}

TEST(BuildMimeTest, SameInputSameBytesAndMessageIdFromTheIdempotencyKey) {
  EmailMessage message = ArabicMessage();
  EXPECT_EQ(BuildMime(Config(), message, kDate), BuildMime(Config(), message, kDate));
  message.message_id.clear();
  const std::string id = Header(BuildMime(Config(), message, kDate), "Message-ID");
  EXPECT_TRUE(id.starts_with("<tawasul.")) << id;
  EXPECT_TRUE(id.ends_with("@tawasul.example>")) << id;
  message.text = "another text, the same message";
  EXPECT_EQ(Header(BuildMime(Config(), message, kDate), "Message-ID"), id);
  message.idempotency_key = "outbox-43";
  EXPECT_NE(Header(BuildMime(Config(), message, kDate), "Message-ID"), id);
}

TEST(BuildMimeTest, NonAsciiDisplayNameIsEncoded) {
  SmtpConfig config = Config();
  config.from = "تواصل <noreply@tawasul.example>";
  const std::string from = Header(BuildMime(config, ArabicMessage(), kDate), "From");
  EXPECT_TRUE(from.ends_with(" <noreply@tawasul.example>")) << from;
  EXPECT_EQ(DecodeWords(from), "تواصل");
  EXPECT_EQ(MailboxAddress("\"Tawasul, Ministry\" <noreply@tawasul.example>"),
            "noreply@tawasul.example");
  EXPECT_EQ(MailboxAddress(" plain@tawasul.example "), "plain@tawasul.example");
}

}  // namespace
}  // namespace tawasul::notify
