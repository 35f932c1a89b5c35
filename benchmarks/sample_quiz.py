"""A quiz of realistic size for the benchmarks: 30 statements, 8 parties, some positions unknown.

Generated (deterministically) rather than taken from `statements/`, so the numbers do not move
when the real content is edited, and written as ``valkompass/1`` JSON for `flask quiz import`.
"""

from __future__ import annotations

import json
import random

STATEMENTS = 30
PARTIES = 8
QUIZ_ID = "bench"


def document(statements: int = STATEMENTS, parties: int = PARTIES, seed: int = 8) -> dict:
    rng = random.Random(seed)
    scale = [-2, -1, 0, 1, 2]
    labels = {"-2": "Helt emot", "-1": "Delvis emot", "0": "Neutral", "1": "Delvis för", "2": "Helt för"}
    topics = [{"id": f"t{i}", "title": f"Ämne {i}"} for i in range(1, 6)]
    stmts = [
        {
            "id": f"s{i}",
            "topic": f"t{1 + i % 5}",
            "text": f"Kommunen ska satsa mer på område nummer {i} och göra det till en prioriterad fråga.",
            "background": f"Bakgrund till påstående {i}: vad kommunen gör i dag och vad det kostar.",
        }
        for i in range(1, statements + 1)
    ]
    party_list = [
        {
            "id": f"p{j}",
            "name": f"Parti {chr(64 + j)}",
            "short_name": chr(64 + j),
            "municipality": ["Solna", "Huddinge", "Stockholm"][j % 3],
            "color": f"#{rng.randrange(0x1000000):06x}",
            "source": {"title": f"Program för parti {chr(64 + j)}", "url": f"https://example.org/p{j}"},
        }
        for j in range(1, parties + 1)
    ]
    positions = []
    for party in party_list:
        for s in stmts:
            if rng.random() < 0.15:
                positions.append({"party": party["id"], "statement": s["id"], "value": None})
            else:
                positions.append(
                    {
                        "party": party["id"],
                        "statement": s["id"],
                        "value": rng.choice(scale),
                        "basis": "explicit",
                        "justification": "Står i programmet.",
                        "quote": f"Vi vill {s['id']} och mer.",
                    }
                )
    return {
        "format": "valkompass/1",
        "id": QUIZ_ID,
        "version": "generated",
        "title": "Benchmarkquiz",
        "language": "sv",
        "scale": {"values": scale, "labels": labels},
        "topics": topics,
        "statements": stmts,
        "parties": party_list,
        "positions": positions,
    }


def full_answers(statements: int = STATEMENTS) -> str:
    """A complete answer state (see quiz.core.answers): every statement answered, some marked important."""
    letters = "abcde"
    return "".join(letters[i % 5].upper() if i % 7 == 0 else letters[i % 5] for i in range(statements))


def full_answers_json(statements: int = STATEMENTS) -> dict:
    """The same answers as ``full_answers``, as the JSON match endpoint takes them."""
    scale = [-2, -1, 0, 1, 2]
    state = full_answers(statements)
    return {
        "answers": {f"s{i + 1}": scale["abcde".index(ch.lower())] for i, ch in enumerate(state)},
        "important": [f"s{i + 1}" for i, ch in enumerate(state) if ch.isupper()],
        "kommun": "alla",
    }


if __name__ == "__main__":
    print(json.dumps(document(), ensure_ascii=False, indent=1))
