-- 006: staff search (docs/search.md). Both tables are contentless (the text is in `cases`) and
-- keyed by the case id; they are written in the transaction that inserts the case. The words go
-- through the `tawasul` tokenizer (domain::Analyze, registered on every connection); the trigram
-- table holds the analyzer's folded text and the reference's digits, for partial words.
CREATE VIRTUAL TABLE cases_fts USING fts5(subject, description, content='', tokenize='tawasul');
CREATE VIRTUAL TABLE cases_trigram USING fts5(body, content='', tokenize='trigram');

-- The analyzer version the index was built with; another version rebuilds it at start.
CREATE TABLE search_index_state (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  analyzer_version  INTEGER NOT NULL
);
INSERT INTO search_index_state VALUES (1, 0);
