"""Small graph helpers: cycle finding and dependency order, for show_if and derived values."""

from __future__ import annotations

from collections.abc import Mapping, Set


def find_cycle(graph: Mapping[str, Set[str]]) -> list[str] | None:
    """Return one cycle as [a, b, ..., a], or None. Edges to unknown nodes are ignored."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for start in graph:
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def dependency_order(items: list[str], deps: Mapping[str, Set[str]]) -> list[str]:
    """Order items so each comes after what it depends on, otherwise keeping the given order.

    The graph must be acyclic (the validator guarantees it for loaded packs).
    """
    done: set[str] = set()
    order: list[str] = []
    known = set(items)

    def place(item: str) -> None:
        if item in done:
            return
        done.add(item)
        for dep in sorted(deps.get(item, ())):
            if dep in known:
                place(dep)
        order.append(item)

    for item in items:
        place(item)
    return order
