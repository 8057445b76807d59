-- 009: response templates (issue 4, administration): ready-made replies per entity in both
-- languages, offered to the entity's staff on the case page and managed on /admin/templates.
CREATE TABLE response_templates (
  id          INTEGER PRIMARY KEY,
  entity      TEXT NOT NULL REFERENCES entities(code),
  title_ar    TEXT NOT NULL,
  title_en    TEXT NOT NULL,
  body_ar     TEXT NOT NULL,
  body_en     TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX response_templates_entity ON response_templates (entity, id);
