// SLA targets (/admin/targets), DESIGN.md §3: rules per (entity, type, category), the most
// specific winning, in working days or working minutes, for the first response and the
// resolution. The built-in defaults are shown under the rules administrators have stored.
//
//   GET  /admin/targets                   the stored rules (an edit form each) and the defaults
//   POST /admin/targets/add               add a rule
//   POST /admin/targets/{index}           change the rule at that position
//   POST /admin/targets/{index}/delete    delete it
//
// Form fields: entity, type, category (empty: any), fr_amount, fr_unit, res_amount, res_unit
// (unit working_days | working_minutes). A change goes through service::ReplaceTargets, the path of
// PUT /api/v1/admin/targets: stored, put in force, open cases re-targeted and their due times
// recomputed (each move recorded on its case); the page then says how many moved.

#include <charconv>

#include "service/recompute.h"
#include "web/admin_pages.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

constexpr const char* kPage = "/admin/targets";
const char* const kTypes[] = {"complaint", "suggestion", "inquiry", "compliment"};

list Options(const std::vector<std::pair<std::string, std::string>>& values,
             const std::string& selected, const std::string& any_label) {
  list items;
  data any;
  any.set("value", "");
  any.set("label", any_label);
  any.set("selected", selected.empty());
  items.push_back(any);
  for (const auto& [v, label] : values) {
    data item;
    item.set("value", v);
    item.set("label", label);
    item.set("selected", v == selected);
    items.push_back(item);
  }
  return items;
}

list UnitOptions(domain::Language l, domain::TargetUnit selected) {
  list items;
  for (auto u : {domain::TargetUnit::kWorkingDays, domain::TargetUnit::kWorkingMinutes}) {
    data item;
    std::string name(domain::TargetUnitName(u));
    item.set("value", name);
    item.set("label", Text(l, "adm_unit_" + name));
    item.set("selected", u == selected);
    items.push_back(item);
  }
  return items;
}

// The rule's form fields (values as given, errors by field name).
data RuleData(const WebContext& web, domain::Language l, const domain::TargetRule& r) {
  auto catalogue = web.app.catalogue.Get();
  std::vector<std::pair<std::string, std::string>> entities, types, categories;
  for (const auto& e : catalogue->Entities())
    entities.emplace_back(e.code, (Ar(l) ? e.name_ar : e.name_en) + " (" + e.code + ")");
  for (const char* t : kTypes) types.emplace_back(t, Text(l, std::string("type_") + t));
  for (const auto& c : catalogue->Categories())
    categories.emplace_back(c.code, (Ar(l) ? c.name_ar : c.name_en) + " (" + c.code + ")");
  data d;
  std::string any = Text(l, "adm_any");
  d.set("entities", Options(entities, r.entity, any));
  d.set("types", Options(types, r.type, any));
  d.set("categories", Options(categories, r.category, any));
  d.set("fr_amount", std::to_string(r.first_response.amount));
  d.set("res_amount", std::to_string(r.resolution.amount));
  d.set("fr_units", UnitOptions(l, r.first_response.unit));
  d.set("res_units", UnitOptions(l, r.resolution.unit));
  d.set("entity_text", r.entity.empty() ? any : EntityName(web.app, r.entity, l));
  d.set("type_text", r.type.empty() ? any : Text(l, "type_" + r.type));
  d.set("category_text", r.category.empty() ? any : CategoryName(web.app, r.category, l));
  d.set("fr_text", domain::FormatTarget(r.first_response));
  d.set("res_text", domain::FormatTarget(r.resolution));
  return d;
}

struct Edit {
  std::size_t index = 0;  // the row (or the rule count for the add form)
  domain::TargetRule rule;
  std::vector<PageFieldError> errors;
};

http::Response TargetsPage(const WebContext& web, PageContext pc, const service::Principal& who,
                           const http::Request& req, const Edit* edit, int status) {
  pc.path = kPage;
  const auto l = pc.language;
  auto sla = web.app.sla.Get();
  list rows;
  const auto& rules = sla->targets.Rules();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    bool editing = edit && edit->index == i;
    data row = RuleData(web, l, editing ? edit->rule : rules[i]);
    row.set("index", std::to_string(i));
    if (editing) SetFieldErrors(row, l, edit->errors);
    rows.push_back(row);
  }
  list defaults;
  for (const auto& r : domain::DefaultTargetRules()) defaults.push_back(RuleData(web, l, r));
  data d;
  d.set("rules", rows);
  d.set("no_rules", rows.empty());
  d.set("defaults", defaults);
  d.set("can_write", CanWrite(who));
  domain::TargetRule blank;
  blank.first_response = {domain::TargetUnit::kWorkingDays, 2};
  blank.resolution = {domain::TargetUnit::kWorkingDays, 14};
  bool adding = edit && edit->index == rules.size();
  data add = RuleData(web, l, adding ? edit->rule : blank);
  if (adding) SetFieldErrors(add, l, edit->errors);
  d.set("add", add);
  std::string done = req.QueryParam("done");
  if (done == "saved") {
    data r;
    r.set("open", req.QueryParam("open"));
    r.set("changed", req.QueryParam("changed"));
    d.set("result", r);
  }
  return RenderPage(pc, "admin_targets", d, "adm_targets_title", status);
}

void Show(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  reply(TargetsPage(web, pc, *who, req, nullptr, 200));
}

std::optional<std::int64_t> Amount(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// Reads a rule from the form; errors by field.
domain::TargetRule ReadRule(const WebContext& web, const Form& form,
                            std::vector<PageFieldError>& errors) {
  auto catalogue = web.app.catalogue.Get();
  domain::TargetRule r;
  r.entity = FormValue(form, "entity");
  r.type = FormValue(form, "type");
  r.category = FormValue(form, "category");
  if (!r.entity.empty() && !catalogue->FindEntity(r.entity))
    errors.push_back({"entity", "adm_err_entity"});
  if (!r.type.empty() && !domain::ParseCaseType(r.type)) errors.push_back({"type", "adm_err_type"});
  if (!r.category.empty() && !catalogue->FindCategory(r.category))
    errors.push_back({"category", "adm_err_category"});
  for (auto [prefix, target] :
       {std::pair<std::string, domain::Target*>{"fr", &r.first_response}, {"res", &r.resolution}}) {
    auto unit = domain::ParseTargetUnit(FormValue(form, prefix + "_unit"));
    auto amount = Amount(FormValue(form, prefix + "_amount"));
    if (!unit) errors.push_back({prefix + "_unit", "adm_err_unit"});
    if (!amount) {
      errors.push_back({prefix + "_amount", "adm_err_amount"});
      continue;
    }
    target->amount = *amount;
    if (unit) target->unit = *unit;
    if (unit && (!domain::IsValidTarget(*target) || *amount <= 0))
      errors.push_back({prefix + "_amount", "adm_err_amount_range"});
  }
  return r;
}

std::optional<std::size_t> PathIndex(const http::Request& req, std::size_t size) {
  std::string s(req.PathParam("index"));
  auto v = Amount(s);
  if (!v || *v < 0 || static_cast<std::size_t>(*v) >= size) return std::nullopt;
  return static_cast<std::size_t>(*v);
}

// Validates the whole table, then puts it in force (or shows the errors on `edit`'s row).
void Apply(const WebContext& web, const PageContext& pc, const service::Principal& who,
           std::vector<domain::TargetRule> rules, Edit* edit, http::Reply reply) {
  std::string error;
  auto table = domain::TargetTable::Create(rules, &error);
  if (!table) {
    if (edit) {
      edit->errors.push_back({"entity", "adm_err_rule_conflict"});
      reply(TargetsPage(web, pc, who, http::Request{}, edit, 422));
    } else {
      reply(ErrorPage(pc, 422, "adm_err_rule_conflict", kPage));
    }
    return;
  }
  std::string lang = Ar(pc.language) ? "ar" : "en";
  service::ReplaceTargets(
      web.app, rules, std::move(*table), who.actor, [reply, lang](service::RecomputeResult r) {
        reply(Redirect(std::string(kPage) + "?lang=" + lang +
                       "&done=saved&open=" + std::to_string(r.open) +
                       "&changed=" + std::to_string(r.changed) + "#adm-result"));
      });
}

void Change(const WebContext& web, const http::Request& req, http::Reply reply, bool add,
            bool remove) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, kPage)) return;
  auto rules = web.app.sla.Get()->targets.Rules();
  std::size_t index = rules.size();
  if (!add) {
    auto i = PathIndex(req, rules.size());
    if (!i) {
      reply(ErrorPage(pc, 404, "adm_rule_unknown", kPage));
      return;
    }
    index = *i;
  }
  if (remove) {
    rules.erase(rules.begin() + static_cast<std::ptrdiff_t>(index));
    Apply(web, pc, *who, std::move(rules), nullptr, reply);
    return;
  }
  Edit edit;
  edit.index = index;
  edit.rule = ReadRule(web, form, edit.errors);
  if (!edit.errors.empty()) {
    reply(TargetsPage(web, pc, *who, http::Request{}, &edit, 422));
    return;
  }
  if (add)
    rules.push_back(edit.rule);
  else
    rules[index] = edit.rule;
  Apply(web, pc, *who, std::move(rules), &edit, reply);
}

}  // namespace

void RegisterAdminTargetPages(http::Router& router, const WebContext& web) {
  using http::Method;
  router.Add(Method::kGet, kPage,
             [&web](const http::Request& req, http::Reply reply) { Show(web, req, reply); });
  router.Add(Method::kPost, "/admin/targets/add",
             [&web](const http::Request& req, http::Reply reply) {
               Change(web, req, reply, true, false);
             });
  router.Add(Method::kPost, "/admin/targets/{index}",
             [&web](const http::Request& req, http::Reply reply) {
               Change(web, req, reply, false, false);
             });
  router.Add(Method::kPost, "/admin/targets/{index}/delete",
             [&web](const http::Request& req, http::Reply reply) {
               Change(web, req, reply, false, true);
             });
}

}  // namespace tawasul::web
