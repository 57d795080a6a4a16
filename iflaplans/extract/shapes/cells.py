"""What a piece of copied text is, where a table's cells were lost: a checkbox glyph, a
cell that reads as a time, a numbered task, a stray fragment of a web page, or text.

The time words come from the ``time_cell`` section of the headings vocabulary; the
patterns are built once per :class:`CellShapes`, which the caller makes and passes on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from iflaplans.extract.header import names_table
from iflaplans.extract.patterns import ReaderPatterns, reader_patterns
from iflaplans.rules.headings import Headings
from iflaplans.textutil import alternation, fold

_YEAR = r"(?:19|20)\d{2}(?!\d)"
_YEARS = _YEAR + r"(?:\s*[-/]\s*(?:(?:19|20)?\d{2}(?!\d)))?"
# The end of a sentence (or of a clause that closes a cell), where a new cell may start.
BOUNDARY = re.compile(r"(?<=[.!?;:)\]»”\"])\s+(?=\S)")
_CLAUSE = re.compile(r"(?:(?:[,;:.!?)]|\s[-–—])\s+|[^\S\n]*\n\s*)(?=\S)")
NUMBERED = re.compile(r"^\s*\(?(\d{1,2})\s?[.)]\s+(?=\S)")
_TASK_ONE = re.compile(r"(?<![\w.,/(-])\(?1\s?[.)]\s+(?=\S)")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"“(]?[^\W\d_])")
_WORD = re.compile(r"\S+")
_YEAR_DIGITS = re.compile(r"\d{4}")
_FRAGMENT_WORDS = 3  # "Read more", "Share this page", "Sha": what a web page leaves behind
_RECURRING_WORDS = 8  # "Annually", "Tous les trimestres": longer text is an activity
_STATUS_WORDS = 14  # "Completed June 2020": a report-only cell
_TIME_WORDS = 40  # a Timeframe cell with its news
_LEAD_REST = 4  # words a time opened by a preposition may have after it
_FALLBACK_REST = 14  # words a time cell may have where no sentence end precedes it
# A viewer's text layer may drop the spaces between column names ("Funding
# NeededProjects/Activities"): a small letter followed by a capital marks a new name.
_RUN_ON_NAME = re.compile(r"(?<=[^\W\d_])(?<![^\W\d_][A-ZÀ-Þ])(?=[A-ZÀ-Þ][^\W\d_A-ZÀ-Þ])")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class CellShapes:
    """Tests on copied text, built from one headings vocabulary."""

    headings: Headings
    glyphs: tuple[str, ...] = field(init=False)
    hard: re.Pattern[str] = field(init=False)
    soft: re.Pattern[str] = field(init=False)
    recurring: re.Pattern[str] = field(init=False)
    anywhere: re.Pattern[str] = field(init=False)
    news: re.Pattern[str] = field(init=False)
    names: dict[str, str] = field(init=False)
    time_label: re.Pattern[str] = field(init=False)
    patterns: ReaderPatterns = field(init=False)

    def __post_init__(self) -> None:
        words = self.headings.time_words
        patterns = reader_patterns(self.headings)
        object.__setattr__(self, "patterns", patterns)
        boxes = self.headings.checked | self.headings.unchecked
        glyphs = tuple(sorted((g for g in boxes if not g[0].isalnum()), key=len, reverse=True))
        month = rf"(?:{alternation(sorted(words.months))})\.?"
        season = alternation(sorted(words.seasons))
        point = rf"(?:{patterns.day}{month}(?:\s+\d{{1,2}}{patterns.day_after_month},?)?|{season})"
        # a point in a year, or in every year ("Junio y diciembre de cada año")
        every = rf"(?:{_YEAR}|(?:{alternation(sorted(words.recurring))})(?!\w))"
        dated = rf"{point}(?:{patterns.join}{point})*[\s,-]+{patterns.filler}{every}"
        congress = rf"(?:{alternation(sorted(words.congress))})(?:\s+{_YEAR})?"
        time = rf"(?:{_YEARS}|{dated}|{congress})"
        lead = rf"(?P<lead>(?:{alternation(sorted(words.leads))})\s+)?"
        object.__setattr__(self, "glyphs", glyphs)
        object.__setattr__(self, "hard", re.compile(rf"^[\W_]{{0,3}}{lead}{time}(?!\w)"))
        soft = alternation(sorted(words.recurring | words.status))
        object.__setattr__(self, "soft", re.compile(rf"^[\W_]{{0,3}}{lead}(?:{soft})(?!\w)"))
        recurring = alternation(sorted(words.recurring))
        object.__setattr__(
            self, "recurring", re.compile(rf"^[\W_]{{0,3}}{lead}(?:{recurring})(?!\w)")
        )
        object.__setattr__(self, "anywhere", re.compile(rf"(?<!\w){time}(?!\w)"))
        status = alternation(sorted(words.status))
        object.__setattr__(self, "news", re.compile(rf"(?<!\w)(?:{status})(?!\w)"))
        names = {
            name: role
            for role, spellings in self.headings.columns.items()
            for name in spellings
            if role != "other"
        }
        object.__setattr__(self, "names", names)
        # A time named inside a shared cell ("Timeline: August 2015", "Termine: …").
        labels = alternation(sorted(self.headings.columns.get("timeframe", ())))
        label = rf"(?<!\w)(?:{labels}){patterns.plural}\s*:\s*(?=\S)"
        object.__setattr__(self, "time_label", re.compile(label))

    # ---------------------------------------------------------------- pieces
    def glyph(self, text: str) -> tuple[str, str] | None:
        """(glyph, the rest) when ``text`` opens with a checkbox glyph, else None; a
        paragraph that is only a checkbox word ("Yes", "Non") is one too."""
        stripped = text.lstrip()
        boxes = self.headings.checked | self.headings.unchecked
        if stripped[:1].isalnum() and stripped.rstrip(" .").casefold() in boxes:
            return stripped.rstrip(" ."), ""
        for glyph in self.glyphs:
            if stripped.startswith(glyph):
                rest = stripped[len(glyph) :]
                if not rest or not rest[0].isalnum() or glyph[-1] in "])":
                    return glyph, rest.strip()
        return None

    def is_time(self, text: str) -> bool:
        """Whether a whole paragraph reads as a Timeframe cell: it opens with a time
        ("2020 Moved to 2021", "by June 2020", "WLIC 2021"), or it is short and opens
        with a recurring or status word ("Annually", "Completed June 2020")."""
        folded = fold(text.strip())
        words = _words(folded)
        if NUMBERED.match(folded) and not self.hard.match(folded):
            return False
        hard = self.hard.match(folded)
        if hard is not None:
            rest = folded[hard.end() :].strip(" ,;:")
            if hard.group("lead") and _words(rest) > _LEAD_REST and not self.soft.match(rest):
                return False  # "In 2020 the Secretary drafts the report": a sentence
            return words <= _TIME_WORDS
        if self.soft.match(folded) is None:
            return False
        recurring = self.recurring.match(folded) is not None
        return words <= (_RECURRING_WORDS if recurring else _STATUS_WORDS)

    def time_after_people(self, text: str) -> int:
        """Where the time starts in a cell that names people first ("Chair and
        Secretary, 2016", "Comité de la session ; WLIC 2020 Annulé", "1. Draft. 2.
        Publish. June 2020"): after the last time label ("Timeline: August 2015"), else
        after a comma or a sentence end; 0 where the cell opens with its time or holds
        none."""
        folded = fold(text)
        labelled = self.after_time_label(text)
        if labelled:
            return labelled
        if self.is_time(folded):
            return 0
        for found in _CLAUSE.finditer(folded):
            rest = folded[found.end() :]
            if not NUMBERED.match(rest) and self.is_time(rest):
                return found.end()
        return 0

    def after_time_label(self, text: str) -> int:
        """Where the time starts after the last time label of a shared cell ("Chair.
        Timeline: August 2015", "1. Draft. Termin: laufend"); 0 where no label is
        followed by a time."""
        folded = fold(text)
        labelled = [m.end() for m in self.time_label.finditer(folded)]
        return labelled[-1] if labelled and self.is_time(folded[labelled[-1] :]) else 0

    def time_words_end(self, text: str) -> int | None:
        """Where the time words a Timeframe cell opens with end ("Annually" in
        "Annually Organize the conference"), or None where it opens with none."""
        folded = fold(text)
        found = self.hard.match(folded) or self.soft.match(folded)
        return found.end() if found is not None else None

    def opens_with_time(self, text: str) -> bool:
        """A line that is a time of its own ("Oct 2020", "August 2020 onwards")."""
        return self.hard.match(fold(text.strip())) is not None and self.is_time(text)

    def is_fragment(self, text: str) -> bool:
        """A stray piece of a web page: a few words, no sentence, no number, no time."""
        stripped = text.strip()
        if self.headings.is_furniture(stripped):
            return True
        return (
            0 < _words(stripped) <= _FRAGMENT_WORDS
            and not re.search(r"[\d.!?:;]", stripped)
            and not self.is_time(stripped)
            and self.glyph(stripped) is None
        )

    def time_start(self, text: str, *, fallback: bool) -> int | None:
        """Where the Timeframe cell starts in a line that holds a whole row ("… the
        host. 2020 Moved to 2021"): at a sentence end followed by a time, else one
        followed by a recurring or status word; with ``fallback``, at a time after the
        first words even without a sentence end before it ("… on basic conservation
        2020 Moved to 2021", a row whose text goes on in the next line)."""
        folded = fold(text)
        starts = [m.end() for m in BOUNDARY.finditer(folded)]
        for pattern in (self.hard, self.soft):
            for start in starts:
                rest = folded[start:]
                if NUMBERED.match(rest) and not self.hard.match(rest):
                    continue
                if pattern.match(rest) and self.is_time(rest):
                    return start
        if not fallback:
            return None
        found_at = self._fallback_starts(text)
        # a title may name a time too ("… session at WLIC 2020 on … 2020 Postponed"):
        # the time that opens the cell is not followed by the title's words in lower case
        opening = (start for start, news in found_at if news)
        return next(opening, found_at[0][0] if found_at else self._recurring_end(folded))

    def _recurring_end(self, folded: str) -> int | None:
        """Where a line that holds a row ends with a recurring time and nothing after it
        ("… the members of the Committee Annually", "… du Comité Chaque année")."""
        for word in _WORD.finditer(folded):
            rest = folded[word.start() :]
            if _words(folded[: word.start()]) < 2 or _words(rest) > _LEAD_REST:
                continue
            if self.recurring.match(rest) and self.is_time(rest):
                return word.start()
        return None

    def _fallback_starts(self, text: str) -> list[tuple[int, bool]]:
        """Where a Timeframe cell may start with no sentence end before it: at a time
        with a year, after the first words, not followed by another sentence; with
        whether what follows the time may be news (nothing, a capital, a status word)."""
        folded = fold(text)
        starts: list[tuple[int, bool]] = []
        for found in self.anywhere.finditer(folded):
            start = found.start()
            before = folded[:start].rstrip()
            if _words(before) < 2 or before.endswith(("(", "/", "-")):
                continue
            if not _YEAR_DIGITS.search(found.group()):
                continue  # "WLIC" alone ends no row: "2. Raum beim WLIC reservieren."
            rest = folded[start:]
            # a time that ends a line holding a row is not followed by another sentence
            sentences = [m.end() for m in _SENTENCE_END.finditer(rest)]
            if any(not self.is_time(rest[end:].strip()) for end in sentences):
                continue
            if _words(rest) <= _FALLBACK_REST and self.is_time(rest):
                after = text[found.end() :].lstrip(" ,;:.")
                title_words = after[:1].islower() and not (
                    self.soft.match(fold(after)) or self.hard.match(fold(after))
                )
                starts.append((start, not title_words))
        return starts

    # ---------------------------------------------------------------- header words
    def header_run(self, text: str) -> tuple[list[str], int] | None:
        """The column names a line opens with, run together on one line ("Funding Needed
        Projects/Activities Tasks & Responsibility Timeframe 1. …"): (roles in order,
        offset after the last name). A name cut short at the line's end ("Tâches et
        respon") counts. None unless two roles, one of them activity or timeframe.
        Names run on without spaces ("Funding NeededProjects/Activities") count too."""
        found = self._header_run(text)
        if found is not None:
            return found
        spaced = _RUN_ON_NAME.sub(" ", text)
        if spaced == text:
            return None
        found = self._header_run(spaced)
        if found is None:
            return None
        # map the offset back: every space added before it moved it one to the right
        inserted = [m.start() for m in _RUN_ON_NAME.finditer(text)]
        original = found[1]
        while original > 0 and original + sum(1 for p in inserted if p < original) > found[1]:
            original -= 1
        return found[0], original

    def _header_run(self, text: str) -> tuple[list[str], int] | None:
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        roles: list[str] = []
        i, end, last = 0, 0, 0
        while i < len(spans):
            found = None
            for j in range(min(len(spans), i + 6), i, -1):
                phrase = self.headings.header_text(text[spans[i][0] : spans[j - 1][1]])
                if phrase in self.names:
                    found = (self.names[phrase], j)
                    break
            cut = self._cut_name(text, spans, i)
            if cut is not None and (found is None or cut[1] > found[1]):
                found = cut
            if found is None:
                break
            roles.append(found[0])
            i, end, last = found[1], spans[found[1] - 1][1], i
        if i < len(spans) and roles and len(spans) - i <= 3:
            # a name cut by the page width: what is left is the start of some name
            # ("Tâches et respon" after "Tâches", or "Zeitr" after a whole name)
            for start in (last, i):
                tail = self.headings.header_text(text[spans[start][0] :])
                if len(tail) >= 3 and any(n.startswith(tail) for n in self.names):
                    end = len(text)
                    break
        # the body's first word may be a name too ("… Timeframe Update the guidelines")
        body = end < len(text) and text[end:].lstrip()[:1].islower()
        if len(roles) > 2 and body and names_table(roles[:-1]):
            roles, end = roles[:-1], spans[last - 1][1]
        return (roles, end) if names_table(roles) else None

    def _cut_name(self, text: str, spans: list[tuple[int, int]], i: int) -> tuple[str, int] | None:
        """A name cut short by its cell's width inside a run of names ("Se necesita
        financi" before "Proyectos/Actividades", "Tâches et responsabil" before
        "Calendri"): (its role, the word after it), where the words from ``i`` start
        one role's names only, and the start of a name or the line's end follows."""
        for j in range(min(len(spans), i + 5), i, -1):
            phrase = self.headings.header_text(text[spans[i][0] : spans[j - 1][1]])
            roles = {role for name, role in self.names.items() if name.startswith(phrase)}
            if len(phrase) < 4 or len(roles) != 1:
                continue
            if j == len(spans) or self._starts_name(text, spans, j):
                return roles.pop(), j
        return None

    def _starts_name(self, text: str, spans: list[tuple[int, int]], j: int) -> bool:
        """Whether the words from ``j`` are a whole name, or the start of one that the
        line's end cut short."""
        for k in range(min(len(spans), j + 6), j, -1):
            phrase = self.headings.header_text(text[spans[j][0] : spans[k - 1][1]])
            if phrase in self.names:
                return True
            if (
                k == len(spans)
                and len(phrase) >= 3
                and any(n.startswith(phrase) for n in self.names)
            ):
                return True
        return False

    def column_name(self, text: str) -> str | None:
        """The role of a paragraph that is nothing but a column name ("Timeframe")."""
        phrase = self.headings.header_text(text)
        return self.names.get(phrase) if _words(phrase) <= 6 else None


def split_activity(text: str) -> tuple[str, str]:
    """One row's activity and tasks, written one after the other: the tasks start at
    their first number ("… 1. Set up …"), else after the activity's first sentence."""
    text = text.strip()
    number = _TASK_ONE.search(text, 1)
    if number is not None and number.start() > 0:
        return text[: number.start()].strip(), text[number.start() :].strip()
    end = _SENTENCE_END.search(text)
    if end is not None and end.end() < len(text):
        return text[: end.end()].strip(), text[end.end() :].strip()
    return text, ""
