// QR codes as SVG; see qr_code.h.

#include "web/qr_code.h"

#include <qrencode.h>

#include <memory>

#include "domain/html_escape.h"

namespace tawasul::web {

namespace {
constexpr int kQuietZone = 4;  // modules of white around the code (ISO/IEC 18004)
}  // namespace

std::string QrCodeSvg(std::string_view text, std::string_view label) {
  const std::string input(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString8bit(input.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!code) return {};
  const int width = code->width;
  const int size = width + 2 * kQuietZone;
  std::string path;
  path.reserve(static_cast<std::size_t>(width) * width * 4);
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      // Bit 0 of each byte is the module's colour (1: dark); the other bits are encoder data.
      if (code->data[y * width + x] & 1) {
        // Appended piece by piece (GCC 12 warns falsely on "M" + std::to_string(...)).
        path += 'M';
        path += std::to_string(x + kQuietZone);
        path += ' ';
        path += std::to_string(y + kQuietZone);
        path += "h1v1h-1z";
      }
    }
  }
  const std::string n = std::to_string(size);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr-code\" role=\"img\" aria-label=\"" +
         domain::HtmlEscape(label) + "\" viewBox=\"0 0 " + n + " " + n +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + n + "\" height=\"" + n +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

}  // namespace tawasul::web
