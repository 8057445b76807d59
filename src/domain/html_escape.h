#pragma once
// Escaping text into HTML or XML that the service builds itself (search snippets, SVG charts):
// & < > " ' become entities, so the text can go in element content and in quoted attributes.
// Templates do not need this: mustache's {{ }} escapes by itself. Pure, so every layer (the
// pages, the email channel, the delivery worker) escapes the one way.

#include <string>
#include <string_view>

namespace tawasul::domain {

// Appends `text` to `out`, escaped.
void AppendHtmlEscaped(std::string& out, std::string_view text);
// `text`, escaped.
std::string HtmlEscape(std::string_view text);

}  // namespace tawasul::domain
