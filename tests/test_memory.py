"""What a process keeps is bounded: keys from junk requests cannot grow it without end."""

from quiz.web.memory import kept


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


def stored_bytes(app, kind: str) -> int:
    return sum(len(page) for page in app.extensions.get(kind, {}).values())


def test_junk_query_strings_keep_each_kind_of_page_memory_under_its_byte_bound(make_app):
    """Every junk query string is a new page to keep: a byte bound, not an entry count, decides
    how much that costs (10,000 junk URLs of a 6.5 kB intro page were 65 MB per worker)."""
    bound = 100_000
    app = make_app(PAGE_MEMORY_BYTES=bound)
    client = app.test_client()
    for n in range(300):
        assert client.get(f"/q/mini/?junk={n}").status_code == 200
        assert client.get(f"/finns-inte?junk={n}").status_code == 404
    assert 0 < stored_bytes(app, "rendered_pages") <= bound
    assert 0 < stored_bytes(app, "error_pages") <= bound


def test_the_byte_bound_comes_from_the_environment(monkeypatch, tmp_path):
    from quiz import config

    monkeypatch.delenv("PAGE_MEMORY_MB", raising=False)
    assert config.from_environment(str(tmp_path))["PAGE_MEMORY_BYTES"] == 16 * 2**20
    monkeypatch.setenv("PAGE_MEMORY_MB", "4")
    assert config.from_environment(str(tmp_path))["PAGE_MEMORY_BYTES"] == 4 * 2**20
