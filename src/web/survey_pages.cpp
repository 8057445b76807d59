// The survey after each case (issue 18 item 3, docs/surveys.md): the one-click page a closing
// message links to, and the track page's button that opens it.
//
//   GET  /surveys/thanks          after a stored response (POST/redirect/GET)
//   GET  /surveys/{token}         the questionnaire, or why the link cannot be used
//   POST /surveys/{token}         csrf, one field per answer (question id, or "<matrix>.<row>")
//   POST /track/survey            csrf, reference, track_token: a fresh link, 303 to it
//
// Invariants: a GET changes nothing (mail scanners follow links); the token alone opens the
// survey, yet the POST also carries the CSRF field (the page's own cookie), so another site cannot
// make a visitor's browser answer with a link it learnt. A refused answer re-renders the page with
// an error summary naming each question at fault and stores nothing; the link stays usable.
// Nothing about the answers is logged.

#include <algorithm>
#include <chrono>
#include <map>

#include "domain/case_token.h"
#include "domain/reference.h"
#include "domain/time.h"
#include "service/surveys.h"
#include "store/survey_store.h"
#include "web/i18n.h"
#include "web/site.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;
using LinkKind = service::SurveyLinkState::Kind;

std::int64_t NowUnix() { return domain::Now().time_since_epoch().count(); }

const std::string& Pick(domain::Language l, const std::string& ar, const std::string& en) {
  return Ar(l) ? ar : en;
}

bool Checked(const domain::SurveyAnswers& typed, const std::string& key, const std::string& v) {
  auto it = typed.find(key);
  return it != typed.end() &&
         std::find(it->second.begin(), it->second.end(), v) != it->second.end();
}

std::string TypedText(const domain::SurveyAnswers& typed, const std::string& key) {
  auto it = typed.find(key);
  return it == typed.end() || it->second.empty() ? std::string() : it->second.front();
}

// Radio choices from `lo` to `hi` for the answer `key`.
list NumberChoices(const domain::SurveyAnswers& typed, const std::string& key, int lo, int hi) {
  list out;
  for (int v = lo; v <= hi; ++v) {
    data c;
    c.set("value", std::to_string(v));
    c.set("checked", Checked(typed, key, std::to_string(v)));
    out.push_back(c);
  }
  return out;
}

std::string ProblemText(domain::Language l, const std::string& code) {
  for (const char* known : {"required", "not_an_option", "out_of_range", "too_long", "one_line"}) {
    if (code == known) return Text(l, std::string("sv_err_") + known);
  }
  return Text(l, "sv_err_invalid");
}

http::Response SurveyPage(const PageContext& pc, const std::string& token,
                          const domain::Questionnaire& q, const domain::SurveyAnswers& typed,
                          const std::optional<domain::SurveyProblem>& problem, int status) {
  const auto l = pc.language;
  data d;
  d.set("title", Pick(l, q.title_ar, q.title_en));
  d.set("action", "/surveys/" + token);
  list questions;
  std::map<std::string, std::string> number_of;
  int n = 0;
  for (const auto& qu : q.questions) {
    data item;
    const std::string number = std::to_string(++n);
    number_of[qu.id] = number;
    item.set("id", qu.id);
    item.set("number", number);
    item.set("text", Pick(l, qu.text_ar, qu.text_en));
    item.set("required", qu.required);
    const std::string kind(domain::ToString(qu.kind));
    item.set("is_" + kind, true);
    if (qu.show_if) {
      // Without script every question is on the page: the condition is said in words, and an
      // answer to a question whose condition does not hold is dropped (domain::CleanResponse).
      std::string values;
      for (const auto& qq : q.questions) {
        if (qq.id != qu.show_if->question) continue;
        for (const auto& v : qu.show_if->any_of) {
          std::string label = v;
          for (const auto& o : qq.options) {
            if (o.value == v) label = Pick(l, o.label_ar, o.label_en);
          }
          values += (values.empty() ? "" : Text(l, "sv_or")) + label;
        }
      }
      item.set("condition",
               Text(l, "sv_only_if") + " " + number_of[qu.show_if->question] + ": " + values);
    }
    list options;
    for (const auto& o : qu.options) {
      data c;
      c.set("value", o.value);
      c.set("label", Pick(l, o.label_ar, o.label_en));
      c.set("checked", Checked(typed, qu.id, o.value));
      options.push_back(c);
    }
    item.set("options", options);
    if (qu.kind == domain::QuestionKind::kScale)
      item.set("choices", NumberChoices(typed, qu.id, 1, 5));
    if (qu.kind == domain::QuestionKind::kNps)
      item.set("choices", NumberChoices(typed, qu.id, 0, 10));
    list rows;
    for (const auto& r : qu.rows) {
      data row;
      const std::string key = qu.id + "." + r.value;
      row.set("name", key);
      row.set("label", Pick(l, r.label_ar, r.label_en));
      row.set("choices", NumberChoices(typed, key, 1, 5));
      rows.push_back(row);
    }
    item.set("rows", rows);
    item.set("value", TypedText(typed, qu.id));
    if (problem && (problem->question == qu.id)) item.set("error", ProblemText(l, problem->code));
    questions.push_back(item);
  }
  d.set("questions", questions);
  list summary;
  if (problem) {
    data e;
    e.set("field", "q-" + problem->question);
    std::string about = problem->question;
    for (const auto& qu : q.questions) {
      if (qu.id == problem->question)
        about = number_of[qu.id] + ". " + Pick(l, qu.text_ar, qu.text_en);
    }
    e.set("message", about + " — " + ProblemText(l, problem->code));
    summary.push_back(e);
  }
  d.set("errors", summary);
  d.set("has_errors", problem.has_value());
  auto r = RenderPage(pc, "survey", d, "sv_title", status);
  r.Set("Cache-Control", "no-store");
  r.Set("Referrer-Policy", "no-referrer");  // the token is in the path
  return r;
}

http::Response LinkProblemPage(const PageContext& pc, LinkKind kind) {
  switch (kind) {
    case LinkKind::kAlreadyAnswered:
      return ErrorPage(pc, 410, "sv_already_answered", "/");
    case LinkKind::kExpired:
      return ErrorPage(pc, 410, "sv_expired", "/");
    case LinkKind::kClosed:
      return ErrorPage(pc, 410, "sv_closed", "/");
    default:
      return ErrorPage(pc, 404, "sv_unknown", "/");
  }
}

void Show(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  const std::string token(req.PathParam("token"));
  auto link = service::OpenSurveyLink(web.app, token, NowUnix());
  if (link.kind != LinkKind::kOpen) {
    auto r = LinkProblemPage(pc, link.kind);
    r.Set("Referrer-Policy", "no-referrer");
    return reply(std::move(r));
  }
  reply(SurveyPage(pc, token, link.questionnaire, {}, std::nullopt, 200));
}

void Answer(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  const std::string token(req.PathParam("token"));
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/surveys/" + token)) return;
  domain::SurveyAnswers answers;
  for (const auto& [key, value] : form) {
    if (key != "csrf") answers[key].push_back(value);
  }
  const std::int64_t now = NowUnix();
  auto result = service::AnswerSurvey(web.app, token, answers, now);
  if (result.stored) return reply(Redirect("/surveys/thanks"));
  if (result.problem) {
    auto link = service::OpenSurveyLink(web.app, token, now);
    return reply(SurveyPage(pc, token, link.questionnaire, answers, result.problem, 422));
  }
  reply(LinkProblemPage(pc, result.link));
}

void Thanks(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  data d;
  reply(RenderPage(pc, "survey_thanks", d, "sv_thanks_title"));
}

// The track page's button: the case is identified by its page's signed token, as its other forms.
void FromTrackPage(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/track")) return;
  auto ref = domain::ParseReference(FormValue(form, "reference"));
  auto record = ref ? web.app.store.FindCase(domain::FormatReference(*ref)) : std::nullopt;
  const std::int64_t now = NowUnix();
  if (!record || !domain::VerifyCaseToken(web.app.pepper, FormValue(form, "track_token"), "act",
                                          record->reference, "", now)) {
    return reply(ErrorPage(pc, 404, "track_not_found", "/track"));
  }
  auto token = service::RenewSurveyLink(web.app, record->id, now);
  if (!token) return reply(ErrorPage(pc, 410, "sv_not_pending", "/track"));
  reply(Redirect("/surveys/" + *token));
}

}  // namespace

void RegisterSurveyPages(http::Router& router, const WebContext& web) {
  using http::Method;
  using http::Reply;
  using http::Request;
  router.Add(Method::kGet, "/surveys/thanks",
             [&web](const Request& req, Reply reply) { Thanks(web, req, reply); });
  router.Add(Method::kGet, "/surveys/{token}",
             [&web](const Request& req, Reply reply) { Show(web, req, reply); });
  router.Add(Method::kPost, "/surveys/{token}",
             [&web](const Request& req, Reply reply) { Answer(web, req, reply); });
  router.Add(Method::kPost, "/track/survey",
             [&web](const Request& req, Reply reply) { FromTrackPage(web, req, reply); });
}

}  // namespace tawasul::web
