// Image metadata removal with libvips; see image_clean.h.

#include "service/image_clean.h"

#include <vips/vips.h>

#include <mutex>
#include <stdexcept>

namespace tawasul::service {

namespace {

enum class Format { kJpeg, kPng, kWebp, kGif, kNone };

Format FormatOf(std::string_view media_type) {
  if (media_type == "image/jpeg") return Format::kJpeg;
  if (media_type == "image/png") return Format::kPng;
  if (media_type == "image/webp") return Format::kWebp;
  if (media_type == "image/gif") return Format::kGif;
  return Format::kNone;
}

void InitVips() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT("tawasul") != 0) throw std::runtime_error("libvips failed to initialise");
    // No decoded photo is kept for reuse: memory and privacy.
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    // One worker per call: uploads already run on their own pool.
    vips_concurrency_set(1);
  });
}

// Owns one reference to a VipsImage.
class Image {
 public:
  Image() = default;
  ~Image() { Reset(nullptr); }
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;
  VipsImage** out() {
    Reset(nullptr);
    return &img_;
  }
  VipsImage* get() const { return img_; }
  // Takes `next` (produced from this one) in its place.
  void Replace(Image& next) {
    VipsImage* taken = next.img_;
    next.img_ = nullptr;
    Reset(taken);
  }

 private:
  void Reset(VipsImage* next) {
    if (img_) g_object_unref(img_);
    img_ = next;
  }
  VipsImage* img_ = nullptr;
};

// Loads with the sniffed format's own loader only; nonzero on failure. The pixels are decoded
// later, when saving (where a damaged file then fails).
int Load(Format f, std::string_view content, Image& img) {
  void* buf = const_cast<char*>(content.data());  // libvips reads the buffer only
  const std::size_t len = content.size();
  switch (f) {
    case Format::kJpeg:
      return vips_jpegload_buffer(buf, len, img.out(), "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
    case Format::kPng:
      return vips_pngload_buffer(buf, len, img.out(), "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
    case Format::kWebp:  // every frame of an animation
      return vips_webpload_buffer(buf, len, img.out(), "n", -1, "fail_on", VIPS_FAIL_ON_ERROR,
                                  nullptr);
    case Format::kGif:
      return vips_gifload_buffer(buf, len, img.out(), "n", -1, "fail_on", VIPS_FAIL_ON_ERROR,
                                 nullptr);
    case Format::kNone:
      break;
  }
  return -1;
}

// Saves without any metadata ("strip"); nonzero on failure.
int Save(Format f, VipsImage* img, void** buf, std::size_t* len) {
  switch (f) {
    case Format::kJpeg:
      return vips_jpegsave_buffer(img, buf, len, "strip", TRUE, "Q", 90, nullptr);
    case Format::kPng:
      return vips_pngsave_buffer(img, buf, len, "strip", TRUE, nullptr);
    case Format::kWebp:
      return vips_webpsave_buffer(img, buf, len, "strip", TRUE, "Q", 90, nullptr);
    case Format::kGif:
      return vips_gifsave_buffer(img, buf, len, "strip", TRUE, nullptr);
    case Format::kNone:
      break;
  }
  return -1;
}

CleanedImage Failed(CleanedImage::Error e) {
  vips_error_clear();  // the message may describe the file; it is not kept or logged
  CleanedImage out;
  out.error = e;
  return out;
}

}  // namespace

bool IsCleanableImage(std::string_view media_type) { return FormatOf(media_type) != Format::kNone; }

CleanedImage StripImageMetadata(std::string_view content, std::string_view media_type) {
  InitVips();  // first: even Failed's vips_error_clear needs it
  const Format f = FormatOf(media_type);
  if (f == Format::kNone || content.empty()) return Failed(CleanedImage::Error::kUndecodable);
  Image img;
  if (Load(f, content, img) != 0) return Failed(CleanedImage::Error::kUndecodable);
  // The header alone gives the size (every frame: `height` counts them all with n=-1).
  const std::int64_t pixels =
      static_cast<std::int64_t>(vips_image_get_width(img.get())) * vips_image_get_height(img.get());
  if (pixels <= 0 || pixels > kMaxImagePixels) return Failed(CleanedImage::Error::kTooManyPixels);
  const bool animated = vips_image_get_n_pages(img.get()) > 1;
  if (!animated && f != Format::kGif) {
    // The EXIF orientation, applied to the pixels (the tag itself goes with the metadata).
    Image rotated;
    if (vips_autorot(img.get(), rotated.out(), nullptr) != 0)
      return Failed(CleanedImage::Error::kUndecodable);
    img.Replace(rotated);
    // A colour profile other than sRGB would be lost with the metadata: apply it instead.
    if (vips_image_get_typeof(img.get(), VIPS_META_ICC_NAME) != 0) {
      Image srgb;
      if (vips_icc_transform(img.get(), srgb.out(), "srgb", "embedded", TRUE, nullptr) == 0) {
        img.Replace(srgb);
      } else {
        vips_error_clear();  // a broken profile: keep the pixels as they are
      }
    }
  }
  void* buf = nullptr;
  std::size_t len = 0;
  if (Save(f, img.get(), &buf, &len) != 0) {
    if (buf) g_free(buf);
    return Failed(CleanedImage::Error::kUndecodable);
  }
  CleanedImage out;
  out.bytes.assign(static_cast<const char*>(buf), len);
  g_free(buf);
  return out;
}

}  // namespace tawasul::service
