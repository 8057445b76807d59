// `tawasul routing train` and `tawasul routing evaluate` (docs/routing.md).
//
// Both read every case once (Store::ForEachCase, in id order) and keep those whose outcome is
// known — answered or closed, with a category — as (subject, description, final category)
// examples: the category a case ends with is the one staff left it in, after any re-routing.
// `train` fits domain::RoutingModel on all of them and appends it to the database
// (routing_models), where every serving node picks it up; its summary includes the held-out
// accuracy of a model fitted on the other 80%, so a stored model always comes with an honest
// figure. `evaluate` only measures: it fits on the 80% (split by a hash of the reference, the
// same on every run) and scores the 20% it did not see, top-1 and top-3, per category.

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/bootstrap.h"
#include "app/commands.h"
#include "domain/routing_model.h"
#include "domain/text_analyzer.h"
#include "domain/time.h"
#include "store/store.h"

namespace tawasul::app {
namespace {

struct Examples {
  std::vector<domain::RoutingExample> examples;
  std::vector<std::string> references;
};

Examples ReadExamples(store::Store& s) {
  Examples out;
  s.ForEachCase([&](const domain::CaseRecord& r, const std::vector<domain::CaseEvent>&) {
    if (r.status != domain::CaseStatus::kAnswered && r.status != domain::CaseStatus::kClosed) {
      return;
    }
    if (r.draft.category.empty()) return;
    out.examples.push_back({r.draft.subject, r.draft.description, r.draft.category});
    out.references.push_back(r.reference);
  });
  return out;
}

double Percent(std::int64_t hits, std::int64_t n) {
  return n == 0 ? 0.0 : 100.0 * static_cast<double>(hits) / static_cast<double>(n);
}

nlohmann::json ScoreJson(const domain::RoutingScore& s) {
  return {{"n", s.n},
          {"top1", s.top1},
          {"top3", s.top3},
          {"top1_accuracy", s.n ? static_cast<double>(s.top1) / static_cast<double>(s.n) : 0.0},
          {"top3_accuracy", s.n ? static_cast<double>(s.top3) / static_cast<double>(s.n) : 0.0}};
}

nlohmann::json EvaluationJson(const domain::RoutingEvaluation& ev, std::size_t examples) {
  nlohmann::json j;
  j["examples"] = examples;
  j["train"] = ev.train;
  j["test"] = ev.overall.n;
  j["overall"] = ScoreJson(ev.overall);
  j["per_category"] = nlohmann::json::object();
  for (const auto& [code, s] : ev.per_category) j["per_category"][code] = ScoreJson(s);
  return j;
}

double SecondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int RunRoutingTrain(const Config& config) {
  auto s = OpenMigratedStore(config);
  auto started = std::chrono::steady_clock::now();
  auto ex = ReadExamples(*s);
  const double read_secs = SecondsSince(started);
  if (ex.examples.empty()) {
    std::cerr << "no answered or closed case with a category: nothing to train on\n";
    s->Close();
    return 1;
  }
  auto fit_started = std::chrono::steady_clock::now();
  auto model = domain::RoutingModel::Train(ex.examples);
  const double fit_secs = SecondsSince(fit_started);
  auto evaluation = domain::EvaluateRouting(ex.examples, ex.references);
  nlohmann::json metrics = EvaluationJson(evaluation, ex.examples.size());
  metrics["categories"] = model.Categories().size();
  metrics["vocabulary"] = model.VocabularySize();
  metrics["analyzer"] = domain::kAnalyzerVersion;
  metrics["read_seconds"] = read_secs;
  metrics["train_seconds"] = fit_secs;
  store::RoutingModelRow row;
  row.trained_at = domain::Now();
  row.model = model.ToJson();
  row.metrics = metrics.dump();
  s->SaveRoutingModel(row);
  s->Close();
  std::printf(
      "trained on %zu cases (%zu categories, %zu stems) in %.2f s (reading them: %.2f s); "
      "held-out top-1 %.1f%%, top-3 %.1f%% (%lld cases); model stored (%zu bytes)\n",
      ex.examples.size(), model.Categories().size(), model.VocabularySize(), fit_secs, read_secs,
      Percent(evaluation.overall.top1, evaluation.overall.n),
      Percent(evaluation.overall.top3, evaluation.overall.n),
      static_cast<long long>(evaluation.overall.n), row.model.size());
  return 0;
}

int RunRoutingEvaluate(const Config& config, bool json) {
  auto s = OpenMigratedStore(config);
  auto ex = ReadExamples(*s);
  s->Close();
  auto started = std::chrono::steady_clock::now();
  auto ev = domain::EvaluateRouting(ex.examples, ex.references);
  const double secs = SecondsSince(started);
  if (json) {
    auto j = EvaluationJson(ev, ex.examples.size());
    j["seconds"] = secs;
    std::cout << j.dump() << "\n";
    return 0;
  }
  std::printf("%-30s %8s %8s %8s\n", "category", "n", "top-1", "top-3");
  for (const auto& [code, sc] : ev.per_category) {
    std::printf("%-30s %8lld %7.1f%% %7.1f%%\n", code.c_str(), static_cast<long long>(sc.n),
                Percent(sc.top1, sc.n), Percent(sc.top3, sc.n));
  }
  std::printf("%-30s %8lld %7.1f%% %7.1f%%\n", "overall", static_cast<long long>(ev.overall.n),
              Percent(ev.overall.top1, ev.overall.n), Percent(ev.overall.top3, ev.overall.n));
  std::printf(
      "(trained on %lld of %zu answered or closed cases, tested on the other %lld; %.2f s)\n",
      static_cast<long long>(ev.train), ex.examples.size(), static_cast<long long>(ev.overall.n),
      secs);
  return 0;
}

}  // namespace tawasul::app
