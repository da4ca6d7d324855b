"""Each message's text analysis, stored once per analyzer version (docs/communication.md).

`message_analyses` keeps what an analyzer found in one message: language, tone, labels with
their evidence, threat and demand kinds, question sentences. The key names the analyzer and its
version — a fingerprint of the analyzer's code and data files — so a changed lexicon analyses
every message again. `lang_hint` is "" for the message analysed as it is; a very short message
whose thread is in another language is also analysed in the thread's language (that language).

A row never outlives the text it describes: deleting a message deletes its rows (ON DELETE
CASCADE), and a trigger created by migration 0007 deletes them when the message's subject, body,
language or direction changes, whoever writes it.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Double, ForeignKey, Integer, String, Table, Text

from clientfit.store.schema import metadata

message_analyses = Table(
    "message_analyses",
    metadata,
    Column("message_id", String(128), ForeignKey("messages.message_id", ondelete="CASCADE"),
           primary_key=True),
    Column("analyzer", String(32), primary_key=True),
    Column("version", String(64), primary_key=True),
    Column("lang_hint", String(8), primary_key=True),
    Column("lang", String(8), nullable=False),
    Column("tone", String(8), nullable=False),
    Column("tone_score", Double, nullable=False),
    Column("labels", Text, nullable=False),  # JSON list, in clientfit.text.analysis.LABELS order
    Column("kinds", Text, nullable=False),  # JSON object: "threat" / "demand" -> list of kinds
    Column("questions", Text, nullable=False),  # JSON list of question sentences
    Column("evidence", Text, nullable=False),  # JSON object: label -> list of quoted words
    Column("words", Integer, nullable=False),  # words in the author's own text
    Column("says_repeat", Boolean, nullable=False),  # "I asked before", "ponownie pytam"
    # JSON object: category -> the learned head's probability (migration 0010); NULL in rows
    # stored before it, "{}" from an analyzer without heads
    Column("probabilities", Text, nullable=True),
)

# Names of the trigger (and, on PostgreSQL, its function) that drop stale analyses.
STALE_TRIGGER = "message_analyses_stale"
