"""`generation_artifact`: text addressed to the writer, an editor or an outside
audience instead of the story's readers: drafting notes, chatbot preambles and
follow-up questions, keyword lists, "for American readers"."""

from __future__ import annotations

import re

from lagebild.verify.context import CheckContext
from lagebild.verify.model import Finding

# Each pattern names a way text can address someone outside the story; they match in
# either language, since machine-written German articles often carry English residue.
PATTERNS: list[tuple[str, str]] = [
    (r"\b(?:für|fuer)\s+(?:unsere\s+)?(?:amerikanische|deutsche|britische|europäische|westliche|internationale|"
     r"österreichische|schweizer|ausländische|englischsprachige|deutschsprachige)n?\s+(?:Leser(?:innen)?|Leserschaft|"
     r"Publikum)\b", "an address to readers outside the story's audience"),
    (r"\bfor\s+(?:our\s+)?(?:American|German|British|European|Western|international|foreign|US|U\.S\.|"
     r"English-speaking|non-specialist)\s+(?:readers|audiences?|viewers)\b",
     "an address to readers outside the story's audience"),
    (r"\b(?:note|notes|memo)\s+(?:to|for)\s+(?:the\s+)?(?:editor|editors|desk|writer|author)s?\b",
     "a drafting note addressed to an editor"),
    (r"\b(?:Anmerkung|Hinweis|Notiz)\s+(?:an|für)\s+(?:die\s+|den\s+)?(?:Redaktion|Redakteur(?:in)?|Autor(?:in)?|"
     r"Lektorat)\b", "a drafting note addressed to the newsroom"),
    (r"\b(?:Soll|Möchten|Wollen|Darf)\s+(?:ich|Sie)\b[^.?!\n]{0,120}\?",
     "a question to the person who ordered the text, as a chat assistant asks it"),
    (r"\b(?:Shall|Should|Would you like|Do you want)\s+(?:I|me|you)\b[^.?!\n]{0,120}\?",
     "a question to the person who ordered the text, as a chat assistant asks it"),
    (r"\b(?:As an AI(?: language model)?|Als (?:KI|künstliche Intelligenz|Sprachmodell))\b",
     "a language model speaking about itself"),
    (r"^(?:(?:Sure|Certainly|Of course|Absolutely|Gerne|Gern|Natürlich|Selbstverständlich|Klar|Okay)[!,.:]?\s+)?"
     r"(?:Here is|Here's|Below is|Below you will find|Hier ist|Hier sind|Hier kommt|Nachfolgend|Im Folgenden)\b"
     r"[^\n]{0,80}?(?:article|text|draft|version|story|piece|summary|rewrite|"
     r"\w*artikel|\w*text|\w*entwurf|\w*fassung|\w*bericht|\w*meldung|zusammenfassung)\b",
     "a chatbot preamble introducing the text"),
    (r"^(?:Keywords|Schlagwörter|Schlüsselwörter|Tags|SEO)\s*:", "a keyword list for search engines"),
    (r"\[(?:insert|add|TODO|TK|Quelle einfügen|einfügen|Link|Zitat)[^\]]{0,60}\]", "a placeholder left for the writer"),
    (r"\[\s*(?:Redaktion|Red\.|Anm\.|Anmerkung|Hinweis|Notiz|Editor|Editor's note|Ed\.|Note|NB|TODO|TK)\s*[:\-–][^\]]{0,200}\]",
     "a bracketed note to the newsroom"),
    (r"\b(?:I hope this helps|Ich hoffe, das hilft|Let me know if|Lassen Sie mich wissen)\b",
     "a chat assistant's closing words"),
]
_COMPILED = [(re.compile(p, re.IGNORECASE | re.MULTILINE), why) for p, why in PATTERNS]


def find_generation_artifacts(ctx: CheckContext) -> list[Finding]:
    text = ctx.target.text
    findings: list[Finding] = []
    for pattern, why in _COMPILED:
        for match in pattern.finditer(text):
            if any(f.start <= match.start() < f.end for f in findings):
                continue
            findings.append(
                Finding(
                    kind="generation_artifact",
                    start=match.start(),
                    end=match.end(),
                    text=match.group(),
                    severity="medium",
                    explanation=f"“{match.group()}” is {why}: residue of how the text was produced, "
                    "not reporting, and a sign that it was machine-written or not edited.",
                )
            )
    return findings
