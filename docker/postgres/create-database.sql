-- For the PostgreSQL image's first start (docker/compose.yaml): the app's database, owned by
-- the schema owner. docker/run-local.sh and the tests create it themselves when missing.
CREATE DATABASE bellwether OWNER bellwether_owner;
