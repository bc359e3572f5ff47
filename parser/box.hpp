// A heap slot with value semantics: copying a box copies its content. The AST
// uses it where a node must contain a node of its own type (a SELECT inside an
// expression inside a SELECT), so whole trees copy like plain values.
#pragma once

#include <memory>
#include <utility>

namespace qproxy::sql {

template <class T>
class box {
public:
    box() = default;
    box(T value) : p_(std::make_unique<T>(std::move(value))) {}  // NOLINT: implicit on purpose
    box(const box& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
    box(box&&) noexcept = default;
    box& operator=(const box& o) {
        if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
        return *this;
    }
    box& operator=(box&&) noexcept = default;
    box& operator=(T value) {
        p_ = std::make_unique<T>(std::move(value));
        return *this;
    }
    ~box() = default;

    [[nodiscard]] bool has_value() const { return p_ != nullptr; }
    explicit operator bool() const { return has_value(); }
    T& operator*() { return *p_; }
    const T& operator*() const { return *p_; }
    T* operator->() { return p_.get(); }
    const T* operator->() const { return p_.get(); }
    T* get() { return p_.get(); }
    const T* get() const { return p_.get(); }
    void reset() { p_.reset(); }

    friend bool operator==(const box& a, const box& b) {
        if (!a.p_ || !b.p_) return !a.p_ && !b.p_;
        return *a.p_ == *b.p_;
    }

private:
    std::unique_ptr<T> p_;
};

}  // namespace qproxy::sql
