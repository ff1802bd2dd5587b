"""How hard a passphrase is to guess: the maintained zxcvbn estimator, and the threshold that
set-up requires.

zxcvbn scores 0-4 from the guesses an attacker would need, modelling dictionaries, common
passwords, names, keyboard patterns, dates and repeats, not just length and character
classes ("password123" is 0, a sentence of a few uncommon words 4). Set-up refuses anything
below :data:`MIN_SCORE` (3: about 10^10 guesses or more, which Argon2id at about a second
per guess puts far beyond an offline attacker) or shorter than :data:`MIN_CHARS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zxcvbn import zxcvbn

MIN_SCORE = 3
MIN_CHARS = 10
#: zxcvbn refuses longer input (its matching is quadratic); the first 72 characters decide,
#: and a longer passphrase is at least as strong as its start.
ESTIMATED_CHARS = 72


@dataclass(frozen=True)
class Strength:
    score: int  # 0 very weak … 4 strong
    warning: str  # zxcvbn's English feedback ("" when none); the app translates it
    suggestions: tuple[str, ...]

    @property
    def acceptable(self) -> bool:
        return self.score >= MIN_SCORE


def estimate(text: str, user_inputs: Sequence[str] = ()) -> Strength:
    """The strength of ``text``; ``user_inputs`` (the interviewer's name, organisation) count
    as guessable words."""
    if not text:
        return Strength(0, "", ())
    words = [w for w in user_inputs if w]
    result = zxcvbn(text[:ESTIMATED_CHARS], user_inputs=words)
    score = int(result["score"]) if len(text) >= MIN_CHARS else min(int(result["score"]), 1)
    feedback = result["feedback"]
    return Strength(score, str(feedback["warning"] or ""), tuple(feedback["suggestions"]))
