"""How well extraction does on labelled documents: precision, recall, role and country accuracy.

A predicted organization matches a labelled one when their names (or the
labelled spelling and the predicted one) are alike, normalized, at
``MATCH_AT`` or more (rapidfuzz token-sort ratio); each matches at most once,
best pairs first.

>>> s = score([{"name": "Communist Party of Greece", "spelled": "KKE", "country": "GR",
...             "role": "participant"}],
...           [{"name": "Communist Party of Greece", "spelled": "KKE", "country": "GR",
...             "role": "participant"}])
>>> (s.true_positives, s.precision, s.recall, s.role_accuracy, s.country_accuracy)
(1, 1.0, 1.0, 1.0, 1.0)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from partygraph.loaders.resolve import SAME, normalize

MATCH_AT = SAME  # the one threshold: the same organization, as the resolver says


def _share(part: int, whole: int) -> float:
    """``part / whole``; 1.0 when there is nothing to count."""
    return part / whole if whole else 1.0


@dataclass
class Scores:
    """Counts and the figures computed from them; ``failures`` say what went wrong."""

    true_positives: int = 0
    predicted: int = 0
    expected: int = 0
    roles_right: int = 0
    countries_right: int = 0
    absent_as_participant: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return _share(self.true_positives, self.predicted)

    @property
    def recall(self) -> float:
        return _share(self.true_positives, self.expected)

    @property
    def role_accuracy(self) -> float:
        return _share(self.roles_right, self.true_positives)

    @property
    def country_accuracy(self) -> float:
        return _share(self.countries_right, self.true_positives)

    def add(self, other: Scores) -> Scores:
        """The sum of two score sheets."""
        return Scores(*(getattr(self, f) + getattr(other, f) for f in (
            "true_positives", "predicted", "expected", "roles_right", "countries_right",
            "absent_as_participant")), self.failures + other.failures)


def _similarity(expected: dict, predicted: dict) -> float:
    pairs = [(expected["name"], predicted["name"]), (expected.get("spelled", ""),
                                                     predicted.get("spelled", "")),
             (expected.get("spelled", ""), predicted["name"]),
             (expected["name"], predicted.get("spelled", ""))]
    return max(fuzz.token_sort_ratio(normalize(a), normalize(b)) for a, b in pairs if a and b)


def score(expected: list[dict], predicted: list[dict], *, document: str = "") -> Scores:
    """Score one document's predicted organizations against its labels."""
    pairs = sorted(((_similarity(e, p), i, j) for i, e in enumerate(expected)
                    for j, p in enumerate(predicted)), reverse=True)
    used_e, used_p, matched = set(), set(), []
    for similarity, i, j in pairs:
        if similarity < MATCH_AT:
            break
        if i in used_e or j in used_p:
            continue
        used_e.add(i)
        used_p.add(j)
        matched.append((expected[i], predicted[j]))
    result = Scores(len(matched), len(predicted), len(expected))
    for e, p in matched:
        if e["role"] == p["role"]:
            result.roles_right += 1
        else:
            result.failures.append(f"{document}: role of {e['name']!r}: {p['role']} "
                                   f"(expected {e['role']})")
        if e.get("country") == p.get("country"):
            result.countries_right += 1
        else:
            result.failures.append(f"{document}: country of {e['name']!r}: {p.get('country')} "
                                   f"(expected {e.get('country')})")
        if e["role"] == "absent" and p["role"] == "participant":
            result.absent_as_participant += 1
    for i, e in enumerate(expected):
        if i not in used_e:
            result.failures.append(f"{document}: missed {e['name']!r} ({e.get('spelled')!r})")
    for j, p in enumerate(predicted):
        if j not in used_p:
            result.failures.append(f"{document}: spurious {p['name']!r} ({p.get('spelled')!r})")
    return result


def _row(document: str, result: Scores, seconds: float, labels: dict) -> dict:
    return {"document": document, "shape": labels.get("shape"),
            "language": labels.get("language"), "labelled": result.expected,
            "precision": round(result.precision, 3), "recall": round(result.recall, 3),
            "role_accuracy": round(result.role_accuracy, 3),
            "country_accuracy": round(result.country_accuracy, 3),
            "seconds": round(seconds, 3), "scores": result}


def evaluate(folder: str | Path, seeds: str | Path) -> tuple[Scores, list[dict]]:
    """Score every ``*.expected.yaml`` in ``folder``: the total and one row per document.

    A row carries the document's ``shape`` and ``language`` (optional label fields, None when
    absent) and its :class:`Scores` under ``scores``, for :func:`by_group`.
    """
    from partygraph.build import graph_knowledge
    from partygraph.loaders.extract import extract
    from partygraph.yamlfile import load_yaml

    entries, platforms = graph_knowledge(seeds)
    total, rows = Scores(), []
    for labels in sorted(Path(folder).glob("*.expected.yaml")):
        expected = load_yaml(labels)
        document = Path(folder) / expected["document"]
        started = time.perf_counter()
        found = extract(document.read_text(encoding="utf-8"), document.name, known=entries,
                        series=platforms)
        seconds = time.perf_counter() - started
        predicted = [{"name": p.name, "spelled": p.spelled, "country": p.country,
                      "role": p.role} for p in found.parties]
        result = score(expected["parties"], predicted, document=document.name)
        total = total.add(result)
        rows.append(_row(document.name, result, seconds, expected))
    return total, rows


def figures(scores: Scores) -> dict:
    """The rounded figures of one score sheet.

    >>> figures(Scores(true_positives=1, predicted=2, expected=1))["precision"]
    0.5
    """
    return {"labelled": scores.expected, "predicted": scores.predicted,
            "precision": round(scores.precision, 3), "recall": round(scores.recall, 3),
            "role_accuracy": round(scores.role_accuracy, 3),
            "country_accuracy": round(scores.country_accuracy, 3),
            "absent_reported_as_participant": scores.absent_as_participant}


def by_group(rows: list[dict], key: str) -> dict[str, dict]:
    """Figures summed over the documents that share ``row[key]`` (``shape``, ``language``).

    >>> rows = [{"shape": "numbered", "scores": Scores(1, 1, 2, 1, 1)},
    ...         {"shape": "numbered", "scores": Scores(2, 2, 2, 1, 2)}]
    >>> g = by_group(rows, "shape")["numbered"]
    >>> (g["documents"], g["recall"], g["role_accuracy"])
    (2, 0.75, 0.667)
    """
    sums: dict[str, tuple[int, Scores]] = {}
    for row in rows:
        group = str(row.get(key) or "unknown")
        count, scores = sums.get(group, (0, Scores()))
        sums[group] = (count + 1, scores.add(row["scores"]))
    return {group: {"documents": count, **figures(scores)}
            for group, (count, scores) in sorted(sums.items())}
