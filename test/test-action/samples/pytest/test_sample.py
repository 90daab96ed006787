import pytest


@pytest.fixture
def broken_fixture():
    raise RuntimeError("fixture could not start")


def test_upper():
    assert "abc".upper() == "ABC"


def test_split():
    assert "a,b".split(",") == ["a", "b"]


def test_strip():
    assert " x ".strip() == "x"


def test_join():
    assert "-".join(["a", "b"]) == "a+b"  # deliberate failure on line 22


def test_uses_broken_fixture(broken_fixture):
    assert broken_fixture


@pytest.mark.skip(reason="not today")
def test_skipped():
    assert False
