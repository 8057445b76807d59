-- compatible: yes
-- 026: news items and their threaded, moderated public comments (issue 19 item 1, docs/news.md).
-- An item is bilingual (title, summary, Markdown body); entity '' is the portal's own. A comment
-- keeps its parent (0: on the item) and depth (1..3); state is published | pending | reported |
-- hidden. news_reports holds one row per (comment, reporter): the reporter is a keyed hash of
-- the address, never the address itself. New tables only: older binaries are unaffected.
CREATE TABLE news_items (
  id            INTEGER PRIMARY KEY,
  entity        TEXT NOT NULL DEFAULT '',
  title_ar      TEXT NOT NULL,
  title_en      TEXT NOT NULL,
  summary_ar    TEXT NOT NULL,
  summary_en    TEXT NOT NULL,
  body_ar       TEXT NOT NULL,
  body_en       TEXT NOT NULL,
  published     INTEGER NOT NULL DEFAULT 0,
  comment_mode  TEXT NOT NULL DEFAULT 'open',
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  published_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX news_items_order ON news_items (published, published_at DESC, id DESC);
CREATE TABLE news_comments (
  id           INTEGER PRIMARY KEY,
  item_id      INTEGER NOT NULL REFERENCES news_items(id),
  parent_id    INTEGER NOT NULL DEFAULT 0,
  depth        INTEGER NOT NULL,
  name         TEXT NOT NULL,
  body         TEXT NOT NULL,
  state        TEXT NOT NULL,
  hide_reason  TEXT NOT NULL DEFAULT '',
  reports      INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL
);
CREATE INDEX news_comments_item ON news_comments (item_id, id);
CREATE INDEX news_comments_state ON news_comments (state, id);
CREATE TABLE news_reports (
  comment_id  INTEGER NOT NULL REFERENCES news_comments(id),
  reporter    TEXT NOT NULL,
  reason      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (comment_id, reporter)
);
