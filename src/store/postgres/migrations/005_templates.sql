-- 005: response templates, as SQLite's 009: ready-made replies per entity in both languages.
CREATE TABLE response_templates (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity      text NOT NULL REFERENCES entities(code),
  title_ar    text NOT NULL,
  title_en    text NOT NULL,
  body_ar     text NOT NULL,
  body_en     text NOT NULL,
  created_at  bigint NOT NULL,
  updated_at  bigint NOT NULL
);
CREATE INDEX response_templates_entity ON response_templates (entity, id);
