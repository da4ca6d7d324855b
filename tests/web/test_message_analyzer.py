"""The client page marks messages with the analyzer the assessment used (the policy's)."""

from __future__ import annotations

from types import SimpleNamespace

from clientfit.assessment import load_policy
from clientfit.text import analyze
from clientfit.web import messages

MESSAGE = {"message_id": "m-analyzer-1", "language": "en", "direction": "in",
           "subject": "Re: launch", "body": "Thanks a lot, the new page works really well!"}


def test_the_policy_names_the_analyzer(tmp_path) -> None:
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text('[communication]\nanalyzer = "reader"\n', encoding="utf-8")
    run = SimpleNamespace(policy=load_policy(policy_file))
    assert messages.policy_analyzer(run) == "reader"
    assert messages.policy_analyzer(SimpleNamespace(policy=load_policy())) == str(
        load_policy().get("communication", "analyzer"))
    assert messages.policy_analyzer(None) == "default"


def test_the_named_analyzer_reads_the_message() -> None:
    found = messages.analysis(MESSAGE, "default")
    expected = analyze(MESSAGE["subject"], MESSAGE["body"], lang="en", direction="in")
    assert found is not None and found["labels"] == list(expected.labels)
    assert found["tone"] == expected.tone
    # An analyzer that does not exist leaves the message unmarked instead of reusing the cache
    # entry another analyzer made for the same message.
    assert messages.analysis(MESSAGE, "no-such-analyzer") is None
