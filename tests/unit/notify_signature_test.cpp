// WebhookSignature against an HMAC-SHA256 computed here another way (RFC 2104 over libsodium's
// plain SHA-256, itself checked against RFC 4231's test vectors and a value from Python's hmac),
// webhook URL checks, and the SMS gateway template loader's errors.

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <string>

#include "notify/sms.h"
#include "notify/webhook.h"

namespace tawasul::notify {
namespace {

std::string Sha256(const std::string& data) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  return std::string(digest.begin(), digest.end());
}

// RFC 2104: H((K ^ opad) || H((K ^ ipad) || m)), K hashed first when longer than the block.
std::string ReferenceHmacSha256Hex(std::string key, const std::string& message) {
  constexpr std::size_t kBlock = 64;
  if (key.size() > kBlock) key = Sha256(key);
  key.resize(kBlock, '\0');
  std::string inner_pad = key;
  std::string outer_pad = key;
  for (std::size_t i = 0; i < kBlock; ++i) {
    inner_pad[i] = static_cast<char>(inner_pad[i] ^ 0x36);
    outer_pad[i] = static_cast<char>(outer_pad[i] ^ 0x5c);
  }
  const std::string mac = Sha256(outer_pad + Sha256(inner_pad + message));
  std::string hex(mac.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(mac.data()),
                 mac.size());
  hex.pop_back();
  return hex;
}

TEST(WebhookSignatureTest, ReferenceHmacMatchesRfc4231) {
  ASSERT_GE(sodium_init(), 0);
  EXPECT_EQ(ReferenceHmacSha256Hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");  // case 1
  EXPECT_EQ(ReferenceHmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");  // case 2
  EXPECT_EQ(ReferenceHmacSha256Hex(std::string(131, '\xaa'),
                                   "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");  // case 6
}

TEST(WebhookSignatureTest, IsV1HexHmacOfTimestampDotBody) {
  const std::string body =
      R"({"event":"case.received","reference":"2026-000123","subject":"حفرة"})";
  const std::string signature = WebhookSignature("whsec_3f9a1c", 1767225600, body);
  // python3 -c 'import hmac,hashlib; print(hmac.new(b"whsec_3f9a1c",
  //   b"1767225600." + BODY.encode(), hashlib.sha256).hexdigest())'
  EXPECT_EQ(signature, "v1=71ec4a199095fc33e2d4a9efe06012aa4759f49611b0b28141cebfb739459de7");
  EXPECT_EQ(signature, "v1=" + ReferenceHmacSha256Hex("whsec_3f9a1c", "1767225600." + body));
  // Keys longer than SHA-256's block are hashed first, as RFC 2104 says.
  const std::string long_secret(100, 'k');
  EXPECT_EQ(WebhookSignature(long_secret, 42, "{}"),
            "v1=" + ReferenceHmacSha256Hex(long_secret, "42.{}"));
  // Any change to the timestamp, the body or the secret changes the signature.
  EXPECT_NE(WebhookSignature("whsec_3f9a1c", 1767225601, body), signature);
  EXPECT_NE(WebhookSignature("whsec_3f9a1c", 1767225600, body + " "), signature);
  EXPECT_NE(WebhookSignature("whsec_3f9a1d", 1767225600, body), signature);
}

TEST(WebhookUrlTest, OnlyHttpAndHttpsWithAHost) {
  EXPECT_TRUE(IsValidWebhookUrl("https://hooks.example.gov/tawasul"));
  EXPECT_TRUE(IsValidWebhookUrl("http://127.0.0.1:8080/hook?x=1"));
  EXPECT_TRUE(IsValidWebhookUrl("HTTPS://Hooks.Example.gov/"));
  for (const char* bad : {"", "ftp://example.com/x", "file:///etc/passwd", "gopher://x/",
                          "javascript:alert(1)", "hooks.example.gov/tawasul", "http://",
                          "https:///path", "http://exa mple.com/", "http://host/\r\nX: y"}) {
    EXPECT_FALSE(IsValidWebhookUrl(bad)) << bad;
  }
}

TEST(SmsGatewayConfigTest, JsonTemplateWithHeaders) {
  std::string error;
  const SmsGatewayConfig config = LoadSmsGatewayConfig(
      "https://sms.example.com/v1/messages",
      "Content-Type: application/json\r\nAuthorization: Bearer xyz\r\n\r\n"
      "{\"to\": \"{{to}}\", \"text\": \"{{ text }}\", \"client_ref\": \"{{id}}\"}\r\n",
      error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(config.url, "https://sms.example.com/v1/messages");
  EXPECT_EQ(config.content_type, "application/json");
  EXPECT_EQ(config.headers, std::vector<std::string>{"Authorization: Bearer xyz"});
  EXPECT_EQ(config.body_template,
            "{\"to\": \"{{to}}\", \"text\": \"{{ text }}\", \"client_ref\": \"{{id}}\"}");
  EXPECT_EQ(config.method, "POST");
}

TEST(SmsGatewayConfigTest, FormBodyWithoutHeadersIsGuessedForm) {
  std::string error;
  const SmsGatewayConfig config =
      LoadSmsGatewayConfig("http://gw.local/send", "to={{to}}&msg={{text}}\n", error);
  EXPECT_EQ(error, "");
  EXPECT_TRUE(config.headers.empty());
  EXPECT_EQ(config.content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(config.body_template, "to={{to}}&msg={{text}}");
}

TEST(SmsGatewayConfigTest, PlaceholdersMayBeInTheUrl) {
  std::string error;
  LoadSmsGatewayConfig("https://gw.example/send?to={{to}}&text={{text}}", "", error);
  EXPECT_EQ(error, "");
}

TEST(SmsGatewayConfigTest, RefusesWhatItCannotSend) {
  const std::string ok_body = "{\"to\": \"{{to}}\", \"text\": \"{{text}}\"}";
  struct Case {
    std::string url;
    std::string file;
    std::string error_contains;
  };
  const Case cases[] = {
      {"ftp://gw.example/sms", ok_body, "http:// or https://"},
      {"smtp://gw.example", ok_body, "http:// or https://"},
      {"", ok_body, "http:// or https://"},
      {"https://gw.example/sms", R"({"to": "{{to}}", "text": "{{text}}", "x": "{{phone}}"})",
       "{{phone}}"},
      {"https://gw.example/sms?key={{api_key}}", ok_body, "{{api_key}}"},
      {"https://gw.example/sms", "X-Ref: {{reference}}\n\n" + ok_body, "{{reference}}"},
      {"https://gw.example/sms", R"x({"to": "{{to}}", "text": "{{text"})x", "unterminated"},
      {"https://gw.example/sms", R"({"text": "{{text}}"})", "{{to}}"},
      {"https://gw.example/sms", R"({"to": "{{to}}"})", "{{text}}"},
      {"https://gw.example/sms", "Content-Type: application/json\nnot a header\n\n" + ok_body,
       "line 2"},
  };
  for (const Case& c : cases) {
    std::string error;
    const SmsGatewayConfig config = LoadSmsGatewayConfig(c.url, c.file, error);
    EXPECT_NE(error.find(c.error_contains), std::string::npos)
        << c.url << " | " << c.file << " -> " << error;
    EXPECT_TRUE(config.url.empty());
  }
}

}  // namespace
}  // namespace tawasul::notify
