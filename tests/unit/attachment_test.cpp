// Attachment rules (domain/attachment.h): type sniffed from the bytes, names sanitised,
// Content-Disposition built safely; and the signed case tokens (domain/case_token.h).

#include <gtest/gtest.h>

#include <string>

#include "domain/attachment.h"
#include "domain/case_token.h"

namespace tawasul::domain {
namespace {

TEST(AttachmentSniffTest, AcceptsTheFiveFormatsByTheirMagicBytes) {
  EXPECT_EQ(SniffAttachmentType("\xFF\xD8\xFF\xE0rest"), "image/jpeg");
  EXPECT_EQ(SniffAttachmentType(std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16)), "image/png");
  EXPECT_EQ(SniffAttachmentType("GIF89a...."), "image/gif");
  EXPECT_EQ(SniffAttachmentType("GIF87a...."), "image/gif");
  EXPECT_EQ(SniffAttachmentType(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), "image/webp");
  EXPECT_EQ(SniffAttachmentType("%PDF-1.7\n%..."), "application/pdf");
}

TEST(AttachmentSniffTest, RefusesEverythingElse) {
  EXPECT_FALSE(SniffAttachmentType(""));
  EXPECT_FALSE(SniffAttachmentType("<html><script>alert(1)</script>"));
  EXPECT_FALSE(SniffAttachmentType("<?xml version=\"1.0\"?><svg/>"));
  EXPECT_FALSE(SniffAttachmentType("PK\x03\x04zip"));
  EXPECT_FALSE(SniffAttachmentType("\x89PNG\r\n"));  // truncated signature
  EXPECT_FALSE(SniffAttachmentType("RIFF\x10\0\0\0WAVE"));
  EXPECT_FALSE(SniffAttachmentType(" %PDF-1.7"));
  EXPECT_FALSE(SniffAttachmentType("MZ\x90\0"));
}

TEST(AttachmentSniffTest, OnlyImagesInline) {
  EXPECT_TRUE(IsInlineImage("image/png"));
  EXPECT_TRUE(IsInlineImage("image/webp"));
  EXPECT_FALSE(IsInlineImage("application/pdf"));
  EXPECT_FALSE(IsInlineImage("image/svg+xml"));
  EXPECT_FALSE(IsInlineImage("text/html"));
}

TEST(AttachmentNameTest, DropsPathsAndControls) {
  EXPECT_EQ(SanitizeAttachmentName("../../etc/passwd", "application/pdf"), "passwd");
  EXPECT_EQ(SanitizeAttachmentName("C:\\Users\\me\\scan.pdf", "application/pdf"), "scan.pdf");
  EXPECT_EQ(SanitizeAttachmentName("a\r\nb\tc\x01.png", "image/png"), "abc.png");
  EXPECT_EQ(SanitizeAttachmentName("..", "image/png"), "attachment.png");
  EXPECT_EQ(SanitizeAttachmentName("", "application/pdf"), "attachment.pdf");
  EXPECT_EQ(SanitizeAttachmentName(".hidden.png", "image/png"), "hidden.png");
  EXPECT_EQ(SanitizeAttachmentName("\"<img>\".png", "image/png"), "img.png");
  // Bidi overrides that would disguise an extension are dropped.
  EXPECT_EQ(SanitizeAttachmentName("photo\xE2\x80\xAEgnp.exe", ""), "photognp.exe");
  // Invalid UTF-8 bytes are dropped; Arabic is kept.
  EXPECT_EQ(SanitizeAttachmentName("\xFF\xFE"
                                   "صورة.jpg",
                                   "image/jpeg"),
            "صورة.jpg");
}

TEST(AttachmentNameTest, LimitsLengthOnACharacterBoundaryKeepingTheExtension) {
  std::string arabic;
  for (int i = 0; i < 100; ++i) arabic += "ص";  // 2 bytes each
  std::string name = SanitizeAttachmentName(arabic + ".pdf", "application/pdf");
  EXPECT_LE(name.size(), kMaxAttachmentNameBytes);
  EXPECT_EQ(name.substr(name.size() - 4), ".pdf");
  EXPECT_EQ((name.size() - 4) % 2, 0u) << "cut inside a character";
}

TEST(AttachmentNameTest, ContentDispositionIsSafe) {
  EXPECT_EQ(ContentDisposition("scan.pdf", false),
            "attachment; filename=\"scan.pdf\"; filename*=UTF-8''scan.pdf");
  std::string d = ContentDisposition("a \"b\";\r\n.png", true);
  EXPECT_EQ(d.rfind("inline; ", 0), 0u);
  EXPECT_EQ(d.find('\r'), std::string::npos);
  EXPECT_EQ(d.find("\"b\""), std::string::npos);
  EXPECT_NE(ContentDisposition("صورة.png", false).find("filename*=UTF-8''%D8%B5"),
            std::string::npos);
}

TEST(CaseTokenTest, VerifiesOnlyTheSameThingUntilExpiry) {
  const std::string pepper(32, 'k');
  const std::int64_t now = 1'800'000'000;
  std::string t = MakeCaseToken(pepper, "dl", "26-0000001-7", "3", now);
  EXPECT_TRUE(VerifyCaseToken(pepper, t, "dl", "26-0000001-7", "3", now));
  EXPECT_TRUE(VerifyCaseToken(pepper, t, "dl", "26-0000001-7", "3", now + kCaseTokenSeconds));
  EXPECT_FALSE(VerifyCaseToken(pepper, t, "dl", "26-0000001-7", "3", now + kCaseTokenSeconds + 1));
  EXPECT_FALSE(VerifyCaseToken(pepper, t, "dl", "26-0000001-7", "4", now));
  EXPECT_FALSE(VerifyCaseToken(pepper, t, "act", "26-0000001-7", "3", now));
  EXPECT_FALSE(VerifyCaseToken(pepper, t, "dl", "26-0000002-5", "3", now));
  EXPECT_FALSE(VerifyCaseToken(std::string(32, 'j'), t, "dl", "26-0000001-7", "3", now));
  std::string forged = t;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_FALSE(VerifyCaseToken(pepper, forged, "dl", "26-0000001-7", "3", now));
  // A later expiry written into the token breaks the MAC.
  std::string later = std::to_string(now + kCaseTokenSeconds + 100) + t.substr(t.find('.'));
  EXPECT_FALSE(VerifyCaseToken(pepper, later, "dl", "26-0000001-7", "3", now));
  EXPECT_FALSE(VerifyCaseToken(pepper, "", "dl", "26-0000001-7", "3", now));
  EXPECT_FALSE(VerifyCaseToken(pepper, "x.y", "dl", "26-0000001-7", "3", now));
}

}  // namespace
}  // namespace tawasul::domain
