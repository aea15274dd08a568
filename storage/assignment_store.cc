// The assignments half of Store: each program's latest deal of its missing contacts.
#include <google/protobuf/util/time_util.h>

#include "msc/storage/sqlite.h"
#include "msc/storage/store.h"

namespace msc::storage {
namespace {

using google::protobuf::util::TimeUtil;

Status InsertAssignments(Database& db, const v1::AssignmentList& deal) {
  for (int i = 0; i < deal.assignments_size(); ++i) {
    const v1::Assignment& a = deal.assignments(i);
    auto q = db.Prepare(  // cached: prepared once
        "INSERT INTO assignments (program_id, observer_id, position, company_id, channel) "
        "VALUES (?, ?, ?, ?, ?)");
    if (!q.ok()) return q.status();
    Status s = q->Bind(1, deal.program_id())
                   .Bind(2, a.observer_id())
                   .Bind(3, int64_t{i})
                   .Bind(4, a.company_id())
                   .Bind(5, int64_t{a.channel()})
                   .Run();
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Status Store::SaveAssignments(const v1::AssignmentList& deal, std::string_view actor) {
  auto txn = Transaction::Begin(*db_, Transaction::Kind::kWrite);
  if (!txn.ok()) return txn.status();
  for (const char* sql : {"DELETE FROM assignments WHERE program_id = ?",
                          "DELETE FROM assignment_deals WHERE program_id = ?"}) {
    auto q = db_->Prepare(sql);
    if (!q.ok()) return q.status();
    if (Status s = q->Bind(1, deal.program_id()).Run(); !s.ok()) return s;
  }
  auto q = db_->Prepare(
      "INSERT INTO assignment_deals (program_id, seed, dealt_at_ns, dealt_by, undealt) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!q.ok()) return q.status();
  Status s = q->Bind(1, deal.program_id())
                 .Bind(2, static_cast<int64_t>(deal.seed()))
                 .Bind(3, TimeUtil::TimestampToNanoseconds(deal.dealt_at()))
                 .Bind(4, actor)
                 .Bind(5, int64_t{deal.undealt()})
                 .Run();
  if (!s.ok()) return s;
  if (Status s = InsertAssignments(*db_, deal); !s.ok()) return s;
  std::string detail = "seed=" + std::to_string(deal.seed()) +
                       " assignments=" + std::to_string(deal.assignments_size()) +
                       " undealt=" + std::to_string(deal.undealt());
  if (Status s = Audit(actor, "assignments.deal", deal.program_id(), detail); !s.ok()) return s;
  return (*txn)->Commit();
}

Result<v1::AssignmentList> Store::GetAssignments(std::string_view program_id,
                                                 std::string_view observer_id) {
  auto txn = Transaction::Begin(*db_, Transaction::Kind::kRead);
  if (!txn.ok()) return txn.status();
  v1::AssignmentList out;
  out.set_program_id(std::string(program_id));
  auto head = db_->Prepare(
      "SELECT seed, dealt_at_ns, dealt_by, undealt FROM assignment_deals WHERE program_id = ?");
  if (!head.ok()) return head.status();
  auto found = head->Bind(1, program_id).Step();
  if (!found.ok()) return found.status();
  if (!*found) return out;
  out.set_seed(static_cast<uint64_t>(head->Int(0)));
  *out.mutable_dealt_at() = TimeUtil::NanosecondsToTimestamp(head->Int(1));
  out.set_dealt_by(std::string(head->Text(2)));
  out.set_undealt(static_cast<int32_t>(head->Int(3)));
  auto q = db_->Prepare(
      "SELECT observer_id, company_id, channel FROM assignments WHERE program_id = ?1 "
      "AND (?2 = '' OR observer_id = ?2) ORDER BY observer_id, position");
  if (!q.ok()) return q.status();
  q->Bind(1, program_id).Bind(2, observer_id);
  for (;;) {
    auto row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    v1::Assignment* a = out.add_assignments();
    a->set_observer_id(std::string(q->Text(0)));
    a->set_company_id(std::string(q->Text(1)));
    a->set_channel(static_cast<v1::Channel>(q->Int(2)));
  }
  return out;
}

}  // namespace msc::storage
