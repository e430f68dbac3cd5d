"""Which of a batch's worker processes screens a query: the one its words were sent to before.

A worker keeps what it worked out for each word it met (the listed words like it, its
spellings: screening.caches), and that first meeting is most of what an ordinary name costs.
Two workers that meet the same word each work it out again; with queries dealt out in turns,
the 20,000 ordinary names of the dev benchmark had 13,274 distinct words, and the two workers
worked out 19,040 between them. Sent where its words went before, a query finds them known.

A word votes for the worker it first went to, the more the rarer it has been so far: a common
given name goes to every worker anyway, while a surname that came once before is worth keeping
together. The load comes first: a worker with more queries waiting than another by more than
the slack gets none until the other catches up, so no worker idles while another is behind.
"""

from __future__ import annotations

from watchlist.screening.model import Query

#: Words remembered at most; past that the memory starts again (workers' caches are bounded
#: too: screening.caches).
MEMORY = 200_000


class Router:
    """Deals queries out to `workers` workers; `waiting` is each one's queries not yet done."""

    def __init__(self, workers: int, slack: int) -> None:
        self.waiting = [0] * workers
        self._slack = slack
        # word -> [the worker it first went to, how many queries have had it]
        self._words: dict[str, list[int]] = {}

    def route(self, query: Query) -> int:
        """The worker that screens `query` (counted as waiting there until `done`)."""
        waiting = self.waiting
        words = self._words
        votes = [0.0] * len(waiting)
        tokens = query.name.casefold().split()
        for token in tokens:
            known = words.get(token)
            if known is not None:
                votes[known[0]] += 1.0 / known[1]
        least = min(range(len(waiting)), key=waiting.__getitem__)
        best = max(range(len(waiting)), key=lambda k: (votes[k], -waiting[k]))
        if votes[best] == 0.0 or waiting[best] - waiting[least] > self._slack:
            best = least
        if len(words) + len(tokens) > MEMORY:
            words.clear()
        for token in tokens:
            known = words.get(token)
            if known is None:
                words[token] = [best, 1]
            else:
                known[1] += 1
        waiting[best] += 1
        return best

    def done(self, worker: int, count: int) -> None:
        """`count` queries of `worker` screened."""
        self.waiting[worker] -= count
