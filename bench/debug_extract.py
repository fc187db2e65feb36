"""Show, sentence by sentence, what the extractor sees in one article (a development aid).

    python bench/debug_extract.py PATH [PATH...]
"""

from __future__ import annotations

import sys

from conflictkg.articles import ReadError, read_articles
from conflictkg.extraction import _Context
from conflictkg.ingest import Pipeline


def main(paths: list[str]) -> None:
    pipe = Pipeline()
    for art in read_articles(paths):
        if isinstance(art, ReadError):
            print("ERROR", art)
            continue
        doc = pipe.nlp(art.text)
        ctx = _Context(pipe.extractor, art, doc)
        print(f"===== {art.id} country={ctx.country} published={art.published}")
        for si, sent in enumerate(ctx.sents):
            ctx.note_actors(ctx.explicit_actors(sent))
            frames = ctx.frames_of_sentence(si, sent)
            cas = ctx.casualties_in(sent)
            claim = ctx.claim_of(sent)
            ents = [(e.text, e.label_, e.ent_id_) for e in sent.ents]
            print(f"[{si}] {sent.text.strip()[:200]}")
            print(f"     ents={ents}")
            for f in frames:
                print(f"     FRAME {f.kinds} {f.cue_text!r} a1={f.actor1 and f.actor1.label} a2={f.actor2 and f.actor2.label}"
                      f" place={f.place and (f.place.label, f.place.precision)} time={f.time and (f.time.text, f.time.date, f.time.month_day)}"
                      f" bg={f.background} ana={f.anaphoric}")
            if cas:
                print("     CAS", [(c.type, c.min, c.max, c.of_actor and c.of_actor.label, c.text) for c, _ in cas])
            if claim[0]:
                print("     CLAIM", claim[0].label, claim[1])
        ctx2 = _Context(pipe.extractor, art, doc)
        for r in ctx2.run():
            print(f"  => {r.event_type}: {r.actor1 and r.actor1.label} -> {r.actor2 and r.actor2.label} @ "
                  f"{r.location and (r.location.label, r.location.admin1, r.location.precision)} "
                  f"[{r.time.date or r.time.month_day or r.time.text}] killed={r.killed()} by={r.claimed_by and r.claimed_by.label}"
                  f" bg={r.background} conf={r.confidence}")


if __name__ == "__main__":
    main(sys.argv[1:])
