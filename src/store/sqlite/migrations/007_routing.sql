-- 007: routing suggestions (docs/routing.md). Each `tawasul routing train` adds a row; every node
-- uses the newest one (the highest id), so all nodes suggest alike. `model` is the JSON of
-- domain::RoutingModel (it names its format and analyzer version), `metrics` the summary of the
-- training (examples, categories, held-out accuracy) as JSON.
CREATE TABLE routing_models (
  id          INTEGER PRIMARY KEY,
  trained_at  INTEGER NOT NULL,
  model       TEXT NOT NULL,
  metrics     TEXT NOT NULL
);
