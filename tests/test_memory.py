"""What a process keeps is bounded: keys from junk requests cannot grow it without end."""

from quiz.memory import kept


def test_a_full_store_starts_over_and_builds_each_key_once_until_then():
    store, built = {}, []

    def build(key):
        return lambda: built.append(key) or f"page {key}"

    assert kept(store, "a", build("a"), limit=3) == "page a"
    assert kept(store, "a", build("a"), limit=3) == "page a"
    assert built == ["a"]  # the second time from memory
    for key in "bcdef":
        kept(store, key, build(key), limit=3)
    assert len(store) <= 3 and kept(store, "f", build("f"), limit=3) == "page f"
