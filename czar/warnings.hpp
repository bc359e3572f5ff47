// Warnings raised while the engine evaluates a statement (MySQL's "Division by
// 0" and friends). Functions report into the statement running on the same
// thread; a statement collects them with a warning_scope.
#pragma once

#include "parser/error.hpp"

#include <vector>

namespace qproxy::czar {

class warning_scope {
public:
    // Collects the thread's warnings into `sink` (null: they are dropped) until destroyed.
    explicit warning_scope(std::vector<sql_error>* sink);
    ~warning_scope();
    warning_scope(const warning_scope&) = delete;
    warning_scope& operator=(const warning_scope&) = delete;

private:
    std::vector<sql_error>* previous_;
};

void push_warning(sql_error warning);

// ER_DIVISION_BY_ZERO (1365, 22012), as MySQL reports it for x/0, x DIV 0 and x MOD 0.
void warn_division_by_zero();

}  // namespace qproxy::czar
