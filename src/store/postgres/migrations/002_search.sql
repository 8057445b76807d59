-- 002: staff search (docs/search.md), the same words as SQLite's FTS5 index: the node analyses
-- the text (domain::Analyze) and stores the tokens with their positions as a tsvector (subject
-- weighted A, description B); the folded text is indexed by trigrams for partial words.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE cases ADD COLUMN search_vector tsvector;
ALTER TABLE cases ADD COLUMN search_folded text;
CREATE INDEX cases_search ON cases USING gin (search_vector);
CREATE INDEX cases_search_folded ON cases USING gin (search_folded gin_trgm_ops);

-- The analyzer version the index was built with; another version rebuilds it at start.
CREATE TABLE search_index_state (
  id                integer PRIMARY KEY CHECK (id = 1),
  analyzer_version  integer NOT NULL
);
INSERT INTO search_index_state VALUES (1, 0);
