-- the roles the policies name, which the cluster has before the first
-- revision (60-golden-sql.t); roles are cluster-wide, so only when missing
DO $$ BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'Teller') THEN
		CREATE ROLE "Teller";
	END IF;
END $$;
