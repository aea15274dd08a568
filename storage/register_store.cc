// The register half of Store: industries, companies, observers and programs.
#include <google/protobuf/util/time_util.h>

#include <cctype>
#include <set>
#include <string_view>

#include "msc/proto/observer.h"
#include "msc/proto/serialize.h"
#include "msc/storage/sqlite.h"
#include "msc/storage/store.h"
#include "tables.h"

namespace msc::storage {
namespace {

using google::protobuf::util::TimeUtil;

// Ids appear in URLs, CSV files and logs: keep them plain.
bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (unsigned char c : id) {
    if (!(std::isalnum(c) || c == '-' || c == '_' || c == '.')) return false;
  }
  return true;
}

std::string Path(const char* list, int i, const char* field) {
  return std::string(list) + "[" + std::to_string(i) + "]." + field;
}

constexpr int kMaxScenarios = 200;

void CheckScenarios(const v1::Program& p, int i, std::vector<FieldIssue>& issues) {
  if (p.scenarios_size() > kMaxScenarios)
    issues.push_back({Path("programs", i, "scenarios"), "at most " + std::to_string(kMaxScenarios) +
                                                            " scenarios, got " +
                                                            std::to_string(p.scenarios_size())});
  std::set<std::string_view> seen;
  for (int k = 0; k < p.scenarios_size() && k < kMaxScenarios; ++k) {
    const v1::Scenario& x = p.scenarios(k);
    const std::string at = Path("programs", i, "scenarios") + "[" + std::to_string(k) + "]";
    if (!IsValidId(x.id())) {
      issues.push_back(
          {at + ".id", "must be 1-128 characters of letters, digits, '-', '_' or '.'"});
    } else if (!seen.insert(x.id()).second) {
      issues.push_back({at + ".id", "scenario '" + x.id() + "' is listed twice"});
    }
    if (x.name().empty()) issues.push_back({at + ".name", "is required"});
  }
}

void CheckItemIds(const v1::Register& reg, std::vector<FieldIssue>& issues) {
  auto check = [&](const char* list, int i, const std::string& id, const std::string& name) {
    if (!IsValidId(id))
      issues.push_back(
          {Path(list, i, "id"), "must be 1-128 characters of letters, digits, '-', '_' or '.'"});
    if (name.empty()) issues.push_back({Path(list, i, "name"), "is required"});
  };
  for (int i = 0; i < reg.industries_size(); ++i)
    check("industries", i, reg.industries(i).id(), reg.industries(i).name());
  for (int i = 0; i < reg.companies_size(); ++i)
    check("companies", i, reg.companies(i).id(), reg.companies(i).name());
  for (int i = 0; i < reg.observers_size(); ++i)
    check("observers", i, reg.observers(i).id(), reg.observers(i).name());
  for (int i = 0; i < reg.programs_size(); ++i) {
    const v1::Program& p = reg.programs(i);
    check("programs", i, p.id(), p.name());
    if (!p.has_period_start())
      issues.push_back({Path("programs", i, "period_start"), "is required"});
    if (!p.has_period_end()) issues.push_back({Path("programs", i, "period_end"), "is required"});
    if (p.has_period_start() && p.has_period_end() && !(p.period_start() < p.period_end()))
      issues.push_back({Path("programs", i, "period_end"), "must be after period_start"});
    CheckScenarios(p, i, issues);
  }
}

Status UpsertIndustries(Database& db, const v1::Register& reg) {
  for (const auto& x : reg.industries()) {
    auto q = db.Prepare(
        "INSERT INTO industries (id, name) VALUES (?, ?) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name");
    if (!q.ok()) return q.status();
    if (Status s = q->Bind(1, x.id()).Bind(2, x.name()).Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status UpsertOthers(Database& db, const v1::Register& reg) {
  for (const auto& x : reg.companies()) {
    auto q = db.Prepare(
        "INSERT INTO companies (id, name, industry_id) VALUES (?, ?, ?) ON CONFLICT (id) "
        "DO UPDATE SET name = excluded.name, industry_id = excluded.industry_id");
    if (!q.ok()) return q.status();
    if (Status s = q->Bind(1, x.id()).Bind(2, x.name()).Bind(3, x.industry_id()).Run(); !s.ok())
      return s;
  }
  for (const auto& x : reg.observers()) {
    auto q = db.Prepare(
        "INSERT INTO observers (id, name, active) VALUES (?, ?, ?) ON CONFLICT (id) "
        "DO UPDATE SET name = excluded.name, active = excluded.active");
    if (!q.ok()) return q.status();
    if (Status s = q->Bind(1, x.id()).Bind(2, x.name()).Bind(3, int64_t{IsActive(x)}).Run();
        !s.ok())
      return s;
  }
  for (const auto& x : reg.programs()) {
    auto q = db.Prepare(
        "INSERT INTO programs (id, name, period_start_ns, period_end_ns, config, scenarios) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
        "period_start_ns = excluded.period_start_ns, period_end_ns = excluded.period_end_ns, "
        "config = excluded.config, scenarios = excluded.scenarios");
    if (!q.ok()) return q.status();
    q->Bind(1, x.id())
        .Bind(2, x.name())
        .Bind(3, TimeUtil::TimestampToNanoseconds(x.period_start()))
        .Bind(4, TimeUtil::TimestampToNanoseconds(x.period_end()));
    if (x.has_config()) {
      q->BindBlob(5, SerializeDeterministic(x.config()));
    } else {
      q->BindNull(5);
    }
    if (x.scenarios_size() > 0) {
      v1::Program only_scenarios;
      *only_scenarios.mutable_scenarios() = x.scenarios();
      q->BindBlob(6, SerializeDeterministic(only_scenarios));
    } else {
      q->BindNull(6);
    }
    if (Status s = q->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

// After the industries' upserts, inside the same transaction: every company's
// industry exists, so that the error names the company rather than a constraint.
Status CheckCompanyIndustries(Database& db, const v1::Register& reg) {
  std::vector<FieldIssue> issues;
  for (int i = 0; i < reg.companies_size(); ++i) {
    auto q = db.Prepare("SELECT 1 FROM industries WHERE id = ?");
    if (!q.ok()) return q.status();
    auto row = q->Bind(1, reg.companies(i).industry_id()).Step();
    if (!row.ok()) return row.status();
    if (!*row)
      issues.push_back({Path("companies", i, "industry_id"),
                        "unknown industry '" + reg.companies(i).industry_id() + "'"});
  }
  return issues.empty() ? Status::Ok() : Status::Invalid(std::move(issues));
}

std::string Summary(const v1::Register& reg) {
  return "industries=" + std::to_string(reg.industries_size()) +
         " companies=" + std::to_string(reg.companies_size()) +
         " observers=" + std::to_string(reg.observers_size()) +
         " programs=" + std::to_string(reg.programs_size());
}

v1::Program ReadProgram(const Query& q) {
  v1::Program p;
  p.set_id(std::string(q.Text(0)));
  p.set_name(std::string(q.Text(1)));
  *p.mutable_period_start() = TimeUtil::NanosecondsToTimestamp(q.Int(2));
  *p.mutable_period_end() = TimeUtil::NanosecondsToTimestamp(q.Int(3));
  if (!q.IsNull(4)) {
    std::string_view bytes = q.Blob(4);
    p.mutable_config()->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
  }
  if (!q.IsNull(5)) {
    std::string_view bytes = q.Blob(5);
    v1::Program only_scenarios;
    only_scenarios.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
    *p.mutable_scenarios() = std::move(*only_scenarios.mutable_scenarios());
  }
  return p;
}

}  // namespace

Status Store::ImportRegister(const v1::Register& reg, std::string_view actor) {
  std::vector<FieldIssue> issues;
  CheckItemIds(reg, issues);
  if (!issues.empty()) return Status::Invalid(std::move(issues));
  auto txn = Transaction::Begin(*db_, Transaction::Kind::kWrite);
  if (!txn.ok()) return txn.status();
  if (Status s = UpsertIndustries(*db_, reg); !s.ok()) return s;
  if (Status s = CheckCompanyIndustries(*db_, reg); !s.ok()) return s;
  if (Status s = UpsertOthers(*db_, reg); !s.ok()) return s;
  if (Status s = Audit(actor, "register.import", "", Summary(reg)); !s.ok()) return s;
  return (*txn)->Commit();
}

Status ReadRegisterTables(Database& db, v1::Register* reg, bool with_programs) {
  auto each = [&](const char* sql, auto&& add) -> Status {
    auto q = db.Prepare(sql);
    if (!q.ok()) return q.status();
    for (;;) {
      auto row = q->Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::Ok();
      add(*q);
    }
  };
  Status s = each("SELECT id, name FROM industries ORDER BY id", [&](const Query& q) {
    auto* x = reg->add_industries();
    x->set_id(std::string(q.Text(0)));
    x->set_name(std::string(q.Text(1)));
  });
  if (s.ok())
    s = each("SELECT id, name, industry_id FROM companies ORDER BY id", [&](const Query& q) {
      auto* x = reg->add_companies();
      x->set_id(std::string(q.Text(0)));
      x->set_name(std::string(q.Text(1)));
      x->set_industry_id(std::string(q.Text(2)));
    });
  if (s.ok())
    s = each("SELECT id, name, active FROM observers ORDER BY id", [&](const Query& q) {
      auto* x = reg->add_observers();
      x->set_id(std::string(q.Text(0)));
      x->set_name(std::string(q.Text(1)));
      x->set_active(q.Int(2) != 0);
    });
  if (s.ok() && with_programs)
    s = each(
        "SELECT id, name, period_start_ns, period_end_ns, config, scenarios FROM programs "
        "ORDER BY id",
        [&](const Query& q) { *reg->add_programs() = ReadProgram(q); });
  return s;
}

Result<v1::Register> Store::ExportRegister() {
  auto txn = Transaction::Begin(*db_, Transaction::Kind::kRead);
  if (!txn.ok()) return txn.status();
  v1::Register reg;
  if (Status s = ReadRegisterTables(*db_, &reg, true); !s.ok()) return s;
  return reg;
}

Result<v1::Program> ReadProgram(Database& db, std::string_view id) {
  auto q = db.Prepare(
      "SELECT id, name, period_start_ns, period_end_ns, config, scenarios FROM programs "
      "WHERE id = ?");
  if (!q.ok()) return q.status();
  auto row = q->Bind(1, id).Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no program '" + std::string(id) + "'");
  return ReadProgram(*q);
}

Result<v1::Program> Store::GetProgram(std::string_view id) { return ReadProgram(*db_, id); }

}  // namespace msc::storage
