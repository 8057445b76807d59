#pragma once
// Markdown to HTML for the bodies of news items (docs/news.md), through Debian's cmark-gfm
// (CommonMark with the GitHub extensions: tables, strikethrough, autolinks).
//
// Invariants: rendered with CMARK_OPT_SAFE, so raw HTML in the source is dropped (a comment
// stands in its place) and links or images whose URL is javascript:, vbscript:, file: or a
// non-image data: become empty; the tag filter extension escapes the tags GitHub filters
// (<script>, <iframe>, <style>, ...) should an option ever let raw HTML through. The result is
// the one piece of HTML a page inserts unescaped; everything else stays escaped by mustache.

#include <string>
#include <string_view>

namespace tawasul::service {

std::string MarkdownToHtml(std::string_view markdown);

}  // namespace tawasul::service
