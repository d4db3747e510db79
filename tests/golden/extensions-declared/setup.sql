-- what the platform installs before the first revision (60-golden-sql.t)
CREATE EXTENSION citext;
CREATE EXTENSION "uuid-ossp";
CREATE EXTENSION cube;
