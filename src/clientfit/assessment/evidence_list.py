"""One numbered evidence list per assessment, shared by the reasons that cite it.

Several reasons often rest on the same records (the same twelve invoices behind a margin
reason and a late-payment reason); listing them once and letting each reason cite numbers
keeps `clientfit explain` and the client page short, and every number stays traceable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from clientfit.domain import EvidenceRef, Reason


def numbered(reasons: Iterable[Reason]) -> tuple[list[EvidenceRef], list[list[int]]]:
    """Every record the reasons cite, once, in order of first citation; and, per reason,
    the 1-based numbers of the records it cites, ascending."""
    listed: list[EvidenceRef] = []
    number: dict[EvidenceRef, int] = {}
    cited: list[list[int]] = []
    for reason in reasons:
        own: list[int] = []
        for ref in reason.evidence:
            if ref not in number:
                listed.append(ref)
                number[ref] = len(listed)
            if number[ref] not in own:
                own.append(number[ref])
        cited.append(sorted(own))
    return listed, cited


def citation(numbers: Sequence[int]) -> str:
    """'[3], [7]' — how a reason names its records."""
    return ", ".join(f"[{n}]" for n in numbers)
