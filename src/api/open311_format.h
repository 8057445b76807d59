#pragma once
// What the Open311 handlers (open311_meta.cpp, open311_requests.cpp) share: the format named by
// the path's extension, the answer in XML or JSON from one ordered JSON value, the Open311 error
// shape, the language asked for, the key check and times in the calendar's zone.
//
// Invariants:
//  * One value renders both formats: XML elements take the JSON member names; an array's items
//    are named by Open311ItemName (services -> service, ...); strings are escaped, so the XML is
//    well-formed whatever the catalogue or a reference holds.
//  * Errors are Open311's shape, never problem+json: XML <errors><error><code/><description/>
//    </error></errors>, JSON [{"code":..,"description":..}]; the description names the field.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/routes.h"
#include "domain/api_key.h"
#include "domain/language.h"
#include "domain/time.h"

namespace tawasul::api {

enum class Open311Format { kXml, kJson };
using OrderedJson = nlohmann::ordered_json;

// "services.json" -> kJson and *stem "services"; nullopt without .xml or .json.
std::optional<Open311Format> Open311FileFormat(std::string_view file, std::string* stem = nullptr);
// The XML element of an item of the array named `array` ("services" -> "service").
std::string Open311ItemName(std::string_view array);
// `value` as an XML document whose root element is `root` (an array's items: Open311ItemName).
std::string Open311Xml(const OrderedJson& value, std::string_view root);
// A 200 (or `status`) answer in `format`; `root` names the XML root element.
http::Response Open311Answer(Open311Format format, std::string_view root, const OrderedJson& value,
                             int status = 200);
// An Open311 error: `description` should start with the field it is about ("lat: ...").
http::Response Open311Error(Open311Format format, int status, const std::string& description);
// ?locale=ar|en, else Accept-Language (the first of ar or en), else Arabic.
domain::Language Open311Language(const http::Request& req);
// W3C date-time in the calendar's zone (Asia/Bahrain: +03:00).
std::string Open311Time(const ApiContext& api, domain::Instant t);
// Checks the request's api_key for `scope`; on refusal answers (403, or 429 with Retry-After)
// and returns false. When allowed, sets *key_id (if given) to the key's id.
bool Open311KeyAllowed(ApiContext& api, const std::string& key, domain::ApiScope scope,
                       Open311Format format, const http::Reply& reply,
                       std::int64_t* key_id = nullptr);

}  // namespace tawasul::api
