"""The words generated articles talk about: a few thousand, drawn by Zipf's law, as in real text.

Search costs what the matches of a query cost, so generated text must match as real text does: a handful of words
in most articles, a long tail in few. The real topic words of the templates (``wildfires``, ``tariffs``…) take
ranks spread over the head of the list; pseudo-words (``velmora``, ``tundak``) fill the rest. An article also
returns to its own topic, so two words of one subject meet more often than chance, as they do in the news.

With the defaults (3,000 words, exponent 1, some 50 draws per article) the most common word is in nearly every
article, a topic word in about 3–25 %, and a two-word query of topic words matches about 0.5–5 % of articles.
"""

import itertools
import random

SIZE = 3000
EXPONENT = 1.0
TOPIC_RANKS = (4, 400)  # where the real topic words sit, evenly apart: the head of the list, never its very top

# Pseudo-words end in a vowel or a consonant English stemming leaves alone, so no two of them stem alike.
ONSETS = "b br d dr f g gr h k kl l m n p pr r s st t tr v z".split()
VOWELS = "a e i o u".split()
CODAS = ["", "", "l", "n", "r", "m"]
ENDINGS = ["a", "o", "u", "ak", "ok", "um", "ap", "ix", "ov", "ek"]


def pseudo_words(count, *, avoid=()):
    """``count`` distinct pronounceable words, the same ones on every run."""
    rng = random.Random("newsroom vocabulary")  # independent of --seed: every seed writes the same language
    found, taken = [], set(avoid)
    while len(found) < count:
        syllables = [rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(rng.randint(1, 2))]
        word = "".join(syllables) + rng.choice(ONSETS) + rng.choice(ENDINGS)
        if word not in taken:
            taken.add(word)
            found.append(word)
    return found


def ranked_words(topics, *, size=SIZE):
    """The vocabulary, most common first: the topics at TOPIC_RANKS, pseudo-words around them."""
    first, last = TOPIC_RANKS
    if size <= last or len(topics) > last - first:
        raise ValueError(f"A vocabulary of {size} words has no room for {len(topics)} topics.")
    ranks = [first + index * (last - first) // len(topics) for index in range(len(topics))]
    fillers = iter(pseudo_words(size - len(topics), avoid=topics))
    at_rank = dict(zip(ranks, topics, strict=True))
    return [at_rank.get(rank) or next(fillers) for rank in range(size)]


class Vocabulary:
    """Draws words by Zipf's law: the word of rank r (from 1) comes 1/r^s as often as the first."""

    def __init__(self, rng, topics, *, size=SIZE, exponent=EXPONENT):
        self.rng = rng
        self.words = ranked_words(list(topics), size=size)
        self.cum_weights = list(itertools.accumulate(1 / rank**exponent for rank in range(1, size + 1)))

    def draw(self, k=1):
        return self.rng.choices(self.words, cum_weights=self.cum_weights, k=k)

    def share(self, word):
        """How often a draw gives ``word``."""
        rank = self.words.index(word)
        low = self.cum_weights[rank - 1] if rank else 0.0
        return (self.cum_weights[rank] - low) / self.cum_weights[-1]
