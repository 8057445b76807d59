// The Open311 XML writer (api/open311_format.h): one JSON value, well-formed escaped XML.

#include <gtest/gtest.h>

#include "api/open311_format.h"

namespace tawasul::api {
namespace {

TEST(Open311XmlTest, NamesArrayItemsAndEscapes) {
  OrderedJson services = OrderedJson::array();
  services.push_back({{"service_code", "a&b"}, {"metadata", false}, {"group", "<x> \"q\" 'y'"}});
  EXPECT_EQ(Open311Xml(services, "services"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><services><service><service_code>a&amp;b"
            "</service_code><metadata>false</metadata><group>&lt;x&gt; &quot;q&quot; &#39;y&#39;"
            "</group></service></services>");
  OrderedJson errors = OrderedJson::array({{{"code", 404}, {"description", "x"}}});
  EXPECT_EQ(Open311Xml(errors, "errors"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><errors><error><code>404</code>"
            "<description>x</description></error></errors>");
  OrderedJson def = {{"service_code", "c"}, {"attributes", OrderedJson::array()}};
  EXPECT_EQ(Open311Xml(def, "service_definition"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><service_definition><service_code>c"
            "</service_code><attributes></attributes></service_definition>");
  EXPECT_EQ(Open311ItemName("service_requests"), "request");
  EXPECT_EQ(Open311ItemName("formats"), "format");
}

TEST(Open311XmlTest, EchoedTextStaysWellFormed) {
  // A control character and a byte that is not UTF-8, as a client could send in a field name.
  OrderedJson errors = OrderedJson::array({{{"code", 400},
                                            {"description", std::string("a\x01"
                                                                        "b\xff: x")}}});
  EXPECT_EQ(Open311Xml(errors, "errors"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><errors><error><code>400</code>"
            "<description>ab?: x</description></error></errors>");
  auto r = Open311Error(Open311Format::kJson, 400, std::string("a\xff: x"));
  EXPECT_EQ(r.body, "[{\"code\":400,\"description\":\"a\xef\xbf\xbd: x\"}]");
}

TEST(Open311XmlTest, FormatFromTheExtension) {
  std::string stem;
  EXPECT_EQ(Open311FileFormat("health.visits.json", &stem), Open311Format::kJson);
  EXPECT_EQ(stem, "health.visits");
  EXPECT_EQ(Open311FileFormat("26-0000001-3.xml", &stem), Open311Format::kXml);
  EXPECT_EQ(stem, "26-0000001-3");
  EXPECT_FALSE(Open311FileFormat("health.visits", &stem));
  EXPECT_FALSE(Open311FileFormat("x.html"));
}

}  // namespace
}  // namespace tawasul::api
