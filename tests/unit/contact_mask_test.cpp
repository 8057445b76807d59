// The contact as a page shows it to whoever asked for a code (domain/contact_mask.h).

#include "domain/contact_mask.h"

#include <gtest/gtest.h>

namespace tawasul::domain {
namespace {

Contact Email(const std::string& v) { return {ContactKind::kEmail, v}; }
Contact Phone(const std::string& v) { return {ContactKind::kPhone, v}; }

TEST(ContactMaskTest, EmailShowsOnlyTheDomain) {
  EXPECT_EQ(MaskForScreen(Email("muwatin.ahmed@gmail.com")), "…@gmail.com");
  EXPECT_EQ(MaskForScreen(Email("a@b.bh")), "…@b.bh");
  // Nothing of the local part, whatever its length.
  EXPECT_EQ(MaskForScreen(Email("q@gov.bh")).find('q'), std::string::npos);
}

TEST(ContactMaskTest, PhoneShowsCountryCodeAndLastTwoDigits) {
  EXPECT_EQ(MaskForScreen(Phone("+97336001234")), "+973 •••• 34");
  EXPECT_EQ(MaskForScreen(Phone("+97366998812")), "+973 •••• 12");
  // Another country: no guessed country code, still only two digits.
  EXPECT_EQ(MaskForScreen(Phone("+447700900123")), "•••• 23");
  const std::string shown = MaskForScreen(Phone("+97336001234"));
  EXPECT_EQ(shown.find("3600"), std::string::npos);
  EXPECT_EQ(shown.find("1234"), std::string::npos);
}

TEST(ContactMaskTest, MalformedContactsShowNothing) {
  for (const char* bad : {"", "no-at-sign", "@example.com", "name@"}) {
    EXPECT_EQ(MaskForScreen(Email(bad)), "") << bad;
  }
  for (const char* bad : {"", "+973", "12345"}) {
    EXPECT_EQ(MaskForScreen(Phone(bad)), "") << bad;
  }
}

}  // namespace
}  // namespace tawasul::domain
