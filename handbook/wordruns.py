"""Names that are a word-for-word part of another's longer name, found in time linear in the
length of all the names.

"CSR" is a run of words of "Senior CSR", and "Team Lead" of "Senior Team Lead" (names are
compared as their words, already folded by the caller). Every name is at once a pattern and a
text of one Aho–Corasick automaton over words: the names are read into a trie once, and each
name is then read once more, a word at a time, each word moving the automaton one step along
the trie or back along its failure links. The runs of other names a position ends are met by
following output links, which skip patterns already settled, so a pattern held by many names
costs nothing after it is settled. Enumerating every run of every name instead costs the cube
of a name's length.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence


def held_by_others(names: Mapping[str, Sequence[str]]) -> set[str]:
    """The owners one of whose names is a shorter run of words of a name of another owner.

    `names` maps each owner (a role id) to its names, each a string of space-separated words.
    """
    # The trie of every name's words; node 0 is the empty run.
    children: list[dict[str, int]] = [{}]
    depth = [0]
    owners: list[frozenset[str]] = [frozenset()]
    for owner, keys in names.items():
        for key in keys:
            node = 0
            for word in key.split():
                child = children[node].get(word)
                if child is None:
                    child = len(children)
                    children[node][word] = child
                    children.append({})
                    depth.append(depth[node] + 1)
                    owners.append(frozenset())
                node = child
            if node:
                owners[node] = owners[node] | {owner}
    # fail: the longest proper suffix of a node's run that is also in the trie; out: the
    # nearest node along the failure links that is a whole name (0 for none).
    fail = [0] * len(children)
    out = [0] * len(children)
    queue = deque(children[0].values())
    while queue:
        node = queue.popleft()
        for word, child in children[node].items():
            back = fail[node]
            while back and word not in children[back]:
                back = fail[back]
            target = children[back].get(word, 0)
            fail[child] = target
            out[child] = target if owners[target] else out[target]
            queue.append(child)

    found: set[str] = set()
    first_holder: dict[int, str] = {}  # a name held so far only by names of its own owner
    settled = [False] * len(children)  # every owner of the name is in `found`

    def open_after(node: int) -> int:
        """`node`, or the first name after it on the output links that is not settled."""
        start = node
        while node and settled[node]:
            node = out[node]
        while start != node:  # later walks jump straight over the settled names
            after = out[start]
            out[start] = node
            start = after
        return node

    for holder, keys in names.items():
        for key in keys:
            words = key.split()
            length = len(words)
            node = 0
            for word in words:
                while node and word not in children[node]:
                    node = fail[node]
                node = children[node].get(word, 0)
                # The names that end here, the name itself (the whole of `key`) aside.
                hit = node if owners[node] and depth[node] < length else out[node]
                if hit and settled[hit]:
                    hit = open_after(hit)
                while hit:
                    held = owners[hit]
                    found.update(held - {holder})
                    if holder in held and first_holder.setdefault(hit, holder) != holder:
                        found.add(holder)
                    settled[hit] = held <= found
                    hit = out[hit]
                    if hit and settled[hit]:
                        hit = open_after(hit)
    return found
