#pragma once
// The routing classifier of issue 6: multinomial naive Bayes over the analyzer's stems.
//
// A case's text (subject twice, then description: the subject is the citizen's own summary) is
// reduced to the Snowball stems of text_analyzer.h, so every spelling the search meets (hamza,
// taa marbuta, alef maqsura, harakat, digits) is one feature here too. Training counts stems per
// category; prediction scores each category by log P(c) + sum over stems of
// count * log P(stem | c) with additive (Laplace) smoothing, and turns the scores into
// probabilities with a softmax, so the reported confidences always sum to 1. The model carries
// the analyzer version it was trained with: stems of another analyzer are other features, so
// such a model is refused rather than silently wrong. Evaluation splits cases by a hash of their
// reference (deterministic: the same cases are held out on every run and every node).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tawasul::domain {

inline constexpr int kRoutingModelFormat = 1;
inline constexpr int kRoutingSubjectWeight = 2;

// One labelled example: a case's text and its final category.
struct RoutingExample {
  std::string subject;
  std::string description;
  std::string category;
};

struct RoutingSuggestion {
  std::string category;
  double confidence = 0;  // softmax probability in [0, 1]
};

class RoutingModel {
 public:
  // Trains on `examples` (examples with an empty category are skipped). `alpha` > 0 is the
  // additive smoothing. An empty training set gives an empty model (Predict returns nothing).
  static RoutingModel Train(const std::vector<RoutingExample>& examples, double alpha = 0.1);

  // The `k` most likely categories, best first, with probabilities normalised over all known
  // categories (so the full list sums to 1). Empty when the model has no category. Ties are
  // broken by category code so the order is deterministic.
  std::vector<RoutingSuggestion> Predict(std::string_view subject, std::string_view description,
                                         std::size_t k = 3) const;

  // JSON text with "format", "analyzer", "alpha", "vocabulary" and per category its document
  // count, total stem count and stem counts. FromJson throws std::invalid_argument when the text
  // is not such a model, or its format or analyzer version differs from this build's.
  std::string ToJson() const;
  static RoutingModel FromJson(std::string_view json);

  bool Empty() const { return categories_.empty(); }
  std::size_t Examples() const;
  std::size_t VocabularySize() const { return vocabulary_size_; }
  std::vector<std::string> Categories() const;

 private:
  struct Category {
    std::int64_t documents = 0;
    std::int64_t total = 0;  // sum of stem counts
    std::map<std::string, std::int64_t> stems;
  };
  double alpha_ = 0.1;
  std::size_t vocabulary_size_ = 0;
  std::map<std::string, Category> categories_;
};

// The features of a case's text: stem -> count (subject counted kRoutingSubjectWeight times).
std::map<std::string, std::int64_t> RoutingFeatures(std::string_view subject,
                                                    std::string_view description);

// True when the case of `reference` belongs to the held-out test set (about `test_percent`% of
// references, chosen by a fixed hash (FNV-1a) so the split never changes).
bool RoutingHeldOut(std::string_view reference, int test_percent = 20);

// Held-out accuracy: n, top-1 and top-3 hits, per true category and overall.
struct RoutingScore {
  std::int64_t n = 0, top1 = 0, top3 = 0;
};
struct RoutingEvaluation {
  std::int64_t train = 0;  // examples trained on
  RoutingScore overall;
  std::map<std::string, RoutingScore> per_category;
};
// Trains on the examples whose reference is not held out and scores the held-out ones.
// `references[i]` is the reference of `examples[i]`.
RoutingEvaluation EvaluateRouting(const std::vector<RoutingExample>& examples,
                                  const std::vector<std::string>& references,
                                  int test_percent = 20);

}  // namespace tawasul::domain
