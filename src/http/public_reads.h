#pragma once
// Conventions integrators expect on the public read-only answers (issue 17 item 4; docs/api.md
// "Caching and CORS"): a strong ETag and If-None-Match -> 304, and CORS for any origin. The
// server (server.cpp) applies them to the routes ServerOptions::public_reads names, so a handler
// does nothing for them and no other route is affected.
//
// Invariants:
//  * The ETag is the body's BLAKE2b-128 in hex, quoted: strong (same bytes, same tag), computed
//    in place over the body the handler made (no copy), only for a 200.
//  * A 304 keeps the 200's headers (ETag, Cache-Control, Vary) and has no body.
//  * CORS is `Access-Control-Allow-Origin: *` without credentials: these answers are the same
//    for everyone and carry no personal data; a preflight allows GET and HEAD only.

#include <string>
#include <string_view>

#include "http/message.h"

namespace tawasul::http {

// "\"<32 hex digits>\"": the strong entity tag of `body`.
std::string BodyETag(std::string_view body);
// True when an If-None-Match header value names `etag` (weak comparison: W/ ignored) or is "*".
bool IfNoneMatchHits(std::string_view if_none_match, std::string_view etag);
// Completes the answer `r` to `req` (GET or HEAD) on a public read: CORS, and for a 200 the ETag
// and, when If-None-Match names it, the 304.
void FinishPublicRead(const Request& req, Response& r);
// The 204 answer to a CORS preflight (OPTIONS) of a public read.
Response PublicPreflight();

}  // namespace tawasul::http
