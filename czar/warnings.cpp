#include "czar/warnings.hpp"

namespace qproxy::czar {

namespace {
thread_local std::vector<sql_error>* current = nullptr;
}

warning_scope::warning_scope(std::vector<sql_error>* sink) : previous_(current) { current = sink; }
warning_scope::~warning_scope() { current = previous_; }

void push_warning(sql_error warning) {
    if (current) current->push_back(std::move(warning));
}

void warn_division_by_zero() { push_warning({1365, "22012", "Division by 0"}); }

}  // namespace qproxy::czar
