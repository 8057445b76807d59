-- 003: routing suggestions (docs/routing.md), as SQLite's 007. Each `tawasul routing train` adds
-- a row; every node uses the newest one (the highest id). `model` is the JSON of
-- domain::RoutingModel, `metrics` the training summary.
CREATE TABLE routing_models (
  id          bigserial PRIMARY KEY,
  trained_at  bigint NOT NULL,
  model       jsonb NOT NULL,
  metrics     jsonb NOT NULL
);
