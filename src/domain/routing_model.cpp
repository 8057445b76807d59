// Multinomial naive Bayes for routing suggestions (see routing_model.h for the model and
// docs/routing.md for how it is used). Everything is in log space: a long description multiplies
// hundreds of small probabilities, which would underflow a double. Stems that no category saw
// in training are skipped, as is usual: they say nothing about the category, and counting them
// would only favour categories with few words in total.

#include "domain/routing_model.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "domain/text_analyzer.h"

namespace tawasul::domain {

std::map<std::string, std::int64_t> RoutingFeatures(std::string_view subject,
                                                    std::string_view description) {
  std::map<std::string, std::int64_t> f;
  for (const auto& t : Analyze(subject)) f[t.stem] += kRoutingSubjectWeight;
  for (const auto& t : Analyze(description)) f[t.stem] += 1;
  return f;
}

RoutingModel RoutingModel::Train(const std::vector<RoutingExample>& examples, double alpha) {
  if (!(alpha > 0)) throw std::invalid_argument("routing: smoothing must be positive");
  RoutingModel m;
  m.alpha_ = alpha;
  std::set<std::string> vocabulary;
  for (const auto& e : examples) {
    if (e.category.empty()) continue;
    auto& c = m.categories_[e.category];
    ++c.documents;
    for (const auto& [stem, n] : RoutingFeatures(e.subject, e.description)) {
      c.stems[stem] += n;
      c.total += n;
      vocabulary.insert(stem);
    }
  }
  m.vocabulary_size_ = vocabulary.size();
  return m;
}

std::size_t RoutingModel::Examples() const {
  std::size_t n = 0;
  for (const auto& [code, c] : categories_) n += static_cast<std::size_t>(c.documents);
  return n;
}

std::vector<std::string> RoutingModel::Categories() const {
  std::vector<std::string> out;
  for (const auto& [code, c] : categories_) out.push_back(code);
  return out;
}

std::vector<RoutingSuggestion> RoutingModel::Predict(std::string_view subject,
                                                     std::string_view description,
                                                     std::size_t k) const {
  std::vector<RoutingSuggestion> out;
  if (categories_.empty() || k == 0) return out;
  const auto features = RoutingFeatures(subject, description);
  // Keep only stems some category has seen.
  std::vector<std::pair<const std::string*, std::int64_t>> known;
  for (const auto& [stem, n] : features) {
    for (const auto& [code, c] : categories_) {
      if (c.stems.count(stem)) {
        known.emplace_back(&stem, n);
        break;
      }
    }
  }
  const double documents = static_cast<double>(Examples());
  const double v = static_cast<double>(vocabulary_size_);
  std::vector<std::pair<std::string, double>> scores;
  for (const auto& [code, c] : categories_) {
    double s = std::log(static_cast<double>(c.documents) / documents);
    const double denominator = std::log(static_cast<double>(c.total) + alpha_ * v);
    for (const auto& [stem, n] : known) {
      auto it = c.stems.find(*stem);
      double count = it == c.stems.end() ? 0.0 : static_cast<double>(it->second);
      s += static_cast<double>(n) * (std::log(count + alpha_) - denominator);
    }
    scores.emplace_back(code, s);
  }
  double best = -INFINITY;
  for (const auto& [code, s] : scores) best = std::max(best, s);
  double sum = 0;
  for (auto& [code, s] : scores) {
    s = std::exp(s - best);
    sum += s;
  }
  for (auto& [code, s] : scores) out.push_back({code, s / sum});
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.confidence > b.confidence;  // categories_ is ordered: ties stay in code order
  });
  if (out.size() > k) out.resize(k);
  return out;
}

std::string RoutingModel::ToJson() const {
  nlohmann::json j;
  j["format"] = kRoutingModelFormat;
  j["analyzer"] = kAnalyzerVersion;
  j["alpha"] = alpha_;
  j["vocabulary"] = vocabulary_size_;
  auto& cats = j["categories"] = nlohmann::json::object();
  for (const auto& [code, c] : categories_) {
    cats[code] = {{"documents", c.documents}, {"total", c.total}, {"stems", c.stems}};
  }
  return j.dump();
}

RoutingModel RoutingModel::FromJson(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    throw std::invalid_argument("routing model: not a JSON object");
  }
  try {
    if (j.at("format").get<int>() != kRoutingModelFormat) {
      throw std::invalid_argument("routing model: unknown format version");
    }
    if (j.at("analyzer").get<int>() != kAnalyzerVersion) {
      throw std::invalid_argument(
          "routing model: trained with another analyzer version; run `tawasul routing train`");
    }
    RoutingModel m;
    m.alpha_ = j.at("alpha").get<double>();
    if (!(m.alpha_ > 0)) throw std::invalid_argument("routing model: smoothing must be positive");
    m.vocabulary_size_ = j.at("vocabulary").get<std::size_t>();
    for (const auto& [code, c] : j.at("categories").items()) {
      Category cat;
      cat.documents = c.at("documents").get<std::int64_t>();
      cat.total = c.at("total").get<std::int64_t>();
      cat.stems = c.at("stems").get<std::map<std::string, std::int64_t>>();
      if (cat.documents <= 0) throw std::invalid_argument("routing model: empty category");
      m.categories_[code] = std::move(cat);
    }
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("routing model: ") + e.what());
  }
}

bool RoutingHeldOut(std::string_view reference, int test_percent) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char ch : reference) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return static_cast<int>(h % 100) < test_percent;
}

RoutingEvaluation EvaluateRouting(const std::vector<RoutingExample>& examples,
                                  const std::vector<std::string>& references, int test_percent) {
  if (examples.size() != references.size()) {
    throw std::invalid_argument("routing: one reference per example");
  }
  std::vector<RoutingExample> train;
  std::vector<const RoutingExample*> test;
  for (std::size_t i = 0; i < examples.size(); ++i) {
    if (examples[i].category.empty()) continue;
    if (RoutingHeldOut(references[i], test_percent)) {
      test.push_back(&examples[i]);
    } else {
      train.push_back(examples[i]);
    }
  }
  RoutingEvaluation ev;
  ev.train = static_cast<std::int64_t>(train.size());
  const auto model = RoutingModel::Train(train);
  for (const auto* e : test) {
    auto top = model.Predict(e->subject, e->description, 3);
    bool hit1 = !top.empty() && top[0].category == e->category;
    bool hit3 = std::any_of(top.begin(), top.end(),
                            [&](const auto& s) { return s.category == e->category; });
    for (auto* score : {&ev.overall, &ev.per_category[e->category]}) {
      ++score->n;
      score->top1 += hit1;
      score->top3 += hit3;
    }
  }
  return ev;
}

}  // namespace tawasul::domain
