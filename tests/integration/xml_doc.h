#pragma once
// A parsed XML answer for the Open311 tests (open311_test.cpp, open311_updates_test.cpp):
// well-formed or ok() is false; XPath counts and texts. libxml2, never the network.

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <memory>
#include <string>

namespace tawasul_test {

// A parsed XML answer: well-formed or a test failure. XPath counts and texts.
class XmlDoc {
 public:
  explicit XmlDoc(const std::string& text)
      : doc_(xmlReadMemory(text.data(), static_cast<int>(text.size()), "answer.xml", nullptr,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
             xmlFreeDoc) {}
  bool ok() const { return doc_ != nullptr; }
  std::string RootName() const {
    auto* root = xmlDocGetRootElement(doc_.get());
    return root ? reinterpret_cast<const char*>(root->name) : "";
  }
  int Count(const std::string& path) const {
    return Eval(path, [](xmlNodeSetPtr set) { return set ? set->nodeNr : 0; });
  }
  std::string Text(const std::string& path) const {
    std::string out;
    Eval(path, [&](xmlNodeSetPtr set) {
      if (set && set->nodeNr > 0) {
        xmlChar* t = xmlNodeGetContent(set->nodeTab[0]);
        if (t) out = reinterpret_cast<const char*>(t);
        xmlFree(t);
      }
      return 0;
    });
    return out;
  }

 private:
  template <class F>
  int Eval(const std::string& path, F&& f) const {
    if (!doc_) return 0;
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc_.get());
    xmlXPathObjectPtr obj =
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(path.c_str()), ctx);
    int n = obj ? f(obj->nodesetval) : 0;
    xmlXPathFreeObject(obj);
    xmlXPathFreeContext(ctx);
    return n;
  }
  std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> doc_;
};

}  // namespace tawasul_test
