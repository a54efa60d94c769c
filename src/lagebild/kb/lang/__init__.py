"""Per-language role words, country adjectives and names for `lagebild.kb.roles`."""
