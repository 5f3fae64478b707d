// Maven's version order: a port of the algorithm of org.apache.maven.artifact.versioning.ComparableVersion
// (as documented in the POM reference, "Version Order Specification"), written from that description:
//  * the version is lowercased and split into items at '.', at '-' and at every digit/letter transition;
//    '-' and a transition open a nested list, so "1-rc-2" is [1, [rc, [2]]]; an empty item is 0;
//  * digit items are unbounded integers; letter items are qualifiers, ordered
//    alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp < anything else
//    (unknown qualifiers compare among themselves as strings); "a", "b", "m" directly before a digit
//    stand for alpha, beta, milestone;
//  * trailing null items (0, "", empty lists) are dropped from each list, innermost first, walking back
//    over nested lists ("1.0.0-foo.0.0" = "1-foo"); a list left holding only a list is merged into it;
//  * comparing: integer > list > qualifier; a missing item is compared as null, which equals 0, "" and
//    an empty list.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "match/digits.h"
#include "match/version.h"

namespace drydock {
namespace {

using match_internal::CompareDigitRuns;
using match_internal::IsDigit;

struct Item {
  enum class Kind { kInt, kString, kList } kind;
  std::string text;                          // kInt: digits without leading zeros; kString: qualifier
  std::vector<std::unique_ptr<Item>> items;  // kList
  bool IsNull() const;
};

constexpr std::string_view kQualifiers[] = {"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"};
constexpr std::size_t kReleaseIndex = 5;

std::string Canonical(std::string_view q, bool followed_by_digit) {
  if (followed_by_digit && q.size() == 1) {
    if (q == "a") return "alpha";
    if (q == "b") return "beta";
    if (q == "m") return "milestone";
  }
  if (q == "ga" || q == "final" || q == "release") return "";
  if (q == "cr") return "rc";
  return std::string(q);
}

// The sort key of a qualifier: its rank among the known ones, else after them all, then by text.
std::string QualifierKey(std::string_view q) {
  for (std::size_t i = 0; i < std::size(kQualifiers); ++i) {
    if (kQualifiers[i] == q) return std::to_string(i);
  }
  return std::to_string(std::size(kQualifiers)) + "-" + std::string(q);
}

bool Item::IsNull() const {
  switch (kind) {
    case Kind::kInt: return text.empty();
    case Kind::kString: return QualifierKey(text) == std::to_string(kReleaseIndex);
    case Kind::kList: return items.empty();
  }
  return false;
}

int Sign(int c) { return (c > 0) - (c < 0); }

// Compares `a` with `b`; a null `b` is "nothing here".
int CompareItems(const Item& a, const Item* b) {
  using K = Item::Kind;
  switch (a.kind) {
    case K::kInt:
      if (b == nullptr) return a.text.empty() ? 0 : 1;
      return b->kind == K::kInt ? CompareDigitRuns(a.text, b->text) : 1;
    case K::kString:
      if (b == nullptr) return Sign(QualifierKey(a.text).compare(std::to_string(kReleaseIndex)));
      if (b->kind == K::kString) return Sign(QualifierKey(a.text).compare(QualifierKey(b->text)));
      return -1;
    case K::kList:
      if (b == nullptr) return a.items.empty() ? 0 : CompareItems(*a.items.front(), nullptr);
      if (b->kind == K::kInt) return -1;
      if (b->kind == K::kString) return 1;
      for (std::size_t i = 0; i < a.items.size() || i < b->items.size(); ++i) {
        const Item* l = i < a.items.size() ? a.items[i].get() : nullptr;
        const Item* r = i < b->items.size() ? b->items[i].get() : nullptr;
        const int c = l == nullptr ? -CompareItems(*r, nullptr) : CompareItems(*l, r);
        if (c != 0) return c;
      }
      return 0;
  }
  return 0;
}

std::unique_ptr<Item> MakeItem(std::string_view text, bool digits, bool followed_by_digit) {
  auto item = std::make_unique<Item>();
  if (digits) {
    item->kind = Item::Kind::kInt;
    while (!text.empty() && text.front() == '0') text.remove_prefix(1);
    item->text = std::string(text);
  } else {
    item->kind = Item::Kind::kString;
    item->text = Canonical(text, followed_by_digit);
  }
  return item;
}

void Normalize(Item& list, bool is_root) {
  for (std::size_t i = list.items.size(); i-- > 0;) {
    if (list.items[i]->IsNull()) {
      list.items.erase(list.items.begin() + static_cast<std::ptrdiff_t>(i));
    } else if (list.items[i]->kind != Item::Kind::kList) {
      break;
    }
  }
  // A list holding nothing but a nested list is that list: "1-ga-1" trims to "1-1", not "1--1". (The POM
  // reference describes a flat token sequence, where trimming "-ga" leaves no level behind; osv-scalibr's
  // vectors require this.) The nested list is always the last item, so this only ever hoists one.
  // The root keeps its nested list: "0.0.0-2021" trims to [[2021]], which sorts before "20".
  while (!is_root && list.items.size() == 1 && list.items.front()->kind == Item::Kind::kList) {
    std::vector<std::unique_ptr<Item>> inner = std::move(list.items.front()->items);
    list.items = std::move(inner);
  }
}

// Each '-' or transition nests one list deeper, and comparing recurses once per level; no real version
// comes near this, and capping it bounds the stack on hostile input.
constexpr std::size_t kMaxMavenVersionBytes = 4096;

Item Parse(std::string_view raw) {
  std::string v(raw.substr(0, kMaxMavenVersionBytes));
  for (char& c : v) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  Item root{Item::Kind::kList, {}, {}};
  std::vector<Item*> stack{&root};
  Item* list = &root;
  auto open = [&] {
    auto child = std::make_unique<Item>(Item{Item::Kind::kList, {}, {}});
    list = child.get();
    stack.back()->items.push_back(std::move(child));
    stack.push_back(list);
  };
  bool digit = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (c == '.' || c == '-') {
      if (i == start) {
        list->items.push_back(MakeItem("", true, false));
      } else {
        list->items.push_back(MakeItem(std::string_view(v).substr(start, i - start), digit, false));
      }
      start = i + 1;
      if (c == '-') open();
    } else if (IsDigit(c)) {
      if (!digit && i > start) {
        list->items.push_back(MakeItem(std::string_view(v).substr(start, i - start), false, true));
        start = i;
        open();
      }
      digit = true;
    } else {
      if (digit && i > start) {
        list->items.push_back(MakeItem(std::string_view(v).substr(start, i - start), true, false));
        start = i;
        open();
      }
      digit = false;
    }
  }
  if (v.size() > start) list->items.push_back(MakeItem(std::string_view(v).substr(start), digit, false));
  while (!stack.empty()) {
    Normalize(*stack.back(), stack.size() == 1);
    stack.pop_back();
  }
  return root;
}

}  // namespace

int CompareMavenVersions(std::string_view a, std::string_view b) {
  const Item x = Parse(a), y = Parse(b);
  return CompareItems(x, &y);
}

}  // namespace drydock
