#include "common/normalize/aligned_text.h"

#include <algorithm>

namespace dragoman::normalize {

AlignedText AlignedText::FromParts(std::string text, const std::vector<Segment>& segments) {
  AlignedText out;
  out.text_ = std::move(text);
  size_t at = 0;
  for (const Segment& s : segments) {
    out.segments_.push_back(s);
    out.starts_.push_back(at);
    at += s.text_length;
  }
  return out;
}

void AlignedText::Push(const Segment& s) {
  if (s.text_length == 0) return;
  if (s.linear && !segments_.empty()) {
    Segment& last = segments_.back();
    if (last.linear && last.source_begin + last.source_length == s.source_begin) {
      last.text_length += s.text_length;
      last.source_length += s.source_length;
      return;
    }
  }
  starts_.push_back(text_.size() - s.text_length);
  segments_.push_back(s);
}

void AlignedText::AppendLinear(absl::string_view bytes, size_t source_begin) {
  if (bytes.empty()) return;
  text_.append(bytes.data(), bytes.size());
  Push(Segment{static_cast<uint32_t>(bytes.size()), static_cast<uint32_t>(source_begin),
               static_cast<uint32_t>(bytes.size()), true});
}

void AlignedText::AppendReplacement(absl::string_view text, size_t source_begin,
                                    size_t source_end) {
  if (text.empty()) return;
  text_.append(text.data(), text.size());
  Push(Segment{static_cast<uint32_t>(text.size()), static_cast<uint32_t>(source_begin),
               static_cast<uint32_t>(source_end - source_begin), false});
}

std::pair<size_t, size_t> AlignedText::Find(size_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const size_t index = static_cast<size_t>(it - starts_.begin()) - 1;
  return {index, starts_[index]};
}

void AlignedText::AppendFrom(const AlignedText& other, size_t begin, size_t end) {
  end = std::min(end, other.text_.size());
  if (begin >= end) return;
  auto [index, start] = other.Find(begin);
  size_t at = begin;
  while (at < end) {
    const Segment& s = other.segments_[index];
    const size_t seg_end = start + s.text_length;
    const size_t piece_end = std::min(end, seg_end);
    const absl::string_view piece(other.text_.data() + at, piece_end - at);
    if (s.linear) {
      AppendLinear(piece, s.source_begin + (at - start));
    } else {
      AppendReplacement(piece, s.source_begin, s.source_begin + s.source_length);
    }
    at = piece_end;
    start = seg_end;
    ++index;
  }
}

void AlignedText::AppendReplacementFrom(const AlignedText& other, absl::string_view text,
                                        size_t begin, size_t end) {
  if (text.empty()) return;
  if (other.text_.empty()) {
    AppendReplacement(text, 0, 0);
    return;
  }
  if (begin >= end) {
    // Pure insertion: anchor at the source point just before `begin`.
    const size_t point =
        begin == 0 ? other.SourceRange(0, 1).first : other.SourceRange(begin - 1, begin).second;
    AppendReplacement(text, point, point);
    return;
  }
  const auto [first, second] = other.SourceRange(begin, end);
  AppendReplacement(text, first, second);
}

std::pair<size_t, size_t> AlignedText::SourceRange(size_t begin, size_t end) const {
  if (text_.empty()) return {0, 0};
  if (begin >= text_.size()) {
    const size_t point = SourceRange(text_.size() - 1, text_.size()).second;
    return {point, point};
  }
  end = std::min(end, text_.size());
  if (end <= begin) {
    const auto [i, start] = Find(begin);
    const Segment& s = segments_[i];
    const size_t p = s.linear ? s.source_begin + (begin - start) : s.source_begin;
    return {p, p};
  }
  const auto [bi, bstart] = Find(begin);
  const Segment& b = segments_[bi];
  const size_t first = b.linear ? b.source_begin + (begin - bstart) : b.source_begin;
  const auto [ei, estart] = Find(end - 1);
  const Segment& e = segments_[ei];
  const size_t second =
      e.linear ? e.source_begin + (end - estart) : e.source_begin + e.source_length;
  return {first, std::max(first, second)};
}

AlignedText AlignedText::Compose(const AlignedText& outer, const AlignedText& inner) {
  AlignedText out;
  if (inner.text_.empty()) {
    for (size_t i = 0; i < outer.segments_.size(); ++i) {
      const Segment& s = outer.segments_[i];
      out.AppendReplacement(absl::string_view(outer.text_).substr(outer.starts_[i], s.text_length),
                            0, 0);
    }
    return out;
  }
  for (size_t i = 0; i < outer.segments_.size(); ++i) {
    const Segment& s = outer.segments_[i];
    const absl::string_view text =
        absl::string_view(outer.text_).substr(outer.starts_[i], s.text_length);
    if (!s.linear || s.source_length == 0) {
      const auto [first, second] =
          inner.SourceRange(s.source_begin, s.source_begin + s.source_length);
      out.AppendReplacement(text, first, second);
      continue;
    }
    // Linear: walk the inner segments under it, keeping outer's bytes.
    size_t at = s.source_begin;
    const size_t end = std::min<size_t>(s.source_begin + s.source_length, inner.text_.size());
    auto [index, start] = inner.Find(std::min(at, inner.text_.size() - 1));
    while (at < end) {
      const Segment& in = inner.segments_[index];
      const size_t piece_end = std::min(end, start + in.text_length);
      const absl::string_view piece = text.substr(at - s.source_begin, piece_end - at);
      if (in.linear) {
        out.AppendLinear(piece, in.source_begin + (at - start));
      } else {
        out.AppendReplacement(piece, in.source_begin, in.source_begin + in.source_length);
      }
      at = piece_end;
      start += in.text_length;
      ++index;
    }
  }
  return out;
}

SourceMap::SourceMap(absl::string_view clean_text, std::vector<Segment> segments)
    : text_(AlignedText::FromParts(std::string(clean_text), segments)) {
  for (size_t i = 0; i < clean_text.size(); ++i) {
    if ((static_cast<unsigned char>(clean_text[i]) & 0xC0) != 0x80) cp_to_byte_.push_back(i);
  }
  cp_to_byte_.push_back(clean_text.size());
}

std::pair<size_t, size_t> SourceMap::ToSource(int begin, int end) const {
  const int last = static_cast<int>(cp_to_byte_.size()) - 1;
  begin = std::clamp(begin, 0, last);
  end = std::clamp(end, begin, last);
  return text_.SourceRange(cp_to_byte_[begin], cp_to_byte_[end]);
}

}  // namespace dragoman::normalize
