#include "register_cache.h"

namespace msc::collector {

std::shared_ptr<const RegisterView> RegisterCache::Get() const {
  std::lock_guard lock(mu_);
  return view_;
}

void RegisterCache::Set(const v1::Register& reg) {
  auto view = std::make_shared<const RegisterView>(RegisterView::FromRegister(reg));
  std::lock_guard lock(mu_);
  view_ = std::move(view);
  loaded_at_ = std::chrono::steady_clock::now();
}

Status RegisterCache::Reload(storage::Store& store) {
  auto reg = store.ExportRegister();
  if (!reg.ok()) return reg.status();
  Set(*reg);
  return Status::Ok();
}

bool RegisterCache::OlderThan(std::chrono::steady_clock::duration age) const {
  std::lock_guard lock(mu_);
  return std::chrono::steady_clock::now() - loaded_at_ > age;
}

}  // namespace msc::collector
