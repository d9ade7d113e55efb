#!/usr/bin/env python3
"""Fixtures for tests/gui, written with Python's sqlite3 module and transformers (not our code).

tests/fixtures/gui/chat_store_v1.sqlite       a history database at schema version 1, as a
                                              released Tramontane 0.1 would have left it: the v1
                                              schema (a frozen copy) plus data with branches, a
                                              pinned and a deleted conversation, an interrupted
                                              answer, a user preset, an adapter, a moderation run.
tests/fixtures/gui/chat_store_v1.expected.json what the test must read back from it.
tests/fixtures/gui/llama2_default_system_prompt.txt  transformers' LlamaTokenizer
                                              DEFAULT_SYSTEM_PROMPT (Llama 2's published default).

Deterministic: fixed data and times; re-running gives identical files.
Run: tools/.venv/bin/python tools/make_gui_fixtures.py
"""
import json
import os
import sqlite3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "gui")

# Schema version 1, frozen: later versions must migrate a file like this one.
SCHEMA_V1 = [
    """CREATE TABLE conversations (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
  deleted_at INTEGER,
  preset_id TEXT NOT NULL DEFAULT '',
  model TEXT NOT NULL DEFAULT '',
  current_leaf_id INTEGER REFERENCES messages(id) ON DELETE SET NULL
)""",
    "CREATE INDEX conversations_by_update ON conversations(deleted_at, pinned, updated_at)",
    "CREATE INDEX conversations_by_leaf ON conversations(current_leaf_id)",
    """CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
  content TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  streaming INTEGER NOT NULL DEFAULT 0 CHECK (streaming IN (0, 1)),
  model TEXT NOT NULL DEFAULT '',
  adapters TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(adapters)),
  preset_id TEXT NOT NULL DEFAULT '',
  preset_name TEXT NOT NULL DEFAULT '',
  preset_text TEXT NOT NULL DEFAULT '',
  sampling TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(sampling)),
  prompt_tokens INTEGER CHECK (prompt_tokens >= 0),
  completion_tokens INTEGER CHECK (completion_tokens >= 0),
  stop_reason TEXT,
  moderation TEXT CHECK (moderation IS NULL OR json_valid(moderation))
)""",
    "CREATE INDEX messages_by_conversation ON messages(conversation_id, id)",
    "CREATE INDEX messages_by_parent ON messages(parent_id)",
    "CREATE INDEX messages_streaming ON messages(streaming) WHERE streaming = 1",
    """CREATE TABLE presets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
)""",
    """CREATE TABLE adapters (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  path TEXT NOT NULL UNIQUE,
  scale REAL NOT NULL DEFAULT 1.0,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  added_at INTEGER NOT NULL
)""",
    """CREATE TABLE moderation_runs (
  id INTEGER PRIMARY KEY,
  message_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  model TEXT NOT NULL,
  policy TEXT NOT NULL,
  input_text TEXT NOT NULL,
  verdict TEXT NOT NULL,
  scores TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(scores))
)""",
    "CREATE INDEX moderation_runs_by_message ON moderation_runs(message_id)",
    "CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN "
    "INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content); END",
    "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN "
    "INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content); END",
    "CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN "
    "INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content); "
    "INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content); END",
]

T0 = 1714564800000  # 2024-05-01T12:00:00.000Z
MISTRAL = ("Always assist with care, respect, and truth. Respond with utmost utility yet securely. "
           "Avoid harmful, unethical, prejudiced, or negative content. Ensure replies promote fairness "
           "and positivity.")
SAMPLING = {"temperature": 0.7, "top_k": 40, "top_p": 0.95, "seed": 42, "max_tokens": 256}
ADAPTERS = [{"name": "pirate", "path": "/adapters/pirate", "scale": 0.5, "enabled": True}]

# (id, conversation, parent, role, content, created, streaming, model, preset, prompt_tokens,
#  completion_tokens, stop_reason, moderation)
MESSAGES = [
    (1, 1, None, "user", "Explain the sliding window attention of Mistral 7B.", T0 + 1000, 0, "", None, None, None, None, None),
    (2, 1, 1, "assistant", "Each token attends to the previous 4096 tokens only.", T0 + 2000, 0,
     "mistral-7b-instruct-v0.1", "mistral-guardrail", 37, 12, "eos", None),
    (3, 1, 2, "user", "And the rolling buffer cache?", T0 + 3000, 0, "", None, None, None, None, None),
    (4, 1, 3, "assistant", "Slot i mod W holds position i.", T0 + 4000, 0, "mistral-7b-instruct-v0.1",
     "mistral-guardrail", 60, 9, "stopped", {"label": "safe", "scores": {"safe": 0.97}}),
    (5, 1, 2, "user", "And the KV cache, briefly? \u7b80\u77ed\u56de\u7b54", T0 + 5000, 0, "", None, None, None, None, None),
    (6, 1, 5, "assistant", "Keys and values of the last W positions, overwritten in a ring", T0 + 6000, 1,
     "mistral-7b-instruct-v0.1", "mistral-guardrail", 61, None, None, None),
    (7, 2, None, "user", "Pinned question about \u00e9t\u00e9 and caf\u00e9", T0 + 7000, 0, "", None, None, None, None, None),
    (8, 3, None, "user", "deleted conversation text", T0 + 8000, 0, "", None, None, None, None, None),
]
# (id, title, created, updated, pinned, deleted_at, preset_id, model, current_leaf)
CONVERSATIONS = [
    (1, "Sliding windows", T0, T0 + 6000, 0, None, "mistral-guardrail", "mistral-7b-instruct-v0.1", 6),
    (2, "Pinned \u00e9t\u00e9", T0 + 100, T0 + 7000, 1, None, "none", "", 7),
    (3, "Deleted one", T0 + 200, T0 + 8000, 0, T0 + 9000, "llama2-safety", "", 8),
]
USER_PRESET = ("user-00000000-0000-4000-8000-000000000001", "Pirate", "Answer like a pirate.", T0, T0)


def write_database(path):
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("BEGIN")
    for sql in SCHEMA_V1:
        db.execute(sql)
    for c in CONVERSATIONS:
        db.execute("INSERT INTO conversations (id, title, created_at, updated_at, pinned, deleted_at, "
                   "preset_id, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", c[:8])
    for m in MESSAGES:
        mid, conv, parent, role, content, created, streaming, model, preset, pt, ct, stop, mod = m
        preset_name = {"mistral-guardrail": "Mistral guardrail"}.get(preset, "")
        preset_text = {"mistral-guardrail": MISTRAL}.get(preset, "")
        db.execute("INSERT INTO messages (id, conversation_id, parent_id, role, content, created_at, "
                   "updated_at, streaming, model, adapters, preset_id, preset_name, preset_text, sampling, "
                   "prompt_tokens, completion_tokens, stop_reason, moderation) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (mid, conv, parent, role, content, created, created, streaming, model,
                    json.dumps(ADAPTERS if role == "assistant" else []), preset or "", preset_name,
                    preset_text, json.dumps(SAMPLING if role == "assistant" else {}), pt, ct, stop,
                    json.dumps(mod) if mod is not None else None))
    for c in CONVERSATIONS:
        db.execute("UPDATE conversations SET current_leaf_id = ? WHERE id = ?", (c[8], c[0]))
    db.execute("INSERT INTO presets VALUES (?, ?, ?, ?, ?)", USER_PRESET)
    db.execute("INSERT INTO adapters (name, path, scale, enabled, added_at) VALUES (?, ?, ?, ?, ?)",
               ("pirate", "/adapters/pirate", 0.5, 1, T0))
    db.execute("INSERT INTO moderation_runs (message_id, created_at, model, policy, input_text, verdict, "
               "scores) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (4, T0 + 4500, "mistral-7b-instruct-v0.1", "binary", "Slot i mod W holds position i.",
                "safe", json.dumps({"safe": 0.97, "unsafe": 0.03})))
    db.execute("PRAGMA user_version = 1")
    db.execute("COMMIT")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.execute("VACUUM")
    db.close()


def expected():
    conversations = []
    for c in CONVERSATIONS:
        cid, title, created, updated, pinned, deleted, preset, model, leaf = c
        msgs = []
        for m in MESSAGES:
            if m[1] != cid:
                continue
            mid, _, parent, role, content, created_m, streaming, mmodel, mpreset, pt, ct, stop, mod = m
            msgs.append({"id": mid, "parent": parent, "role": role, "content": content,
                         "created_at": created_m, "streaming": bool(streaming), "model": mmodel,
                         "preset_id": mpreset or "", "prompt_tokens": pt, "completion_tokens": ct,
                         "stop_reason": stop, "moderation": mod,
                         "sampling": SAMPLING if role == "assistant" else {},
                         "adapters": ADAPTERS if role == "assistant" else []})
        conversations.append({"id": cid, "title": title, "created_at": created, "updated_at": updated,
                              "pinned": bool(pinned), "deleted": deleted is not None, "preset_id": preset,
                              "model": model, "current_leaf": leaf, "messages": msgs})
    return {"schema_version": 1, "conversations": conversations,
            "user_presets": [{"id": USER_PRESET[0], "name": USER_PRESET[1], "text": USER_PRESET[2]}]}


def main():
    os.makedirs(OUT, exist_ok=True)
    write_database(os.path.join(OUT, "chat_store_v1.sqlite"))
    with open(os.path.join(OUT, "chat_store_v1.expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected(), f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    from transformers.models.llama.tokenization_llama import DEFAULT_SYSTEM_PROMPT
    with open(os.path.join(OUT, "llama2_default_system_prompt.txt"), "w", encoding="utf-8", newline="") as f:
        f.write(DEFAULT_SYSTEM_PROMPT)


if __name__ == "__main__":
    main()
