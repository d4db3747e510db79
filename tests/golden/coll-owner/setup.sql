-- roles are the cluster's, made by the platform before the first revision
DO $$
DECLARE r text;
BEGIN
	FOREACH r IN ARRAY ARRAY['reader', 'writer', 'auditor', 'app_owner', 'other_owner'] LOOP
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
			EXECUTE format('CREATE ROLE %I', r);
		END IF;
	END LOOP;
END $$;
