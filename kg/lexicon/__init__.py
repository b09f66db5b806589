"""The one home of `kg`'s domain vocabulary (ANNOTATION.md's conventions).

- `kg.lexicon.tables`: the tables themselves (place levels and suffixes, bodies with
  their levels and the posts they imply, titles and modifiers);
- `kg.lexicon.generate`: what they generate (the rulers' and the tokenizer's word
  lists, the patterns of relative-name resolution);
- `kg.lexicon.scan`: the leftmost-longest scanner that finds titles, bodies and places in text.
"""
from kg.lexicon.generate import (
    body_prefix, government_bodies, government_titles, implied_body, implied_titles, is_bare_body, is_national_title, is_official_title,
    is_whole_title, place_names, relative_bodies, relative_org, title_bodies,
)
from kg.lexicon.scan import LongestMatcher, find_lexicon_spans, find_short_names, find_street_offices

__all__ = [
    "body_prefix", "government_bodies", "government_titles", "implied_body", "implied_titles", "is_bare_body", "is_national_title",
    "is_official_title", "is_whole_title", "place_names", "relative_bodies", "relative_org", "title_bodies", "LongestMatcher", "find_lexicon_spans",
    "find_short_names", "find_street_offices",
]
