// The multipart/form-data parser (http/multipart.h): boundaries, quoting, file names with path
// tricks, a missing final boundary, oversize parts and the bounds on parts and headers.

#include <gtest/gtest.h>

#include <string>

#include "http/multipart.h"

namespace tawasul::http {
namespace {

const std::string kB = "----XyZ123";

std::string Part(const std::string& disposition, const std::string& data,
                 const std::string& extra_headers = "") {
  return "--" + kB + "\r\nContent-Disposition: " + disposition + "\r\n" + extra_headers + "\r\n" +
         data + "\r\n";
}

std::string Close() { return "--" + kB + "--\r\n"; }

TEST(MultipartBoundaryTest, ReadsQuotedAndPlainBoundaries) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b:c\""), "a b:c");
  EXPECT_EQ(MultipartBoundary("multipart/form-data;boundary=----WebKitFormBoundaryQ1"),
            "----WebKitFormBoundaryQ1");
}

TEST(MultipartBoundaryTest, RefusesOtherTypesAndBadBoundaries) {
  EXPECT_FALSE(MultipartBoundary("application/x-www-form-urlencoded"));
  EXPECT_FALSE(MultipartBoundary("multipart/mixed; boundary=abc"));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data"));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary="));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'a')));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=\"abc"));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=a\"b<c"));
}

TEST(MultipartTest, ParsesFieldsAndFiles) {
  std::string body = "preamble to ignore\r\n" +
                     Part("form-data; name=\"subject\"", "Hello\r\nworld") +
                     Part("form-data; name=\"attachments\"; filename=\"photo.png\"",
                          std::string("\x89PNG\r\n\x1a\n\0\0", 10), "Content-Type: image/png\r\n") +
                     Close() + "epilogue";
  auto r = ParseMultipart(body, kB);
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.parts.size(), 2u);
  EXPECT_EQ(r.parts[0].name, "subject");
  EXPECT_FALSE(r.parts[0].filename);
  EXPECT_EQ(r.parts[0].data, "Hello\r\nworld");
  EXPECT_EQ(r.parts[1].name, "attachments");
  ASSERT_TRUE(r.parts[1].filename);
  EXPECT_EQ(*r.parts[1].filename, "photo.png");
  EXPECT_EQ(r.parts[1].content_type, "image/png");
  EXPECT_EQ(r.parts[1].data.size(), 10u);
  EXPECT_EQ(r.parts[1].size, 10u);
}

TEST(MultipartTest, QuotedNamesWithSemicolonsAndEscapes) {
  std::string body = Part("form-data; name=\"a;b\"; filename=\"x\\\"y;z.pdf\"", "1") + Close();
  auto r = ParseMultipart(body, kB);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.parts[0].name, "a;b");
  EXPECT_EQ(*r.parts[0].filename, "x\"y;z.pdf");
}

TEST(MultipartTest, PathTricksInFileNameAreKeptForTheCallerToSanitise) {
  // The parser reports what was sent; domain::SanitizeAttachmentName drops the path.
  auto r = ParseMultipart(
      Part("form-data; name=\"attachments\"; filename=\"../../etc/passwd\"", "x") + Close(), kB);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(*r.parts[0].filename, "../../etc/passwd");
}

TEST(MultipartTest, EmptyFileInputGivesEmptyFilename) {
  auto r = ParseMultipart(Part("form-data; name=\"attachments\"; filename=\"\"", "",
                               "Content-Type: application/octet-stream\r\n") +
                              Close(),
                          kB);
  ASSERT_TRUE(r.ok);
  ASSERT_TRUE(r.parts[0].filename);
  EXPECT_TRUE(r.parts[0].filename->empty());
  EXPECT_EQ(r.parts[0].size, 0u);
}

TEST(MultipartTest, MissingFinalBoundaryIsMalformed) {
  auto r = ParseMultipart(Part("form-data; name=\"a\"", "1") + "--" + kB +
                              "\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nno end",
                          kB);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "malformed");
  EXPECT_TRUE(r.parts.empty());
  // Data never closed by a delimiter at all.
  EXPECT_FALSE(
      ParseMultipart("--" + kB + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nabc", kB)
          .ok);
}

TEST(MultipartTest, MalformedInputs) {
  EXPECT_FALSE(ParseMultipart("", kB).ok);
  EXPECT_FALSE(ParseMultipart("no delimiter at all", kB).ok);
  EXPECT_FALSE(ParseMultipart("--" + kB + "garbage\r\n", kB).ok);
  // No Content-Disposition, or not form-data, or no name.
  EXPECT_FALSE(
      ParseMultipart("--" + kB + "\r\nContent-Type: text/plain\r\n\r\nx\r\n" + Close(), kB).ok);
  EXPECT_FALSE(ParseMultipart(Part("attachment; name=\"a\"", "x") + Close(), kB).ok);
  EXPECT_FALSE(ParseMultipart(Part("form-data; filename=\"a\"", "x") + Close(), kB).ok);
  EXPECT_FALSE(ParseMultipart("--" + kB + "\r\n\r\nx\r\n" + Close(), kB).ok);
  EXPECT_FALSE(ParseMultipart(Part("form-data; name=\"unterminated", "x") + Close(), kB).ok);
  EXPECT_FALSE(ParseMultipart(Part("form-data; name=\"a\"", "x") + Close(), "").ok);
  // A header line without a colon.
  EXPECT_FALSE(
      ParseMultipart("--" + kB +
                         "\r\nContent-Disposition: form-data; name=\"a\"\r\nbroken\r\n\r\nx\r\n" +
                         Close(),
                     kB)
          .ok);
}

TEST(MultipartTest, BoundaryTextInsideDataWithoutCrlfIsData) {
  std::string data = "x--" + kB + "y";
  auto r = ParseMultipart(Part("form-data; name=\"a\"", data) + Close(), kB);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.parts[0].data, data);
}

TEST(MultipartTest, OversizePartIsMarkedNotKept) {
  MultipartLimits limits;
  limits.max_part_bytes = 8;
  auto r = ParseMultipart(
      Part("form-data; name=\"attachments\"; filename=\"big.pdf\"", std::string(9, 'x')) +
          Part("form-data; name=\"small\"", std::string(8, 'y')) + Close(),
      kB, limits);
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.parts[0].oversize);
  EXPECT_TRUE(r.parts[0].data.empty());
  EXPECT_EQ(r.parts[0].size, 9u);
  EXPECT_FALSE(r.parts[1].oversize);
  EXPECT_EQ(r.parts[1].data, std::string(8, 'y'));
}

TEST(MultipartTest, TooManyPartsAndHugeHeadersRefused) {
  MultipartLimits limits;
  limits.max_parts = 3;
  std::string body;
  for (int i = 0; i < 4; ++i) body += Part("form-data; name=\"f\"", "v");
  body += Close();
  auto r = ParseMultipart(body, kB, limits);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "too_many_parts");

  limits = MultipartLimits{};
  limits.max_header_bytes = 64;
  auto h = ParseMultipart(
      Part("form-data; name=\"a\"", "v", "X-Pad: " + std::string(200, 'p') + "\r\n") + Close(), kB,
      limits);
  EXPECT_FALSE(h.ok);
  EXPECT_EQ(h.error, "header_too_large");
}

TEST(MultipartTest, ClosingDelimiterRightAfterOpeningIsEmptyForm) {
  auto r = ParseMultipart(Close(), kB);
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.parts.empty());
}

}  // namespace
}  // namespace tawasul::http
