#pragma once
// A QR code as inline SVG, for the receipt page's link to the tracking page (issue 23). Encoded
// by libqrencode (error correction M, 8-bit mode); drawn as one <path> of one-module squares
// with the standard four-module quiet zone, black on white whatever the page's colours, so a
// phone camera reads it on screen and on paper. The SVG holds geometry only, never `text`.

#include <string>
#include <string_view>

namespace tawasul::web {

// The SVG element (with role="img" and `label` as its accessible name, HTML-escaped), or ""
// when libqrencode cannot encode `text` (too long for a QR code).
std::string QrCodeSvg(std::string_view text, std::string_view label);

}  // namespace tawasul::web
