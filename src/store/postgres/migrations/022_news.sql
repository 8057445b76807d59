-- compatible: yes
-- 022: news items and their threaded, moderated public comments (issue 19 item 1, docs/news.md).
-- An item is bilingual (title, summary, Markdown body); entity '' is the portal's own. A comment
-- keeps its parent (0: on the item) and depth (1..3); state is published | pending | reported |
-- hidden. news_reports holds one row per (comment, reporter): the reporter is a keyed hash of
-- the address, never the address itself. New tables only: older binaries are unaffected.
CREATE TABLE news_items (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity        text NOT NULL DEFAULT '',
  title_ar      text NOT NULL,
  title_en      text NOT NULL,
  summary_ar    text NOT NULL,
  summary_en    text NOT NULL,
  body_ar       text NOT NULL,
  body_en       text NOT NULL,
  published     bigint NOT NULL DEFAULT 0,
  comment_mode  text NOT NULL DEFAULT 'open',
  created_at    bigint NOT NULL,
  updated_at    bigint NOT NULL,
  published_at  bigint NOT NULL DEFAULT 0
);
CREATE INDEX news_items_order ON news_items (published, published_at DESC, id DESC);
CREATE TABLE news_comments (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id      bigint NOT NULL REFERENCES news_items(id),
  parent_id    bigint NOT NULL DEFAULT 0,
  depth        bigint NOT NULL,
  name         text NOT NULL,
  body         text NOT NULL,
  state        text NOT NULL,
  hide_reason  text NOT NULL DEFAULT '',
  reports      bigint NOT NULL DEFAULT 0,
  created_at   bigint NOT NULL
);
CREATE INDEX news_comments_item ON news_comments (item_id, id);
CREATE INDEX news_comments_state ON news_comments (state, id);
CREATE TABLE news_reports (
  comment_id  bigint NOT NULL REFERENCES news_comments(id),
  reporter    text NOT NULL,
  reason      text NOT NULL,
  created_at  bigint NOT NULL,
  PRIMARY KEY (comment_id, reporter)
);
